"""The browser tours once more, against a multi-process (prefork) Odoo server.

Odoo's own test runner cannot show what prefork breaks: with ``--workers``
and ``--test-enable`` the tests run in the master before any worker exists,
and an HttpCase shares its test cursor with in-process HTTP threads. Here
the addons' tour tests run as they are written, with three differences:

* each test gets a database of its own, a copy of ``--db`` (both addons
  installed), and what its ``setUpClass``/``setUp`` and the code before its
  tour create is COMMITTED (this process is not in the server);
* ``start_tour``/``browser_js`` drive headless Chromium (Odoo's own
  ``ChromeBrowser``) against a separate ``python3 -m odoo --workers=2``
  server, logged in with a session cookie from a POST to ``/web/login``;
  the page is opened with ``debug=tests`` so that it loads the tours;
  ``authenticate``/``url_open`` log in and send their requests there too;
* what the test asserts after its tour reads the workers' committed work in
  a new transaction (the cache of this process emptied).

It fails (exit code 1) on a failed tour or assertion, on an ERROR or
CRITICAL line of the server's log, or when a worker died; it prints one line
per tour and the process ids that served its requests (the PID of Odoo's
request log lines), and fails too when only one process served them all.
It drops the databases it made.

Usage (the Odoo options as the server needs them)::

    python3 tests/prefork_tours.py --db BASE_DB -- --addons-path=... \\
        --db_host=... --db_user=... --db_password=... --data-dir=...

The tour tests are found, not listed: every test method of an HttpCase of
the addons' ``tests`` packages (the ``test_*`` modules Odoo runs) that calls
``start_tour`` or ``browser_js``, itself or through methods of its class it
calls on ``self``. A test a subclass inherits runs once.
"""

import argparse
import ast
import contextlib
import importlib
import inspect
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import traceback
import unittest
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode, urlsplit, urlunsplit

import requests

import odoo
from odoo.api import Environment
from odoo.modules.registry import Registry
from odoo.service import db as db_service
from odoo.tools import config

#: The addons whose tour tests run here.
ADDONS = ("ig_soom_dra", "workshop_damage_report")
#: What an HttpCase calls to drive the browser.
BROWSER_CALLS = frozenset({"start_tour", "browser_js"})

WORKERS = 2
HOST = "127.0.0.1"
#: Odoo's log line: date time PID LEVEL DB logger: message
LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (?P<pid>\d+) (?P<level>[A-Z]+) "
    r"(?P<db>\S+) (?P<logger>[\w.]+): "
)
WORKER_ALIVE = re.compile(r"Worker WorkerHTTP \((\d+)\) alive")
WORKER_LEFT = re.compile(r"Worker \((\d+)\) (?:exiting|max request|virtual memory|CPU time)")

_logger = logging.getLogger("prefork_tours")


def self_calls(function):
    """The names of the methods ``function`` calls on ``self``."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "self"
    }


def drives_browser(test_class, name, seen):
    """Whether the method ``name`` of ``test_class`` calls one of
    ``BROWSER_CALLS``, itself or through methods of the addons' tests."""
    seen.add(name)
    for called in self_calls(getattr(test_class, name)):
        if called in BROWSER_CALLS:
            return True
        method = getattr(test_class, called, None)
        if (
            called not in seen
            and inspect.isfunction(method)
            and method.__module__.startswith(tuple(f"odoo.addons.{addon}." for addon in ADDONS))
            and drives_browser(test_class, called, seen)
        ):
            return True
    return False


def discover_tours(addons=ADDONS):
    """The tour tests of ``addons``: (class, method name), in the order of
    their modules and classes."""
    from odoo.tests.common import HttpCase  # noqa: PLC0415 (imported in test mode)

    loader = unittest.TestLoader()
    found, functions = [], set()
    for addon in addons:
        package = importlib.import_module(f"odoo.addons.{addon}.tests")
        modules = [
            module
            for name, module in inspect.getmembers(package, inspect.ismodule)
            if name.startswith("test_")
        ]
        for module in modules:
            for _, test_class in inspect.getmembers(module, inspect.isclass):
                if test_class.__module__ != module.__name__ or not issubclass(test_class, HttpCase):
                    continue
                for name in loader.getTestCaseNames(test_class):
                    function = getattr(test_class, name)
                    if function not in functions and drives_browser(test_class, name, set()):
                        functions.add(function)
                        found.append((test_class, name))
    return found


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def odoo_script():
    """Odoo's start script: the master starts the gevent process with it
    (``python3 -m odoo`` cannot, its gevent process fails to import)."""
    script = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
    if script.is_file():
        return str(script)
    found = shutil.which("odoo")
    if not found:
        raise RuntimeError("Neither odoo-bin beside the odoo package nor an odoo script found.")
    return found


class Proxy:
    """The front of the server, as nginx in production (deploy/nginx.conf):
    ``/websocket`` to the gevent process, the rest to the HTTP workers.

    A connection goes upstream once its first request line is read: the
    browser's speculative connections that send nothing never hold a worker.
    """

    def __init__(self, http_port, gevent_port):
        self.upstreams = {"http": http_port, "websocket": gevent_port}
        self.listener = socket.create_server((HOST, 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.listener.close()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client):
        with contextlib.ExitStack() as stack:
            stack.enter_context(client)
            head = b""
            while b"\r\n" not in head and len(head) < 65536:
                try:
                    chunk = client.recv(65536)
                except OSError:
                    return
                if not chunk:
                    return
                head += chunk
            path = head.split(b" ", 2)[1] if head.count(b" ") >= 2 else b""
            kind = "websocket" if path.startswith(b"/websocket") else "http"
            try:
                upstream = socket.create_connection((HOST, self.upstreams[kind]))
            except OSError:
                return  # not listening (yet): the client sees its connection closed
            stack.enter_context(upstream)
            upstream.sendall(head)
            back = threading.Thread(target=self._pipe, args=(upstream, client), daemon=True)
            back.start()
            self._pipe(client, upstream)
            back.join()

    @staticmethod
    def _pipe(source, target):
        with contextlib.suppress(OSError):
            while chunk := source.recv(65536):
                target.sendall(chunk)
        with contextlib.suppress(OSError):
            target.shutdown(socket.SHUT_WR)


class Server:
    """``python3 -m odoo --workers=2`` serving the databases ``<prefix>_<n>``."""

    def __init__(self, odoo_args, db_prefix, log_path):
        self.port, gevent_port = free_port(), free_port()
        self.proxy = Proxy(self.port, gevent_port)
        self.log_path = log_path
        self.base_url = f"http://{HOST}:{self.proxy.port}"
        self.command = [
            sys.executable,
            odoo_script(),
            *odoo_args,
            f"--workers={WORKERS}",
            "--max-cron-threads=0",
            f"--http-port={self.port}",
            f"--gevent-port={gevent_port}",
            f"--http-interface={HOST}",
            f"--db-filter=^{re.escape(db_prefix)}_\\d+$",
            f"--logfile={log_path}",
            "--log-level=info",
            "--limit-time-real=600",
        ]
        self.process = None

    def start(self, seconds=120):
        self.process = subprocess.Popen(self.command, stdin=subprocess.DEVNULL)
        self.proxy.start()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server ended with exit code {self.process.returncode}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.base_url}/web/health", timeout=5).status_code == 200:
                    return
            time.sleep(0.5)
        raise RuntimeError(f"the server did not answer /web/health within {seconds} s")

    def stop(self):
        self.proxy.stop()
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_size(self):
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def log_lines(self, start=0):
        with self.log_path.open(encoding="utf-8", errors="replace") as log:
            log.seek(start)
            return log.read().splitlines()


def problems(lines):
    """The ERROR and CRITICAL records of log lines, each with its continuation."""
    found, current = [], None
    for line in lines:
        match = LOG_LINE.match(line)
        if match:
            current = [line] if match["level"] in ("ERROR", "CRITICAL") else None
            if current:
                found.append(current)
        elif current is not None:
            current.append(line)
    return ["\n".join(record) for record in found]


def request_pids(lines, db):
    """How many requests each process served for ``db`` (Odoo's werkzeug lines)."""
    pids = Counter()
    for line in lines:
        match = LOG_LINE.match(line)
        if match and match["logger"] == "werkzeug" and match["db"] == db:
            pids[int(match["pid"])] += 1
    return pids


def dead_workers(lines, running):
    """HTTP workers that started and are gone without saying why (a crash)."""
    alive, left = set(), set()
    for line in lines:
        if found := WORKER_ALIVE.search(line):
            alive.add(int(found[1]))
        if found := WORKER_LEFT.search(line):
            left.add(int(found[1]))
    return sorted(alive - left - running)


def drop(db, tries=5):
    """Drop a database made here (its last connections may still be closing).

    Odoo drops only a database that ``list_dbs`` names, and with ``db_name``
    set that is ``db_name`` alone: the server's list is asked for instead.
    """
    config["db_name"] = False
    for _ in range(tries):
        with contextlib.suppress(Exception):  # still in use: again in a moment
            if db_service.exp_drop(db):
                return True
        time.sleep(2)
    return False


def child_pids(pid):
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(child) for child in path.read_text().split()} if path.exists() else set()


class TourRun:
    """One tour test run against the prefork server, in its own database."""

    def __init__(self, server, db):
        self.server = server
        self.db = db

    def session_id(self, login, password=None):
        """A session of ``db``: logged in as ``login`` (with ``password``, by
        default the login, as HttpCase's users), public without a login."""
        session = requests.Session()
        page = session.get(f"{self.server.base_url}/web/login", params={"db": self.db}, timeout=60)
        page.raise_for_status()
        if login:
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
            answer = session.post(
                f"{self.server.base_url}/web/login",
                data={
                    "login": login,
                    "password": password or login,
                    "csrf_token": token,
                    "db": self.db,
                },
                timeout=60,
                allow_redirects=False,
            )
            if answer.status_code != 303:
                raise AssertionError(f"cannot log in as {login!r} (HTTP {answer.status_code})")
        return session.cookies["session_id"]

    def warm_up(self):
        """Every worker loads the database's registry before the test starts
        (a worker busy loading it takes no request: the others go to the next)."""
        url = f"{self.server.base_url}/web/login"
        with ThreadPoolExecutor(WORKERS * 2) as pool:
            answers = pool.map(
                lambda _: requests.get(url, params={"db": self.db}, timeout=300),
                range(WORKERS * 2),
            )
            for answer in answers:
                answer.raise_for_status()

    def url(self, url_path):
        """The page on the server, with ``debug=tests`` (Odoo loads the tours then)."""
        parts = urlsplit(url_path)
        query = "&".join(filter(None, [parts.query, urlencode({"debug": "tests"})]))
        base = urlsplit(self.server.base_url)
        return urlunsplit((base.scheme, base.netloc, parts.path, query, parts.fragment))

    def patches(self):
        """HttpCase as the tour tests use it, on a committed cursor and the prefork server."""
        # imported once the configuration is read: in test mode
        from odoo.tests.common import (  # noqa: PLC0415
            ChromeBrowser,
            ChromeBrowserException,
            HttpCase,
        )

        run = self

        def set_up_class(cls):
            cls.registry = run.registry
            cls.cr = run.cr
            cls.env = run.env
            cls._logger = logging.getLogger(f"{cls.__module__}.{cls.__name__}")
            cls.env["ir.config_parameter"].set_param("web.base.url", run.server.base_url)

        def set_up(case):
            case._logger = type(case)._logger.getChild(case._testMethodName)
            case.opener = requests.Session()

        def hand_over(case):
            """What the test wrote so far, committed for the workers."""
            case.env.flush_all()
            # the workers drop what they cached of what the test changed
            case.registry.signal_changes()
            case.cr.commit()

        def take_back(case):
            """What follows reads the workers' work: a new transaction, no cache."""
            case.cr.commit()
            case.env.invalidate_all()
            case.registry.clear_all_caches()

        def browser_js(case, url_path, code, ready="", *, login=None, timeout=60, **kwargs):
            success = kwargs.get("success_signal", "test successful")
            hand_over(case)
            browser = ChromeBrowser(case, success_signal=success)
            try:
                browser.set_cookie("session_id", run.session_id(login), "/", HOST)
                browser.navigate_to(run.url(url_path), wait_stop=not bool(ready))
                case.assertTrue(browser._wait_ready(ready), f"{ready!r} stayed false")
                try:
                    browser._wait_code_ok(code, timeout)
                except ChromeBrowserException as error:
                    case.fail(f"{code}\n\n{error}")
            finally:
                browser.stop()
                take_back(case)

        def authenticate(case, user, password, browser=None):
            hand_over(case)
            case.opener.cookies.clear()
            case.opener.cookies.set("session_id", run.session_id(user, password), path="/")

        def url_open(case, *args, **kwargs):
            hand_over(case)
            try:
                return original_url_open(case, *args, **kwargs)
            finally:
                take_back(case)

        original_url_open = HttpCase.url_open
        return mock.patch.multiple(
            HttpCase,
            setUpClass=classmethod(set_up_class),
            setUp=set_up,
            browser_js=browser_js,
            authenticate=authenticate,
            url_open=url_open,
            base_url=classmethod(lambda cls: run.server.base_url),
        )

    def run(self, test_class, method):
        """Run the test method as unittest does; the failures and errors it had."""
        config["db_name"] = self.db
        self.warm_up()
        self.registry = Registry(self.db)
        result = unittest.TestResult()
        # what Odoo's test runner sets: e.g. a new company gets its warehouse
        thread = threading.current_thread()
        thread.testing = True
        with self.registry.cursor() as self.cr, self.patches():
            self.env = Environment(self.cr, 1, {})
            try:
                test_class.setUpClass()
                test_class(method).run(result)
            finally:
                test_class.doClassCleanups()
                thread.testing = False
        problems = [text for _, text in result.errors + result.failures]
        problems += [
            "".join(traceback.format_exception(error))
            for _, error, _ in test_class.tearDown_exceptions
        ]
        return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="database with both addons, copied per test")
    parser.add_argument("--keep", action="store_true", help="keep the databases and the log")
    parser.add_argument("-k", dest="only", help="run only tests whose method contains this")
    parser.add_argument(
        "--log", type=Path, help="write the server's log there and keep it (default: a temp file)"
    )
    parser.add_argument("odoo_args", nargs="*", help="Odoo options (after --)")
    args = parser.parse_args(argv)

    config.parse_config([*args.odoo_args, "--log-level=warn"])
    # This process runs the tests' set-up and checks: their framework is
    # imported in test mode (Odoo logs an error otherwise), but the
    # databases it loads run no tests of their own.
    config["test_enable"] = True
    importlib.import_module("odoo.tests.common")
    config["test_enable"] = False
    odoo.modules.module.initialize_sys_path()
    # the tours' own messages (the browser's console, the steps) go to the log
    logging.getLogger("odoo.addons").setLevel(logging.WARNING)

    # stopped from outside: the server and the databases go all the same
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    tours = [tour for tour in discover_tours() if not args.only or args.only in tour[1]]
    if not tours:
        print("no tour test found" + (f" whose method contains {args.only!r}" if args.only else ""))
        return 1
    print(f"{len(tours)} tour tests", flush=True)
    prefix = f"{args.db}_pf{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="ig_prefork_"))
    server = Server(args.odoo_args, prefix, args.log or work / "server.log")
    made, failed, all_pids, crashed = [], [], Counter(), []
    started = time.monotonic()
    try:
        server.start()
        for number, (test_class, method) in enumerate(tours, 1):
            class_name = test_class.__name__
            db = f"{prefix}_{number}"
            db_service.exp_duplicate_database(args.db, db)
            made.append(db)
            offset, begin = server.log_size(), time.monotonic()
            try:
                detail = "\n".join(TourRun(server, db).run(test_class, method))
            except Exception:  # reported, then the run fails
                detail = traceback.format_exc()
            outcome = "FAILED" if detail else "ok"
            if detail:
                failed.append(f"{class_name}.{method}")
            Registry.delete(db)
            odoo.sql_db.close_db(db)
            pids = request_pids(server.log_lines(offset), db)
            all_pids.update(pids)
            served = ", ".join(f"{pid}: {count}" for pid, count in sorted(pids.items()))
            print(
                f"{outcome:6} {class_name}.{method} ({time.monotonic() - begin:.0f} s; "
                f"requests per process {served or 'none'})",
                flush=True,
            )
            if detail:
                print(textwrap.indent(detail, "       "), flush=True)
        running = child_pids(server.process.pid)
        crashed = dead_workers(server.log_lines(), running)
    finally:
        server.stop()
        undropped = [db for db in made if not args.keep and not drop(db)]
    errors = problems(server.log_lines())
    for record in errors:
        print(f"server log: {record}")
    for db in undropped:
        print(f"cannot drop the database {db}")
    for pid in crashed:
        print(f"worker {pid} died without exiting (a crash)")
    workers = sorted(all_pids)
    print(f"processes that served requests: {', '.join(map(str, workers)) or 'none'}")
    if len(workers) < 2:
        print(f"only {len(workers)} process served the tours: the server was not multi-process")
    ok = not failed and not errors and not crashed and not undropped and len(workers) >= 2
    print(
        f"prefork tours: {len(tours) - len(failed)} passed, {len(failed)} failed"
        f" ({time.monotonic() - started:.0f} s; server log: {server.log_path})"
    )
    if not args.keep and ok:
        if not args.log:
            server.log_path.unlink(missing_ok=True)
        work.rmdir()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
