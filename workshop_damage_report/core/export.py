"""The spreadsheet of damage reports (xlsx): one row per report, one column
per field, for workshop programs that read such an export.

Dates and date-times are real spreadsheet dates, shown in the number format
made of the reader's language format (:func:`excel_format`); the caller
gives them already in the reader's time zone (naive).
"""

import io
import re
from datetime import date, datetime

import xlsxwriter

#: POSIX (``strftime``) directives of a language's date and time formats,
#: as spreadsheet number-format codes.
_POSIX_TO_EXCEL = {
    "%d": "dd",
    "%e": "d",
    "%m": "mm",
    "%Y": "yyyy",
    "%y": "yy",
    "%b": "mmm",
    "%B": "mmmm",
    "%a": "ddd",
    "%A": "dddd",
    "%H": "hh",
    "%I": "hh",
    "%M": "mm",
    "%S": "ss",
    "%p": "AM/PM",
}
_DIRECTIVE = re.compile(r"%[a-zA-Z%]")
#: Widest column, in characters.
MAX_WIDTH = 50


def excel_format(posix: str) -> str:
    """The spreadsheet number format of a ``strftime`` format:
    ``"%d.%m.%Y %H:%M"`` gives ``"dd.mm.yyyy hh:mm"``. Unknown directives are
    dropped; other characters are kept (quoted when they are letters)."""

    def literal(text):
        return "".join(f'"{char}"' if char.isalpha() else char for char in text)

    parts = []
    position = 0
    for match in _DIRECTIVE.finditer(posix):
        parts.append(literal(posix[position : match.start()]))
        directive = match.group()
        parts.append("%" if directive == "%%" else _POSIX_TO_EXCEL.get(directive, ""))
        position = match.end()
    parts.append(literal(posix[position:]))
    return "".join(parts).strip()


def build_xlsx(
    headers: list[str],
    rows: list[list],
    date_format: str = "%d.%m.%Y",
    datetime_format: str = "%d.%m.%Y %H:%M",
    sheet_name: str = "Reports",
) -> bytes:
    """The workbook of ``rows`` under ``headers``: ``str``, ``int``,
    ``float``, ``bool`` (written as given), ``date``, ``datetime`` (naive,
    in the reader's time zone) and ``None`` (empty) values."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "remove_timezone": True})
    sheet = workbook.add_worksheet(sheet_name[:31])
    bold = workbook.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
    date_cell = workbook.add_format({"num_format": excel_format(date_format)})
    datetime_cell = workbook.add_format({"num_format": excel_format(datetime_format)})
    widths = [len(header) for header in headers]
    for column, header in enumerate(headers):
        sheet.write_string(0, column, header, bold)
    for row_index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, datetime):
                sheet.write_datetime(row_index, column, value, datetime_cell)
                width = 16
            elif isinstance(value, date):
                sheet.write_datetime(
                    row_index, column, datetime(value.year, value.month, value.day), date_cell
                )
                width = 10
            elif isinstance(value, bool):
                sheet.write_boolean(row_index, column, value)
                width = 5
            elif isinstance(value, int | float):
                sheet.write_number(row_index, column, value)
                width = len(str(value))
            else:
                text = str(value)
                sheet.write_string(row_index, column, text)
                width = max((len(line) for line in text.splitlines()), default=0)
            widths[column] = max(widths[column], width)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, min(width + 2, MAX_WIDTH))
    sheet.freeze_panes(1, 0)
    if headers:
        sheet.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)
    workbook.close()
    return out.getvalue()
