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

from pathways_monitor.core.translation import LANGS, N_, gettext
from pathways_monitor.domain.breakdowns import BREAKDOWN_DIMS, FLAG_LETTERS
from pathways_monitor.domain.funding import FUNDING_SOURCES
from pathways_monitor.domain.indicators import INDICATORS
from pathways_monitor.domain.names import spellings
from pathways_monitor.domain.nuts import nuts_regions
from pathways_monitor.domain.places import COUNTRIES
from pathways_monitor.domain.taxonomy import DIMENSIONS, MILESTONE_STATUSES, STRATEGY_STATUSES

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


# Dutch headings of templates downloaded before the catalogs held them, still accepted.
_OLDER_HEADINGS: Mapping[str, tuple[str, ...]] = {
    "Budget": ("Begroting",),
    "Description": ("Omschrijving",),
    "Due date": ("Vervaldatum",),
    "Completion date": ("Datum afgerond",),
    "Responsible body": ("Verantwoordelijke",),
    "Evidence note": ("Toelichting bewijs",),
}


@dataclass(frozen=True)
class ColumnSpec:
    """One column of an upload sheet (or one field of the Strategy sheet).

    ``heading`` and ``explanation`` are English message ids; every language's wording comes
    from the catalogs. A heading equal to the key (``indicator``, ``geo``, ``value``) is a code
    and the same in every language.
    """

    key: str
    heading: str
    explanation: str
    kind: str = TEXT
    required: bool = False
    list_name: str | None = None  # name of a list on the hidden Lists sheet
    width: int = 18
    aliases: tuple[str, ...] = ()
    explanation_params: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def header(self, lang: str) -> str:
        return self.heading if self.heading == self.key else gettext(self.heading, lang)

    def help(self, lang: str) -> str:
        text = gettext(self.explanation, lang)
        params = {
            k: gettext(v, lang) if isinstance(v, Label) else v
            for k, v in self.explanation_params.items()
        }
        return text.format(**params) if params else text

    @property
    def header_en(self) -> str:
        return self.header("en")

    @property
    def header_nl(self) -> str:
        return self.header("nl")

    @property
    def help_en(self) -> str:
        return self.help("en")

    def names(self) -> tuple[str, ...]:
        """Every spelling the importer accepts for this header: its key, its heading in every
        language of the catalogs, and older spellings."""
        translated = (self.header(lang) for lang in LANGS)
        older = _OLDER_HEADINGS.get(self.heading, ())
        return tuple(dict.fromkeys((self.key, *translated, *older, *self.aliases)))


class Label(str):
    """A parameter of an explanation that is itself a message id (translated with it)."""


@dataclass(frozen=True)
class SheetSpec:
    key: str
    title: str
    about_text: str
    columns: tuple[ColumnSpec, ...]
    aliases: tuple[str, ...] = ()

    def name(self, lang: str) -> str:
        return gettext(self.title, lang)[:31]  # Excel's limit for a sheet name

    def about(self, lang: str) -> str:
        return gettext(self.about_text, lang)

    @property
    def name_en(self) -> str:
        return self.name("en")

    @property
    def name_nl(self) -> str:
        return self.name("nl")

    def names(self) -> tuple[str, ...]:
        translated = (self.name(lang) for lang in LANGS)
        older = _OLDER_HEADINGS.get(self.title, ())
        return tuple(dict.fromkeys((self.key, *translated, *older, *self.aliases)))


def _tag_column(dim_code: str, key: str, heading: str, width: int) -> ColumnSpec:
    dim = DIMENSIONS[dim_code]
    return ColumnSpec(
        key,
        heading,
        N_("{label}: one or more codes separated by ';'. Codes: {codes}."),
        kind=MULTI,
        required=dim.required,
        list_name=dim_code,
        width=width,
        aliases=(dim_code, *spellings(dim.label_en)),
        explanation_params={"label": Label(dim.label_en), "codes": ", ".join(dim.codes())},
    )


STRATEGY_FIELDS = SheetSpec(
    "strategy",
    N_("Strategy"),
    N_("One value per field: the strategy as a whole."),
    (
        ColumnSpec(
            "country",
            N_("Country"),
            N_("Eurostat country code, e.g. NL."),
            CODE,
            True,
            "country",
            aliases=("Lidstaat",),
        ),
        ColumnSpec(
            "title",
            N_("Title"),
            N_("Official title of the strategy."),
            TEXT,
            True,
        ),
        ColumnSpec(
            "version_note",
            N_("Version note"),
            N_("What changed compared to the previous upload (free text)."),
            aliases=("Versie", "Opmerking versie"),
        ),
        ColumnSpec(
            "adopted_on",
            N_("Adoption date"),
            N_("Date the strategy was adopted (yyyy-mm-dd or dd-mm-yyyy)."),
            DATE,
            aliases=("Adopted on", "Vastgesteld op"),
        ),
        ColumnSpec(
            "period_start",
            N_("Period start"),
            N_("First year covered, e.g. 2021."),
            YEAR,
            True,
            aliases=("Start year", "Beginjaar"),
        ),
        ColumnSpec(
            "period_end",
            N_("Period end"),
            N_("Last year covered, e.g. 2030."),
            YEAR,
            True,
            aliases=("End year", "Eindjaar"),
        ),
        ColumnSpec(
            "status",
            N_("Status"),
            N_("Status of the strategy (see list)."),
            CODE,
            True,
            "strategy_status",
        ),
        ColumnSpec(
            "coordination_body",
            N_("Coordination body"),
            N_("Body that coordinates the strategy."),
            aliases=("Coordinerend orgaan",),
        ),
        ColumnSpec(
            "coordination_mechanism",
            N_("Coordination mechanism"),
            N_("How policy areas and governance levels work together."),
            aliases=("Coordinatiemechanisme",),
        ),
        ColumnSpec(
            "monitoring_arrangements",
            N_("Monitoring arrangements"),
            N_("Monitoring and evaluation plan."),
            aliases=("Monitoring", "Monitoringsafspraken"),
        ),
        ColumnSpec("summary", N_("Summary"), N_("Short summary.")),
        ColumnSpec(
            "is_example",
            N_("Example (not official)"),
            N_("yes only for illustrative, non-official strategies."),
            CODE,
            list_name="yes_no",
            aliases=("Example", "Voorbeeld"),
        ),
    ),
    aliases=("Strategie", "Strategy details"),
)

OBJECTIVES = SheetSpec(
    "objectives",
    N_("Objectives"),
    N_("One row per objective or measure, tagged with the taxonomy."),
    (
        ColumnSpec(
            "code",
            N_("Objective code"),
            N_("Short unique code, e.g. OBJ01. Other sheets refer to it."),
            required=True,
            width=14,
            aliases=("Code", "Doelstelling code"),
        ),
        ColumnSpec(
            "title",
            N_("Title"),
            N_("Title of the objective."),
            required=True,
            width=48,
            aliases=("Doelstelling", "Objective"),
        ),
        ColumnSpec(
            "description",
            N_("Description"),
            N_("Longer description."),
            width=48,
            aliases=("Beschrijving", "Toelichting"),
        ),
        ColumnSpec(
            "lead_body",
            N_("Lead body"),
            N_("Organisation in the lead."),
            width=24,
            aliases=("Lead", "Verantwoordelijke organisatie", "Eigenaar"),
        ),
        _tag_column("policy_area", "policy_area", N_("Policy area"), 22),
        _tag_column("measure_type", "measure_type", N_("Measure type"), 22),
        _tag_column("reach", "reach", N_("Reach"), 18),
        _tag_column("target_group", "target_groups", N_("Target groups"), 26),
        _tag_column("education_level", "education_levels", N_("Education levels"), 26),
        _tag_column("governance_level", "governance_level", N_("Governance level"), 20),
    ),
)

MILESTONES = SheetSpec(
    "milestones",
    N_("Milestones"),
    N_("The implementation plan: dated steps of each objective."),
    (
        ColumnSpec(
            "objective_code",
            N_("Objective code"),
            N_("Code of the objective on the Objectives sheet."),
            required=True,
            width=14,
            aliases=("Objective", "Doelstelling"),
        ),
        ColumnSpec(
            "code",
            N_("Milestone code"),
            N_("Unique within the objective, e.g. M01."),
            required=True,
            width=14,
            aliases=("Mijlpaalcode", "Mijlpaal code"),
        ),
        ColumnSpec(
            "title",
            N_("Title"),
            N_("What will be delivered."),
            required=True,
            width=48,
            aliases=("Mijlpaal", "Milestone"),
        ),
        ColumnSpec(
            "due_date",
            N_("Due date"),
            N_("yyyy-mm-dd or dd-mm-yyyy."),
            DATE,
            True,
            width=14,
            aliases=("Deadline", "Streefdatum", "Uiterste datum", "Due"),
        ),
        ColumnSpec(
            "status",
            N_("Status"),
            N_("Status of the milestone (see list)."),
            CODE,
            True,
            "milestone_status",
            14,
        ),
        ColumnSpec(
            "completed_on",
            N_("Completion date"),
            N_("Required when the status is completed; empty otherwise."),
            DATE,
            width=14,
            aliases=("Completed on", "Afgerond op", "Datum gereed"),
        ),
        ColumnSpec(
            "responsible_body",
            N_("Responsible body"),
            N_("Who delivers it."),
            width=24,
            aliases=("Responsible", "Verantwoordelijke organisatie"),
        ),
        ColumnSpec(
            "evidence_note",
            N_("Evidence note"),
            N_("Where the result can be checked."),
            width=36,
            aliases=("Evidence", "Bewijs", "Onderbouwing"),
        ),
        ColumnSpec(
            "region",
            N_("Region (NUTS code)"),
            N_("Optional NUTS code when the milestone concerns one region, e.g. NL32."),
            CODE,
            list_name="region",
            width=14,
            aliases=("Region", "Regio", "NUTS"),
        ),
    ),
)

BUDGET = SheetSpec(
    "budget",
    N_("Budget"),
    N_("Money per objective, year and funding source, in euro."),
    (
        ColumnSpec(
            "objective_code",
            N_("Objective code"),
            N_("Code of the objective on the Objectives sheet."),
            required=True,
            width=14,
            aliases=("Objective", "Doelstelling"),
        ),
        ColumnSpec(
            "year",
            N_("Year"),
            N_("Budget year, e.g. 2024."),
            YEAR,
            True,
            width=8,
        ),
        ColumnSpec(
            "funding_source",
            N_("Funding source"),
            N_("Code from the list."),
            CODE,
            True,
            "funding_source",
            18,
            aliases=("Source", "Fund", "Bron", "Fonds"),
        ),
        ColumnSpec(
            "planned",
            N_("Planned EUR"),
            N_("Amount planned, in euro."),
            AMOUNT,
            width=16,
            aliases=("Planned", "Gepland", "Begroot", "Begroot EUR"),
        ),
        ColumnSpec(
            "committed",
            N_("Committed EUR"),
            N_("Amount committed, in euro."),
            AMOUNT,
            width=16,
            aliases=("Committed", "Vastgelegd", "Toegezegd", "Verplicht"),
        ),
        ColumnSpec(
            "spent",
            N_("Spent EUR"),
            N_("Amount spent, in euro."),
            AMOUNT,
            width=16,
            aliases=("Spent", "Uitgegeven", "Besteed", "Gerealiseerd"),
        ),
    ),
)

TARGETS = SheetSpec(
    "targets",
    N_("Indicator targets"),
    N_("National and regional targets the strategy sets for indicators."),
    (
        ColumnSpec(
            "indicator",
            N_("Indicator code"),
            N_("Indicator code, e.g. ELET."),
            CODE,
            True,
            "indicator",
            16,
            aliases=("Indicator",),
        ),
        ColumnSpec(
            "place",
            N_("Place code"),
            N_("The country (national target) or a NUTS region (regional target)."),
            CODE,
            True,
            "place",
            14,
            aliases=("Place", "Gebied", "Geo", "Regio of land"),
        ),
        ColumnSpec(
            "value",
            N_("Target value"),
            N_("Target value in the indicator's unit."),
            NUMBER,
            True,
            width=14,
            aliases=("Target", "Value", "Waarde"),
        ),
        ColumnSpec(
            "year",
            N_("Target year"),
            N_("Year the target should be reached."),
            YEAR,
            True,
            width=12,
            aliases=("Year", "Jaar"),
        ),
        ColumnSpec(
            "objective_code",
            N_("Objective code"),
            N_("Optional: the objective that commits to this target."),
            width=14,
            aliases=("Objective", "Doelstelling"),
        ),
        ColumnSpec(
            "note",
            N_("Note"),
            N_("Optional note."),
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
        N_("{label}: {codes}; empty = total."),
        CODE,
        list_name=f"bd_{d.column}",
        width=14,
        explanation_params={"label": Label(d.label_en), "codes": ", ".join(d.values)},
    )
    for d in BREAKDOWN_DIMS
)
OBSERVATIONS = SheetSpec(
    "observations",
    N_("Observations"),
    N_("Long form: one value per row."),
    (
        ColumnSpec(
            "indicator",
            N_("indicator"),
            N_("Indicator code, e.g. ELET."),
            CODE,
            True,
            "indicator",
            16,
        ),
        ColumnSpec(
            "place",
            N_("place"),
            N_("Country or NUTS region code."),
            CODE,
            True,
            "place",
            12,
        ),
        ColumnSpec("year", N_("year"), N_("Reference year."), YEAR, True, width=8),
        *_BREAKDOWN_COLUMNS,
        ColumnSpec(
            "custom_dimension",
            N_("custom_dimension"),
            N_("Your own breakdown dimension (optional)."),
            width=18,
        ),
        ColumnSpec(
            "custom_value",
            N_("custom_value"),
            N_("Value of your own breakdown (optional)."),
            width=16,
        ),
        ColumnSpec(
            "value",
            N_("value"),
            N_("The figure; decimal comma or point."),
            NUMBER,
            width=10,
        ),
        ColumnSpec(
            "flag",
            "flag",
            N_("Eurostat flag letters: {letters}"),
            FLAG,
            list_name="flag",
            width=8,
            explanation_params={"letters": ", ".join(FLAG_LETTERS)},
        ),
        ColumnSpec(
            "source",
            N_("source"),
            N_("Where the figure comes from."),
            width=24,
        ),
    ),
)

_INSTRUCTION_TEXT: dict[str, str] = {
    "title": N_("How to fill in this workbook"),
    "intro": N_(
        "Fill in the sheets below and upload the file unchanged in structure. Headers are recognised in English, Dutch, French or German, in any letter case. Columns marked * are required. Hover over a header to see what it means."
    ),
    "multi": N_(
        "Cells with several codes: separate them with ';' (e.g. prevention; intervention)."
    ),
    "dates": N_(
        "Dates: yyyy-mm-dd, dd-mm-yyyy or an Excel date. Amounts in euro, without cents if you like."
    ),
    "errors": N_(
        "The upload checks the whole file and lists every problem with its sheet, row number (as shown in Excel), column, the value found and a plain explanation. Nothing is stored until the file has no problems; uploading the same content again changes nothing."
    ),
    "sheet": N_("Sheet"),
    "about": N_("What it holds"),
    "required": N_("Required columns"),
    "codes": N_("Code lists"),
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
        "yes_no": [gettext("yes", lang), gettext("no", lang)],
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
    dv.error = gettext("Choose a code from the list.", lang)
    dv.add(cell_range)
    ws.add_data_validation(dv)


def _typed_validation(col: ColumnSpec, lang: str) -> DataValidation:
    if col.kind == YEAR:
        dv = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100")
        dv.error = gettext("A year between 2000 and 2100.", lang)
    elif col.kind == DATE:
        dv = DataValidation(type="date", operator="greaterThan", formula1="36526")
        dv.error = gettext("A date after 2000-01-01.", lang)
    else:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        dv.error = gettext("An amount of 0 or more.", lang)
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
    labels = (gettext("Field", lang), gettext("Value", lang))
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
    ws.title = gettext("Instructions", lang)
    text = {key: gettext(message, lang) for key, message in _INSTRUCTION_TEXT.items()}
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
        ws.cell(row=r, column=2, value=sheet.about(lang))
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
    ws = wb.create_sheet(gettext("Wide example", lang))
    years = list(range(2018, 2024))
    headers = ["indicator", "place", "sex", *years]
    for c, h in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=c, value=h)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        ws.column_dimensions[get_column_letter(c)].width = 12
    note = gettext(
        N_(
            "Example only: one row per indicator/place/breakdown, one column per year. "
            "Values may carry a flag, e.g. '5.3 b'."
        ),
        lang,
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
