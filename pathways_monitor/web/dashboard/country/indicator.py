"""The "indicators over time" section body: chart, projection text, data and projection tables."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from pathways_monitor.analysis.projection import Projection, likelihood_range
from pathways_monitor.db.queries import TargetInfo
from pathways_monitor.domain.names import indicator_name, place_name
from pathways_monitor.web.dashboard.common.i18n import fmt_number
from pathways_monitor.web.dashboard.country import ids as cid
from pathways_monitor.web.dashboard.country.data import IndicatorData, clean_flag, unit_suffix
from pathways_monitor.web.dashboard.country.figures import indicator_figure
from pathways_monitor.web.dashboard.country.grid import collapsible, grid, text_column
from pathways_monitor.web.dashboard.country.texts import OPERATOR_SIGNS, breakdown_value_label, tc


def group_labels(data: IndicatorData, lang: str | None) -> dict[str, str]:
    column = data.breakdown or "sex"
    return {g: breakdown_value_label(column, g, lang) for g in data.groups}


def _probability_text(proj: Projection | None, lang: str | None) -> str:
    """The calibrated words with their range ("likely (66-90 %)"), never a bare percentage."""
    if proj is None:
        return tc("no_projection", lang)
    label = proj.chance_label(lang)
    if label is None or proj.probability_meets_target is None:
        return tc("no_projection", lang)
    return tc(
        "chance_band", lang, label=label, range=likelihood_range(proj.probability_meets_target)
    )


def _probability_detail(proj: Projection | None, lang: str | None) -> str:
    """The explanation beside the words: the model's figure, or why there is none."""
    if proj is None:
        return ""
    p = proj.probability_meets_target
    if p is None:
        return proj.reason_in(lang) or ""
    if p > 0.99:
        figure = "> 99 %"
    elif p < 0.01:
        figure = "< 1 %"
    else:
        figure = f"{round(p * 100)} %"
    return tc("model_gives", lang, p=figure)


def _probability_item(
    which: str, target: TargetInfo | None, proj: Projection | None, lang: str | None, unit: str
) -> html.Li | None:
    if target is None:
        return None
    line = tc(
        "probability_line",
        lang,
        which=tc(which, lang),
        op=OPERATOR_SIGNS.get(target.operator, "<"),
        value=fmt_number(target.value, lang) + (f" {unit}" if unit else ""),
        year=target.year,
        p=_probability_text(proj, lang),
    )
    detail = _probability_detail(proj, lang)
    return html.Li(
        [
            html.Span(line),
            html.Span(f" – {detail}", className="small text-muted") if detail else None,
        ]
    )


def data_rows(
    data: IndicatorData, lang: str | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One row per year: a value column per group and the EU-27 (flags in the shown text)."""
    labels = group_labels(data, lang)
    by_year: dict[int, dict[str, Any]] = {}

    def put(year: int, key: str, value: float | None, flag: str | None) -> None:
        row = by_year.setdefault(int(year), {"year": int(year)})
        ok = value is not None and value == value
        row[key] = float(value) if ok else None
        text = fmt_number(value, lang) if ok else ":"
        row[f"{key}_text"] = f"{text} {flag}" if flag else text

    for i, g in enumerate(data.groups):
        for r in data.series[data.series["group"] == g].itertuples(index=False):
            put(r.year, f"g{i}", r.value, clean_flag(r.flag))
    for r in data.eu.itertuples(index=False):
        if int(r.year) in by_year or r.value == r.value:
            put(r.year, "eu", r.value, clean_flag(r.flag))
    # The year stays pinned while a phone scrolls through the group columns.
    columns = [
        {
            "field": "year",
            "headerName": tc("year", lang),
            "sort": "desc",
            "minWidth": 70,
            "maxWidth": 110,
            "pinned": "left",
        }
    ]
    columns += [text_column(f"g{i}", labels.get(g, g)) for i, g in enumerate(data.groups)]
    columns.append(text_column("eu", tc("eu_aggregate", lang)))
    rows = sorted(by_year.values(), key=lambda r: r["year"])
    return rows, columns


def projection_rows(proj: Projection | None, lang: str | None) -> list[dict[str, Any]]:
    if proj is None or proj.insufficient_data:
        return []
    rows = []
    for p in proj.points:
        if not p.is_projection:
            continue
        row: dict[str, Any] = {"year": p.year}
        for key in ("central", "low80", "high80", "low95", "high95"):
            row[key] = round(getattr(p, key), 3)
            row[f"{key}_text"] = fmt_number(getattr(p, key), lang)
        rows.append(row)
    return rows


def indicator_section(data: IndicatorData, lang: str | None) -> list:  # type: ignore[type-arg]
    """Chart with EU context, targets and trend band; probabilities; method; tables; source."""
    name = indicator_name(data.indicator["code"], data.indicator["name_en"], lang)
    country = place_name(data.place["code"], data.place["name_en"], lang)
    unit = unit_suffix(data.indicator["unit"])
    if data.series["value"].notna().sum() == 0:
        return [html.P(tc("no_series", lang, indicator=name, country=country), className="fs-5")]
    figure = indicator_figure(
        data.series,
        data.groups,
        group_labels(data, lang),
        data.eu,
        eu_target=data.eu_target,
        national_target=data.national_target,
        projection=data.trend,
        lang=lang,
        unit=unit,
        title=f"{name} – {country}",
    )
    rows, columns = data_rows(data, lang)
    proj_rows = projection_rows(data.trend, lang)
    year_column = {
        "field": "year",
        "headerName": tc("year", lang),
        "minWidth": 70,
        "maxWidth": 110,
        "pinned": "left",
    }
    proj_columns = [year_column] + [
        text_column(k, tc(k, lang)) for k in ("central", "low80", "high80", "low95", "high95")
    ]
    probability_items = [
        item
        for item in (
            _probability_item(
                "national_target", data.national_target, data.to_national, lang, unit
            ),
            _probability_item("eu_target", data.eu_target, data.to_eu, lang, unit),
        )
        if item is not None
    ]
    method = ""
    if data.trend is not None:
        method = data.trend.method_in(lang)
    canonical = bool(data.indicator.get("is_canonical"))
    source = (
        tc("source_eurostat", lang)
        if canonical
        else tc("source_other", lang, source=data.indicator.get("source") or "–")
    )
    return [
        html.Div(
            dcc.Graph(
                id=cid.INDICATOR_GRAPH,
                figure=figure,
                config={"displaylogo": False, "responsive": True},
            ),
            # An accessible name for the chart; the data table below carries the same figures.
            role="figure",
            **{"aria-label": f"{name} – {country}"},
        ),
        html.P(source + " " + tc("flags_note", lang), className="small text-muted"),
        html.Div(
            [
                html.H3(tc("probability_title", lang), className="h6"),
                html.Ul(probability_items, className="mb-1") if probability_items else None,
                html.P(method, className="small", id=f"{cid.PREFIX}projection-method"),
            ],
            className="border rounded p-2 bg-light",
        ),
        collapsible(tc("data_table", lang), grid(cid.INDICATOR_GRID, rows, columns)),
        collapsible(
            tc("projection_table", lang),
            grid(cid.PROJECTION_GRID, proj_rows, proj_columns)
            if proj_rows
            else html.P(method, className="small"),
        ),
    ]
