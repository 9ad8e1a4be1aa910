"""From coded comments to ranked themes and candidate ("preliminary") indicators
(R-IND-2, R-IND-3).

For each code of the code book: how many comments mention it, the share of respondents
who do, example quotes (masked), and — when a satisfaction score is given — how those
who mention it differ: mean satisfaction with and without the theme, the difference, the
point-biserial correlation r (Pearson's r between "mentions the theme" 0/1 and the
score) and the two-sided Mann–Whitney U p-value.

The ranked themes become the preliminary indicators list, a list of plain dicts the
indicator-system YAML takes (``code``, ``name`` in three languages, ``definition``,
``binding: {type: text_theme, theme: …}``, plus the evidence).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from serviq.errors import InvalidInput
from serviq.text.codebook import CodeBook
from serviq.text.redaction import redact


def theme_table(
    texts: Sequence[Any],
    codes: Sequence[Sequence[str]],
    book: CodeBook,
    *,
    satisfaction: Sequence[Any] | None = None,
    respondents: Sequence[Hashable] | None = None,
    examples: int = 3,
    lang: str = "zh-Hans",
) -> pd.DataFrame:
    """Themes ranked by the number of comments that mention them.

    Columns: ``code``, ``label``, ``parent``, ``valence``, ``mentions`` (comments),
    ``share_comments``, ``respondents`` and ``share_respondents`` (distinct respondents,
    when ``respondents`` is given, else equal to comments), ``mean_sat_with``,
    ``mean_sat_without``, ``sat_difference``, ``r_pb``, ``pvalue``, ``examples``
    (distinct masked quotes, shortest first).
    """
    n = len(texts)
    if len(codes) != n:
        raise InvalidInput(f"{len(codes)} code lists for {n} comments")
    sat = None
    if satisfaction is not None:
        if len(satisfaction) != n:
            raise InvalidInput(f"{len(satisfaction)} satisfaction values for {n} comments")
        sat = pd.to_numeric(pd.Series(list(satisfaction)), errors="coerce").to_numpy(dtype=float)
    people = list(respondents) if respondents is not None else list(range(n))
    n_people = len(set(people))
    rows = []
    for c in book.codes:
        has = np.array([c.code in cs for cs in codes], dtype=bool)
        mentions = int(has.sum())
        who = {people[i] for i in np.flatnonzero(has)}
        row: dict[str, Any] = {
            "code": c.code,
            "label": c.labels.get(lang),
            "parent": c.parent,
            "valence": c.valence,
            "mentions": mentions,
            "share_comments": mentions / n if n else 0.0,
            "respondents": len(who),
            "share_respondents": len(who) / n_people if n_people else 0.0,
            "mean_sat_with": None,
            "mean_sat_without": None,
            "sat_difference": None,
            "r_pb": None,
            "pvalue": None,
        }
        if sat is not None:
            ok = ~np.isnan(sat)
            with_, without = sat[ok & has], sat[ok & ~has]
            if len(with_) and len(without):
                row["mean_sat_with"] = float(with_.mean())
                row["mean_sat_without"] = float(without.mean())
                row["sat_difference"] = row["mean_sat_with"] - row["mean_sat_without"]
                if np.std(sat[ok]) > 0:
                    row["r_pb"] = float(np.corrcoef(has[ok].astype(float), sat[ok])[0, 1])
                row["pvalue"] = float(
                    stats.mannwhitneyu(with_, without, alternative="two-sided").pvalue
                )
        quotes = sorted(
            {str(texts[int(i)]) for i in np.flatnonzero(has)}, key=lambda q: (len(q), q)
        )
        masked = dict.fromkeys(redact(q, lang=lang) for q in quotes)  # distinct, in order
        row["examples"] = list(masked)[:examples]
        rows.append(row)
    out = pd.DataFrame(rows)
    return out.sort_values(["mentions", "code"], ascending=[False, True], ignore_index=True)


def preliminary_indicators(
    themes: pd.DataFrame, book: CodeBook, *, min_share: float = 0.0
) -> list[dict[str, Any]]:
    """Candidate indicators from ranked themes (those mentioned by at least ``min_share``
    of respondents), in the shape the indicator-system YAML takes."""
    out = []
    for rank, row in enumerate(themes.itertuples(index=False), start=1):
        if row.share_respondents < min_share or row.mentions == 0:
            continue
        code = book.get(str(row.code))
        ind = code.indicator
        labels = ind.labels if ind and ind.labels else code.labels
        out.append(
            {
                "code": ind.code if ind else f"theme_{code.code}",
                "name": labels.as_dict(),
                "definition": (ind.definition if ind and ind.definition else code.definition),
                "binding": {"type": "text_theme", "theme": code.code, "codebook": book.codebook},
                "parent_theme": code.parent,
                "evidence": {
                    "rank": rank,
                    "mentions": int(row.mentions),
                    "share_respondents": float(row.share_respondents),
                    "sat_difference": None
                    if row.sat_difference is None or pd.isna(row.sat_difference)
                    else float(row.sat_difference),
                    "examples": list(row.examples),
                },
            }
        )
    return out
