"""The register (serviq.actions.register): open, overdue and due this week by indicator,
owner and team, and the section a monthly report shows."""

from __future__ import annotations

import datetime as dt

from serviq.actions.register import Entry, section

D = dt.date


def entries() -> list[Entry]:
    return [
        Entry(1, "ABANDON", "T1", "2026-09", "open", "L1", D(2026, 10, 20), opened_on=D(2026, 10, 2)),
        Entry(2, "FCR", "T1", "2026-09", "verifying", "L1", D(2026, 11, 3), opened_on=D(2026, 10, 2),
              tasks=((D(2026, 10, 10), "done"),)),
        Entry(3, "FCR", "", "2026-09", "actions_done", "D1", D(2026, 12, 31), opened_on=D(2026, 10, 5),
              tasks=((D(2026, 10, 28), "planned"),)),
        Entry(4, "ASA", "T2", "2026-08", "closed", "L2", D(2026, 9, 30), closed_on=D(2026, 10, 12),
              opened_on=D(2026, 9, 2)),
        Entry(5, "CSAT", "T2", "2026-10", "proposed", opened_on=D(2026, 11, 1)),
    ]  # fmt: skip


def test_the_monthly_section_counts_as_of_the_period_end() -> None:
    s = section(entries(), "2026-10")
    assert s.as_of == D(2026, 10, 31)
    assert [e.id for e in s.open] == [1, 2, 3]
    assert [e.id for e in s.overdue] == [1, 3]  # 1 past its due day, 3 has an action past due
    assert [e.id for e in s.due_soon] == [2]
    assert [e.id for e in s.closed_in_period] == [4]
    assert [e.id for e in s.opened_in_period] == [1, 2, 3]
    assert s.by_indicator["FCR"].as_dict() == {"open": 2, "overdue": 1, "due_soon": 1}
    assert s.by_team["centre"].open == 1
    assert s.by_team["T1"].open == 2
    assert s.by_owner["L1"].overdue == 1
    out = s.as_dict()
    assert out["overdue"][0]["overdue"] is True
    assert out["open"][2]["scope"] == "centre"


def test_due_this_week_is_relative_to_today() -> None:
    s = section(entries(), "2026-10", today=D(2026, 10, 15), due_soon_days=7)
    assert [e.id for e in s.overdue] == []
    assert [e.id for e in s.due_soon] == [1]
