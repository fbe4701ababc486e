"""One typed settings object, read from the environment (README, "Configuration")."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

DEMO_SECRET = "pathways-demo-only-secret-do-not-use-in-production"


class SettingsError(RuntimeError):
    """Raised when the environment describes an unsafe or impossible configuration."""


def _default_database_url() -> str:
    return f"sqlite:///{Path.cwd() / 'pathways.sqlite'}"


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=_default_database_url)
    secret_key: str = DEMO_SECRET
    mode: str = "development"  # development | demo | production
    max_upload_bytes: int = 50 * 1024 * 1024
    public_read: bool = True

    @property
    def is_development(self) -> bool:
        return self.mode in {"development", "demo"}

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Read PATHWAYS_* and DATABASE_URL; refuse a missing secret outside development."""
        env = os.environ if environ is None else environ
        mode = env.get("PATHWAYS_MODE", "development").strip().lower() or "development"
        if mode not in {"development", "demo", "production"}:
            raise SettingsError(
                f"PATHWAYS_MODE must be development, demo or production, not {mode!r}"
            )
        secret = env.get("PATHWAYS_SECRET_KEY", "").strip()
        if not secret:
            if mode == "production":
                raise SettingsError(
                    "PATHWAYS_SECRET_KEY is not set: refusing to start in production mode "
                    "without a session signing key"
                )
            secret = DEMO_SECRET
        elif mode == "production" and len(secret) < 32:
            raise SettingsError("PATHWAYS_SECRET_KEY must be at least 32 characters in production")
        max_mb = env.get("PATHWAYS_MAX_UPLOAD_MB", "").strip()
        try:
            mb = float(max_mb) if max_mb else 50.0
        except ValueError as exc:
            raise SettingsError(f"PATHWAYS_MAX_UPLOAD_MB must be a number, not {max_mb!r}") from exc
        if not math.isfinite(mb) or mb <= 0:
            raise SettingsError(f"PATHWAYS_MAX_UPLOAD_MB must be a positive number, not {max_mb!r}")
        max_bytes = int(mb * 1024 * 1024)
        return cls(
            database_url=env.get("DATABASE_URL", "").strip() or _default_database_url(),
            secret_key=secret,
            mode=mode,
            max_upload_bytes=max_bytes,
            public_read=_env_bool_from(env, "PATHWAYS_PUBLIC_READ", True),
        )


def _env_bool_from(env: dict[str, str] | os._Environ[str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}
