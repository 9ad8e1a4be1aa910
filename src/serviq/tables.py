"""Reading the tabular files users bring: CSV, XLSX and Parquet — and refusing broken or
hostile ones with one clear error.

CSV may be UTF-8, UTF-8 with a byte-order mark, or GB18030 (what Excel on a Chinese
Windows writes); the encoding is detected, not guessed from the locale. Empty cells are
missing values. Rows are numbered as a spreadsheet user sees them: the header is row 1,
the first data row is row 2 — :func:`sheet_row` converts a DataFrame index.

Every file is checked against the centre's limits (:mod:`serviq.limits`) before and while
it is parsed, and the result is checked cell by cell; each problem names file, row and
column:

- size, rows and columns beyond the limits; XLSX zip bombs, DOCTYPE/entity declarations
  (:mod:`serviq.workbook`); Parquet whose column data unpack beyond the limit;
- a CSV row with fewer or more fields than the header (a file cut mid-row, a lost
  separator) and a quoted field left open at the end of the file: an incomplete record
  is never read as a record with empty values;
- column names that repeat once spaces, width and case are ignored (``queue`` and
  ``queue ``);
- binary or nested values (bytes, lists, maps), a byte-order mark or NUL inside a value,
  text longer than ``max_cell_chars``, numbers that are not finite or larger in size than
  ``max_abs_number``.

Anything a parser raises on a damaged file becomes :class:`~serviq.errors.InvalidInput`.
"""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from serviq.errors import InvalidInput, Problem, ValidationFailed, Where, one_line
from serviq.limits import Limits, load_limits, megabytes

if TYPE_CHECKING:
    import pandas as pd

SUPPORTED = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".parquet", ".pq")
TEXT = (".csv", ".txt", ".tsv")
MAX_PROBLEMS = 20


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


def column_key(name: str) -> str:
    """A column name compared loosely: NFKC (full/half width), no spaces, case folded."""
    text = unicodedata.normalize("NFKC", str(name)).replace("\ufeff", "")
    return "".join(text.split()).casefold()


def letter(position: int) -> str:
    """The spreadsheet letter of the 1-based column ``position`` (1 → A, 27 → AA)."""
    out = ""
    while position > 0:
        position, rest = divmod(position - 1, 26)
        out = chr(65 + rest) + out
    return out


def check_header(names: Sequence[Any], where: Where, limits: Limits) -> None:
    """Refuse too many columns, a stray byte-order mark in a name, and names that repeat once
    spaces, width and case are ignored."""
    if len(names) > limits.max_columns:
        raise InvalidInput(
            f"{len(names)} columns; allowed: at most {limits.max_columns} "
            "(imports.yaml max_columns)",
            where=where,
        )
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    for pos, name in enumerate(names, start=1):
        text = "" if name is None else str(name)
        col = f"{letter(pos)} ({text.strip()})"
        if "\ufeff" in text or "\x00" in text:
            problems.append(
                Problem(
                    "the column name holds a byte-order mark or NUL character; retype it",
                    Where(file=where.file, row=1, column=col),
                    "stray_bom",
                )
            )
        key = column_key(text)
        if not key:
            continue
        if key in seen:
            first = seen[key]
            problems.append(
                Problem(
                    f"column name {text!r} repeats column {letter(first)} "
                    f"({str(names[first - 1]).strip()!r}) once spaces and case are ignored; "
                    "rename one of them",
                    Where(file=where.file, row=1, column=col),
                    "duplicate_column",
                )
            )
        else:
            seen[key] = pos
    if problems:
        raise ValidationFailed(problems, source=where.file)


def _csv_text(path: Path, suffix: str, limits: Limits, where: Where) -> tuple[str, str]:
    """The decoded text of a CSV/TSV file and its separator, after every check that needs no
    parser: encoding, NUL bytes, header, record lengths, row limit."""
    text, sep, _ = _csv_checked(path, suffix, limits, where)
    return text, sep


def _csv_checked(
    path: Path, suffix: str, limits: Limits, where: Where
) -> tuple[str, str, list[list[str]] | None]:
    """:func:`_csv_text`, and the records (blank ones left out) when the check had to parse
    the file (it holds quotes), so that a reader need not parse it a second time."""
    raw = path.read_bytes()
    try:
        enc = detect_encoding(raw)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, where=where) from None
    text = raw.decode(enc)
    del raw
    nul = text.find("\x00")
    if nul >= 0:
        raise InvalidInput(
            "binary data (a NUL character); this is not a text file — save it as CSV",
            where=Where(file=where.file, line=text.count("\n", 0, nul) + 1),
        )
    sep = "\t" if suffix == ".tsv" else delimiter(text)
    records = _check_records(text, sep, limits, where)
    return text, sep, records


def _read_csv(path: Path, suffix: str, dtype: object, limits: Limits, where: Where) -> pd.DataFrame:
    import pandas as pd

    text, sep = _csv_text(path, suffix, limits, where)
    return pd.read_csv(
        io.StringIO(text),
        sep=sep,
        dtype=dtype,
        keep_default_na=False,
        na_values=[""],
        skipinitialspace=True,
    )


def _check_records(text: str, sep: str, limits: Limits, where: Where) -> list[list[str]] | None:
    """Every record has as many fields as the header; no quote is left open; the row limit.

    Blank lines are skipped, as the table reader skips them, so rows are counted as the
    reader numbers them (header = row 1). The record lengths are tallied at C speed; only a
    file with a bad record is walked again to name its rows. A file with quotes has to be
    parsed for this: its records (header first, blank ones left out) are returned, else
    None."""
    records: list[list[str]] | None = None
    if '"' not in text:  # no quoting: a record is a line, its fields are separators + 1
        lines = [ln.removesuffix("\r") for ln in text.split("\n")]
        first = next((i for i, ln in enumerate(lines) if ln), None)
        if first is None:
            return None
        header = lines[first].split(sep)
        check_header([h.strip() for h in header], where, limits)
        lengths = Counter(ln.count(sep) + 1 for ln in lines[first + 1 :] if ln)
    else:
        reader = csv.reader(io.StringIO(text), delimiter=sep, skipinitialspace=True, strict=True)
        try:
            records = [r for r in reader if r]
            if not records:
                return None
            header = records[0]
            check_header([h.strip() for h in header], where, limits)
            lengths = Counter(map(len, records[1:]))
        except csv.Error as exc:
            raise InvalidInput(
                f"the CSV cannot be read: {one_line(str(exc))} (a quote left open, a cut file?)",
                where=Where(file=where.file, line=reader.line_num),
            ) from None
    lengths.pop(0, None)  # blank lines
    rows = sum(lengths.values())
    if rows > limits.max_rows:
        raise InvalidInput(
            f"{rows} data rows; allowed: at most {limits.max_rows} (imports.yaml max_rows)",
            where=where,
        )
    if set(lengths) - {len(header)}:
        _name_bad_records(text, sep, header, where)
    return records


def _name_bad_records(text: str, sep: str, header: list[str], where: Where) -> None:
    reader = csv.reader(io.StringIO(text), delimiter=sep, skipinitialspace=True, strict=True)
    problems: list[Problem] = []
    row = 0
    for record in reader:
        if not record:
            continue
        row += 1
        if row == 1 or len(record) == len(header):
            continue
        if len(record) < len(header):
            first_missing = header[len(record)].strip()[:40]
            msg = (
                f"the row has {len(record)} of the header's {len(header)} fields "
                f"(from {first_missing!r} on, nothing): it is cut short or incomplete; "
                "complete it or remove it"
            )
        else:
            msg = (
                f"the row has {len(record)} fields, the header {len(header)}; "
                "a value holds an unquoted separator"
            )
        problems.append(
            Problem(msg, Where(file=where.file, line=reader.line_num, row=row), "incomplete_row")
        )
        if len(problems) >= MAX_PROBLEMS:
            break
    raise ValidationFailed(problems, source=where.file)


def _read_xlsx(
    path: Path, sheet: str | int | None, dtype: object, limits: Limits, where: Where
) -> pd.DataFrame:
    import pandas as pd
    from pandas.errors import EmptyDataError
    from pandas.io.parsers import TextParser

    from serviq.workbook import check_container, read_sheet

    check_container(path, limits)
    data = read_sheet(path, sheet, limits)
    if not data:
        return pd.DataFrame()
    check_header([str(v).strip() for v in data[0]], where, limits)
    try:
        parser = TextParser(data, header=0, dtype=dtype, skip_blank_lines=False)
        return parser.read()
    except EmptyDataError:
        return pd.DataFrame()


def _read_parquet(path: Path, limits: Limits, where: Where) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    try:
        meta = pf.metadata
        if meta.num_rows > limits.max_rows:
            raise InvalidInput(
                f"{meta.num_rows} rows; allowed: at most {limits.max_rows} (imports.yaml max_rows)",
                where=where,
            )
        unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        if unpacked > limits.parquet_max_uncompressed_bytes:
            raise InvalidInput(
                f"the column data unpack to {megabytes(unpacked)}; allowed: at most "
                f"{megabytes(limits.parquet_max_uncompressed_bytes)} "
                "(imports.yaml parquet_max_uncompressed_mb)",
                where=where,
            )
        schema = pf.schema_arrow
        check_header(schema.names, where, limits)
        problems = []
        for pos, fld in enumerate(schema, start=1):
            t = fld.type
            if pa.types.is_dictionary(t):
                t = t.value_type
            kind = None
            if pa.types.is_nested(t):
                kind = "nested values (lists, structs or maps)"
            elif (
                pa.types.is_binary(t)
                or pa.types.is_large_binary(t)
                or pa.types.is_fixed_size_binary(t)
            ):
                kind = "binary values"
            elif not (
                pa.types.is_integer(t)
                or pa.types.is_floating(t)
                or pa.types.is_boolean(t)
                or pa.types.is_string(t)
                or pa.types.is_large_string(t)
                or pa.types.is_temporal(t)
                or pa.types.is_decimal(t)
                or pa.types.is_null(t)
            ):
                kind = f"values of type {t}"
            if kind:
                problems.append(
                    Problem(
                        f"the column holds {kind}; allowed: numbers, text, true/false and times",
                        Where(file=where.file, column=f"{letter(pos)} ({fld.name})"),
                        "unsupported_type",
                    )
                )
        if problems:
            raise ValidationFailed(problems, source=where.file)
        return pf.read().to_pandas()
    finally:
        pf.close()


def _bad_value(value: Any, limits: Limits) -> str | None:
    """Why one cell's value is not acceptable, or None."""
    if isinstance(value, str):
        if "\ufeff" in value:
            return "a byte-order mark (U+FEFF) inside the value; retype it"
        if "\x00" in value:
            return "a NUL character inside the value"
        if len(value) > limits.max_cell_chars:
            return (
                f"text of {len(value)} characters; allowed: at most {limits.max_cell_chars} "
                "(imports.yaml max_cell_chars)"
            )
        return None
    import numpy as np
    import pandas as pd

    if isinstance(value, (bool, np.bool_)) or value is None or value is pd.NA:
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        x = float(value)
        if math.isnan(x):
            return None
        if math.isinf(x):
            return f"{value} is not a finite number"
        if abs(x) > limits.max_abs_number:
            return (
                f"{value:g} is too large; allowed: at most {limits.max_abs_number:g} in size "
                "(imports.yaml max_abs_number)"
            )
        return None
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "binary data in a cell; allowed: numbers, text, true/false and times"
    if isinstance(value, (list, tuple, dict, set, np.ndarray)):
        return "a list or map in a cell; allowed: numbers, text, true/false and times"
    return None


def check_cells(df: pd.DataFrame, where: Where, limits: Limits) -> None:
    """Refuse non-finite or absurd numbers, binary or nested values, BOM and NUL characters
    inside values and over-long text; each problem names file, row and column."""
    import numpy as np
    import pandas as pd

    problems: list[Problem] = []
    for pos, name in enumerate(df.columns, start=1):
        s = df.iloc[:, pos - 1]
        col = f"{letter(pos)} ({name})"
        if pd.api.types.is_bool_dtype(s.dtype) or pd.api.types.is_datetime64_any_dtype(s.dtype):
            continue
        if pd.api.types.is_numeric_dtype(s.dtype):
            x = s.to_numpy(dtype="float64", na_value=np.nan)
            bad = np.flatnonzero(np.isinf(x) | (np.abs(np.nan_to_num(x)) > limits.max_abs_number))
        else:
            kind = pd.api.types.infer_dtype(s, skipna=True)
            if kind == "empty":
                continue
            if kind == "string":
                text = s if pd.api.types.is_string_dtype(s.dtype) else s.astype("string")
                flagged = text.str.contains("[\ufeff\x00]", regex=True) | (
                    text.str.len() > limits.max_cell_chars
                )
                bad = np.flatnonzero(flagged.fillna(False).to_numpy(dtype=bool))
            else:
                bad = np.flatnonzero(
                    np.fromiter(
                        (_bad_value(v, limits) is not None for v in s.to_numpy(dtype=object)),
                        dtype=bool,
                        count=len(s),
                    )
                )
        for i in bad[: MAX_PROBLEMS - len(problems)]:
            reason = _bad_value(s.iloc[int(i)], limits) or "not an acceptable value"
            problems.append(
                Problem(
                    reason, Where(file=where.file, row=sheet_row(int(i)), column=col), "bad_value"
                )
            )
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise ValidationFailed(problems, source=where.file)


def read_table(
    path: str | Path,
    *,
    sheet: str | int | None = 0,
    dtype: object = None,
    columns: list[str] | None = None,
    limits: Limits | None = None,
) -> pd.DataFrame:
    """Read a CSV, XLSX or Parquet file into a DataFrame.

    ``columns``, when given, must all be present; a missing one is reported with the
    columns the file does have. ``limits`` default to the centre's ``imports.yaml``.
    """
    path, where, suffix, limits = _checked_file(path, limits)
    try:
        if suffix in TEXT:
            df = _read_csv(path, suffix, dtype, limits, where)
        elif suffix in (".xlsx", ".xlsm"):
            df = _read_xlsx(path, sheet, dtype, limits, where)
        else:
            df = _read_parquet(path, limits, where)
    except InvalidInput:
        raise
    except MemoryError:
        raise InvalidInput("the file is too large to read in memory", where=where) from None
    except Exception as exc:  # any parser's failure on a damaged file is bad input
        detail = one_line(str(exc))[:200] or type(exc).__name__
        raise InvalidInput(f"cannot read the file: {detail}", where=where) from None
    df.columns = [str(c).strip() for c in df.columns]
    check_cells(df, where, limits)
    _check_columns(columns, list(df.columns), where)
    return df


def _checked_file(path: str | Path, limits: Limits | None) -> tuple[Path, Where, str, Limits]:
    """The checks before any byte is parsed: a supported type, the file exists, its size."""
    path = Path(path)
    where = Where(file=str(path))
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise InvalidInput(
            f"unsupported file type {suffix or '(none)'}; allowed: CSV, XLSX, Parquet",
            where=where,
        )
    if not path.is_file():
        raise InvalidInput("file not found", where=where)
    limits = limits or load_limits()
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise InvalidInput(
            f"the file is {megabytes(size)}; allowed: at most {megabytes(limits.max_file_bytes)} "
            "(imports.yaml max_file_mb)",
            where=where,
        )
    return path, where, suffix, limits


def _check_columns(columns: list[str] | None, have: list[str], where: Where) -> None:
    missing = [c for c in columns or [] if c not in have]
    if missing:
        raise InvalidInput(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
            f"the file has: {', '.join(have)}",
            where=where,
        )


def _as_numbers(values: list[Any]) -> list[Any] | None:
    """The column as numbers when every non-empty value is one, as the DataFrame reader
    infers it (integers when all are and none is empty, else floats), or None."""
    try:
        if None not in values:
            return [int(v) for v in values]
    except ValueError:
        pass
    try:
        return [None if v is None else float(v) for v in values]
    except ValueError:
        return None


def read_columns(
    path: str | Path, columns: list[str], *, limits: Limits | None = None
) -> dict[str, list[Any]]:
    """The named columns of a table as lists (empty cell = None), without pandas for CSV/TSV.

    The same checks as :func:`read_table` — type, size, encoding, NUL, header, record
    lengths, row limit (shared functions), every cell of every column by :func:`_bad_value`,
    missing columns — so a file one refuses the other refuses with the same message. XLSX
    and Parquet go through :func:`read_table`. For commands that only need a few columns
    of text (``serviq text freq``): importing pandas costs more than reading 5 MB of CSV.
    """
    path, where, suffix, limits = _checked_file(path, limits)
    if suffix not in TEXT:
        df = read_table(path, columns=columns, limits=limits)
        return {c: [None if v != v else v for v in df[c].tolist()] for c in columns}
    try:
        text, sep, parsed = _csv_checked(path, suffix, limits, where)
        records = parsed or [
            r for r in csv.reader(io.StringIO(text), delimiter=sep, skipinitialspace=True) if r
        ]
    except InvalidInput:
        raise
    except MemoryError:
        raise InvalidInput("the file is too large to read in memory", where=where) from None
    except Exception as exc:  # as read_table: any parser failure is bad input
        detail = one_line(str(exc))[:200] or type(exc).__name__
        raise InvalidInput(f"cannot read the file: {detail}", where=where) from None
    if not records:
        raise InvalidInput("cannot read the file: No columns to parse from file", where=where)
    header = [h.strip() for h in records[0]]
    problems: list[Problem] = []
    out: dict[str, list[Any]] = {}
    for pos, name in enumerate(header, start=1):
        values: list[Any] = [r[pos - 1] or None for r in records[1:]]
        numbers = _as_numbers(values)
        if numbers is not None:
            values = numbers
        col = f"{letter(pos)} ({name})"
        if numbers is None and _plain_texts(values, limits):
            if name in columns:
                out[name] = values
            continue  # no cell to report: the per-cell loop below would find nothing
        for i, v in enumerate(values):
            if v is None:
                continue
            reason = _bad_value(v, limits)
            if reason is not None and len(problems) < MAX_PROBLEMS:
                problems.append(
                    Problem(
                        reason, Where(file=where.file, row=sheet_row(i), column=col), "bad_value"
                    )
                )
        if name in columns:
            out[name] = values
    if problems:
        raise ValidationFailed(problems, source=where.file)
    _check_columns(columns, header, where)
    return out


def _plain_texts(values: list[Any], limits: Limits) -> bool:
    """True when no cell of a text column (str or None) breaks a rule of :func:`_bad_value`
    for text: no BOM, no NUL, none longer than the limit — checked at C speed on the joined
    column, so only a column with a problem pays for the per-cell search of its rows."""
    texts = [v for v in values if v is not None]
    if set(map(type, texts)) - {str}:
        return False
    joined = "".join(texts)
    if "\ufeff" in joined or "\x00" in joined:
        return False
    return max(map(len, texts), default=0) <= limits.max_cell_chars


def sheet_row(index: int) -> int:
    """The spreadsheet row of the DataFrame row at position ``index`` (header is row 1)."""
    return int(index) + 2
