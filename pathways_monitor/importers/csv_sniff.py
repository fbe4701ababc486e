"""Decode a ministry's CSV bytes and guess its delimiter.

Ministries save CSV from Excel in whatever their locale does: UTF-8 with or without a BOM,
Windows-1252, comma or semicolon (Dutch Excel writes semicolons because the comma is the
decimal separator), sometimes tab or pipe. Pure functions, no I/O.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator

DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
SAMPLE_LINES = 60


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-8 (BOM stripped) first, else Windows-1252, else Latin-1.

    Excel's "Unicode text" export is UTF-16 with a byte-order mark; that is honoured too.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 accepts every byte.
        return data.decode("latin-1"), "latin-1"


def head_text(text: str, lines: int = 300) -> str:
    """The first ``lines`` lines of ``text``, without splitting the whole (possibly huge) text."""
    end = -1
    for _ in range(lines):
        end = text.find("\n", end + 1)
        if end < 0:
            return text
    return text[: end + 1]


def _field_counts(sample: str, delimiter: str) -> list[int]:
    """Fields per non-blank record of the sample, honouring quotes."""
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
    counts: list[int] = []
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                counts.append(len(record))
    except csv.Error:
        pass
    return counts


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the most sample lines into the same number (>1) of fields.

    Lines with a single field (titles, notes) carry no evidence. Decimal commas inside a
    semicolon file split lines unevenly on ",", so ";" wins there on consistency.
    """
    sample = head_text(text, SAMPLE_LINES)
    best: tuple[int, int, int] = (0, 0, 0)
    best_delimiter = ","
    for rank, delimiter in enumerate(DELIMITERS):
        counts = [c for c in _field_counts(sample, delimiter) if c > 1]
        if not counts:
            continue
        fields, lines = Counter(counts).most_common(1)[0]
        score = (lines, fields, -rank)
        if score > best:
            best, best_delimiter = score, delimiter
    return best_delimiter


def iter_records(text: str, delimiter: str) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, cells) of each CSV record; line numbers are 1-based."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    previous_end = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error:
            # A stray NUL byte or similar: treat the rest of the physical line as one cell.
            record = []
        yield previous_end + 1, reader.line_num, record
        previous_end = reader.line_num
