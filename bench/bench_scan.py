"""Benchmark of "Scans zuordnen": a scanned stack of 50 pages filed through a running Odoo.

Everything goes through the real HTTP path, as the web client does it, with
the server and login of ``bench/bench_upload.py``: a fresh database with
``ig_soom_dra`` (without demo data), an Odoo server started as a subprocess
(threaded, no cron thread), a login over JSON-RPC. 24 repair orders are
created over RPC; their prints (each a one-page service agreement or expert
report followed by its barcode page, ``core.pdf.documents_with_barcode``)
and two loose pages are scanned as the tests scan them
(``ig_soom_dra/tests/scan_stack.py``: 200 dpi greyscale, turned by up to 5
degrees, noised, JPEG pages in one PDF): 50 pages. Then:

a. The pure split (``core.scan.split_stack`` in this process, no Odoo):
   its time and pages per second.

b. Through the server, ``--runs`` times (each with a new scan batch): the
   upload as the form saves it (``web_save`` of ``ig.scan.batch`` with the
   PDF as base64, the way the binary field sends it), and the button *Lesen
   und ablegen* (``call_button`` ``action_split``): the barcodes read, the
   stack split, 24 documents filed on their orders, their chatter notes.
   Checked over RPC: 24 parts filed on the right orders, one part (the two
   loose pages) to assign. Measured: upload, split and total time, pages
   per second. Target: the total at most 20 s (median of the runs) on this
   2-core machine.

Exit status 1 when a target is missed or a check fails, 2 when the setup
fails.

Run (PostgreSQL running, the role able to create databases; Odoo 18
importable by ``python3``)::

    python3 bench/bench_scan.py                  # new database, dropped at the end
    python3 bench/bench_scan.py --runs 3
    python3 bench/bench_scan.py --db bench_scan --keep-db   # keep it ...
    python3 bench/bench_scan.py --db bench_scan              # ... and reuse it

Database options as ``bench/bench_upload.py`` (``--db-user``,
``--db-password``, ``--db-host``, ``--data-dir``; a database given with
``--db`` that exists already is used as it is and never dropped).
``--keep-logs`` keeps the Odoo logs.
"""

import argparse
import base64
import os
import statistics
import sys
import time
import types
from pathlib import Path

from bench_upload import (
    ADDON,
    Client,
    Database,
    Server,
    add_database_arguments,
    addons_path,
    install,
    mib,
    run_with_logs,
    verdict,
)

# The tests' scanner (no Odoo) without executing the addon's Odoo tests.
if "ig_soom_dra.tests" not in sys.modules:
    _tests = types.ModuleType("ig_soom_dra.tests")
    _tests.__path__ = [str(ADDON / "tests")]
    sys.modules["ig_soom_dra.tests"] = _tests

from ig_soom_dra.core.scan import split_stack
from ig_soom_dra.tests import scan_stack

BATCH = "ig.scan.batch"
ORDERS = 24
LOOSE_PAGES = 2
MAX_TOTAL_TIME = 20.0  # s, median, 50 pages


def build_stack(names: list[str]) -> bytes:
    """The scanned stack: one print per order, then the loose pages."""
    prints = [
        scan_stack.printed_pages(
            name,
            [("Leistungsvereinbarung", "Leistungsvereinbarung", 1)]
            if index % 2 == 0
            else [("Gutachten", "Gutachten", 1)],
        )
        for index, name in enumerate(names)
    ]
    prints.append(scan_stack.document_pdf("Lose Seite", pages=LOOSE_PAGES))
    return scan_stack.scanned(prints)


def upload_and_split(client, data: bytes, context: dict) -> dict:
    """Save a new scan batch with the PDF as the form does, then press Lesen und ablegen."""
    start = time.perf_counter()
    saved = client.call_kw(
        BATCH,
        "web_save",
        [[], {"name": "Bench", "stack_file": base64.b64encode(data).decode()}],
        {"context": context, "specification": {"state": {}}},
    )
    batch_id = saved[0]["id"]
    uploaded = time.perf_counter()
    client.call_button(BATCH, "action_split", [batch_id], context)
    done = time.perf_counter()
    return {"batch_id": batch_id, "upload": uploaded - start, "split": done - uploaded}


def run(args: argparse.Namespace, workdir: Path) -> int:
    """Prepare the database, start the server, measure; return the exit status."""
    database = Database(args)
    created = not database.exists()
    owned = created and not args.keep_db
    print(f"Odoo addons path: {addons_path()}")
    try:
        if not database.addon_installed():
            print(f"Database {database.name}: creating and installing (without demo data) ...")
            print(f"  done in {install(database, workdir / 'install.log'):.0f} s")
        else:
            print(f"Database {database.name}: exists with ig_soom_dra installed, used as is")
        server = Server(database, workdir / "server.log")
        try:
            print(f"Odoo server pid {server.pid}: ready in {server.wait_ready():.1f} s")
            return measure(args, server)
        finally:
            server.stop()
    finally:
        if owned:
            database.drop()
            print(f"Database {database.name} dropped")


def measure(args, server) -> int:
    """The measurements on the running server; return the exit status."""
    client = Client(server.port)
    info = client.login(args.db)
    context = dict(info.get("user_context", {}))
    partner = client.call_kw("res.partner", "create", [{"name": "Bench Kunde"}])
    order_ids = client.call_kw(
        "repair.order", "create", [[{"partner_id": partner} for _index in range(ORDERS)]]
    )
    names = [row["name"] for row in client.call_kw("repair.order", "read", [order_ids, ["name"]])]
    print("Building the scanned stack ...", flush=True)
    start = time.perf_counter()
    data = build_stack(names)
    print(f"  {mib(len(data))} in {time.perf_counter() - start:.1f} s")
    print("Load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    failures = []

    # a. the pure split
    start = time.perf_counter()
    split = split_stack(data)
    pure = time.perf_counter() - start
    pages = split.page_count
    print(
        f"\na. Pure split (core.scan.split_stack): {pages} pages in {pure:.2f} s = "
        f"{pages / pure:.1f} pages/s; {len(split.parts)} parts"
    )

    # b. through the server
    print(f"\nb. Upload and Lesen und ablegen through the server, {args.runs} runs")
    totals = []
    for run_number in range(1, args.runs + 1):
        result = upload_and_split(client, data, context)
        total = result["upload"] + result["split"]
        totals.append(total)
        parts = client.call_kw(
            "ig.scan.part",
            "search_read",
            [[("batch_id", "=", result["batch_id"])], ["state", "order_id", "reference"]],
        )
        filed = [part for part in parts if part["state"] == "filed"]
        problems = []
        if len(filed) != ORDERS or len(parts) != ORDERS + 1:
            problems.append(f"{len(filed)} of {len(parts)} parts filed, expected {ORDERS}")
        if any(part["order_id"][1] != part["reference"] for part in filed):
            problems.append("a part is filed on another order than its barcode's")
        print(
            f"  run {run_number}: upload {result['upload']:.2f} s + read and file "
            f"{result['split']:.2f} s = {total:.2f} s; {pages / total:.1f} pages/s"
        )
        for problem in problems:
            print(f"    FAIL: {problem}")
            failures.append(f"run {run_number}: {problem}")
    median = statistics.median(totals)
    print()
    for ok, text in [
        (
            median <= MAX_TOTAL_TIME,
            f"{pages} pages uploaded, read and filed in {median:.2f} s (median; worst "
            f"{max(totals):.2f} s) <= {MAX_TOTAL_TIME:.0f} s",
        )
    ]:
        print(f"{verdict(ok)}: {text}")
        if not ok:
            failures.append(text)
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


def main() -> int:
    """Run the benchmark and print the figures; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3, help="runs through the server (default 3)")
    add_database_arguments(parser, f"ig_soom_bench_scan_{os.getpid()}")
    parser.add_argument("--keep-logs", action="store_true", help="keep the Odoo logs")
    return run_with_logs(run, parser.parse_args(), "scan")


if __name__ == "__main__":
    sys.exit(main())
