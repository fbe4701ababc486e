"""Breakdown dimensions of an observation, with their Eurostat-style codes.

An observation without a breakdown is the total: every dimension holds its ``TOTAL`` code. A
series for one group (e.g. nationals only) is stored under that group and never overwrites the
total.

Labels are English message ids; the catalogs hold every other language
(``domain.names.breakdown_label``, ``breakdown_value_label``, ``flag_label``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pathways_monitor.core.translation import N_

TOTAL = "TOTAL"


@dataclass(frozen=True)
class BreakdownDim:
    column: str
    label_en: str  # message id
    total: str
    values: dict[str, str]  # code -> English label (a message id)


SEX = BreakdownDim(
    "sex",
    N_("Sex"),
    "T",
    {"T": N_("Total"), "M": N_("Males"), "F": N_("Females")},
)
CITIZENSHIP = BreakdownDim(
    "citizenship",
    N_("Citizenship"),
    TOTAL,
    {
        TOTAL: N_("Total"),
        "NAT": N_("Nationals"),
        "FOR": N_("Foreign citizens"),
        "EU27_2020_FOR": N_("Citizens of another EU country"),
        "NEU27_2020_FOR": N_("Non-EU citizens"),
        "STLS": N_("Stateless"),
    },
)
COUNTRY_OF_BIRTH = BreakdownDim(
    "country_of_birth",
    N_("Country of birth"),
    TOTAL,
    {
        TOTAL: N_("Total"),
        "NAT": N_("Native-born"),
        "FOR": N_("Foreign-born"),
        "EU27_2020_FOR": N_("Born in another EU country"),
        "NEU27_2020_FOR": N_("Born outside the EU"),
    },
)
URBANISATION = BreakdownDim(
    "urbanisation",
    N_("Degree of urbanisation"),
    TOTAL,
    {
        TOTAL: N_("Total"),
        "DEG1": N_("Cities"),
        "DEG2": N_("Towns and suburbs"),
        "DEG3": N_("Rural areas"),
    },
)
SES_QUARTILE = BreakdownDim(
    "ses_quartile",
    N_("Socio-economic quartile (ESCS)"),
    TOTAL,
    {
        TOTAL: N_("Total"),
        "Q1": N_("Bottom quarter"),
        "Q2": N_("Second quarter"),
        "Q3": N_("Third quarter"),
        "Q4": N_("Top quarter"),
    },
)
DISABILITY = BreakdownDim(
    "disability",
    N_("Disability / special educational needs"),
    TOTAL,
    {
        TOTAL: N_("Total"),
        "DIS": N_("With disability or SEN"),
        "NDIS": N_("Without disability or SEN"),
    },
)

# Fixed dimensions in storage order; a ministry's own dimension goes in custom_dimension/value.
BREAKDOWN_DIMS: tuple[BreakdownDim, ...] = (
    SEX,
    CITIZENSHIP,
    COUNTRY_OF_BIRTH,
    URBANISATION,
    SES_QUARTILE,
    DISABILITY,
)
BREAKDOWN_COLUMNS: tuple[str, ...] = (
    *(d.column for d in BREAKDOWN_DIMS),
    "custom_dimension",
    "custom_value",
)
DIM_BY_COLUMN: dict[str, BreakdownDim] = {d.column: d for d in BREAKDOWN_DIMS}
TOTAL_BREAKDOWN: dict[str, str] = {d.column: d.total for d in BREAKDOWN_DIMS} | {
    "custom_dimension": TOTAL,
    "custom_value": TOTAL,
}

# Eurostat flags (DOMAIN.md, "Data notes"); combinations such as "bu" occur.
FLAG_LETTERS: dict[str, str] = {
    "b": N_("break in time series"),
    "c": N_("confidential"),
    "d": N_("definition differs"),
    "e": N_("estimated"),
    "f": N_("forecast"),
    "n": N_("not significant"),
    "p": N_("provisional"),
    "r": N_("revised"),
    "s": N_("Eurostat estimate"),
    "u": N_("low reliability"),
    "z": N_("not applicable"),
}
