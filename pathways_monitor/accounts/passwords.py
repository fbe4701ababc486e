"""Password hashing with argon2id (argon2-cffi): never store, compare or log a clear password."""

from __future__ import annotations

import functools

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD_LENGTH = 8


@functools.cache
def _hasher() -> PasswordHasher:
    """argon2-cffi's defaults (RFC 9106 low-memory profile), argon2id explicitly."""
    return PasswordHasher(type=Type.ID)


def hash_password(password: str) -> str:
    """An argon2id hash in PHC format (salt and parameters included)."""
    if not password:
        raise ValueError("the password is empty")
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; False for a missing or malformed hash, never an error."""
    if not password_hash or not password:
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    try:
        return _hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@functools.cache
def _dummy_hash() -> str:
    return _hasher().hash("pathways-timing-equaliser")


def burn_time() -> None:
    """Spend one verification's time, so an unknown email answers as slowly as a wrong password."""
    verify_password(_dummy_hash(), "not-the-password")
