from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from serviq.errors import InvalidInput, ValidationFailed
from serviq.survey.indices import (
    IndexSettings,
    ces,
    csat,
    load_index_settings,
    nps,
    wilson_interval,
)


@given(st.lists(st.integers(0, 10), min_size=1, max_size=300))
def test_nps_and_its_interval_stay_within_minus_and_plus_100(answers: list[int]) -> None:
    r = nps(answers)
    assert -100 <= r.value <= 100
    assert -100 <= r.ci[0] <= r.value <= r.ci[1] <= 100
    assert r.n == len(answers)


def test_nps_counts_promoters_and_detractors() -> None:
    r = nps([10, 9, 8, 7, 6, 0])
    assert r.value == pytest.approx(0.0)
    assert r.details is not None
    assert r.details["promoters"] == pytest.approx(2 / 6)
    assert r.details["detractors"] == pytest.approx(2 / 6)


def test_a_small_sample_is_flagged_with_the_minimum_from_the_settings() -> None:
    assert nps([10] * 29).warning is not None
    assert nps([10] * 30).warning is None
    lenient = IndexSettings(minimum_n=10)
    assert nps([10] * 12, lenient).warning is None


def test_csat_top_two_box_and_mean() -> None:
    r = csat([5, 4, 3, 2, 1, 5, 5, 4, 4, 3])
    assert r.value == pytest.approx(0.6)
    assert r.details is not None
    assert r.details["mean"] == pytest.approx(3.6)
    lo, hi = r.details["mean_ci"]
    assert lo < 3.6 < hi


def test_ces_mean_and_agreement() -> None:
    r = ces([7, 6, 5, 4, 3, 2, 1])
    assert r.value == pytest.approx(4.0)
    assert r.details is not None
    assert r.details["agree"] == pytest.approx(3 / 7)


def test_wilson_matches_the_textbook_value() -> None:
    # Newcombe (1998) Stat Med 17, 857–872, Table I example: 81/263 → 0.2553 to 0.3662.
    lo, hi = wilson_interval(81, 263)
    assert (round(lo, 4), round(hi, 4)) == (0.2553, 0.3662)


def test_out_of_range_answers_name_the_row() -> None:
    with pytest.raises(InvalidInput, match="outside 0–10") as exc:
        nps([10, 11, 3])
    assert exc.value.where.row == 3
    with pytest.raises(InvalidInput, match="not numbers"):
        csat(["5", "very good"])


def test_missing_answers_are_skipped() -> None:
    assert csat([5, np.nan, 4]).n == 2


def test_the_bundled_settings_load_and_a_bad_file_names_its_field(tmp_path: Path) -> None:
    assert load_index_settings().minimum_n == 30
    bad = tmp_path / "indices.yaml"
    bad.write_text("minimum_n: 30\nnps:\n  promoter_min: 5\n  detractor_max: 6\n")
    with pytest.raises(ValidationFailed, match="detractor_max < promoter_min"):
        load_index_settings(bad)
