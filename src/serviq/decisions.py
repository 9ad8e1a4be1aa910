"""What every rule returns: a :class:`Decision` (``ok`` and its :class:`Reason` list).

One shape for all rules. A reason carries a stable ``code``
(``swap.monthly_limit``, ``review.dispute_twice``), the requirement it enforces
(``R-OPS-7``, ``R-QA-2``), a ``kind`` and its message in the three languages of serviq
(zh-Hans, zh-Hant, en), formatted when the reason is made so that a template with a missing
field fails in the rule, not later on a page. The message tables belong to the domains
(:mod:`serviq.qa.decisions`, :mod:`serviq.workforce.decisions`); each binds its own
``reason(code, **params)`` to :meth:`Reason.make`.

``kind`` says which error :meth:`Decision.raise_if_refused` raises for a refusal:
``permission`` → :class:`~serviq.errors.PermissionDenied` (HTTP 403), ``conflict`` →
:class:`~serviq.errors.Conflict` (409), ``invalid`` → :class:`~serviq.errors.InvalidInput`
(400); ``note`` marks a warning, which is never raised (a refusal of kind ``note`` raises
:class:`~serviq.errors.Conflict`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Self

from serviq.errors import Conflict, InvalidInput, PermissionDenied, ServiqError
from serviq.languages import LANGS, Lang

Kind = Literal["permission", "conflict", "invalid", "note"]
KINDS: tuple[Kind, ...] = ("permission", "conflict", "invalid", "note")

#: The error each kind of refusal raises.
ERRORS: dict[Kind, type[ServiqError]] = {
    "permission": PermissionDenied,
    "conflict": Conflict,
    "invalid": InvalidInput,
    "note": Conflict,
}

#: Turns a reason's params into the fields its templates use (e.g. word-valued params
#: into ``name_en``/``name_zh``/``name_zht`` variants).
Expand = Callable[[Mapping[str, Any]], Mapping[str, Any]]


@dataclass(frozen=True)
class Reason:
    """Why a rule refused (or what it warns of): code, requirement ID, kind and params.

    ``texts`` holds the message in each language of :data:`~serviq.languages.LANGS`;
    make reasons with :meth:`make` (or a domain's ``reason()``), which fills it in.
    """

    code: str
    requirement: str
    kind: Kind = "conflict"
    params: Mapping[str, Any] = field(default_factory=dict)
    texts: Mapping[Lang, str] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def make(
        cls,
        code: str,
        requirement: str,
        templates: Mapping[str, str],
        params: Mapping[str, Any],
        *,
        kind: Kind = "conflict",
        expand: Expand | None = None,
    ) -> Reason:
        """The reason ``code`` with every language's template formatted with ``params``.

        Raises ``KeyError`` when a language or a template field is missing: a bug in the
        table or the rule, caught by its tests.
        """
        values = expand(params) if expand is not None else params
        texts = {lang: templates[lang].format(**values) for lang in LANGS}
        return cls(code, requirement, kind, dict(params), texts)

    def message(self, lang: Lang = "en") -> str:
        return self.texts[lang]

    @property
    def messages(self) -> dict[str, str]:
        return {lang: self.texts[lang] for lang in LANGS}

    def as_dict(self, lang: Lang = "en") -> dict[str, Any]:
        return {
            "code": self.code,
            "requirement": self.requirement,
            "message": self.message(lang),
            "messages": self.messages,
        }


@dataclass(frozen=True)
class Decision:
    """The answer of a rule: ``ok`` and the ``reasons`` when not.

    ``notes`` are warnings or what an allowed request still asks for (a certificate due,
    a report upward owed). ``approver`` and ``chain`` name who has the authority and the
    steps it passes through, in order; they are kept only when the request is allowed.
    ``as_dict`` shows them when allowed and either is set, or always when allowed if the
    class sets :attr:`shows_authority` (workforce's decisions always name one).
    """

    shows_authority: ClassVar[bool] = False

    ok: bool
    reasons: tuple[Reason, ...] = ()
    notes: tuple[Reason, ...] = ()
    approver: str | None = None
    chain: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        reasons: Iterable[Reason],
        *,
        notes: Iterable[Reason] = (),
        approver: str | None = None,
        chain: Iterable[str] = (),
    ) -> Self:
        rs = tuple(reasons)
        ok = not rs
        return cls(
            ok=ok,
            reasons=rs,
            notes=tuple(notes),
            approver=approver if ok else None,
            chain=tuple(chain) if ok else (),
        )

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.reasons]

    def as_dict(self, lang: Lang = "en") -> dict[str, Any]:
        out: dict[str, Any] = {
            "ok": self.ok,
            "reasons": [r.as_dict(lang) for r in self.reasons],
            "notes": [r.as_dict(lang) for r in self.notes],
        }
        if self.ok and (self.shows_authority or self.approver is not None or self.chain):
            out["approver"] = self.approver
            out["chain"] = list(self.chain)
        return out

    def raise_if_refused(self) -> None:
        """Raise the error of the first reason's kind (403, 409 or 400 on the web).

        The message joins every reason's English message; ``details["reasons"]`` holds
        them all with their messages in every language.
        """
        if self.ok:
            return
        first = self.reasons[0]
        text = "; ".join(r.message("en") for r in self.reasons)
        details = {"reasons": [r.as_dict() for r in self.reasons]}
        raise ERRORS[first.kind](text, code=first.code, details=details)
