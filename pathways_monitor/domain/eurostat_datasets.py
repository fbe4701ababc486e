"""Which published datasets feed which canonical indicator, dimension by dimension.

One table per dataset: for every dimension, which values are the indicator's defined total,
which are a breakdown the product stores (sex, citizenship, country of birth, urbanisation)
and which name the indicator itself (the PISA domain). A value the table does not list is
another quantity (employed persons only, thousands instead of percentages) and its series is
skipped with a warning. A series maps to the canonical total only when *every* dimension holds
its defined total, so a download filtered to "nationals" can never overwrite the headline series.

Dataset codes are matched exactly: ``sdg_04_10a`` is not ``sdg_04_10``.

Sources: Eurostat dataset pages and their SDMX data structure definitions (dimension ids and
codes as Eurostat publishes them); OECD Data Explorer (PISA). The OECD and ``educ_outc_pisa``
tables are written from the published code lists of those services; see docs/eurostat-formats.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TOTAL = "total"
BREAKDOWN = "breakdown"
INDICATOR = "indicator"
OTHER = "other"  # another quantity or population: the series is skipped
# Codes that mean "all of them" in a dimension a dataset table does not describe.
TOTAL_MARKERS: frozenset[str] = frozenset({"T", "TOTAL", "TOT", "_T", "_Z", "ALL"})


@dataclass(frozen=True)
class Meaning:
    """What one dimension value means for the canonical indicator."""

    kind: str  # TOTAL | BREAKDOWN | INDICATOR | OTHER
    column: str | None = None  # canonical breakdown column (BREAKDOWN)
    code: str | None = None  # breakdown code (BREAKDOWN) or indicator code (INDICATOR)


@dataclass(frozen=True)
class Value:
    code: str
    meaning: Meaning
    labels: tuple[str, ...] = ()  # English labels Eurostat/OECD write for the code
    aliases: tuple[str, ...] = ()  # other codes for the same thing


@dataclass(frozen=True)
class Dimension:
    id: str  # Eurostat dimension id, lower case
    labels: tuple[str, ...]  # how downloads name the dimension ("Country of citizenship")
    values: tuple[Value, ...]
    aliases: tuple[str, ...] = ()  # other dimension ids meaning the same dimension
    default: str | None = None  # assumed when a file does not state the dimension at all

    def meaning_of(self, code: str) -> Meaning | None:
        return self.lookup.get(code.strip().upper())

    @property
    def lookup(self) -> dict[str, Meaning]:
        out: dict[str, Meaning] = {}
        for v in self.values:
            out[v.code.upper()] = v.meaning
            for a in v.aliases:
                out[a.upper()] = v.meaning
        return out

    def label_of(self, code: str) -> str:
        for v in self.values:
            if code.upper() in {v.code.upper(), *(a.upper() for a in v.aliases)}:
                return v.labels[0] if v.labels else v.code
        return code


@dataclass(frozen=True)
class DatasetMap:
    code: str  # lower case, as Eurostat writes it in its URLs
    publisher: str  # "Eurostat" | "OECD"
    title: str
    indicator: str | None  # canonical indicator, or None when a dimension names it
    dimensions: tuple[Dimension, ...]
    structure_ids: tuple[str, ...] = ()  # SDMX dataflow ids that also name this dataset
    geo_codes: str = "eurostat"  # "eurostat" (NL, EL) | "iso3" (NLD, GRC)
    # Dimensions a file must state: without them its values cannot be told apart from the
    # total (a dimension a file does not carry at all otherwise means "everyone").
    defining: tuple[str, ...] = ()
    notes: str = ""
    dims_by_id: dict[str, Dimension] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        table = {}
        for d in self.dimensions:
            table[d.id] = d
            for a in d.aliases:
                table[a] = d
        object.__setattr__(self, "dims_by_id", table)

    def dimension(self, dim_id: str) -> Dimension | None:
        return self.dims_by_id.get(dim_id.strip().lower())


def _total(code: str, *labels: str, aliases: tuple[str, ...] = ()) -> Value:
    return Value(code, Meaning(TOTAL), labels, aliases)


def _group(column: str, code: str, *labels: str) -> Value:
    return Value(code, Meaning(BREAKDOWN, column, code), labels)


def _other(code: str, *labels: str) -> Value:
    return Value(code, Meaning(OTHER), labels)


FREQ = Dimension("freq", ("Time frequency", "Frequency"), (_total("A", "Annual"),), default="A")
UNIT_PC = Dimension(
    "unit",
    ("Unit of measure", "Unit"),
    (
        _total("PC", "Percentage", "Percent", "Percentage of total"),
        _other("THS_PER", "Thousand persons"),
    ),
)
AGE_18_24 = Dimension("age", ("Age class", "Age"), (_total("Y18-24", "From 18 to 24 years"),))
SEX = Dimension(
    "sex",
    ("Sex",),
    (
        _total("T", "Total"),
        _group("sex", "M", "Males", "Men"),
        _group("sex", "F", "Females", "Women"),
    ),
)
WSTATUS_POP = Dimension(
    "wstatus",
    ("Activity and employment status", "Labour status"),
    (
        _total("POP", "Population"),
        _other("EMP", "Employed persons"),
        _other("NEMP", "Not employed persons"),
    ),
)
_FOREIGN_GROUPS = (
    ("NAT", "Reporting country"),
    ("FOR", "Foreign country"),
    ("EU27_2020_FOR", "EU27 countries (from 2020) except reporting country"),
    ("NEU27_2020_FOR", "Non-EU27 countries (from 2020) nor reporting country"),
)
CITIZEN = Dimension(
    "citizen",
    ("Country of citizenship", "Citizenship"),
    (
        _total("TOTAL", "Total"),
        *(_group("citizenship", c, label) for c, label in _FOREIGN_GROUPS),
        _group("citizenship", "STLS", "Stateless"),
    ),
)
C_BIRTH = Dimension(
    "c_birth",
    ("Country of birth",),
    (
        _total("TOTAL", "Total"),
        *(_group("country_of_birth", c, label) for c, label in _FOREIGN_GROUPS),
    ),
)
DEG_URB = Dimension(
    "deg_urb",
    ("Degree of urbanisation",),
    (
        _total("TOTAL", "Total"),
        _group("urbanisation", "DEG1", "Cities"),
        _group("urbanisation", "DEG2", "Towns and suburbs"),
        _group("urbanisation", "DEG3", "Rural areas"),
    ),
)
PISA_DOMAIN = Dimension(
    "field",
    ("Education or training field", "Field", "PISA domain", "Subject", "Domain"),
    (
        Value("READING", Meaning(INDICATOR, code="LOWACH_READ"), ("Reading",), ("READ",)),
        Value(
            "MATHEMATICS",
            Meaning(INDICATOR, code="LOWACH_MATH"),
            ("Mathematics", "Maths", "Math"),
            ("MATH", "MAT"),
        ),
        Value("SCIENCE", Meaning(INDICATOR, code="LOWACH_SCI"), ("Science",), ("SCI", "SCIE")),
    ),
    aliases=("subject", "domain", "pisa_domain"),
)

ELET_COMMON = (FREQ, UNIT_PC, AGE_18_24, SEX)

DATASETS: tuple[DatasetMap, ...] = (
    DatasetMap(
        "edat_lfse_14",
        "Eurostat",
        "Early leavers from education and training by sex and labour status",
        "ELET",
        (*ELET_COMMON, WSTATUS_POP),
        notes="Employed and not-employed early leavers (wstatus EMP, NEMP) are other "
        "quantities and are skipped.",
    ),
    DatasetMap(
        "edat_lfse_16",
        "Eurostat",
        "Early leavers from education and training by sex and NUTS 2 region",
        "ELET",
        ELET_COMMON,
    ),
    DatasetMap(
        "sdg_04_10",
        "Eurostat",
        "Early leavers from education and training by sex",
        "ELET",
        ELET_COMMON,
    ),
    DatasetMap(
        "sdg_04_10a",
        "Eurostat",
        "Early leavers from education and training by citizenship",
        "ELET",
        (*ELET_COMMON, CITIZEN),
        defining=("citizen",),
        notes="A breakdown series: stored under its citizenship group, never as the total.",
    ),
    DatasetMap(
        "edat_lfse_01",
        "Eurostat",
        "Early leavers from education and training by sex and citizenship",
        "ELET",
        (*ELET_COMMON, CITIZEN),
        defining=("citizen",),
    ),
    DatasetMap(
        "edat_lfse_02",
        "Eurostat",
        "Early leavers from education and training by sex and country of birth",
        "ELET",
        (*ELET_COMMON, C_BIRTH),
        defining=("c_birth",),
    ),
    DatasetMap(
        "edat_lfse_30",
        "Eurostat",
        "Early leavers from education and training by sex and degree of urbanisation",
        "ELET",
        (*ELET_COMMON, DEG_URB),
        defining=("deg_urb",),
        notes="Thousands of persons (unit THS_PER) are another quantity and are skipped.",
    ),
    DatasetMap(
        "sdg_04_40",
        "Eurostat",
        "Low achieving 15-year-olds in reading, mathematics or science by sex",
        None,
        (FREQ, UNIT_PC, SEX, PISA_DOMAIN),
        notes="PISA data from the OECD.",
    ),
    DatasetMap(
        "educ_outc_pisa",
        "Eurostat",
        "Low achieving 15-year-olds in reading, mathematics or science by sex (PISA)",
        None,
        (FREQ, UNIT_PC, SEX, PISA_DOMAIN),
        notes="PISA data from the OECD; same dimensions as sdg_04_40.",
    ),
    DatasetMap(
        "oecd_pisa",
        "OECD",
        "PISA: share of 15-year-old students below proficiency Level 2 (OECD Data Explorer)",
        None,
        (
            Dimension("freq", ("Frequency of observation",), (_total("A", "Annual"),), default="A"),
            Dimension(
                "measure",
                ("Measure",),
                (_total("LOWACH", "Low achievers (below Level 2)", aliases=("BELOW_L2",)),),
            ),
            Dimension(
                "unit_measure",
                ("Unit of measure",),
                (_total("PT_STUD", "Percentage of students", aliases=("PT", "PC")),),
            ),
            Dimension(
                "sex",
                ("Sex",),
                (
                    _total("_T", "Total", aliases=("T",)),
                    Value("M", Meaning(BREAKDOWN, "sex", "M"), ("Male", "Males")),
                    Value("F", Meaning(BREAKDOWN, "sex", "F"), ("Female", "Females")),
                ),
            ),
            Dimension(
                "subject",
                ("Subject", "PISA domain", "Domain"),
                PISA_DOMAIN.values,
                aliases=("domain", "field"),
            ),
        ),
        structure_ids=("OECD.EDU.IMEP:DSD_PISA@DF_PISA_LOWACH",),
        geo_codes="iso3",
        notes="Places as ISO 3166 alpha-3 codes (REF_AREA), turned into Eurostat codes.",
    ),
)
DATASET_BY_CODE: dict[str, DatasetMap] = {d.code: d for d in DATASETS}
# Every dimension id or label any table knows -> the dimension id (for metadata lines).
DIMENSION_IDS: dict[str, str] = {
    "geo": "geo",
    "geopolitical entity (reporting)": "geo",
    "geopolitical entity (declaring)": "geo",
    "geopolitical entity": "geo",
    "reference area": "geo",
    "ref_area": "geo",
    "time": "time",
    "time_period": "time",
    "time period": "time",
}
for _d in DATASETS:
    for _dim in _d.dimensions:
        for _name in (_dim.id, *_dim.aliases):
            DIMENSION_IDS.setdefault(_name.lower(), _dim.id)
        for _label in _dim.labels:
            DIMENSION_IDS.setdefault(_label.lower(), _dim.id)


def dataset_for(code: str | None) -> DatasetMap | None:
    """The table for an exact dataset code (or an SDMX dataflow id), else None."""
    if not code:
        return None
    key = code.strip().lower()
    if key in DATASET_BY_CODE:
        return DATASET_BY_CODE[key]
    for d in DATASETS:
        if any(key == s.lower() or key.startswith(s.lower() + "(") for s in d.structure_ids):
            return d
    return None


def dataset_codes(publisher: str | None = None) -> tuple[str, ...]:
    return tuple(d.code for d in DATASETS if publisher is None or d.publisher == publisher)
