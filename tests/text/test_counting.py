"""Word counts, keyness and keywords on small corpora whose answers are known by hand."""

from __future__ import annotations

import math

import pytest

from serviq.errors import InvalidInput
from serviq.text.counting import cooccurrence, documents, keyness, ngrams, term_frequencies
from serviq.text.keywords import keywords, textrank_scores

DOCS = [["排队", "久"], ["排队", "柜员", "态度"], ["手机银行", "闪退"], ["排队", "久", "久"]]


def test_term_and_document_frequencies() -> None:
    tf = term_frequencies(DOCS)
    row = tf.set_index("term").loc["久"]
    assert (row["count"], row["docs"]) == (3, 2)
    assert tf.set_index("term").loc["排队", "share_docs"] == pytest.approx(0.75)
    assert tf.iloc[0]["term"] in ("排队", "久")


def test_frequencies_by_group_and_ngrams() -> None:
    tf = term_frequencies(DOCS, by=["a", "a", "b", "b"], top=1)
    assert list(tf["group"]) == ["a", "b"]
    assert ngrams(["a", "b", "c"], 2) == ["a b", "b c"]
    bi = term_frequencies(DOCS, n=2)
    assert bi.set_index("term").loc["排队 久", "count"] == 2
    with pytest.raises(InvalidInput):
        term_frequencies(DOCS, by=["a"])


def test_cooccurrence_counts_documents_and_pmi() -> None:
    co = cooccurrence(DOCS, min_docs=2)
    row = co[(co.term_a == "久") & (co.term_b == "排队")].iloc[0]
    assert row["docs"] == 2
    assert row["pmi"] == pytest.approx(math.log2(2 * 4 / (2 * 3)))


def test_keyness_log_likelihood_by_hand() -> None:
    target = [["慢"] * 10 + ["好"] * 10]
    reference = [["慢"] * 2 + ["好"] * 38]
    out = keyness(target, reference, min_count=1).set_index("term")
    a, b, c, d = 10, 2, 20, 40
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    g2 = 2 * (a * math.log(a / e1) + b * math.log(b / e2))
    assert out.loc["慢", "g2"] == pytest.approx(g2)
    assert out.loc["慢", "log_ratio"] == pytest.approx(math.log2((10 / 20) / (2 / 40)))
    assert out.loc["慢", "direction"] == "target"
    assert out.index[0] == "慢"


def test_documents_mask_normalise_and_drop_stop_words() -> None:
    docs = documents(["我的手機13812345678一直閃退", None, "The app crashed"])
    assert "闪退" in docs[0]
    assert not any(w.isdigit() or "138" in w for w in docs[0])
    assert docs[1] == []
    assert "app" in docs[2]
    assert "the" not in docs[2]


def test_textrank_prefers_the_hub() -> None:
    docs = [["排队", "久"], ["排队", "慢"], ["排队", "窗口"], ["窗口", "少"]]
    s = textrank_scores(docs, window=2)
    assert max(s, key=s.get) == "排队"  # type: ignore[arg-type]
    kw = keywords(docs, method="textrank", top=1)
    assert kw.iloc[0]["term"] == "排队"


def test_tfidf_ranks_group_typical_terms() -> None:
    kw = keywords(DOCS, method="tfidf", by=["a", "a", "b", "b"], top=2)
    assert "手机银行" in set(kw[kw.group == "b"]["term"]) or "闪退" in set(
        kw[kw.group == "b"]["term"]
    )
    with pytest.raises(InvalidInput, match="allowed"):
        keywords(DOCS, method="lda")
