"""Checks of the translations (``<addon>/i18n`` of each addon), without Odoo.

Compares every ``<lang>.po`` of an addon with the ``<addon>.pot`` exported
by Odoo, as both files are: every term of the template is translated, the
placeholders and the markup survive the translation, the comment lines Odoo
reads (``#.`` and ``#:``) are those of the template, and no stale term is left.
When the template is exported again with new terms, these tests fail until the
translations follow.

The reader below is deliberately small (``polib`` is an Odoo dependency and
may be missing): it understands what Odoo and gettext write, i.e. comments,
``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr``/``msgstr[n]`` and
continuation lines, and skips obsolete (``#~``) entries.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ADDONS = ("ig_soom_dra", "workshop_damage_report")
PO_FILES = sorted(path for addon in ADDONS for path in (ROOT / addon / "i18n").glob("*.po"))

# ---------------------------------------------------------------------------
# A tiny .po reader
# ---------------------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_ESCAPES.update({"f": "\f", "v": "\v"})


class PoSyntaxError(ValueError):
    pass


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)  # "#." and "#:" lines, as written
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self):
        return (self.msgctxt, self.msgid)

    @property
    def translations(self):
        return [self.msgstr[index] for index in sorted(self.msgstr)]


def _unquote(text, path, number):
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise PoSyntaxError(f"{path}:{number}: expected a quoted string: {text!r}")
    body = text[1:-1]
    out = []
    index = 0
    while index < len(body):
        char = body[index]
        if char == '"':
            raise PoSyntaxError(f"{path}:{number}: unescaped quote in {text!r}")
        if char == "\\":
            if index + 1 >= len(body) or body[index + 1] not in _ESCAPES:
                raise PoSyntaxError(f"{path}:{number}: bad escape in {text!r}")
            out.append(_ESCAPES[body[index + 1]])
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*)$")


def read_po(path):
    """Return (header entry, [entries]) of a .po/.pot file; raise PoSyntaxError."""
    entries = []
    current = Entry()
    target = None  # (attribute, plural index) the continuation lines extend
    seen_keyword = False

    def finish():
        nonlocal current, target, seen_keyword
        if seen_keyword:
            if not current.msgstr:
                raise PoSyntaxError(f"{path}:{current.line}: entry without msgstr")
            entries.append(current)
        elif current.comments:
            raise PoSyntaxError(f"{path}:{current.line}: comments without an entry")
        current, target, seen_keyword = Entry(), None, False

    text = Path(path).read_text(encoding="utf-8")
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):  # obsolete entry
            continue
        if line.startswith("#"):
            if seen_keyword and current.msgstr:
                finish()
            if not current.line:
                current.line = number
            if line.startswith("#,"):
                current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            elif line.startswith(("#.", "#:")):
                current.comments.append(raw.rstrip())
            continue
        if line.startswith('"'):
            if target is None:
                raise PoSyntaxError(f"{path}:{number}: string outside of an entry")
            value = _unquote(line, path, number)
            attribute, index = target
            if attribute == "msgstr":
                current.msgstr[index] += value
            else:
                setattr(current, attribute, getattr(current, attribute) + value)
            continue
        match = _KEYWORD.match(line)
        if not match:
            raise PoSyntaxError(f"{path}:{number}: unexpected line {raw!r}")
        keyword, plural_index, rest = match.groups()
        if keyword in ("msgctxt", "msgid") and current.msgstr:
            finish()  # a new entry without a blank line in between
        if not current.line:
            current.line = number
        value = _unquote(rest, path, number)
        seen_keyword = True
        if keyword.startswith("msgstr"):
            index = int(plural_index) if plural_index is not None else 0
            if index in current.msgstr:
                raise PoSyntaxError(f"{path}:{number}: msgstr[{index}] given twice")
            current.msgstr[index] = value
            target = ("msgstr", index)
        else:
            setattr(current, keyword, value)
            target = (keyword, None)
    finish()

    if not entries or entries[0].msgid != "" or entries[0].msgctxt is not None:
        raise PoSyntaxError(f'{path}: the first entry must be the header (msgid "")')
    header, body = entries[0], entries[1:]
    seen = {}
    for entry in body:
        if entry.msgid == "":
            raise PoSyntaxError(f"{path}:{entry.line}: empty msgid after the header")
        if entry.key in seen:
            raise PoSyntaxError(
                f"{path}:{entry.line}: duplicate msgid {entry.msgid!r} "
                f"(first at line {seen[entry.key]})"
            )
        seen[entry.key] = entry.line
    return header, body


def header_fields(header):
    fields = {}
    for line in header.msgstr.get(0, "").split("\n"):
        if ":" in line:
            name, value = line.split(":", 1)
            fields[name.strip()] = value.strip()
    return fields


# ---------------------------------------------------------------------------
# Placeholders and markup
# ---------------------------------------------------------------------------

# Python %-format: %(name)s, %s, %d, %05.2f … but not %% (no space flag, so
# that a German "20 % sind" is not taken for "% s").
_PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[-+0#]*(?:\d+|\*)?(?:\.\d+)?[sdiouxXeEfFgGcr]|%%"
)
# Odoo's JavaScript/QWeb-style placeholders: {{ name }}, {name}
_BRACES = re.compile(r"\{\{\s*[\w.]+\s*\}\}|\{[\w.]+\}")


def placeholders(text):
    found = [match.group(0) for match in _PLACEHOLDER.finditer(text) if match.group(0) != "%%"]
    found += _BRACES.findall(text)
    return Counter(found)


# Attributes Odoo translates inside a term: they may differ, all others must not.
_TRANSLATABLE_ATTRS = {"title", "alt", "placeholder", "aria-label", "label", "string", "help"}
_TAG = re.compile(
    r"<(/?)([A-Za-z][\w.:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'))?)*)\s*(/?)>"
)
_ATTR = re.compile(r"([^\s=>/]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'))?")


def markup(text):
    """The tags of a text, without the values of the translatable attributes."""
    tags = []
    for closing, name, attributes, self_closing in _TAG.findall(text):
        attrs = {}
        for attr_name, double, single in _ATTR.findall(attributes):
            value = double if double else single
            attrs[attr_name] = None if attr_name in _TRANSLATABLE_ATTRS else value
        tags.append((closing, name, tuple(sorted(attrs.items())), self_closing))
    return tags


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


def _pot_path(addon):
    return ROOT / addon / "i18n" / f"{addon}.pot"


def _addon(path):
    """The addon of a .po file (``<addon>/i18n/<lang>.po``)."""
    return path.parents[1].name


def _lang(path):
    return path.stem


def _po_id(path):
    return f"{_addon(path)}-{_lang(path)}"


@pytest.mark.parametrize("addon", ADDONS)
def test_template_parses(addon):
    _header, entries = read_po(_pot_path(addon))
    assert entries, f"the .pot of {addon} has no terms"
    assert all(not any(entry.translations) for entry in entries), f"{addon}.pot has translations"


@pytest.mark.parametrize("addon", ADDONS)
def test_german_translation_exists(addon):
    assert ROOT / addon / "i18n" / "de.po" in PO_FILES


@pytest.fixture(scope="module", params=PO_FILES, ids=_po_id)
def po(request):
    return request.param, read_po(request.param)


@pytest.fixture(scope="module")
def pot(po):
    """The template of the addon the .po file belongs to."""
    path, _parsed = po
    return read_po(_pot_path(_addon(path)))


def test_header(po):
    path, (header, _entries) = po
    fields = header_fields(header)
    assert fields.get("Language") == _lang(path)
    assert fields.get("Content-Type", "").replace(" ", "").lower() == "text/plain;charset=utf-8"
    assert re.fullmatch(r"nplurals=\d+;\s*plural=.+;?", fields.get("Plural-Forms", "")), fields


def test_every_term_is_translated(pot, po):
    path, (_header, entries) = po
    translated = {entry.key: entry for entry in entries}
    missing = [entry.msgid for entry in pot[1] if entry.key not in translated]
    assert not missing, f"{path.name} lacks {len(missing)} terms of the .pot: {missing}"
    empty = [
        entry.msgid
        for entry in entries
        if not entry.translations or not all(text.strip() for text in entry.translations)
    ]
    assert not empty, f"{path.name} has empty translations: {empty}"
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    assert not fuzzy, f"{path.name} has fuzzy translations: {fuzzy}"


def test_no_stale_terms(pot, po):
    path, (_header, entries) = po
    known = {entry.key for entry in pot[1]}
    stale = [entry.msgid for entry in entries if entry.key not in known]
    assert not stale, f"{path.name} has terms that are no longer in the .pot: {stale}"


def test_comments_as_in_template(pot, po):
    """Odoo finds the records and code strings by the "#." and "#:" lines."""
    path, (_header, entries) = po
    translated = {entry.key: entry for entry in entries}
    differing = [
        entry.msgid
        for entry in pot[1]
        if entry.key in translated and translated[entry.key].comments != entry.comments
    ]
    assert not differing, f"{path.name}: comment lines differ from the .pot for {differing}"


def test_placeholders_kept(po):
    path, (_header, entries) = po
    wrong = []
    for entry in entries:
        expected = placeholders(entry.msgid)
        for text in entry.translations:
            if placeholders(text) != expected:
                wrong.append((entry.msgid, text))
    assert not wrong, f"{path.name}: placeholders differ: {wrong}"


def test_markup_kept(po):
    path, (_header, entries) = po
    wrong = [
        (entry.msgid, text)
        for entry in entries
        if "<" in entry.msgid
        for text in entry.translations
        if markup(text) != markup(entry.msgid)
    ]
    assert not wrong, f"{path.name}: tags or attributes differ: {wrong}"


# --- the reader itself --------------------------------------------------------


def test_reader_multiline_and_escapes(tmp_path):
    path = tmp_path / "x.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
        "#. module: m\n#: code:addons/m/x.py:0\n"
        'msgid ""\n"Line \\"one\\"\\n"\n"  two %(n)s"\n'
        'msgstr ""\n"Zeile \\"eins\\"\\n"\n"  zwei %(n)s"\n\n'
        '#~ msgid "old"\n#~ msgstr "alt"\n',
        encoding="utf-8",
    )
    header, entries = read_po(path)
    assert header_fields(header) == {"Language": "de"}
    assert [(entry.msgid, entry.translations) for entry in entries] == [
        ('Line "one"\n  two %(n)s', ['Zeile "eins"\n  zwei %(n)s'])
    ]
    assert entries[0].comments == ["#. module: m", "#: code:addons/m/x.py:0"]


def test_reader_rejects_broken_files(tmp_path):
    path = tmp_path / "broken.po"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "a\nmsgstr "b"\n', encoding="utf-8")
    with pytest.raises(PoSyntaxError):
        read_po(path)
    path.write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
        encoding="utf-8",
    )
    with pytest.raises(PoSyntaxError, match="duplicate"):
        read_po(path)


def test_placeholder_and_markup_helpers():
    assert placeholders("%(limit)s MB, %s and %d, 100%% sure, 20 % sind") == Counter(
        {"%(limit)s": 1, "%s": 1, "%d": 1}
    )
    assert markup('<i class="x" title="Complete"/>') == markup('<i title="Fertig" class="x"/>')
    assert markup('<i class="x"/>') != markup('<i class="y"/>')
