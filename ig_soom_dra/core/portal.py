"""Broker portals: what every portal adapter offers, the milestones, and the adapters known.

A workshop reaches a claims broker's portal (Innovation Group's SOOM today,
its announced successor "Gateway" or another broker's portal later) through
a connection record of the addon: broker, company, adapter, base URL,
credentials, timeout, retries and a total deadline. The addon builds the
adapter's client from that record and calls only the methods of
:class:`PortalClient`; it never knows the portal's protocol.

A new portal is one module beside ``soom.py``: a subclass of
:class:`PortalClient` that speaks the portal's protocol, registered with::

    register(Adapter("gateway", "Innovation Group Gateway", GatewayClient))

and imported by ``core/__init__.py``. The connection record then offers it
as a choice.

The milestones (:data:`MILESTONES`) are the workshop's own: what it records
of an order and which of those it transfers. Their values travel between
the addon and an adapter as JSON values keyed by milestone
(:func:`to_payload`, :func:`from_payload`); each adapter maps those keys
onto its portal's field names.

This module must not import Odoo: it is used and tested without it.
"""

import ipaddress
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

__all__ = [
    "ERROR_CODES",
    "KINDS",
    "LOCAL_TIMEZONE",
    "MILESTONES",
    "REFUSAL_REASONS",
    "SENT_KEYS",
    "Adapter",
    "Deadline",
    "Milestone",
    "Money",
    "PortalClient",
    "PortalError",
    "PortalOrder",
    "adapters",
    "from_payload",
    "get_adapter",
    "is_loopback",
    "parse_datetime",
    "register",
    "to_payload",
    "validate_base_url",
]

#: Time zone of the workshops: date-times are sent to a portal with its offset,
#: and DRA files hold naive local times in it (``core.dra``).
LOCAL_TIMEZONE = ZoneInfo("Europe/Berlin")


@dataclass(frozen=True)
class Money:
    """An amount of money: a ``Decimal`` and the ISO 4217 code of its currency.

    Its JSON value is ``{"amount": "1234.50", "currency": "EUR"}``: the
    amount a decimal string with exactly two places (rounded half up; never
    a float, so that no cent is lost), the code three capital letters.
    """

    amount: Decimal
    currency: str

    def __post_init__(self):
        if not isinstance(self.amount, Decimal) or not self.amount.is_finite():
            raise ValueError(f"amount {self.amount!r} is not a finite Decimal")
        if not isinstance(self.currency, str) or not _CURRENCY.fullmatch(self.currency):
            raise ValueError(f"currency {self.currency!r} is not an ISO 4217 code")

    def as_json(self) -> dict[str, str]:
        """The JSON value (see the class)."""
        cents = self.amount.quantize(_CENT, rounding=ROUND_HALF_UP)
        return {"amount": f"{cents:f}", "currency": self.currency}

    @classmethod
    def from_json(cls, value: Any) -> "Money":
        """The reverse of :meth:`as_json`; ``ValueError`` for anything else."""
        if not isinstance(value, dict) or set(value) != {"amount", "currency"}:
            raise ValueError(f"{value!r} is not an object of amount and currency")
        amount = value["amount"]
        if not isinstance(amount, str) or not _AMOUNT.fullmatch(amount):
            raise ValueError(f"amount {amount!r} is not a decimal with two places")
        try:
            return cls(Decimal(amount), value["currency"])
        except InvalidOperation as exc:  # pragma: no cover - the pattern excludes it
            raise ValueError(f"amount {amount!r} is not a decimal") from exc


_CURRENCY = re.compile(r"[A-Z]{3}")
_AMOUNT = re.compile(r"-?\d{1,15}\.\d{2}")
_CENT = Decimal("0.01")

#: Kinds of milestone values and the Python type of each.
KINDS = {"datetime": datetime, "date": date, "bool": bool, "text": str, "money": Money}

#: Codes of :class:`PortalError`, for the caller to pick a translated message.
ERROR_CODES = ("unauthorized", "timeout", "connection", "server", "client", "bad_response")
#: Why the portal refused a request (``PortalError.reason`` of the code ``client``).
REFUSAL_REASONS = ("unknown_case", "wrong_state", "invalid_request", "key_reused")


# --------------------------------------------------------------------------
# Milestones
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Milestone:
    """One milestone of a repair order that the workshop records.

    ``key`` is our name, ``kind`` one of :data:`KINDS`, ``label_en`` an
    English label, ``sent`` whether the value is transferred to the
    broker's portal (the others the workshop keeps for itself).
    """

    key: str
    kind: str
    label_en: str
    sent: bool

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"milestone {self.key!r}: unknown kind {self.kind!r}")


#: The workshop's milestones, in the order of the repair flow.
MILESTONES: dict[str, Milestone] = {
    milestone.key: milestone
    for milestone in (
        Milestone("call_time", "datetime", "Call time", True),
        Milestone("customer_reached", "bool", "Customer reached", True),
        Milestone("inspection_at", "datetime", "Inspection appointment", True),
        Milestone("courtesy_car_class", "text", "Courtesy car class", True),
        Milestone("courtesy_car_out", "datetime", "Courtesy car handed out", True),
        Milestone("vehicle_received", "datetime", "Vehicle received", True),
        Milestone("estimate_sent", "datetime", "Estimate sent", True),
        Milestone("estimate_net", "money", "Estimate amount (net)", True),
        Milestone("estimate_gross", "money", "Estimate amount (gross)", True),
        Milestone("release_received", "bool", "Technical release received", True),
        Milestone("release_date", "date", "Release date", True),
        Milestone("parts_ordered", "datetime", "Parts ordered", False),
        Milestone("parts_complete", "datetime", "Parts complete", False),
        Milestone("repair_start", "datetime", "Planned repair start", True),
        Milestone("repair_end_expected", "datetime", "Expected repair end", True),
        Milestone("repair_started", "datetime", "Repair started", False),
        Milestone("work_interrupted", "bool", "Work interrupted", False),
        Milestone("repair_end", "datetime", "Repair end", True),
        Milestone("courtesy_car_returned", "datetime", "Courtesy car returned", True),
        Milestone("vehicle_returned", "datetime", "Vehicle handed back", True),
        Milestone("invoice_number", "text", "Invoice number", True),
        Milestone("invoice_date", "date", "Invoice date", True),
        Milestone("invoice_net", "money", "Invoice amount (net)", True),
        Milestone("invoice_tax", "money", "Invoice VAT", True),
        Milestone("invoice_gross", "money", "Invoice amount (gross)", True),
        Milestone("deductible", "money", "Deductible", True),
        Milestone("workshop_status", "text", "Workshop status", True),
        Milestone("internal_notes", "text", "Internal notes", True),
    )
}

#: Keys of the milestones that are transferred, in the order of the flow.
SENT_KEYS = tuple(key for key, milestone in MILESTONES.items() if milestone.sent)


def _check_type(milestone: Milestone, value: Any) -> None:
    """Raise ``ValueError`` unless ``value`` has the Python type of the milestone's kind."""
    expected = KINDS[milestone.kind]
    wrong = not isinstance(value, expected) or (
        milestone.kind == "date" and isinstance(value, datetime)
    )
    if wrong:
        raise ValueError(
            f"milestone {milestone.key!r} needs a {milestone.kind} value, "
            f"not {type(value).__name__}"
        )


def parse_datetime(text: str) -> datetime:
    """Parse an ISO 8601 date-time with offset ("Z" too) into Europe/Berlin.

    Raises ``ValueError`` when the text is no date-time or has no offset.
    """
    parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    if parsed.utcoffset() is None:
        raise ValueError(f"date-time {text!r} has no offset")
    return parsed.astimezone(LOCAL_TIMEZONE)


def _serialise(milestone: Milestone, value: Any) -> Any:
    """Turn one milestone value into its JSON value."""
    if value is None:
        return None
    _check_type(milestone, value)
    if milestone.kind == "datetime":
        if value.utcoffset() is None:
            raise ValueError(
                f"milestone {milestone.key!r}: naive date-time {value.isoformat()}; "
                "give it a time zone (Odoo's values are UTC)"
            )
        return value.astimezone(LOCAL_TIMEZONE).isoformat(timespec="seconds")
    if milestone.kind == "date":
        return value.isoformat()
    if milestone.kind == "money":
        return value.as_json()
    if milestone.kind == "text":
        return value.strip() or None
    return value


def _deserialise(milestone: Milestone, value: Any) -> Any:
    """Turn one JSON value into the Python value of the milestone."""
    if value is None:
        return None
    kind = milestone.kind
    if kind in ("bool", "text"):
        _check_type(milestone, value)
        return value
    if kind == "money":
        try:
            return Money.from_json(value)
        except ValueError as exc:
            raise ValueError(f"milestone {milestone.key!r}: {exc}") from exc
    if not isinstance(value, str) or (kind == "date" and len(value) != 10):
        raise ValueError(f"milestone {milestone.key!r}: {value!r} is not a {kind}")
    if kind == "date":
        return date.fromisoformat(value)
    return parse_datetime(value)


def _sent_milestone(key: str) -> Milestone:
    """The milestone ``key``; ``ValueError`` when it is unknown or not transferred."""
    milestone = MILESTONES.get(key)
    if milestone is None:
        raise ValueError(f"unknown milestone {key!r}")
    if not milestone.sent:
        raise ValueError(f"milestone {key!r} is kept in the workshop, not sent")
    return milestone


def to_payload(values: Mapping[str, Any]) -> dict[str, Any]:
    """Turn milestone values into JSON values, keyed by milestone.

    Date-times must be aware and are written in ISO 8601 with the offset of
    Europe/Berlin, to the second; dates in ISO 8601; booleans as JSON
    booleans; money (:class:`Money`) as ``{"amount": "1234.50", "currency":
    "EUR"}``; texts stripped, an empty text as ``None``. ``None`` stays
    ``None`` (it clears the value in the portal).

    Raises ``ValueError`` for an unknown key, a milestone that is not sent,
    and a value of the wrong type or a naive date-time.
    """
    return {key: _serialise(_sent_milestone(key), value) for key, value in values.items()}


def from_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Turn JSON values keyed by milestone into milestone values (the reverse
    of :func:`to_payload`); date-times come back aware, in Europe/Berlin.

    Raises ``ValueError`` for an unknown key or a malformed value.
    """
    return {key: _deserialise(_sent_milestone(key), value) for key, value in payload.items()}


# --------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------

_LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` names this machine."""
    if not host:
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate_base_url(base_url: str) -> str:
    """Check a portal's base URL and return it without trailing slash.

    The URL must be ``https://host[:port][/path]``; ``http://`` only for a
    host on this machine (a stand-in). Credentials, query and fragment are
    refused. Raises ``ValueError`` with an English message otherwise.
    """
    url = (base_url or "").strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"base URL {url!r} is not an https:// URL")
    if parts.username is not None or parts.password is not None:
        raise ValueError("the base URL must not contain credentials")
    if parts.query or parts.fragment:
        raise ValueError("the base URL must not have a query or fragment")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ValueError(f"base URL {url!r}: plain http is allowed only on this machine; use https")
    return url


# --------------------------------------------------------------------------
# Clients
# --------------------------------------------------------------------------


class PortalError(Exception):
    """A request to a broker's portal failed.

    ``code`` is one of :data:`ERROR_CODES`, for the caller to pick a
    translated message; ``status`` is the HTTP status of the portal's
    answer, or ``None`` when there was none; ``str(error)`` is an English
    message, never containing the credentials.

    ================  =====================================================
    ``unauthorized``  the portal refused the credentials (401, 403)
    ``timeout``       the portal did not answer in time (or the deadline
                      of the button press passed)
    ``connection``    the portal could not be reached (refused, name
                      unknown, TLS verification failed, connection dropped)
    ``server``        the portal answered with an error of its own (5xx)
    ``client``        the portal refused the request (other 4xx: unknown
                      case, order not accepted, invalid value, reused key)
    ``bad_response``  the portal's answer was not what its protocol says
    ================  =====================================================

    A refusal (``client``) carries a ``reason``, one of
    :data:`REFUSAL_REASONS`, for the caller to say what to do; the portal's
    own explanation (English) is part of ``str(error)`` only:

    ===================  ==================================================
    ``unknown_case``     the portal knows no case with this id
    ``wrong_state``      the order's state in the portal does not allow it
                         (not accepted yet, declined, accepted already)
    ``invalid_request``  a value or the request itself is invalid
    ``key_reused``       the idempotency key came before with other values
    ===================  ==================================================
    """

    def __init__(
        self, code: str, message: str, status: int | None = None, reason: str | None = None
    ):
        if code not in ERROR_CODES:
            raise ValueError(f"unknown portal error code {code!r}")
        if reason is not None and (code != "client" or reason not in REFUSAL_REASONS):
            raise ValueError(f"unknown refusal reason {reason!r} for the code {code!r}")
        super().__init__(message)
        self.code = code
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class PortalOrder:
    """A new order as the portal lists it."""

    order_number: str
    case_id: str
    status: str
    placed_at: datetime | None = None
    plate: str | None = None
    customer_name: str | None = None
    order_kind: str | None = None


class Deadline:
    """The total time one button press may take, retries included.

    ``remaining()`` is what is left, never below zero; ``clock`` is the
    monotonic clock (tests inject their own).
    """

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        if not seconds > 0:
            raise ValueError("the deadline must be positive")
        self.seconds = seconds
        self._clock = clock
        self._end = clock() + seconds

    def remaining(self) -> float:
        return max(0.0, self._end - self._clock())


class PortalClient(ABC):
    """What the addon asks of a broker's portal. An adapter subclasses it.

    Its constructor takes ``(base_url, username, password, *, timeout,
    retries, backoff, deadline)``: the portal's base URL (checked by
    :meth:`validate_base_url`), the workshop's user name and password in
    the portal, the seconds to wait for a connection and for each answer,
    how many times a failed request may be repeated, the seconds before the
    first repetition (doubled each time), and the seconds that all requests
    of the client may take together, retries and waits included (a
    :class:`Deadline`): one client serves one button press, so the user
    never waits longer than that.

    Methods raise :class:`PortalError` when a request fails, ``ValueError``
    for invalid arguments (before anything is sent). Milestone values are
    Python values keyed by milestone (see :func:`to_payload` for the types).
    A client is a context manager; :meth:`close` releases its connections.
    """

    @staticmethod
    def validate_base_url(base_url: str) -> str:
        """Check the base URL before it is stored; ``ValueError`` when it is not valid."""
        return validate_base_url(base_url)

    @abstractmethod
    def close(self) -> None:
        """Release the client's connections."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    @abstractmethod
    def list_new_orders(self) -> list[PortalOrder]:
        """The orders placed with the workshop that it has not accepted or declined yet."""

    @abstractmethod
    def find_order(self, order_number: str) -> PortalOrder | None:
        """The order with the broker's ``order_number``, whatever its status; ``None``
        when the portal has none."""

    @abstractmethod
    def accept_order(self, case_id: str) -> PortalOrder:
        """Accept an order; accepting it again is harmless."""

    @abstractmethod
    def decline_order(self, case_id: str, reason: str) -> PortalOrder:
        """Decline an order with a reason; declining it again is harmless."""

    @abstractmethod
    def download_dra(self, case_id: str, *, max_size: int) -> bytes:
        """The DRA file of an accepted order, at most ``max_size`` bytes."""

    @abstractmethod
    def status_body(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The body that :meth:`send_status` sends for ``values``, for the exchange log."""

    @abstractmethod
    def send_status(
        self, case_id: str, values: Mapping[str, Any], *, idempotency_key: str | None = None
    ) -> dict[str, Any]:
        """Send milestone values of an accepted order.

        The portal applies an ``idempotency_key`` only once, so a resend of
        the same values with the same key after an unclear failure is safe.
        Returns the values the portal holds for the case after the update.
        """

    def upload_document(
        self,
        case_id: str,
        document_type: str,
        file_name: str,
        content: bytes,
        *,
        content_type: str = "application/pdf",
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        """Upload a document of an order (e.g. the invoice PDF); returns the
        portal's record of it, with its ``document_id``. A portal that takes
        no documents raises ``ValueError`` (nothing is sent)."""
        raise ValueError("this portal takes no documents")

    @abstractmethod
    def case_url(self, case_id: str) -> str:
        """The page of the case in the portal, for the user's browser."""


@dataclass(frozen=True)
class Adapter:
    """A portal the addon can connect to: its key, an English label and its client."""

    key: str
    label: str
    client: type[PortalClient]


_ADAPTERS: dict[str, Adapter] = {}


def register(adapter: Adapter) -> Adapter:
    """Make an adapter available to the connection records; returns it."""
    known = _ADAPTERS.get(adapter.key)
    if known is not None and known != adapter:
        raise ValueError(f"another portal adapter is registered as {adapter.key!r}")
    _ADAPTERS[adapter.key] = adapter
    return adapter


def adapters() -> list[Adapter]:
    """The registered adapters, in the order of registration."""
    return list(_ADAPTERS.values())


def get_adapter(key: str) -> Adapter:
    """The adapter registered as ``key``; ``ValueError`` when there is none."""
    try:
        return _ADAPTERS[key]
    except KeyError:
        raise ValueError(f"no portal adapter {key!r}") from None
