"""One typed settings object, read from the environment (README, "Configuration").

pydantic-settings reads and types the variables; the checks below turn a bad value into one
sentence that names the variable (a `SettingsError`), so a server refuses to start with a
message an operator can act on. The cache, accounts and gunicorn settings are fields here too,
so every variable in the README goes through this one object.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEMO_SECRET = "pathways-demo-only-secret-do-not-use-in-production"
MODES = ("development", "demo", "production")
DEFAULT_MAX_UPLOAD_MB = 50.0
DEFAULT_SYNC_IMPORT_MB = 2.0
_MB = 1024 * 1024
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
REDIS_SCHEMES = frozenset({"redis", "rediss", "unix"})


class SettingsError(RuntimeError):
    """Raised when the environment describes an unsafe or impossible configuration."""


def _default_database_url() -> str:
    return f"sqlite:///{Path.cwd() / 'pathways.sqlite'}"


def _env(name: str, field_name: str) -> Any:
    """The variable's name in the environment; the field name works for keyword arguments."""
    return Field(validation_alias=AliasChoices(name, field_name))


class Settings(BaseSettings):
    """Every setting of the server; built by `from_env`, never mutated."""

    model_config = SettingsConfigDict(
        frozen=True,
        extra="ignore",
        populate_by_name=True,
        case_sensitive=True,
        env_ignore_empty=True,
        str_strip_whitespace=True,
    )

    database_url: str = Field(
        default_factory=_default_database_url,
        validation_alias=AliasChoices("DATABASE_URL", "database_url"),
    )
    secret_key: str = Field(
        DEMO_SECRET, validation_alias=AliasChoices("PATHWAYS_SECRET_KEY", "secret_key")
    )
    mode: str = Field("development", validation_alias=AliasChoices("PATHWAYS_MODE", "mode"))
    max_upload_bytes: int = Field(
        int(DEFAULT_MAX_UPLOAD_MB * _MB),
        validation_alias=AliasChoices("PATHWAYS_MAX_UPLOAD_MB", "max_upload_bytes"),
    )
    # API imports up to this size run within the request; larger ones become a background job
    sync_import_bytes: int = Field(
        int(DEFAULT_SYNC_IMPORT_MB * _MB),
        validation_alias=AliasChoices("PATHWAYS_SYNC_IMPORT_MB", "sync_import_bytes"),
    )
    public_read: bool = Field(
        True, validation_alias=AliasChoices("PATHWAYS_PUBLIC_READ", "public_read")
    )
    # shared cache and sign-in limit (caching/cache.py)
    cache_url: str | None = Field(
        None, validation_alias=AliasChoices("PATHWAYS_CACHE_URL", "cache_url")
    )
    # accounts (auth/config.py)
    trusted_user_header: str | None = Field(
        None, validation_alias=AliasChoices("PATHWAYS_TRUSTED_USER_HEADER", "trusted_user_header")
    )
    session_hours: float = Field(
        8.0, validation_alias=AliasChoices("PATHWAYS_SESSION_HOURS", "session_hours")
    )
    login_rate_per_minute: int = Field(
        10, validation_alias=AliasChoices("PATHWAYS_LOGIN_RATE", "login_rate_per_minute")
    )
    # gunicorn (deploy/gunicorn.conf.py)
    bind: str = Field("127.0.0.1:8050", validation_alias=AliasChoices("PATHWAYS_BIND", "bind"))
    workers: int = Field(
        4, validation_alias=AliasChoices("PATHWAYS_WORKERS", "WEB_CONCURRENCY", "workers")
    )
    threads: int = Field(4, validation_alias=AliasChoices("PATHWAYS_THREADS", "threads"))
    worker_timeout: int = Field(
        120, validation_alias=AliasChoices("PATHWAYS_WORKER_TIMEOUT", "worker_timeout")
    )
    log_level: str = Field("info", validation_alias=AliasChoices("PATHWAYS_LOG_LEVEL", "log_level"))

    @property
    def is_development(self) -> bool:
        return self.mode in {"development", "demo"}

    @model_validator(mode="before")
    @classmethod
    def _megabytes(cls, data: Any) -> Any:
        """PATHWAYS_MAX_UPLOAD_MB and PATHWAYS_SYNC_IMPORT_MB are in megabytes (decimals
        allowed); their fields hold bytes."""
        if not isinstance(data, dict):
            return data
        for name in MEGABYTE_VARIABLES:
            if name in data:
                data = {**data, name: _megabytes_to_bytes(name, data[name])}
        return data

    @field_validator("sync_import_bytes")
    @classmethod
    def _sync_bytes(cls, value: int) -> int:
        if value < 1:
            raise SettingsError(
                f"PATHWAYS_SYNC_IMPORT_MB must be a positive size, not {value} bytes"
            )
        return value

    @field_validator("mode", mode="before")
    @classmethod
    def _mode(cls, value: Any) -> str:
        mode = str(value).strip().lower() or "development"
        if mode not in MODES:
            raise SettingsError(
                f"PATHWAYS_MODE must be development, demo or production, not {mode!r}"
            )
        return mode

    @field_validator("public_read", mode="before")
    @classmethod
    def _flag(cls, value: Any) -> Any:
        if isinstance(value, str):
            word = value.strip().lower()
            if word not in _TRUE | _FALSE:
                raise SettingsError(
                    f"PATHWAYS_PUBLIC_READ must be one of 1/true/yes/on or 0/false/no/off, "
                    f"not {value!r}"
                )
            return word in _TRUE
        return value

    @field_validator("cache_url", mode="before")
    @classmethod
    def _cache_url(cls, value: Any) -> str | None:
        raw = str(value).strip() if value is not None else ""
        if not raw:
            return None
        if urlsplit(raw).scheme not in REDIS_SCHEMES:
            raise SettingsError(
                f"PATHWAYS_CACHE_URL must be a redis://, rediss:// or unix:// URL, not {raw!r}"
            )
        return raw

    @field_validator("trusted_user_header", mode="before")
    @classmethod
    def _header(cls, value: Any) -> str | None:
        header = str(value).strip() if value is not None else ""
        if not header:
            return None
        if not all(c.isalnum() or c == "-" for c in header):
            raise SettingsError(
                f"PATHWAYS_TRUSTED_USER_HEADER must be a header name, not {header!r}"
            )
        return header

    @field_validator("session_hours", mode="before")
    @classmethod
    def _hours(cls, value: Any) -> float:
        return _positive("PATHWAYS_SESSION_HOURS", value)

    @field_validator("login_rate_per_minute", mode="before")
    @classmethod
    def _rate(cls, value: Any) -> int:
        rate = _positive("PATHWAYS_LOGIN_RATE", value)
        if rate != int(rate):
            raise SettingsError("PATHWAYS_LOGIN_RATE must be a whole number of attempts")
        return int(rate)

    @field_validator("workers", "threads", "worker_timeout", mode="before")
    @classmethod
    def _whole(cls, value: Any, info: Any) -> int:
        name = {
            "workers": "PATHWAYS_WORKERS",
            "threads": "PATHWAYS_THREADS",
            "worker_timeout": "PATHWAYS_WORKER_TIMEOUT",
        }[info.field_name]
        try:
            number = int(str(value).strip())
        except ValueError as exc:
            raise SettingsError(f"{name} must be a whole number, not {value!r}") from exc
        if number < 1:
            raise SettingsError(f"{name} must be at least 1, not {number}")
        return number

    @model_validator(mode="after")
    def _secret(self) -> Settings:
        """Refuse a missing or short signing key outside development."""
        if self.mode == "production":
            if self.secret_key == DEMO_SECRET:
                raise SettingsError(
                    "PATHWAYS_SECRET_KEY is not set: refusing to start in production mode "
                    "without a session signing key"
                )
            if len(self.secret_key) < 32:
                raise SettingsError(
                    "PATHWAYS_SECRET_KEY must be at least 32 characters in production"
                )
        return self

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read PATHWAYS_* and DATABASE_URL (os.environ, or the mapping given, e.g. in tests).

        A blank variable counts as unset. Raises SettingsError naming the variable.
        """
        try:
            if environ is None:
                return cls()
            given = {k: v for k, v in environ.items() if k in ENV_NAMES and str(v).strip()}
            return cls.model_validate(given)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = str(first["loc"][0]) if first.get("loc") else "a setting"
            raise SettingsError(f"{where}: {first['msg']}") from exc


MEGABYTE_VARIABLES = ("PATHWAYS_MAX_UPLOAD_MB", "PATHWAYS_SYNC_IMPORT_MB")


def _megabytes_to_bytes(name: str, value: Any) -> int:
    raw = str(value).strip()
    try:
        mb = float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a number (megabytes), not {raw!r}") from exc
    if not math.isfinite(mb) or mb <= 0:
        raise SettingsError(f"{name} must be a positive number (megabytes), not {raw!r}")
    return max(1, int(mb * _MB))


def _positive(name: str, value: Any) -> float:
    try:
        number = float(str(value).strip())
    except ValueError as exc:
        raise SettingsError(f"{name} must be a number, not {value!r}") from exc
    if not math.isfinite(number) or number <= 0:
        raise SettingsError(f"{name} must be a positive number, not {value!r}")
    return number


def env_names() -> tuple[str, ...]:
    """Every environment variable the settings object reads (the README documents each)."""
    names: list[str] = []
    for info in Settings.model_fields.values():
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            names += [str(c) for c in alias.choices if str(c).isupper()]
    return tuple(names)


ENV_NAMES: frozenset[str] = frozenset(env_names())
