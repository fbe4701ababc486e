"""Small helpers shared by the country page's tables: an accessible sortable ag-grid, collapsibles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_ag_grid as dag
from dash import html

from pathways_monitor.web.dashboard.common.grid import column_defaults


def grid(
    grid_id: str,
    rows: list[dict[str, Any]],
    columns: list[dict[str, Any]],
    *,
    pinned_bottom: list[dict[str, Any]] | None = None,
    auto_height: bool = True,
    height_px: int = 400,
    page_size: int | None = None,
) -> dag.AgGrid:
    """A sortable, resizable grid; values shown through ``<field>_text`` companions when given.

    Numbers stay numbers in ``rowData`` (so sorting is numeric) while the cell shows the
    language-formatted text precomputed in Python. ``page_size``: paginate when there are
    more rows (hundreds of auto-height rows kept the browser busy at full scale).
    """
    grid_options: dict[str, Any] = {"domLayout": "autoHeight"} if auto_height else {}
    if pinned_bottom:
        grid_options["pinnedBottomRowData"] = pinned_bottom
    if page_size is not None and len(rows) > page_size:
        grid_options.update(pagination=True, paginationPageSize=page_size)
        grid_options["paginationPageSizeSelector"] = [page_size, page_size * 2, page_size * 4]
    return dag.AgGrid(
        id=grid_id,
        rowData=rows,
        columnDefs=columns,
        # minWidth: at phone width (390 px) columns scroll inside the grid instead of being
        # squeezed to one letter each by responsiveSizeToFit.
        defaultColDef=column_defaults(filter=False, minWidth=80),
        columnSize="responsiveSizeToFit",
        dashGridOptions=grid_options,
        style=None if auto_height else {"height": f"{height_px}px"},
        className="ag-theme-alpine",
    )


def text_column(field: str, header: str, **extra: Any) -> dict[str, Any]:
    """A column that sorts on ``field`` but shows ``<field>_text``."""
    return {
        "field": field,
        "headerName": header,
        "valueFormatter": {"function": f"params.data.{field}_text"},
        "type": "rightAligned",
        **extra,
    }


def collapsible(
    summary: str, children: Sequence[Any] | Any, *, open_: bool = False
) -> html.Details:
    """A keyboard-reachable disclosure (native <details>), e.g. for a chart's data table."""
    body = list(children) if isinstance(children, (list, tuple)) else [children]
    return html.Details(
        [html.Summary(summary, className="fw-semibold"), html.Div(body, className="mt-2")],
        open=open_,
        className="mt-2",
    )
