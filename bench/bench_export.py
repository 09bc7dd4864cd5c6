"""Benchmark of "Als DRA exportieren" through a running Odoo server (not a test).

Everything goes through the real HTTP path, as the web client does it, with
the server, login and memory watch of ``bench/bench_upload.py``: a fresh
database with ``ig_soom_dra`` (without demo data), an Odoo server started as
a subprocess (threaded, no cron thread), a login over JSON-RPC. The order is
made by the real takeover: the valid DRA file of ``bench_upload.py`` (about
60 MiB: a noisy JPEG photo and PDFs of random bytes, about 44 MiB of
documents) is uploaded, the assistant loaded and its order taken over. Then:

a. The export of that order with its documents, ``--runs`` times (after a
   warm-up export of a small order, not counted): the dialog created as the
   action menu opens it (``web_save`` with the order as ``active_id``), its
   button *Exportieren* (``call_button`` ``action_export``), and the file
   downloaded through the dialog's link (``/web/content/...``). Measured:
   the time of dialog plus export, the time of the download, and the
   server's peak memory growth over the export (dialog and button) against
   the size of the file. Checked: the downloaded file reads back
   (``parse_dra``) with the order's documents, byte for byte, and is within
   the import's size limit. Targets: dialog plus export in at most 5 s
   (median) and a peak memory growth of at most 3 times the file (worst
   run): the file is built document by document, each document's base64
   in slices, so one document is held at a time beside the file written
   (which Odoo stores as one piece of bytes).

b. Over the limit: a fourth document of 35 MiB is attached to the order
   (``ir.attachment`` ``create``, not measured), which makes the file about
   107 MiB, more than the import's 100 MiB. The export is refused from the
   documents' sizes before any is read. Measured: the time until the
   refusal and the server's extra memory. Checked: the refusal names the
   limit, and the dialog holds no file. Targets: refused in at most 1 s,
   with at most 20 MiB extra memory.

Exit status 1 when a target is missed or a check fails, 2 when the setup
fails. MiB is 1024 * 1024 bytes (the "MB" of ``ig_soom_dra.max_file_size_mb``).

Run (PostgreSQL running, the role able to create databases; Odoo 18
importable by ``python3``)::

    python3 bench/bench_export.py                  # new database, dropped at the end
    python3 bench/bench_export.py --runs 5
    python3 bench/bench_export.py --db bench_export --keep-db   # keep it ...
    python3 bench/bench_export.py --db bench_export              # ... and reuse it

Database options as ``bench/bench_upload.py`` (``--db-user``,
``--db-password``, ``--db-host``, ``--data-dir``; a database given with
``--db`` that exists already is used as it is and never dropped).
``--keep-logs`` keeps the Odoo logs.
"""

import argparse
import base64
import html
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

from bench_upload import (
    MIB,
    Client,
    Database,
    MemoryWatch,
    RpcError,
    Server,
    SetupError,
    _pdf,
    add_database_arguments,
    addons_path,
    build_small_file,
    build_valid_file,
    install,
    mib,
    reset_peak,
    run_with_logs,
    upload_and_load,
    verdict,
)

from ig_soom_dra.core.dra import parse_dra

WIZARD = "dra.export.wizard"
EXTRA_SIZE = 35 * MIB  # the document that takes the file over the limit

MAX_EXPORT_TIME = 5.0  # s, median
MAX_MEMORY_RATIO = 3.0  # peak RSS growth / file size, worst run
MAX_REFUSAL_TIME = 1.0  # s
MAX_REFUSAL_MEMORY = 20 * MIB


def take_over(client, data: bytes, filename: str, context: dict) -> int:
    """Upload a DRA file and take it over with the assistant; return the order's id."""
    loaded = upload_and_load(client, data, filename, context)
    wizard_id = loaded["wizard_id"]
    client.call_button(
        "dra.import.wizard", "action_goto_step", [wizard_id], {**context, "dra_step": "finish"}
    )
    action = client.call_button("dra.import.wizard", "action_confirm", [wizard_id], context)
    if not (isinstance(action, dict) and action.get("res_model") == "repair.order"):
        raise RpcError(f"action_confirm answered {action!r}")
    return action["res_id"]


def export(client, order_id: int, context: dict) -> dict:
    """Open the dialog as the action menu does and press Exportieren.

    Returns the times, the dialog's id and, when the export was refused, the
    message (``error``).
    """
    action_context = {**context, "active_model": "repair.order", "active_id": order_id}
    start = time.perf_counter()
    saved = client.call_kw(
        WIZARD,
        "web_save",
        [[], {}],
        {"context": action_context, "specification": {"line_ids": {"fields": {"selected": {}}}}},
    )
    wizard = saved[0]
    times = {"dialog": time.perf_counter() - start}
    mark = time.perf_counter()
    error = None
    try:
        client.call_button(WIZARD, "action_export", [wizard["id"]], action_context)
    except RpcError as refused:
        error = str(refused)
    times["export"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - start
    return {"times": times, "wizard_id": wizard["id"], "error": error}


def download(client, wizard_id: int, context: dict) -> tuple[bytes, float]:
    """Fetch the file through the dialog's download link."""
    [wizard] = client.call_kw(
        WIZARD, "read", [[wizard_id], ["download_link"]], {"context": context}
    )
    url = html.unescape(re.search(r'href="([^"]+)"', wizard["download_link"])[1])
    start = time.perf_counter()
    status, headers, data = client.request("GET", url)
    seconds = time.perf_counter() - start
    if status != 200 or "attachment" not in headers.get("Content-Disposition", ""):
        raise RpcError(f"Download {url}: HTTP {status}, {headers.get('Content-Disposition')}")
    return data, seconds


def order_documents(client, order_id: int, context: dict) -> dict[str, int]:
    rows = client.call_kw(
        "ir.attachment",
        "search_read",
        [[("res_model", "=", "repair.order"), ("res_id", "=", order_id)]],
        {"fields": ["name", "file_size"], "context": context},
    )
    return {row["name"]: row["file_size"] for row in rows}


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
        limit = database.limit()
        print("Building the DRA files ...", flush=True)
        valid, sizes = build_valid_file()
        server = Server(database, workdir / "server.log")
        try:
            print(f"Odoo server pid {server.pid}: ready in {server.wait_ready():.1f} s")
            return measure(args, server, limit, valid, sizes)
        finally:
            server.stop()
    finally:
        if owned:
            database.drop()
            print(f"Database {database.name} dropped")


def measure(args, server, limit: int, valid: bytes, sizes: list[int]) -> int:
    """The measurements on the running server; return the exit status."""
    client = Client(server.port)
    info = client.login(args.db)
    context = dict(info.get("user_context", {}))
    peak_reset = reset_peak(server.pid)
    print(f"Size limit of the import: {mib(limit)}")
    print("Load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    small = take_over(client, build_small_file(), "KSR202019000.xml", context)
    order = take_over(client, valid, "KSR202019001.xml", context)
    documents = order_documents(client, order, context)
    if sorted(documents.values()) != sorted(sizes):
        raise SetupError(f"The order has the documents {documents}, expected sizes {sizes}.")
    print(
        f"Order {order} taken over from a DRA file of {mib(len(valid))} with {len(sizes)} "
        f"documents ({mib(sum(sizes))})"
    )
    failures = []
    # warm-up: the code paths and caches of the dialog, the export and the download
    warm = export(client, small, context)
    download(client, warm["wizard_id"], context)

    # a. the export
    print(f"\na. Export of the order with its {len(sizes)} documents, {args.runs} runs")
    totals, ratios = [], []
    for run_number in range(1, args.runs + 1):
        with MemoryWatch(server.pid, peak_reset) as memory:
            result = export(client, order, context)
        if result["error"]:
            raise RpcError(f"The export was refused: {result['error']}")
        data, download_seconds = download(client, result["wizard_id"], context)
        exported = parse_dra(data, max_size=limit)
        problems = []
        if {item.filename: item.size for item in exported.attachments} != documents:
            problems.append("the file does not hold the order's documents")
        if len(data) > limit:
            problems.append(f"the file of {mib(len(data))} is over the limit")
        times = result["times"]
        totals.append(times["total"])
        ratios.append(memory.growth / len(data))
        print(
            f"  run {run_number}: file of {mib(len(data))}; dialog {times['dialog']:.2f} s + "
            f"export {times['export']:.2f} s = {times['total']:.2f} s; download "
            f"{download_seconds:.2f} s; peak memory +{mib(memory.growth)} = "
            f"{ratios[-1]:.2f} x the file\n         [{memory.describe()}]"
        )
        for problem in problems:
            print(f"    FAIL: {problem}")
            failures.append(f"run {run_number}: {problem}")
    median_total, worst_ratio = statistics.median(totals), max(ratios)
    targets = [
        (
            median_total <= MAX_EXPORT_TIME,
            f"export: dialog + export in {median_total:.2f} s (median; worst "
            f"{max(totals):.2f} s) <= {MAX_EXPORT_TIME:.0f} s",
        ),
        (
            worst_ratio <= MAX_MEMORY_RATIO,
            f"export: peak server memory {worst_ratio:.2f} x the file (worst; median "
            f"{statistics.median(ratios):.2f} x) <= {MAX_MEMORY_RATIO:.0f} x",
        ),
    ]

    # b. over the limit
    extra = _pdf(random.Random(35), EXTRA_SIZE)
    client.call_kw(
        "ir.attachment",
        "create",
        [
            {
                "name": "gross.pdf",
                "datas": base64.b64encode(extra).decode(),
                "mimetype": "application/pdf",
                "res_model": "repair.order",
                "res_id": order,
            }
        ],
        {"context": context},
    )
    del extra
    print(f"\nb. Over the limit: the order with a fourth document of {mib(EXTRA_SIZE)}")
    with MemoryWatch(server.pid, peak_reset) as memory:
        refused = export(client, order, context)
    seconds, message = refused["times"]["total"], refused["error"] or ""
    [kept] = client.call_kw(
        WIZARD, "read", [[refused["wizard_id"]], ["state", "dra_filename"]], {"context": context}
    )
    print(f"  answer after {seconds:.3f} s: {message!r}")
    print(f"  server memory: {memory.describe()}")
    checks = [
        (bool(message) and f"{limit // MIB} MB" in message, "refused, the import's limit named"),
        (kept["state"] == "choose" and not kept["dra_filename"], "no file kept"),
        (server.alive(), "the server still answers"),
    ]
    for ok, text in checks:
        print(f"  {verdict(ok)}: {text}")
        if not ok:
            failures.append(text)
    targets += [
        (seconds <= MAX_REFUSAL_TIME, f"over the limit: refused in {seconds:.3f} s <= 1 s"),
        (
            memory.growth <= MAX_REFUSAL_MEMORY,
            f"over the limit: extra server memory {mib(memory.growth)} <= "
            f"{mib(MAX_REFUSAL_MEMORY)}",
        ),
    ]
    print("Load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print("\nTargets:")
    for ok, text in targets:
        print(f"{verdict(ok)}: {text}")
        if not ok:
            failures.append(text)
    return 1 if failures else 0


def main() -> int:
    """Run the benchmark and print the figures; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of the export (default 3)")
    add_database_arguments(parser, f"ig_soom_bench_export_{os.getpid()}")
    parser.add_argument("--keep-logs", action="store_true", help="keep the Odoo logs")
    return run_with_logs(run, parser.parse_args(), "export")


if __name__ == "__main__":
    sys.exit(main())
