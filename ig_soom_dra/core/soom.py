"""The SOOM adapter: client of Innovation Group's SOOM order interface, and its field mapping.

SOOM ("Simple Online Order Management") is the web portal through which
Innovation Group places repair orders with workshops. Its programming
interface is not public: the protocol below is *assumed*. It is what this
client speaks and what the stand-in server (``tests/soom_standin.py``) answers;
when the real interface is known, this module is the one place to adapt.
It is registered as the portal adapter ``soom`` (``portal.py`` describes
what an adapter offers).

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
    names and value formats: :data:`SOOM_FIELDS` and :func:`to_soom_payload`.
    An unknown field or a malformed value answers 400. The request may carry
    an ``Idempotency-Key`` header: the server applies a key only once and
    answers a repeated key with the answer of the first request, so a
    resend after an ambiguous failure (a timeout, a dropped connection) is
    safe. The same key with another body answers 422.
    Amounts (estimate, invoice, deductible) are objects ``{"amount":
    "1234.50", "currency": "EUR"}``: the amount a decimal string with
    exactly two places, never a JSON number (no float rounding), and the
    ISO 4217 code of its currency. "Werkstattstatus" is ``"RE"`` (invoiced).
``GET /api/v1/orders/<case id>/status``
    The stored values: ``{"case_id": "…", "values": {...}}``.
``POST /api/v1/orders/<case id>/documents`` with ``{"type": "Rechnung",
"file_name": "RE_2026_00001.pdf", "content_type": "application/pdf",
"size": 12345, "sha256": "<hex digest of the file>", "content_base64":
"<the file>"}``
    Upload a document of an accepted order (otherwise 409); ``type`` is one
    of :data:`DOCUMENT_TYPES` (today only ``Rechnung``, the invoice PDF).
    The file is at most :data:`MAX_DOCUMENT_SIZE` bytes (larger: 413); a
    digest that does not match the content, a type, name or content type
    not allowed answer 400. Answer (201): ``{"document": {"document_id":
    "…", "type": "Rechnung", "file_name": "…", "size": 12345, "sha256":
    "…"}}``. The request carries an ``Idempotency-Key`` as the status
    update does (a repeated key answers the first answer; with another
    body 422). A new invoice PDF of the same case replaces the one before
    in the case view; SOOM keeps every upload.

An unknown case id answers 404. The portal's page of a case is
``<base URL>/OrderTracking/Edit/<case id>`` (:func:`portal_url`).

Decisions the callers rely on
=============================

* Every failure of a request raises :class:`SoomError` (a
  :class:`~.portal.PortalError`) with a stable ``code`` and the HTTP
  ``status`` when there was one; no exception of ``requests`` escapes. Wrong
  arguments and settings raise ``ValueError`` before anything is sent.
* Connection failures before the request was sent, and answers 5xx, are
  retried with exponential backoff (``backoff``, ``2 * backoff``, ...), up to
  ``retries`` times, and only while the client's ``deadline`` leaves time
  for the wait and another attempt; each attempt waits at most what is left
  of the deadline, so all requests of one client (one button press) end
  within it. A timeout or a connection dropped after the request was
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
* Only the milestones marked ``sent`` in :data:`~.portal.MILESTONES` ever
  leave the workshop; the others raise ``ValueError`` in
  :func:`to_soom_payload`.

This module must not import Odoo: it is used and tested without it.
"""

import base64
import hashlib
import logging
import os
import re
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import requests
from urllib3.exceptions import NewConnectionError

from .dra import DEFAULT_MAX_SIZE
from .portal import (
    ERROR_CODES,
    LOCAL_TIMEZONE,
    SENT_KEYS,
    Adapter,
    Deadline,
    PortalClient,
    PortalError,
    PortalOrder,
    from_payload,
    is_loopback,
    parse_datetime,
    register,
    to_payload,
    validate_base_url,
)

__all__ = [
    "DOCUMENT_TYPES",
    "ERROR_CODES",
    "LOCAL_TIMEZONE",
    "MAX_DOCUMENT_SIZE",
    "SOOM_FIELDS",
    "SoomClient",
    "SoomError",
    "from_soom_payload",
    "portal_url",
    "to_soom_payload",
    "validate_base_url",
]

_logger = logging.getLogger(__name__)

_IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,255}")
_USER_AGENT = "ig_soom_dra (Odoo addon; python-requests)"
_ERROR_DETAIL_LENGTH = 300

_T = TypeVar("_T")

#: The document types SOOM accepts (``POST .../documents``).
DOCUMENT_TYPES = ("Rechnung",)
#: The largest document SOOM accepts, in bytes (before base64).
MAX_DOCUMENT_SIZE = 10 * 1024 * 1024
_FILE_NAME = re.compile(r"[^/\\\x00-\x1f\x7f]{1,200}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


# --------------------------------------------------------------------------
# Field mapping
# --------------------------------------------------------------------------

#: The one mapping from our milestones (``portal.MILESTONES``) to SOOM's
#: field names, for every milestone that is sent, in the order of the flow.
SOOM_FIELDS: dict[str, str] = {
    "call_time": "Anrufzeitpunkt",
    "customer_reached": "KundeErreicht",
    "inspection_at": "Besichtigungstermin",
    "courtesy_car_class": "Leihfahrzeugtyp",
    "courtesy_car_out": "LeihfahrzeugAusgabe",
    "vehicle_received": "EingangKundenfahrzeug",
    "estimate_sent": "KVVersendetAm",
    "estimate_net": "KVBetragNetto",
    "estimate_gross": "KVBetragBrutto",
    "release_received": "TechnischeFreigabeErhalten",
    "release_date": "Freigabedatum",
    "repair_start": "Reparaturbeginn",
    "repair_end_expected": "ErwartetesReparaturende",
    "repair_end": "Reparaturende",
    "courtesy_car_returned": "LeihfahrzeugRuecknahme",
    "vehicle_returned": "AusgangKundenfahrzeug",
    "invoice_number": "RechnungsNr",
    "invoice_date": "Rechnungsdatum",
    "invoice_net": "RechnungBetragNetto",
    "invoice_tax": "RechnungMwSt",
    "invoice_gross": "RechnungBetragBrutto",
    "deductible": "Selbstbeteiligung",
    "workshop_status": "Werkstattstatus",
    "internal_notes": "InterneNotizen",
}
if tuple(SOOM_FIELDS) != SENT_KEYS:  # pragma: no cover - a programming error
    raise ValueError("SOOM_FIELDS must map every sent milestone, in the order of the flow")

_BY_SOOM_FIELD = {field: key for key, field in SOOM_FIELDS.items()}


def to_soom_payload(values: Mapping[str, Any]) -> dict[str, Any]:
    """Turn milestone values into SOOM's JSON fields (formats: ``portal.to_payload``).

    Raises ``ValueError`` for an unknown key, a milestone that is not sent
    to SOOM, and a value of the wrong type or a naive date-time.
    """
    return {SOOM_FIELDS[key]: value for key, value in to_payload(values).items()}


def from_soom_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Turn SOOM's JSON fields into milestone values, the reverse of :func:`to_soom_payload`.

    Date-times come back aware, in Europe/Berlin. Fields that
    :data:`SOOM_FIELDS` does not know are left out. Raises ``ValueError``
    for a malformed value.
    """
    known = {field: value for field, value in payload.items() if field in _BY_SOOM_FIELD}
    return from_payload({_BY_SOOM_FIELD[field]: value for field, value in known.items()})


# --------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------


def _quote_case_id(case_id: str) -> str:
    """Quote a case id as one path segment.

    ``ValueError`` when it is empty, holds blanks or control characters, or
    is a dot segment ("." or ".."), which the HTTP client would resolve into
    another path of the portal.
    """
    if not isinstance(case_id, str) or not case_id.strip():
        raise ValueError("a SOOM case id is required")
    case_id = case_id.strip()
    if set(case_id) <= {"."} or any(ord(char) <= 0x20 or ord(char) == 0x7F for char in case_id):
        raise ValueError(f"{case_id!r} is not a SOOM case id")
    return quote(case_id, safe="")


def portal_url(base_url: str, case_id: str) -> str:
    """The page of a case in the SOOM portal: ``<base URL>/OrderTracking/Edit/<case id>``."""
    return f"{base_url.strip().rstrip('/')}/OrderTracking/Edit/{_quote_case_id(case_id)}"


# --------------------------------------------------------------------------
# Client
# --------------------------------------------------------------------------


#: HTTP status of a refusal -> ``PortalError.reason`` (any other 4xx: ``invalid_request``).
_REFUSALS = {404: "unknown_case", 409: "wrong_state", 422: "key_reused"}


class SoomError(PortalError):
    """A request to SOOM failed; the codes are those of :class:`~.portal.PortalError`."""


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


def _order(response: requests.Response, data: Any) -> PortalOrder:
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
            placed_at = parse_datetime(placed_at if isinstance(placed_at, str) else "")
        except ValueError as exc:
            raise _bad(response, f"placed_at {placed_at!r} is not a date-time") from exc
    return PortalOrder(placed_at=placed_at, **texts)


def _order_answer(response: requests.Response) -> PortalOrder:
    """Read the answer ``{"order": <order>}``."""
    data = _json(response)
    if not isinstance(data, dict):
        raise _bad(response, "not an object")
    return _order(response, data.get("order"))


def _order_list_answer(response: requests.Response) -> list[PortalOrder]:
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


class SoomClient(PortalClient):
    """Client of SOOM's order interface (protocol: see the module's docstring).

    :param base_url: SOOM's base URL, e.g. ``https://soom.example.com``
        (checked by :func:`validate_base_url`).
    :param username: the workshop's SOOM user name.
    :param password: its password.
    :param timeout: seconds to wait for a connection and for each answer.
    :param retries: how many times a failed request is repeated.
    :param backoff: seconds before the first repetition; doubled each time.
    :param deadline: seconds that all requests of this client may take
        together, waits between attempts included (one client serves one
        button press).
    :param verify: ``True`` (the system's CA certificates) or the path of a
        CA bundle; ``False`` only for a base URL on this machine.
    :param session: a ``requests.Session`` to use; by default the client
        makes its own, closed by :meth:`close`.
    :param retry_timeouts: whether a timeout (or a connection dropped after
        sending) is retried: ``None`` (default) for requests safe to repeat
        only, ``True`` always, ``False`` never.
    :param sleep: the function that waits between attempts (tests inject one
        that does not wait).
    :param clock: the monotonic clock of the deadline (tests inject one).

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
        deadline: float = 15.0,
        verify: bool | str | os.PathLike = True,
        session: requests.Session | None = None,
        retry_timeouts: bool | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
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
        self.deadline = Deadline(deadline, clock)
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
            if not is_loopback(urlsplit(self.base_url).hostname):
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

    # ---- operations ------------------------------------------------------

    def list_new_orders(self) -> list[PortalOrder]:
        """The orders placed with the workshop that it has not accepted or declined yet."""
        return self._request(
            "GET", "/orders", _order_list_answer, replay_safe=True, params={"status": "new"}
        )

    def find_order(self, order_number: str) -> PortalOrder | None:
        """The order with this order number, new, accepted or declined; ``None`` if unknown.

        SOOM lists the orders of every status (``GET /orders`` without
        ``status``); the first one with the number is taken.
        """
        if not isinstance(order_number, str) or not order_number.strip():
            raise ValueError("an order number is required")
        orders = self._request("GET", "/orders", _order_list_answer, replay_safe=True)
        return next((order for order in orders if order.order_number == order_number), None)

    def accept_order(self, case_id: str) -> PortalOrder:
        """Accept an order ("Annehmen"); accepting it again is harmless."""
        return self._request(
            "POST", f"/orders/{_quote_case_id(case_id)}/accept", _order_answer, replay_safe=True
        )

    def decline_order(self, case_id: str, reason: str) -> PortalOrder:
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
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_size:
                raise _bad(response, f"the DRA file is larger than {max_size} bytes")
            chunks, size = [], 0
            for chunk in response.iter_content(chunk_size=1024 * 1024):
                size += len(chunk)
                if size > max_size:
                    raise _bad(response, f"the DRA file is larger than {max_size} bytes")
                if not self.deadline.remaining():
                    raise self._deadline_error()
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
        """Send milestone values (keys of :data:`SOOM_FIELDS`) of an accepted order.

        ``idempotency_key`` makes a resend safe: SOOM applies a key only
        once. Without it, a timeout is not retried (unless
        ``retry_timeouts`` is ``True``). Returns all values SOOM holds for
        the case after the update, as milestone values. Raises
        ``ValueError`` for invalid values (see :func:`to_soom_payload`) or
        an empty update, :class:`SoomError` when the request fails.
        """
        payload = self.status_body(values)
        headers = self._idempotency_headers(idempotency_key)
        return self._request(
            "PUT",
            f"/orders/{_quote_case_id(case_id)}/status",
            _status_answer,
            replay_safe=idempotency_key is not None,
            json=payload,
            headers=headers,
        )

    def status_body(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The body of the status update for ``values``: SOOM's field names and formats.

        Raises ``ValueError`` for invalid values or an empty update.
        """
        payload = to_soom_payload(values)
        if not payload:
            raise ValueError("no milestone values to send")
        return payload

    def document_body(
        self, document_type: str, file_name: str, content: bytes, *, content_type: str
    ) -> dict[str, Any]:
        """The body that :meth:`upload_document` sends, without the content itself.

        Raises ``ValueError`` for a type SOOM does not take, a file name with
        a path or control characters, an empty file or one larger than
        :data:`MAX_DOCUMENT_SIZE`.
        """
        if document_type not in DOCUMENT_TYPES:
            raise ValueError(f"SOOM takes no documents of the type {document_type!r}")
        if not isinstance(file_name, str) or not _FILE_NAME.fullmatch(file_name):
            raise ValueError(f"{file_name!r} is not a file name SOOM takes")
        if not isinstance(content, bytes) or not content:
            raise ValueError("the document is empty")
        if len(content) > MAX_DOCUMENT_SIZE:
            raise ValueError(
                f"the document has {len(content)} bytes; SOOM takes at most {MAX_DOCUMENT_SIZE}"
            )
        return {
            "type": document_type,
            "file_name": file_name,
            "content_type": content_type,
            "sha256": hashlib.sha256(content).hexdigest(),
            "size": len(content),
        }

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
        """Upload a document of an accepted order (``POST .../documents``).

        Returns SOOM's record of it: ``document_id``, ``type``,
        ``file_name``, ``size`` and ``sha256``. ``ValueError`` for invalid
        arguments (:meth:`document_body`), :class:`SoomError` when the
        request fails or SOOM's record does not match what was sent.
        """
        described = self.document_body(document_type, file_name, content, content_type=content_type)
        body = {**described}
        body["content_base64"] = base64.b64encode(content).decode("ascii")

        def read(response: requests.Response) -> dict[str, Any]:
            data = _json(response)
            document = data.get("document") if isinstance(data, dict) else None
            if not isinstance(document, dict) or not isinstance(document.get("document_id"), str):
                raise _bad(response, "no document record")
            if document.get("sha256") != described["sha256"] or document.get("size") != len(
                content
            ):
                raise _bad(response, "the document SOOM recorded is not the one sent")
            return document

        return self._request(
            "POST",
            f"/orders/{_quote_case_id(case_id)}/documents",
            read,
            replay_safe=idempotency_key is not None,
            json=body,
            headers=self._idempotency_headers(idempotency_key),
        )

    @staticmethod
    def _idempotency_headers(idempotency_key: str | None) -> dict[str, str]:
        """The header of an idempotency key; ``ValueError`` for a malformed key."""
        if idempotency_key is None:
            return {}
        if not isinstance(idempotency_key, str) or not _IDEMPOTENCY_KEY.fullmatch(idempotency_key):
            raise ValueError("the idempotency key must be 1-255 printable ASCII characters")
        return {"Idempotency-Key": idempotency_key}

    def case_url(self, case_id: str) -> str:
        """The page of the case in the SOOM portal (:func:`portal_url`)."""
        return portal_url(self.base_url, case_id)

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
            wait = min(self.timeout, self.deadline.remaining())
            if not wait:
                raise self._deadline_error()
            try:
                response = self._session.request(
                    method,
                    url,
                    headers=all_headers,
                    auth=self._auth,
                    timeout=wait,
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
                error = self._transport_error(exc, attempt, wait)
                retryable = _nothing_sent(exc) or (
                    retry_timeouts and not isinstance(exc, requests.exceptions.SSLError)
                )
            if not retryable or attempt > self.retries:
                raise error
            delay = self.backoff * 2 ** (attempt - 1)
            if delay >= self.deadline.remaining():
                _logger.info("SOOM %s %s: %s; no time left to retry", method, path, error)
                raise error
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
        return SoomError(
            "client",
            f"SOOM refused the request (HTTP {status}): {detail}",
            status,
            reason=_REFUSALS.get(status, "invalid_request"),
        )

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

    def _deadline_error(self) -> SoomError:
        """The error when the deadline of the button press has passed."""
        return SoomError(
            "timeout", f"SOOM did not answer within the deadline of {self.deadline.seconds:g} s"
        )

    def _transport_error(
        self, exc: requests.exceptions.RequestException, attempt: int, wait: float
    ) -> SoomError:
        """The error for a request that got no answer, at the given attempt."""
        host = urlsplit(self.base_url).netloc
        if isinstance(exc, requests.exceptions.SSLError):
            error = SoomError("connection", f"TLS verification of {host} failed: {exc}")
        elif isinstance(exc, requests.exceptions.Timeout) and not isinstance(
            exc, requests.exceptions.ConnectTimeout
        ):
            error = SoomError(
                "timeout", f"SOOM at {host} did not answer within {wait:g} s{_after(attempt)}"
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


register(Adapter("soom", "Innovation Group SOOM", SoomClient))
