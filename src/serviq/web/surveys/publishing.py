"""Publishing the questionnaires of the survey module (``serviq/data/questionnaires``).

The questionnaire model is the survey module's (:mod:`serviq.survey.questionnaire`); here it
is turned into the frozen JSON copy that responses refer to (see
:mod:`serviq.web.surveys.answers`).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from serviq.errors import NotFound
from serviq.resources import BUNDLED, data_path
from serviq.web.surveys import actions
from serviq.web.surveys.models import PublishedQuestionnaire


def bundled_names() -> list[str]:
    folder = BUNDLED / "questionnaires"
    return sorted(p.name for p in folder.glob("*.yaml")) if folder.exists() else []


LANGS = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "en": "en"}
KIND = {"likert": "likert", "nps": "nps", "ces": "scale", "yes_no": "scale", "text": "comment"}


def _texts(text: Any) -> dict[str, str]:
    return {ours: text.get(theirs) for ours, theirs in LANGS.items()}


def snapshot(q: Any) -> tuple[str, str, dict[str, str], dict[str, Any]]:
    """(code, version, title, definition) of a :class:`serviq.survey.questionnaire.Questionnaire`.

    Only what a respondent answers goes into the published copy: perception and outcome
    items and open comments (expectation and importance items belong to other designs).
    """
    items = []
    for it in q.items:
        if it.role not in ("perception", "outcome", "open"):
            continue
        scale = q.scale_of(it.code)
        kind = KIND[scale.type]
        entry: dict[str, Any] = {
            "code": it.code,
            "kind": kind,
            "text": _texts(it.text),
            "group": it.dimension or it.role,
            "required": kind != "comment",
        }
        if kind != "comment":
            lo, hi = scale.bounds()
            entry["min"], entry["max"] = int(lo), int(hi)
            labels = {}
            if int(lo) in scale.labels:
                labels["min"] = _texts(scale.labels[int(lo)])
            if int(hi) in scale.labels:
                labels["max"] = _texts(scale.labels[int(hi)])
            entry["labels"] = labels
        items.append(entry)
    return q.id, q.version, _texts(q.title), {"items": items}


def publish_bundled(
    name: str, *, request: HttpRequest | None = None, actor: Any = None
) -> PublishedQuestionnaire:
    if name not in bundled_names():
        raise NotFound(
            f"no bundled questionnaire {name!r}; available: {', '.join(bundled_names())}"
        )
    from serviq.survey.questionnaire import load_questionnaire

    code, version, title, definition = snapshot(
        load_questionnaire(data_path(f"questionnaires/{name}"))
    )
    return actions.do_publish(code, version, title, definition, request=request, actor=actor)
