"""The check of the test command that no log holds a configured password."""

import base64

import pytest
import secrets_in_logs


def test_reads_the_secrets_the_tests_configure():
    secrets = secrets_in_logs.configured_secrets()
    assert "Soom-Kennwort-7c41e9" in secrets
    assert "Passw0rt-der-Werkstatt-4711" in secrets
    token = base64.b64encode(b"werkstatt-soom:Soom-Kennwort-7c41e9").decode()
    assert token in secrets


def test_finds_and_masks_a_leak(tmp_path, capsys):
    log = tmp_path / "odoo.log"
    log.write_text(
        "2026-12-02 10:00:00,000 1 INFO db odoo: fine\n"
        "2026-12-02 10:00:01,000 1 INFO db odoo: password=Soom-Kennwort-7c41e9 sent\n",
        encoding="utf-8",
    )
    assert secrets_in_logs.main([str(log)]) == 1
    out = capsys.readouterr().out
    assert f"{log}:2:" in out
    assert "Soom-Kennwort-7c41e9" not in out
    assert "password=******** sent" in out


def test_a_clean_log_passes(tmp_path):
    log = tmp_path / "odoo.log"
    log.write_text("INFO nothing secret: soom, werkstatt\n", encoding="utf-8")
    assert secrets_in_logs.main([str(log)]) == 0


def test_no_secrets_is_an_error(tmp_path):
    common = tmp_path / "common.py"
    common.write_text('SOOM_USER = "x"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="TEST_SECRETS"):
        secrets_in_logs.configured_secrets(common)
