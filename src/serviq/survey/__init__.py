"""Surveys and psychometrics: questionnaires, reliability, factor models, PLS, indices."""
