"""Follow-up and recovery of a guaranteed case as events (R-SME-4: 擔保決策、跟蹤、追償).

A case's events are monitoring visits, early-warning signs (taken from its soft
information), the default and each recovery. :func:`check_event` is the rule for adding
one; :func:`allocation` allocates the default, net of every recovery so far, across the
contract's layers with :func:`serviq.sme.guarantees.allocate`::

    loss = max(0, principal + interest − Σ (recovered − cost))

and each party bears ``share × loss`` (module :mod:`serviq.sme.guarantees`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from serviq.errors import Conflict, InvalidInput, Where
from serviq.messages import error
from serviq.sme.cases import Case, Catalogue, latest_verified
from serviq.sme.guarantees import Allocation, Party, Recovery, allocate

#: event kind → (zh-Hans, zh-Hant, en) label.
KINDS: dict[str, tuple[str, str, str]] = {
    "monitoring_visit": ("贷后走访", "貸後走訪", "Monitoring visit"),
    "early_warning": ("预警信号", "預警信號", "Early-warning sign"),
    "default": ("违约代偿", "違約代償", "Default"),
    "recovery": ("追偿回收", "追償回收", "Recovery"),
}


@dataclass(frozen=True)
class Event:
    kind: str
    amount: float | None = None
    interest: float | None = None
    cost: float | None = None


def check_event(event: Event, earlier: Sequence[Event], guaranteed: bool) -> None:
    """May ``event`` follow ``earlier``? Raises :class:`InvalidInput` or :class:`Conflict`
    saying why: the kind must be known; a default carries the principal owed (0 or more),
    comes once and only on a guaranteed case; a recovery comes after the default and
    carries the amount recovered (0 or more)."""
    if event.kind not in KINDS:
        raise error(InvalidInput, "sme.event_kind", where=Where(field="kind"),
                    kind=event.kind, allowed=", ".join(KINDS))  # fmt: skip
    for name in ("amount", "interest", "cost"):
        value = getattr(event, name)
        if value is not None and value < 0:
            raise error(InvalidInput, "sme.negative", where=Where(field=name), name=name,
                        value=value)  # fmt: skip
    defaulted = any(e.kind == "default" for e in earlier)
    if event.kind == "default":
        if not guaranteed:
            raise Conflict("a default is recorded on a guaranteed case with its contract")
        if defaulted:
            raise Conflict("the case has already defaulted; record recoveries instead")
    if event.kind == "recovery" and not defaulted:
        raise Conflict("a recovery follows the case's default; record the default first")
    if event.kind in ("default", "recovery") and event.amount is None:
        raise error(InvalidInput, "sme.needs_amount", where=Where(field="amount"),
                    kind=event.kind)  # fmt: skip


def allocation(shares: dict[Party, float], events: Sequence[Event]) -> Allocation | None:
    """The default's loss after every recovery, allocated across the layers; ``None``
    before a default."""
    default = next((e for e in events if e.kind == "default"), None)
    if default is None:
        return None
    recoveries = tuple(
        Recovery(e.amount or 0.0, e.cost or 0.0) for e in events if e.kind == "recovery"
    )
    return allocate(shares, default.amount or 0.0, default.interest or 0.0, recoveries)


def early_warning_signs(case: Case, catalogue: Catalogue, at: float) -> list[str]:
    """The soft-information categories whose latest verified entry scores at or below
    ``at`` of its scale (0 the worst point, 1 the best): the case's early-warning signs."""
    return [c for c, v in latest_verified(case, catalogue).items() if v <= at]
