"""Column defaults shared by every table (dash-ag-grid) of the dashboard.

Headers wrap onto a second line instead of being cut to "Late…": at phone width (390 px)
a column is often narrower than its heading.
"""

from __future__ import annotations

from typing import Any

COLUMN_DEFAULTS: dict[str, Any] = {
    "sortable": True,
    "resizable": True,
    "wrapHeaderText": True,
    "autoHeaderHeight": True,
}


def column_defaults(**overrides: Any) -> dict[str, Any]:
    """The shared defaults with a page's own settings (e.g. filter=True) on top."""
    return {**COLUMN_DEFAULTS, **overrides}
