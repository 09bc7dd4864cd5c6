"""The pure part of the addon (``ig_soom_dra/core``) stays pure: no Odoo, few packages.

The SOOM stand-in (``ig_soom_dra/tests/soom_standin.py``) is a development
tool: the standard library only, and nothing of the addon's runtime imports it.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ADDON = Path(__file__).resolve().parents[1] / "ig_soom_dra"
CORE = ADDON / "core"
STANDIN = ADDON / "tests" / "soom_standin.py"
#: The packages beyond the standard library that each module may import.
PACKAGES = {
    "__init__": set(),
    "archive": set(),
    "dra": {"lxml"},
    "files": {"PIL"},
    "matching": {"phonenumbers", "rapidfuzz"},
    "order_data": set(),
    "order_mail": set(),
    "pdf": {"PIL", "barcode", "pypdf", "reportlab"},
    "scan": {"PIL", "pypdf", "pypdfium2", "zxingcpp"},
    "portal": set(),
    "soom": {"requests", "urllib3"},
    "stages": set(),
}


def _imported(path: Path) -> tuple[set[str], set[str]]:
    """The top-level packages a module imports, and the modules of core it imports."""
    packages, siblings = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            packages |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            packages.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            siblings |= {node.module} if node.module else {alias.name for alias in node.names}
    return packages, siblings


def test_every_module_is_listed():
    assert {path.stem for path in CORE.glob("*.py")} == set(PACKAGES)


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_module_imports_no_odoo_and_only_its_packages(name):
    packages, _siblings = _imported(CORE / f"{name}.py")
    assert "odoo" not in packages
    assert packages - set(sys.stdlib_module_names) <= PACKAGES[name]
    # and imported in a fresh interpreter where Odoo cannot be imported
    module = "ig_soom_dra.core" if name == "__init__" else f"ig_soom_dra.core.{name}"
    code = (
        "import sys, types\n"
        "sys.modules['odoo'] = None\n"
        "package = types.ModuleType('ig_soom_dra')\n"
        f"package.__path__ = [{str(CORE.parent)!r}]\n"
        "sys.modules['ig_soom_dra'] = package\n"
        f"import {module}\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_standin_needs_the_standard_library_only():
    # it runs as a script beside Odoo (docker-compose.yml's service soom)
    packages, siblings = _imported(STANDIN)
    assert packages <= set(sys.stdlib_module_names)
    assert not siblings


def test_no_runtime_module_imports_the_standin():
    runtime = [path for path in ADDON.rglob("*.py") if "tests" not in path.relative_to(ADDON).parts]
    assert len(runtime) > 20
    for path in runtime:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [getattr(node, "module", None) or ""] + [a.name for a in node.names]
                assert not any("soom_standin" in name for name in names), path
