"""Reading and validating operational files (CSV, XLSX, Parquet) against the schemas.

Everything is checked before anything is written, and every problem names the file, the
spreadsheet row and the column: wrong types, missing required values, values outside
their allowed set (an unknown queue lists the configured ones), times out of order (an end
before its start), and duplicate IDs within the file.

Times are explicit. A timestamp with a UTC offset (``2024-03-01T09:00:00+08:00``, or ``Z``)
is converted to UTC. One without an offset is an error unless the caller names the zone it
was written in (``--timezone``); it is then read as wall-clock time in that zone (a time
that does not exist or is ambiguous there is an error). Stored values are UTC.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from serviq.errors import InvalidInput, Problem, ValidationFailed, Where
from serviq.limits import Limits, load_limits
from serviq.ops.schemas import Column, Schema
from serviq.ops.zones import check_zone
from serviq.tables import read_table, sheet_row

MAX_PER_COLUMN = 20
TRUE = frozenset({"true", "t", "1", "yes", "y", "是", "1.0"})
FALSE = frozenset({"false", "f", "0", "no", "n", "否", "0.0"})
_OFFSET = re.compile(r"(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$")


class _Problems:
    """Collects problems, at most :data:`MAX_PER_COLUMN` listed per column and code."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Problem] = []
        self._extra: dict[tuple[str, str], int] = {}
        self._count: dict[tuple[str, str], int] = {}

    def add(self, message: str, column: str, positions: Sequence[int], code: str) -> None:
        key = (column, code)
        for pos in positions:
            n = self._count.get(key, 0)
            if n < MAX_PER_COLUMN:
                where = Where(file=self.file, row=sheet_row(pos), column=column)
                self.items.append(Problem(message, where, code))
            else:
                self._extra[key] = self._extra.get(key, 0) + 1
            self._count[key] = n + 1

    def column(self, message: str, column: str, code: str) -> None:
        """A problem of the whole column (no row)."""
        self.items.append(Problem(message, Where(file=self.file, column=column), code))

    def add_each(
        self, messages: Sequence[str], column: str, positions: Sequence[int], code: str
    ) -> None:
        for msg, pos in zip(messages, positions, strict=True):
            self.add(msg, column, [pos], code)

    def raise_if_any(self) -> None:
        for (column, code), n in self._extra.items():
            self.items.append(
                Problem(
                    f"… and {n} more rows with the same problem ({code})",
                    Where(file=self.file, column=column),
                    code,
                )
            )
        if self.items:
            raise ValidationFailed(self.items, source=self.file)


def _positions(mask: pd.Series) -> list[int]:
    return [int(i) for i in np.flatnonzero(mask.to_numpy())]


def _blank(series: pd.Series) -> pd.Series:
    if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
        return series.isna() | (series.astype("string").str.strip() == "")
    return series.isna()


def _parse_string(s: pd.Series) -> pd.Series:
    out = s.astype("string").str.strip()
    return out.mask(out == "")


def _parse_bool(s: pd.Series, col: Column, problems: _Problems) -> pd.Series:
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.astype("boolean")
    text = s.astype("string").str.strip().str.lower()
    is_true = text.isin(TRUE)
    is_false = text.isin(FALSE)
    bad = text.notna() & (text != "") & ~is_true & ~is_false
    if bad.any():
        pos = _positions(bad)
        problems.add_each(
            [f"{s.iloc[p]!r} is not true/false (allowed: true, false, 1, 0, yes, no)" for p in pos],
            col.name,
            pos,
            "not_boolean",
        )
    out = pd.Series(pd.NA, index=s.index, dtype="boolean")
    out[is_true.fillna(False).to_numpy()] = True
    out[is_false.fillna(False).to_numpy()] = False
    return out


def _parse_number(
    s: pd.Series, col: Column, problems: _Problems, max_abs: float = Limits.max_abs_number
) -> pd.Series:
    num = pd.to_numeric(s, errors="coerce")
    bad = num.isna() & ~_blank(s)
    if bad.any():
        pos = _positions(bad)
        problems.add_each(
            [f"{s.iloc[p]!r} is not a number" for p in pos], col.name, pos, "not_number"
        )
    num = num.astype("float64")
    absurd = np.isinf(num) | (num.abs() > max_abs)
    if absurd.any():
        pos = _positions(absurd)
        problems.add_each(
            [f"{s.iloc[p]!r} is not a finite number of at most {max_abs:g} in size" for p in pos],
            col.name,
            pos,
            "not_finite",
        )
        num = num.mask(absurd)
    if col.kind == "int":
        frac = num.notna() & (num != np.floor(num))
        if frac.any():
            pos = _positions(frac)
            problems.add_each(
                [f"{s.iloc[p]!r} is not a whole number" for p in pos], col.name, pos, "not_integer"
            )
    if col.minimum is not None:
        low = num < col.minimum
        if low.any():
            pos = _positions(low)
            problems.add_each(
                [f"{num.iloc[p]:g} is below the minimum {col.minimum:g}" for p in pos],
                col.name,
                pos,
                "below_minimum",
            )
    if col.maximum is not None:
        high = num > col.maximum
        if high.any():
            pos = _positions(high)
            problems.add_each(
                [f"{num.iloc[p]:g} is above the maximum {col.maximum:g}" for p in pos],
                col.name,
                pos,
                "above_maximum",
            )
    if col.kind == "int":
        return num.round().astype("Int64")
    return num


def _parse_timestamp(
    s: pd.Series, col: Column, problems: _Problems, timezone: str | None
) -> pd.Series:
    """UTC naive ``datetime64[us]``; problems for unparsable or zone-less values."""
    empty = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]")
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        return s.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[us]")
    if pd.api.types.is_datetime64_dtype(s.dtype):
        if timezone is None:
            problems.column(
                "the column holds times without a UTC offset; store them with their zone "
                "or give --timezone (the zone they were written in)",
                col.name,
                "no_offset",
            )
            return empty
        return _localise(s, col, problems, timezone)
    text = s.astype("string").str.strip()
    text = text.mask(text == "")
    present = text.notna()
    has_offset = text.str.contains(_OFFSET, regex=True).fillna(False).astype(bool)
    out = empty.copy()
    with_off = present & has_offset
    if with_off.any():
        parsed = pd.to_datetime(text[with_off], utc=True, format="ISO8601", errors="coerce")
        out[with_off] = parsed.dt.tz_localize(None).astype("datetime64[us]")
    without = present & ~has_offset
    unparsable = pd.Series(False, index=s.index)
    if without.any():
        naive = pd.to_datetime(text[without], format="ISO8601", errors="coerce")
        unparsable[without] = naive.isna().to_numpy()
        parsed_naive = without & ~unparsable
        if parsed_naive.any():
            if timezone is None:
                message = (
                    "time without a UTC offset; write it with its offset "
                    "(2024-03-01T09:00:00+08:00) or give --timezone"
                )
                if parsed_naive.sum() == present.sum():
                    first = sheet_row(_positions(parsed_naive)[0])
                    problems.column(
                        f"{message} (all {int(parsed_naive.sum())} values, from row {first})",
                        col.name,
                        "no_offset",
                    )
                else:
                    problems.add(message, col.name, _positions(parsed_naive), "no_offset")
            else:
                out[parsed_naive] = _localise(naive[~naive.isna()], col, problems, timezone)
    bad = (present & has_offset & out.isna()) | unparsable
    if bad.any():
        pos = _positions(bad)
        problems.add_each(
            [f"{s.iloc[p]!r} is not an ISO 8601 time" for p in pos], col.name, pos, "not_time"
        )
    return out


def _localise(naive: pd.Series, col: Column, problems: _Problems, timezone: str) -> pd.Series:
    check_zone(timezone)
    ok = naive.notna()
    local = pd.Series(pd.NaT, index=naive.index, dtype="datetime64[us]")
    if not ok.any():
        return local
    values = pd.to_datetime(naive[ok]).dt.tz_localize(timezone, ambiguous="NaT", nonexistent="NaT")
    bad = values.isna()
    if bad.any():
        # the frame has a RangeIndex (see validate_frame): labels are positions
        pos = [int(i) for i in values.index[bad]]
        problems.add(
            f"this local time does not exist or is ambiguous in {timezone}; give it with its UTC offset",
            col.name,
            pos,
            "ambiguous_time",
        )
    local[ok] = values.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[us]")
    return local


def validate_frame(
    raw: pd.DataFrame,
    schema: Schema,
    *,
    source: str,
    queues: Sequence[str],
    timezone: str | None = None,
    mapping: Mapping[str, str] | None = None,
    limits: Limits | None = None,
) -> pd.DataFrame:
    """Check ``raw`` against ``schema``; return it with exactly the schema's columns and types.

    ``mapping`` renames the file's columns onto canonical names first (file name → schema
    name). Raises :class:`ValidationFailed` listing every problem (file, row, column).
    Numbers must be finite and at most ``limits.max_abs_number`` in size.
    """
    limits = limits or Limits()
    if timezone is not None:
        check_zone(timezone)
    df = raw.rename(columns=dict(mapping or {}))
    twice = sorted({str(c) for c in df.columns[df.columns.duplicated()]})
    if twice:
        raise InvalidInput(
            f"column{'s' if len(twice) > 1 else ''} {', '.join(twice)} would appear twice "
            "after --map; map one file column onto each canonical column",
            where=Where(file=source),
        )
    missing = [c for c in schema.required if c not in df.columns]
    if missing:
        raise InvalidInput(
            f"missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
            f"the file has: {', '.join(map(str, df.columns))}",
            where=Where(file=source),
        )
    df = df.reset_index(drop=True)
    problems = _Problems(source)
    out: dict[str, pd.Series] = {}
    for col in schema.columns:
        if col.name not in df.columns:
            fill = col.default
            out[col.name] = _typed_fill(col, fill, len(df))
            continue
        s = df[col.name]
        if col.required:
            blank = _blank(s)
            if blank.any():
                problems.add("missing value (required)", col.name, _positions(blank), "required")
        if col.kind == "string":
            v = _parse_string(s)
        elif col.kind == "bool":
            v = _parse_bool(s, col, problems)
        elif col.kind in ("float", "int"):
            v = _parse_number(s, col, problems, limits.max_abs_number)
        else:
            v = _parse_timestamp(s, col, problems, timezone)
        if col.default is not None:
            v = v.fillna(col.default)
        allowed = col.allowed or (tuple(queues) if col.allowed_from == "queues" else None)
        if allowed is not None and col.kind == "string":
            bad = v.notna() & ~v.isin(allowed)
            if bad.any():
                what = "queue" if col.allowed_from == "queues" else col.name
                pos = _positions(bad)
                problems.add_each(
                    [f"unknown {what} {v.iloc[p]!r}; allowed: {', '.join(allowed)}" for p in pos],
                    col.name,
                    pos,
                    "not_allowed",
                )
        out[col.name] = v
    frame = pd.DataFrame(out)
    for order in schema.orders:
        a, b = frame[order.earlier], frame[order.later]
        bad = a.notna() & b.notna() & (b < a)
        if bad.any():
            problems.add(
                f"{order.later} is before {order.earlier}",
                order.later,
                _positions(bad),
                "out_of_order",
            )
    if schema.name == "interactions":
        both = (frame["abandoned"] == True) & frame["answered_at"].notna()  # noqa: E712
        if both.any():
            problems.add(
                "an abandoned contact cannot have answered_at",
                "abandoned",
                _positions(both.fillna(False)),
                "abandoned_answered",
            )
    key = list(schema.key)
    if all(k in frame.columns for k in key):
        dup = frame.duplicated(subset=key, keep=False) & frame[key].notna().all(axis=1)
        if dup.any():
            first_row: dict[Any, int] = {}
            positions = _positions(dup)
            msgs = []
            for p in positions:
                k = tuple(frame.iloc[p][key])
                if k not in first_row:
                    first_row[k] = sheet_row(p)
                label = k[0] if len(k) == 1 else k
                msgs.append(f"duplicate {'/'.join(key)} {label!r} (first on row {first_row[k]})")
            problems.add_each(msgs, key[0], positions, "duplicate_id")
    problems.raise_if_any()
    return frame


def _typed_fill(col: Column, value: Any, n: int) -> pd.Series:
    if col.kind == "timestamp":
        return pd.Series([pd.NaT] * n, dtype="datetime64[us]")
    if col.kind == "bool":
        return pd.Series([value] * n, dtype="boolean")
    if col.kind == "int":
        return pd.Series([value] * n, dtype="Int64")
    if col.kind == "float":
        return pd.Series([value] * n, dtype="float64")
    return pd.Series([value] * n, dtype="string")


def read_file(
    path: str | Path,
    schema: Schema,
    *,
    queues: Sequence[str],
    timezone: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Read ``path`` (CSV, XLSX, Parquet) and validate it against ``schema``."""
    path = Path(path)
    text_like = path.suffix.lower() in (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")
    limits = load_limits()
    raw = read_table(path, dtype=str if text_like else None, limits=limits)
    return validate_frame(
        raw,
        schema,
        source=str(path),
        queues=queues,
        timezone=timezone,
        mapping=mapping,
        limits=limits,
    )


def parse_mapping(items: Sequence[str] | None) -> dict[str, str]:
    """``["Call ID=interaction_id", …]`` → ``{"Call ID": "interaction_id"}``."""
    out: dict[str, str] = {}
    for item in items or ():
        if "=" not in item:
            raise InvalidInput(
                f"column mapping {item!r} must look like FILE_COLUMN=canonical_column",
                where=Where(field="map"),
            )
        src, dst = item.split("=", 1)
        out[src.strip()] = dst.strip()
    return out
