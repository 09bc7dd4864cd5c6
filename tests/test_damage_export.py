"""The spreadsheet of damage reports (``workshop_damage_report/core/export.py``), without Odoo."""

import importlib.util
import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

MODULE = Path(__file__).resolve().parents[1] / "workshop_damage_report" / "core" / "export.py"


@pytest.fixture(scope="module")
def export():
    spec = importlib.util.spec_from_file_location("damage_report_export", MODULE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("posix", "excel"),
    [
        ("%d.%m.%Y", "dd.mm.yyyy"),
        ("%m/%d/%Y", "mm/dd/yyyy"),
        ("%d.%m.%Y %H:%M", "dd.mm.yyyy hh:mm"),
        ("%I:%M %p", "hh:mm AM/PM"),
        ("%Y-%m-%d %H:%M:%S", "yyyy-mm-dd hh:mm:ss"),
        ("%d. %B %Y", "dd. mmmm yyyy"),
        ("%d de %m", 'dd "d""e" mm'),
    ],
)
def test_excel_format(export, posix, excel):
    assert export.excel_format(posix) == excel


def test_workbook_reads_back(export):
    headers = ["Referenz", "Kennzeichen", "Gemeldet am", "Schadentag", "km", "Gemeldet", "Leer"]
    reported, damaged = datetime(2026, 12, 2, 0, 30), date(2026, 11, 28)
    data = export.build_xlsx(
        headers,
        [
            ["SM/2026/0001", "S-EM 123", reported, damaged, 84500, True, None],
            ["SM/2026/0002", "B-MM 42", None, None, 0, False, None],
        ],
        date_format="%d.%m.%Y",
        datetime_format="%d.%m.%Y %H:%M",
        sheet_name="Schadenmeldungen",
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "Schadenmeldungen"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Referenz",
        "Kennzeichen",
        "Gemeldet am",
        "Schadentag",
        "km",
        "Gemeldet",
        "Leer",
    )
    assert rows[1] == (
        "SM/2026/0001",
        "S-EM 123",
        datetime(2026, 12, 2, 0, 30),
        datetime(2026, 11, 28),
        84500,
        True,
        None,
    )
    assert rows[2] == ("SM/2026/0002", "B-MM 42", None, None, 0, False, None)
    assert sheet.cell(row=2, column=3).number_format == "dd.mm.yyyy hh:mm"
    assert sheet.cell(row=2, column=4).number_format == "dd.mm.yyyy"
    assert sheet.freeze_panes == "A2"


def test_empty_export_has_the_headers(export):
    data = export.build_xlsx(["Referenz"], [])
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows == [("Referenz",)]


def test_long_text_column_is_capped(export):
    data = export.build_xlsx(["Beschreibung"], [["x" * 500]])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.column_dimensions["A"].width <= export.MAX_WIDTH + 1
