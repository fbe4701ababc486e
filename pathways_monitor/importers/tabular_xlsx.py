"""Open a ministry's workbook and hand back every data sheet as rows of cell values.

python-calamine reads large workbooks an order of magnitude faster than openpyxl, returns
numbers as numbers and dates as dates, and sees hidden sheets. Files that are not readable
workbooks (password-protected, renamed, damaged) become one plain-language problem.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from python_calamine import CalamineWorkbook, SheetTypeEnum

from pathways_monitor.core.translation import N_
from pathways_monitor.importers.problems import Problem, problem
from pathways_monitor.importers.tabular_headers import is_skipped_sheet

OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


@dataclass(frozen=True)
class SheetRows:
    name: str
    rows: Sequence[Sequence[object]]  # rows[i] is Excel row i + 1, cells from column A


def _open(data: bytes) -> CalamineWorkbook | Problem:
    if data[:4] == OLE2_MAGIC:
        if _ENCRYPTED_STREAM in data:
            return problem(
                "encrypted_workbook",
                N_(
                    "The workbook is protected with a password. Save a copy without a password "
                    "(File > Info > Protect Workbook) and upload that."
                ),
            )
        try:  # an unprotected legacy .xls saved under an .xlsx name
            return CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception:
            return problem(
                "encrypted_workbook",
                N_(
                    "The file is an encrypted or old-format Office file, not an .xlsx workbook. "
                    "Remove the password and save it as .xlsx."
                ),
            )
    if data[:4] != ZIP_MAGIC:
        return problem(
            "not_a_workbook",
            N_(
                "The file is not an Excel workbook although its name ends in .xlsx. Open it in Excel "
                "and save it as 'Excel Workbook (*.xlsx)', or upload it as CSV."
            ),
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError):
        return problem(
            "corrupt_workbook",
            N_(
                "The workbook is damaged (incomplete download or copy?). Open it in Excel, save it "
                "again and upload the new copy."
            ),
        )
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        return problem(
            "not_a_workbook",
            N_(
                "The file is a zip archive (perhaps a Word or OpenDocument file), not an Excel "
                "workbook. Save the table as .xlsx."
            ),
        )
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:
        return problem(
            "corrupt_workbook",
            N_(
                "The workbook is damaged and cannot be read. Open it in Excel, save it again and "
                "upload the new copy."
            ),
        )


def read_sheets(data: bytes) -> tuple[list[SheetRows], Problem | None]:
    """All worksheets that may hold data, hidden ones included; explanation sheets skipped."""
    book = _open(data)
    if isinstance(book, Problem):
        return [], book
    sheets: list[SheetRows] = []
    for meta in book.sheets_metadata:
        if meta.typ != SheetTypeEnum.WorkSheet or is_skipped_sheet(meta.name):
            continue
        try:
            rows = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        except Exception:
            return [], problem(
                "corrupt_workbook",
                N_(
                    "The sheet {sheet} is damaged and cannot be read. Save the workbook again in "
                    "Excel and upload the new copy."
                ),
                {"sheet": repr(meta.name)},
                sheet=meta.name,
            )
        sheets.append(SheetRows(meta.name, rows))
    return sheets, None
