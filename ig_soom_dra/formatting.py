# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""How the server writes dates and date-times for a person.

Every date or date-time the addon formats on the server (dialogs, chatter
notes, the status table, the transmission log, reminders, printed pages)
goes through :func:`format_local_datetime` or :func:`format_local_date`, so
that it reads as the web client shows the same value: in the user's time
zone and in the date and time format of the user's language (``res.lang``),
e.g. "03.12.2026 14:00:00" in German and "12/03/2026 14:00:00" in English.

The web client shows times in the browser's time zone, which the server does
not know; it knows the time zone of the context (which the web client sets
from the user's preferences), the user's and the company's. A user who set
none works where the workshops are: Europe/Berlin, not UTC.
"""

from datetime import datetime

import pytz

from odoo.tools import format_date, format_datetime
from odoo.tools.misc import babel_locale_parse, get_lang, posix_to_ldml

from .core.portal import LOCAL_TIMEZONE


def local_tz_name(env):
    """The time zone ``env``'s user reads times in (a valid ``pytz`` name)."""
    for name in (env.context.get("tz"), env.user.tz, env.company.partner_id.tz):
        if name and name in pytz.all_timezones_set:
            return name
    return LOCAL_TIMEZONE.key


def local_date(env, value):
    """The day a date-time (naive UTC) is in the user's time zone."""
    return pytz.utc.localize(value).astimezone(pytz.timezone(local_tz_name(env))).date()


def format_local_datetime(env, value, seconds=True):
    """A date-time (naive UTC, as Odoo stores it) in the user's time zone and
    language format; ``seconds=False`` uses the language's short time format."""
    if not value:
        return ""
    lang = get_lang(env)
    time_format = lang.time_format if seconds else lang.short_time_format
    pattern = posix_to_ldml(
        f"{lang.date_format} {time_format}", locale=babel_locale_parse(lang.code)
    )
    return format_datetime(env, value, tz=local_tz_name(env), dt_format=pattern)


def format_local_date(env, value):
    """A date in the language's date format; a date-time (naive UTC) as the
    day it is in the user's time zone."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = local_date(env, value)
    return format_date(env, value)
