"""Changing survey state: publish a questionnaire, create links, submit a response.

Each action is one transaction with its audit row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from serviq.errors import Conflict, InvalidInput, NotFound
from serviq.survey.channel_forms import load_channel_forms
from serviq.web.audit.trail import record
from serviq.web.policy import load_policy
from serviq.web.surveys import answers as answers_mod
from serviq.web.surveys.models import PublishedQuestionnaire, SurveyLink, SurveyResponse
from serviq.web.surveys.privacy import mask

LANGUAGE_CODES = ("zh-hans", "zh-hant", "en")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def do_publish(
    code: str,
    version: str,
    title: dict[str, str],
    definition: dict[str, Any],
    *,
    request: HttpRequest | None = None,
    actor: Any = None,
) -> PublishedQuestionnaire:
    """Publish a frozen copy of a questionnaire; publishing the same version twice is a 409."""
    if not answers_mod.items(definition, "en"):
        raise InvalidInput(f"questionnaire {code} has no items to publish")
    with transaction.atomic():
        if PublishedQuestionnaire.objects.filter(code=code, version=version).exists():
            raise Conflict(f"questionnaire {code} version {version} is already published")
        q = PublishedQuestionnaire.objects.create(
            code=code,
            version=version,
            title=title,
            definition=definition,
            published_by=actor if actor is not None else getattr(request, "user", None),
        )
        record(
            "survey.publish",
            request=request,
            actor=actor,
            obj=q,
            after={"code": code, "version": version, "items": len(definition.get("items", []))},
        )
    return q


@dataclass(frozen=True)
class NewLink:
    token: str
    link: SurveyLink


def do_create_links(
    questionnaire: PublishedQuestionnaire,
    contacts: list[dict[str, Any]],
    *,
    request: HttpRequest | None = None,
    actor: Any = None,
    now: dt.datetime | None = None,
) -> list[NewLink]:
    """One single-use link per contact (``interaction``, ``team``, ``agent``, ``language``,
    ``channel``).

    The token (192 random bits) is returned once; only its hash is stored. Each link asks
    the short form of the contact's channel (``channel``, else the interaction's), taking
    its turn of the rotating items (:mod:`serviq.survey.channel_forms`); a branch visit, or
    a contact without a channel, gets the whole questionnaire.
    """
    if not questionnaire.active:
        raise Conflict(f"questionnaire {questionnaire.code} is withdrawn")
    now = now or timezone.now()
    expires = now + dt.timedelta(days=load_policy().survey.link_days)
    made: list[NewLink] = []
    forms = load_channel_forms()
    codes = [str(it["code"]) for it in questionnaire.definition.get("items", [])]
    with transaction.atomic():
        locked = PublishedQuestionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        slot = SurveyLink.objects.filter(questionnaire=locked).count()
        for c in contacts:
            language = c.get("language") or "zh-hans"
            if language not in LANGUAGE_CODES:
                raise InvalidInput(
                    f"unknown language {language!r}; allowed: {', '.join(LANGUAGE_CODES)}"
                )
            interaction = c.get("interaction")
            channel = c.get("channel") or (interaction.channel if interaction is not None else "")
            asked = forms.form_items(questionnaire.code, codes, channel, slot)
            slot += 1
            token = secrets.token_urlsafe(24)
            made.append(
                NewLink(
                    token,
                    SurveyLink(
                        digest=digest(token),
                        questionnaire=questionnaire,
                        interaction=c.get("interaction"),
                        team=c.get("team"),
                        agent=c.get("agent"),
                        language=language,
                        items=[] if asked == codes else [c for c in asked if c in codes],
                        expires_at=expires,
                    ),
                )
            )
        SurveyLink.objects.bulk_create([m.link for m in made], batch_size=500)
        record(
            "survey.links",
            request=request,
            actor=actor,
            obj=questionnaire,
            after={"links": len(made), "expires_at": expires.isoformat()},
        )
    return made


def open_link(token: str, *, now: dt.datetime | None = None) -> SurveyLink:
    """The link for ``token``; NotFound for an unknown token, InvalidInput once expired."""
    link = SurveyLink.objects.select_related("questionnaire").filter(digest=digest(token)).first()
    if link is None:
        raise NotFound("this survey link does not exist")
    if link.used_at is None and (now or timezone.now()) > link.expires_at:
        raise InvalidInput("this survey link has expired")
    return link


def do_submit(
    token: str, data: Any, *, language: str, now: dt.datetime | None = None
) -> SurveyResponse:
    """Store one response for the link, in one transaction. A second submit of the same link
    returns the stored response and stores nothing (the link is unique on the response)."""
    now = now or timezone.now()
    link = open_link(token, now=now)
    values, comment = answers_mod.parse(link.questionnaire.definition, data, link.items or None)
    masked = mask(comment, language)
    try:
        with transaction.atomic():
            locked = SurveyLink.objects.select_for_update().get(pk=link.pk)
            existing = SurveyResponse.objects.filter(link=locked).first()
            if existing is not None:
                return existing
            interaction = locked.interaction
            response = SurveyResponse.objects.create(
                link=locked,
                questionnaire_id=locked.questionnaire_id,
                period=timezone.localtime(now).strftime("%Y-%m"),
                team_id=locked.team_id,
                agent_id=locked.agent_id,
                queue=interaction.queue if interaction is not None else "",
                language=language if language in LANGUAGE_CODES else locked.language,
                submitted_at=now,
                answers=values,
                comment=masked,
            )
            locked.used_at = now
            locked.save(update_fields=["used_at"])
            return response
    except IntegrityError:
        # Another request stored the response between our check and our insert.
        return SurveyResponse.objects.get(link_id=link.pk)
