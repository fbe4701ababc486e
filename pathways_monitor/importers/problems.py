"""The report of one import: every problem found in a file, never only the first.

The problem records themselves (code, place, message id and parameters) are ``core.problems``;
they are re-exported here for the readers that build them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from pathways_monitor.core.problems import (
    ERROR,
    WARNING,
    Problem,
    plural_problem,
    problem,
    render,
)

__all__ = [
    "ERROR",
    "WARNING",
    "ImportReport",
    "Problem",
    "plural_problem",
    "problem",
    "render",
    "suggest",
]


@dataclass
class ImportReport:
    """What happened to one file: the JSON object printed by ``pathways import --json``."""

    file: str
    kind: str | None
    status: str  # accepted | rejected
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    format: str | None = None
    dry_run: bool = False
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    batch_id: int | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "status": self.status,
            "rows": self.rows,
            "problems": [p.as_dict() for p in self.problems],
            "format": self.format,
            "dry_run": self.dry_run,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "batch_id": self.batch_id,
        }

    def as_record(self) -> dict[str, Any]:
        """Everything in the report, JSON-safe, for a background job to keep and a page to
        show again later (``from_record``): ``as_dict`` plus the preview of changes."""
        return _json_safe({**self.as_dict(), "changes": self.changes})

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ImportReport:
        """The report ``as_record`` kept, with its problems still translatable."""
        fields: dict[str, Any] = {n: record.get(n) for n in _REPORT_FIELDS if n in record}
        problems = [Problem(**p) for p in record.get("problems") or []]
        return cls(**{**fields, "problems": problems, "changes": list(record.get("changes") or [])})


_REPORT_FIELDS = (
    "file",
    "kind",
    "status",
    "rows",
    "format",
    "dry_run",
    "inserted",
    "updated",
    "unchanged",
    "batch_id",
)


def _json_safe(value: Any) -> Any:
    """Numbers, texts, None, lists and dicts only (numpy scalars, dates, NaN made plain)."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        return _json_safe(item())
    if type(value).__name__ in {"NAType", "NaTType"}:  # pandas' missing markers (no pandas here)
        return None
    return str(value)


def suggest(value: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The closest valid code to a mistyped one, for "did you mean ...?" messages."""
    import difflib

    lowered = {c.lower(): c for c in choices}
    hit = difflib.get_close_matches(value.strip().lower(), list(lowered), n=1, cutoff=0.5)
    return lowered[hit[0]] if hit else None
