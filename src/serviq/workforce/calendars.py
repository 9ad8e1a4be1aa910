"""Working days and public holidays of the centre's region.

Mainland China (``CN``) has public holidays *and* make-up working days (调休上班: a Saturday
or Sunday that is worked because a holiday was moved). The official schedule is published
by the State Council each November. serviq reads it from
``serviq/data/workforce/holidays_cn.yaml`` for the years that file lists (a centre adds the
next year there, or in its own copy under ``SERVIQ_CONFIG_DIR``), and from the
`chinese-calendar` package for the other years it knows (2004–2026). Hong Kong, Macau and
Taiwan come from the `holidays` package (public holidays; no make-up working days).

A day is a *working day* when it is a make-up working day, or a Monday–Friday that is not
a public holiday.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from serviq.errors import InvalidInput, Where
from serviq.resources import data_path
from serviq.yamlfile import load_model

Region = Literal["CN", "HK", "MO", "TW"]
HOLIDAYS_FILE = "workforce/holidays_cn.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class HolidaySpan(_Strict):
    name: str
    en: str
    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> HolidaySpan:
        if self.end < self.start:
            raise ValueError(f"'to' ({self.end}) is before 'from' ({self.start})")
        return self

    def days(self) -> list[dt.date]:
        n = (self.end - self.start).days
        return [self.start + dt.timedelta(days=i) for i in range(n + 1)]


class YearSchedule(_Strict):
    status: Literal["official", "provisional"]
    source: str
    url: str | None = None
    holidays: tuple[HolidaySpan, ...]
    workdays: tuple[dt.date, ...] = ()


class HolidayFile(_Strict):
    years: dict[int, YearSchedule]

    @model_validator(mode="after")
    def _years_match(self) -> HolidayFile:
        for year, sched in self.years.items():
            for span in sched.holidays:
                if span.start.year != year or span.end.year != year:
                    raise ValueError(f"holiday {span.name} ({span.start}) is not in {year}")
            for day in sched.workdays:
                if day.year != year:
                    raise ValueError(f"make-up working day {day} is not in {year}")
        return self


@dataclass(frozen=True)
class Holiday:
    date: dt.date
    name: str
    name_en: str


@dataclass(frozen=True)
class HolidayCalendar:
    """Public holidays and make-up working days of one region, for the years it covers.

    ``sources`` says, per year, where the dates come from and whether they are official.
    """

    region: Region
    holidays: dict[dt.date, Holiday]
    workdays: frozenset[dt.date]
    years: frozenset[int]
    sources: dict[int, str]

    def _covered(self, day: dt.date) -> None:
        if day.year not in self.years:
            known = f"{min(self.years)}–{max(self.years)}" if self.years else "none"
            raise InvalidInput(
                f"no public-holiday data for {day.year} in region {self.region}; "
                f"covered years: {known}. Add the year to {HOLIDAYS_FILE}",
                where=Where(field="date"),
            )

    def is_holiday(self, day: dt.date) -> bool:
        """A public holiday (a day off by the official schedule, not a plain weekend)."""
        self._covered(day)
        return day in self.holidays

    def holiday(self, day: dt.date) -> Holiday | None:
        self._covered(day)
        return self.holidays.get(day)

    def is_workday(self, day: dt.date) -> bool:
        self._covered(day)
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def previous_workday(self, day: dt.date) -> dt.date:
        """The last working day strictly before ``day``."""
        d = day - dt.timedelta(days=1)
        while not self.is_workday(d):
            d -= dt.timedelta(days=1)
        return d

    def next_workday(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        d = day + dt.timedelta(days=1)
        while not self.is_workday(d):
            d += dt.timedelta(days=1)
        return d


def load_cn_schedule(path: str | Path | None = None) -> HolidayFile:
    return load_model(HolidayFile, Path(path) if path else data_path(HOLIDAYS_FILE))


def _chinese_calendar_years() -> tuple[dict[dt.date, Holiday], set[dt.date], set[int]]:
    import chinese_calendar.constants as cc

    names_zh = {
        "New Year's Day": "元旦",
        "Spring Festival": "春节",
        "Tomb-sweeping Day": "清明节",
        "Labour Day": "劳动节",
        "Dragon Boat Festival": "端午节",
        "National Day": "国庆节",
        "Mid-autumn Festival": "中秋节",
        "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
    }
    hols = {
        d: Holiday(d, names_zh.get(str(name), str(name)), str(name))
        for d, name in cc.holidays.items()
    }
    work = set(cc.workdays)
    years = {d.year for d in hols}
    return hols, work, years


@cache
def _cn_calendar(path: str, mtime_ns: int) -> HolidayCalendar:
    # mtime_ns is part of the cache key: an edited schedule file is read again.
    hols, work, years = _chinese_calendar_years()
    sources = {y: "chinese-calendar (official State Council schedules)" for y in years}
    data = load_cn_schedule(path)
    for year, sched in data.years.items():
        hols = {d: h for d, h in hols.items() if d.year != year}
        work = {d for d in work if d.year != year}
        for span in sched.holidays:
            for d in span.days():
                hols[d] = Holiday(d, span.name, span.en)
        work |= set(sched.workdays)
        years.add(year)
        sources[year] = f"{sched.status}: {sched.source}"
    return HolidayCalendar("CN", hols, frozenset(work), frozenset(years), sources)


@cache
def _library_calendar(region: Region, first: int, last: int) -> HolidayCalendar:
    import holidays as hl

    years = range(first, last + 1)
    table: Any = hl.country_holidays(region, years=list(years))
    hols = {d: Holiday(d, str(name), str(name)) for d, name in table.items()}
    sources = {y: f"holidays {hl.__version__} ({region} public holidays)" for y in years}
    return HolidayCalendar(region, hols, frozenset(), frozenset(years), sources)


def holiday_calendar(
    region: Region = "CN", *, schedule_file: str | Path | None = None
) -> HolidayCalendar:
    """The holiday calendar of ``region`` (CN from the schedule file and chinese-calendar).

    ``schedule_file`` overrides the CN schedule file (default: the centre's
    ``workforce/holidays_cn.yaml``, else the bundled one).
    """
    if region == "CN":
        path = schedule_file if schedule_file is not None else data_path(HOLIDAYS_FILE)
        return _cn_calendar(str(path), Path(path).stat().st_mtime_ns if Path(path).exists() else 0)
    return _library_calendar(region, 2000, 2040)
