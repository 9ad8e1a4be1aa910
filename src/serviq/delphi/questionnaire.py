"""The questionnaire of a Delphi round, generated from the indicator tree, and its results
per level of the tree.

Every node below the root is asked (the dimensions of level 1, their sub-dimensions and
indicators below): importance on the rules' Likert scale (1..``scale_max``), keep / revise
/ drop, a comment; once per round the expert proposes new indicators in free text and rates,
for each top-level dimension, their judgement basis Ca and familiarity Cs (0–1). An
expert's Ca and Cs for the round are the means over the dimensions they rated.

The round's statistics are computed per level of the tree (depth 1, 2, 3…) by
:func:`serviq.delphi.consultation.round_statistics` — Kendall's W ranks siblings of one
level against each other, as Delphi studies of indicator systems report it. The next round
asks what is left: the items not dropped (nor under a dropped dimension), with the wording
the analyst revised.

>>> from serviq.indicators import bundled_system
>>> system = bundled_system("bank_contact_centre")
>>> [i.code for i in items(system)][:3], items(system)[0].depth
(['CX', 'TAN', 'REL'], 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from serviq.delphi.consultation import RoundStatistics, round_statistics
from serviq.delphi.rules import DelphiRules
from serviq.errors import InvalidInput, Where
from serviq.indicators.model import IndicatorSystem
from serviq.messages import error
from serviq.tables import sheet_row

VERDICTS = ("keep", "revise", "drop")
LANGUAGES = ("zh-Hans", "zh-Hant", "en")


@dataclass(frozen=True)
class Item:
    """One question of the round: a node of the tree with its texts in the three languages."""

    code: str
    depth: int
    dimension: str  # the code of its top-level dimension (itself at depth 1)
    name: Mapping[str, str]
    definition: Mapping[str, str] | None

    def text(self, lang: str) -> tuple[str, str]:
        """Name and definition in ``lang`` (zh-Hans, zh-Hant or en)."""
        definition = self.definition.get(lang, "") if self.definition else ""
        return self.name.get(lang, self.code), definition


def items(
    system: IndicatorSystem,
    codes: Iterable[str] | None = None,
    revisions: Mapping[str, Mapping[str, str]] | None = None,
) -> list[Item]:
    """The nodes below the root in tree order (only ``codes`` when given); a code of
    ``revisions`` (``{code: {lang: definition}}``) is asked with its revised definition."""
    wanted = set(codes) if codes is not None else None
    revisions = revisions or {}
    out: list[Item] = []
    top = ""
    for placed in system.walk():
        node = placed.node
        if placed.depth == 0:
            continue
        if placed.depth == 1:
            top = node.code
        if wanted is not None and node.code not in wanted:
            continue
        definition = revisions.get(node.code) or (
            node.definition.as_dict() if node.definition else None
        )
        out.append(Item(node.code, placed.depth, top, node.name.as_dict(), definition))
    return out


def dimensions(system: IndicatorSystem) -> list[Item]:
    """The top-level dimensions, on which each expert rates Ca and Cs."""
    return [i for i in items(system) if i.depth == 1]


def level_statistics(
    answers: pd.DataFrame,
    asked: Sequence[Item],
    *,
    panel: int,
    rules: DelphiRules,
) -> dict[int, RoundStatistics]:
    """The round's statistics per depth of the tree.

    ``answers`` has one row per expert × item with columns ``expert``, ``indicator``,
    ``importance`` (empty when not scored) and, when the experts rated themselves,
    ``basis`` and ``familiarity`` (one value per expert). ``panel`` is the number of
    experts consulted. A level nobody scored is left out.
    """
    depth = {i.code: i.depth for i in asked}
    for pos, code in enumerate(answers["indicator"]):
        if code not in depth:
            raise error(InvalidInput, "delphi.not_asked_here",
                        where=Where(row=sheet_row(pos), column="indicator"), item=code,
                        allowed=", ".join(depth))  # fmt: skip
    rated = (
        "basis" in answers.columns
        and answers["basis"].notna().any()
        and answers["familiarity"].notna().any()
    )
    out: dict[int, RoundStatistics] = {}
    for level in sorted(set(depth.values())):
        rows = answers[answers["indicator"].map(depth) == level]
        rows = rows[rows["importance"].notna()].reset_index(drop=True)
        if rows.empty:
            continue
        if rated:
            rows = rows[rows["basis"].notna() & rows["familiarity"].notna()].reset_index(drop=True)
        out[level] = round_statistics(
            rows,
            expert="expert",
            indicator="indicator",
            importance="importance",
            basis="basis" if rated else None,
            familiarity="familiarity" if rated else None,
            panel=panel,
            rules=rules,
        )
    return out


def decisions(levels: Mapping[int, RoundStatistics]) -> dict[str, str]:
    """Item code → keep / revise / drop over all levels."""
    return {i.indicator: i.decision for s in levels.values() for i in s.indicators}


def next_items(
    system: IndicatorSystem, asked: Sequence[str], levels: Mapping[int, RoundStatistics]
) -> list[str]:
    """What the next round asks: ``asked`` without the items dropped and those below a
    dropped dimension, in tree order."""
    gone: set[str] = set()
    for code, decision in decisions(levels).items():
        if decision == "drop":
            gone |= {code, *system.below(code)}
    left = [c for c in asked if c not in gone]
    if not left:
        raise InvalidInput("every item was dropped; nothing is left to ask in another round")
    return left
