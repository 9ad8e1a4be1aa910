"""Loading and validating indicator systems (R-IND-7, R-IND-9): every problem names the
file, the line, the field and the fix."""

from __future__ import annotations

import json

import pytest

from serviq.errors import ValidationFailed
from serviq.indicators.model import BUNDLED_SYSTEMS, load_system, parse_system


def problems_of(text: str, write, **kw) -> list:
    with pytest.raises(ValidationFailed) as info:
        load_system(write(text), **kw)
    return info.value.problems


def line_no(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("name", BUNDLED_SYSTEMS)
def test_the_bundled_systems_are_valid(name: str) -> None:
    system = load_system(name)
    assert system.indicators()
    glob = system.global_weights()
    scored = [n for n in system.indicators() if n.scored]
    assert sum(glob[n.code] for n in scored) == pytest.approx(1.0)


def test_the_bank_system_covers_the_source() -> None:
    s = load_system("bank_contact_centre")
    servqual = {n.servqual for n in s.indicators() if n.measurement and n.measurement.binding.source == "survey_scale"}  # fmt: skip
    assert {"tangibles", "reliability", "responsiveness", "assurance", "empathy"} <= servqual
    kpis = {n.measurement.binding.ref for n in s.indicators() if n.measurement and n.measurement.binding.source == "ops_kpi"}  # fmt: skip
    for k in ("timeliness_rate", "service_level", "asa", "abandoned_rate", "fcr_rate", "aht",
              "complaint_rate", "callback_rate", "backlog_overdue_rate"):  # fmt: skip
        assert k in kpis
    assert any(n.measurement and n.measurement.binding.source == "qa_item" for n in s.indicators())
    assert {n.quality for n in s.indicators()} >= {"narrow", "broad"}
    assert {n.stage for n in s.indicators()} == {"creation", "upkeep", "delivery", "improvement", "raising"}  # fmt: skip
    for n in s.indicators():
        for lang in ("zh-Hans", "zh-Hant", "en"):
            assert n.name.get(lang)
            assert n.definition
            assert n.definition.get(lang)
            assert n.measurement
            assert n.measurement.method.get(lang)


def test_the_small_fixture_is_valid(small_yaml, write) -> None:
    s = load_system(write(small_yaml))
    assert s.global_weights()["SL"] == pytest.approx(0.3)


def test_it_rejects_an_unknown_field_with_its_line(small_yaml, write) -> None:
    text = small_yaml.replace("          unit: s\n", "          unit: s\n          colour: red\n")
    [p] = problems_of(text, write)
    assert "unknown field" in p.message
    assert p.where.field == "tree.children.0.children.1.colour"
    assert p.where.line == line_no(text, "colour: red")


def test_it_rejects_a_scored_indicator_without_target(small_yaml, write) -> None:
    text = small_yaml.replace("          target: 20\n", "")
    [p] = problems_of(text, write)
    assert p.code == "missing_target"
    assert "ASA" in p.message
    assert "add target" in p.message
    assert p.where.field == "tree.children.0.children.1.target"
    assert p.where.line == line_no(text, "code: ASA")


def test_an_unscored_indicator_needs_no_target(small_yaml, write) -> None:
    text = small_yaml.replace("          target: 20\n          thresholds: {amber: 30}\n", "          scored: false\n")  # fmt: skip
    text = text.replace("          weight: 0.5\n", "          weight: 1.0\n", 1)
    text = text.replace("          weight: 0.5\n", "", 1)
    s = load_system(write(text))
    assert s.local_weights()["ASA"] == 0.0


def test_it_rejects_sibling_weights_that_do_not_sum_to_one(small_yaml, write) -> None:
    text = small_yaml.replace("          weight: 0.5\n", "          weight: 0.6\n", 1)
    [p] = problems_of(text, write)
    assert p.code == "weights"
    assert "sum to 1.1, not 1" in p.message
    assert p.where.field == "tree.children.0.children"


def test_it_rejects_a_node_inside_itself(small_yaml, write) -> None:
    text = small_yaml.replace("code: ASA", "code: DIM")
    [p] = problems_of(text, write)
    assert p.code == "cycle"
    assert "ROOT > DIM > DIM" in p.message
    assert p.where.field == "tree.children.0.children.1.code"
    assert p.where.line == line_no(text, "        - code: DIM")


def test_it_rejects_a_duplicate_code(small_yaml, write) -> None:
    text = small_yaml.replace("code: SAT\n", "code: SL\n")
    [p] = problems_of(text, write)
    assert p.code == "duplicate"
    assert p.where.field == "tree.children.1.code"


def test_it_rejects_a_yaml_alias_cycle(write) -> None:
    text = "id: x\ntree: &t\n  code: A\n  children: [*t]\n"
    [p] = problems_of(text, write)
    assert p.code == "cycle"


def test_it_rejects_a_binding_to_an_unknown_kpi(small_yaml, write) -> None:
    text = small_yaml.replace("ref: service_level", "ref: service_levle")
    [p] = problems_of(text, write)
    assert p.code == "unknown_source"
    assert "service_levle" in p.message
    assert "service_level" in p.message
    assert p.where.field == "tree.children.0.children.0.measurement.binding.ref"
    assert p.where.line == line_no(text, "service_levle")


def test_survey_bindings_are_checked_against_a_given_questionnaire(small_yaml, write) -> None:
    q = write(
        "code: q\nsections:\n  - items:\n      - {code: SAT1}\n      - {code: SAT2}\n", "q.yaml"
    )
    [p] = problems_of(small_yaml, write, questionnaire=q)
    assert "'SAT3'" in p.message
    assert str(q) in p.message


def test_it_rejects_inconsistent_ahp_judgements(small_yaml, write) -> None:
    text = (
        small_yaml.replace(
            "  code: ROOT\n",
            "  code: ROOT\n  weighting: {method: ahp, matrix: [[1, 9], [0.1111, 1]]}\n",
        )
        .replace("      weight: 0.6\n", "")
        .replace("      weight: 0.4\n", "")
    )
    s = parse_system(text)
    assert s.local_weights()["DIM"] == pytest.approx(0.9, abs=1e-3)
    bad = small_yaml.replace("          weight: 0.5\n", "", 2).replace(
        "      children:\n        - code: SL",
        "      weighting: {method: ahp, matrix: [[1, 2], [0.25, 1]]}\n      children:\n        - code: SL",
    )
    with pytest.raises(ValidationFailed) as info:
        parse_system(bad)
    assert "not reciprocal" in info.value.problems[0].message


def test_it_reports_every_problem_at_once(small_yaml, write) -> None:
    text = small_yaml.replace("ref: asa", "ref: nope").replace("          target: 0.8\n", "")
    assert len(problems_of(text, write)) == 2


def test_thresholds_must_follow_the_direction(small_yaml, write) -> None:
    text = small_yaml.replace("thresholds: {amber: 30}", "thresholds: {amber: 10}")
    [p] = problems_of(text, write)
    assert "at or above" in p.message
    assert p.where.field.endswith("thresholds.amber")


def test_cli_validate_prints_the_counts(run_cli) -> None:
    code, out, err = run_cli("indicators", "validate", "bank_contact_centre", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["ok"] is True
    assert data["system"] == "bank_contact_centre"
    assert data["version"] == "1.2.0"
    assert data["indicators"] == 28


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("          unit: s\n", "          unit: s\n          colour: red\n", "unknown field"),
        ("          target: 20\n", "", "has no target"),
        ("          weight: 0.5\n", "          weight: 0.7\n", "sum to 1.2"),
        ("code: ASA", "code: ROOT", "cycle"),
        ("ref: asa", "ref: speed", "not among the known ops KPIs"),
    ],
)
def test_cli_validate_rejects_a_broken_file(run_cli, small_yaml, write, old, new, needle) -> None:
    path = write(small_yaml.replace(old, new, 1))
    code, out, err = run_cli("indicators", "validate", str(path), "--json")
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert needle in lines[0]
    assert str(path) in lines[0]
    assert "field tree." in lines[0]
    assert "line " in lines[0]


def test_cli_validate_gives_one_line_per_problem(run_cli, small_yaml, write) -> None:
    path = write(small_yaml.replace("ref: asa", "ref: nope").replace("          target: 0.8\n", ""))
    code, _, err = run_cli("indicators", "validate", str(path))
    assert code == 2
    assert len([x for x in err.splitlines() if x.startswith("error: ")]) == 2


def test_cli_validate_missing_file(run_cli, tmp_path) -> None:
    code, _, err = run_cli("indicators", "validate", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "file not found" in err
