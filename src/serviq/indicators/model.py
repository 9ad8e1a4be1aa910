"""The indicator system: a versioned tree of indicators with weights, targets and bindings.

An indicator system (客戶服務滿意度評價的指標體系) is a hierarchy from an overall
service-quality index down to measurable indicators (R-IND-7). Every indicator has a
definition and a measurement method (R-IND-9) in three languages, a machine binding to the
data that measures it, a direction, a target with red/amber/green thresholds, a frequency,
an owner, its stage on the service chain (R-IND-8), its SERVQUAL dimension (R-IND-10), its
place in the bank's narrow or broad service quality (R-BANK-1/2), the requirement IDs it
serves, and its weight — or the method (AHP, entropy, …) that produces the weights of a
node's children.

The YAML format is the pydantic models below (see ``docs/indicators.md``). Loading goes
through :func:`load_system`, which validates the schema (unknown fields, types, allowed
values) and then the tree (duplicate codes and cycles, missing targets, sibling weights that
do not sum to 1, inconsistent AHP judgements, bindings to unknown sources); every problem
names the file, the line, the field and the fix.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic import ValidationError as PydanticValidationError

from serviq.errors import ConfigError, InvalidInput, Problem, ValidationFailed, Where
from serviq.languages import LANGS, Role, Text
from serviq.resources import data_path
from serviq.yamlfile import LineMap, line_of, load_yaml, problems_from_pydantic

BindingKind = Literal[
    "survey_item",
    "survey_scale",
    "ops_kpi",
    "qa_item",
    "text_theme",
    "manual",
    "checklist",
    "equipment",
    "sme",
    "training",
]
Direction = Literal["higher", "lower"]
Frequency = Literal["daily", "weekly", "monthly", "quarterly", "half_yearly", "yearly"]
Stage = Literal["creation", "upkeep", "delivery", "improvement", "raising"]
Servqual = Literal["tangibles", "reliability", "responsiveness", "assurance", "empathy"]
Quality = Literal["narrow", "broad"]
WeightMethod = Literal["direct", "equal", "ahp", "entropy", "critic", "cv", "combined"]

#: Sibling weights may be written rounded; they must sum to 1 within this tolerance.
WEIGHT_TOLERANCE = 0.001
#: Stated weights of an AHP-weighted node must match the AHP priorities within this.
AHP_MATCH_TOLERANCE = 0.01

CODE_PATTERN = r"^[A-Za-z][A-Za-z0-9_.\-]*$"

#: Interaction columns an ``ops_kpi`` binding may filter on (see :mod:`serviq.ops.schemas`).
FILTER_COLUMNS: tuple[str, ...] = ("channel", "queue", "contact_type")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Binding(_Model):
    """Where the value of an indicator comes from.

    - ``survey_item``: one questionnaire item (``ref: CSAT``);
    - ``survey_scale``: several items averaged (``ref: [TAN1, TAN2, TAN3, TAN4]``);
    - ``ops_kpi``: a contact-centre KPI of ``serviq ops`` (``ref: service_level``);
    - ``qa_item``: a QA scorecard item (``ref: total``);
    - ``text_theme``: share of comments coded with a theme (``ref: waiting``);
    - ``manual``: entered by its owner (``ref`` names the register or form);
    - ``checklist``: share of items passed on an operations-room checklist (``ref`` names
      the template of ``ops/checklists.yaml``);
    - ``equipment``: a figure of the handover log's equipment checks (``ref: equipment_ok``
      or ``time_to_fix_hours``), as :func:`serviq.ops.equipment.equipment_values` gives it;
    - ``sme``: a figure of the SME desk's cases (``ref: time_to_decision_days``), as
      :func:`serviq.sme.rationing.service_figures` gives it;
    - ``training``: a training figure (``ref: training_completion``), as
      :func:`serviq.training.figures.figures` gives it.

    ``filter`` (``ops_kpi`` only) names the contacts the KPI is computed on, as allowed
    values of the ops interaction columns (:data:`FILTER_COLUMNS`), e.g.
    ``filter: {channel: [phone]}`` for a voice-only service level. Without it the KPI is
    computed over every contact.
    """

    source: BindingKind
    ref: str | list[str]
    aggregate: Literal["mean", "top2box", "nps", "share", "rate", "value"] = "value"
    filter: dict[str, list[str]] | None = None

    @field_validator("filter", mode="before")
    @classmethod
    def _one_value_is_a_list(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {k: [x] if isinstance(x, str) else x for k, x in v.items()}
        return v

    def refs(self) -> list[str]:
        return [self.ref] if isinstance(self.ref, str) else list(self.ref)


class Measurement(_Model):
    method: Text
    binding: Binding


class Thresholds(_Model):
    """Red/amber/green: at or better than ``green`` → green; at or better than ``amber`` →
    amber; worse → red. ``green`` defaults to the target."""

    green: float | None = None
    amber: float


class Bounds(_Model):
    """The natural range of an indicator (for min–max normalisation)."""

    min: float
    max: float


class Weighting(_Model):
    """How the weights of a node's children were produced, with the evidence."""

    method: WeightMethod
    matrix: list[list[float]] | None = None  # AHP judgements, children in order
    ri: Literal["saaty1980", "saaty2008"] = "saaty1980"
    note: str | None = None
    evidence: list[str] = Field(default_factory=list)


class ChangeLogEntry(_Model):
    version: str
    date: str
    note: str
    evidence: list[str] = Field(default_factory=list)
    changes: list[str] = Field(default_factory=list)


class Node(_Model):
    """A node of the tree: the goal, a dimension, or (without children) an indicator."""

    code: str = Field(pattern=CODE_PATTERN)
    name: Text
    definition: Text | None = None
    weight: float | None = Field(default=None, ge=0, le=1)
    weighting: Weighting | None = None
    children: list[Node] = Field(default_factory=list)
    # indicator fields (leaves)
    measurement: Measurement | None = None
    unit: str | None = None
    direction: Direction | None = None
    target: float | None = None
    thresholds: Thresholds | None = None
    bounds: Bounds | None = None
    frequency: Frequency | None = None
    owner: Role | None = None
    stage: Stage | None = None
    servqual: Servqual | None = None
    quality: Quality | None = None
    requirements: list[str] = Field(default_factory=list)
    scored: bool = True

    @field_validator("requirements")
    @classmethod
    def _requirement_ids(cls, value: list[str]) -> list[str]:
        for rid in value:
            if not re.fullmatch(r"R-[A-Z]+-\d+", rid):
                raise ValueError(
                    f"requirement ID {rid!r} is not of the form R-AREA-N (e.g. R-IND-9)"
                )
        return value

    @property
    def is_indicator(self) -> bool:
        return not self.children

    def counts(self) -> bool:
        """Whether the node takes part in the score (and so needs a weight)."""
        if self.children:
            return any(c.counts() for c in self.children)
        return self.scored

    def status(self, value: float | None) -> Literal["green", "amber", "red"] | None:
        """The RAG status of ``value`` against this indicator's thresholds."""
        if value is None or self.target is None or self.direction is None:
            return None
        green = self.target
        amber = self.target
        if self.thresholds is not None:
            green = self.thresholds.green if self.thresholds.green is not None else self.target
            amber = self.thresholds.amber
        if self.direction == "higher":
            return "green" if value >= green else "amber" if value >= amber else "red"
        return "green" if value <= green else "amber" if value <= amber else "red"


class IndexThresholds(_Model):
    """RAG of a dimension or the overall index on its 0–100 score."""

    green: float = Field(ge=0, le=100)
    amber: float = Field(ge=0, le=100)


class IndicatorSystem(_Model):
    id: str = Field(pattern=CODE_PATTERN)
    name: Text
    version: str = Field(pattern=r"^\d+\.\d+(\.\d+)?$")
    description: Text
    index_thresholds: IndexThresholds = IndexThresholds(green=97, amber=93)
    changelog: list[ChangeLogEntry] = Field(default_factory=list)
    tree: Node

    # -- navigation -------------------------------------------------------------------
    def walk(self) -> Iterator[Placed]:
        """Every node, depth first, with its parent, depth and YAML path."""

        def rec(node: Node, parent: Node | None, depth: int, path: tuple[str | int, ...]) -> Iterator[Placed]:  # fmt: skip
            yield Placed(node, parent, depth, path)
            for i, child in enumerate(node.children):
                yield from rec(child, node, depth + 1, (*path, "children", i))

        yield from rec(self.tree, None, 0, ("tree",))

    def find(self, code: str) -> Node:
        for placed in self.walk():
            if placed.node.code == code:
                return placed.node
        raise InvalidInput(f"no indicator or dimension with code {code!r} in {self.id}")

    def below(self, code: str) -> set[str]:
        """The codes of every node under ``code`` (its children, theirs, …; not ``code``)."""
        out: set[str] = set()
        stack = list(self.find(code).children)
        while stack:
            child = stack.pop()
            out.add(child.code)
            stack.extend(child.children)
        return out

    def indicators(self) -> list[Node]:
        return [p.node for p in self.walk() if p.node.is_indicator]

    def local_weights(self) -> dict[str, float]:
        """The weight of every node among its siblings (1 for the root; 0 if not scored)."""
        out = {self.tree.code: 1.0}
        for placed in self.walk():
            node = placed.node
            if node.children:
                out.update(child_weights(node))
        return out

    def global_weights(self) -> dict[str, float]:
        """The product of local weights from the root down to each node."""
        local = self.local_weights()
        out: dict[str, float] = {}
        for placed in self.walk():
            parent_w = out[placed.parent.code] if placed.parent is not None else 1.0
            out[placed.node.code] = parent_w * local[placed.node.code]
        return out


@dataclass(frozen=True)
class Placed:
    node: Node
    parent: Node | None
    depth: int
    path: tuple[str | int, ...]


def child_weights(node: Node) -> dict[str, float]:
    """Local weights of ``node``'s children as the file gives or implies them.

    Stated weights win; otherwise an AHP matrix gives them; otherwise they are equal among
    the children that count. Children that do not count weigh 0.
    """
    counting = [c for c in node.children if c.counts()]
    out = {c.code: 0.0 for c in node.children}
    if not counting:
        return out
    stated = [c.weight for c in counting]
    if all(w is not None for w in stated):
        total = sum(w for w in stated if w is not None)
        for c in counting:
            out[c.code] = (c.weight or 0.0) / total if total > 0 else 0.0
        return out
    spec = node.weighting
    if spec is not None and spec.method == "ahp" and spec.matrix is not None:
        from serviq.indicators.weighting import ahp

        try:
            res = ahp(spec.matrix, [c.code for c in counting], ri=spec.ri)
        except InvalidInput:
            res = None
        if res is not None:
            out.update(res.weights)
            return out
    for c in counting:
        out[c.code] = 1.0 / len(counting)
    return out


# ----------------------------------------------------------------- known data sources


@dataclass(frozen=True)
class KnownSources:
    """The names a binding may refer to, per kind of source."""

    ops_kpi: frozenset[str]
    qa_item: frozenset[str]
    survey_item: frozenset[str]
    text_theme: frozenset[str] | None  # None: any slug
    survey_origin: str = "the bundled questionnaire's item codes"
    sme: frozenset[str] = frozenset()
    training: frozenset[str] = frozenset()


def load_sources(
    path: str | Path | None = None, *, questionnaire: str | Path | None = None
) -> KnownSources:
    """Known KPI names, QA items, survey items and themes (``data/indicators/sources.yaml``).

    With ``questionnaire``, survey bindings are checked against that questionnaire's item
    codes instead of the bundled list.
    """
    p = Path(path) if path is not None else data_path("indicators/sources.yaml")
    data, _ = load_yaml(p)
    if not isinstance(data, dict):
        raise ConfigError("the sources file must be a mapping", where=Where(file=str(p)))

    def names(key: str) -> frozenset[str]:
        value = data.get(key) or []
        return frozenset(str(k) for k in (value.keys() if isinstance(value, dict) else value))

    survey = names("survey_item")
    origin = "the bundled questionnaire's item codes"
    if questionnaire is not None:
        survey = frozenset(questionnaire_items(questionnaire))
        origin = f"the items of {questionnaire}"
    return KnownSources(
        ops_kpi=names("ops_kpi"),
        qa_item=names("qa_item"),
        survey_item=survey,
        text_theme=names("text_theme") if "text_theme" in data else None,
        survey_origin=origin,
        sme=names("sme"),
        training=names("training"),
    )


def questionnaire_items(path: str | Path) -> list[str]:
    """Item codes of a questionnaire YAML: every ``code`` (or ``id``) of a mapping found in a
    list under a key named ``items`` or ``questions``, at any depth."""
    data, _ = load_yaml(path)
    found: list[str] = []

    def rec(obj: Any, in_items: bool) -> None:
        if isinstance(obj, dict):
            if in_items:
                code = obj.get("code", obj.get("id"))
                if isinstance(code, str):
                    found.append(code)
            for k, v in obj.items():
                rec(v, k in ("items", "questions"))
        elif isinstance(obj, list):
            for v in obj:
                rec(v, in_items)

    rec(data, False)
    if not found:
        raise InvalidInput(
            "no item codes found in the questionnaire (expected `items:` lists of "
            "mappings with a `code`)",
            where=Where(file=str(path)),
        )
    return found


# ------------------------------------------------------------------------ validation


def _sum_fix(total: float) -> str:
    return f"sum to {total:.4g}, not 1; change them so they sum to 1 (±{WEIGHT_TOLERANCE})"


def validate_system(
    system: IndicatorSystem,
    *,
    sources: KnownSources | None = None,
    file: str | None = None,
    lines: LineMap | None = None,
) -> list[Problem]:
    """Check the tree beyond the schema; return every problem found (empty = valid)."""
    sources = sources if sources is not None else load_sources()
    problems: list[Problem] = []

    def add(msg: str, path: tuple[str | int, ...], fld: str | None = None, code: str = "invalid") -> None:  # fmt: skip
        full = (*path, *fld.split(".")) if fld else path
        problems.append(
            Problem(
                msg,
                Where(
                    file=file,
                    line=line_of(lines or {}, full),
                    field=".".join(str(p) for p in full),
                ),
                code=code,
            )
        )

    if system.index_thresholds.amber > system.index_thresholds.green:
        add(
            "index_thresholds.amber must be at or below index_thresholds.green",
            ("index_thresholds",),
            "amber",
        )
    seen: dict[str, tuple[str | int, ...]] = {}
    ancestors: dict[tuple[str | int, ...], tuple[str, ...]] = {}
    for placed in system.walk():
        node, path = placed.node, placed.path
        chain = (*ancestors.get(path[:-2], ()), placed.parent.code) if placed.parent else ()
        ancestors[path] = chain
        if node.code in chain:
            add(
                f"cycle: {node.code} appears inside itself ({' > '.join((*chain, node.code))}); "
                "a node may not be its own ancestor — give the inner node a new code or remove it",
                path,
                "code",
                code="cycle",
            )
        elif node.code in seen:
            add(
                f"duplicate code {node.code} (first used at "
                f"{'.'.join(str(p) for p in seen[node.code])}); every node needs its own code",
                path,
                "code",
                code="duplicate",
            )
        else:
            seen[node.code] = path
        if node.children:
            _check_parent(node, path, add)
        else:
            _check_indicator(node, path, add, sources)
    return problems


def _check_parent(node: Node, path: tuple[str | int, ...], add: Any) -> None:
    if node.measurement is not None:
        add(
            f"{node.code} has children, so its score comes from them; move its measurement "
            "to a child indicator",
            path,
            "measurement",
        )
    counting = [c for c in node.children if c.counts()]
    for i, c in enumerate(node.children):
        if not c.counts() and c.weight:
            add(
                f"{c.code} is not scored but has weight {c.weight}; remove the weight or set "
                "scored: true",
                (*path, "children", i),
                "weight",
            )
    stated = [c.weight for c in counting]
    given = [w for w in stated if w is not None]
    spec = node.weighting
    if given and len(given) != len(stated):
        missing = [c.code for c in counting if c.weight is None]
        add(
            f"the children of {node.code} have weights except {', '.join(missing)}; give every "
            "scored child a weight, or none and a weighting method",
            path,
            "children",
            code="weights",
        )
    elif given and abs(sum(given) - 1) > WEIGHT_TOLERANCE:
        add(
            f"the weights of the children of {node.code} " + _sum_fix(sum(given)),
            path,
            "children",
            code="weights",
        )
    if spec is not None and spec.method == "ahp":
        _check_ahp(node, counting, path, add)
    elif spec is not None and spec.matrix is not None:
        add(
            f"a judgement matrix is only used with method: ahp (the method here is {spec.method})",
            path,
            "weighting.matrix",
        )
    elif spec is not None and spec.method not in ("equal",) and not given:
        add(
            f"{node.code} is weighted by {spec.method} but its children have no weights; write "
            f"the weights {spec.method} produced (serviq weights {spec.method} …) on the children",
            path,
            "weighting",
            code="weights",
        )


def _check_ahp(node: Node, counting: list[Node], path: tuple[str | int, ...], add: Any) -> None:
    from serviq.indicators.weighting import ahp

    spec = node.weighting
    assert spec is not None
    if spec.matrix is None:
        if not all(c.weight is not None for c in counting):
            add(
                f"{node.code} is weighted by AHP but gives neither the judgement matrix nor the "
                "children's weights; add weighting.matrix (children in order)",
                path,
                "weighting.matrix",
                code="weights",
            )
        return
    n = len(counting)
    if len(spec.matrix) != n or any(len(r) != n for r in spec.matrix):
        add(
            f"the AHP matrix of {node.code} must be {n}×{n}, one row and column per scored child "
            f"in order ({', '.join(c.code for c in counting)})",
            path,
            "weighting.matrix",
        )
        return
    try:
        res = ahp(spec.matrix, [c.code for c in counting], ri=spec.ri)
    except InvalidInput as exc:
        add(f"AHP matrix of {node.code}: {exc.message}", path, "weighting.matrix")
        return
    if not res.consistent:
        worst = res.worst_judgements[0]
        add(
            f"the AHP judgements of {node.code} are inconsistent (CR = {res.cr:.3f} ≥ 0.1); "
            f"revise them, first {worst.row} vs {worst.column} = {worst.value:g} "
            f"(the other judgements imply about {worst.suggested:.3g})",
            path,
            "weighting.matrix",
            code="inconsistent",
        )
    for i, c in enumerate(node.children):
        if c.counts() and c.weight is not None and abs(c.weight - res.weights[c.code]) > AHP_MATCH_TOLERANCE:  # fmt: skip
            add(
                f"{c.code} has weight {c.weight} but the AHP matrix of {node.code} gives "
                f"{res.weights[c.code]:.4f}; write that weight or remove it",
                (*path, "children", i),
                "weight",
                code="weights",
            )


def _check_indicator(
    node: Node, path: tuple[str | int, ...], add: Any, sources: KnownSources
) -> None:
    for fld, fix in (
        ("measurement", "measurement: {method: {zh-Hans, zh-Hant, en}, binding: {source, ref}}"),
        ("definition", "definition: {zh-Hans, zh-Hant, en}"),
        ("direction", "direction: higher | lower"),
        ("unit", "unit: e.g. '%', s, points"),
        ("frequency", "frequency: daily | weekly | monthly | quarterly | half_yearly | yearly"),
        ("owner", "owner: the role responsible, e.g. team_lead"),
    ):
        if getattr(node, fld) is None:
            add(f"indicator {node.code} has no {fld}; add {fix}", path, fld, code="missing")
    if node.scored and node.target is None:
        add(
            f"indicator {node.code} is scored but has no target; add target: <number> "
            "(and thresholds: {amber: <number>}) or set scored: false",
            path,
            "target",
            code="missing_target",
        )
    if node.thresholds is not None and node.target is not None and node.direction is not None:
        green = node.thresholds.green if node.thresholds.green is not None else node.target
        amber = node.thresholds.amber
        bad = amber > green if node.direction == "higher" else amber < green
        if bad:
            word = "at or below" if node.direction == "higher" else "at or above"
            add(
                f"amber threshold {amber:g} of {node.code} must be {word} the green threshold "
                f"{green:g} when {node.direction} is better",
                path,
                "thresholds.amber",
            )
    if node.bounds is not None and node.bounds.min >= node.bounds.max:
        add(f"bounds.min must be below bounds.max for {node.code}", path, "bounds")
    if node.measurement is not None:
        _check_binding(node, node.measurement.binding, path, add, sources)


def _check_binding(
    node: Node,
    binding: Binding,
    path: tuple[str | int, ...],
    add: Any,
    sources: KnownSources,
) -> None:
    fld = "measurement.binding.ref"
    refs = binding.refs()
    if not refs or any(not r for r in refs):
        add(f"the binding of {node.code} names no source; give ref", path, fld)
        return
    kind = binding.source
    if kind == "survey_item" and len(refs) != 1:
        add(
            f"{node.code}: a survey_item binding names one item; use survey_scale for several",
            path,
            fld,
        )
    if binding.filter is not None:
        _check_filter(node, binding, path, add)
    known: frozenset[str] | None
    origin = {
        "ops_kpi": "the known ops KPIs",
        "qa_item": "the QA scorecard items",
        "survey_item": sources.survey_origin,
        "survey_scale": sources.survey_origin,
        "text_theme": "the code book's themes",
        "sme": "the SME desk's figures",
        "training": "the training figures",
    }.get(kind, "")
    if kind in ("survey_item", "survey_scale"):
        known = sources.survey_item
    elif kind == "ops_kpi":
        known = sources.ops_kpi
    elif kind == "qa_item":
        known = sources.qa_item
    elif kind == "text_theme":
        known = sources.text_theme
    elif kind == "sme":
        known = sources.sme
    elif kind == "training":
        known = sources.training
    else:
        known = None
    if known is None:
        return
    for r in refs:
        if r not in known:
            allowed = ", ".join(sorted(known))
            add(
                f"{node.code} is bound to {kind} {r!r}, which is not among {origin}; "
                f"allowed: {allowed}",
                path,
                fld,
                code="unknown_source",
            )


def filter_allowed(column: str) -> tuple[str, ...]:
    """The values an ``ops_kpi`` binding's filter may give for ``column``: the ops
    interaction schema's closed set, or the centre's queues (``ops/queues.yaml``)."""
    from serviq.ops.definitions import load_queues
    from serviq.ops.schemas import schema

    col = schema("interactions").column(column)
    if col.allowed is not None:
        return col.allowed
    return load_queues()


def _check_filter(node: Node, binding: Binding, path: tuple[str | int, ...], add: Any) -> None:
    fld = "measurement.binding.filter"
    if binding.source != "ops_kpi":
        add(
            f"{node.code}: only ops_kpi bindings take a filter (this one is {binding.source}); "
            "remove filter",
            path,
            fld,
        )
        return
    for column, values in (binding.filter or {}).items():
        if column not in FILTER_COLUMNS:
            add(
                f"{node.code} filters on {column!r}, which is not an interaction column a KPI "
                f"can be filtered on; allowed: {', '.join(FILTER_COLUMNS)}",
                path,
                f"{fld}.{column}",
            )
            continue
        if not values:
            add(f"{node.code}: the filter on {column} lists no values; give at least one", path, f"{fld}.{column}")  # fmt: skip
            continue
        allowed = filter_allowed(column)
        for v in values:
            if v not in allowed:
                add(
                    f"{node.code} filters {column} on {v!r}, which is not an allowed "
                    f"{column}; allowed: {', '.join(allowed)}",
                    path,
                    f"{fld}.{column}",
                    code="unknown_source",
                )


# --------------------------------------------------------------------------- loading


_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _has_recursive_alias(text: str) -> bool:
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        return False
    stack: list[tuple[yaml.Node, frozenset[int]]] = [(node, frozenset())] if node else []
    while stack:
        cur, seen = stack.pop()
        if id(cur) in seen:
            return True
        inner = seen | {id(cur)}
        if isinstance(cur, yaml.MappingNode):
            stack.extend((v, inner) for _, v in cur.value)
        elif isinstance(cur, yaml.SequenceNode):
            stack.extend((v, inner) for v in cur.value)
    return False


def parse_system(
    text: str,
    *,
    file: str = "<text>",
    sources: KnownSources | None = None,
) -> IndicatorSystem:
    """Validate the YAML ``text`` of an indicator system; raise ValidationFailed listing
    every problem (schema first, then the tree), each with its line.
    """
    if _has_recursive_alias(text):
        raise ValidationFailed(
            [
                Problem(
                    "cycle: the YAML refers to itself through an anchor and alias (&name … "
                    "*name); write each node out once",
                    Where(file=file),
                    code="cycle",
                )
            ],
            source=file,
        )
    sources = sources if sources is not None else load_sources()
    data, lines = load_yaml(Path(file), text)
    if data is None:
        raise ConfigError("the file is empty", where=Where(file=file))
    try:
        system = IndicatorSystem.model_validate(data)
    except PydanticValidationError as exc:
        raise ValidationFailed(
            problems_from_pydantic(exc, file=file, lines=lines), source=file
        ) from None
    problems = validate_system(system, sources=sources, file=file, lines=lines)
    if problems:
        raise ValidationFailed(problems, source=file)
    return system


BUNDLED_SYSTEMS = ("bank_contact_centre", "branch_counter", "sme_desk")


def resolve_system_path(name: str | Path) -> Path:
    """A path as given, or the bundled system of that name (``bank_contact_centre``)."""
    p = Path(name)
    if p.exists() or str(name) not in BUNDLED_SYSTEMS:
        return p
    return data_path(f"indicators/{name}.yaml")


def load_system(
    path: str | Path,
    *,
    questionnaire: str | Path | None = None,
    sources: KnownSources | None = None,
) -> IndicatorSystem:
    """Load and validate an indicator system file (or a bundled one by name).

    Survey bindings are checked against ``questionnaire`` when given, else against the
    bundled questionnaire's item codes.
    """
    p = resolve_system_path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput(
            f"file not found; give a path or a bundled system ({', '.join(BUNDLED_SYSTEMS)})",
            where=Where(file=str(p)),
        ) from None
    except UnicodeDecodeError:
        raise InvalidInput(
            "not UTF-8 text; save the file as UTF-8", where=Where(file=str(p))
        ) from None
    if sources is None:
        sources = load_sources(questionnaire=questionnaire)
    # a copy: the caller may change its system; the cached one stays as the file says
    return _parsed_system(text, str(p), sources).model_copy(deep=True)


@functools.lru_cache(maxsize=16)
def _parsed_system(text: str, file: str, sources: KnownSources) -> IndicatorSystem:
    """:func:`parse_system` of the same text, file name and sources once per process (the
    web reads the system on every page; parsing and validating it takes a tenth of a second,
    copying the result a twentieth of that). A failure is not kept: it is raised again."""
    return parse_system(text, file=file, sources=sources)


def node_names(system: IndicatorSystem, lang: str) -> Mapping[str, str]:
    if lang not in LANGS:
        raise InvalidInput(f"unknown language {lang!r}; allowed: {', '.join(LANGS)}")
    return {p.node.code: p.node.name.get(lang) for p in system.walk()}


def codes(system: IndicatorSystem) -> Sequence[str]:
    return [p.node.code for p in system.walk()]
