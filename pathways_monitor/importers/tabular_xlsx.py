"""Open a ministry's workbook and hand back every data sheet as rows of cell values.

python-calamine reads large workbooks an order of magnitude faster than openpyxl, returns
numbers as numbers and dates as dates, and sees hidden sheets. Files that are not readable
workbooks (password-protected, renamed, damaged) become one plain-language problem.

Calamine hides number formats, and one of them changes what a cell means: a share typed as
``9,5%`` is stored as 0.095 under a percent format (``0%``, ``0.0%``, ``0.00%``).
:class:`PercentCells` finds the cells under such a format, on demand and only in workbooks
whose styles have one: ``xl/styles.xml`` says which cell styles scale by 100, and one regular
expression over the sheet's XML finds the cells with those styles: 0.2 s for a sheet of
100,000 percent-formatted rows, where openpyxl's read-only mode takes 9 s to hand back the
formats of a single column. A workbook without a percent format costs one read of its styles.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from posixpath import dirname, join, normpath
from xml.etree import ElementTree

import numpy as np
from openpyxl.styles.numbers import BUILTIN_FORMATS
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
    # The cells under a percent number format; None when the workbook has no such format.
    percent: PercentCells | None = field(default=None, compare=False)


# --- number formats ---------------------------------------------------------------------------


def scales_by_100(code: str) -> bool:
    """True when an Excel number format multiplies the stored number by 100 for display.

    That is a ``%`` outside quotes, brackets and escapes in the format's first section (the
    one for positive numbers): ``0%``, ``0.0%``, ``#,##0.00%;[Red]-#,##0.00%``. A literal
    percent sign (``0.0"%"``, ``0.0\\%``) shows the number unscaled.
    """
    i, n = 0, len(code)
    while i < n:
        ch = code[i]
        if ch == ";":
            return False
        if ch == "%":
            return True
        if ch == '"':
            end = code.find('"', i + 1)
            i = n if end < 0 else end + 1
            continue
        if ch == "[":
            end = code.find("]", i + 1)
            i = n if end < 0 else end + 1
            continue
        i += 2 if ch in "\\_*" else 1  # the next character is shown (or spaced) literally
    return False


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(element: ElementTree.Element, name: str) -> str | None:
    """An attribute by its local name, whatever its namespace (``r:id``, strict OOXML)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _percent_styles(archive: zipfile.ZipFile, styles_path: str) -> frozenset[int]:
    """The indices of the cell styles (``cellXfs``) whose number format scales by 100."""
    try:
        root = ElementTree.fromstring(archive.read(styles_path))
    except (KeyError, ElementTree.ParseError):
        return frozenset()
    codes: dict[int, str] = {}
    xfs: list[ElementTree.Element] = []
    for child in root:
        name = _local(child.tag)
        if name == "numFmts":
            for fmt in child:
                number, code = fmt.get("numFmtId"), fmt.get("formatCode")
                if number is not None and number.isdigit() and code is not None:
                    codes[int(number)] = code
        elif name == "cellXfs":
            xfs = [xf for xf in child if _local(xf.tag) == "xf"]
    found: set[int] = set()
    for index, xf in enumerate(xfs):
        number = xf.get("numFmtId", "0")
        if not number.isdigit():
            continue
        code = codes.get(int(number), BUILTIN_FORMATS.get(int(number), ""))
        if scales_by_100(code):
            found.add(index)
    return frozenset(found)


def _member(base: str, target: str) -> str:
    """A relationship target as a zip member name (``/xl/worksheets/sheet1.xml`` or relative)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return normpath(join(dirname(base), target))


def _sheet_members(archive: zipfile.ZipFile) -> tuple[dict[str, str], str]:
    """Sheet name -> its XML member, and the styles member, from the workbook's relationships."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}, "xl/styles.xml"
    targets: dict[str, str] = {}
    styles = "xl/styles.xml"
    for rel in rels:
        rel_id, target = rel.get("Id"), rel.get("Target")
        if rel_id is None or target is None:
            continue
        member = _member("xl/workbook.xml", target)
        targets[rel_id] = member
        if (rel.get("Type") or "").endswith("/styles"):
            styles = member
    sheets: dict[str, str] = {}
    for element in book.iter():
        if _local(element.tag) != "sheet":
            continue
        name, rel_id = element.get("name"), _attr(element, "id")
        if name is not None and rel_id in targets:
            sheets[name] = targets[rel_id]
    return sheets, styles


_ROOT_PREFIX = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?<(\w+:)?worksheet\b")
_CELL_REF = re.compile(rb"""\br\s*=\s*["']([A-Z]{1,3})(\d+)["']""")
_FOUND = dict[int, np.ndarray]  # 0-based column -> Excel row numbers of its percent cells


def column_index(letters: bytes | str) -> int:
    """``A`` -> 0, ``Z`` -> 25, ``AA`` -> 26."""
    text = letters.decode() if isinstance(letters, bytes) else letters
    index = 0
    for ch in text:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _by_column(refs: Sequence[tuple[bytes, bytes]]) -> _FOUND:
    if not refs:
        return {}
    table = np.array(refs)
    letters, at = np.unique(table[:, 0], return_inverse=True)
    rows = table[:, 1].astype(np.int64)
    return {column_index(bytes(c)): rows[at == k] for k, c in enumerate(letters)}


def _scan(xml: bytes, styles: frozenset[int]) -> _FOUND | None:
    """The percent cells of a sheet's XML; None when it must be walked cell by cell.

    Excel, LibreOffice and openpyxl all write a styled cell as ``<c r="E5" s="3"``: one
    expression with that literal start finds them at memory speed. It is trusted only when it
    found every ``s="3"`` of the sheet; otherwise (another attribute order, single quotes, a row
    style) a looser expression reads each percent-styled cell's attributes, and a sheet whose
    cells omit their ``r`` reference (or that is not UTF-8) returns None.
    """
    root = _ROOT_PREFIX.match(xml[:4096])
    if root is None:
        return None
    prefix = re.escape(root.group(1) or b"")
    ids = b"|".join(str(s).encode() for s in sorted(styles))
    canonical = re.compile(rb"<" + prefix + rb'c r="([A-Z]{1,3})(\d+)" s="(?:' + ids + rb')"')
    refs = canonical.findall(xml)
    if len(refs) == sum(xml.count(b' s="%d"' % s) for s in styles):
        return _by_column(refs)
    loose = re.compile(rb"<" + prefix + rb"c\s([^>]*?\bs\s*=\s*[\"'](?:" + ids + rb")[\"'][^>]*)>")
    refs = []
    for attrs in loose.findall(xml):
        ref = _CELL_REF.search(attrs)
        if ref is None:
            return None
        refs.append((ref.group(1), ref.group(2)))
    return _by_column(refs)


def _walk(xml: bytes, styles: frozenset[int]) -> _FOUND:
    """The same by walking every row and cell, for sheets whose cells omit ``r``."""
    wanted = {str(s) for s in styles}
    found: dict[int, list[int]] = {}
    row, col = 0, -1
    for event, element in ElementTree.iterparse(io.BytesIO(xml), events=("start", "end")):
        tag = _local(element.tag)
        if event == "end":
            if tag == "row":
                element.clear()
            continue
        if tag == "row":
            ref = element.get("r")
            row = int(ref) if ref and ref.isdigit() else row + 1
            col = -1
        elif tag == "c":
            match = re.fullmatch(r"([A-Z]{1,3})(\d+)", element.get("r") or "")
            col = column_index(match.group(1)) if match else col + 1
            if element.get("s") in wanted:
                found.setdefault(col, []).append(row)
    return {c: np.asarray(rows, dtype=np.int64) for c, rows in found.items()}


class PercentCells:
    """Which cells of one sheet carry a percent number format, read when first asked."""

    def __init__(self, data: bytes, member: str, styles: frozenset[int]) -> None:
        self._data, self._member, self._styles = data, member, styles

    @cached_property
    def _found(self) -> _FOUND:
        try:
            with zipfile.ZipFile(io.BytesIO(self._data)) as archive:
                xml = archive.read(self._member)
        except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError):
            return {}
        found = _scan(xml, self._styles)
        if found is None:
            try:
                found = _walk(xml, self._styles)
            except ElementTree.ParseError:
                return {}
        return found

    def rows(self, column: int) -> np.ndarray:
        """The Excel row numbers of the percent-formatted cells of ``column`` (0-based)."""
        return self._found.get(column, np.zeros(0, dtype=np.int64))

    def mask(self, columns: Iterable[int], first_row: int, n_rows: int) -> dict[int, np.ndarray]:
        """Per column, True for each of the ``n_rows`` rows from Excel row ``first_row`` on
        whose cell is percent-formatted; columns without such a cell are left out."""
        out: dict[int, np.ndarray] = {}
        for column in columns:
            at = self.rows(column) - first_row
            at = at[(at >= 0) & (at < n_rows)]
            if len(at):
                flags = np.zeros(n_rows, dtype=bool)
                flags[at] = True
                out[column] = flags
        return out


def _percent_readers(data: bytes) -> dict[str, PercentCells]:
    """A :class:`PercentCells` per sheet name; empty when no cell style scales by 100."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members, styles_path = _sheet_members(archive)
            styles = _percent_styles(archive, styles_path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return {}
    if not styles:
        return {}
    return {name: PercentCells(data, member, styles) for name, member in members.items()}


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
    percent = _percent_readers(data) if data[:4] == ZIP_MAGIC else {}
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
        sheets.append(SheetRows(meta.name, rows, percent.get(meta.name)))
    return sheets, None
