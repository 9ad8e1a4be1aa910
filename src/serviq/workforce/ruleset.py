"""The rules file (``serviq/data/rules.yaml``): every number of R-OPS-3, 5, 6 and 7.

Loaded with :func:`serviq.yamlfile.load_model`, so a malformed file is refused with the
file, the line, the field and the allowed values::

    error: Input should be 'CN', 'HK', 'MO' or 'TW'; allowed: 'CN', 'HK', 'MO' or 'TW'
           (rules.yaml, line 8, field calendar.region)

A centre replaces the bundled file with its own ``rules.yaml`` in ``SERVIQ_CONFIG_DIR``
(:func:`serviq.resources.data_path`) or passes ``--rules FILE`` to the CLI.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from serviq.languages import Role
from serviq.resources import data_path
from serviq.yamlfile import load_model

LeaveKind = Literal["personal", "special_personal", "sick", "official", "emergency"]
Region = Literal["CN", "HK", "MO", "TW"]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
HandoverField = Literal["equipment", "hard_cases", "staff_changes", "notices_read"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _clock(value: str) -> dt.time:
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a time of day; allowed: HH:MM, e.g. 12:00") from None


class CalendarRules(_Strict):
    region: Region = "CN"
    timezone: str = "Asia/Shanghai"

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{value!r} is not a time zone; allowed: an IANA name such as Asia/Shanghai"
            ) from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class ShiftKind(_Strict):
    code: str = Field(min_length=1, max_length=8)
    start: str
    end: str
    night: bool = False

    @field_validator("start", "end")
    @classmethod
    def _time(cls, value: str) -> str:
        _clock(value)
        return value

    @property
    def start_time(self) -> dt.time:
        return _clock(self.start)

    @property
    def end_time(self) -> dt.time:
        return _clock(self.end)


class HandoverRules(_Strict):
    roll_call_minutes_before_shift: int = Field(default=10, ge=0, le=240)
    relief_must_arrive_before_sign_off: bool = True
    # A relief's roll call counts as their arrival for a sign-off this many hours later at most.
    relief_arrival_window_hours: float = Field(default=12, gt=0, le=48)
    log_fields: tuple[HandoverField, ...] = (
        "equipment",
        "hard_cases",
        "staff_changes",
        "notices_read",
    )


class NoticeRules(_Strict):
    personal_days: float = Field(default=1, ge=0)
    special_personal_minutes: int = Field(default=60, ge=0)
    sick_minutes: int = Field(default=0, ge=0)
    emergency_minutes: int = Field(default=0, ge=0)
    official_days: float = Field(default=0, ge=0)
    night_shift_deadline: str = "12:00"
    night_shift_kinds: tuple[LeaveKind, ...] = ("personal", "special_personal", "sick", "official")
    holiday_days: float = Field(default=2, ge=0)

    @field_validator("night_shift_deadline")
    @classmethod
    def _time(cls, value: str) -> str:
        _clock(value)
        return value

    @property
    def night_deadline(self) -> dt.time:
        return _clock(self.night_shift_deadline)

    def minimum(self, kind: LeaveKind) -> dt.timedelta:
        """The least notice before the first shift for a leave of ``kind``."""
        return {
            "personal": dt.timedelta(days=self.personal_days),
            "special_personal": dt.timedelta(minutes=self.special_personal_minutes),
            "sick": dt.timedelta(minutes=self.sick_minutes),
            "emergency": dt.timedelta(minutes=self.emergency_minutes),
            "official": dt.timedelta(days=self.official_days),
        }[kind]


class Authority(_Strict):
    max_days: float | None = Field(default=None, gt=0)
    approver: Role


class CertificateRules(_Strict):
    kinds: tuple[LeaveKind, ...] = ("sick",)
    from_days: float = Field(default=1, gt=0)
    due_days_after_return: int = Field(default=0, ge=0)
    remind_days_before_due: int = Field(default=1, ge=0)


class LateRules(_Strict):
    """Leave asked for past its notice period (如不能提前請假需經管理人員批准後方可生效。
    否則，按曠工處理): the manager who may still let it take effect, and until when."""

    # the level that decides late leave; a leave whose own authority is higher goes there
    approver: Role = "department_director"
    # undecided this many minutes after the first shift's start → absence (曠工)
    decide_by_minutes_after_shift_start: int = Field(default=0, ge=0, le=240)


class LeaveRules(_Strict):
    notice: NoticeRules = NoticeRules()
    late: LateRules = LateRules()
    in_person_kinds: tuple[LeaveKind, ...] = ("personal", "special_personal")
    levels: tuple[Role, ...] = ("team_lead", "department_director", "centre_director")
    authority: tuple[Authority, ...] = (
        Authority(max_days=1, approver="department_director"),
        Authority(max_days=None, approver="centre_director"),
    )
    official_approver: Role = "centre_director"
    medical_certificate: CertificateRules = CertificateRules()

    @model_validator(mode="after")
    def _approvers_are_levels(self) -> LeaveRules:
        allowed = ", ".join(self.levels)
        approvers = [a.approver for a in self.authority]
        for who in [*approvers, self.official_approver, self.late.approver]:
            if who not in self.levels:
                raise ValueError(f"approver {who!r} is not one of the levels; allowed: {allowed}")
        if not self.authority or self.authority[-1].max_days is not None:
            raise ValueError("the last authority must have max_days: null (any longer leave)")
        return self


class AttendanceRules(_Strict):
    late_minutes: int = Field(default=20, ge=1)
    away_from_post_minutes: int = Field(default=20, ge=1)


class SwapRules(_Strict):
    max_per_person_per_month: int = Field(default=2, ge=0)
    consecutive_swaps_allowed: bool = False
    consecutive_within_days: int = Field(default=1, ge=0)
    min_rest_hours: float = Field(default=8, ge=0)
    same_job_type: bool = True
    max_skill_level_difference: int = Field(default=0, ge=0)
    allowed_on_holidays: bool = False
    leave_on_swapped_shift: bool = False


class MeetingRules(_Strict):
    monthly_before_day: int = Field(default=25, ge=2, le=28)
    monthly_weekday: Weekday = "friday"
    weekly_weekday: Weekday = "monday"
    half_year_month: int = Field(default=6, ge=1, le=12)
    annual_month: int = Field(default=12, ge=1, le=12)


def _default_shift_kinds() -> dict[str, ShiftKind]:
    return {
        "day": ShiftKind(code="D", start="08:00", end="17:00", night=False),
        "night": ShiftKind(code="N", start="17:00", end="08:00", night=True),
    }


class Rules(_Strict):
    """The whole rules file."""

    version: Literal[1] = 1
    calendar: CalendarRules = CalendarRules()
    shift_kinds: dict[str, ShiftKind] = Field(default_factory=_default_shift_kinds)
    handover: HandoverRules = HandoverRules()
    leave: LeaveRules = LeaveRules()
    attendance: AttendanceRules = AttendanceRules()
    swaps: SwapRules = SwapRules()
    meetings: MeetingRules = MeetingRules()

    @model_validator(mode="after")
    def _codes_unique(self) -> Rules:
        codes = [k.code for k in self.shift_kinds.values()]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValueError(f"shift codes must be unique; repeated: {', '.join(dupes)}")
        return self


RULES_FILE = "rules.yaml"


def load_rules(path: str | Path | None = None) -> Rules:
    """The rules in force: ``path`` if given, else the centre's or the bundled rules.yaml."""
    return load_model(Rules, Path(path) if path is not None else data_path(RULES_FILE))
