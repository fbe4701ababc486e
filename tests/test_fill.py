"""``common.fill``: a page's texts set on its drawn tree by id, loudly when an id is missing."""

from __future__ import annotations

import pytest
from dash import dcc, html

from pathways_monitor.web.dashboard.common.fill import fill


def _tree() -> html.Div:
    return html.Div(
        [html.H1(id="head"), html.Div(dcc.Dropdown(id="geo"), id="row")],
        id="page",
    )


def test_sets_each_property_by_id_and_returns_the_tree() -> None:
    tree = _tree()
    out = fill(tree, [("head", "children"), ("geo", "options")], ["Title", [{"value": "NL"}]])
    assert out is tree
    assert tree.children[0].children == "Title"
    assert tree.children[1].children.options == [{"value": "NL"}]


def test_a_missing_id_an_unknown_property_or_a_count_mismatch_fails() -> None:
    with pytest.raises(LookupError, match="nope"):
        fill(_tree(), [("nope", "children")], ["x"])
    with pytest.raises(AttributeError, match="colour"):
        fill(_tree(), [("head", "colour")], ["red"])
    with pytest.raises(ValueError):
        fill(_tree(), [("head", "children")], [])
