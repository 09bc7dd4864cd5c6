"""Benchmark of ``parse_dra`` on a big DRA file (not a test).

Builds a DRA file with three attachments of 10 MiB random bytes each
(base64 in lines of 76 characters, as the examples), parses it several times
and prints the file size, the best and median time, the throughput and the
peak memory of one parse, measured in a fresh process:

- RSS: growth of the process's peak resident memory during the parse, over
  the memory it had with the file's bytes already read (so it counts the
  XML parser's own memory and the decoded attachments, not the input);
- tracemalloc: peak of the Python allocations during the parse.

Then it times the refusal of hostile files (a million nested levels, 300,000
attributes on one element, a million elements) and the size check of an
image decompression bomb: each is refused in well under a second, before the
parser or Pillow does the work the file asks for.

Targets: at least 50 MiB/s (median) and an RSS peak of at most 3 times the
file size; each hostile input refused in at most 1 s. Exit status 1 when a
target is missed.

Run: ``python3 bench/bench_parse.py [--runs N]``.
"""

import argparse
import io
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import types
from pathlib import Path

from PIL import Image

ADDON = Path(__file__).resolve().parents[1] / "ig_soom_dra"
# Import the pure core package without executing the Odoo addon's __init__.
if "ig_soom_dra" not in sys.modules:
    _package = types.ModuleType("ig_soom_dra")
    _package.__path__ = [str(ADDON)]
    sys.modules["ig_soom_dra"] = _package

from ig_soom_dra.core.dra import (  # noqa: E402
    DraAttachment,
    DraDocument,
    DraError,
    DraOrder,
    parse_dra,
    write_dra,
)
from ig_soom_dra.core.files import inspect_image  # noqa: E402

MIB = 1024 * 1024
ATTACHMENTS = 3
ATTACHMENT_SIZE = 10 * MIB
MIN_THROUGHPUT = 50.0  # MiB/s
MAX_MEMORY_RATIO = 3.0  # peak memory / file size
MAX_REFUSAL_SECONDS = 1.0  # per hostile input
HEAD = b'<DRA xmlns="urn:ksr:dra:1" Version="1.0"><Auftrag><AuftragsNr>1</AuftragsNr></Auftrag>'


def build_file() -> bytes:
    """Return a DRA file with three attachments of random bytes."""
    rng = random.Random(2018)
    attachments = tuple(
        DraAttachment(
            type="Bild",
            filename=f"foto_{number}.bin",
            mimetype="application/octet-stream",
            description=f"Zufallsdaten {number}",
            content=rng.randbytes(ATTACHMENT_SIZE),
        )
        for number in range(1, ATTACHMENTS + 1)
    )
    return write_dra(DraDocument(order=DraOrder(order_number="202019999"), attachments=attachments))


def max_rss() -> int:
    """Return the peak resident memory of this process in bytes.

    On Linux this is ``VmHWM`` of ``/proc/self/status``: unlike ``ru_maxrss``,
    which keeps the peak of the parent process across ``exec``, it counts
    this process only.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def measure_memory(path: Path) -> dict[str, int]:
    """Parse the file once (in this fresh process) and return memory figures."""
    data = path.read_bytes()
    before = max_rss()
    tracemalloc.start()
    document = parse_dra(data)
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    after = max_rss()
    assert [a.size for a in document.attachments] == [ATTACHMENT_SIZE] * ATTACHMENTS
    return {"rss_before": before, "rss_delta": after - before, "traced_peak": traced_peak}


def measure_time(data: bytes, runs: int) -> list[float]:
    """Return the seconds each of ``runs`` parses of ``data`` takes."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        document = parse_dra(data)
        times.append(time.perf_counter() - start)
        del document
    return times


def image_bomb() -> bytes:
    """A PNG of 15,000 x 15,000 pixels that compresses to a few KiB."""
    buffer = io.BytesIO()
    Image.new("1", (15000, 15000)).save(buffer, "PNG")
    return buffer.getvalue()


def hostile_inputs() -> dict[str, tuple[bytes, str]]:
    """Name -> (file, refusal code) of the hostile DRA files."""
    return {
        "1,000,000 nested levels": (
            HEAD[:-10] + b"<a>" * 1_000_000 + b"</a>" * 1_000_000 + b"</Auftrag></DRA>",
            "too_deep",
        ),
        "300,000 attributes": (
            HEAD + b"<Notiz " + b" ".join(b'a%d="x"' % n for n in range(300_000)) + b"/></DRA>",
            "too_complex",
        ),
        "1,000,000 elements": (HEAD + b"<a/>" * 1_000_000 + b"</DRA>", "too_complex"),
    }


def measure_refusals() -> list[tuple[str, float]]:
    """Seconds to refuse each hostile input (DRA files, then the image bomb)."""
    results = []
    for name, (data, code) in hostile_inputs().items():
        start = time.perf_counter()
        try:
            parse_dra(data)
        except DraError as error:
            assert error.code == code, (name, error.code)
        else:
            raise AssertionError(f"{name} was read")
        results.append((name, time.perf_counter() - start))
    bomb = image_bomb()
    start = time.perf_counter()
    assert inspect_image(bomb).too_large
    results.append((f"image bomb ({len(bomb) // 1024} KiB, 225 Mpx)", time.perf_counter() - start))
    return results


def verdict(ok: bool) -> str:
    """Return PASS or FAIL."""
    return "PASS" if ok else "FAIL"


def main() -> int:
    """Run the benchmark and print the figures; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5, help="timed parses (default 5)")
    parser.add_argument("--memory", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory:
        print(json.dumps(measure_memory(args.memory)))
        return 0

    data = build_file()
    size = len(data)
    document = parse_dra(data)
    expected = [a.size for a in document.attachments]
    assert expected == [ATTACHMENT_SIZE] * ATTACHMENTS, expected
    del document

    times = measure_time(data, args.runs)
    best, median = min(times), statistics.median(times)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "KSR202019999.xml"
        path.write_bytes(data)
        result = subprocess.run(
            [sys.executable, __file__, "--memory", str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
    memory = json.loads(result.stdout)
    throughput = size / MIB / median
    ratio = memory["rss_delta"] / size
    total_ratio = (memory["rss_delta"] + size) / size

    print(
        f"DRA file: {size / MIB:.1f} MiB "
        f"({ATTACHMENTS} attachments of {ATTACHMENT_SIZE // MIB} MiB)"
    )
    print(f"parse time over {args.runs} runs: best {best:.3f} s, median {median:.3f} s")
    print(f"throughput: best {size / MIB / best:.0f} MiB/s, median {throughput:.0f} MiB/s")
    print(
        f"peak memory of one parse: RSS +{memory['rss_delta'] / MIB:.1f} MiB "
        f"(process had {memory['rss_before'] / MIB:.1f} MiB with the file read), "
        f"tracemalloc peak {memory['traced_peak'] / MIB:.1f} MiB"
    )
    print(
        f"peak / file size: {ratio:.2f} (RSS growth), {total_ratio:.2f} with the input, "
        f"{memory['traced_peak'] / size:.2f} (tracemalloc)"
    )
    speed_ok = throughput >= MIN_THROUGHPUT
    memory_ok = ratio <= MAX_MEMORY_RATIO
    print(f"{verdict(speed_ok)}: throughput {throughput:.0f} MiB/s >= {MIN_THROUGHPUT:.0f} MiB/s")
    print(f"{verdict(memory_ok)}: peak memory {ratio:.2f} x file size <= {MAX_MEMORY_RATIO:.0f} x")
    refusals_ok = True
    for name, seconds in measure_refusals():
        ok = seconds <= MAX_REFUSAL_SECONDS
        refusals_ok &= ok
        print(f"{verdict(ok)}: {name} refused in {seconds:.3f} s <= {MAX_REFUSAL_SECONDS:.0f} s")
    return 0 if speed_ok and memory_ok and refusals_ok else 1


if __name__ == "__main__":
    sys.exit(main())
