"""The broker's order e-mail: who may send it, and the order it names in its subject.

Pure functions, no Odoo: the broker record holds the sender addresses and
the subject pattern (``dra.broker``), the mail gateway hands in the sender
and the subject of an incoming e-mail.

Sender addresses
    One entry a line: a full address (``auftrag@innovation-group.com``)
    or a domain with a leading ``@`` (``@innovation.group``), which admits
    every address of exactly that domain (not of its subdomains). Case
    does not matter; empty lines and blanks around an entry are ignored.

Subject pattern
    A regular expression (Python ``re``) with the named group ``number``
    (the broker's order number) and optionally ``plate`` (the licence
    plate). It is searched in the subject (not anchored), case-insensitive.
    The pattern is at most ``MAX_PATTERN_LENGTH`` characters, and a
    repetition in it (``+``, ``*``, ``{2,}``) must not hold another
    repetition or alternatives (``(a+)+``, ``(a|aa)*``): those are what makes
    a regular expression take exponential time on a crafted subject. Only
    the first ``MAX_SUBJECT_LENGTH`` characters of a subject are read. Both
    bound the work of the pattern on a subject that an outsider wrote.
"""

import re
from dataclasses import dataclass

try:  # Python 3.11 and later
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants
    import sre_parse

#: The subject of IG's order e-mail, e.g. "Reparaturauftrag von der Innovation
#: Group ARA Nr.202019362 Kennzeichen: S-IG 123".
DEFAULT_SUBJECT_PATTERN = (
    r"Reparaturauftrag von der Innovation Group ARA Nr\.?\s*(?P<number>\d{1,20})"
    r"(?:\s+Kennzeichen:\s*(?P<plate>\S.{0,30}?))?\s*$"
)
#: Longest subject pattern accepted, in characters.
MAX_PATTERN_LENGTH = 500
#: Only this many characters of a subject are read.
MAX_SUBJECT_LENGTH = 300
#: Longest order number and plate taken from a subject.
MAX_NUMBER_LENGTH = 40
MAX_PLATE_LENGTH = 20
#: The named groups a pattern may have; ``number`` is required.
PATTERN_GROUPS = frozenset({"number", "plate"})

_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DOMAIN = re.compile(r"^@[^@\s]+\.[^@\s]+$")


#: The repetitions of a parsed regular expression (``+``, ``*``, ``?``, ``{m,n}``).
_REPEATS = {
    op
    for op in (
        sre_constants.MAX_REPEAT,
        sre_constants.MIN_REPEAT,
        getattr(sre_constants, "POSSESSIVE_REPEAT", None),
    )
    if op is not None
}


class OrderMailError(ValueError):
    """A sender list or subject pattern that cannot be used; ``code`` says why."""

    def __init__(self, code, detail=""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class OrderSubject:
    """What a subject says: the order number and the plate (``None`` when not given)."""

    number: str
    plate: str | None = None


def sender_entries(text):
    """The entries of a list of sender addresses, lower case.

    Raises ``OrderMailError("sender", entry)`` for an entry that is neither
    an address nor ``@domain``.
    """
    entries = []
    for line in (text or "").splitlines():
        entry = line.strip().lower()
        if not entry:
            continue
        if not (_ADDRESS.match(entry) or _DOMAIN.match(entry)):
            raise OrderMailError("sender", line.strip())
        entries.append(entry)
    return entries


def sender_allowed(text, address):
    """Whether ``address`` (a bare e-mail address) is one of the senders in ``text``.

    An empty list admits nobody. A list that cannot be read admits nobody either.
    """
    address = (address or "").strip().lower()
    if not _ADDRESS.match(address):
        return False
    try:
        entries = sender_entries(text)
    except OrderMailError:
        return False
    domain = "@" + address.rsplit("@", 1)[1]
    return any(entry in (address, domain) for entry in entries)


def _subpatterns(value):
    """The parsed sub-expressions inside the argument of a node of a parsed expression."""
    if isinstance(value, sre_parse.SubPattern):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _subpatterns(item)


def _nested_repetition(tree, repeated=False):
    """Whether a repetition of ``tree`` (parsed) holds a repetition or alternatives.

    A fixed count (``{3}``) inside a repetition is no repetition of its own.
    """
    for op, argument in tree:
        if op in _REPEATS:
            low, high, body = argument
            if repeated and high > 1 and low != high:
                return True
            if _nested_repetition(body, repeated or high > 1):
                return True
            continue
        if op is sre_constants.BRANCH and repeated:
            return True
        if any(_nested_repetition(sub, repeated) for sub in _subpatterns(argument)):
            return True
    return False


def compile_pattern(pattern):
    """The compiled subject pattern; ``OrderMailError`` when it cannot be used.

    Codes: ``empty``, ``too_long``, ``invalid`` (not a regular expression,
    with the reason as ``detail``), ``nested`` (a repetition of a repetition
    or of alternatives), ``no_number`` (no group ``number``),
    ``unknown_group`` (another named group, named in ``detail``).
    """
    if not pattern or not pattern.strip():
        raise OrderMailError("empty")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise OrderMailError("too_long", str(MAX_PATTERN_LENGTH))
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
        tree = sre_parse.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError) as error:
        raise OrderMailError("invalid", str(error)) from error
    if _nested_repetition(tree):
        raise OrderMailError("nested")
    if "number" not in compiled.groupindex:
        raise OrderMailError("no_number")
    unknown = set(compiled.groupindex) - PATTERN_GROUPS
    if unknown:
        raise OrderMailError("unknown_group", ", ".join(sorted(unknown)))
    return compiled


def parse_subject(pattern, subject):
    """The order number and plate that ``subject`` names, or ``None``.

    ``None`` also when the pattern cannot be used, or when the number it
    finds is empty or too long. Blanks around the values are removed; the
    plate keeps its letters as written (umlauts included).
    """
    try:
        compiled = compile_pattern(pattern)
    except OrderMailError:
        return None
    text = " ".join((subject or "")[:MAX_SUBJECT_LENGTH].split())
    match = compiled.search(text)
    if not match:
        return None
    number = (match.group("number") or "").strip()
    if not number or len(number) > MAX_NUMBER_LENGTH:
        return None
    plate = match.groupdict().get("plate")
    plate = (plate or "").strip()[:MAX_PLATE_LENGTH] or None
    return OrderSubject(number, plate)
