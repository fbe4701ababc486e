"""`pathways export semester --country CC [--year YYYY] --out FILE [--lang en|nl|fr|de]`.

Exit status (INTERFACES.md): 0 written; 2 unknown country, no strategy or an unsupported
output type, with a message on stderr and no file written. The file is built in memory and
moved into place atomically, so a failure never leaves a broken or half-written file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

from pathways_monitor.core.translation import LANGS
from pathways_monitor.reports.semester import render

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_REFUSED = 2
FORMATS: tuple[str, ...] = ("xlsx", "pdf", "docx")
SUFFIXES = (
    ", ".join(f".{f}" for f in FORMATS[:-1]) + f" or .{FORMATS[-1]}"
)  # ".xlsx, .pdf or .docx"


def output_format(path: Path) -> str | None:
    """'xlsx', 'pdf' or 'docx' from the file name, None for anything else (e.g. '.doc')."""
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file next to ``path``, then rename it over ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual file mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cmd_export_semester(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from pathways_monitor.core.settings import Settings
    from pathways_monitor.db.session import make_engine
    from pathways_monitor.reports.semester_data import SemesterExportError, collect

    out = Path(args.out)
    fmt = output_format(out)
    if fmt is None:
        print(f"error: --out must end in {SUFFIXES}, not {out.name!r}", file=sys.stderr)
        return EXIT_REFUSED
    if not out.parent.exists():
        print(f"error: folder {out.parent} does not exist", file=sys.stderr)
        return EXIT_REFUSED
    engine = make_engine(Settings.from_env().database_url)
    try:
        with Session(engine) as session:
            report = collect(session, args.country.strip(), year=args.year, today=dt.date.today())
    except SemesterExportError as exc:
        print(f"error ({exc.code}): {exc.message}; no file written", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        engine.dispose()
    data = render(report, fmt, args.lang)
    write_atomically(out, data)
    print(
        f"wrote the European Semester report for {report.country} "
        f"({report.reporting_year}, {args.lang}) to {out} ({len(data)} bytes)"
    )
    return EXIT_OK


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {text!r}") from None
    if not 2000 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"year out of range 2000-2100: {year}")
    return year


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `export semester` to the `pathways` parser (called from cli.main.build_parser)."""
    export = subparsers.add_parser("export", help="write reports (European Semester)")
    export_sub = export.add_subparsers(dest="export_command", required=True, metavar="REPORT")
    semester = export_sub.add_parser(
        "semester",
        help=f"the European Semester report of a country's strategy ({SUFFIXES})",
        description=(
            "Writes the country's strategy, measures, milestones, budget, indicators and "
            "regional figures to FILE (.xlsx workbook, .pdf report or .docx Word document). "
            "Exit status: 0 written; 2 unknown country, no strategy or another file type "
            "(nothing written)."
        ),
    )
    semester.add_argument("--country", required=True, metavar="CC", help="Eurostat code, e.g. NL")
    semester.add_argument(
        "--year", type=_year, default=None, metavar="YYYY", help="reporting year (default: now)"
    )
    semester.add_argument(
        "--out", required=True, metavar="FILE", help="FILE.xlsx, FILE.pdf or FILE.docx"
    )
    semester.add_argument(
        "--lang",
        choices=list(LANGS),
        default="en",
        help="language of the report (a language without a catalog yet falls back to English)",
    )
    semester.set_defaults(func=cmd_export_semester)
