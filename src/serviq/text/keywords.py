"""Keywords of a set of comments: TF-IDF and TextRank, by group.

- **TF-IDF**: for group g and term t, tfidf = (count of t in g ÷ words in g) × idf(t),
  idf(t) = ln((1 + N) / (1 + df(t))) + 1 over all N comments (the smoothed idf of
  scikit-learn), so a term used everywhere ranks low and one typical of the group high.
- **TextRank** (Mihalcea & Tarau 2004): an undirected graph of terms, an edge between
  two terms that occur within ``window`` words of each other in a comment (weighted by
  how often), scores by weighted PageRank with damping 0.85,
  S(v) = (1 − d) + d Σ_u w_uv / Σ_k w_uk · S(u), iterated to convergence.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd

from serviq.errors import InvalidInput
from serviq.text.counting import Docs, _groups

METHODS = ("tfidf", "textrank")


def tfidf_keywords(
    docs: Docs, *, by: Sequence[Hashable] | None = None, top: int = 20
) -> pd.DataFrame:
    """Per group: ``term``, ``score`` (TF-IDF, see module docstring), ``count``."""
    n = len(docs)
    df: Counter[str] = Counter()
    for d in docs:
        df.update(set(d))
    rows: list[dict[str, object]] = []
    for g, idx in _groups(docs, by).items():
        tf: Counter[str] = Counter(w for i in idx for w in docs[i])
        total = sum(tf.values()) or 1
        scored = sorted(
            ((t, c / total * (math.log((1 + n) / (1 + df[t])) + 1), c) for t, c in tf.items()),
            key=lambda x: (-x[1], x[0]),
        )
        rows.extend({"group": g, "term": t, "score": s, "count": c} for t, s, c in scored[:top])
    return pd.DataFrame(rows, columns=["group", "term", "score", "count"])


def textrank_scores(
    docs: Docs, *, window: int = 5, damping: float = 0.85, tol: float = 1e-8
) -> dict[str, float]:
    """TextRank score of every term of ``docs`` (see module docstring)."""
    if window < 2:
        raise InvalidInput(f"the TextRank window must be ≥ 2 words; got {window}")
    edges: defaultdict[tuple[str, str], float] = defaultdict(float)
    for d in docs:
        for i, a in enumerate(d):
            for b in d[i + 1 : i + window]:
                if a != b:
                    key = (a, b) if a < b else (b, a)
                    edges[key] += 1.0
    terms = sorted({t for e in edges for t in e})
    if not terms:
        return {}
    index = {t: i for i, t in enumerate(terms)}
    w = np.zeros((len(terms), len(terms)))
    for (a, b), v in edges.items():
        w[index[a], index[b]] = v
        w[index[b], index[a]] = v
    out_weight = w.sum(axis=1)
    m = w / out_weight[:, None]  # row u: share of u's weight going to each v
    s = np.ones(len(terms))
    for _ in range(200):
        new = (1 - damping) + damping * (m.T @ s)
        if np.abs(new - s).max() < tol:
            s = new
            break
        s = new
    return dict(zip(terms, s.tolist(), strict=True))


def textrank_keywords(
    docs: Docs, *, by: Sequence[Hashable] | None = None, top: int = 20, window: int = 5
) -> pd.DataFrame:
    """Per group: ``term``, ``score`` (TextRank over that group's comments), ``count``."""
    rows: list[dict[str, object]] = []
    for g, idx in _groups(docs, by).items():
        sub = [docs[i] for i in idx]
        scores = textrank_scores(sub, window=window)
        counts: Counter[str] = Counter(w for d in sub for w in d)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        rows.extend({"group": g, "term": t, "score": s, "count": counts[t]} for t, s in ranked)
    return pd.DataFrame(rows, columns=["group", "term", "score", "count"])


def keywords(
    docs: Docs, *, method: str = "tfidf", by: Sequence[Hashable] | None = None, top: int = 20
) -> pd.DataFrame:
    """Keywords by ``method`` (``tfidf`` or ``textrank``)."""
    if method == "tfidf":
        return tfidf_keywords(docs, by=by, top=top)
    if method == "textrank":
        return textrank_keywords(docs, by=by, top=top)
    raise InvalidInput(f"unknown keyword method {method!r}; allowed: {', '.join(METHODS)}")
