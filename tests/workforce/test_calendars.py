"""Public holidays and make-up working days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar
import pytest

from serviq.errors import InvalidInput, ValidationFailed
from serviq.workforce.calendars import holiday_calendar, load_cn_schedule


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_the_2026_schedule_file_agrees_with_chinese_calendar(cal) -> None:
    # two transcriptions of the same State Council notice
    day = d("2026-01-01")
    while day.year == 2026:
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


def test_make_up_working_days_are_working_days(cal) -> None:
    assert cal.is_workday(d("2026-02-14"))  # Saturday, worked for the Spring Festival
    assert cal.is_workday(d("2026-10-10"))
    assert not cal.is_workday(d("2026-02-20"))  # Friday in the Spring Festival holiday
    assert cal.holiday(d("2026-02-20")).name == "春节"


def test_earlier_years_come_from_chinese_calendar(cal) -> None:
    assert cal.is_workday(d("2025-10-11"))  # a Saturday worked in 2025
    assert cal.is_holiday(d("2025-10-08"))


def test_2027_is_provisional_and_says_so(cal) -> None:
    assert cal.sources[2027].startswith("provisional")
    assert cal.sources[2026].startswith("official")
    assert cal.is_holiday(d("2027-02-06"))  # Spring Festival (初一)
    assert cal.is_holiday(d("2027-10-04"))  # National Day 2 Oct is a Saturday: made up on Monday


def test_a_year_without_data_is_an_error_that_says_what_to_do(cal) -> None:
    with pytest.raises(InvalidInput, match=r"no public-holiday data for 2031.*holidays_cn.yaml"):
        cal.is_workday(d("2031-03-03"))


def test_a_centre_adds_a_year_in_its_own_schedule_file(tmp_path: Path) -> None:
    bundled = load_cn_schedule()
    text = (Path(__file__).parents[2] / "src/serviq/data/workforce/holidays_cn.yaml").read_text(
        "utf-8"
    )
    text += (
        "  2028:\n    status: official\n    source: test\n"
        "    holidays:\n      - {name: 元旦, en: New Year's Day, from: 2028-01-01, to: 2028-01-03}\n"
        "    workdays: [2028-01-08]\n"
    )
    f = tmp_path / "holidays_cn.yaml"
    f.write_text(text, "utf-8")
    cal = holiday_calendar("CN", schedule_file=f)
    assert cal.is_holiday(d("2028-01-03"))
    assert cal.is_workday(d("2028-01-08"))  # a Saturday
    assert 2028 not in bundled.years


def test_a_malformed_schedule_file_names_the_field(tmp_path: Path) -> None:
    f = tmp_path / "holidays_cn.yaml"
    f.write_text(
        "years:\n  2028:\n    status: rumoured\n    source: x\n    holidays: []\n", "utf-8"
    )
    with pytest.raises(ValidationFailed) as exc:
        holiday_calendar("CN", schedule_file=f)
    text = str(exc.value)
    assert "years.2028.status" in text
    assert "'official'" in text
    assert "'provisional'" in text


@pytest.mark.parametrize(
    ("region", "day", "holiday"),
    [
        ("HK", "2026-07-01", True),
        ("MO", "2026-12-20", True),
        ("TW", "2026-10-10", True),
        ("HK", "2026-07-02", False),
    ],
)
def test_hong_kong_macau_and_taiwan(region, day, holiday) -> None:
    assert holiday_calendar(region).is_holiday(d(day)) is holiday
