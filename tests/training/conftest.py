"""A small question bank in three languages, shared by the training tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from serviq.training.bank import Bank, load_bank

BANK = """
topic: {zh-Hans: 理财产品, zh-Hant: 理財產品, en: Wealth products}
questions:
  - id: Q1
    kind: single
    text: {zh-Hans: 风险等级最低的是？, zh-Hant: 風險等級最低的是？, en: Lowest risk?}
    options:
      A: {zh-Hans: 货币基金, zh-Hant: 貨幣基金, en: Money-market fund}
      B: {zh-Hans: 股票基金, zh-Hant: 股票基金, en: Equity fund}
    answer: [A]
  - id: Q2
    kind: multiple
    points: 2
    text: {zh-Hans: 需要风险测评的是？, zh-Hant: 需要風險測評的是？, en: Which need a risk test?}
    options:
      A: {zh-Hans: 基金, zh-Hant: 基金, en: Funds}
      B: {zh-Hans: 存款, zh-Hant: 存款, en: Deposits}
      C: {zh-Hans: 理财, zh-Hant: 理財, en: Wealth products}
      D: {zh-Hans: 保险, zh-Hant: 保險, en: Insurance}
    answer: [A, C, D]
  - id: Q3
    kind: true_false
    text: {zh-Hans: 可以承诺收益, zh-Hant: 可以承諾收益, en: Returns may be promised}
    answer: [false]
  - id: Q4
    kind: short
    points: 3
    text: {zh-Hans: 说明适当性原则, zh-Hant: 說明適當性原則, en: Explain suitability}
"""


@pytest.fixture(scope="session")
def bank_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bank") / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def bank(bank_file: Path) -> Bank:
    return load_bank(bank_file)
