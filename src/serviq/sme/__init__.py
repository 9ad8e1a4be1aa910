"""The SME financial-service desk (R-SME-1 … R-SME-7 in docs/requirements.md).

Firms, financing cases and their soft information, the rating scorecard and its validation,
credit rationing; guarantees with layered risk sharing, concentration limits, loan and lease
schedules and portfolio capital. Pure functions and values: no web framework, no HTTP.
"""
