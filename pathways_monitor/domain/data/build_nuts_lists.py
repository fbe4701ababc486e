"""Rebuild the NUTS lists and the correspondence table in this folder from Eurostat's files.

    python3 domain/data/build_nuts_lists.py SOURCE_DIR

``SOURCE_DIR`` holds Eurostat's classification workbooks, exactly as README.md in this folder
says where each came from: ``NUTS 2010 - NUTS 2013.xls``, ``NUTS2013-NUTS2016.xlsx``,
``NUTS2016-NUTS2021.xlsx`` and ``NUTS2021-NUTS2024.xlsx``. Writes ``nuts2016_codes_names.csv``,
``nuts2021_codes_names.csv``, ``nuts2024_codes_names.csv``, ``nuts_extra_regions.csv`` and
``nuts_correspondence.csv`` next to this script and prints what it could not pair.

Not run by the product: the app reads the CSV files only. Names are copied as published, with
white space normalised; Cyrillic and Greek names are written in Latin letters with the
transliteration Eurostat publishes in the 2024 workbook (sheet "Cyrillic & Greek to Latin").
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

HERE = Path(__file__).resolve().parent

F2010 = "NUTS 2010 - NUTS 2013.xls"
F2013 = "NUTS2013-NUTS2016.xlsx"
F2016 = "NUTS2016-NUTS2021.xlsx"
F2021 = "NUTS2021-NUTS2024.xlsx"
SRC = {
    F2010: "eurostat:NUTS2010-NUTS2013.xls",
    F2013: "eurostat:NUTS2013-NUTS2016.xlsx",
    F2016: "eurostat:NUTS2016-NUTS2021.xlsx",
    F2021: "eurostat:NUTS2021-NUTS2024.xlsx",
}
LATIN_TAG = "+latin2024"  # transliterated with the 2024 workbook's sheet
GISCO_TAG = "gisco:NAME_LATN"  # see LATIN_FALLBACK

# Codes of NUTS 2010/2013 that Eurostat's regional tables (edat_lfse_16) still publish and that
# no later list has; each gets the newest version that has it.
OLDER_CODES = {
    "2013": ("HU10", "IE01", "IE02", "LT00", "UKM2", "UKM3"),
    "2010": ("SI01", "SI02", "UKI1", "UKI2"),
}

# Latin names Eurostat's transliteration sheet does not give (country rows, and one NUTS 2016
# name that changed in 2021): GISCO's NAME_LATN for the same code and version (2021: the
# NUTS 2021 level-0 boundaries in shared/data/geo; 2016: GISCO's NUTS 2016 file, see
# tests/fixtures/nuts/README.md).
LATIN_FALLBACK = {
    ("2016", "BG"): "BULGARIA",
    ("2016", "CY"): "KYPROS",
    ("2016", "EL"): "ELLADA",
    ("2016", "EL421"): "Kalymnos, Karpathos, Kos, Rodos",
    ("2021", "BG"): "Bulgaria",
    ("2021", "CY"): "Kýpros",
    ("2021", "EL"): "Elláda",
    ("2021", "ME"): "Crna Gora",
    ("2021", "MK"): "Severna Makedonija",
    ("2021", "RS"): "Serbia",
}

# 2021 -> 2024 merges whose target the change sheet gives only in a comment (sheet "Changes
# NUTS-3"): "Eisenach (16056000, ex-DEG0N) merged into ex-DEG0P" (ex-DEG0P -> DEG0R) and
# "Ex-LV006 and ex-LV007 regions merged to LV00A ... moved from ex-LV007 to ex-LV003 ... to
# ex-LV008" (ex-LV003 -> LV00B, ex-LV008 -> LV00C).
MERGED_2024 = {"DEG0N": ("DEG0R",), "LV007": ("LV00A", "LV00B", "LV00C")}

# Codes that are new in a version without any predecessor (checked, then not reported).
NEW_WITHOUT_PREDECESSOR = {"2021": {"NO0B", "NO0B1", "NO0B2"}}

CORRESPONDENCE_HEADER = (
    "from_version",
    "from_code",
    "to_version",
    "to_code",
    "level",
    "change",
    "basis",
    "note",
)

NON_LATIN = re.compile("[\u0370-\u03ff\u1f00-\u1fff\u0400-\u04ff]")
CODE = re.compile(r"\b([A-Z]{2}[0-9A-Z]{0,3})\b")
# Latin capitals that the workbooks sometimes use inside Greek words ("ATTIKΗ").
CONFUSABLES = str.maketrans("ABEHIKMNOPTXYZ", "ΑΒΕΗΙΚΜΝΟΡΤΧΥΖ")


def norm(value: object) -> str:
    return " ".join(str(value).replace("\xa0", " ").split()) if value is not None else ""


def plain(text: str) -> str:
    """Upper case without accents, Latin look-alikes read as Greek: for comparing names."""
    stripped = unicodedata.normalize("NFD", text.upper().translate(CONFUSABLES))
    return "".join(ch for ch in stripped if not unicodedata.combining(ch))


@dataclass
class Row:
    code: str
    level: int
    name: str
    source: str
    version: str = ""


@dataclass
class Pair:
    from_code: str
    to_code: str
    basis: str
    note: str


def level_of(code: str, level: object) -> int:
    return int(level) if isinstance(level, int | float) else len(code) - 2


def first_name(cells: tuple) -> str:
    return next((norm(c) for c in cells if norm(c)), "")


def sheet(path: Path, name: str) -> list[tuple]:
    wb = openpyxl.load_workbook(path, read_only=True)
    return [tuple(r) for r in wb[name].iter_rows(values_only=True)]


class Latin:
    """Eurostat's transliteration of Cyrillic and Greek names (2024 workbook)."""

    def __init__(self, path: Path) -> None:
        self.missing: list[str] = []
        self.by_code: dict[str, tuple[str, str]] = {}
        self.by_plain: dict[str, set[str]] = defaultdict(set)
        for r in sheet(path, "Cyrillic & Greek to Latin")[1:]:
            if not r[0]:
                continue
            native, latin = norm(r[1]), norm(r[2])
            self.by_code[norm(r[0])] = (native, latin)
            self.by_plain[plain(native)].add(latin)

    def __call__(self, version: str, row: Row) -> Row:
        if not NON_LATIN.search(row.name):
            return row
        fallback = LATIN_FALLBACK.get((version, row.code))
        if fallback:
            return Row(row.code, row.level, fallback, GISCO_TAG, row.version)
        given = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", row.name)  # "Црна Гора (Crna Gora)"
        if given and not NON_LATIN.search(given.group(2)):
            return Row(row.code, row.level, given.group(2), row.source, row.version)
        parts = [p.strip() for p in row.name.split("/") if not NON_LATIN.search(p)]
        if parts:  # "Srbija/Сpбија"
            return Row(row.code, row.level, "/".join(parts), row.source, row.version)
        native, latin = self.by_code.get(row.code, ("", ""))
        caps = row.name == row.name.upper()
        if native and plain(native) == plain(row.name):
            found = latin
        elif len(self.by_plain.get(plain(row.name), ())) == 1:
            found = next(iter(self.by_plain[plain(row.name)]))
        else:
            self.missing.append(f"no Latin name for NUTS {version} {row.code} {row.name!r}")
            return row
        if caps:  # NUTS 2016 and older write level 0 and 1 in capitals
            found = "".join(
                ch
                for ch in unicodedata.normalize("NFD", found.upper())
                if not unicodedata.combining(ch)
            )
        return Row(row.code, row.level, found, row.source + LATIN_TAG, row.version)


# --------------------------------------------------------------------------- code lists


def list_2021(src: Path) -> dict[str, Row]:
    out = {}
    for r in sheet(src / F2016, "NUTS & SR 2021")[1:]:
        code, name = norm(r[0]), first_name(r[1:5])
        if code and name and CODE.fullmatch(code):  # BE328, BE329 have no level
            out[code] = Row(code, level_of(code, r[5]), name, SRC[F2016])
    return out


def list_2024(src: Path, nuts2021: dict[str, Row]) -> dict[str, Row]:
    out = {}
    for name in ("NUTS2024", "Statistical Regions"):
        for r in sheet(src / F2021, name)[1:]:
            code = norm(r[1])
            if code and CODE.fullmatch(code):
                out[code] = Row(code, int(r[3]), norm(r[2]), SRC[F2021])
    # The 2024 workbook has no country rows; country names did not change (2021 list).
    for country in sorted({code[:2] for code in out}):
        if country in nuts2021:
            out[country] = nuts2021[country]
    return out


def list_2016(src: Path) -> dict[str, Row]:
    """Codes from the 2016-2021 workbook; names from the 2013-2016 workbook (EU28), else from
    the 2016-2021 workbook (statistical regions of other countries), whose names are the 2021
    ones unless it records a rename."""
    eu28 = {}
    for r in sheet(src / F2013, "NUTS2013-NUTS2016")[2:]:
        code = norm(r[2])
        if code:
            eu28[code] = first_name(r[3:7])
    out = {}
    for r in sheet(src / F2016, "Changes detailed NUTS 2016-2021")[1:]:
        code = norm(r[0])
        if not code or not CODE.fullmatch(code):
            continue
        level = level_of(code, r[8])
        if code in eu28:
            out[code] = Row(code, level, eu28[code], SRC[F2013])
            continue
        name = first_name(r[2:6])
        previously = re.search(r'previously "([^"]+)"', norm(r[7]))
        if previously:
            name = previously.group(1)
        elif "renamed" in norm(r[7]) or "name change" in norm(r[7]):
            raise SystemExit(f"2016 name of {code} unknown: {r[7]!r}")
        out[code] = Row(code, level, name, SRC[F2016])
    return out


def sheet_2010(src: Path) -> list[tuple]:
    book = CalamineWorkbook.from_path(str(src / F2010))
    return [tuple(r) for r in book.get_sheet_by_name("NUTS2010-NUTS2013").to_python()]


def list_old(rows: list[tuple], column: int, source: str) -> dict[str, Row]:
    """Every code of one version in a two-version sheet (labels in columns 3-6)."""
    out = {}
    for r in rows[2:]:
        code = norm(r[column])
        if code and CODE.fullmatch(code):
            out[code] = Row(code, len(code) - 2, first_name(tuple(r[3:7])), source)
    return out


def list_older(all_2013: dict[str, Row], all_2010: dict[str, Row]) -> dict[str, Row]:
    out = {}
    for version, codes in OLDER_CODES.items():
        names = all_2013 if version == "2013" else all_2010
        for code in codes:
            row = names[code]
            out[code] = Row(code, row.level, row.name, row.source, version)
    return out


# --------------------------------------------------------------------------- correspondence


def pairs_by_comment(
    rows: list[tuple], cols: tuple[int, int, int, int], old: dict, new: dict
) -> list[Pair]:
    """Sheets "Changes detailed NUTS 2016-2021" and "NUTS2013-NUTS2016": a row with both codes
    pairs them; a discontinued row names its successors, a new row its predecessors, in the
    comment. ``cols``: old code, new code, change comment, change flag (None: the comment)."""
    col_old, col_new, col_note, col_flag = cols
    out = []
    for r in rows:
        a, b, note = norm(r[col_old]), norm(r[col_new]), norm(r[col_note])
        if r[col_flag] in (None, "") or not (CODE.fullmatch(a) or CODE.fullmatch(b)):
            continue
        size = len(a or b)
        named = [c for c in CODE.findall(note) if len(c) == size]
        if a and b:
            out.append(Pair(a, b, "official-row", note))
        if b:  # predecessors named in the comment ("merge of ex-BE327 and BE324")
            out += [Pair(c, b, "official-text", note) for c in named if c in old and c not in new]
        if a and not b:  # successors named in the comment ("now part of NO020")
            out += [Pair(a, c, "official-text", note) for c in named if c in new and c not in old]
    return out


def pairs_adjacent(rows: list[tuple], cols: tuple[int, int, int, int, int]) -> list[Pair]:
    """Sheets "NUTS2021- NUTS2024" and "NUTS2010-NUTS2013": a code change is one row; a region
    whose boundary shifted is a row with the old code followed by a "New region" row with the
    new code and the same name; a split is followed by its new regions ("UKI1 (part)" rows in
    2013); merges are spelled out in comments (MERGED_2024). ``cols``: old code, new code,
    change, first and last label column."""
    col_old, col_new, col_change, first, last = cols
    out = []
    for i, r in enumerate(rows):
        a = norm(r[col_old]).removesuffix(" (part)")
        b, change = norm(r[col_new]), norm(r[col_change])
        if not change or not (CODE.fullmatch(a) or CODE.fullmatch(b)):
            continue
        label = first_name(tuple(r[first : last + 1]))
        if a and b:
            out.append(Pair(a, b, "official-row", change))
        elif a and change in ("Boundary shift", "Split"):
            for nxt in rows[i + 1 :]:
                na, nb, nchange = norm(nxt[col_old]), norm(nxt[col_new]), norm(nxt[col_change])
                if na or not nb or nchange != "New region" or len(nb) != len(a):
                    break
                if change == "Split" or first_name(tuple(nxt[first : last + 1])) == label:
                    out.append(Pair(a, nb, "official-adjacent", f"{change} -> New region"))
        elif a in MERGED_2024 and change == "Merged":
            out += [Pair(a, c, "official-text", "Merged") for c in MERGED_2024[a]]
    return out


def derive_upper_levels(pairs: list[Pair], old: dict[str, Row], new: dict[str, Row]) -> None:
    """A level-3 region that moved to another level-2 (or level-1) parent links the parents
    (only codes that exist in the old and the new list)."""
    known = {(p.from_code, p.to_code) for p in pairs}
    for p in list(pairs):
        a, b = p.from_code, p.to_code
        while len(a) > 3 and len(b) > 3:
            a, b = a[:-1], b[:-1]
            if a != b and a in old and b in new and (a, b) not in known:
                known.add((a, b))
                pairs.append(Pair(a, b, "derived-level3", f"via {p.from_code} -> {p.to_code}"))


def classify(pairs: list[Pair]) -> list[tuple[Pair, str]]:
    succ: dict[str, set[str]] = defaultdict(set)
    pred: dict[str, set[str]] = defaultdict(set)
    for p in pairs:
        succ[p.from_code].add(p.to_code)
        pred[p.to_code].add(p.from_code)
    out = []
    for p in pairs:
        note = p.note.lower()
        if p.from_code == p.to_code:
            change = "renamed" if "name" in note else "boundary_shift"
        elif len(pred[p.to_code]) > 1:
            change = "merged"
        elif len(succ[p.from_code]) > 1:
            change = "split"
        elif "boundary" in note:
            change = "boundary_shift"
        else:
            change = "recoded"
        out.append((p, change))
    return out


def check(version: tuple[str, str], pairs: list[Pair], old: dict, new: dict) -> None:
    """Report codes that change without a row here (countries that join or leave aside: the
    United Kingdom is not in the 2024 lists, Kosovo is first in them)."""
    froms = {p.from_code for p in pairs}
    tos = {p.to_code for p in pairs}
    old_countries = {code[:2] for code in old}
    new_countries = {code[:2] for code in new}
    for code in sorted(set(old) - set(new)):
        if code[:2] in new_countries and old[code].level >= 1 and code not in froms:
            print(f"{version[0]}->{version[1]}: {code} disappears without a successor")
    allowed = NEW_WITHOUT_PREDECESSOR.get(version[1], set())
    for code in sorted(set(new) - set(old)):
        if code[:2] not in old_countries or code in allowed:
            continue
        if new[code].level >= 1 and code not in tos:
            print(f"{version[0]}->{version[1]}: {code} appears without a predecessor")


# --------------------------------------------------------------------------- output


def write_list(path: Path, rows: dict[str, Row], *, mixed: bool = False) -> None:
    """Columns of the NUTS 2021 list; ``mixed``: plus the version of each row."""
    header = ["nuts_id", "nuts_level", "country_code", "name", "source"]
    ordered = sorted(rows.values(), key=lambda r: (r.code[:2], r.level, r.code))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header + (["nuts_version"] if mixed else []))
        for r in ordered:
            cells = [r.code, r.level, r.code[:2], r.name, r.source]
            writer.writerow(cells + ([r.version] if mixed else []))


def main(src: Path) -> None:
    latin = Latin(src / F2021)
    n2021 = {c: latin("2021", r) for c, r in list_2021(src).items()}
    n2024 = {c: latin("2024", r) for c, r in list_2024(src, n2021).items()}
    n2016 = {c: latin("2016", r) for c, r in list_2016(src).items()}
    if latin.missing:
        raise SystemExit("\n".join(latin.missing))
    rows_2013 = sheet(src / F2013, "NUTS2013-NUTS2016")
    rows_2010 = sheet_2010(src)
    all_2013 = list_old(rows_2013, 1, SRC[F2013])
    all_2010 = list_old(rows_2010, 1, SRC[F2010])
    after_2010 = list_old(rows_2010, 2, SRC[F2010])
    write_list(HERE / "nuts2016_codes_names.csv", n2016)
    write_list(HERE / "nuts2021_codes_names.csv", n2021)
    write_list(HERE / "nuts2024_codes_names.csv", n2024)
    write_list(HERE / "nuts_extra_regions.csv", list_older(all_2013, all_2010), mixed=True)

    detailed_2016 = sheet(src / F2016, "Changes detailed NUTS 2016-2021")[1:]
    transitions = [
        # (versions, pairs, old list, new list, only these old codes or None for all)
        (
            ("2010", "2013"),
            pairs_adjacent(rows_2010[2:], (1, 2, 7, 3, 6)),
            all_2010,
            after_2010,
            set(OLDER_CODES["2010"]),
        ),
        (
            ("2013", "2016"),
            pairs_by_comment(rows_2013[2:], (1, 2, 7, 7), all_2013, n2016),
            all_2013,
            n2016,
            set(OLDER_CODES["2013"]),
        ),
        (
            ("2016", "2021"),
            pairs_by_comment(detailed_2016, (0, 1, 7, 6), n2016, n2021),
            n2016,
            n2021,
            None,
        ),
        (
            ("2021", "2024"),
            pairs_adjacent(sheet(src / F2021, "NUTS2021- NUTS2024")[1:], (2, 3, 7, 4, 6))
            + pairs_adjacent(sheet(src / F2021, "SR2021- SR2024")[1:], (2, 3, 7, 4, 6)),
            n2021,
            n2024,
            None,
        ),
    ]
    with (HERE / "nuts_correspondence.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(CORRESPONDENCE_HEADER)
        for (v_from, v_to), found, old, new, only in transitions:
            pairs = [p for p in found if len(p.from_code) > 2 and len(p.to_code) > 2]
            derive_upper_levels(pairs, old, new)
            seen = set()
            unique = []
            for p in pairs:
                if (p.from_code, p.to_code) not in seen and (only is None or p.from_code in only):
                    seen.add((p.from_code, p.to_code))
                    unique.append(p)
            if only is None:
                check((v_from, v_to), unique, old, new)
            for p, change in sorted(classify(unique), key=lambda x: (x[0].from_code, x[0].to_code)):
                level = len(p.to_code) - 2
                writer.writerow(
                    [v_from, p.from_code, v_to, p.to_code, level, change, p.basis, p.note]
                )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]))
