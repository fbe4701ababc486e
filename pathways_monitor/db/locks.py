"""The one writer lock: imports, strategy edits and approval transitions run one at a time.

On PostgreSQL a transaction-scoped advisory lock (released at commit or rollback), so two
workers never interleave a validate-then-write. On SQLite, when the transaction has not begun
yet, ``BEGIN IMMEDIATE`` takes the database's write lock at once: in WAL mode a transaction that
first reads and only later writes fails ("database is locked") if another connection committed
in between (a job created by the web while an import validates); taken first, the others wait
(busy timeout) instead.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

WRITER_LOCK_KEY = 727_270_001  # pg_advisory_xact_lock key shared by every write path


def hold_writer_lock(session: Session) -> None:
    """Wait for, then hold until the end of this transaction, the store's writer lock."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITER_LOCK_KEY})
    elif dialect == "sqlite":
        raw = session.connection().connection.dbapi_connection
        if raw is not None and not raw.in_transaction:
            raw.execute("BEGIN IMMEDIATE")
