"""A calibration session's scores from a file (CSV or XLSX): validated before anything is
stored, for :func:`serviq.qa.calibration.calibrate`.

The file has one row per score, long format, with the columns ``interaction_id``,
``inspector_id``, ``item`` (a code of the scorecard) and ``score`` (on the item's scale:
whole points from its ``min`` to ``max``, or ``yes``/``no``/``1``/``0`` for a yes/no item;
empty only where the item allows N.A., and then left out). :func:`read_calibration`
refuses a file with any problem — an unknown item or inspector, a score off the scale, a
repeated (interaction, inspector, item), fewer than two inspectors or two interactions —
with **one line**: the first problem with its file, row and column, and how many more there
are. Row numbers count the header as row 1, as a spreadsheet does.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path

import pandas as pd

from serviq.errors import InvalidInput, Problem, Where
from serviq.qa.scorecard import Item, Scorecard
from serviq.tables import read_table

COLUMNS = ["interaction_id", "inspector_id", "item", "score"]
YES_NO = {"yes": 1.0, "no": 0.0, "1": 1.0, "0": 0.0, "1.0": 1.0, "0.0": 0.0}


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return str(value).strip() == ""


def _score(value: object, item: Item) -> float | str:
    """The score as a number, or the message of what is wrong with it."""
    text = str(value).strip().lower()
    allowed = item.scale.allowed()
    if item.scale.kind == "yes_no":
        if text in YES_NO:
            return YES_NO[text]
        return f"{value!r} is not a score of {item.code}; allowed: {allowed}"
    try:
        number = float(text)
    except ValueError:
        return f"{value!r} is not a number; allowed for {item.code}: {allowed}"
    if not number.is_integer() or not item.scale.min <= number <= item.scale.max:
        return f"{value!r} is off the scale of {item.code}; allowed: whole points {allowed}"
    return number


def validate_calibration(
    df: pd.DataFrame,
    card: Scorecard,
    *,
    inspectors: Collection[str] | None = None,
    file: str | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """The scores (N.A. rows left out, ``score`` a float) and every problem of ``df``."""
    problems: list[Problem] = []
    items = {it.code: it for it in card.items}
    known = ", ".join(items)
    seen: dict[tuple[str, str, str], int] = {}
    rows: list[tuple[str, str, str, float]] = []

    def bad(message: str, row: int, column: str) -> None:
        problems.append(Problem(message, Where(file=file, row=row, column=column)))

    for i, rec in enumerate(df[COLUMNS].itertuples(index=False, name=None)):
        row = i + 2
        inter, who, code, value = rec
        if _blank(inter):
            bad("the interaction is missing", row, "interaction_id")
            continue
        if _blank(who):
            bad("the inspector is missing", row, "inspector_id")
            continue
        inter, who, code = str(inter).strip(), str(who).strip(), str(code).strip()
        if inspectors is not None and who not in inspectors:
            bad(f"unknown inspector {who!r}; allowed: a QA inspector's code", row, "inspector_id")
            continue
        item = items.get(code)
        if item is None:
            bad(f"unknown item {code!r}; allowed: {known}", row, "item")
            continue
        key = (inter, who, code)
        if key in seen:
            bad(f"{who} scored {code} of {inter} twice (first in row {seen[key]})", row, "score")
            continue
        seen[key] = row
        if _blank(value):
            if not item.allow_na:
                bad(f"the score is missing; {code} allows no N.A.", row, "score")
            continue
        score = _score(value, item)
        if isinstance(score, str):
            bad(score, row, "score")
            continue
        rows.append((inter, who, code, score))
    out = pd.DataFrame(rows, columns=COLUMNS)
    few = out["inspector_id"].nunique() < 2 or out["interaction_id"].nunique() < 2
    if not problems and few:
        problems.append(
            Problem(
                "a calibration needs at least two inspectors scoring the same two or more "
                f"interactions; the file has {out['inspector_id'].nunique()} inspector(s) "
                f"and {out['interaction_id'].nunique()} interaction(s)",
                Where(file=file),
            )
        )
    return out, problems


def read_calibration(
    path: str | Path,
    card: Scorecard,
    *,
    inspectors: Collection[str] | None = None,
    name: str | None = None,
) -> pd.DataFrame:
    """The validated scores of the calibration file at ``path`` (``name``: the file's name
    to show, e.g. the uploaded name); a bad file raises one-line :class:`InvalidInput`."""
    shown = name or Path(path).name
    try:
        df = read_table(path, dtype=str, columns=COLUMNS)
    except InvalidInput as exc:
        raise InvalidInput(
            exc.message, where=replace(exc.where, file=shown), code=exc.code
        ) from None
    scores, problems = validate_calibration(df, card, inspectors=inspectors, file=shown)
    if problems:
        more = len(problems) - 1
        tail = f" — and {more} more problem{'s' if more != 1 else ''}" if more else ""
        first = problems[0]
        raise InvalidInput(first.message + tail, where=first.where)
    return scores
