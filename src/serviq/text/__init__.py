"""Open comments and interviews: normalisation, PII masking, segmentation, counting,
keywords, code books, inter-coder agreement and themes (REQUIREMENTS R-IND-2…4, R-OPS-2).

The masking function is the one other modules import::

    from serviq.text import redact            # str -> str
    from serviq.text import redact_detailed   # -> Redaction(text, spans, counts)
"""

from __future__ import annotations

from serviq.text.normalisation import Normalised, analysis_text, normalise
from serviq.text.redaction import (
    PII_TYPES,
    PLACEHOLDERS,
    PiiSpan,
    Redaction,
    find_pii,
    redact,
    redact_detailed,
)

__all__ = [
    "PII_TYPES",
    "PLACEHOLDERS",
    "Normalised",
    "PiiSpan",
    "Redaction",
    "analysis_text",
    "find_pii",
    "normalise",
    "redact",
    "redact_detailed",
]
