"""Changing improvement records: propose from the data, open, accept or dismiss, analyse,
add and finish actions, link evidence, move through the lifecycle, close or waive.

Each change is one transaction: lock the record row first, then ask the core
(:mod:`serviq.actions.lifecycle`, which returns the reasons of a refusal), then write and
append the audit row (:func:`serviq.web.audit.trail.record`). A refusal raises the core's
error (403, 409 or 400 on the web; exit 2 in the CLI) and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from serviq.actions import lifecycle
from serviq.actions.effectiveness import Verdict, verify
from serviq.actions.record import Criterion, RecordState, first_month_after
from serviq.actions.ruleset import ActionRules, load_action_rules
from serviq.actions.suggestions import Suggestion, suggest
from serviq.errors import InvalidInput, NotFound, Where
from serviq.messages import error
from serviq.web.actions import series as series_of
from serviq.web.actions.access import actor_of, state_of
from serviq.web.actions.models import LINK_KINDS, SEVERITIES, ActionLink, ActionRecord, ActionTask
from serviq.web.audit.trail import record as audit
from serviq.web.dashboard.models import IndicatorResult
from serviq.web.org.models import Person, Team

EDITABLE = ("problem", "containment", "root_cause", "root_cause_method", "elsewhere", "severity")


def rules() -> ActionRules:
    return load_action_rules()


def snapshot(r: ActionRecord) -> dict[str, Any]:
    """What the audit row keeps of a record, before and after a change."""
    return {
        "status": r.status,
        "owner": r.owner.code if r.owner_id else None,
        "due": r.due.isoformat() if r.due else None,
        "criterion": r.criterion,
        "effective": r.effective,
    }


def _locked(r: ActionRecord) -> ActionRecord:
    return (
        ActionRecord.objects.select_for_update(of=("self",))  # PostgreSQL: not the joined rows
        .select_related("owner", "team", "department")
        .get(pk=r.pk)
    )


# ---- parsing what people type ---------------------------------------------------------
def parse_date(text: str | None, field: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise error(InvalidInput, "form.date", where=Where(field=field), text=text) from None


def parse_person(code: str | None, field: str) -> Person | None:
    if not code:
        return None
    person = Person.objects.filter(code=str(code).strip(), active=True).first()
    if person is None:
        raise error(InvalidInput, "access.no_person", where=Where(field=field), person=code)
    return person


def parse_criterion(data: Mapping[str, Any]) -> Criterion | None:
    kind = str(data.get("criterion_kind") or "").strip()
    if not kind:
        return None
    periods = str(data.get("criterion_periods") or "2").strip()
    if not periods.isdigit():
        raise error(
            InvalidInput, "form.whole", where=Where(field="criterion_periods"), text=periods
        )
    threshold = str(data.get("criterion_threshold") or "").strip()
    try:
        value = float(threshold) if threshold else None
    except ValueError:
        raise error(
            InvalidInput, "form.number", where=Where(field="criterion_threshold"), text=threshold
        ) from None
    return Criterion(kind=kind, periods=int(periods), threshold=value)  # type: ignore[arg-type]


def _fields(r: ActionRecord, data: Mapping[str, Any]) -> None:
    """Copy the analysis, owner, due day and criterion from a form or JSON body onto ``r``."""
    for name in EDITABLE:
        if name in data and data[name] is not None:
            setattr(r, name, str(data[name]).strip())
    if r.severity not in SEVERITIES:
        raise error(InvalidInput, "action.severity", where=Where(field="severity"),
                    severity=r.severity, allowed=", ".join(SEVERITIES))  # fmt: skip
    if r.root_cause_method and r.root_cause_method not in lifecycle.ROOT_CAUSE_METHODS:
        raise error(InvalidInput, "action.method", where=Where(field="root_cause_method"),
                    method=r.root_cause_method, allowed=", ".join(lifecycle.ROOT_CAUSE_METHODS))  # fmt: skip
    if "root_cause_verified" in data:
        r.root_cause_verified = str(data["root_cause_verified"]).lower() in ("1", "true", "on")
    if data.get("owner"):
        r.owner = parse_person(data.get("owner"), "owner")
    if data.get("due"):
        r.due = parse_date(data.get("due"), "due")
    criterion = parse_criterion(data)
    if criterion is not None:
        r.criterion = criterion.as_dict()


# ---- proposing --------------------------------------------------------------------------
def suggestions(period: str, language: str = "en") -> list[Suggestion]:
    """What the core proposes for ``period`` that is neither proposed already nor worked."""
    proposed = set(
        ActionRecord.objects.filter(origin="suggestion", period=period).values_list(
            "indicator", "scope", "period"
        )
    )
    busy = set(
        ActionRecord.objects.filter(status__in=lifecycle.ACTIVE).values_list("indicator", "scope")
    )
    found = series_of.all_series(language, upto=period)
    return suggest(found, period, rules(), proposed=proposed, busy=busy)


def do_propose(
    period: str, *, request: HttpRequest | None = None, actor: Any = None
) -> list[ActionRecord]:
    """Store the period's suggestions as *proposed* records (never opened) — idempotent."""
    made = []
    teams = {t.code: t for t in Team.objects.select_related("department")}
    with transaction.atomic():
        for s in suggestions(period):
            result = IndicatorResult.objects.filter(
                period=period, team_code=s.scope, code=s.indicator
            ).first()
            team = teams.get(s.scope)
            r = ActionRecord.objects.create(
                indicator=s.indicator,
                names=dict(result.names) if result else {},
                unit=result.unit if result else "",
                direction=s.evidence.get("direction", "higher"),
                scope=s.scope,
                team=team,
                department=team.department if team else None,
                period=period,
                origin="suggestion",
                target=result.target if result else None,
                actual=result.value if result else None,
                trigger={"reasons": [x.as_dict() for x in s.reasons], "evidence": s.evidence},
                status="proposed",
                created_at=timezone.now(),
            )
            audit("actions.propose", request=request, actor=actor, obj=r, after=snapshot(r),
                  department=r.department)  # fmt: skip
            made.append(r)
    return made


def do_open(
    indicator: str,
    scope: str,
    period: str,
    data: Mapping[str, Any],
    *,
    person: Person,
    request: HttpRequest | None = None,
) -> ActionRecord:
    """Open a record directly from an indicator of the dashboard (no proposal first)."""
    result = IndicatorResult.objects.filter(period=period, team_code=scope, code=indicator).first()
    if result is None or indicator not in series_of.indicator_codes():
        raise error(NotFound, "action.no_indicator", indicator=indicator,
                    scope=scope or "the centre", team=scope, period=period)  # fmt: skip
    team = Team.objects.select_related("department").filter(code=scope).first() if scope else None
    r = ActionRecord(
        indicator=indicator,
        names=dict(result.names),
        unit=result.unit,
        direction=series_of.directions().get(indicator, "higher"),
        scope=scope,
        team=team,
        department=team.department if team else None,
        period=period,
        origin="manual",
        target=result.target,
        actual=result.value,
        trigger={"status": result.status},
        status="open",
        created_at=timezone.now(),
    )
    _fields(r, data)
    state = RecordState(
        status="open",
        team=scope or None,
        department=team.department.code if team else None,
        criterion=Criterion.from_dict(r.criterion),
        owner=r.owner.code if r.owner else None,
        due=r.due,
        problem=r.problem,
    )
    with transaction.atomic():
        # lock the indicator's active records so that two people cannot open it twice
        active = (
            ActionRecord.objects.select_for_update()
            .filter(indicator=indicator, scope=scope, status__in=lifecycle.ACTIVE)
            .order_by("id")
            .first()
        )
        existing = (active.pk, active.status) if active is not None else None
        lifecycle.check_open(
            state, actor_of(person), indicator=indicator, existing=existing
        ).raise_if_refused()
        r.opened_at = timezone.now()
        r.save()
        audit("actions.open", request=request, obj=r, after=snapshot(r), department=r.department)
    return r


# ---- analysis, actions, links -----------------------------------------------------------
def do_edit(
    r: ActionRecord, data: Mapping[str, Any], *, person: Person, request: HttpRequest | None = None
) -> ActionRecord:
    """Change the analysis (and, while proposed, owner, due day and criterion)."""
    with transaction.atomic():
        r = _locked(r)
        lifecycle.check_edit(state_of(r), actor_of(person)).raise_if_refused()
        before = {**snapshot(r), **{k: getattr(r, k) for k in EDITABLE}}
        allowed = {k: data.get(k) for k in data}  # a QueryDict's last value, as a form sends
        if r.status != "proposed":  # the criterion is set when the record is opened
            for key in ("criterion_kind", "criterion_periods", "criterion_threshold"):
                allowed.pop(key, None)
        _fields(r, allowed)
        r.save()
        after = {**snapshot(r), **{k: getattr(r, k) for k in EDITABLE}}
        audit("actions.edit", request=request, obj=r, before=before, after=after,
              department=r.department)  # fmt: skip
    return r


def do_add_task(
    r: ActionRecord, data: Mapping[str, Any], *, person: Person, request: HttpRequest | None = None
) -> ActionTask:
    title = str(data.get("title") or "").strip()
    if not title:
        raise InvalidInput("give the action a title", where=Where(field="title"))
    owner = parse_person(str(data.get("owner") or person.code), "owner")
    due = parse_date(str(data.get("due") or ""), "due")
    if due is None:
        raise InvalidInput("give the action a due day (YYYY-MM-DD)", where=Where(field="due"))
    training = str(data.get("training_code") or "").strip()
    if training:
        from serviq.web.qa.models import TrainingTask

        if not TrainingTask.objects.filter(code=training).exists():
            raise error(InvalidInput, "action.no_training", where=Where(field="training_code"), task=training)  # fmt: skip
    with transaction.atomic():
        r = _locked(r)
        state = state_of(r)
        lifecycle.check_edit(state, actor_of(person)).raise_if_refused()
        if r.status not in ("open", "actions_done"):
            lifecycle.check_task(state, "planned", "planned", actor_of(person)).raise_if_refused()
        t = ActionTask.objects.create(
            record=r, title=title, owner=owner, due=due, training_code=training
        )
        audit("actions.task.add", request=request, obj=r, object_id=f"{r.pk}/{t.pk}",
              after={"title": title, "owner": owner.code if owner else None,
                     "due": due.isoformat(), "training": training},
              department=r.department)  # fmt: skip
    return t


def do_task(
    r: ActionRecord,
    task_id: int,
    to: str,
    *,
    person: Person,
    evidence: str = "",
    request: HttpRequest | None = None,
) -> ActionTask:
    if to not in lifecycle.TASK_STATUSES:
        raise error(InvalidInput, "action.status", where=Where(field="to"), status=to,
                    allowed=", ".join(lifecycle.TASK_STATUSES))  # fmt: skip
    with transaction.atomic():
        r = _locked(r)
        t = ActionTask.objects.select_for_update().filter(record=r, pk=task_id).first()
        if t is None:
            raise error(NotFound, "action.no_task", task=task_id, record=r.pk)
        lifecycle.check_task(state_of(r), t.status, to, actor_of(person)).raise_if_refused()
        before = {"status": t.status, "evidence": t.evidence}
        t.status = to
        if evidence.strip():
            t.evidence = "\n".join(x for x in (t.evidence, evidence.strip()) if x)
        t.done_at = timezone.now() if to == "done" else None
        t.save()
        audit("actions.task", request=request, obj=r, object_id=f"{r.pk}/{t.pk}", before=before,
              after={"status": t.status, "evidence": t.evidence}, department=r.department)  # fmt: skip
    return t


def _check_ref(kind: str, ref: str) -> None:
    """A link to serviq's own records must name one that exists."""
    found = True
    if kind == "qa_training":
        from serviq.web.qa.models import TrainingTask

        found = TrainingTask.objects.filter(code=ref).exists()
    elif kind in ("agreed_answer", "handover", "escalation"):
        from serviq.web.workforce.models import EscalationReport, HandoverEntry, MeetingMinutes

        model: Any = {"agreed_answer": MeetingMinutes, "handover": HandoverEntry,
                 "escalation": EscalationReport}[kind]  # fmt: skip
        pk = ref.split("#")[0]
        found = pk.isdigit() and model.objects.filter(pk=int(pk)).exists()
        if found and kind == "agreed_answer" and "#" in ref:
            index = ref.split("#", 1)[1]
            answers = MeetingMinutes.objects.get(pk=int(pk)).agreed_answers or []
            found = index.isdigit() and int(index) < len(answers)
    if not found:
        raise error(InvalidInput, "action.link_target", where=Where(field="ref"),
                    kind=kind.replace("_", " "), link=kind, ref=ref)  # fmt: skip


def do_link(
    r: ActionRecord, data: Mapping[str, Any], *, person: Person, request: HttpRequest | None = None
) -> ActionLink:
    kind = str(data.get("kind") or "").strip()
    ref = str(data.get("ref") or "").strip()
    label = str(data.get("label") or "").strip()
    if kind not in LINK_KINDS:
        raise error(InvalidInput, "action.link_kind", where=Where(field="kind"), kind=kind,
                    allowed=", ".join(LINK_KINDS))  # fmt: skip
    if not ref:
        raise InvalidInput("give the reference of the link", where=Where(field="ref"))
    if kind == "url" and not ref.startswith(("https://", "http://")):
        raise InvalidInput("a URL link starts with https:// or http://", where=Where(field="ref"))
    _check_ref(kind, ref)
    with transaction.atomic():
        r = _locked(r)
        lifecycle.check_edit(state_of(r), actor_of(person)).raise_if_refused()
        link = ActionLink.objects.create(
            record=r, kind=kind, ref=ref, label=label or ref, added_by=person,
            added_at=timezone.now(),
        )  # fmt: skip
        audit("actions.link", request=request, obj=r, object_id=f"{r.pk}/link/{link.pk}",
              after={"kind": kind, "ref": ref, "label": link.label}, department=r.department)  # fmt: skip
    return link


# ---- the lifecycle ----------------------------------------------------------------------
def verdict_of(r: ActionRecord, language: str = "en") -> Verdict | None:
    """The effectiveness check of ``r`` on today's stored indicator results."""
    criterion = Criterion.from_dict(r.criterion)
    if criterion is None:
        return None
    s = series_of.series_for(r.indicator, r.scope, language)
    if s is None:
        return None
    after_from = r.after_from or _after_from(r)
    return verify(s, criterion, period=r.period, after_from=after_from, rules=rules().verification)


def _after_from(r: ActionRecord) -> str:
    """The first whole period after the last action was done (or after today)."""
    done = [t.done_at for t in r.tasks.all() if t.status == "done" and t.done_at]
    day = max(done).date() if done else timezone.localdate()
    return max(first_month_after(day), first_month_after_period(r.period))


def first_month_after_period(period: str) -> str:
    from serviq.actions.record import month_after

    return month_after(period)


def do_transition(
    r: ActionRecord,
    to: str,
    *,
    person: Person,
    note: str = "",
    waive: bool = False,
    data: Mapping[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> ActionRecord:
    """Move ``r`` to ``to`` if the core allows it; closing asks the data first."""
    if to not in lifecycle.STATUSES:
        raise error(InvalidInput, "action.status", where=Where(field="to"), status=to,
                    allowed=", ".join(lifecycle.STATUSES))  # fmt: skip
    with transaction.atomic():
        r = _locked(r)
        before = snapshot(r)
        if to == "open" and r.status == "proposed" and data:
            _fields(r, data)
        verdict = verdict_of(r) if to == "closed" and not waive else None
        decision = lifecycle.check_transition(
            state_of(r), to, actor_of(person), note=note, verdict=verdict, waive=waive
        )
        decision.raise_if_refused()
        now = timezone.now()
        if to == "open" and r.status == "proposed":
            r.opened_at = now
        if to == "verifying":
            r.after_from = _after_from(r)
        if to == "open" and r.status in ("actions_done", "verifying"):
            r.after_from = ""
        if to in ("dismissed", "cancelled"):
            r.note = note.strip()
        if verdict is not None:
            r.verdict = verdict.as_dict()
            r.effective = verdict.effective
        if to == "closed":
            r.closed_at = now
            if waive:
                r.waiver = {"by": person.code, "at": now.isoformat(), "reason": note.strip()}
        r.status = to
        r.save()
        action = "actions.waive" if waive else f"actions.{to}"
        after = {**snapshot(r), **({"note": note.strip()} if note.strip() else {})}
        audit(action, request=request, obj=r, before=before, after=after, department=r.department)
    return r


def do_verify(r: ActionRecord, *, request: HttpRequest | None = None) -> Verdict | None:
    """Run the effectiveness check now and keep its result on the record (audited)."""
    with transaction.atomic():
        r = _locked(r)
        verdict = verdict_of(r)
        if verdict is not None:
            before = snapshot(r)
            r.verdict, r.effective = verdict.as_dict(), verdict.effective
            r.save(update_fields=["verdict", "effective"])
            audit("actions.verify", request=request, obj=r, before=before, after=snapshot(r),
                  department=r.department)  # fmt: skip
    return verdict
