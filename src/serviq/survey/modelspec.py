"""Model text in lavaan's syntax, shared by CFA and the PLS path model.

Three operators are understood, one statement per line (``;`` also separates
statements, ``#`` starts a comment)::

    visual  =~ x1 + x2 + x3        # latent variable measured by indicators
    x1 ~~ x4                       # (residual) covariance; x1 ~~ x1 is a variance
    Satisfaction ~ Image + Value   # structural path: Image -> Satisfaction

A term may carry a fixed value or a free marker as in lavaan: ``0*speed``,
``1*x2``, ``NA*x1`` (free; frees a first loading that would be the marker). Everything
else lavaan knows (labels, ``:=``, ``|``, ``~ 1``, groups) is refused with a clear
message naming the line, rather than silently ignored.

Reference: Rosseel, Y. (2012). lavaan: An R package for structural equation modeling.
*Journal of Statistical Software* 48(2). The model syntax: https://lavaan.ugent.be/tutorial/syntax1.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from serviq.errors import InvalidInput, Problem, ValidationFailed, Where

_NAME = re.compile(r"^[A-Za-z_\u0080-\uffff][\w.\u0080-\uffff]*$")


@dataclass(frozen=True)
class Term:
    """One right-hand-side term: a variable, optionally with a fixed value or ``NA`` (free)."""

    name: str
    fixed: float | None = None
    free: bool = False


@dataclass(frozen=True)
class ModelSpec:
    """A parsed model: measurement blocks, covariances and structural paths, in file order."""

    latents: dict[str, tuple[Term, ...]] = field(default_factory=dict)
    covariances: tuple[tuple[str, Term], ...] = ()
    paths: tuple[tuple[str, tuple[Term, ...]], ...] = ()

    @property
    def indicators(self) -> list[str]:
        """Observed variables measured by latents, in first-mention order."""
        seen: dict[str, None] = {}
        for terms in self.latents.values():
            for t in terms:
                if t.name not in self.latents:
                    seen.setdefault(t.name, None)
        return list(seen)

    @property
    def observed(self) -> list[str]:
        """Every observed variable the model names (indicators, then others in ``~~``/``~``)."""
        seen: dict[str, None] = dict.fromkeys(self.indicators)
        for lhs, term in self.covariances:
            for n in (lhs, term.name):
                if n not in self.latents:
                    seen.setdefault(n, None)
        for lhs, terms in self.paths:
            for n in (lhs, *(t.name for t in terms)):
                if n not in self.latents:
                    seen.setdefault(n, None)
        return list(seen)


def _parse_term(raw: str, where: Where) -> Term:
    raw = raw.strip()
    if not raw:
        raise InvalidInput("empty term (a stray '+'?)", where=where)
    if "*" in raw:
        mod, _, name = raw.partition("*")
        mod, name = mod.strip(), name.strip()
        if not _NAME.match(name):
            raise InvalidInput(f"not a variable name: {name!r}", where=where)
        if mod.upper() == "NA":
            return Term(name, free=True)
        try:
            return Term(name, fixed=float(mod))
        except ValueError:
            raise InvalidInput(
                f"modifier {mod!r} is not supported; allowed: a number (fixed value) or NA (free)",
                where=where,
            ) from None
    if not _NAME.match(raw):
        raise InvalidInput(f"not a variable name: {raw!r}", where=where)
    return Term(raw)


def parse_model(text: str, *, source: str | None = None) -> ModelSpec:
    """Parse lavaan-style model text into a :class:`ModelSpec`.

    Every problem is reported with its line; all problems at once.

    >>> m = parse_model("visual =~ x1 + x2 + x3\\ntextual =~ x4 + x5 + x6  # two factors")
    >>> list(m.latents), m.indicators
    (['visual', 'textual'], ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'])
    """
    latents: dict[str, list[Term]] = {}
    covs: list[tuple[str, Term]] = []
    paths: list[tuple[str, tuple[Term, ...]]] = []
    problems: list[Problem] = []
    pending = ""
    pending_line = 0
    statements: list[tuple[int, str]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].split("!", 1)[0].strip()
        for part in line.split(";"):
            part = part.strip()
            if not part:
                continue
            if pending:
                pending = f"{pending} {part}"
            else:
                pending, pending_line = part, lineno
            # A statement ending in an operator or '+' continues on the next line, as in lavaan.
            if pending.endswith(("+", "~", "=~", "~~")):
                continue
            statements.append((pending_line, pending))
            pending = ""
    if pending:
        statements.append((pending_line, pending))

    for lineno, stmt in statements:
        where = Where(file=source, line=lineno)
        try:
            if ":=" in stmt or "|" in stmt or "==" in stmt or "<" in stmt or ">" in stmt:
                raise InvalidInput(
                    "operator not supported; allowed: =~ (measured by), ~~ (covariance), ~ (path)",
                    where=where,
                )
            if "=~" in stmt:
                lhs, _, rhs = stmt.partition("=~")
                op = "=~"
            elif "~~" in stmt:
                lhs, _, rhs = stmt.partition("~~")
                op = "~~"
            elif "~" in stmt:
                lhs, _, rhs = stmt.partition("~")
                op = "~"
            else:
                raise InvalidInput(
                    f"no operator in {stmt!r}; allowed: =~ (measured by), ~~ (covariance), ~ (path)",
                    where=where,
                )
            lhs = lhs.strip()
            if not _NAME.match(lhs):
                raise InvalidInput(f"not a variable name: {lhs!r}", where=where)
            if rhs.strip() in ("1", "0") and op == "~":
                raise InvalidInput("intercepts (~ 1) are not supported", where=where)
            terms = tuple(_parse_term(t, where) for t in rhs.split("+"))
            if op == "=~":
                block = latents.setdefault(lhs, [])
                for t in terms:
                    if any(t.name == b.name for b in block):
                        raise InvalidInput(
                            f"{t.name} is listed twice for latent {lhs}", where=where
                        )
                    block.append(t)
            elif op == "~~":
                covs.extend((lhs, t) for t in terms)
            else:
                paths.append((lhs, terms))
        except InvalidInput as exc:
            problems.append(Problem(exc.message, exc.where))
    if not statements:
        problems.append(Problem("the model is empty", Where(file=source)))
    if problems:
        raise ValidationFailed(problems, source=source)
    return ModelSpec(
        latents={k: tuple(v) for k, v in latents.items()},
        covariances=tuple(covs),
        paths=tuple(paths),
    )


def read_model(path: str | Path) -> ModelSpec:
    """Read and parse a model file (UTF-8, BOM allowed)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput("model file not found", where=Where(file=str(path))) from None
    except UnicodeDecodeError:
        raise InvalidInput("model file is not UTF-8 text", where=Where(file=str(path))) from None
    return parse_model(text, source=str(path))
