"""Manual codings by several coders: import, agreement overall and per code, the
disagreement table for the reconciliation meeting, and the reconciled code table (R-IND-4).

Codings come as a table with one row per unit (a comment) and one column per coder; a
cell holds one code or several separated by ``;`` (``wait;fees``); an empty cell means
the coder did not code that unit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from serviq.errors import ComputationError, InvalidInput, Problem, ValidationFailed, Where
from serviq.tables import sheet_row
from serviq.text import agreement as ag
from serviq.text.codebook import CodeBook

SEP = ";"


def _cell(v: Any, sep: str) -> frozenset[str] | None:
    if (
        v is None
        or (isinstance(v, float) and np.isnan(v))
        or (isinstance(v, str) and not v.strip())
    ):
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    parts = [p.strip() for p in str(v).replace("；", sep).split(sep)]
    return frozenset(p for p in parts if p)


def read_codings(
    frame: pd.DataFrame,
    coders: Sequence[str],
    *,
    codebook: CodeBook | None = None,
    sep: str = SEP,
    file: str | None = None,
) -> dict[str, list[frozenset[str] | None]]:
    """Each coder's code set per unit; codes not in ``codebook`` are reported, all at once,
    with their spreadsheet row and column."""
    if len(coders) < 2:
        raise InvalidInput(
            f"agreement needs at least two coder columns; got {', '.join(coders) or 'none'}"
        )
    missing = [c for c in coders if c not in frame.columns]
    if missing:
        raise InvalidInput(
            f"coder column{'s' if len(missing) > 1 else ''} {', '.join(missing)} not in the file; it has: {', '.join(map(str, frame.columns))}",
            where=Where(file=file),
        )
    allowed = set(codebook.code_names) if codebook else None
    out: dict[str, list[frozenset[str] | None]] = {}
    problems = []
    for coder in coders:
        sets = [_cell(v, sep) for v in frame[coder].tolist()]
        if allowed is not None:
            for i, s in enumerate(sets):
                for code in sorted((s or frozenset()) - allowed):
                    problems.append(
                        Problem(
                            f"unknown code {code!r}; the code book has: {', '.join(sorted(allowed))}",
                            Where(file=file, row=sheet_row(i), column=coder),
                        )
                    )
        out[coder] = sets
    if problems:
        raise ValidationFailed(problems, source=file)
    return out


def _label(s: frozenset[str] | None) -> str | None:
    return None if s is None else SEP.join(sorted(s))


@dataclass(frozen=True)
class AgreementReport:
    """Agreement of several coders, overall and per code."""

    n_units: int
    coders: tuple[str, ...]
    level: str
    multi_code: bool
    percent_agreement: float
    cohen_kappa: float | None
    fleiss_kappa: float | None
    krippendorff_alpha: float
    ci: ag.Interval | None
    per_code: pd.DataFrame = field(repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "n_units": self.n_units,
            "coders": list(self.coders),
            "level": self.level,
            "multi_code": self.multi_code,
            "percent_agreement": self.percent_agreement,
            "cohen_kappa": self.cohen_kappa,
            "fleiss_kappa": self.fleiss_kappa,
            "krippendorff_alpha": self.krippendorff_alpha,
            "ci": self.ci.as_dict() if self.ci else None,
            "per_code": self.per_code.to_dict(orient="records"),
        }


def _safe(fn: Any, *args: Any, **kw: Any) -> float | None:
    try:
        return float(fn(*args, **kw))
    except ComputationError:
        return None


def agreement_report(
    codings: dict[str, list[frozenset[str] | None]],
    *,
    level: ag.Level = "nominal",
    n_boot: int = 1000,
    seed: int = 20240601,
) -> AgreementReport:
    """Percent agreement, Cohen's kappa (two coders; weighted linear for ordinal, quadratic
    for interval/ratio), Fleiss' kappa, Krippendorff's alpha at ``level`` with a bootstrap
    interval; and per code, the same on "has this code / not" (nominal).

    With several codes per unit, the overall figures treat the whole set of codes as the
    value (agreement means the same set); the per-code table shows where coders differ.
    """
    coders = tuple(codings)
    n = len(next(iter(codings.values())))
    multi = any(s is not None and len(s) > 1 for sets in codings.values() for s in sets)
    if level != "nominal" and multi:
        raise InvalidInput(
            f"the {level} level needs one value per unit and coder; found several codes in one cell"
        )
    data: list[list[Any]] = [[None] * len(coders) for _ in range(n)]
    for j, c in enumerate(coders):
        for i, s in enumerate(codings[c]):
            if s is None:
                continue
            if level == "nominal":
                data[i][j] = _label(s)
            else:
                (only,) = tuple(s)
                try:
                    data[i][j] = float(only)
                except ValueError:
                    raise InvalidInput(
                        f"the {level} level needs numbers; coder {c} gave {only!r}",
                        where=Where(row=sheet_row(i), column=c),
                    ) from None
    frame = pd.DataFrame(data, columns=list(coders))
    weights: ag.Weights = (
        None if level == "nominal" else ("linear" if level == "ordinal" else "quadratic")
    )
    cohen = (
        _safe(ag.cohen_kappa, frame.iloc[:, 0].tolist(), frame.iloc[:, 1].tolist(), weights=weights)
        if len(coders) == 2
        else None
    )
    fleiss = _safe(ag.fleiss_kappa, frame) if level == "nominal" else None
    alpha = ag.krippendorff_alpha(frame, level)
    try:
        ci = ag.alpha_ci(frame, level, n_boot=n_boot, seed=seed) if n_boot > 0 else None
    except ComputationError:
        ci = None
    per_code = (
        _per_code(codings, n_boot=n_boot, seed=seed) if level == "nominal" else pd.DataFrame()
    )
    return AgreementReport(
        n_units=n,
        coders=coders,
        level=level,
        multi_code=multi,
        percent_agreement=ag.percent_agreement(frame),
        cohen_kappa=cohen,
        fleiss_kappa=fleiss,
        krippendorff_alpha=alpha,
        ci=ci,
        per_code=per_code,
    )


def _per_code(
    codings: dict[str, list[frozenset[str] | None]], *, n_boot: int, seed: int
) -> pd.DataFrame:
    coders = list(codings)
    codes = sorted({c for sets in codings.values() for s in sets if s for c in s})
    rows = []
    for code in codes:
        data = [
            [None if (s := codings[c][i]) is None else int(code in s) for c in coders]
            for i in range(len(codings[coders[0]]))
        ]
        frame = pd.DataFrame(data, columns=coders)
        alpha = _safe(ag.krippendorff_alpha, frame, "nominal")
        try:
            ci = (
                ag.alpha_ci(frame, "nominal", n_boot=n_boot, seed=seed)
                if n_boot > 0 and alpha is not None
                else None
            )
        except ComputationError:
            ci = None
        rows.append(
            {
                "code": code,
                "units_coded": int(sum(1 for row in data if any(v == 1 for v in row))),
                "percent_agreement": ag.percent_agreement(frame),
                "cohen_kappa": _safe(
                    ag.cohen_kappa, frame.iloc[:, 0].tolist(), frame.iloc[:, 1].tolist()
                )
                if len(coders) == 2
                else None,
                "fleiss_kappa": _safe(ag.fleiss_kappa, frame),
                "krippendorff_alpha": alpha,
                "ci_lower": ci.lower if ci else None,
                "ci_upper": ci.upper if ci else None,
            }
        )
    return pd.DataFrame(rows)


def disagreements(
    codings: dict[str, list[frozenset[str] | None]],
    *,
    texts: Sequence[Any] | None = None,
    units: Sequence[Any] | None = None,
) -> pd.DataFrame:
    """Units on which the coders differ: each coder's codes, the codes all gave
    (``agreed``) and those only some gave (``disputed``) — the agenda of the
    reconciliation meeting."""
    coders = list(codings)
    n = len(codings[coders[0]])
    rows = []
    for i in range(n):
        sets = [codings[c][i] for c in coders]
        given = [s for s in sets if s is not None]
        if len(given) < 2 or all(s == given[0] for s in given):
            continue
        agreed = frozenset.intersection(*given)
        disputed = frozenset.union(*given) - agreed
        row: dict[str, Any] = {"unit": units[i] if units is not None else sheet_row(i)}
        if texts is not None:
            row["text"] = texts[i]
        for c, s in zip(coders, sets, strict=True):
            row[c] = _label(s)
        row["agreed"] = _label(agreed)
        row["disputed"] = _label(disputed)
        rows.append(row)
    cols = ["unit", *(["text"] if texts is not None else []), *coders, "agreed", "disputed"]
    return pd.DataFrame(rows, columns=cols)


def reconcile(
    codings: dict[str, list[frozenset[str] | None]],
    *,
    final: Sequence[Any] | None = None,
    units: Sequence[Any] | None = None,
) -> pd.DataFrame:
    """The final code table: per unit, the meeting's decision where one was recorded
    (``final`` column), else every code given by more than half of the coders who coded
    the unit. ``status``: ``decided`` (meeting), ``agreed`` (all coders the same),
    ``majority`` (codes kept by majority), ``discuss`` (a code given by exactly half: the
    meeting must decide); ``support`` says how many coders gave each kept code."""
    coders = list(codings)
    n = len(codings[coders[0]])
    rows = []
    for i in range(n):
        given = [s for c in coders if (s := codings[c][i]) is not None]
        unit = units[i] if units is not None else sheet_row(i)
        decided = _cell(final[i], SEP) if final is not None else None
        if decided is not None:
            rows.append(
                {"unit": unit, "codes": _label(decided), "status": "decided", "support": None}
            )
            continue
        if not given:
            rows.append({"unit": unit, "codes": None, "status": "uncoded", "support": None})
            continue
        votes = Counter(code for s in given for code in s)
        kept = sorted(c for c, v in votes.items() if v > len(given) / 2)
        tied = sorted(c for c, v in votes.items() if v * 2 == len(given))
        if all(s == given[0] for s in given):
            status = "agreed"
        elif tied:
            status = "discuss"
        else:
            status = "majority"
        rows.append(
            {
                "unit": unit,
                "codes": SEP.join(kept),
                "status": status,
                "support": SEP.join(f"{c}:{votes[c]}/{len(given)}" for c in kept + tied),
            }
        )
    return pd.DataFrame(rows, columns=["unit", "codes", "status", "support"])
