"""Limits on the files serviq reads: sizes, rows, columns, cells and compressed containers.

They are a centre's data (``imports.yaml`` under ``serviq/data``, overridable in
``SERVIQ_CONFIG_DIR``), validated on load with an error naming the file, the field and what
is allowed. Every reader (:func:`serviq.tables.read_table`) and the web uploads check them
before a file is parsed, so that a hostile or broken file is refused with one line instead
of taking the machine's memory or time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from serviq.resources import data_path
from serviq.yamlfile import load_model, load_yaml

MB = 1024 * 1024

# imports.yaml's fields and defaults (the bundled file holds these values)
FILE_DEFAULTS: dict[str, float] = {
    "max_file_mb": 200,
    "max_upload_mb": 20,
    "max_rows": 5_000_000,
    "max_columns": 2000,
    "max_cell_chars": 32767,
    "max_abs_number": 1e15,
    "xlsx_max_uncompressed_mb": 1000,
    "xlsx_max_ratio": 200,
    "parquet_max_uncompressed_mb": 2000,
}


@lru_cache(maxsize=1)
def _limits_model() -> Any:
    """The pydantic model of ``imports.yaml``, built on first use (pydantic's import is
    most of a CLI start)."""
    from pydantic import BaseModel, ConfigDict, Field

    d = FILE_DEFAULTS

    class _LimitsFile(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

        max_file_mb: float = Field(d["max_file_mb"], gt=0)
        max_upload_mb: float = Field(d["max_upload_mb"], gt=0)
        max_rows: int = Field(int(d["max_rows"]), ge=1)
        max_columns: int = Field(int(d["max_columns"]), ge=1)
        max_cell_chars: int = Field(int(d["max_cell_chars"]), ge=1)
        max_abs_number: float = Field(d["max_abs_number"], gt=0)
        xlsx_max_uncompressed_mb: float = Field(d["xlsx_max_uncompressed_mb"], gt=0)
        xlsx_max_ratio: float = Field(d["xlsx_max_ratio"], gt=1)
        parquet_max_uncompressed_mb: float = Field(d["parquet_max_uncompressed_mb"], gt=0)

    return _LimitsFile


@dataclass(frozen=True)
class Limits:
    """What one file may hold. Sizes are bytes; see ``imports.yaml`` for each meaning."""

    max_file_bytes: int = 200 * MB
    max_upload_bytes: int = 20 * MB
    max_rows: int = 5_000_000
    max_columns: int = 2000
    max_cell_chars: int = 32767
    max_abs_number: float = 1e15
    xlsx_max_uncompressed_bytes: int = 1000 * MB
    xlsx_max_ratio: float = 200.0
    parquet_max_uncompressed_bytes: int = 2000 * MB

    def for_upload(self) -> Limits:
        """The same limits with the upload size as the file size."""
        from dataclasses import replace

        return replace(self, max_file_bytes=min(self.max_file_bytes, self.max_upload_bytes))


def megabytes(n: int) -> str:
    """``20 MB`` — a byte count for messages (``512 bytes`` below 0.01 MB)."""
    if n < MB / 100:
        return f"{n} bytes"
    return f"{round(n / MB, 2):g} MB"


def load_limits(path: str | Path | None = None) -> Limits:
    """The limits in force: ``path``, else ``imports.yaml`` from ``SERVIQ_CONFIG_DIR`` or the
    bundled one. A malformed file raises :class:`~serviq.errors.ValidationFailed` naming the
    file, line, field and allowed values."""
    source = path or data_path("imports.yaml")
    data, _ = load_yaml(source)
    if _defaults_only(data):
        return Limits()  # what validation would give (tests/test_limits.py), without pydantic
    f = load_model(_limits_model(), source)
    return Limits(
        max_file_bytes=int(f.max_file_mb * MB),
        max_upload_bytes=int(f.max_upload_mb * MB),
        max_rows=f.max_rows,
        max_columns=f.max_columns,
        max_cell_chars=f.max_cell_chars,
        max_abs_number=f.max_abs_number,
        xlsx_max_uncompressed_bytes=int(f.xlsx_max_uncompressed_mb * MB),
        xlsx_max_ratio=f.xlsx_max_ratio,
        parquet_max_uncompressed_bytes=int(f.parquet_max_uncompressed_mb * MB),
    )


def _defaults_only(data: Any) -> bool:
    """Every field given is a number equal to its default (the bundled file)."""
    return isinstance(data, dict) and all(
        k in FILE_DEFAULTS and type(v) in (int, float) and v == FILE_DEFAULTS[k]
        for k, v in data.items()
    )
