"""Scorecards as data: the comprehensive service-quality evaluation form (服務質量綜合考評表).

A scorecard (YAML, versioned) has sections of items. Every item has a weight, a scale —
``points`` (``min`` … ``max``, e.g. 1–5) or ``yes_no`` (yes = 1, no = 0) —, may allow N.A.,
may be *critical* (a failure sets its ``section`` or the whole ``review`` to 0) and asks for a
comment when the score is low (normalised score below ``comment_below``). Names are in
zh-Hans, zh-Hant and en. The bundled default, ``serviq/data/qa/scorecard.yaml``, holds the
source's five items (R-QA-2) and the compliance items of R-OPS-2 and R-OPS-4.

Loaded with :func:`serviq.yamlfile.load_model`: an error names the file, the line and the
field::

    error: Input should be 'points' or 'yes_no'; allowed: 'points' or 'yes_no'
           (scorecard.yaml, line 14, field sections.0.items.1.scale.kind)
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from serviq.resources import data_path
from serviq.yamlfile import load_model

Critical = Literal["none", "section", "review"]
SCORECARD_FILE = "qa/scorecard.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Names(_Strict):
    """A name in the three languages of serviq."""

    zh_Hans: str = Field(alias="zh-Hans", min_length=1)  # noqa: N815 — the language tag's case
    zh_Hant: str = Field(alias="zh-Hant", min_length=1)  # noqa: N815
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return {"zh-Hans": self.zh_Hans, "zh-Hant": self.zh_Hant}.get(lang, self.en)


class Scale(_Strict):
    """``points`` from ``min`` to ``max`` (whole steps), or ``yes_no`` (no = 0, yes = 1)."""

    kind: Literal["points", "yes_no"]
    min: int = 0
    max: int = 1

    @model_validator(mode="after")
    def _range(self) -> Scale:
        if self.kind == "yes_no" and (self.min, self.max) != (0, 1):
            raise ValueError("a yes_no scale has no min and max (no = 0, yes = 1)")
        if self.max <= self.min:
            raise ValueError(f"max ({self.max}) must be greater than min ({self.min})")
        return self

    def allowed(self) -> str:
        return "yes, no" if self.kind == "yes_no" else f"{self.min}–{self.max}"


class Item(_Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Names
    guide: Names | None = None
    requirement: str = Field(default="R-QA-2", pattern=r"^R-[A-Z]+-[0-9]+$")
    weight: float = Field(default=1.0, gt=0)
    scale: Scale
    allow_na: bool = False
    critical: Critical = "none"
    fail_at_or_below: float | None = None
    comment_below: float | None = Field(default=None, ge=0, le=1)

    @model_validator(mode="after")
    def _fail(self) -> Item:
        if self.fail_at_or_below is not None and not (
            self.scale.min <= self.fail_at_or_below < self.scale.max
        ):
            raise ValueError(
                f"fail_at_or_below must lie on the scale below its top; allowed: "
                f"{self.scale.min} ≤ value < {self.scale.max}"
            )
        return self

    def normalise(self, value: float) -> float:
        """``(selected − min)/(max − min)`` (docs/qa.md, the review score)."""
        return (value - self.scale.min) / (self.scale.max - self.scale.min)

    def fails(self, value: float) -> bool:
        """Whether ``value`` is a failure of this (critical) item: ``no`` on a yes/no
        scale, else at or below ``fail_at_or_below`` (default: the scale's minimum)."""
        cut = self.scale.min if self.fail_at_or_below is None else self.fail_at_or_below
        return value <= cut


class Section(_Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Names
    weight: float = Field(default=1.0, gt=0)
    items: tuple[Item, ...] = Field(min_length=1)


class Scorecard(_Strict):
    """A whole scorecard. ``comment_below`` is the default low-score threshold of its items."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: int = Field(ge=1)
    name: Names
    comment_below: float = Field(default=0.5, ge=0, le=1)
    comment_on_critical_failure: bool = True
    sections: tuple[Section, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Scorecard:
        secs = [s.code for s in self.sections]
        items = [i.code for s in self.sections for i in s.items]
        for kind, codes in (("section", secs), ("item", items)):
            dupes = sorted({c for c in codes if codes.count(c) > 1})
            if dupes:
                raise ValueError(f"{kind} codes must be unique; repeated: {', '.join(dupes)}")
        return self

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for s in self.sections for i in s.items)

    @property
    def item_codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.items)

    def item(self, code: str) -> Item:
        for it in self.items:
            if it.code == code:
                return it
        raise KeyError(code)

    def section_of(self, code: str) -> Section:
        for s in self.sections:
            if any(i.code == code for i in s.items):
                return s
        raise KeyError(code)

    def names_of(self, code: str) -> dict[str, str]:
        """``item_en``, ``item_zh``, ``item_zht``: the item's name in each language, for
        the messages of :mod:`serviq.qa.decisions` (the code when it is not on the form)."""
        try:
            n = self.item(code).name
        except KeyError:
            return {"item_en": code, "item_zh": code, "item_zht": code}
        return {"item_en": n.en, "item_zh": n.zh_Hans, "item_zht": n.zh_Hant}

    def comment_threshold(self, item: Item) -> float:
        return self.comment_below if item.comment_below is None else item.comment_below

    @property
    def key(self) -> str:
        """``code@version``, stored with every review so old reviews keep their form."""
        return f"{self.code}@{self.version}"


def load_scorecard(path: str | Path | None = None) -> Scorecard:
    """The scorecard in ``path``, else the centre's or the bundled ``qa/scorecard.yaml``."""
    return load_model(Scorecard, Path(path) if path is not None else data_path(SCORECARD_FILE))
