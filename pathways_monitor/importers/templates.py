"""Blank (or pre-filled) upload workbooks for strategies and indicator figures.

The column layout defined here is the contract between the template a ministry fills in and
the strategy importer (``importers.strategy_workbook`` reads ``STRATEGY_SHEETS`` to recognise
headers). Drop-down lists are filled from ``domain`` and kept on a hidden "Lists" sheet so
that long lists (NUTS regions) work in every Excel version.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pathways_monitor.domain.breakdowns import BREAKDOWN_DIMS, FLAG_LETTERS
from pathways_monitor.domain.funding import FUNDING_SOURCES
from pathways_monitor.domain.indicators import INDICATORS
from pathways_monitor.domain.nuts import nuts_regions
from pathways_monitor.domain.places import COUNTRIES
from pathways_monitor.domain.taxonomy import DIMENSIONS, MILESTONE_STATUSES, STRATEGY_STATUSES

LANGS = ("en", "nl")
MULTI_SEPARATOR = ";"

# Kinds of cell: how the importer reads it and how the template formats it.
TEXT, DATE, YEAR, AMOUNT, NUMBER, CODE, MULTI, FLAG = (
    "text",
    "date",
    "year",
    "amount",
    "number",
    "code",
    "multi",
    "flag",
)


@dataclass(frozen=True)
class ColumnSpec:
    """One column of an upload sheet (or one field of the Strategy sheet)."""

    key: str
    header_en: str
    header_nl: str
    help_en: str
    help_nl: str
    kind: str = TEXT
    required: bool = False
    list_name: str | None = None  # name of a list on the hidden Lists sheet
    width: int = 18
    aliases: tuple[str, ...] = ()

    def header(self, lang: str) -> str:
        return self.header_nl if lang == "nl" else self.header_en

    def help(self, lang: str) -> str:
        return self.help_nl if lang == "nl" else self.help_en

    def names(self) -> tuple[str, ...]:
        """Every spelling the importer accepts for this header."""
        return (self.key, self.header_en, self.header_nl, *self.aliases)


@dataclass(frozen=True)
class SheetSpec:
    key: str
    name_en: str
    name_nl: str
    about_en: str
    about_nl: str
    columns: tuple[ColumnSpec, ...]
    aliases: tuple[str, ...] = ()

    def name(self, lang: str) -> str:
        return self.name_nl if lang == "nl" else self.name_en

    def names(self) -> tuple[str, ...]:
        return (self.key, self.name_en, self.name_nl, *self.aliases)


def _tag_column(dim_code: str, key: str, header_en: str, header_nl: str, width: int) -> ColumnSpec:
    dim = DIMENSIONS[dim_code]
    codes = ", ".join(dim.codes())
    return ColumnSpec(
        key,
        header_en,
        header_nl,
        f"{dim.label_en}: one or more codes separated by ';'. Codes: {codes}.",
        f"{dim.label_nl}: een of meer codes gescheiden door ';'. Codes: {codes}.",
        kind=MULTI,
        required=dim.required,
        list_name=dim_code,
        width=width,
        aliases=(dim_code, dim.label_en, dim.label_nl),
    )


STRATEGY_FIELDS = SheetSpec(
    "strategy",
    "Strategy",
    "Strategie",
    "One value per field: the strategy as a whole.",
    "Eén waarde per veld: de strategie als geheel.",
    (
        ColumnSpec(
            "country",
            "Country",
            "Land",
            "Eurostat country code, e.g. NL.",
            "Eurostat-landcode, bijv. NL.",
            CODE,
            True,
            "country",
            aliases=("Lidstaat",),
        ),
        ColumnSpec(
            "title",
            "Title",
            "Titel",
            "Official title of the strategy.",
            "Officiële titel van de strategie.",
            TEXT,
            True,
        ),
        ColumnSpec(
            "version_note",
            "Version note",
            "Versienotitie",
            "What changed compared to the previous upload (free text).",
            "Wat is er veranderd ten opzichte van de vorige upload (vrije tekst).",
            aliases=("Versie", "Opmerking versie"),
        ),
        ColumnSpec(
            "adopted_on",
            "Adoption date",
            "Datum vaststelling",
            "Date the strategy was adopted (yyyy-mm-dd or dd-mm-yyyy).",
            "Datum waarop de strategie is vastgesteld (jjjj-mm-dd of dd-mm-jjjj).",
            DATE,
            aliases=("Adopted on", "Vastgesteld op"),
        ),
        ColumnSpec(
            "period_start",
            "Period start",
            "Begin periode",
            "First year covered, e.g. 2021.",
            "Eerste jaar, bijv. 2021.",
            YEAR,
            True,
            aliases=("Start year", "Beginjaar"),
        ),
        ColumnSpec(
            "period_end",
            "Period end",
            "Einde periode",
            "Last year covered, e.g. 2030.",
            "Laatste jaar, bijv. 2030.",
            YEAR,
            True,
            aliases=("End year", "Eindjaar"),
        ),
        ColumnSpec(
            "status",
            "Status",
            "Status",
            "Status of the strategy (see list).",
            "Status van de strategie (zie lijst).",
            CODE,
            True,
            "strategy_status",
        ),
        ColumnSpec(
            "coordination_body",
            "Coordination body",
            "Coördinerend orgaan",
            "Body that coordinates the strategy.",
            "Orgaan dat de strategie coördineert.",
            aliases=("Coordinerend orgaan",),
        ),
        ColumnSpec(
            "coordination_mechanism",
            "Coordination mechanism",
            "Coördinatiemechanisme",
            "How policy areas and governance levels work together.",
            "Hoe beleidsterreinen en bestuurslagen samenwerken.",
            aliases=("Coordinatiemechanisme",),
        ),
        ColumnSpec(
            "monitoring_arrangements",
            "Monitoring arrangements",
            "Monitoring en evaluatie",
            "Monitoring and evaluation plan.",
            "Monitorings- en evaluatieplan.",
            aliases=("Monitoring", "Monitoringsafspraken"),
        ),
        ColumnSpec("summary", "Summary", "Samenvatting", "Short summary.", "Korte samenvatting."),
        ColumnSpec(
            "is_example",
            "Example (not official)",
            "Voorbeeld (niet officieel)",
            "yes only for illustrative, non-official strategies.",
            "ja alleen voor illustratieve, niet-officiële strategieën.",
            CODE,
            list_name="yes_no",
            aliases=("Example", "Voorbeeld"),
        ),
    ),
    aliases=("Strategie", "Strategy details"),
)

OBJECTIVES = SheetSpec(
    "objectives",
    "Objectives",
    "Doelstellingen",
    "One row per objective or measure, tagged with the taxonomy.",
    "Eén rij per doelstelling of maatregel, gelabeld met de taxonomie.",
    (
        ColumnSpec(
            "code",
            "Objective code",
            "Code doelstelling",
            "Short unique code, e.g. OBJ01. Other sheets refer to it.",
            "Korte unieke code, bijv. OBJ01. Andere bladen verwijzen ernaar.",
            required=True,
            width=14,
            aliases=("Code", "Doelstelling code"),
        ),
        ColumnSpec(
            "title",
            "Title",
            "Titel",
            "Title of the objective.",
            "Titel van de doelstelling.",
            required=True,
            width=48,
            aliases=("Doelstelling", "Objective"),
        ),
        ColumnSpec(
            "description",
            "Description",
            "Omschrijving",
            "Longer description.",
            "Uitgebreidere omschrijving.",
            width=48,
            aliases=("Beschrijving", "Toelichting"),
        ),
        ColumnSpec(
            "lead_body",
            "Lead body",
            "Trekker",
            "Organisation in the lead.",
            "Organisatie die de leiding heeft.",
            width=24,
            aliases=("Lead", "Verantwoordelijke organisatie", "Eigenaar"),
        ),
        _tag_column("policy_area", "policy_area", "Policy area", "Beleidsterrein", 22),
        _tag_column("measure_type", "measure_type", "Measure type", "Type maatregel", 22),
        _tag_column("reach", "reach", "Reach", "Bereik", 18),
        _tag_column("target_group", "target_groups", "Target groups", "Doelgroepen", 26),
        _tag_column(
            "education_level", "education_levels", "Education levels", "Onderwijsniveaus", 26
        ),
        _tag_column(
            "governance_level", "governance_level", "Governance level", "Bestuursniveau", 20
        ),
    ),
)

MILESTONES = SheetSpec(
    "milestones",
    "Milestones",
    "Mijlpalen",
    "The implementation plan: dated steps of each objective.",
    "Het uitvoeringsplan: gedateerde stappen per doelstelling.",
    (
        ColumnSpec(
            "objective_code",
            "Objective code",
            "Code doelstelling",
            "Code of the objective on the Objectives sheet.",
            "Code van de doelstelling op het blad Doelstellingen.",
            required=True,
            width=14,
            aliases=("Objective", "Doelstelling"),
        ),
        ColumnSpec(
            "code",
            "Milestone code",
            "Code mijlpaal",
            "Unique within the objective, e.g. M01.",
            "Uniek binnen de doelstelling, bijv. M01.",
            required=True,
            width=14,
            aliases=("Mijlpaalcode", "Mijlpaal code"),
        ),
        ColumnSpec(
            "title",
            "Title",
            "Titel",
            "What will be delivered.",
            "Wat wordt opgeleverd.",
            required=True,
            width=48,
            aliases=("Mijlpaal", "Milestone"),
        ),
        ColumnSpec(
            "due_date",
            "Due date",
            "Vervaldatum",
            "yyyy-mm-dd or dd-mm-yyyy.",
            "jjjj-mm-dd of dd-mm-jjjj.",
            DATE,
            True,
            width=14,
            aliases=("Deadline", "Streefdatum", "Uiterste datum", "Due"),
        ),
        ColumnSpec(
            "status",
            "Status",
            "Status",
            "Status of the milestone (see list).",
            "Status van de mijlpaal (zie lijst).",
            CODE,
            True,
            "milestone_status",
            14,
        ),
        ColumnSpec(
            "completed_on",
            "Completion date",
            "Datum afgerond",
            "Required when the status is completed; empty otherwise.",
            "Verplicht als de status afgerond is; anders leeg.",
            DATE,
            width=14,
            aliases=("Completed on", "Afgerond op", "Datum gereed"),
        ),
        ColumnSpec(
            "responsible_body",
            "Responsible body",
            "Verantwoordelijke",
            "Who delivers it.",
            "Wie het oplevert.",
            width=24,
            aliases=("Responsible", "Verantwoordelijke organisatie"),
        ),
        ColumnSpec(
            "evidence_note",
            "Evidence note",
            "Toelichting bewijs",
            "Where the result can be checked.",
            "Waar het resultaat te controleren is.",
            width=36,
            aliases=("Evidence", "Bewijs", "Onderbouwing"),
        ),
        ColumnSpec(
            "region",
            "Region (NUTS code)",
            "Regio (NUTS-code)",
            "Optional NUTS code when the milestone concerns one region, e.g. NL32.",
            "Optionele NUTS-code als de mijlpaal één regio betreft, bijv. NL32.",
            CODE,
            list_name="region",
            width=14,
            aliases=("Region", "Regio", "NUTS"),
        ),
    ),
)

BUDGET = SheetSpec(
    "budget",
    "Budget",
    "Begroting",
    "Money per objective, year and funding source, in euro.",
    "Geld per doelstelling, jaar en financieringsbron, in euro.",
    (
        ColumnSpec(
            "objective_code",
            "Objective code",
            "Code doelstelling",
            "Code of the objective on the Objectives sheet.",
            "Code van de doelstelling op het blad Doelstellingen.",
            required=True,
            width=14,
            aliases=("Objective", "Doelstelling"),
        ),
        ColumnSpec(
            "year",
            "Year",
            "Jaar",
            "Budget year, e.g. 2024.",
            "Begrotingsjaar, bijv. 2024.",
            YEAR,
            True,
            width=8,
        ),
        ColumnSpec(
            "funding_source",
            "Funding source",
            "Financieringsbron",
            "Code from the list.",
            "Code uit de lijst.",
            CODE,
            True,
            "funding_source",
            18,
            aliases=("Source", "Fund", "Bron", "Fonds"),
        ),
        ColumnSpec(
            "planned",
            "Planned EUR",
            "Gepland EUR",
            "Amount planned, in euro.",
            "Gepland bedrag in euro.",
            AMOUNT,
            width=16,
            aliases=("Planned", "Gepland", "Begroot", "Begroot EUR"),
        ),
        ColumnSpec(
            "committed",
            "Committed EUR",
            "Vastgelegd EUR",
            "Amount committed, in euro.",
            "Vastgelegd bedrag in euro.",
            AMOUNT,
            width=16,
            aliases=("Committed", "Vastgelegd", "Toegezegd", "Verplicht"),
        ),
        ColumnSpec(
            "spent",
            "Spent EUR",
            "Uitgegeven EUR",
            "Amount spent, in euro.",
            "Uitgegeven bedrag in euro.",
            AMOUNT,
            width=16,
            aliases=("Spent", "Uitgegeven", "Besteed", "Gerealiseerd"),
        ),
    ),
)

TARGETS = SheetSpec(
    "targets",
    "Indicator targets",
    "Indicatordoelen",
    "National and regional targets the strategy sets for indicators.",
    "Nationale en regionale streefwaarden die de strategie voor indicatoren stelt.",
    (
        ColumnSpec(
            "indicator",
            "Indicator code",
            "Indicatorcode",
            "Indicator code, e.g. ELET.",
            "Indicatorcode, bijv. ELET.",
            CODE,
            True,
            "indicator",
            16,
            aliases=("Indicator",),
        ),
        ColumnSpec(
            "place",
            "Place code",
            "Gebiedscode",
            "The country (national target) or a NUTS region (regional target).",
            "Het land (nationale streefwaarde) of een NUTS-regio (regionale streefwaarde).",
            CODE,
            True,
            "place",
            14,
            aliases=("Place", "Gebied", "Geo", "Regio of land"),
        ),
        ColumnSpec(
            "value",
            "Target value",
            "Streefwaarde",
            "Target value in the indicator's unit.",
            "Streefwaarde in de eenheid van de indicator.",
            NUMBER,
            True,
            width=14,
            aliases=("Target", "Value", "Waarde"),
        ),
        ColumnSpec(
            "year",
            "Target year",
            "Streefjaar",
            "Year the target should be reached.",
            "Jaar waarin de streefwaarde bereikt moet zijn.",
            YEAR,
            True,
            width=12,
            aliases=("Year", "Jaar"),
        ),
        ColumnSpec(
            "objective_code",
            "Objective code",
            "Code doelstelling",
            "Optional: the objective that commits to this target.",
            "Optioneel: de doelstelling die zich aan deze streefwaarde verbindt.",
            width=14,
            aliases=("Objective", "Doelstelling"),
        ),
        ColumnSpec(
            "note",
            "Note",
            "Opmerking",
            "Optional note.",
            "Optionele opmerking.",
            width=30,
            aliases=("Toelichting",),
        ),
    ),
    aliases=("Targets", "Streefwaarden", "Doelen"),
)

STRATEGY_SHEETS: tuple[SheetSpec, ...] = (STRATEGY_FIELDS, OBJECTIVES, MILESTONES, BUDGET, TARGETS)
DATA_SHEETS: tuple[SheetSpec, ...] = (OBJECTIVES, MILESTONES, BUDGET, TARGETS)

_BREAKDOWN_COLUMNS = tuple(
    ColumnSpec(
        d.column,
        d.column,
        d.column,
        f"{d.label_en}: {', '.join(d.values)}; empty = total.",
        f"{d.label_nl}: {', '.join(d.values)}; leeg = totaal.",
        CODE,
        list_name=f"bd_{d.column}",
        width=14,
    )
    for d in BREAKDOWN_DIMS
)
OBSERVATIONS = SheetSpec(
    "observations",
    "Observations",
    "Waarnemingen",
    "Long form: one value per row.",
    "Lange vorm: één waarde per rij.",
    (
        ColumnSpec(
            "indicator",
            "indicator",
            "indicator",
            "Indicator code, e.g. ELET.",
            "Indicatorcode, bijv. ELET.",
            CODE,
            True,
            "indicator",
            16,
        ),
        ColumnSpec(
            "place",
            "place",
            "place",
            "Country or NUTS region code.",
            "Land- of NUTS-regiocode.",
            CODE,
            True,
            "place",
            12,
        ),
        ColumnSpec(
            "year", "year", "year", "Reference year.", "Referentiejaar.", YEAR, True, width=8
        ),
        *_BREAKDOWN_COLUMNS,
        ColumnSpec(
            "custom_dimension",
            "custom_dimension",
            "custom_dimension",
            "Your own breakdown dimension (optional).",
            "Eigen uitsplitsing (optioneel).",
            width=18,
        ),
        ColumnSpec(
            "custom_value",
            "custom_value",
            "custom_value",
            "Value of your own breakdown (optional).",
            "Waarde van de eigen uitsplitsing.",
            width=16,
        ),
        ColumnSpec(
            "value",
            "value",
            "value",
            "The figure; decimal comma or point.",
            "Het getal; decimale komma of punt.",
            NUMBER,
            width=10,
        ),
        ColumnSpec(
            "flag",
            "flag",
            "flag",
            "Eurostat flag letters: " + ", ".join(FLAG_LETTERS),
            "Eurostat-vlaggen: " + ", ".join(FLAG_LETTERS),
            FLAG,
            list_name="flag",
            width=8,
        ),
        ColumnSpec(
            "source",
            "source",
            "source",
            "Where the figure comes from.",
            "Waar het getal vandaan komt.",
            width=24,
        ),
    ),
)

_INSTRUCTION_TEXT = {
    "en": {
        "title": "How to fill in this workbook",
        "intro": (
            "Fill in the sheets below and upload the file unchanged in structure. Headers are "
            "recognised in English or Dutch, in any letter case. Columns marked * are required. "
            "Hover over a header to see what it means."
        ),
        "multi": "Cells with several codes: separate them with ';' (e.g. prevention; intervention).",
        "dates": "Dates: yyyy-mm-dd, dd-mm-yyyy or an Excel date. Amounts in euro, without cents if you like.",
        "errors": (
            "The upload checks the whole file and lists every problem with its sheet, row number "
            "(as shown in Excel), column, the value found and a plain explanation. Nothing is "
            "stored until the file has no problems; uploading the same content again changes nothing."
        ),
        "sheet": "Sheet",
        "about": "What it holds",
        "required": "Required columns",
        "codes": "Code lists",
    },
    "nl": {
        "title": "Zo vult u deze werkmap in",
        "intro": (
            "Vul de bladen hieronder in en upload het bestand zonder de opbouw te wijzigen. "
            "Kopjes worden in het Nederlands of Engels herkend, ongeacht hoofdletters. Kolommen "
            "met * zijn verplicht. Beweeg over een kopje voor uitleg."
        ),
        "multi": "Cellen met meerdere codes: scheid ze met ';' (bijv. prevention; intervention).",
        "dates": "Datums: jjjj-mm-dd, dd-mm-jjjj of een Excel-datum. Bedragen in euro.",
        "errors": (
            "Bij het uploaden wordt het hele bestand gecontroleerd; elk probleem wordt gemeld met "
            "blad, rijnummer (zoals in Excel), kolom, de gevonden waarde en een uitleg. Er wordt "
            "niets opgeslagen zolang er problemen zijn; dezelfde inhoud opnieuw uploaden verandert niets."
        ),
        "sheet": "Blad",
        "about": "Inhoud",
        "required": "Verplichte kolommen",
        "codes": "Codelijsten",
    },
}

HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
NUMBER_FORMATS = {DATE: "yyyy-mm-dd", YEAR: "0", AMOUNT: "#,##0.00", NUMBER: "0.0##"}
LISTS_SHEET = "Lists"


def code_lists(lang: str = "en") -> dict[str, list[str]]:
    """Every drop-down list, from the domain modules (the single source of truth)."""
    countries = [c.code for c in COUNTRIES]
    known = set(countries)
    regions = [r.code for r in nuts_regions() if r.country_code in known]
    lists: dict[str, list[str]] = {
        "country": countries,
        "region": regions,
        "place": countries + regions,
        "indicator": [i.code for i in INDICATORS],
        "strategy_status": list(STRATEGY_STATUSES),
        "milestone_status": list(MILESTONE_STATUSES),
        "funding_source": [f.code for f in FUNDING_SOURCES],
        "yes_no": ["yes", "no"] if lang != "nl" else ["ja", "nee"],
        "flag": list(FLAG_LETTERS),
    }
    for dim_code, dim in DIMENSIONS.items():
        lists[dim_code] = list(dim.codes())
    for breakdown in BREAKDOWN_DIMS:
        lists[f"bd_{breakdown.column}"] = list(breakdown.values)
    return lists


def _write_lists(wb: Workbook, lists: Mapping[str, list[str]]) -> dict[str, str]:
    """Put each list in its own column of a hidden sheet; return list name -> range formula."""
    ws = wb.create_sheet(LISTS_SHEET)
    refs: dict[str, str] = {}
    for idx, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(idx)
        ws.cell(row=1, column=idx, value=name).font = Font(bold=True)
        for r, value in enumerate(values, start=2):
            ws.cell(row=r, column=idx, value=value)
        last = max(2, len(values) + 1)
        refs[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}"
    ws.sheet_state = "hidden"
    return refs


def _cell_value(value: object) -> object:
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return f"{MULTI_SEPARATOR} ".join(str(v) for v in value)
    return value


def _add_validation(
    ws: Worksheet,
    col: ColumnSpec,
    cell_range: str,
    refs: Mapping[str, str],
    lang: str,
    lists: Mapping[str, list[str]],
) -> None:
    """Drop-down for coded columns; multi-valued ones accept free text with a code prompt."""
    if col.list_name is None:
        if col.kind in (DATE, YEAR, AMOUNT):
            dv = _typed_validation(col, lang)
            dv.add(cell_range)
            ws.add_data_validation(dv)
        return
    strict = col.kind != MULTI
    dv = DataValidation(type="list", formula1=f"{refs[col.list_name]}", allow_blank=True)
    dv.showErrorMessage = strict
    dv.showInputMessage = True
    dv.promptTitle = col.header(lang)[:32]
    codes = ", ".join(lists[col.list_name])
    if not strict:
        dv.prompt = (col.help(lang))[:255]
    elif len(codes) <= 200:
        dv.prompt = f"{col.help(lang)} {codes}"[:255]
    else:
        dv.prompt = col.help(lang)[:255]
    dv.errorTitle = col.header(lang)[:32]
    dv.error = "Choose a code from the list." if lang != "nl" else "Kies een code uit de lijst."
    dv.add(cell_range)
    ws.add_data_validation(dv)


def _typed_validation(col: ColumnSpec, lang: str) -> DataValidation:
    if col.kind == YEAR:
        dv = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100")
        dv.error = (
            "A year between 2000 and 2100." if lang != "nl" else "Een jaar tussen 2000 en 2100."
        )
    elif col.kind == DATE:
        dv = DataValidation(type="date", operator="greaterThan", formula1="36526")
        dv.error = "A date after 2000-01-01." if lang != "nl" else "Een datum na 1-1-2000."
    else:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        dv.error = "An amount of 0 or more." if lang != "nl" else "Een bedrag van 0 of meer."
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.showInputMessage = True
    dv.promptTitle = col.header(lang)[:32]
    dv.prompt = col.help(lang)[:255]
    return dv


def _header_cell(ws: Worksheet, row: int, column: int, col: ColumnSpec, lang: str) -> None:
    label = col.header(lang) + (" *" if col.required else "")
    cell = ws.cell(row=row, column=column, value=label)
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    comment = Comment(col.help(lang), "Pathways Monitor")
    comment.width, comment.height = 260, 110
    cell.comment = comment


def _write_table(
    wb: Workbook,
    sheet: SheetSpec,
    lang: str,
    refs: Mapping[str, str],
    lists: Mapping[str, list[str]],
    rows: Sequence[Mapping[str, Any]],
    blank_rows: int = 500,
) -> Worksheet:
    ws = wb.create_sheet(sheet.name(lang))
    for c, col in enumerate(sheet.columns, start=1):
        _header_cell(ws, 1, c, col, lang)
        ws.column_dimensions[get_column_letter(c)].width = col.width
    for r, row in enumerate(rows, start=2):
        for c, col in enumerate(sheet.columns, start=1):
            value = row.get(col.key)
            if value is None:
                continue
            cell = ws.cell(row=r, column=c, value=_cell_value(value))
            if col.kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[col.kind]
    last = max(len(rows) + 1, blank_rows + 1)
    for c, col in enumerate(sheet.columns, start=1):
        letter = get_column_letter(c)
        cell_range = f"{letter}2:{letter}{last}"
        _add_validation(ws, col, cell_range, refs, lang, lists)
        if col.kind in NUMBER_FORMATS and not rows:
            for r in range(2, min(last, 101) + 1):
                ws.cell(row=r, column=c).number_format = NUMBER_FORMATS[col.kind]
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}1"
    return ws


def _write_strategy_fields(
    wb: Workbook,
    lang: str,
    refs: Mapping[str, str],
    lists: Mapping[str, list[str]],
    values: Mapping[str, Any],
) -> Worksheet:
    """The Strategy sheet: one field per row (label, value)."""
    ws = wb.create_sheet(STRATEGY_FIELDS.name(lang))
    labels = ("Field", "Value") if lang != "nl" else ("Veld", "Waarde")
    for c, label in enumerate(labels, start=1):
        cell = ws.cell(row=1, column=c, value=label)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 90
    for r, col in enumerate(STRATEGY_FIELDS.columns, start=2):
        _header_cell(ws, r, 1, col, lang)
        value = values.get(col.key)
        cell = ws.cell(row=r, column=2, value=_cell_value(value) if value is not None else None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if col.kind in NUMBER_FORMATS:
            cell.number_format = NUMBER_FORMATS[col.kind]
        _add_validation(ws, col, f"B{r}", refs, lang, lists)
    ws.freeze_panes = "A2"
    return ws


def _write_instructions(
    wb: Workbook, lang: str, sheets: Sequence[SheetSpec], lists: Mapping[str, list[str]]
) -> None:
    ws = wb.active
    assert ws is not None
    ws.title = "Instructions" if lang != "nl" else "Instructies"
    text = _INSTRUCTION_TEXT[lang]
    ws["A1"] = text["title"]
    ws["A1"].font = Font(bold=True, size=14)
    for r, key in enumerate(("intro", "multi", "dates", "errors"), start=3):
        ws.cell(row=r, column=1, value=text[key]).alignment = Alignment(wrap_text=True)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
        ws.row_dimensions[r].height = 45
    r = 8
    for c, key in enumerate(("sheet", "about", "required", "codes"), start=1):
        cell = ws.cell(row=r, column=c, value=text[key])
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for sheet in sheets:
        r += 1
        coded = sorted({c.list_name for c in sheet.columns if c.list_name})
        ws.cell(row=r, column=1, value=sheet.name(lang))
        ws.cell(row=r, column=2, value=sheet.about_nl if lang == "nl" else sheet.about_en)
        ws.cell(
            row=r, column=3, value=", ".join(c.header(lang) for c in sheet.columns if c.required)
        )
        ws.cell(row=r, column=4, value=", ".join(coded))
        for c in range(1, 5):
            ws.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="top")
    r += 2
    ws.cell(row=r, column=1, value=text["codes"]).font = Font(bold=True)
    for name, values in lists.items():
        if name in ("region", "place") or name.startswith("bd_"):
            continue
        r += 1
        ws.cell(row=r, column=1, value=name)
        ws.cell(row=r, column=2, value=", ".join(values)).alignment = Alignment(wrap_text=True)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
    for letter, width in zip("ABCD", (26, 60, 40, 40), strict=True):
        ws.column_dimensions[letter].width = width


@dataclass
class StrategyContent:
    """Rows to pre-fill a strategy workbook with, keyed by ``ColumnSpec.key`` (for examples)."""

    fields: Mapping[str, Any] = field(default_factory=dict)
    objectives: Sequence[Mapping[str, Any]] = ()
    milestones: Sequence[Mapping[str, Any]] = ()
    budget: Sequence[Mapping[str, Any]] = ()
    targets: Sequence[Mapping[str, Any]] = ()


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return lang


def write_strategy_template(
    path_or_buffer: str | Any | IO[bytes], lang: str = "en", content: StrategyContent | None = None
) -> None:
    """Write the strategy upload workbook; blank unless ``content`` pre-fills it."""
    _check_lang(lang)
    content = content or StrategyContent()
    lists = code_lists(lang)
    wb = Workbook()
    _write_instructions(wb, lang, STRATEGY_SHEETS, lists)
    refs = _write_lists(wb, lists)
    _write_strategy_fields(wb, lang, refs, lists, content.fields)
    data = {
        "objectives": content.objectives,
        "milestones": content.milestones,
        "budget": content.budget,
        "targets": content.targets,
    }
    for sheet in DATA_SHEETS:
        _write_table(wb, sheet, lang, refs, lists, data[sheet.key])
    # Lists last so visible sheets keep their order.
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTS_SHEET))
    wb.save(path_or_buffer)


def write_indicator_template(path_or_buffer: str | Any | IO[bytes], lang: str = "en") -> None:
    """Write the indicator upload workbook: a long-form sheet and a wide-form example."""
    _check_lang(lang)
    lists = code_lists(lang)
    wb = Workbook()
    _write_instructions(wb, lang, (OBSERVATIONS,), lists)
    refs = _write_lists(wb, lists)
    example_rows = [
        {"indicator": "ELET", "place": "NL", "year": 2023, "sex": "T", "value": 6.2},
        {"indicator": "ELET", "place": "NL", "year": 2023, "sex": "M", "value": 7.4, "flag": "p"},
    ]
    _write_table(wb, OBSERVATIONS, lang, refs, lists, example_rows)
    _write_wide_example(wb, lang, refs)
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTS_SHEET))
    wb.save(path_or_buffer)


def _write_wide_example(wb: Workbook, lang: str, refs: Mapping[str, str]) -> None:
    """A wide sheet (one column per year), the shape many ministries already keep."""
    ws = wb.create_sheet("Wide example" if lang != "nl" else "Breed voorbeeld")
    years = list(range(2018, 2024))
    headers = ["indicator", "place", "sex", *years]
    for c, h in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=c, value=h)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        ws.column_dimensions[get_column_letter(c)].width = 12
    note = (
        "Example only: one row per indicator/place/breakdown, one column per year. "
        "Values may carry a flag, e.g. '5.3 b'."
        if lang != "nl"
        else "Alleen een voorbeeld: één rij per indicator/gebied/uitsplitsing, één kolom per jaar. "
        "Waarden mogen een vlag hebben, bijv. '5,3 b'."
    )
    ws.cell(row=1, column=1).comment = Comment(note, "Pathways Monitor")
    rows = [
        ("ELET", "NL", "T", 7.3, 7.5, 7.0, 5.3, 5.6, 6.2),
        ("ELET", "NL32", "T", 7.0, 7.9, 6.4, 5.1, 5.5, "6.0 u"),
    ]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)
    for c, list_name in ((1, "indicator"), (2, "place"), (3, "bd_sex")):
        dv = DataValidation(type="list", formula1=f"{refs[list_name]}", allow_blank=True)
        letter = get_column_letter(c)
        dv.add(f"{letter}2:{letter}200")
        ws.add_data_validation(dv)
    ws.freeze_panes = "D2"
