"""New versions with evidence (R-IND-5), diffs and writing the YAML back."""

from __future__ import annotations

import pytest

from serviq.errors import InvalidInput, ValidationFailed
from serviq.indicators import bundled_system, diff, dump_yaml, new_version, parse_system


def test_dropping_an_indicator_renormalises_its_siblings_and_logs_the_evidence() -> None:
    old = bundled_system("bank_contact_centre")
    new = new_version(
        old,
        drop=["AHT"],
        note="AHT dropped: it rewards rushing customers",
        evidence=["screening report 2026-03", "QA calibration minutes"],
        date="2026-03-02",
    )
    assert new.version == "2.0.0"
    entry = new.changelog[-1]
    assert entry.version == "2.0.0"
    assert entry.date == "2026-03-02"
    assert entry.evidence == ["screening report 2026-03", "QA calibration minutes"]
    assert "dropped AHT" in entry.changes
    local = new.local_weights()
    proc = [c.code for c in new.find("PROC").children]
    assert "AHT" not in proc
    assert sum(local[c] for c in proc) == pytest.approx(1.0)
    assert local["TIMELY"] == pytest.approx(0.30 / 0.90)
    d = diff(old, new)
    assert [r["code"] for r in d.removed] == ["AHT"]
    assert {c.code for c in d.changed if c.field == "weight"} == {"SL", "ASA", "ABANDON", "TIMELY"}


def test_dropping_under_an_ahp_parent_keeps_its_priorities() -> None:
    old = bundled_system("bank_contact_centre")
    before = old.local_weights()
    new = new_version(old, drop=["BQ"], note="broad quality measured elsewhere")
    after = new.local_weights()
    rest = before["CX"] + before["NQ"] + before["OUT"]
    assert after["CX"] == pytest.approx(before["CX"] / rest)
    assert new.tree.weighting is not None
    assert new.tree.weighting.method == "direct"


def test_changes_are_applied_and_diffed() -> None:
    old = bundled_system("branch_counter")
    new = new_version(old, changes={"WAIT": {"target": 8, "thresholds": {"amber": 12}}},
                      note="tighter waiting target", evidence=["regional review"])  # fmt: skip
    assert new.version == "1.1.0"
    d = diff(old, new)
    fields = {(c.code, c.field): (c.old, c.new) for c in d.changed}
    assert fields[("WAIT", "target")] == (10, 8)
    assert ("WAIT", "thresholds") in fields
    assert d.added == ()
    assert d.removed == ()


def test_a_change_that_breaks_the_system_is_refused() -> None:
    old = bundled_system("branch_counter")
    with pytest.raises(ValidationFailed, match="sum to"):
        new_version(old, changes={"WAIT": {"weight": 0.9}}, note="oops")
    with pytest.raises(InvalidInput, match="no node"):
        new_version(old, drop=["NOPE"], note="x")
    with pytest.raises(InvalidInput, match="note"):
        new_version(old, drop=["WAIT"], note=" ")


@pytest.mark.parametrize("name", ["bank_contact_centre", "branch_counter", "sme_desk"])
def test_dump_yaml_round_trips(name) -> None:
    system = bundled_system(name)
    again = parse_system(dump_yaml(system))
    assert again == system
    assert diff(system, again).empty


def test_diff_reports_added_nodes(small_yaml) -> None:
    old = parse_system(small_yaml)
    new = new_version(old, drop=["ASA"], note="x", version="1.0.1")
    d = diff(new, old)
    assert [a["code"] for a in d.added] == ["ASA"]
    assert d.as_dict()["added"][0]["parent"] == "DIM"


def test_screening_drops_weak_items_from_the_survey_bindings() -> None:
    old = bundled_system("bank_contact_centre")
    assert "TAN5" in old.find("TAN").measurement.binding.refs()
    new = new_version(
        old,
        drop_items=["TAN5", "EMP5", "LOY9"],
        note="survey screening 2026-03: TAN5 low item-total r, EMP5 cross-loads on RES",
        evidence=["TAN5 r_drop = 0.08", "EMP5 loadings 0.41 / 0.44"],
    )
    assert new.version == "1.3.0"  # the bundled system is at 1.2.0: a minor step
    assert new.find("TAN").measurement.binding.refs() == ["TAN1", "TAN2", "TAN3", "TAN4"]
    assert "EMP5" not in new.find("EMP").measurement.binding.refs()
    changes = new.changelog[-1].changes
    assert "TAN: item TAN5 removed from its survey_scale" in changes
    assert "item LOY9: not used by bank_contact_centre" in changes
    d = diff(old, new)
    assert {(c.code, c.field) for c in d.changed} == {
        ("TAN", "measurement"),
        ("EMP", "measurement"),
    }


def test_an_indicator_left_without_items_is_dropped_with_its_empty_dimension(small_yaml) -> None:
    old = parse_system(small_yaml)
    new = new_version(old, drop_items=["SAT1", "SAT2", "SAT3"], note="scale failed")
    assert [c.code for c in new.tree.children] == ["DIM"]
    assert new.local_weights()["DIM"] == pytest.approx(1.0)
    assert new.version == "2.0.0"
    gone = new_version(old, drop=["SL", "ASA"], note="process measured elsewhere")
    assert [c.code for c in gone.tree.children] == ["SAT"]
    assert "dropped DIM" in gone.changelog[-1].changes
    with pytest.raises(InvalidInput, match="every indicator"):
        new_version(old, drop=["DIM", "SAT"], note="x")
