"""Accounts and API tokens (issue 6): who may sign in, in which role, for which place.

Passwords are stored only as argon2id hashes and API tokens only as SHA-256 digests. The role's
place is enforced by the database too: a national editor always has a country, a regional
coordinator always has a region. Table names avoid the SQL keyword ``user``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, func, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pathways_monitor.core.access import (  # the roles live with the rules
    ROLE_NATIONAL_EDITOR,
    ROLE_REGIONAL_COORDINATOR,
    ROLES,
)
from pathways_monitor.db.base import Base
from pathways_monitor.db.models import Place


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _roles_check() -> str:
    quoted = ", ".join(f"'{r}'" for r in ROLES)
    return f"role IN ({quoted})"


class User(Base):
    """A person (or a statistical office's robot) who signs in or holds API tokens."""

    __tablename__ = "app_user"
    __table_args__ = (
        CheckConstraint(_roles_check(), name="role"),
        CheckConstraint(
            f"role <> '{ROLE_NATIONAL_EDITOR}' OR country_id IS NOT NULL",
            name="editor_has_country",
        ),
        CheckConstraint(
            f"role <> '{ROLE_REGIONAL_COORDINATOR}' OR region_id IS NOT NULL",
            name="coordinator_has_region",
        ),
        CheckConstraint("email = lower(email) AND email LIKE '%_@_%'", name="email_form"),
        CheckConstraint("failed_logins >= 0", name="failed_logins"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(24))
    country_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None]
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[dt.datetime] = mapped_column(default=_now, server_default=func.now())

    country: Mapped[Place | None] = relationship(foreign_keys=[country_id])
    region: Mapped[Place | None] = relationship(foreign_keys=[region_id])
    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )


class ApiToken(Base):
    """A bearer token for ``POST /api/v1/import``; only its SHA-256 digest is kept."""

    __tablename__ = "api_token"
    __table_args__ = (CheckConstraint("length(token_hash) = 64", name="token_hash_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=_now, server_default=func.now())
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")
