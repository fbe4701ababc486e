"""Semester report generation time on the demo data (moved here from the test suite).

Loads the demo into a scratch SQLite file, then times ``collect`` (all the report's figures
from the store) and each writer (xlsx, pdf) in English and Dutch, ``--repeat`` times;
prints median and worst per step. Goals: collect under 5 s, each file under 10 s.

    python -m bench.semester [--repeat 3] [--country NL]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from pathways_monitor.db.session import make_engine
from pathways_monitor.demo.load import load_demo
from pathways_monitor.reports.semester_data import SemesterReport, collect

GOALS = {"collect": 5.0}
FILE_GOAL = 10.0


def writers() -> dict[str, Callable[[SemesterReport, str], bytes]]:
    """The report writers by format (imported here so ``--help`` stays fast)."""
    from pathways_monitor.reports.semester_pdf import write_pdf
    from pathways_monitor.reports.semester_xlsx import write_xlsx

    return {"xlsx": write_xlsx, "pdf": write_pdf}


def measure(country: str, repeat: int) -> dict[str, list[float]]:
    """Seconds per step and run: ``collect`` and ``<format>_<lang>``."""
    timings: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'demo.sqlite'}")
        load_demo(engine)
        for _ in range(repeat):
            start = time.perf_counter()
            with Session(engine) as session:
                report = collect(session, country)
            timings.setdefault("collect", []).append(time.perf_counter() - start)
            for fmt, write in writers().items():
                for lang in ("en", "nl"):
                    start = time.perf_counter()
                    write(report, lang)
                    timings.setdefault(f"{fmt}_{lang}", []).append(time.perf_counter() - start)
        engine.dispose()
    return timings


def format_table(timings: dict[str, list[float]]) -> str:
    lines = [f"{'step':<10} {'median s':>9} {'worst s':>8} {'goal s':>7}  met"]
    for step, values in timings.items():
        goal = GOALS.get(step, FILE_GOAL)
        worst = max(values)
        met = "yes" if worst < goal else "NO"
        lines.append(
            f"{step:<10} {statistics.median(values):>9.2f} {worst:>8.2f} {goal:>7.1f}  {met}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--country", default="NL")
    args = parser.parse_args(argv)
    print(format_table(measure(args.country, args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
