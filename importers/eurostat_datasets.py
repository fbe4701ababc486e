"""Which Eurostat datasets feed which canonical indicator, and which of their series count.

A dataset holds several quantities (all 18-24 year olds or only the employed; percentages or
thousands); only the series measuring the canonical quantity are kept. The rest are skipped with
one aggregated warning, so a ministry sees that something was left out and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from importers.problems import WARNING, Problem

ELET_DATASETS: frozenset[str] = frozenset(
    {"edat_lfse_14", "edat_lfse_16", "sdg_04_10", "edat_lfse_01", "edat_lfse_02", "edat_lfse_30"}
)
PISA_DATASETS: frozenset[str] = frozenset({"sdg_04_40"})
PISA_FIELDS: dict[str, str] = {
    "READING": "LOWACH_READ",
    "MATHEMATICS": "LOWACH_MATH",
    "SCIENCE": "LOWACH_SCI",
}
# Columns that may carry the PISA domain, in the order they are looked for.
PISA_FIELD_DIMS: tuple[str, ...] = ("field", "isced97", "indic_ed", "subject", "domain")
# Eurostat dimension -> canonical breakdown column.
BREAKDOWN_DIMS: dict[str, str] = {
    "sex": "sex",
    "citizen": "citizenship",
    "c_birth": "country_of_birth",
    "deg_urb": "urbanisation",
}
# Dimension values that make a series the canonical quantity (dimension absent: fine).
ELET_REQUIRED: dict[str, frozenset[str]] = {
    "freq": frozenset({"A"}),
    "unit": frozenset({"PC"}),
    "age": frozenset({"Y18-24"}),
    "wstatus": frozenset({"POP"}),
}
PISA_REQUIRED: dict[str, frozenset[str]] = {
    "freq": frozenset({"A"}),
    "unit": frozenset({"PC"}),
}
# Dimensions whose other values are a different population: only totals are kept.
TOTAL_VALUES: frozenset[str] = frozenset({"T", "TOTAL", "TOT"})
KNOWN_DATASET_RE = re.compile(r"(?<![a-z0-9])(edat_lfse_\d{2}|sdg_04_\d{2})(?![0-9])", re.I)
GENERIC_DATASET_RE = re.compile(r"(?<![a-z0-9])([a-z][a-z0-9]{1,9}(?:_[a-z0-9]{1,8}){1,4})", re.I)


@dataclass(frozen=True)
class DatasetChoice:
    code: str | None  # dataset code as Eurostat writes it, lower case
    kind: str | None  # "elet" | "pisa" | None (not a canonical indicator)
    guessed: bool = False  # inferred from the dimensions, not declared in the file


def known_dataset_in(*texts: str | None) -> str | None:
    """The first ELET/PISA dataset code named in any of the texts (file name, metadata...)."""
    for text in texts:
        if text:
            m = KNOWN_DATASET_RE.search(text)
            if m:
                return m.group(1).lower()
    return None


def declared_dataset_in(text: str | None) -> str | None:
    """A dataset code the file declares explicitly (``ESTAT:NAMA_10_GDP(1.0)``, ``[une_rt_a]``)."""
    if not text:
        return None
    known = known_dataset_in(text)
    if known:
        return known
    m = re.search(r"^(?:[A-Z0-9_]+:)?([A-Za-z0-9_]+)\(", text.strip())
    if m:
        return m.group(1).lower()
    m = re.search(r"\[([A-Za-z0-9_]+?)(?:__custom_\d+)?\]", text)
    if m:
        return m.group(1).lower()
    m = GENERIC_DATASET_RE.fullmatch(text.strip())
    return m.group(1).lower() if m else None


def kind_of(code: str | None) -> str | None:
    if code in ELET_DATASETS:
        return "elet"
    if code in PISA_DATASETS:
        return "pisa"
    return None


def choose_dataset(declared: str | None, long: pd.DataFrame, dims: list[str]) -> DatasetChoice:
    """The dataset a file holds: declared in it, else guessed from its dimensions."""
    if declared:
        return DatasetChoice(declared, kind_of(declared))
    if pisa_field_dim(long, dims):
        return DatasetChoice("sdg_04_40", "pisa", guessed=True)
    if "age" in dims and long["age"].isin(ELET_REQUIRED["age"]).any():
        for dim, code in (
            ("deg_urb", "edat_lfse_30"),
            ("c_birth", "edat_lfse_02"),
            ("citizen", "edat_lfse_01"),
            ("wstatus", "edat_lfse_14"),
        ):
            if dim in dims:
                return DatasetChoice(code, "elet", guessed=True)
        return DatasetChoice("eurostat", "elet", guessed=True)
    return DatasetChoice(None, None)


def pisa_field_dim(long: pd.DataFrame, dims: list[str]) -> str | None:
    """The column holding READING/MATHEMATICS/SCIENCE, if any."""
    ordered = [d for d in PISA_FIELD_DIMS if d in dims] + [
        d for d in dims if d not in PISA_FIELD_DIMS and d != "geo"
    ]
    for dim in ordered:
        if long[dim].isin(list(PISA_FIELDS)).any():
            return dim
    return None


def canonical_series(
    long: pd.DataFrame, dims: list[str], choice: DatasetChoice
) -> tuple[pd.DataFrame, list[Problem]]:
    """Keep the rows measuring the canonical quantity and give each its indicator code."""
    problems: list[Problem] = []
    if choice.kind == "pisa":
        field_dim = pisa_field_dim(long, dims)
        required = PISA_REQUIRED
        if field_dim is None:
            indicator = pd.Series(None, index=long.index, dtype="object")
        else:
            indicator = long[field_dim].map(PISA_FIELDS)
    else:
        field_dim = None
        required = ELET_REQUIRED
        indicator = pd.Series("ELET", index=long.index, dtype="object")
    keep = indicator.notna()
    checks: list[tuple[str, frozenset[str] | None]] = []
    if field_dim is not None:
        checks.append((field_dim, frozenset(PISA_FIELDS)))
    for dim in dims:
        if dim == "geo" or dim == field_dim or dim in BREAKDOWN_DIMS:
            continue
        allowed = required.get(dim, TOTAL_VALUES)
        checks.append((dim, allowed))
        keep &= long[dim].isin(list(allowed))
    out = long[keep].copy()
    out["indicator"] = indicator[keep]
    skipped = long[~keep]
    if len(skipped):
        labels = sorted(
            {
                f"{dim}={value}"
                for dim, allowed in checks
                for value in skipped[dim].unique()
                if allowed is not None and value not in allowed
            }
        )
        series = len(skipped[dims].drop_duplicates()) if dims else 1
        problems.append(
            Problem(
                code="eurostat_series_skipped",
                message=(
                    f"{series} series ({len(skipped)} values) measure something other than the "
                    f"canonical indicator and were skipped: {', '.join(labels[:20])}"
                ),
                value=", ".join(labels[:20]),
                severity=WARNING,
            )
        )
    return out, problems
