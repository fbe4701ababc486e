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

from db.models import Indicator, Place
from domain.breakdowns import BREAKDOWN_COLUMNS, BREAKDOWN_DIMS
from domain.places import ISO_TO_EUROSTAT
from importers.frame import KEY_COLUMNS
from importers.problems import ERROR, WARNING, Problem, suggest

MAX_PROBLEMS = 1000
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
    today: dt.date | None = None,
) -> ValidatedObservations:
    """Every problem in the frame; the rows that may be stored when there are no errors.

    ``allowed_countries``/``allowed_regions`` restrict an uploader to their own places (None:
    unrestricted). Codes are normalised (upper case, ISO GR/GB to Eurostat EL/UK).
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

    # The uploader's own country or region only.
    if allowed_countries is not None or allowed_regions is not None:
        country = out["geo"].map(ref.place_country)
        ok = pd.Series(False, index=out.index)
        if allowed_countries is not None:
            ok |= country.isin(list(allowed_countries))
        if allowed_regions is not None:
            ok |= (
                out["geo"]
                .astype("string")
                .str.startswith(tuple(allowed_regions))
                .fillna(False)
                .astype(bool)
            )
        outside = ~ok & ~unknown_geo & ~drop
        if outside.any():
            problems.add_rows(
                _clip(out[outside], room),
                "region_outside_country",
                lambda r: f"{r.geo} is outside the country or region you may upload for",
                "geo",
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
    return ValidatedObservations(kept, problems.problems, int(drop.sum()))


def _unknown_msg(what: str, value: object, known: list[str]) -> str:
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    if not text:
        return f"the {what} is empty"
    hint = suggest(text, known)
    return f"unknown {what} {text!r}" + (f"; did you mean {hint!r}?" if hint else "")
