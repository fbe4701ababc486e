"""The canonical shape every indicator reader produces, before validation and storage.

A reader (Eurostat bulk TSV, SDMX-CSV, data-browser CSV, legacy export, long or wide
spreadsheet) returns a ``ParsedObservations``: a DataFrame with exactly ``OBS_COLUMNS`` and
the problems it found. Codes are not yet checked against the database: that is the job of
``importers.validate_observations``, shared by every reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pathways_monitor.domain.breakdowns import BREAKDOWN_COLUMNS, TOTAL_BREAKDOWN
from pathways_monitor.importers.problems import Problem

KEY_COLUMNS: tuple[str, ...] = ("indicator", "geo", "year", *BREAKDOWN_COLUMNS)
OBS_COLUMNS: tuple[str, ...] = (
    *KEY_COLUMNS,
    "value",  # float or NaN
    "flag",  # str or None
    "source",  # dataset code or free text
    "sheet",  # where the value came from, for problem messages
    "row",  # Excel row (header = 1) or CSV line number
    "column",  # column header the value stood under
)


@dataclass
class ParsedObservations:
    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    format: str = "unknown"
    dataset: str | None = None
    # False when the file has no flag information at all (a download with flags switched off):
    # then a stored flag of an unchanged value is kept, not erased.
    flags_known: bool = True


def empty_frame() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in OBS_COLUMNS})


def finish_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Fill missing breakdown columns with their totals and order the columns."""
    out = frame.copy()
    for col, total in TOTAL_BREAKDOWN.items():
        if col not in out.columns:
            out[col] = total
        else:
            out[col] = out[col].fillna(total)
    for col in ("flag", "source", "sheet", "row", "column"):
        if col not in out.columns:
            out[col] = None
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("float64")
    out["year"] = out["year"].astype("int64")
    return out[list(OBS_COLUMNS)].reset_index(drop=True)
