"""Short post-contact forms per channel: few items, none that only fits a branch, the
indicator system's survey bindings still get values, and a computed time promise."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from serviq.errors import ValidationFailed
from serviq.indicators import bundled_system
from serviq.indicators.bindings import survey_value
from serviq.indicators.scoring import score_system
from serviq.survey.channel_forms import load_channel_forms, minutes
from serviq.survey.questionnaire import load_questionnaire

BRANCH_ONLY = {"TAN2", "TAN3", "TAN5"}  # premises, staff dress, waiting-room amenities


def test_the_phone_form_is_short_and_asks_nothing_about_the_branch() -> None:
    forms, q = load_channel_forms(), load_questionnaire()
    assert {it.code for it in q.items if not it.fits("phone")} == BRANCH_ONLY
    for slot in range(20):
        asked = forms.form_items(q.id, q.codes, "phone", slot)
        assert len(asked) <= 6
        assert not set(asked) & BRANCH_ONLY
        assert len(set(asked)) == len(asked)
        assert {"CSAT", "NPS", "CES"} <= set(asked)
    # a branch visit keeps the whole questionnaire
    assert forms.form_items(q.id, q.codes, "counter", 3) == q.codes


def _answers(codes: list[str], q: object, rng: np.random.Generator) -> dict[str, float]:
    out = {}
    for code in codes:
        scale = q.scale_of(code)  # type: ignore[attr-defined]
        if scale.numeric:
            lo, hi = scale.bounds()
            out[code] = float(rng.integers(int(lo), int(hi) + 1))
    return out


@pytest.mark.parametrize("channel", ["phone", "chat", "app", "email"])
def test_every_survey_bound_indicator_still_gets_a_value(channel: str) -> None:
    """Responses to a channel's consecutive short forms give every survey binding of the
    bundled indicator system a value, and its scoring reports none of them missing."""
    forms, q = load_channel_forms(), load_questionnaire()
    system = bundled_system("bank_contact_centre")
    rng = np.random.default_rng(7)
    form = forms.forms[channel]
    turns = -(-len(form.rotating) // form.per_form)  # links until every item was asked
    responses = pd.DataFrame(
        [_answers(forms.form_items(q.id, q.codes, channel, k), q, rng) for k in range(turns)]
    )
    bound = [
        n for n in system.indicators()
        if n.measurement is not None and n.measurement.binding.source.startswith("survey")
    ]  # fmt: skip
    assert len(bound) == 10
    values = {}
    for node in bound:
        assert node.measurement is not None
        v = survey_value(node.measurement.binding, responses, {"CSAT": 5.0})
        assert v is not None, node.code
        values[node.code] = v
    card = score_system(system, values)
    assert not set(values) & set(card.missing)
    # one link alone leaves most dimensions unasked: the rotation is what covers them
    one = pd.DataFrame([_answers(forms.form_items(q.id, q.codes, channel, 0), q, rng)])
    assert sum(survey_value(n.measurement.binding, one) is None for n in bound) >= 4  # type: ignore[union-attr]


def test_the_time_promise_follows_the_number_of_items() -> None:
    forms = load_channel_forms()
    q = load_questionnaire()
    short = forms.form_items(q.id, q.codes, "phone", 0)
    kinds = ["comment" if q.scale_of(c).type == "text" else "rating" for c in short]
    assert forms.seconds_for(kinds) == 5 * 8 + 20
    assert minutes(forms.seconds_for(kinds)) == 1
    long = ["comment" if q.scale_of(c).type == "text" else "rating" for c in q.codes]
    assert minutes(forms.seconds_for(long)) == 4  # 30 ratings and a comment: 260 s


def test_a_form_that_asks_a_branch_item_or_loses_an_indicator_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "channel_forms.yaml"
    bad.write_text(
        "questionnaire: bank_service\n"
        "forms:\n"
        "  phone:\n"
        "    fixed: [CSAT, NPS, CES, TAN3]\n"
        "    rotating: [REL1, RES1, ASS1, EMP1, SAT1]\n"
        "    per_form: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as e:
        load_channel_forms(bad)
    text = str(e.value)
    assert "item TAN3 is not asked after a phone contact (it fits: counter)" in text
    assert "asks no item of indicator(s) LOY" in text
