"""Tests of the broker's order e-mail rules (``ig_soom_dra.core.order_mail``), no Odoo."""

import time

import pytest

from ig_soom_dra.core.order_mail import (
    DEFAULT_SUBJECT_PATTERN,
    MAX_PATTERN_LENGTH,
    MAX_SUBJECT_LENGTH,
    OrderMailError,
    OrderSubject,
    compile_pattern,
    parse_subject,
    sender_allowed,
    sender_entries,
)

IG_SUBJECT = "Reparaturauftrag von der Innovation Group ARA Nr.202019362 Kennzeichen: S-IG 123"


# ---------------------------------------------------------------------------
# The subject
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        (IG_SUBJECT, OrderSubject("202019362", "S-IG 123")),
        (IG_SUBJECT.replace("S-IG 123", "M-ÄÖ 12"), OrderSubject("202019362", "M-ÄÖ 12")),
        (IG_SUBJECT.replace("Nr.", "Nr. "), OrderSubject("202019362", "S-IG 123")),
        (IG_SUBJECT.replace("Nr.", "Nr "), OrderSubject("202019362", "S-IG 123")),
        # a forward or reply keeps its prefix; case and blanks do not matter
        ("WG: " + IG_SUBJECT.upper(), OrderSubject("202019362", "S-IG 123")),
        (IG_SUBJECT.replace(" ", "  ") + "  ", OrderSubject("202019362", "S-IG 123")),
        # no plate given
        (
            "Reparaturauftrag von der Innovation Group ARA Nr.202019362",
            OrderSubject("202019362", None),
        ),
        # not an order e-mail
        ("Erinnerung: offene Aufträge", None),
        ("Reparaturauftrag von der Innovation Group ARA Nr.abc Kennzeichen: S-IG 1", None),
        ("", None),
        (None, None),
    ],
)
def test_default_pattern_reads_igs_subject(subject, expected):
    assert parse_subject(DEFAULT_SUBJECT_PATTERN, subject) == expected


def test_a_pattern_of_another_broker():
    pattern = r"Auftrag (?P<number>[A-Z]{2}-\d+) für (?P<plate>.+)$"
    assert parse_subject(pattern, "Neuer Auftrag EG-4711 für B-EG 1") == OrderSubject(
        "EG-4711", "B-EG 1"
    )
    assert parse_subject(r"Auftrag (?P<number>\d+)", "Auftrag 4711") == OrderSubject("4711")


def test_only_the_start_of_a_long_subject_is_read():
    subject = "x" * MAX_SUBJECT_LENGTH + " Auftrag 4711"
    assert parse_subject(r"Auftrag (?P<number>\d+)", subject) is None


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?P<number>(a|aa)+)b",
        r"(?P<number>(a+)+)b",
        r"(?P<number>(?:\d*)*)x",
        r"(?P<number>(?:\d{1,3}){2,})",
        r"(?:(?:ab|a)+)(?P<number>\d+)",
        r"(?=(?:a+)+)(?P<number>\d+)",
    ],
)
def test_a_pattern_that_backtracks_exponentially_is_refused(pattern):
    with pytest.raises(OrderMailError) as caught:
        compile_pattern(pattern)
    assert caught.value.code == "nested"
    start = time.monotonic()
    assert parse_subject(pattern, "a" * MAX_SUBJECT_LENGTH) is None
    assert time.monotonic() - start < 1


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:Nr\.|Nummer)\s*(?P<number>\d+)",  # alternatives not repeated
        r"(?P<number>\d+)(?:\s+Kennzeichen:\s*(?P<plate>\S.{0,30}?))?",  # optional group
        r"(?P<number>(?:\d{3})+)",  # a repeated group without a repetition in it
    ],
)
def test_patterns_without_nested_repetition_are_fine(pattern):
    assert compile_pattern(pattern)


def test_a_long_subject_ends_fast_with_the_default_pattern():
    subject = "Reparaturauftrag von der Innovation Group ARA Nr." + " " * 10_000 + "1"
    start = time.monotonic()
    assert parse_subject(DEFAULT_SUBJECT_PATTERN, subject) is None
    assert time.monotonic() - start < 1


def test_the_values_are_bounded():
    assert parse_subject(r"(?P<number>\d+)", "1" * 41) is None
    long_plate = parse_subject(r"(?P<number>\d+) (?P<plate>.+)", "12 " + "A" * 50)
    assert long_plate == OrderSubject("12", "A" * 20)
    assert parse_subject(r"(?P<number>\s*)x", "  x") is None


@pytest.mark.parametrize(
    ("pattern", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
        ("(?P<number>\\d+", "invalid"),
        ("ARA Nr (\\d+)", "no_number"),
        ("(?P<number>\\d+) (?P<other>.)", "unknown_group"),
        ("(?P<number>\\d+)" + "x" * MAX_PATTERN_LENGTH, "too_long"),
    ],
)
def test_unusable_patterns(pattern, code):
    with pytest.raises(OrderMailError) as caught:
        compile_pattern(pattern)
    assert caught.value.code == code
    assert parse_subject(pattern, IG_SUBJECT) is None


def test_default_pattern_compiles():
    assert set(compile_pattern(DEFAULT_SUBJECT_PATTERN).groupindex) == {"number", "plate"}


# ---------------------------------------------------------------------------
# The senders
# ---------------------------------------------------------------------------

SENDERS = "Auftrag@Innovation-Group.com\n\n  @innovation.group  \n"


def test_sender_entries():
    assert sender_entries(SENDERS) == ["auftrag@innovation-group.com", "@innovation.group"]
    assert sender_entries("") == []
    assert sender_entries(None) == []
    for bad in ("innovation group", "@", "auftrag@", "a@b@c.de", "@localhost"):
        with pytest.raises(OrderMailError) as caught:
            sender_entries(f"auftrag@innovation-group.com\n{bad}")
        assert caught.value.detail == bad


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("auftrag@innovation-group.com", True),
        ("AUFTRAG@innovation-group.COM", True),
        ("disposition@innovation.group", True),
        ("other@innovation-group.com", False),  # only the full address is listed
        ("auftrag@innovation-group.com.example.com", False),
        ("someone@sub.innovation.group", False),  # not a subdomain
        ("someone@innovation.group.evil.example", False),
        ("betrug@example.com", False),
        ("", False),
        (None, False),
        ("no address", False),
    ],
)
def test_sender_allowed(address, allowed):
    assert sender_allowed(SENDERS, address) is allowed


def test_no_or_unreadable_senders_admit_nobody():
    assert not sender_allowed("", "auftrag@innovation-group.com")
    assert not sender_allowed(
        "auftrag@innovation-group.com\nkaputt", "auftrag@innovation-group.com"
    )
