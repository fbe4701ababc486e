"""The report of one import: every problem found in a file, never only the first.

The problem records themselves (code, place, message id and parameters) are ``core.problems``;
they are re-exported here for the readers that build them.
"""

from __future__ import annotations

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


def suggest(value: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The closest valid code to a mistyped one, for "did you mean ...?" messages."""
    import difflib

    lowered = {c.lower(): c for c in choices}
    hit = difflib.get_close_matches(value.strip().lower(), list(lowered), n=1, cutoff=0.5)
    return lowered[hit[0]] if hit else None
