"""The next version of an indicator system from a Delphi round's drops.

The indicators of the consultation are named by their codes in the indicator system. Those
the round decided to **drop** leave the system through
:func:`serviq.indicators.versioning.new_version` (the siblings' weights renormalised, a
dimension left empty dropped with them, the version bumped); the change log's note names
the round and its evidence lists every dropped indicator with its mean, CV and full-score
frequency, and the round's Kendall's W. Indicators to revise stay as they are: rewording
them is the study's work for the next round.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from serviq.delphi.consultation import IndicatorStatistics, RoundStatistics
from serviq.errors import InvalidInput
from serviq.indicators.model import IndicatorSystem, load_system
from serviq.indicators.versioning import dump_yaml, new_version


def evidence_lines(stats: RoundStatistics) -> list[str]:
    """One line per dropped indicator and one for the panel's concordance."""
    k = stats.kendall
    lines = [
        f"{i.indicator}: mean {i.mean:.2f}, CV {i.cv:.3f}, full-score frequency "
        f"{i.full_score_frequency:.2f} (failed: {', '.join(i.failed)})"
        for i in stats.indicators
        if i.decision == "drop"
    ]
    if k is not None:
        lines.append(
            f"Kendall's W = {k.w:.3f}, chi-squared({k.df}) = {k.chisq:.2f}, p = {k.pvalue:.4f} "
            f"({k.raters} experts, {k.subjects} indicators)"
        )
    return lines


def revised_system(
    system: IndicatorSystem,
    stats: RoundStatistics,
    *,
    version: str | None = None,
    date: dt.date | str | None = None,
) -> IndicatorSystem:
    """``system`` without the indicators ``stats`` dropped, as its next version."""
    codes = {p.node.code for p in system.walk()}
    dropped = [i.indicator for i in stats.indicators if i.decision == "drop"]
    unknown = [c for c in dropped if c not in codes]
    if unknown:
        raise InvalidInput(
            f"indicator {unknown[0]} of the Delphi round is not a code of the indicator system "
            f"{system.id} {system.version}; name the indicators by their codes"
        )
    note = (
        f"Delphi consultation round of {stats.experts} experts: {len(dropped)} indicator(s) "
        "dropped" + (f" ({', '.join(dropped)})" if dropped else "")
    )
    return new_version(
        system, drop=dropped, note=note, evidence=evidence_lines(stats), version=version, date=date
    )


def write_revised_system(
    stats: RoundStatistics, system_path: str | Path, out: str | Path | None
) -> dict[str, Any]:
    """Write :func:`revised_system` of the system at ``system_path`` to ``out`` (default:
    ``SYSTEM-VERSION.yaml`` in the working directory) and say what was written."""
    system = load_system(system_path)
    new = revised_system(system, stats)
    target = Path(out) if out is not None else Path.cwd() / f"{system.id}-{new.version}.yaml"
    target.write_text(dump_yaml(new), encoding="utf-8")
    return {
        "system": system.id,
        "version": new.version,
        "previous_version": system.version,
        "path": str(target),
        "dropped": [i.indicator for i in stats.indicators if i.decision == "drop"],
        "changes": list(new.changelog[-1].changes),
        "evidence": evidence_lines(stats),
    }


@dataclass(frozen=True)
class Outcome:
    """An item a consultation dropped or revised: the round that decided it, that round's
    statistics, and for a revised item its new fields (YAML format, e.g. ``definition``)
    and its statistics in the last round that asked it."""

    code: str
    round: int
    stats: IndicatorStatistics
    change: Mapping[str, Any] | None = None
    final: IndicatorStatistics | None = None


def _figures(s: IndicatorStatistics) -> str:
    return f"mean {s.mean:.2f}, CV {s.cv:.3f}, full-score frequency {s.full_score_frequency:.2f}"


def outcome_lines(
    dropped: Sequence[Outcome], revised: Sequence[Outcome], last_round: int
) -> list[str]:
    """One change-log line per dropped and per revised item, with its round statistics."""
    lines = [
        f"round {o.round}: {o.code} dropped: {_figures(o.stats)} "
        f"(failed: {', '.join(o.stats.failed)})"
        for o in dropped
    ]
    for o in revised:
        line = (
            f"round {o.round}: {o.code} to revise: {_figures(o.stats)} "
            f"(failed: {', '.join(o.stats.failed)})"
        )
        if o.change:
            line += f"; revised {', '.join(sorted(o.change))}"
        if o.final is not None:
            line += f"; round {last_round}: {_figures(o.final)}, {o.final.decision}"
        lines.append(line)
    return lines


def concordance_lines(levels: Mapping[int, RoundStatistics], round_number: int) -> list[str]:
    """Kendall's W of each level of a round."""
    return [
        f"round {round_number}, level {level}: Kendall's W = {k.w:.3f}, chi-squared({k.df}) = "
        f"{k.chisq:.2f}, p = {k.pvalue:.4f} ({k.raters} experts, {k.subjects} items)"
        for level, stats in sorted(levels.items())
        if (k := stats.kendall) is not None
    ]


def consultation_version(
    system: IndicatorSystem,
    *,
    dropped: Sequence[Outcome],
    revised: Sequence[Outcome],
    last_levels: Mapping[int, RoundStatistics],
    last_round: int,
    experts: int,
    version: str | None = None,
    date: dt.date | str | None = None,
) -> IndicatorSystem:
    """The version a whole consultation ends in: the dropped items removed (an item under
    a dropped dimension goes with it), the revised items' new fields applied, and a change
    log citing each of them with its round statistics and the last round's Kendall's W
    per level."""
    below = {c for o in dropped for c in system.below(o.code)}
    note = (
        f"Delphi consultation of {experts} experts over {last_round} round(s): "
        f"{len(dropped)} dropped"
        + (f" ({', '.join(o.code for o in dropped)})" if dropped else "")
        + f", {len(revised)} revised"
        + (f" ({', '.join(o.code for o in revised)})" if revised else "")
    )
    changes = {o.code: dict(o.change) for o in revised if o.change and o.code not in below}
    return new_version(
        system,
        drop=[o.code for o in dropped if o.code not in below],
        changes=changes,
        note=note,
        evidence=[
            *outcome_lines(dropped, revised, last_round),
            *concordance_lines(last_levels, last_round),
        ],
        version=version,
        date=date,
    )
