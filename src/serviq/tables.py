"""Reading the tabular files users bring: CSV, XLSX and Parquet.

CSV may be UTF-8, UTF-8 with a byte-order mark, or GB18030 (what Excel on a Chinese
Windows writes); the encoding is detected, not guessed from the locale. Empty cells are
missing values. Rows are numbered as a spreadsheet user sees them: the header is row 1,
the first data row is row 2 — :func:`sheet_row` converts a DataFrame index.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from serviq.errors import InvalidInput, Where

SUPPORTED = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".parquet", ".pq")


def detect_encoding(raw: bytes) -> str:
    """Return ``utf-8-sig`` for UTF-8 (with or without BOM), else ``gb18030`` if it decodes."""
    try:
        raw.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        raw.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        raise InvalidInput("text is neither UTF-8 nor GB18030; save it as UTF-8 CSV") from None


def delimiter(text: str) -> str:
    """The field separator of a CSV text, judged by its header line: the most frequent of
    comma, tab, semicolon and full-width comma; a comma when the header has none (a file
    with one column)."""
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", "\t", ";", "，")}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] > 0 else ","


def read_table(
    path: str | Path,
    *,
    sheet: str | int | None = 0,
    dtype: object = None,
    columns: list[str] | None = None,
) -> pd.DataFrame:
    """Read a CSV, XLSX or Parquet file into a DataFrame.

    ``columns``, when given, must all be present; a missing one is reported with the
    columns the file does have.
    """
    path = Path(path)
    where = Where(file=str(path))
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise InvalidInput(
            f"unsupported file type {suffix or '(none)'}; allowed: CSV, XLSX, Parquet",
            where=where,
        )
    if not path.exists():
        raise InvalidInput("file not found", where=where)
    try:
        if suffix in (".csv", ".txt", ".tsv"):
            raw = path.read_bytes()
            try:
                enc = detect_encoding(raw)
            except InvalidInput as exc:
                raise InvalidInput(exc.message, where=where) from None
            text = raw.decode(enc)
            sep = "\t" if suffix == ".tsv" else delimiter(text)
            df = pd.read_csv(
                io.StringIO(text),
                sep=sep,
                dtype=dtype,
                keep_default_na=False,
                na_values=[""],
                skipinitialspace=True,
            )
        elif suffix in (".xlsx", ".xlsm"):
            df = pd.read_excel(path, sheet_name=sheet, dtype=dtype, engine="openpyxl")
        else:
            df = pd.read_parquet(path)
    except InvalidInput:
        raise
    except (ValueError, OSError, pd.errors.ParserError) as exc:
        raise InvalidInput(f"cannot read the file: {exc}", where=where) from None
    df.columns = [str(c).strip() for c in df.columns]
    if columns:
        missing = [c for c in columns if c not in df.columns]
        if missing:
            raise InvalidInput(
                f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
                f"the file has: {', '.join(df.columns)}",
                where=where,
            )
    return df


def sheet_row(index: int) -> int:
    """The spreadsheet row of the DataFrame row at position ``index`` (header is row 1)."""
    return int(index) + 2
