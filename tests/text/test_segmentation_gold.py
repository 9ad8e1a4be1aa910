"""Segmentation quality on the hand-segmented gold sets (tests/text/gold/, guidelines in
docs/text.md): token F1 ≥ 0.95 in both scripts; plain jieba's F1 is printed beside it.

Two sets: the development set (``zh_hans.txt``, ``zh_hant.txt``), which was also used while
tuning the dictionary and rules, and the held-out set (``heldout_zh_*.txt``), written and
segmented by another engineer and committed before any segmenter was run on it (issue 4's
bar is checked on both). The segmenter was then improved after looking at the held-out errors,
so a small fresh check set (``check_zh_*.txt``) was written after the last change and committed
before its first measurement."""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path

import pytest

from serviq.text.segmentation import Segmenter

GOLD = Path(__file__).with_name("gold")
MIN_F1 = 0.95
# The fresh check set (50 + 50 comments, written after the last segmenter change) is too small
# for the bar; its own bar was fixed in its header before it was first measured.
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
