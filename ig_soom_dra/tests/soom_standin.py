"""Stand-in for the SOOM order interface, for development, tests and demos.

A development tool, not part of the addon's runtime: it sits with the
addon's tests, which start it (so the tests run with the addon folder
alone); nothing of the addon's runtime imports it.

SOOM's programming interface is not public. This server speaks the protocol
that ``soom.py`` assumes (its module docstring describes it) over real HTTP,
so that the client, the addon and the demo work without the real portal.
It keeps everything in memory:

* the orders, seeded from the DRA files (``*.xml``) of a folder, each in
  status "new"; the case id is the file's ``SoomFallId``, or for a file
  without one a stable id derived from the order number;
* accept and decline, the DRA download (the file's bytes, unchanged), the
  stored milestone values per case, and the idempotency keys applied;
* the documents uploaded per case (their description; the content is
  checked against its size and digest, then dropped);
* a log of every status update and document upload received
  (``GET /api/v1/_standin/received``);
* a switch that makes the next requests slow, fail with 500 or with 401.

Control endpoints for tests and demos (no authentication; they do not
exist in SOOM):

``GET /api/v1/_standin/received``
    ``{"received": [<entry>, ...]}``, one entry per status update or document
    upload received, oldest first: ``seq``, ``kind`` (``status`` or
    ``document``), ``received_at``, ``case_id``, ``idempotency_key``,
    ``values`` (the body as sent; a document's without its content),
    ``http_status`` and ``outcome``
    (``applied``, ``replayed``: a repeated idempotency key, not applied
    again, or ``rejected``).
``POST /api/v1/_standin/reset``
    Back to the seeded orders, no values, no log, mode "normal".
``GET|POST /api/v1/_standin/mode`` with ``{"mode": ..., "count": n, "delay": s}``
    ``mode`` is ``normal``, ``slow`` (wait ``delay`` seconds, default 5,
    then answer normally), ``error500`` or ``unauthorized``; it applies to
    the next ``count`` requests of the order interface (default: until
    changed), then the mode returns to ``normal``.

``GET /OrderTracking/Edit/<case id>`` shows a small read-only page of the case,
like the portal's case view (HTTP Basic authentication, as the interface).

The file depends on the standard library only and runs as a script::

    python3 ig_soom_dra/tests/soom_standin.py --port 8099 --samples sample_files

Without ``--samples`` it serves the tests' files (``tests/data/``).

It listens on 127.0.0.1 unless ``--host`` says otherwise (``0.0.0.0`` in a
container). Tests use :class:`SoomStandIn`, which runs the server in a
background thread.
"""

import argparse
import base64
import binascii
import contextlib
import copy
import hashlib
import hmac
import html
import json
import logging
import re
import signal
import sys
import threading
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

__all__ = ["MODES", "STATUS_FIELDS", "SoomStandIn", "main"]

_logger = logging.getLogger(__name__)

#: Modes of the switch (see the module's docstring).
MODES = ("normal", "slow", "error500", "unauthorized")

#: SOOM's status fields and the kind of their values. It mirrors the fields
#: of the sent milestones in ``soom.MILESTONES``, as the server's own list;
#: the tests check that both agree.
STATUS_FIELDS = {
    "Anrufzeitpunkt": "datetime",
    "KundeErreicht": "bool",
    "Besichtigungstermin": "datetime",
    "Leihfahrzeugtyp": "text",
    "LeihfahrzeugAusgabe": "datetime",
    "EingangKundenfahrzeug": "datetime",
    "KVVersendetAm": "datetime",
    "KVBetragNetto": "money",
    "KVBetragBrutto": "money",
    "TechnischeFreigabeErhalten": "bool",
    "Freigabedatum": "date",
    "Reparaturbeginn": "datetime",
    "ErwartetesReparaturende": "datetime",
    "Reparaturende": "datetime",
    "LeihfahrzeugRuecknahme": "datetime",
    "AusgangKundenfahrzeug": "datetime",
    "RechnungsNr": "text",
    "Rechnungsdatum": "date",
    "RechnungBetragNetto": "money",
    "RechnungMwSt": "money",
    "RechnungBetragBrutto": "money",
    "Selbstbeteiligung": "money",
    "Werkstattstatus": "text",
    "InterneNotizen": "text",
}

DEFAULT_SLOW_DELAY = 5.0
MAX_DELAY = 600.0
MAX_BODY_SIZE = 1024 * 1024
#: The document types taken, and the largest document (bytes, before base64).
DOCUMENT_TYPES = ("Rechnung",)
MAX_DOCUMENT_SIZE = 10 * 1024 * 1024
#: The largest body of a document upload: the document in base64 and its description.
MAX_UPLOAD_BODY_SIZE = MAX_DOCUMENT_SIZE * 4 // 3 + 64 * 1024
MAX_TEXT_LENGTH = 10000
REALM = "SOOM stand-in"

_LOCAL_TIMEZONE = ZoneInfo("Europe/Berlin")
_API = "/api/v1"
_CONTROL = "/api/v1/_standin/"
_ORDER_PATH = re.compile(
    r"/api/v1/orders/(?P<case_id>[^/]+)/(?P<action>accept|decline|dra|status|documents)"
)
_PORTAL_PATH = re.compile(r"/OrderTracking/Edit/(?P<case_id>[^/]+)")
_AMOUNT = re.compile(r"-?\d{1,15}\.\d{2}")
_CURRENCY = re.compile(r"[A-Z]{3}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_FILE_NAME = re.compile(r"[^/\\\x00-\x1f\x7f]{1,200}")
_GERMAN_DATETIME = re.compile(
    r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
_DEFAULT_SAMPLES = Path(__file__).resolve().parent / "data"


# --------------------------------------------------------------------------
# Orders from DRA files
# --------------------------------------------------------------------------


@dataclass
class _Order:
    """One order as the stand-in holds it."""

    order_number: str
    case_id: str
    dra: bytes
    placed_at: str | None = None
    plate: str | None = None
    customer_name: str | None = None
    order_kind: str | None = None
    status: str = "new"
    decline_reason: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The order object of the protocol."""
        return {
            "order_number": self.order_number,
            "case_id": self.case_id,
            "placed_at": self.placed_at,
            "plate": self.plate,
            "customer_name": self.customer_name,
            "order_kind": self.order_kind,
            "status": self.status,
        }


def _text(element: ElementTree.Element, path: str) -> str | None:
    """The stripped text at ``path`` (namespace-agnostic); ``None`` when empty."""
    value = element.findtext("/".join(f"{{*}}{step}" for step in path.split("/")))
    return " ".join((value or "").split()) or None


def _placed_at(text: str | None) -> str | None:
    """The placement time of a DRA file (ISO or German, local time) as ISO with offset."""
    if not text:
        return None
    german = _GERMAN_DATETIME.fullmatch(text)
    try:
        if german:
            day, month, year, hour, minute, second = (int(part or 0) for part in german.groups())
            value = datetime(year, month, day, hour, minute, second)
        else:
            value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=_LOCAL_TIMEZONE)
    return value.astimezone(_LOCAL_TIMEZONE).isoformat(timespec="seconds")


def _read_order(path: Path) -> _Order:
    """Read the data of the order list from one DRA file; ``ValueError`` if unusable."""
    data = path.read_bytes()
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ValueError("document type declarations are not accepted")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise ValueError(f"not well-formed XML: {exc}") from exc
    order_number = _text(root, "Auftrag/AuftragsNr")
    if not order_number:
        raise ValueError("no AuftragsNr")
    case_id = _text(root, "Auftrag/SoomFallId") or str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"urn:soom-standin:order:{order_number}")
    )
    customer_name = None
    for party in root.iterfind("{*}Beteiligte/{*}Beteiligter"):
        if party.get("Rolle") == "Kunde":
            names = (_text(party, "Vorname"), _text(party, "Name"))
            customer_name = " ".join(filter(None, names)) or None
    return _Order(
        order_number=order_number,
        case_id=case_id,
        dra=data,
        placed_at=_placed_at(_text(root, "Auftrag/VermitteltAm")),
        plate=_text(root, "Fahrzeug/Kennzeichen"),
        customer_name=customer_name,
        order_kind=_text(root, "Auftrag/Auftragsart"),
    )


def _load_orders(samples_dir: Path) -> list[_Order]:
    """Read the orders of the DRA files (``*.xml``) in a folder, sorted by file name.

    Files that cannot be read, and files repeating an order number or a
    case id, are left out with a warning in the log.
    """
    if not samples_dir.is_dir():
        raise FileNotFoundError(f"samples folder {samples_dir} not found")
    orders, seen = [], set()
    for path in sorted(samples_dir.glob("*.xml")):
        try:
            order = _read_order(path)
        except (OSError, ValueError) as exc:
            _logger.warning("SOOM stand-in: %s left out: %s", path.name, exc)
            continue
        if {order.order_number, order.case_id} & seen:
            _logger.warning("SOOM stand-in: %s left out: order already seeded", path.name)
            continue
        seen |= {order.order_number, order.case_id}
        orders.append(order)
    return orders


# --------------------------------------------------------------------------
# State
# --------------------------------------------------------------------------


def _document_problem(body: Any) -> str | None:
    """What is wrong with the body of a document upload; ``None`` when it is valid."""
    expected = {"type", "file_name", "content_type", "size", "sha256", "content_base64"}
    if not isinstance(body, dict) or set(body) != expected:
        return f"the body must be an object of {', '.join(sorted(expected))}"
    if body["type"] not in DOCUMENT_TYPES:
        return f"type must be one of {', '.join(DOCUMENT_TYPES)}"
    if not isinstance(body["file_name"], str) or not _FILE_NAME.fullmatch(body["file_name"]):
        return "file_name is not a file name"
    if body["content_type"] != "application/pdf":
        return "content_type must be application/pdf"
    size = body["size"]
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        return "size is not a positive number"
    if size > MAX_DOCUMENT_SIZE:
        return "too_large"
    if not isinstance(body["sha256"], str) or not _SHA256.fullmatch(body["sha256"]):
        return "sha256 is not a hex digest"
    encoded = body["content_base64"]
    if not isinstance(encoded, str) or len(encoded) > (size + 2) // 3 * 4:
        return "content_base64 does not match size"
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return "content_base64 is not base64"
    if len(content) != size or hashlib.sha256(content).hexdigest() != body["sha256"]:
        return "the content does not match size and sha256"
    return None


def _check_value(kind: str, value: Any) -> bool:
    """Whether ``value`` is a valid JSON value of a status field of ``kind``."""
    if value is None:
        return True
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "money":
        return (
            isinstance(value, dict)
            and set(value) == {"amount", "currency"}
            and isinstance(value["amount"], str)
            and bool(_AMOUNT.fullmatch(value["amount"]))
            and isinstance(value["currency"], str)
            and bool(_CURRENCY.fullmatch(value["currency"]))
        )
    if not isinstance(value, str):
        return False
    if kind == "text":
        return len(value) <= MAX_TEXT_LENGTH
    try:
        if kind == "date":
            date.fromisoformat(value)
            return len(value) == 10
        return datetime.fromisoformat(value).utcoffset() is not None
    except ValueError:
        return False


@dataclass
class _Reply:
    """An answer: status, body, content type and, for status updates, the outcome."""

    status: int
    body: Any
    content_type: str = "application/json; charset=utf-8"
    outcome: str = "rejected"


def _error(status: int, message: str) -> _Reply:
    """A JSON error answer."""
    return _Reply(status, {"error": message})


class _State:
    """Everything the stand-in holds, guarded by one lock."""

    def __init__(self, orders: list[_Order]):
        self._seed = orders
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Back to the seeded orders; no values, no keys, no log, mode normal."""
        with self.lock:
            self.orders = {order.case_id: copy.copy(order) for order in self._seed}
            self.values: dict[str, dict[str, Any]] = {}
            self.documents: dict[str, list[dict[str, Any]]] = {}
            self.keys: dict[str, tuple[str, str, _Reply]] = {}
            self.log: list[dict[str, Any]] = []
            self.mode, self.count, self.delay = "normal", None, DEFAULT_SLOW_DELAY

    def set_mode(
        self, mode: str, count: int | None = None, delay: float | None = None
    ) -> dict[str, Any]:
        """Switch the mode; ``ValueError`` for invalid arguments."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        if count is not None and (
            isinstance(count, bool) or not isinstance(count, int) or count < 1
        ):
            raise ValueError("count must be a positive integer or null")
        if delay is not None and (
            isinstance(delay, bool)
            or not isinstance(delay, int | float)
            or not 0 <= delay <= MAX_DELAY
        ):
            raise ValueError(f"delay must be a number of seconds from 0 to {MAX_DELAY:g}")
        with self.lock:
            self.mode, self.count = mode, count
            self.delay = DEFAULT_SLOW_DELAY if delay is None else float(delay)
            return self.mode_json()

    def mode_json(self) -> dict[str, Any]:
        """The current mode as JSON object (call with the lock held)."""
        return {"mode": self.mode, "count": self.count, "delay": self.delay}

    def take_mode(self) -> tuple[str, float]:
        """The mode for one request of the order interface; counts it down."""
        with self.lock:
            mode, delay = self.mode, self.delay
            if self.count is not None:
                self.count -= 1
                if self.count == 0:
                    self.mode, self.count = "normal", None
            return mode, delay

    def record(
        self,
        case_id: str | None,
        key: str | None,
        body: Any,
        reply: _Reply,
        kind: str = "status",
    ) -> None:
        """Add a status update or a document upload to the log (a document
        without its content)."""
        if kind == "document" and isinstance(body, dict):
            body = {name: value for name, value in body.items() if name != "content_base64"}
        with self.lock:
            self.log.append(
                {
                    "seq": len(self.log) + 1,
                    "kind": kind,
                    "received_at": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
                    "case_id": case_id,
                    "idempotency_key": key,
                    "values": body,
                    "http_status": int(reply.status),
                    "outcome": reply.outcome,
                }
            )

    def received(self) -> list[dict[str, Any]]:
        """A copy of the log."""
        with self.lock:
            return copy.deepcopy(self.log)

    # ---- the order interface ---------------------------------------------

    def list_orders(self, status: str | None) -> _Reply:
        """``GET /api/v1/orders``."""
        if status not in (None, "new", "accepted", "declined"):
            return _error(HTTPStatus.BAD_REQUEST, "status must be new, accepted or declined")
        with self.lock:
            orders = [o.as_json() for o in self.orders.values() if status in (None, o.status)]
        return _Reply(HTTPStatus.OK, {"orders": orders})

    def accept(self, case_id: str) -> _Reply:
        """``POST /api/v1/orders/<case id>/accept``."""
        with self.lock:
            order = self.orders.get(case_id)
            if order is None:
                return _error(HTTPStatus.NOT_FOUND, f"no order with case id {case_id}")
            if order.status == "declined":
                return _error(HTTPStatus.CONFLICT, "the order was declined")
            order.status = "accepted"
            return _Reply(HTTPStatus.OK, {"order": order.as_json()})

    def decline(self, case_id: str, body: Any) -> _Reply:
        """``POST /api/v1/orders/<case id>/decline``."""
        reason = body.get("reason") if isinstance(body, dict) else None
        if not isinstance(reason, str) or not reason.strip() or len(reason) > MAX_TEXT_LENGTH:
            return _error(HTTPStatus.BAD_REQUEST, "a reason is required")
        with self.lock:
            order = self.orders.get(case_id)
            if order is None:
                return _error(HTTPStatus.NOT_FOUND, f"no order with case id {case_id}")
            if order.status == "accepted":
                return _error(HTTPStatus.CONFLICT, "the order was accepted")
            if order.status == "new":
                order.status, order.decline_reason = "declined", reason.strip()
            return _Reply(HTTPStatus.OK, {"order": order.as_json()})

    def dra(self, case_id: str) -> _Reply:
        """``GET /api/v1/orders/<case id>/dra``."""
        with self.lock:
            order = self.orders.get(case_id)
            if order is None:
                return _error(HTTPStatus.NOT_FOUND, f"no order with case id {case_id}")
            if order.status != "accepted":
                return _error(HTTPStatus.CONFLICT, "the DRA file is offered after acceptance")
            return _Reply(HTTPStatus.OK, order.dra, "application/xml")

    def get_status(self, case_id: str) -> _Reply:
        """``GET /api/v1/orders/<case id>/status``."""
        with self.lock:
            if case_id not in self.orders:
                return _error(HTTPStatus.NOT_FOUND, f"no order with case id {case_id}")
            values = dict(self.values.get(case_id, {}))
            documents = copy.deepcopy(self.documents.get(case_id, []))
        return _Reply(HTTPStatus.OK, {"case_id": case_id, "values": values, "documents": documents})

    def post_document(self, case_id: str, key: str | None, body: Any) -> _Reply:
        """``POST /api/v1/orders/<case id>/documents``, applying an idempotency key once."""
        problem = _document_problem(body)
        if problem:
            status = (
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE
                if problem == "too_large"
                else HTTPStatus.BAD_REQUEST
            )
            return _error(status, f"the document is not valid: {problem}")
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        with self.lock:
            if key is not None and key in self.keys:
                first_case_id, first_digest, first_reply = self.keys[key]
                if (first_case_id, first_digest) != (case_id, digest):
                    return _error(
                        HTTPStatus.UNPROCESSABLE_ENTITY,
                        "the idempotency key was used for another request",
                    )
                return _Reply(first_reply.status, first_reply.body, outcome="replayed")
            order = self.orders.get(case_id)
            if order is None:
                return _error(HTTPStatus.NOT_FOUND, f"no order with case id {case_id}")
            if order.status != "accepted":
                return _error(HTTPStatus.CONFLICT, "the order is not accepted")
            document = {
                "document_id": str(uuid.uuid4()),
                "type": body["type"],
                "file_name": body["file_name"],
                "content_type": body["content_type"],
                "size": body["size"],
                "sha256": body["sha256"],
                "received_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            }
            self.documents.setdefault(case_id, []).append(document)
            reply = _Reply(HTTPStatus.CREATED, {"document": dict(document)}, outcome="applied")
            if key is not None:
                self.keys[key] = (case_id, digest, reply)
            return reply

    def put_status(self, case_id: str, key: str | None, body: Any) -> _Reply:
        """``PUT /api/v1/orders/<case id>/status``, applying an idempotency key once."""
        if not isinstance(body, dict) or not body:
            return _error(HTTPStatus.BAD_REQUEST, "the body must be an object of status fields")
        for field, value in body.items():
            if field not in STATUS_FIELDS:
                return _error(HTTPStatus.BAD_REQUEST, f"unknown status field {field}")
            if not _check_value(STATUS_FIELDS[field], value):
                return _error(
                    HTTPStatus.BAD_REQUEST,
                    f"{field}: {value!r} is not a valid {STATUS_FIELDS[field]} value",
                )
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        with self.lock:
            if key is not None and key in self.keys:
                first_case_id, first_digest, first_reply = self.keys[key]
                if (first_case_id, first_digest) != (case_id, digest):
                    return _error(
                        HTTPStatus.UNPROCESSABLE_ENTITY,
                        "the idempotency key was used for another request",
                    )
                return _Reply(first_reply.status, first_reply.body, outcome="replayed")
            order = self.orders.get(case_id)
            if order is None:
                return _error(HTTPStatus.NOT_FOUND, f"no order with case id {case_id}")
            if order.status != "accepted":
                return _error(HTTPStatus.CONFLICT, "the order is not accepted")
            stored = self.values.setdefault(case_id, {})
            stored.update(body)
            reply = _Reply(
                HTTPStatus.OK, {"case_id": case_id, "values": dict(stored)}, outcome="applied"
            )
            if key is not None:
                self.keys[key] = (case_id, digest, reply)
            return reply

    def portal_page(self, case_id: str) -> _Reply:
        """A read-only HTML page of a case, like the portal's case view."""
        with self.lock:
            order = self.orders.get(case_id)
            values = dict(self.values.get(case_id, {}))
            documents = copy.deepcopy(self.documents.get(case_id, []))
            if order is None:
                return _Reply(HTTPStatus.NOT_FOUND, b"Unknown case", "text/plain; charset=utf-8")
            data = {**order.as_json(), "decline_reason": order.decline_reason}
        shown = {
            name: f"{value['amount']} {value['currency']}" if isinstance(value, dict) else value
            for name, value in values.items()
        }
        rows = "".join(
            f"<tr><th>{html.escape(name)}</th><td>{html.escape(str(value))}</td></tr>"
            for name, value in [*data.items(), *shown.items()]
            if value is not None
        )
        rows += "".join(
            f"<tr class='document'><th>{html.escape(document['type'])}</th>"
            f"<td>{html.escape(document['file_name'])} ({document['size']} Bytes)</td></tr>"
            for document in documents
        )
        page = (
            "<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'>"
            f"<title>SOOM stand-in – {html.escape(order.order_number)}</title></head>"
            "<body><h1>Fallinformationen (SOOM stand-in)</h1>"
            f"<table>{rows}</table></body></html>"
        )
        return _Reply(HTTPStatus.OK, page.encode(), "text/html; charset=utf-8")


# --------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    """The HTTP server; its handlers find the state and the credentials on it."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], state: _State, user: str, password: str):
        super().__init__(address, _Handler)
        self.state = state
        self.credentials = f"{user}:{password}".encode()
        self.stopping = threading.Event()

    def handle_error(self, request, client_address):
        """Log a failed request instead of printing it to stderr; a client
        that closes its kept-alive connection is no error at all."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            _logger.debug("Client %s closed the connection: %s", client_address, error)
        else:
            _logger.exception("Request from %s failed", client_address)


class _Handler(BaseHTTPRequestHandler):
    """Answers one HTTP request of the protocol or of the control endpoints."""

    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "SOOMStandIn/1.0"

    def do_GET(self):
        """Answer a GET request."""
        self._dispatch()

    def do_POST(self):
        """Answer a POST request."""
        self._dispatch()

    def do_PUT(self):
        """Answer a PUT request."""
        self._dispatch()

    def log_message(self, fmt, *args):
        """Log requests through ``logging`` instead of stderr."""
        _logger.info("%s %s", self.address_string(), fmt % args)

    # ---- plumbing ----------------------------------------------------------

    def _dispatch(self) -> None:
        """Read the body, pick the handler and send its answer."""
        body = self._read_body()
        if body is None:
            return
        url = urlsplit(self.path)
        if url.path.startswith(_CONTROL):
            reply = self._control(url.path, body)
        elif url.path == f"{_API}/orders" or _ORDER_PATH.fullmatch(url.path):
            reply = self._api(url.path, url.query, body)
        elif match := _PORTAL_PATH.fullmatch(url.path):
            reply = self._portal(unquote(match["case_id"]))
        else:
            reply = _error(HTTPStatus.NOT_FOUND, f"no such resource: {url.path}")
        self._send(reply)

    def _read_body(self) -> bytes | None:
        """The request body; ``None`` after answering a body that is too large."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        path = urlsplit(self.path).path
        limit = MAX_UPLOAD_BODY_SIZE if path.endswith("/documents") else MAX_BODY_SIZE
        if not 0 <= length <= limit:
            self.close_connection = True
            self._send(_error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body too large or invalid"))
            return None
        return self.rfile.read(length)

    def _send(self, reply: _Reply) -> None:
        """Send an answer; a client that has gone away is ignored."""
        if isinstance(reply.body, bytes):
            data = reply.body
        else:
            data = json.dumps(reply.body, ensure_ascii=False).encode()
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(data)))
            if reply.status == HTTPStatus.UNAUTHORIZED:
                self.send_header("WWW-Authenticate", f'Basic realm="{REALM}", charset="UTF-8"')
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _authorised(self) -> bool:
        """Whether the request carries the stand-in's credentials (HTTP Basic)."""
        scheme, _, encoded = (self.headers.get("Authorization") or "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            given = base64.b64decode(encoded.strip(), validate=True)
        except (binascii.Error, ValueError):
            return False
        return hmac.compare_digest(given, self.server.credentials)

    @staticmethod
    def _json_body(body: bytes) -> Any:
        """The JSON of a request body; ``None`` when it is empty or not JSON."""
        try:
            return json.loads(body) if body else None
        except (UnicodeDecodeError, ValueError):
            return None

    # ---- the order interface ---------------------------------------------

    def _api(self, path: str, query: str, body: bytes) -> _Reply:
        """A request of the order interface, through the mode switch."""
        state = self.server.state
        match = _ORDER_PATH.fullmatch(path)
        case_id = unquote(match["case_id"]) if match else None
        action = match["action"] if match else "orders"
        is_update = action == "status" and self.command == "PUT"
        is_upload = action == "documents" and self.command == "POST"
        key = self.headers.get("Idempotency-Key")
        data = self._json_body(body)
        mode, delay = state.take_mode()
        if mode == "slow" and self.server.stopping.wait(delay):
            self.close_connection = True
            return _error(HTTPStatus.SERVICE_UNAVAILABLE, "the stand-in is stopping")
        if mode == "error500":
            reply = _error(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error (switch error500)")
        elif mode == "unauthorized" or not self._authorised():
            reply = _error(HTTPStatus.UNAUTHORIZED, "wrong user name or password")
        else:
            reply = self._route(action, case_id, query, key=key, data=data)
        if is_update:
            state.record(case_id, key, data, reply)
        elif is_upload:
            state.record(case_id, key, data, reply, kind="document")
        return reply

    def _route(
        self, action: str, case_id: str | None, query: str, *, key: str | None, data: Any
    ) -> _Reply:
        """Call the state's operation for an authorised request."""
        state = self.server.state
        allowed = {
            "orders": ("GET",),
            "accept": ("POST",),
            "decline": ("POST",),
            "dra": ("GET",),
            "status": ("GET", "PUT"),
            "documents": ("POST",),
        }[action]
        if self.command not in allowed:
            return _error(HTTPStatus.METHOD_NOT_ALLOWED, f"{self.command} is not allowed here")
        if action == "orders":
            statuses = parse_qs(query).get("status")
            return state.list_orders(statuses[-1] if statuses else None)
        if action == "accept":
            return state.accept(case_id)
        if action == "decline":
            return state.decline(case_id, data)
        if action == "dra":
            return state.dra(case_id)
        if action == "documents":
            return state.post_document(case_id, key, data)
        if self.command == "GET":
            return state.get_status(case_id)
        return state.put_status(case_id, key, data)

    def _portal(self, case_id: str) -> _Reply:
        """The portal page of a case, behind HTTP Basic authentication."""
        if self.command != "GET":
            return _error(HTTPStatus.METHOD_NOT_ALLOWED, f"{self.command} is not allowed here")
        if not self._authorised():
            return _Reply(HTTPStatus.UNAUTHORIZED, b"Login required", "text/plain; charset=utf-8")
        return self.server.state.portal_page(case_id)

    # ---- control ---------------------------------------------------------------

    def _control(self, path: str, body: bytes) -> _Reply:
        """The control endpoints for tests and demos."""
        state = self.server.state
        name = path[len(_CONTROL) :]
        if name == "received" and self.command == "GET":
            return _Reply(HTTPStatus.OK, {"received": state.received()})
        if name == "reset" and self.command == "POST":
            state.reset()
            return _Reply(HTTPStatus.OK, {"reset": True})
        if name == "mode" and self.command == "GET":
            with state.lock:
                return _Reply(HTTPStatus.OK, state.mode_json())
        if name == "mode" and self.command == "POST":
            data = self._json_body(body)
            if not isinstance(data, dict) or set(data) - {"mode", "count", "delay"}:
                return _error(HTTPStatus.BAD_REQUEST, "expected {mode, count, delay}")
            try:
                return _Reply(
                    HTTPStatus.OK,
                    state.set_mode(data.get("mode"), data.get("count"), data.get("delay")),
                )
            except ValueError as exc:
                return _error(HTTPStatus.BAD_REQUEST, str(exc))
        return _error(HTTPStatus.NOT_FOUND, f"no such control endpoint: {self.command} {path}")


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


class SoomStandIn:
    """The stand-in server, run in a background thread.

    :param samples_dir: folder of the DRA files that seed the orders.
    :param host: address to listen on; ``0.0.0.0`` only in a container.
    :param port: port to listen on; 0 picks a free one.
    :param user: user name of HTTP Basic authentication.
    :param password: its password.

    ``with SoomStandIn(folder) as standin:`` starts and stops it;
    ``standin.base_url`` is the URL to give the client.
    """

    def __init__(
        self,
        samples_dir: str | Path,
        host: str = "127.0.0.1",
        port: int = 0,
        user: str = "soom",
        password: str = "soom",
    ):
        self.host, self.port = host, port
        self.user, self.password = user, password
        self._state = _State(_load_orders(Path(samples_dir)))
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """The base URL of the running server (the loopback address for 0.0.0.0)."""
        if self._server is None:
            raise RuntimeError("the SOOM stand-in is not running")
        host, port = self._server.server_address[:2]
        return f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}"

    @property
    def order_count(self) -> int:
        """How many orders were seeded."""
        return len(self._state.orders)

    def start(self) -> str:
        """Start serving in a background thread; return the base URL."""
        if self._server is not None:
            raise RuntimeError("the SOOM stand-in is already running")
        self._server = _Server((self.host, self.port), self._state, self.user, self.password)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="soom-standin",
            daemon=True,
        )
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        """Stop serving; requests waiting in slow mode are dropped."""
        if self._server is None:
            return
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
        self._server = self._thread = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def set_mode(
        self, mode: str, count: int | None = None, delay: float | None = None
    ) -> dict[str, Any]:
        """Switch the mode for the next ``count`` requests (all when ``None``)."""
        return self._state.set_mode(mode, count, delay)

    def received(self) -> list[dict[str, Any]]:
        """The log of status updates received, oldest first (see the module's docstring)."""
        return self._state.received()

    def reset(self) -> None:
        """Back to the seeded orders, with no values, keys, log, and mode normal."""
        self._state.reset()


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    parser = argparse.ArgumentParser(
        description="SOOM stand-in server: the order interface that ig_soom_dra's SOOM "
        "client assumes, with orders seeded from DRA files, in memory.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8099, help="port (default: %(default)s)")
    parser.add_argument(
        "--samples",
        type=Path,
        default=_DEFAULT_SAMPLES,
        help="folder of DRA files (*.xml) that seed the orders (default: %(default)s)",
    )
    parser.add_argument("--user", default="soom", help="user name (default: %(default)s)")
    parser.add_argument("--password", default="soom", help="password (default: %(default)s)")
    parser.add_argument(
        "--mode", choices=MODES, default="normal", help="initial mode (default: %(default)s)"
    )
    parser.add_argument(
        "--count", type=int, help="requests the initial mode lasts (default: until changed)"
    )
    parser.add_argument(
        "--delay",
        type=float,
        help=f"seconds a request waits in slow mode (default: {DEFAULT_SLOW_DELAY:g})",
    )
    return parser


def _stop_on_sigterm(signum, frame):
    """Turn SIGTERM (``docker stop``) into a normal shutdown."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Run the stand-in until interrupted (Ctrl+C or SIGTERM)."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        standin = SoomStandIn(args.samples, args.host, args.port, args.user, args.password)
        standin.set_mode(args.mode, args.count, args.delay)
        url = standin.start()
    except (OSError, ValueError) as exc:
        parser.error(str(exc))
    sys.stdout.write(
        f"SOOM stand-in listening on http://{args.host}:{url.rsplit(':', 1)[1]} "
        f"({standin.order_count} orders from {args.samples}, user {args.user!r})\n"
    )
    sys.stdout.flush()
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    finally:
        standin.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
