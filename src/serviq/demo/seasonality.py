"""When customers call: the day's volume factor and the shape of the day.

Volume on a date is ``daily_contacts × scale × f_weekday × noise``; on a mainland public
holiday (chinese-calendar, with its official make-up working days 调休) the weekday factor is
replaced by ``holiday_factor``, and a make-up Saturday or Sunday counts as an ordinary
weekday. The hourly shares of ``intraday_voice`` and ``intraday_digital`` are spread over
15-minute intervals by linear interpolation, giving the double-humped day of a bank centre
(peaks 09:30–11:30 and 14:00–16:30, a dip at lunch, quiet nights).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from serviq.demo.centre import CentreProfile

INTERVALS_PER_DAY = 96
INTERVAL_SECONDS = 900


def day_kind(day: dt.date) -> str:
    """``holiday`` (a named public holiday), ``workday`` or ``weekend``.

    Uses chinese-calendar where it knows the year; outside its years, Saturdays and Sundays
    are the weekend and there are no holidays.
    """
    try:
        import chinese_calendar

        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except (NotImplementedError, ImportError):
        return "weekend" if day.weekday() >= 5 else "workday"
    if on_holiday and name is not None:
        return "holiday"
    if on_holiday:
        return "weekend"
    return "workday"


def day_factor(day: dt.date, profile: CentreProfile) -> float:
    """Volume of ``day`` relative to an ordinary weekday (before noise)."""
    kind = day_kind(day)
    arrivals = profile.arrivals
    if kind == "holiday":
        return arrivals.holiday_factor
    if kind == "workday" and day.weekday() >= 5:  # a make-up working day (调休)
        return arrivals.weekday_factor[4]
    return arrivals.weekday_factor[day.weekday()]


def intraday_profile(hourly: list[float]) -> np.ndarray:
    """Shares of the day's volume in each 15-minute interval (sum 1).

    The hourly values are read as the level at the middle of each hour and interpolated
    linearly (cyclically over midnight), so the profile has no steps at the full hours.
    """
    h = np.asarray(hourly, dtype=float)
    centres = np.arange(24) + 0.5
    t = (np.arange(INTERVALS_PER_DAY) + 0.5) / 4.0
    level = np.interp(t, np.concatenate([[centres[-1] - 24], centres, [centres[0] + 24]]),
                      np.concatenate([[h[-1]], h, [h[0]]]))  # fmt: skip
    return level / level.sum()
