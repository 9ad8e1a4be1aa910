"""The data a report is built from, with the row count and hash of every table.

A report reads plain tables (pandas DataFrames in the canonical columns of
:mod:`serviq.ops.schemas` and of the demo's export): ``interactions``,
``survey_responses``, ``comments``, ``qa_reviews``, ``work_orders``, ``people``,
``teams`` (with ``department_id``, the team → department map a department's report
needs), ``leave``, ``swaps``, ``qa_calibration`` (the QA calibration sessions' scores),
``violations`` (attendance records) and ``escalations`` (reports upward).
The shells gather them — the CLI from a directory of files (``--data DIR``, the layout ``serviq demo`` and :func:`serviq.demo.dataset.write`
produce), the web from its database — and the core never asks where they came from.

Each table's hash (:func:`table_hash`) is the SHA-256 of its column names, dtypes and
``pandas.util.hash_pandas_object`` of its rows: the same rows give the same hash whether
they were read from Parquet, CSV or a database, so the methods appendix can say which data
a number was made from and a rebuild can check it has the same.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from serviq.errors import InvalidInput, Where

TABLES = (
    "interactions",
    "survey_responses",
    "comments",
    "qa_reviews",
    "work_orders",
    "people",
    "teams",
    "leave",
    "swaps",
    "qa_calibration",
    "violations",
    "escalations",
)
DEFAULT_TIMEZONE = "Asia/Shanghai"


def table_hash(df: pd.DataFrame) -> str:
    """SHA-256 of a table's columns, dtypes and rows (order matters, index does not)."""
    h = hashlib.sha256()
    h.update(json.dumps([[str(c), str(t)] for c, t in df.dtypes.items()]).encode())
    if len(df):
        safe = df.copy()
        for col in safe.columns:
            if safe[col].dtype == object:
                safe[col] = safe[col].map(lambda v: None if v is None else str(v))
        h.update(pd.util.hash_pandas_object(safe, index=False).to_numpy().tobytes())
    return h.hexdigest()


@dataclass(frozen=True)
class ReportInputs:
    """The tables, the centre's time zone and where they came from (for the appendix)."""

    tables: Mapping[str, pd.DataFrame]
    timezone: str = DEFAULT_TIMEZONE
    source: str = "frames"
    hashes: dict[str, str] = field(default_factory=dict)
    #: values that are not rows of a table, keyed as :func:`serviq.indicators.evaluation.evaluate`
    #: takes them: ``manual``, ``checklists`` and ``equipment`` ((period, team) → code → value) and
    #: ``systems`` (period → code → value) — entered by hand, ticked, or imported per month.
    indicator_values: Mapping[str, Any] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        return self.tables.get(name, pd.DataFrame())

    def summary(self) -> dict[str, dict[str, Any]]:
        """``source → {rows, sha256}`` for every table present (the CLI's ``inputs``)."""
        out: dict[str, dict[str, Any]] = {}
        for name in TABLES:
            if name in self.tables:
                if name not in self.hashes:
                    self.hashes[name] = table_hash(self.tables[name])
                out[name] = {"rows": len(self.tables[name]), "sha256": self.hashes[name]}
        return out

    def data_end(self) -> pd.Timestamp | None:
        """The local end of the data: the day after the last contact arrived."""
        df = self.table("interactions")
        if df.empty or "arrived_at" not in df.columns:
            return None
        last = local_times(df["arrived_at"], self.timezone).max()
        return (last.normalize() + pd.Timedelta(days=1)).tz_localize(None)


def local_times(series: pd.Series, timezone: str) -> pd.Series:
    """Timestamps as local naive times of the centre (aware ones converted, naive taken as UTC)."""
    s = pd.to_datetime(series, utc=True, errors="coerce")
    return s.dt.tz_convert(timezone).dt.tz_localize(None)


def load_inputs(directory: str | Path) -> ReportInputs:
    """The tables in ``directory`` (``<table>.parquet`` or ``<table>.csv``; ``meta.json``'s
    ``timezone``). ``interactions`` must be there; the others are optional."""
    root = Path(directory)
    if not root.is_dir():
        raise InvalidInput("not a directory of report data", where=Where(file=str(root)))
    tables: dict[str, pd.DataFrame] = {}
    for name in TABLES:
        for suffix in (".parquet", ".csv"):
            path = root / f"{name}{suffix}"
            if path.exists():
                from serviq.tables import read_table

                tables[name] = read_table(path)
                break
    if "interactions" not in tables:
        raise InvalidInput(
            "no interactions.parquet or interactions.csv; a report needs the contacts",
            where=Where(file=str(root)),
        )
    timezone = DEFAULT_TIMEZONE
    meta = root / "meta.json"
    if meta.exists():
        try:
            timezone = str(json.loads(meta.read_text(encoding="utf-8")).get("timezone", timezone))
        except (ValueError, AttributeError):
            raise InvalidInput(
                "meta.json is not a JSON object", where=Where(file=str(meta))
            ) from None
    return ReportInputs(tables=tables, timezone=timezone, source=str(root.resolve()))
