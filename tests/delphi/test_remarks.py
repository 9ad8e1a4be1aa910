"""The experts' remarks of a round coded by a code book (serviq.delphi.remarks), on a small
hand-made code book and set of remarks whose codes are known by reading them."""

from __future__ import annotations

import pytest

from serviq.delphi.remarks import Remark, code_remarks
from serviq.text.codebook import CodeBook, load_codebook

BOOK = CodeBook.model_validate(
    {
        "codebook": "delphi_test",
        "codes": [
            {
                "code": "wait",
                "labels": {"zh-Hans": "等候", "zh-Hant": "等候", "en": "Waiting"},
                "definition": "Waiting.",
                "include": ["排队", "等候"],
                "exclude": ["等候区"],
            },
            {
                "code": "fees",
                "labels": {"zh-Hans": "收费", "zh-Hant": "收費", "en": "Fees"},
                "definition": "Fees.",
                "include": ["收费", "fee"],
            },
            {
                "code": "unused",
                "labels": {"zh-Hans": "未用", "zh-Hant": "未用", "en": "Unused"},
                "definition": "Nobody mentions it.",
                "include": ["从未出现"],
            },
        ],
    }
)

REMARKS = [
    Remark("E01", "TAN", "排队时间要单独计"),
    Remark("E02", "TAN", "排隊和收費都該分開"),  # Traditional: both themes
    Remark("E03", "REL", "等候区的环境不算"),  # only the excluded phrase
    Remark("E02", None, "Add a fee transparency indicator"),  # a proposal
    Remark("E03", "EMP", "收费标准"),
]


def test_themes_counted_and_ranked_with_their_items() -> None:
    coded = code_remarks(REMARKS, BOOK, lang="en")
    got = [(t.code, t.label, t.count, t.items) for t in coded.themes]
    assert got == [("fees", "Fees", 3, ("TAN", "EMP")), ("wait", "Waiting", 2, ("TAN",))]
    fees = coded.themes[0]
    assert [r.expert for r in fees.remarks] == ["E02", "E02", "E03"]
    assert [r.proposal for r in fees.remarks] == [False, True, False]


def test_unmatched_remarks_are_kept_apart() -> None:
    coded = code_remarks(REMARKS, BOOK, lang="zh-Hant")
    assert [r.text for r in coded.uncoded] == ["等候区的环境不算"]
    assert coded.themes[0].label == "收費"


def test_nothing_to_code() -> None:
    coded = code_remarks([], BOOK)
    assert coded.themes == ()
    assert coded.uncoded == ()


@pytest.mark.parametrize(
    ("text", "codes"),
    [("网点排队太久，应列入指标", ["wait"]), ("年费收费不透明", ["fees"]), ("ok", [])],
)
def test_bundled_code_book_codes_expert_texts(text: str, codes: list[str]) -> None:
    coded = code_remarks([Remark("E01", "TAN", text)], load_codebook())
    assert [t.code for t in coded.themes] == codes
