"""The whole register as CSV (UTF-8 with a byte order mark, so spreadsheet programs read the accents) and
as an XLSX workbook (openpyxl): its current state, one row per entry, and its publication history, one row
per published version. Computed from published versions only.

A cell that starts like a formula (=, +, -, @) is kept as text: in the workbook by its cell type, in the
CSV with a leading apostrophe, so that opening an export never runs what somebody typed in a field."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from publisher.open_data import current_versions_by_name, entry_url
from register.published import PublicVersion, PublishedRegister
from schemas.tabular import CONTENT_COLUMNS, cell, content_cells

VERSION_COLUMNS = ("id", "page_url", "version_no", "state", "published_at", "superseded_at", "withdrawn_at",
                   "withdrawal_reason")
COLUMNS = (*VERSION_COLUMNS, *CONTENT_COLUMNS)
SHEETS = {"current": "Huidige stand", "history": "Publicatiegeschiedenis"}
SPREADSHEET_FORMATS = {"csv": ("current",), "csv-history": ("history",), "xlsx": ("current", "history")}
"""Each file format and the tables it holds: a CSV file holds one, the workbook a sheet of each."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_MEDIA_TYPE = "text/csv"
"""litestar adds `; charset=utf-8` to a text type itself (given here too, it would say it twice)."""
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def version_row(version: PublicVersion, public_url: str) -> list[str]:
    return [version.entry_id, entry_url(public_url, version.entry_id), str(version.version_no),
            cell(version.state), cell(version.published_at), cell(version.superseded_at),
            cell(version.withdrawn_at), cell(version.withdrawal_reason), *content_cells(version.content)]


def rows(register: PublishedRegister, public_url: str, table: str) -> list[list[str]]:
    """The rows of `table` ("current" or "history"), without the header."""
    versions = current_versions_by_name(register) if table == "current" else register.publication_history()
    return [version_row(version, public_url) for version in versions]


def spreadsheet(register: PublishedRegister, public_url: str, file_format: str) -> tuple[bytes, dict[str, int]]:
    """The file of one of SPREADSHEET_FORMATS, and the number of rows of each table in it."""
    tables = {table: rows(register, public_url, table) for table in SPREADSHEET_FORMATS[file_format]}
    data = xlsx_bytes(tables) if file_format == "xlsx" else csv_bytes(*tables.values())
    return data, {table: len(found) for table, found in tables.items()}


def csv_bytes(table_rows: Iterable[list[str]], columns: Iterable[str] = COLUMNS, *, delimiter: str = ",",
              quoting: int = csv.QUOTE_MINIMAL, lineterminator: str = "\r\n") -> bytes:
    """CSV with a byte order mark (RFC 4180 unless a standard asks for another dialect); no cell can be read
    as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator=lineterminator)
    writer.writerow(columns)
    writer.writerows([[f"'{value}" if value.startswith(FORMULA_START) else value for value in row]
                      for row in table_rows])
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(tables: dict[str, list[list[str]]]) -> bytes:
    """A workbook with a sheet per table ("current", "history"), the header bold and frozen."""
    workbook = Workbook(write_only=True)
    for table, table_rows in tables.items():
        sheet = workbook.create_sheet(SHEETS[table])
        sheet.freeze_panes = "A2"
        header = []
        for name in COLUMNS:
            heading = WriteOnlyCell(sheet, value=name)
            heading.font = Font(bold=True)
            header.append(heading)
        sheet.append(header)
        for row in table_rows:
            sheet.append([_text_cell(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text_cell(sheet: object, value: str) -> WriteOnlyCell:
    """A text cell, never a formula, whatever it starts with."""
    written = WriteOnlyCell(sheet, value=value)
    written.data_type = "s"  # openpyxl would take a text starting with "=" for a formula
    return written
