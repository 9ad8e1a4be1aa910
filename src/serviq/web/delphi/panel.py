"""Changing a consultation: create it, add experts to the panel, open a round (with a link
per expert), close it, open the next from the changes, and write the version the final
round ends in. Each change is one transaction, checked after locking the rows it reads,
with its audit row."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from serviq.delphi.consultation import IndicatorStatistics
from serviq.delphi.questionnaire import LANGUAGES, decisions, next_items
from serviq.delphi.revision import Outcome, consultation_version
from serviq.errors import Conflict, InvalidInput, Where
from serviq.indicators.model import BUNDLED_SYSTEMS
from serviq.indicators.versioning import dump_yaml
from serviq.messages import error
from serviq.web.audit.trail import record
from serviq.web.delphi import results
from serviq.web.delphi.models import Consultation, Expert, Invitation, Round
from serviq.web.org.models import Person

LINK_LANGUAGES = ("zh-hans", "zh-hant", "en")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _text(data: Any, name: str, *, required: bool = True, limit: int = 200) -> str:
    value = str(data.get(name) or "").strip()
    if required and not value:
        raise error(InvalidInput, "delphi.empty", where=Where(field=name), name=name)
    if len(value) > limit:
        raise error(InvalidInput, "delphi.too_long", where=Where(field=name), name=name,
                    limit=limit)  # fmt: skip
    return value


def _date(data: Any, name: str) -> dt.date:
    raw = str(data.get(name) or "").strip()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise error(InvalidInput, "delphi.date", where=Where(field=name), name=name,
                    text=raw) from None  # fmt: skip


def create(request: HttpRequest | None, person: Person, data: Any) -> Consultation:
    """A consultation on the bundled system named ``system`` (its current version)."""
    title = _text(data, "title")
    name = _text(data, "system", required=False) or "bank_contact_centre"
    if name not in BUNDLED_SYSTEMS:
        raise error(InvalidInput, "delphi.system", where=Where(field="system"), system=name,
                    allowed=", ".join(BUNDLED_SYSTEMS))  # fmt: skip
    system = results.consulted_system(name)
    with transaction.atomic():
        c = Consultation.objects.create(
            title=title,
            system=system.id,
            system_version=system.version,
            created_by=person,
            created_at=timezone.now(),
        )
        record("delphi.create", request=request, actor=_actor(person), obj=c,
               after={"title": title, "system": system.id, "version": system.version})  # fmt: skip
    return c


def _actor(person: Person) -> Any:
    return person.user


def add_expert(request: HttpRequest | None, person: Person, c: Consultation, data: Any) -> Expert:
    raw_years = str(data.get("years") or "0").strip()
    if not raw_years.isdigit() or int(raw_years) > 80:
        raise error(InvalidInput, "delphi.years", where=Where(field="years"), text=raw_years)
    language = str(data.get("language") or "zh-hans")
    if language not in LINK_LANGUAGES:
        raise error(InvalidInput, "delphi.language", where=Where(field="language"),
                    language=language, allowed=", ".join(LINK_LANGUAGES))  # fmt: skip
    email = _text(data, "email", required=False)
    if email and ("@" not in email or " " in email):
        raise error(InvalidInput, "delphi.email", where=Where(field="email"), text=email)
    values = {
        "name": _text(data, "name"),
        "organisation": _text(data, "organisation", required=False),
        "field": _text(data, "field", required=False),
        "years": int(raw_years),
        "email": email,
        "language": language,
    }
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=c.pk)
        code = f"E{Expert.objects.filter(consultation=locked).count() + 1:02d}"
        expert = Expert.objects.create(consultation=locked, code=code, **values)
        record("delphi.expert_add", request=request, actor=_actor(person), obj=expert,
               after={"consultation": locked.pk, "code": code, **values})  # fmt: skip
    return expert


@dataclass(frozen=True)
class Link:
    expert: Expert
    token: str


def _invite(rnd: Round, experts: list[Expert]) -> list[Link]:
    expires = dt.datetime.combine(
        rnd.closes_on + dt.timedelta(days=1), dt.time(), tzinfo=timezone.get_current_timezone()
    )
    links = []
    for e in experts:
        token = secrets.token_urlsafe(24)
        Invitation.objects.update_or_create(
            round=rnd, expert=e, defaults={"digest": digest(token), "expires_at": expires}
        )
        links.append(Link(e, token))
    return links


def open_round(
    request: HttpRequest | None,
    person: Person,
    c: Consultation,
    data: Any,
    *,
    now: dt.datetime | None = None,
) -> tuple[Round, list[Link]]:
    """The next round with one link per expert (the tokens are returned once): the first
    asks the whole tree; a later one what the previous round left, with the revised
    definitions given as ``revise-CODE-LANG`` fields."""
    closes_on = _date(data, "closes_on")
    now = now or timezone.now()
    if closes_on < timezone.localtime(now).date():
        raise error(InvalidInput, "delphi.closes_before_today",
                    where=Where(field="closes_on"), day=str(closes_on))  # fmt: skip
    system = results.consulted_system(c.system)
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=c.pk)
        if locked.written_at is not None:
            raise Conflict("the consultation has written its version; it takes no more rounds")
        last = Round.objects.filter(consultation=locked).order_by("-number").first()
        if last is not None and last.status == "open":
            raise error(Conflict, "delphi.round_open", round=last.number)
        experts = list(Expert.objects.filter(consultation=locked))
        if len(experts) < 2:
            raise InvalidInput("a round needs a panel of at least 2 experts; add experts first")
        if last is None:
            codes = [p.node.code for p in system.walk() if p.depth > 0]
            revisions: dict[str, dict[str, str]] = {}
        else:
            levels = results.statistics(last, system)
            codes = next_items(system, last.items, levels)
            revisions = _revisions(data, codes, decisions(levels))
        rnd = Round.objects.create(
            consultation=locked,
            number=(last.number + 1) if last else 1,
            items=codes,
            revisions=revisions,
            opened_at=now,
            closes_on=closes_on,
        )
        links = _invite(rnd, experts)
        record("delphi.round_open", request=request, actor=_actor(person), obj=rnd,
               after={"number": rnd.number, "items": len(codes), "revised": sorted(revisions),
                      "experts": len(experts), "closes_on": str(closes_on)})  # fmt: skip
    return rnd, links


def _revisions(data: Any, codes: list[str], decided: dict[str, str]) -> dict[str, dict[str, str]]:
    """The definitions the analyst revised, for the items the last round sent back."""
    out: dict[str, dict[str, str]] = {}
    for code in codes:
        if decided.get(code) != "revise":
            continue
        texts = {lang: str(data.get(f"revise-{code}-{lang}") or "").strip() for lang in LANGUAGES}
        if not any(texts.values()):
            continue
        empty = [lang for lang, t in texts.items() if not t]
        if empty:
            raise error(InvalidInput, "delphi.revision_missing",
                        where=Where(field=f"revise-{code}-{empty[0]}"), item=code,
                        languages=", ".join(empty))  # fmt: skip
        out[code] = texts
    return out


def relink(request: HttpRequest | None, person: Person, rnd: Round, expert: Expert) -> Link:
    """A new link for one expert (the old one stops working); their saved answers stay."""
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=rnd.pk)
        if locked.status != "open":
            raise error(Conflict, "delphi.round_closed", round=locked.number)
        inv = Invitation.objects.select_for_update().filter(round=locked, expert=expert).first()
        if inv is None:
            raise error(InvalidInput, "delphi.not_on_round", expert=expert.code,
                        round=locked.number)  # fmt: skip
        token = secrets.token_urlsafe(24)
        inv.digest = digest(token)
        inv.save(update_fields=["digest"])
        record("delphi.relink", request=request, actor=_actor(person), obj=inv,
               after={"round": locked.number, "expert": expert.code})  # fmt: skip
    return Link(expert, token)


def close_round(
    request: HttpRequest | None, person: Person, rnd: Round, *, now: dt.datetime | None = None
) -> Round:
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=rnd.pk)
        if locked.status != "open":
            raise error(Conflict, "delphi.round_already_closed", round=locked.number)
        locked.status = "closed"
        locked.closed_at = now or timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        answered, invited = results.response(locked)
        record("delphi.round_close", request=request, actor=_actor(person), obj=locked,
               after={"number": locked.number, "answered": answered, "invited": invited})  # fmt: skip
    return locked


def _outcomes(rounds: list[Round]) -> tuple[list[Outcome], list[Outcome], dict[int, Any]]:
    system = results.consulted_system(rounds[0].consultation.system)
    per_round = [(r, results.statistics(r, system)) for r in rounds]
    stats: list[dict[str, IndicatorStatistics]] = [
        {i.indicator: i for s in levels.values() for i in s.indicators} for _, levels in per_round
    ]
    dropped: list[Outcome] = []
    revised: list[Outcome] = []
    last = stats[-1]
    for k, (rnd, _) in enumerate(per_round):
        for code, s in stats[k].items():
            if s.decision == "drop":
                dropped.append(Outcome(code, rnd.number, s))
            elif s.decision == "revise":
                later = rounds[k + 1].revisions.get(code) if k + 1 < len(rounds) else None
                if later or k + 1 == len(rounds):
                    change = {"definition": later} if later else None
                    final = last.get(code) if k + 1 < len(rounds) else None
                    revised.append(Outcome(code, rnd.number, s, change, final))
    return dropped, revised, per_round[-1][1]


def _figures(s: IndicatorStatistics | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"mean": s.mean, "cv": s.cv, "full": s.full_score_frequency, "decision": s.decision}


def _shown(o: Outcome, what: str) -> dict[str, Any]:
    """One dropped or revised item as the consultation page lists it (full precision)."""
    return {
        "code": o.code,
        "what": what,
        "round": o.round,
        "figures": _figures(o.stats),
        "revised": sorted(o.change or {}),
        "final": _figures(o.final),
    }


def write_version(
    request: HttpRequest | None, person: Person, c: Consultation, *, date: dt.date | None = None
) -> Consultation:
    """The new version from the final (closed) round: items dropped in any round removed,
    definitions revised between rounds applied, the change log citing each with its round
    statistics (:func:`serviq.delphi.revision.consultation_version`)."""
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=c.pk)
        if locked.written_at is not None:
            raise error(Conflict, "delphi.version_written", version=locked.new_version)
        rounds = list(Round.objects.filter(consultation=locked).order_by("number"))
        if not rounds or rounds[-1].status != "closed":
            raise Conflict("close the final round before writing the new version")
        dropped, revised, last_levels = _outcomes(rounds)
        system = results.consulted_system(locked.system)
        answered, _ = results.response(rounds[-1])
        new = consultation_version(
            system,
            dropped=dropped,
            revised=revised,
            last_levels=last_levels,
            last_round=rounds[-1].number,
            experts=answered,
            date=date or timezone.localdate(),
        )
        locked.new_version = new.version
        locked.new_version_yaml = dump_yaml(new)
        locked.outcomes = [_shown(o, "drop") for o in dropped] + [
            _shown(o, "revise") for o in revised
        ]
        locked.written_at = timezone.now()
        locked.save(update_fields=["new_version", "new_version_yaml", "outcomes", "written_at"])
        record("delphi.version", request=request, actor=_actor(person), obj=locked,
               after={"system": system.id, "previous": system.version, "version": new.version,
                      "changes": list(new.changelog[-1].changes)})  # fmt: skip
    return locked
