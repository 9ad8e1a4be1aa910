"""KPI parameters and their definitions in words.

The centre's defaults live in ``ops/kpis.yaml`` and the queues in ``ops/queues.yaml``
(bundled under ``serviq/data``; a centre overrides them in ``SERVIQ_CONFIG_DIR``). Every KPI
result carries :func:`describe` — the definition actually used, in English and Chinese — so
that a report can print it beside the number.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from serviq.errors import InvalidInput, Where
from serviq.languages import Text
from serviq.resources import data_path
from serviq.yamlfile import load_model

AbandonTreatment = Literal["failed", "excluded", "threshold_excluded"]
HoldTreatment = Literal["added", "included"]
OccupancyDenominator = Literal["ready", "logged_in"]
OutboundTreatment = Literal["excluded", "included"]


class ServiceLevelConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    seconds: float = Field(20.0, gt=0)
    target: float = Field(0.8, gt=0, le=1)
    abandon_treatment: AbandonTreatment = "failed"


class OutboundConfig(BaseModel):
    """Outbound contacts (the centre calls the customer; nobody waits in a queue).

    ``queue_kpis`` says whether they count in the queue KPIs (offered, answered, abandoned,
    service level, ASA, abandon rate, the contact timeliness rate and — through offered —
    the complaint rate); ``aht`` whether they count in AHT; ``fcr_repeats`` whether an
    outbound contact counts as the customer's repeat contact in FCR (``excluded``, the
    default: a repeat is a contact the customer makes, so the centre's call after an inbound
    contact does not fail that contact's FCR). They always count in workload, occupancy,
    transfer rate and CSAT, and as handled contacts in FCR.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    contact_types: list[str] = Field(default_factory=lambda: ["proactive"])
    queue_kpis: OutboundTreatment = "excluded"
    aht: OutboundTreatment = "included"
    fcr_repeats: OutboundTreatment = "excluded"


class KpiConfig(BaseModel):
    """The KPI parameters: ``ops/kpis.yaml``, or as changed for one run."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    service_level: ServiceLevelConfig = Field(
        default_factory=lambda: ServiceLevelConfig(seconds=20.0, target=0.8)
    )
    short_abandon_seconds: float = Field(5.0, ge=0)
    fcr_window_days: float = Field(7.0, gt=0)
    aht_hold: HoldTreatment = "added"
    occupancy_denominator: OccupancyDenominator = "ready"
    channel_answer_seconds: dict[str, float] = Field(
        default_factory=lambda: {
            "phone": 20.0,
            "chat": 30.0,
            "app": 60.0,
            "counter": 600.0,
            "email": 14400.0,
        }
    )
    backlog_age_days: list[float] = Field(default_factory=lambda: [1.0, 3.0, 7.0])
    interval_minutes: Literal[15, 30, 60] = 30
    heatmap_idle_margin: float = Field(0.2, ge=0)
    outbound: OutboundConfig = Field(default_factory=OutboundConfig)

    def with_options(self, **changes: Any) -> KpiConfig:
        """A copy with the non-``None`` options changed (``sl_seconds``, ``abandon_treatment``,
        ``sl_target`` go into ``service_level``; ``outbound_contact_types``,
        ``outbound_queue_kpis``, ``outbound_aht``, ``outbound_fcr_repeats`` into ``outbound``)."""
        sl = self.service_level.model_dump()
        top = self.model_dump()
        out = self.outbound.model_dump()
        for key, value in changes.items():
            if value is None:
                continue
            if key == "sl_seconds":
                sl["seconds"] = value
            elif key == "sl_target":
                sl["target"] = value
            elif key == "abandon_treatment":
                sl["abandon_treatment"] = value
            elif key.startswith("outbound_") and key.removeprefix("outbound_") in out:
                out[key.removeprefix("outbound_")] = value
            elif key in top:
                top[key] = value
            else:
                raise InvalidInput(f"unknown KPI option {key!r}", where=Where(field=key))
        top["service_level"] = sl
        top["outbound"] = out
        try:
            return KpiConfig.model_validate(top)
        except ValidationError as exc:
            first = exc.errors()[0]
            name = ".".join(str(part) for part in first["loc"])
            raise InvalidInput(
                f"invalid KPI option {name}: {first['msg']} (got {first.get('input')!r})",
                where=Where(field=name),
            ) from None


QueueName = Text  # a queue's name in the three languages


class Queue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: QueueName
    # The teams that own the queue: its service (service level, ASA, abandonment, …) is
    # theirs at team scope. Empty: the queue's service is shown at queue scope only.
    teams: list[Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]] = Field(
        default_factory=list
    )


class QueuesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    queues: list[Queue] = Field(min_length=1)


def load_kpi_config(path: Path | str | None = None) -> KpiConfig:
    """The KPI parameters from ``path`` or the centre's ``ops/kpis.yaml``."""
    return load_model(KpiConfig, Path(path) if path else data_path("ops/kpis.yaml"))


def load_queues(path: Path | str | None = None) -> tuple[str, ...]:
    """The queue codes the centre has, from ``path`` or ``ops/queues.yaml``."""
    model = load_model(QueuesFile, Path(path) if path else data_path("ops/queues.yaml"))
    return tuple(q.code for q in model.queues)


def load_queue_teams(path: Path | str | None = None) -> dict[str, tuple[str, ...]]:
    """The queue ownership table, queue → the teams that own it (``ops/queues.yaml``
    ``teams``); queues without owners are left out."""
    model = load_model(QueuesFile, Path(path) if path else data_path("ops/queues.yaml"))
    return {q.code: tuple(q.teams) for q in model.queues if q.teams}


@dataclass(frozen=True)
class Definition:
    """A KPI's definition in words (English and Simplified Chinese) and its parameters."""

    key: str
    en: str
    zh: str
    parameters: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"en": self.en, "zh": self.zh, "parameters": self.parameters}


def _treatment_words(cfg: KpiConfig) -> tuple[str, str]:
    x = _num(cfg.service_level.seconds)
    t = cfg.service_level.abandon_treatment
    if t == "failed":
        return (
            f"answered with wait ≤ {x} s ÷ offered (abandons after the short-abandon threshold count as failures)",
            f"等待 ≤ {x} 秒的接通量 ÷ 進線量（短時放棄以外的放棄均計為未達標）",
        )
    if t == "excluded":
        return (
            f"answered with wait ≤ {x} s ÷ answered (abandoned contacts are left out)",
            f"等待 ≤ {x} 秒的接通量 ÷ 接通量（放棄來電不計入）",
        )
    return (
        f"answered with wait ≤ {x} s ÷ (answered + abandoned after > {x} s) (abandons at ≤ {x} s are left out)",
        f"等待 ≤ {x} 秒的接通量 ÷（接通量 + 到達後 > {x} 秒才放棄的量）（≤ {x} 秒內放棄不計入）",
    )


def _outbound_words(cfg: KpiConfig, treatment: str) -> tuple[str, str]:
    """The clause that says how outbound contacts enter a KPI under ``treatment``."""
    types = ", ".join(cfg.outbound.contact_types)
    if not types:
        return "", ""
    if treatment == "excluded":
        return (
            f"; outbound contacts (contact type {types}) are left out",
            f"；外呼聯絡（聯絡類型 {types}）不計入",
        )
    return (
        f"; outbound contacts (contact type {types}) are included",
        f"；外呼聯絡（聯絡類型 {types}）計入",
    )


def _fcr_repeat_words(cfg: KpiConfig) -> tuple[str, str]:
    """The clause that says whether the centre's outbound calls count as repeat contacts."""
    types = ", ".join(cfg.outbound.contact_types)
    if not types:
        return "", ""
    if cfg.outbound.fcr_repeats == "excluded":
        return (
            f"; only inbound contacts count as repeats: an outbound call by the centre (contact type {types}) is not a repeat contact",
            f"；僅客戶呼入計為再次聯絡：中心外呼（聯絡類型 {types}）不計為再次聯絡",
        )
    return (
        f"; an outbound call by the centre (contact type {types}) also counts as a repeat contact",
        f"；中心外呼（聯絡類型 {types}）亦計為再次聯絡",
    )


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def describe(cfg: KpiConfig, timezone: str) -> dict[str, Definition]:
    """The definition of every KPI under ``cfg``, keyed by the KPI's output name."""
    short = _num(cfg.short_abandon_seconds)
    x = _num(cfg.service_level.seconds)
    days = _num(cfg.fcr_window_days)
    sl_en, sl_zh = _treatment_words(cfg)
    hold_en = (
        "talk (ended_at − answered_at) + hold_seconds + wrapup_seconds"
        if cfg.aht_hold == "added"
        else "(ended_at − answered_at, which includes hold) + wrapup_seconds"
    )
    hold_zh = (
        "通話時長（結束 − 接通）+ 保持時長 + 話後處理時長"
        if cfg.aht_hold == "added"
        else "（結束 − 接通，已含保持）+ 話後處理時長"
    )
    denom_en = "time in ready state" if cfg.occupancy_denominator == "ready" else "logged-in time"
    denom_zh = "就緒狀態時長" if cfg.occupancy_denominator == "ready" else "登錄時長"
    q_en, q_zh = _outbound_words(cfg, cfg.outbound.queue_kpis)
    a_en, a_zh = _outbound_words(cfg, cfg.outbound.aht)
    targets = ", ".join(f"{k} {_num(v)} s" for k, v in cfg.channel_answer_seconds.items())
    p = cfg.model_dump()
    out_q = {"outbound": {k: p["outbound"][k] for k in ("contact_types", "queue_kpis")}}
    out_a = {"outbound": {k: p["outbound"][k] for k in ("contact_types", "aht")}}
    out_f = {"outbound": {k: p["outbound"][k] for k in ("contact_types", "fcr_repeats")}}
    f_en, f_zh = _fcr_repeat_words(cfg)
    # Queue KPIs belong to queues: how they are shown at team scope.
    owner_en = (
        "; a queue KPI: by team it is the value of the queues the team owns (ops/queues.yaml), "
        "never of the team's answered contacts alone, and it is not shown per agent"
    )
    owner_zh = "；屬隊列指標：按班組為該班組所屬隊列（ops/queues.yaml）的值，不以班組接通的聯絡單獨計算，不按座席顯示"
    defs = [
        Definition(
            "offered",
            f"contacts that arrived, minus short abandons (abandoned within {short} s); each contact counts in the period of its arrival, in {timezone}{q_en}{owner_en}",
            f"進線量：到達的聯絡減去短時放棄（{short} 秒內放棄）；按到達時間（{timezone}）歸入時段{q_zh}{owner_zh}",
            {"short_abandon_seconds": p["short_abandon_seconds"], "timezone": timezone, **out_q},
        ),
        Definition(
            "answered",
            f"offered contacts connected to an agent (answered_at set){q_en}{owner_en}",
            f"接通量：接入座席的聯絡{q_zh}{owner_zh}",
            out_q,
        ),
        Definition(
            "short_abandoned",
            f"contacts abandoned within {short} s of arrival{q_en}",
            f"短時放棄量：到達後 {short} 秒內放棄的聯絡{q_zh}",
            {"short_abandon_seconds": p["short_abandon_seconds"], **out_q},
        ),
        Definition(
            "abandoned_rate",
            f"abandoned (not short: ended − arrived ≥ {short} s) ÷ offered{q_en}{owner_en}",
            f"放棄率：放棄量（不含短時放棄：結束 − 到達 ≥ {short} 秒）÷ 進線量{q_zh}{owner_zh}",
            {"short_abandon_seconds": p["short_abandon_seconds"], **out_q},
        ),
        Definition(
            "service_level",
            f"service level {x} s: {sl_en}{q_en}{owner_en}",
            f"服務水平（{x} 秒）：{sl_zh}{q_zh}{owner_zh}",
            {"service_level": p["service_level"], **out_q},
        ),
        Definition(
            "asa",
            f"average speed of answer: mean of answered_at − arrived_at over answered contacts, seconds{q_en}{owner_en}",
            f"平均應答速度：接通聯絡的（接通 − 到達）平均值，秒{q_zh}{owner_zh}",
            out_q,
        ),
        Definition(
            "aht",
            f"average handle time: mean of {hold_en} over answered contacts, seconds{a_en}",
            f"平均處理時長：接通聯絡的 {hold_zh} 的平均值，秒{a_zh}",
            {"aht_hold": p["aht_hold"], **out_a},
        ),
        Definition(
            "fcr_rate",
            f"first-contact resolution (system-based): share of answered contacts, inbound and outbound, after which the same customer does not contact again on the same issue within {days} days (a repeat at ≤ {days} days fails it){f_en}; a contact whose {days}-day window has not closed by the data's end is pending — not yet knowable, left out of the rate and counted in fcr_pending, the row provisional — until it closes",
            f"首次解決率（系統口徑）：接通聯絡（含呼入與外呼）中，同一客戶在 {days} 天內未就同一問題再次聯絡的比例（≤ {days} 天內再次聯絡即未解決）{f_zh}；{days} 天窗口在數據截止時尚未結束的聯絡為待定（fcr_pending）：尚不可判斷，不計入比率，該行標為暫定（provisional），窗口結束後再計",
            {"fcr_window_days": p["fcr_window_days"], **out_f},
        ),
        Definition(
            "transfer_rate",
            "transferred ÷ contacts handled by an agent (answered_at set), inbound and outbound",
            "轉接率：轉接量 ÷ 座席處理的聯絡量（含呼入與外呼）",
            {},
        ),
        Definition(
            "complaint_rate",
            f"contacts of type complaint ÷ offered (all offered contacts, not complaints alone, are the denominator){q_en}{owner_en}",
            f"投訴率：投訴類聯絡 ÷ 進線量（分母為全部進線聯絡）{q_zh}{owner_zh}",
            out_q,
        ),
        Definition(
            "csat",
            "mean of csat (1–5) over contacts with a rating",
            "滿意度：有評價聯絡的滿意度（1–5）平均值",
            {},
        ),
        Definition(
            "timeliness_rate",
            f"service timeliness (contacts): answered with wait ≤ the channel's target ÷ offered; targets {targets}{q_en}{owner_en}",
            f"服務及時率（聯絡）：等待 ≤ 渠道時限的接通聯絡 ÷ 進線量{q_zh}{owner_zh}",
            {"channel_answer_seconds": p["channel_answer_seconds"], **out_q},
        ),
        Definition(
            "occupancy",
            f"occupancy: handling time of answered contacts, inbound and outbound (AHT's handle time) ÷ {denom_en}, from agent states; a state span counts in each period it overlaps",
            f"佔用率：接通聯絡（含呼入與外呼）處理時長 ÷ {denom_zh}（來自座席狀態）",
            {"occupancy_denominator": p["occupancy_denominator"]},
        ),
        Definition(
            "wo_timeliness_rate",
            "service timeliness (work orders): work orders created in the period and closed by their due time (closed_at ≤ due_at) ÷ those closed or already past due; open ones not yet due are pending (wo_pending), left out until they close or fall due, the row provisional; the last close counts",
            "服務及時率（工單）：時段內創建且在時限內（辦結 ≤ 時限）辦結的工單 ÷ 已辦結或已超時的工單；未到期的在辦工單為待定（wo_pending），辦結或到期前不計入，該行標為暫定；以最後一次辦結為準",
            {},
        ),
        Definition(
            "reopen_rate",
            "work orders created in the period that were reopened at least once ÷ those closed at least once",
            "重開率：時段內創建、至少重開一次的工單 ÷ 至少辦結一次的工單",
            {},
        ),
        Definition(
            "callback_rate",
            "callback completion: closed work orders that needed a callback (回訪) and got one ÷ closed work orders that needed one",
            "回訪完成率：需回訪且已回訪的辦結工單 ÷ 需回訪的辦結工單",
            {},
        ),
        Definition(
            "backlog",
            "work orders open at the as-of time (created before it, not closed by it); age = as-of − created_at; overdue = due_at before as-of",
            "工單滯留：截至統計時點未辦結的工單；工齡 = 統計時點 − 創建時間；超時 = 時限早於統計時點",
            {"backlog_age_days": p["backlog_age_days"]},
        ),
        Definition(
            "workload",
            "workload: contacts per period (in which they arrived) and team or agent, by contact type (consultation, query, transaction, complaint, proactive), with those caused by system problems and hard cases; work orders created and escalated/supervised in the period",
            "工作量：按到達時段與班組或座席統計的聯絡量，分咨詢、查詢、業務辦理、投訴、主動服務，另計系統問題與疑難個案；時段內創建及督辦的工單",
            {},
        ),
        Definition(
            "heatmap",
            f"heat map: per weekday and interval, mean offered contacts over the days of that weekday, AHT, Erlang C agents needed for {x} s at {cfg.service_level.target:.0%}, mean agents in ready state; short when staffed < needed, idle when staffed exceeds needed by more than {cfg.heatmap_idle_margin:.0%}",
            f"忙閒熱力圖：按星期與時段的平均進線量、平均處理時長、達到 {x} 秒 {cfg.service_level.target:.0%} 服務水平所需座席數（Erlang C）與平均就緒座席數；不足為「short」，超出 {cfg.heatmap_idle_margin:.0%} 以上為「idle」",
            {
                "service_level": p["service_level"],
                "interval_minutes": p["interval_minutes"],
                "heatmap_idle_margin": p["heatmap_idle_margin"],
            },
        ),
    ]
    return {d.key: d for d in defs}
