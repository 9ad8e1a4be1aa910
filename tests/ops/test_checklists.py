"""The operations-room checklist templates (data) and the share of items passed (core)."""

from __future__ import annotations

import pytest

from serviq.errors import InvalidInput, ValidationFailed
from serviq.ops.checklists import Tick, check_round, load_checklists, shares


def test_the_bundled_template_has_every_item_in_three_languages() -> None:
    room = load_checklists()["operations_room"]
    codes = [i.code for i in room.items]
    assert codes == ["dress", "desk", "equipment", "no_food_devices", "cleanliness", "cleaning_duty"]  # fmt: skip
    for item in room.items:
        assert all(item.text.get(lang) for lang in ("zh-Hans", "zh-Hant", "en"))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("templates: []\n", "templates"),
        (
            "templates:\n  - code: room\n    name: {zh-Hans: a, zh-Hant: a, en: a}\n"
            "    items:\n      - code: x\n        text: {zh-Hans: a, en: a}\n",
            "zh-Hant",
        ),
        (
            "templates:\n  - code: room\n    name: {zh-Hans: a, zh-Hant: a, en: a}\n"
            "    items:\n      - {code: x, text: {zh-Hans: a, zh-Hant: a, en: a}}\n"
            "      - {code: x, text: {zh-Hans: b, zh-Hant: b, en: b}}\n",
            "repeated: x",
        ),
    ],
)
def test_a_bad_template_file_is_refused_naming_the_file_and_field(tmp_path, text, words) -> None:
    path = tmp_path / "checklists.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as err:
        load_checklists(path)
    assert "checklists.yaml" in str(err.value.lines) or "checklists.yaml" in str(err.value)
    assert words in " ".join(err.value.lines) + str(err.value.as_dict())


def test_the_share_is_items_passed_over_items_checked_the_centre_pooled() -> None:
    # T1: 3 of 4 passed; T2: 1 of 2; the centre 4 of 6 (not the mean of 0.75 and 0.5)
    ticks = [Tick("2026-10", "T1", "room", p) for p in (True, True, True, False)]
    ticks += [Tick("2026-10", "T2", "room", p) for p in (True, False)]
    got = shares(ticks)
    assert got[("2026-10", "T1")] == {"room": 0.75}
    assert got[("2026-10", "T2")] == {"room": 0.5}
    assert got[("2026-10", "")] == {"room": 4 / 6}


def test_a_round_ticks_every_item_and_names_only_team_members() -> None:
    room = load_checklists()["operations_room"]
    answers = {i.code: "pass" for i in room.items}
    ok = check_round(room, {**answers, "desk": "fail"}, {"desk": "A1"}, {}, ["A1"])
    assert [(r.item, r.passed, r.person) for r in ok if not r.passed] == [("desk", False, "A1")]
    with pytest.raises(InvalidInput, match="item_cleaning_duty"):
        check_round(room, {**answers, "cleaning_duty": "maybe"}, {}, {}, ["A1"])
    with pytest.raises(InvalidInput, match="Z9 is not in the team"):
        check_round(room, {**answers, "desk": "fail"}, {"desk": "Z9"}, {}, ["A1"])
