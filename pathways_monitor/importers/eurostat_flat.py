"""Eurostat files with one observation per line: SDMX-CSV, the legacy database export, and
the long PISA CSV (``geo,geo_name,...,field,sex,unit,year,value,flag,source``).

They differ only in which column holds the time, the value and the flag, and in whether
dimension cells are codes (SDMX: ``NL`` or ``NL:Netherlands``) or English labels (legacy).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import pandas as pd

from pathways_monitor.core.translation import N_plural
from pathways_monitor.importers.eurostat_common import LongCells
from pathways_monitor.importers.eurostat_datasets import dataset_in_filename, declared_dataset_in
from pathways_monitor.importers.problems import Problem, plural_problem

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


# "column(s)" in English whatever the count; the catalogs give each language its own forms.
MISSING_COLUMNS = N_plural("Missing column(s): {columns}", "Missing column(s): {columns}")


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
            "unit_mult",
            "decimals",
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


_ID_SHAPE = re.compile(r"^(?:[A-Z][A-Z0-9_]*|[a-z][a-z0-9_]*)$")
# OECD observation status codes -> Eurostat flags (A: normal value).
OECD_STATUS: dict[str, str | None] = {
    "A": None,
    "B": "b",
    "D": "d",
    "E": "e",
    "F": "f",
    "P": "p",
    "U": "u",
    "R": "r",
    "C": "c",
    "M": None,
    "L": None,
    "N": "n",
    "O": None,
    "Z": "z",
}


def _label_columns(headers: list[str]) -> set[int]:
    """Positions of the label columns .Stat Suite writes after code columns ("Reference area")."""
    out = set()
    for i, h in enumerate(headers):
        name = h.strip().strip('"')
        if i and ":" not in name and not _ID_SHAPE.match(name):
            out.add(i)
    return out


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
    headers = [str(h) for h in raw.columns]
    labels_at = _label_columns(headers) if layout is SDMX else set()
    if labels_at:
        raw = raw.iloc[:, [i for i in range(len(headers)) if i not in labels_at]]
        headers = [h for i, h in enumerate(headers) if i not in labels_at]
    keys = [header_key(h) for h in headers]
    if layout is SDMX and "geo" not in keys and "ref_area" in keys:
        keys[keys.index("ref_area")] = "geo"
    raw.columns = keys
    raw = raw[(raw != "").any(axis=1)]
    rows = raw.index.to_numpy() + 2
    problems: list[Problem] = []
    flag_key = next((f for f in layout.flag if f in keys), None)
    missing = [k for k in (layout.time, layout.value, "geo") if k not in keys]
    if missing:
        problems.append(
            plural_problem(
                "bad_header",
                MISSING_COLUMNS,
                {"n": len(missing), "columns": ", ".join(missing)},
                row=1,
                value=first[:120],
            )
        )
        return _empty(layout, problems)
    if layout is SDMX:
        # SDMX-CSV puts the dimensions before TIME_PERIOD; what follows are attributes.
        dims = [k for k in keys[: keys.index(layout.time)] if k not in layout.not_dims]
    else:
        dims = [k for k in keys if k not in layout.not_dims]
    frame = pd.DataFrame({"row": rows, "time": raw[layout.time].to_numpy()})
    frame["cell"] = raw[layout.value].to_numpy()
    frame["column"] = headers[keys.index(layout.value)].strip()
    if flag_key is not None:
        flags = raw[flag_key].astype(str).str.split(":", n=1).str[0].str.strip()
        frame["flag_cell"] = flags.to_numpy()
    elif layout is SDMX and "obs_status" in keys:
        status = raw["obs_status"].astype(str).str.split(":", n=1).str[0].str.strip()
        mapped = status.str.upper().map(OECD_STATUS)
        frame["flag_cell"] = mapped.where(status.str.upper().isin(list(OECD_STATUS)), status)
        frame["flag_cell"] = frame["flag_cell"].fillna("").to_numpy()
    elif layout is SDMX:
        frame["flag_cell"] = None  # downloaded without the flag column: flags unknown
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
        return dataset_in_filename(filename), None
    if layout is PISA:
        sources = [str(s) for s in raw["source"].unique()] if "source" in raw.columns else []
        found = next((c for c in map(_pisa_source_code, sources) if c), None) or "sdg_04_40"
        return found, found
    return dataset_in_filename(filename), None


def _pisa_source_code(source: str) -> str | None:
    """``S3:estat/sdg_04_40@...`` -> ``sdg_04_40`` (the shipped PISA file names its dataset)."""
    m = re.search(r"estat/([a-z0-9_]+)", source, re.I)
    return m.group(1).lower() if m else None


def _empty(layout: FlatLayout, problems: list[Problem]) -> LongCells:
    frame = pd.DataFrame(
        {c: pd.Series(dtype="object") for c in ("cell", "time", "column", "row", "geo")}
    )
    return LongCells(frame, ["geo"], layout.fmt, None, problems=problems)
