"""Pytest set-up for the pure tests: import the addon's core package without Odoo.

``ig_soom_dra/__init__.py`` imports the Odoo models; the pure tests must not
execute it. A bare package module whose ``__path__`` is the addon folder makes
``import ig_soom_dra.core.dra`` load only the ``core`` package; a bare
``ig_soom_dra.tests`` likewise lets ``import ig_soom_dra.tests.soom_standin``
load the SOOM stand-in without the addon's Odoo tests.
"""

import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADDON = ROOT / "ig_soom_dra"

if "ig_soom_dra" not in sys.modules:
    _pkg = types.ModuleType("ig_soom_dra")
    _pkg.__path__ = [str(ADDON)]
    sys.modules["ig_soom_dra"] = _pkg
if "ig_soom_dra.tests" not in sys.modules:
    _tests = types.ModuleType("ig_soom_dra.tests")
    _tests.__path__ = [str(ADDON / "tests")]
    sys.modules["ig_soom_dra.tests"] = _tests

DAMAGE_ADDON = ROOT / "workshop_damage_report"
if "workshop_damage_report" not in sys.modules:
    _damage = types.ModuleType("workshop_damage_report")
    _damage.__path__ = [str(DAMAGE_ADDON)]
    sys.modules["workshop_damage_report"] = _damage
