"""Benchmarks from secondary data (issue 19 scope 3, R-IND-1): reference values an indicator
is judged against — industry figures, published peer results, regulators' or associations'
statistics, the centre's own best team — each with its source, date, definition notes and
comparability.

The import file (CSV or XLSX, read by :func:`serviq.tables.read_table`) has one row per
reference value::

    indicator, reference, kind, value, source, date[, definition_notes][, comparability]

``indicator`` is a code of the indicator system; ``kind`` one of :data:`KINDS`; ``value`` a
finite number in the indicator's own unit (a rate as a fraction, seconds as seconds);
``date`` the figure's date as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``comparability``
one of :data:`COMPARABILITY` (``same`` when empty). An indicator, reference and date appear
once. Every row is checked before anything is used; the first problem is one line naming
file, row, column and what is allowed.

Beside the indicator (:func:`position`), for the centre's value ``v`` and the references
``r₁ … rₙ``::

    gap_i = v − r_i                         (in the indicator's unit; > 0 means above)
    rank  = 1 + #{ i : r_i better than v }  (competition ranking among the n + 1 values;
                                             "better" is higher or lower by the
                                             indicator's direction)

>>> p = position(0.82, "higher", [0.80, 0.85, 0.78])
>>> [round(g, 2) for g in p.gaps], p.rank, p.of
([0.02, -0.03, 0.04], 2, 4)
>>> position(35.0, "lower", [30.0, 40.0]).rank
2
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from serviq.errors import InvalidInput, Where
from serviq.indicators.model import IndicatorSystem
from serviq.indicators.versioning import new_version
from serviq.messages import error
from serviq.tables import read_table, sheet_row

COLUMNS = ["indicator", "reference", "kind", "value", "source", "date"]
OPTIONAL = ["definition_notes", "comparability"]
# kind → (zh_hans, zh_hant, en)
KINDS: dict[str, tuple[str, str, str]] = {
    "industry": ("行业数据", "行業數據", "Industry figure"),
    "peer": ("同业公开结果", "同業公開結果", "Published peer result"),
    "regulator": ("监管机构统计", "監管機構統計", "Regulator's statistic"),
    "association": ("行业协会统计", "行業協會統計", "Association's statistic"),
    "best_team": ("本中心最佳团队", "本中心最佳團隊", "The centre's best team"),
}
# comparability → (zh_hans, zh_hant, en)
COMPARABILITY: dict[str, tuple[str, str, str]] = {
    "same": ("口径相同", "口徑相同", "Same definition"),
    "close": ("口径相近", "口徑相近", "Close definition"),
    "different": (
        "口径不同，仅供参考",
        "口徑不同，僅供參考",
        "Different definition, for reference only",
    ),
}
DATE = re.compile(r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")
MAX_TEXT = 500


@dataclass(frozen=True)
class Benchmark:
    indicator: str
    reference: str
    kind: str
    value: float
    source: str
    date: str
    definition_notes: str = ""
    comparability: str = "same"

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.indicator, self.reference, self.date)


@dataclass(frozen=True)
class Position:
    """The centre's value among its references: a gap per reference and the rank."""

    gaps: tuple[float, ...]
    rank: int | None  # None when the indicator has no direction
    of: int  # the references and the centre's value


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def check(b: Benchmark, directions: Mapping[str, str | None], at: Any) -> Benchmark:
    """One benchmark checked against the system's indicators; ``at(column)`` gives where."""
    if b.indicator not in directions:
        raise error(InvalidInput, "bench.indicator", where=at("indicator"),
                    indicator=b.indicator, some=", ".join(sorted(directions)[:8]))  # fmt: skip
    for col in ("reference", "source"):
        text = getattr(b, col)
        if not text or len(text) > MAX_TEXT:
            raise error(InvalidInput, "bench.text", where=at(col), column=col, limit=MAX_TEXT)
    if b.kind not in KINDS:
        raise error(InvalidInput, "bench.kind", where=at("kind"), kind=b.kind,
                    allowed=", ".join(KINDS))  # fmt: skip
    if not math.isfinite(b.value):
        raise InvalidInput("value is not a finite number", where=at("value"))
    if not DATE.match(b.date):
        raise error(InvalidInput, "bench.date", where=at("date"), text=b.date)
    if b.comparability not in COMPARABILITY:
        raise error(InvalidInput, "bench.comparability", where=at("comparability"),
                    value=b.comparability, allowed=", ".join(COMPARABILITY))  # fmt: skip
    if len(b.definition_notes) > MAX_TEXT * 4:
        raise error(InvalidInput, "bench.notes_long", where=at("definition_notes"),
                    limit=MAX_TEXT * 4)  # fmt: skip
    return b


def read_benchmarks(path: str | Path, directions: Mapping[str, str | None]) -> list[Benchmark]:
    """Every row of the file, checked (module doc); the first problem raises.
    ``directions``: indicator code → ``higher``/``lower``/None, from the indicator system."""
    df = read_table(path, dtype=str, columns=COLUMNS)
    out: list[Benchmark] = []
    seen: dict[tuple[str, str, str], int] = {}
    for i, row in enumerate(df.to_dict("records")):
        n = sheet_row(i)

        def at(col: str, n: int = n) -> Where:
            return Where(file=str(path), row=n, column=col)

        raw = _text(row["value"])
        try:
            value = float(raw)
        except ValueError:
            raise error(InvalidInput, "data.value", where=at("value"), value=raw) from None
        b = check(
            Benchmark(
                indicator=_text(row["indicator"]),
                reference=_text(row["reference"]),
                kind=_text(row["kind"]),
                value=value,
                source=_text(row["source"]),
                date=_text(row["date"]),
                definition_notes=_text(row.get("definition_notes")),
                comparability=_text(row.get("comparability")) or "same",
            ),
            directions,
            at,
        )
        if b.key in seen:
            raise error(InvalidInput, "bench.twice", where=at("reference"),
                        indicator=b.indicator, reference=b.reference, date=b.date,
                        first=seen[b.key])  # fmt: skip
        seen[b.key] = n
        out.append(b)
    return out


def position(value: float | None, direction: str | None, references: Sequence[float]) -> Position:
    """Gaps of ``value`` to each reference and its rank among them (module doc)."""
    if value is None:
        return Position((), None, len(references) + 1)
    gaps = tuple(value - r for r in references)
    if direction not in ("higher", "lower"):
        return Position(gaps, None, len(references) + 1)
    better = sum(1 for r in references if (r > value if direction == "higher" else r < value))
    return Position(gaps, 1 + better, len(references) + 1)


def evidence_line(b: Benchmark) -> str:
    """How a benchmark is cited in a change log."""
    line = (
        f"{b.indicator} benchmark {b.reference} ({b.kind}): {b.value:g}, {b.source}, {b.date}; "
        f"comparability {b.comparability}"
    )
    return line + (f"; {b.definition_notes}" if b.definition_notes else "")


def benchmarked_target(
    system: IndicatorSystem,
    benchmark: Benchmark,
    target: float,
    *,
    version: str | None = None,
    date: dt.date | str | None = None,
) -> IndicatorSystem:
    """The next version of ``system`` with the indicator's target set to ``target``, its
    change log citing the benchmark that justified it (:func:`evidence_line`)."""
    if not math.isfinite(target):
        raise InvalidInput("the target is not a finite number", where=Where(field="target"))
    return new_version(
        system,
        changes={benchmark.indicator: {"target": target}},
        note=f"Target of {benchmark.indicator} set to {target:g} from a benchmark",
        evidence=[evidence_line(benchmark)],
        version=version,
        date=date,
    )
