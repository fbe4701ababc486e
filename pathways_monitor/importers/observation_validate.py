"""Check a canonical observation frame against the reference data, whatever file it came from.

Pure: takes an ``ObservationReference`` snapshot (built once from the database by
``load_observation_reference``) and returns the rows to store plus every problem found.
Vectorised with pandas, because indicator files can hold millions of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from pathways_monitor.core.translation import N_, N_plural
from pathways_monitor.db.models import Indicator, Place
from pathways_monitor.domain.breakdowns import BREAKDOWN_COLUMNS, BREAKDOWN_DIMS
from pathways_monitor.domain.places import ISO_TO_EUROSTAT
from pathways_monitor.importers.frame import KEY_COLUMNS
from pathways_monitor.importers.problems import (
    ERROR,
    WARNING,
    Problem,
    plural_problem,
    problem,
    suggest,
)

MAX_PROBLEMS = 1000
PLACES_LISTED = 30  # places named in a scope message before "and N more"
# Codes Eurostat publishes that are not places this product tracks: skipped with a warning.
EUROSTAT_NON_TRACKED_PREFIXES = ("EU", "EA", "EEA", "EFTA", "EU28", "EU27", "DE_TOT", "EXT_")

# The message ids of the problems below: one complete template per variant of a message (the
# uploader's places named or not, a list cut at PLACES_LISTED or not, one row or a range), so
# that every word is in a template and the parameters hold only codes and numbers. ``{code}``,
# ``{hint}`` and ``{value}`` of the unknown-code messages are quoted as Python prints them.
Message = str | tuple[str, str]  # a message id, or a singular/plural pair (``N_plural``)

# (the uploader's places are named, the file's codes are cut at PLACES_LISTED)
NOTHING_IN_SCOPE: dict[tuple[bool, bool], str] = {
    (True, False): N_("the file holds no rows for {scope}; it holds {codes}"),
    (True, True): N_("the file holds no rows for {scope}; it holds {codes} and {more} more"),
    (False, False): N_("the file holds no rows for the places you may change; it holds {codes}"),
    (False, True): N_(
        "the file holds no rows for the places you may change; it holds {codes} and {more} more"
    ),
}
# Rows of one place left out (counted by the rows), keyed by: the uploader's places are named.
LEFT_OUT_ONE_PLACE: dict[bool, tuple[str, str]] = {
    True: N_plural(
        "{rows} row of {places} place outside {scope} were left out: {listed}",
        "{rows} rows of {places} place outside {scope} were left out: {listed}",
    ),
    False: N_plural(
        "{rows} row of {places} place outside the places you may change were left out: {listed}",
        "{rows} rows of {places} place outside the places you may change were left out: {listed}",
    ),
}
# Rows of several places left out: (the uploader's places are named, the list is cut).
LEFT_OUT: dict[tuple[bool, bool], str] = {
    (True, False): N_("{rows} rows of {places} places outside {scope} were left out: {listed}"),
    (True, True): N_(
        "{rows} rows of {places} places outside {scope} were left out: {listed} and {more} more"
    ),
    (False, False): N_(
        "{rows} rows of {places} places outside the places you may change were left out: {listed}"
    ),
    (False, True): N_(
        "{rows} rows of {places} places outside the places you may change were left out: "
        "{listed} and {more} more"
    ),
}
# One place outside the scope: (the uploader's places are named, where: "" (no row known) |
# "row" | "rows", "year" | "years"); counted by the values where one value is possible.
OUTSIDE_SCOPE: dict[tuple[bool, str, str], Message] = {
    (True, "", "year"): N_plural(
        "{geo} is outside {scope}, the country or region you may upload for: "
        "{values} value, year {year}",
        "{geo} is outside {scope}, the country or region you may upload for: "
        "{values} values, year {year}",
    ),
    (True, "row", "year"): N_plural(
        "{geo} is outside {scope}, the country or region you may upload for: "
        "{values} value in row {row}, year {year}",
        "{geo} is outside {scope}, the country or region you may upload for: "
        "{values} values in row {row}, year {year}",
    ),
    (True, "rows", "year"): N_(
        "{geo} is outside {scope}, the country or region you may upload for: "
        "{values} values in rows {first_row}-{last_row}, year {year}"
    ),
    (True, "", "years"): N_(
        "{geo} is outside {scope}, the country or region you may upload for: "
        "{values} values, years {first_year}-{last_year}"
    ),
    (True, "row", "years"): N_(
        "{geo} is outside {scope}, the country or region you may upload for: "
        "{values} values in row {row}, years {first_year}-{last_year}"
    ),
    (True, "rows", "years"): N_(
        "{geo} is outside {scope}, the country or region you may upload for: "
        "{values} values in rows {first_row}-{last_row}, years {first_year}-{last_year}"
    ),
    (False, "", "year"): N_plural(
        "{geo} is outside the places you may change, the country or region you may upload "
        "for: {values} value, year {year}",
        "{geo} is outside the places you may change, the country or region you may upload "
        "for: {values} values, year {year}",
    ),
    (False, "row", "year"): N_plural(
        "{geo} is outside the places you may change, the country or region you may upload "
        "for: {values} value in row {row}, year {year}",
        "{geo} is outside the places you may change, the country or region you may upload "
        "for: {values} values in row {row}, year {year}",
    ),
    (False, "rows", "year"): N_(
        "{geo} is outside the places you may change, the country or region you may upload "
        "for: {values} values in rows {first_row}-{last_row}, year {year}"
    ),
    (False, "", "years"): N_(
        "{geo} is outside the places you may change, the country or region you may upload "
        "for: {values} values, years {first_year}-{last_year}"
    ),
    (False, "row", "years"): N_(
        "{geo} is outside the places you may change, the country or region you may upload "
        "for: {values} values in row {row}, years {first_year}-{last_year}"
    ),
    (False, "rows", "years"): N_(
        "{geo} is outside the places you may change, the country or region you may upload "
        "for: {values} values in rows {first_row}-{last_row}, years {first_year}-{last_year}"
    ),
}
# An unknown code per column: (empty, unknown, unknown with the closest valid code).
UNKNOWN_CODE: dict[str, tuple[str, str, str]] = {
    "indicator": (
        N_("the indicator code is empty"),
        N_("unknown indicator code {code}"),
        N_("unknown indicator code {code}; did you mean {hint}?"),
    ),
    "geo": (
        N_("the place code is empty"),
        N_("unknown place code {code}"),
        N_("unknown place code {code}; did you mean {hint}?"),
    ),
}
# An unknown breakdown value per dimension (``BREAKDOWN_DIMS``).
UNKNOWN_BREAKDOWN: dict[str, str] = {
    "sex": N_("{value} is not a valid sex code; use one of {codes}"),
    "citizenship": N_("{value} is not a valid citizenship code; use one of {codes}"),
    "country_of_birth": N_("{value} is not a valid country of birth code; use one of {codes}"),
    "urbanisation": N_("{value} is not a valid degree of urbanisation code; use one of {codes}"),
    "ses_quartile": N_(
        "{value} is not a valid socio-economic quartile (escs) code; use one of {codes}"
    ),
    "disability": N_(
        "{value} is not a valid disability / special educational needs code; use one of {codes}"
    ),
}


def _check_breakdown_messages() -> None:
    """``UNKNOWN_BREAKDOWN`` spells each dimension's label; it must follow ``BREAKDOWN_DIMS``."""
    for d in BREAKDOWN_DIMS:
        expected = f"{{value}} is not a valid {d.label_en.lower()} code; use one of {{codes}}"
        if UNKNOWN_BREAKDOWN.get(d.column) != expected:
            raise RuntimeError(f"UNKNOWN_BREAKDOWN[{d.column!r}] is out of date with its label")


_check_breakdown_messages()


@dataclass(frozen=True)
class ObservationReference:
    indicator_ids: dict[str, int]
    indicator_units: dict[str, str]
    indicator_ranges: dict[str, tuple[float | None, float | None]]
    place_ids: dict[str, int]
    place_country: dict[str, str | None]  # place code -> its country code (None: aggregate)
    place_kind: dict[str, str]


def load_observation_reference(session: Session) -> ObservationReference:
    """One query per table: the codes a file may use."""
    indicators = session.execute(
        select(
            Indicator.code, Indicator.id, Indicator.unit, Indicator.min_value, Indicator.max_value
        )
    ).all()
    places = session.execute(select(Place.id, Place.code, Place.kind, Place.country_id)).all()
    code_by_id = {p.id: p.code for p in places}
    return ObservationReference(
        indicator_ids={i.code: i.id for i in indicators},
        indicator_units={i.code: i.unit for i in indicators},
        indicator_ranges={i.code: (i.min_value, i.max_value) for i in indicators},
        place_ids={p.code: p.id for p in places},
        place_country={
            p.code: (p.code if p.kind == "country" else code_by_id.get(p.country_id))
            for p in places
        },
        place_kind={p.code: p.kind for p in places},
    )


@dataclass
class ValidatedObservations:
    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    skipped_rows: int = 0
    left_out: int = 0  # rows of places outside the uploader's scope (Eurostat files only)


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.truncated = 0

    def add_rows(
        self,
        rows: pd.DataFrame,
        code: str,
        message_for: Callable[[Any], tuple[str, dict[str, Any]]],
        column: str,
        severity: str = ERROR,
    ) -> None:
        """One problem per row; ``message_for(row)`` gives its message id and parameters."""
        for rec in rows.itertuples(index=False):
            if len(self.problems) >= MAX_PROBLEMS:
                self.truncated += 1
                continue
            value = getattr(rec, column) if column in rows.columns else None
            template, params = message_for(rec)
            self.problems.append(
                problem(
                    code,
                    template,
                    params,
                    sheet=rec.sheet if isinstance(rec.sheet, str) else None,
                    row=int(rec.row) if pd.notna(rec.row) else None,
                    column=rec.column
                    if column in {"value", "year"} and isinstance(rec.column, str)
                    else column,
                    value=None
                    if value is None or (isinstance(value, float) and pd.isna(value))
                    else str(value),
                    severity=severity,
                )
            )


def _clip(rows: pd.DataFrame, room: int) -> pd.DataFrame:
    return rows.head(max(room, 0) + 1)


def validate_observations(
    frame: pd.DataFrame,
    ref: ObservationReference,
    *,
    allowed_countries: frozenset[str] | None = None,
    allowed_regions: frozenset[str] | None = None,
    leave_out_outside_scope: bool = False,
    today: dt.date | None = None,
) -> ValidatedObservations:
    """Every problem in the frame; the rows that may be stored when there are no errors.

    ``allowed_countries``/``allowed_regions`` restrict an uploader to their own places (None:
    unrestricted): a country's scope is the country and its NUTS regions, a region's scope the
    codes starting with it (``NL3``: ``NL3``, ``NL32``, ``NL329``); aggregates (``EU27_2020``)
    are outside every restricted scope. With ``leave_out_outside_scope`` (a Eurostat download,
    which holds every country) the other places' rows are left out before any other check, with
    one ``rows_outside_scope`` warning, or one ``nothing_in_scope`` error when no row is left;
    without it (a ministry's own sheet) each other place is one ``region_outside_country``
    error naming its rows, years and count. Codes are normalised (upper case, ISO GR/GB to
    Eurostat EL/UK).
    """
    today = today or dt.date.today()
    out = frame.copy()
    # Categoricals: string work happens once per distinct value, not once per row.
    for col in ("indicator", "geo"):
        cat = out[col].astype("category")
        fixed = [
            ISO_TO_EUROSTAT.get(str(c).strip().upper(), str(c).strip().upper())
            for c in cat.cat.categories
        ]
        out[col] = (
            pd.Categorical.from_codes(cat.cat.codes, categories=pd.Index(fixed).unique())
            if len(set(fixed)) == len(fixed)
            else cat.map(dict(zip(cat.cat.categories, fixed, strict=True))).astype("category")
        )
    for col in (*BREAKDOWN_COLUMNS, "flag", "source"):
        out[col] = out[col].astype("category")
    problems = _Collector()
    scoped = allowed_countries is not None or allowed_regions is not None
    left_out = 0
    if scoped and leave_out_outside_scope:
        outside = ~_in_scope(out["geo"], ref, allowed_countries, allowed_regions, unknown=True)
        if outside.any():
            scope = _scope_codes(allowed_countries, allowed_regions)
            if outside.all():
                codes = sorted(str(c) for c in out["geo"].dropna().unique())
                shown, more = _capped(codes)
                problems.problems.append(
                    problem(
                        "nothing_in_scope",
                        NOTHING_IN_SCOPE[bool(scope), more > 0],
                        {"scope": scope, "codes": shown, "more": more},
                        column="geo",
                        value=", ".join(codes[:PLACES_LISTED]),
                    )
                )
                empty = _drop_unused_categories(out.iloc[0:0].reset_index(drop=True))
                return ValidatedObservations(empty, problems.problems, 0, len(out))
            problems.problems.append(_left_out_warning(out.loc[outside, "geo"], scope))
            left_out = int(outside.sum())
            out = out.loc[~outside].reset_index(drop=True)
    drop = pd.Series(False, index=out.index)
    room = MAX_PROBLEMS

    # Unknown indicators.
    unknown_ind = ~out["indicator"].isin(list(ref.indicator_ids))
    if unknown_ind.any():
        known = sorted(ref.indicator_ids)
        problems.add_rows(
            _clip(out[unknown_ind], room),
            "unknown_indicator",
            lambda r: _unknown_msg("indicator", r.indicator, known),
            "indicator",
        )

    # Unknown places: Eurostat aggregates we do not track are skipped with a warning.
    unknown_geo = ~out["geo"].isin(list(ref.place_ids))
    if unknown_geo.any():
        eurostat_like = out["geo"].fillna("").str.startswith(EUROSTAT_NON_TRACKED_PREFIXES)
        skip = (
            unknown_geo
            & eurostat_like
            & out["source"].fillna("").str.contains("lfse|sdg|edat|pisa", case=False, regex=True)
        )
        if skip.any():
            codes = sorted(out.loc[skip, "geo"].dropna().unique())
            problems.problems.append(
                plural_problem(
                    "place_not_tracked",
                    N_plural(
                        "{n} values for Eurostat aggregates this product does not track were "
                        "skipped: {codes}",
                        "{n} values for Eurostat aggregates this product does not track were "
                        "skipped: {codes}",
                    ),
                    {"n": int(skip.sum()), "codes": ", ".join(codes)},
                    column="geo",
                    value=", ".join(codes),
                    severity=WARNING,
                )
            )
            drop |= skip
        bad = unknown_geo & ~skip
        if bad.any():
            known_places = sorted(ref.place_ids)
            problems.add_rows(
                _clip(out[bad], room),
                "unknown_place",
                lambda r: _unknown_msg("geo", r.geo, known_places),
                "geo",
            )

    # The uploader's own country or region only (a Eurostat file's other places were left out
    # above; a ministry's own sheet with another place's rows is a mistake: one error per place).
    if scoped and not leave_out_outside_scope:
        outside = ~_in_scope(out["geo"], ref, allowed_countries, allowed_regions)
        outside &= ~unknown_geo & ~drop
        if outside.any():
            problems.problems.extend(
                _outside_scope_errors(
                    out[outside], _scope_codes(allowed_countries, allowed_regions)
                )
            )

    # Years: not in the future.
    future = out["year"] > today.year
    if future.any():
        problems.add_rows(
            _clip(out[future], room),
            "future_year",
            lambda r: (
                N_("year {year} is in the future (this year is {this_year})"),
                {"year": f"{r.year}", "this_year": today.year},
            ),
            "year",
        )

    # Values within the indicator's range (0-100 for percentages).
    lo = out["indicator"].map({c: r[0] for c, r in ref.indicator_ranges.items()})
    hi = out["indicator"].map({c: r[1] for c, r in ref.indicator_ranges.items()})
    lo = pd.to_numeric(lo, errors="coerce")
    hi = pd.to_numeric(hi, errors="coerce")
    outside_range = (out["value"] < lo) | (out["value"] > hi)
    if outside_range.any():
        problems.add_rows(
            _clip(out[outside_range], room),
            "percentage_out_of_range",
            lambda r: (
                N_("{value} is outside the allowed range 0-100 % for {indicator}"),
                {"value": f"{r.value:g}", "indicator": f"{r.indicator}"},
            ),
            "value",
        )

    # Breakdown values must be known for the fixed dimensions.
    for dim in BREAKDOWN_DIMS:
        bad_dim = ~out[dim.column].isin(list(dim.values))
        if bad_dim.any():
            valid = ", ".join(dim.values)
            problems.add_rows(
                _clip(out[bad_dim], room),
                "unknown_breakdown_value",
                lambda r, d=dim, v=valid: (  # type: ignore[misc]
                    UNKNOWN_BREAKDOWN[d.column],
                    {"value": repr(getattr(r, d.column)), "codes": v},
                ),
                dim.column,
            )

    # A row needs a number or a flag saying why there is none (": u"): with neither there is
    # nothing to store (the store's ck_observation_value_or_flag), so it is named here.
    flags = out["flag"].astype("category")
    blank_flags = [c for c in flags.cat.categories if not str(c).strip()]
    missing = out["value"].isna() & (flags.isna() | flags.isin(blank_flags)) & ~drop
    if missing.any():
        problems.add_rows(
            _clip(out[missing], room),
            "missing_value",
            lambda _r: (N_("{value} is not a number."), {"value": "''"}),
            "value",
        )

    # Duplicates: the same key twice with different values is an error; identical is dropped.
    keys = list(KEY_COLUMNS)
    dup = out.duplicated(keys, keep=False) & ~drop
    if dup.any():
        dups = out[dup]
        distinct = dups.drop_duplicates([*keys, "value", "flag"])
        conflicting_keys = distinct[distinct.duplicated(keys, keep=False)]
        if not conflicting_keys.empty:
            marked = dups.merge(conflicting_keys[keys].drop_duplicates(), on=keys)
            problems.add_rows(
                _clip(marked, room),
                "duplicate_conflict",
                lambda r: (
                    N_("{indicator} {geo} {year} appears more than once with different values"),
                    {"indicator": f"{r.indicator}", "geo": f"{r.geo}", "year": f"{r.year}"},
                ),
                "value",
            )
        drop |= out.duplicated(keys, keep="first")

    if problems.truncated:
        problems.problems.append(
            plural_problem(
                "too_many_problems",
                N_plural(
                    "{n} further problems were not listed", "{n} further problems were not listed"
                ),
                {"n": problems.truncated},
                severity=ERROR,
            )
        )
    kept = out[~drop].reset_index(drop=True)
    if left_out or drop.any():
        kept = _drop_unused_categories(kept)
    return ValidatedObservations(kept, problems.problems, int(drop.sum()), left_out)


def _scope_codes(countries: frozenset[str] | None, regions: frozenset[str] | None) -> str:
    """The uploader's places, ``BE, NL3`` ("": none; the messages then say "the places you may
    change")."""
    codes = sorted(countries or ()) + sorted(regions or ())
    return ", ".join(codes)


def _in_scope(
    geo: pd.Series,
    ref: ObservationReference,
    countries: frozenset[str] | None,
    regions: frozenset[str] | None,
    *,
    unknown: bool = False,
) -> pd.Series:
    """Rows whose place the uploader may change. ``unknown``: an unknown code counts as inside
    when it starts with an allowed country's code (so that it is reported, not left out)."""
    codes = geo.astype("string")
    ok = pd.Series(False, index=geo.index)
    if countries:
        ok |= geo.map(ref.place_country).isin(list(countries)).astype(bool)
        if unknown:
            known = geo.isin(list(ref.place_ids)).astype(bool)
            ok |= ~known & codes.str.startswith(tuple(countries)).fillna(False).astype(bool)
    if regions:
        ok |= codes.str.startswith(tuple(regions)).fillna(False).astype(bool)
    return ok


def _capped(codes: list[str]) -> tuple[str, int]:
    """The first PLACES_LISTED codes, and how many more there are."""
    return ", ".join(codes[:PLACES_LISTED]), max(len(codes) - PLACES_LISTED, 0)


def _left_out_warning(geo: pd.Series, scope: str) -> Problem:
    """One warning for every row left out: how many, of which places (by code, with counts)."""
    counts = geo.astype(str).value_counts().sort_index()
    listed, more = _capped([f"{code} ({n:,})" for code, n in counts.items()])
    rows = int(counts.sum())
    params = {
        "n": rows,
        "rows": f"{rows:,}",
        "places": f"{len(counts):,}",
        "scope": scope,
        "listed": listed,
        "more": more,
    }
    where: dict[str, Any] = {
        "column": "geo",
        "value": ", ".join(list(counts.index)[:PLACES_LISTED]),
        "severity": WARNING,
    }
    if len(counts) == 1:
        return plural_problem(
            "rows_outside_scope", LEFT_OUT_ONE_PLACE[bool(scope)], params, **where
        )
    return problem("rows_outside_scope", LEFT_OUT[bool(scope), more > 0], params, **where)


def _outside_scope_errors(rows: pd.DataFrame, scope: str) -> list[Problem]:
    """One ``region_outside_country`` error per place: its rows, years and number of values."""
    frame = pd.DataFrame(
        {
            "geo": rows["geo"].astype(str).to_numpy(),
            "row": pd.to_numeric(rows["row"], errors="coerce").to_numpy(),
            "year": pd.to_numeric(rows["year"], errors="coerce").to_numpy(),
            "sheet": rows["sheet"].astype(object).to_numpy(),
        }
    )
    out = []
    for geo, group in frame.groupby("geo", sort=True):
        n = len(group)
        first_row, last_row = group["row"].min(), group["row"].max()
        if pd.isna(first_row):
            where = ""
        elif first_row == last_row:
            where = "row"
        else:
            where = "rows"
        y0, y1 = int(group["year"].min()), int(group["year"].max())
        years = "year" if y0 == y1 else "years"
        params: dict[str, Any] = {
            "geo": str(geo),
            "scope": scope,
            "n": n,
            "values": f"{n:,}",
            "year": y0,
            "first_year": y0,
            "last_year": y1,
        }
        if where:
            params |= {
                "row": int(first_row),
                "first_row": int(first_row),
                "last_row": int(last_row),
            }
        sheets = [s for s in group["sheet"] if isinstance(s, str)]
        out.append(
            _problem(
                "region_outside_country",
                OUTSIDE_SCOPE[bool(scope), where, years],
                params,
                sheet=sheets[0] if sheets else None,
                row=None if pd.isna(first_row) else int(first_row),
                column="geo",
                value=str(geo),
            )
        )
    return out


def _problem(code: str, message: Message, params: dict[str, Any], **where: Any) -> Problem:
    """``problem``, or ``plural_problem`` (counted by ``params["n"]``) for a pair of forms."""
    if isinstance(message, tuple):
        return plural_problem(code, message, params, **where)
    return problem(code, message, params, **where)


def _drop_unused_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """Place and indicator codes of rows no longer in the frame (left out, skipped) must not
    reach the store, which maps every category of these columns to an id."""
    for col in ("indicator", "geo"):
        if isinstance(frame[col].dtype, pd.CategoricalDtype):
            frame[col] = frame[col].cat.remove_unused_categories()
    return frame


def _unknown_msg(column: str, value: object, known: list[str]) -> tuple[str, dict[str, Any]]:
    """The message of an unknown code in ``column`` (``indicator``, ``geo``) and its parameters."""
    empty, unknown, unknown_hint = UNKNOWN_CODE[column]
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    if not text:
        return empty, {}
    hint = suggest(text, known)
    if hint:
        return unknown_hint, {"code": repr(text), "hint": repr(hint)}
    return unknown, {"code": repr(text)}
