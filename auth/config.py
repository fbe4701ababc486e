"""Settings of the accounts layer, read from the environment (README, "Accounts").

Kept apart from ``settings.Settings`` so that the accounts layer can be configured without
touching the shared settings object.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass

from settings import SettingsError


@dataclass(frozen=True)
class AuthSettings:
    # Name of a header set by a trusted reverse proxy after single sign-on (e.g. X-Remote-User).
    # Only enable behind a proxy that strips this header from clients' requests.
    trusted_user_header: str | None = None
    session_hours: float = 8.0
    login_rate_per_minute: int = 10  # sign-in attempts per minute per client IP (per worker)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> AuthSettings:
        env = os.environ if environ is None else environ
        header = env.get("PATHWAYS_TRUSTED_USER_HEADER", "").strip() or None
        if header is not None and not all(c.isalnum() or c == "-" for c in header):
            raise SettingsError(
                f"PATHWAYS_TRUSTED_USER_HEADER must be a header name, not {header!r}"
            )
        hours = _number(env, "PATHWAYS_SESSION_HOURS", 8.0)
        rate = _number(env, "PATHWAYS_LOGIN_RATE", 10.0)
        if rate != int(rate):
            raise SettingsError("PATHWAYS_LOGIN_RATE must be a whole number of attempts")
        return cls(trusted_user_header=header, session_hours=hours, login_rate_per_minute=int(rate))


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a number, not {raw!r}") from exc
    if not math.isfinite(value) or value <= 0:
        raise SettingsError(f"{name} must be a positive number, not {raw!r}")
    return value
