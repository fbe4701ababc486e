"""Set properties of a freshly drawn component tree by id: a page's texts, filled while drawing.

A page draws itself in one language (see ``common.language``), so what a callback once filled in
after every draw (labels, headings, option lists) is set on the components before the tree is
sent. ``outputs`` names the components and properties, ``values`` what they get, in the same
order (a page keeps the pairs as a module constant beside the function that builds the values).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from dash.development.base_component import Component

Target = tuple[str, str]  # (component id, property)
Tree = TypeVar("Tree")


def _key(component_id: Any) -> str:
    return (
        component_id if isinstance(component_id, str) else json.dumps(component_id, sort_keys=True)
    )


def _has_prop(component: Component, prop: str) -> bool:
    wildcards = getattr(component, "_valid_wildcard_attributes", [])
    return prop in component._prop_names or any(prop.startswith(w) for w in wildcards)


def components(tree: Any) -> Iterator[Component]:
    """Every component in a tree (or a list of trees), through ``children``."""
    if isinstance(tree, list | tuple):
        for item in tree:
            yield from components(item)
    elif isinstance(tree, Component):
        yield tree
        yield from components(getattr(tree, "children", None))


def fill(tree: Tree, outputs: Sequence[Target], values: Sequence[Any]) -> Tree:
    """Set ``component.<prop> = value`` for each (id, prop) of ``outputs``; returns ``tree``.

    An id missing from the tree is an error (the component was renamed or moved out of the
    tree, and the value would silently go nowhere), as are a property the component does not
    have and a number of values that differs from the number of outputs.
    """
    if len(outputs) != len(values):
        raise ValueError(f"{len(outputs)} outputs but {len(values)} values")
    found: dict[str, Component] = {}
    for component in components(tree):
        component_id = getattr(component, "id", None)
        if component_id is not None:
            found.setdefault(_key(component_id), component)
    for (component_id, prop), value in zip(outputs, values, strict=True):
        component = found.get(_key(component_id))
        if component is None:
            raise LookupError(f"no component with id {component_id!r} in the drawn tree")
        if not _has_prop(component, prop):  # Dash would drop it without a word
            raise AttributeError(f"{type(component).__name__} {component_id!r} has no {prop!r}")
        setattr(component, prop, value)
    return tree
