"""Generate a realistic full-scale data set for the scale benchmark (issue 7).

Every EU-27 country and (a ``--fraction`` of) its NUTS 1-3 regions, years 2000-2025, the four
canonical indicators by sex x country of birth x degree of urbanisation, 20 national indicators
by sex (and country of birth for the total), flags sprinkled, and one generated strategy per
country (40 objectives, 400 milestones, 10 years of budget lines over several funds). Everything
is loaded through the real import engine (CSV bytes per country, the strategy as the upload
workbook), so the store looks exactly as if ministries had uploaded it.

    python -m bench.generate --url sqlite:////tmp/bench.sqlite --fraction 1.0
    python -m bench.generate --url postgresql+psycopg://postgres@127.0.0.1:5432/bench --fraction 0.1

At ``--fraction 1.0`` the store holds over 5,000,000 observations. Deterministic (fixed seed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pathways_monitor.db import migrate
from pathways_monitor.db.models import Indicator, Milestone, Objective, Observation, Place, Strategy
from pathways_monitor.db.reference import sync_reference_data
from pathways_monitor.db.session import make_engine
from pathways_monitor.domain.funding import FUNDING_SOURCES
from pathways_monitor.domain.indicators import HIGHER_IS_BETTER, LOWER_IS_BETTER, UNIT_PERCENT
from pathways_monitor.domain.places import EU27_CODES
from pathways_monitor.domain.taxonomy import TAXONOMY
from pathways_monitor.importers.engine import import_file
from pathways_monitor.importers.templates import StrategyContent, write_strategy_template

YEARS: tuple[int, ...] = tuple(range(2000, 2026))
PISA_YEARS: tuple[int, ...] = (2000, 2003, 2006, 2009, 2012, 2015, 2018, 2022, 2025)
SEXES = ("T", "M", "F")
BIRTH = ("TOTAL", "NAT", "FOR")
URBANISATION = ("TOTAL", "DEG1", "DEG2", "DEG3")
CANONICAL = ("ELET", "LOWACH_READ", "LOWACH_MATH", "LOWACH_SCI")
BENCH_USER = "bench@pathways.local"
SEED = 2030
MAX_BYTES = 1 << 31
STRATEGY_PERIOD = (2021, 2030)
OBJECTIVES_PER_STRATEGY = 40
MILESTONES_PER_OBJECTIVE = 10
GENERATED_TITLE = "GENERATED benchmark data – not an official strategy ({country})"


@dataclass(frozen=True)
class NationalIndicator:
    code: str
    name_en: str
    name_nl: str
    direction: str
    base: float  # typical level in percent


NATIONAL_INDICATORS: tuple[NationalIndicator, ...] = tuple(
    NationalIndicator(code, en, nl, direction, base)
    for code, en, nl, direction, base in (
        ("NAT_ATTEND", "School attendance rate", "Aanwezigheid op school", HIGHER_IS_BETTER, 93),
        ("NAT_WELLBEING", "Pupils reporting good well-being", "Welbevinden", HIGHER_IS_BETTER, 72),
        ("NAT_BELONGING", "Sense of belonging at school", "Verbondenheid", HIGHER_IS_BETTER, 68),
        ("NAT_ECEC", "Participation in ECEC from age 3", "Deelname VVE", HIGHER_IS_BETTER, 88),
        ("NAT_ABSENT", "Chronic absence", "Chronisch verzuim", LOWER_IS_BETTER, 9),
        ("NAT_BULLYING", "Pupils bullied monthly", "Gepest", LOWER_IS_BETTER, 14),
        (
            "NAT_MENTAL",
            "Pupils with mental-health problems",
            "Psychische klachten",
            LOWER_IS_BETTER,
            18,
        ),
        (
            "NAT_VET_COMPL",
            "VET completion in nominal time",
            "Mbo-diploma op tijd",
            HIGHER_IS_BETTER,
            64,
        ),
        ("NAT_USEC_COMPL", "Upper secondary completion", "Diploma bovenbouw", HIGHER_IS_BETTER, 82),
        ("NAT_REPEAT", "Grade repetition", "Zittenblijven", LOWER_IS_BETTER, 6),
        (
            "NAT_SEN_INCL",
            "Learners with SEN in mainstream schools",
            "Inclusie",
            HIGHER_IS_BETTER,
            55,
        ),
        ("NAT_TEACH_SHORT", "Unfilled teaching posts", "Lerarentekort", LOWER_IS_BETTER, 4),
        (
            "NAT_DIGITAL",
            "Basic digital skills at 15",
            "Digitale basisvaardigheden",
            HIGHER_IS_BETTER,
            70,
        ),
        (
            "NAT_SECOND_CH",
            "Re-entry into second-chance education",
            "Herstart",
            HIGHER_IS_BETTER,
            35,
        ),
        (
            "NAT_EARLY_WARN",
            "Schools using an early-warning system",
            "Signalering",
            HIGHER_IS_BETTER,
            45,
        ),
        ("NAT_NEET_1519", "NEET rate 15-19", "Niet in onderwijs of werk 15-19", LOWER_IS_BETTER, 6),
        (
            "NAT_LANG_SUP",
            "Newcomers receiving language support",
            "Taalondersteuning",
            HIGHER_IS_BETTER,
            60,
        ),
        (
            "NAT_PARENTS",
            "Parents engaged with the school",
            "Ouderbetrokkenheid",
            HIGHER_IS_BETTER,
            58,
        ),
        ("NAT_DISCRIM", "Pupils experiencing discrimination", "Discriminatie", LOWER_IS_BETTER, 11),
        (
            "NAT_READ_P6",
            "Reading below the basic level, grade 6",
            "Lezen onder basisniveau",
            LOWER_IS_BETTER,
            16,
        ),
    )
)
# How much a group differs from the total (percentage points, for lower-is-better rates).
SEX_SHIFT = {"T": 0.0, "M": 1.8, "F": -1.6}
BIRTH_SHIFT = {"TOTAL": 0.0, "NAT": -0.6, "FOR": 5.5}
URBAN_SHIFT = {"TOTAL": 0.0, "DEG1": -0.7, "DEG2": 0.4, "DEG3": 1.6}
FLAG_CHOICES = np.array(["", "b", "u", "p"], dtype=object)


@dataclass
class GenerateCounts:
    places: int = 0
    regions: int = 0
    observations: int = 0
    national_indicators: int = 0
    strategies: int = 0
    objectives: int = 0
    milestones: int = 0
    budget_lines: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def _stable_unit(code: str, salt: str = "") -> float:
    """A deterministic number in [0, 1) per code: the same region is chosen at every run."""
    return zlib.crc32(f"{salt}{code}".encode()) / 2**32


def prepare(engine: Engine) -> None:
    """Migrate and load the reference data (what ``pathways db upgrade`` does)."""
    migrate.upgrade(engine)
    with Session(engine) as session:
        sync_reference_data(session)
        session.commit()


def select_places(
    session: Session, fraction: float, countries: tuple[str, ...] = EU27_CODES
) -> pd.DataFrame:
    """The countries always, and those of their regions whose stable hash falls below
    ``fraction`` (so 10 % is a subset of 50 %, which is a subset of 100 %)."""
    rows = session.execute(
        select(Place.code, Place.kind, Place.nuts_level, Place.country_id, Place.id).where(
            Place.kind.in_(("country", "region"))
        )
    ).all()
    by_id = {r.id: r.code for r in rows}
    records = []
    for r in rows:
        country = r.code if r.kind == "country" else by_id.get(r.country_id)
        if country not in countries:
            continue
        if r.kind == "region" and _stable_unit(r.code) >= fraction:
            continue
        records.append((r.code, r.kind, int(r.nuts_level or 0), country))
    frame = pd.DataFrame(records, columns=["geo", "kind", "level", "country"])
    return frame.sort_values(["country", "level", "geo"]).reset_index(drop=True)


def ensure_national_indicators(session: Session) -> int:
    """Create the 20 national indicators once (percent, not canonical); returns how many exist."""
    existing = set(session.scalars(select(Indicator.code)))
    for ind in NATIONAL_INDICATORS:
        if ind.code in existing:
            continue
        session.add(
            Indicator(
                code=ind.code,
                name_en=f"{ind.name_en} (generated)",
                unit=UNIT_PERCENT,
                direction=ind.direction,
                definition_en="Generated benchmark indicator; not real data.",
                source="generated",
                is_canonical=False,
                min_value=0.0,
                max_value=100.0,
            )
        )
    session.commit()
    return len(NATIONAL_INDICATORS)


def _cross(**dims: tuple[Any, ...]) -> pd.DataFrame:
    index = pd.MultiIndex.from_product(list(dims.values()), names=list(dims))
    return index.to_frame(index=False)


def _place_effects(places: pd.DataFrame, salt: str) -> tuple[np.ndarray, np.ndarray]:
    """Per place: a level offset (countries differ, regions scatter round their country) and a
    yearly slope; deterministic per code."""
    country_u = np.array([_stable_unit(c, salt) for c in places["country"]])
    place_u = np.array([_stable_unit(g, salt + "p") for g in places["geo"]])
    level = places["level"].to_numpy()
    offset = (country_u - 0.5) * 1.0 + np.where(level > 0, (place_u - 0.5) * 0.6, 0.0)
    slope = -0.012 - 0.02 * country_u + np.where(level > 0, (place_u - 0.5) * 0.01, 0.0)
    return offset, slope


def _flags(rng: np.random.Generator, level: np.ndarray) -> np.ndarray:
    """Mostly no flag; ``b``/``p`` now and then; ``u`` often for small (NUTS 3) regions."""
    draw = rng.random(len(level))
    out = np.full(len(level), "", dtype=object)
    out[draw < 0.015] = "b"
    out[(draw >= 0.015) & (draw < 0.03)] = "p"
    unreliable = np.where(level >= 3, 0.12, np.where(level == 2, 0.04, 0.01))
    out[(draw >= 0.03) & (draw < 0.03 + unreliable)] = "u"
    return out


def canonical_frame(places: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """ELET yearly and PISA low achievement in PISA years, by sex x birth x urbanisation."""
    frames = []
    for indicator in CANONICAL:
        years = YEARS if indicator == "ELET" else PISA_YEARS
        base = (
            11.0
            if indicator == "ELET"
            else {"READ": 22.0, "MATH": 23.0, "SCI": 20.0}[indicator.rsplit("_", 1)[1]]
        )
        grid = _cross(
            p=tuple(range(len(places))),
            year=years,
            sex=SEXES,
            country_of_birth=BIRTH,
            urbanisation=URBANISATION,
        )
        offset, slope = _place_effects(places, indicator)
        p = grid["p"].to_numpy()
        t = grid["year"].to_numpy() - 2000
        trend = base * (1 + offset[p]) * np.exp(slope[p] * t)
        shift = (
            grid["sex"].map(SEX_SHIFT).to_numpy()
            + grid["country_of_birth"].map(BIRTH_SHIFT).to_numpy()
            + grid["urbanisation"].map(URBAN_SHIFT).to_numpy()
        )
        level = places["level"].to_numpy()[p]
        noise = rng.normal(0.0, 0.25 + 0.35 * level, len(grid))
        value = np.clip(trend + shift + 0.4 * np.sin(t / 3.0) + noise, 0.3, 80.0)
        frames.append(
            pd.DataFrame(
                {
                    "indicator": indicator,
                    "geo": places["geo"].to_numpy()[p],
                    "year": grid["year"].to_numpy(),
                    "sex": grid["sex"].to_numpy(),
                    "country_of_birth": grid["country_of_birth"].to_numpy(),
                    "urbanisation": grid["urbanisation"].to_numpy(),
                    "value": np.round(value, 1),
                    "flag": _flags(rng, level),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


NATIONAL_BREAKDOWNS: tuple[tuple[str, str], ...] = (
    ("T", "TOTAL"),
    ("M", "TOTAL"),
    ("F", "TOTAL"),
    ("T", "NAT"),
    ("T", "FOR"),
)


def national_frame(places: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The 20 national indicators yearly, by sex (and country of birth for the total)."""
    frames = []
    for ind in NATIONAL_INDICATORS:
        grid = _cross(
            p=tuple(range(len(places))), year=YEARS, b=tuple(range(len(NATIONAL_BREAKDOWNS)))
        )
        offset, slope = _place_effects(places, ind.code)
        p = grid["p"].to_numpy()
        t = grid["year"].to_numpy() - 2000
        sign = 1.0 if ind.direction == HIGHER_IS_BETTER else -1.0
        trend = ind.base * (1 + 0.5 * offset[p]) + sign * (-slope[p]) * 10 * t * (ind.base / 50)
        b = grid["b"].to_numpy()
        sex = np.array([s for s, _ in NATIONAL_BREAKDOWNS], dtype=object)[b]
        birth = np.array([c for _, c in NATIONAL_BREAKDOWNS], dtype=object)[b]
        shift = pd.Series(sex).map(SEX_SHIFT).to_numpy() + pd.Series(birth).map(
            BIRTH_SHIFT
        ).to_numpy() * (ind.base / 20)
        level = places["level"].to_numpy()[p]
        noise = rng.normal(0.0, 0.4 + 0.5 * level, len(grid))
        value = np.clip(trend - sign * shift + noise, 0.2, 99.8)
        frames.append(
            pd.DataFrame(
                {
                    "indicator": ind.code,
                    "geo": places["geo"].to_numpy()[p],
                    "year": grid["year"].to_numpy(),
                    "sex": sex,
                    "country_of_birth": birth,
                    "urbanisation": "TOTAL",
                    "value": np.round(value, 1),
                    "flag": _flags(rng, level),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def country_files(
    places: pd.DataFrame, seed: int = SEED
) -> Iterator[tuple[str, str, pd.DataFrame]]:
    """(country, file name, long frame) per country and indicator group, in country order."""
    for n, (country, group) in enumerate(places.groupby("country", sort=True)):
        group = group.reset_index(drop=True)
        rng = np.random.default_rng(seed + n)
        yield country, f"bench_{country}_canonical.csv", canonical_frame(group, rng)
        yield country, f"bench_{country}_national.csv", national_frame(group, rng)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode()


# --- strategies -------------------------------------------------------------------------------

_TAGS = {d.code: tuple(t.code for t in d.terms) for d in TAXONOMY}
_EU_FUNDS = tuple(f.code for f in FUNDING_SOURCES if f.is_eu and f.code not in ("CEF2", "OTHER"))
_STATUS_LAST_DAY = {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}


def _pick(values: tuple[str, ...], i: int, k: int) -> tuple[str, ...]:
    return tuple(values[(i + j * 3) % len(values)] for j in range(k))


def _money(amount: float) -> Decimal:
    return Decimal(round(amount / 1000.0) * 1000)


def strategy_content(
    country: str, regions: list[str], as_of: dt.date, seed: int = SEED
) -> StrategyContent:
    """A generated strategy for ``country``: 40 objectives, 10 milestones each, budget lines for
    2021-2030 from the national budget and two EU funds per objective, national and regional
    targets. Clearly labelled as generated (title and the example flag)."""
    rng = np.random.default_rng(seed + zlib.crc32(country.encode()) % 10_000)
    fields = {
        "country": country,
        "title": GENERATED_TITLE.format(country=country),
        "version_note": "Generated for the scale benchmark; not real data.",
        "adopted_on": dt.date(2021, 6, 30),
        "period_start": STRATEGY_PERIOD[0],
        "period_end": STRATEGY_PERIOD[1],
        "status": "in_implementation",
        "coordination_body": "GENERATED: interministerial steering group",
        "coordination_mechanism": "GENERATED: quarterly steering group with regions and schools.",
        "monitoring_arrangements": "GENERATED: annual monitor, LFS and PISA for the EU targets.",
        "summary": "Generated benchmark strategy; it is not a policy document.",
        "is_example": "yes",
    }
    objectives = []
    milestones = []
    budget = []
    first, last = dt.date(2021, 9, 30), dt.date(2030, 6, 30)
    span = (last - first).days
    for i in range(OBJECTIVES_PER_STRATEGY):
        code = f"OBJ{i + 1:02d}"
        objectives.append(
            {
                "code": code,
                "title": f"Generated objective {i + 1} for {country}",
                "description": "Generated description of what this objective changes and for whom.",
                "lead_body": f"Ministry department {i % 7 + 1}",
                "policy_area": _pick(_TAGS["policy_area"], i, 2),
                "measure_type": _pick(_TAGS["measure_type"], i, 1),
                "reach": _pick(_TAGS["reach"], i, 1),
                "target_groups": _pick(_TAGS["target_group"], i, 2),
                "education_levels": _pick(_TAGS["education_level"], i, 2),
                "governance_level": _pick(_TAGS["governance_level"], i, 1),
            }
        )
        for m in range(MILESTONES_PER_OBJECTIVE):
            day = first + dt.timedelta(
                days=int(span * (m + (i % 5) * 0.17) / MILESTONES_PER_OBJECTIVE)
            )
            due = dt.date(day.year, day.month, _STATUS_LAST_DAY.get(day.month, 31))
            draw = rng.random()
            completed = None
            if due < as_of:
                if draw < 0.75:
                    status = "completed"
                    completed = min(due + dt.timedelta(days=int(rng.integers(-40, 60))), as_of)
                else:
                    status = "delayed" if draw < 0.9 else "in_progress"
            else:
                status = "in_progress" if draw < 0.3 else "not_started"
            milestones.append(
                {
                    "objective_code": code,
                    "code": f"M{m + 1:02d}",
                    "title": f"Generated milestone {m + 1} of objective {i + 1}",
                    "due_date": due,
                    "status": status,
                    "completed_on": completed,
                    "responsible_body": f"Body {(i + m) % 9 + 1}",
                    "evidence_note": "Generated evidence note" if completed else None,
                    "region": regions[(i + m) % len(regions)] if regions and m % 3 == 0 else None,
                }
            )
        yearly = 2_000_000 + 500_000 * (i % 9)
        funds = ("NATIONAL", _EU_FUNDS[i % len(_EU_FUNDS)], _EU_FUNDS[(i + 3) % len(_EU_FUNDS)])
        for year in range(STRATEGY_PERIOD[0], STRATEGY_PERIOD[1] + 1):
            for k, fund in enumerate(funds):
                amount = (
                    yearly * (1 + 0.03 * (year - STRATEGY_PERIOD[0])) * (1.0 if k == 0 else 0.3)
                )
                committed = spent = None
                if year <= as_of.year:
                    committed = _money(amount * (0.9 + 0.1 * rng.random()))
                if year < as_of.year:
                    spent = _money(float(committed) * (0.8 + 0.2 * rng.random()))  # type: ignore[arg-type]
                budget.append(
                    {
                        "objective_code": code,
                        "year": year,
                        "funding_source": fund,
                        "planned": _money(amount),
                        "committed": committed,
                        "spent": spent,
                    }
                )
    targets: list[dict[str, Any]] = [
        {
            "indicator": "ELET",
            "place": country,
            "value": 7.5,
            "year": 2030,
            "objective_code": "OBJ01",
        },
        {
            "indicator": "LOWACH_READ",
            "place": country,
            "value": 15.0,
            "year": 2030,
            "objective_code": "OBJ02",
        },
        {
            "indicator": "LOWACH_MATH",
            "place": country,
            "value": 15.0,
            "year": 2030,
            "objective_code": "OBJ03",
        },
        {
            "indicator": "NAT_REPEAT",
            "place": country,
            "value": 4.0,
            "year": 2030,
            "objective_code": "OBJ04",
        },
        {
            "indicator": "NAT_ABSENT",
            "place": country,
            "value": 5.0,
            "year": 2030,
            "objective_code": "OBJ05",
        },
    ]
    targets += [
        {"indicator": "ELET", "place": r, "value": 8.0, "year": 2030, "objective_code": "OBJ01"}
        for r in regions[:3]
    ]
    for row in targets:
        row["note"] = "Generated target"
    return StrategyContent(fields, objectives, milestones, budget, targets)


def strategy_bytes(content: StrategyContent) -> bytes:
    buffer = io.BytesIO()
    write_strategy_template(buffer, lang="en", content=content)
    return buffer.getvalue()


# --- loading ----------------------------------------------------------------------------------


def _import(engine: Engine, data: bytes, name: str) -> int:
    with Session(engine) as session:
        report = import_file(session, data, name, user=BENCH_USER, max_bytes=MAX_BYTES)
    if not report.accepted:
        raise RuntimeError(f"{name} rejected: " + "; ".join(p.message for p in report.errors[:5]))
    return report.inserted


def generate(
    url: str,
    fraction: float = 1.0,
    *,
    with_strategies: bool = True,
    countries: tuple[str, ...] = EU27_CODES,
    as_of: dt.date | None = None,
    say: Callable[[str], None] = lambda _msg: None,
) -> GenerateCounts:
    """Upgrade ``url`` and load the generated data set into it; returns what was stored."""
    if not 0.0 < fraction <= 1.0:
        raise ValueError(f"fraction must be in (0, 1], not {fraction}")
    as_of = as_of or dt.date.today()
    counts = GenerateCounts()
    engine = make_engine(url)
    try:
        start = time.perf_counter()
        prepare(engine)
        with Session(engine) as session:
            counts.national_indicators = ensure_national_indicators(session)
            places = select_places(session, fraction, countries)
        counts.places = len(places)
        counts.regions = int((places["kind"] == "region").sum())
        counts.timings["prepare"] = time.perf_counter() - start
        say(f"{counts.places:,} places ({counts.regions:,} regions) at fraction {fraction}")

        start = time.perf_counter()
        for _country, name, frame in country_files(places):
            inserted = _import(engine, to_csv_bytes(frame), name)
            say(f"  {name}: {inserted:,} observations")
        counts.timings["observations"] = time.perf_counter() - start

        if with_strategies:
            start = time.perf_counter()
            regions = places[places["kind"] == "region"].groupby("country")["geo"].apply(list)
            for country in countries:
                content = strategy_content(country, list(regions.get(country, [])), as_of)
                _import(engine, strategy_bytes(content), f"bench_strategy_{country}.xlsx")
            counts.timings["strategies"] = time.perf_counter() - start
            say(f"  {len(countries)} strategies in {counts.timings['strategies']:.1f} s")

        with Session(engine) as session:
            counts.observations = int(session.scalar(select(func.count(Observation.id))) or 0)
            counts.strategies = int(session.scalar(select(func.count(Strategy.id))) or 0)
            counts.objectives = int(session.scalar(select(func.count(Objective.id))) or 0)
            counts.milestones = int(session.scalar(select(func.count(Milestone.id))) or 0)
            from pathways_monitor.db.models import BudgetLine

            counts.budget_lines = int(session.scalar(select(func.count(BudgetLine.id))) or 0)
    finally:
        engine.dispose()
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", required=True, help="SQLAlchemy URL of the (empty) store")
    parser.add_argument("--fraction", type=float, default=1.0, help="share of regions (0-1]")
    parser.add_argument("--no-strategies", action="store_true")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    counts = generate(
        args.url,
        args.fraction,
        with_strategies=not args.no_strategies,
        say=(lambda _m: None) if args.quiet else print,
    )
    total = time.perf_counter() - start
    print(
        f"places {counts.places:,} (regions {counts.regions:,}), observations "
        f"{counts.observations:,}, national indicators {counts.national_indicators}, "
        f"strategies {counts.strategies}, objectives {counts.objectives:,}, milestones "
        f"{counts.milestones:,}, budget lines {counts.budget_lines:,}"
    )
    phases = ", ".join(f"{k} {v:.1f} s" for k, v in counts.timings.items())
    print(f"time {total:.1f} s ({phases})")


if __name__ == "__main__":
    main()
