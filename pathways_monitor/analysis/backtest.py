"""Backtest of the 2030 projection (analysis.projection) on the real ELET and PISA series.

For every series and every origin year t at which ``project`` gives a band (enough values
since the latest break), the projection is made from the data up to t only and compared with
the value published later: ELET in t + 5, PISA at the next result 3-5 years on. A case counts
as inside when the observed value lies within the 80 % (95 %) band. Pure functions of series;
``python -m pathways_monitor.analysis.backtest`` prints the table written in docs/progress-method.md.

Also here: the estimate of the pooled AR(1) coefficient (``estimate_rho``) and the maximum
likelihood widening of the bands (``fit_band_scale``) whose results are the constants
``AR1_RHO`` and ``BAND_SCALE`` of analysis.projection; tests/test_backtest.py recomputes both.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pathways_monitor.analysis.progress import has_break
from pathways_monitor.analysis.projection import (
    AR1_RHO,
    BAND_SCALE,
    CADENCE_ANNUAL,
    CADENCE_SURVEY,
    TRANSFORM_LOGIT,
    project,
    t_logpdf,
    t_ppf,
    to_scale,
)

PACKAGE = Path(__file__).resolve().parent.parent
# The same bytes as /work/shared/data/eurostat/edat_lfse_14.tsv and
# /work/shared/data/pisa/pisa_low_achievers_sdg_04_40.csv (demo/data/README.md).
DEFAULT_ELET = PACKAGE / "demo" / "data" / "edat_lfse_14.tsv"
DEFAULT_PISA = PACKAGE / "demo" / "data" / "pisa_low_achievers_sdg_04_40.csv"
ELET_HORIZON = 5
PISA_HORIZON = (3, 5)  # the next PISA result 3 to 5 years after the origin
PISA_FIELDS = {"READING": "LOWACH_READ", "MATHEMATICS": "LOWACH_MATH", "SCIENCE": "LOWACH_SCI"}
SCALE_GRID = np.round(np.arange(1.0, 5.0001, 0.01), 2)  # candidate widenings, 0.01 apart

Point = tuple[int, float, str | None]
SeriesKey = str  # "NL" (ELET) or "NL LOWACH_MATH" (PISA): the country is the first word


# --------------------------------------------------------------------------- reading


_CELL = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([a-z]*)\s*$")


def read_elet_totals(text: str) -> dict[SeriesKey, list[Point]]:
    """The total (sex T, wstatus POP, 18-24, %) of every place in an edat_lfse_14 bulk TSV."""
    lines = text.splitlines()
    header = lines[0].split("\t")
    dims = header[0].split("\\")[0].split(",")
    years = [int(y) for y in header[1:]]
    out: dict[SeriesKey, list[Point]] = {}
    for line in lines[1:]:
        cells = line.split("\t")
        key = dict(zip(dims, cells[0].split(","), strict=True))
        if (key.get("freq"), key.get("sex"), key.get("wstatus"), key.get("unit")) != (
            "A",
            "T",
            "POP",
            "PC",
        ) or key.get("age") != "Y18-24":
            continue
        points = []
        for year, cell in zip(years, cells[1:], strict=True):
            m = _CELL.match(cell)
            if m:
                points.append((year, float(m.group(1)), m.group(2) or None))
        if points:
            out[key["geo"]] = points
    return out


def read_pisa_totals(text: str) -> dict[SeriesKey, list[Point]]:
    """Reading and mathematics, both sexes, of every place in the sdg_04_40-derived CSV."""
    out: dict[SeriesKey, list[Point]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row["sex"] != "T" or not row["value"].strip() or row["field"] not in PISA_FIELDS:
            continue
        key = f"{row['geo']} {PISA_FIELDS[row['field']]}"
        out.setdefault(key, []).append(
            (int(row["year"]), float(row["value"]), row["flag"].strip() or None)
        )
    return {k: sorted(v) for k, v in out.items()}


# --------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    """One projection made at ``origin`` and checked against the value of ``target_year``."""

    series: SeriesKey
    origin: int
    target_year: int
    observed: float
    n_points: int
    df: int
    cadence: str
    error: float  # (observed - centre) / standard error before widening, on the logit scale
    inside80: bool  # with the production widening (BAND_SCALE)
    inside95: bool
    inside80_unwidened: bool
    inside95_unwidened: bool
    crosses_break: bool  # a break in series between the origin and the target year

    @property
    def country(self) -> str:
        return self.series.split()[0]


def elet_target(origin: int, years: Iterable[int]) -> int | None:
    target = origin + ELET_HORIZON
    return target if target in set(years) else None


def pisa_target(origin: int, years: Iterable[int]) -> int | None:
    later = sorted(y for y in years if PISA_HORIZON[0] <= y - origin <= PISA_HORIZON[1])
    return later[0] if later else None


def backtest_series(
    key: SeriesKey,
    points: Sequence[Point],
    target_for: Callable[[int, Iterable[int]], int | None],
    indicator: str | None = None,
) -> list[Case]:
    """Every origin of one series at which the projection gives a band and a later value exists."""
    by_year = {p[0]: p for p in points}
    cases = []
    for origin in sorted(by_year):
        target_year = target_for(origin, by_year)
        if target_year is None:
            continue
        history = [p for p in points if p[0] <= origin]
        widened = project(history, None, target_year, indicator=indicator)
        if widened.insufficient_data:
            continue
        plain = project(history, None, target_year, indicator=indicator, band_scale=1.0)
        observed = by_year[target_year][1]
        pred = widened.predictive(target_year)
        assert pred is not None and widened.at_target_year is not None
        z, se, df = pred
        end, end1 = widened.at_target_year, plain.at_target_year
        assert end1 is not None
        cases.append(
            Case(
                series=key,
                origin=origin,
                target_year=target_year,
                observed=observed,
                n_points=widened.n_points,
                df=df,
                cadence=widened.cadence,
                error=(to_scale(observed, TRANSFORM_LOGIT) - z) / se if se > 0 else math.inf,
                inside80=end.low80 <= observed <= end.high80,
                inside95=end.low95 <= observed <= end.high95,
                inside80_unwidened=end1.low80 <= observed <= end1.high80,
                inside95_unwidened=end1.low95 <= observed <= end1.high95,
                crosses_break=any(has_break(p[2]) for p in points if origin < p[0] <= target_year),
            )
        )
    return cases


def backtest(
    series: Mapping[SeriesKey, Sequence[Point]],
    target_for: Callable[[int, Iterable[int]], int | None],
) -> list[Case]:
    out = []
    for key in sorted(series):
        parts = key.split()
        out += backtest_series(key, series[key], target_for, parts[1] if len(parts) > 1 else None)
    return out


# --------------------------------------------------------------------------- coverage


@dataclass(frozen=True)
class Coverage:
    n: int
    inside80: float
    inside95: float


def _share(flags: Sequence[bool]) -> float:
    return sum(flags) / len(flags) if flags else math.nan


def coverage(cases: Sequence[Case], *, widened: bool = True) -> Coverage:
    if widened:
        return Coverage(
            len(cases), _share([c.inside80 for c in cases]), _share([c.inside95 for c in cases])
        )
    return Coverage(
        len(cases),
        _share([c.inside80_unwidened for c in cases]),
        _share([c.inside95_unwidened for c in cases]),
    )


def coverage_at(cases: Sequence[Case], scale: float) -> Coverage:
    """Coverage had the bands been widened by ``scale`` (from the standardised errors)."""
    in80 = [abs(c.error) <= scale * t_ppf(0.90, c.df) for c in cases]
    in95 = [abs(c.error) <= scale * t_ppf(0.975, c.df) for c in cases]
    return Coverage(len(cases), _share(in80), _share(in95))


def _loglik_grid(cases: Sequence[Case]) -> np.ndarray:
    """Log likelihood of every case (columns) under every widening of SCALE_GRID (rows)."""
    grid = np.empty((len(SCALE_GRID), len(cases)))
    for j, c in enumerate(cases):
        grid[:, j] = [t_logpdf(c.error / k, c.df) - math.log(k) for k in SCALE_GRID]
    return grid


def fit_band_scale(cases: Sequence[Case]) -> float:
    """Maximum likelihood widening k: error / k ~ Student t(df), on a grid 0.01 apart."""
    return float(SCALE_GRID[int(np.argmax(_loglik_grid(cases).sum(axis=1)))])


def leave_one_country_out(cases: Sequence[Case]) -> Coverage:
    """Coverage when each country's cases use a widening fitted on the other countries only."""
    grid = _loglik_grid(cases)
    total = grid.sum(axis=1)
    countries = sorted({c.country for c in cases})
    in80: list[bool] = []
    in95: list[bool] = []
    for country in countries:
        mine = [j for j, c in enumerate(cases) if c.country == country]
        k = float(SCALE_GRID[int(np.argmax(total - grid[:, mine].sum(axis=1)))])
        in80 += [abs(cases[j].error) <= k * t_ppf(0.90, cases[j].df) for j in mine]
        in95 += [abs(cases[j].error) <= k * t_ppf(0.975, cases[j].df) for j in mine]
    return Coverage(len(cases), _share(in80), _share(in95))


# --------------------------------------------------------------------------- the old model


def legacy_band(points: Sequence[Point], year: int) -> tuple[float, float, float, float] | None:
    """(low95, low80, high80, high95) of the model replaced in 2026: log-linear least squares
    on the last 10 years, breaks ignored, independent errors, Student t(n - 2), 3+ values."""
    latest = points[-1][0]
    used = [p for p in points if p[0] > latest - 10 and p[1] > 0]
    n = len(used)
    if n < 3:
        return None
    x = np.array([p[0] for p in used], float)
    y = np.log([p[1] for p in used])
    sxx = float(((x - x.mean()) ** 2).sum())
    slope = float(((x - x.mean()) * (y - y.mean())).sum()) / sxx
    fit = y.mean() + slope * (year - x.mean())
    s = math.sqrt(float(((y - (y.mean() + slope * (x - x.mean()))) ** 2).sum()) / (n - 2))
    se = s * math.sqrt(1 + 1 / n + (year - x.mean()) ** 2 / sxx)
    q80, q95 = t_ppf(0.90, n - 2) * se, t_ppf(0.975, n - 2) * se
    return (
        math.exp(fit - q95),
        math.exp(fit - q80),
        math.exp(min(fit + q80, 700)),
        math.exp(min(fit + q95, 700)),
    )


def legacy_coverage(
    series: Mapping[SeriesKey, Sequence[Point]],
    target_for: Callable[[int, Iterable[int]], int | None],
) -> Coverage:
    in80: list[bool] = []
    in95: list[bool] = []
    for key in sorted(series):
        points = series[key]
        by_year = {p[0]: p[1] for p in points}
        for origin in sorted(by_year):
            target_year = target_for(origin, by_year)
            band = None
            if target_year is not None:
                band = legacy_band([p for p in points if p[0] <= origin], target_year)
            if band is None or target_year is None:
                continue
            obs = by_year[target_year]
            in80.append(band[1] <= obs <= band[2])
            in95.append(band[0] <= obs <= band[3])
    return Coverage(len(in80), _share(in80), _share(in95))


# --------------------------------------------------------------------------- AR(1)


def _consecutive_segments(points: Sequence[Point], min_length: int) -> list[list[Point]]:
    """Break-free runs of consecutive years (a break starts a new run)."""
    runs: list[list[Point]] = []
    for p in points:
        if runs and not has_break(p[2]) and p[0] == runs[-1][-1][0] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return [r for r in runs if len(r) >= min_length]


def _pooled_lag1(residual_sets: Iterable[np.ndarray]) -> float:
    num = den = 0.0
    for r in residual_sets:
        num += float((r[1:] * r[:-1]).sum())
        den += float((r * r).sum())
    return num / den


def _detrend(values: np.ndarray) -> np.ndarray:
    """OLS residuals of a straight line through each row (years 0, 1, ...)."""
    n = values.shape[-1]
    x = np.arange(n) - (n - 1) / 2
    centred = values - values.mean(axis=-1, keepdims=True)
    slope = (centred * x).sum(axis=-1, keepdims=True) / (x * x).sum()
    return centred - slope * x


@dataclass(frozen=True)
class RhoEstimate:
    segments: int
    raw: float  # pooled lag-1 autocorrelation of the OLS residuals
    rho: float  # the AR(1) coefficient whose simulated raw value matches (bias-corrected)


def estimate_rho(
    series: Mapping[SeriesKey, Sequence[Point]],
    *,
    min_length: int = 6,
    reps: int = 400,
    seed: int = 20261203,
) -> RhoEstimate:
    """Pooled AR(1) coefficient of the deviations from a logit trend in break-free segments.

    The raw pooled lag-1 autocorrelation of residuals from trends fitted to 6-12 values is
    biased far below the true coefficient; it is corrected by simulating AR(1) series with the
    same segment lengths for rho = 0, 0.05, ..., 0.9 and interpolating where the simulated mean
    equals the raw value.
    """
    segments = [
        s for pts in series.values() for s in _consecutive_segments(pts, min_length)
        if all(0 < p[1] < 100 for p in s)
    ]  # fmt: skip
    residuals = [_detrend(np.array([to_scale(p[1], TRANSFORM_LOGIT) for p in s])) for s in segments]
    raw = _pooled_lag1(residuals)
    lengths = [len(s) for s in segments]
    rng = np.random.default_rng(seed)
    grid = np.round(np.arange(0.0, 0.9001, 0.05), 2)
    simulated = []
    for rho in grid:
        num = den = 0.0
        for n in sorted(set(lengths)):
            count = lengths.count(n) * reps
            shocks = rng.standard_normal((count, n))
            e = np.empty((count, n))
            e[:, 0] = shocks[:, 0] / math.sqrt(1 - rho * rho)
            for i in range(1, n):
                e[:, i] = rho * e[:, i - 1] + shocks[:, i]
            r = _detrend(e)
            num += float((r[:, 1:] * r[:, :-1]).sum())
            den += float((r * r).sum())
        simulated.append(num / den)
    # The simulated value rises with rho: interpolate where it equals the raw one.
    rho_hat = float(np.interp(raw, simulated, grid))
    return RhoEstimate(len(segments), raw, rho_hat)


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Report:
    elet: list[Case]
    pisa: list[Case]
    legacy_elet: Coverage
    legacy_pisa: Coverage
    rho: RhoEstimate
    scale_elet: float  # maximum likelihood widening on these cases
    scale_pisa: float
    vintage: tuple[tuple[str, str, int], ...]  # (file name, sha256[:12], latest year)
    projected_now: tuple[tuple[int, int], tuple[int, int]]  # (given a band, series): ELET, PISA


def _vintage(path: Path, series: Mapping[SeriesKey, Sequence[Point]]) -> tuple[str, str, int]:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    latest = max(p[0] for pts in series.values() for p in pts)
    return path.name, digest, latest


def run(elet_path: Path = DEFAULT_ELET, pisa_path: Path = DEFAULT_PISA) -> Report:
    elet = read_elet_totals(elet_path.read_text(encoding="utf-8"))
    pisa = read_pisa_totals(pisa_path.read_text(encoding="utf-8"))
    elet_cases = backtest(elet, elet_target)
    pisa_cases = backtest(pisa, pisa_target)
    return Report(
        elet=elet_cases,
        pisa=pisa_cases,
        legacy_elet=legacy_coverage(elet, elet_target),
        legacy_pisa=legacy_coverage(pisa, pisa_target),
        rho=estimate_rho(elet),
        scale_elet=fit_band_scale([c for c in elet_cases if c.cadence == CADENCE_ANNUAL]),
        scale_pisa=fit_band_scale([c for c in pisa_cases if c.cadence == CADENCE_SURVEY]),
        vintage=(_vintage(elet_path, elet), _vintage(pisa_path, pisa)),
        projected_now=(_projected_now(elet), _projected_now(pisa)),
    )


def _projected_now(series: Mapping[SeriesKey, Sequence[Point]]) -> tuple[int, int]:
    """How many series get a band from all their data, of how many."""
    given = 0
    for key, points in series.items():
        parts = key.split()
        indicator = parts[1] if len(parts) > 1 else None
        given += not project(points, None, indicator=indicator).insufficient_data
    return given, len(series)


def _pct(x: float) -> str:
    return f"{x * 100:.1f} %"


def coverage_table(report: Report) -> str:
    """The Markdown table of docs/progress-method.md (tests compare the two)."""
    rows = [
        "| series | projection | cases | inside 80 % band | inside 95 % band |",
        "|---|---|---:|---:|---:|",
    ]
    for name, cases, legacy, cadence in (
        ("ELET (5 years ahead)", report.elet, report.legacy_elet, CADENCE_ANNUAL),
        ("PISA (next result, 3-5 years on)", report.pisa, report.legacy_pisa, CADENCE_SURVEY),
    ):
        k = BAND_SCALE[cadence]
        lines = (
            ("old model (log-linear, last 10 years, breaks ignored)", legacy),
            ("new model, bands not widened", coverage(cases, widened=False)),
            (f"new model, bands widened ×{k:.2f} (fitted on all cases)", coverage(cases)),
            (
                "new model, widening fitted without the country (leave one country out)",
                leave_one_country_out(cases),
            ),
        )
        for label, cov in lines:
            rows.append(
                f"| {name} | {label} | {cov.n} | {_pct(cov.inside80)} | {_pct(cov.inside95)} |"
            )
    return "\n".join(rows)


POINT_GROUPS: tuple[tuple[str, int, int], ...] = (
    ("4", 4, 4),
    ("5", 5, 5),
    ("6-7", 6, 7),
    ("8+", 8, 99),
)


def coverage_by_points_table(report: Report) -> str:
    """Coverage of the widened bands by the number of values in the window."""
    rows = [
        "| series | values in the window | cases | inside 80 % band | inside 95 % band |",
        "|---|---|---:|---:|---:|",
    ]
    for name, cases in (("ELET", report.elet), ("PISA", report.pisa)):
        for label, lo, hi in POINT_GROUPS:
            part = [c for c in cases if lo <= c.n_points <= hi]
            if part:
                cov = coverage(part)
                rows.append(
                    f"| {name} | {label} | {cov.n} | {_pct(cov.inside80)} | {_pct(cov.inside95)} |"
                )
    return "\n".join(rows)


def vintage_line(report: Report) -> str:
    parts = [
        f"`{name}` (sha256 {digest}…, latest year {latest})"
        for name, digest, latest in report.vintage
    ]
    return "Data: " + " and ".join(parts) + "."


def docs_block(report: Report) -> str:
    """The figures written in docs/progress-method.md, verbatim (tests/test_backtest.py)."""
    elet_cross = sum(c.crosses_break for c in report.elet)
    pisa_cross = sum(c.crosses_break for c in report.pisa)
    origins = sorted({c.origin for c in report.pisa})
    return "\n".join(
        [
            vintage_line(report),
            "",
            coverage_table(report),
            "",
            coverage_by_points_table(report),
            "",
            f"- With all the data, {report.projected_now[0][0]} of the {report.projected_now[0][1]} "
            f"ELET series and {report.projected_now[1][0]} of the {report.projected_now[1][1]} "
            "PISA series (reading and mathematics) get a projection; the others are refused.",
            f"- A break in series lies between the origin and the checked year in {elet_cross} "
            f"of the {len(report.elet)} ELET cases and in {pisa_cross} of the "
            f"{len(report.pisa)} PISA cases. The PISA cases come from {len(origins)} rounds only "
            f"(origins {', '.join(str(y) for y in origins)}).",
            f"- AR(1): {report.rho.segments} break-free ELET segments of 6 or more consecutive "
            f"years; pooled lag-1 autocorrelation of the residuals {report.rho.raw:.3f}, "
            f"bias-corrected coefficient {report.rho.rho:.2f}.",
            f"- Maximum likelihood widening on these cases: ELET {report.scale_elet:.2f}, "
            f"PISA {report.scale_pisa:.2f}.",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pathways_monitor.analysis.backtest", description=__doc__
    )
    parser.add_argument("--elet", type=Path, default=DEFAULT_ELET, help="edat_lfse_14 bulk TSV")
    parser.add_argument("--pisa", type=Path, default=DEFAULT_PISA, help="PISA low achievers CSV")
    args = parser.parse_args(argv)
    report = run(args.elet, args.pisa)
    print(f"Backtest of analysis.projection, run {dt.date.today().isoformat()}")
    print()
    print(docs_block(report))
    print(
        f"\nIn use in analysis.projection: AR1_RHO {AR1_RHO}, BAND_SCALE ELET "
        f"{BAND_SCALE[CADENCE_ANNUAL]:.2f}, PISA {BAND_SCALE[CADENCE_SURVEY]:.2f}."
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
