"""What every command prints: one JSON object with ``--json``, a table otherwise, and
``error: …`` lines on stderr with exit code 2 for bad input (1 for a failure of ours)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import json
import math
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from serviq.errors import InvalidInput, ServiqError, Where

if TYPE_CHECKING:  # serviq.languages imports pydantic, which every command would pay for
    from serviq.languages import Lang


def to_jsonable(obj: Any) -> Any:
    """Plain JSON types from dataclasses, numpy and pandas values; NaN and ±inf become null.

    Numbers keep full precision (rounding is for tables only).
    """
    if obj is None or isinstance(obj, (bool, str, int)):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, Decimal):
        return float(obj)
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        if hasattr(obj, "as_dict"):
            return to_jsonable(obj.as_dict())
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (dt.datetime, dt.date, dt.time)):
        return obj.isoformat()
    if isinstance(obj, Path):
        return str(obj)
    module = type(obj).__module__
    if module.startswith("numpy") and hasattr(obj, "tolist"):
        return to_jsonable(obj.tolist())
    if module.startswith("pandas"):
        if hasattr(obj, "to_dict") and hasattr(obj, "columns"):
            return to_jsonable(obj.to_dict(orient="records"))
        if hasattr(obj, "to_dict"):
            return to_jsonable(obj.to_dict())
        if hasattr(obj, "isoformat"):
            return obj.isoformat()
        try:
            import pandas as pd

            if pd.isna(obj):
                return None
        except (TypeError, ValueError):
            pass
    if isinstance(obj, (set, frozenset)):
        return [to_jsonable(v) for v in sorted(obj, key=str)]
    if isinstance(obj, Sequence):
        return [to_jsonable(v) for v in obj]
    if hasattr(obj, "as_dict"):
        return to_jsonable(obj.as_dict())
    raise TypeError(f"cannot turn {type(obj).__name__} into JSON")


def print_json(obj: Any) -> None:
    """Print exactly one JSON object on stdout."""
    sys.stdout.write(json.dumps(to_jsonable(obj), ensure_ascii=False, allow_nan=False))
    sys.stdout.write("\n")


def emit(obj: Any, *, as_json: bool, render: Callable[[Any], None]) -> None:
    """``--json`` prints ``obj``; otherwise ``render(obj)`` prints it for people."""
    if as_json:
        print_json(obj)
    else:
        render(obj)


def fmt(value: Any, digits: int = 3) -> str:
    """A number rounded for display; missing values as an em dash."""
    if value is None:
        return "—"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "—"
        return f"{value:.{digits}f}"
    return str(value)


def table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Print a Rich table for people."""
    from rich.console import Console
    from rich.table import Table

    t = Table(title=title)
    for c in columns:
        t.add_column(str(c))
    for r in rows:
        t.add_row(*(v if isinstance(v, str) else fmt(v) for v in r))
    Console().print(t)


# True when the command owns its process (``serviq …`` from the shell, not ``main([…])``
# called by a test or another program): what it leaves is freed when the process ends, so
# objects may be frozen out of the garbage collector's sight (gc.freeze).
OWN_PROCESS = False


@contextmanager
def acyclic() -> Iterator[None]:
    """Run a block of a command that makes many small objects, none of them cyclic (lists
    of words, counts), with the cyclic garbage collector off: it would only rescan them,
    ≈ 10 % of ``serviq text freq`` on 5 MB (benchmarks/bench_text_freq.py). When the
    command owns its process (:data:`OWN_PROCESS`), what the block made is then kept out of
    later collections (``gc.freeze``; it lives until the command ends anyway), else the first
    collection after it would scan it all once more."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if OWN_PROCESS:
                gc.freeze()
            gc.enable()


def fail(lines: Sequence[str], code: int) -> None:
    for line in lines:
        sys.stderr.write(f"error: {line}\n")
    raise SystemExit(code)


def run_with_errors(command: Any, argv: list[str]) -> Any:
    """Run the command; serviq's errors become ``error: …`` lines and exit 2 (input) or 1.

    Wrong options and arguments are reported by the command parser, also with exit 2.
    """
    try:
        return command.main(args=argv, prog_name="serviq", standalone_mode=True)
    except InvalidInput as exc:
        fail(exc.lines, 2)
    except ServiqError as exc:
        fail(exc.lines, 1)
    return None


def language(value: str) -> Lang:
    """The ``--lang`` option's value, or bad input naming the option and the languages allowed."""
    from serviq.languages import LANGS

    if value not in LANGS:
        raise InvalidInput(
            f"unknown language {value!r}; allowed: {', '.join(LANGS)}", where=Where(field="--lang")
        )
    return value


def scenario_path(given: Path, bundled: Callable[[str], Path]) -> Path:
    """The file as given, or ``bundled(name)`` (the bundled example scenario of that name) for
    a bare name without a suffix that is not a file here, when that exists."""
    if given.exists() or given.suffix or len(given.parts) != 1:
        return given
    found = bundled(given.name)
    return found if found.exists() else given
