"""How the order data of a DRA file are kept on a repair order, both ways.

The takeover assistant turns a file's values into the order's values with
these functions, and the DRA export turns the order's values back into the
file's with their inverses, so that a file written from an order and taken
over again gives the same order:

* cover types and roadworthiness: the file's words <-> the order's keys;
* the broker's services: ``DraService`` items <-> one line each in a text;
* date-times: the file's naive local German times <-> Odoo's naive UTC;
* a person's name: a contact keeps "first name and name" in one field,
  the file has them apart.

This module must not import Odoo: it is used and tested without it.
"""

import re
from datetime import datetime, timezone

from .dra import DraService
from .portal import LOCAL_TIMEZONE

__all__ = [
    "COVER_TYPES",
    "ROADWORTHINESS",
    "SERVICE_SEPARATOR",
    "cover_type_key",
    "cover_type_text",
    "roadworthy_key",
    "roadworthy_text",
    "services_from_text",
    "services_text",
    "split_person_name",
    "to_local",
    "to_utc",
]

#: Cover type of the file (``Versicherungsart``) -> the order's ``cover_type``.
COVER_TYPES = {"Vollkasko": "full", "Teilkasko": "partial", "Haftpflicht": "liability"}
#: Roadworthiness of the file (``Fahrbereit``) -> the order's ``roadworthy``.
ROADWORTHINESS = {"ja": "yes", "nein": "no", "unbekannt": "unknown"}
#: Between the code and the text of a service in the order's services text.
SERVICE_SEPARATOR = " – "

# A service code as brokers write them ("HOL", "REI", "LFZ_A"): one word of
# capitals, digits and underscores. A line of the services text that is one
# such word alone is a code without text.
_SERVICE_CODE = re.compile(r"[A-Z0-9_]{1,16}")
# Words that belong to a surname, not to the first name before it
# ("Maria von der Leyen", "Jan van Dijk").
_SURNAME_PARTICLES = frozenset(
    {"von", "vom", "van", "de", "der", "den", "del", "della", "di", "da", "du", "la", "le"}
    | {"zu", "zum", "zur", "ten", "ter", "op", "mac", "mc", "al", "el", "bin", "ibn"}
)


def cover_type_key(text: str | None) -> str | None:
    """The order's cover type of the file's ``Versicherungsart``; None when unknown."""
    wanted = " ".join((text or "").split()).lower()
    return next((key for word, key in COVER_TYPES.items() if word.lower() == wanted), None)


def cover_type_text(key: str | None) -> str | None:
    """The file's ``Versicherungsart`` of the order's cover type."""
    return next((word for word, known in COVER_TYPES.items() if known == key), None)


def roadworthy_key(text: str | None) -> str | None:
    """The order's roadworthiness of the file's ``Fahrbereit``; None when unknown."""
    return ROADWORTHINESS.get(" ".join((text or "").split()).lower())


def roadworthy_text(key: str | None) -> str | None:
    """The file's ``Fahrbereit`` of the order's roadworthiness."""
    return next((word for word, known in ROADWORTHINESS.items() if known == key), None)


def services_text(services: tuple[DraService, ...]) -> str:
    """The broker's services as the order keeps them: "code – text", one per line."""
    return "\n".join(
        SERVICE_SEPARATOR.join(part for part in (service.code, service.text) if part)
        for service in services
        if service.code or service.text
    )


def services_from_text(text: str | None) -> tuple[DraService, ...]:
    """The services of the order's services text (the inverse of :func:`services_text`).

    A line "code – text" whose first part is a code (one word of capitals,
    digits and underscores) is a service with code and text; a line that is
    such a word alone is a code without text; any other line is a text
    without code. Blank lines are skipped.
    """
    services = []
    for written in (text or "").splitlines():
        line = " ".join(written.split())
        if not line:
            continue
        code, separator, rest = line.partition(SERVICE_SEPARATOR.strip())
        code, rest = code.strip(), rest.strip()
        if separator and rest and _SERVICE_CODE.fullmatch(code):
            services.append(DraService(code=code, text=rest))
        elif _SERVICE_CODE.fullmatch(line):
            services.append(DraService(code=line))
        else:
            services.append(DraService(text=line))
    return tuple(services)


def to_utc(value: datetime | None) -> datetime | None:
    """A naive local German time (as DRA files hold them) as naive UTC (as Odoo does)."""
    if value is None:
        return None
    return value.replace(tzinfo=LOCAL_TIMEZONE).astimezone(timezone.utc).replace(tzinfo=None)


def to_local(value: datetime | None) -> datetime | None:
    """A naive UTC time (Odoo's) as naive local German time (the file's); whole seconds."""
    if value is None:
        return None
    local = value.replace(tzinfo=timezone.utc).astimezone(LOCAL_TIMEZONE)
    return local.replace(tzinfo=None, microsecond=0)


def split_person_name(name: str | None) -> tuple[str | None, str | None]:
    """``(name, first name)`` of a person's full name as a contact keeps it.

    The takeover makes a person's contact name of first name and name
    ("Michaela Musterkunde"); this splits it back: the last word is the
    name, with the particles before it ("Maria von der Leyen" ->
    ("von der Leyen", "Maria")); "Name, First name" is split at the comma.
    A single word is the name alone. Joining first name and name with a
    blank gives the name again (but for the comma form and blanks).
    """
    text = " ".join((name or "").split())
    if not text:
        return None, None
    if "," in text:
        surname, _comma, first = (part.strip() for part in text.partition(","))
        if surname and first:
            return surname, first
        text = surname or first
    words = text.split(" ")
    if len(words) < 2:
        return text, None
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _SURNAME_PARTICLES:
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start])
