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


def snapshot(q: Any) -> tuple[str, str, dict[str, str], dict[str, Any]]:
    """(code, version, title, definition) of a questionnaire of the survey module."""
    raise NotImplementedError  # filled in against serviq.survey.questionnaire once merged


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
