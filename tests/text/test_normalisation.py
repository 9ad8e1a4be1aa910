"""Normalisation and segmentation never lose or invent characters (docs/text.md, alignment)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from serviq.text.normalisation import INVISIBLE, analysis_text, analysis_texts, is_emoji, normalise
from serviq.text.segmentation import Segmenter, default_segmenter

_alphabet = st.sampled_from(
    list("櫃檯排隊銀行轉帳推銷理財產品老客戶态度很差手机银行的了，。！？ \t\n\u3000")
    + list("ＡＢＣ１２３ａｂ，abcXYZ0123!@#-")
    + ["😡", "👍", "\u200b", "\ufe0f", "🏻", "乾", "著", "裡", "髮", "[", "]"]
)
texts = st.text(alphabet=_alphabet, max_size=60)


def _folded(ch: str) -> str:
    cp = ord(ch)
    if 0xFF01 <= cp <= 0xFF5E and (chr(cp - 0xFEE0).isalnum() or chr(cp - 0xFEE0) in "@%+-./#&_'"):
        ch = chr(cp - 0xFEE0)
    return ch.lower() if ch.isascii() else ch


def _han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


@settings(max_examples=300, deadline=None)
@given(texts)
def test_alignment_loses_and_invents_nothing(text: str) -> None:
    n = normalise(text)
    assert len(n.source) == len(n.text)
    assert all(a < b for a, b in zip(n.source, n.source[1:], strict=False))  # one to one, in order
    kept = set(n.source)
    for i, ch in enumerate(text):
        if i not in kept:  # only whitespace and invisible characters disappear
            assert ch.isspace() or ord(ch) in INVISIBLE, (text, i, ch)
    for c, i in zip(n.text, n.source, strict=True):
        o = text[i]
        if o.isspace():
            assert c == " "
        else:  # the character itself, its width/case fold, or its Simplified form
            assert c == _folded(o) or (_han(c) and _han(o)), (o, c)
    assert n.text == analysis_text(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(texts, max_size=6))
def test_batch_conversion_equals_one_by_one(batch: list[str]) -> None:
    assert analysis_texts(batch) == [analysis_text(t) for t in batch]


def test_emoji_kept_or_dropped() -> None:
    assert normalise("好😡").text == "好😡"
    assert normalise("好😡", emoji="drop").text == "好"
    assert is_emoji("😡")
    assert not is_emoji("好")


@settings(max_examples=150, deadline=None)
@given(texts)
def test_segmentation_covers_every_kept_character_once(text: str) -> None:
    seg = default_segmenter()
    n = normalise(text)
    toks = seg.tokens(text)
    # tokens are in order, do not overlap, and show the original characters
    for a, b in itertools.pairwise(toks):
        assert a.end <= b.start
    for t in toks:
        assert text[t.start : t.end] == t.text
    # every non-space analysis character is in exactly one token
    covered = "".join(t.form for t in toks)
    assert covered == n.text.replace(" ", "")


def test_traditional_text_is_segmented_through_simplified() -> None:
    seg = Segmenter()
    toks = seg.tokens("推銷理財產品，老客戶很失望")
    assert [t.text for t in toks][:2] == ["推銷", "理財產品"]
    assert "老客戶" in [t.text for t in toks]
    assert [t.form for t in toks][:2] == ["推销", "理财产品"]


def test_placeholders_stay_whole_and_are_not_counted() -> None:
    seg = Segmenter()
    assert "[手机号]" in [t.text for t in seg.tokens("请打[手机号]联系")]
    assert "[手机号]" not in seg.words("请打[手机号]联系")


def test_english_words() -> None:
    assert Segmenter().words("The App crashed, I don't like it") == [
        "the", "app", "crashed", "i", "don't", "like", "it"
    ]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(texts, max_size=8))
def test_the_fast_batch_path_gives_the_same_words(batch: list[str]) -> None:
    seg = default_segmenter()
    assert seg.words_many(batch, stop={"的"}) == [seg.words(t, stop={"的"}) for t in batch]


def test_a_centre_overrides_the_dictionary_and_stop_words(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from serviq.text.segmentation import stopwords

    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "user_dict.txt").write_text("# ours\n云闪付 n\n", encoding="utf-8")
    (tmp_path / "text" / "stopwords_zh.txt").write_text("客服\n", encoding="utf-8")
    seg = Segmenter(config_dir=tmp_path)
    assert "云闪付" in [t.text for t in seg.tokens("用云闪付付款")]
    assert seg.user_words == [("云闪付", None, "n")]
    assert stopwords("zh", config_dir=tmp_path) == frozenset({"客服"})
    assert "的" in stopwords("zh")
