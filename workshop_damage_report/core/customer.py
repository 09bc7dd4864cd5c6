"""What the customer enters in the web app: the steps, and the checks of a
licence plate and of a preferred date (no ``odoo`` import here)."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

#: The steps of the web app, in order.
STEPS = ("contact", "insurance", "photos", "damage", "dates", "forms", "review")
#: Most preferred dates a customer gives.
MAX_PREFERRED_DATES = 3
#: How far ahead a preferred date may be.
MAX_DAYS_AHEAD = 180
#: Longest damage description.
DESCRIPTION_LIMIT = 5000
#: Highest odometer reading accepted, in km.
MAX_ODOMETER = 2_000_000
#: Oldest year of a first registration or a damage.
OLDEST_YEAR = 1900
#: The times offered in a day, every this many minutes.
TIME_STEP_MINUTES = 30

_PLATE_SEPARATORS = re.compile(r"[\s\-–_.:]+")
# A German plate: district (1-3 letters), recognition letters (1-2), number
# (1-4 digits), E (electric) or H (historic) at the end; foreign plates:
# letters and digits, 2 to 10 of them.
_PLATE = re.compile(r"[A-ZÄÖÜ0-9]{1,5}( [A-ZÄÖÜ0-9]{1,5}){0,3}")
_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


class InputError(ValueError):
    """A value the customer has to correct. ``code`` says which check failed."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def normalize_plate(value: str | None) -> str:
    """The plate in capitals with single blanks between its parts:
    " m-ab 1234e " -> "M AB 1234E"."""
    text = _PLATE_SEPARATORS.sub(" ", (value or "").strip().upper())
    return text.strip()


def is_valid_plate(value: str | None) -> bool:
    """Whether ``value`` (normalized) reads as a licence plate: letters and
    digits, with both, 2 to 10 of them."""
    plate = normalize_plate(value)
    signs = plate.replace(" ", "")
    return bool(
        _PLATE.fullmatch(plate)
        and 2 <= len(signs) <= 10
        and any(char.isdigit() for char in signs)
        and any(char.isalpha() for char in signs)
    )


def opening_days(value: str | None) -> set[int]:
    """The weekdays of ``res.company.damage_report_opening_days`` ("0,1,2")."""
    parts = (part.strip() for part in (value or "").split(","))
    return {int(part) for part in parts if part.isdigit() and int(part) <= 6}


def time_options(hour_from: float, hour_to: float) -> list[str]:
    """The times a customer may choose ("08:00", "08:30", ...), from the
    opening hour to the last step before closing."""
    start = round(hour_from * 60)
    end = round(hour_to * 60)
    return [
        f"{minutes // 60:02d}:{minutes % 60:02d}"
        for minutes in range(start, end, TIME_STEP_MINUTES)
        if minutes < 24 * 60
    ]


def hour_text(value: float) -> str:
    """An hour of the day as "17:00" (17.0) or "12:30" (12.5)."""
    minutes = min(round(value * 60), 24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_preferred_date(
    day: str,
    at: str,
    *,
    tz_name: str,
    days: set[int],
    hour_from: float,
    hour_to: float,
    now: datetime,
) -> datetime:
    """The preferred date ``day`` ("2026-12-03") at ``at`` ("09:30"), read
    in the workshop's time zone, as a naive UTC date-time (as Odoo stores
    it). ``now`` is naive UTC. Raises :class:`InputError`: ``date`` (not a
    date), ``time`` (not a time of the offered ones), ``past``, ``too_far``,
    ``closed_day``."""
    try:
        local_day = date.fromisoformat((day or "").strip())
    except ValueError as error:
        raise InputError("date") from error
    match = _TIME.fullmatch((at or "").strip())
    if not match or f"{int(match[1]):02d}:{match[2]}" not in time_options(hour_from, hour_to):
        raise InputError("time")
    zone = ZoneInfo(tz_name)
    local = datetime.combine(local_day, time(int(match[1]), int(match[2])), tzinfo=zone)
    start = local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    if start <= now:
        raise InputError("past")
    if start > now + timedelta(days=MAX_DAYS_AHEAD):
        raise InputError("too_far", days=MAX_DAYS_AHEAD)
    if local_day.weekday() not in days:
        raise InputError("closed_day")
    return start


def local_today(tz_name: str, now: datetime) -> date:
    """The day it is in ``tz_name`` at ``now`` (naive UTC)."""
    return now.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(tz_name)).date()
