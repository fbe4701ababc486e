"""Eurostat files in, canonical observation frame out: recognise the format, then read it.

Formats: bulk TSV (``eurostat_tsv``), SDMX-CSV (``sdmx_csv``), the data browser's
spreadsheet-style CSV (``databrowser_csv``), the older database export (``legacy_csv``) and the
long PISA CSV shipped with the product (``pisa_long_csv``); and the data browser's xlsx
download (``databrowser_xlsx``). Pure parsing: codes are checked later by
``importers.observation_validate``, against the database.
"""

from __future__ import annotations

import csv

from pathways_monitor.core.translation import N_
from pathways_monitor.importers.eurostat_browser import (
    browser_rows,
    find_header,
    read_browser_cells,
)
from pathways_monitor.importers.eurostat_browser_xlsx import (
    XLSX_FORMAT,
    ZIP_MAGIC,
    is_browser_workbook,
    read_browser_xlsx_cells,
)
from pathways_monitor.importers.eurostat_common import LongCells, to_observations
from pathways_monitor.importers.eurostat_datasets import known_dataset_in
from pathways_monitor.importers.eurostat_flat import (
    LEGACY,
    PISA,
    PISA_COLUMNS,
    SDMX,
    header_key,
    read_flat_cells,
    sniff_delimiter,
)
from pathways_monitor.importers.eurostat_tsv import is_bulk_tsv, read_tsv_cells
from pathways_monitor.importers.eurostat_values import decode_bytes
from pathways_monitor.importers.frame import ParsedObservations, empty_frame
from pathways_monitor.importers.problems import Problem, problem

FORMATS: tuple[str, ...] = (
    "eurostat_tsv",
    "sdmx_csv",
    "databrowser_csv",
    "databrowser_xlsx",
    "legacy_csv",
    "pisa_long_csv",
)
SNIFF_BYTES = 64 * 1024


def _sniff_text(text: str) -> str | None:
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if is_bulk_tsv(first):
        return "eurostat_tsv"
    try:
        header = next(csv.reader([first], delimiter=sniff_delimiter(first)))
    except csv.Error:
        return None
    keys = {header_key(h) for h in header}
    if "obs_value" in keys and "time_period" in keys:
        return "sdmx_csv"
    if {"geo", "field", "year", "value"} <= keys and len(keys & PISA_COLUMNS) >= 8:
        return "pisa_long_csv"
    if {"time", "geo", "value"} <= keys:
        return "legacy_csv"
    rows, _ = browser_rows("\n".join(lines[:200]))  # its own separator sniff: `,` or `;`
    if find_header(rows) is not None:
        return "databrowser_csv"
    return None


def sniff_eurostat(data: bytes, filename: str) -> str | None:
    """The Eurostat format of a file, or None when it is not a Eurostat-shaped file."""
    if data.startswith(ZIP_MAGIC):
        return XLSX_FORMAT if is_browser_workbook(data) else None
    try:
        head = data if data[:2] == b"\x1f\x8b" else data[:SNIFF_BYTES]
        text = decode_bytes(head)
    except (OSError, EOFError, UnicodeDecodeError):
        return None
    return _sniff_text(text)


def read_eurostat(data: bytes, filename: str) -> ParsedObservations:
    """Parse any supported Eurostat file into the canonical frame, with every problem found."""
    if data.startswith(ZIP_MAGIC):
        return to_observations(read_browser_xlsx_cells(data, filename))
    try:
        text = decode_bytes(data)
    except (OSError, EOFError) as exc:
        return _refused(
            problem(
                "bad_header",
                N_("The file could not be decompressed: {error}"),
                {"error": str(exc)},
                row=1,
            )
        )
    fmt = _sniff_text(text)
    cells: LongCells
    if fmt == "eurostat_tsv":
        cells = read_tsv_cells(text, known_dataset_in(filename))
    elif fmt == "sdmx_csv":
        cells = read_flat_cells(text, SDMX, filename)
    elif fmt == "pisa_long_csv":
        cells = read_flat_cells(text, PISA, filename)
    elif fmt == "legacy_csv":
        cells = read_flat_cells(text, LEGACY, filename)
    elif fmt == "databrowser_csv":
        cells = read_browser_cells(text, filename)
    else:
        return _refused(
            problem(
                "bad_header",
                N_(
                    "This is not a Eurostat file (bulk TSV, SDMX-CSV, data browser or database "
                    "export)"
                ),
                row=1,
            )
        )
    return to_observations(cells)


def _refused(refusal: Problem) -> ParsedObservations:
    return ParsedObservations(empty_frame(), [refusal], "unknown")
