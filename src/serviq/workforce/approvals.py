"""Step-by-step approval: a small state machine shared by leave and swaps.

A flow is a sequence of :class:`Step` s in *stages*. All steps of a stage must approve
before any step of the next stage may act (leave goes level by level, no skipping —
R-OPS-6; a swap needs the partner first, then both team leads in either order —
R-OPS-7). Any pending step of the current stage may refuse, which ends the flow.

::

    submitted ──approve (stage 0)──▶ in_review ──…──▶ approved
        └──────────refuse (current stage)──────────▶ refused
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal

from serviq.errors import Conflict, PermissionDenied
from serviq.messages import error

Status = Literal["submitted", "in_review", "approved", "refused"]


@dataclass(frozen=True)
class Step:
    """Who must act: a ``role``, narrowed by ``scope`` (a team for a team lead, a person
    for an agent), in ``stage`` order."""

    role: str
    scope: str | None = None
    stage: int = 0

    def matches(self, role: str, scope: str | None) -> bool:
        return self.role == role and (self.scope is None or self.scope == scope)

    def __str__(self) -> str:
        return f"{self.role} {self.scope}" if self.scope else self.role


@dataclass(frozen=True)
class Act:
    step: Step
    actor: str
    at: dt.datetime
    verdict: Literal["approved", "refused"]
    note: str = ""


@dataclass(frozen=True)
class Flow:
    steps: tuple[Step, ...]
    acts: tuple[Act, ...] = ()
    status: Status = "submitted"

    @classmethod
    def of(cls, steps: Iterable[Step]) -> Flow:
        return cls(tuple(steps))

    def as_dict(self) -> dict[str, Any]:
        """Plain data for storage (the web keeps it in a JSON column)."""
        return {
            "status": self.status,
            "steps": [{"role": s.role, "scope": s.scope, "stage": s.stage} for s in self.steps],
            "acts": [
                {
                    "step": self.steps.index(a.step),
                    "actor": a.actor,
                    "at": a.at.isoformat(),
                    "verdict": a.verdict,
                    "note": a.note,
                }
                for a in self.acts
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Flow:
        steps = tuple(
            Step(s["role"], s.get("scope"), int(s.get("stage", 0))) for s in data["steps"]
        )
        acts = tuple(
            Act(
                steps[a["step"]],
                a["actor"],
                dt.datetime.fromisoformat(a["at"]),
                a["verdict"],
                a.get("note", ""),
            )
            for a in data.get("acts", ())
        )
        return cls(steps, acts, data.get("status", "submitted"))

    @property
    def next_roles(self) -> tuple[str, ...]:
        """Who may act now, as ``role`` or ``role scope`` strings."""
        return tuple(str(s) for s in self.pending)

    @property
    def done(self) -> tuple[Step, ...]:
        return tuple(a.step for a in self.acts if a.verdict == "approved")

    @property
    def pending(self) -> tuple[Step, ...]:
        """The steps that may act now: the not-yet-approved steps of the lowest stage."""
        if self.status in ("approved", "refused"):
            return ()
        left = [s for s in self.steps if s not in self.done]
        if not left:
            return ()
        stage = min(s.stage for s in left)
        return tuple(s for s in left if s.stage == stage)

    def _step_for(self, role: str, scope: str | None) -> Step:
        if self.status in ("approved", "refused"):
            raise error(Conflict, "request.decided", status=self.status)
        for step in self.pending:
            if step.matches(role, scope):
                return step
        expected = " or ".join(str(s) for s in self.pending)
        who = f"{role} {scope}" if scope else role
        waiting = ", ".join(s.role for s in self.pending)
        params: dict[str, Any] = {"who": who, "expected": expected, "role": role, "scope": scope or "",
                  "waiting": waiting}  # fmt: skip
        if any(s.matches(role, scope) for s in self.steps):
            raise error(Conflict, "approval.not_yet", **params)
        raise error(PermissionDenied, "approval.not_in_chain", **params)

    def approve(self, *, role: str, actor: str, at: dt.datetime, scope: str | None = None) -> Flow:
        step = self._step_for(role, scope)
        acts = (*self.acts, Act(step, actor, at, "approved"))
        done = {a.step for a in acts}
        status: Status = "approved" if all(s in done for s in self.steps) else "in_review"
        return replace(self, acts=acts, status=status)

    def refuse(
        self, *, role: str, actor: str, at: dt.datetime, scope: str | None = None, note: str = ""
    ) -> Flow:
        step = self._step_for(role, scope)
        return replace(
            self, acts=(*self.acts, Act(step, actor, at, "refused", note)), status="refused"
        )
