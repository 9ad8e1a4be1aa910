"""The workforce rules' message table and their :class:`Decision` (see :mod:`serviq.decisions`).

A reason carries a stable ``code`` (``swap.monthly_limit``), the requirement it enforces
(``R-OPS-7``) and its message in the three languages of serviq (zh-Hans, zh-Hant, en),
so the web pages and the CLI show the same words. Messages live in one catalogue,
:data:`MESSAGES`, so a test can check that every code has all three languages. A refusal
raises :class:`~serviq.errors.Conflict` (every workforce reason is of kind ``conflict``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from serviq import decisions
from serviq.decisions import Reason
from serviq.languages import LANGS, Lang

__all__ = [
    "JOB_NAMES",
    "KIND_NAMES",
    "LANGS",
    "MESSAGES",
    "ROLE_NAMES",
    "SHIFT_KIND_NAMES",
    "Decision",
    "Lang",
    "Reason",
    "named_params",
    "reason",
    "role_params",
]

# code → (requirement, {lang: template}); templates use str.format fields.
MESSAGES: dict[str, tuple[str, dict[str, str]]] = {
    # ---- R-OPS-6 leave -------------------------------------------------------------
    "leave.notice_too_short": (
        "R-OPS-6",
        {
            "en": "{kind} leave must be asked for at least {required} before the shift "
            "(asked {given} before); only a manager's approval can still make it valid, "
            "otherwise it counts as absence",
            "zh-Hans": "{kind_zh}需在班前至少{required_zh}提出（实际提前{given_zh}）；"
            "不能提前请假须经管理人员批准后方可生效，否则按旷工处理",
            "zh-Hant": "{kind_zht}需在班前至少{required_zht}提出（實際提前{given_zht}）；"
            "不能提前請假須經管理人員批准後方可生效，否則按曠工處理",
        },
    ),
    "leave.late": (
        "R-OPS-6",
        {
            "en": "asked for late: the leave takes effect only if the {approver} approves "
            "it before {deadline}; otherwise it counts as absence",
            "zh-Hans": "未能提前请假：须经{approver_zh}在{deadline}前批准后方可生效，否则按旷工处理",
            "zh-Hant": "未能提前請假：須經{approver_zht}在{deadline}前批准後方可生效，否則按曠工處理",
        },
    ),
    "leave.late_decided_too_late": (
        "R-OPS-6",
        {
            "en": "late leave must be approved before {deadline}; it is now {now} and the "
            "absence stands",
            "zh-Hans": "迟请的假须在{deadline}前批准；现在已是{now}，按旷工处理",
            "zh-Hant": "遲請的假須在{deadline}前批准；現在已是{now}，按曠工處理",
        },
    ),
    "leave.late_absence_refused": (
        "R-OPS-6",
        {
            "en": "absent from shift {shift} on {date}: the late {kind} leave was refused by "
            "the {approver}",
            "zh-Hans": "{date}班次{shift}旷工：迟请的{kind_zh}未获{approver_zh}批准",
            "zh-Hant": "{date}班次{shift}曠工：遲請的{kind_zht}未獲{approver_zht}批准",
        },
    ),
    "leave.late_absence_undecided": (
        "R-OPS-6",
        {
            "en": "absent from shift {shift} on {date}: the late {kind} leave was not approved "
            "by the {approver} before {deadline}",
            "zh-Hans": "{date}班次{shift}旷工：迟请的{kind_zh}在{deadline}前未获{approver_zh}批准",
            "zh-Hant": "{date}班次{shift}曠工：遲請的{kind_zht}在{deadline}前未獲{approver_zht}批准",
        },
    ),
    "leave.night_shift_after_deadline": (
        "R-OPS-6",
        {
            "en": "leave for the night shift of {date} must be asked for before {deadline} "
            "that day (asked at {asked})",
            "zh-Hans": "{date}夜班请假必须在当日{deadline}之前提出（提出时间{asked}）",
            "zh-Hant": "{date}夜班請假必須在當日{deadline}之前提出（提出時間{asked}）",
        },
    ),
    "leave.on_public_holiday": (
        "R-OPS-6",
        {
            "en": "no leave on a public holiday ({date}, {holiday}); only a very special case "
            "asked for at least {days} days ahead",
            "zh-Hans": "节假日不允许请假（{date}，{holiday_zh}）；极特殊情况需提前{days}天提出",
            "zh-Hant": "節假日不允許請假（{date}，{holiday_zh}）；極特殊情況需提前{days}天提出",
        },
    ),
    "leave.not_in_person": (
        "R-OPS-6",
        {
            "en": "{kind} leave must be asked for in person by {person}, not by {by}; "
            "only {proxy} leave may be asked for by someone else",
            "zh-Hans": "{kind_zh}必须由本人（{person}）出面办理，不得由他人（{by}）代请；"
            "可代请的只有：{proxy_zh}",
            "zh-Hant": "{kind_zht}必須由本人（{person}）出面辦理，不得由他人（{by}）代請；"
            "可代請的只有：{proxy_zht}",
        },
    ),
    "leave.on_swapped_shift": (
        "R-OPS-7",
        {
            "en": "no leave on a swapped or paid-back shift ({shift} on {date}); "
            "it would count as absence",
            "zh-Hans": "换班和还班均不得请假（{date}的班次{shift}），否则按旷工处理",
            "zh-Hant": "換班和還班均不得請假（{date}的班次{shift}），否則按曠工處理",
        },
    ),
    "leave.bad_period": (
        "R-OPS-6",
        {
            "en": "the leave must end after it starts ({start} – {end})",
            "zh-Hans": "请假结束时间必须晚于开始时间（{start} – {end}）",
            "zh-Hant": "請假結束時間必須晚於開始時間（{start} – {end}）",
        },
    ),
    "leave.already_started": (
        "R-OPS-6",
        {
            "en": "leave must be asked for before the shift; the shift {shift} started at {start}",
            "zh-Hans": "必须在班前请假；班次{shift}已于{start}开始",
            "zh-Hant": "必須在班前請假；班次{shift}已於{start}開始",
        },
    ),
    "leave.certificate_due": (
        "R-OPS-6",
        {
            "en": "a medical certificate covering {start} – {end} without gaps is due to the "
            "team lead on the first day back, {due}",
            "zh-Hans": "须持医疗单位证明（覆盖{start}至{end}，时间连续），于销假后第一天（{due}）交给班长",
            "zh-Hant": "須持醫療單位證明（覆蓋{start}至{end}，時間連續），於銷假後第一天（{due}）交給班長",
        },
    ),
    "leave.certificate_missing": (
        "R-OPS-6",
        {
            "en": "no medical certificate handed in for the sick leave {start} – {end} (due {due})",
            "zh-Hans": "病假{start}至{end}未交医疗单位证明（应于{due}交）",
            "zh-Hant": "病假{start}至{end}未交醫療單位證明（應於{due}交）",
        },
    ),
    "leave.certificate_late": (
        "R-OPS-6",
        {
            "en": "the medical certificate was handed in on {handed_in}, after the first day "
            "back ({due})",
            "zh-Hans": "医疗证明于{handed_in}交，晚于销假后第一天（{due}）",
            "zh-Hant": "醫療證明於{handed_in}交，晚於銷假後第一天（{due}）",
        },
    ),
    "leave.certificate_gap": (
        "R-OPS-6",
        {
            "en": "the medical certificates do not cover {dates} of the sick leave; "
            "they must cover the whole period without gaps",
            "zh-Hans": "医疗证明未覆盖病假中的{dates}；证明时间必须连续",
            "zh-Hant": "醫療證明未覆蓋病假中的{dates}；證明時間必須連續",
        },
    ),
    "leave.certificate_reminder": (
        "R-OPS-6",
        {
            "en": "reminder: {person}'s medical certificate for {start} – {end} is due on {due}",
            "zh-Hans": "提醒：{person}的病假证明（{start}至{end}）应于{due}交给班长",
            "zh-Hant": "提醒：{person}的病假證明（{start}至{end}）應於{due}交給班長",
        },
    ),
    # ---- R-OPS-6 / R-OPS-4 attendance ------------------------------------------------
    "attendance.late": (
        "R-OPS-6",
        {
            "en": "{minutes} minutes late without leave (a violation from {limit} minutes)",
            "zh-Hans": "班前未请假，迟到{minutes}分钟（{limit}分钟及以上按违纪处理）",
            "zh-Hant": "班前未請假，遲到{minutes}分鐘（{limit}分鐘及以上按違紀處理）",
        },
    ),
    "attendance.away_from_post": (
        "R-OPS-6",
        {
            "en": "away from the post for {minutes} minutes without approval "
            "(a violation from {limit} minutes)",
            "zh-Hans": "擅离职守脱岗{minutes}分钟（{limit}分钟及以上按违纪处理）",
            "zh-Hant": "擅離職守脫崗{minutes}分鐘（{limit}分鐘及以上按違紀處理）",
        },
    ),
    "attendance.absent": (
        "R-OPS-6",
        {
            "en": "absent from the shift {shift} on {date} without approved leave",
            "zh-Hans": "{date}班次{shift}未到岗且无批准的请假，按旷工处理",
            "zh-Hant": "{date}班次{shift}未到崗且無批准的請假，按曠工處理",
        },
    ),
    # ---- R-OPS-7 swaps ---------------------------------------------------------------
    "swap.monthly_limit": (
        "R-OPS-7",
        {
            "en": "{person} already has {count} approved swaps in {month}; at most {limit} "
            "swaps per person per month",
            "zh-Hans": "{person}在{month}已换班{count}次；每人每月换班不得超过{limit}次",
            "zh-Hant": "{person}在{month}已換班{count}次；每人每月換班不得超過{limit}次",
        },
    ),
    "swap.consecutive": (
        "R-OPS-7",
        {
            "en": "{person} already swapped the shift of {other_date}, next to {date}; "
            "no consecutive swaps",
            "zh-Hans": "{person}已换{other_date}的班，与{date}相连；不允许连续换班",
            "zh-Hant": "{person}已換{other_date}的班，與{date}相連；不允許連續換班",
        },
    ),
    "swap.back_to_back": (
        "R-OPS-7",
        {
            "en": "after the swap {person} would work {first} and then {second} with only "
            "{rest} of rest (at least {limit} hours needed): no back-to-back shifts",
            "zh-Hans": "换班后{person}将连上{first_zh}和{second_zh}，间隔仅{rest}（至少需{limit}小时）；"
            "换班者、还班者不允许连班",
            "zh-Hant": "換班後{person}將連上{first_zht}和{second_zht}，間隔僅{rest}（至少需{limit}小時）；"
            "換班者、還班者不允許連班",
        },
    ),
    "swap.job_type": (
        "R-OPS-7",
        {
            "en": "job types differ ({a}: {a_job}, {b}: {b_job}); swaps keep to the same job type",
            "zh-Hans": "工种不同（{a}：{a_job_zh}，{b}：{b_job_zh}）；换班必须坚持同工种原则",
            "zh-Hant": "工種不同（{a}：{a_job_zht}，{b}：{b_job_zht}）；換班必須堅持同工種原則",
        },
    ),
    "swap.skill_level": (
        "R-OPS-7",
        {
            "en": "skill levels differ too much ({a}: {a_level}, {b}: {b_level}; at most "
            "{limit} apart)",
            "zh-Hans": "技术业务水平不相当（{a}：{a_level}，{b}：{b_level}；相差不得超过{limit}级）",
            "zh-Hant": "技術業務水平不相當（{a}：{a_level}，{b}：{b_level}；相差不得超過{limit}級）",
        },
    ),
    "swap.holiday_shift": (
        "R-OPS-7",
        {
            "en": "the shift {shift} on {date} falls on a public holiday ({holiday}); staff "
            "on duty on holidays may not swap",
            "zh-Hans": "班次{shift}（{date}）在节假日（{holiday_zh}）；节假日当班人员不允许换班",
            "zh-Hant": "班次{shift}（{date}）在節假日（{holiday_zh}）；節假日當班人員不允許換班",
        },
    ),
    "swap.leave_booked": (
        "R-OPS-7",
        {
            "en": "{person} has leave booked on the shift {shift} ({date}); no swap on a "
            "shift with leave",
            "zh-Hans": "{person}在班次{shift}（{date}）已请假，不能换班",
            "zh-Hant": "{person}在班次{shift}（{date}）已請假，不能換班",
        },
    ),
    "swap.same_person": (
        "R-OPS-7",
        {
            "en": "a swap needs two different people",
            "zh-Hans": "换班须在两人之间进行",
            "zh-Hant": "換班須在兩人之間進行",
        },
    ),
    "swap.shift_not_theirs": (
        "R-OPS-7",
        {
            "en": "the shift {shift} is worked by {owner}, not by {person}",
            "zh-Hans": "班次{shift}由{owner}当班，不是{person}",
            "zh-Hant": "班次{shift}由{owner}當班，不是{person}",
        },
    ),
    "swap.shift_started": (
        "R-OPS-7",
        {
            "en": "the shift {shift} has already started ({start})",
            "zh-Hans": "班次{shift}已开始（{start}）",
            "zh-Hant": "班次{shift}已開始（{start}）",
        },
    ),
    "swap.missed_shift": (
        "R-OPS-7",
        {
            "en": "the swapped shift {shift} on {date} was missed or left empty; it counts as "
            "absence and both {a} and {b} are assessed",
            "zh-Hans": "换班后{date}班次{shift}误班或空班，按旷工处理，并考核双方当事人{a}、{b}",
            "zh-Hant": "換班後{date}班次{shift}誤班或空班，按曠工處理，並考核雙方當事人{a}、{b}",
        },
    ),
    # ---- R-OPS-5 handover ------------------------------------------------------------
    "handover.missing_field": (
        "R-OPS-5",
        {
            "en": "the handover log must record {what}",
            "zh-Hans": "交接日志必须记录{what_zh}",
            "zh-Hant": "交接日誌必須記錄{what_zht}",
        },
    ),
    "handover.same_lead": (
        "R-OPS-5",
        {
            "en": "the incoming lead who acknowledges must not be the outgoing lead ({lead})",
            "zh-Hans": "接班班长不能与交班班长（{lead}）为同一人",
            "zh-Hant": "接班班長不能與交班班長（{lead}）為同一人",
        },
    ),
    "handover.relief_not_arrived": (
        "R-OPS-5",
        {
            "en": "{person} may not leave before the relief ({relief}) has arrived at the post",
            "zh-Hans": "接班人（{relief}）未到机台，交班人{person}不得离台",
            "zh-Hant": "接班人（{relief}）未到機台，交班人{person}不得離台",
        },
    ),
    "handover.late_for_roll_call": (
        "R-OPS-5",
        {
            "en": "{person} arrived at {arrived}, after the roll call at {roll_call} "
            "({minutes} minutes before the shift)",
            "zh-Hans": "{person}于{arrived}到岗，晚于点名时间{roll_call}（须提前{minutes}分钟到岗）",
            "zh-Hant": "{person}於{arrived}到崗，晚於點名時間{roll_call}（須提前{minutes}分鐘到崗）",
        },
    ),
    "handover.not_acknowledged": (
        "R-OPS-5",
        {
            "en": "the incoming lead has not acknowledged the handover log yet",
            "zh-Hans": "接班班长尚未确认交接日志",
            "zh-Hant": "接班班長尚未確認交接日誌",
        },
    ),
    # ---- R-OPS-1 / R-OPS-2 escalation -------------------------------------------------
    "escalation.no_proposed_action": (
        "R-OPS-1",
        {
            "en": "a report must carry a proposed action",
            "zh-Hans": "请示报告须根据情况提出处理意见",
            "zh-Hant": "請示報告須根據情況提出處理意見",
        },
    ),
    "escalation.skips_level": (
        "R-OPS-1",
        {
            "en": "reports go level by level: {from_role} reports to {expected}, not {to_role}; "
            "skip levels only in an emergency",
            "zh-Hans": "请示报告应逐级进行：{from_role}应报{expected}，而非{to_role}；"
            "遇紧急情况方可越级",
            "zh-Hant": "請示報告應逐級進行：{from_role}應報{expected}，而非{to_role}；"
            "遇緊急情況方可越級",
        },
    ),
    "escalation.report_upward_after_skip": (
        "R-OPS-1",
        {
            "en": "levels were skipped in an emergency: report to {levels} afterwards",
            "zh-Hans": "紧急情况越级报告，事后应向上级（{levels}）汇报",
            "zh-Hant": "緊急情況越級報告，事後應向上級（{levels}）匯報",
        },
    ),
    "escalation.upward_report_missing": (
        "R-OPS-1",
        {
            "en": "the after-the-fact report to {levels} is still missing; the report cannot "
            "be closed",
            "zh-Hans": "越级报告后尚未向{levels}补报，不能结案",
            "zh-Hant": "越級報告後尚未向{levels}補報，不能結案",
        },
    ),
    "escalation.no_instruction": (
        "R-OPS-1",
        {
            "en": "the instruction from above must be recorded in detail before closing",
            "zh-Hans": "结案前须详细记载上级指示",
            "zh-Hant": "結案前須詳細記載上級指示",
        },
    ),
    "escalation.bad_transition": (
        "R-OPS-1",
        {
            "en": "a report that is {status} cannot be {action}",
            "zh-Hans": "状态为{status}的报告不能{action}",
            "zh-Hant": "狀態為{status}的報告不能{action}",
        },
    ),
    "visitor.not_approved": (
        "R-OPS-2",
        {
            "en": "{visitor} entered the operations room without prior approval",
            "zh-Hans": "{visitor}未经上级批准进入机房",
            "zh-Hant": "{visitor}未經上級批准進入機房",
        },
    ),
    "visitor.approver_role": (
        "R-OPS-2",
        {
            "en": "a visit must be approved by a team lead or above, not by {role}",
            "zh-Hans": "外部人员进入机房须经班长及以上批准，{role}无权批准",
            "zh-Hant": "外部人員進入機房須經班長及以上批准，{role}無權批准",
        },
    ),
}

KIND_NAMES: dict[str, dict[str, str]] = {
    "personal": {"en": "personal", "zh-Hans": "事假", "zh-Hant": "事假"},
    "special_personal": {"en": "special personal", "zh-Hans": "特殊事假", "zh-Hant": "特殊事假"},
    "sick": {"en": "sick", "zh-Hans": "病假", "zh-Hant": "病假"},
    "official": {"en": "official business", "zh-Hans": "因公假", "zh-Hant": "因公假"},
    "emergency": {"en": "emergency", "zh-Hans": "急诊", "zh-Hant": "急診"},
}

ROLE_NAMES: dict[str, dict[str, str]] = {
    "team_lead": {"en": "team lead", "zh-Hans": "班长", "zh-Hant": "班長"},
    "department_director": {
        "en": "department director",
        "zh-Hans": "客服部主任",
        "zh-Hant": "客服部主任",
    },
    "centre_director": {
        "en": "centre director",
        "zh-Hans": "客服中心主任",
        "zh-Hant": "客服中心主任",
    },
}


JOB_NAMES: dict[str, dict[str, str]] = {
    "phone_agent": {"en": "phone_agent", "zh-Hans": "电话坐席", "zh-Hant": "電話坐席"},
    "senior_agent": {"en": "senior_agent", "zh-Hans": "资深坐席", "zh-Hant": "資深坐席"},
    "complaints_specialist": {
        "en": "complaints_specialist",
        "zh-Hans": "投诉专员",
        "zh-Hant": "投訴專員",
    },
    "chat_agent": {"en": "chat_agent", "zh-Hans": "在线坐席", "zh-Hant": "線上坐席"},
}
SHIFT_KIND_NAMES: dict[str, dict[str, str]] = {
    "day": {"en": "day", "zh-Hans": "白班", "zh-Hant": "白班"},
    "night": {"en": "night", "zh-Hans": "夜班", "zh-Hant": "夜班"},
}


def named_params(table: dict[str, dict[str, str]], code: str, prefix: str) -> dict[str, str]:
    """``{prefix}``, ``{prefix}_zh``, ``{prefix}_zht``: ``code``'s name in ``table`` in each
    language (the code itself where the table has none)."""
    names = table.get(code, {"en": code, "zh-Hans": code, "zh-Hant": code})
    return {
        prefix: names["en"],
        f"{prefix}_zh": names["zh-Hans"],
        f"{prefix}_zht": names["zh-Hant"],
    }


def role_params(role: str, prefix: str = "approver") -> dict[str, str]:
    """``{prefix}``, ``{prefix}_zh``, ``{prefix}_zht``: the role's name in each language."""
    names = ROLE_NAMES.get(role, {"en": role, "zh-Hans": role, "zh-Hant": role})
    return {
        prefix: names["en"],
        f"{prefix}_zh": names["zh-Hans"],
        f"{prefix}_zht": names["zh-Hant"],
    }


def reason(code: str, **params: Any) -> Reason:
    """A :class:`Reason` for ``code`` from :data:`MESSAGES`, formatted in every language."""
    requirement, texts = MESSAGES[code]
    return Reason.make(code, requirement, texts, params)


@dataclass(frozen=True)
class Decision(decisions.Decision):
    """:class:`serviq.decisions.Decision` whose JSON, when allowed, always names the
    ``approver`` and ``chain`` (``null`` and ``[]`` when the rule needs no one's approval).

    ``late`` is set on leave decisions: ``True`` when the request is past its notice
    period and takes effect only if ``approver`` (the manager of ``leave.late`` in the rules
    file) approves it before the shift; the JSON then carries ``late``."""

    shows_authority = True
    late: bool | None = None

    def as_dict(self, lang: Lang = "en") -> dict[str, Any]:
        out = super().as_dict(lang)
        if self.late is not None:
            out["late"] = self.late
        return out
