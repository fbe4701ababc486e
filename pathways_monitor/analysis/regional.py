"""Regional dispersion and ranking for one country at one NUTS level.

Regional coordinators compare regions with each other, with the national figure and with the EU
target; these functions give the numbers behind those views. Regions without a value in a year
are left out of that year (small regions are often suppressed by Eurostat).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from pathways_monitor.domain.indicators import DIRECTIONS, LOWER_IS_BETTER

DISPERSION_COLUMNS: tuple[str, ...] = (
    "year",
    "count",
    "mean",
    "min",
    "max",
    "gap",
    "sd",
    "cv",
    "min_geo",
    "max_geo",
    "left_out",
    "weighted",
)
LOW_RELIABILITY_FLAG = "u"
RANK_COLUMNS: tuple[str, ...] = (
    "rank",
    "geo",
    "value",
    "flag",
    "national_value",
    "diff_to_national",
    "target_value",
    "distance_to_target",
    "meets_target",
)
_EXTRA_REGIO = re.compile(r"Z+$")  # NLZZ, NLZ, NLZZZ: "extra-regio", not a real region


def select_regions(obs: pd.DataFrame, country: str, level: int) -> pd.DataFrame:
    """Rows whose geo is a NUTS region of ``level`` (1-3) in ``country``, extra-regio excluded.

    NUTS codes are the country code plus one character per level (NL, NL3, NL32, NL329).
    """
    if level not in (1, 2, 3):
        raise ValueError(f"NUTS level must be 1, 2 or 3, not {level!r}")
    geo = obs["geo"].astype(str)
    suffix = geo.str.slice(len(country))
    keep = (
        geo.str.startswith(country)
        & (geo.str.len() == len(country) + level)
        & ~suffix.str.match(_EXTRA_REGIO.pattern)
    )
    return obs.loc[keep]


def _is_low_reliability(flag: object) -> bool:
    return isinstance(flag, str) and LOW_RELIABILITY_FLAG in flag


def dispersion_by_year(
    obs: pd.DataFrame,
    *,
    weights: pd.DataFrame | None = None,
    include_low_reliability: bool = False,
) -> pd.DataFrame:
    """Per year: count, mean, min, max, gap (max - min), sd, cv (sd / mean), the regions
    holding the min and max (ties: the first code in alphabetical order), how many
    low-reliability values were left out and whether the figures are population-weighted.

    ``obs`` has the columns ``geo``, ``year``, ``value`` (and ``flag``): the regions of one
    country at one NUTS level (see ``select_regions``); rows without a value are ignored.
    Values flagged ``u`` (low reliability) are left out unless ``include_low_reliability``:
    Eurostat publishes them with a warning, and one of them can make a country's spread.

    ``weights`` (``geo``, ``year``, ``weight``: the population the share refers to) makes the
    mean, sd and cv population-weighted, as Eurostat weights its regional dispersion, in the
    years where every region counted has a positive weight; other years stay unweighted and
    say so (``weighted`` False).
    """
    data = obs.loc[obs["value"].notna()].copy()
    if "flag" not in data.columns:
        data["flag"] = None
    if data.empty:
        return pd.DataFrame(columns=list(DISPERSION_COLUMNS))
    data["year"] = data["year"].astype("int64")
    data["value"] = data["value"].astype("float64")
    low = data["flag"].map(_is_low_reliability).astype(bool)
    left_out = low.groupby(data["year"]).sum() if not include_low_reliability else None
    if not include_low_reliability:
        data = data.loc[~low]
    data = data[["geo", "year", "value"]]
    if data.empty:
        return pd.DataFrame(columns=list(DISPERSION_COLUMNS))
    if weights is not None and not weights.empty:
        w = weights[["geo", "year", "weight"]].copy()
        w["year"] = w["year"].astype("int64")
        data = data.merge(w, on=["geo", "year"], how="left")
    else:
        data["weight"] = np.nan
    data = data.sort_values(["year", "geo"], kind="stable").reset_index(drop=True)
    grouped = data.groupby("year")["value"]
    out = grouped.agg(count="count", mean="mean", min="min", max="max")
    out["sd"] = grouped.std(ddof=0)
    weighted = data.groupby("year")["weight"].apply(lambda s: bool((s > 0).all()))
    for year in weighted.index[weighted.to_numpy()]:
        rows = data.loc[data["year"] == year]
        mean = float(np.average(rows["value"], weights=rows["weight"]))
        out.loc[year, "mean"] = mean
        out.loc[year, "sd"] = float(
            np.sqrt(np.average((rows["value"] - mean) ** 2, weights=rows["weight"]))
        )
    out["gap"] = out["max"] - out["min"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["cv"] = np.where(out["mean"] != 0, out["sd"] / out["mean"], np.nan)
    # idxmin/idxmax return the first occurrence, and rows are sorted by geo within each year.
    out["min_geo"] = data.loc[grouped.idxmin(), "geo"].to_numpy()
    out["max_geo"] = data.loc[grouped.idxmax(), "geo"].to_numpy()
    out["count"] = out["count"].astype("int64")
    out["left_out"] = (
        0 if left_out is None else left_out.reindex(out.index, fill_value=0).astype("int64")
    )
    out["weighted"] = weighted.reindex(out.index, fill_value=False).astype(bool)
    return out.reset_index()[list(DISPERSION_COLUMNS)]


def rank_regions(
    obs: pd.DataFrame,
    year: int,
    *,
    national_value: float | None = None,
    target: float | None = None,
    direction: str = LOWER_IS_BETTER,
    strict: bool = True,
) -> pd.DataFrame:
    """The regions' values in one year, best first, with the national value and target as context.

    Rank 1 is the best value for the indicator's direction; equal values share the best rank.
    ``diff_to_national`` and ``distance_to_target`` are value minus reference (percentage
    points for a % indicator); ``meets_target`` uses "below" (lower is better) or "above",
    or "at most"/"at least" when ``strict`` is False. Regions without a value are left out.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    cols = ["geo", "value", *(["flag"] if "flag" in obs.columns else [])]
    data = obs.loc[(obs["year"].astype("int64") == int(year)) & obs["value"].notna(), cols].copy()
    if "flag" not in data.columns:
        data["flag"] = None
    data["value"] = data["value"].astype("float64")
    lower = direction == LOWER_IS_BETTER
    data["rank"] = data["value"].rank(method="min", ascending=lower).astype("int64")
    nat = np.nan if national_value is None else float(national_value)
    tgt = np.nan if target is None else float(target)
    data["national_value"] = nat
    data["diff_to_national"] = data["value"] - nat
    data["target_value"] = tgt
    data["distance_to_target"] = data["value"] - tgt
    if target is None:
        data["meets_target"] = pd.Series(pd.NA, index=data.index, dtype="boolean")
    else:
        better = (tgt - data["value"]) if lower else (data["value"] - tgt)
        data["meets_target"] = (better > 0) if strict else (better >= 0)
    data = data.sort_values(["rank", "geo"], kind="stable").reset_index(drop=True)
    return data[list(RANK_COLUMNS)]
