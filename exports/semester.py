"""The Semester report in one format: the entry point the CLI and the dashboard share."""

from __future__ import annotations

from typing import Any


def render(report: Any, fmt: str, lang: str) -> bytes:
    """Write ``report`` as ``xlsx`` or ``pdf`` (the writers are imported only when needed)."""
    if fmt == "xlsx":
        from exports.semester_xlsx import write_xlsx

        return write_xlsx(report, lang)
    from exports.semester_pdf import write_pdf

    return write_pdf(report, lang)
