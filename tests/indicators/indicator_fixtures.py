"""The small indicator system the tests share (importable from hypothesis tests)."""

from __future__ import annotations

from serviq.indicators.model import parse_system

SMALL = """\
id: small
name: {zh-Hans: 小体系, zh-Hant: 小體系, en: Small system}
version: "1.0.0"
description: {zh-Hans: 测试, zh-Hant: 測試, en: A test system}
tree:
  code: ROOT
  name: {zh-Hans: 总指数, zh-Hant: 總指數, en: Index}
  children:
    - code: DIM
      name: {zh-Hans: 维度, zh-Hant: 維度, en: Dimension}
      weight: 0.6
      children:
        - code: SL
          name: {zh-Hans: 服务水平, zh-Hant: 服務水平, en: Service level}
          weight: 0.5
          definition: {zh-Hans: 定义, zh-Hant: 定義, en: Answered within 20 s over offered}
          measurement:
            method: {zh-Hans: 方法, zh-Hant: 方法, en: From the ACD}
            binding: {source: ops_kpi, ref: service_level}
          unit: "%"
          direction: higher
          target: 0.8
          thresholds: {amber: 0.75}
          bounds: {min: 0, max: 1}
          frequency: daily
          owner: team_lead
        - code: ASA
          name: {zh-Hans: 平均应答, zh-Hant: 平均應答, en: ASA}
          weight: 0.5
          definition: {zh-Hans: 定义, zh-Hant: 定義, en: Mean wait of answered}
          measurement:
            method: {zh-Hans: 方法, zh-Hant: 方法, en: From the ACD}
            binding: {source: ops_kpi, ref: asa}
          unit: s
          direction: lower
          target: 20
          thresholds: {amber: 30}
          bounds: {min: 0, max: 120}
          frequency: daily
          owner: team_lead
    - code: SAT
      name: {zh-Hans: 满意度, zh-Hant: 滿意度, en: Satisfaction}
      weight: 0.4
      definition: {zh-Hans: 定义, zh-Hant: 定義, en: Overall satisfaction}
      measurement:
        method: {zh-Hans: 方法, zh-Hant: 方法, en: Mean of SAT1-SAT3}
        binding: {source: survey_scale, ref: [SAT1, SAT2, SAT3], aggregate: mean}
      unit: points
      direction: higher
      target: 4.2
      thresholds: {amber: 3.9}
      bounds: {min: 1, max: 5}
      frequency: monthly
      owner: analyst
"""

SYSTEM = parse_system(SMALL)
