"""Word counts, keyness and keywords on small corpora whose answers are known by hand."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from serviq.errors import InvalidInput
from serviq.text.counting import (
    cooccurrence,
    documents,
    keyness,
    ngrams,
    term_counts,
    term_frequencies,
)
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


# --- speed of `text freq` (finding 10 of issue 16): the shortcuts change no result ---------

_words = st.lists(st.sampled_from(["排队", "久", "柜员", "态度", "好", "差", "app"]), max_size=6)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 5), max_size=30), st.lists(_words, min_size=6, max_size=6))
def test_term_counts_of_shared_documents_equal_counting_each_one(
    picks: list[int], pool: list[list[str]]
) -> None:
    """Documents that are one shared list (what ``documents`` gives for equal texts) are
    counted once and weighted; the result equals counting fresh copies, for words and
    word pairs, with and without groups."""
    shared = [pool[i] for i in picks]
    copies = [list(pool[i]) for i in picks]
    groups = [i % 2 for i in range(len(picks))]
    for n in (1, 2):
        for by in (None, groups):
            fast = term_counts(shared, by=by, n=n)
            plain = term_counts(copies, by=by, n=n)
            assert fast == plain
            assert term_frequencies(shared, by=by, n=n).to_dict(orient="records") == fast


def test_term_counts_weights_a_repeated_document() -> None:
    doc = ["排队", "久", "久"]
    rows = {r["term"]: r for r in term_counts([doc, doc, ["排队"]])}
    assert (rows["久"]["count"], rows["久"]["docs"]) == (4, 2)
    assert (rows["排队"]["count"], rows["排队"]["docs"]) == (3, 3)
    assert rows["排队"]["share_docs"] == pytest.approx(1.0)


def test_documents_of_repeated_texts_are_computed_once_and_equal() -> None:
    texts = [
        "櫃員態度很差",
        "排队太久了",
        "櫃員態度很差",
        None,
        "排队太久了",
        "手机 13812345678 被盗刷",
    ]
    docs = documents(texts)
    assert docs[0] is docs[2]
    assert docs[1] is docs[4]
    assert docs == [documents([t])[0] for t in texts]
    assert docs[3] == []
    assert "13812345678" not in docs[5]


def test_progress_counts_every_comment_once() -> None:
    seen: list[int] = []
    documents(["好"] * 2500 + [f"第{i}条" for i in range(2500)], progress=seen.append)
    assert sum(seen) == 5000


def _imports_of(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True
    )
    return done.stderr


def test_counting_words_imports_neither_scipy_nor_pandas() -> None:
    log = _imports_of(
        "from serviq.text.counting import documents, term_counts\n"
        "term_counts(documents(['排队太久了', '柜员态度很好']))\n"
    )
    imported = {line.split("|")[-1].strip() for line in log.splitlines() if "|" in line}
    assert "scipy" not in imported
    assert "pandas" not in imported
    assert "numpy" not in imported


def test_text_freq_command_does_not_import_scipy(tmp_path: Path) -> None:
    data = tmp_path / "c.csv"
    data.write_text("comment\n排队太久了\n柜员态度很好\n", encoding="utf-8")
    log = _imports_of(
        "import sys\nfrom serviq.cli.main import main\n"
        f"sys.argv = ['serviq', 'text', 'freq', {str(data)!r}, '--column', 'comment', '--json']\n"
        "main()\n"
    )
    imported = {line.split("|")[-1].strip() for line in log.splitlines() if "|" in line}
    assert "serviq.text.counting" in imported
    assert not {m for m in imported if m == "scipy" or m.startswith("scipy.")}


def test_rjieba_loads_once_whichever_is_imported_first() -> None:
    # serviq loads rjieba's compiled module without the package's default instance; a
    # later `import rjieba` must reuse it (a PyO3 module initialises once per process),
    # and a segmenter built after `import rjieba` must work as well.
    for code in (
        "from serviq.text.segmentation import Segmenter\n"
        "s = Segmenter(); import rjieba\n"
        "assert rjieba.cut('手机银行') and s.words('手機銀行閃退') == ['手机银行', '闪退']\n",
        "import rjieba\nfrom serviq.text.segmentation import Segmenter\n"
        "assert Segmenter().words('手機銀行閃退') == ['手机银行', '闪退']\n",
    ):
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
