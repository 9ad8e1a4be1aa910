"""The meeting calendar (客服部會議制度, R-OPS-3) and searchable minutes."""

from __future__ import annotations

import datetime as dt

import pytest

from serviq.workforce.calendars import holiday_calendar
from serviq.workforce.meetings import (
    AgreedAnswer,
    Minutes,
    meeting_calendar,
    monthly_meeting,
    search_minutes,
)
from serviq.workforce.ruleset import MeetingRules, Rules

# The all-agent meeting "on the Friday before the 25th" (每月25日前周五), made by hand from
# the State Council's 2026 schedule (国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04)
# and the statutory days of 2027, counting weekdays from Thursday 1 January 2026 and
# Friday 1 January 2027 — not from serviq's function.
HAND_MADE = {
    # 2026: Fridays before the 25th
    (2026, 1): "2026-01-23",
    # Friday 20 Feb is inside the Spring Festival holiday (15–23 Feb); every day back to
    # the 15th is a holiday too, and Saturday 14 Feb is an official make-up working day.
    (2026, 2): "2026-02-14",
    (2026, 3): "2026-03-20",
    (2026, 4): "2026-04-24",
    (2026, 5): "2026-05-22",
    # Friday 19 June is the Dragon Boat Festival (19–21 June): Thursday 18 June.
    (2026, 6): "2026-06-18",
    (2026, 7): "2026-07-24",
    (2026, 8): "2026-08-21",
    # The 25th is itself a Friday (and the Mid-autumn Festival); "before the 25th": the 18th.
    (2026, 9): "2026-09-18",
    (2026, 10): "2026-10-23",
    (2026, 11): "2026-11-20",
    # The 25th is a Friday again: the 18th.
    (2026, 12): "2026-12-18",
    # 2027
    (2027, 1): "2027-01-22",
    (2027, 2): "2027-02-19",
    (2027, 3): "2027-03-19",
    (2027, 4): "2027-04-23",
    (2027, 5): "2027-05-21",
    # The 25th is a Friday: the 18th.
    (2027, 6): "2027-06-18",
    (2027, 7): "2027-07-23",
    (2027, 8): "2027-08-20",
    (2027, 9): "2027-09-24",
    (2027, 10): "2027-10-22",
    (2027, 11): "2027-11-19",
    (2027, 12): "2027-12-24",
}


@pytest.mark.parametrize(("year", "month"), sorted(HAND_MADE))
def test_the_monthly_meeting_is_on_the_friday_before_the_25th(year, month, rules, cal) -> None:
    assert monthly_meeting(year, month, rules, cal).isoformat() == HAND_MADE[(year, month)]


def test_the_hand_made_table_is_made_of_fridays_except_holiday_months() -> None:
    # a check on the table itself: weekday of each date, and its day of the month
    for (year, month), text in HAND_MADE.items():
        d = dt.date.fromisoformat(text)
        assert (d.year, d.month) == (year, month)
        assert d.day < 25
        if (year, month) not in {(2026, 2), (2026, 6)}:
            assert d.weekday() == 4, text


def test_the_day_and_weekday_are_settings(cal) -> None:
    thursday_before_20th = Rules(
        meetings=MeetingRules(monthly_before_day=20, monthly_weekday="thursday")
    )
    assert monthly_meeting(2026, 12, thursday_before_20th, cal).isoformat() == "2026-12-17"


def test_weekly_meetings_move_off_holidays(rules, cal) -> None:
    weekly = meeting_calendar(2026, rules, cal).weekly
    assert dt.date(2026, 1, 5) in weekly  # the first Monday of the year
    # Monday 5 October is in the National Day holiday (1–7 October): Thursday 8 October.
    assert dt.date(2026, 10, 5) not in weekly
    assert dt.date(2026, 10, 8) in weekly
    # The week of 16–22 February is all Spring Festival holiday: no meeting that week.
    assert not [d for d in weekly if dt.date(2026, 2, 16) <= d <= dt.date(2026, 2, 22)]
    assert all(cal.is_workday(d) for d in weekly)
    assert len(weekly) == len(set(weekly))


def test_half_year_and_annual_summaries(rules, cal) -> None:
    m = meeting_calendar(2026, rules, cal)
    assert m.half_year == dt.date(2026, 6, 30)
    assert m.annual == dt.date(2026, 12, 31)
    # 31 December 2028 is a Sunday: the last working day is Friday 29 December.
    hk = holiday_calendar("HK")
    assert meeting_calendar(2028, rules, hk).annual == dt.date(2028, 12, 29)


MINUTES = [
    Minutes(
        "W-2026-48",
        "weekly",
        dt.date(2026, 11, 23),
        "M1",
        decisions=("信用卡分期退息一律轉投訴組處理",),
        agreed_answers=(
            AgreedAnswer(
                "客戶問提前還款是否收違約金？", "按合同約定收取，統一答復口徑見知識庫第12條。"
            ),
        ),
    ),
    Minutes(
        "M-2026-11",
        "monthly",
        dt.date(2026, 11, 20),
        "M1",
        decisions=("下月起換班須提前三天登記",),
        notes="通報質檢結果，獎優罰劣。",
    ),
]


def test_agents_find_the_agreed_answer_in_either_script() -> None:
    simplified = search_minutes(MINUTES, "提前还款")
    assert [h.minutes for h in simplified] == ["W-2026-48"]
    assert simplified[0].field == "agreed_answer"
    assert search_minutes(MINUTES, "換班")[0].minutes == "M-2026-11"
    assert search_minutes(MINUTES, "换班 登记")[0].field == "decision"


def test_every_term_must_match_and_nothing_matches_nothing() -> None:
    assert search_minutes(MINUTES, "换班 违约金") == []
    assert search_minutes(MINUTES, "   ") == []


def test_full_width_and_half_width_match() -> None:
    assert search_minutes(MINUTES, "第１２条")[0].minutes == "W-2026-48"
