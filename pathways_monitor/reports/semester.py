"""The Semester report in one format: the entry point the CLI and the dashboard share."""

from __future__ import annotations

from typing import Any


def file_name(country: str, year: int, lang: str, fmt: str) -> str:
    """The report's file name, e.g. ``semester_report_NL_2026_nl.pdf``."""
    return f"semester_report_{country}_{year}_{lang}.{fmt}"


def render(report: Any, fmt: str, lang: str) -> bytes:
    """Write ``report`` as ``xlsx``, ``pdf`` or ``docx`` (writers imported only when needed,
    so the CLI and the dashboard load reportlab or python-docx only for the format asked)."""
    if fmt == "xlsx":
        from pathways_monitor.reports.semester_xlsx import write_xlsx

        return write_xlsx(report, lang)
    if fmt == "docx":
        from pathways_monitor.reports.semester_docx import write_docx

        return write_docx(report, lang)
    if fmt != "pdf":
        raise ValueError(f"unknown Semester report format {fmt!r} (xlsx, pdf or docx)")
    from pathways_monitor.reports.semester_pdf import write_pdf

    return write_pdf(report, lang)
