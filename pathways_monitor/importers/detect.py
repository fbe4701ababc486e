"""Decide what a file is before reading it: strategy workbook, indicator sheet, Eurostat file
(CSV/TSV, or the data browser's xlsx download).

Checks the bytes, not only the name: an .xlsx that is not a zip, a password-protected workbook
(an OLE2 container), an empty file, or a file over the size limit are refused with a specific
problem before any parser runs.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from pathways_monitor.core.translation import N_
from pathways_monitor.importers.problems import Problem, problem

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
GZIP_MAGIC = b"\x1f\x8b"
WORKBOOK_EXTENSIONS = {".xlsx", ".xlsm"}
TEXT_EXTENSIONS = {".csv", ".tsv", ".txt", ".tab"}
STRATEGY_SHEETS = {"strategy", "objectives", "strategie", "doelstellingen"}

KIND_STRATEGY = "strategy"
KIND_INDICATORS = "indicators"
KIND_EUROSTAT = "eurostat"


@dataclass(frozen=True)
class Detection:
    kind: str | None
    container: str | None  # "xlsx" | "text"
    problems: tuple[Problem, ...] = ()


def _problem(
    code: str, template: str, params: dict[str, Any], value: str | None = None
) -> Detection:
    """The file cannot be read: ``template`` (a message id) filled with ``params``."""
    return Detection(None, None, (problem(code, template, params, value=value),))


def _workbook_sheet_names(data: bytes) -> list[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "xl/workbook.xml" not in zf.namelist():
                return None
            xml = zf.read("xl/workbook.xml").decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    import re

    return [m for m in re.findall(r'<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"', xml)]


def detect(data: bytes, filename: str, max_bytes: int) -> Detection:
    """The kind of file, or the problem that stops it from being read at all."""
    ext = PurePath(filename).suffix.lower()
    if len(data) > max_bytes:
        return _problem(
            "file_too_large",
            N_(
                "{file} is {size} MB; the limit is {limit} MB. Split the file or ask an "
                "administrator."
            ),
            {
                "file": filename,
                "size": f"{len(data) / 1_048_576:.1f}",
                "limit": f"{max_bytes / 1_048_576:.0f}",
            },
        )
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        return _problem("empty_file", N_("{file} is empty"), {"file": filename})
    if data.startswith(OLE2_MAGIC):
        if ext in WORKBOOK_EXTENSIONS:
            return _problem(
                "encrypted_workbook",
                N_(
                    "{file} is password-protected (encrypted). Remove the password in Excel "
                    "(File > Info > Protect Workbook) and upload it again."
                ),
                {"file": filename},
            )
        return _problem(
            "unsupported_format",
            N_("{file} is an old Excel 97-2003 (.xls) file; save it as .xlsx and try again"),
            {"file": filename},
        )
    is_zip = data.startswith(ZIP_MAGIC)
    if ext in WORKBOOK_EXTENSIONS:
        if not is_zip:
            return _problem(
                "not_a_workbook",
                N_("{file} is named {ext} but is not an Excel workbook (its content is text)")
                if _looks_text(data)
                else N_(
                    "{file} is named {ext} but is not an Excel workbook (its content is "
                    "something else)"
                ),
                {"file": filename, "ext": ext},
            )
        sheets = _workbook_sheet_names(data)
        if sheets is None:
            return _problem(
                "corrupt_workbook",
                N_("{file} is damaged: it is a zip file but not a readable Excel workbook"),
                {"file": filename},
            )
        from pathways_monitor.importers.eurostat_browser_xlsx import is_browser_workbook

        if is_browser_workbook(data):  # the Eurostat data browser's xlsx download
            return Detection(KIND_EUROSTAT, "xlsx")
        names = {s.strip().lower() for s in sheets}
        kind = KIND_STRATEGY if names & STRATEGY_SHEETS else KIND_INDICATORS
        return Detection(kind, "xlsx")
    if ext == ".gz":
        # Eurostat's bulk download (estat_<code>.tsv.gz): only a gzipped Eurostat file is read.
        from pathways_monitor.importers.eurostat import sniff_eurostat

        if data.startswith(GZIP_MAGIC) and sniff_eurostat(data, filename):
            return Detection(KIND_EUROSTAT, "text")
        return _problem(
            "unsupported_format",
            N_(
                "{file} is not a gzipped Eurostat file (bulk TSV or SDMX-CSV); only those are "
                "read compressed. Unpack it and upload the .csv, .tsv or .xlsx inside."
            ),
            {"file": filename},
            value=ext,
        )
    if ext in TEXT_EXTENSIONS or ext == "":
        if is_zip or not _looks_text(data):
            return _problem(
                "not_what_extension_says",
                N_(
                    "{file} is named {ext} but is not a text file (it looks like a binary file "
                    "or a workbook)"
                )
                if ext
                else N_(
                    "{file} is named without extension but is not a text file (it looks like a "
                    "binary file or a workbook)"
                ),
                {"file": filename, "ext": ext},
            )
        from pathways_monitor.importers.eurostat import sniff_eurostat

        if sniff_eurostat(data, filename):
            return Detection(KIND_EUROSTAT, "text")
        return Detection(KIND_INDICATORS, "text")
    if is_zip and _workbook_sheet_names(data) is not None:
        return _problem(
            "not_what_extension_says",
            N_("{file} is an Excel workbook but is named {ext}; rename it to .xlsx"),
            {"file": filename, "ext": ext},
        )
    return _problem(
        "unsupported_format",
        N_("{file}: files of type {ext} are not accepted; upload .xlsx, .csv or .tsv"),
        {"file": filename, "ext": ext},
        value=ext,
    )


def _looks_text(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # UTF-16 "Unicode text" export from Excel
    sample = data[:8192]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError:
        # cp1252 / latin-1 text has few control characters
        controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
        return controls < len(sample) * 0.01
