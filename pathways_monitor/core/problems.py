"""Import problems as records: a stable code, where it is, and a message in the reader's language.

Each problem names where it is (sheet, Excel row or CSV line, column), the offending value,
a stable machine code and a plain-language message for a ministry official. Like frictionless
errors, a problem carries its message id and the parameters that fill it, so the upload page,
its problems workbook and the API can show it in Dutch, French or German; ``message`` is the
English text (what ``pathways import --json`` prints).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pathways_monitor.core.translation import SOURCE_LANG, gettext, ngettext, normalise_lang

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    severity: str = ERROR
    # The message id (and its plural form, chosen by ``params[count]``) and what fills it.
    template: str | None = None
    plural: str | None = None
    count: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def text(self, lang: str | None) -> str:
        """The message in ``lang`` (English when the problem has no message id)."""
        return render(self.as_dict(), lang)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "severity": self.severity,
            "template": self.template,
            "plural": self.plural,
            "count": self.count,
            "params": dict(self.params),
        }


def part(
    template: str, params: Mapping[str, Any] | None = None, *, plural: str | None = None
) -> dict[str, Any]:
    """A piece of a message with its own message id (a clause, a list item, a word such as
    "total"), given as a parameter of another message and translated with it."""
    return {"template": template, "plural": plural, "count": "n", "params": dict(params or {})}


def decimal_part(text: str) -> dict[str, Any]:
    """A number written with a decimal point ('7.3', '+4.1', '0.25 %'), shown with the
    language's decimal sign (a comma in Dutch, French and German)."""
    return {"decimal": text}


def joined(items: list[Any], separator: str) -> dict[str, Any]:
    """A list of parts (or plain values) shown one after the other with ``separator``."""
    return {"join": separator, "items": list(items)}


def _shown(value: Any, lang: str | None) -> Any:
    """A parameter as text in ``lang``: nested parts and lists rendered, data unchanged."""
    if isinstance(value, Mapping) and "template" in value:
        return compose(value, lang)
    if isinstance(value, Mapping) and "decimal" in value:
        text = str(value["decimal"])
        return text if normalise_lang(lang) == SOURCE_LANG else text.replace(".", ",")
    if isinstance(value, Mapping) and "join" in value:
        return str(value["join"]).join(str(_shown(v, lang)) for v in value["items"])
    return value


def compose(message: Mapping[str, Any], lang: str | None) -> str:
    """A message id (with plural form and nested parts) filled in ``lang``."""
    template = str(message["template"])
    raw = message.get("params") or {}
    params = {k: _shown(v, lang) for k, v in raw.items()}
    plural = message.get("plural")
    if plural:
        text = ngettext(template, str(plural), int(raw[message.get("count") or "n"]), lang)
    else:
        text = gettext(template, lang)
    return text.format(**params)


def problem(
    code: str,
    template: str,
    params: Mapping[str, Any] | None = None,
    *,
    plural: str | None = None,
    count: str = "n",
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    value: str | None = None,
    severity: str = ERROR,
) -> Problem:
    """A problem whose message is ``template`` (a message id marked ``N_``/``N_plural``) filled
    with ``params``; with ``plural``, ``params[count]`` chooses the form."""
    values = dict(params or {})
    english = compose(
        {"template": template, "plural": plural, "count": count, "params": values}, SOURCE_LANG
    )
    return Problem(
        code=code,
        message=english,
        sheet=sheet,
        row=row,
        column=column,
        value=value,
        severity=severity,
        template=template,
        plural=plural,
        count=count if plural is not None else None,
        params=values,
    )


def plural_problem(
    code: str,
    forms: tuple[str, str],
    params: Mapping[str, Any],
    *,
    count: str = "n",
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    value: str | None = None,
    severity: str = ERROR,
) -> Problem:
    """A problem whose message has a singular and a plural form (``N_plural(...)``), chosen by
    ``params[count]`` in each language's own plural rule."""
    singular, plural = forms
    return problem(
        code,
        singular,
        params,
        plural=plural,
        count=count,
        sheet=sheet,
        row=row,
        column=column,
        value=value,
        severity=severity,
    )


def render(problem: Mapping[str, Any], lang: str | None) -> str:
    """The message of a problem (``Problem.as_dict()``, e.g. kept in a page store) in ``lang``."""
    template = problem.get("template")
    english = str(problem.get("message") or "")
    if not template or normalise_lang(lang) == SOURCE_LANG:
        return english
    try:
        return compose(problem, lang)
    except (KeyError, IndexError, ValueError):
        return english  # a translation that lost a placeholder must not hide the problem
