"""The QA rules' message table; :class:`Decision` and :class:`Reason` are
:mod:`serviq.decisions`'s, re-exported here.

A reason carries a stable ``code`` (``review.dispute_twice``), the requirement it enforces
(``R-QA-1`` … ``R-QA-4``, ``R-OPS-2``, ``R-OPS-4``) and its message in zh-Hans, zh-Hant and
en. Every code lives in :data:`MESSAGES`, so a test checks that each has all three
languages. ``kind`` says which error an action raises when the rule refuses: ``permission``
→ :class:`~serviq.errors.PermissionDenied`, ``conflict`` → :class:`~serviq.errors.Conflict`,
``invalid`` → :class:`~serviq.errors.InvalidInput`, ``note`` (a warning; never raised).
Word-valued params (``status="scored"``) read in each language through :data:`WORDS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from serviq.decisions import Decision, Kind, Reason
from serviq.languages import LANGS, Lang

__all__ = ["LANGS", "MESSAGES", "WORDS", "Decision", "Kind", "Lang", "Reason", "reason", "word"]

# code → (requirement, kind, {lang: template}); templates use str.format fields.
MESSAGES: dict[str, tuple[str, Kind, dict[str, str]]] = {
    # ---- R-QA-1 sampling plan ---------------------------------------------------------
    "plan.too_few_interactions": (
        "R-QA-1",
        "note",
        {
            "en": "{agent} has only {available} reviewable contacts in {month}; the plan needs "
            "at least {minimum}",
            "zh-Hans": "{agent}在{month}只有{available}个可抽检的服务记录，计划至少需要{minimum}个",
            "zh-Hant": "{agent}在{month}只有{available}個可抽檢的服務記錄，計劃至少需要{minimum}個",
        },
    ),
    "plan.no_inspector": (
        "R-QA-1",
        "note",
        {
            "en": "no inspector may review {agent}: every inspector belongs to team {team}",
            "zh-Hans": "没有质检员可以抽检{agent}：所有质检员都属于{team}班组",
            "zh-Hant": "沒有質檢員可以抽檢{agent}：所有質檢員都屬於{team}班組",
        },
    ),
    "plan.own_team": (
        "R-QA-1",
        "permission",
        {
            "en": "{inspector} may not review {agent}: both belong to team {team}",
            "zh-Hans": "{inspector}不得抽检本班组（{team}）的{agent}",
            "zh-Hant": "{inspector}不得抽檢本班組（{team}）的{agent}",
        },
    ),
    "plan.behind": (
        "R-QA-1",
        "note",
        {
            "en": "{agent}: {done} of {quota} reviews done by {today}; {expected} were due by now",
            "zh-Hans": "{agent}：截至{today}已完成{done}/{quota}次监听，按进度应完成{expected}次",
            "zh-Hant": "{agent}：截至{today}已完成{done}/{quota}次監聽，按進度應完成{expected}次",
        },
    ),
    "plan.short_at_month_end": (
        "R-QA-1",
        "note",
        {
            "en": "{agent}: {missing} reviews still missing with {days} days left in {month}",
            "zh-Hans": "{agent}：距{month}月底还有{days}天，仍差{missing}次监听",
            "zh-Hant": "{agent}：距{month}月底還有{days}天，仍差{missing}次監聽",
        },
    ),
    # ---- R-QA-2 reviews ---------------------------------------------------------------
    "review.not_assigned_inspector": (
        "R-QA-2",
        "permission",
        {
            "en": "only the assigned inspector {inspector} may score this review, not {actor}",
            "zh-Hans": "只有指定的质检员{inspector}可以评分，{actor}无权评分",
            "zh-Hant": "只有指定的質檢員{inspector}可以評分，{actor}無權評分",
        },
    ),
    "review.reassign_role": (
        "R-QA-1",
        "permission",
        {
            "en": "a review is reassigned only by {allowed_en}, not by {role_en}",
            "zh-Hans": "只有{allowed_zh}可以改派质检任务，{role_zh}无权改派",
            "zh-Hant": "只有{allowed_zht}可以改派質檢任務，{role_zht}無權改派",
        },
    ),
    "review.reassign_same": (
        "R-QA-1",
        "invalid",
        {
            "en": "the review is already assigned to {inspector}",
            "zh-Hans": "该质检任务已指派给{inspector}",
            "zh-Hant": "該質檢任務已指派給{inspector}",
        },
    ),
    "review.reassign_no_reason": (
        "R-QA-1",
        "invalid",
        {
            "en": "give the reason for reassigning the review (e.g. the inspector is away)",
            "zh-Hans": "请填写改派原因（如质检员请假）",
            "zh-Hant": "請填寫改派原因（如質檢員請假）",
        },
    ),
    "review.inspector_full": (
        "R-QA-1",
        "conflict",
        {
            "en": "{inspector} already has {load} reviews in {month}; the capacity is {capacity}",
            "zh-Hans": "{inspector}在{month}已有{load}条质检任务，上限为{capacity}条",
            "zh-Hant": "{inspector}在{month}已有{load}條質檢任務，上限為{capacity}條",
        },
    ),
    "review.bad_transition": (
        "R-QA-2",
        "conflict",
        {
            "en": "a review that is {status} cannot be {action_en}",
            "zh-Hans": "状态为{status_zh}的质检记录不能{action_zh}",
            "zh-Hant": "狀態為{status_zht}的質檢記錄不能{action_zht}",
        },
    ),
    "review.item_missing": (
        "R-QA-2",
        "invalid",
        {
            "en": "item {item_en} is not rated; it does not allow N.A.",
            "zh-Hans": "项目{item_zh}未评分，且该项目不允许选择“不适用”",
            "zh-Hant": "項目{item_zht}未評分，且該項目不允許選擇「不適用」",
        },
    ),
    "review.critical_unanswered": (
        "R-QA-4",
        "invalid",
        {
            "en": "critical item {item_en} is not answered; rate it or mark it N.A.",
            "zh-Hans": "关键项目{item_zh}未作答；请评分或选择“不适用”",
            "zh-Hant": "關鍵項目{item_zht}未作答；請評分或選擇「不適用」",
        },
    ),
    "review.unknown_item": (
        "R-QA-2",
        "invalid",
        {
            "en": "{item} is not an item of the scorecard {scorecard}",
            "zh-Hans": "{item}不是考评表{scorecard}中的项目",
            "zh-Hant": "{item}不是考評表{scorecard}中的項目",
        },
    ),
    "review.value_out_of_scale": (
        "R-QA-2",
        "invalid",
        {
            "en": "item {item_en}: {value!r} is not on its scale; allowed: {allowed}",
            "zh-Hans": "项目{item_zh}：{value!r}超出评分范围；允许：{allowed}",
            "zh-Hant": "項目{item_zht}：{value!r}超出評分範圍；允許：{allowed}",
        },
    ),
    "review.comment_required": (
        "R-QA-2",
        "invalid",
        {
            "en": "item {item_en} scored {value}: a comment is required for a score this low",
            "zh-Hans": "项目{item_zh}得分为{value}，低分必须填写评语",
            "zh-Hant": "項目{item_zht}得分為{value}，低分必須填寫評語",
        },
    ),
    "review.critical_failed": (
        "R-QA-4",
        "note",
        {
            "en": "critical item {item_en} failed: the {scope_en} scores 0; correct it at once",
            "zh-Hans": "关键项目{item_zh}不合格：{scope_zh}记0分；须立即纠正",
            "zh-Hant": "關鍵項目{item_zht}不合格：{scope_zht}記0分；須立即糾正",
        },
    ),
    "review.dispute_not_agent": (
        "R-QA-2",
        "permission",
        {
            "en": "only the reviewed agent {agent} may dispute this review, not {actor}",
            "zh-Hans": "只有被质检的业务代表{agent}可以申诉，{actor}不能申诉",
            "zh-Hant": "只有被質檢的業務代表{agent}可以申訴，{actor}不能申訴",
        },
    ),
    "review.dispute_twice": (
        "R-QA-2",
        "conflict",
        {
            "en": "this review was already disputed on {at}; a review may be disputed once",
            "zh-Hans": "该质检记录已于{at}申诉过；每条记录只能申诉一次",
            "zh-Hant": "該質檢記錄已於{at}申訴過；每條記錄只能申訴一次",
        },
    ),
    "review.reason_required": (
        "R-QA-2",
        "invalid",
        {
            "en": "a {what_en} needs a reason",
            "zh-Hans": "{what_zh}必须说明理由",
            "zh-Hant": "{what_zht}必須說明理由",
        },
    ),
    "review.decider_role": (
        "R-QA-2",
        "permission",
        {
            "en": "a dispute is decided by {allowed_en}; {actor} ({role}) may not decide it",
            "zh-Hans": "申诉须由{allowed_zh}裁定；{actor}（{role}）无权裁定",
            "zh-Hant": "申訴須由{allowed_zht}裁定；{actor}（{role}）無權裁定",
        },
    ),
    "review.decider_other_team": (
        "R-QA-2",
        "permission",
        {
            "en": "team lead {actor} leads team {actor_team}, not the agent's team {team}",
            "zh-Hans": "班长{actor}负责{actor_team}班组，不是该业务代表所在的{team}班组",
            "zh-Hant": "班長{actor}負責{actor_team}班組，不是該業務代表所在的{team}班組",
        },
    ),
    "review.decider_is_party": (
        "R-QA-2",
        "permission",
        {
            "en": "{actor} took part in this review and may not decide its dispute",
            "zh-Hans": "{actor}是该质检的当事人，不能裁定申诉",
            "zh-Hant": "{actor}是該質檢的當事人，不能裁定申訴",
        },
    ),
    # ---- R-QA-3 calibration, analysis and training --------------------------------------
    "calibration.item_disagreement": (
        "R-QA-3",
        "note",
        {
            "en": "inspectors do not agree on item {item_en} ({statistic} = {value:.2f} < {threshold}); "
            "reword the item or its scoring guide",
            "zh-Hans": "质检员对项目{item_zh}评分一致性不足（{statistic} = {value:.2f} < {threshold}）；"
            "建议修改该项目或评分标准的措辞",
            "zh-Hant": "質檢員對項目{item_zht}評分一致性不足（{statistic} = {value:.2f} < {threshold}）；"
            "建議修改該項目或評分標準的措辭",
        },
    ),
    "evaluation.too_few_to_rank": (
        "R-QA-1",
        "note",
        {
            "en": "with {n} reviews per agent the monthly scores have reliability {reliability:.2f}; "
            "about {needed} reviews per agent are needed to reach {target} — do not rank agents "
            "on these scores",
            "zh-Hans": "每人{n}次质检时月度得分的信度为{reliability:.2f}；"
            "约需每人{needed}次才能达到{target}——不宜据此对业务代表排名",
            "zh-Hant": "每人{n}次質檢時月度得分的信度為{reliability:.2f}；"
            "約需每人{needed}次才能達到{target}——不宜據此對業務代表排名",
        },
    ),
    "evaluation.intervals_overlap": (
        "R-QA-1",
        "note",
        {
            "en": "{share:.0%} of pairs of agents have overlapping confidence intervals; "
            "most agents cannot be told apart",
            "zh-Hans": "{share:.0%}的业务代表两两之间置信区间重叠，多数人之间无法区分高低",
            "zh-Hant": "{share:.0%}的業務代表兩兩之間信賴區間重疊，多數人之間無法區分高低",
        },
    ),
    "training.bad_transition": (
        "R-QA-3",
        "conflict",
        {
            "en": "a training task that is {status} cannot become {to_en}",
            "zh-Hans": "状态为{status_zh}的培训任务不能变为{to_zh}",
            "zh-Hant": "狀態為{status_zht}的培訓任務不能變為{to_zht}",
        },
    ),
    "training.evidence_required": (
        "R-QA-3",
        "invalid",
        {
            "en": "a training task is marked done with a note of what was done",
            "zh-Hans": "培训任务标记完成时须填写完成情况说明",
            "zh-Hant": "培訓任務標記完成時須填寫完成情況說明",
        },
    ),
    "training.team_wide": (
        "R-QA-3",
        "note",
        {
            "en": "{count} of {of} reviewed agents of team {team} lost points on {item_en}: "
            "train the whole team and explain it at roll call",
            "zh-Hans": "{team}班组{of}名被抽检的业务代表中有{count}人在{item_zh}上失分："
            "全班组培训，并在班前会上讲解",
            "zh-Hant": "{team}班組{of}名被抽檢的業務代表中有{count}人在{item_zht}上失分："
            "全班組培訓，並在班前會上講解",
        },
    ),
    "training.individual": (
        "R-QA-3",
        "note",
        {
            "en": "{agent} lost points on {item_en} ({count} of {of} reviews): individual coaching",
            "zh-Hans": "{agent}在{item_zh}上失分（{of}次中{count}次）：个别辅导",
            "zh-Hant": "{agent}在{item_zht}上失分（{of}次中{count}次）：個別輔導",
        },
    ),
}

# Words used inside messages, in each language.
WORDS: dict[str, dict[str, str]] = {
    "assigned": {"en": "assigned", "zh-Hans": "已分配", "zh-Hant": "已分配"},
    "scored": {"en": "scored", "zh-Hans": "已评分", "zh-Hant": "已評分"},
    "disputed": {"en": "disputed", "zh-Hans": "申诉中", "zh-Hant": "申訴中"},
    "decided": {"en": "decided", "zh-Hans": "已裁定", "zh-Hant": "已裁定"},
    "score": {"en": "scored", "zh-Hans": "评分", "zh-Hant": "評分"},
    "dispute": {"en": "disputed", "zh-Hans": "申诉", "zh-Hant": "申訴"},
    "decide": {"en": "decided", "zh-Hans": "裁定", "zh-Hant": "裁定"},
    "reassign": {"en": "reassigned", "zh-Hans": "改派", "zh-Hant": "改派"},
    "qa_inspector": {"en": "a QA inspector", "zh-Hans": "质检员", "zh-Hant": "質檢員"},
    "admin": {"en": "the administrator", "zh-Hans": "系统管理员", "zh-Hant": "系統管理員"},
    "agent": {"en": "an agent", "zh-Hans": "坐席", "zh-Hant": "坐席"},
    "analyst": {"en": "an analyst", "zh-Hans": "分析员", "zh-Hant": "分析員"},
    "review": {"en": "review", "zh-Hans": "整条质检记录", "zh-Hant": "整條質檢記錄"},
    "section": {"en": "section", "zh-Hans": "所在部分", "zh-Hant": "所在部分"},
    "dispute_reason": {"en": "dispute", "zh-Hans": "申诉", "zh-Hant": "申訴"},
    "decision_reason": {"en": "decision", "zh-Hans": "裁定", "zh-Hant": "裁定"},
    "planned": {"en": "planned", "zh-Hans": "已计划", "zh-Hant": "已計劃"},
    "scheduled": {"en": "scheduled", "zh-Hans": "已安排", "zh-Hant": "已安排"},
    "done": {"en": "done", "zh-Hans": "已完成", "zh-Hant": "已完成"},
    "cancelled": {"en": "cancelled", "zh-Hans": "已取消", "zh-Hant": "已取消"},
    "team_lead": {"en": "the agent's team lead", "zh-Hans": "所在班组班长", "zh-Hant": "所在班組班長"},
    "department_director": {"en": "the department director", "zh-Hans": "客服部主任", "zh-Hant": "客服部主任"},
    "centre_director": {"en": "the centre director", "zh-Hans": "客服中心主任", "zh-Hant": "客服中心主任"},
}  # fmt: skip


def word(key: str, lang: Lang) -> str:
    """``key`` in ``lang``; unknown keys are returned as they are."""
    return WORDS.get(key, {}).get(lang, key)


def _params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Add ``name_zh``/``name_zht`` variants of word-valued params for the Chinese texts;
    in English a word key (``team_lead``) reads as its English phrase."""
    out = dict(params)
    for k, v in params.items():
        if isinstance(v, str):
            parts = v.split(", ")
            out.setdefault(f"{k}_en", ", ".join(word(p, "en") for p in parts))
            out.setdefault(f"{k}_zh", "、".join(word(p, "zh-Hans") for p in parts))
            out.setdefault(f"{k}_zht", "、".join(word(p, "zh-Hant") for p in parts))
    return out


def reason(code: str, **params: Any) -> Reason:
    """A :class:`Reason` for ``code`` from :data:`MESSAGES`, formatted in every language."""
    requirement, kind, texts = MESSAGES[code]
    return Reason.make(code, requirement, texts, params, kind=kind, expand=_params)
