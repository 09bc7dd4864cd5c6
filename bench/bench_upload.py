"""Benchmark of the upload of DRA files through a running Odoo server (not a test).

Everything goes through the real HTTP path, as the web client does it: a
fresh database with ``ig_soom_dra`` (installed without demo data), an Odoo
server started as a subprocess (threaded: ``--workers=0``, no cron thread,
a free port on 127.0.0.1), a login over JSON-RPC
(``/web/session/authenticate``) and the CSRF token read from the web
client's page (``/odoo``, ``csrf_token: "..."``). Then:

a. Over the limit: a valid DRA file of about 107.7 MiB (attachments of
   random bytes) is POSTed as multipart to ``/ig_soom_dra/dra_upload``
   while the client watches for an early answer. Measured: the wall time
   until the refusal (HTTP 413, or the connection reset by the server) and
   the server's extra memory. Checked: the refusal reason, that the server
   still answers, and that no ``ir.attachment`` was stored.
   Targets: refused in at most 1 s, with at most 100 MiB extra memory.

b. A valid DRA file of about 60 MiB (three documents of about 15 MiB: two
   PDFs of random bytes and a noisy JPEG photo, base64 in lines of 76
   characters): multipart upload, creation of the assistant with the
   attachment (``web_save``) and its Next button (``call_button``
   ``action_next``, which reads the file and fills the assistant). Checked
   over RPC: the assistant is loaded, without error, with the three
   documents of the right sizes. Measured per run: the total wall time and
   the server's peak memory growth over its resident memory just before
   the upload. Repeated ``--runs`` times (after one warm-up run with a
   small file, not counted). Targets: total time at most 3 s (median of the
   runs) and peak memory growth at most 4 times the file size (worst run:
   a peak is what exhausts a server). Printed too, outside the targets: the
   time and memory of the ``web_read`` that the web client does after Next
   to show the dialog (the fields of the form view, ``bin_size``).

Server memory is that of the Odoo process itself (with ``--workers=0`` it
serves the requests): ``/proc/<pid>/clear_refs`` is reset (``5``) before
each measurement and ``VmHWM`` read afterwards; in addition a thread samples
``VmRSS`` every 5 ms (the only figure when ``clear_refs`` cannot be
written). The figure judged is the larger of the two.

Exit status 1 when a target is missed or a check fails, 2 when the setup
fails. MiB is 1024 * 1024 bytes (the "MB" of ``ig_soom_dra.max_file_size_mb``).

Run (PostgreSQL running, the role able to create databases; Odoo 18
importable by ``python3``)::

    python3 bench/bench_upload.py                  # new database, dropped at the end
    python3 bench/bench_upload.py --runs 5
    python3 bench/bench_upload.py --db bench_upload --keep-db   # keep it ...
    python3 bench/bench_upload.py --db bench_upload              # ... and reuse it

Database options (defaults as ``tests/run_all.sh``, also from its
environment variables ``IG_TEST_DB_USER``, ``IG_TEST_DB_PASSWORD``,
``IG_TEST_DB_HOST``, ``IG_TEST_DATA_DIR``): ``--db-user``,
``--db-password``, ``--db-host``, ``--data-dir``. A database given with
``--db`` that exists already is used as it is (``ig_soom_dra`` is installed
into it if missing) and is never dropped. ``--keep-logs`` keeps the Odoo
logs (kept anyway when something fails; their folder is printed).
"""

import argparse
import http.client
import importlib.util
import io
import json
import os
import random
import re
import select
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import types
import uuid
from pathlib import Path

import psycopg2
from lxml import etree
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
ADDON = ROOT / "ig_soom_dra"
# Import the pure core package without executing the Odoo addon's __init__.
if "ig_soom_dra" not in sys.modules:
    _package = types.ModuleType("ig_soom_dra")
    _package.__path__ = [str(ADDON)]
    sys.modules["ig_soom_dra"] = _package

from ig_soom_dra.core.dra import (  # noqa: E402
    DraAttachment,
    DraDocument,
    DraOrder,
    parse_dra,
    write_dra,
)

MIB = 1024 * 1024
UPLOAD_ROUTE = "/ig_soom_dra/dra_upload"
WIZARD = "dra.import.wizard"
#: Room the controller grants for the multipart envelope (controllers/main.py).
MULTIPART_ENVELOPE = 64 * 1024
DEFAULT_LIMIT_MIB = 100

OVER_SIZE = int(107.7 * MIB)  # the file over the limit
OVER_DOCUMENTS = 4
VALID_SIZE = 60 * MIB  # the valid file
PHOTO_SIZE = (4800, 3600)  # noisy JPEG of about 15 MiB at quality 90
CHUNK = 256 * 1024  # client send size

MAX_REFUSAL_TIME = 1.0  # s
MAX_REFUSAL_MEMORY = 100 * MIB
MAX_UPLOAD_TIME = 3.0  # s, median
MAX_MEMORY_RATIO = 4.0  # peak RSS growth / file size, worst run

SAMPLE_INTERVAL = 0.005  # s


class SetupError(RuntimeError):
    """The database or the server could not be prepared."""


# --------------------------------------------------------------------------
# DRA files
# --------------------------------------------------------------------------


def _base64_size(raw: int) -> int:
    """Size of ``raw`` bytes in base64 with a line break every 76 characters."""
    encoded = (raw + 2) // 3 * 4
    return encoded + encoded // 76 + 1


def _raw_for(encoded: int) -> int:
    """About how many raw bytes make ``encoded`` bytes of base64 lines."""
    return int(encoded * 76 / 77 * 3 / 4)


def _pdf(rng: random.Random, size: int) -> bytes:
    """Bytes that look like a PDF (header, random body, trailer)."""
    head, tail = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", b"\n%%EOF\n"
    return head + rng.randbytes(max(size - len(head) - len(tail), 0)) + tail


def _photo(rng: random.Random) -> bytes:
    """A real JPEG of random pixels (incompressible, about 15 MiB)."""
    width, height = PHOTO_SIZE
    image = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def _dra(order_number: str, attachments: list[DraAttachment]) -> bytes:
    return write_dra(
        DraDocument(order=DraOrder(order_number=order_number), attachments=tuple(attachments))
    )


def build_valid_file(target: int = VALID_SIZE) -> tuple[bytes, list[int]]:
    """A DRA file of about ``target`` bytes: a JPEG photo and PDFs of the same size.

    Returns the file and the sizes of its documents.
    """
    rng = random.Random(2026)
    photo = _photo(rng)
    documents = [
        DraAttachment(
            type="Bild",
            filename="foto_1.jpg",
            mimetype="image/jpeg",
            description="Schadenfoto",
            content=photo,
        )
    ]
    remaining = target - 8192 - _base64_size(len(photo))
    count = max(round(remaining / _base64_size(len(photo))), 1)
    for number in range(1, count + 1):
        documents.append(
            DraAttachment(
                type="Gutachten",
                filename=f"gutachten_{number}.pdf",
                mimetype="application/pdf",
                description=f"Gutachten Teil {number}",
                content=_pdf(rng, _raw_for(remaining // count)),
            )
        )
    return _dra("202019001", documents), [len(d.content) for d in documents]


def build_over_file(target: int = OVER_SIZE) -> bytes:
    """A valid DRA file of about ``target`` bytes (PDFs of random bytes)."""
    rng = random.Random(1077)
    raw = _raw_for((target - 8192) // OVER_DOCUMENTS)
    documents = [
        DraAttachment(
            type="Gutachten",
            filename=f"gross_{number}.pdf",
            mimetype="application/pdf",
            content=_pdf(rng, raw),
        )
        for number in range(1, OVER_DOCUMENTS + 1)
    ]
    return _dra("202019002", documents)


def build_small_file() -> bytes:
    """A small DRA file for the warm-up run."""
    rng = random.Random(7)
    documents = [
        DraAttachment(
            type="Gutachten",
            filename="klein.pdf",
            mimetype="application/pdf",
            content=_pdf(rng, 200_000),
        )
    ]
    return _dra("202019000", documents)


# --------------------------------------------------------------------------
# Database and server
# --------------------------------------------------------------------------


def addons_path() -> str:
    """The addons path of tests/run_all.sh, found without importing Odoo."""
    spec = importlib.util.find_spec("odoo")
    if spec is None or not spec.origin:
        raise SetupError("'import odoo' fails with this python: install Odoo 18 first.")
    base = Path(spec.origin).parent
    paths = [str(base / "addons")]
    source_addons = base.parent / "addons"
    if (source_addons / "repair").is_dir():
        paths.insert(0, str(source_addons))
    paths.append(str(ROOT))
    return ",".join(paths)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Database:
    """Connection settings, and direct queries for the checks the RPC cannot do."""

    def __init__(self, args: argparse.Namespace):
        self.name = args.db
        self.user, self.password, self.host = args.db_user, args.db_password, args.db_host
        self.data_dir = Path(args.data_dir)

    def connect(self, dbname: str | None = None):
        connection = psycopg2.connect(
            dbname=dbname or self.name, user=self.user, password=self.password, host=self.host
        )
        connection.autocommit = True
        return connection

    def exists(self) -> bool:
        return bool(
            self.query("SELECT 1 FROM pg_database WHERE datname = %s", [self.name], "postgres")
        )

    def query(self, sql: str, params=(), dbname: str | None = None) -> list[tuple]:
        # not `with connection`: psycopg2 would open a transaction even in autocommit
        connection = self.connect(dbname)
        try:
            with connection.cursor() as cr:
                cr.execute(sql, params)
                return cr.fetchall() if cr.description else []
        finally:
            connection.close()

    def addon_installed(self, addon: str = "ig_soom_dra") -> bool:
        try:
            rows = self.query("SELECT state FROM ir_module_module WHERE name = %s", [addon])
        except psycopg2.Error:
            return False
        return bool(rows) and rows[0][0] == "installed"

    def attachments(self) -> tuple[int, int]:
        """Number of attachments and their largest id."""
        return self.query("SELECT count(*), coalesce(max(id), 0) FROM ir_attachment")[0]

    def limit(self) -> int:
        rows = self.query(
            "SELECT value FROM ir_config_parameter WHERE key = 'ig_soom_dra.max_file_size_mb'"
        )
        try:
            megabytes = int(rows[0][0]) if rows and rows[0][0] else DEFAULT_LIMIT_MIB
        except ValueError:
            megabytes = DEFAULT_LIMIT_MIB
        return megabytes * MIB

    def drop(self) -> None:
        self.query(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)', dbname="postgres")
        shutil.rmtree(self.data_dir / "filestore" / self.name, ignore_errors=True)


def odoo_command(database: Database, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "odoo",
        f"--addons-path={addons_path()}",
        f"--db_host={database.host}",
        f"--db_user={database.user}",
        f"--db_password={database.password}",
        f"--data-dir={database.data_dir}",
        f"--database={database.name}",
        f"--db-filter=^{re.escape(database.name)}$",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        "--max-cron-threads=0",
    ]


def install(database: Database, log: Path, addon: str = "ig_soom_dra") -> float:
    """Install the addon (without demo data) into the database (Odoo creates
    it when missing)."""
    start = time.perf_counter()
    with log.open("wb") as output:
        result = subprocess.run(
            [
                *odoo_command(database, free_port()),
                f"--init={addon}",
                "--without-demo=all",
                "--stop-after-init",
                "--log-level=warn",
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if result.returncode or not database.addon_installed(addon):
        tail = log.read_text(errors="replace").splitlines()[-30:]
        raise SetupError(f"Installing {addon} failed:\n" + "\n".join(tail))
    return time.perf_counter() - start


class Server:
    """The Odoo server as a subprocess, serving one database."""

    def __init__(self, database: Database, log: Path):
        self.port = free_port()
        self.log = log
        self._output = log.open("wb")
        self.process = subprocess.Popen(
            [
                *odoo_command(database, self.port),
                "--workers=0",
                "--log-level=warn",
            ],
            stdout=self._output,
            stderr=subprocess.STDOUT,
        )
        self.pid = self.process.pid

    def wait_ready(self, timeout: float = 180.0) -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if self.process.poll() is not None:
                raise SetupError(f"The Odoo server stopped at start; see {self.log}.")
            try:
                status, _headers, _body = Client(self.port).request("GET", "/web/login")
                if status == 200:
                    return time.perf_counter() - start
            except OSError:
                pass
            time.sleep(0.2)
        raise SetupError(f"The Odoo server does not answer /web/login; see {self.log}.")

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._output.close()


# --------------------------------------------------------------------------
# Server memory
# --------------------------------------------------------------------------


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of the process, in bytes."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _sep, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) * 1024
    return values


def reset_peak(pid: int) -> bool:
    """Reset VmHWM to the current RSS; tell whether that worked."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    status = proc_status(pid)
    return status["VmHWM"] <= status["VmRSS"] + MIB


class MemoryWatch:
    """The server's peak resident memory during a block, over the RSS before it."""

    def __init__(self, pid: int, peak_reset: bool):
        self.pid, self.peak_reset = pid, peak_reset
        self.before = self.sampled = self.hwm = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                self.sampled = max(self.sampled, proc_status(self.pid)["VmRSS"])
            except (OSError, KeyError):
                return
            time.sleep(SAMPLE_INTERVAL)

    def __enter__(self):
        if self.peak_reset:
            reset_peak(self.pid)
        self.before = self.sampled = proc_status(self.pid)["VmRSS"]
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join()
        status = proc_status(self.pid)
        self.sampled = max(self.sampled, status["VmRSS"])
        self.hwm = status["VmHWM"] if self.peak_reset else 0

    @property
    def growth(self) -> int:
        """Peak growth: the larger of VmHWM's and of the samples'."""
        return max(self.hwm, self.sampled) - self.before

    def describe(self) -> str:
        hwm = f"VmHWM +{(self.hwm - self.before) / MIB:.1f}, " if self.peak_reset else ""
        return (
            f"{hwm}sampled VmRSS +{(self.sampled - self.before) / MIB:.1f} MiB "
            f"(RSS before {self.before / MIB:.0f} MiB)"
        )


# --------------------------------------------------------------------------
# HTTP client
# --------------------------------------------------------------------------


class RpcError(RuntimeError):
    """A JSON-RPC call answered an error."""


class Client:
    """A minimal web client: session cookie, JSON-RPC, multipart upload."""

    def __init__(self, port: int):
        self.port = port
        self.session_id: str | None = None
        self.csrf_token: str | None = None
        self.received = 0  # bytes of the last answer

    def _connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.session_id:
            headers["Cookie"] = f"session_id={self.session_id}"
        return headers

    def _keep_session(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            match = re.match(r"session_id=([^;]*)", header)
            if match:
                self.session_id = match[1]

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        connection = self._connection()
        try:
            connection.request(method, path, body=body, headers=self._headers(headers))
            response = connection.getresponse()
            data = response.read()
            self.received = len(data)
            self._keep_session(response)
            return response.status, response.headers, data
        finally:
            connection.close()

    def jsonrpc(self, path: str, params: dict):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        status, _headers, data = self.request(
            "POST", path, json.dumps(payload).encode(), {"Content-Type": "application/json"}
        )
        if status != 200:
            raise RpcError(f"{path}: HTTP {status}: {data[:300]!r}")
        answer = json.loads(data)
        if "error" in answer:
            error = answer["error"].get("data", {}).get("message") or answer["error"]
            raise RpcError(f"{path}: {error}")
        return answer["result"]

    def call_kw(self, model: str, method: str, args: list, kwargs: dict | None = None):
        return self.jsonrpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def call_button(self, model: str, method: str, ids: list[int], context: dict):
        return self.jsonrpc(
            f"/web/dataset/call_button/{model}/{method}",
            {"model": model, "method": method, "args": [ids], "kwargs": {"context": context}},
        )

    def login(self, db: str, login: str = "admin", password: str = "admin") -> dict:
        info = self.jsonrpc(
            "/web/session/authenticate", {"db": db, "login": login, "password": password}
        )
        if not info.get("uid"):
            raise SetupError("The login as admin failed.")
        # the web client's page carries the token: odoo = { csrf_token: "...", ... }
        status, _headers, page = self.request("GET", "/odoo")
        match = re.search(rb'csrf_token:\s*"([^"]+)"', page)
        if status != 200 or not match:
            raise SetupError(f"No csrf_token in the page /odoo (HTTP {status}).")
        self.csrf_token = match[1].decode()
        return info

    def upload(self, filename: str, data: bytes) -> dict:
        """POST the file as the browser's FormData (ufile, csrf_token), in chunks.

        Stops sending when the server answers early or resets the
        connection. Returns ``status`` (None without an answer), ``body``,
        ``reset``, ``sent`` (bytes of the body sent) and ``seconds`` (until
        the answer or the reset).
        """
        boundary = f"----IgSoomBench{uuid.uuid4().hex}"
        head = (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="ufile"; filename="{filename}"\r\n'
            "Content-Type: text/xml\r\n\r\n"
        ).encode()
        tail = (
            f"\r\n--{boundary}\r\n"
            'Content-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f"{self.csrf_token}\r\n--{boundary}--\r\n"
        ).encode()
        length = len(head) + len(data) + len(tail)
        connection = self._connection()
        result = {"status": None, "body": b"", "reset": False, "sent": 0, "early": False}
        start = time.perf_counter()
        try:
            connection.putrequest("POST", UPLOAD_ROUTE)
            for key, value in self._headers(
                {
                    "Content-Type": f"multipart/form-data; boundary={boundary}",
                    "Content-Length": str(length),
                }
            ).items():
                connection.putheader(key, value)
            connection.endheaders()
            sock = connection.sock
            view = memoryview(data)
            parts = [head, *(view[i : i + CHUNK] for i in range(0, len(data), CHUNK)), tail]
            try:
                for part in parts:
                    if select.select([sock], [], [], 0)[0]:
                        result["early"] = True  # the server answers before the end
                        break
                    sock.sendall(part)
                    result["sent"] += len(part)
            except (BrokenPipeError, ConnectionResetError):
                result["reset"] = True
            try:
                response = connection.getresponse()
                result["body"] = response.read()
                result["status"] = response.status
                self._keep_session(response)
            except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
                result["reset"] = True
            result["seconds"] = time.perf_counter() - start
        finally:
            connection.close()
        result["sent"] = max(result["sent"] - len(head), 0)
        return result


# --------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def measure_over_limit(client, server, database, data: bytes, peak_reset: bool) -> dict:
    """Upload the file over the limit; the time and memory of its refusal."""
    attachments_before = database.attachments()
    with MemoryWatch(server.pid, peak_reset) as memory:
        result = client.upload("KSR202019002.xml", data)
    alive = server.alive()
    try:
        status, _headers, _body = client.request("GET", "/web/login")
        answers = status == 200
    except OSError:
        answers = False
    message = None
    if result["body"]:
        try:
            message = json.loads(result["body"]).get("error")
        except ValueError:
            title = re.search(rb"<title>(.*?)</title>", result["body"], re.DOTALL)
            message = (title[1] if title else result["body"][:120]).decode(errors="replace")
    return {
        **result,
        "memory": memory,
        "alive": alive and answers,
        "stored": database.attachments() != attachments_before,
        "message": message,
    }


def upload_and_load(client, data: bytes, filename: str, context: dict) -> dict:
    """Upload, create the assistant, press Next: what the web client does."""
    times = {}
    start = time.perf_counter()
    result = client.upload(filename, data)
    times["upload"] = time.perf_counter() - start
    if result["status"] != 200:
        raise RpcError(f"Upload refused: HTTP {result['status']} {result['body'][:300]!r}")
    upload = json.loads(result["body"])
    if "error" in upload:
        raise RpcError(f"Upload refused: {upload['error']}")
    mark = time.perf_counter()
    saved = client.call_kw(
        WIZARD,
        "web_save",
        [[], {"dra_attachment_id": upload["id"]}],
        {"context": context, "specification": {"display_name": {}}},
    )
    wizard_id = saved[0]["id"]
    times["create"] = time.perf_counter() - mark
    mark = time.perf_counter()
    action = client.call_button(WIZARD, "action_next", [wizard_id], context)
    times["next"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - start
    if not (isinstance(action, dict) and action.get("res_id") == wizard_id):
        raise RpcError(f"action_next answered {action!r}")
    return {"times": times, "wizard_id": wizard_id, "upload": upload}


def form_specification(client, context: dict) -> dict:
    """The specification the web client reads the assistant's form with (``web_read``).

    Built from the form view as the server sends it (``get_views``): every
    field of the view, visible or not; many2one fields with their
    ``display_name``; x2many fields with the fields of their sub-views.
    """
    views = client.call_kw(
        WIZARD, "get_views", [], {"views": [[False, "form"]], "context": context}
    )
    models = views["models"]

    def fields_of(node, model: str) -> dict:
        spec: dict = {}
        infos = models.get(model, {}).get("fields", {})
        for child in node.iterchildren(tag=etree.Element):
            if child.tag != "field":
                _merge(spec, fields_of(child, model))
                continue
            name, info = child.get("name"), infos.get(child.get("name"), {})
            if info.get("type") == "many2one":
                value = {"fields": {"display_name": {}}}
            elif info.get("type") in ("one2many", "many2many"):
                value = {"fields": {}}
                for view in child.iterchildren(tag=etree.Element):
                    _merge(value["fields"], fields_of(view, info["relation"]))
                value["fields"] = value["fields"] or {"display_name": {}}
            else:
                value = {}
            _merge(spec, {name: value})
        return spec

    arch = etree.fromstring(views["views"]["form"]["arch"].encode())
    return {"display_name": {}, **fields_of(arch, WIZARD)}


def _merge(spec: dict, other: dict) -> None:
    for name, value in other.items():
        if name in spec and "fields" in value and "fields" in spec[name]:
            _merge(spec[name]["fields"], value["fields"])
        else:
            spec.setdefault(name, value)


def read_dialog(client, wizard_id: int, specification: dict, context: dict) -> dict:
    """Read the assistant as its dialog does after Next (``web_read``, ``bin_size``)."""
    return client.call_kw(
        WIZARD,
        "web_read",
        [[wizard_id]],
        {"context": {**context, "bin_size": True}, "specification": specification},
    )[0]


def check_loaded(client, database, wizard: dict, sizes: list[int], context: dict) -> list[str]:
    """What is wrong with the loaded assistant: its state, lines and stored contents."""
    problems = []
    if not wizard["loaded"]:
        problems.append("the assistant is not loaded")
    if wizard["error_message"]:
        problems.append(f"error message: {wizard['error_message']}")
    lines = client.call_kw(
        "dra.import.attachment",
        "search_read",
        [[("wizard_id", "=", wizard["id"])]],
        {"fields": ["name", "size", "problem"], "context": context},
    )
    if sorted(line["size"] for line in lines) != sorted(sizes):
        problems.append(
            f"{len(lines)} attachments of {[line['size'] for line in lines]} bytes, "
            f"expected {len(sizes)} of {sizes}"
        )
    problems += [f"{line['name']}: {line['problem']}" for line in lines if line["problem"]]
    stored = dict(
        database.query(
            "SELECT res_id, file_size FROM ir_attachment WHERE res_model = "
            "'dra.import.attachment' AND res_field = 'data' AND res_id = ANY(%s)",
            [[line["id"] for line in lines]],
        )
    )
    problems += [
        f"{line['name']}: content not stored"
        for line in lines
        if stored.get(line["id"]) != line["size"]
    ]
    return problems


def mib(value: float) -> str:
    return f"{value / MIB:.1f} MiB"


def run(args: argparse.Namespace, workdir: Path) -> int:
    """Prepare the database, start the server, measure; return the exit status."""
    database = Database(args)
    created = not database.exists()
    owned = created and not args.keep_db
    print(f"Odoo addons path: {addons_path()}")
    try:
        if not database.addon_installed():
            what = "creating and installing" if created else "installing ig_soom_dra into"
            print(f"Database {database.name}: {what} (without demo data) ...", flush=True)
            seconds = install(database, workdir / "install.log")
            print(f"  done in {seconds:.0f} s")
        else:
            print(f"Database {database.name}: exists with ig_soom_dra installed, used as is")
        limit = database.limit()
        print("Building the DRA files ...", flush=True)
        valid, sizes = build_valid_file()
        files = types.SimpleNamespace(
            valid=valid, sizes=sizes, over=build_over_file(), small=build_small_file()
        )
        assert len(parse_dra(valid, max_size=2 * len(valid)).attachments) == len(sizes)
        if len(files.over) <= limit + MULTIPART_ENVELOPE:
            raise SetupError(f"The file over the limit is not over {mib(limit)}.")

        server = Server(database, workdir / "server.log")
        try:
            seconds = server.wait_ready()
            print(f"Odoo server pid {server.pid} on port {server.port}: ready in {seconds:.1f} s")
            return measure(args, database, server, limit, files)
        finally:
            server.stop()
    finally:
        if owned:
            database.drop()
            print(f"Database {database.name} dropped")
        elif created:
            print(f"Database {database.name} kept (--keep-db)")


def measure(args, database, server, limit: int, files) -> int:
    """The measurements on the running server; return the exit status."""
    client = Client(server.port)
    info = client.login(database.name)
    context = {**info.get("user_context", {}), "dialog_size": "extra-large"}
    peak_reset = reset_peak(server.pid)
    print(
        "Peak reset with /proc/<pid>/clear_refs: "
        + ("works (VmHWM and 5 ms VmRSS samples)" if peak_reset else "unavailable (samples only)")
    )
    print(f"Size limit: {mib(limit)} (+ {MULTIPART_ENVELOPE // 1024} KiB multipart envelope)")
    print(
        "Load average before: {:.2f} {:.2f} {:.2f} ({} CPUs)".format(
            *os.getloadavg(), os.cpu_count()
        )
    )
    specification = form_specification(client, context)
    for name in ("loaded", "error_message"):
        specification.setdefault(name, {})

    # warm-up: loads the code paths and caches of the upload, the assistant and its dialog
    warm = upload_and_load(client, files.small, "KSR202019000.xml", context)
    wizard = read_dialog(client, warm["wizard_id"], specification, context)
    problems = check_loaded(client, database, wizard, [200_000], context)
    if problems:
        print("Warm-up run failed: " + "; ".join(problems))
        return 1
    failures = []

    # a. over the limit
    over = files.over
    print(f"\na. Over the limit: DRA file of {mib(len(over))} ({len(over)} bytes)")
    refusal = measure_over_limit(client, server, database, over, peak_reset)
    how = f"HTTP {refusal['status']}" if refusal["status"] else "connection reset, no answer"
    if refusal["reset"] and refusal["status"]:
        how += " (after a connection reset)"
    print(f"  answer: {how}: {refusal['message']!r}")
    print(
        f"  body sent before the answer: {mib(refusal['sent'])} of {mib(len(over))}"
        + (" (the server answered early)" if refusal["early"] else "")
    )
    print(f"  server memory: {refusal['memory'].describe()}")
    checks = [
        (refusal["status"] in (413, None), f"refused (413 or reset): {how}"),
        (refusal["alive"], "the server still answers"),
        (not refusal["stored"], "no ir.attachment stored"),
    ]
    for ok, text in checks:
        print(f"  {verdict(ok)}: {text}")
        if not ok:
            failures.append(text)
    targets = [
        (
            refusal["seconds"] <= MAX_REFUSAL_TIME,
            f"over the limit: refused in {refusal['seconds']:.3f} s <= {MAX_REFUSAL_TIME:.0f} s",
        ),
        (
            refusal["memory"].growth <= MAX_REFUSAL_MEMORY,
            f"over the limit: extra server memory {mib(refusal['memory'].growth)} "
            f"<= {mib(MAX_REFUSAL_MEMORY)}",
        ),
    ]

    # b. a valid file
    valid, sizes = files.valid, files.sizes
    print(
        f"\nb. Valid DRA file of {mib(len(valid))} ({len(valid)} bytes) with {len(sizes)} "
        f"documents of {', '.join(mib(size) for size in sizes)}: upload + assistant + Next"
    )
    totals, ratios = [], []
    for number in range(1, args.runs + 1):
        with MemoryWatch(server.pid, peak_reset) as memory:
            loaded = upload_and_load(client, valid, "KSR202019001.xml", context)
        with MemoryWatch(server.pid, peak_reset) as dialog_memory:
            start = time.perf_counter()
            wizard = read_dialog(client, loaded["wizard_id"], specification, context)
            dialog_seconds = time.perf_counter() - start
            dialog_bytes = client.received
        problems = check_loaded(client, database, wizard, sizes, context)
        times = loaded["times"]
        totals.append(times["total"])
        ratios.append(memory.growth / len(valid))
        print(
            f"  run {number}: total {times['total']:.2f} s (upload {times['upload']:.2f}, "
            f"create {times['create']:.2f}, Next {times['next']:.2f}); "
            f"peak memory +{mib(memory.growth)} = {ratios[-1]:.2f} x the file\n"
            f"         [{memory.describe()}]\n"
            f"         then the dialog's web_read (not in the target): {dialog_seconds:.2f} s, "
            f"+{mib(dialog_memory.growth)} peak, answer of {dialog_bytes} bytes"
        )
        for problem in problems:
            print(f"    FAIL: {problem}")
            failures.append(f"run {number}: {problem}")
    median_total, worst_total = statistics.median(totals), max(totals)
    median_ratio, worst_ratio = statistics.median(ratios), max(ratios)
    print(
        f"  over {args.runs} runs: total median {median_total:.2f} s, worst {worst_total:.2f} s; "
        f"peak memory median {median_ratio:.2f} x, worst {worst_ratio:.2f} x the file size"
    )
    targets += [
        (
            median_total <= MAX_UPLOAD_TIME,
            f"valid file: upload + assistant + Next in {median_total:.2f} s (median; "
            f"worst {worst_total:.2f} s) <= {MAX_UPLOAD_TIME:.0f} s",
        ),
        (
            worst_ratio <= MAX_MEMORY_RATIO,
            f"valid file: peak server memory {worst_ratio:.2f} x the file size (worst; "
            f"median {median_ratio:.2f} x) <= {MAX_MEMORY_RATIO:.0f} x",
        ),
    ]

    print("Load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print("\nTargets:")
    for ok, text in targets:
        print(f"{verdict(ok)}: {text}")
        if not ok:
            failures.append(text)
    if not server.alive():
        failures.append("the server died")
        print("FAIL: the server died")
    return 1 if failures else 0


def run_with_logs(run, args: argparse.Namespace, name: str) -> int:
    """Run a benchmark, ``run(args, workdir)``, with a fresh folder for the Odoo logs.

    Returns its exit status: 2 when the set-up failed, 1 when a request
    failed. The logs are kept when asked (``args.keep_logs``) or on failure.
    """
    workdir = Path(tempfile.mkdtemp(prefix=f"ig_soom_bench_{name}."))
    try:
        status = run(args, workdir)
    except SetupError as error:
        print(f"Setup failed: {error}")
        status = 2
    except RpcError as error:
        print(f"FAIL: {error}")
        status = 1
    if args.keep_logs or status:
        print(f"Odoo logs: {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return status


def add_database_arguments(parser: argparse.ArgumentParser, default_db: str) -> None:
    """The database options of the benchmarks (defaults as tests/run_all.sh)."""
    env = os.environ.get
    parser.add_argument("--db", default=default_db, help="database name")
    parser.add_argument("--keep-db", action="store_true", help="keep a database made here")
    parser.add_argument("--db-user", default=env("IG_TEST_DB_USER", "ig_soom_test"))
    parser.add_argument("--db-password", default=env("IG_TEST_DB_PASSWORD", "ig_soom_test"))
    parser.add_argument("--db-host", default=env("IG_TEST_DB_HOST", "localhost"))
    parser.add_argument(
        "--data-dir",
        default=env("IG_TEST_DATA_DIR", str(Path.home() / ".local/share/ig_soom_test")),
        help="Odoo data directory (filestore)",
    )


def main() -> int:
    """Run the benchmark and print the figures; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of the valid file (default 3)")
    add_database_arguments(parser, f"ig_soom_bench_upload_{os.getpid()}")
    parser.add_argument("--keep-logs", action="store_true", help="keep the Odoo logs")
    return run_with_logs(run, parser.parse_args(), "upload")


if __name__ == "__main__":
    sys.exit(main())
