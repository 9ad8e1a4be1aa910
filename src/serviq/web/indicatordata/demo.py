"""The demo's indicator data: operations-room checklist rounds, handover logs with the
equipment's state, system months for every month of the generated centre, so that workplace standards,
equipment in good order, product needs met, system availability and the system-problem
rate have a value in every demo period (scope 7 of issue 18).

Deterministic for a seed. Rates are drawn near the source's targets: about 2 % of checklist
items fail (a third of those naming an agent, which records a conduct entry), about 1.2 % of
the equipment breaks on a shift (equipment in good order near 0.97–1.0, faults fixed within
2–72 hours), product needs met 0.82–0.95, 5–90 unavailable minutes a month per
service and a few problem contacts per thousand answered. The generated centre's work orders
are stored as they are (their escalations, answers and call-backs give the call-back rate,
the month-end backlog and the weekly supervision totals), and about 40 product-feedback
items a month are coded by the product code book: some 10 % complaints about a product,
15 % about the service, the rest product requests of which 82–95 % are met.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pandas as pd
from django.db import transaction
from django.utils import timezone

from serviq.ops.checklists import load_checklists
from serviq.ops.systems import load_services
from serviq.text.feedback import code_feedback
from serviq.web.dashboard.models import Interaction
from serviq.web.indicatordata.models import (
    ChecklistRound,
    ChecklistTick,
    ManualValue,
    ProductFeedbackRecord,
    SystemMonthRecord,
    WorkOrderRecord,
)
from serviq.web.org.models import Person, Team

ROUNDS_PER_MONTH = 8  # one check every few days per team (day and night shifts alternate)


def _days(period: str) -> int:
    year, month = map(int, period.split("-"))
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return (nxt - dt.date(year, month, 1)).days


FEEDBACK_PER_MONTH = 40
PRODUCT_COMPLAINTS = (
    "信用卡年费太高了，额度也给得太低",
    "房贷利率比别家高，还款方式不灵活",
    "理财产品收益和宣传的差太多",
    "大额存单的利率太低了",
    "跨行转账手续费太贵",
    "手机银行的转账限额太小，功能不够用",
)
SERVICE_COMPLAINTS = ("客服态度不好", "电话等了很久才接通", "问题说了好几遍还没解决")
PRODUCT_NEEDS = (
    "想办一张没有年费的信用卡",
    "希望有三年期的定期存款",
    "想要可以提前还款不收费的贷款",
    "希望手机银行能查看电子回单",
    "想买风险低一点的理财产品",
    "希望外币汇款能在网银上办理",
)


def load_demo_work_orders(work_orders: pd.DataFrame) -> int:
    """Store the generated work orders (canonical columns; naive times are UTC) in one
    ``executemany`` (a year of the demo has some 60,000)."""
    from django.db import connection

    from serviq.web.demo import _utc, insert_rows

    wo = work_orders
    if wo.empty:
        return 0
    team_pk = dict(Team.objects.values_list("code", "pk"))
    vendor = connection.vendor
    values: dict[str, list[Any]] = {
        "work_order_id": wo["work_order_id"].astype(str).tolist(),
        "team": [team_pk.get(v) if isinstance(v, str) else None for v in wo["team_id"]],
        "queue": wo["queue"].astype(str).tolist(),
        "contact_type": wo["contact_type"].fillna("").astype(str).tolist(),
        "escalated": wo["escalated"].astype(bool).tolist(),
        "reopened_count": wo["reopened_count"].fillna(0).astype(int).tolist(),
        "callback_required": wo["callback_required"].astype(bool).tolist(),
        "callback_done": wo["callback_done"].astype(bool).tolist(),
    }
    for c in ("created_at", "due_at", "closed_at", "first_closed_at", "callback_at"):
        values[c] = _utc(pd.to_datetime(wo[c], utc=True), vendor)
    return insert_rows(WorkOrderRecord, values)


def load_demo_feedback(periods: list[str], importer: Person, rng: random.Random) -> int:
    """About :data:`FEEDBACK_PER_MONTH` product-feedback items a month, coded and stored."""
    items: list[tuple[str, str, str, bool | None, str]] = []
    for period in periods:
        year, month = map(int, period.split("-"))
        met_share = rng.uniform(0.82, 0.95)
        for k in range(FEEDBACK_PER_MONTH):
            day = dt.date(year, month, 1 + rng.randrange(_days(period))).isoformat()
            draw = rng.random()
            if draw < 0.10:
                kind, met, text = "complaint", None, rng.choice(PRODUCT_COMPLAINTS)
            elif draw < 0.25:
                kind, met, text = "complaint", None, rng.choice(SERVICE_COMPLAINTS)
            else:
                kind, met, text = "need", rng.random() < met_share, rng.choice(PRODUCT_NEEDS)
            items.append((f"PF-{period}-{k:03d}", day, kind, met, text))
    coded = code_feedback(items)
    ProductFeedbackRecord.objects.bulk_create(
        [
            ProductFeedbackRecord(
                feedback_id=f.feedback_id,
                received_on=dt.date.fromisoformat(f.received_on),
                period=f.period,
                kind=f.kind,
                met=f.met,
                text=f.text,
                codes=";".join(f.codes),
                imported_by=importer,
            )
            for f in coded
        ],
        batch_size=2000,
    )
    return len(coded)


HANDOVERS_PER_MONTH = 10  # the handover logs of a team's month (every third day or so)
FAULT_CHANCE = 0.012  # per piece of equipment and shift: equipment in good order ≈ 0.97–1.0
FAULT_NOTES = (
    "耳机无声，已报IT",
    "电脑蓝屏重启",
    "话机按键失灵",
    "账号被锁，已申请重置",
    "大屏不刷新",
)


def load_demo_handovers(team: Team, lead: Person, periods: list[str], rng: random.Random) -> int:
    """The team's handover logs with the equipment's state (``ops/equipment.yaml``): about
    :data:`FAULT_CHANCE` of the pieces break on a shift (a third out of service, the rest
    faulty), reported 1–6 hours before the handover and fixed 2–72 hours later; a fault
    still open at the next handover is recorded again, a fixed one shows its fix time. Logs
    stop at now, so faults of the last days may still be open. Stored in bulk."""
    from zoneinfo import ZoneInfo

    from django.conf import settings

    from serviq.ops.equipment import load_equipment
    from serviq.web.workforce.models import EquipmentCheck, HandoverEntry

    zone = ZoneInfo(settings.TIME_ZONE)
    now = timezone.now()
    pieces = [e.code for e in load_equipment().of_team(team.code)]
    faults: dict[str, tuple[str, dt.datetime, dt.datetime, str]] = {}  # open → state, times
    logs: list[HandoverEntry] = []
    planned: list[list[tuple[str, str, dt.datetime | None, dt.datetime | None, str]]] = []
    for period in periods:
        year, month = map(int, period.split("-"))
        for k in range(HANDOVERS_PER_MONTH):
            day = dt.date(year, month, 1 + k * (_days(period) - 1) // HANDOVERS_PER_MONTH)
            night = k % 2 == 1
            at = dt.datetime.combine(day, dt.time(20 if night else 8, 30), tzinfo=zone)
            if at > now:
                break
            rows: list[tuple[str, str, dt.datetime | None, dt.datetime | None, str]] = []
            for code in pieces:
                fault = faults.get(code)
                if fault is not None and fault[2] <= at:  # fixed since the last handover
                    rows.append((code, "in_order", fault[1], fault[2], ""))
                    del faults[code]
                elif fault is not None:
                    rows.append((code, fault[0], fault[1], None, fault[3]))
                elif rng.random() < FAULT_CHANCE:
                    state = "out_of_service" if rng.random() < 1 / 3 else "faulty"
                    reported = at - dt.timedelta(hours=rng.uniform(1, 6))
                    fixed = reported + dt.timedelta(hours=rng.uniform(2, 72))
                    faults[code] = (state, reported, fixed, rng.choice(FAULT_NOTES))
                    rows.append((code, state, reported, None, faults[code][3]))
                else:
                    rows.append((code, "in_order", None, None, ""))
            logs.append(
                HandoverEntry(
                    team=team,
                    shift_label=f"{day.isoformat()} {'night' if night else 'day'}",
                    outgoing_lead=lead,
                    recorded_at=at,
                    equipment="",
                    hard_cases="无",
                    staff_changes="无",
                    notices_read="最新通告已阅",
                )
            )
            planned.append(rows)
    saved = HandoverEntry.objects.bulk_create(logs, batch_size=500)
    if saved and saved[0].pk is None:  # a backend that returns no keys: read them back
        saved = list(HandoverEntry.objects.filter(team=team).order_by("recorded_at", "pk"))
    EquipmentCheck.objects.bulk_create(
        [
            EquipmentCheck(
                entry=entry,
                equipment=code,
                state=state,
                reported_at=reported,
                reported_by=lead if reported is not None else None,
                fixed_at=fixed,
                note=note,
            )
            for entry, rows in zip(saved, planned, strict=True)
            for code, state, reported, fixed, note in rows
        ],
        batch_size=2000,
    )
    return len(saved)


#: The branch system's registers a person reads the month's number from (``branch_counter``'s
#: ``manual`` bindings, stored under the binding's reference so that no contact-centre
#: indicator of the same code reads them): the range the demo draws from, and the note.
BRANCH_REGISTERS = {
    "back_office_review": (0.0003, 0.0025, "demo: back-office review, errors ÷ transactions"),
    "device_monitoring": (0.95, 0.995, "demo: device monitoring, hours in service ÷ opening hours"),
    "branch_checklist": (
        0.94,
        1.0,
        "demo: the branch head's morning checks, items passed ÷ checked",
    ),
}


def load_demo_branch_registers(period: str, who: Person, rng: random.Random) -> int:
    """The month's branch registers (back-office error review, self-service device
    monitoring, the branch standards checks) as values entered by hand for the centre —
    where the bundled ``branch_counter`` system's numbers are entered by a person."""
    for ref, (low, high, note) in BRANCH_REGISTERS.items():
        ManualValue.objects.create(
            period=period, team=None, code=ref, value=rng.uniform(low, high), note=note,
            entered_by=who,
        )  # fmt: skip
    return len(BRANCH_REGISTERS)


def load_demo_indicator_data(
    seed: int = 18, work_orders: pd.DataFrame | None = None
) -> dict[str, int]:
    """Create the rounds, entries, system months, work orders and product feedback for
    every month with contacts."""
    from serviq.web.workforce.models import Violation

    rng = random.Random(seed)
    periods = list(
        Interaction.objects.order_by("period").values_list("period", flat=True).distinct()
    )
    templates = list(load_checklists().values())
    admin = Person.objects.filter(role="admin").first() or Person.objects.first()
    director = Person.objects.filter(role="department_director").first() or admin
    if admin is None or not periods:
        return {"rounds": 0, "handovers": 0, "manual": 0, "systems": 0, "work_orders": 0, "feedback": 0}  # fmt: skip
    counts = {"rounds": 0, "handovers": 0, "manual": 0, "systems": 0, "work_orders": 0, "feedback": 0}  # fmt: skip
    with transaction.atomic():
        for team in Team.objects.order_by("code"):
            lead = Person.objects.filter(team=team, role="team_lead").first() or admin
            agents = list(Person.objects.filter(team=team, role="agent").order_by("code"))
            for period in periods:
                year, month = map(int, period.split("-"))
                for k in range(ROUNDS_PER_MONTH):
                    day = dt.date(year, month, 1 + k * (_days(period) - 1) // ROUNDS_PER_MONTH)
                    for template in templates:
                        rnd = ChecklistRound.objects.create(
                            team=team,
                            template=template.code,
                            date=day,
                            shift_label="day" if k % 2 == 0 else "night",
                            period=period,
                            ticked_by=lead,
                        )
                        counts["rounds"] += 1
                        for item in template.items:
                            passed = rng.random() >= 0.02
                            person = rng.choice(agents) if not passed and agents and rng.random() < 1 / 3 else None  # fmt: skip
                            violation = None
                            if person is not None:
                                violation = Violation.objects.create(
                                    person=person,
                                    team=team,
                                    date=day,
                                    kind="workplace_standard",
                                    shift_code=rnd.shift_label,
                                    reasons=[
                                        {
                                            "code": f"checklist.{template.code}.{item.code}",
                                            "messages": {
                                                lang: item.text.get(lang)
                                                for lang in ("zh-Hans", "zh-Hant", "en")
                                            },
                                        }
                                    ],
                                    recorded_by=lead,
                                    recorded_at=timezone.now(),
                                )
                            ChecklistTick.objects.create(
                                round=rnd,
                                item=item.code,
                                passed=passed,
                                person=person,
                                violation=violation,
                            )
            counts["handovers"] += load_demo_handovers(team, lead, periods, rng)
        for period in periods:
            counts["manual"] += load_demo_branch_registers(period, director, rng)
            answered = Interaction.objects.filter(period=period, answered_at__isnull=False).count()
            for service in load_services():
                scheduled = 24 * 60 * _days(period)
                SystemMonthRecord.objects.create(
                    period=period,
                    service=service,
                    scheduled_minutes=scheduled,
                    unavailable_minutes=rng.randint(5, 90),
                    problem_contacts=round(answered * rng.uniform(0.0005, 0.002)),
                    imported_by=admin,
                )
                counts["systems"] += 1
        if work_orders is not None:
            counts["work_orders"] = load_demo_work_orders(work_orders)
        counts["feedback"] = load_demo_feedback(periods, director, rng)
    return counts
