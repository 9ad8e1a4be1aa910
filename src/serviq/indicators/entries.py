"""Values entered by hand: which indicators a person may enter, and whether a value is valid.

An indicator bound to ``source: manual`` has no records to compute it from: its owner (the
role named by ``owner`` in the system file) enters the month's value with its evidence. This
module holds the rules; the web form stores what passes them and hands the stored entries
to :func:`serviq.indicators.evaluation.evaluate` as ``manual`` (via :func:`manual_values`),
so the dashboard, ``serviq indicators score`` and the reports value them the same way.

Rules (each refusal one line, naming the field):

- the indicator exists in the system (else :class:`~serviq.errors.NotFound`);
- its binding is ``manual`` or ``equipment`` — any other computed indicator cannot be
  overwritten by hand. Equipment in good order (``EQUIP_OK``) is computed from the handover
  log's equipment checks; its owner may still enter the month's value (a month whose
  checks were kept on paper, a correction), and an entered value **wins** over the checks
  in the dispatch (:func:`serviq.indicators.evaluation.evaluate`), shown on the dashboard
  with who entered it and audited like every entry;
- the person's role is the indicator's owner, or ``admin`` (else
  :class:`~serviq.errors.PermissionDenied`);
- the period is a calendar month ``YYYY-MM``;
- the value is a finite number inside the indicator's ``bounds`` (when it has any);
- the evidence is given: a note or a file.

>>> from serviq.indicators import bundled_system
>>> system = bundled_system("bank_contact_centre")
>>> [n.code for n in enterable(system, "team_lead")]
['EQUIP_OK']
>>> check_entry(system, code="EQUIP_OK", period="2026-10", value="0.97", role="team_lead",
...             evidence=True)
0.97
>>> manual_values([ManualEntry("2026-10", "T1", "EQUIP_OK", 0.97)])
{('2026-10', 'T1'): {'EQUIP_OK': 0.97}}
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from serviq.errors import InvalidInput, NotFound, PermissionDenied, Where
from serviq.indicators.model import IndicatorSystem, Node
from serviq.messages import error

#: The binding sources whose value a person enters.
ENTERABLE = ("manual", "equipment")
#: The role that may enter every manual indicator besides its owner.
ADMIN = "admin"
PERIOD = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class ManualEntry:
    """One stored value: the month, the scope ("" = the centre, else a team code), the
    indicator and the value (full precision)."""

    period: str
    scope: str
    code: str
    value: float


def _role(role: Any) -> str:
    return str(getattr(role, "value", role))


def is_enterable(node: Node) -> bool:
    m = node.measurement
    return m is not None and m.binding.source in ENTERABLE


def enterable(system: IndicatorSystem, role: Any) -> list[Node]:
    """The manual indicators ``role`` may enter (its own; an administrator every one)."""
    who = _role(role)
    return [
        n
        for n in system.indicators()
        if is_enterable(n) and (who == ADMIN or (n.owner is not None and _role(n.owner) == who))
    ]


def check_entry(
    system: IndicatorSystem,
    *,
    code: str,
    period: str,
    value: Any,
    role: Any,
    evidence: bool,
) -> float:
    """The value as a number if ``role`` may enter it for ``period``; else the one-line error."""
    node = next((n for n in system.indicators() if n.code == code), None)
    if node is None:
        raise error(NotFound, "data.no_indicator", where=Where(field="indicator"),
                    indicator=code, system=system.id)  # fmt: skip
    if not is_enterable(node):
        source = node.measurement.binding.source if node.measurement else "none"
        raise error(InvalidInput, "data.computed", where=Where(field="indicator"),
                    indicator=code, source=source, allowed=", ".join(ENTERABLE))  # fmt: skip
    who = _role(role)
    owner = _role(node.owner) if node.owner is not None else None
    if who != ADMIN and who != owner:
        raise error(PermissionDenied, "data.not_owner", indicator=code,
                    owner=owner or "none", role=who)  # fmt: skip
    if not PERIOD.match(str(period or "")):
        raise error(InvalidInput, "form.period", where=Where(field="period"), period=period)
    try:
        number = float(str(value).strip().replace(",", "."))
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        raise error(InvalidInput, "data.value", where=Where(field="value"), value=value)
    if node.bounds is not None and not node.bounds.min <= number <= node.bounds.max:
        raise error(InvalidInput, "data.range", where=Where(field="value"),
                    value=f"{number:g}", indicator=code, lo=f"{node.bounds.min:g}",
                    hi=f"{node.bounds.max:g}")  # fmt: skip
    if not evidence:
        raise InvalidInput(
            "the evidence is missing; allowed: a note, a file or both",
            where=Where(field="evidence"),
        )
    return number


def manual_values(entries: Iterable[ManualEntry]) -> dict[tuple[str, str], dict[str, float]]:
    """The entries as :func:`~serviq.indicators.evaluation.evaluate`'s ``manual`` argument."""
    out: dict[tuple[str, str], dict[str, float]] = {}
    for e in entries:
        out.setdefault((e.period, e.scope), {})[e.code] = e.value
    return out
