"""How the test command gets Odoo 18 where it is missing (``tests/get_odoo.sh``)."""

import importlib.util
import os
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
ODOO_REQUIREMENTS = """\
cbor2==5.4.2 ; python_version < '3.12'
cbor2==5.6.2 ; python_version >= '3.12'
psycopg2==2.9.5 ; python_version == '3.11'
python-ldap==3.4.0 ; sys_platform != 'win32' and python_version < '3.12'
Python-LDAP==3.4.4 ; python_version >= '3.12'
lxml==4.9.3 ; python_version > '3.10' and python_version < '3.12' # pinned
"""


def _requirements_module():
    spec = importlib.util.spec_from_file_location(
        "odoo_requirements", HERE / "odoo_requirements.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_odoo_requirements_without_ldap_with_cbor2_5_6_2_and_psycopg2_binary():
    lines = _requirements_module().requirements(ODOO_REQUIREMENTS.splitlines(keepends=True))
    assert lines == [
        "psycopg2-binary==2.9.5 ; python_version == '3.11'",
        "lxml==4.9.3 ; python_version > '3.10' and python_version < '3.12' # pinned",
        "cbor2==5.6.2",
    ]


def _get_odoo(tmp_path, source):
    return subprocess.run(
        ["bash", HERE / "get_odoo.sh"],
        env={
            "PATH": os.environ["PATH"],
            "IG_ODOO_SRC": str(source),
            "IG_ODOO_CACHE": str(tmp_path),
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_folder_that_is_no_odoo_18_source_is_refused(tmp_path):
    source = tmp_path / "odoo17"
    (source / "odoo").mkdir(parents=True)
    (source / "odoo" / "release.py").write_text("version_info = (17, 0, 0, FINAL, 0, '')\n")
    result = _get_odoo(tmp_path / "cache", source)
    assert result.returncode == 1
    assert "no Odoo 18 source" in result.stderr
    assert result.stdout == ""
    assert not list((tmp_path / "cache").glob("venv-*"))


def test_a_git_url_that_cannot_be_cloned_is_an_error(tmp_path):
    result = _get_odoo(tmp_path / "cache", f"file://{tmp_path}/missing")
    assert result.returncode != 0
    assert "Cloning" in result.stderr
    assert result.stdout == ""
