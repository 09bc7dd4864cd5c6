"""Match the parties of a DRA file to existing contacts without duplicates.

Pure functions over plain records: the addon reads the candidate contacts
from the database (an indexed query, see :func:`search_keys`), turns them
into :class:`Candidate` records and the party of the file into a
:class:`PartyData`, and asks this module for

* the address status of the takeover assistant (:func:`match_party`):
  green, orange, red or grey, by the three matching steps of the domain
  brief, with a field-by-field verdict (:func:`compare`);
* similar contacts ranked by score (:func:`rank_candidates`,
  :class:`CandidateIndex`), so that a typo or another spelling is offered
  instead of creating a duplicate contact.

Every comparison runs on normalised values: case, blanks, umlauts and
``ß``, accents, German legal forms and titles, street abbreviations
("Str." = "Straße" = "Strasse"), house numbers ("12 a" = "12a"), postcodes
("D-70178" = "70178") and phone numbers (one canonical digit form with the
country code: "0711 66490-0" = "+49 711 664900" = "490711664900").

The module imports nothing from Odoo: it runs, and is tested, without it.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

import phonenumbers
from rapidfuzz import fuzz, process

# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------


class Status(str, Enum):
    """Address status of one party in the takeover assistant."""

    GREEN = "green"
    """The address exists in the contacts (identical, or assigned by the user)."""
    ORANGE = "orange"
    """Contacts with the same name and postcode exist, but first name, street
    or house number differ: the user must check."""
    RED = "red"
    """No contact with that name and postcode."""
    GREY = "grey"
    """The file has no data for this party."""


@dataclass(frozen=True)
class PartyData:
    """One party of a DRA file, as the matcher needs it.

    ``name`` is the surname or the company name; some producers put
    "Surname Firstname" there and leave ``first_name`` empty. ``street`` may
    already contain the house number. ``phones`` and ``faxes`` hold the raw
    values of the file, each possibly with several numbers ("0711 1234;
    0176 5678"). ``role`` is the party's role in the file (``Kunde``,
    ``Versicherung``, ...), used by :func:`is_company`.
    """

    name: str | None
    first_name: str | None = None
    street: str | None = None
    house_number: str | None = None
    zip: str | None = None
    city: str | None = None
    country: str | None = "DE"
    phones: tuple[str, ...] = ()
    faxes: tuple[str, ...] = ()
    email: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Candidate:
    """An existing contact (``res.partner``) that the party may be.

    ``name`` is the contact's one name field ("Michaela Musterkunde",
    "Innovation Group AG"); ``street`` usually holds street and house number.
    ``phones`` holds the raw phone and mobile values, ``faxes`` the fax
    values. ``first_name`` is only given when the database keeps the first
    name apart (it may or may not also be part of ``name``); ``country`` is
    the ISO code of the contact's country, ``None`` for Germany. ``street2``
    (an addition such as "c/o" or "Hinterhaus") travels with the contact for
    display; the matching does not compare it.
    """

    id: int
    name: str | None
    street: str | None = None
    zip: str | None = None
    city: str | None = None
    phones: tuple[str, ...] = ()
    faxes: tuple[str, ...] = ()
    email: str | None = None
    is_company: bool = False
    street2: str | None = None
    first_name: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class FieldVerdict:
    """Comparison of one field of the party with the chosen contact.

    ``imported`` and ``existing`` are display values. ``equal`` is ``None``
    when both sides are empty, ``False`` when only one side has a value.
    """

    field: str
    imported: str | None
    existing: str | None
    equal: bool | None


@dataclass(frozen=True)
class MatchResult:
    """Outcome of :func:`match_party` for one party.

    ``candidate_id`` is the contact to propose: the identical one for green,
    the closest one with the same name and postcode for orange, ``None`` for
    red and grey. ``exact_ids`` lists every identical contact,
    ``same_name_ids`` every contact with the same name and postcode
    (identical ones included), best first. ``verdicts`` compares the party
    with ``candidate_id`` (with no contact for red; empty for grey).
    """

    status: Status
    candidate_id: int | None = None
    exact_ids: tuple[int, ...] = ()
    same_name_ids: tuple[int, ...] = ()
    verdicts: tuple[FieldVerdict, ...] = ()

    def verdict(self, field: str) -> FieldVerdict | None:
        """Return the verdict on ``field`` (``"street"``, ``"phone"``, ...)."""
        return next((verdict for verdict in self.verdicts if verdict.field == field), None)


@dataclass(frozen=True)
class ScoredCandidate:
    """A contact similar to the party, with its similarity score (0-100)."""

    candidate: Candidate
    score: float


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------

_FOLD_TABLE = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "ß": "ss",
        "β": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "oe",
        "ł": "l",
        "đ": "d",
        "ı": "i",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
    }
)
_APOSTROPHES = re.compile(r"['’‘`´]")
_WORD = re.compile(r"[^\W_]+")


def _clean(value: object) -> str:
    """Return ``value`` as a string with single inner blanks, ``""`` when empty.

    Odoo hands ``False`` for empty fields; any falsy value counts as empty.
    """
    return " ".join(str(value).split()) if value else ""


def _fold(text: str) -> str:
    """Fold case, umlauts, ``ß`` and accents: "Müller" -> "mueller", "José" -> "jose"."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD_TABLE)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalize_text(value: str | None) -> str:
    """Fold case, umlauts (ä -> ae), ``ß`` (-> ss), accents and blanks.

    Punctuation is kept: ``normalize_text("  Müller-Lüdenscheidt ")`` is
    ``"mueller-luedenscheidt"``.
    """
    return " ".join(_fold(_clean(value)).split())


# ---------------------------------------------------------------------------
# Names and legal forms
# ---------------------------------------------------------------------------

_LEGAL_FORM_SPELLINGS = {
    "gmbh": (
        "gmbh",
        "g m b h",
        "mbh",
        "gesmbh",
        "ges mbh",
        "gesellschaft mbh",
        "gesellschaft mit beschraenkter haftung",
    ),
    "ggmbh": ("ggmbh",),
    "ag": ("ag", "aktiengesellschaft"),
    "kg": ("kg", "kommanditgesellschaft"),
    "kgaa": ("kgaa", "kg aa", "kommanditgesellschaft auf aktien"),
    "ohg": ("ohg", "offene handelsgesellschaft"),
    "gbr": ("gbr", "gesellschaft buergerlichen rechts", "gesellschaft des buergerlichen rechts"),
    "ug": (
        "ug",
        "ug haftungsbeschraenkt",
        "unternehmergesellschaft",
        "unternehmergesellschaft haftungsbeschraenkt",
        "haftungsbeschraenkt",
    ),
    "se": ("se", "societas europaea"),
    "ek": (
        "ek",
        "e k",
        "ekfm",
        "e kfm",
        "ekfr",
        "e kfr",
        "eingetragener kaufmann",
        "eingetragene kauffrau",
    ),
    "ev": ("ev", "e v", "eingetragener verein"),
    "eg": ("eg", "e g", "eingetragene genossenschaft"),
    "vvag": ("vvag", "a g", "versicherungsverein auf gegenseitigkeit"),
    "partg": (
        "partg",
        "partg mbb",
        "partgmbb",
        "partnerschaftsgesellschaft",
        "partnerschaftsgesellschaft mbb",
    ),
    "co": ("co", "& co", "und co", "u co", "+ co", "& cie", "und cie", "cie"),
    "ltd": ("ltd", "limited"),
    "inc": ("inc",),
    "llc": ("llc",),
    "plc": ("plc",),
    "bv": ("bv", "b v"),
}
_TITLE_SPELLINGS = (
    "herr",
    "herrn",
    "frau",
    "hr",
    "fr",
    "dr",
    "prof",
    "dipl",
    "firma",
    "fa",
    "familie",
    "fam",
    "dr med",
    "dr med dent",
    "dr med vet",
    "dr rer nat",
    "dr phil",
    "dr jur",
    "dr ing",
    "dipl ing",
    "dipl kfm",
    "dipl kffr",
)
#: Token sequence -> (kind, canonical legal form); kinds: "legal", "title".
_AFFIXES: dict[tuple[str, ...], tuple[str, str]] = {
    **{tuple(spelling.split()): ("title", "") for spelling in _TITLE_SPELLINGS},
    **{
        tuple(spelling.split()): ("legal", label)
        for label, spellings in _LEGAL_FORM_SPELLINGS.items()
        for spelling in spellings
    },
}
_AFFIX_MAX_LENGTH = max(len(sequence) for sequence in _AFFIXES)
_CONNECTORS = frozenset({"&", "+", "und"})
_NAME_PIECE = re.compile(r"[^\W_]+|[&+]")

#: Words that make a name a company name: contained in a name token ...
_COMPANY_STEMS = (
    "versicherung",
    "assekuranz",
    "sparkasse",
    "leasing",
    "autohaus",
    "holding",
    "gesellschaft",
    "karosserie",
    "lackiererei",
    "werkstatt",
    "vermietung",
    "sachverstaendig",
    "gutachter",
    "ingenieurbuero",
    "kanzlei",
    "rechtsanwaelte",
    "autoservice",
    "automobile",
    "logistik",
    "spedition",
    "insurance",
    "mobility",
    "service",
    "finance",
    "verwaltung",
    "stadtwerke",
    "niederlassung",
)
#: ... or equal to a name token ...
_COMPANY_TOKENS = frozenset({"group", "gruppe", "kfz", "rent", "bank", "direkt"})
#: ... or ending one ("Volksbank").
_COMPANY_SUFFIXES = ("bank",)
#: Roles whose party is a company when it has no first name.
_COMPANY_ROLES = frozenset(
    {"versicherung", "schadenvermittler", "leasinggeber", "insurer", "broker", "lessor"}
)
#: Words frequent in company names; they weigh less in the similarity score.
_GENERIC_TOKENS = frozenset(
    {
        "versicherung",
        "versicherungen",
        "versicherungs",
        "autohaus",
        "group",
        "gruppe",
        "bank",
        "leasing",
        "service",
        "services",
        "holding",
        "gesellschaft",
        "deutschland",
        "international",
        "automobile",
        "autoservice",
        "kfz",
        "karosserie",
        "karosseriebau",
        "lackiererei",
        "werkstatt",
        "gutachter",
        "partner",
        "mobility",
        "insurance",
        "direkt",
    }
)
_GENERIC_WEIGHT = 0.3


@dataclass(frozen=True, slots=True)
class _Piece:
    """One token of a name with where it came from and what it is."""

    word: int
    text: str
    token: str
    kind: str
    label: str


def _name_pieces(value: str | None) -> list[_Piece]:
    """Split a name into pieces and classify them.

    Kinds: ``name`` (a real name token), ``legal`` (part of a legal form;
    the first piece of the form carries its canonical ``label``), ``title``
    (salutation or academic title) and ``connector`` ("&", "und").
    """
    if not value:
        return []
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", _clean(value)))
    raw = [
        (index, match.group())
        for index, word in enumerate(text.split())
        for match in _NAME_PIECE.finditer(word)
    ]
    tokens = [_fold(piece) for _index, piece in raw]
    kinds = ["name"] * len(raw)
    labels = [""] * len(raw)
    position = 0
    while position < len(tokens):
        for length in range(min(_AFFIX_MAX_LENGTH, len(tokens) - position), 0, -1):
            affix = _AFFIXES.get(tuple(tokens[position : position + length]))
            if affix:
                kinds[position : position + length] = [affix[0]] * length
                labels[position] = affix[1]
                position += length
                break
        else:
            if tokens[position] in _CONNECTORS:
                kinds[position] = "connector"
            position += 1
    return [
        _Piece(index, piece, token, kind, label)
        for (index, piece), token, kind, label in zip(raw, tokens, kinds, labels, strict=True)
    ]


def _core_tokens(pieces: list[_Piece]) -> list[str]:
    """Name tokens without legal forms, titles and connectors.

    A name made of nothing else ("AG", "Firma") keeps those tokens.
    """
    for kinds in (("name",), ("name", "title"), ("name", "title", "legal")):
        tokens = [piece.token for piece in pieces if piece.kind in kinds]
        if tokens:
            return tokens
    return []


def _legal_label(pieces: list[_Piece]) -> str:
    return " ".join(piece.label for piece in pieces if piece.label)


def normalize_name(value: str | None) -> str:
    """Normalise a person or company name, legal form canonical.

    Folds case, blanks, umlauts and accents, drops punctuation, titles and
    "&"/"und", and writes legal forms one way: "Innovation Group
    Aktiengesellschaft" and "INNOVATION GROUP AG" both give
    ``"innovation group ag"``; "Dr. Hans-Peter Müller" gives
    ``"hans peter mueller"``.
    """
    pieces = _name_pieces(value)
    core = _core_tokens(pieces)
    if any(piece.kind == "name" for piece in pieces):
        return " ".join([*core, *(piece.label for piece in pieces if piece.label)])
    return " ".join(core)


def normalize_company(value: str | None) -> str:
    """Normalise a company name without its legal form.

    "Innovation Group AG", "Innovation Group Aktiengesellschaft" and
    "innovation group" all give ``"innovation group"``; "Autohaus Müller
    GmbH & Co. KG" gives ``"autohaus mueller"``.
    """
    return " ".join(_core_tokens(_name_pieces(value)))


def legal_form(value: str | None) -> str | None:
    """Return the canonical legal form of a company name, ``None`` if it has none.

    "Müller GmbH & Co. KG" gives ``"gmbh co kg"``, "Test e.K." ``"ek"``.
    """
    return _legal_label(_name_pieces(value)) or None


def name_tokens(value: PartyData | Candidate | str | None) -> tuple[str, ...]:
    """Normalised name tokens, without legal forms, titles and connectors.

    For a :class:`PartyData` or a :class:`Candidate`, the tokens of first
    name and name, so that "Justin" + "Smith" and "Smith Justin" give the
    same tokens (compare them as a set). For a string, its tokens in order.
    """
    if isinstance(value, (PartyData, Candidate)):
        return (
            *_core_tokens(_name_pieces(value.first_name)),
            *_core_tokens(_name_pieces(value.name)),
        )
    return tuple(_core_tokens(_name_pieces(value)))


def is_company(party: PartyData, role: str | None = None) -> bool:
    """Tell whether the party is a company rather than a person.

    A company: the name carries a legal form ("GmbH", "AG", "e.K.", ...);
    otherwise, a party with a first name is a person; otherwise the name
    holds a company word ("Versicherung", "Volksbank", "Leasing",
    "Autohaus", "Group", ...), or the role (``role``, else ``party.role``)
    is an insurer, claims broker or lessor.
    """
    pieces = _name_pieces(party.name)
    if any(piece.kind == "legal" for piece in pieces):
        return True
    if _core_tokens(_name_pieces(party.first_name)):
        return False
    if any(
        piece.token in _COMPANY_TOKENS
        or piece.token.endswith(_COMPANY_SUFFIXES)
        or any(stem in piece.token for stem in _COMPANY_STEMS)
        for piece in pieces
        if piece.kind == "name"
    ):
        return True
    return _fold(_clean(role or party.role)) in _COMPANY_ROLES


def display_name(party: PartyData) -> str:
    """Return the name for a new contact made from the party.

    First name and name for a person ("Michaela Musterkunde"), the name as
    written otherwise ("Innovation Group AG", "Smith Justin").
    """
    return " ".join(filter(None, [_clean(party.first_name), _clean(party.name)]))


# ---------------------------------------------------------------------------
# Streets, house numbers, postcodes
# ---------------------------------------------------------------------------

_STREET_NUMBER = re.compile(
    r"^(?P<street>.*?[^\W\d_]\.?)[\s,]*(?:(?:nr|no|hausnr)\.?\s*)?"
    r"(?P<number>\d+\s*[^\W\d_]?(?:\s*[-/+]\s*(?:\d+\s*[^\W\d_]?|[^\W\d_]))*)$",
    re.IGNORECASE,
)
_NUMBER_ONLY = re.compile(r"\d+\s*[^\W\d_]?(?:\s*[-/+]\s*(?:\d+\s*[^\W\d_]?|[^\W\d_]))*")
_NUMBER_PREFIX = re.compile(r"^(?:nr|no|hausnr)\.?\s*")
_LEADING_ZEROS = re.compile(r"(?<!\d)0+(?=\d)")
_ZIP_COUNTRY_PREFIX = re.compile(r"^[A-Z]{1,3}\s*-\s*|^[A-Z]{1,2}\s+(?=\d)")


def split_street(value: str | None) -> tuple[str, str | None]:
    """Split "street and house number" into its two parts, as written.

    "Rotebühlstraße 121" -> ("Rotebühlstraße", "121"), "ROTEBÜHLSTR.121" ->
    ("ROTEBÜHLSTR.", "121"), "Am Markt 12 a" -> ("Am Markt", "12 a"),
    "Hauptstr. 13/1" -> ("Hauptstr.", "13/1"), "Straße des 17. Juni 135" ->
    ("Straße des 17. Juni", "135"); a street without a trailing number keeps
    it all: "Straße des 17. Juni" -> ("Straße des 17. Juni", None).
    """
    text = _clean(value)
    match = _STREET_NUMBER.match(text)
    if match:
        return match.group("street").rstrip(" ,"), match.group("number")
    if _NUMBER_ONLY.fullmatch(text):
        return "", text
    return text, None


def normalize_street(value: str | None) -> str:
    """Return the comparison key of a street name.

    Folds case, umlauts, ``ß`` and accents, writes "Straße", "Strasse",
    "Str." and "Str" alike, "St." as "Sankt" and "Pl." as "Platz", and drops
    blanks and punctuation: "Rotebühlstraße", "Rotebuehlstr.", "Rotebühl
    Straße" and "ROTEBÜHLSTR" all give ``"rotebuehlstr"``. Give the street
    without its house number (see :func:`split_street`).
    """
    tokens = []
    for token in _WORD.findall(_APOSTROPHES.sub("", _fold(_clean(value)))):
        if token == "st":
            tokens.append("sankt")
        elif token.endswith("strasse"):
            tokens.append(token[: -len("asse")])
        elif token.endswith("pl"):
            tokens.append(f"{token}atz")
        else:
            tokens.append(token)
    return "".join(tokens)


def normalize_house_number(value: str | None) -> str:
    """Return the comparison key of a house number.

    "12 a", "12A" and "Nr. 12a" give ``"12a"``; "13 / 1" gives ``"13/1"``;
    "12 - 14" gives ``"12-14"``; leading zeros go.
    """
    text = _NUMBER_PREFIX.sub("", _fold(_clean(value)))
    text = "".join(text.replace(".", " ").split())
    return _LEADING_ZEROS.sub("", text)


def normalize_zip(value: str | None, country: str | None = "DE") -> str:
    """Return the comparison key of a postcode.

    Drops a country prefix ("D-70178", "DE 70178" -> "70178") and blanks.
    German postcodes keep their digits only, with the leading zero ("01067");
    a four-digit German postcode lost its leading zero (a spreadsheet did
    that) and gets it back: "1067" -> "01067". Other countries keep letters,
    upper case ("1234 AB").
    """
    text = _ZIP_COUNTRY_PREFIX.sub("", _clean(value).upper())
    if (country or "DE").upper() != "DE":
        return text
    digits = re.sub(r"\D", "", text)
    return f"0{digits}" if len(digits) == 4 else digits


# ---------------------------------------------------------------------------
# Phone numbers and e-mail addresses
# ---------------------------------------------------------------------------

_PHONE_SEPARATORS = re.compile(r"[;,|\n\r]+|\s+(?:oder|od\.|bzw\.?|und|u\.)\s+", re.IGNORECASE)
_NON_DIGITS = re.compile(r"\D")
_MIN_PHONE_DIGITS = 4
#: Digits of a number's end by which contacts are looked up by phone.
_PHONE_TAIL = 4


def _region(country: str | None) -> str:
    """The phone region of an ISO country code; Germany when none is given."""
    return (country or "DE").upper()


def _parse_phone(value: str | None, region: str = "DE") -> phonenumbers.PhoneNumber | None:
    """Parse one phone number with ``phonenumbers``, ``None`` if it is none.

    Written in international form ("+49 711 ...", "0049 711 ..."): a
    possible number of that country. Bare digits without the trunk prefix,
    as DRA files write them ("490711664900"): the international number
    they make with a "+", when that is a valid one. Otherwise a national
    number of ``region``, which must start with the region's trunk prefix
    ("0711 ..."): "664900" has no area code and is no number.
    """
    text = unicodedata.normalize("NFKC", _clean(value))
    digits = _NON_DIGITS.sub("", text)
    if len(digits) < _MIN_PHONE_DIGITS:
        return None
    try:
        if text.lstrip(" ([").startswith(("+", "00")):
            number = phonenumbers.parse(text, region)
            return number if phonenumbers.is_possible_number(number) else None
        trunk = phonenumbers.PhoneMetadata.metadata_for_region(region)
        prefix = trunk.national_prefix if trunk else None
        if not prefix or not digits.startswith(prefix):
            number = phonenumbers.parse(f"+{digits}", region)
            if phonenumbers.is_valid_number(number):
                return number
            if prefix:
                return None
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def _canonical(number: phonenumbers.PhoneNumber) -> str:
    """E.164 digits without the "+": "49711664900"."""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]


def normalize_phone(value: str | None, region: str = "DE") -> str | None:
    """Return one phone number as canonical digits with the country code.

    Parsed by ``phonenumbers`` (see :func:`_parse_phone`): "0711 66490-0",
    "+49 711 664900", "+49 (0)711 664900", "0049 711 664900", "(0711)
    664900" and "490711664900" all give ``"49711664900"``; "069/4711-0"
    gives ``"496947110"``, "0176-4547794" ``"491764547794"``. ``region``
    is the ISO country of national numbers. Returns ``None`` for a number
    that cannot be made canonical (no area code, too short).
    """
    number = _parse_phone(value, region)
    return _canonical(number) if number else None


def _phone_parts(values: Iterable[str | None] | str | None) -> list[str]:
    """The single numbers written in one or more fields (see :func:`normalize_phones`)."""
    if not values or isinstance(values, str):
        values = (values,)
    return [
        part
        for value in values
        for chunk in _PHONE_SEPARATORS.split(str(value) if value else "")
        for part in _split_slashes(chunk)
        if len(_NON_DIGITS.sub("", part)) >= _MIN_PHONE_DIGITS
    ]


def _split_slashes(chunk: str) -> list[str]:
    """Split "0711 664900 / 0176 4547794" in two, keep "069/4711-0" whole.

    A slash separates two numbers only when the text before it has at least
    six digits and the text after it starts with "0" or "+" and has at least
    three digits; otherwise it is the area code separator of one number.
    """
    numbers = []
    for part in chunk.split("/"):
        starts_number = part.strip()[:1] in ("0", "+")
        if numbers and not (
            len(_NON_DIGITS.sub("", numbers[-1])) >= 6
            and starts_number
            and len(_NON_DIGITS.sub("", part)) >= 3
        ):
            numbers[-1] = f"{numbers[-1]}/{part}"
        else:
            numbers.append(part)
    return numbers


def _phone_numbers(values: Iterable[str | None] | str | None, region: str = "DE") -> dict[str, str]:
    """Canonical numbers of the fields, each with the digits it ends with
    in any notation (its national significant number)."""
    numbers: dict[str, str] = {}
    for part in _phone_parts(values):
        number = _parse_phone(part, region)
        if number:
            numbers[_canonical(number)] = phonenumbers.national_significant_number(number)
        else:
            digits = _NON_DIGITS.sub("", part)
            numbers[digits] = digits
    return numbers


def normalize_phones(
    values: Iterable[str | None] | str | None, region: str = "DE"
) -> tuple[str, ...]:
    """Return the phone numbers of one or more fields, canonical and unique.

    Each value may hold several numbers, separated by ";", ",", "|", line
    breaks, the words "oder"/"bzw."/"und", or by a slash between two
    complete numbers: the text before it has six digits or more, the text
    after it starts with "0" or "+" ("0711 664900 / 0176 4547794"); any other
    slash separates the area code ("069/4711-0" is one number).
    Numbers are made canonical by :func:`normalize_phone`; one that cannot
    be (no area code) keeps its bare digits, so that it still equals the same
    notation; values with fewer than four digits are dropped.
    """
    return tuple(_phone_numbers(values, region))


def format_phone(value: str | None, region: str = "DE") -> str:
    """Return a phone number for display and for writing into a contact.

    The international format of ``phonenumbers``, as Odoo's
    ``phone_validation`` writes numbers: "0711 66490-0" and "49711664900"
    give ``"+49 711 664900"``. A number that cannot be made canonical comes
    back as written.
    """
    number = _parse_phone(value, region)
    if number is None:
        return _clean(value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def is_mobile(value: str | None, region: str = "DE") -> bool:
    """Tell whether a phone number is a mobile number (``phonenumbers``'s
    number type): "0176 4547794" is, "0711 664900" is not."""
    number = _parse_phone(value, region)
    return bool(number) and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE


class _Phones:
    """Phone numbers of a contact, made canonical only when the party may share one.

    Parsing a number costs far more than comparing digits: a contact's
    numbers are parsed only when one of them ends with the digits of a
    number of the party (every notation of a number ends with them).
    """

    __slots__ = ("_canonical", "_region", "_values", "digits")

    def __init__(self, values: Iterable[str | None], region: str):
        self._values = tuple(values)
        self._region = region
        self._canonical: dict[str, str] | None = None
        self.digits = tuple(_NON_DIGITS.sub("", part) for part in _phone_parts(self._values))

    def canonical(self) -> dict[str, str]:
        """The canonical numbers, in order, each with its ending digits
        (see :func:`normalize_phones`)."""
        if self._canonical is None:
            self._canonical = _phone_numbers(self._values, self._region)
        return self._canonical

    def shared(self, numbers: dict[str, str]) -> frozenset[str]:
        """The party's canonical ``numbers`` (canonical -> ending digits) among these."""
        if not any(digits.endswith(tail) for digits in self.digits for tail in numbers.values()):
            return frozenset()
        return frozenset(self.canonical().keys() & numbers.keys())

    def tails(self) -> set[str]:
        """Keys of these numbers in an index by phone (their last digits)."""
        return {digits[-_PHONE_TAIL:] for digits in self.digits}


def _emails(value: str | None) -> tuple[str, ...]:
    """E-mail addresses of a field, folded to lower case, in order."""
    addresses = re.split(r"[\s,;]+", _clean(value).casefold())
    return tuple(dict.fromkeys(address for address in addresses if "@" in address))


# ---------------------------------------------------------------------------
# Vehicle identification numbers
# ---------------------------------------------------------------------------

_VIN_LOOKALIKES = str.maketrans({"I": "1", "O": "0", "Q": "0"})
_VIN_SEPARATORS = re.compile(r"[\W_]+")
_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")


def normalize_vin(value: str | None) -> str | None:
    """Return a VIN in the form to store and look it up in, ``None`` when empty.

    NFKC (full-width characters become ASCII), without blanks or separators,
    ASCII letters in upper case: " wdd 117342-1n456789 " ->
    ``"WDD1173421N456789"``. Nothing is corrected: a VIN that is not valid
    comes back in the same form and stays not valid (``is_valid_vin`` of
    the result is ``is_valid_vin`` of ``value``): "WDD1173421N45678O"
    keeps its letter O, "DR0PTABLEFLEETVEH1CLEBXBÄÖÜ" its length and its
    umlauts, and "ß" does not become "SS".
    """
    text = _VIN_SEPARATORS.sub("", unicodedata.normalize("NFKC", _clean(value)))
    return "".join(char.upper() if char.isascii() else char for char in text) or None


def is_valid_vin(value: str | None) -> bool:
    """Tell whether ``value`` is a well-formed VIN (ISO 3779).

    17 characters of digits and letters except I, O and Q, once in the form
    of :func:`normalize_vin`. The check digit is not verified: European
    manufacturers do not use it. The DRA reader uses it too: it is the one
    test of a VIN.
    """
    return bool(_VIN.fullmatch(normalize_vin(value) or ""))


def vin_equal(first: str | None, second: str | None) -> bool:
    """Tell whether two VINs are the same vehicle (both given, same key).

    The letters I, O and Q, which a VIN never contains, count as the digits
    1, 0 and 0 they were typed for: "WDD1173421N45678O" is the vehicle
    "WDD1173421N456780".
    """
    keys = [normalize_vin(value) for value in (first, second)]
    return None not in keys and len({key.translate(_VIN_LOOKALIKES) for key in keys}) == 1


# ---------------------------------------------------------------------------
# Comparison of one party with one contact
# ---------------------------------------------------------------------------


def _weight(token: str) -> float:
    """Weight of a name token in the similarity score: longer weighs more."""
    return len(token) * (_GENERIC_WEIGHT if token in _GENERIC_TOKENS else 1.0)


@dataclass(frozen=True, slots=True, eq=False)
class _PartyKeys:
    """Normalised keys of a party, computed once per party."""

    surname: Counter[str]
    first: Counter[str]
    weighted: tuple[tuple[str, float], ...]
    spellings: tuple[tuple[tuple[str, float], ...], ...]
    surnames: tuple[tuple[tuple[str, float], ...], ...]
    legal: str
    company: bool
    zip: str
    zip_variants: frozenset[str]
    street: str
    house_number: str
    phones: dict[str, str]
    faxes: dict[str, str]
    emails: frozenset[str]


@dataclass(frozen=True, slots=True, eq=False)
class _CandidateKeys:
    """Normalised keys of a contact, computed once when indexed."""

    candidate: Candidate
    name: tuple[str, ...]
    counter: Counter[str]
    legal: str
    first: Counter[str]
    zip: str
    street: str
    house_number: str
    phones: _Phones
    faxes: _Phones
    emails: frozenset[str]


def _party_street(party: PartyData) -> tuple[str, str]:
    """Street and house number of the party, whether separate or not.

    A house number given on its own wins over a number in the street; when
    they differ, the number in the street belongs to the street's name.
    """
    street, number = split_street(party.street)
    given = _clean(party.house_number)
    if given:
        if number and normalize_house_number(number) != normalize_house_number(given):
            street = _clean(party.street)
        number = given
    return street, number or ""


@lru_cache(maxsize=256)
def _party_keys(party: PartyData) -> _PartyKeys:
    """Normalised keys of a party (read only: cached, as the search keys, the
    status and the ranking of one party each need them)."""
    pieces = _name_pieces(party.name)
    surname = _core_tokens(pieces)
    first = _core_tokens(_name_pieces(party.first_name))
    street, number = _party_street(party)
    zip_key = normalize_zip(party.zip, party.country)
    # a blank typed inside a person's surname ("Muster kunde"): also the
    # surname written as one word
    surnames = [surname]
    if len(surname) > 1 and first:
        surnames.append(["".join(surname)])
    return _PartyKeys(
        surname=Counter(surname),
        first=Counter(first),
        weighted=tuple((token, _weight(token)) for token in [*surname, *first]),
        spellings=tuple(tuple((t, _weight(t)) for t in [*name, *first]) for name in surnames),
        surnames=tuple(tuple((t, _weight(t)) for t in name) for name in surnames),
        legal=_legal_label(pieces),
        company=is_company(party),
        zip=zip_key,
        zip_variants=frozenset(_zip_variants(zip_key)[1:]) if zip_key else frozenset(),
        street=normalize_street(street),
        house_number=normalize_house_number(number),
        phones=_phone_numbers(party.phones, _region(party.country)),
        faxes=_phone_numbers(party.faxes, _region(party.country)),
        emails=frozenset(_emails(party.email)),
    )


def _candidate_name(name: str | None) -> tuple[tuple[str, ...], Counter[str], str]:
    """Sorted name tokens, their counts and the legal form of a contact's name."""
    pieces = _name_pieces(name)
    tokens = _core_tokens(pieces)
    return tuple(sorted(tokens)), Counter(tokens), _legal_label(pieces)


def _candidate_keys(
    candidate: Candidate, names: dict[str | None, tuple] | None = None
) -> _CandidateKeys:
    """Keys of a contact; ``names`` caches :func:`_candidate_name` by name
    (read only), as contacts of one index often share their name."""
    if names is None:
        name = _candidate_name(candidate.name)
    else:
        name = names.get(candidate.name)
        if name is None:
            name = names[candidate.name] = _candidate_name(candidate.name)
    tokens, counter, legal = name
    street, number = split_street(candidate.street)
    return _CandidateKeys(
        candidate=candidate,
        name=tokens,
        counter=counter,
        legal=legal,
        first=Counter(_core_tokens(_name_pieces(candidate.first_name))),
        zip=normalize_zip(candidate.zip, candidate.country),
        street=normalize_street(street),
        house_number=normalize_house_number(number),
        phones=_Phones(candidate.phones, _region(candidate.country)),
        faxes=_Phones(candidate.faxes, _region(candidate.country)),
        emails=frozenset(_emails(candidate.email)),
    )


def _name_relation(keys: _PartyKeys, other: _CandidateKeys) -> tuple[bool, bool]:
    """Compare the party's name with a contact's: (same name, same first name).

    Companies (the party, or a contact that is a company when the party has
    no first name): the core names are equal, and so are the legal forms
    when both are given. Persons: every surname token is among the contact's
    name tokens (step 1), and the contact's remaining tokens are the first
    name (step 2), so that "Smith Justin" equals "Justin Smith". A contact
    with its own first name field compares that field instead.
    """
    if keys.company or (other.candidate.is_company and not keys.first):
        same = keys.surname == other.counter and (
            not keys.legal or not other.legal or keys.legal == other.legal
        )
        return same, keys.first == other.first
    same = keys.surname <= other.counter
    if other.first:
        return same, keys.first == other.first if keys.first else keys.surname == other.counter
    if same:
        return same, other.counter - keys.surname == keys.first
    return same, bool(keys.first) and keys.first <= other.counter


def _existing_first_name(keys: _PartyKeys, candidate: Candidate) -> str:
    """The contact's first name, as written, for the comparison view.

    The contact's own first name field when given, else the words of its
    name that are not the party's surname ("Michaela" of "Michaela
    Musterkunde" for "Musterkunde"), or that are the party's first name when
    the surnames differ. Empty for companies.
    """
    if candidate.first_name:
        return _clean(candidate.first_name)
    if keys.company or (candidate.is_company and not keys.first):
        return ""
    pieces = [piece for piece in _name_pieces(candidate.name) if piece.kind == "name"]
    tokens = Counter(piece.token for piece in pieces)
    if keys.surname <= tokens:
        drop, keep = Counter(keys.surname), None
    elif keys.first and keys.first <= tokens:
        drop, keep = None, Counter(keys.first)
    else:
        return ""
    words: dict[int, list[str]] = {}
    for piece in pieces:
        if drop is not None and drop[piece.token] > 0:
            drop[piece.token] -= 1
        elif keep is None or keep[piece.token] > 0:
            if keep is not None:
                keep[piece.token] -= 1
            words.setdefault(piece.word, []).append(piece.text)
    return " ".join("-".join(parts) for parts in words.values())


def _contained(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Whether the file brings values and the contact has all of them."""
    return bool(mine) and mine <= theirs


def _contained_phones(mine: dict[str, str], theirs: _Phones) -> bool:
    """Whether the file brings numbers and the contact has all of them."""
    return bool(mine) and len(theirs.shared(mine)) == len(mine)


def _verdict(
    field: str,
    imported: str,
    existing: str,
    *,
    keys: tuple[object, object],
    equal: bool,
) -> FieldVerdict:
    """Verdict from the normalised ``keys`` (imported, existing): ``None``
    when both are empty, ``False`` when one is, else ``equal``."""
    imported_key, existing_key = keys
    if not imported_key and not existing_key:
        result = None
    elif not imported_key or not existing_key:
        result = False
    else:
        result = equal
    return FieldVerdict(field, imported or None, existing or None, result)


def _phones_display(numbers: Iterable[str]) -> str:
    return ", ".join(format_phone(number) for number in numbers)


def _compare(
    keys: _PartyKeys, party: PartyData, candidate: Candidate | None
) -> tuple[FieldVerdict, ...]:
    other = _candidate_keys(candidate or Candidate(id=0, name=None))
    existing = other.candidate
    same_name, first_equal = _name_relation(keys, other) if candidate else (False, False)
    street, number = _party_street(party)
    existing_street, existing_number = split_street(existing.street)
    imported_first = _clean(party.first_name)
    existing_first = _existing_first_name(keys, candidate) if candidate else ""
    cities = (
        _WORD.findall(normalize_text(party.city)),
        _WORD.findall(normalize_text(existing.city)),
    )
    return (
        _verdict(
            "name",
            _clean(party.name),
            _clean(existing.name),
            keys=(keys.surname, other.counter),
            equal=same_name,
        ),
        FieldVerdict(
            "first_name",
            imported_first or None,
            existing_first or None,
            first_equal if imported_first or existing_first else None,
        ),
        _verdict(
            "street",
            street,
            existing_street,
            keys=(keys.street, other.street),
            equal=keys.street == other.street,
        ),
        _verdict(
            "house_number",
            number,
            existing_number or "",
            keys=(keys.house_number, other.house_number),
            equal=keys.house_number == other.house_number,
        ),
        _verdict(
            "zip",
            _clean(party.zip),
            _clean(existing.zip),
            keys=(keys.zip, other.zip),
            equal=keys.zip == other.zip,
        ),
        _verdict(
            "city",
            _clean(party.city),
            _clean(existing.city),
            keys=cities,
            equal=cities[0] == cities[1],
        ),
        _verdict(
            "phone",
            _phones_display(keys.phones),
            _phones_display(other.phones.canonical()),
            keys=(keys.phones, other.phones.canonical()),
            equal=keys.phones.keys() <= other.phones.canonical().keys(),
        ),
        _verdict(
            "fax",
            _phones_display(keys.faxes),
            _phones_display(other.faxes.canonical()),
            keys=(keys.faxes, other.faxes.canonical()),
            equal=keys.faxes.keys() <= other.faxes.canonical().keys(),
        ),
        _verdict(
            "email",
            ", ".join(_emails(party.email)),
            ", ".join(_emails(existing.email)),
            keys=(keys.emails, other.emails),
            equal=keys.emails <= other.emails,
        ),
    )


def compare(party: PartyData, candidate: Candidate | None) -> tuple[FieldVerdict, ...]:
    """Compare the party with one contact, field by field.

    Verdicts, in this order: ``name`` (the surname, or the company name
    without legal form, matches), ``first_name``, ``street``,
    ``house_number``, ``zip``, ``city`` (for information: the status never
    looks at it), ``phone``, ``fax``, ``email`` (equal when every number or
    address of the file is among the contact's). Values are compared
    normalised and shown as written (phones in :func:`format_phone` form).
    With ``candidate`` ``None`` the imported values stand alone. Used by
    :func:`match_party`, and again when the user assigns a contact by hand.
    """
    return _compare(_party_keys(party), party, candidate)


# ---------------------------------------------------------------------------
# Matching and ranking against many contacts
# ---------------------------------------------------------------------------

#: Least similarity of two name tokens that counts at all.
_TOKEN_CUTOFF = 65.0
#: Least similarity of a contact's name token to a surname (or company name)
#: token of the party for the contact to be scored.
_CANDIDATE_TOKEN_CUTOFF = 75.0
#: Share of the name in the score when the party has an address.
_NAME_SHARE = 0.7
#: Weights of postcode, street and house number in the address part.
_ZIP_WEIGHT, _STREET_WEIGHT, _NUMBER_WEIGHT = 0.4, 0.4, 0.2
#: Postcode score of a different postcode in the same area (first 3 digits).
_ZIP_AREA_SCORE = 50.0
#: Postcode score of the postcode with two neighbouring digits swapped.
_ZIP_TRANSPOSED_SCORE = 80.0
#: Factor on the surname score of a contact of the party's household.
_HOUSEHOLD_FACTOR = 0.9
#: Factor on the name score when both names carry different legal forms.
_OTHER_LEGAL_FORM_FACTOR = 0.9
#: An index of at most this many contacts (the candidates a database
#: search found) scores every one of them.
_SCORE_ALL = 50


class CandidateIndex:
    """Contacts normalised once, to match and rank many parties fast.

    Build it from the candidate contacts, then call :meth:`match` for the
    status of a party and :meth:`rank` for its similar contacts. The index
    keeps the contacts by distinct name (its sorted tokens), by name token,
    by postcode and name, by phone number and e-mail address. Ranking
    compares each name token of the party with the distinct name tokens of
    all contacts in one vectorised rapidfuzz call, scores each distinct name
    once, and scores the addresses of the best names only, as far as they
    can still enter the result.
    """

    def __init__(self, candidates: Iterable[Candidate]):
        self._keys: list[_CandidateKeys] = []
        self._name_of: list[int] = []
        self._names: list[tuple[str, ...]] = []
        self._name_ids: dict[tuple[str, ...], int] = {}
        self._name_positions: list[list[int]] = []
        self._by_token: dict[str, list[int]] = {}
        self._by_zip_name: dict[tuple[str, int], list[int]] = {}
        self._by_contact: dict[str, list[int]] = {}
        names: dict[str | None, tuple] = {}
        for position, candidate in enumerate(candidates):
            keys = _candidate_keys(candidate, names)
            self._keys.append(keys)
            name_id = self._name_ids.get(keys.name)
            if name_id is None:
                name_id = self._name_ids[keys.name] = len(self._names)
                self._names.append(keys.name)
                self._name_positions.append([])
                for token in set(keys.name):
                    self._by_token.setdefault(token, []).append(name_id)
            self._name_of.append(name_id)
            self._name_positions[name_id].append(position)
            self._by_zip_name.setdefault((keys.zip, name_id), []).append(position)
            for contact in keys.emails | keys.phones.tails():
                self._by_contact.setdefault(contact, []).append(position)
        self._vocabulary = list(self._by_token)
        self._weights = {token: _weight(token) for token in self._vocabulary}

    def __len__(self) -> int:
        return len(self._keys)

    # -- status --------------------------------------------------------

    def _names_holding(self, tokens: Iterable[str]) -> set[int]:
        """Distinct names that hold every one of ``tokens``."""
        postings = [set(self._by_token.get(token, ())) for token in set(tokens)]
        return set.intersection(*postings) if postings else set()

    def _same_zip(self, zip_code: str, name_ids: Iterable[int]) -> list[int]:
        """Positions of the contacts with postcode ``zip_code`` and one of the
        names ``name_ids``."""
        return [
            position
            for name_id in name_ids
            for position in self._by_zip_name.get((zip_code, name_id), ())
        ]

    def match(self, party: PartyData | None) -> MatchResult:
        """Return the address status of the party (see :func:`match_party`)."""
        if party is None:
            return MatchResult(Status.GREY)
        keys = _party_keys(party)
        if not keys.surname:
            return MatchResult(Status.GREY)
        rows = []
        for position in self._same_zip(keys.zip, self._names_holding(keys.surname)):
            other = self._keys[position]
            same_name, first_equal = _name_relation(keys, other)
            if not same_name:
                continue
            status_equal = (
                first_equal,
                keys.street == other.street,
                keys.house_number == other.house_number,
                keys.zip == other.zip,
            )
            contact_equal = (
                _contained_phones(keys.phones, other.phones)
                + _contained_phones(keys.faxes, other.faxes)
                + _contained(keys.emails, other.emails)
            )
            identical = all(status_equal)
            rows.append(
                (identical, sum(status_equal), contact_equal, -other.candidate.id, position)
            )
        if not rows:
            return MatchResult(Status.RED, verdicts=_compare(keys, party, None))
        rows.sort(reverse=True)
        best = self._keys[rows[0][4]].candidate
        return MatchResult(
            status=Status.GREEN if rows[0][0] else Status.ORANGE,
            candidate_id=best.id,
            exact_ids=tuple(-row[3] for row in rows if row[0]),
            same_name_ids=tuple(-row[3] for row in rows),
            verdicts=_compare(keys, party, best),
        )

    # -- ranking ---------------------------------------------------------

    def _similarities(self, keys: _PartyKeys) -> dict[str, dict[str, float]]:
        """Similarity (rapidfuzz ratio, at least 65) of each party token to
        the name tokens of the contacts."""
        return {
            token: {
                choice: score
                for choice, score, _index in process.extract(
                    token,
                    self._vocabulary,
                    scorer=fuzz.ratio,
                    limit=None,
                    score_cutoff=_TOKEN_CUTOFF,
                )
            }
            for token in {token for spelling in keys.spellings for token, _weight_ in spelling}
        }

    def _similar_names(
        self, keys: _PartyKeys, similarities: dict[str, dict[str, float]]
    ) -> set[int]:
        """Distinct names holding a token similar to a surname (or company
        name) token of the party; generic company words only when the name
        has nothing else."""
        tokens = [token for token in keys.surname if token not in _GENERIC_TOKENS]
        name_ids: set[int] = set()
        for token in tokens or keys.surname:
            for choice, score in similarities[token].items():
                if score >= _CANDIDATE_TOKEN_CUTOFF:
                    name_ids.update(self._by_token[choice])
        return name_ids

    def _aligned(
        self,
        weighted: tuple[tuple[str, float], ...],
        tokens: tuple[str, ...],
        similarities: dict[str, dict[str, float]],
        both_ways: bool,
    ) -> float:
        forward = sum(
            weight * max(similarities[token].get(other, 0.0) for other in tokens)
            for token, weight in weighted
        ) / sum(weight for _token, weight in weighted)
        if not both_ways:
            return forward
        backward = sum(
            self._weights[other]
            * max(similarities[token].get(other, 0.0) for token, _weight_ in weighted)
            for other in tokens
        ) / sum(self._weights[other] for other in tokens)
        return (forward + backward) / 2

    def _name_score(
        self,
        keys: _PartyKeys,
        tokens: tuple[str, ...],
        similarities: dict[str, dict[str, float]],
    ) -> tuple[float, float]:
        """Token-aligned name similarity, 0-100: ``(name, surname)``.

        Each party token counts with its best match among the contact's
        tokens, weighted by length (generic company words weigh less). When
        the party is a company or has a first name, the contact's tokens are
        matched back the same way and both directions averaged, so that an
        extra word in the contact's name lowers the score; a person given by
        surname only is not penalised for the contact's first name. The best
        of the spellings of the surname counts ("Muster kunde" also as
        "musterkunde"). ``surname``: the same for the surname alone, as for
        a person given by surname only (for a party of the contact's household).
        """
        if not tokens:
            return 0.0, 0.0
        both_ways = keys.company or bool(keys.first)
        name = max(
            self._aligned(spelling, tokens, similarities, both_ways) for spelling in keys.spellings
        )
        if keys.company or not keys.first:
            return name, name
        surname = max(
            self._aligned(spelling, tokens, similarities, False) for spelling in keys.surnames
        )
        return name, surname

    @staticmethod
    def _blend(
        keys: _PartyKeys, name: float, zip_score: float, street: float, number: float
    ) -> float:
        """Blend the name score (70 %) with the address score (30 %): the
        weighted postcode, street and house number scores, each counted
        only when the party has that field. No address: the name score."""
        parts = [
            (weight, score)
            for weight, score, given in (
                (_ZIP_WEIGHT, zip_score, keys.zip),
                (_STREET_WEIGHT, street, keys.street),
                (_NUMBER_WEIGHT, number, keys.house_number),
            )
            if given
        ]
        if not parts:
            return name
        address = sum(weight * score for weight, score in parts) / sum(
            weight for weight, _score in parts
        )
        return _NAME_SHARE * name + (1 - _NAME_SHARE) * address

    def _score(self, keys: _PartyKeys, other: _CandidateKeys, names: tuple[float, float]) -> float:
        """Similarity of a contact to the party, 0-100.

        The name score (``names``, see :meth:`_name_score`; times 0.9 when
        both names carry different legal forms; for a contact at the party's
        street and house number, in its postcode or another one two swapped
        digits away or without postcode, the household: at least 0.9 times
        the surname score) blended with the address (see :meth:`_blend`): postcode
        equal 100, two neighbouring digits swapped 80, same area (first
        three digits) 50; street the
        rapidfuzz ratio of the street keys; house number equal 100. A shared
        phone number or e-mail address halves the distance to 100.
        """
        if other.zip == keys.zip:
            zip_score = 100.0
        elif other.zip in keys.zip_variants:
            zip_score = _ZIP_TRANSPOSED_SCORE
        elif other.zip[:3] == keys.zip[:3]:
            zip_score = _ZIP_AREA_SCORE
        else:
            zip_score = 0.0
        name, surname = names
        if (
            keys.house_number
            and (keys.street, keys.house_number) == (other.street, other.house_number)
            and (zip_score >= _ZIP_TRANSPOSED_SCORE or not keys.zip or not other.zip)
        ):
            name = max(name, _HOUSEHOLD_FACTOR * surname)
        if keys.legal and other.legal and keys.legal != other.legal:
            name *= _OTHER_LEGAL_FORM_FACTOR
        score = self._blend(
            keys,
            name,
            zip_score,
            fuzz.ratio(keys.street, other.street),
            100.0 if keys.house_number == other.house_number else 0.0,
        )
        if keys.emails & other.emails or other.phones.shared(keys.phones):
            score += (100.0 - score) / 2
        return score

    def rank(
        self, party: PartyData | None, limit: int = 10, min_score: float = 60.0
    ) -> list[ScoredCandidate]:
        """Return the contacts most similar to the party, best first.

        Scored are the contacts that share a phone number or e-mail address
        with the party, those with the party's postcode and a name token
        similar to any of the party's (rapidfuzz ratio at least 65), and,
        anywhere, those with a name token similar to a surname (or company
        name) token of the party (ratio at least 75: typos, "Muller" for
        "Müller"). Other contacts have no similar name at all.
        Returns at most ``limit`` of them scoring at least ``min_score`` (see
        :meth:`_score`; rounded to one decimal); equal scores keep the older
        contact (lower id) first. Empty for a party without name.
        """
        if party is None or limit <= 0:
            return []
        keys = _party_keys(party)
        if not keys.surname:
            return []
        similarities = self._similarities(keys)
        name_scores: dict[int, tuple[float, float]] = {}
        best: list[tuple[float, int, int]] = []
        seen: set[int] = set()

        def name_score(name_id: int) -> tuple[float, float]:
            if name_id not in name_scores:
                name_scores[name_id] = self._name_score(keys, self._names[name_id], similarities)
            return name_scores[name_id]

        def best_name(name_id: int) -> float:
            """The best name score any contact of that name can get."""
            name, surname = name_score(name_id)
            return max(name, _HOUSEHOLD_FACTOR * surname)

        def consider(position: int) -> None:
            seen.add(position)
            other = self._keys[position]
            score = round(self._score(keys, other, name_score(self._name_of[position])), 1)
            entry = (score, -other.candidate.id, position)
            if score < min_score:
                return
            if len(best) < limit:
                heapq.heappush(best, entry)
            elif entry > best[0]:
                heapq.heapreplace(best, entry)

        # A shared phone number or e-mail address: scored first (the bonus
        # puts these out of reach of the bounds below). Phones are looked
        # up by their last digits; scoring tells whether the number is shared.
        tails = {tail[-_PHONE_TAIL:] for tail in keys.phones.values()}
        for contact in sorted(keys.emails | tails):
            for position in self._by_contact.get(contact, ()):
                if position not in seen:
                    consider(position)
        # Groups of contacts with one name, with the best score any of them
        # can reach: same postcode (and any similar token), or another
        # postcode (and a token similar to the surname). Scores and bounds are
        # rounded alike, so a contact's score never exceeds its group's bound.
        groups: list[tuple[float, Sequence[int]]] = []
        if keys.zip:
            near = {
                name_id
                for choices in similarities.values()
                for choice in choices
                for name_id in self._by_token[choice]
            }
            for name_id in near:
                positions = self._by_zip_name.get((keys.zip, name_id))
                if positions:
                    bound = round(self._blend(keys, best_name(name_id), 100.0, 100.0, 100.0), 1)
                    groups.append((bound, positions))
        for name_id in self._similar_names(keys, similarities):
            bound = round(
                self._blend(keys, best_name(name_id), _ZIP_TRANSPOSED_SCORE, 100.0, 100.0), 1
            )
            groups.append((bound, self._name_positions[name_id]))
        if len(self._keys) <= _SCORE_ALL:
            groups = [(100.0, range(len(self._keys)))]
        groups.sort(key=lambda group: group[0], reverse=True)
        for bound, positions in groups:
            if bound < min_score or (len(best) == limit and bound < best[0][0]):
                break
            for position in positions:
                if position not in seen:
                    consider(position)
        return [
            ScoredCandidate(self._keys[position].candidate, score)
            for score, _id, position in sorted(best, reverse=True)
        ]


def match_party(party: PartyData | None, candidates: Iterable[Candidate]) -> MatchResult:
    """Return the address status of one party against the candidate contacts.

    The steps of the takeover assistant, on normalised values:

    1. name and postcode: no contact with the party's name (surname, or
       company name without legal form) and postcode -> red;
    2. first name, street and house number of a same-name contact all equal
       -> green, else orange;
    3. phone, fax and e-mail are compared in the verdicts but never change
       the status. The town is not compared.

    ``None``, or a party without name -> grey. An empty postcode equals
    only an empty postcode: a party without postcode (a driver known by name
    and phone) is red unless a same-name contact has no postcode either;
    :func:`rank_candidates` offers the contacts with its name and phone.
    """
    return CandidateIndex(candidates).match(party)


def rank_candidates(
    party: PartyData | None,
    candidates: Iterable[Candidate],
    limit: int = 10,
    min_score: float = 60.0,
) -> list[ScoredCandidate]:
    """Return the candidate contacts similar to the party, best first.

    Offers typos and spelling variants ("Musterkude", "Mueller", "Muller",
    "Rotebuehlstrasse") instead of letting the user create a duplicate; see
    :meth:`CandidateIndex.rank`. For many parties against the same contacts,
    build one :class:`CandidateIndex` instead.
    """
    return CandidateIndex(candidates).rank(party, limit=limit, min_score=min_score)


# ---------------------------------------------------------------------------
# Database look-up
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactKeys:
    """Keys stored on a contact for the candidate search, ``None`` when a part is missing.

    ``name_zip``: name and postcode; ``name_first``: name and first name;
    ``address``: postcode, street and house number; ``street``: street and
    house number (the same address anywhere: a wrong postcode and a typo
    in the name together); ``zip_number``: postcode and house number (a
    typo in the street and in the name, or another first name). The name is the
    surname of a person (the last word of the contact's name, a double name
    "Müller-Lüdenscheidt" written as one word), the whole name of a company
    without legal form; the first name the other words. Parts are
    normalised and written without blanks, so that "Muster kunde" is
    "musterkunde" and "Haupt Str." is "hauptstr".
    """

    name_zip: str | None
    name_first: str | None
    address: str | None
    street: str | None
    zip_number: str | None


def _joined(pieces: Iterable[_Piece]) -> str:
    return "".join(piece.token for piece in pieces)


def _contact_names(name: str | None, company: bool) -> tuple[str, str]:
    """(name, first name) parts of a contact's name (see :class:`ContactKeys`)."""
    pieces = [piece for piece in _name_pieces(name) if piece.kind == "name"]
    if not pieces:
        return "", ""
    if company:
        return _joined(pieces), ""
    last = pieces[-1].word
    return (
        _joined(piece for piece in pieces if piece.word == last),
        _joined(piece for piece in pieces if piece.word != last),
    )


def _key(*parts: str) -> str:
    return "|".join(parts)


def contact_keys(
    name: str | None,
    street: str | None = None,
    zip_code: str | None = None,
    country: str | None = None,
    company: bool = False,
) -> ContactKeys:
    """Return the search keys of a contact (see :class:`ContactKeys`).

    ``street`` holds street and house number, as a contact keeps them;
    ``company`` tells a company from a person.
    """
    surname, first = _contact_names(name, company)
    zip_key = normalize_zip(zip_code, country)
    street_name, number = split_street(street)
    street_key = normalize_street(street_name)
    number_key = normalize_house_number(number)
    return ContactKeys(
        name_zip=_key(surname, zip_key) if surname and zip_key else None,
        name_first=_key(surname, first) if surname else None,
        address=_key(zip_key, street_key, number_key) if zip_key and street_key else None,
        street=_key(street_key, number_key) if street_key and number_key else None,
        zip_number=_key(zip_key, number_key) if zip_key and number_key else None,
    )


def phone_key(value: str | None, country: str | None = None) -> str | None:
    """The first phone number of a field in canonical form (see
    :func:`normalize_phones`), stored on a contact for the candidate search."""
    numbers = normalize_phones(value, _region(country))
    return numbers[0] if numbers else None


def _zip_variants(zip_code: str) -> list[str]:
    """A postcode and the postcodes with two neighbouring digits swapped
    (the common typing error): "89346" gives "98346", "83946", ..."""
    variants = [zip_code]
    for i in range(len(zip_code) - 1):
        if zip_code[i] != zip_code[i + 1]:
            variants.append(zip_code[:i] + zip_code[i + 1] + zip_code[i] + zip_code[i + 2 :])
    return variants


def _party_names(party: PartyData) -> list[tuple[str, str]]:
    """(name, first name) pairs under which the party may be stored.

    A person's surname and first name, also swapped ("Musterkunde
    Michaela"); a company's name. Without first name, a person's name of
    several words is also split into surname and first name both ways
    ("Smith Justin" may be "Justin Smith").
    """
    pieces = [piece for piece in _name_pieces(party.name) if piece.kind == "name"]
    first_pieces = [piece for piece in _name_pieces(party.first_name) if piece.kind == "name"]
    if not pieces:
        return []
    surname, first = _joined(pieces), _joined(first_pieces)
    if is_company(party):
        return [(surname, "")]
    names = [(surname, first)]
    if first:
        names.append((first, surname))
    else:
        words = list(dict.fromkeys(piece.word for piece in pieces))
        if len(words) > 1:
            for word in (words[-1], words[0]):
                names.append(
                    (
                        _joined(piece for piece in pieces if piece.word == word),
                        _joined(piece for piece in pieces if piece.word != word),
                    )
                )
    return list(dict.fromkeys(names))


def search_keys(party: PartyData) -> dict[str, tuple[str, ...]]:
    """Return the keys that find the party's candidates in the database.

    Exact keys, for indexed equality with the contacts' :class:`ContactKeys`
    and numbers, each robust to other kinds of noise: ``name_first`` (a
    wrong or missing postcode or street), ``address`` (a typo in the name,
    another first name of the household), ``street`` (these with a wrong or
    missing postcode), ``zip_number`` (a typo in the street and the name or
    another first name), ``name_zip`` (a wrong street) for a party without
    first name, whose ``name_first`` is only used without postcode; the
    postcodes in them also with two neighbouring digits swapped.
    ``phones`` and ``emails``: the party's canonical phone numbers and
    e-mail addresses. ``similarity_text``: the name as written, lower case,
    a person's with the first name, and ``street_text`` the street, to
    order the contacts the keys found by their similarity.
    """
    keys = _party_keys(party)
    names = _party_names(party)
    zips = _zip_variants(keys.zip) if keys.zip else []
    first = " ".join(_clean(party.first_name).split()) if not keys.company else ""
    similar = " ".join(filter(None, [first, _clean(party.name)])).lower()
    street_text = _party_street(party)[0].lower()
    # A name alone is no key where it is frequent: a surname in a postcode
    # when the first name is known (the address finds the household), a
    # company's name all over the country when the postcode is known.
    named = bool(keys.first) and not keys.company
    return {
        "name_zip": ()
        if named
        else tuple(_key(name, zip_key) for name, _first in names for zip_key in zips),
        "name_first": tuple(dict.fromkeys(_key(name, first) for name, first in names))
        if named or not zips
        else (),
        "address": tuple(
            _key(zip_key, keys.street, keys.house_number) for zip_key in zips if keys.street
        ),
        "street": (
            (_key(keys.street, keys.house_number),) if keys.street and keys.house_number else ()
        ),
        "zip_number": tuple(_key(zip_key, keys.house_number) for zip_key in zips)
        if keys.house_number
        else (),
        "phones": tuple(keys.phones),
        "emails": tuple(keys.emails),
        "similarity_text": (similar,) if names else (),
        "street_text": (street_text,) if names and street_text else (),
    }
