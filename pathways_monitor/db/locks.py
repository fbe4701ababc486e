"""The one writer lock: imports, strategy edits and approval transitions run one at a time.

On PostgreSQL a transaction-scoped advisory lock (released at commit or rollback), so two
workers never interleave a validate-then-write; SQLite serialises writers itself.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

WRITER_LOCK_KEY = 727_270_001  # pg_advisory_xact_lock key shared by every write path


def hold_writer_lock(session: Session) -> None:
    """Wait for, then hold until the end of this transaction, the store's writer lock."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITER_LOCK_KEY})
