"""WSGI and script entry kept at the top of the checkout: `gunicorn app:server`, `python app.py`.

The application lives in ``pathways_monitor.web.app``; this shim only forwards to it so the
documented targets keep working.
"""

from __future__ import annotations

from pathways_monitor.web.app import create_app, main

__all__ = ["create_app", "main"]


def __getattr__(name: str) -> object:
    """`app:server` for gunicorn, built on first access (never at import time)."""
    if name == "server":
        return create_app().server
    raise AttributeError(name)


if __name__ == "__main__":
    main()
