"""The README stays true: every environment variable the code reads and every CLI command
is documented there (a new one without documentation fails this test)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from pathways_monitor.cli.main import build_parser
from pathways_monitor.core.settings import env_names

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
CODE_DIRS = (
    "settings.py",
    "app.py",
    "auth",
    "caching",
    "deploy",
    "workflow",
    "db",
    "dashboard",
    "importers",
    "exports",
    "api",
    "cli",
    "bench",
    "demo",
)
ENV_PATTERN = re.compile(r"""(?:environ|env)(?:\.get\(|\[)\s*["']([A-Z][A-Z0-9_]{2,})["']""")


def _code_files() -> list[Path]:
    files: list[Path] = []
    for name in CODE_DIRS:
        path = REPO / name
        files.extend([path] if path.is_file() else path.rglob("*.py"))
    return files


def test_every_environment_variable_is_documented() -> None:
    found = set()
    for path in _code_files():
        found |= set(ENV_PATTERN.findall(path.read_text(encoding="utf-8")))
    # settings.py reads through pydantic-settings (no literal call): its fields count too.
    found |= set(env_names())
    assert {"DATABASE_URL", "PATHWAYS_SECRET_KEY", "PATHWAYS_CACHE_URL"} <= found
    missing = sorted(v for v in found if f"`{v}`" not in README)
    assert not missing, f"environment variables missing from README: {missing}"


def test_every_settings_field_is_documented() -> None:
    """Reads the settings object's fields, not the code's text: a variable read through
    pydantic-settings has no literal environ.get call to grep for."""
    names = env_names()
    assert {"DATABASE_URL", "PATHWAYS_MAX_UPLOAD_MB", "PATHWAYS_WORKERS"} <= set(names)
    missing = sorted(v for v in names if f"`{v}`" not in README)
    assert not missing, f"settings missing from README: {missing}"


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                full = f"{prefix} {name}".strip()
                nested = _commands(sub, full)
                out.extend(nested or [full])
    return out


def test_every_cli_command_is_documented() -> None:
    commands = _commands(build_parser())
    assert "db upgrade" in commands and "import" in commands
    missing = [c for c in commands if f"pathways {c}" not in README]
    assert not missing, f"CLI commands missing from README: {missing}"


def test_readme_has_exactly_the_two_quick_start_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", quick, flags=re.S)
    assert blocks == [
        "python3 -m pip install -c constraints.txt -e . && pathways demo && pathways serve\n",
        'python3 -m pip install -c constraints.txt -e ".[test]" && python3 -m pytest -n auto\n',
    ]
