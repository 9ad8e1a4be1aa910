"""The demo comments are what the text analysis expects.

The demo's side of issue 4: every planted personal datum is found by the masker at the
offsets the generator recorded, and the rule-based first pass of the bundled code book
finds the planted themes in most comments.
"""

from __future__ import annotations

import json

import pandas as pd

from serviq.demo import DemoData
from serviq.text import codebook, redaction

KIND = {"mobile": "mobile", "id_number": "id_cn", "bank_card": "bank_card", "email": "email"}


def test_the_masker_finds_every_planted_pii_where_it_was_planted(fortnight: DemoData) -> None:
    planted = 0
    for text, truth in zip(
        fortnight.comments["text"], fortnight.comments["planted_pii"], strict=True
    ):
        spans = {(s.start, s.end): s.kind for s in redaction.find_pii(text)}
        for p in json.loads(truth):
            planted += 1
            assert (p["start"], p["end"]) in spans, (text, p, spans)
            assert spans[(p["start"], p["end"])] == KIND[p["type"]], (text, p, spans)
    assert planted >= 5


def test_the_bundled_code_book_finds_most_planted_themes(fortnight: DemoData) -> None:
    c = fortnight.comments
    found = codebook.autocode(c["text"].tolist(), codebook.load_codebook())
    planted = c["planted_themes"].str.split(",")
    hits = [len(set(p) & set(f)) / len(p) for p, f in zip(planted, found, strict=True)]
    assert pd.Series(hits).mean() > 0.7
    top_planted = planted.explode().value_counts().index[:3]
    top_found = pd.Series([x for f in found for x in f]).value_counts().index[:5]
    assert set(top_planted) <= set(top_found)
