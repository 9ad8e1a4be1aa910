"""The operations-room checklists (R-OPS-9, R-OPS-4): templates as data, and the indicator.

Templates are YAML (``data/ops/checklists.yaml``, overridable in ``SERVIQ_CONFIG_DIR``),
each a code, a name and its items in the three languages, validated on load (an error names
the file, line and field). The shift leader ticks every item of a template once per shift:
passed or failed, a failed item optionally naming the person.

The indicator bound to a template (binding ``source: checklist``, ``ref: <template>``) is
the share of items passed, per team and month, and for the centre pooled over its teams::

    share = items passed ÷ items checked

(the rate on the workplace-standards indicator's card: "items passed ÷ items checked").

>>> templates = load_checklists()
>>> [i.code for i in templates["operations_room"].items][:3]
['dress', 'desk', 'equipment']
>>> ticks = [Tick("2026-10", "T1", "operations_room", True)] * 3 + [
...     Tick("2026-10", "T1", "operations_room", False), Tick("2026-10", "T2", "operations_room", True)]
>>> shares(ticks)[("2026-10", "T1")], shares(ticks)[("2026-10", "")]
({'operations_room': 0.75}, {'operations_room': 0.8})
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from serviq.errors import InvalidInput, Where
from serviq.languages import Text
from serviq.messages import error
from serviq.resources import data_path
from serviq.yamlfile import load_model

CODE = r"^[a-z][a-z0-9_]*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChecklistItem(_Model):
    code: str = Field(pattern=CODE)
    text: Text


class ChecklistTemplate(_Model):
    code: str = Field(pattern=CODE)
    name: Text
    items: tuple[ChecklistItem, ...] = Field(min_length=1)

    @field_validator("items")
    @classmethod
    def _distinct(cls, items: tuple[ChecklistItem, ...]) -> tuple[ChecklistItem, ...]:
        codes = [i.code for i in items]
        twice = sorted({c for c in codes if codes.count(c) > 1})
        if twice:
            raise ValueError(f"item codes must be distinct; repeated: {', '.join(twice)}")
        return items

    def item(self, code: str) -> ChecklistItem | None:
        return next((i for i in self.items if i.code == code), None)


class ChecklistFile(_Model):
    templates: tuple[ChecklistTemplate, ...] = Field(min_length=1)


def load_checklists(path: str | Path | None = None) -> dict[str, ChecklistTemplate]:
    """The checklist templates by code (the centre's override first)."""
    p = Path(path) if path is not None else data_path("ops/checklists.yaml")
    loaded = load_model(ChecklistFile, p)
    return {t.code: t for t in loaded.templates}


@dataclass(frozen=True)
class Tick:
    """One item ticked on one shift: the month, the team, the template and the result."""

    period: str
    team: str
    template: str
    passed: bool


def counts(ticks: Iterable[Tick]) -> dict[tuple[str, str, str], tuple[int, int]]:
    """``(period, scope, template) → (items passed, items checked)`` per team and for the
    centre (scope ``""``, pooled over every team's items)."""
    found: dict[tuple[str, str, str], list[int]] = {}
    for t in ticks:
        for scope in (t.team, ""):
            c = found.setdefault((t.period, scope, t.template), [0, 0])
            c[0] += int(t.passed)
            c[1] += 1
    return {k: (v[0], v[1]) for k, v in sorted(found.items())}


def shares(ticks: Iterable[Tick]) -> dict[tuple[str, str], dict[str, float]]:
    """``(period, scope) → {template: items passed ÷ items checked}`` per team and for the
    centre (scope ``""``, pooled over every team's items) — the ``checklists`` argument of
    :func:`serviq.indicators.evaluation.evaluate`."""
    out: dict[tuple[str, str], dict[str, float]] = {}
    for (period, scope, template), (passed, checked) in counts(ticks).items():
        out.setdefault((period, scope), {})[template] = passed / checked
    return out


@dataclass(frozen=True)
class ItemResult:
    """One item of a round as ticked: passed or failed, and the person a failure names."""

    item: str
    passed: bool
    person: str = ""
    note: str = ""


def check_round(
    template: ChecklistTemplate,
    answers: Mapping[str, str],
    people: Mapping[str, str],
    notes: Mapping[str, str],
    members: Iterable[str],
) -> list[ItemResult]:
    """A shift's ticks as checked results, or the one-line error naming the item's field.

    ``answers``: item code → ``pass`` or ``fail`` (every item of the template is ticked);
    ``people``: item code → the person a failure names (empty: nobody), one of ``members``
    (the team's people); a passed item names nobody.
    """
    allowed = set(members)
    out: list[ItemResult] = []
    for item in template.items:
        answer = str(answers.get(item.code) or "").strip()
        if answer not in ("pass", "fail"):
            raise error(InvalidInput, "checklist.not_ticked",
                        where=Where(field=f"item_{item.code}"), item=item.code,
                        template=template.code, answer=answer)  # fmt: skip
        person = str(people.get(item.code) or "").strip()
        if person and answer == "pass":
            raise error(InvalidInput, "checklist.passed_person",
                        where=Where(field=f"person_{item.code}"), item=item.code,
                        person=person)  # fmt: skip
        if person and person not in allowed:
            raise error(InvalidInput, "checklist.not_in_team",
                        where=Where(field=f"person_{item.code}"), person=person,
                        allowed=", ".join(sorted(allowed)) or "none")  # fmt: skip
        note = " ".join(str(notes.get(item.code) or "").split())[:500]
        out.append(ItemResult(item.code, answer == "pass", person, note))
    return out


#: The columns of a ticks file (``serviq ops checklist tick``); ``person`` and ``note`` may
#: be left out.
TICK_COLUMNS = ("date", "shift", "team", "item", "passed")
PASSED = {"yes": True, "pass": True, "true": True, "1": True,
          "no": False, "fail": False, "false": False, "0": False}  # fmt: skip


@dataclass(frozen=True)
class TickedRound:
    """One shift's round as read from a file: its items' results and the file row of each
    item (``rows[item]``), so a later check can name the row."""

    date: dt.date
    shift: str
    team: str
    results: tuple[ItemResult, ...]
    rows: Mapping[str, int]

    @property
    def period(self) -> str:
        return self.date.strftime("%Y-%m")


def read_rounds(path: str | Path, template: ChecklistTemplate) -> list[TickedRound]:
    """The rounds of a ticks file (CSV/XLSX, one row per item ticked: ``date, shift, team,
    item, passed[, person, note]``), every row checked before any is used; the first
    problem is one :class:`~serviq.errors.InvalidInput` naming the file, row and column.

    Rules: ``date`` is YYYY-MM-DD; ``shift`` and ``team`` are given; ``item`` is one of the
    template's, once per round (date × shift × team); ``passed`` is one of yes/no,
    pass/fail, true/false, 1/0; a passed item names nobody; every round ticks every item.
    Whether the team and person exist is the caller's to check (it knows the people)."""
    from serviq.tables import read_table, sheet_row

    df = read_table(path, dtype=str, columns=list(TICK_COLUMNS))
    codes = [i.code for i in template.items]
    rounds: dict[tuple[dt.date, str, str], dict[str, tuple[ItemResult, int]]] = {}
    for i, row in enumerate(df.to_dict("records")):
        n = sheet_row(i)

        def at(col: str, n: int = n) -> Where:
            return Where(file=str(path), row=n, column=col)

        def text(col: str, r: dict[str, object] = row) -> str:
            value = r.get(col)
            return "" if value is None or value != value else " ".join(str(value).split())

        try:
            day = dt.date.fromisoformat(text("date"))
        except ValueError:
            raise error(InvalidInput, "checklist.date", where=at("date"),
                        text=text("date")) from None  # fmt: skip
        for col in ("shift", "team"):
            if not text(col):
                raise InvalidInput(f"the {col} is missing", where=at(col))
        item = text("item")
        if item not in codes:
            raise InvalidInput(
                f"unknown item {item!r} of {template.code}; allowed: {', '.join(codes)}",
                where=at("item"),
            )
        answer = text("passed").lower()
        if answer not in PASSED:
            raise InvalidInput(
                f"passed {text('passed')!r} is not yes or no; allowed: {', '.join(PASSED)}",
                where=at("passed"),
            )
        person = text("person")
        if person and PASSED[answer]:
            raise error(InvalidInput, "checklist.passed_person", where=at("person"),
                        item=item, person=person)  # fmt: skip
        key = (day, text("shift")[:80], text("team"))
        items = rounds.setdefault(key, {})
        if item in items:
            raise InvalidInput(
                f"item {item} is ticked twice for {day} {key[1]} {key[2]} (first in row "
                f"{items[item][1]}); allowed: once per round",
                where=at("item"),
            )
        items[item] = (ItemResult(item, PASSED[answer], person, text("note")[:500]), n)
    out: list[TickedRound] = []
    for (day, shift, team), items in rounds.items():
        missing = [c for c in codes if c not in items]
        if missing:
            first = min(r for _, r in items.values())
            raise InvalidInput(
                f"the round of {day} {shift} {team} misses {', '.join(missing)}; "
                f"allowed: every item of {template.code} ticked",
                where=Where(file=str(path), row=first, column="item"),
            )
        out.append(
            TickedRound(
                day, shift, team,
                tuple(items[c][0] for c in codes),
                {c: items[c][1] for c in codes},
            )
        )  # fmt: skip
    return out
