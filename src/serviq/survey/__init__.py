"""Surveys: questionnaires, response import, and the psychometrics that screen indicators.

Each statistic is a function over a DataFrame (or a covariance matrix) that returns a frozen
dataclass with stable field names; the names follow R's psych where psych has one
(``raw_alpha``, ``std_alpha``, ``G6``, ``r_cor``, …) with ``.`` written ``_``.
"""
