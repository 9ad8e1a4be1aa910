"""KPI parameters from YAML: the bundled defaults, a centre's override, clear errors."""

from __future__ import annotations

import pytest

from serviq.errors import InvalidInput
from serviq.ops.definitions import KpiConfig, describe, load_kpi_config, load_queues


def test_the_bundled_file_holds_the_documented_defaults():
    cfg = load_kpi_config()
    assert cfg == KpiConfig()
    assert (cfg.service_level.seconds, cfg.short_abandon_seconds, cfg.fcr_window_days) == (20, 5, 7)
    assert load_queues() == ("credit_card", "retail", "wealth", "complaints")


def test_a_centre_overrides_the_defaults(tmp_path, monkeypatch):
    (tmp_path / "ops").mkdir()
    (tmp_path / "ops" / "kpis.yaml").write_text(
        "service_level: {seconds: 15, target: 0.9}\nfcr_window_days: 3\n", encoding="utf-8"
    )
    monkeypatch.setenv("SERVIQ_CONFIG_DIR", str(tmp_path))
    cfg = load_kpi_config()
    assert (cfg.service_level.seconds, cfg.fcr_window_days, cfg.short_abandon_seconds) == (15, 3, 5)
    assert "15 s" in describe(cfg, "Asia/Shanghai")["service_level"].en


def test_a_wrong_option_names_the_field(tmp_path):
    bad = tmp_path / "kpis.yaml"
    bad.write_text("service_level:\n  abandon_treatment: ignored\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as info:  # ValidationFailed, from serviq.yamlfile
        load_kpi_config(bad)
    assert "line 2" in str(info.value)
    assert "service_level.abandon_treatment" in str(info.value)
    with pytest.raises(InvalidInput, match="unknown KPI option"):
        KpiConfig().with_options(sla=3)
    with pytest.raises(InvalidInput, match="invalid KPI option"):
        KpiConfig().with_options(interval_minutes=20)


def test_every_definition_has_english_and_chinese():
    for d in describe(KpiConfig(), "Asia/Shanghai").values():
        assert d.en
        assert d.zh
