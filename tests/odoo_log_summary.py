"""Judge a log of ``odoo --test-enable`` for the test command (tests/run_all.sh).

Prints the test counts (the addon's, then those of other modules whose tests
ran, such as Odoo's repair) and every line that makes the run fail, and exits
non-zero when a test failed, when anything was logged at ERROR or CRITICAL, when
the addon logged a WARNING while installing or running, when no test of the
addon ran, or when Odoo itself ended with a non-zero exit code.

Usage: python3 tests/odoo_log_summary.py LOGFILE ODOO_EXIT_CODE [ADDON ...]

The addons judged as the project's own (their warnings fail the run, each must
have run tests) are the ADDONs given, by default ig_soom_dra.
"""

import re
import sys

ADDONS = ("ig_soom_dra",)
LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ "
    r"(?P<logger>[\w.]+): (?P<msg>.*)$"
)
TEST_LOGGER = re.compile(r"^odoo\.addons\.(?P<module>\w+)\.tests\b")
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


def judge_modules(lines, addons=ADDONS):
    """Return ``{module: (tests run, failed tests)}`` and, under ``None``, the offending lines.

    A test with failed subtests counts once.
    """
    started, failed, offending = {}, {}, []
    for raw in lines:
        match = LINE.match(raw.rstrip("\n"))
        if not match:
            continue
        level, logger, msg = match["level"], match["logger"], match["msg"]
        own = logger.startswith(tuple(f"odoo.addons.{addon}" for addon in addons))
        if test_logger := TEST_LOGGER.match(logger):
            module = test_logger["module"]
            if start := STARTING.match(msg):
                started.setdefault(module, []).append(start["test"])
            if fail := FAILED.match(msg):
                failed.setdefault(module, {}).setdefault(fail["test"], fail["kind"])
        own_warning = level == "WARNING" and (
            own or (logger.startswith(INSTALL_LOGGERS) and any(addon in msg for addon in addons))
        )
        if level in ("ERROR", "CRITICAL") or own_warning:
            offending.append(raw.rstrip("\n"))
    result = {
        module: (
            len(started.get(module, ())),
            [f"{kind}: {test}" for test, kind in failed.get(module, {}).items()],
        )
        for module in {*started, *failed}
    }
    result[None] = offending
    return result


def main(argv):
    log_file, odoo_rc = argv[1], int(argv[2])
    addons = tuple(argv[3:]) or ADDONS
    with open(log_file, encoding="utf-8", errors="replace") as handle:
        counts = judge_modules(handle, addons)
    offending = counts.pop(None)
    own = {addon: counts.pop(addon, (0, [])) for addon in addons}
    if offending:
        print("Lines that fail the run:")
        for line in offending:
            print("  " + line)
    for _run, failed in [*own.values(), *counts.values()]:
        for test in failed:
            print("  " + test)
    not_run = [addon for addon, (run, _failed) in own.items() if not run]
    for addon in not_run:
        print(f"No Odoo test of {addon} ran: see {log_file}.")
    if odoo_rc:
        print(f"Odoo ended with exit code {odoo_rc}: see {log_file}.")
    run = sum(run for run, _failed in own.values())
    failures = sum(len(failed) for _run, failed in own.values())
    print(f"odoo: {run - failures} passed, {failures} failed")
    for module, (module_run, module_failed) in sorted({**own, **counts}.items()):
        if len(own) > 1 or module not in own:
            print(
                f"  {module}: {module_run - len(module_failed)} passed, {len(module_failed)} failed"
            )
    other_failures = any(other for _run, other in counts.values())
    return 1 if (failures or other_failures or offending or odoo_rc or not_run) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
