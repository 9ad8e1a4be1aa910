"""An indicator's unit as people read it, in the three languages.

Units are written in the indicator files in English (``%``, ``s``, ``min``,
``points (1–5)``); pages, reports and messages show them with :func:`unit_name`.
"""

from __future__ import annotations

import re

from serviq.languages import Text

NAMES: dict[str, Text] = {
    "s": Text.model_validate({"zh-Hans": "秒", "zh-Hant": "秒", "en": "s"}),
    "min": Text.model_validate({"zh-Hans": "分钟", "zh-Hant": "分鐘", "en": "min"}),
}
# points on a scale: "points (1–5)"; the range is kept as written
POINTS = Text.model_validate(
    {"zh-Hans": "分（{range}）", "zh-Hant": "分（{range}）", "en": "points ({range})"}
)
_POINTS = re.compile(r"^points \((?P<range>[^)]*)\)$")


def unit_name(unit: str, lang: str) -> str:
    """``unit`` in ``lang`` (``zh-Hans``, ``zh-Hant`` or ``en``); an unknown unit as written."""
    found = NAMES.get(unit)
    if found is not None:
        return found.get(lang)
    points = _POINTS.match(unit)
    if points:
        return POINTS.get(lang).format(range=points["range"])
    return unit
