"""Settings of the accounts layer (README, "Accounts").

A small value object the accounts layer is configured with (tests build it directly); from the
environment it is read through the one settings object, ``settings.Settings``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pathways_monitor.core.settings import Settings


@dataclass(frozen=True)
class AuthSettings:
    # Name of a header set by a trusted reverse proxy after single sign-on (e.g. X-Remote-User).
    # Only enable behind a proxy that strips this header from clients' requests.
    trusted_user_header: str | None = None
    session_hours: float = 8.0
    login_rate_per_minute: int = 10  # sign-in attempts per minute per client IP (per worker)

    @classmethod
    def from_settings(cls, settings: Settings) -> AuthSettings:
        return cls(
            trusted_user_header=settings.trusted_user_header,
            session_hours=settings.session_hours,
            login_rate_per_minute=settings.login_rate_per_minute,
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> AuthSettings:
        """PATHWAYS_TRUSTED_USER_HEADER, PATHWAYS_SESSION_HOURS, PATHWAYS_LOGIN_RATE checked."""
        return cls.from_settings(Settings.from_env(environ))
