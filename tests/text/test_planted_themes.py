"""Themes planted in synthetic comments come out on top, in order, with masked quotes.

The demo generator plants the bundled code book's theme codes into its comments; this
test plants them the same way, with phrasings written independently of the code book's
examples, in both scripts and English, and checks that the first-pass coding finds them.
"""

from __future__ import annotations

import random

from serviq.text.codebook import autocode, load_codebook
from serviq.text.themes import theme_table

PHRASES = {
    "wait": [
        "在网点排了四十分钟的队",
        "櫃檯前面等候了快一個小時",
        "电话打过去一直占线",
        "叫号系统很慢，等了半天",
        "I waited an hour in the queue",
    ],
    "attitude": [
        "柜员态度很差",
        "客服態度惡劣，直接掛電話",
        "工作人员很不耐烦",
        "对客户爱理不理",
        "the staff was rude to me",
    ],
    "competence": [
        "客服一问三不知",
        "行員業務不熟練",
        "经理说不清楚产品条款",
        "三个人给了三种说法",
        "the agent gave me wrong information",
    ],
    "app_failure": [
        "手机银行总是闪退",
        "網路銀行登錄不了",
        "APP转账失败好几次",
        "手机银行更新后卡顿严重",
        "the app crashed during the transfer",
    ],
    "fees": [
        "莫名其妙扣了年费",
        "跨行手續費太貴",
        "收了我不知道的管理费",
        "分期手续费没有说明",
        "I was charged a fee twice",
    ],
    "mis_selling": [
        "理财经理强行推销保险",
        "理專一直推銷基金",
        "办卡时搭售了保险",
        "天天接到推销电话",
        "they were pushy about selling insurance",
    ],
    "transfer": [
        "电话被转接了好几次",
        "客服踢皮球，互相推诿",
        "轉來轉去沒人負責",
        "每次都要重复身份信息",
        "I was transferred four times",
    ],
    "resolution": [
        "投诉之后一直没有回复",
        "問題到現在還沒有解決",
        "说好回电结果没有下文",
        "反馈了两周没有结果",
        "my problem is still not resolved",
    ],
    "environment": [
        "网点环境很嘈杂，座位不够",
        "分行冷氣太冷",
        "停车位太少",
        "厕所不开放",
        "there is no parking near the branch",
    ],
    "privacy": [
        "我的个人信息被泄露了",
        "隔壁窗口能听到我的隐私",
        "信用卡被盜刷",
        "柜员没有核对身份就办理",
        "I worry about a data leak",
    ],
    "praise": [
        "非常感谢柜员的耐心解答",
        "客服很專業，服務周到",
        "大堂经理很热情，点赞",
        "办理很顺利，非常满意",
        "thanks, the staff was very helpful",
    ],
}
WEIGHTS = {"wait": 30, "attitude": 12, "competence": 8, "app_failure": 22, "fees": 15, "mis_selling": 18, "transfer": 10, "resolution": 14, "environment": 6, "privacy": 4, "praise": 25}  # fmt: skip


def make_comments(seed: int = 3) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    texts, planted = [], []
    for code, n in WEIGHTS.items():
        for _ in range(n):
            text = rng.choice(PHRASES[code])
            if rng.random() < 0.2:
                text += f"，联系电话1{rng.choice('3589')}{rng.randint(10**8, 10**9 - 1)}"
            texts.append(text)
            planted.append(code)
    return texts, planted


def test_planted_themes_are_found_ranked_and_masked() -> None:
    book = load_codebook()
    texts, planted = make_comments()
    codes = autocode(texts, book)
    recall = sum(p in c for p, c in zip(planted, codes, strict=True)) / len(planted)
    assert recall >= 0.95
    tab = theme_table(texts, codes, book)
    top5 = list(tab["code"][:5])
    assert top5 == sorted(WEIGHTS, key=lambda k: -WEIGHTS[k])[:5]
    for quotes in tab["examples"]:
        for q in quotes:
            assert not any(ch.isdigit() for ch in q), q
