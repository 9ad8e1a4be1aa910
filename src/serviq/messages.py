"""The coded messages: every refusal or bad-input message built from values that a person
may read on a web page, by a stable code.

The core raises them with :func:`error`, which fills the English template (``%(name)s``
fields, Python's ``%`` formatting) with the params and keeps both on the error
(``code``, ``params``): the CLI prints the English; the web looks the English template up in
its gettext catalogue (zh-Hans, zh-Hant, en) and fills the reader's template with the same
params, a param's value labelled first when :attr:`Message.codes` names its code group
(``role`` → 班长; ``role*`` a comma-separated list of roles). Wording lives here and in the
catalogues, never a rule: the check that refuses stays where it was.

Add a message here, raise it with :func:`error`, and append its translations to the three
catalogues (``src/serviq/web/locale/*/LC_MESSAGES/django.po``);
``tests/test_messages.py`` checks that every code formats in English and in both Chinese
catalogues with the same fields.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from serviq.errors import ServiqError, Where

E = TypeVar("E", bound=ServiqError)


@dataclass(frozen=True)
class Message:
    """An English template and the code group of each param that holds a code."""

    text: str
    codes: Mapping[str, str] = field(default_factory=dict)
    # params the raise gives beyond the English template's fields, for another language's
    # word order (a scope's code where the English says "the centre")
    extra: tuple[str, ...] = ()


def _m(text: str, *, extra: tuple[str, ...] = (), **codes: str) -> Message:
    return Message(text, codes, extra)


MESSAGES: dict[str, Message] = {
    # ---- values typed into forms -------------------------------------------------------
    "form.month": _m("month %(text)r is not YYYY-MM"),
    "form.month_example": _m("%(text)r is not a month; allowed: YYYY-MM, e.g. 2026-03"),
    "form.period": _m("period %(period)r is not a month; allowed: YYYY-MM"),
    "form.date": _m("%(text)r is not a date; write YYYY-MM-DD"),
    "form.day": _m("day %(text)r is not YYYY-MM-DD"),
    "form.due": _m("due date %(text)r is not YYYY-MM-DD"),
    "form.time": _m("time %(text)r is not YYYY-MM-DDTHH:MM"),
    "form.whole": _m("%(text)r is not a whole number of periods"),
    "form.number": _m("%(text)r is not a number"),
    "form.seed": _m("seed %(text)r is not a whole number"),
    "form.verdict": _m("unknown verdict %(verdict)r; allowed: approve, refuse"),
    "form.too_long": _m("%(field)s must be at most 100 printable characters"),
    "upload.too_large": _m(
        "the file is larger than the upload limit of %(limit)s (imports.yaml max_upload_mb)"
    ),
    "upload.too_large_split": _m(
        "the file is larger than the upload limit of %(limit)s (imports.yaml max_upload_mb); "
        "split it or import it with the command line"
    ),
    "upload.roster_type": _m("%(file)s: a roster is an .xlsx or .csv file"),
    "upload.file_type": _m("unsupported file type %(suffix)s; allowed: CSV, XLSX"),
    "upload.calibration_type": _m("%(file)s: a calibration session is a .csv or .xlsx file"),
    # ---- people and access ---------------------------------------------------------------
    "access.no_role": _m("user %(user)s has no active role in the centre"),
    "access.no_token": _m("no token %(token)s of yours"),
    "access.no_questionnaire": _m("no published questionnaire %(questionnaire)s"),
    "access.no_person": _m("no active person %(person)r"),
    "access.lead_only": _m("only a team lead records this; %(person)s is %(role)s", role="role"),
    "access.lead_roster": _m(
        "only a team lead edits the roster; %(person)s is %(role)s", role="role"
    ),
    # ---- improvement records -------------------------------------------------------------
    "action.propose_role": _m(
        "the role %(role)s may not propose records; allowed: %(allowed)s",
        role="role",
        allowed="role*",
    ),
    "action.severity": _m("severity %(severity)r unknown; allowed: %(allowed)s"),
    "action.method": _m("root-cause method %(method)r unknown; allowed: %(allowed)s"),
    "action.criterion_kind": _m("criterion kind %(kind)r unknown; allowed: target, no_signal"),
    "action.criterion_periods": _m("criterion periods %(periods)s out of range; allowed: 1 to 12"),
    "action.no_indicator": _m(
        "no indicator %(indicator)s for %(scope)s in %(period)s", extra=("team",)
    ),
    "action.no_training": _m("no QA training task %(task)s"),
    "action.no_task": _m("no action %(task)s on record %(record)s"),
    "action.status": _m("status %(status)r unknown; allowed: %(allowed)s"),
    "action.link_kind": _m("link kind %(kind)r unknown; allowed: %(allowed)s"),
    "action.link_target": _m("no %(kind)s %(ref)s", link="link"),
    # ---- QA --------------------------------------------------------------------------------
    "qa.plan_exists": _m("the sampling plan of %(month)s exists already"),
    "qa.no_agent": _m("interaction %(interaction)s has no agent to review"),
    "qa.reviewed": _m("%(inspector)s has a review of interaction %(interaction)s already"),
    "qa.no_inspector": _m("no QA inspector %(inspector)r; allowed: an active inspector"),
    "qa.training_exists": _m("the training plan of week %(week)s exists already"),
    "qa.no_interaction": _m("no interaction %(interaction)s"),
    "qa.nothing_to_plan": _m("no scored reviews in week %(week)s to plan training from"),
    # ---- workforce: swaps, leave, roster, registers ---------------------------------------
    "swap.not_in_chain": _m("%(person)s is not in the approval chain of swap %(swap)s"),
    "swap.shift_not_of": _m(
        "shift %(shift)s is not one of swap %(swap)s; allowed: %(give)s, %(take)s"
    ),
    "swap.not_approved": _m(
        "swap %(swap)s is %(status)s; only an approved swap has a missed shift",
        status="status",
    ),
    "swap.missed_recorded": _m("the missed shift %(shift)s is already recorded"),
    "leave.kind": _m(
        "unknown leave kind %(kind)r; allowed: %(allowed)s", kind="leave", allowed="leave*"
    ),
    "request.decided": _m("the request is already %(status)s", status="status"),
    "approval.not_yet": _m(
        "not yet the turn of %(who)s; waiting for %(expected)s (no skipping)",
        extra=("scope",),
        role="role",
        waiting="role*",
    ),
    "approval.not_in_chain": _m(
        "%(who)s is not in this approval chain; waiting for %(expected)s",
        extra=("scope",),
        role="role",
        waiting="role*",
    ),
    "shift.not_in_scope": _m("no shift %(shift)s in your scope"),
    "shift.not_in_team": _m("no shift %(shift)s in team %(team)s"),
    "shift.kind": _m(
        "unknown shift kind %(kind)r; allowed: %(allowed)s or empty", allowed="shift*"
    ),
    "shift.kind_off": _m(
        "unknown shift kind %(kind)r; allowed: %(allowed)s or empty (off)", allowed="shift*"
    ),
    "shift.locked": _m(
        "shift %(shifts)s is part of a swap request or has a roll call and cannot be changed"
    ),
    "shift.locked_missing": _m(
        "shift %(shifts)s is part of a swap request or has a roll call and is not in the "
        "file; nothing was imported"
    ),
    "roster.no_member": _m("no person %(person)s in team %(team)s"),
    "register.arrival_future": _m("the arrival %(at)s is in the future"),
    "register.signoff_future": _m("the sign-off %(at)s is in the future"),
    "register.kind": _m(
        "unknown kind %(kind)r; allowed: late, away_from_post, absent", kind="violation"
    ),
    "escalation.category": _m(
        "unknown category %(category)r; allowed: %(allowed)s", allowed="category*"
    ),
    "escalation.action": _m("unknown action %(action)r; allowed: %(allowed)s", allowed="action*"),
    "escalation.not_owed": _m("no report is owed to %(role)s", role="role"),
    "meeting.kind": _m("unknown meeting kind %(kind)r; allowed: %(allowed)s", allowed="meeting*"),
    "visit.left": _m("%(visitor)s has already left"),
    "handover.acknowledged": _m("the handover log of shift %(shift)s is already acknowledged"),
    # ---- SME desk --------------------------------------------------------------------------
    "sme.preset": _m("unknown preset %(preset)r; allowed: %(allowed)s"),
    "sme.outcome": _m("outcome must be approved or declined, not %(outcome)r"),
    "sme.decided": _m("case %(case)s is already %(outcome)s", outcome="outcome"),
    "sme.event_kind": _m(
        "unknown event kind %(kind)r; allowed: %(allowed)s", kind="event", allowed="event*"
    ),
    "sme.negative": _m("%(name)s must be 0 or more, not %(value)s", name="amount"),
    "sme.needs_amount": _m(
        "a %(kind)s needs an amount (principal owed, or amount recovered)", kind="event"
    ),
    "sme.no_schedule": _m("case %(case)s has no schedule: it needs an approved amount and a term"),
    # ---- equipment on the handover log ------------------------------------------------------
    "equipment.unknown": _m(
        "unknown equipment %(equipment)r; allowed: %(allowed)s", allowed="equipment*"
    ),
    "equipment.twice": _m(
        "equipment %(equipment)s is recorded twice; allowed: once per handover",
        equipment="equipment",
    ),
    "equipment.state": _m(
        "equipment %(equipment)s: state %(state)r is unknown; allowed: %(allowed)s",
        equipment="equipment",
        allowed="equipment state*",
    ),
    "equipment.no_report": _m(
        "equipment %(equipment)s is %(state)s: the time the fault was reported is missing",
        equipment="equipment",
        state="equipment state",
    ),
    "equipment.fix_not_in_order": _m(
        "equipment %(equipment)s is %(state)s but has a fix time; "
        "allowed: a fix time only with the state in order",
        equipment="equipment",
        state="equipment state",
    ),
    "equipment.fix_needs_report": _m(
        "equipment %(equipment)s: a fix time needs the time the fault was reported",
        equipment="equipment",
    ),
    "equipment.fix_before": _m(
        "equipment %(equipment)s: fixed at %(fixed)s is before the fault was reported "
        "(%(reported)s)",
        equipment="equipment",
    ),
    "equipment.reported_future": _m(
        "equipment %(equipment)s: reported at %(at)s is in the future", equipment="equipment"
    ),
    "equipment.fixed_future": _m(
        "equipment %(equipment)s: fixed at %(at)s is in the future", equipment="equipment"
    ),
    "equipment.no_reporter": _m(
        "equipment %(equipment)s: no person %(person)r reported the fault; "
        "allowed: a person's code",
        equipment="equipment",
    ),
    # ---- the operations-room checklist ------------------------------------------------------
    "checklist.unknown": _m("no checklist %(template)s; allowed: %(allowed)s"),
    "checklist.date": _m("date %(text)r is not a date; allowed: YYYY-MM-DD"),
    "checklist.not_ticked": _m(
        "item %(item)s of %(template)s is not ticked (%(answer)r); allowed: pass, fail"
    ),
    "checklist.passed_person": _m(
        "item %(item)s passed but names %(person)s; only a failed item names a person"
    ),
    "checklist.not_in_team": _m("%(person)s is not in the team; allowed: %(allowed)s"),
    "checklist.ticked": _m(
        "the %(template)s checklist of team %(team)s for %(day)s shift %(shift)s is already ticked"
    ),
    "checklist.ticked_other": _m(
        "the %(template)s checklist of team %(team)s for %(day)s shift %(shift)s "
        "is already ticked with other results"
    ),
    # ---- Delphi consultations -----------------------------------------------------------------
    "delphi.empty": _m("%(name)s is empty; give it", name="field"),
    "delphi.too_long": _m("%(name)s is longer than %(limit)s characters", name="field"),
    "delphi.date": _m("%(name)s %(text)r is not a date; allowed: YYYY-MM-DD", name="field"),
    "delphi.system": _m("unknown indicator system %(system)r; allowed: %(allowed)s"),
    "delphi.years": _m("years %(text)r is not a whole number from 0 to 80"),
    "delphi.language": _m(
        "unknown language %(language)r; allowed: %(allowed)s", allowed="language*"
    ),
    "delphi.email": _m("%(text)r is not an e-mail address"),
    "delphi.closes_before_today": _m("the round would close on %(day)s, before today"),
    "delphi.round_open": _m("round %(round)s is still open; close it first"),
    "delphi.round_closed": _m("round %(round)s is closed"),
    "delphi.round_already_closed": _m("round %(round)s is already closed"),
    "delphi.import_closed": _m("round %(round)s is closed; answers can no longer be imported"),
    "delphi.revision_missing": _m(
        "the revised definition of %(item)s is missing in %(languages)s; give all "
        "three languages or none",
        languages="language*",
    ),
    "delphi.not_on_round": _m("expert %(expert)s is not on round %(round)s's panel"),
    "delphi.version_written": _m("version %(version)s is already written"),
    "delphi.action": _m("unknown action %(action)r; allowed: %(allowed)s"),
    "delphi.no_consultation": _m("no Delphi consultation %(consultation)s"),
    "delphi.no_round": _m("no round %(round)s in Delphi consultation %(consultation)s"),
    "delphi.no_version": _m("Delphi consultation %(consultation)s has written no version yet"),
    "delphi.link_state": _m(
        "this link is %(state)s; answers can no longer be changed", state="link state"
    ),
    "delphi.columns": _m("missing columns %(missing)s; allowed: %(allowed)s"),
    "delphi.not_on_panel": _m(
        "expert %(expert)s is not on this round's panel; allowed: %(allowed)s"
    ),
    "delphi.not_asked": _m("indicator %(item)s is not asked in round %(round)s"),
    "delphi.verdict": _m("verdict %(verdict)r is not allowed; allowed: %(allowed)s"),
    "delphi.score_range": _m("%(text)s is not a number from %(lo)s to %(hi)s"),
    "delphi.expert_no_value": _m(
        "expert %(expert)s has no value in %(column)s; give each expert one value from 0 to 1"
    ),
    "delphi.expert_values": _m(
        "expert %(expert)s has different values %(values)s in %(column)s; "
        "give each expert one value from 0 to 1"
    ),
    "delphi.empty_cell": _m("empty %(column)s; every row names an expert and an indicator"),
    "delphi.twice": _m(
        "expert %(expert)s scores indicator %(item)s twice; one row per expert × indicator"
    ),
    "delphi.not_asked_here": _m(
        "indicator %(item)s is not asked in this round; allowed: %(allowed)s"
    ),
    # ---- indicator data: values entered by hand, system months, benchmarks, feedback ------
    "data.no_indicator": _m("no indicator %(indicator)s in %(system)s"),
    "data.computed": _m(
        "indicator %(indicator)s is computed from its data (binding %(source)s); "
        "only %(allowed)s indicators are entered by hand"
    ),
    "data.not_owner": _m(
        "indicator %(indicator)s is entered by its owner (%(owner)s) or an administrator, "
        "not by the role %(role)s",
        owner="role",
        role="role",
    ),
    "data.value": _m("value %(value)r is not a number"),
    "data.range": _m("value %(value)s is outside %(indicator)s's range; allowed: %(lo)s to %(hi)s"),
    "data.note": _m("the note has %(n)s characters; allowed: at most %(limit)s"),
    "data.nonnegative": _m("%(value)r is not a number ≥ 0"),
    "data.service": _m("unknown service %(service)r; allowed: %(allowed)s"),
    "data.service_twice": _m(
        "%(period)s %(service)s appears twice (first in row %(first)s); "
        "allowed: one row per month and service"
    ),
    "bench.indicator": _m(
        "unknown indicator %(indicator)r; allowed: an indicator code of the system (%(some)s, …)"
    ),
    "bench.text": _m("%(column)s is empty or too long; allowed: 1 to %(limit)s characters"),
    "bench.kind": _m("unknown kind %(kind)r; allowed: %(allowed)s"),
    "bench.date": _m("date %(text)r is not a date; allowed: YYYY, YYYY-MM or YYYY-MM-DD"),
    "bench.comparability": _m("unknown comparability %(value)r; allowed: %(allowed)s"),
    "bench.notes_long": _m("definition_notes is too long; allowed: at most %(limit)s characters"),
    "bench.twice": _m(
        "%(indicator)s %(reference)s %(date)s appears twice (first in row %(first)s); "
        "allowed: one row per indicator, reference and date"
    ),
    "feedback.twice": _m(
        "feedback_id %(id)r appears twice (first in row %(first)s); allowed: each once"
    ),
    "feedback.date": _m("received_on %(text)r is not a date; allowed: YYYY-MM-DD"),
    "feedback.kind": _m("kind %(kind)r is not allowed; allowed: %(allowed)s"),
    "feedback.met_need": _m("met %(met)r is not allowed for a need; allowed: yes, no"),
    "feedback.met_complaint": _m("met %(met)r is given for a complaint; allowed: empty"),
    "feedback.text": _m("text has %(n)s characters; allowed: 1 to %(limit)s"),
    "data.team_only": _m("the role %(role)s enters values for its team only", role="role"),
    "data.no_manual": _m("the role %(role)s owns no indicator entered by hand", role="role"),
    "checklist.lead_only": _m(
        "only a team lead ticks the checklist; %(person)s is %(role)s", role="role"
    ),
    "handover.lead_only": _m(
        "only a team lead records the handover; %(person)s is %(role)s", role="role"
    ),
}


FIELD = re.compile(r"%\((\w+)\)[sr]")


def fields(template: str) -> set[str]:
    """The ``%(name)s`` / ``%(name)r`` fields of ``template``."""
    return set(FIELD.findall(template))


def error(
    kind: type[E],
    code: str,
    /,
    *,
    where: Where | None = None,
    details: dict[str, Any] | None = None,
    **params: Any,
) -> E:
    """The error ``kind`` with the message ``code`` filled with ``params`` (raise it).

    Raises ``KeyError`` for an unknown code or a missing param: a bug, caught by the tests.
    """
    text = MESSAGES[code].text % params
    return kind(text, where=where, code=code, details=details, params=params)


__all__ = ["MESSAGES", "Message", "error", "fields"]
