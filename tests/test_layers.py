"""The package's layers hold (import-linter, contracts in pyproject.toml) and the check has teeth.

The same contracts run as a step of ``.ci/run``; here they also run with the README's test
command, and a copy of the package with one import up the layers shows the check fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "pathways_monitor"


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def _lint(where: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` with ``where``'s pyproject.toml, on the package inside ``where``."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command; "
            "sys.exit(lint_imports_command())",
            "--no-cache",
        ],
        cwd=where,
        env={**os.environ, "PYTHONPATH": str(where)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_subpackage_is_in_a_layer() -> None:
    """A new subpackage cannot escape the contract by not being listed."""
    layers = next(c for c in _contracts() if c.get("containers") == ["pathways_monitor"])
    listed = {name.strip() for layer in layers["layers"] for name in str(layer).split("|")}
    present = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    present -= {"migrations"}  # Alembic scripts, loaded by Alembic rather than imported
    assert present == listed


def test_the_layers_hold() -> None:
    done = _lint(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_an_import_up_the_layers_fails_the_check(tmp_path: Path) -> None:
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    copy = tmp_path / "pathways_monitor"
    shutil.copytree(
        PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "data", "assets", "locale")
    )
    (copy / "db" / "reaches_up.py").write_text(
        '"""A database module that wrongly reads the web request context."""\n\n'
        "from pathways_monitor.web.context import current_engine\n\n"
        "ENGINE = current_engine\n",
        encoding="utf-8",
    )
    done = _lint(tmp_path)
    assert done.returncode != 0, done.stdout
    assert "pathways_monitor.db.reaches_up -> pathways_monitor.web.context" in done.stdout
