"""The query-string state of shareable page URLs: one reading rule for every page."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any
from urllib.parse import parse_qs


def known_params(query: Mapping[str, Any], allowed: Collection[str]) -> dict[str, str]:
    """The page's own parameters from ``layout(**query)`` (others, e.g. lang, are ignored)."""
    return {k: v for k, v in query.items() if k in allowed and isinstance(v, str)}


def parse_search(search: str | None, allowed: Collection[str]) -> dict[str, str]:
    """``?a=1&b=2`` -> {"a": "1", "b": "2"} for the allowed names (first value wins)."""
    parsed = parse_qs((search or "").lstrip("?"))
    return {k: v[0] for k, v in parsed.items() if k in allowed and v}
