"""The items of a published questionnaire and the validation of a respondent's answers.

A published questionnaire's ``definition`` is a frozen JSON copy::

    {"items": [{"code": "REL1", "kind": "likert", "min": 1, "max": 5, "required": true,
                "group": "reliability", "text": {"zh-hans": "…", "zh-hant": "…", "en": "…"}},
               {"code": "NPS", "kind": "nps", "min": 0, "max": 10, …},
               {"code": "COMMENT", "kind": "comment", …}],
     "labels": {"en": {"min": "Strongly disagree", "max": "Strongly agree"}, …}}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from serviq.errors import InvalidInput, Problem, ValidationFailed, Where

KINDS = ("likert", "nps", "scale", "comment")
COMMENT_MAX = 2000


@dataclass(frozen=True)
class Item:
    code: str
    kind: str
    text: str
    low: int
    high: int
    required: bool
    group: str
    low_label: str
    high_label: str

    @property
    def points(self) -> list[int]:
        return list(range(self.low, self.high + 1))


def _pick(texts: Any, language: str) -> str:
    if isinstance(texts, str):
        return texts
    if not isinstance(texts, dict):
        return ""
    for lang in (language, "zh-hans", "en", *texts.keys()):
        if texts.get(lang):
            return str(texts[lang])
    return ""


def items(definition: dict[str, Any], language: str, only: list[str] | None = None) -> list[Item]:
    """The items in the respondent's language (falling back to 简体中文, then English);
    with ``only`` (a link's short form), just those item codes, in the questionnaire's order."""
    out = []
    asked = set(only) if only else None
    for raw in definition.get("items", []):
        if asked is not None and str(raw["code"]) not in asked:
            continue
        labels = raw.get("labels") or {}
        out.append(
            Item(
                code=str(raw["code"]),
                kind=str(raw.get("kind", "likert")),
                text=_pick(raw.get("text", {}), language),
                low=int(raw.get("min", 1)),
                high=int(raw.get("max", 5)),
                required=bool(raw.get("required", raw.get("kind") != "comment")),
                group=str(raw.get("group", "")),
                low_label=_pick(labels.get("min", {}), language),
                high_label=_pick(labels.get("max", {}), language),
            )
        )
    return out


def number(raw: Any, field: str, *, low: int = 0, high: int = 10**9) -> int:
    """A whole number posted in a form field, within [low, high]; else InvalidInput."""
    try:
        value = int(str(raw or "").strip())
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise InvalidInput(
            f"{str(raw)[:20]!r} is not a whole number from {low} to {high}",
            where=Where(field=field),
        )
    return value


def parse(
    definition: dict[str, Any], data: Any, only: list[str] | None = None
) -> tuple[dict[str, int], str]:
    """Validate posted answers to the items asked (``only``, else every item): (item code →
    integer, comment). Answers to items not asked are ignored. Raises ValidationFailed."""
    answers: dict[str, int] = {}
    comment = ""
    problems: list[Problem] = []
    for item in items(definition, "en", only):
        raw = (data.get(item.code) or "").strip()
        if item.kind == "comment":
            if len(raw) > COMMENT_MAX:
                problems.append(
                    Problem(
                        f"the comment is longer than {COMMENT_MAX} characters",
                        Where(field=item.code),
                    )
                )
            comment = raw.replace("\x00", "")[:COMMENT_MAX]
            continue
        if not raw:
            if item.required:
                problems.append(Problem("please answer this question", Where(field=item.code)))
            continue
        try:
            value = int(raw)
        except ValueError:
            value = item.low - 1
        if not item.low <= value <= item.high:
            problems.append(
                Problem(
                    f"{raw!r} is not an answer; allowed: {item.low}–{item.high}",
                    Where(field=item.code),
                )
            )
            continue
        answers[item.code] = value
    if problems:
        raise ValidationFailed(problems)
    return answers, comment
