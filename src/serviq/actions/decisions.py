"""The actions rules' message table; :class:`Decision` and :class:`Reason` are
:mod:`serviq.decisions`'s.

A reason carries a stable ``code`` (``close.not_effective``), the requirement it enforces
(``R-IND-9`` for the improvement cycle, ``R-OPS-3`` for an agreed answer of the weekly
meeting, ``R-QA-3`` for a QA training plan) and its message in zh-Hans, zh-Hant and en. The
verdicts of the effectiveness check and the texts of criteria and suggestions are reasons of
kind ``note`` from the same table, so every visible sentence of the core is here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from serviq.decisions import Decision, Kind, Reason

__all__ = ["MESSAGES", "WORDS", "Decision", "Reason", "reason", "word"]

# code → (requirement, kind, {lang: template}); templates use str.format fields.
MESSAGES: dict[str, tuple[str, Kind, dict[str, str]]] = {
    # ---- who may work on a record ------------------------------------------------------
    "record.not_yours": ("R-IND-9", "permission", {
        "en": "{actor} ({role_en}) may not work on records of {scope}: team leads work on their "
        "own team's records, directors on their department's or centre's",
        "zh-Hans": "{actor}（{role_zh}）不能处理{scope}的改进记录：班长处理本班组的记录，主任处理本部门或本中心的记录",
        "zh-Hant": "{actor}（{role_zht}）不能處理{scope}的改進記錄：班長處理本班組的記錄，主任處理本部門或本中心的記錄",
    }),
    "record.exists": ("R-IND-9", "conflict", {
        "en": "{indicator} ({scope}) already has record #{id}, {status_en}: accept or work on that one",
        "zh-Hans": "{indicator}（{scope}）已有记录#{id}（{status_zh}），请接受或继续处理该记录",
        "zh-Hant": "{indicator}（{scope}）已有記錄#{id}（{status_zht}），請接受或繼續處理該記錄",
    }),
    "record.bad_transition": ("R-IND-9", "conflict", {
        "en": "a record that is {status_en} cannot become {to_en}",
        "zh-Hans": "状态为{status_zh}的记录不能变为{to_zh}",
        "zh-Hant": "狀態為{status_zht}的記錄不能變為{to_zht}",
    }),
    "record.needs_field": ("R-IND-9", "invalid", {
        "en": "opening a record needs its {field_en}",
        "zh-Hans": "开立改进记录需要填写{field_zh}",
        "zh-Hant": "開立改進記錄需要填寫{field_zht}",
    }),
    "record.reason_required": ("R-IND-9", "invalid", {
        "en": "give a reason to {step_en} the record",
        "zh-Hans": "{step_zh}记录需要说明理由",
        "zh-Hant": "{step_zht}記錄需要說明理由",
    }),
    "record.needs_root_cause": ("R-IND-9", "conflict", {
        "en": "record the root cause and how it was found (five whys or cause-and-effect) "
        "before marking the actions done",
        "zh-Hans": "请先记录根本原因及分析方法（五问法或因果图），再标记措施完成",
        "zh-Hant": "請先記錄根本原因及分析方法（五問法或因果圖），再標記措施完成",
    }),
    "record.no_actions": ("R-IND-9", "conflict", {
        "en": "the record has no finished action yet; add one and mark it done",
        "zh-Hans": "该记录还没有已完成的措施；请添加措施并标记完成",
        "zh-Hant": "該記錄還沒有已完成的措施；請添加措施並標記完成",
    }),
    "record.actions_open": ("R-IND-9", "conflict", {
        "en": "{count} action(s) not done yet: {titles}",
        "zh-Hans": "还有{count}项措施未完成：{titles}",
        "zh-Hant": "還有{count}項措施未完成：{titles}",
    }),
    "close.not_effective": ("R-IND-9", "conflict", {
        "en": "closing refused: {detail_en}",
        "zh-Hans": "不能关闭：{detail_zh}",
        "zh-Hant": "不能關閉：{detail_zht}",
    }),
    "waiver.director_only": ("R-IND-9", "permission", {
        "en": "only the department director may waive the effectiveness check, not {actor} ({role_en})",
        "zh-Hans": "只有客服部主任可以豁免有效性验证，{actor}（{role_zh}）不可以",
        "zh-Hant": "只有客服部主任可以豁免有效性驗證，{actor}（{role_zht}）不可以",
    }),
    "waiver.reason_required": ("R-IND-9", "invalid", {
        "en": "a waiver of the effectiveness check needs a reason",
        "zh-Hans": "豁免有效性验证需要说明理由",
        "zh-Hant": "豁免有效性驗證需要說明理由",
    }),
    "task.bad_transition": ("R-IND-9", "conflict", {
        "en": "an action that is {status_en} cannot become {to_en}",
        "zh-Hans": "状态为{status_zh}的措施不能变为{to_zh}",
        "zh-Hant": "狀態為{status_zht}的措施不能變為{to_zht}",
    }),
    "task.closed_record": ("R-IND-9", "conflict", {
        "en": "the record is {status_en}; its actions can no longer change",
        "zh-Hans": "记录已{status_zh}，其措施不能再修改",
        "zh-Hant": "記錄已{status_zht}，其措施不能再修改",
    }),
    # ---- suggestions -------------------------------------------------------------------
    "suggestion.short": ("R-IND-9", "note", {
        "en": "{indicator} short of its target ({target}) in {count} periods running: {periods}",
        "zh-Hans": "{indicator_zh}连续{count}期未达目标（{target_zh}）：{periods}",
        "zh-Hant": "{indicator_zht}連續{count}期未達目標（{target_zht}）：{periods}",
    }),
    "suggestion.signal": ("R-IND-9", "note", {
        "en": "{indicator}: a control-chart signal on the worse side in {period} ({signals})",
        "zh-Hans": "{indicator_zh}：{period}控制图出现不利方向的信号（{signals}）",
        "zh-Hant": "{indicator_zht}：{period}控制圖出現不利方向的信號（{signals}）",
    }),
    # ---- criteria ----------------------------------------------------------------------
    "criterion.target": ("R-IND-9", "note", {
        "en": "{indicator} {op} {threshold} in {periods} consecutive period(s) after the actions",
        "zh-Hans": "措施完成后连续{periods}期{indicator}{op}{threshold_zh}",
        "zh-Hant": "措施完成後連續{periods}期{indicator}{op}{threshold_zht}",
    }),
    "criterion.no_signal": ("R-IND-9", "note", {
        "en": "no control-chart signal on the worse side of the centre line for {periods} "
        "period(s) after the actions",
        "zh-Hans": "措施完成后连续{periods}期控制图在中心线不利一侧无信号",
        "zh-Hant": "措施完成後連續{periods}期控制圖在中心線不利一側無信號",
    }),
    # ---- verdicts of the effectiveness check -------------------------------------------
    "verdict.waiting": ("R-IND-9", "note", {
        "en": "not yet measurable: {have} of the {need} period(s) after the actions have data "
        "(from {start})",
        "zh-Hans": "尚不能判断：措施完成后（自{start}起）需要{need}期数据，现有{have}期",
        "zh-Hant": "尚不能判斷：措施完成後（自{start}起）需要{need}期數據，現有{have}期",
    }),
    "verdict.no_baseline": ("R-IND-9", "note", {
        "en": "the criterion is met, but only {have} period(s) before the record (at least "
        "{need} are needed) to tell a change from noise",
        "zh-Hans": "标准已达到，但记录前只有{have}期数据（至少需要{need}期），无法区分改进与随机波动",
        "zh-Hant": "標準已達到，但記錄前只有{have}期數據（至少需要{need}期），無法區分改進與隨機波動",
    }),
    "verdict.not_met": ("R-IND-9", "note", {
        "en": "the criterion is not met: {detail}",
        "zh-Hans": "未达到标准：{detail}",
        "zh-Hant": "未達到標準：{detail}",
    }),
    "verdict.within_noise": ("R-IND-9", "note", {
        "en": "the criterion is met, but the values after the actions ({values}) stay within "
        "the control limits ({lcl} to {ucl}) with no signal: the change is within noise",
        "zh-Hans": "标准已达到，但措施后的数值（{values}）仍在控制限（{lcl}至{ucl}）内且无信号：变化属于随机波动",
        "zh-Hant": "標準已達到，但措施後的數值（{values}）仍在控制限（{lcl}至{ucl}）內且無信號：變化屬於隨機波動",
    }),
    "verdict.regression": ("R-IND-9", "note", {
        "en": "the criterion is met, but the record started on an extreme point ({start}, "
        "{z} sigma from the centre line {center}) and the values after the actions "
        "({values}) show no signal: this could be regression to the mean",
        "zh-Hans": "标准已达到，但记录起始于极端值（{start}，偏离中心线{center}达{z}个标准差），"
        "措施后的数值（{values}）无信号：可能是向均值回归",
        "zh-Hant": "標準已達到，但記錄起始於極端值（{start}，偏離中心線{center}達{z}個標準差），"
        "措施後的數值（{values}）無信號：可能是向均值迴歸",
    }),
    "verdict.improved": ("R-IND-9", "note", {
        "en": "effective: the criterion is met and the control chart shows a shift for the "
        "better ({signals}) against the baseline centre line {center}",
        "zh-Hans": "有效：标准已达到，且控制图相对基线中心线{center}出现有利方向的偏移（{signals}）",
        "zh-Hant": "有效：標準已達到，且控制圖相對基線中心線{center}出現有利方向的偏移（{signals}）",
    }),
    "verdict.held": ("R-IND-9", "note", {
        "en": "effective: no signal on the worse side of the centre line {center} in {periods} "
        "period(s) after the actions",
        "zh-Hans": "有效：措施完成后{periods}期在中心线{center}不利一侧无信号",
        "zh-Hant": "有效：措施完成後{periods}期在中心線{center}不利一側無信號",
    }),
}  # fmt: skip


# Words used inside messages (statuses, steps, roles, fields), in each language.
WORDS: dict[str, tuple[str, str, str]] = {
    "proposed": ("proposed", "待确认", "待確認"),
    "open": ("open", "进行中", "進行中"),
    "actions_done": ("actions done", "措施已完成", "措施已完成"),
    "verifying": ("verifying", "验证中", "驗證中"),
    "closed": ("closed", "已关闭", "已關閉"),
    "cancelled": ("cancelled", "已取消", "已取消"),
    "dismissed": ("dismissed", "已驳回", "已駁回"),
    "planned": ("planned", "已计划", "已計劃"),
    "doing": ("in progress", "进行中", "進行中"),
    "done": ("done", "已完成", "已完成"),
    "cancel": ("cancel", "取消", "取消"),
    "dismiss": ("dismiss", "驳回", "駁回"),
    "criterion": ("effectiveness criterion", "有效性标准", "有效性標準"),
    "owner": ("owner", "负责人", "負責人"),
    "due": ("due day", "完成期限", "完成期限"),
    "problem": ("problem statement", "问题描述", "問題描述"),
    "agent": ("agent", "业务代表", "業務代表"),
    "team_lead": ("team lead", "班长", "班長"),
    "qa_inspector": ("QA inspector", "质检员", "質檢員"),
    "department_director": ("department director", "客服部主任", "客服部主任"),
    "centre_director": ("centre director", "客服中心主任", "客服中心主任"),
    "analyst": ("analyst", "服务质量分析师", "服務質量分析師"),
    "admin": ("administrator", "管理员", "管理員"),
}
WORD_PARAMS = ("status", "to", "step", "role", "field")


def _expand(params: Mapping[str, Any]) -> Mapping[str, Any]:
    out = dict(params)
    for key in WORD_PARAMS:
        if key in params:
            en, zh, zht = WORDS.get(str(params[key]), (str(params[key]),) * 3)
            out.update({f"{key}_en": en, f"{key}_zh": zh, f"{key}_zht": zht})
    return out


def word(key: str, lang: str) -> str:
    """A status, role or field name in ``lang`` (zh-Hans, zh-Hant or en)."""
    en, zh, zht = WORDS.get(key, (key,) * 3)
    return {"zh-Hans": zh, "zh-Hant": zht}.get(lang, en)


def reason(code: str, **params: Any) -> Reason:
    """A :class:`Reason` for ``code`` from :data:`MESSAGES`, formatted in every language."""
    requirement, kind, texts = MESSAGES[code]
    return Reason.make(code, requirement, texts, params, kind=kind, expand=_expand)
