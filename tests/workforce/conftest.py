"""Fixtures of the workforce tests (personas and builders are in ``personas.py``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
import time_machine

from serviq.workforce.calendars import HolidayCalendar, holiday_calendar
from serviq.workforce.ruleset import Rules, load_rules

from .personas import ZONE, at


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()


@pytest.fixture(scope="session")
def cal() -> HolidayCalendar:
    return holiday_calendar("CN")


@pytest.fixture
def frozen() -> Iterator[Callable[[str], dt.datetime]]:
    """Freeze the clock: ``frozen("2026-12-09 13:00")`` returns that moment as ``now``."""
    travellers: list[time_machine.travel] = []

    def freeze(text: str) -> dt.datetime:
        moment = at(text)
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)
        return dt.datetime.now(ZONE)

    yield freeze
    for t in reversed(travellers):
        t.stop()
