"""Breakdown dimensions of an observation, with their Eurostat-style codes.

An observation without a breakdown is the total: every dimension holds its ``TOTAL`` code. A
series for one group (e.g. nationals only) is stored under that group and never overwrites the
total.
"""

from __future__ import annotations

from dataclasses import dataclass

TOTAL = "TOTAL"


@dataclass(frozen=True)
class BreakdownDim:
    column: str
    label_en: str
    label_nl: str
    total: str
    values: dict[str, tuple[str, str]]  # code -> (English label, Dutch label)


SEX = BreakdownDim(
    "sex",
    "Sex",
    "Geslacht",
    "T",
    {"T": ("Total", "Totaal"), "M": ("Males", "Mannen"), "F": ("Females", "Vrouwen")},
)
CITIZENSHIP = BreakdownDim(
    "citizenship",
    "Citizenship",
    "Nationaliteit",
    TOTAL,
    {
        TOTAL: ("Total", "Totaal"),
        "NAT": ("Nationals", "Eigen nationaliteit"),
        "FOR": ("Foreign citizens", "Buitenlandse nationaliteit"),
        "EU27_2020_FOR": ("Citizens of another EU country", "Nationaliteit van ander EU-land"),
        "NEU27_2020_FOR": ("Non-EU citizens", "Nationaliteit van buiten de EU"),
        "STLS": ("Stateless", "Staatloos"),
    },
)
COUNTRY_OF_BIRTH = BreakdownDim(
    "country_of_birth",
    "Country of birth",
    "Geboorteland",
    TOTAL,
    {
        TOTAL: ("Total", "Totaal"),
        "NAT": ("Native-born", "In het land geboren"),
        "FOR": ("Foreign-born", "In het buitenland geboren"),
        "EU27_2020_FOR": ("Born in another EU country", "Geboren in ander EU-land"),
        "NEU27_2020_FOR": ("Born outside the EU", "Geboren buiten de EU"),
    },
)
URBANISATION = BreakdownDim(
    "urbanisation",
    "Degree of urbanisation",
    "Verstedelijkingsgraad",
    TOTAL,
    {
        TOTAL: ("Total", "Totaal"),
        "DEG1": ("Cities", "Steden"),
        "DEG2": ("Towns and suburbs", "Kleinere steden en voorsteden"),
        "DEG3": ("Rural areas", "Plattelandsgebieden"),
    },
)
SES_QUARTILE = BreakdownDim(
    "ses_quartile",
    "Socio-economic quartile (ESCS)",
    "Sociaaleconomisch kwartiel (ESCS)",
    TOTAL,
    {
        TOTAL: ("Total", "Totaal"),
        "Q1": ("Bottom quarter", "Laagste kwart"),
        "Q2": ("Second quarter", "Tweede kwart"),
        "Q3": ("Third quarter", "Derde kwart"),
        "Q4": ("Top quarter", "Hoogste kwart"),
    },
)
DISABILITY = BreakdownDim(
    "disability",
    "Disability / special educational needs",
    "Beperking / specifieke onderwijsbehoeften",
    TOTAL,
    {
        TOTAL: ("Total", "Totaal"),
        "DIS": ("With disability or SEN", "Met beperking of specifieke onderwijsbehoefte"),
        "NDIS": ("Without disability or SEN", "Zonder beperking of specifieke onderwijsbehoefte"),
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
FLAG_LETTERS: dict[str, tuple[str, str]] = {
    "b": ("break in time series", "breuk in tijdreeks"),
    "c": ("confidential", "vertrouwelijk"),
    "d": ("definition differs", "afwijkende definitie"),
    "e": ("estimated", "geschat"),
    "f": ("forecast", "prognose"),
    "n": ("not significant", "niet significant"),
    "p": ("provisional", "voorlopig"),
    "r": ("revised", "herzien"),
    "s": ("Eurostat estimate", "schatting van Eurostat"),
    "u": ("low reliability", "lage betrouwbaarheid"),
    "z": ("not applicable", "niet van toepassing"),
}
