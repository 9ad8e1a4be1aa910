"""The questionnaire model: items, scales and what each item measures (YAML).

A questionnaire file lists its ``scales`` (answer formats, with labels in zh-Hans, zh-Hant
and en) and its ``items``. Each item names its scale, whether it is reverse-keyed, the
SERVQUAL dimension and the indicator it measures, the contact channels it fits (``channels``,
e.g. ``[counter]`` for an item about the branch premises; every channel when absent), its role (a perception rating, the
matching expectation rating, an importance rating, an outcome such as satisfaction or NPS,
or an open comment) and, for expectations and importance ratings, the item it pairs with.

Scale types: ``likert`` (5, 7 or 10 points, labels for every point), ``nps`` (0–10),
``ces`` (1–7 agreement that the organisation made it easy), ``yes_no`` (1 = yes, 0 = no)
and ``text`` (open answer). Loaded with :func:`load_questionnaire`, which reports every
problem with file, line and field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from serviq.errors import NotFound, Where
from serviq.languages import LANGS, Lang, Text
from serviq.resources import data_path
from serviq.yamlfile import load_model

Dimension = Literal["tangibles", "reliability", "responsiveness", "assurance", "empathy"]
Role = Literal["perception", "expectation", "importance", "outcome", "open"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Scale(_Model):
    """An answer format. ``labels`` maps each value to its label in three languages."""

    type: Literal["likert", "nps", "ces", "yes_no", "text"]
    points: int | None = None
    min: int | None = None
    labels: dict[int, Text] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> Scale:
        if self.type == "likert":
            if self.points not in (5, 7, 10):
                raise ValueError("a likert scale has 5, 7 or 10 points")
            lo = 1 if self.min is None else self.min
            want = set(range(lo, lo + self.points))
            if set(self.labels) != want:
                raise ValueError(
                    f"a {self.points}-point likert scale needs labels for exactly {sorted(want)}"
                )
        elif self.type in ("nps", "ces", "yes_no"):
            if self.points is not None or self.min is not None:
                raise ValueError(f"a {self.type} scale has fixed points; remove points and min")
            b_lo, b_hi = self.bounds()
            if self.labels and not set(self.labels) <= set(range(int(b_lo), int(b_hi) + 1)):
                raise ValueError(f"labels of a {self.type} scale must be within {b_lo:g}–{b_hi:g}")
        elif self.labels or self.points is not None:
            raise ValueError("an open-text scale has no points or labels")
        return self

    def bounds(self) -> tuple[float, float]:
        """The smallest and largest allowed value (NaN for open text)."""
        if self.type == "likert":
            lo = 1 if self.min is None else self.min
            assert self.points is not None
            return float(lo), float(lo + self.points - 1)
        if self.type == "nps":
            return 0.0, 10.0
        if self.type == "ces":
            return 1.0, 7.0
        if self.type == "yes_no":
            return 0.0, 1.0
        return float("nan"), float("nan")

    @property
    def numeric(self) -> bool:
        return self.type != "text"


class Item(_Model):
    """One question. ``construct`` groups outcome items into a scale (e.g. satisfaction)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    code: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    text: Text
    scale: str
    role: Role = "perception"
    dimension: Dimension | None = None
    indicator: str | None = None
    construct_: str | None = Field(default=None, alias="construct")
    reverse: bool = False
    pairs_with: str | None = None
    number: int | None = None  # the question's number in the printed/online form
    channels: list[str] | None = None  # contact channels the item fits; None = every channel

    def fits(self, channel: str) -> bool:
        """Whether the item may be asked after a contact on ``channel``."""
        return self.channels is None or channel in self.channels


class Questionnaire(_Model):
    id: str
    version: str
    title: Text
    languages: list[Lang] = Field(default_factory=lambda: list(LANGS))
    scales: dict[str, Scale]
    items: list[Item]

    @field_validator("items")
    @classmethod
    def _unique(cls, items: list[Item]) -> list[Item]:
        seen: set[str] = set()
        for it in items:
            if it.code in seen:
                raise ValueError(f"item code {it.code} appears twice")
            seen.add(it.code)
        return items

    @model_validator(mode="after")
    def _refs(self) -> Questionnaire:
        codes = {it.code for it in self.items}
        for it in self.items:
            if it.scale not in self.scales:
                raise ValueError(
                    f"item {it.code} uses scale {it.scale!r}, which is not defined; "
                    f"defined: {', '.join(self.scales)}"
                )
            if it.pairs_with is not None and it.pairs_with not in codes:
                raise ValueError(f"item {it.code} pairs with unknown item {it.pairs_with}")
            if it.role in ("expectation", "importance") and it.pairs_with is None:
                raise ValueError(f"{it.role} item {it.code} must name the item it pairs_with")
            if it.role == "open" and self.scales[it.scale].type != "text":
                raise ValueError(f"open item {it.code} needs a text scale")
            if it.reverse and self.scales[it.scale].type == "text":
                raise ValueError(f"open item {it.code} cannot be reverse-keyed")
        return self

    # -- queries -------------------------------------------------------------------------
    def item(self, code: str) -> Item:
        for it in self.items:
            if it.code == code:
                return it
        raise NotFound(f"no item {code} in questionnaire {self.id}", where=Where(field="items"))

    def scale_of(self, code: str) -> Scale:
        return self.scales[self.item(code).scale]

    @property
    def codes(self) -> list[str]:
        return [it.code for it in self.items]

    def numeric_items(self) -> list[str]:
        return [it.code for it in self.items if self.scales[it.scale].numeric]

    def reverse_items(self) -> list[str]:
        return [it.code for it in self.items if it.reverse]

    def by_dimension(self, role: Role = "perception") -> dict[str, list[str]]:
        """SERVQUAL dimension → item codes of that role, in file order."""
        out: dict[str, list[str]] = {}
        for it in self.items:
            if it.dimension is not None and it.role == role:
                out.setdefault(it.dimension, []).append(it.code)
        return out

    def by_construct(self) -> dict[str, list[str]]:
        """Construct (a dimension, or e.g. satisfaction/loyalty) → its multi-item scale."""
        out: dict[str, list[str]] = {}
        for it in self.items:
            if it.role == "perception" or it.role == "outcome":
                key = it.construct_ or it.dimension
                if key is not None:
                    out.setdefault(key, []).append(it.code)
        return {k: v for k, v in out.items() if len(v) >= 2}


def load_questionnaire(path: str | Path | None = None) -> Questionnaire:
    """Load a questionnaire YAML; the bundled bank-service questionnaire when ``path`` is None."""
    p = Path(path) if path is not None else data_path("questionnaires/bank_service.yaml")
    return load_model(Questionnaire, p)
