"""Reading stored indicator results as a tree, trends and tables, for pages, API and exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from serviq.errors import NotFound
from serviq.web.dashboard.models import IndicatorResult
from serviq.web.labels import unit_label

LANG_FALLBACK = ("zh-hans", "en")


def text_in(texts: dict[str, str] | None, language: str) -> str:
    texts = texts or {}
    for lang in (language, *LANG_FALLBACK, *texts.keys()):
        if texts.get(lang):
            return texts[lang]
    return ""


def display(number: float | None, unit: str, *, signed: bool = False) -> str:
    """``0.712, "%"`` → ``71.2%``; seconds and points keep their unit; None → empty."""
    if number is None:
        return ""
    sign = "+" if signed else ""
    if unit == "%":
        return f"{number * 100:{sign}.1f}%"
    digits = 0 if unit == "s" or abs(number) >= 100 else (1 if abs(number) >= 10 else 2)
    text = f"{number:{sign}.{digits}f}"
    return f"{text} {unit_label(unit)}" if unit and unit != "%" else text


@dataclass
class Node:
    code: str
    name: str
    definition: str
    level: int
    unit: str
    weight: float | None
    value: float | None
    score: float | None
    target: float | None
    status: str
    change: float | None
    source: str
    filters: dict[str, Any]
    children: list[Node] = field(default_factory=list)
    pending: int | None = None  # contacts whose look-ahead window has not closed (FCR)
    provisional: bool = False  # the value will still change: some contacts are pending
    attribution: str = ""  # how a queue KPI is scoped at team level ("queues retail")
    as_of: Any = None  # the data's end

    @property
    def is_indicator(self) -> bool:
        return not self.children

    def shown(self, number: float | None, *, signed: bool = False) -> str:
        """A value, target or change for people: percentages as %, rounded for display."""
        return display(number, self.unit if self.is_indicator else "", signed=signed)

    @property
    def value_text(self) -> str:
        return self.shown(self.value)

    @property
    def target_text(self) -> str:
        return self.shown(self.target)

    @property
    def change_text(self) -> str:
        return self.shown(self.change, signed=True)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "definition": self.definition,
            "level": self.level,
            "unit": self.unit,
            "weight": self.weight,
            "value": self.value,
            "score": self.score,
            "target": self.target,
            "status": self.status,
            "change": self.change,
            "source": self.source,
            "filters": self.filters,
            "pending": self.pending,
            "provisional": self.provisional,
            "attribution": self.attribution,
            "as_of": self.as_of.isoformat() if self.as_of is not None else None,
            "children": [c.as_dict() for c in self.children],
        }


def periods(team_code: str) -> list[str]:
    return list(
        IndicatorResult.objects.filter(team_code=team_code)
        .order_by("period")
        .values_list("period", flat=True)
        .distinct()
    )


def latest_period(team_code: str) -> str | None:
    found = periods(team_code)
    return found[-1] if found else None


def rows(period: str, team_code: str) -> list[IndicatorResult]:
    return list(IndicatorResult.objects.filter(period=period, team_code=team_code))


def tree(period: str, team_code: str, language: str) -> Node:
    """The index → dimensions → indicators tree of one period and scope."""
    found = rows(period, team_code)
    if not found:
        scope = team_code or "the centre"
        raise NotFound(f"no indicator results for {scope} in {period}")
    nodes = {
        r.code: Node(
            code=r.code,
            name=text_in(r.names, language),
            definition=text_in(r.definition, language),
            level=r.level,
            unit=r.unit,
            weight=r.weight,
            value=r.value,
            score=r.score,
            target=r.target,
            status=r.status,
            change=r.change,
            source=r.source,
            filters=dict(r.filters or {}),
            pending=r.pending,
            provisional=r.provisional,
            attribution=r.attribution,
            as_of=r.as_of,
        )
        for r in found
    }
    root: Node | None = None
    for r in found:
        if r.parent_code and r.parent_code in nodes:
            nodes[r.parent_code].children.append(nodes[r.code])
        elif root is None or r.level < root.level:
            root = nodes[r.code]
    assert root is not None
    return root


def flatten(node: Node) -> list[Node]:
    out = [node]
    for c in node.children:
        out.extend(flatten(c))
    return out


def trend(team_code: str, codes: list[str]) -> dict[str, list[tuple[str, float | None]]]:
    """Score per period for each code, oldest first."""
    out: dict[str, list[tuple[str, float | None]]] = {c: [] for c in codes}
    for r in IndicatorResult.objects.filter(team_code=team_code, code__in=codes).order_by("period"):
        out[r.code].append((r.period, r.score))
    return out
