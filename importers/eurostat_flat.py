"""Eurostat files with one observation per line: SDMX-CSV, the legacy database export, and
the long PISA CSV (``geo,geo_name,...,field,sex,unit,year,value,flag,source``).

They differ only in which column holds the time, the value and the flag, and in whether
dimension cells are codes (SDMX: ``NL`` or ``NL:Netherlands``) or English labels (legacy).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pandas as pd

from importers.eurostat_common import LongCells
from importers.eurostat_datasets import declared_dataset_in, known_dataset_in
from importers.problems import Problem

PISA_COLUMNS: frozenset[str] = frozenset(
    {
        "geo",
        "geo_name",
        "geo_level",
        "is_eu27_member",
        "indicator",
        "field",
        "sex",
        "unit",
        "year",
        "value",
        "flag",
        "source",
    }
)


@dataclass(frozen=True)
class FlatLayout:
    fmt: str
    time: str  # normalised header names
    value: str
    flag: tuple[str, ...]
    not_dims: frozenset[str]
    geo_mode: str
    labelled_dims: bool


SDMX = FlatLayout(
    "sdmx_csv",
    "time_period",
    "obs_value",
    ("obs_flag",),
    frozenset(
        {
            "dataflow",
            "structure",
            "structure_id",
            "structure_name",
            "action",
            "last update",
            "time_period",
            "obs_value",
            "obs_flag",
            "conf_status",
            "obs_status",
        }
    ),
    "codes",
    False,
)
PISA = FlatLayout(
    "pisa_long_csv",
    "year",
    "value",
    ("flag",),
    frozenset(
        {"geo_name", "geo_level", "is_eu27_member", "indicator", "source", "year", "value", "flag"}
    ),
    "codes",
    False,
)
LEGACY = FlatLayout(
    "legacy_csv",
    "time",
    "value",
    ("flag and footnotes", "flag", "flags"),
    frozenset({"time", "geo_label", "value", "flag and footnotes", "flag", "flags"}),
    "auto",
    True,
)


def header_key(cell: str) -> str:
    """``OBS_VALUE: Observation value`` and ``"Value"`` compare as ``obs_value``/``value``."""
    return cell.split(":", 1)[0].strip().strip('"').lower()


def sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d])


def read_flat_cells(text: str, layout: FlatLayout, filename: str) -> LongCells:
    """The long cell table of a one-observation-per-line file."""
    first = text.split("\n", 1)[0]
    raw = pd.read_csv(
        io.StringIO(text),
        sep=sniff_delimiter(first),
        dtype=str,
        keep_default_na=False,
        skip_blank_lines=False,
        quoting=csv.QUOTE_MINIMAL,
    )
    headers = list(raw.columns)
    keys = [header_key(h) for h in headers]
    raw.columns = keys
    raw = raw[(raw != "").any(axis=1)]
    rows = raw.index.to_numpy() + 2
    problems: list[Problem] = []
    flag_key = next((f for f in layout.flag if f in keys), None)
    missing = [k for k in (layout.time, layout.value, "geo") if k not in keys]
    if missing:
        problems.append(
            Problem(
                code="bad_header",
                message=f"Missing column(s): {', '.join(missing)}",
                row=1,
                value=first[:120],
            )
        )
        return _empty(layout, problems)
    dims = [k for k in keys if k not in layout.not_dims]
    frame = pd.DataFrame({"row": rows, "time": raw[layout.time].to_numpy()})
    frame["cell"] = raw[layout.value].to_numpy()
    frame["column"] = headers[keys.index(layout.value)].strip()
    if flag_key is not None:
        flags = raw[flag_key].astype(str)
        if layout is SDMX:
            flags = flags.str.split(":", n=1).str[0]
        frame["flag_cell"] = flags.to_numpy()
    for dim in dims:
        values = raw[dim].astype(str).str.strip()
        if layout is SDMX and dim != "geo":
            values = values.str.split(":", n=1).str[0].str.strip()
        frame[dim] = values.to_numpy()
    declared, source = _dataset(raw, layout, filename)
    return LongCells(
        frame,
        dims,
        layout.fmt,
        declared,
        geo_mode=layout.geo_mode,
        labelled_dims=layout.labelled_dims,
        geo_column=headers[keys.index("geo")].strip(),
        problems=problems,
        source_override=source,
    )


def _dataset(raw: pd.DataFrame, layout: FlatLayout, filename: str) -> tuple[str | None, str | None]:
    if layout is SDMX:
        for key in ("dataflow", "structure_id"):
            if key in raw.columns:
                for value in raw[key].unique():
                    found = declared_dataset_in(value)
                    if found:
                        return found, None
        return known_dataset_in(filename), None
    if layout is PISA:
        sources = raw["source"].unique() if "source" in raw.columns else []
        found = known_dataset_in(*sources, filename) or "sdg_04_40"
        return found, found
    return known_dataset_in(filename), None


def _empty(layout: FlatLayout, problems: list[Problem]) -> LongCells:
    frame = pd.DataFrame(
        {c: pd.Series(dtype="object") for c in ("cell", "time", "column", "row", "geo")}
    )
    return LongCells(frame, ["geo"], layout.fmt, None, problems=problems)
