"""Short post-contact questionnaires per contact channel, and the time a form takes.

A long questionnaire (the bundled one has 31 items) suits a branch visit, not the minute
after a phone call. ``survey/channel_forms.yaml`` gives each channel a short form built
from the questionnaire: ``fixed`` items asked every time, ``per_form`` items taken in turn
from ``rotating``, and an optional comment. Form ``k`` asks the rotating items at positions
``k·per_form … k·per_form + per_form − 1`` (modulo their number), so ⌈n / per_form⌉
consecutive links ask every rotating item once — a planned-missingness ("matrix sampling")
design in which each respondent answers a few items and the population answers all of them.

:func:`load_channel_forms` checks the file against the questionnaire: every item exists,
fits the channel (an item's ``channels``), and each channel's items together measure every
indicator the questionnaire's items are bound to, so the indicator system's survey bindings
keep getting values. Channels without a form (branch visits) get the whole questionnaire.

The time promise on the first page is computed, not written: ``seconds.rating`` per rating
item plus ``seconds.comment`` for an open item, rounded to whole minutes (at least one).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from serviq.errors import InvalidInput, Problem, ValidationFailed, Where
from serviq.resources import data_path
from serviq.survey.questionnaire import Questionnaire
from serviq.yamlfile import load_model


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Form(_Model):
    """One channel's short form."""

    fixed: list[str] = Field(min_length=1)
    rotating: list[str] = Field(default_factory=list)
    per_form: int = Field(default=2, ge=0)
    comment: str | None = None

    def items(self, slot: int) -> list[str]:
        """Item codes of form number ``slot`` (fixed, then this turn's rotating, then comment)."""
        n = len(self.rotating)
        take = min(self.per_form, n)
        start = (slot * take) % n if n else 0
        turn = [self.rotating[(start + i) % n] for i in range(take)]
        return [*self.fixed, *turn, *([self.comment] if self.comment else [])]


class Seconds(_Model):
    rating: float = Field(default=8.0, gt=0)
    comment: float = Field(default=20.0, ge=0)


class ChannelForms(_Model):
    questionnaire: str
    seconds: Seconds = Seconds()
    forms: dict[str, Form]

    def form_items(
        self, questionnaire_id: str, codes: Sequence[str], channel: str, slot: int
    ) -> list[str]:
        """The item codes to ask after a contact on ``channel`` (link number ``slot``).

        The whole questionnaire (``codes``) for a channel without a form, or when the
        questionnaire is not the one the forms are written for.
        """
        form = self.forms.get(channel)
        if form is None or questionnaire_id != self.questionnaire:
            return list(codes)
        return form.items(slot)

    def check(self, q: Questionnaire) -> None:
        """Every form item exists and fits its channel; every bound indicator is covered."""
        problems: list[Problem] = []
        known = {it.code: it for it in q.items}
        wanted = {it.indicator for it in q.items if it.indicator and it.role != "open"}
        for channel, form in self.forms.items():
            covered: set[str] = set()
            for i, code in enumerate([*form.fixed, *form.rotating, form.comment]):
                if code is None:
                    continue
                where = Where(field=f"forms.{channel}")
                item = known.get(code)
                if item is None:
                    problems.append(Problem(f"no item {code} in questionnaire {q.id}", where))
                elif not item.fits(channel):
                    problems.append(
                        Problem(
                            f"item {code} is not asked after a {channel} contact "
                            f"(it fits: {', '.join(item.channels or [])})",
                            where,
                        )
                    )
                elif item.indicator:
                    covered.add(item.indicator)
                if (
                    i == len(form.fixed) + len(form.rotating)
                    and item is not None
                    and item.role != "open"
                ):
                    problems.append(Problem(f"the comment item {code} is not an open item", where))
            lost = sorted(wanted - covered)
            if lost and self.questionnaire == q.id:
                problems.append(
                    Problem(
                        f"the {channel} form asks no item of indicator(s) {', '.join(lost)}; "
                        "add one to fixed or rotating so the indicator keeps its values",
                        Where(field=f"forms.{channel}"),
                    )
                )
        if problems:
            raise ValidationFailed(problems)

    def seconds_for(self, kinds: Sequence[str]) -> float:
        """Seconds a respondent needs for items of these kinds (``comment`` or a rating)."""
        return sum(self.seconds.comment if k == "comment" else self.seconds.rating for k in kinds)


def minutes(seconds: float) -> int:
    """The time promise in whole minutes: ``max(1, round(seconds / 60))``.

    >>> minutes(60), minutes(260), minutes(10)
    (1, 4, 1)
    """
    if not math.isfinite(seconds) or seconds < 0:
        raise InvalidInput(f"{seconds!r} is not a duration in seconds")
    return max(1, round(seconds / 60))


def load_channel_forms(
    path: str | Path | None = None, questionnaire: Questionnaire | None = None
) -> ChannelForms:
    """The bundled ``survey/channel_forms.yaml`` (or the centre's override, or ``path``),
    checked against ``questionnaire`` (the bundled one when None)."""
    from serviq.survey.questionnaire import load_questionnaire

    forms = load_model(ChannelForms, path or data_path("survey/channel_forms.yaml"))
    q = questionnaire
    if q is None:
        q = load_questionnaire(data_path(f"questionnaires/{forms.questionnaire}.yaml"))
    forms.check(q)
    return forms
