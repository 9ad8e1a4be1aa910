"""The analyst's Delphi pages (``/delphi/``): consultations, the panel, each round's results,
and the version the consultation ends in. Analysts and the admin manage; the directors read
the results; every other role gets 403."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from serviq.delphi import remarks
from serviq.delphi.consultation import RoundStatistics
from serviq.errors import InvalidInput, NotFound, Where
from serviq.indicators.model import node_names
from serviq.messages import error
from serviq.text.codebook import load_codebook
from serviq.web.delphi import panel, results
from serviq.web.delphi.models import Consultation, Expert, Invitation, Round
from serviq.web.org import access
from serviq.web.org.models import Person
from serviq.web.org.roles import Role
from serviq.web.uploads import uploaded

MANAGERS = frozenset({Role.ANALYST, Role.ADMIN})
READERS = frozenset(MANAGERS | {Role.CENTRE_DIRECTOR, Role.DEPARTMENT_DIRECTOR})


def lang() -> str:
    return {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}.get((get_language() or "").lower(), "en")


def decision_labels() -> dict[str, str]:
    return {"keep": _("Keep"), "revise": _("Revise"), "drop": _("Drop")}


def get_consultation(pk: int) -> Consultation:
    found = Consultation.objects.filter(pk=pk).first()
    if found is None:
        raise error(NotFound, "delphi.no_consultation", consultation=pk)
    return found


def get_round(c: Consultation, number: int) -> Round:
    found = Round.objects.filter(consultation=c, number=number).first()
    if found is None:
        raise error(NotFound, "delphi.no_round", round=number, consultation=c.pk)
    return found


def _manager(request: HttpRequest) -> Person:
    return access.require(request.user, MANAGERS)


@require_http_methods(["GET", "HEAD", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    person = access.require(request.user, READERS)
    if request.method == "POST":
        _manager(request)
        c = panel.create(request, person, request.POST)
        return redirect("delphi-consultation", pk=c.pk)
    return render(
        request,
        "delphi/index.html",
        {
            "consultations": Consultation.objects.prefetch_related("rounds", "experts"),
            "manage": Role(person.role) in MANAGERS,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def consultation(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.require(request.user, READERS)
    c = get_consultation(pk)
    links: list[panel.Link] = []
    if request.method == "POST":
        _manager(request)
        action = request.POST.get("action")
        if action == "expert":
            panel.add_expert(request, person, c, request.POST)
            return redirect("delphi-consultation", pk=c.pk)
        if action == "open":
            _opened, links = panel.open_round(request, person, c, request.POST)
        elif action == "version":
            panel.write_version(request, person, c)
            return redirect("delphi-consultation", pk=c.pk)
        else:
            raise error(InvalidInput, "delphi.action", where=Where(field="action"),
                        action=action, allowed="expert, open, version")  # fmt: skip
    rounds = list(Round.objects.filter(consultation=c).order_by("number"))
    last = rounds[-1] if rounds else None
    names = node_names(results.consulted_system(c.system), lang())
    to_revise: list[dict[str, Any]] = []
    if last is not None and last.status == "closed" and not c.written_at:
        for level in results.statistics(last).values():
            to_revise += [
                {"code": i.indicator, "name": names.get(i.indicator, i.indicator)}
                for i in level.indicators
                if i.decision == "revise"
            ]
    changelog = None
    if c.new_version_yaml:
        from serviq.indicators.model import parse_system

        changelog = parse_system(c.new_version_yaml).changelog[-1]
    manage = Role(person.role) in MANAGERS
    labels = decision_labels()
    outcomes = [
        {
            **o,
            "name": names.get(o["code"], o["code"]),
            "change": _("Dropped")
            if o["what"] == "drop"
            else _("Definition revised")
            if o["revised"]
            else _("To revise"),
            "final_decision": labels[o["final"]["decision"]] if o["final"] else "",
        }
        for o in c.outcomes
    ]
    return render(
        request,
        "delphi/consultation.html",
        {
            "c": c,
            "experts": Expert.objects.filter(consultation=c),
            "rounds": [(r, *results.response(r)) for r in rounds],
            "last": last,
            "to_revise": to_revise,
            "langs": ("zh-Hans", "zh-Hant", "en"),
            "links": [
                {
                    "expert": x.expert,
                    "url": request.build_absolute_uri(reverse("delphi-expert", args=[x.token])),
                }
                for x in links
            ],
            "changelog": changelog,
            "outcomes": outcomes,
            "manage": manage,
        },
    )


def round_context(rnd: Round, levels: dict[int, RoundStatistics]) -> dict[str, Any]:
    """What the round page (and the API) shows: response, authority, per level statistics."""
    answered, invited = results.response(rnd)
    names = node_names(results.consulted_system(rnd.consultation.system), lang())
    experts = {e.code: e.name for e in Expert.objects.filter(consultation=rnd.consultation)}
    labels = decision_labels()
    authority = next((s.authority for s in levels.values() if s.authority), None)
    return {
        "answered": answered,
        "invited": invited,
        "response_rate": answered / invited if invited else None,
        "authority": authority,
        "authority_rows": [
            {"name": experts.get(code, code), "cr": cr}
            for code, cr in (authority.experts.items() if authority else [])
        ],
        "levels": [
            {
                "level": level,
                "stats": s,
                "rows": [
                    {
                        "s": i,
                        "name": names.get(i.indicator, i.indicator),
                        "decision": labels[i.decision],
                    }
                    for i in s.indicators
                ],
            }
            for level, s in sorted(levels.items())
        ],
    }


@require_http_methods(["GET", "HEAD", "POST"])
def round_page(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    person = access.require(request.user, READERS)
    c = get_consultation(pk)
    rnd = get_round(c, number)
    links: list[panel.Link] = []
    if request.method == "POST":
        _manager(request)
        action = request.POST.get("action")
        if action == "import":
            counts = results.import_answers(request, rnd, uploaded(request, "file"))
            url = reverse("delphi-round", args=[c.pk, rnd.number])
            return redirect(url + "?" + urlencode(counts))
        if action == "close":
            panel.close_round(request, person, rnd)
            return redirect("delphi-round", pk=c.pk, number=rnd.number)
        if action == "link":
            expert = Expert.objects.filter(consultation=c, code=request.POST.get("expert")).first()
            if expert is None:
                raise InvalidInput("no such expert on the panel", where=Where(field="expert"))
            links = [panel.relink(request, person, rnd, expert)]
        else:
            raise error(InvalidInput, "delphi.action", where=Where(field="action"),
                        action=action, allowed="import, close, link")  # fmt: skip
        rnd.refresh_from_db()
    manage = Role(person.role) in MANAGERS
    invitations = (
        Invitation.objects.filter(round=rnd).select_related("expert").order_by("expert__code")
    )
    names = node_names(results.consulted_system(c.system), lang())
    coded = remarks.code_remarks(_remarks(invitations), load_codebook(), lang=lang())
    return render(
        request,
        "delphi/round.html",
        {
            "c": c,
            "round": rnd,
            **round_context(rnd, results.statistics(rnd)),
            "invitations": invitations if manage else [],
            "themes": [
                {
                    "theme": t,
                    "items": [names.get(i, i) for i in t.items],
                    "remarks": [_shown_remark(r, names) for r in t.remarks],
                }
                for t in coded.themes
            ],
            "uncoded": [_shown_remark(r, names) for r in coded.uncoded],
            "links": [
                {
                    "expert": x.expert,
                    "url": request.build_absolute_uri(reverse("delphi-expert", args=[x.token])),
                }
                for x in links
            ],
            "manage": manage,
            "counts": {
                k: request.GET[k] for k in ("added", "changed", "unchanged") if k in request.GET
            },
        },
    )


def version_file(request: HttpRequest, pk: int) -> HttpResponse:
    access.require(request.user, READERS)
    c = get_consultation(pk)
    if not c.new_version_yaml:
        raise error(NotFound, "delphi.no_version", consultation=pk)
    response = HttpResponse(c.new_version_yaml, content_type="application/x-yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{c.system}-{c.new_version}.yaml"'
    return response


def _remarks(invitations: Any) -> list[remarks.Remark]:
    """The submitted comments (on their items) and the proposals of the round, by name."""
    out = [
        remarks.Remark(inv.expert.name, a.item, a.comment)
        for inv in invitations.filter(submitted_at__isnull=False).prefetch_related("answers")
        for a in inv.answers.all()
        if a.comment
    ]
    out += [remarks.Remark(i.expert.name, None, i.proposals) for i in invitations if i.proposals]
    return out


def _shown_remark(r: remarks.Remark, names: Mapping[str, str]) -> dict[str, Any]:
    item = names.get(r.item, r.item) if r.item is not None else None
    return {"expert": r.expert, "item": item, "text": r.text}
