"""Benchmark of the import of many DRA files at once through a running Odoo server.

Everything goes the way of the web client's import queue (*DRA-Stapelimport*),
over HTTP to a real Odoo server (a subprocess, threaded, as
``bench_upload.py`` starts it) on a database with 100,000 contacts:

1. The contacts (those of ``bench_matching.py``, fixed seed) are inserted
   with SQL, with the search keys the contacts store (computed by the
   addon's pure matcher, as the ORM would), committed and vacuumed; plus
   the insurer and the broker the files name.
2. 1,000 DRA files are written, with distinct order numbers, a vehicle (plate
   and VIN), a small PDF, the insurer and the broker (known exactly), and a
   customer who is also the registered keeper: for half of them a contact
   among the 100,000, exactly (green), for the other half a new person with
   nothing similar (red without candidates: a new contact). The generator
   checks each customer against the contacts with the addon's own candidate
   keys and matcher, so every file is unambiguous.
3. As the browser does: a login, a new import queue (``web_save``), the files
   POSTed as multipart to ``/ig_soom_dra/dra_queue_upload`` in groups of ten,
   ``check_waiting`` called until no file waits (five per call), then
   "Alle eindeutigen übernehmen": ``ready_line_ids`` and ``take_over_lines``
   with five files per call, two calls at a time.
4. Checked: every file was unambiguous and is taken over, once, with its
   order (read back over RPC).

Printed: the time of each phase and the files per second of the whole
(upload + check + takeover); the server's resident memory (VmRSS of the
Odoo process, sampled every 0.2 s) at the start, its peak and at the end,
and after every 100 files taken over. Targets: at least 8 files per second;
memory flat: the RSS after the last of the files exceeds the RSS after the
first half by at most 32 MiB (growth that does not scale with the files).

Run (PostgreSQL running, the role able to create databases; Odoo 18
importable by ``python3``)::

    python3 bench/bench_batch.py                 # new database, dropped at the end
    python3 bench/bench_batch.py --files 200 --contacts 20000
    python3 bench/bench_batch.py --db bench_batch --keep-db

Database options as ``bench_upload.py`` (``--db-user``, ``--db-password``,
``--db-host``, ``--data-dir``). A database given with ``--db`` that exists
is used as it is; the contacts inserted are deleted at the end, the orders
and contacts the takeover made are kept there.
"""

import argparse
import json
import os
import random
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_matching import generate_contacts
from bench_upload import (
    MIB,
    Client,
    Database,
    RpcError,
    Server,
    SetupError,
    _pdf,
    add_database_arguments,
    addons_path,
    install,
    proc_status,
    run_with_logs,
    verdict,
)

from ig_soom_dra.core import dra, matching

TARGET_RATE = 8.0  # files per second
MAX_LATE_GROWTH = 32 * MIB
UPLOAD_ROUTE = "/ig_soom_dra/dra_queue_upload"
FILES_PER_UPLOAD = 10
TAKEOVER_CHUNK = 5
PARALLEL = 2
SAMPLE_INTERVAL = 0.2
BENCH_REF = "ig_soom_dra_bench_batch"
QUEUE = "dra.import.queue"
INSURER = matching.Candidate(
    id=-1, name="Bench Versicherung AG", street="Policenweg 1", zip="50667", is_company=True
)
BROKER = matching.Candidate(
    id=-2, name="Innovation Group AG", street="Rotebühlstraße 121", zip="70178", is_company=True
)
KEY_FIELDS = {
    "dra_name_zip_key": "name_zip",
    "dra_name_first_key": "name_first",
    "dra_address_key": "address",
    "dra_street_key": "street",
    "dra_zip_number_key": "zip_number",
}


# --------------------------------------------------------------------------
# Contacts
# --------------------------------------------------------------------------


class Contacts:
    """The contacts with their search keys, in memory, as the database will hold them."""

    def __init__(self, count: int):
        self.candidates = [*generate_contacts(count), INSURER, BROKER]
        self.rows = []
        self.by_key: dict[tuple[str, str], list[matching.Candidate]] = {}
        for candidate in self.candidates:
            keys = matching.contact_keys(
                candidate.name, candidate.street, candidate.zip, "DE", candidate.is_company
            )
            phone = mobile = None
            for number in candidate.phones:
                if matching.is_mobile(number):
                    mobile = mobile or number
                else:
                    phone = phone or number
            row = {
                "name": candidate.name,
                "is_company": candidate.is_company,
                "street": candidate.street,
                "zip": candidate.zip,
                "city": candidate.city,
                "phone": phone,
                "mobile": mobile,
                "email": candidate.email,
                "email_normalized": candidate.email,
                "dra_phone_key": matching.phone_key(phone, "DE"),
                "dra_mobile_key": matching.phone_key(mobile, "DE"),
                **{column: getattr(keys, key) for column, key in KEY_FIELDS.items()},
            }
            self.rows.append(row)
            for column in (*KEY_FIELDS, "dra_phone_key", "dra_mobile_key", "email_normalized"):
                if row[column]:
                    self.by_key.setdefault((column, row[column]), []).append(candidate)

    def candidates_of(self, party: matching.PartyData) -> list[matching.Candidate]:
        """The contacts the server's candidate query finds by the party's keys."""
        search = matching.search_keys(party)
        fields = {
            "dra_phone_key": search["phones"],
            "dra_mobile_key": search["phones"],
            "email_normalized": search["emails"],
            "dra_address_key": search["address"],
            "dra_name_first_key": search["name_first"],
            "dra_name_zip_key": search["name_zip"],
            "dra_street_key": search["street"],
            "dra_zip_number_key": search["zip_number"],
        }
        found = {}
        for column, values in fields.items():
            for value in values or ():
                for candidate in self.by_key.get((column, value), ()):
                    found[id(candidate)] = candidate
        return list(found.values())

    def status(self, party: matching.PartyData) -> tuple[str, int]:
        """(status, number of candidates) of a party, as the address step finds it."""
        candidates = self.candidates_of(party)
        if not candidates:
            return "red", 0
        return matching.CandidateIndex(candidates).match(party).status.value, len(candidates)

    def insert(self, database: Database) -> float:
        start = time.perf_counter()
        connection = database.connect()
        try:
            with connection.cursor() as cr:
                cr.execute("SELECT id FROM res_country WHERE code = 'DE'")
                country_id = cr.fetchone()[0]
                cr.execute(
                    """SELECT column_name FROM information_schema.columns
                        WHERE table_name = 'res_partner' AND is_nullable = 'NO'
                          AND column_default IS NULL AND column_name <> 'id'"""
                )
                required = [row[0] for row in cr.fetchall()]
                columns = [*self.rows[0], "complete_name", "country_id"]
                extra = [column for column in required if column not in columns]
                defaults = ()
                if extra:
                    cr.execute(f"SELECT {', '.join(extra)} FROM res_partner ORDER BY id LIMIT 1")
                    defaults = cr.fetchone()
                names = ", ".join(
                    [*columns, *extra, "ref", "active", "type", "create_date", "write_date"]
                )
                template = (
                    "("
                    + ",".join(["%s"] * (len(columns) + len(extra) + 1))
                    + (",true,'contact',now(),now())")
                )
                for begin in range(0, len(self.rows), 5000):
                    values = ",".join(
                        cr.mogrify(
                            template,
                            (*row.values(), row["name"], country_id, *defaults, BENCH_REF),
                        ).decode()
                        for row in self.rows[begin : begin + 5000]
                    )
                    cr.execute(f"INSERT INTO res_partner ({names}) VALUES {values}")
                cr.execute(
                    "UPDATE res_partner SET commercial_partner_id = id WHERE ref = %s", [BENCH_REF]
                )
                cr.execute("VACUUM ANALYZE res_partner")
        finally:
            connection.close()
        return time.perf_counter() - start

    @staticmethod
    def delete(database: Database) -> None:
        database.query(
            "DELETE FROM res_partner WHERE ref = %s AND id NOT IN "
            "(SELECT partner_id FROM repair_order WHERE partner_id IS NOT NULL)",
            [BENCH_REF],
        )


# --------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------


def _company_party(role: str, candidate: matching.Candidate) -> dra.DraParty:
    street, number = matching.split_street(candidate.street)
    return dra.DraParty(
        role=role, name=candidate.name, street=street, house_number=number, zip=candidate.zip
    )


def _known_customer(candidate: matching.Candidate) -> dra.DraParty | None:
    parts = candidate.name.split(" ")
    if candidate.is_company or len(parts) != 2:
        return None
    street, number = matching.split_street(candidate.street)
    return dra.DraParty(
        role="Kunde",
        name=parts[1],
        first_name=parts[0],
        street=street,
        house_number=number,
        zip=candidate.zip,
        city=candidate.city,
        phones=candidate.phones[:1],
    )


def _new_customer(rng: random.Random) -> dra.DraParty:
    token = "".join(rng.choice("bcdfghklmnprstvwz") + rng.choice("aeiou") for _ in range(4))
    return dra.DraParty(
        role="Kunde",
        name=f"{token.title()}mann",
        first_name=rng.choice(["Jonas", "Lea", "Finn", "Mia", "Paul", "Emma"]),
        street=f"{token.title()}weg",
        house_number=str(rng.randint(1, 99)),
        zip=f"{rng.randint(1067, 99998):05d}",
        city="Neustadt",
    )


def _as_party_data(party: dra.DraParty) -> matching.PartyData:
    return matching.PartyData(
        name=party.name,
        first_name=party.first_name,
        street=party.street,
        house_number=party.house_number,
        zip=party.zip,
        city=party.city,
        country="DE",
        phones=party.phones,
        role=party.role,
    )


def build_files(contacts: Contacts, count: int, run: str) -> list[tuple[str, bytes]]:
    """``count`` unambiguous DRA files: half with a known customer, half with a new one."""
    rng = random.Random(20261202)
    pdf = _pdf(rng, 20 * 1024)
    insurer = _company_party("Versicherung", INSURER)
    broker = _company_party("Schadenvermittler", BROKER)
    for party in (insurer, broker):
        if contacts.status(_as_party_data(party))[0] != "green":
            raise SetupError(f"{party.name} is not found exactly among the contacts.")
    known = iter(rng.sample(contacts.candidates[:-2], len(contacts.candidates) - 2))
    files, used = [], set()
    for index in range(count):
        customer = None
        while customer is None:
            if index % 2 == 0:
                candidate = next(known)
                customer = _known_customer(candidate)
                if customer and contacts.status(_as_party_data(customer))[0] != "green":
                    customer = None
            else:
                customer = _new_customer(rng)
                _status, found = contacts.status(_as_party_data(customer))
                if found or customer.name in used:
                    customer = None
            if customer is not None:
                used.add(customer.name)
        number = f"{run}{index:05d}"
        document = dra.DraDocument(
            order=dra.DraOrder(order_number=number, order_kind="Reparatur Komfort"),
            parties={
                "Kunde": customer,
                "Versicherung": insurer,
                "Schadenvermittler": broker,
                "Fahrzeughalter": dra.DraParty(**{**customer.__dict__, "role": "Fahrzeughalter"}),
            },
            vehicle=dra.DraVehicle(
                plate=f"B-{run[-2:].upper()} {index + 1}",
                vin=f"WBA{int(run, 16) % 10**6:06d}{index:08d}",
                make="Volkswagen",
                model="Golf",
            ),
            attachments=(
                dra.DraAttachment(
                    type="Auftragsformular",
                    filename="Auftragsformular.pdf",
                    mimetype="application/pdf",
                    content=pdf,
                ),
            ),
        )
        files.append((f"KSR{number}.xml", dra.write_dra(document)))
    return files


# --------------------------------------------------------------------------
# Browser
# --------------------------------------------------------------------------


class Browser(Client):
    """The web client's requests of the import queue."""

    def upload_files(self, queue_id: int, files: list[tuple[str, bytes]]) -> dict:
        boundary = f"----IgSoomBatch{uuid.uuid4().hex}"
        parts = []
        for name, value in (("queue_id", str(queue_id)), ("csrf_token", self.csrf_token)):
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for filename, data in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="ufile"; '
                f'filename="{filename}"\r\nContent-Type: text/xml\r\n\r\n'.encode()
                + data
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        status, _headers, answer = self.request(
            "POST",
            UPLOAD_ROUTE,
            body,
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        result = json.loads(answer)
        if status != 200 or "error" in result:
            raise RpcError(f"{UPLOAD_ROUTE}: HTTP {status}: {result}")
        return result


class RssWatch(threading.Thread):
    """Samples the server's VmRSS; keeps start, peak and the samples."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.start_rss = proc_status(pid)["VmRSS"]
        self.peak = self.start_rss
        self._stop_event = threading.Event()

    def now(self) -> int:
        rss = proc_status(self.pid)["VmRSS"]
        self.peak = max(self.peak, rss)
        return rss

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                self.now()
            except (OSError, KeyError):
                return
            time.sleep(SAMPLE_INTERVAL)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.now()


def mib(value: int) -> str:
    return f"{value / MIB:.0f} MiB"


def measure(server: Server, database: Database, files: list[tuple[str, bytes]]) -> int:
    browser = Browser(server.port)
    browser.login(database.name)
    context = {"tz": "Europe/Berlin"}
    queue_id = browser.call_kw(QUEUE, "web_save", [[], {}], {"specification": {}})[0]["id"]
    watch = RssWatch(server.pid)
    watch.start()
    print(f"Server RSS at the start: {mib(watch.start_rss)}")
    start = time.perf_counter()
    for begin in range(0, len(files), FILES_PER_UPLOAD):
        browser.upload_files(queue_id, files[begin : begin + FILES_PER_UPLOAD])
    uploaded = time.perf_counter()
    print(f"upload   {len(files)} files in {uploaded - start:6.1f} s", flush=True)
    progress = {"waiting": len(files)}
    while progress["waiting"]:
        progress = browser.call_kw(QUEUE, "check_waiting", [[queue_id]], {"context": context})
    checked = time.perf_counter()
    print(
        f"check    {len(files)} files in {checked - uploaded:6.1f} s: "
        f"{progress['ready']} unambiguous, {progress['assistant']} for the assistant, "
        f"{progress['refused']} refused",
        flush=True,
    )
    ids = browser.call_kw(QUEUE, "ready_line_ids", [[queue_id]])
    chunks = [ids[i : i + TAKEOVER_CHUNK] for i in range(0, len(ids), TAKEOVER_CHUNK)]
    lock, done, marks, errors = threading.Lock(), [0], [], []

    def work():
        client = Browser(server.port)
        client.session_id, client.csrf_token = browser.session_id, browser.csrf_token
        while True:
            with lock:
                if not chunks:
                    return
                chunk = chunks.pop(0)
            try:
                client.call_kw(QUEUE, "take_over_lines", [[queue_id], chunk], {"context": context})
            except RpcError as error:
                errors.append(str(error))
                return
            with lock:
                before = done[0] // 100
                done[0] += len(chunk)
                if done[0] // 100 > before:
                    marks.append((done[0], watch.now()))

    threads = [threading.Thread(target=work) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    finished = time.perf_counter()
    end_rss = watch.stop()
    total = finished - start
    print(
        f"takeover {len(ids)} files in {finished - checked:6.1f} s ({PARALLEL} requests at a time)"
    )
    for count, rss in marks:
        print(f"  after {count:5d} files taken over: RSS {mib(rss)}")
    lines = browser.call_kw(
        "dra.import.queue.line",
        "search_read",
        [[["queue_id", "=", queue_id]], ["state", "order_id", "broker_order_ref"]],
    )
    taken = [line for line in lines if line["state"] == "done" and line["order_id"]]
    orders = browser.call_kw(
        "repair.order",
        "search_count",
        [[["broker_order_ref", "in", [line["broker_order_ref"] for line in lines]]]],
    )
    rate = len(taken) / total
    half = next((rss for count, rss in marks if count >= len(files) // 2), watch.start_rss)
    late_growth = end_rss - half
    checks = {
        "every file unambiguous": progress["ready"] == len(files),
        "every file taken over once": len(taken) == len(files) == orders and not errors,
        f"rate >= {TARGET_RATE:.0f} files/s": rate >= TARGET_RATE,
        f"memory flat (late growth <= {mib(MAX_LATE_GROWTH)})": late_growth <= MAX_LATE_GROWTH,
    }
    print(
        f"total    {len(taken)} files taken over in {total:.1f} s: {rate:.1f} files/s "
        "(upload + check + takeover)"
    )
    print(
        f"server RSS: start {mib(watch.start_rss)}, peak {mib(watch.peak)}, end {mib(end_rss)}; "
        f"after half of the files {mib(half)}, growth since {mib(late_growth)}"
    )
    for error in errors:
        print(f"error: {error}")
    for name, ok in checks.items():
        print(f"{verdict(ok)}: {name}")
    return 0 if all(checks.values()) else 1


def run(args: argparse.Namespace, workdir: Path) -> int:
    database = Database(args)
    created = not database.exists()
    owned = created and not args.keep_db
    print(f"Odoo addons path: {addons_path()}")
    inserted = False
    try:
        if not database.addon_installed():
            print(f"Database {database.name}: installing ig_soom_dra ...", flush=True)
            print(f"  done in {install(database, workdir / 'install.log'):.0f} s")
        print(f"Contacts: generating {args.contacts} ...", flush=True)
        contacts = Contacts(args.contacts)
        seconds = contacts.insert(database)
        inserted = True
        print(f"  {len(contacts.rows)} contacts inserted and vacuumed in {seconds:.1f} s")
        run_id = uuid.uuid4().hex[:6]
        start = time.perf_counter()
        files = build_files(contacts, args.files, run_id)
        size = sum(len(data) for _name, data in files)
        print(
            f"{len(files)} DRA files ({mib(size)}) written in {time.perf_counter() - start:.1f} s",
            flush=True,
        )
        server = Server(database, workdir / "server.log")
        try:
            print(f"Odoo server pid {server.pid}: ready in {server.wait_ready():.1f} s")
            return measure(server, database, files)
        finally:
            server.stop()
    finally:
        if inserted and not owned:
            Contacts.delete(database)
        if owned:
            database.drop()
            print(f"Database {database.name} dropped")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--contacts", type=int, default=100_000)
    add_database_arguments(parser, f"ig_soom_bench_batch_{os.getpid()}")
    parser.add_argument("--keep-logs", action="store_true", help="keep the Odoo logs")
    return run_with_logs(run, parser.parse_args(), "batch")


if __name__ == "__main__":
    sys.exit(main())
