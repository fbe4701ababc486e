"""What a write would change, as the store that writes it works it out (issue 12).

Each store reports its own diff before it writes anything: ``observation_store.plan_observations``
(``StorePlan.diff``) and ``strategy_store.plan_strategy`` (``StrategyPlan.diff``). The import
engine turns a diff into the (country, year) pairs the approval lock checks
(``engine.diff_touches``), so no other module guesses from a file what a write would change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

ADDED = "added"  # a new element (an observation, a milestone, a budget line, ...)
CHANGED = "changed"  # a stored element whose content changes
REMOVED = "removed"  # a stored element the write drops (strategies only: observations stay)
# A stored observation keeping its value and flag, credited to another source (source
# precedence): written, but the figure does not change.
REATTRIBUTED = "reattributed"
CHANGES: tuple[str, ...] = (ADDED, CHANGED, REMOVED, REATTRIBUTED)

# Every diff has these columns; a store may add its own key columns (``indicator`` and
# ``breakdown_id`` for observations, ``element`` and ``key`` for strategies).
COLUMNS: tuple[str, ...] = ("change", "place", "year", "sheet", "row", "column", "label")


@dataclass(frozen=True)
class StoreDiff:
    """One row per element (and year) a write would add, change or remove, in file order.

    Columns (``COLUMNS``): ``change`` (one of ``CHANGES``), ``place`` (code of the place the
    element belongs to), ``year`` (the year its data belong to; missing for an element of no
    single year, such as a strategy's objectives), where the file has it (``sheet``, ``row``,
    ``column``; missing for a removed element) and ``label``, how a problem names it (missing:
    "{place} {year}"). Elements the write leaves as they are have no row.
    """

    rows: pd.DataFrame

    def __post_init__(self) -> None:
        missing = [c for c in COLUMNS if c not in self.rows.columns]
        if missing:
            raise ValueError(f"a store diff needs the columns {missing}")

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]]) -> StoreDiff:
        """A diff from rows as dicts (small diffs: a strategy's elements)."""
        rows = pd.DataFrame.from_records(list(records), columns=None)
        for name in COLUMNS:
            if name not in rows.columns:
                rows[name] = None
        rows["year"] = rows["year"].astype("Int64")
        return cls(rows)

    @classmethod
    def nothing(cls) -> StoreDiff:
        """The diff of a write that changes nothing."""
        return cls.from_records([])

    def __len__(self) -> int:
        return len(self.rows)

    def of(self, change: str) -> pd.DataFrame:
        """The rows of one kind of change."""
        return self.rows.loc[(self.rows["change"] == change).to_numpy()]

    @property
    def added(self) -> pd.DataFrame:
        return self.of(ADDED)

    @property
    def changed(self) -> pd.DataFrame:
        return self.of(CHANGED)

    @property
    def removed(self) -> pd.DataFrame:
        return self.of(REMOVED)

    @property
    def reattributed(self) -> pd.DataFrame:
        return self.of(REATTRIBUTED)
