"""Which dataset a file holds, and what each of its series measures.

The dataset code is read exactly where the file states it (``[sdg_04_10a__custom_123]``,
``ESTAT:SDG_04_10A(1.0)``, the file name); ``sdg_04_10a`` is never taken for ``sdg_04_10``.
Each series is then classified dimension by dimension with the dataset's table in
``domain.eurostat_datasets``: it is the canonical total only when every dimension holds its
defined total, a breakdown when a dimension names a group the product stores, and skipped
(with a warning listing it) otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

import pandas as pd

from pathways_monitor.core.translation import N_, N_plural
from pathways_monitor.domain.eurostat_datasets import (
    BREAKDOWN,
    DATASET_BY_CODE,
    DATASETS,
    INDICATOR,
    OTHER,
    TOTAL,
    TOTAL_MARKERS,
    DatasetMap,
    Dimension,
    dataset_for,
)
from pathways_monitor.importers.problems import ERROR, WARNING, Problem, plural_problem, problem

MAX_SERIES_LISTED = 40
_BRACKET = re.compile(r"\[([a-z][a-z0-9_\-$]*?)(?:__custom_\d+)?\]")
_SDMX_ID = re.compile(r"^\s*(?:([A-Za-z0-9_.\-]+):)?([A-Za-z0-9_@.\-]+)\((?:[0-9.]+)\)\s*$")
_CODE_SHAPE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")
_FILE_SUFFIXES = re.compile(
    r"(?:__custom_\d+.*|_linear(?:_2_0)?|_page_spreadsheet|_spreadsheet|_tabular|_page_linear"
    r"(?:_2_0)?|\s*\(\d+\))$",
    re.I,
)
_KNOWN_TOKEN = re.compile(
    r"(?<![a-z0-9])("
    + "|".join(sorted((re.escape(d.code) for d in DATASETS), key=len, reverse=True))
    + r")(?![a-z0-9])",
    re.I,
)
# The skipped-series warning. Today's English reads "1 series (1 values)", so both English
# forms of each pair are the same; the catalogs give each language its own singular.
SERIES_SKIPPED = N_plural(
    "{series} series ({values} values) of {dataset} measure something other than the "
    "indicator's total or a breakdown this product stores, and were skipped: {listing}",
    "{series} series ({values} values) of {dataset} measure something other than the "
    "indicator's total or a breakdown this product stores, and were skipped: {listing}",
)
SERIES_SKIPPED_MORE = N_plural(
    "{series} series ({values} values) of {dataset} measure something other than the "
    "indicator's total or a breakdown this product stores, and were skipped: {listing}; "
    "and {more} more series",
    "{series} series ({values} values) of {dataset} measure something other than the "
    "indicator's total or a breakdown this product stores, and were skipped: {listing}; "
    "and {more} more series",
)
# One series, named by its dimension values.
ONE_SERIES_SKIPPED = N_plural(
    "1 series ({n} values) of {dataset} measure something other than the indicator's total "
    "or a breakdown this product stores, and were skipped: {description}: {n} values",
    "1 series ({n} values) of {dataset} measure something other than the indicator's total "
    "or a breakdown this product stores, and were skipped: {description}: {n} values",
)
# A file without any series dimension: one series, all of its values.
ONLY_SERIES_SKIPPED = N_plural(
    "1 series ({n} values) of {dataset} measure something other than the indicator's total "
    "or a breakdown this product stores, and were skipped: {n} values",
    "1 series ({n} values) of {dataset} measure something other than the indicator's total "
    "or a breakdown this product stores, and were skipped: {n} values",
)


@dataclass(frozen=True)
class DatasetChoice:
    code: str | None  # dataset code as the file states it, lower case
    table: DatasetMap | None  # its dimension table, None when the product does not know it
    guessed: bool = False  # inferred from the dimensions, not stated in the file


def declared_dataset_in(text: str | None) -> str | None:
    """A dataset code a text states explicitly: ``[code]``, ``[code__custom_1]``,
    ``ESTAT:CODE(1.0)``, ``OECD.EDU.IMEP:DSD_PISA@DF_X(1.0)``; None when it states none."""
    if not text:
        return None
    m = _BRACKET.search(text)
    if m:
        return m.group(1).lower()
    m = _SDMX_ID.match(text)
    if m:
        agency, ident = m.group(1), m.group(2)
        if agency and agency.upper() != "ESTAT":
            return f"{agency}:{ident}".lower()
        return ident.lower()
    return None


def dataset_in_filename(filename: str | None) -> str | None:
    """The dataset code a download's name carries (``sdg_04_10a_linear_2_0.csv``,
    ``estat_edat_lfse_14.tsv.gz``, ``sdg_04_40__custom_99_page_spreadsheet.xlsx``)."""
    if not filename:
        return None
    stem = PurePath(filename).name.lower()
    while PurePath(stem).suffix in {".csv", ".tsv", ".gz", ".xlsx", ".txt", ".tab"}:
        stem = stem[: -len(PurePath(stem).suffix)]
    # A name Eurostat gave the download states its dataset exactly; any other name only
    # counts when it holds the code of a dataset this product knows.
    marked = stem.startswith("estat_") or bool(_FILE_SUFFIXES.search(stem))
    stem = _FILE_SUFFIXES.sub("", _FILE_SUFFIXES.sub("", stem)).strip()
    if stem.startswith("estat_"):
        stem = stem[len("estat_") :]
    if stem in DATASET_BY_CODE or (marked and _CODE_SHAPE.match(stem)):
        return stem
    m = _KNOWN_TOKEN.search(stem)
    return m.group(1).lower() if m else None


def known_dataset_in(*texts: str | None) -> str | None:
    """Kept for callers that pass a file name: the code it carries, exactly."""
    for text in texts:
        found = declared_dataset_in(text) or dataset_in_filename(text)
        if found:
            return found
    return None


def choose_dataset(declared: str | None, long: pd.DataFrame, dims: list[str]) -> DatasetChoice:
    """The dataset a file holds: stated in it, else guessed from its dimensions."""
    if declared:
        return DatasetChoice(declared, dataset_for(declared))
    present = set(dims)
    if "field" in present or "subject" in present:
        return DatasetChoice("sdg_04_40", DATASET_BY_CODE["sdg_04_40"], guessed=True)
    if "age" in present and long["age"].astype(str).str.upper().eq("Y18-24").any():
        for dim, code in (
            ("deg_urb", "edat_lfse_30"),
            ("c_birth", "edat_lfse_02"),
            ("citizen", "edat_lfse_01"),
            ("wstatus", "edat_lfse_14"),
        ):
            if dim in present:
                return DatasetChoice(code, DATASET_BY_CODE[code], guessed=True)
        return DatasetChoice("sdg_04_10", DATASET_BY_CODE["sdg_04_10"], guessed=True)
    return DatasetChoice(None, None)


def _dimension_for(table: DatasetMap, dim: str) -> Dimension | None:
    return table.dimension(dim)


def classify_series(
    long: pd.DataFrame, dims: list[str], table: DatasetMap
) -> tuple[pd.DataFrame, list[Problem]]:
    """Keep the series that measure the indicator, with their indicator and breakdown codes.

    Works on the distinct series (one row per combination of non-geo dimension values), so a
    million cells cost a few dozen lookups.
    """
    problems: list[Problem] = []
    series_dims = [d for d in dims if d != "geo"]
    missing: list[Dimension] = []
    for dim in table.dimensions:
        stated = any(table.dimension(d) is dim for d in series_dims)
        if not stated and dim.id in table.defining:
            missing.append(dim)
    if missing:
        names = ", ".join(f"{d.labels[0]} ({d.id})" for d in missing)
        problems.append(
            problem(
                "eurostat_dimension_missing",
                N_(
                    "The file does not say which {dimensions} its values are for, so it cannot "
                    "be told whether they are the total of {dataset}. Download the table again "
                    "with that dimension shown (the data browser lists it above the table)."
                ),
                {"dimensions": names, "dataset": table.code},
                value=", ".join(d.id for d in missing),
            )
        )
        return long.iloc[0:0].assign(indicator=pd.Series(dtype="object")), problems
    combos = long[series_dims].drop_duplicates() if series_dims else pd.DataFrame(index=[0])
    decisions: list[dict[str, object]] = []
    for rec in combos.to_dict("records"):
        decisions.append(_decide(rec, table))
    decided = pd.DataFrame(decisions, index=combos.index)
    decided = pd.concat([combos.reset_index(drop=True), decided.reset_index(drop=True)], axis=1)
    if series_dims:
        merged = long.merge(decided, on=series_dims, how="left", sort=False)
        merged.index = long.index
    else:
        merged = long.assign(**{k: decided.iloc[0][k] for k in decided.columns})
    keep = merged["_reason"].isna()
    skipped = merged[~keep]
    if len(skipped):
        problems.append(_skipped_warning(skipped, series_dims, table))
    out = merged[keep].drop(columns=["_reason"])
    return out, problems


def _decide(rec: dict[str, object], table: DatasetMap) -> dict[str, object]:
    """Indicator, breakdown columns and (when skipped) the reason, for one series."""
    out: dict[str, object] = {"indicator": table.indicator, "_reason": None}
    for dim_id, raw in rec.items():
        value = "" if raw is None else str(raw).strip()
        dim = _dimension_for(table, dim_id)
        if dim is None:
            if value.upper() in TOTAL_MARKERS or value.casefold() == "total":
                continue
            out["_reason"] = f"{dim_id}={value}"
            return out
        meaning = dim.meaning_of(value)
        if meaning is None or meaning.kind == OTHER:
            out["_reason"] = f"{dim_id}={value}"
            return out
        if meaning.kind == TOTAL:
            continue
        if meaning.kind == BREAKDOWN:
            out[f"_bd_{meaning.column}"] = meaning.code
        elif meaning.kind == INDICATOR:
            out["indicator"] = meaning.code
    if out["indicator"] is None:
        out["_reason"] = "no PISA domain (reading, mathematics or science)"
    return out


def _skipped_warning(skipped: pd.DataFrame, series_dims: list[str], table: DatasetMap) -> Problem:
    """One warning listing every skipped series by its dimension values, with its count.

    ``value`` keeps the listing as it always read; the message is built from a template per
    shape (no series dimension, one series, several, more than are listed).
    """
    code, n_values = table.code, len(skipped)
    if not series_dims:
        listing = f"{n_values} values"
        return plural_problem(
            "eurostat_series_skipped",
            ONLY_SERIES_SKIPPED,
            {"n": n_values, "dataset": code},
            value=listing[:2000],
            severity=WARNING,
        )
    counts = skipped.groupby(series_dims, dropna=False, sort=True).size()
    described: dict[str, int] = {}
    for key, n in counts.items():
        key_t = key if isinstance(key, tuple) else (key,)
        text = _describe(dict(zip(series_dims, key_t, strict=True)), table)
        described[text] = described.get(text, 0) + int(n)
    lines = [f"{text}: {n} values" for text, n in described.items()]
    n_series = len(counts)
    shown = lines[:MAX_SERIES_LISTED]
    more = len(lines) - len(shown)
    listing = "; ".join(shown) + (f"; and {more} more series" if more else "")
    if n_series == 1 and len(described) == 1:
        (text,) = described
        return plural_problem(
            "eurostat_series_skipped",
            ONE_SERIES_SKIPPED,
            {"n": n_values, "dataset": code, "description": text},
            value=listing[:2000],
            severity=WARNING,
        )
    params: dict[str, str | int] = {
        "series": n_series,
        "values": n_values,
        "dataset": code,
        "listing": "; ".join(shown),
    }
    if more:
        params["more"] = more
    return plural_problem(
        "eurostat_series_skipped",
        SERIES_SKIPPED_MORE if more else SERIES_SKIPPED,
        params,
        count="series",
        value=listing[:2000],
        severity=WARNING,
    )


def _describe(key: dict[str, object], table: DatasetMap) -> str:
    """A skipped series by the dimension values that are not the indicator's total."""
    parts = []
    for dim_id, raw in key.items():
        value = str(raw)
        dim = table.dimension(dim_id)
        meaning = dim.meaning_of(value) if dim else None
        if meaning is not None and meaning.kind == TOTAL:
            continue
        label = dim.label_of(value) if dim else value
        parts.append(f"{dim_id}={value}" + (f" ({label})" if label != value else ""))
    return ", ".join(parts) or "total"


def unknown_dataset_problem(code: str | None) -> Problem:
    known = ", ".join(d.code for d in DATASETS)
    if code:
        # ``{dataset}`` is the code as Python quotes it ('sdg_04_10b'), as it always read.
        return problem(
            "eurostat_unknown_dataset",
            N_("Dataset {dataset} is not one this product reads; it reads {datasets}"),
            {"dataset": repr(code), "datasets": known},
            value=code,
            severity=ERROR,
        )
    return problem(
        "eurostat_unknown_dataset",
        N_(
            "The file does not say which dataset it holds, and its dimensions do not match; it "
            "reads {datasets}"
        ),
        {"datasets": known},
        value=code,
        severity=ERROR,
    )
