"""Surveys and psychometrics: questionnaires, response import, reliability, factor models,
PLS, indices, and the screening that turns them into keep/drop decisions.

Each statistic is a function over a DataFrame (or a covariance matrix) that returns a frozen
dataclass with stable field names; the names follow R's psych, lavaan and seminr where they
have one (``raw_alpha``, ``std_alpha``, ``G6``, ``r_cor``, …) with ``.`` written ``_``.
"""
