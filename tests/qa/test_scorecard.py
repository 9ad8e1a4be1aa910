"""The scorecard file: the bundled default and the errors a malformed file gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from serviq.errors import ValidationFailed
from serviq.qa.scorecard import load_scorecard

SOURCE_ITEMS = ("service_language", "attitude", "tone", "needs_summary", "adaptability")


def test_the_bundled_form_has_the_five_source_items_and_the_compliance_items(card) -> None:
    assert card.key == "comprehensive_service_quality@1"
    service = card.sections[0]
    assert tuple(i.code for i in service.items) == SOURCE_ITEMS
    assert all(i.requirement == "R-QA-2" for i in service.items)
    assert [i.name.get("zh-Hant") for i in service.items] == [
        "服務用語", "服務態度", "語氣語調", "客戶需求的歸納能力", "應變能力",
    ]  # fmt: skip
    compliance = {i.code: i for i in card.sections[1].items}
    assert compliance["confidentiality"].requirement == "R-OPS-2"
    assert compliance["confidentiality"].critical == "review"
    assert compliance["greeting_closing"].requirement == "R-OPS-4"
    assert compliance["greeting_closing"].critical == "section"
    for it in card.items:
        assert it.name.get("zh-Hans")
        assert it.name.get("zh-Hant")
        assert it.name.get("en")


BAD_KIND = """\
code: test
version: 1
name: {zh-Hans: 测试, zh-Hant: 測試, en: Test}
sections:
  - code: s
    name: {zh-Hans: 一, zh-Hant: 一, en: One}
    items:
      - code: a
        name: {zh-Hans: 甲, zh-Hant: 甲, en: A}
        scale: {kind: stars, min: 1, max: 5}
"""


def test_an_unknown_scale_names_file_line_and_field(tmp_path: Path) -> None:
    f = tmp_path / "scorecard.yaml"
    f.write_text(BAD_KIND, encoding="utf-8")
    with pytest.raises(ValidationFailed) as exc:
        load_scorecard(f)
    problem = exc.value.problems[0]
    assert problem.where.file == str(f)
    assert problem.where.line == 10
    assert problem.where.field == "sections.0.items.0.scale.kind"
    assert "'points' or 'yes_no'" in problem.message


def test_duplicate_items_and_a_fail_value_off_the_scale_are_refused(tmp_path: Path) -> None:
    text = BAD_KIND.replace("kind: stars", "kind: points") + (
        "      - code: a\n"
        "        name: {zh-Hans: 乙, zh-Hant: 乙, en: B}\n"
        "        scale: {kind: points, min: 1, max: 5}\n"
        "        fail_at_or_below: 7\n"
    )
    f = tmp_path / "scorecard.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as exc:
        load_scorecard(f)
    messages = " | ".join(p.message for p in exc.value.problems)
    assert "fail_at_or_below must lie on the scale" in messages


def test_a_missing_language_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "scorecard.yaml"
    f.write_text(BAD_KIND.replace("kind: stars", "kind: points").replace(", en: A}", "}"), "utf-8")
    with pytest.raises(ValidationFailed) as exc:
        load_scorecard(f)
    assert exc.value.problems[0].where.field == "sections.0.items.0.name.en"
    assert exc.value.problems[0].where.line == 9


def test_a_yes_no_scale_takes_no_range(tmp_path: Path) -> None:
    f = tmp_path / "scorecard.yaml"
    f.write_text(
        BAD_KIND.replace("kind: stars, min: 1, max: 5", "kind: yes_no, min: 1, max: 5"), "utf-8"
    )
    with pytest.raises(ValidationFailed, match="yes_no scale has no min and max"):
        load_scorecard(f)


def test_a_centre_override_replaces_the_bundled_form(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "qa").mkdir()
    (tmp_path / "qa" / "scorecard.yaml").write_text(
        BAD_KIND.replace("kind: stars", "kind: points").replace("version: 1", "version: 7"), "utf-8"
    )
    monkeypatch.setenv("SERVIQ_CONFIG_DIR", str(tmp_path))
    assert load_scorecard().key == "test@7"
