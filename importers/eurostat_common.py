"""From a long table of Eurostat cells to the canonical observation frame.

Every Eurostat reader (bulk TSV, SDMX-CSV, data browser, legacy export, PISA long CSV) first
builds a *long* table, one row per cell: Eurostat dimension columns (lower case: ``geo``,
``sex``, ``unit``...), ``time``, ``cell`` (value text, maybe with the flag glued on),
optionally ``flag_cell``, and ``row``/``column`` (where the cell stands in the file). This module
does the rest once: labels to codes, dataset choice, series filter, values and flags, breakdowns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from domain.breakdowns import DIM_BY_COLUMN
from domain.eurostat_labels import (
    dimension_code,
    normalise_label,
    nuts_level_of,
    place_label_candidates,
)
from importers.eurostat_datasets import BREAKDOWN_DIMS, canonical_series, choose_dataset
from importers.eurostat_values import ParsedCells, by_unique, decimal_hint, parse_cells
from importers.frame import ParsedObservations, empty_frame, finish_frame
from importers.problems import ERROR, WARNING, Problem
from importers.values import parse_year

MAX_PROBLEMS_PER_CODE = 1000
CODE_LIKE = re.compile(r"^[A-Z]{2}[A-Z0-9_]*$")


@dataclass
class LongCells:
    """A reader's output before canonicalisation."""

    frame: pd.DataFrame
    dims: list[str]
    fmt: str
    declared_dataset: str | None = None
    geo_mode: str = "codes"  # codes | labels | auto
    labelled_dims: bool = False  # dimension values may be English labels
    geo_column: str = "geo"  # header under which places stand, for problems
    problems: list[Problem] = field(default_factory=list)
    source_override: str | None = None


def problem_rows(
    rows: pd.DataFrame,
    code: str,
    message: str,
    value_col: str,
    column_col: str | None = None,
    column: str | None = None,
) -> list[Problem]:
    """One error per offending row (capped), naming the CSV line, column and value."""
    out = []
    for rec in rows.head(MAX_PROBLEMS_PER_CODE).itertuples(index=False):
        value = getattr(rec, value_col)
        out.append(
            Problem(
                code=code,
                message=message.format(value=value),
                row=int(rec.row),
                column=getattr(rec, column_col) if column_col else column,
                value=None if value is None else str(value),
            )
        )
    if len(rows) > MAX_PROBLEMS_PER_CODE:
        out.append(
            Problem(
                code=code,
                message=f"{len(rows) - MAX_PROBLEMS_PER_CODE} more problems of this kind not listed",
            )
        )
    return out


def to_observations(cells: LongCells) -> ParsedObservations:
    """Canonical frame and every problem, for one file's cells."""
    long = cells.frame
    dims = cells.dims
    problems = list(cells.problems)
    if long.empty and any(p.severity == ERROR for p in problems):
        return ParsedObservations(empty_frame(), problems, cells.fmt, cells.declared_dataset)
    if cells.labelled_dims:
        for dim in dims:
            if dim != "geo":
                uniques = long[dim].unique()
                long[dim] = long[dim].map({u: dimension_code(dim, u) for u in uniques})
    choice = choose_dataset(cells.declared_dataset, long, dims)
    if choice.kind is None:
        what = (
            f"Eurostat dataset {choice.code!r} does not feed"
            if choice.code
            else "The file does not say which Eurostat dataset it holds, and its columns do not match"
        )
        problems.append(
            Problem(
                code="eurostat_unknown_dataset",
                message=(
                    f"{what} any indicator of this product (expected edat_lfse_14, edat_lfse_16, "
                    "sdg_04_10, edat_lfse_01, edat_lfse_02, edat_lfse_30 or sdg_04_40)"
                ),
                value=choice.code,
            )
        )
        return ParsedObservations(empty_frame(), problems, cells.fmt, choice.code)
    if choice.guessed:
        problems.append(
            Problem(
                code="eurostat_dataset_guessed",
                message=f"The file does not name its dataset; read as {choice.code} from its columns",
                value=choice.code,
                severity=WARNING,
            )
        )
    kept, skip_problems = canonical_series(long, dims, choice)
    problems += skip_problems
    kept, geo_problems = _resolve_geo(kept, dims, cells)
    problems += geo_problems
    kept = _drop_plain_missing(kept)
    kept, year_problems = _resolve_years(kept)
    problems += year_problems
    kept, value_problems = _parse_values(kept)
    problems += value_problems
    kept, breakdown_problems = _breakdowns(kept)
    problems += breakdown_problems
    kept["source"] = cells.source_override or choice.code
    kept["sheet"] = None
    kept["row"] = kept["row"].astype("int64")
    frame = finish_frame(kept) if len(kept) else empty_frame()
    frame["flag"] = frame["flag"].astype("object").where(frame["flag"].notna(), None)
    return ParsedObservations(frame, problems, cells.fmt, choice.code)


def _drop_plain_missing(long: pd.DataFrame) -> pd.DataFrame:
    """':' (or empty) without a flag is no observation at all: drop before any work."""

    def blank(values: pd.Series) -> pd.Series:
        return values.fillna("").astype(str).str.strip().isin([":", ""])

    missing = by_unique(long["cell"], blank)
    if "flag_cell" in long.columns:
        missing &= by_unique(long["flag_cell"], blank)
    return long[~missing]


def _resolve_geo(
    long: pd.DataFrame, dims: list[str], cells: LongCells
) -> tuple[pd.DataFrame, list[Problem]]:
    if cells.geo_mode == "codes":
        codes = by_unique(
            long["geo"], lambda v: v.fillna("").astype(str).str.split(":", n=1).str[0].str.strip()
        )
        return long.assign(geo=codes), []
    raw = long["geo"].fillna("").astype(str).str.strip()
    uniques = raw.unique()
    as_code: dict[str, str] = {}
    for u in uniques:
        head = u.split(":", 1)[0].strip()
        if cells.geo_mode == "auto" and CODE_LIKE.match(head):
            as_code[u] = head
    labels = raw[~raw.isin(list(as_code))]
    resolved = _labels_to_codes(long.loc[labels.index].assign(geo=labels), dims)
    codes = raw.map(as_code).astype("object")
    codes.loc[resolved.index] = resolved
    unknown = codes.isna()
    problems: list[Problem] = []
    if unknown.any():
        bad = long[unknown].assign(geo_raw=raw[unknown]).drop_duplicates(["row", "geo_raw"])
        problems = problem_rows(
            bad,
            "unknown_place_label",
            "{value!r} is not a place name Eurostat uses for a country, aggregate or NUTS region",
            "geo_raw",
            column=cells.geo_column,
        )
    long = long.assign(geo=codes)
    return long[~unknown], problems


def _labels_to_codes(long: pd.DataFrame, dims: list[str]) -> pd.Series:
    """Labels to codes; a label naming several places (a country and its one NUTS 1 region)
    is resolved by its order of appearance, else by the level most other places in the file have."""
    if long.empty:
        return pd.Series(dtype="object")
    candidates = place_label_candidates()
    levels = nuts_level_of()
    norm = long["geo"].map({u: normalise_label(u) for u in long["geo"].unique()})
    cands = norm.map(lambda n: candidates.get(n, ()))
    group_cols = ["time"] + [d for d in dims if d != "geo"]
    occurrence = long.assign(_n=norm).groupby(["_n", *group_cols], dropna=False).cumcount()
    repeated = occurrence.groupby(norm).transform("max") > 0
    single = cands.map(len) == 1
    known_levels = cands[single].map(lambda c: levels.get(c[0]))
    dominant = known_levels.mode().iloc[0] if known_levels.notna().any() else None

    def pick(c: tuple[str, ...], occ: int, rep: bool) -> str | None:
        if not c:
            return None
        if rep:
            return c[min(occ, len(c) - 1)]
        for code in c:
            if levels.get(code) == dominant:
                return code
        return c[0]

    return pd.Series(
        [pick(c, o, r) for c, o, r in zip(cands, occurrence, repeated, strict=True)],
        index=long.index,
        dtype="object",
    )


def _resolve_years(long: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    times = long["time"]
    years = by_unique(times, lambda v: v.map(lambda t: parse_year(str(t).strip())).astype("Int64"))
    bad = years.isna()
    problems: list[Problem] = []
    if bad.any():
        rows = long[bad].assign(time_raw=times[bad])
        problems = problem_rows(
            rows, "bad_year", "{value!r} is not a year", "time_raw", column="TIME_PERIOD"
        )
    long = long.assign(year=years)
    return long[~bad], problems


def _parse_values(long: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    flag_cells = long["flag_cell"] if "flag_cell" in long.columns else None
    hint = decimal_hint(long["cell"]) if flag_cells is not None else None
    parsed: ParsedCells = parse_cells(long["cell"], flag_cells, hint)
    problems: list[Problem] = []
    if parsed.bad_number.any():
        rows = long[parsed.bad_number]
        problems += problem_rows(
            rows, "not_a_number", "{value!r} is not a number", "cell", column_col="column"
        )
    if parsed.bad_flag.any():
        rows = long[parsed.bad_flag]
        if flag_cells is None:
            message = "{value!r} carries a flag with letters Eurostat does not use (b, c, d, e, f, n, p, r, s, u, z)"
            problems += problem_rows(rows, "bad_flag", message, "cell", column_col="column")
        else:
            message = (
                "flag {value!r} has letters Eurostat does not use (b, c, d, e, f, n, p, r, s, u, z)"
            )
            problems += problem_rows(rows, "bad_flag", message, "flag_cell", column_col="column")
    ok = ~parsed.bad_number & ~parsed.bad_flag & (parsed.value.notna() | parsed.flag.notna())
    long = long.assign(value=parsed.value, flag=parsed.flag)
    return long[ok], problems


def _breakdowns(long: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    keep = pd.Series(True, index=long.index)
    for dim, column in BREAKDOWN_DIMS.items():
        if dim not in long.columns:
            continue
        values = by_unique(long[dim], lambda v: v.astype(str).str.strip())
        allowed = DIM_BY_COLUMN[column].values
        bad = ~values.isin(list(allowed))
        if bad.any():
            rows = long[bad].assign(dim_raw=values[bad]).drop_duplicates(["row", "dim_raw"])
            problems += problem_rows(
                rows,
                "unknown_breakdown",
                f"{{value!r}} is not a {column} code this product knows ({', '.join(allowed)})",
                "dim_raw",
                column=dim,
            )
            keep &= ~bad
        long = long.assign(**{column: values})
    return long[keep], problems
