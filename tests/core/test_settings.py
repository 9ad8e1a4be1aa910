from __future__ import annotations

import re
from pathlib import Path

import pytest

from serviq.errors import ConfigError
from serviq.settings import load_settings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def test_defaults_in_development(tmp_path: Path) -> None:
    s = load_settings({"SERVIQ_DEBUG": "1", "SERVIQ_HOME": str(tmp_path)})
    assert s.database_url == f"sqlite:///{tmp_path / 'serviq.sqlite3'}"
    assert s.timezone == "Asia/Shanghai"


def test_placeholder_secret_refused_outside_development() -> None:
    with pytest.raises(ConfigError, match="SERVIQ_SECRET_KEY"):
        load_settings({"SERVIQ_SECRET_KEY": "changeme"})


def test_secret_from_file(tmp_path: Path) -> None:
    f = tmp_path / "key"
    f.write_text("a-real-long-random-value-0123456789\n")
    s = load_settings({"SERVIQ_SECRET_KEY_FILE": str(f)})
    assert s.secret_key == "a-real-long-random-value-0123456789"


def test_bad_values_name_the_setting() -> None:
    with pytest.raises(ConfigError, match="SERVIQ_TIMEZONE"):
        load_settings({"SERVIQ_DEBUG": "1", "SERVIQ_TIMEZONE": "Mars/Olympus"})
    with pytest.raises(ConfigError, match="SERVIQ_DEBUG"):
        load_settings({"SERVIQ_DEBUG": "maybe"})


def test_every_setting_is_documented() -> None:
    source = (Path(__file__).resolve().parents[2] / "src/serviq/settings.py").read_text()
    names = set(re.findall(r'"((?:SERVIQ|DATABASE)_[A-Z_]+)"', source)) | set(
        re.findall(r'_secret\(env, "([A-Z_]+)"\)', source)
    )
    documented = DOCS.read_text(encoding="utf-8")
    missing = sorted(n for n in names if f"`{n}`" not in documented)
    assert not missing, f"not in docs/settings.md: {missing}"
