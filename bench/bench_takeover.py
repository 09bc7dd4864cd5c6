"""Benchmark of the DRA takeover assistant on a database with 100,000 contacts.

Prints the server time of opening the address step (reading the file and
matching every party against the contacts) and of the final takeover, for the
project's sample files. Targets: address step at most 300 ms, takeover at most
500 ms.

Usage (a database with ig_soom_dra installed; tests/run_all.sh with
IG_TEST_KEEP_DB=1 leaves one):

    python3 bench/bench_takeover.py --database NAME [--db-host localhost]
        [--db-user USER] [--db-password PASSWORD] [--data-dir DIR]
        [--contacts 100000] [--runs 5]

The contacts are committed and vacuumed (as in a database in use), and
deleted again at the end; everything else the benchmark writes (orders,
new contacts, vehicles) is rolled back.
"""

import argparse
import base64
import statistics
import sys
import time
from pathlib import Path

from bench_matching import generate_contacts

import odoo
from odoo import SUPERUSER_ID, api

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ["KSR202019362.xml", "KSR202019374.xml", "KSR202019753.xml", "KSR202019900.xml"]
TARGET_ADDRESS_MS = 300
TARGET_TAKEOVER_MS = 500
#: Marks the contacts the benchmark inserts (committed, then deleted again).
BENCH_REF = "ig_soom_dra_bench"
CONTACT_COLUMNS = (
    "ref",
    "name",
    "complete_name",
    "is_company",
    "street",
    "zip",
    "city",
    "phone",
    "active",
    "type",
    "create_date",
    "write_date",
)


def not_null_defaults(cr):
    """Columns of res_partner that other installed modules made NOT NULL
    without a database default (e.g. account's autopost_bills), with the
    value to insert: the one of an existing contact."""
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = 'res_partner' AND is_nullable = 'NO'
              AND column_default IS NULL AND column_name <> 'id'"""
    )
    columns = [row[0] for row in cr.fetchall()]
    if not columns:
        return {}
    cr.execute(f"SELECT {', '.join(columns)} FROM res_partner ORDER BY id LIMIT 1")
    return dict(zip(columns, cr.fetchone(), strict=True))


def build_contacts(cr, count):
    """Insert ``count`` German contacts (those of the matching benchmark)
    with one SQL statement per 10,000."""
    extra = not_null_defaults(cr)
    rows = [
        (
            BENCH_REF,
            contact.name,
            contact.name,
            contact.is_company,
            contact.street,
            contact.zip,
            contact.city,
            contact.phones[0] if contact.phones else None,
        )
        for contact in generate_contacts(count)
    ]
    for start in range(0, count, 10000):
        chunk = rows[start : start + 10000]
        values = ",".join(
            cr.mogrify(
                "(%s,%s,%s,%s,%s,%s,%s,%s,true,'contact',now(),now()" + ",%s" * len(extra) + ")",
                row + tuple(extra.values()),
            ).decode()
            for row in chunk
        )
        columns = ", ".join([*CONTACT_COLUMNS, *extra])
        cr.execute(f"INSERT INTO res_partner ({columns}) VALUES {values}")


def addons_path():
    """Odoo's addons folders and this repository (the addon's parent)."""
    base = Path(odoo.__file__).resolve().parent
    paths = [base / "addons"]
    if (base.parent / "addons" / "repair").is_dir():
        paths.insert(0, base.parent / "addons")
    return ",".join(str(path) for path in [*paths, ROOT])


def run_sample(env, name):
    """Time the address step and the takeover of one sample file, in ms.

    The takeover is the one the assistant proposes: a new order, or the
    update of the order already imported from the file.
    """
    data = (ROOT / "sample_files" / name).read_bytes()
    wizard = env["dra.import.wizard"].create(
        {"dra_file": base64.b64encode(data), "dra_filename": name}
    )
    env.flush_all()
    start = time.perf_counter()
    wizard.action_next()
    wizard.with_context(dra_step="addresses").action_goto_step()
    env.flush_all()
    address_ms = (time.perf_counter() - start) * 1000
    for line in wizard.party_ids.filtered(lambda line: line.status in ("orange", "red")):
        line.action_create_partner()
    env.flush_all()
    start = time.perf_counter()
    wizard.action_confirm()
    env.flush_all()
    takeover_ms = (time.perf_counter() - start) * 1000
    return address_ms, takeover_ms


def vacuum(database):
    """VACUUM ANALYZE the contacts, as a database in use would be."""
    connection = odoo.sql_db.db_connect(database)
    with connection.cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE res_partner")


def measure(registry, runs):
    """Print the figures of every sample; True when the targets hold."""
    ok = True
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        print(f"{'file':<20} {'address step ms':>30} {'takeover ms':>30}")
        for name in SAMPLES:
            results = []
            for _run in range(runs):
                cr.execute("SAVEPOINT bench_run")
                results.append(run_sample(env, name))
                env.invalidate_all()
                cr.execute("ROLLBACK TO SAVEPOINT bench_run")
            address = [result[0] for result in results]
            takeover = [result[1] for result in results]
            print(
                f"{name:<20} best {min(address):7.1f} median {statistics.median(address):7.1f}"
                f"   best {min(takeover):7.1f} median {statistics.median(takeover):7.1f}"
            )
            ok &= statistics.median(address) <= TARGET_ADDRESS_MS
            ok &= statistics.median(takeover) <= TARGET_TAKEOVER_MS
        cr.rollback()
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--db-host", default="localhost")
    parser.add_argument("--db-user")
    parser.add_argument("--db-password")
    parser.add_argument("--data-dir", help="Odoo's data directory (filestore)")
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    options = ["--db_host", args.db_host, "--addons-path", addons_path()]
    if args.db_user:
        options += ["--db_user", args.db_user]
    if args.db_password:
        options += ["--db_password", args.db_password]
    if args.data_dir:
        options += ["--data-dir", args.data_dir]
    odoo.tools.config.parse_config(options)
    registry = odoo.modules.registry.Registry(args.database)
    start = time.perf_counter()
    with registry.cursor() as cr:
        build_contacts(cr, args.contacts)
    vacuum(args.database)
    print(f"{args.contacts} contacts inserted in {time.perf_counter() - start:.1f} s")
    try:
        ok = measure(registry, args.runs)
    finally:
        with registry.cursor() as cr:
            cr.execute("DELETE FROM res_partner WHERE ref = %s", [BENCH_REF])
        vacuum(args.database)
    print(
        f"targets: address step <= {TARGET_ADDRESS_MS} ms, takeover <= {TARGET_TAKEOVER_MS} ms "
        f"(medians): {'PASS' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
