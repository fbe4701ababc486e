"""Which Eurostat table wins when two tables publish the same figure (issue #10, part C).

Eurostat publishes country and EU rows of early leavers both in the national tables
(``edat_lfse_14``, ``sdg_04_10``) and in the regional table (``edat_lfse_16``), sometimes with
another flag or another revision. So that the order in which files are imported does not
matter, a stored observation from a higher-ranked source is never overwritten by a file from a
lower-ranked one: the stored value is kept (and the import says so). A higher-ranked file
overwrites a lower-ranked stored value as an ordinary revision. Everything not listed here
ranks 0, and among equal ranks the last accepted file wins (a figure repeated exactly keeps
the source that comes first in ``SAME_SERIES_ORDER``).

The rule is data, in this one place: ``SOURCE_PRECEDENCE[indicator][place kind][source]``.
Place kinds are those of ``db.models.PLACE_KINDS`` (``country``, ``aggregate``, ``region``).
"""

from __future__ import annotations

from collections.abc import Mapping

from pathways_monitor.core.translation import N_

NATIONAL_TABLES_FIRST: Mapping[str, int] = {
    "edat_lfse_14": 2,
    "sdg_04_10": 2,  # the same series as edat_lfse_14: a newer release of either revises
    "edat_lfse_16": 1,  # the regional table repeats country and EU rows
}

# Tables that publish the same series: when a file repeats a stored figure exactly (same value
# and flag), the figure is attributed to the first table in this order, whichever file came
# first, so that the source shown is order-free too. Values that differ follow the ranks above.
SAME_SERIES_ORDER: tuple[str, ...] = (
    "edat_lfse_14",
    "sdg_04_10",
    "edat_lfse_01",
    "sdg_04_10a",
    "sdg_04_40",
    "educ_outc_pisa",
    "oecd_pisa",
)

SOURCE_PRECEDENCE: Mapping[str, Mapping[str, Mapping[str, int]]] = {
    "ELET": {
        "country": NATIONAL_TABLES_FIRST,
        "aggregate": NATIONAL_TABLES_FIRST,
    },
}

# How a source is named in messages ("edat_lfse_14, the national table").
SOURCE_LABELS: Mapping[str, str] = {
    "edat_lfse_14": N_("the national table"),
    "sdg_04_10": N_("the SDG indicator table"),
    "edat_lfse_16": N_("the regional table"),
    "edat_lfse_01": N_("the table by citizenship"),
    "sdg_04_10a": N_("the SDG table by citizenship"),
    "sdg_04_40": N_("Eurostat's SDG table of PISA results"),
    "educ_outc_pisa": N_("Eurostat's table of PISA results"),
    "oecd_pisa": N_("the OECD's PISA export"),
}

# How a place kind is named in messages ("34 values of countries ...").
KIND_LABELS: Mapping[str, str] = {
    "country": N_("countries"),
    "aggregate": N_("EU and euro-area aggregates"),
    "region": N_("regions"),
}


def source_rank(indicator: str, place_kind: str | None, source: str | None) -> int:
    """The rank of ``source`` for ``indicator`` at places of ``place_kind`` (0: not listed)."""
    if not source or not place_kind:
        return 0
    return SOURCE_PRECEDENCE.get(indicator, {}).get(place_kind, {}).get(str(source), 0)


def source_tie(source: object) -> int:
    """Higher for a table earlier in ``SAME_SERIES_ORDER`` (0: not listed)."""
    try:
        return len(SAME_SERIES_ORDER) - SAME_SERIES_ORDER.index(str(source))
    except ValueError:
        return 0


def ranked_indicators() -> frozenset[str]:
    """The indicators the rule says anything about (others skip the precedence check)."""
    return frozenset(SOURCE_PRECEDENCE)
