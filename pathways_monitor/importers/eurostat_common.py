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

from pathways_monitor.core.translation import N_, N_plural
from pathways_monitor.domain.breakdowns import BREAKDOWN_DIMS
from pathways_monitor.domain.eurostat_datasets import DatasetMap
from pathways_monitor.domain.eurostat_labels import (
    dimension_code,
    iso3_to_eurostat,
    normalise_label,
    nuts_level_of,
    place_label_candidates,
)
from pathways_monitor.importers.eurostat_datasets import (
    choose_dataset,
    classify_series,
    unknown_dataset_problem,
)
from pathways_monitor.importers.eurostat_values import (
    ParsedCells,
    by_unique,
    decimal_hint,
    parse_cells,
)
from pathways_monitor.importers.frame import ParsedObservations, empty_frame, finish_frame
from pathways_monitor.importers.problems import ERROR, WARNING, Problem, plural_problem, problem
from pathways_monitor.importers.values import parse_year

MAX_PROBLEMS_PER_CODE = 1000
CODE_LIKE = re.compile(r"^[A-Z]{2}[A-Z0-9_]*$")
# The English text has read "1 more problems" / "1 values" since before translation: both
# forms stay the same in English, the catalogs give each language its own singular.
MORE_NOT_LISTED = N_plural(
    "{n} more problems of this kind not listed", "{n} more problems of this kind not listed"
)
PLACES_NOT_TRACKED = N_plural(
    "{n} values of places that are not countries of this product (OECD averages, partner "
    "economies) were left out: {places}",
    "{n} values of places that are not countries of this product (OECD averages, partner "
    "economies) were left out: {places}",
)


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
    template: str,
    value_col: str,
    column_col: str | None = None,
    column: str | None = None,
) -> list[Problem]:
    """One error per offending row (capped), naming the CSV line, column and value.

    ``template`` (an ``N_`` message id) names the value as ``{value}``: the value as Python
    quotes it (``'n/a'``, ``"Côte d'Ivoire"``), as these messages have always shown it.
    """
    out = []
    for rec in rows.head(MAX_PROBLEMS_PER_CODE).itertuples(index=False):
        value = getattr(rec, value_col)
        out.append(
            problem(
                code,
                template,
                {"value": repr(value)},
                sheet=getattr(rec, "sheet", None) or None,  # a workbook's sheet (xlsx downloads)
                row=int(rec.row),
                column=getattr(rec, column_col) if column_col else column,
                value=None if value is None else str(value),
            )
        )
    if len(rows) > MAX_PROBLEMS_PER_CODE:
        out.append(plural_problem(code, MORE_NOT_LISTED, {"n": len(rows) - MAX_PROBLEMS_PER_CODE}))
    return out


def to_observations(cells: LongCells) -> ParsedObservations:
    """Canonical frame and every problem, for one file's cells."""
    long = cells.frame
    dims = cells.dims
    problems = list(cells.problems)
    if long.empty and any(p.severity == ERROR for p in problems):
        return ParsedObservations(empty_frame(), problems, cells.fmt, cells.declared_dataset)
    choice = choose_dataset(cells.declared_dataset, long, dims)
    table = choice.table
    if table is None:
        problems.append(unknown_dataset_problem(choice.code))
        return ParsedObservations(empty_frame(), problems, cells.fmt, choice.code)
    if cells.labelled_dims:
        for dim in dims:
            if dim != "geo":
                uniques = long[dim].unique()
                long[dim] = long[dim].map({u: _value_code(table, dim, u) for u in uniques})
    else:
        for dim in dims:
            if dim != "geo":
                long[dim] = by_unique(long[dim], lambda v: v.fillna("").astype(str).str.strip())
    if choice.guessed:
        problems.append(
            problem(
                "eurostat_dataset_guessed",
                N_(
                    "The file does not name its dataset; read as {dataset} ({title}) from its "
                    "dimensions"
                ),
                {"dataset": table.code, "title": table.title},
                value=table.code,
                severity=WARNING,
            )
        )
    kept, skip_problems = classify_series(long, dims, table)
    problems += skip_problems
    if any(p.severity == ERROR for p in skip_problems):
        return ParsedObservations(empty_frame(), problems, cells.fmt, table.code)
    if table.geo_codes == "iso3":
        kept, geo_problems = _iso3_to_eurostat(kept, cells)
    else:
        kept, geo_problems = _resolve_geo(kept, dims, cells)
    problems += geo_problems
    kept = _drop_plain_missing(kept)
    kept, year_problems = _resolve_years(kept)
    problems += year_problems
    flags_known = "flag_cell" not in kept.columns or bool(kept["flag_cell"].notna().any())
    if not flags_known and len(kept):
        problems.append(
            problem(
                "flags_not_in_file",
                N_(
                    "This download has no flag columns (b break in series, u low reliability, "
                    "...): the flags of values already stored are kept, and new values are "
                    "stored without flags. Download the table again with flags shown to import "
                    "them."
                ),
                severity=WARNING,
            )
        )
    kept, value_problems = _parse_values(kept)
    problems += value_problems
    kept = _breakdowns(kept)
    kept["source"] = cells.source_override or table.code
    if "sheet" not in kept.columns:
        kept["sheet"] = None
    kept["row"] = kept["row"].astype("int64")
    frame = finish_frame(kept) if len(kept) else empty_frame()
    frame["flag"] = frame["flag"].astype("object").where(frame["flag"].notna(), None)
    return ParsedObservations(frame, problems, cells.fmt, table.code, flags_known=flags_known)


def _value_code(table: DatasetMap, dim_id: str, value: object) -> str:
    """A dimension value given as a code or an English label, as its code."""
    text = "" if value is None else str(value).strip()
    dim = table.dimension(dim_id)
    if dim is not None:
        if dim.meaning_of(text) is not None:
            return text.upper()
        wanted = normalise_label(text)
        for v in dim.values:
            if any(normalise_label(label) == wanted for label in v.labels):
                return v.code
    return dimension_code(dim_id, text)


def _iso3_to_eurostat(long: pd.DataFrame, cells: LongCells) -> tuple[pd.DataFrame, list[Problem]]:
    """OECD places (ISO 3166 alpha-3) as Eurostat codes; OECD averages are not places here."""
    iso3 = iso3_to_eurostat()
    raw = by_unique(long["geo"], lambda v: v.fillna("").astype(str).str.split(":", n=1).str[0])
    codes = raw.str.strip().str.upper().map(iso3)
    unknown = codes.isna()
    problems: list[Problem] = []
    if unknown.any():
        counts = raw[unknown].value_counts()
        listing = ", ".join(f"{k} ({v})" for k, v in counts.items())
        problems.append(
            plural_problem(
                "places_not_tracked",
                PLACES_NOT_TRACKED,
                {"n": int(unknown.sum()), "places": listing},
                column=cells.geo_column,
                value=listing[:500],
                severity=WARNING,
            )
        )
    return long[~unknown].assign(geo=codes[~unknown]), problems


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
            N_("{value} is not a place name Eurostat uses for a country, aggregate or NUTS region"),
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
            rows, "bad_year", N_("{value} is not a year"), "time_raw", column="TIME_PERIOD"
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
            rows, "not_a_number", N_("{value} is not a number"), "cell", column_col="column"
        )
    if parsed.bad_flag.any():
        rows = long[parsed.bad_flag]
        if flag_cells is None:
            template = N_(
                "{value} carries a flag with letters Eurostat does not use "
                "(b, c, d, e, f, n, p, r, s, u, z)"
            )
            problems += problem_rows(rows, "bad_flag", template, "cell", column_col="column")
        else:
            template = N_(
                "flag {value} has letters Eurostat does not use (b, c, d, e, f, n, p, r, s, u, z)"
            )
            problems += problem_rows(rows, "bad_flag", template, "flag_cell", column_col="column")
    ok = ~parsed.bad_number & ~parsed.bad_flag & (parsed.value.notna() | parsed.flag.notna())
    long = long.assign(value=parsed.value, flag=parsed.flag)
    return long[ok], problems


def _breakdowns(long: pd.DataFrame) -> pd.DataFrame:
    """Breakdown columns from the dataset table's decisions (``_bd_<column>``), else total.

    A file's own dimension of the same name (``sex`` with the OECD's ``_T``) is replaced: the
    table has already said what each of its values means.
    """
    out = long
    for dim in BREAKDOWN_DIMS:
        src = f"_bd_{dim.column}"
        if src in out.columns:
            out = out.assign(**{dim.column: out[src].fillna(dim.total).astype(str)})
            out = out.drop(columns=[src])
        else:
            out = out.assign(**{dim.column: dim.total})
    return out
