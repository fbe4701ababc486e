"""Settings.from_env: safe defaults for a laptop, refusals that protect a production server."""

from __future__ import annotations

from pathlib import Path

import pytest

from pathways_monitor.core.settings import DEMO_SECRET, Settings, SettingsError

STRONG_SECRET = "x" * 40


def test_defaults_use_sqlite_file_in_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({})
    assert settings.database_url == f"sqlite:///{tmp_path / 'pathways.sqlite'}"
    assert settings.mode == "development"
    assert settings.is_development
    assert settings.secret_key == DEMO_SECRET
    assert settings.max_upload_bytes == 50 * 1024 * 1024
    assert settings.public_read is True


def test_reads_os_environ_when_no_mapping_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:////srv/pathways/store.sqlite")
    monkeypatch.delenv("PATHWAYS_MODE", raising=False)
    assert Settings.from_env().database_url == "sqlite:////srv/pathways/store.sqlite"


def test_database_url_is_honoured() -> None:
    url = "postgresql+psycopg://pathways:pw@db.example.org:5432/pathways"
    assert Settings.from_env({"DATABASE_URL": url}).database_url == url
    assert Settings.from_env({"DATABASE_URL": f"  {url}\n"}).database_url == url


def test_blank_database_url_falls_back_to_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({"DATABASE_URL": "   "})
    assert settings.database_url == f"sqlite:///{tmp_path / 'pathways.sqlite'}"


@pytest.mark.parametrize("secret", [None, "", "   "])
def test_production_refuses_missing_secret(secret: str | None) -> None:
    env = {"PATHWAYS_MODE": "production", "DATABASE_URL": "sqlite:///x.sqlite"}
    if secret is not None:
        env["PATHWAYS_SECRET_KEY"] = secret
    with pytest.raises(SettingsError, match="PATHWAYS_SECRET_KEY"):
        Settings.from_env(env)


def test_production_mode_is_case_insensitive() -> None:
    with pytest.raises(SettingsError, match="PATHWAYS_SECRET_KEY"):
        Settings.from_env({"PATHWAYS_MODE": " Production "})


def test_production_refuses_short_secret() -> None:
    with pytest.raises(SettingsError, match="at least 32"):
        Settings.from_env({"PATHWAYS_MODE": "production", "PATHWAYS_SECRET_KEY": "x" * 31})


def test_production_accepts_strong_secret() -> None:
    settings = Settings.from_env(
        {"PATHWAYS_MODE": "production", "PATHWAYS_SECRET_KEY": STRONG_SECRET}
    )
    assert settings.secret_key == STRONG_SECRET
    assert settings.mode == "production"
    assert not settings.is_development


@pytest.mark.parametrize("mode", ["development", "demo"])
def test_development_modes_fall_back_to_demo_secret(mode: str) -> None:
    assert Settings.from_env({"PATHWAYS_MODE": mode}).secret_key == DEMO_SECRET


def test_unknown_mode_refused() -> None:
    with pytest.raises(SettingsError, match="PATHWAYS_MODE"):
        Settings.from_env({"PATHWAYS_MODE": "staging"})


@pytest.mark.parametrize("raw", ["fifty", "10MB", "1,5"])
def test_bad_max_upload_refused(raw: str) -> None:
    with pytest.raises(SettingsError, match="PATHWAYS_MAX_UPLOAD_MB"):
        Settings.from_env({"PATHWAYS_MAX_UPLOAD_MB": raw})


@pytest.mark.parametrize(("raw", "expected"), [("10", 10 * 1024 * 1024), ("0.5", 512 * 1024)])
def test_max_upload_in_megabytes(raw: str, expected: int) -> None:
    assert Settings.from_env({"PATHWAYS_MAX_UPLOAD_MB": raw}).max_upload_bytes == expected


@pytest.mark.parametrize(("raw", "expected"), [("0", False), ("false", False), ("YES", True)])
def test_public_read_flag(raw: str, expected: bool) -> None:
    assert Settings.from_env({"PATHWAYS_PUBLIC_READ": raw}).public_read is expected


@pytest.mark.parametrize("raw", ["-5", "0", "inf"])
def test_non_positive_or_infinite_max_upload_refused(raw: str) -> None:
    with pytest.raises(SettingsError, match="PATHWAYS_MAX_UPLOAD_MB"):
        Settings.from_env({"PATHWAYS_MAX_UPLOAD_MB": raw})


def test_gunicorn_fields_default_and_read_their_variables() -> None:
    default = Settings.from_env({})
    assert (default.bind, default.workers, default.threads) == ("127.0.0.1:8050", 4, 4)
    assert (default.worker_timeout, default.log_level) == (120, "info")
    env = {
        "PATHWAYS_BIND": "0.0.0.0:9000",
        "PATHWAYS_THREADS": "8",
        "PATHWAYS_WORKER_TIMEOUT": "300",
        "PATHWAYS_LOG_LEVEL": "debug",
        "WEB_CONCURRENCY": "6",
    }
    s = Settings.from_env(env)
    assert (s.bind, s.workers, s.threads, s.worker_timeout, s.log_level) == (
        "0.0.0.0:9000",
        6,
        8,
        300,
        "debug",
    )
    # PATHWAYS_WORKERS wins over the platform's WEB_CONCURRENCY.
    assert Settings.from_env({**env, "PATHWAYS_WORKERS": "2"}).workers == 2


@pytest.mark.parametrize(
    ("name", "raw", "words"),
    [
        ("PATHWAYS_THREADS", "many", "whole number"),
        ("PATHWAYS_WORKERS", "0", "at least 1"),
        ("PATHWAYS_WORKER_TIMEOUT", "1.5", "whole number"),
        ("PATHWAYS_PUBLIC_READ", "maybe", "0/false/no/off"),
    ],
)
def test_bad_values_name_their_variable(name: str, raw: str, words: str) -> None:
    with pytest.raises(SettingsError, match=rf"{name} .*{words}"):
        Settings.from_env({name: raw})


def test_unknown_variables_are_ignored_and_settings_are_frozen() -> None:
    s = Settings.from_env({"HOME": "/root", "PATHWAYS_MODE": "demo"})
    assert s.mode == "demo"
    with pytest.raises(Exception, match="frozen"):
        s.mode = "production"  # type: ignore[misc]


def test_cache_and_accounts_variables_are_fields_of_the_one_object() -> None:
    s = Settings.from_env(
        {
            "PATHWAYS_CACHE_URL": " redis://127.0.0.1:6379/2 ",
            "PATHWAYS_TRUSTED_USER_HEADER": "X-Remote-User",
            "PATHWAYS_SESSION_HOURS": "0.5",
            "PATHWAYS_LOGIN_RATE": "20",
        }
    )
    assert s.cache_url == "redis://127.0.0.1:6379/2"
    assert (s.trusted_user_header, s.session_hours, s.login_rate_per_minute) == (
        "X-Remote-User",
        0.5,
        20,
    )
    for name, raw in [
        ("PATHWAYS_CACHE_URL", "http://cache.example"),
        ("PATHWAYS_TRUSTED_USER_HEADER", "X Remote: User"),
        ("PATHWAYS_SESSION_HOURS", "-1"),
        ("PATHWAYS_LOGIN_RATE", "2.5"),
    ]:
        with pytest.raises(SettingsError, match=name):
            Settings.from_env({name: raw})
