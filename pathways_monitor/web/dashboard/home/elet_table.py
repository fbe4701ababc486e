"""Latest ELET per country against the EU target: a pure table builder used by the home page."""

from __future__ import annotations

import pandas as pd

from pathways_monitor.domain.places import EU27_CODES


def latest_against_target(
    latest: pd.DataFrame, names: dict[str, str], target: float, geos: list[str]
) -> pd.DataFrame:
    """One row per place in ``geos`` (no-data rows kept), sorted with the EU aggregate first."""
    by_geo = latest.set_index("geo") if not latest.empty else pd.DataFrame()
    rows = []
    for geo in geos:
        has = not by_geo.empty and geo in by_geo.index
        value = float(by_geo.at[geo, "value"]) if has else None
        rows.append(
            {
                "geo": geo,
                "name": names.get(geo, geo),
                "year": int(by_geo.at[geo, "year"]) if has else None,
                "value": value,
                "flag": (by_geo.at[geo, "flag"] or "") if has else "",
                "distance": round(value - target, 1) if value is not None else None,
                "meets_target": (value < target) if value is not None else None,
                "is_eu_member": geo in EU27_CODES,
            }
        )
    return pd.DataFrame(rows)
