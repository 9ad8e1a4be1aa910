"""The demo's Delphi consultation: 15 experts rate the bundled ``bank_contact_centre``
system over two completed rounds, and the second ends in a new version.

The answers are planted so that the rules' thresholds (mean ≥ 3.5, CV ≤ 0.25, full-score
frequency ≥ 0.2) decide, without every expert agreeing:

* round 1 (14 of 15 answer): negative product comments (PROD_THEME) are dropped — low,
  scattered scores, nobody gives full marks; average handle time (AHT) and seat equipment
  availability (EQUIP_OK) are sent back for revision; the analyst rewords AHT's definition;
* round 2 (13 of 15 answer): the reworded AHT is kept, EQUIP_OK is dropped;
* the new version drops both and carries AHT's new definition, its change log citing each
  with its round statistics. Everything else is kept.

Built through the same actions as the pages (:mod:`serviq.web.delphi.panel`), with the
answers stored in bulk; well under a second.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from serviq.web.delphi import panel
from serviq.web.delphi.models import Answer, Consultation, Invitation, Round
from serviq.web.org.models import Person

TITLE = "2026 指标体系专家咨询 · 2026 indicator-system review"
EXPERTS = (
    ("周明华", "某国有银行客服中心", "客服运营", 18, "zh-hans"),
    ("林雅琪", "某股份制银行远程银行部", "服务质量管理", 12, "zh-hans"),
    ("陈志强", "某城商行信用卡中心", "呼叫中心管理", 15, "zh-hans"),
    ("王丽", "某高校管理学院", "服务管理研究", 20, "zh-hans"),
    ("張家豪", "某銀行香港客戶服務部", "客戶體驗", 10, "zh-hant"),
    ("李静", "某银行消费者权益保护部", "投诉管理", 9, "zh-hans"),
    ("黃美玲", "某銀行台灣客服中心", "質量檢查", 14, "zh-hant"),
    ("刘洋", "某金融科技公司", "数据分析", 7, "zh-hans"),
    ("Emma Clarke", "Contact-centre consultancy", "Workforce management", 16, "en"),
    ("赵磊", "某农商行客服中心", "现场管理", 11, "zh-hans"),
    ("孙晓燕", "银行业协会客服专业委员会", "行业标准", 22, "zh-hans"),
    ("吴刚", "某银行信息科技部", "系统运维", 13, "zh-hans"),
    ("David Ng", "Regional bank, Singapore", "Service design", 8, "en"),
    ("郑敏", "某高校统计学院", "调查方法", 17, "zh-hans"),
    ("何俊", "某银行零售业务部", "产品管理", 6, "zh-hans"),
)
# planted scores of the items the rules send back or drop, one per answering expert
ROUND1 = {
    "PROD_THEME": [2, 1, 3, 2, 4, 2, 3, 1, 2, 3, 4, 2, 3, 2],
    "AHT": [4, 3, 4, 4, 5, 3, 4, 4, 3, 4, 4, 5, 3, 4],
    "EQUIP_OK": [3, 4, 2, 3, 5, 3, 4, 2, 5, 4, 2, 3, 5, 3],
}
ROUND2 = {
    "AHT": [5, 4, 4, 5, 5, 4, 4, 5, 4, 4, 5, 4, 4],
    "EQUIP_OK": [3, 2, 2, 3, 4, 3, 2, 3, 2, 3, 4, 2, 3],
}
AHT_DEFINITION = {
    "zh-Hans": "每通已接通的语音来电的通话、保持与话后处理时间之和的平均值（秒），按业务类型分别设定目标。",
    "zh-Hant": "每通已接通的語音來電的通話、保持與話後處理時間之和的平均值（秒），按業務類型分別設定目標。",
    "en": "Mean of talk + hold + after-call work, in seconds, per answered voice call, with a "
    "target set per type of business.",
}
COMMENTS = {
    "PROD_THEME": "产品问题不宜由客服中心考核。",
    "AHT": "时长压得过短，问题没解决客户又来电，应按业务类型区分。",
    "EQUIP_OK": "设备可用率已纳入IT运维考核，重复。",
}
LEVEL = (1.0, 0.8, 0.8, 0.6)


def _scores(rng: random.Random, planted: dict[str, list[int]], code: str, k: int) -> int:
    if code in planted:
        return planted[code][k]
    return rng.choices((5, 4, 3), weights=(0.5, 0.42, 0.08))[0]


def _verdict(score: int) -> str:
    return "keep" if score >= 4 else "revise" if score == 3 else "drop"


def _answer_round(
    rnd: Round, answering: int, planted: dict[str, list[int]], rng: random.Random, at: dt.datetime
) -> None:
    invitations = list(Invitation.objects.filter(round=rnd).order_by("expert__code"))
    rows: list[Answer] = []
    for k, inv in enumerate(invitations[:answering]):
        for code in rnd.items:
            score = _scores(rng, planted, code, k)
            comment = COMMENTS.get(code, "") if k == 2 and rnd.number == 1 else ""
            rows.append(Answer(invitation=inv, item=code, importance=score,
                               verdict=_verdict(score), comment=comment))  # fmt: skip
        ca, cs = LEVEL[k % 4], LEVEL[(k + 1) % 4]
        inv.ratings = {d: {"basis": ca, "familiarity": cs} for d in ("CX", "NQ", "BQ", "OUT")}
        inv.saved_at = inv.submitted_at = at + dt.timedelta(hours=k)
        if k == 4 and rnd.number == 1:
            inv.proposals = "远程视频客服接通率：视频客服常打不通"
    Answer.objects.bulk_create(rows)
    Invitation.objects.bulk_update(
        invitations[:answering], ["ratings", "saved_at", "submitted_at", "proposals"]
    )


def load_demo_delphi(now: dt.datetime | None = None) -> Consultation | None:
    """The demo consultation (once: again, nothing is added)."""
    analyst = (
        Person.objects.filter(role="analyst").first() or Person.objects.filter(role="admin").first()
    )
    if analyst is None or Consultation.objects.filter(title=TITLE).exists():
        return None
    now = now or timezone.now()
    rng = random.Random(19)
    with transaction.atomic():
        c = panel.create(None, analyst, {"title": TITLE, "system": "bank_contact_centre"})
        Consultation.objects.filter(pk=c.pk).update(created_at=now - dt.timedelta(days=60))
        for name, organisation, field, years, language in EXPERTS:
            panel.add_expert(None, analyst, c, {"name": name, "organisation": organisation,
                             "field": field, "years": str(years), "language": language})  # fmt: skip
        first_open = now - dt.timedelta(days=55)
        r1, _ = panel.open_round(None, analyst, c, {"closes_on": str((first_open + dt.timedelta(days=14)).date())}, now=first_open)  # fmt: skip
        _answer_round(r1, 14, ROUND1, rng, first_open + dt.timedelta(days=1))
        panel.close_round(None, analyst, r1, now=first_open + dt.timedelta(days=15))
        second_open = now - dt.timedelta(days=34)
        data = {"closes_on": str((second_open + dt.timedelta(days=14)).date())}
        data.update({f"revise-AHT-{lang}": text for lang, text in AHT_DEFINITION.items()})
        r2, _ = panel.open_round(None, analyst, c, data, now=second_open)
        _answer_round(r2, 13, ROUND2, rng, second_open + dt.timedelta(days=1))
        panel.close_round(None, analyst, r2, now=second_open + dt.timedelta(days=15))
        return panel.write_version(None, analyst, c, date=(now - dt.timedelta(days=15)).date())
