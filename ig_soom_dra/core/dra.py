"""Reader and writer of DRA files ("Digitale Reparaturakte"), layout version 1.

A DRA file is one XML document with the header, the order, the parties, the
vehicle and the embedded documents of one repair order placed by a claims
broker (``shared/dra/FORMAT.md`` describes the layout). :func:`parse_dra`
turns the bytes of such a file into a typed :class:`DraDocument`;
:func:`write_dra` turns a document back into bytes, so that
``parse_dra(write_dra(document)) == document``.

Decisions the callers rely on:

* Every problem with the input raises :class:`DraError` (a ``ValueError``)
  with a stable ``code`` and ``details``; nothing else escapes the reader.
* A document with a ``DOCTYPE`` or any entity declaration is refused before
  the XML parser sees it, so no entity is ever expanded or loaded. Elements
  nested deeper than :data:`MAX_DEPTH` levels are refused as soon as the
  parser reaches them; bytes that are not valid in the file's encoding are
  told apart from malformed XML.
* A root element without ``Version`` attribute is read as version "1.0" and
  a warning says so; any "1.x" is read with layout 1, other majors are
  refused.
* A root element ``DRA`` without the namespace of layout 1, or with another
  one, is read with layout 1 in its own namespace, with a warning, when its
  version is a "1.x" (or missing). A namespace of the DRA family
  (``urn:ksr:dra:…``) states the layout itself: an unknown one without a
  ``Version`` attribute is refused.
* Values that cannot be read (a date "31.02.2018", an amount "zwölf") become
  ``None`` and add a warning; a VIN that is not valid
  (:func:`~ig_soom_dra.core.matching.is_valid_vin`) and a negative deductible
  are kept as written and add a warning; parties with an unknown or a
  repeated role are left out with a warning. The file names of the
  attachments are made safe to store
  (:func:`~ig_soom_dra.core.files.safe_filename`); a changed name adds a
  warning. Warnings do not take part in comparisons; a document written and
  read again has none, except for the values kept as written.
* Date-times are naive local times (Europe/Berlin); ISO values with an
  offset are converted to that local time.

The mapping between XML and the dataclasses is declared once, in
``_LAYOUT_V1``; reader and writer both follow it. A future layout variant is
one more :class:`_Layout`.

This module must not import Odoo: it is used and tested without it.
"""

import base64
import binascii
import codecs
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from lxml import etree

from .files import safe_filename
from .matching import is_valid_vin
from .portal import LOCAL_TIMEZONE

__all__ = [
    "DEFAULT_MAX_SIZE",
    "LOCAL_TIMEZONE",
    "MAX_ATTACHMENTS",
    "MAX_ATTRIBUTES",
    "MAX_DEPTH",
    "MAX_ELEMENTS",
    "ROLES",
    "ROLE_LABELS",
    "DraAttachment",
    "DraDocument",
    "DraError",
    "DraHeader",
    "DraOrder",
    "DraParty",
    "DraService",
    "DraVehicle",
    "encoded_size",
    "parse_dra",
    "write_dra",
    "write_dra_chunks",
]

#: Largest file :func:`parse_dra` reads unless told otherwise (100 MiB).
DEFAULT_MAX_SIZE = 100 * 1024 * 1024

#: Deepest nesting of elements :func:`parse_dra` reads, the root being level
#: 1; layout 1 needs four levels.
MAX_DEPTH = 32
#: The most attributes an element may have (a DRA element has a handful):
#: libxml2 2.10 checks them against each other, in time growing with the
#: square of their number.
MAX_ATTRIBUTES = 32
#: The most elements a file may have (a DRA file of 500 attachments has a few
#: thousand); each one costs memory while the file is read.
MAX_ELEMENTS = 50_000
#: The most attachments a file may have; each one becomes a document.
MAX_ATTACHMENTS = 500

#: The party roles of layout 1 and their English labels, in the order the
#: import assistant lists them.
ROLE_LABELS = {
    "Absender": "Sender",
    "Kunde": "Customer",
    "Versicherung": "Insurer",
    "Schadenvermittler": "Claims Broker",
    "Gutachter": "Assessor",
    "Leasinggeber": "Lessor",
    "Fahrzeughalter": "Registered Keeper",
    "Fahrzeugfahrer": "Driver",
}
#: The party roles of layout 1, in the order the import assistant lists them.
ROLES = tuple(ROLE_LABELS)


class DraError(ValueError):
    """The data is not a DRA file this module can read (or write).

    ``code`` is a short stable identifier of the reason, for the caller to
    pick a translated message; ``details`` holds the values that message may
    need; ``str(error)`` is an English message. Codes and their details:

    ========================  ==============================================
    ``empty``                 no data, or only blanks
    ``not_xml``               not well-formed XML; ``line``, ``column``
                              (when known) and ``reason`` (libxml2's words)
    ``bad_encoding``          bytes that are not valid in the file's
                              encoding; ``encoding`` (the one of the byte
                              order mark, else the declared one, else
                              UTF-8), ``line`` and ``reason``
    ``truncated``             the data stops too early; ``line``, ``reason``
                              (when known)
    ``too_deep``              elements nested deeper than :data:`MAX_DEPTH`
                              levels; ``max_depth``
    ``too_complex``           an element with more attributes than
                              :data:`MAX_ATTRIBUTES`, more elements than
                              :data:`MAX_ELEMENTS` or more attachments than
                              :data:`MAX_ATTACHMENTS`; ``what``
                              (``attributes``, ``elements`` or
                              ``attachments``) and ``limit``
    ``dtd_forbidden``         a document type or entity declaration
    ``wrong_root``            the root element's local name is not ``DRA``;
                              ``root`` (the tag, with its namespace)
    ``unsupported_version``   a DRA layout version this module cannot read
                              (or write); ``version``
    ``missing_order``         no ``Auftrag`` element
    ``missing_order_number``  no ``AuftragsNr``
    ``invalid_base64``        the content of an attachment is not base64;
                              ``attachment`` (file name, or "#n") and
                              ``number`` (1-based position)
    ``too_large``             more bytes than allowed; ``size``, ``max_size``
    ========================  ==============================================
    """

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.code = code
        self.details = details or {}


# --------------------------------------------------------------------------
# Domain model
# --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class DraHeader:
    """Header ("Kopf"): when, by what and under which name the file was written."""

    created_at: datetime | None = None
    source: str | None = None
    filename: str | None = None


@dataclass(frozen=True, kw_only=True)
class DraService:
    """One extra service agreed for the order ("Leistung"), e.g. pick-up."""

    code: str | None = None
    text: str | None = None


@dataclass(frozen=True, kw_only=True)
class DraOrder:
    """The broker's order ("Auftrag")."""

    order_number: str
    soom_case_id: str | None = None
    order_kind: str | None = None
    damage_kind: str | None = None
    cover_type: str | None = None
    policy_number: str | None = None
    claim_number: str | None = None
    damage_date: date | None = None
    deductible: Decimal | None = None
    deductible_currency: str | None = None
    damage_description: str | None = None
    roadworthy: str | None = None
    courtesy_car_class: str | None = None
    vehicle_location: str | None = None
    placed_at: datetime | None = None
    driver_phone: str | None = None
    services: tuple[DraService, ...] = ()
    notes: str | None = None


@dataclass(frozen=True, kw_only=True)
class DraParty:
    """One party ("Beteiligter") of the order in the given role.

    ``name`` is kept as written: some producers put "Surname Firstname" into
    it and leave ``first_name`` empty. ``phones`` and ``faxes`` hold each
    number as written.
    """

    role: str
    name: str | None = None
    first_name: str | None = None
    street: str | None = None
    house_number: str | None = None
    zip: str | None = None
    city: str | None = None
    country: str = "DE"
    phones: tuple[str, ...] = ()
    phone_type: str | None = None
    faxes: tuple[str, ...] = ()
    email: str | None = None


@dataclass(frozen=True, kw_only=True)
class DraVehicle:
    """The damaged vehicle ("Fahrzeug")."""

    plate: str | None = None
    vin: str | None = None
    hsn: str | None = None
    tsn: str | None = None
    make: str | None = None
    model: str | None = None
    first_registration: date | None = None
    odometer: int | None = None
    color: str | None = None


@dataclass(frozen=True, kw_only=True)
class DraAttachment:
    """An embedded document ("Anhang") with its decoded content."""

    type: str | None = None
    filename: str | None = None
    mimetype: str | None = None
    description: str | None = None
    content: bytes = b""

    @property
    def size(self) -> int:
        """Size of the decoded content in bytes."""
        return len(self.content)


@dataclass(frozen=True, kw_only=True)
class DraDocument:
    """A whole DRA file.

    ``parties`` maps each role of :data:`ROLES` that the file gives (a party
    with a name) to its party, in the order of :data:`ROLES`. ``warnings``
    lists what the reader tolerated; it is left out of comparisons.
    """

    version: str = "1.0"
    header: DraHeader = field(default_factory=DraHeader)
    order: DraOrder
    parties: dict[str, DraParty] = field(default_factory=dict)
    vehicle: DraVehicle | None = None
    attachments: tuple[DraAttachment, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)


# --------------------------------------------------------------------------
# Value conversions (XML text <-> Python value)
# --------------------------------------------------------------------------

_Warn = Callable[[str], None]

# Windows programs that declare ISO-8859-1 often write windows-1252: read
# the C1 control characters, which text never contains, as what they mean
# in windows-1252 (0x80 is the euro sign).
_C1_AS_CP1252 = {
    code: bytes([code]).decode("cp1252")
    for code in range(0x80, 0xA0)
    if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}

_ISO_DATETIME = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,6}))?)?"
    r"(?P<offset>Z|(?P<sign>[+-])(?P<offset_hours>\d{2}):?(?P<offset_minutes>\d{2}))?)?"
)
_GERMAN_DATETIME = re.compile(
    r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})"
    r"(?:,?\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\s*Uhr)?)?"
)
_AMOUNT_PATTERN = re.compile(
    r"(?P<sign>[+-]?)"
    r"(?P<integer>\d{1,3}(?P<group>[.,])\d{3}(?:(?P=group)\d{3})*|\d+)"
    r"(?:(?P<decimal>[.,])(?P<fraction>\d+))?"
)
_CURRENCY_MARK = re.compile(r"€|EUR", re.IGNORECASE)
_ODOMETER_PATTERN = re.compile(r"\d{1,3}(?P<group>[.,])\d{3}(?:(?P=group)\d{3})*|\d+")
_BASE64_FOREIGN = re.compile(r"[^A-Za-z0-9+/=\t\n\r ]")
_BASE64_BLANKS = "\t\n\r "
_BASE64_CHARACTERS = (
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=" + _BASE64_BLANKS.encode()
)
# Characters checked at a time for a foreign one (the check copies them once).
_BASE64_SLICE = 1024 * 1024


def _normalise(text: str) -> str | None:
    """Return ``text`` on one line with single blanks, or None when blank."""
    return " ".join(text.translate(_C1_AS_CP1252).split()) or None


def _read_text(text: str, warn: _Warn) -> str | None:
    """Read a single-line text."""
    return _normalise(text)


def _read_lower(text: str, warn: _Warn) -> str | None:
    """Read a keyword such as "ja"/"nein", in lower case."""
    value = _normalise(text)
    return value.lower() if value else None


def _read_upper(text: str, warn: _Warn) -> str | None:
    """Read a code such as a country or currency, in upper case."""
    value = _normalise(text)
    return value.upper() if value else None


def _read_multiline(text: str, warn: _Warn) -> str | None:
    """Read a free text; line breaks stay, blanks within each line are collapsed."""
    lines = (" ".join(line.split()) for line in text.translate(_C1_AS_CP1252).splitlines())
    return "\n".join(lines).strip("\n") or None


def _read_house_number(text: str, warn: _Warn) -> str | None:
    """Read a house number without inner blanks ("12 a" -> "12a")."""
    return "".join(text.split()) or None


def _read_numbers(text: str, warn: _Warn) -> tuple[str, ...] | None:
    """Read one or more phone or fax numbers separated by ``;``."""
    numbers = tuple(filter(None, (_normalise(number) for number in text.split(";"))))
    return numbers or None


def _write_numbers(numbers: tuple[str, ...]) -> str:
    """Write phone or fax numbers separated by ``;``."""
    return ";".join(numbers)


def _parse_datetime(text: str) -> datetime | None:
    """Parse an ISO or German date or date-time; None when it is neither.

    Raises ``ValueError`` when the text has the shape of a date but is not
    one (e.g. "31.02.2018"). A value with an offset is converted to the
    naive local time.
    """
    match = _ISO_DATETIME.fullmatch(text) or _GERMAN_DATETIME.fullmatch(text)
    if not match:
        return None
    parts = match.groupdict()
    fraction = parts.get("fraction") or ""
    value = datetime(
        int(parts["year"]),
        int(parts["month"]),
        int(parts["day"]),
        int(parts["hour"] or 0),
        int(parts["minute"] or 0),
        int(parts["second"] or 0),
        int(fraction.ljust(6, "0")),
    )
    if parts.get("offset"):
        offset = timedelta(
            hours=int(parts["offset_hours"] or 0), minutes=int(parts["offset_minutes"] or 0)
        )
        zone = timezone(-offset if parts["sign"] == "-" else offset)
        value = value.replace(tzinfo=zone).astimezone(LOCAL_TIMEZONE).replace(tzinfo=None)
    return value


def _read_moment(text: str, warn: _Warn, what: str) -> datetime | None:
    """Read a date or date-time; an unreadable one is left empty with a warning."""
    value = _normalise(text)
    if value is None:
        return None
    try:
        result = _parse_datetime(value)
    except ValueError:
        result = None
    if result is None:
        warn(f"unreadable {what} {value!r}, left empty")
    return result


def _read_datetime(text: str, warn: _Warn) -> datetime | None:
    """Read a date-time; a date alone means midnight."""
    return _read_moment(text, warn, "date-time")


def _read_date(text: str, warn: _Warn) -> date | None:
    """Read a date; the time of a date-time is dropped."""
    result = _read_moment(text, warn, "date")
    return result.date() if result else None


def _read_amount(text: str, warn: _Warn) -> Decimal | None:
    """Read an amount: "300.00", "300,00", "300", "1.234,56", "1,234.56".

    A single separator followed by exactly three digits groups thousands
    ("1.234" is 1234).
    """
    value = _normalise(text)
    if value is None:
        return None
    match = _AMOUNT_PATTERN.fullmatch("".join(_CURRENCY_MARK.sub("", value).split()))
    if not match or (match["group"] and match["group"] == match["decimal"]):
        warn(f"unreadable amount {value!r}, left empty")
        return None
    integer = match["integer"].replace(match["group"] or " ", "")
    return Decimal(f"{match['sign']}{integer}.{match['fraction'] or ''}".rstrip("."))


def _read_deductible(text: str, warn: _Warn) -> Decimal | None:
    """Read the deductible, an amount; a negative one is kept, with a warning."""
    value = _read_amount(text, warn)
    if value is not None and value < 0:
        warn(f"negative amount {_normalise(text)!r}, kept as written")
    return value


def _write_amount(value: Decimal) -> str:
    """Write an amount with a decimal point, never misread as thousands."""
    text = format(value, "f")
    # "1.234" would read back as 1234: write "1.2340" instead.
    return f"{text}0" if len(text.partition(".")[2]) == 3 else text


def _read_odometer(text: str, warn: _Warn) -> int | None:
    """Read a kilometre reading: "45210", "45.210", "45 210 km"."""
    value = _normalise(text)
    if value is None:
        return None
    compact = "".join(value.split())
    if compact.lower().endswith("km"):
        compact = compact[:-2]
    match = _ODOMETER_PATTERN.fullmatch(compact)
    if not match:
        warn(f"unreadable kilometre reading {value!r}, left empty")
        return None
    return int(compact.replace(match["group"] or " ", ""))


def _read_vin(text: str, warn: _Warn) -> str | None:
    """Read a VIN without blanks, its ASCII letters in upper case; warn when
    it is not valid.

    Only ASCII letters change case, so that no other letter turns into
    valid ones ("ß" would become "SS"): a VIN kept as written is valid
    exactly when the one in the file is.
    """
    vin = "".join(char.upper() if char.isascii() else char for char in "".join(text.split()))
    if vin and not is_valid_vin(vin):
        warn(
            f"{vin!r} is not a valid VIN (17 characters, no I, O or Q); kept as written, "
            "no vehicle record is created from it"
        )
    return vin or None


class _InvalidBase64(ValueError):
    """Raised by the base64 reading; the reader turns it into a DraError."""


def _has_foreign_character(text: str) -> bool:
    """Whether ``text`` holds a character outside the base64 alphabet and blanks.

    Several times faster than a regular expression over tens of megabytes:
    the text is checked in slices, deleting the allowed bytes.
    """
    if not text.isascii():
        return True
    return any(
        text[start : start + _BASE64_SLICE].encode("ascii").translate(None, _BASE64_CHARACTERS)
        for start in range(0, len(text), _BASE64_SLICE)
    )


def _read_base64(text: str, warn: _Warn) -> bytes | None:
    """Decode base64 that may be wrapped over many lines.

    Works on the text as it is (no copy without the line breaks): blanks
    are skipped by the decoder, anything else outside the base64 alphabet
    is refused, and so is data after the padding.
    """
    if _has_foreign_character(text):
        foreign = _BASE64_FOREIGN.search(text)
        raise _InvalidBase64(f"character {foreign.group()!r} at offset {foreign.start()}")
    padding = text.find("=")
    if padding >= 0:
        tail = text[padding:]
        if tail.strip("=" + _BASE64_BLANKS) or tail.count("=") > 2:
            raise _InvalidBase64("data after the padding")
    try:
        content = binascii.a2b_base64(text)
    except binascii.Error as error:
        raise _InvalidBase64(str(error)) from error
    return content or None


def _write_base64(content: bytes) -> str:
    """Write base64 in lines of 76 characters, starting on a new line;
    empty content is not written."""
    return "\n" + base64.encodebytes(content).decode("ascii") if content else ""


@dataclass(frozen=True)
class _Kind:
    """How a value is read from XML text and written back to it.

    ``read(text, warn)`` returns None for a blank text and may call ``warn``
    with a message; ``write(value)`` returns the text of a value that is not
    None.
    """

    read: Callable[[str, _Warn], Any]
    write: Callable[[Any], str] = str


_TEXT = _Kind(_read_text)
_LOWER = _Kind(_read_lower)
_UPPER = _Kind(_read_upper)
_MULTILINE = _Kind(_read_multiline)
_HOUSE_NUMBER = _Kind(_read_house_number)
_NUMBERS = _Kind(_read_numbers, _write_numbers)
_DATE = _Kind(_read_date, date.isoformat)
_DATETIME = _Kind(_read_datetime, datetime.isoformat)
_AMOUNT = _Kind(_read_amount, _write_amount)
_DEDUCTIBLE = _Kind(_read_deductible, _write_amount)
_ODOMETER = _Kind(_read_odometer)
_VIN = _Kind(_read_vin)
_BASE64 = _Kind(_read_base64, _write_base64)


# --------------------------------------------------------------------------
# Layout: where each field of the model is in the XML
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Value:
    """One model field stored in the text or an attribute of an element.

    ``element`` is the child element of the section that holds the value;
    None means the section element itself. ``attribute`` names the XML
    attribute that holds the value; None means the element's text. An
    attribute of a child element is read only when that child has a text,
    and written only onto a child that an earlier value of the section
    created (e.g. ``Waehrung`` of ``Selbstbeteiligung``).
    """

    name: str
    element: str | None = None
    attribute: str | None = None
    kind: _Kind = _TEXT


@dataclass(frozen=True)
class _Section:
    """An element whose values make up one model object.

    ``finish(values, warn)`` completes the values read (defaults, values
    that depend on each other) before the object is built.
    """

    element: str
    model: type
    values: tuple["_Value | _Items", ...]
    finish: Callable[[dict[str, Any], _Warn], None] | None = None


@dataclass(frozen=True)
class _Items:
    """A model field holding a tuple of objects, each one ``section`` element
    inside the ``container`` child element."""

    name: str
    container: str
    section: _Section


@dataclass(frozen=True)
class _Layout:
    """Everything that differs between layout versions.

    A file is read with the layout whose ``root`` is the local name of its
    root element and whose ``namespace`` is the root's; when no layout has
    that namespace, with the one whose ``major`` matches the major of its
    version, in the file's namespace (``""``: none).
    """

    namespace: str
    root: str
    version_attribute: str
    major: str
    default_version: str
    header: _Section
    order: _Section
    parties: _Items
    vehicle: _Section
    attachments: _Items

    def tag(self, name: str) -> str:
        """Return the qualified tag of the element ``name`` in this layout."""
        return f"{{{self.namespace}}}{name}" if self.namespace else name


def _label(spec: _Value) -> str:
    """Return where a value is, relative to its section, for warnings."""
    parts = [spec.element or "", f"@{spec.attribute}" if spec.attribute else ""]
    return "/".join(filter(None, parts)) or "text()"


# "Straße 12", "Str. 99", "Hauptstr. 13/1", "Am Markt 12 a", "Weg 12-14":
# a trailing number, an optional letter and an optional second number. Only
# the number is matched (anchored at the end): a pattern that also matched the
# street before it would backtrack in quadratic time on long texts.
_TRAILING_HOUSE_NUMBER = re.compile(
    r"\s+(?P<number>\d+(?:\s?[a-zA-Z])?(?:\s?[-/]\s?\d+(?:\s?[a-zA-Z])?)?)\Z"
)
_LETTER = re.compile(r"[^\W\d_]")


def _finish_order(values: dict[str, Any], warn: _Warn) -> None:
    """Default the currency to EUR when a deductible is given; drop empty services."""
    if values.get("deductible") is None:
        values["deductible_currency"] = None
    elif not values.get("deductible_currency"):
        values["deductible_currency"] = "EUR"
    values["services"] = tuple(
        service for service in values.get("services", ()) if service.code or service.text
    )


def _finish_party(values: dict[str, Any], warn: _Warn) -> None:
    """Default the country, split a house number off the street, match the role."""
    street = values.get("street")
    if street and not values.get("house_number"):
        match = _TRAILING_HOUSE_NUMBER.search(street)
        if match and _LETTER.search(street, 0, match.start()):
            values["street"] = street[: match.start()]
            values["house_number"] = "".join(match["number"].split())
    values["country"] = values.get("country") or "DE"
    if not values.get("phones"):
        values["phone_type"] = None
    role = values.get("role")
    if role:
        values["role"] = next((known for known in ROLES if known.lower() == role.lower()), role)


def _finish_attachment(values: dict[str, Any], warn: _Warn) -> None:
    """Make the file name safe to store; an attachment without content keeps
    empty content. Both are reported."""
    name = values.get("filename")
    if name is not None:
        values["filename"] = safe_filename(name)
        if values["filename"] is None:
            warn(f"unusable file name {name!r} left empty")
        elif values["filename"] != name:
            warn(f"file name {name!r} changed to {values['filename']!r}")
    if values.get("content") is None:
        values["content"] = b""
        warn("no content")


_LAYOUT_V1 = _Layout(
    namespace="urn:ksr:dra:1",
    root="DRA",
    version_attribute="Version",
    major="1",
    default_version="1.0",
    header=_Section(
        "Kopf",
        DraHeader,
        (
            _Value("created_at", "ErstelltAm", kind=_DATETIME),
            _Value("source", "Quelle"),
            _Value("filename", "Dateiname"),
        ),
    ),
    order=_Section(
        "Auftrag",
        DraOrder,
        (
            _Value("order_number", "AuftragsNr"),
            _Value("soom_case_id", "SoomFallId"),
            _Value("order_kind", "Auftragsart"),
            _Value("damage_kind", "Schadenart"),
            _Value("cover_type", "Versicherungsart"),
            _Value("policy_number", "PolicenNr"),
            _Value("claim_number", "SchadenNr"),
            _Value("damage_date", "Schadentag", kind=_DATE),
            _Value("deductible", "Selbstbeteiligung", kind=_DEDUCTIBLE),
            _Value("deductible_currency", "Selbstbeteiligung", "Waehrung", kind=_UPPER),
            _Value("damage_description", "Schadenbeschreibung", kind=_MULTILINE),
            _Value("roadworthy", "Fahrbereit", kind=_LOWER),
            _Value("courtesy_car_class", "Leihfahrzeugtyp"),
            _Value("vehicle_location", "Fahrzeugstandort"),
            _Value("placed_at", "VermitteltAm", kind=_DATETIME),
            _Value("driver_phone", "TelefonFahrer"),
            _Items(
                "services",
                "Leistungen",
                _Section(
                    "Leistung",
                    DraService,
                    (_Value("code", attribute="Code"), _Value("text")),
                ),
            ),
            _Value("notes", "Hinweise", kind=_MULTILINE),
        ),
        finish=_finish_order,
    ),
    parties=_Items(
        "parties",
        "Beteiligte",
        _Section(
            "Beteiligter",
            DraParty,
            (
                _Value("role", attribute="Rolle"),
                _Value("name", "Name"),
                _Value("first_name", "Vorname"),
                _Value("street", "Strasse"),
                _Value("house_number", "Hausnummer", kind=_HOUSE_NUMBER),
                _Value("zip", "PLZ"),
                _Value("city", "Ort"),
                _Value("country", "Land", kind=_UPPER),
                _Value("phones", "Telefon", kind=_NUMBERS),
                _Value("phone_type", "Telefon", "Typ"),
                _Value("faxes", "Fax", kind=_NUMBERS),
                _Value("email", "EMail"),
            ),
            finish=_finish_party,
        ),
    ),
    vehicle=_Section(
        "Fahrzeug",
        DraVehicle,
        (
            _Value("plate", "Kennzeichen"),
            _Value("vin", "FahrgestellNr", kind=_VIN),
            _Value("hsn", "HSN"),
            _Value("tsn", "TSN", kind=_UPPER),
            _Value("make", "Hersteller"),
            _Value("model", "Modell"),
            _Value("first_registration", "Erstzulassung", kind=_DATE),
            _Value("odometer", "Kilometerstand", kind=_ODOMETER),
            _Value("color", "Farbe"),
        ),
    ),
    attachments=_Items(
        "attachments",
        "Anhaenge",
        _Section(
            "Anhang",
            DraAttachment,
            (
                _Value("type", attribute="Typ"),
                _Value("filename", attribute="Dateiname"),
                _Value("mimetype", attribute="MimeType", kind=_LOWER),
                _Value("description", "Beschreibung", kind=_MULTILINE),
                _Value("content", "Inhalt", kind=_BASE64),
            ),
            finish=_finish_attachment,
        ),
    ),
)

_LAYOUTS = (_LAYOUT_V1,)
# Namespaces of all DRA layouts start so; an unknown one is a newer layout.
_NAMESPACE_FAMILY = "urn:ksr:dra:"

_VERSION = re.compile(r"(?P<major>\d+)(?:\.\d+)*")


# --------------------------------------------------------------------------
# Reader
# --------------------------------------------------------------------------

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    # Text nodes of tens of megabytes (base64). This also lifts libxml2's own
    # depth limit from 256 levels (to 2048 in recent versions, to none at all
    # in older ones such as 2.10): the reader checks MAX_DEPTH itself.
    "huge_tree": True,
    "remove_comments": True,
    "remove_pis": True,
}
# Bytes handed to the XML parser at a time: keeps its input buffer small,
# and the elements it builds before the reader sees them few.
_CHUNK_SIZE = 16 * 1024

# Byte order marks and first bytes of the encodings that are not
# ASCII-compatible; such files are converted to UTF-8 before reading.
_WIDE_ENCODINGS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
    (b"<\0\0\0", "UTF-32LE"),
    (b"\0\0\0<", "UTF-32BE"),
    (b"<\0", "UTF-16LE"),
    (b"\0<", "UTF-16BE"),
)
# What may come before the root element, apart from a document type
# declaration: blanks, the XML declaration, processing instructions, comments.
_PROLOG_ITEM = re.compile(rb"[ \t\r\n]+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_ROOT_START = re.compile(rb"<[A-Za-z_:\x80-\xff]")
_DECLARED_ENCODING = re.compile(
    rb"<\?xml\s[^?>]*?encoding\s*=\s*[\"']([A-Za-z][A-Za-z0-9._-]*)[\"']"
)
# An "&" that does not start a predefined entity or a character reference.
_BAD_REFERENCE = re.compile(rb"&(?!(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)[^\s<&]{0,20}")
# What libxml2 says about bytes that are not valid in the document's encoding.
_ENCODING_MESSAGES = re.compile(
    r"not proper UTF-8|Unsupported encoding|labelled \S+ but has|conversion failed"
    r"|Invalid bytes in character encoding",
    re.IGNORECASE,
)


def _scan_prolog(data: bytes) -> None:
    """Check what comes before the root element, before any XML parsing.

    Refuses every document type declaration (and with it every entity
    declaration), so the parser never sees one; recognises empty and
    truncated data and data that does not start like XML.
    """
    position = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    markup = False
    while match := _PROLOG_ITEM.match(data, position):
        markup = markup or not match.group().isspace()
        position = match.end()
    rest = data[position : position + 16]
    if not rest:
        if markup:
            raise DraError("truncated", "The file ends before its root element.")
        raise DraError("empty", "The file is empty.")
    if (
        rest.startswith((b"<?", b"<!--"))
        or b"<!--".startswith(rest)
        or codecs.BOM_UTF8.startswith(rest)
    ):
        raise DraError("truncated", "The file ends inside its XML prolog.")
    if rest.startswith(b"<!"):
        raise DraError(
            "dtd_forbidden",
            "The file contains a document type or entity declaration, which DRA files "
            "must not contain.",
        )
    if not _ROOT_START.match(rest):
        raise DraError("not_xml", "The file is not an XML document.", {"line": 1})


def _bad_encoding(encoding: str, line: int, reason: str) -> DraError:
    """Return the error for bytes that are not valid in ``encoding``."""
    return DraError(
        "bad_encoding",
        f"The file is not valid {encoding} (line {line}): {reason}.",
        {"encoding": encoding, "line": line, "reason": reason},
    )


def _as_ascii_compatible(data: bytes) -> tuple[bytes, str | None]:
    """Return the data in an ASCII-compatible encoding, and the wide encoding
    (UTF-16, UTF-32) they were converted from to UTF-8; None: not converted."""
    for mark, encoding in _WIDE_ENCODINGS:
        if data.startswith(mark):
            try:
                return data.decode(encoding).encode("utf-8"), encoding
            except UnicodeDecodeError as error:
                line = data[: error.start].decode(encoding).count("\n") + 1
                reason = f"{error.reason} at byte {error.start}"
                raise _bad_encoding(encoding, line, reason) from error
    return data, None


def _file_encoding(data: bytes) -> str:
    """Return the encoding of ASCII-compatible data: UTF-8 with its byte
    order mark, else the declared one, else UTF-8 (the default of XML)."""
    if not data.startswith(codecs.BOM_UTF8):
        declared = _DECLARED_ENCODING.match(data)
        if declared:
            return declared[1].decode("ascii")
    return "UTF-8"


def _first_undecodable(data: bytes, encoding: str) -> tuple[int, str] | None:
    """Return the line and a description of the first bytes of ``data`` that
    are not valid in ``encoding``.

    None when all are (bytes cut off at the very end count as valid: that is
    data that stops too early) or when Python does not know the encoding.
    The data are decoded piece by piece, never as a whole.
    """
    try:
        b"".decode(encoding)  # LookupError for non-text encodings
        decoder = codecs.getincrementaldecoder(encoding)()  # and for unknown ones
    except LookupError:
        return None
    for start in range(0, len(data), _CHUNK_SIZE):
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(data[start : start + _CHUNK_SIZE])
        except UnicodeDecodeError as error:
            offset = start - pending + error.start
            line = data.count(b"\n", 0, offset) + 1
            return line, f"byte 0x{data[offset]:02X}: {error.reason}"
        except UnicodeError as error:  # e.g. UTF-16 that starts without a byte order mark
            return data.count(b"\n", 0, start) + 1, str(error)
    return None


def _reason(error: etree.XMLSyntaxError) -> str:
    """Return libxml2's words for an error, on one line, without the position."""
    return " ".join(error.msg.split(", line ")[0].split())


def _too_deep() -> DraError:
    """Return the error for elements nested deeper than MAX_DEPTH levels."""
    return DraError(
        "too_deep",
        f"The file nests its elements more than {MAX_DEPTH} levels deep.",
        {"max_depth": MAX_DEPTH},
    )


def _syntax_error(error: etree.XMLSyntaxError) -> DraError:
    """Turn an error the parser found inside the data into a DraError."""
    line, column = error.position
    reason = _reason(error)
    return DraError(
        "not_xml",
        f"The file is not well-formed XML (line {line}, column {column}): {reason}.",
        {"line": line, "column": column, "reason": reason},
    )


def _end_error(data: bytes, error: etree.XMLSyntaxError) -> DraError:
    """Turn an error the parser found at the end of the data into a DraError.

    The parser reports a reference to an undefined entity only at the end
    (no entity is defined in a DRA file): such data is malformed. Anything
    else found only at the end is data that stops too early.
    """
    reference = _BAD_REFERENCE.search(data)
    if reference:
        line = data.count(b"\n", 0, reference.start()) + 1
        reason = (
            f"undefined or malformed entity reference at {reference.group().decode('latin-1')!r}"
        )
        return DraError(
            "not_xml",
            f"The file is not well-formed XML (line {line}): {reason}.",
            {"line": line, "reason": reason},
        )
    line = error.position[0]
    reason = _reason(error)
    return DraError(
        "truncated",
        f"The file ends too early (line {line}): {reason}.",
        {"line": line, "reason": reason},
    )


# A start tag and one attribute in it (values quoted, as XML requires).
_START_TAG = re.compile(rb"""<[^\s/>!?][^\s/>]*(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?>""")
_ATTRIBUTE = re.compile(rb"""\s[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*')""")
# Ends of the markup that may hold a "<" of their own.
_MARKUP_ENDS = {b"<!--": b"-->", b"<![CDATA[": b"]]>", b"<?": b"?>"}


def _too_complex(what: str, limit: int) -> DraError:
    """Return the error for markup beyond one of the reader's limits."""
    return DraError(
        "too_complex",
        f"The file has more {what} than the {limit} allowed (per element for attributes).",
        {"what": what, "limit": limit},
    )


class _MarkupScanner:
    """Refuses, ahead of the XML parser, markup that would cost the parser far
    more than its size: an element with too many attributes, or too many
    elements.

    Jumps from one "<" to the next (the base64 text of the attachments holds
    none), skipping comments, CDATA sections and processing instructions;
    reads each start tag with its quoted attribute values, so that a ">"
    inside a value does not end it. A tag that cannot be read so is left to
    the parser, which refuses malformed XML. The reader advances it chunk by
    chunk, before it feeds the chunk to the parser.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.position = data.find(b"<")
        self.tags = 0

    def advance(self, until: int) -> None:
        """Check every tag that starts before ``until``."""
        data = self.data
        while 0 <= self.position < until:
            self.tags += 1
            if self.tags > 2 * MAX_ELEMENTS + 1:
                raise _too_complex("elements", MAX_ELEMENTS)
            position = self.position
            end = next(
                (
                    data.find(close, position + len(start))
                    for start, close in _MARKUP_ENDS.items()
                    if data.startswith(start, position)
                ),
                None,
            )
            if end is None:
                tag = _START_TAG.match(data, position)
                if tag and len(_ATTRIBUTE.findall(tag.group())) > MAX_ATTRIBUTES:
                    raise _too_complex("attributes", MAX_ATTRIBUTES)
                end = tag.end() if tag else position + 1
            self.position = data.find(b"<", end) if end >= 0 else -1


class _Reader:
    """Reads one DRA document; collects the warnings on the way."""

    def __init__(self) -> None:
        self.layout: _Layout | None = None
        self.version: str | None = None
        self.encoding = "UTF-8"
        self.converted = False
        self.depth = 0
        self.elements = 0
        self.attachments: list[DraAttachment] = []
        self.warnings: list[str] = []

    # -- XML ---------------------------------------------------------------

    def parse(self, data: bytes) -> DraDocument:
        """Parse the data and map it onto a :class:`DraDocument`."""
        data, wide = _as_ascii_compatible(data)
        _scan_prolog(data)
        markup = _MarkupScanner(data)
        self.encoding = wide or _file_encoding(data)
        self.converted = wide is not None
        parser = etree.XMLPullParser(
            events=("start", "end"), encoding="UTF-8" if wide else None, **_PARSER_OPTIONS
        )
        try:
            for start in range(0, len(data), _CHUNK_SIZE):
                markup.advance(start + _CHUNK_SIZE)
                parser.feed(data[start : start + _CHUNK_SIZE])
                self._handle_events(parser)
        except etree.XMLSyntaxError as error:
            raise self._parser_error(data, error, at_end=False) from error
        try:
            root = parser.close()
        except etree.XMLSyntaxError as error:
            raise self._parser_error(data, error, at_end=True) from error
        self._handle_events(parser)
        # Second line of defence: the prolog scan refuses these already.
        docinfo = root.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
            raise DraError("dtd_forbidden", "The file contains a document type declaration.")
        return self._document(root)

    def _parser_error(self, data: bytes, error: etree.XMLSyntaxError, *, at_end: bool) -> DraError:
        """Turn an error of the XML parser into a DraError.

        Bytes that are not valid in the file's encoding are told apart from
        malformed XML by libxml2's words or, as libxml2 may just stop at
        them, by decoding the data: an invalid byte on the line of the error
        or before it is the cause (data converted from a wide encoding are
        valid UTF-8).
        """
        reason = _reason(error)
        if reason.startswith("Excessive depth"):
            return _too_deep()
        line = error.position[0]
        undecodable = None if self.converted else _first_undecodable(data, self.encoding)
        if _ENCODING_MESSAGES.search(reason):
            # libxml2 2.14 reports where its conversion began, not the byte: ours is exact
            return _bad_encoding(self.encoding, *(undecodable or (line, reason)))
        if undecodable is not None and undecodable[0] <= line:
            return _bad_encoding(self.encoding, *undecodable)
        return _end_error(data, error) if at_end else _syntax_error(error)

    def _handle_events(self, parser: etree.XMLPullParser) -> None:
        """Check the root as soon as it starts and the depth of every element;
        read each attachment as soon as it ends and drop its XML, so that only
        one base64 text at a time is held twice in memory."""
        for event, element in parser.read_events():
            if event == "start":
                self.depth += 1
                if self.depth > MAX_DEPTH:
                    raise _too_deep()
                self.elements += 1
                if self.elements > MAX_ELEMENTS:
                    raise _too_complex("elements", MAX_ELEMENTS)
                if self.layout is None:
                    self._select_layout(element)
                continue
            self.depth -= 1
            if self._is_attachment(element):
                if len(self.attachments) == MAX_ATTACHMENTS:
                    raise _too_complex("attachments", MAX_ATTACHMENTS)
                self.attachments.append(self._attachment(element, len(self.attachments) + 1))
                element.clear()

    def _select_layout(self, root: etree._Element) -> None:
        """Pick the layout for the root element, or refuse the file.

        The root's local name picks the layouts and its namespace one of
        them. A root in no namespace or in another one is read, with a
        warning, with the layout of its version, in its own namespace; but
        an unknown namespace of the DRA family states a newer layout, which
        only a version attribute of a known layout overrides.
        """
        qname = etree.QName(root)
        namespace = qname.namespace or ""
        layouts = [known for known in _LAYOUTS if known.root == qname.localname]
        if not layouts:
            where = f" (namespace {namespace})" if namespace else ""
            roots = " or ".join(sorted({known.root for known in _LAYOUTS}))
            raise DraError(
                "wrong_root",
                f"The root element is {qname.localname}{where}, not {roots}.",
                {"root": root.tag},
            )
        layout = next((known for known in layouts if known.namespace == namespace), None)
        foreign = layout is None
        layout = layout or layouts[0]
        version = _normalise(root.get(layout.version_attribute) or "")
        if version is None:
            if foreign and namespace.startswith(_NAMESPACE_FAMILY):
                supported = ", ".join(known.namespace for known in layouts)
                raise DraError(
                    "unsupported_version",
                    f"DRA layout {namespace} is not supported (only {supported}).",
                    {"version": namespace},
                )
            version = layout.default_version
            self.warnings.append(
                f"{layout.root}: no {layout.version_attribute} attribute, read as {version}."
            )
        match = _VERSION.fullmatch(version)
        if foreign and match:
            layout = next((known for known in layouts if known.major == match["major"]), layout)
        if not match or match["major"] != layout.major:
            raise DraError(
                "unsupported_version",
                f"DRA version {version} is not supported (only {layout.major}.x).",
                {"version": version},
            )
        if foreign:
            problem = f"unexpected namespace {namespace!r}" if namespace else "no namespace"
            self.warnings.append(
                f"{layout.root}: {problem}, read as layout {layout.major} ({layout.namespace})."
            )
            layout = replace(layout, namespace=namespace)
        self.layout = layout
        self.version = version

    def _is_attachment(self, element: etree._Element) -> bool:
        """Whether ``element`` is an attachment directly under the root's container."""
        items = self.layout.attachments
        parent = element.getparent()
        return (
            element.tag == self.layout.tag(items.section.element)
            and parent is not None
            and parent.tag == self.layout.tag(items.container)
            and parent.getparent() is not None
            and parent.getparent().getparent() is None
        )

    # -- mapping -----------------------------------------------------------

    def _warner(self, path: str) -> _Warn:
        """Return a function that records a warning about ``path``."""
        return lambda message: self.warnings.append(f"{path}: {message}")

    def _read(
        self, element: etree._Element, section: _Section, path: str, values: dict[str, Any]
    ) -> dict[str, Any]:
        """Read the values of ``section`` from ``element`` into ``values``.

        ``values`` is filled as the reading goes, so that a caller that gets
        an exception still sees what was read before.
        """
        for spec in section.values:
            if isinstance(spec, _Items):
                values[spec.name] = tuple(
                    spec.section.model(
                        **self._read(item, spec.section, f"{path}/{spec.section.element}", {})
                    )
                    for item in self._items(element, spec)
                )
                continue
            holder = element
            if spec.element is not None:
                holder = element.find(self.layout.tag(spec.element))
                if holder is None:
                    continue
            if spec.attribute is None:
                text = holder.text
            elif holder is element or (holder.text or "").strip():
                text = holder.get(spec.attribute)
            else:
                text = None
            if text is not None:
                value = spec.kind.read(text, self._warner(f"{path}/{_label(spec)}"))
                if value is not None:
                    values[spec.name] = value
        if section.finish:
            section.finish(values, self._warner(path))
        return values

    def _items(self, element: etree._Element, items: _Items) -> list[etree._Element]:
        """Return the item elements of ``items`` inside ``element``."""
        container = element.find(self.layout.tag(items.container))
        if container is None:
            return []
        return container.findall(self.layout.tag(items.section.element))

    def _attachment(self, element: etree._Element, number: int) -> DraAttachment:
        """Read one attachment; invalid base64 refuses the whole file."""
        section = self.layout.attachments.section
        values: dict[str, Any] = {}
        try:
            self._read(element, section, f"{section.element}[{number}]", values)
        except _InvalidBase64 as error:
            name = values.get("filename") or f"#{number}"
            raise DraError(
                "invalid_base64",
                f"The content of attachment {name} is not valid base64: {error}.",
                {"attachment": name, "number": number},
            ) from error
        return DraAttachment(**values)

    def _document(self, root: etree._Element) -> DraDocument:
        """Map the parsed tree onto a document."""
        layout = self.layout
        header = self._section(root, layout.header)
        order = self._section(root, layout.order)
        if order is None:
            raise DraError(
                "missing_order", f"The file has no order (element {layout.order.element})."
            )
        if not order.get("order_number"):
            raise DraError("missing_order_number", "The order has no order number.")
        vehicle = self._section(root, layout.vehicle)
        return DraDocument(
            version=self.version,
            header=DraHeader(**header or {}),
            order=DraOrder(**order),
            parties=self._parties(root),
            vehicle=DraVehicle(**vehicle) if vehicle else None,
            attachments=tuple(self.attachments),
            warnings=tuple(self.warnings),
        )

    def _section(self, root: etree._Element, section: _Section) -> dict[str, Any] | None:
        """Read the values of a section under the root; None when it is absent."""
        element = root.find(self.layout.tag(section.element))
        if element is None:
            return None
        return self._read(element, section, section.element, {})

    def _parties(self, root: etree._Element) -> dict[str, DraParty]:
        """Read the parties that are given, one per known role, in role order."""
        items = self.layout.parties
        found: dict[str, DraParty] = {}
        for number, element in enumerate(self._items(root, items), start=1):
            values = self._read(element, items.section, f"{items.section.element}[{number}]", {})
            role = values.get("role")
            if not values.get("name"):
                continue
            if role not in ROLES:
                self.warnings.append(
                    f"{items.section.element}[{number}]: party {values['name']!r} "
                    f"with unknown role {role!r} ignored."
                )
            elif role in found:
                self.warnings.append(
                    f"{items.section.element}[{number}]: second party in role {role} ignored."
                )
            else:
                found[role] = DraParty(**values)
        return {role: found[role] for role in ROLES if role in found}


def parse_dra(data: bytes, *, max_size: int = DEFAULT_MAX_SIZE) -> DraDocument:
    """Read a DRA file.

    :param data: the file's bytes, in any encoding the XML declaration names
        (UTF-8, ISO-8859-1, windows-1252; with or without a byte order mark).
    :param max_size: largest accepted size in bytes.
    :raises DraError: when the data is not a DRA file that can be read; see
        the module documentation for the codes.
    """
    if len(data) > max_size:
        raise DraError(
            "too_large",
            f"The file has {len(data)} bytes, more than the {max_size} allowed.",
            {"size": len(data), "max_size": max_size},
        )
    return _Reader().parse(data)


# --------------------------------------------------------------------------
# Writer
# --------------------------------------------------------------------------


def _write(section: _Section, obj: Any, layout: _Layout) -> etree._Element | None:
    """Return the element of ``section`` holding ``obj``; None when it is empty."""
    element = etree.Element(layout.tag(section.element))
    for spec in section.values:
        value = getattr(obj, spec.name)
        if isinstance(spec, _Items):
            container = _write_items(spec, value, layout)
            if container is not None:
                element.append(container)
            continue
        text = None if value is None else spec.kind.write(value)
        if not text:
            continue
        if spec.element is None:
            holder = element
        elif spec.attribute is None:
            holder = etree.SubElement(element, layout.tag(spec.element))
        else:
            holder = element.find(layout.tag(spec.element))
            if holder is None:
                continue
        if spec.attribute is None:
            holder.text = text
        else:
            holder.set(spec.attribute, text)
    if len(element) or element.text or element.attrib:
        return element
    return None


def _write_items(items: _Items, objects: Any, layout: _Layout) -> etree._Element | None:
    """Return the container element of ``objects``; None when there is none."""
    container = etree.Element(layout.tag(items.container))
    for obj in objects:
        element = _write(items.section, obj, layout)
        if element is not None:
            container.append(element)
    return container if len(container) else None


def _check_writable(document: DraDocument, encoding: str) -> _Layout:
    """Return the layout to write ``document`` with; refuse what cannot be written."""
    if "<?xml\n".encode(encoding, "replace") != b"<?xml\n":
        raise ValueError(f"Encoding {encoding} is not ASCII-compatible.")
    layout = _LAYOUT_V1
    match = _VERSION.fullmatch(document.version or "")
    if not match or match["major"] != layout.major:
        raise DraError(
            "unsupported_version",
            f"DRA version {document.version} cannot be written (only {layout.major}.x).",
            {"version": document.version},
        )
    if not document.order.order_number:
        raise DraError("missing_order_number", "The order has no order number.")
    return layout


def _root(document: DraDocument, layout: _Layout, attachments: etree._Element | None):
    """Return the root element of ``document``, with ``attachments`` as its container."""
    root = etree.Element(layout.tag(layout.root), nsmap={None: layout.namespace})
    root.set(layout.version_attribute, document.version)
    parties = [document.parties[role] for role in ROLES if role in document.parties]
    for element in (
        _write(layout.header, document.header, layout),
        _write(layout.order, document.order, layout),
        _write_items(layout.parties, parties, layout),
        _write(layout.vehicle, document.vehicle, layout) if document.vehicle is not None else None,
        attachments,
    ):
        if element is not None:
            root.append(element)
    etree.indent(root, space="  ")
    return root


def write_dra(
    document: DraDocument, *, encoding: str = "UTF-8", bom: bool = False, crlf: bool = False
) -> bytes:
    """Write a document as a DRA file (layout 1, pretty-printed, ISO values).

    :param encoding: the file's encoding; must be ASCII-compatible (UTF-8,
        ISO-8859-1, windows-1252, ...). Characters it cannot represent are
        written as character references.
    :param bom: start the file with a UTF-8 byte order mark (UTF-8 only).
    :param crlf: end lines with CR LF, as Windows programs do.
    :raises DraError: ``missing_order_number`` when the order has no number,
        ``unsupported_version`` when the version is not one of layout 1.
    :raises ValueError: for an encoding that is not ASCII-compatible, or a
        byte order mark with another encoding than UTF-8.
    """
    layout = _check_writable(document, encoding)
    if bom and codecs.lookup(encoding).name != "utf-8":
        raise ValueError("A byte order mark is written for UTF-8 only.")
    attachments = _write_items(layout.attachments, document.attachments, layout)
    root = _root(document, layout, attachments)
    xml = etree.tostring(root, xml_declaration=True, encoding=encoding) + b"\n"
    if crlf:
        xml = xml.replace(b"\n", b"\r\n")
    return codecs.BOM_UTF8 + xml if bom else xml


def encoded_size(size: int) -> int:
    """Bytes that the content of an attachment of ``size`` bytes takes in the
    file as the writer writes it: base64 in lines of 76 characters, after a
    line break (the XML around it not counted)."""
    if not size:
        return 0
    characters = (size + 2) // 3 * 4
    return 1 + characters + (characters + 75) // 76


# Bytes of content encoded at a time when attachments are written in pieces:
# whole lines of base64 (57 bytes make a line of 76 characters).
_CONTENT_SLICE = 57 * 16 * 1024
# Written for an attachment's content at first, then replaced by the content.
_CONTENT_MARK = "IG-SOOM-DRA-CONTENT"


def _content_pieces(content: bytes) -> Iterator[bytes]:
    """The base64 of ``content`` as :func:`_write_base64` writes it, slice by slice."""
    view = memoryview(content)
    yield b"\n"
    for start in range(0, len(view), _CONTENT_SLICE):
        yield base64.encodebytes(view[start : start + _CONTENT_SLICE])


def write_dra_chunks(
    document: DraDocument,
    attachments: Iterable[DraAttachment] | None = None,
    *,
    encoding: str = "UTF-8",
) -> Iterator[bytes]:
    """Write a document as :func:`write_dra` does, in pieces: the attachments
    one at a time, the content of each in slices.

    ``attachments`` (default: the document's own) may be any iterable, e.g. a
    generator that reads each document's content only when its turn comes:
    no more than one document is held at a time, and its base64 never as a
    whole. The pieces joined are the bytes of :func:`write_dra` of the
    document with these attachments (without byte order mark and CR LF).

    :raises DraError, ValueError: as :func:`write_dra`, before the first piece.
    """
    layout = _check_writable(document, encoding)
    if attachments is None:
        attachments = document.attachments
    container = layout.attachments.container
    # The rest of the document, with an empty container where the attachments go
    root = _root(document, layout, etree.Element(layout.tag(container)))
    xml = etree.tostring(root, xml_declaration=True, encoding=encoding) + b"\n"
    empty = f"<{container}/>".encode("ascii")
    position = xml.rindex(empty)
    # up to the container's indentation, and from its end on (the root's end)
    head, tail = xml[:position], xml[position + len(empty) :]
    # Each attachment is written in no namespace: inside the root, which
    # declares the layout's namespace as the default one, its text is in it.
    # Its content is written as a mark first, which the content then replaces.
    section = layout.attachments.section
    content = next(spec for spec in section.values if getattr(spec, "kind", None) is _BASE64)
    marked = replace(
        section,
        values=tuple(
            replace(spec, kind=_Kind(_read_base64, lambda value: _CONTENT_MARK if value else ""))
            if spec is content
            else spec
            for spec in section.values
        ),
    )
    mark = f"<{content.element}>{_CONTENT_MARK}</{content.element}>".encode("ascii")
    plain = replace(layout, namespace="")
    started = False
    for attachment in attachments:
        element = _write(marked, attachment, plain)
        if element is None:
            continue
        if not started:
            yield head + f"<{container}>".encode("ascii")
            started = True
        etree.indent(element, space="  ", level=2)
        xml = etree.tostring(element, encoding=encoding, xml_declaration=False)
        position = xml.rfind(mark)
        if position < 0:
            yield b"\n    " + xml
            continue
        opening = len(content.element) + 2
        yield b"\n    " + xml[: position + opening]
        yield from _content_pieces(getattr(attachment, content.name))
        yield xml[position + len(mark) - opening - 1 :]
    if started:
        yield f"\n  </{container}>".encode("ascii") + tail
    else:
        # no attachment: no container, as write_dra writes it
        yield head.rstrip(b" ")[:-1] + tail
