"""Judge a log of ``odoo --test-enable`` for the test command (tests/run_all.sh).

Prints the test counts and every line that makes the run fail, and exits
non-zero when a test failed, when anything was logged at ERROR or CRITICAL, when
the addon logged a WARNING while installing or running, or when Odoo itself
ended with a non-zero exit code.

Usage: python3 tests/odoo_log_summary.py LOGFILE ODOO_EXIT_CODE
"""

import re
import sys

ADDON = "ig_soom_dra"
LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ "
    r"(?P<logger>[\w.]+): (?P<msg>.*)$"
)
STARTING = re.compile(r"^Starting (?P<test>\S+) \.\.\.")
FAILED = re.compile(r"^(?P<kind>FAIL|ERROR): (?:Subtest )?(?P<test>[\w.]+)")
# Loggers of the installation itself (models, fields, views, data files): a
# warning of theirs that names the addon is a warning of the addon.
INSTALL_LOGGERS = (
    "odoo.models",
    "odoo.fields",
    "odoo.schema",
    "odoo.modules",
    "odoo.tools.convert",
    "odoo.tools.translate",
    "odoo.addons.base.models",
)


def judge(lines):
    """Return (tests run, failed tests, offending lines) of an Odoo test log.

    A test with failed subtests counts once.
    """
    started, failed, offending = [], {}, []
    for raw in lines:
        match = LINE.match(raw.rstrip("\n"))
        if not match:
            continue
        level, logger, msg = match["level"], match["logger"], match["msg"]
        own = logger.startswith(f"odoo.addons.{ADDON}")
        if own and (start := STARTING.match(msg)):
            started.append(start["test"])
        if own and (fail := FAILED.match(msg)):
            failed.setdefault(fail["test"], fail["kind"])
        own_warning = level == "WARNING" and (
            own or (logger.startswith(INSTALL_LOGGERS) and ADDON in msg)
        )
        if level in ("ERROR", "CRITICAL") or own_warning:
            offending.append(raw.rstrip("\n"))
    return len(started), [f"{kind}: {test}" for test, kind in failed.items()], offending


def main(argv):
    log_file, odoo_rc = argv[1], int(argv[2])
    with open(log_file, encoding="utf-8", errors="replace") as handle:
        run, failed, offending = judge(handle)
    if offending:
        print("Lines that fail the run:")
        for line in offending:
            print("  " + line)
    for test in failed:
        print("  " + test)
    if not run:
        print(f"No Odoo test of {ADDON} ran: see {log_file}.")
    if odoo_rc:
        print(f"Odoo ended with exit code {odoo_rc}: see {log_file}.")
    print(f"odoo: {run - len(failed)} passed, {len(failed)} failed")
    return 1 if (failed or offending or odoo_rc or not run) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
