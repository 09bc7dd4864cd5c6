"""Benchmark of the customer's damage-report pages through a running Odoo server (not a test).

Everything goes through the real HTTP path, as a phone does it: a fresh
database with ``workshop_damage_report`` (installed without demo data; the
main company publishes its standard link ``/schadenmeldung/bench``), an Odoo
server started as a subprocess (threaded: ``--workers=0``, no cron thread, a
free port on 127.0.0.1) and a client with the session cookie and the CSRF
tokens of the pages. Per run, one customer:

1. opens the standard link and sends its start form (name, phone, e-mail,
   plate), which creates the report and leads to its personal link;
2. goes through every step: contact and vehicle, insurance, photos (nine
   photos of 2048 x 1536 px, as the phone sends them after compressing, one
   upload each), damage, preferred dates, forms (each current form signed
   with a drawn signature as PNG, then the consents), review, and sends.

Printed:

- the bytes each page ships: its HTML, and the JavaScript and CSS of the
  page's own asset bundle, raw and gzipped (``gzip -6``, what a proxy in
  front sends). Target: JavaScript + CSS at most 150 KB gzipped.
- the server time of each step (the wall time of the request on loopback,
  median of the runs and the slowest run). Printed, no target.
- with ``--lighthouse``: Lighthouse's mobile scores (performance,
  accessibility) of the standard link, of the photo step and, to compare,
  of Odoo's own ``/web/login``. Targets for the customer's pages:
  performance at least 90, accessibility at least 95. Needs ``lighthouse``
  (npm) and Chromium (``CHROME_PATH``, default ``/usr/bin/chromium``).

Exit status 1 when a target is missed or a step fails, 2 when the setup
fails. KB is 1000 bytes.

Run (PostgreSQL running, the role able to create databases; Odoo 18
importable by ``python3``)::

    python3 bench/bench_damage_report.py
    python3 bench/bench_damage_report.py --runs 5 --lighthouse
    python3 bench/bench_damage_report.py --db bench_dr --keep-db   # keep it ...
    python3 bench/bench_damage_report.py --db bench_dr             # ... and reuse it

Database options as ``bench/bench_upload.py`` (``--db-user``,
``--db-password``, ``--db-host``, ``--data-dir``).
"""

import argparse
import base64
import gzip
import html
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_upload import Client, Database, Server, SetupError, add_database_arguments, install

ADDON = "workshop_damage_report"
SLUG = "bench"
MAX_ASSETS_GZIP = 150_000  # bytes of JS + CSS, gzipped
MIN_PERFORMANCE = 90
MIN_ACCESSIBILITY = 95
PHOTO_CATEGORIES = (
    "front_left",
    "front_right",
    "rear_left",
    "rear_right",
    "damage_close",
    "damage_far",
    "registration",
    "odometer",
    "vin_plate",
)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ASSET = re.compile(r'(?:href|src)="(/web/assets/[^"]+\.(?:css|js))"')


class StepError(RuntimeError):
    """A step of the customer's way did not give what a phone expects."""


def photo(seed: int) -> bytes:
    """A photo as the phone uploads it: 2048 x 1536 px, JPEG 0.85, with detail."""
    image = Image.effect_noise((2048, 1536), 40 + seed).convert("RGB")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([300, 500, 1750, 1200], 120, fill=(40 + seed * 20, 90, 160))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def signature() -> str:
    """A drawn signature as the signature pad sends it: a PNG data URL."""
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.line(
        [(40, 150), (120, 60), (200, 140), (300, 50), (420, 150), (560, 90)], fill="black", width=4
    )
    out = io.BytesIO()
    image.save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


class Customer:
    """One customer's way through the pages, timing each request."""

    def __init__(self, port: int):
        self.client = Client(port)
        self.times: dict[str, float] = {}
        self.pages: dict[str, bytes] = {}

    def _timed(self, name: str, method: str, path: str, body=None, headers=None):
        start = time.perf_counter()
        status, answer_headers, data = self.client.request(method, path, body, headers)
        self.times[name] = self.times.get(name, 0.0) + time.perf_counter() - start
        return status, answer_headers, data

    def get(self, name: str, path: str) -> str:
        status, _headers, data = self._timed(f"{name} (GET)", "GET", path)
        if status != 200:
            raise StepError(f"GET {path}: HTTP {status}")
        self.pages.setdefault(name, data)
        return data.decode()

    def post(self, name: str, path: str, fields: dict, expect=(303,)) -> tuple[int, str, str]:
        body = urlencode(fields).encode()
        status, headers, data = self._timed(
            f"{name} (POST)",
            "POST",
            path,
            body,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status not in expect:
            raise StepError(f"POST {path}: HTTP {status}: {data[:300]!r}")
        location = urlsplit(headers.get("Location") or "").path
        return status, location, data.decode(errors="replace")

    def multipart(self, name: str, path: str, fields: dict, file: tuple[str, bytes]) -> dict:
        boundary = f"----DrBench{uuid.uuid4().hex}"
        parts = []
        for key, value in fields.items():
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
            parts.append(f"{head}{value}\r\n".encode())
        filename, data = file
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{filename}"\r\nContent-Type: image/jpeg\r\n\r\n'
            ).encode()
            + data
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        status, _headers, answer = self._timed(
            name,
            "POST",
            path,
            b"".join(parts),
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        if status != 200:
            raise StepError(f"POST {path}: HTTP {status}: {answer[:300]!r}")
        return json.loads(answer)

    @staticmethod
    def csrf(page: str) -> str:
        found = CSRF.search(page)
        if not found:
            raise StepError("a page without CSRF token")
        return html.unescape(found[1])

    def report(self, photos: list[bytes]) -> str:
        """Report a damage from the standard link to the sent report; returns its link."""
        page = self.get("start", f"/schadenmeldung/{SLUG}")
        _status, location, _ = self.post(
            "start",
            f"/schadenmeldung/{SLUG}",
            {
                "csrf_token": self.csrf(page),
                "customer_name": "Berta Benchmark",
                "customer_phone": "0171 1234567",
                "customer_email": "berta.benchmark@example.com",
                "license_plate": "B BM 2026",
            },
        )
        base = re.match(r"(/schadenmeldung/r/\d+/[^/]+)", location)
        if not base:
            raise StepError(f"the start form leads to {location!r}, not to a personal link")
        base = base[1]
        steps = {
            "contact": {
                "customer_name": "Berta Benchmark",
                "customer_phone": "0171 1234567",
                "customer_email": "berta.benchmark@example.com",
                "license_plate": "B BM 2026",
                "vin": "WVWZZZ1KZAW000123",
                "vehicle_make": "Volkswagen",
                "vehicle_model": "Golf",
                "odometer": "48210",
            },
            "insurance": {
                "cover_type": "liability",
                "insurer_name": "Test Versicherung AG",
                "claim_number": "KS-1",
                "reported_to_insurer": "1",
            },
        }
        for step, fields in steps.items():
            page = self.get(step, f"{base}/{step}")
            self.post(step, f"{base}/{step}", {"csrf_token": self.csrf(page), **fields})
        page = self.get("photos", f"{base}/photos")
        token = html.unescape(re.search(r'data-csrf="([^"]+)"', page)[1])
        for category, data in zip(PHOTO_CATEGORIES, photos, strict=True):
            answer = self.multipart(
                "photo upload (each)",
                f"{base}/photo",
                {"csrf_token": token, "category": category},
                (f"{category}.jpg", data),
            )
            if "error" in answer:
                raise StepError(f"photo refused: {answer['error']}")
        self.times["photo upload (each)"] /= len(photos)
        self.post("photos", f"{base}/photos", {"csrf_token": self.csrf(page)})
        page = self.get("damage", f"{base}/damage")
        self.post(
            "damage",
            f"{base}/damage",
            {
                "csrf_token": self.csrf(page),
                "damage_description": "Delle und Kratzer an der Beifahrertür.",
                "damage_date": (date.today() - timedelta(days=2)).isoformat(),
                "damage_place": "Parkhaus",
            },
        )
        page = self.get("dates", f"{base}/dates")
        day = date.today() + timedelta(days=2)
        while day.weekday() > 4:
            day += timedelta(days=1)
        select = re.search(r'<select[^>]*name="time_1".*?</select>', page, re.S)
        times = re.findall(r'value="([^"]+)"', select[0]) if select else []
        if not times:
            raise StepError("the dates step offers no time")
        self.post(
            "dates",
            f"{base}/dates",
            {"csrf_token": self.csrf(page), "date_1": day.isoformat(), "time_1": times[0]},
        )
        page = self.get("forms", f"{base}/forms")
        sign_url = html.unescape(re.search(r'data-sign-url="([^"]+)"', page)[1])
        sign_token = html.unescape(re.search(r'data-csrf="([^"]+)"', page)[1])
        template_ids = re.findall(r'data-template-id="(\d+)"', page)
        drawn = signature()
        for template_id in template_ids:
            status, _h, data = self._timed(
                "sign (each form)",
                "POST",
                sign_url,
                urlencode(
                    {
                        "csrf_token": sign_token,
                        "template_id": template_id,
                        "signer_name": "Berta Benchmark",
                        "signature": drawn,
                    }
                ).encode(),
                {"Content-Type": "application/x-www-form-urlencoded"},
            )
            if status != 200 or "error" in json.loads(data):
                raise StepError(f"signing refused: HTTP {status}: {data[:300]!r}")
        self.times["sign (each form)"] /= max(len(template_ids), 1)
        self.post(
            "forms",
            f"{base}/forms",
            {
                "csrf_token": self.csrf(page),
                "privacy": "1",
                "withdrawal_ack": "1",
            },
        )
        page = self.get("review", f"{base}/review")
        self.post("submit", f"{base}/submit", {"csrf_token": self.csrf(page)}, expect=(200,))
        return base


def shipped(client: Client, pages: dict[str, bytes]) -> tuple[list[tuple], int]:
    """Bytes of each page's HTML and of the assets it loads: rows and the
    largest gzipped JS + CSS of a page."""
    rows, worst, cache = [], 0, {}
    for name, page in pages.items():
        assets = sorted(set(ASSET.findall(page.decode(errors="replace"))))
        js_css = 0
        for url in assets:
            if url not in cache:
                status, _headers, data = client.request("GET", url)
                if status != 200:
                    raise StepError(f"GET {url}: HTTP {status}")
                cache[url] = (len(data), len(gzip.compress(data, 6)))
            js_css += cache[url][1]
        worst = max(worst, js_css)
        rows.append((name, len(page), len(gzip.compress(page, 6)), js_css))
    rows.append(("(assets)", None, None, None))
    for url, (raw, packed) in sorted(cache.items()):
        rows.append((url.rsplit("/", 1)[-1], raw, packed, None))
    return rows, worst


def lighthouse(url: str, out_dir: Path) -> dict[str, float]:
    """Lighthouse's mobile scores (0-100) of ``url``."""
    binary = shutil.which("lighthouse")
    if not binary:
        raise SetupError("lighthouse is not installed (npm install -g lighthouse).")
    report = out_dir / f"lighthouse-{uuid.uuid4().hex[:8]}.json"
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    subprocess.run(
        [
            binary,
            url,
            "--quiet",
            "--only-categories=performance,accessibility",
            "--output=json",
            f"--output-path={report}",
            "--chrome-flags=--headless=new --no-sandbox",
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    categories = json.loads(report.read_text())["categories"]
    return {key: round(value["score"] * 100) for key, value in categories.items()}


def prepare(database: Database, log_dir: Path) -> None:
    if not database.exists() or not database.addon_installed(ADDON):
        print(f"Installing {ADDON} into {database.name} …", flush=True)
        seconds = install(database, log_dir / "install.log", ADDON)
        print(f"  installed in {seconds:.0f} s")
    # the standard link, and no rate limit for the runs of one address
    database.query(
        "UPDATE res_company SET damage_report_public = true, damage_report_slug = %s, "
        "damage_report_rate_limit = 1000000 WHERE id = 1",
        [SLUG],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3, help="customers reporting (default 3)")
    parser.add_argument("--lighthouse", action="store_true", help="also Lighthouse's scores")
    add_database_arguments(parser, f"ig_soom_bench_dr_{os.getpid()}")
    args = parser.parse_args()
    database = Database(args)
    made_here = not database.exists()
    log_dir = Path(tempfile.mkdtemp(prefix="bench_dr_"))
    server = None
    failed = False
    try:
        prepare(database, log_dir)
        server = Server(database, log_dir / "server.log")
        server.wait_ready()
        photos = [photo(seed) for seed in range(len(PHOTO_CATEGORIES))]
        print(
            f"Photos as the phone sends them: {len(photos)} x 2048 x 1536 px JPEG, "
            f"{statistics.mean(map(len, photos)) / 1e3:.0f} KB each"
        )
        runs, pages, link = [], {}, None
        for _run in range(args.runs + 1):  # the first run warms the server up
            customer = Customer(server.port)
            link = customer.report(photos)
            runs.append(customer.times)
            pages = pages or customer.pages
        runs = runs[1:]
        rows, worst = shipped(Client(server.port), pages)
        print("\nBytes shipped per page (HTML; JS + CSS of the page's bundle, gzipped)")
        print(f"  {'page':<44} {'HTML':>9} {'HTML gz':>9} {'JS+CSS gz':>10}")
        for name, raw, packed, assets in rows:
            if raw is None:
                print("  assets (raw, gzipped):")
                continue
            extra = f"{assets:>10,}" if assets is not None else ""
            print(f"  {name:<44} {raw:>9,} {packed:>9,} {extra}")
        ok = worst <= MAX_ASSETS_GZIP
        failed |= not ok
        print(
            f"  JS + CSS of a page: at most {worst:,} bytes gzipped "
            f"(target <= {MAX_ASSETS_GZIP:,}): {'OK' if ok else 'MISSED'}"
        )
        print(f"\nServer time per step, {args.runs} customers (ms: median, slowest)")
        for name in runs[0]:
            values = [run[name] * 1000 for run in runs]
            print(f"  {name:<32} {statistics.median(values):>8.1f} {max(values):>8.1f}")
        total = [sum(run.values()) * 1000 for run in runs]
        print(f"  {'whole report':<32} {statistics.median(total):>8.1f} {max(total):>8.1f}")
        if args.lighthouse:
            print("\nLighthouse (mobile profile): performance, accessibility")
            base = f"http://127.0.0.1:{server.port}"
            # a personal link that is still open: a new customer's photo step
            fresh = Customer(server.port)
            page = fresh.get("start", f"/schadenmeldung/{SLUG}")
            _s, location, _ = fresh.post(
                "start",
                f"/schadenmeldung/{SLUG}",
                {
                    "csrf_token": fresh.csrf(page),
                    "customer_name": "Lena Lighthouse",
                    "customer_email": "lena@example.com",
                    "license_plate": "B LH 1",
                },
            )
            photos_url = re.match(r"(/schadenmeldung/r/\d+/[^/]+)", location)[1] + "/photos"
            for label, path, target in (
                ("standard link", f"/schadenmeldung/{SLUG}", True),
                ("photo step", photos_url, True),
                ("Odoo's /web/login (to compare)", "/web/login", False),
            ):
                scores = lighthouse(base + path, log_dir)
                verdict = ""
                if target:
                    ok = (
                        scores["performance"] >= MIN_PERFORMANCE
                        and scores["accessibility"] >= MIN_ACCESSIBILITY
                    )
                    failed |= not ok
                    verdict = "OK" if ok else "MISSED"
                performance, accessibility = scores["performance"], scores["accessibility"]
                print(f"  {label:<32} {performance:>4} {accessibility:>4}  {verdict}")
            print(f"  (targets: performance >= {MIN_PERFORMANCE}, ", end="")
            print(f"accessibility >= {MIN_ACCESSIBILITY})")
        print(f"\nLast report sent: {link}")
    except SetupError as error:
        print(f"Setup failed: {error}")
        return 2
    except StepError as error:
        print(f"A step failed: {error} (server log: {log_dir / 'server.log'})")
        failed = True
    finally:
        if server:
            server.stop()
        if made_here and not args.keep_db:
            database.drop()
    if not failed:
        shutil.rmtree(log_dir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
