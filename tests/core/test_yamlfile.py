from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from serviq.errors import ConfigError, ValidationFailed
from serviq.yamlfile import load_model


class Child(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str
    weight: float


class Parent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    children: list[Child]


def test_errors_name_file_line_and_field(tmp_path: Path) -> None:
    f = tmp_path / "x.yaml"
    f.write_text("name: a\nchildren:\n  - code: A\n    weight: 0.5\n  - code: B\n    colour: red\n")
    with pytest.raises(ValidationFailed) as info:
        load_model(Parent, f)
    lines = info.value.lines
    assert any(
        "unknown field" in ln and "line 6" in ln and "field children.1.colour" in ln for ln in lines
    )
    assert any("required field is missing" in ln and "children.1.weight" in ln for ln in lines)
    assert all(str(f) in ln for ln in lines)


def test_syntax_error_names_line(tmp_path: Path) -> None:
    f = tmp_path / "x.yaml"
    f.write_text("name: a\nchildren: [\n")
    with pytest.raises(ConfigError) as info:
        load_model(Parent, f)
    assert "line" in str(info.value)


def test_valid_file_loads(tmp_path: Path) -> None:
    f = tmp_path / "x.yaml"
    f.write_text("name: 指标\nchildren:\n  - {code: A, weight: 1}\n", encoding="utf-8")
    assert load_model(Parent, f).children[0].weight == 1.0
