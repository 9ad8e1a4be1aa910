"""Versions of an indicator system: what changed between two, and writing the next one.

The survey screening step (R-IND-5) drops items that do not hold up and writes a new
version of the system with the evidence; :func:`new_version` is that step's public entry,
:func:`dump_yaml` writes the result back in the file format, :func:`diff` says what changed,
:func:`write_screened_version` writes the version a screening asks for (the survey package
screens; writing an indicator-system version is this package's, so survey never imports
indicators).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from serviq.errors import InvalidInput, ValidationFailed
from serviq.indicators.model import IndicatorSystem, KnownSources, Node, validate_system

if TYPE_CHECKING:
    from serviq.survey.questionnaire import Questionnaire
    from serviq.survey.screening import Screening

#: Fields compared by :func:`diff`, in the order reported.
COMPARED = (
    "name",
    "definition",
    "measurement",
    "unit",
    "direction",
    "target",
    "thresholds",
    "bounds",
    "weight",
    "frequency",
    "owner",
    "stage",
    "servqual",
    "quality",
    "requirements",
    "scored",
)


@dataclass(frozen=True)
class Change:
    code: str
    field: str
    old: Any
    new: Any

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class SystemDiff:
    old_version: str
    new_version: str
    added: tuple[dict[str, Any], ...] = ()
    removed: tuple[dict[str, Any], ...] = ()
    changed: tuple[Change, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": [c.as_dict() for c in self.changed],
        }


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(by_alias=True, exclude_none=True)
    return value


def _index(system: IndicatorSystem) -> dict[str, tuple[Node, str | None]]:
    return {p.node.code: (p.node, p.parent.code if p.parent else None) for p in system.walk()}


def diff(old: IndicatorSystem, new: IndicatorSystem) -> SystemDiff:
    """Nodes added and removed, and every compared field that changed (including the
    effective local weight and a move to another parent)."""
    a, b = _index(old), _index(new)
    wa, wb = old.local_weights(), new.local_weights()
    added = tuple({"code": c, "parent": b[c][1], "name": b[c][0].name.en} for c in b if c not in a)
    removed = tuple(
        {"code": c, "parent": a[c][1], "name": a[c][0].name.en} for c in a if c not in b
    )
    changed: list[Change] = []
    for code in (c for c in b if c in a):
        (na, pa), (nb, pb) = a[code], b[code]
        if pa != pb:
            changed.append(Change(code, "parent", pa, pb))
        for fld in COMPARED:
            if fld == "weight":
                va, vb = wa.get(code), wb.get(code)
                if va is not None and vb is not None and not math.isclose(va, vb, abs_tol=1e-9):
                    changed.append(Change(code, "weight", va, vb))
                continue
            va, vb = _plain(getattr(na, fld)), _plain(getattr(nb, fld))
            if va != vb:
                changed.append(Change(code, fld, va, vb))
        sa, sb = _plain(na.weighting), _plain(nb.weighting)
        if sa != sb:
            changed.append(Change(code, "weighting", sa, sb))
    return SystemDiff(old.version, new.version, added, removed, tuple(changed))


def bump(version: str, part: str = "minor") -> str:
    """The next version: ``1.2.0`` → ``1.3.0`` (minor) or ``2.0.0`` (major)."""
    parts = [int(p) for p in version.split(".")]
    while len(parts) < 3:
        parts.append(0)
    if part == "major":
        parts = [parts[0] + 1, 0, 0]
    elif part == "minor":
        parts = [parts[0], parts[1] + 1, 0]
    elif part == "patch":
        parts[2] += 1
    else:
        raise InvalidInput(f"unknown version part {part!r}; allowed: major, minor, patch")
    return ".".join(map(str, parts))


def _drop(node: dict[str, Any], codes: set[str], dropped: list[str]) -> bool:
    """Remove the children in ``codes`` (at any depth); True if ``node`` lost every child."""
    kids = node.get("children") or []
    keep = []
    for child in kids:
        if child["code"] in codes:
            dropped.append(child["code"])
            continue
        if _drop(child, codes, dropped):
            dropped.append(child["code"])  # a dimension left without indicators goes too
            continue
        keep.append(child)
    if len(keep) == len(kids):
        return False
    if not keep:
        return True
    node["children"] = keep
    weighting = node.get("weighting")
    if weighting and weighting.get("matrix") is not None:
        # the judgements no longer match the children: keep the priorities they gave
        # (renormalised below) and record the matrix as evidence only
        weighting.pop("matrix", None)
        weighting["method"] = "direct"
        weighting["note"] = (
            weighting.get("note") or ""
        ) + " (AHP weights renormalised after a drop)"
    stated = [c.get("weight") for c in keep if c.get("scored", True) or c.get("children")]
    if keep and all(w is not None for w in stated) and stated:
        total = sum(w for w in stated if w is not None)
        for c in keep:
            if c.get("weight") is not None and total > 0:
                c["weight"] = c["weight"] / total
    return False


def new_version(
    system: IndicatorSystem,
    *,
    drop: Sequence[str] = (),
    drop_items: Sequence[str] = (),
    changes: Mapping[str, Mapping[str, Any]] | None = None,
    note: str,
    evidence: Sequence[str] = (),
    version: str | None = None,
    date: dt.date | str | None = None,
    sources: KnownSources | None = None,
) -> IndicatorSystem:
    """The next version of ``system``: ``drop`` these codes, apply ``changes``, bump the
    version and add a change-log entry citing ``evidence``.

    - ``drop``: codes of indicators (or whole dimensions) to remove; the stated weights of
      their siblings are renormalised to sum 1 again (an AHP matrix of their parent is
      replaced by the renormalised priorities, noted in the weighting).
      A dimension left without children is dropped with them.
    - ``drop_items``: questionnaire item codes that screening rejected (``TAN5``): they are
      removed from every survey binding; an indicator left without items is dropped.
    - ``changes``: ``{code: {field: value}}`` with fields of the YAML format, e.g.
      ``{"SL": {"target": 0.85}}`` or ``{"REL": {"measurement": {...}}}``.
    - ``version``: defaults to the next minor version; ``date`` to today.

    The result is validated like a loaded file; ValidationFailed lists what the change broke.
    """
    if not note.strip():
        raise InvalidInput("a new version needs a note saying why it changed")
    data = system.model_dump(by_alias=True, exclude_none=True)
    all_codes = {p.node.code for p in system.walk()}
    unknown = [c for c in [*drop, *(changes or {})] if c not in all_codes]
    if unknown:
        raise InvalidInput(f"no node with code {unknown[0]!r} in {system.id} {system.version}")
    if system.tree.code in drop:
        raise InvalidInput("the root of the tree cannot be dropped")
    local = system.local_weights()
    log: list[str] = []
    drop = list(drop)
    items = set(drop_items)
    used: set[str] = set()

    def remove_items(node: dict[str, Any]) -> None:
        binding = (node.get("measurement") or {}).get("binding") or {}
        if items and binding.get("source") in ("survey_item", "survey_scale"):
            refs = [binding["ref"]] if isinstance(binding["ref"], str) else list(binding["ref"])
            gone = [r for r in refs if r in items]
            used.update(gone)
            if gone:
                left = [r for r in refs if r not in items]
                for r in gone:
                    log.append(f"{node['code']}: item {r} removed from its {binding['source']}")
                if left:
                    binding["ref"] = left if binding["source"] == "survey_scale" else left[0]
                elif node["code"] not in drop:
                    drop.append(node["code"])
        for child in node.get("children") or []:
            remove_items(child)

    remove_items(data["tree"])
    log.extend(f"item {r}: not used by {system.id}" for r in sorted(items - used))

    def fill_ahp_weights(node: dict[str, Any]) -> None:
        # a parent weighted by an AHP matrix: write its priorities on the children so that
        # they survive a drop (the matrix no longer fits once a child is gone)
        kids = node.get("children") or []
        if drop and (node.get("weighting") or {}).get("matrix") is not None:
            for k in kids:
                if k.get("weight") is None and local.get(k["code"], 0.0) > 0:
                    k["weight"] = local[k["code"]]
        for k in kids:
            fill_ahp_weights(k)

    fill_ahp_weights(data["tree"])
    dropped: list[str] = []
    if _drop(data["tree"], set(drop), dropped):
        raise InvalidInput("this would drop every indicator of the system")
    log.extend(f"dropped {c}" for c in dropped)

    def apply(node: dict[str, Any]) -> None:
        for fld, value in (changes or {}).get(node["code"], {}).items():
            old = node.get(fld)
            if value is None:
                node.pop(fld, None)
            else:
                node[fld] = value
            log.append(f"{node['code']}.{fld}: {old!r} → {value!r}")
        for child in node.get("children") or []:
            apply(child)

    apply(data["tree"])
    new_v = version or bump(system.version, "major" if dropped else "minor")
    when = date.isoformat() if isinstance(date, dt.date) else (date or dt.date.today().isoformat())
    data["version"] = new_v
    data.setdefault("changelog", []).append(
        {"version": new_v, "date": when, "note": note, "evidence": list(evidence), "changes": log}
    )
    try:
        out = IndicatorSystem.model_validate(data)
    except Exception as exc:  # pydantic's error, rephrased with the field
        from pydantic import ValidationError as PydanticValidationError

        from serviq.yamlfile import problems_from_pydantic

        if isinstance(exc, PydanticValidationError):
            raise ValidationFailed(
                problems_from_pydantic(exc, file=f"{system.id} {new_v}"), source=system.id
            ) from None
        raise
    problems = validate_system(out, sources=sources, file=f"{system.id} {new_v}")
    if problems:
        raise ValidationFailed(problems, source=f"{system.id} {new_v}")
    return out


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def dump_yaml(system: IndicatorSystem) -> str:
    """The system in its YAML file format (loadable again by :func:`load_system`)."""
    data = system.model_dump(by_alias=True, exclude_none=True, exclude_defaults=False)

    def prune(node: dict[str, Any]) -> None:
        for key in ("children", "requirements"):
            if node.get(key) == []:
                node.pop(key)
        if node.get("scored") is True:
            node.pop("scored")
        if node.get("weighting", {}).get("evidence") == []:
            node["weighting"].pop("evidence")
        for child in node.get("children", []):
            prune(child)

    prune(data["tree"])
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def write_screened_version(
    s: Screening,
    system_path: str | Path,
    out: str | Path | None,
    *,
    questionnaire: Questionnaire,
    questionnaire_path: str | Path | None = None,
) -> dict[str, Any]:
    """Write the next version of the indicator system at ``system_path`` without the items
    the screening ``s`` dropped (``serviq survey screen --system``).

    :func:`new_version` with ``drop_items``: dropped items leave every survey binding (an
    indicator left without items is dropped); the change log's note names the screening,
    and its evidence lists every dropped or reviewed item with the rule and the numbers.
    The file goes to ``out``, or ``SYSTEM-VERSION.yaml`` in the working directory.
    """
    from serviq.indicators.model import load_system

    system = load_system(system_path, questionnaire=questionnaire_path)
    dropped = s.dropped()
    evidence = s.evidence_lines()
    note = (
        f"item screening of questionnaire {questionnaire.id} {questionnaire.version} on "
        f"{s.n} respondents: {len(dropped)} item(s) dropped"
        + (f" ({', '.join(dropped)})" if dropped else "")
    )
    new = new_version(system, drop_items=dropped, note=note, evidence=evidence)
    target = Path(out) if out is not None else Path.cwd() / f"{system.id}-{new.version}.yaml"
    target.write_text(dump_yaml(new), encoding="utf-8")
    return {
        "system": system.id,
        "version": new.version,
        "previous_version": system.version,
        "path": str(target),
        "dropped_items": dropped,
        "changes": list(new.changelog[-1].changes),
        "evidence": evidence,
    }
