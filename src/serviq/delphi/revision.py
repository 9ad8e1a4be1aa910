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
from pathlib import Path
from typing import Any

from serviq.delphi.consultation import RoundStatistics
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
