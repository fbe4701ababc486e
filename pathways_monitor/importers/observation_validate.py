"""Check a canonical observation frame against the reference data, whatever file it came from.

Pure: takes an ``ObservationReference`` snapshot (built once from the database by
``load_observation_reference``) and returns the rows to store plus every problem found.
Vectorised with pandas, because indicator files can hold millions of rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from pathways_monitor.db.models import Indicator, Place
from pathways_monitor.domain.breakdowns import BREAKDOWN_COLUMNS, BREAKDOWN_DIMS
from pathways_monitor.domain.places import ISO_TO_EUROSTAT
from pathways_monitor.importers.frame import KEY_COLUMNS
from pathways_monitor.importers.problems import ERROR, WARNING, Problem, suggest

MAX_PROBLEMS = 1000
PLACES_LISTED = 30  # places named in a scope message before "and N more"
# Codes Eurostat publishes that are not places this product tracks: skipped with a warning.
EUROSTAT_NON_TRACKED_PREFIXES = ("EU", "EA", "EEA", "EFTA", "EU28", "EU27", "DE_TOT", "EXT_")


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
        self, rows: pd.DataFrame, code: str, message_for: object, column: str, severity: str = ERROR
    ) -> None:
        for rec in rows.itertuples(index=False):
            if len(self.problems) >= MAX_PROBLEMS:
                self.truncated += 1
                continue
            value = getattr(rec, column) if column in rows.columns else None
            self.problems.append(
                Problem(
                    code=code,
                    message=message_for(rec) if callable(message_for) else str(message_for),
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
            scope_text = _scope_text(allowed_countries, allowed_regions)
            if outside.all():
                codes = sorted(str(c) for c in out["geo"].dropna().unique())
                problems.problems.append(
                    Problem(
                        code="nothing_in_scope",
                        message=(
                            f"the file holds no rows for {scope_text}; it holds {_capped(codes)}"
                        ),
                        column="geo",
                        value=", ".join(codes[:PLACES_LISTED]),
                    )
                )
                empty = _drop_unused_categories(out.iloc[0:0].reset_index(drop=True))
                return ValidatedObservations(empty, problems.problems, 0, len(out))
            problems.problems.append(_left_out_warning(out.loc[outside, "geo"], scope_text))
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
            lambda r: _unknown_msg("indicator code", r.indicator, known),
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
                Problem(
                    code="place_not_tracked",
                    message=(
                        f"{int(skip.sum())} values for Eurostat aggregates this product does not "
                        f"track were skipped: {', '.join(codes)}"
                    ),
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
                lambda r: _unknown_msg("place code", r.geo, known_places),
                "geo",
            )

    # The uploader's own country or region only (a Eurostat file's other places were left out
    # above; a ministry's own sheet with another place's rows is a mistake: one error per place).
    if scoped and not leave_out_outside_scope:
        outside = ~_in_scope(out["geo"], ref, allowed_countries, allowed_regions)
        outside &= ~unknown_geo & ~drop
        if outside.any():
            problems.problems.extend(
                _outside_scope_errors(out[outside], _scope_text(allowed_countries, allowed_regions))
            )

    # Years: not in the future.
    future = out["year"] > today.year
    if future.any():
        problems.add_rows(
            _clip(out[future], room),
            "future_year",
            lambda r: f"year {r.year} is in the future (this year is {today.year})",
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
            lambda r: f"{r.value:g} is outside the allowed range 0-100 % for {r.indicator}",
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
                lambda r, d=dim, v=valid: (
                    f"{getattr(r, d.column)!r} is not a valid {d.label_en.lower()} code; use one of {v}"
                ),
                dim.column,
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
                    f"{r.indicator} {r.geo} {r.year} appears more than once with different values"
                ),
                "value",
            )
        drop |= out.duplicated(keys, keep="first")

    if problems.truncated:
        problems.problems.append(
            Problem(
                code="too_many_problems",
                message=f"{problems.truncated} further problems were not listed",
                severity=ERROR,
            )
        )
    kept = out[~drop].reset_index(drop=True)
    if left_out or drop.any():
        kept = _drop_unused_categories(kept)
    return ValidatedObservations(kept, problems.problems, int(drop.sum()), left_out)


def _scope_text(countries: frozenset[str] | None, regions: frozenset[str] | None) -> str:
    codes = sorted(countries or ()) + sorted(regions or ())
    return ", ".join(codes) if codes else "the places you may change"


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


def _capped(codes: list[str]) -> str:
    shown = ", ".join(codes[:PLACES_LISTED])
    more = len(codes) - PLACES_LISTED
    return shown + (f" and {more} more" if more > 0 else "")


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _left_out_warning(geo: pd.Series, scope_text: str) -> Problem:
    """One warning for every row left out: how many, of which places (by code, with counts)."""
    counts = geo.astype(str).value_counts().sort_index()
    listed = [f"{code} ({n:,})" for code, n in counts.items()]
    return Problem(
        code="rows_outside_scope",
        message=(
            f"{_plural(int(counts.sum()), 'row')} of {_plural(len(counts), 'place')} outside "
            f"{scope_text} were left out: {_capped(listed)}"
        ),
        column="geo",
        value=", ".join(list(counts.index)[:PLACES_LISTED]),
        severity=WARNING,
    )


def _outside_scope_errors(rows: pd.DataFrame, scope_text: str) -> list[Problem]:
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
            where = f" in row {int(first_row)}"
        else:
            where = f" in rows {int(first_row)}-{int(last_row)}"
        y0, y1 = int(group["year"].min()), int(group["year"].max())
        years = f"year {y0}" if y0 == y1 else f"years {y0}-{y1}"
        sheets = [s for s in group["sheet"] if isinstance(s, str)]
        out.append(
            Problem(
                code="region_outside_country",
                message=(
                    f"{geo} is outside {scope_text}, the country or region you may upload for: "
                    f"{_plural(n, 'value')}{where}, {years}"
                ),
                sheet=sheets[0] if sheets else None,
                row=None if pd.isna(first_row) else int(first_row),
                column="geo",
                value=str(geo),
            )
        )
    return out


def _drop_unused_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """Place and indicator codes of rows no longer in the frame (left out, skipped) must not
    reach the store, which maps every category of these columns to an id."""
    for col in ("indicator", "geo"):
        if isinstance(frame[col].dtype, pd.CategoricalDtype):
            frame[col] = frame[col].cat.remove_unused_categories()
    return frame


def _unknown_msg(what: str, value: object, known: list[str]) -> str:
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    if not text:
        return f"the {what} is empty"
    hint = suggest(text, known)
    return f"unknown {what} {text!r}" + (f"; did you mean {hint!r}?" if hint else "")
