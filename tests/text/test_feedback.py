"""Product feedback (R-BANK-2): the file checked whole, the text masked and coded by the
product code book, and the two indicators per month."""

from __future__ import annotations

import doctest
import importlib

import pytest

from serviq.errors import InvalidInput
from serviq.text.feedback import NEEDS_REF, feedback_values, load_product_codebook, read_feedback

HEADER = "feedback_id,received_on,kind,met,text\n"


def test_a_file_is_read_masked_and_coded(tmp_path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(
        HEADER
        + "a,2026-10-01,complaint,,房贷利率太高 call me 13912345678\n"
        + "b,2026-10-02,need,YES,want a credit card without annual fee\n"
        + "c,2026-11-02,need,no,想要外币理财\n",
        encoding="utf-8",
    )
    items = read_feedback(path)
    assert [i.feedback_id for i in items] == ["a", "b", "c"]
    assert "13912345678" not in items[0].text
    assert items[0].codes == ("loans",)
    assert items[1].met is True
    assert "cards" in items[1].codes
    assert items[2].codes == ("wealth",)
    values = feedback_values(items)
    assert values[("2026-10", "")]["product"] == 1 / 2
    assert values[("2026-10", "")]["loans"] == 1 / 2
    assert values[("2026-10", "")][NEEDS_REF] == 1.0
    assert values[("2026-11", "")]["product"] == 0.0
    assert values[("2026-11", "")][NEEDS_REF] == 0.0


def test_a_month_without_needs_has_no_needs_value() -> None:
    from serviq.text.feedback import code_feedback

    items = code_feedback([("a", "2026-10-01", "complaint", None, "基金亏了")])
    assert NEEDS_REF not in feedback_values(items)[("2026-10", "")]


def test_the_first_problem_names_file_row_and_column(tmp_path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(HEADER + "a,2026-10-01,complaint,,x\nb,2026-13-01,need,yes,y\n", "utf-8")
    with pytest.raises(InvalidInput) as exc:
        read_feedback(path)
    assert exc.value.where.row == 3
    assert exc.value.where.column == "received_on"
    assert "allowed: YYYY-MM-DD" in exc.value.message


def test_every_product_code_has_a_parent_theme_and_three_labels() -> None:
    book = load_product_codebook()
    assert {c.parent for c in book.codes} == {"product"}
    for c in book.codes:
        assert all(c.labels.get(lang) for lang in ("zh-Hans", "zh-Hant", "en"))


def test_docstring_examples() -> None:
    result = doctest.testmod(importlib.import_module("serviq.text.feedback"))
    assert result.attempted > 0
    assert result.failed == 0
