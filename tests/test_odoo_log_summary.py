"""The judge of the test command's Odoo log (``tests/odoo_log_summary.py``)."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent / "odoo_log_summary.py"
PREFIX = "2026-12-02 00:38:33,089 21713"


def _summary():
    spec = importlib.util.spec_from_file_location("odoo_log_summary", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _line(level, logger, msg):
    return f"{PREFIX} {level} db {logger}: {msg}\n"


def _start(module, test):
    return _line("INFO", f"odoo.addons.{module}.tests.test_x", f"Starting {test} ...")


def _fail(module, test):
    return _line("ERROR", f"odoo.addons.{module}.tests.test_x", f"FAIL: {test}")


def _run(tmp_path, lines, rc=0):
    log = tmp_path / "odoo.log"
    log.write_text("".join(lines), encoding="utf-8")
    return _summary().main(["odoo_log_summary.py", str(log), str(rc)])


OWN = [_start("ig_soom_dra", "TestA.test_a"), _start("ig_soom_dra", "TestA.test_b")]


def test_counts_per_module(tmp_path, capsys):
    lines = [*OWN, _start("repair", "TestRepair.test_01"), _start("repair", "TestRepair.test_02")]
    assert _run(tmp_path, lines) == 0
    out = capsys.readouterr().out
    assert "odoo: 2 passed, 0 failed" in out
    assert "repair: 2 passed, 0 failed" in out


def test_a_failed_test_of_another_module_fails_the_run(tmp_path, capsys):
    lines = [*OWN, _start("repair", "TestRepair.test_01"), _fail("repair", "TestRepair.test_01")]
    assert _run(tmp_path, lines) == 1
    out = capsys.readouterr().out
    assert "repair: 0 passed, 1 failed" in out
    assert "FAIL: TestRepair.test_01" in out


def test_subtests_count_once(tmp_path, capsys):
    failed = _line("ERROR", "odoo.addons.ig_soom_dra.tests.test_x", "FAIL: Subtest TestA.test_a")
    assert _run(tmp_path, [*OWN, failed, failed]) == 1
    assert "odoo: 1 passed, 1 failed" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "rc"),
    [
        ([], 1),
        ([_line("WARNING", "odoo.addons.ig_soom_dra.models.x", "odd")], 0),
        ([_line("WARNING", "odoo.models", "ig_soom_dra: field without string")], 0),
        ([_line("ERROR", "odoo.sql_db", "bad query")], 0),
    ],
)
def test_exit_code_errors_and_own_warnings_fail(tmp_path, extra, rc):
    assert _run(tmp_path, [*OWN, *extra], rc) == 1


def test_warnings_of_others_do_not_fail(tmp_path):
    assert _run(tmp_path, [*OWN, _line("WARNING", "odoo.addons.stock.models.x", "odd")]) == 0


def test_no_test_of_the_addon_fails(tmp_path, capsys):
    assert _run(tmp_path, [_start("repair", "TestRepair.test_01")]) == 1
    assert "No Odoo test of ig_soom_dra ran" in capsys.readouterr().out


def test_several_addons_each_must_run(tmp_path, capsys):
    lines = [*OWN, _start("workshop_damage_report", "TestB.test_b")]
    log = tmp_path / "odoo.log"
    log.write_text("".join(lines), encoding="utf-8")
    main = _summary().main
    assert main(["x", str(log), "0", "ig_soom_dra", "workshop_damage_report"]) == 0
    out = capsys.readouterr().out
    assert "odoo: 3 passed, 0 failed" in out
    assert "workshop_damage_report: 1 passed, 0 failed" in out
    assert main(["x", str(log), "0", "ig_soom_dra", "workshop_damage_report", "other"]) == 1
    assert "No Odoo test of other ran" in capsys.readouterr().out


def test_warnings_of_each_own_addon_fail(tmp_path):
    warning = _line("WARNING", "odoo.addons.workshop_damage_report.models.x", "odd")
    log = tmp_path / "odoo.log"
    log.write_text("".join([*OWN, _start("workshop_damage_report", "T.t"), warning]))
    assert _summary().main(["x", str(log), "0", "ig_soom_dra", "workshop_damage_report"]) == 1
