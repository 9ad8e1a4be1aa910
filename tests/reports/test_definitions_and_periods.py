"""Report definitions are data (validated, replaceable per centre) and periods parse."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from serviq.errors import InvalidInput, ValidationFailed
from serviq.reports.definitions import KINDS, load_definition
from serviq.reports.labels import labels
from serviq.reports.periods import last_complete, parse, resolve


def test_every_kind_is_bundled_with_three_languages() -> None:
    for kind in KINDS:
        d = load_definition(kind)
        assert d.kind == kind
        assert all(d.title.get(lang) for lang in ("zh-Hans", "zh-Hant", "en"))
    assert load_definition("monthly").due_day == 22


def test_a_centre_replaces_a_definition_and_mistakes_name_file_line_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    text = (Path(__file__).resolve().parents[2] / "src/serviq/data/reports/monthly.yaml").read_text(
        encoding="utf-8"
    )
    (folder / "monthly.yaml").write_text(
        text.replace("due_day: 22", "due_day: 20"), encoding="utf-8"
    )
    monkeypatch.setenv("SERVIQ_CONFIG_DIR", str(tmp_path))
    assert load_definition("monthly").due_day == 20
    (folder / "monthly.yaml").write_text(
        text.replace("due_day: 22", "due_day: 31"), encoding="utf-8"
    )
    with pytest.raises(ValidationFailed) as info:
        load_definition("monthly")
    assert "monthly.yaml" in str(info.value)
    assert "due_day" in str(info.value)


def test_unknown_kind() -> None:
    with pytest.raises(InvalidInput, match="allowed: monthly"):
        load_definition("weekly")


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2026-11", "month", dt.date(2026, 11, 1), dt.date(2026, 12, 1)),
        ("2026-W01", "week", dt.date(2025, 12, 29), dt.date(2026, 1, 5)),
        ("2026-12-05", "day", dt.date(2026, 12, 5), dt.date(2026, 12, 6)),
        ("2026-H2", "half", dt.date(2026, 7, 1), dt.date(2027, 1, 1)),
        ("2026", "year", dt.date(2026, 1, 1), dt.date(2027, 1, 1)),
    ],
)
def test_periods(text: str, kind: str, start: dt.date, end: dt.date) -> None:
    p = parse(text)
    assert (p.kind, p.start, p.end, p.label) == (kind, start, end, text)


def test_last_and_bad_periods() -> None:
    assert resolve("last", "week", dt.date(2026, 12, 5)).label == "2026-W48"
    assert last_complete("year", dt.date(2026, 12, 5)).label == "2025"
    with pytest.raises(InvalidInput, match="allowed: YYYY-MM"):
        parse("2026-13")
    with pytest.raises(InvalidInput, match="needs a month"):
        parse("2026-W05", "month")


def test_labels_exist_in_three_languages() -> None:
    en, hans, hant = labels("en"), labels("zh-Hans"), labels("zh-Hant")
    assert set(en) == set(hans) == set(hant)
    assert hans["methods"] == "方法附录"
