"""Names of the codes of contact records (ops/codes.yaml and ops/queues.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from serviq.errors import ValidationFailed
from serviq.ops import labels
from serviq.ops.labels import CodesFile
from serviq.ops.schemas import CHANNELS, CONTACT_TYPES
from serviq.yamlfile import load_model


def test_every_channel_contact_type_and_queue_has_a_name_in_each_language() -> None:
    assert set(labels.names("channel")) >= set(CHANNELS)
    assert set(labels.names("contact_type")) >= set(CONTACT_TYPES)
    assert labels.name("queue", "credit_card", "zh-Hans") == "信用卡"
    assert labels.name("channel", "chat", "zh-Hant") == "線上客服"
    assert labels.name("contact_type", "complaint", "en") == "Complaint"


def test_an_unknown_code_is_shown_as_it_is_and_an_unknown_group_is_refused() -> None:
    assert labels.name("queue", "mortgages", "zh-Hans") == "mortgages"
    with pytest.raises(ValueError, match="allowed: channel, contact_type, queue"):
        labels.names("branch")  # type: ignore[arg-type]


def test_a_codes_file_without_a_channel_names_the_file_and_the_missing_code(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "codes.yaml"
    bad.write_text(
        "channel:\n  phone: {en: Phone, zh-Hans: 电话, zh-Hant: 電話}\n"
        "contact_type:\n  query: {en: Query, zh-Hans: 查询, zh-Hant: 查詢}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed, match="no name for the channel chat") as err:
        load_model(CodesFile, bad)
    assert "codes.yaml" in str(err.value)
