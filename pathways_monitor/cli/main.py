"""The `pathways` command line (INTERFACES.md): thin wrappers around the library functions."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from pathways_monitor.core.translation import LANGS

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_REJECTED = 2


def _settings():  # type: ignore[no-untyped-def]
    from pathways_monitor.core.settings import Settings

    return Settings.from_env()


def _engine():  # type: ignore[no-untyped-def]
    from pathways_monitor.db.session import make_engine

    return make_engine(_settings().database_url)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from pathways_monitor.db import migrate
    from pathways_monitor.db.reference import sync_reference_data

    engine = _engine()
    migrate.upgrade(engine)
    with Session(engine) as session:
        counts = sync_reference_data(session)
        session.commit()
    print(
        f"database at schema head; reference data: {counts.inserted} added, "
        f"{counts.updated} updated"
    )
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from pathways_monitor.demo.load import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo

    production = _settings().mode == "production"
    result = load_demo(_engine(), with_accounts=not production)
    for r in result.reports:
        print(
            f"{r.file}: {r.status}, {r.rows} rows "
            f"({r.inserted} new, {r.updated} changed, {r.unchanged} unchanged)"
        )
    if production:
        print("production mode: no demo accounts created (use `pathways users add`)")
    else:
        print(f"demo sign-ins at /login (password {DEMO_PASSWORD!r}, demo only):")
        for email, role, country, region in DEMO_ACCOUNTS:
            print(f"  {email:<32} {role}{' ' + (country or region) if country or region else ''}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from pathways_monitor.importers.engine import import_file

    settings = _settings()
    engine = _engine()
    worst = EXIT_OK
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            report_dict = {
                "file": name,
                "kind": None,
                "status": "rejected",
                "rows": 0,
                "problems": [
                    {
                        "sheet": None,
                        "row": None,
                        "column": None,
                        "value": name,
                        "code": "file_not_found",
                        "message": f"no such file: {name}",
                    }
                ],
            }
            _print_report(report_dict, args.json)
            worst = max(worst, EXIT_REJECTED)
            continue
        bar = None if args.json or not sys.stderr.isatty() else _ProgressBar(path.name)
        with Session(engine) as session:
            report = import_file(
                session,
                path.read_bytes(),
                path.name,
                user=args.user,
                dry_run=args.dry_run,
                max_bytes=settings.max_upload_bytes,
                progress=bar.update if bar else None,
                accept_revisions=args.accept_revisions,
            )
        if bar:
            bar.close()
        _print_report(_in_language(report.as_dict(), args.lang), args.json)
        if not report.accepted:
            worst = max(worst, EXIT_REJECTED)
    return worst


def _in_language(report: dict, lang: str) -> dict:  # type: ignore[type-arg]
    """The report with each problem's message in ``lang`` (English: unchanged)."""
    from pathways_monitor.importers.problems import render

    problems = [{**p, "message": render(p, lang)} for p in report["problems"]]
    return {**report, "problems": problems}


class _ProgressBar:
    """A one-line progress indicator on stderr for large files."""

    def __init__(self, name: str) -> None:
        self.name = name

    def update(self, stage: str, fraction: float, **_rows: int) -> None:
        width = 30
        done = int(width * fraction)
        sys.stderr.write(f"\r{self.name}: [{'#' * done}{'.' * (width - done)}] {stage:<10}")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")


def _print_report(report: dict, as_json: bool) -> None:  # type: ignore[type-arg]
    if as_json:
        print(json.dumps(report, ensure_ascii=False, default=str))
        return
    status = report["status"].upper()
    extra = ""
    if report["status"] == "accepted":
        extra = (
            f": {report.get('inserted', 0)} new, {report.get('updated', 0)} changed, "
            f"{report.get('unchanged', 0)} unchanged"
            + (" (dry run: nothing written)" if report.get("dry_run") else "")
        )
    print(
        f"{report['file']} [{report['kind'] or 'unknown'}] {status}, {report['rows']} rows{extra}"
    )
    for p in report["problems"]:
        where = ", ".join(
            part
            for part in (
                f"sheet {p['sheet']}" if p.get("sheet") else "",
                f"row {p['row']}" if p.get("row") else "",
                f"column {p['column']}" if p.get("column") else "",
            )
            if part
        )
        sev = p.get("severity", "error")
        print(f"  {sev} {p['code']}{' (' + where + ')' if where else ''}: {p['message']}")


def cmd_template(args: argparse.Namespace) -> int:
    from pathways_monitor.importers.templates import (
        write_indicator_template,
        write_strategy_template,
    )

    writer = write_strategy_template if args.which == "strategy" else write_indicator_template
    writer(args.out, lang=args.lang)
    print(f"wrote {args.which} template to {args.out}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from pathways_monitor.web.app import create_app

    app = create_app(_settings())
    app.run(host=args.host, port=args.port, debug=False)
    return EXIT_OK


def cmd_worker(args: argparse.Namespace) -> int:
    """Take background jobs (imports, reports) from the Redis queue the web app fills."""
    from pathways_monitor.jobs.queue import run_worker

    settings = _settings()
    if not settings.cache_url:
        print(
            "pathways worker needs PATHWAYS_CACHE_URL (the Redis the web app queues jobs on); "
            "without it the web app runs its jobs itself",
            file=sys.stderr,
        )
        return EXIT_REJECTED
    run_worker(settings.cache_url, burst=args.burst)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pathways",
        description=(
            "Pathways Monitor: track national strategies for school success against the EU "
            "2030 targets. The database is DATABASE_URL (default: pathways.sqlite here)."
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    db = sub.add_parser("db", help="database schema commands")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="SUBCOMMAND")
    up = db_sub.add_parser("upgrade", help="migrate DATABASE_URL to the newest schema")
    up.set_defaults(func=cmd_db_upgrade)

    demo = sub.add_parser(
        "demo",
        help="upgrade, then load the demo data (real Eurostat/PISA figures + example strategy)",
    )
    demo.set_defaults(func=cmd_demo)

    imp = sub.add_parser(
        "import",
        help="validate and store strategy workbooks, indicator sheets and Eurostat files",
        description=(
            "Detects the kind of each file, validates it and stores it in one transaction. "
            "Exit status: 0 all accepted, 2 at least one rejected (nothing written for it), "
            "1 unexpected failure."
        ),
    )
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--dry-run", action="store_true", help="validate and report, write nothing")
    imp.add_argument("--json", action="store_true", help="print one JSON object per file")
    imp.add_argument("--user", default="cli", help="who the import is recorded as (default: cli)")
    imp.add_argument(
        "--lang",
        choices=list(LANGS),
        default="en",
        help="language of the problem messages (default: en; codes and JSON keys stay the same)",
    )
    imp.add_argument(
        "--accept-revisions",
        action="store_true",
        help=(
            "also store a file that would revise many stored values of a series or blank one "
            "(refused without it with a large_revision problem); the old values are kept as "
            "revisions"
        ),
    )
    imp.set_defaults(func=cmd_import)

    tpl = sub.add_parser("template", help="write a blank upload template")
    tpl.add_argument("which", choices=["strategy", "indicators"])
    tpl.add_argument("out", metavar="OUT.xlsx")
    tpl.add_argument("--lang", choices=list(LANGS), default="en")
    tpl.set_defaults(func=cmd_template)

    from pathways_monitor.cli.export_cmd import register as register_export

    register_export(sub)
    from pathways_monitor.cli.users_cmd import register as register_users

    register_users(sub)

    serve = sub.add_parser("serve", help="run the web app (same as python app.py)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8050)
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser(
        "worker",
        help="run background jobs (imports, reports) queued on PATHWAYS_CACHE_URL's Redis",
        description=(
            "Takes imports and reports the web app queued on Redis (PATHWAYS_CACHE_URL) and "
            "runs them against DATABASE_URL's store; run as many as you like, on any machine "
            "that reaches both. Exit status 2 when PATHWAYS_CACHE_URL is unset."
        ),
    )
    worker.add_argument("--burst", action="store_true", help="stop when the queue is empty")
    worker.set_defaults(func=cmd_worker)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return EXIT_FAILURE
    except Exception as exc:
        from pathways_monitor.core.settings import SettingsError

        if isinstance(exc, SettingsError):
            print(f"configuration error: {exc}", file=sys.stderr)
            return EXIT_FAILURE
        print(f"unexpected failure: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
