"""The respondent's pages (public, by token) and the analyst's survey page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_http_methods

from serviq.errors import ValidationFailed
from serviq.survey.channel_forms import load_channel_forms, minutes
from serviq.web.dashboard import records
from serviq.web.dashboard.models import Interaction
from serviq.web.org import access, roles
from serviq.web.surveys import actions, answers, publishing, ratelimit
from serviq.web.surveys.models import PublishedQuestionnaire, SurveyLink


def _language(request: HttpRequest, link: SurveyLink) -> str:
    asked = request.GET.get("lang") or request.POST.get("lang") or ""
    return asked if asked in actions.LANGUAGE_CODES else link.language


@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    ratelimit.check(request)
    asked = request.GET.get("lang") or request.POST.get("lang") or ""
    if asked in actions.LANGUAGE_CODES:  # a bad link answers in the language it asked for
        translation.activate(asked)
        request.LANGUAGE_CODE = asked
    link = actions.open_link(token)
    language = _language(request, link)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    if link.used_at is not None:
        return redirect(reverse("survey-thanks") + f"?lang={language}")
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            actions.do_submit(token, request.POST, language=language)
        except ValidationFailed as exc:
            errors = {p.where.field or "": p.message for p in exc.problems}
        else:
            return redirect(reverse("survey-thanks") + f"?lang={language}")
    definition = link.questionnaire.definition
    title = answers._pick(link.questionnaire.title, language)
    asked = answers.items(definition, language, link.items or None)
    shown: list[dict[str, Any]] = [
        {"item": it, "error": errors.get(it.code, ""), "value": request.POST.get(it.code, "")}
        for it in asked
    ]
    seconds = load_channel_forms().seconds_for([it.kind for it in asked])
    response = render(
        request,
        "surveys/form.html",
        {
            "title": title,
            "items": shown,
            "language": language,
            "has_errors": bool(errors),
            "token": token,
            "minutes": minutes(seconds),
            "n_items": len(asked),
        },
        status=400 if errors else 200,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def thanks(request: HttpRequest) -> HttpResponse:
    language = request.GET.get("lang", "")
    if language in actions.LANGUAGE_CODES:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    return render(request, "surveys/thanks.html")


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    """Publish a bundled questionnaire; create links for a period's answered contacts."""
    access.require(request.user, roles.SURVEY_ADMIN)
    new_links: list[dict[str, str]] = []
    if request.method == "POST" and request.POST.get("action") == "publish":
        publishing.publish_bundled(request.POST.get("name", ""), request=request)
        return redirect("survey-manage")
    if request.method == "POST" and request.POST.get("action") == "links":
        q = access.get_questionnaire_for(
            request.user, answers.number(request.POST.get("questionnaire"), "questionnaire")
        )
        period = records.checked(request.POST, ("period",)).get("period", "")
        limit = answers.number(request.POST.get("count") or 20, "count", low=1, high=1000)
        contacts = (
            Interaction.objects.filter(period=period, abandoned=False, surveylink__isnull=True)
            .select_related("team", "agent")
            .order_by("arrived_at")[:limit]
        )
        made = actions.do_create_links(
            q,
            [{"interaction": c, "team": c.team, "agent": c.agent} for c in contacts],
            request=request,
        )
        new_links = [
            {
                "url": request.build_absolute_uri(reverse("survey-respond", args=[m.token])),
                "interaction": m.link.interaction.interaction_id if m.link.interaction else "",
            }
            for m in made
        ]
    return render(
        request,
        "surveys/manage.html",
        {
            "published": PublishedQuestionnaire.objects.order_by("-published_at"),
            "bundled": publishing.bundled_names(),
            "new_links": new_links,
        },
    )
