"""Bytes shipped and server time of the customer's damage-report app (not a test).

Against a running Odoo server with ``workshop_damage_report``: the standard
link ``/schadenmeldung`` and, given a personal link, each step of the app
(GET only: nothing is changed). Printed per page: the HTML in bytes (as
sent and gzipped) and the server time (median of ``--runs`` requests on the
same connection, wall time of the request on the client; run it on the
server's machine). Then each stylesheet and script the page loads, as sent
and gzipped, and their total against the target: at most 150 KB gzipped
(KB = 1000 bytes). Exit status 1 when the target is missed, 2 when a page
does not answer 200.

Run::

    python3 bench/bench_damage_app.py --url http://localhost:8069
    python3 bench/bench_damage_app.py --url http://localhost:8069 \\
        --link /schadenmeldung/r/12/0f6c...e1 --runs 9
"""

import argparse
import gzip
import re
import statistics
import sys
import time

import requests

STEPS = ("contact", "insurance", "photos", "damage", "dates", "forms", "review")
TARGET_GZIP_BYTES = 150_000
ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src)="(/web/assets/[^"]+)"')


def gzipped(data):
    return len(gzip.compress(data, compresslevel=6))


def measure(session, url, runs):
    """The last response and the median time of ``runs`` GETs of ``url``."""
    times = []
    response = None
    for _run in range(runs):
        start = time.perf_counter()
        response = session.get(url, allow_redirects=False, timeout=60)
        times.append(time.perf_counter() - start)
    return response, statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8069", help="the server")
    parser.add_argument("--link", help="a personal link's path, /schadenmeldung/r/<id>/<token>")
    parser.add_argument("--runs", type=int, default=5, help="requests per page (median)")
    args = parser.parse_args()
    base = args.url.rstrip("/")
    session = requests.Session()
    pages = [("standard link", "/schadenmeldung")]
    if args.link:
        pages += [(f"step {step}", f"{args.link.rstrip('/')}/{step}") for step in STEPS]
    print(f"{'page':<20} {'HTML bytes':>10} {'gzipped':>8} {'server ms':>9}")
    assets = {}
    for label, page in pages:
        response, seconds = measure(session, base + page, args.runs)
        if response.status_code != 200:
            print(f"{label}: HTTP {response.status_code}", file=sys.stderr)
            return 2
        body = response.content
        print(f"{label:<20} {len(body):>10} {gzipped(body):>8} {seconds * 1000:>9.1f}")
        for path in ASSET.findall(response.text):
            assets.setdefault(path, None)
    print()
    print(f"{'asset':<70} {'bytes':>8} {'gzipped':>8}")
    total = 0
    for path in assets:
        data = session.get(base + path, timeout=60).content
        total += gzipped(data)
        print(f"{path:<70} {len(data):>8} {gzipped(data):>8}")
    verdict = "ok" if total <= TARGET_GZIP_BYTES else "OVER THE TARGET"
    print(
        f"JavaScript and CSS of the pages: {total} bytes gzipped "
        f"(target at most {TARGET_GZIP_BYTES}): {verdict}"
    )
    return 0 if total <= TARGET_GZIP_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
