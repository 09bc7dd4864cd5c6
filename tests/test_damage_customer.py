"""Pure tests of workshop_damage_report/core/customer.py: the plate and the
preferred dates the customer enters (no Odoo)."""

import importlib.util
from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_SPEC = importlib.util.spec_from_file_location(
    "damage_report_customer", ROOT / "workshop_damage_report" / "core" / "customer.py"
)
customer = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(customer)

# Wednesday 2 December 2026, 10:00 UTC (11:00 in Berlin)
NOW = datetime(2026, 12, 2, 10, 0)
OPENING = {"tz_name": "Europe/Berlin", "days": {0, 1, 2, 3, 4}, "hour_from": 8.0, "hour_to": 17.0}


@pytest.mark.parametrize(
    ("entered", "plate"),
    [(" m-ab 1234e ", "M AB 1234E"), ("B:XY 12", "B XY 12"), ("köln 1", "KÖLN 1")],
)
def test_plates_are_normalized_and_valid(entered, plate):
    assert customer.normalize_plate(entered) == plate
    assert customer.is_valid_plate(entered)


@pytest.mark.parametrize("entered", ["", "X", "ABCDEF", "12345", "M AB 12<script>", "A" * 20 + "1"])
def test_what_is_no_plate_is_refused(entered):
    assert not customer.is_valid_plate(entered)


def test_the_times_offered_are_the_opening_hours():
    options = customer.time_options(8.0, 17.0)
    assert options[0] == "08:00"
    assert options[-1] == "16:30"
    assert len(options) == 18
    assert customer.hour_text(12.5) == "12:30"


def test_opening_days_are_read_from_the_setting():
    assert customer.opening_days("0, 1,2,9,x") == {0, 1, 2}
    assert customer.opening_days(False) == set()


def test_a_preferred_date_is_read_in_the_workshops_time_zone():
    start = customer.parse_preferred_date("2026-12-07", "09:30", now=NOW, **OPENING)
    assert start == datetime(2026, 12, 7, 8, 30), "09:30 in Berlin in winter is 08:30 UTC"
    summer = customer.parse_preferred_date("2027-05-03", "09:30", now=NOW, **OPENING)
    assert summer == datetime(2027, 5, 3, 7, 30)


@pytest.mark.parametrize(
    ("day", "at", "code"),
    [
        ("2026-12-06", "09:30", "closed_day"),  # a Sunday
        ("2026-12-07", "07:30", "time"),  # before opening
        ("2026-12-07", "17:00", "time"),  # at closing
        ("2026-12-07", "09:15", "time"),  # not one of the times offered
        ("2026-12-02", "08:00", "past"),
        ("2027-12-01", "09:00", "too_far"),
        ("07.12.2026", "09:00", "date"),
        ("2026-12-07", "", "time"),
    ],
)
def test_dates_the_workshop_cannot_take_are_refused(day, at, code):
    with pytest.raises(customer.InputError) as caught:
        customer.parse_preferred_date(day, at, now=NOW, **OPENING)
    assert caught.value.code == code


def test_today_is_the_day_in_the_workshops_time_zone():
    assert str(customer.local_today("Europe/Berlin", datetime(2026, 12, 2, 23, 30))) == "2026-12-03"
