"""The score of one review on a scorecard (docs/qa.md, "The review score").

For a rated item *i* with selected value *v*: ``x_i = (v − min_i)/(max_i − min_i)`` (a yes/no
item: yes = 1, no = 0). N.A. items are skipped. A section *s* scores the weighted mean of its
rated items, ``S_s = Σ w_i x_i / Σ w_i``; a section with no rated item is skipped. The review
scores ``100 · Σ W_s S_s / Σ W_s`` over the sections that count. A failed critical item sets
its section (``critical: section``) or the whole review (``critical: review``) to 0
(Zendesk QA's critical categories; MaestroQA's auto-fail sections).

Example (the bundled form, all items weight 1, sections weighted 0.8 / 0.2): service items
5, 4, 4, 3, 2 → x = 1, .75, .75, .5, .25, S = .65; compliance yes, N.A., yes → S = 1;
review = 100·(.8·.65 + .2·1)/(.8 + .2) = 72.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from serviq.errors import InvalidInput, Problem, ValidationFailed, Where
from serviq.qa.decisions import Decision, Reason, reason
from serviq.qa.scorecard import Item, Scorecard

NA_WORDS = frozenset({"na", "n/a", "n.a.", "n.a", "not applicable", "不适用", "不適用", "-"})
YES_WORDS = frozenset({"yes", "y", "true", "t", "pass", "passed", "是", "合格", "1", "1.0"})
NO_WORDS = frozenset({"no", "n", "false", "f", "fail", "failed", "否", "不合格", "0", "0.0"})

Rating = float | None  # None = N.A. (not applicable / not rated)


def is_na(value: Any) -> bool:
    """True for N.A.: ``None``, NaN, an empty cell or one of :data:`NA_WORDS`."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return value.strip().lower() in NA_WORDS or not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _marked_na(value: Any) -> bool:
    """True when the N.A. was chosen (an N.A. word), not a value left empty."""
    return isinstance(value, str) and value.strip().lower() in NA_WORDS


def parse_rating(item: Item, value: Any) -> Rating:
    """The numeric value of a rating on ``item``'s scale, ``None`` for N.A.

    Raises :class:`ValueError` naming the allowed values when it is not on the scale.
    """
    if is_na(value):
        return None
    if item.scale.kind == "yes_no":
        if isinstance(value, bool):
            return 1.0 if value else 0.0
        text = str(value).strip().lower()
        if text in YES_WORDS:
            return 1.0
        if text in NO_WORDS:
            return 0.0
        raise ValueError(f"{value!r} is not yes or no")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a number") from None
    if not (item.scale.min <= number <= item.scale.max) or number != round(number):
        raise ValueError(f"{value!r} is off the scale")
    return number


@dataclass(frozen=True)
class ReviewScore:
    """A review's score in percent, its sections' scores (0–1, ``None`` when skipped), the
    items' normalised scores (``None`` for N.A.) and the critical failures."""

    score: float
    sections: Mapping[str, float | None]
    items: Mapping[str, float | None]
    critical_failures: tuple[tuple[str, str], ...]  # (item, "section" | "review")

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "sections": dict(self.sections),
            "items": dict(self.items),
            "critical_failures": [{"item": i, "scope": s} for i, s in self.critical_failures],
        }


def score_ratings(card: Scorecard, ratings: Mapping[str, Rating]) -> ReviewScore:
    """Score parsed ``ratings`` (item code → value on its scale, ``None`` = N.A.).

    Items missing from ``ratings`` count as N.A. Raises :class:`InvalidInput` when no item
    at all is rated.

    >>> from serviq.qa.scorecard import load_scorecard
    >>> card = load_scorecard()
    >>> r = score_ratings(card, {"service_language": 5, "attitude": 4, "tone": 4,
    ...     "needs_summary": 3, "adaptability": 2, "greeting_closing": 1,
    ...     "identity_verification": None, "confidentiality": 1})
    >>> round(r.score, 6)
    72.0
    """
    items: dict[str, float | None] = {}
    sections: dict[str, float | None] = {}
    failures: list[tuple[str, str]] = []
    for sec in card.sections:
        num = den = 0.0
        sec_failed = False
        for it in sec.items:
            v = ratings.get(it.code)
            if v is None:
                items[it.code] = None
                continue
            x = it.normalise(v)
            items[it.code] = x
            num += it.weight * x
            den += it.weight
            if it.critical != "none" and it.fails(v):
                failures.append((it.code, it.critical))
                sec_failed = sec_failed or it.critical == "section"
        if den == 0:
            sections[sec.code] = None
        else:
            sections[sec.code] = 0.0 if sec_failed else num / den
    counted: list[tuple[float, float]] = [
        (s.weight, v) for s in card.sections if (v := sections[s.code]) is not None
    ]
    if not counted:
        raise InvalidInput("a review needs at least one rated item; every item is N.A.")
    if any(scope == "review" for _, scope in failures):
        score = 0.0
    else:
        score = 100.0 * sum(w * s for w, s in counted) / sum(w for w, _ in counted)
    return ReviewScore(score, sections, items, tuple(failures))


def check_submission(
    card: Scorecard, ratings: Mapping[str, Any], comments: Mapping[str, str] | None = None
) -> Decision:
    """Whether an inspector's form may be submitted: every item on its scale, every item
    that does not allow N.A. rated, every critical item answered — a critical item that
    allows N.A. is N.A. only when marked so (one of :data:`NA_WORDS`), never when left
    empty —, a comment on every low score and critical failure.

    Critical failures come back as ``notes`` (R-QA-4: correct at once; incidents go to the
    director).
    """
    comments = comments or {}
    reasons: list[Reason] = []
    notes: list[Reason] = []
    known = set(card.item_codes)
    for code in ratings:
        if code not in known:
            reasons.append(reason("review.unknown_item", item=code, scorecard=card.key))
    for it in card.items:
        raw = ratings.get(it.code)
        try:
            v = parse_rating(it, raw)
        except ValueError:
            reasons.append(
                reason(
                    "review.value_out_of_scale",
                    item=it.code,
                    **card.names_of(it.code),
                    value=raw,
                    allowed=it.scale.allowed() + (", N.A." if it.allow_na else ""),
                )
            )
            continue
        if v is None:
            if not it.allow_na:
                reasons.append(
                    reason("review.item_missing", item=it.code, **card.names_of(it.code))
                )
            elif it.critical != "none" and not _marked_na(raw):
                reasons.append(
                    reason("review.critical_unanswered", item=it.code, **card.names_of(it.code))
                )
            continue
        has_comment = bool(str(comments.get(it.code) or "").strip())
        failed = it.critical != "none" and it.fails(v)
        low = it.normalise(v) < card.comment_threshold(it)
        if failed:
            notes.append(
                reason(
                    "review.critical_failed",
                    item=it.code,
                    scope=it.critical,
                    **card.names_of(it.code),
                )
            )
        if not has_comment and (low or (failed and card.comment_on_critical_failure)):
            reasons.append(
                reason("review.comment_required", item=it.code, value=raw, **card.names_of(it.code))
            )
    return Decision.of(reasons, notes=notes)


def parse_ratings(card: Scorecard, raw: Mapping[str, Any]) -> dict[str, Rating]:
    """Parse a form's raw values; :class:`ValidationFailed` lists every bad value."""
    out: dict[str, Rating] = {}
    problems: list[Problem] = []
    for it in card.items:
        try:
            out[it.code] = parse_rating(it, raw.get(it.code))
        except ValueError as exc:
            problems.append(Problem(f"{exc}; allowed: {it.scale.allowed()}", Where(field=it.code)))
    if problems:
        raise ValidationFailed(problems)
    return out


def score_table(
    reviews: pd.DataFrame, card: Scorecard, *, source: str | None = None
) -> pd.DataFrame:
    """Score every row of a wide reviews table (one column per item code).

    Returns the table's own columns plus ``score`` (percent), ``critical_failed``,
    ``section_<code>`` (0–1) and ``norm_<item>`` (0–1, NaN for N.A.). Every bad cell is
    reported at once with its spreadsheet row and column.
    """
    from serviq.tables import sheet_row

    missing = [c for c in card.item_codes if c not in reviews.columns]
    if missing:
        raise InvalidInput(
            f"missing item column{'s' if len(missing) > 1 else ''} {', '.join(missing)} of the "
            f"scorecard {card.key}; the file has: {', '.join(map(str, reviews.columns))}",
            where=Where(file=source),
        )
    problems: list[Problem] = []
    scores: list[float] = []
    failed: list[bool] = []
    sec_cols: dict[str, list[float]] = {s.code: [] for s in card.sections}
    item_cols: dict[str, list[float]] = {c: [] for c in card.item_codes}
    for pos, row in enumerate(reviews[list(card.item_codes)].itertuples(index=False)):
        parsed: dict[str, Rating] = {}
        bad = False
        for it, raw in zip(card.items, row, strict=True):
            try:
                parsed[it.code] = parse_rating(it, raw)
            except ValueError as exc:
                bad = True
                problems.append(
                    Problem(
                        f"{exc}; allowed: {it.scale.allowed()}"
                        + (" or N.A." if it.allow_na else ""),
                        Where(file=source, row=sheet_row(pos), column=it.code),
                    )
                )
                continue
            if parsed[it.code] is None and not it.allow_na:
                bad = True
                problems.append(
                    Problem(
                        f"item {it.code} is not rated and does not allow N.A.",
                        Where(file=source, row=sheet_row(pos), column=it.code),
                    )
                )
        if bad:
            continue
        try:
            rs = score_ratings(card, parsed)
        except InvalidInput as exc:
            problems.append(Problem(exc.message, Where(file=source, row=sheet_row(pos))))
            continue
        scores.append(rs.score)
        failed.append(bool(rs.critical_failures))
        for code in sec_cols:
            v = rs.sections[code]
            sec_cols[code].append(math.nan if v is None else v)
        for code in item_cols:
            x = rs.items[code]
            item_cols[code].append(math.nan if x is None else x)
    if problems:
        raise ValidationFailed(problems[:50], source=source)
    out = reviews.copy()
    out["score"] = scores
    out["critical_failed"] = failed
    for code, vals in sec_cols.items():
        out[f"section_{code}"] = vals
    for code, vals in item_cols.items():
        out[f"norm_{code}"] = vals
    return out
