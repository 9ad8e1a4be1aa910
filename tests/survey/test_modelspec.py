from __future__ import annotations

import pytest

from serviq.errors import ValidationFailed
from serviq.survey.modelspec import Term, parse_model


def test_it_reads_measurement_covariance_and_path_lines() -> None:
    m = parse_model(
        """
        # ECSI-like
        Image =~ IMAG1 + IMAG2 +
                 IMAG3            # continued line
        Value =~ PERV1 + PERV2; Value ~~ Image
        PERV1 ~~ 0*PERV2
        Value ~ Image
        """
    )
    assert m.latents["Image"] == (Term("IMAG1"), Term("IMAG2"), Term("IMAG3"))
    assert ("PERV1", Term("PERV2", fixed=0.0)) in m.covariances
    assert m.paths == (("Value", (Term("Image"),)),)
    assert m.indicators == ["IMAG1", "IMAG2", "IMAG3", "PERV1", "PERV2"]


def test_na_frees_a_loading() -> None:
    m = parse_model("f =~ NA*a + b + c")
    assert m.latents["f"][0] == Term("a", free=True)


def test_it_reports_every_bad_line_with_its_number() -> None:
    with pytest.raises(ValidationFailed) as exc:
        parse_model("f =~ a + b\nab := a*b\ng =~ x + + y\nnonsense", source="m.lav")
    lines = [p.where.line for p in exc.value.problems]
    assert lines == [2, 3, 4]
    assert all(p.where.file == "m.lav" for p in exc.value.problems)


def test_an_empty_model_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="empty"):
        parse_model("# nothing here\n")
