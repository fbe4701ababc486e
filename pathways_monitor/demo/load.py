"""`pathways demo`: real Eurostat/PISA figures plus an example strategy, idempotently."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pathways_monitor.db import migrate
from pathways_monitor.db.reference import sync_reference_data
from pathways_monitor.importers.engine import import_file
from pathways_monitor.importers.problems import ImportReport

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_FILES = ("edat_lfse_14.tsv", "edat_lfse_16_total.tsv", "pisa_low_achievers_sdg_04_40.csv")
# The regional table repeats the country and EU rows of the national table, some flagged
# differently; the import's source precedence (domain.source_precedence) keeps the national
# table's figures for them, whatever the order, so loading the demo twice changes nothing.
REGIONAL_TABLE = "edat_lfse_16_total.tsv"
EXAMPLE_STRATEGY_NAME = "example_strategy_NL.xlsx"
DEMO_USER = "demo@pathways.local"


class DemoLoadError(RuntimeError):
    """A shipped demo file was rejected: a bug, never user error."""


# Demo sign-ins, created only outside production mode and documented in the README.
DEMO_PASSWORD = "pathways-demo"
DEMO_ACCOUNTS: tuple[tuple[str, str, str | None, str | None], ...] = (
    ("admin@demo.example", "admin", None, None),
    ("editor.nl@demo.example", "national_editor", "NL", None),
    ("coordinator.nl32@demo.example", "regional_coordinator", None, "NL32"),
    ("viewer@demo.example", "viewer", None, None),
)


@dataclass
class DemoResult:
    reports: list[ImportReport] = field(default_factory=list)
    accounts_created: list[str] = field(default_factory=list)


def ensure_demo_accounts(engine: Engine) -> list[str]:
    """The demo sign-ins (idempotent: existing accounts are left as they are)."""
    from pathways_monitor.accounts.users import create_user, get_user

    created = []
    with Session(engine) as session:
        for email, role, country, region in DEMO_ACCOUNTS:
            if get_user(session, email) is None:
                create_user(
                    session,
                    email,
                    role,
                    DEMO_PASSWORD,
                    country=country,
                    region=region,
                    actor="demo",
                )
                created.append(email)
        session.commit()
    return created


def _demo_bytes(name: str) -> bytes:
    return (DATA_DIR / name).read_bytes()


def example_strategy_bytes() -> bytes:
    from pathways_monitor.demo.example_strategy import build_example_workbook

    buffer = io.BytesIO()
    build_example_workbook(buffer)
    return buffer.getvalue()


def load_demo(
    engine: Engine, *, with_strategy: bool = True, with_accounts: bool = True
) -> DemoResult:
    """Upgrade the schema, sync reference data, import the demo files, add demo sign-ins."""
    migrate.upgrade(engine)
    with Session(engine) as session:
        sync_reference_data(session)
        session.commit()
    result = DemoResult()
    files = [(name, _demo_bytes(name)) for name in DEMO_FILES]
    if with_strategy:
        files.append((EXAMPLE_STRATEGY_NAME, example_strategy_bytes()))
    for name, data in files:
        with Session(engine) as session:
            report = import_file(session, data, name, user=DEMO_USER, max_bytes=1 << 30)
        if not report.accepted:
            raise DemoLoadError(
                f"demo file {name} was rejected: " + "; ".join(p.message for p in report.errors[:5])
            )
        result.reports.append(report)
    if with_accounts:
        result.accounts_created = ensure_demo_accounts(engine)
    return result
