"""Segmentation quality on the hand-segmented gold sets (tests/text/gold/, guidelines in
docs/text.md): token F1 ≥ 0.95 in both scripts; plain jieba's F1 is printed beside it.

Two sets: the development set (``zh_hans.txt``, ``zh_hant.txt``), which was also used while
tuning the dictionary and rules, and the held-out set (``heldout_zh_*.txt``), written and
segmented by another engineer and committed before any segmenter was run on it (issue 4's
bar is checked on both). The segmenter was then improved after looking at the held-out errors,
so a small fresh check set (``check_zh_*.txt``) was written after the last change and committed
before its first measurement. Issue 16 tuned on all of these plus ``dev2_zh_hant.txt`` (Hong Kong
/ Taiwan usage); ``heldout2_zh_hant.txt`` was written after that tuning and measured once; the second pass of issue 16
tuned on it too, and ``heldout3_zh_hant.txt`` was written after that and measured once; the third
pass tuned on heldout3 too, and ``heldout4_zh_hant.txt`` was written after that and measured once; the
fourth pass tuned on heldout4 too, and ``heldout5_zh_hant.txt`` was written after that and measured
once (0.955, the issue's bar)."""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path

import pytest

from serviq.text.segmentation import Segmenter

GOLD = Path(__file__).with_name("gold")
MIN_F1 = 0.95
# The fresh check set (50 + 50 comments, written after the last segmenter change) is too small
# for the issue's bar; its own bar was fixed in its header before it was first measured.
CHECK_MIN_F1 = 0.93


def load(name: str) -> list[list[str]]:
    lines = (GOLD / name).read_text(encoding="utf-8").splitlines()
    return [line.split(" ") for line in lines if line and not line.startswith("#")]


def is_punct(tok: str) -> bool:
    return all(unicodedata.category(c).startswith(("P", "S", "Z")) for c in tok)


def spans(tokens: list[str]) -> set[tuple[int, int]]:
    """Character spans of the non-punctuation tokens (punctuation is not scored)."""
    out, pos = set(), 0
    for t in tokens:
        if not is_punct(t):
            out.add((pos, pos + len(t)))
        pos += len(t)
    return out


def f1(gold: list[list[str]], predicted: list[list[str]]) -> tuple[float, float, float, float]:
    tp = n_gold = n_pred = 0
    identical = 0
    for g, p in zip(gold, predicted, strict=True):
        assert "".join(g) == "".join(p), (g, p)
        sg, sp = spans(g), spans(p)
        tp += len(sg & sp)
        n_gold += len(sg)
        n_pred += len(sp)
        identical += sg == sp
    precision, recall = tp / n_pred, tp / n_gold
    return precision, recall, 2 * precision * recall / (precision + recall), identical / len(gold)


@pytest.fixture(scope="module")
def ours() -> Segmenter:
    return Segmenter()


@pytest.fixture(scope="module")
def plain_jieba():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


@pytest.mark.parametrize("name", ["zh_hans.txt", "zh_hant.txt"])
def test_token_f1_on_the_development_set(name: str, ours: Segmenter, plain_jieba) -> None:  # type: ignore[no-untyped-def]
    gold = load(name)
    assert len(gold) >= 150
    predicted = [[t.text for t in ours.tokens("".join(g))] for g in gold]
    baseline = [plain_jieba.lcut("".join(g)) for g in gold]
    raw = Segmenter(granularity="jieba")
    unruled = [[t.text for t in raw.tokens("".join(g))] for g in gold]
    py = Segmenter(backend="jieba")
    py_pred = [[t.text for t in py.tokens("".join(g))] for g in gold]
    jp, jr, jf, jsame = f1(gold, py_pred)
    identical = sum(a == b for a, b in zip(predicted, py_pred, strict=True)) / len(gold)
    p, r, f, same = f1(gold, predicted)
    up, ur, uf, usame = f1(gold, unruled)
    bp, br, bf, bsame = f1(gold, baseline)
    print(f"\n{name}: {len(gold)} comments")
    print(
        f"  serviq ({ours.backend} + user dict): P {p:.3f} R {r:.3f} F1 {f:.3f}  identical {same:.0%}"
    )
    print(
        f"  same without granularity rules:    P {up:.3f} R {ur:.3f} F1 {uf:.3f}  identical {usame:.0%}"
    )
    print(
        f"  same on the jieba backend:         P {jp:.3f} R {jr:.3f} F1 {jf:.3f}  identical {jsame:.0%}"
    )
    print(f"  rjieba and jieba backends segment {identical:.0%} of the comments identically")
    print(
        f"  plain jieba (HMM, default dict):   P {bp:.3f} R {br:.3f} F1 {bf:.3f}  identical {bsame:.0%}"
    )
    assert f >= MIN_F1


@pytest.mark.parametrize("name", ["heldout_zh_hans.txt", "heldout_zh_hant.txt"])
def test_token_f1_on_the_held_out_set(name: str, ours: Segmenter, plain_jieba) -> None:  # type: ignore[no-untyped-def]
    gold = load(name)
    assert len(gold) >= 150
    predicted = [[t.text for t in ours.tokens("".join(g))] for g in gold]
    baseline = [plain_jieba.lcut("".join(g)) for g in gold]
    p, r, f, same = f1(gold, predicted)
    bp, br, bf, bsame = f1(gold, baseline)
    print(f"\n{name} (held out): {len(gold)} comments")
    print(
        f"  serviq ({ours.backend} + user dict): P {p:.3f} R {r:.3f} F1 {f:.3f}  identical {same:.0%}"
    )
    print(
        f"  plain jieba (HMM, default dict):   P {bp:.3f} R {br:.3f} F1 {bf:.3f}  identical {bsame:.0%}"
    )
    assert f >= MIN_F1


@pytest.mark.parametrize("name", ["check_zh_hans.txt", "check_zh_hant.txt"])
def test_token_f1_on_the_fresh_check_set(name: str, ours: Segmenter, plain_jieba) -> None:  # type: ignore[no-untyped-def]
    gold = load(name)
    assert len(gold) >= 50
    predicted = [[t.text for t in ours.tokens("".join(g))] for g in gold]
    baseline = [plain_jieba.lcut("".join(g)) for g in gold]
    p, r, f, same = f1(gold, predicted)
    bp, br, bf, bsame = f1(gold, baseline)
    print(f"\n{name} (fresh check): {len(gold)} comments")
    print(
        f"  serviq ({ours.backend} + user dict): P {p:.3f} R {r:.3f} F1 {f:.3f}  identical {same:.0%}"
    )
    print(
        f"  plain jieba (HMM, default dict):   P {bp:.3f} R {br:.3f} F1 {bf:.3f}  identical {bsame:.0%}"
    )
    assert f >= CHECK_MIN_F1


def test_token_f1_on_the_hong_kong_taiwan_development_set(ours: Segmenter) -> None:
    """dev2_zh_hant.txt: 50 Hong Kong / Taiwan comments written for issue 16 and used to
    tune the dictionary and rules (development data: its score is optimistic)."""
    gold = load("dev2_zh_hant.txt")
    assert len(gold) >= 50
    predicted = [[t.text for t in ours.tokens("".join(g))] for g in gold]
    p, r, f, same = f1(gold, predicted)
    print(f"\ndev2_zh_hant.txt (development): {len(gold)} comments")
    print(f"  serviq: P {p:.3f} R {r:.3f} F1 {f:.3f}  identical {same:.0%}")
    assert f >= MIN_F1


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        # guideline 3: one-character verb + one-character complement is one token
        ("新卡寄丟了", ["新", "卡", "寄丟", "了"]),
        ("轉帳輸錯帳號", ["轉帳", "輸錯", "帳號"]),
        # ... but a two-character complement after it stays a word of its own
        ("滿期金沒有匯進來", ["滿期金", "沒有", "匯", "進來"]),
        ("講清楚", ["講", "清楚"]),
        # V + 成 / 給 split, lexicalised words kept
        ("把定存改成自動續存", ["把", "定存", "改", "成", "自動", "續存"]),
        ("轉給信用卡部門", ["轉", "給", "信用卡", "部門"]),
        ("任務完成", ["任務", "完成"]),
        # two-character units after a numeral stand alone
        ("等了半小時", ["等", "了", "半", "小時"]),
        # Cantonese words
        ("唔該幫我查下", ["唔該", "幫", "我", "查", "下"]),
        ("網銀成日登入唔到", ["網銀", "成日", "登入", "唔", "到"]),
        # adverb + modal: 才 能
        ("要臨櫃才能解", ["要", "臨櫃", "才", "能", "解"]),
        # third pass: a Chinese numeral and a currency unit are one token, digits are not
        ("年費要三百蚊", ["年費", "要", "三百蚊"]),
        ("櫃員收咗我五十元", ["櫃員", "收", "咗", "我", "五十元"]),
        ("我用100蚊", ["我", "用", "100", "蚊"]),
        # ... glossary terms, 存款 證明 against 存款證 (certificate of deposit)
        ("張簽帳卡唔見咗", ["張", "簽帳卡", "唔", "見", "咗"]),
        ("戶口低過最低結餘", ["戶口", "低", "過", "最低結餘"]),
        ("申請存款證明", ["申請", "存款", "證明"]),
        ("存款證到期", ["存款證", "到期"]),
        # ... demonstrative + classifier split from the noun, lexicon phrases split
        ("每個人都要排隊", ["每個", "人", "都", "要", "排隊"]),
        ("去咗白跑一趟", ["去", "咗", "白", "跑", "一趟"]),
        ("嚇了一跳", ["嚇", "了", "一跳"]),
        ("我撳錯咗掣", ["我", "撳錯", "咗", "掣"]),
        # fourth pass: rare four- / three-character lexicon phrases of common words split
        # (the user dictionary's terms stay whole), Cantonese function words, verb + 到
        ("房貸利率一直漲", ["房貸", "利率", "一直", "漲"]),
        ("換新手機", ["換", "新", "手機"]),
        ("客服熱線", ["客服熱線"]),
        ("但係嗰日除咗我", ["但係", "嗰日", "除咗", "我"]),
        ("證券戶口", ["證券", "戶口"]),
        ("輪到我", ["輪到", "我"]),
    ],
)
def test_issue_16_granularity_rules(ours: Segmenter, text: str, tokens: list[str]) -> None:
    assert [t.text for t in ours.tokens(text)] == tokens


def test_resultatives_are_added_only_with_the_fine_granularity() -> None:
    from serviq.text.segmentation import RESULTATIVES

    assert "寄丢" in RESULTATIVES
    assert not any(w.startswith("还") for w in RESULTATIVES)
    assert [t.form for t in Segmenter(granularity="jieba").tokens("新卡寄丟了")] != [
        "新",
        "卡",
        "寄丢",
        "了",
    ]


# Fresh held-out set 2 (issue 16): written after the issue-16 changes, committed before its
# first and only measurement: F1 0.938 (goal 0.95, not reached). This floor was set AFTER
# that measurement, just below it, as a regression guard; it is not the goal.
HELDOUT2_FLOOR = 0.93  # measured 0.938 then; 0.972 after the second pass tuned on it


def test_token_f1_on_the_fresh_held_out_set_2(ours: Segmenter, plain_jieba) -> None:  # type: ignore[no-untyped-def]
    gold = load("heldout2_zh_hant.txt")
    assert len(gold) >= 100
    predicted = [[t.text for t in ours.tokens("".join(g))] for g in gold]
    baseline = [plain_jieba.lcut("".join(g)) for g in gold]
    p, r, f, same = f1(gold, predicted)
    bp, br, bf, _ = f1(gold, baseline)
    print(f"\nheldout2_zh_hant.txt (fresh, issue 16): {len(gold)} comments")
    print(f"  serviq: P {p:.3f} R {r:.3f} F1 {f:.3f}  identical {same:.0%}  (goal 0.95)")
    print(f"  plain jieba (HMM, default dict): P {bp:.3f} R {br:.3f} F1 {bf:.3f}")
    assert f >= HELDOUT2_FLOOR


# Fresh held-out set 3 (issue 16, second pass): written after the second-pass dictionary and
# rule changes, committed before its first and only measurement: F1 0.944 (P 0.948, R 0.939;
# goal 0.95, not reached; before the second pass 0.917, plain jieba 0.708). This floor was set
# AFTER that measurement, just below it, as a regression guard; it is not the goal.
HELDOUT3_FLOOR = 0.94  # measured 0.944 then; 0.969 after the third pass tuned on it


def test_token_f1_on_the_fresh_held_out_set_3(ours: Segmenter, plain_jieba) -> None:  # type: ignore[no-untyped-def]
    gold = load("heldout3_zh_hant.txt")
    assert len(gold) >= 100
    predicted = [[t.text for t in ours.tokens("".join(g))] for g in gold]
    baseline = [plain_jieba.lcut("".join(g)) for g in gold]
    p, r, f, same = f1(gold, predicted)
    bp, br, bf, _ = f1(gold, baseline)
    print(f"\nheldout3_zh_hant.txt (fresh, issue 16 second pass): {len(gold)} comments")
    print(f"  serviq: P {p:.3f} R {r:.3f} F1 {f:.3f}  identical {same:.0%}  (goal 0.95)")
    print(f"  plain jieba (HMM, default dict): P {bp:.3f} R {br:.3f} F1 {bf:.3f}")
    assert f >= HELDOUT3_FLOOR


# Fresh held-out set 4 (issue 16, third pass): written after the third-pass changes (numeral +
# currency unit, glossary, lexicon-phrase splits), committed before its first and only
# measurement: F1 0.946 (P 0.948, R 0.944 on 1,333 tokens; goal 0.95, not reached; the version
# before the third pass 0.940, with hmm=True 0.906, plain jieba 0.714). This floor was set AFTER
# that measurement, just below it, as a regression guard; it is not the goal.
HELDOUT4_FLOOR = 0.94


def test_token_f1_on_the_fresh_held_out_set_4(ours: Segmenter, plain_jieba) -> None:  # type: ignore[no-untyped-def]
    gold = load("heldout4_zh_hant.txt")
    assert len(gold) >= 106
    predicted = [[t.text for t in ours.tokens("".join(g))] for g in gold]
    baseline = [plain_jieba.lcut("".join(g)) for g in gold]
    p, r, f, same = f1(gold, predicted)
    bp, br, bf, _ = f1(gold, baseline)
    print(f"\nheldout4_zh_hant.txt (fresh, issue 16 third pass): {len(gold)} comments")
    print(f"  serviq: P {p:.3f} R {r:.3f} F1 {f:.3f}  identical {same:.0%}  (goal 0.95)")
    print(f"  plain jieba (HMM, default dict): P {bp:.3f} R {br:.3f} F1 {bf:.3f}")
    assert f >= HELDOUT4_FLOOR


# Fresh held-out set 5 (issue 16, fourth pass): written after the fourth-pass changes (rare
# lexicon phrases split, Cantonese function words, HK/TW bank terms, verb + 到), committed
# before its first and only measurement, which this test makes against the issue's bar:
# F1 0.955 (P 0.956, R 0.954 on 1,252 scored tokens; the version before the fourth pass 0.938,
# with hmm=True 0.908, plain jieba 0.706).
HELDOUT5_MIN_F1 = MIN_F1


def test_token_f1_on_the_fresh_held_out_set_5(ours: Segmenter, plain_jieba) -> None:  # type: ignore[no-untyped-def]
    gold = load("heldout5_zh_hant.txt")
    assert len(gold) >= 120
    predicted = [[t.text for t in ours.tokens("".join(g))] for g in gold]
    baseline = [plain_jieba.lcut("".join(g)) for g in gold]
    p, r, f, same = f1(gold, predicted)
    bp, br, bf, _ = f1(gold, baseline)
    print(f"\nheldout5_zh_hant.txt (fresh, issue 16 fourth pass): {len(gold)} comments")
    print(f"  serviq: P {p:.3f} R {r:.3f} F1 {f:.3f}  identical {same:.0%}  (goal 0.95)")
    print(f"  plain jieba (HMM, default dict): P {bp:.3f} R {br:.3f} F1 {bf:.3f}")
    assert f >= HELDOUT5_MIN_F1
