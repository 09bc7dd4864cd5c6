"""Client of the SOOM order interface of Innovation Group, and the milestone mapping.

SOOM ("Simple Online Order Management") is the web portal through which
Innovation Group places repair orders with workshops. Its programming
interface is not public: the protocol below is *assumed*. It is what this
client speaks and what the stand-in server (``soom_standin.py``) answers;
when the real interface is known, this module is the one place to adapt.

Protocol (assumed, the real SOOM interface is not public)
=========================================================

JSON over HTTPS below ``<base URL>/api/v1``. Every request carries the
workshop's SOOM credentials as HTTP Basic authentication; a wrong user or
password is answered with 401. Errors are answered with a JSON object
``{"error": "<English text>"}``.

``GET /api/v1/orders?status=new``
    The orders placed with the workshop that it has not accepted or declined
    yet (``status`` may also be ``accepted`` or ``declined``; without it,
    all). Answer: ``{"orders": [<order>, ...]}``, where an order is
    ``{"order_number": "202019362", "case_id": "7c0e4f53-…", "placed_at":
    "2018-02-28T09:10:00+01:00" | null, "plate": "S-IG 123" | null,
    "customer_name": "Michaela Musterkunde" | null, "order_kind": "Reparatur
    Komfort" | null, "status": "new" | "accepted" | "declined"}``.
``POST /api/v1/orders/<case id>/accept``
    Accept the order. Answer: ``{"order": <order>}``. Accepting an accepted
    order again answers the same (idempotent); a declined order answers 409.
``POST /api/v1/orders/<case id>/decline`` with ``{"reason": "<text>"}``
    Decline the order, with a reason (required). Answer: ``{"order":
    <order>}``. Declining a declined order again answers the same
    (idempotent); an accepted order answers 409.
``GET /api/v1/orders/<case id>/dra``
    The order's DRA file (``application/xml``, the bytes as SOOM holds
    them). Only for an accepted order; otherwise 409.
``PUT /api/v1/orders/<case id>/status`` with ``{"<SOOM field>": <value>, ...}``
    Store milestone values of an accepted order (otherwise 409). The fields
    named are set, ``null`` clears one, fields not named keep their value.
    Answer: ``{"case_id": "…", "values": {<all stored values>}}``. Field
    names and value formats: :data:`MILESTONES` and :func:`to_soom_payload`.
    An unknown field or a malformed value answers 400. The request may carry
    an ``Idempotency-Key`` header: the server applies a key only once and
    answers a repeated key with the answer of the first request, so a
    resend after an ambiguous failure (a timeout, a dropped connection) is
    safe. The same key with another body answers 422.
``GET /api/v1/orders/<case id>/status``
    The stored values: ``{"case_id": "…", "values": {...}}``.

An unknown case id answers 404. The portal's page of a case is
``<base URL>/OrderTracking/Edit/<case id>`` (:func:`portal_url`).

Decisions the callers rely on
=============================

* Every failure of a request raises :class:`SoomError` with a stable
  ``code`` (:data:`ERROR_CODES`) and the HTTP ``status`` when there was one;
  no exception of ``requests`` escapes. Wrong arguments and settings raise
  ``ValueError`` before anything is sent.
* Connection failures before the request was sent, and answers 5xx, are
  retried with exponential backoff (``backoff``, ``2 * backoff``, ...), up to
  ``retries`` times. A timeout or a connection dropped after the request was
  sent is retried only for requests that are safe to repeat: reads, accept
  and decline (idempotent by the protocol), and status updates that carry an
  idempotency key; ``retry_timeouts`` overrides this. Answers 4xx are never
  retried; 401 and 403 give ``unauthorized``.
* Only HTTPS is used, with certificate verification; plain HTTP and
  ``verify=False`` are accepted only for a base URL on this machine
  (``localhost``, ``127.0.0.1``, ``::1``): that is where the stand-in runs.
  ``verify`` may name a CA bundle file or directory instead of the system's.
* Redirects are not followed (the credentials go only to the configured
  host); a redirect answers ``bad_response``.
* Date-times are sent as ISO 8601 with the offset of Europe/Berlin; naive
  date-times are refused, because Odoo keeps date-times in naive UTC and a
  silent guess would shift them by one or two hours.
* Only the milestones marked ``sent`` in :data:`MILESTONES` ever leave the
  workshop; the others raise ``ValueError`` in :func:`to_soom_payload`.

This module must not import Odoo: it is used and tested without it.
"""

import ipaddress
import logging
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import requests
from urllib3.exceptions import NewConnectionError

from .dra import DEFAULT_MAX_SIZE

__all__ = [
    "ERROR_CODES",
    "KINDS",
    "LOCAL_TIMEZONE",
    "MILESTONES",
    "Milestone",
    "SoomClient",
    "SoomError",
    "SoomOrder",
    "from_soom_payload",
    "portal_url",
    "to_soom_payload",
    "validate_base_url",
]

_logger = logging.getLogger(__name__)

#: Time zone of the workshops; date-times are sent with its offset.
LOCAL_TIMEZONE = ZoneInfo("Europe/Berlin")

#: Kinds of milestone values and the Python type of each.
KINDS = {"datetime": datetime, "date": date, "bool": bool, "text": str}

#: Codes of :class:`SoomError`, for the caller to pick a translated message.
ERROR_CODES = ("unauthorized", "timeout", "connection", "server", "client", "bad_response")

_LOOPBACK_NAMES = ("localhost",)
_IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,255}")
_USER_AGENT = "ig_soom_dra (Odoo addon; python-requests)"
_ERROR_DETAIL_LENGTH = 300

_T = TypeVar("_T")


# --------------------------------------------------------------------------
# Milestones
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Milestone:
    """One milestone of a repair order that the workshop records.

    ``key`` is our name, ``soom_field`` SOOM's field name (``None`` for a
    milestone that only the workshop keeps), ``kind`` one of :data:`KINDS`,
    ``label_en`` an English label, ``sent`` whether the value is transferred
    to SOOM.
    """

    key: str
    soom_field: str | None
    kind: str
    label_en: str
    sent: bool

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"milestone {self.key!r}: unknown kind {self.kind!r}")
        if self.sent != bool(self.soom_field):
            raise ValueError(f"milestone {self.key!r}: a SOOM field exactly when sent")


#: The one mapping between our milestones and SOOM's fields, in the order of
#: the repair flow.
MILESTONES: dict[str, Milestone] = {
    milestone.key: milestone
    for milestone in (
        Milestone("call_time", "Anrufzeitpunkt", "datetime", "Call time", True),
        Milestone("customer_reached", "KundeErreicht", "bool", "Customer reached", True),
        Milestone(
            "inspection_at", "Besichtigungstermin", "datetime", "Inspection appointment", True
        ),
        Milestone("courtesy_car_class", "Leihfahrzeugtyp", "text", "Courtesy car class", True),
        Milestone(
            "courtesy_car_out", "LeihfahrzeugAusgabe", "datetime", "Courtesy car handed out", True
        ),
        Milestone(
            "vehicle_received", "EingangKundenfahrzeug", "datetime", "Vehicle received", True
        ),
        Milestone("estimate_sent", None, "datetime", "Estimate sent", False),
        Milestone(
            "release_received",
            "TechnischeFreigabeErhalten",
            "bool",
            "Technical release received",
            True,
        ),
        Milestone("release_date", "Freigabedatum", "date", "Release date", True),
        Milestone("parts_ordered", None, "datetime", "Parts ordered", False),
        Milestone("parts_complete", None, "datetime", "Parts complete", False),
        Milestone("repair_start", "Reparaturbeginn", "datetime", "Repair start", True),
        Milestone(
            "repair_end_expected",
            "ErwartetesReparaturende",
            "datetime",
            "Expected repair end",
            True,
        ),
        Milestone("work_interrupted", None, "bool", "Work interrupted", False),
        Milestone("repair_end", "Reparaturende", "datetime", "Repair end", True),
        Milestone(
            "courtesy_car_returned",
            "LeihfahrzeugRuecknahme",
            "datetime",
            "Courtesy car returned",
            True,
        ),
        Milestone(
            "vehicle_returned", "AusgangKundenfahrzeug", "datetime", "Vehicle handed back", True
        ),
        Milestone("internal_notes", "InterneNotizen", "text", "Internal notes", True),
    )
}

_BY_SOOM_FIELD = {m.soom_field: m for m in MILESTONES.values() if m.sent}


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


def _parse_datetime(text: str) -> datetime:
    """Parse an ISO 8601 date-time with offset ("Z" too) into Europe/Berlin.

    Raises ``ValueError`` when the text is no date-time or has no offset.
    """
    parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    if parsed.utcoffset() is None:
        raise ValueError(f"date-time {text!r} has no offset")
    return parsed.astimezone(LOCAL_TIMEZONE)


def _serialise(milestone: Milestone, value: Any) -> Any:
    """Turn one milestone value into its JSON value for SOOM."""
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
    if milestone.kind == "text":
        return value.strip() or None
    return value


def _deserialise(milestone: Milestone, value: Any) -> Any:
    """Turn one JSON value of SOOM into the Python value of the milestone."""
    if value is None:
        return None
    kind = milestone.kind
    if kind in ("bool", "text"):
        _check_type(milestone, value)
        return value
    if not isinstance(value, str) or (kind == "date" and len(value) != 10):
        raise ValueError(f"SOOM field {milestone.soom_field!r}: {value!r} is not a {kind}")
    if kind == "date":
        return date.fromisoformat(value)
    return _parse_datetime(value)


def to_soom_payload(values: Mapping[str, Any]) -> dict[str, Any]:
    """Turn milestone values (keys of :data:`MILESTONES`) into SOOM's JSON fields.

    Date-times must be aware and are written in ISO 8601 with the offset of
    Europe/Berlin, to the second; dates in ISO 8601; booleans as JSON
    booleans; texts stripped, an empty text as ``null``. ``None`` becomes
    ``null``, which clears the field in SOOM.

    Raises ``ValueError`` for an unknown key, a milestone that is not sent
    to SOOM, and a value of the wrong type or a naive date-time.
    """
    payload = {}
    for key, value in values.items():
        milestone = MILESTONES.get(key)
        if milestone is None:
            raise ValueError(f"unknown milestone {key!r}")
        if not milestone.sent:
            raise ValueError(f"milestone {key!r} is kept in the workshop, not sent to SOOM")
        payload[milestone.soom_field] = _serialise(milestone, value)
    return payload


def from_soom_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Turn SOOM's JSON fields into milestone values, the reverse of :func:`to_soom_payload`.

    Date-times come back aware, in Europe/Berlin. Fields that
    :data:`MILESTONES` does not know are left out. Raises ``ValueError`` for
    a malformed value.
    """
    values = {}
    for field, value in payload.items():
        milestone = _BY_SOOM_FIELD.get(field)
        if milestone is not None:
            values[milestone.key] = _deserialise(milestone, value)
    return values


# --------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------


def _is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine."""
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate_base_url(base_url: str) -> str:
    """Check SOOM's base URL and return it without trailing slash.

    The URL must be ``https://host[:port][/path]``; ``http://`` only for a
    host on this machine. Credentials, query and fragment are refused.
    Raises ``ValueError`` with an English message otherwise; the settings
    can call it to check the value when it is saved.
    """
    url = (base_url or "").strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"SOOM base URL {url!r} is not an https:// URL")
    if parts.username is not None or parts.password is not None:
        raise ValueError("SOOM base URL must not contain credentials")
    if parts.query or parts.fragment:
        raise ValueError("SOOM base URL must not have a query or fragment")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise ValueError(
            f"SOOM base URL {url!r}: plain http is allowed only on this machine; use https"
        )
    return url


def _quote_case_id(case_id: str) -> str:
    """Quote a case id as one path segment; ``ValueError`` when it is empty."""
    if not isinstance(case_id, str) or not case_id.strip():
        raise ValueError("a SOOM case id is required")
    return quote(case_id.strip(), safe="")


def portal_url(base_url: str, case_id: str) -> str:
    """The page of a case in the SOOM portal: ``<base URL>/OrderTracking/Edit/<case id>``."""
    return f"{base_url.strip().rstrip('/')}/OrderTracking/Edit/{_quote_case_id(case_id)}"


# --------------------------------------------------------------------------
# Client
# --------------------------------------------------------------------------


class SoomError(Exception):
    """A request to SOOM failed.

    ``code`` is one of :data:`ERROR_CODES`, for the caller to pick a
    translated message; ``status`` is the HTTP status of SOOM's answer, or
    ``None`` when there was none; ``str(error)`` is an English message.

    ================  =====================================================
    ``unauthorized``  SOOM refused the credentials (401, 403)
    ``timeout``       SOOM did not answer in time
    ``connection``    SOOM could not be reached (refused, name unknown,
                      TLS verification failed, connection dropped)
    ``server``        SOOM answered with an error of its own (5xx)
    ``client``        SOOM refused the request (other 4xx: unknown case,
                      order not accepted, invalid value, reused key)
    ``bad_response``  SOOM's answer was not what the protocol says
    ================  =====================================================
    """

    def __init__(self, code: str, message: str, status: int | None = None):
        if code not in ERROR_CODES:
            raise ValueError(f"unknown SOOM error code {code!r}")
        super().__init__(message)
        self.code = code
        self.status = status


@dataclass(frozen=True)
class SoomOrder:
    """An order as SOOM lists it."""

    order_number: str
    case_id: str
    status: str
    placed_at: datetime | None = None
    plate: str | None = None
    customer_name: str | None = None
    order_kind: str | None = None


def _json(response: requests.Response) -> Any:
    """The JSON body of an answer; ``SoomError("bad_response")`` when it is none."""
    try:
        return response.json()
    except requests.exceptions.JSONDecodeError as exc:
        raise SoomError(
            "bad_response", "SOOM answered with something that is not JSON", response.status_code
        ) from exc


def _bad(response: requests.Response, what: str) -> SoomError:
    """The error for an answer that does not follow the protocol."""
    return SoomError("bad_response", f"SOOM's answer is malformed: {what}", response.status_code)


def _order(response: requests.Response, data: Any) -> SoomOrder:
    """Read one order object of an answer."""
    if not isinstance(data, dict):
        raise _bad(response, "an order is not an object")
    texts = {}
    for name in ("order_number", "case_id", "status", "plate", "customer_name", "order_kind"):
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise _bad(response, f"order field {name!r} is not a text")
        texts[name] = value
    if not (texts["order_number"] and texts["case_id"] and texts["status"]):
        raise _bad(response, "an order lacks its number, case id or status")
    placed_at = data.get("placed_at")
    if placed_at is not None:
        try:
            placed_at = _parse_datetime(placed_at if isinstance(placed_at, str) else "")
        except ValueError as exc:
            raise _bad(response, f"placed_at {placed_at!r} is not a date-time") from exc
    return SoomOrder(placed_at=placed_at, **texts)


def _order_answer(response: requests.Response) -> SoomOrder:
    """Read the answer ``{"order": <order>}``."""
    data = _json(response)
    if not isinstance(data, dict):
        raise _bad(response, "not an object")
    return _order(response, data.get("order"))


def _order_list_answer(response: requests.Response) -> list[SoomOrder]:
    """Read the answer ``{"orders": [<order>, ...]}``."""
    data = _json(response)
    orders = data.get("orders") if isinstance(data, dict) else None
    if not isinstance(orders, list):
        raise _bad(response, "no list of orders")
    return [_order(response, item) for item in orders]


def _status_answer(response: requests.Response) -> dict[str, Any]:
    """Read the answer ``{"case_id": ..., "values": {...}}`` as milestone values."""
    data = _json(response)
    values = data.get("values") if isinstance(data, dict) else None
    if not isinstance(values, dict):
        raise _bad(response, "no object of values")
    try:
        return from_soom_payload(values)
    except ValueError as exc:
        raise _bad(response, str(exc)) from exc


def _nothing_sent(exc: requests.exceptions.RequestException) -> bool:
    """Whether the connection failed before any byte of the request was sent."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, NewConnectionError)


class SoomClient:
    """Client of SOOM's order interface (protocol: see the module's docstring).

    :param base_url: SOOM's base URL, e.g. ``https://soom.example.com``
        (checked by :func:`validate_base_url`).
    :param username: the workshop's SOOM user name.
    :param password: its password.
    :param timeout: seconds to wait for a connection and for each answer.
    :param retries: how many times a failed request is repeated.
    :param backoff: seconds before the first repetition; doubled each time.
    :param verify: ``True`` (the system's CA certificates) or the path of a
        CA bundle; ``False`` only for a base URL on this machine.
    :param session: a ``requests.Session`` to use; by default the client
        makes its own, closed by :meth:`close`.
    :param retry_timeouts: whether a timeout (or a connection dropped after
        sending) is retried: ``None`` (default) for requests safe to repeat
        only, ``True`` always, ``False`` never.
    :param sleep: the function that waits between attempts (tests inject one
        that does not wait).

    Raises ``ValueError`` for invalid settings. Usable as a context manager.
    """

    def __init__(
        self,
        base_url: str,
        username: str,
        password: str,
        *,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.5,
        verify: bool | str | os.PathLike = True,
        session: requests.Session | None = None,
        retry_timeouts: bool | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.base_url = validate_base_url(base_url)
        if not username or not password:
            raise ValueError("SOOM user name and password are required")
        if not timeout > 0:
            raise ValueError("the timeout must be positive")
        if retries < 0 or backoff < 0:
            raise ValueError("retries and backoff must not be negative")
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.retry_timeouts = retry_timeouts
        self._verify = self._check_verify(verify)
        self._auth = (username, password)
        self._sleep = sleep
        self._own_session = session is None
        self._session = session if session is not None else requests.Session()

    def _check_verify(self, verify: bool | str | os.PathLike) -> bool | str:
        """Check the ``verify`` setting against the base URL; return it for requests."""
        if verify is True:
            return True
        if verify is False:
            if not _is_loopback(urlsplit(self.base_url).hostname):
                raise ValueError(
                    "TLS verification can be switched off only for SOOM on this machine"
                )
            return False
        if isinstance(verify, str | os.PathLike) and os.path.exists(verify):
            return os.fspath(verify)
        raise ValueError(f"CA bundle {verify!r} not found")

    def close(self) -> None:
        """Close the HTTP session if the client made it."""
        if self._own_session:
            self._session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # ---- operations ------------------------------------------------------

    def list_new_orders(self) -> list[SoomOrder]:
        """The orders placed with the workshop that it has not accepted or declined yet."""
        return self._request(
            "GET", "/orders", _order_list_answer, replay_safe=True, params={"status": "new"}
        )

    def accept_order(self, case_id: str) -> SoomOrder:
        """Accept an order ("Annehmen"); accepting it again is harmless."""
        return self._request(
            "POST", f"/orders/{_quote_case_id(case_id)}/accept", _order_answer, replay_safe=True
        )

    def decline_order(self, case_id: str, reason: str) -> SoomOrder:
        """Decline an order ("Ablehnen") with a reason; declining it again is harmless."""
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError("a reason is required to decline an order")
        return self._request(
            "POST",
            f"/orders/{_quote_case_id(case_id)}/decline",
            _order_answer,
            replay_safe=True,
            json={"reason": reason.strip()},
        )

    def download_dra(self, case_id: str, *, max_size: int = DEFAULT_MAX_SIZE) -> bytes:
        """The DRA file of an accepted order, as SOOM holds it (at most ``max_size`` bytes)."""

        def read(response: requests.Response) -> bytes:
            content_type = response.headers.get("Content-Type", "")
            if "xml" not in content_type:
                raise _bad(response, f"the DRA file came as {content_type or 'no type'!r}")
            chunks, size = [], 0
            for chunk in response.iter_content(chunk_size=1024 * 1024):
                size += len(chunk)
                if size > max_size:
                    raise _bad(response, f"the DRA file is larger than {max_size} bytes")
                chunks.append(chunk)
            return b"".join(chunks)

        return self._request(
            "GET",
            f"/orders/{_quote_case_id(case_id)}/dra",
            read,
            replay_safe=True,
            headers={"Accept": "application/xml"},
        )

    def send_status(
        self, case_id: str, values: Mapping[str, Any], *, idempotency_key: str | None = None
    ) -> dict[str, Any]:
        """Send milestone values (keys of :data:`MILESTONES`) of an accepted order.

        ``idempotency_key`` (e.g. the id of the transmission record) makes a
        resend safe: SOOM applies a key only once. Without it, a timeout is
        not retried (unless ``retry_timeouts`` is ``True``). Returns all
        values SOOM holds for the case after the update, as milestone
        values. Raises ``ValueError`` for invalid values (see
        :func:`to_soom_payload`) or an empty update, :class:`SoomError` when
        the request fails.
        """
        payload = to_soom_payload(values)
        if not payload:
            raise ValueError("no milestone values to send")
        headers = {}
        if idempotency_key is not None:
            if not isinstance(idempotency_key, str) or not _IDEMPOTENCY_KEY.fullmatch(
                idempotency_key
            ):
                raise ValueError("the idempotency key must be 1-255 printable ASCII characters")
            headers["Idempotency-Key"] = idempotency_key
        return self._request(
            "PUT",
            f"/orders/{_quote_case_id(case_id)}/status",
            _status_answer,
            replay_safe=idempotency_key is not None,
            json=payload,
            headers=headers,
        )

    def get_status(self, case_id: str) -> dict[str, Any]:
        """The milestone values SOOM holds for a case."""
        return self._request(
            "GET", f"/orders/{_quote_case_id(case_id)}/status", _status_answer, replay_safe=True
        )

    # ---- transport -------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        read: Callable[[requests.Response], _T],
        *,
        replay_safe: bool,
        headers: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> _T:
        """Send one request with retries and return ``read(answer)`` of a 2xx answer."""
        url = f"{self.base_url}/api/v1{path}"
        all_headers = {"Accept": "application/json", "User-Agent": _USER_AGENT, **(headers or {})}
        retry_timeouts = replay_safe if self.retry_timeouts is None else self.retry_timeouts
        attempt = 1
        while True:
            try:
                response = self._session.request(
                    method,
                    url,
                    headers=all_headers,
                    auth=self._auth,
                    timeout=self.timeout,
                    verify=self._verify,
                    allow_redirects=False,
                    stream=True,
                    **kwargs,
                )
                with response:
                    if 200 <= response.status_code < 300:
                        return read(response)
                    error = self._answer_error(response, attempt)
                    retryable = response.status_code >= 500
            except requests.exceptions.RequestException as exc:
                error = self._transport_error(exc, attempt)
                retryable = _nothing_sent(exc) or (
                    retry_timeouts and not isinstance(exc, requests.exceptions.SSLError)
                )
            if not retryable or attempt > self.retries:
                raise error
            delay = self.backoff * 2 ** (attempt - 1)
            _logger.info("SOOM %s %s: %s; retrying in %.1f s", method, path, error, delay)
            self._sleep(delay)
            attempt += 1

    def _answer_error(self, response: requests.Response, attempt: int) -> SoomError:
        """The error for an answer that is not 2xx, at the given attempt."""
        status = response.status_code
        if status in (401, 403):
            return SoomError(
                "unauthorized", f"SOOM refused the credentials (HTTP {status})", status
            )
        if 300 <= status < 400:
            return SoomError(
                "bad_response",
                f"SOOM redirected to {response.headers.get('Location')!r}; check the base URL",
                status,
            )
        detail = self._error_detail(response)
        if status >= 500:
            return SoomError(
                "server", f"SOOM failed (HTTP {status}){_after(attempt)}: {detail}", status
            )
        return SoomError("client", f"SOOM refused the request (HTTP {status}): {detail}", status)

    @staticmethod
    def _error_detail(response: requests.Response) -> str:
        """SOOM's explanation of an error answer, shortened."""
        try:
            data = response.json()
        except requests.exceptions.JSONDecodeError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("error"), str):
            detail = data["error"]
        else:
            detail = response.text.strip() or response.reason or "no details"
        return detail[:_ERROR_DETAIL_LENGTH]

    def _transport_error(
        self, exc: requests.exceptions.RequestException, attempt: int
    ) -> SoomError:
        """The error for a request that got no answer, at the given attempt."""
        host = urlsplit(self.base_url).netloc
        if isinstance(exc, requests.exceptions.SSLError):
            error = SoomError("connection", f"TLS verification of {host} failed: {exc}")
        elif isinstance(exc, requests.exceptions.Timeout) and not isinstance(
            exc, requests.exceptions.ConnectTimeout
        ):
            error = SoomError(
                "timeout", f"SOOM at {host} did not answer within {self.timeout} s{_after(attempt)}"
            )
        elif _nothing_sent(exc):
            error = SoomError("connection", f"SOOM at {host} could not be reached{_after(attempt)}")
        else:
            error = SoomError(
                "connection", f"the connection to SOOM at {host} broke off{_after(attempt)}"
            )
        error.__cause__ = exc
        return error


def _after(attempt: int) -> str:
    """Say how many attempts were made, when there was more than one."""
    return f" after {attempt} attempts" if attempt > 1 else ""
