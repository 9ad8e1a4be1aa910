"""The life of an improvement record and who may move it (R-IND-9; ISO 9001 §10.2: react,
find the cause, act, review effectiveness, keep records)::

    proposed ──accept──▶ open ──▶ actions_done ──▶ verifying ──close──▶ closed
       │                  │  ◀──reopen──┘  ◀──reopen───┘
       └─dismiss─▶ dismissed   └──────────cancel (with a reason)──────▶ cancelled

- *accept* (or opening a record directly) needs a problem statement, an owner, a due day
  and the **effectiveness criterion**, set now and not after the fact;
- *actions done* needs the root cause with its method and at least one action, every
  action done or cancelled;
- *close* needs the verdict of :func:`serviq.actions.effectiveness.verify` to be effective,
  unless the department director waives it with a reason;
- *dismiss* and *cancel* need a reason.

Team leads work on their own team's records; department directors on their department's
teams and the centre's; the centre director on every record. Every rule returns a
:class:`~serviq.decisions.Decision` whose reasons say why in three languages.
"""

from __future__ import annotations

from typing import Literal

from serviq.actions.decisions import Decision, Reason, reason
from serviq.actions.effectiveness import Verdict
from serviq.actions.record import Actor, RecordState

Status = Literal[
    "proposed", "open", "actions_done", "verifying", "closed", "cancelled", "dismissed"
]
STATUSES: tuple[Status, ...] = (
    "proposed", "open", "actions_done", "verifying", "closed", "cancelled", "dismissed"
)  # fmt: skip
ACTIVE: frozenset[str] = frozenset({"proposed", "open", "actions_done", "verifying"})
WORKED: frozenset[str] = frozenset({"open", "actions_done", "verifying"})
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "proposed": ("open", "dismissed"),
    "open": ("actions_done", "cancelled"),
    "actions_done": ("verifying", "open", "cancelled"),
    "verifying": ("closed", "open", "cancelled"),
    "closed": (),
    "cancelled": (),
    "dismissed": (),
}
TaskStatus = Literal["planned", "doing", "done", "cancelled"]
TASK_STATUSES: tuple[TaskStatus, ...] = ("planned", "doing", "done", "cancelled")
TASK_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "planned": ("doing", "done", "cancelled"),
    "doing": ("done", "cancelled", "planned"),
    "done": ("doing",),
    "cancelled": ("planned",),
}
ROOT_CAUSE_METHODS = ("five_whys", "cause_and_effect")
CENTRE_WIDE = frozenset({"centre_director", "qa_inspector", "analyst", "admin"})
VIEWERS = frozenset(
    {"team_lead", "department_director", "centre_director", "qa_inspector", "analyst", "admin"}
)


def may_view(actor: Actor, team: str | None, department: str | None) -> bool:
    """Whether ``actor`` may see a record of ``team`` (None = the centre) in ``department``."""
    if actor.role not in VIEWERS:
        return False
    if actor.role in CENTRE_WIDE:
        return True
    if actor.role == "department_director":
        return team is None or department == actor.department
    return team is not None and team == actor.team


def may_work(actor: Actor, record: RecordState) -> Decision:
    """Team leads their team's records, department directors their department's and the
    centre's, the centre director all; nobody else changes a record."""
    ok = (
        actor.role == "centre_director"
        or (
            actor.role == "department_director"
            and (record.team is None or record.department == actor.department)
        )
        or (actor.role == "team_lead" and record.team is not None and record.team == actor.team)
    )
    if ok:
        return Decision.of(())
    return Decision.of(
        [reason("record.not_yours", actor=actor.code, role=actor.role, scope=record.scope_label)]
    )


def _opening(record: RecordState) -> list[Reason]:
    missing = []
    if not record.problem.strip():
        missing.append("problem")
    if not record.owner:
        missing.append("owner")
    if record.due is None:
        missing.append("due")
    if record.criterion is None:
        missing.append("criterion")
    return [reason("record.needs_field", field=f) for f in missing]


def check_transition(
    record: RecordState,
    to: str,
    actor: Actor,
    *,
    note: str = "",
    verdict: Verdict | None = None,
    waive: bool = False,
) -> Decision:
    """May ``actor`` move ``record`` to ``to`` now? ``verdict`` is the effectiveness check
    on the data (needed to close); ``waive`` asks to close without it (``note`` = why)."""
    allowed = may_work(actor, record)
    if not allowed.ok:
        return allowed
    if to not in TRANSITIONS.get(record.status, ()):
        return Decision.of([reason("record.bad_transition", status=record.status, to=to)])
    if to == "open" and record.status == "proposed":
        return Decision.of(_opening(record))
    if to in ("dismissed", "cancelled") and not note.strip():
        step = "dismiss" if to == "dismissed" else "cancel"
        return Decision.of([reason("record.reason_required", step=step)])
    if to == "actions_done":
        return Decision.of(_actions_done(record))
    if to == "closed":
        return _closing(record, actor, note=note, verdict=verdict, waive=waive)
    return Decision.of(())


def check_open(
    record: RecordState,
    actor: Actor,
    *,
    indicator: str = "",
    existing: tuple[int | str, str] | None = None,
) -> Decision:
    """Opening a record directly (from a red indicator): the same checks as accepting, and
    no second record while ``existing`` (its id and status) is proposed or being worked."""
    allowed = may_work(actor, record)
    if not allowed.ok:
        return allowed
    if existing is not None and existing[1] in ACTIVE:
        return Decision.of(
            [reason("record.exists", indicator=indicator, scope=record.scope_label,
                    id=existing[0], status=existing[1])]
        )  # fmt: skip
    return Decision.of(_opening(record))


def _actions_done(record: RecordState) -> list[Reason]:
    out = []
    if not record.root_cause.strip() or record.root_cause_method not in ROOT_CAUSE_METHODS:
        out.append(reason("record.needs_root_cause"))
    if not any(status == "done" for _, status in record.tasks):
        out.append(reason("record.no_actions"))
    pending = [title for title, status in record.tasks if status not in ("done", "cancelled")]
    if pending:
        out.append(reason("record.actions_open", count=len(pending), titles=", ".join(pending)))
    return out


def _closing(
    record: RecordState, actor: Actor, *, note: str, verdict: Verdict | None, waive: bool
) -> Decision:
    if waive:
        if actor.role != "department_director":
            return Decision.of([reason("waiver.director_only", actor=actor.code, role=actor.role)])
        if not note.strip():
            return Decision.of([reason("waiver.reason_required")])
        return Decision.of(())
    if verdict is not None and verdict.effective is True:
        return Decision.of(())
    if verdict is None:
        detail = {"detail_en": "no verdict", "detail_zh": "尚无结论", "detail_zht": "尚無結論"}
    else:
        texts = verdict.reason.texts
        detail = {
            "detail_en": texts["en"],
            "detail_zh": texts["zh-Hans"],
            "detail_zht": texts["zh-Hant"],
        }
    return Decision.of([reason("close.not_effective", **detail)])


def check_task(record: RecordState, status: str, to: str, actor: Actor) -> Decision:
    """May ``actor`` move one action of ``record`` from ``status`` to ``to``?"""
    allowed = may_work(actor, record)
    if not allowed.ok:
        return allowed
    if record.status not in ("open", "actions_done"):
        return Decision.of([reason("task.closed_record", status=record.status)])
    if to not in TASK_TRANSITIONS.get(status, ()):
        return Decision.of([reason("task.bad_transition", status=status, to=to)])
    return Decision.of(())


def check_edit(record: RecordState, actor: Actor) -> Decision:
    """May ``actor`` add actions, links or analysis to ``record``? (while it is worked)."""
    allowed = may_work(actor, record)
    if not allowed.ok:
        return allowed
    if record.status not in ("proposed", "open", "actions_done", "verifying"):
        return Decision.of([reason("task.closed_record", status=record.status)])
    return Decision.of(())
