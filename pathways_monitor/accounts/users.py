"""Accounts in the database: create, sign in with lock-out, API tokens (create, verify, revoke).

The lock-out lives on the ``app_user`` row (``failed_logins``, ``locked_until``) so that every
worker process sees the same count. Functions take the caller's session; the ones whose effect
must survive a refused sign-in (:func:`verify_login`) commit themselves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pathways_monitor.accounts.passwords import (
    burn_time,
    hash_password,
    needs_rehash,
    verify_password,
)
from pathways_monitor.core.access import (
    ROLE_NATIONAL_EDITOR,
    ROLE_REGIONAL_COORDINATOR,
    ROLES,
    Principal,
)
from pathways_monitor.db.models import AuditLog, Place
from pathways_monitor.db.models_auth import ApiToken, User

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
TOKEN_PREFIX = "pwm_"

# Reasons a sign-in is refused (the web page shows one generic message for all of them).
LOGIN_OK = "ok"
LOGIN_BAD_CREDENTIALS = "bad_credentials"
LOGIN_LOCKED = "locked"
LOGIN_INACTIVE = "inactive"


class AccountError(ValueError):
    """An account request that cannot be carried out; ``code`` is stable for callers."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class LoginResult:
    reason: str
    principal: Principal | None = None
    locked_until: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.reason == LOGIN_OK


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; everything here is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def principal_of(user: User) -> Principal:
    """A detached, read-only view of an account for permission checks and request context."""
    return Principal(
        user_id=user.id,
        email=user.email,
        role=user.role,
        country_code=user.country.code if user.country else None,
        region_code=user.region.code if user.region else None,
    )


def get_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def _place(session: Session, code: str, kind: str) -> Place | None:
    return session.scalar(
        select(Place).where(Place.code == code.strip().upper(), Place.kind == kind)
    )


def _audit(
    session: Session, actor: str, action: str, table: str, key: str, **after: object
) -> None:
    session.add(
        AuditLog(
            actor=actor,
            action=action,
            table_name=table,
            row_key=key,
            before=None,
            after=dict(after),
            country_code=after.get("country") if isinstance(after.get("country"), str) else None,
        )
    )


def create_user(
    session: Session,
    email: str,
    role: str,
    password: str | None,
    *,
    country: str | None = None,
    region: str | None = None,
    actor: str = "cli",
) -> User:
    """Validate and add an account (flushed, not committed); raises :class:`AccountError`.

    A regional coordinator's country is set from the region, so "their country" is known too.
    """
    address = normalise_email(email)
    if "@" not in address.strip("@") or len(address) > 254 or " " in address:
        raise AccountError("bad_email", f"not an email address: {email!r}")
    if role not in ROLES:
        raise AccountError("bad_role", f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    if not password:
        raise AccountError("empty_password", "the password is empty")
    if get_user(session, address) is not None:
        raise AccountError("duplicate_email", f"an account for {address} already exists")
    country_place = region_place = None
    if role == ROLE_NATIONAL_EDITOR:
        if not country:
            raise AccountError("missing_country", "a national editor needs --country")
        country_place = _place(session, country, "country")
        if country_place is None:
            raise AccountError("unknown_country", f"unknown country code {country!r}")
    elif country:
        country_place = _place(session, country, "country")
        if country_place is None:
            raise AccountError("unknown_country", f"unknown country code {country!r}")
    if role == ROLE_REGIONAL_COORDINATOR:
        if not region:
            raise AccountError("missing_region", "a regional coordinator needs --region")
        region_place = _place(session, region, "region")
        if region_place is None:
            raise AccountError("unknown_region", f"unknown NUTS region code {region!r}")
        if country_place is not None and region_place.country_id != country_place.id:
            raise AccountError("region_outside_country", f"{region} is not in {country}")
        country_place = region_place.country
    elif region:
        raise AccountError(
            "unexpected_region", f"only a regional coordinator has a region ({role})"
        )
    user = User(
        email=address,
        password_hash=hash_password(password),
        role=role,
        country=country_place,
        region=region_place,
    )
    session.add(user)
    session.flush()
    _audit(
        session,
        actor,
        "insert",
        "app_user",
        address,
        role=role,
        country=country_place.code if country_place else None,
        region=region_place.code if region_place else None,
    )
    return user


def verify_login(
    session: Session, email: str, password: str, *, now: dt.datetime | None = None
) -> LoginResult:
    """Check a sign-in and record its outcome (commits).

    After ``MAX_FAILED_LOGINS`` failures in a row the account is locked for ``LOCK_MINUTES``;
    while locked even the right password is refused. The failure counter is incremented in SQL,
    so concurrent workers cannot lose a failure.
    """
    moment = now or utcnow()
    user = get_user(session, email)
    if user is None:
        burn_time()
        return LoginResult(LOGIN_BAD_CREDENTIALS)
    locked_until = _aware(user.locked_until)
    if locked_until is not None and locked_until > moment:
        burn_time()
        return LoginResult(LOGIN_LOCKED, locked_until=locked_until)
    if not verify_password(user.password_hash, password):
        _record_failure(session, user, moment)
        session.commit()
        locked = _aware(user.locked_until)
        if locked is not None and locked > moment:
            return LoginResult(LOGIN_LOCKED, locked_until=locked)
        return LoginResult(LOGIN_BAD_CREDENTIALS)
    if not user.is_active:
        return LoginResult(LOGIN_INACTIVE)
    user.failed_logins = 0
    user.locked_until = None
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    principal = principal_of(user)
    session.commit()
    return LoginResult(LOGIN_OK, principal)


def _record_failure(session: Session, user: User, moment: dt.datetime) -> None:
    session.execute(
        update(User).where(User.id == user.id).values(failed_logins=User.failed_logins + 1)
    )
    session.refresh(user)
    if user.failed_logins >= MAX_FAILED_LOGINS:
        user.failed_logins = 0
        user.locked_until = moment + dt.timedelta(minutes=LOCK_MINUTES)
    session.flush()


def set_password(session: Session, user: User, password: str) -> None:
    """Replace the password (and lift a lock-out); flushed, not committed."""
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    session.flush()


# --------------------------------------------------------------------------- API tokens


def token_digest(token: str) -> str:
    """The SHA-256 hex digest stored for a token (tokens are random, so no salt is needed)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, user: User, *, actor: str = "cli") -> str:
    """A new random bearer token for ``user``; the clear token is returned once, never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user=user, token_hash=token_digest(token))
    session.add(row)
    session.flush()
    _audit(session, actor, "insert", "api_token", f"{user.email}#{row.id}", user=user.email)
    return token


def verify_token(
    session: Session, token: str | None, *, now: dt.datetime | None = None
) -> Principal | None:
    """The active account holding this unrevoked token, or None; stamps ``last_used_at``."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == token_digest(token), ApiToken.revoked_at.is_(None)
        )
    )
    if row is None or not row.user.is_active:
        return None
    row.last_used_at = now or utcnow()
    session.flush()
    return principal_of(row.user)


def revoke_tokens(session: Session, user: User, *, actor: str = "cli") -> int:
    """Revoke every live token of ``user``; returns how many (flushed, not committed)."""
    moment = utcnow()
    live = [t for t in user.tokens if t.revoked_at is None]
    for row in live:
        row.revoked_at = moment
    if live:
        _audit(session, actor, "update", "api_token", user.email, revoked=len(live))
    session.flush()
    return len(live)
