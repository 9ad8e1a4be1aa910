"""The expert's form (``/e/<token>/``): one link per expert and round, no login.

The expert answers in their language (the link's, or the one they pick), saves and comes
back until the round closes or the link expires, and submits once. Each item asks the
importance (1..the rules' top score), keep / revise / drop and a comment; the round asks,
per top-level dimension, the expert's judgement basis Ca and familiarity Cs, and new
indicators they propose. Comments and proposals are masked before they are stored.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from serviq.delphi.questionnaire import VERDICTS, dimensions
from serviq.errors import Conflict, NotFound, Problem, ValidationFailed, Where
from serviq.messages import error
from serviq.web.audit.trail import record
from serviq.web.delphi import results
from serviq.web.delphi.models import Answer, Invitation, Round
from serviq.web.delphi.panel import LINK_LANGUAGES, digest
from serviq.web.privacy import mask
from serviq.web.surveys import ratelimit

LANG = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "en": "en"}
# Ca (judgement basis) and Cs (familiarity) as the expert rates them: value → label
LEVELS = ("1.0", "0.8", "0.6", "0.4", "0.2")


def level_labels() -> dict[str, str]:
    return {
        "1.0": _("Very high"),
        "0.8": _("High"),
        "0.6": _("Medium"),
        "0.4": _("Low"),
        "0.2": _("Very low"),
    }


def open_invitation(token: str) -> Invitation:
    found = (
        Invitation.objects.select_related("round__consultation", "expert")
        .filter(digest=digest(token))
        .first()
    )
    if found is None:
        raise NotFound("this link is not valid; ask the analyst who sent it for a new one")
    return found


def state(inv: Invitation) -> str:
    """open, submitted, closed (the round) or expired (the link)."""
    if inv.submitted_at is not None:
        return "submitted"
    if inv.round.status != "open":
        return "closed"
    if inv.expires_at <= timezone.now():
        return "expired"
    return "open"


def _checked(rnd: Round, data: Any, *, complete: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """The posted answers and ratings; on submit every importance and rating is required."""
    top = results.rules().scale_max
    problems: list[Problem] = []
    answers: dict[str, Any] = {}
    for code in rnd.items:
        raw = str(data.get(f"imp-{code}") or "").strip()
        verdict = str(data.get(f"verdict-{code}") or "").strip()
        value = int(raw) if raw.isdigit() and 1 <= int(raw) <= top else None
        if (raw and value is None) or (complete and value is None):
            problems.append(Problem(f"give an importance from 1 to {top}", Where(field=code)))
        if verdict and verdict not in VERDICTS:
            problems.append(Problem(f"unknown verdict {verdict!r}", Where(field=code)))
        comment = str(data.get(f"comment-{code}") or "").strip()[:2000]
        answers[code] = {"importance": value, "verdict": verdict, "comment": comment}
    ratings: dict[str, Any] = {}
    for dim in dimensions(results.system_of(rnd)):
        pair = {k: str(data.get(f"{k}-{dim.code}") or "") for k in ("basis", "familiarity")}
        if any(v and v not in LEVELS for v in pair.values()) or (
            complete and not all(pair.values())
        ):
            problems.append(
                Problem("rate your judgement basis and familiarity", Where(field=dim.code))
            )
        ratings[dim.code] = {k: float(v) if v in LEVELS else None for k, v in pair.items()}
    if problems:
        raise ValidationFailed(problems)
    return answers, ratings


def save(token: str, data: Any, *, submit: bool, language: str) -> Invitation:
    """Store the expert's answers (a draft, or the one submission), checked after locking
    the invitation and its round."""
    found = open_invitation(token)
    with transaction.atomic():
        rnd = Round.objects.select_for_update().get(pk=found.round_id)
        inv = Invitation.objects.select_for_update().select_related("expert").get(pk=found.pk)
        inv.round = rnd
        now_state = state(inv)
        if now_state != "open":
            raise error(Conflict, "delphi.link_state", state=now_state)
        answers, ratings = _checked(rnd, data, complete=submit)
        stored = {a.item: a for a in inv.answers.all()}
        for code, values in answers.items():
            values["comment"] = mask(values["comment"], language)
            old = stored.get(code)
            if old is None:
                Answer.objects.create(invitation=inv, item=code, **values)
            else:
                for k, v in values.items():
                    setattr(old, k, v)
                old.save()
        inv.ratings = ratings
        inv.proposals = mask(str(data.get("proposals") or "").strip()[:4000], language)
        inv.saved_at = timezone.now()
        if submit:
            inv.submitted_at = inv.saved_at
        inv.save()
        record("delphi.submit" if submit else "delphi.save", obj=inv,
               after={"round": rnd.number, "expert": inv.expert.code,
                      "answered": sum(1 for a in answers.values() if a["importance"])})  # fmt: skip
    return inv


def _language(request: HttpRequest, inv: Invitation | None) -> str:
    asked = request.GET.get("lang") or request.POST.get("lang") or ""
    if asked in LINK_LANGUAGES:
        return asked
    return inv.expert.language if inv is not None else "zh-hans"


@require_http_methods(["GET", "HEAD", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    ratelimit.check(request, "delphi")
    asked = request.GET.get("lang") or request.POST.get("lang") or ""
    if asked in LINK_LANGUAGES:  # a bad link answers in the language it asked for
        translation.activate(asked)
        request.LANGUAGE_CODE = asked
    inv = open_invitation(token)
    language = _language(request, inv)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    errors: dict[str, str] = {}
    saved = False
    posted: Any = None
    if request.method == "POST" and state(inv) == "open":
        submit = request.POST.get("action") == "submit"
        try:
            inv = save(token, request.POST, submit=submit, language=language)
            saved = not submit
        except ValidationFailed as exc:
            errors = {p.where.field or "": p.message for p in exc.problems}
            posted = request.POST
    response = render(
        request, "delphi/form.html", _context(inv, language, errors, saved, posted),
        status=400 if errors else 200,
    )  # fmt: skip
    response.headers["Cache-Control"] = "no-store"
    return response


def _context(
    inv: Invitation, language: str, errors: dict[str, str], saved: bool, posted: Any
) -> dict[str, Any]:
    lang = LANG[language]
    rnd = inv.round
    system = results.system_of(rnd)
    stored = {a.item: a for a in inv.answers.all()}

    def value(key: str, code: str, default: Any) -> Any:
        return posted.get(f"{key}-{code}", "") if posted is not None else default

    rows = []
    for item in results.asked(rnd, system):
        name, definition = item.text(lang)
        a = stored.get(item.code)
        rows.append(
            {
                "code": item.code,
                "depth": item.depth,
                "name": name,
                "definition": definition,
                "revised": item.code in rnd.revisions,
                "importance": str(
                    value("imp", item.code, a.importance if a and a.importance else "")
                ),
                "verdict": value("verdict", item.code, a.verdict if a else ""),
                "comment": value("comment", item.code, a.comment if a else ""),
                "error": item.code in errors,
            }
        )
    dims = []
    for dim in dimensions(system):
        mine = inv.ratings.get(dim.code, {})
        dims.append(
            {
                "code": dim.code,
                "name": dim.text(lang)[0],
                "basis": value("basis", dim.code, _level(mine.get("basis"))),
                "familiarity": value("familiarity", dim.code, _level(mine.get("familiarity"))),
                "error": dim.code in errors,
            }
        )
    verdicts = {"keep": _("Keep"), "revise": _("Revise"), "drop": _("Drop")}
    return {
        "inv": inv,
        "state": state(inv),
        "round": rnd,
        "language": language,
        "rows": rows,
        "dims": dims,
        "points": [str(v) for v in range(1, results.rules().scale_max + 1)],
        "levels": list(level_labels().items()),
        "verdicts": list(verdicts.items()),
        "proposals": posted.get("proposals", "") if posted is not None else inv.proposals,
        "has_errors": bool(errors),
        "saved": saved,
        "system_name": system.name.get(lang),
    }


def _level(v: Any) -> str:
    return f"{float(v):.1f}" if v is not None else ""
