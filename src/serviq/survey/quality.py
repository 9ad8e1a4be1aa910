"""Data-quality screens on imported responses, each switchable, with the reason recorded.

- ``straight_lining``: every answered rating item has the same value (judged only when at
  least ``min_items`` are answered);
- ``speeding``: completion time under ``min_seconds`` or under ``min_share_of_median`` of
  the median completion time;
- ``duplicate_ip`` / ``duplicate_device``: a later response from an IP address or device
  already seen (the first is kept);
- ``missing``: more than ``max_share`` of the rating items unanswered.

Settings come from ``data/survey/quality.yaml`` (overridable per installation).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from serviq.resources import data_path
from serviq.yamlfile import load_model


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StraightLining(_Model):
    enabled: bool = True
    min_items: int = Field(default=8, ge=2)


class Speeding(_Model):
    enabled: bool = True
    min_seconds: float = Field(default=60, ge=0)
    min_share_of_median: float = Field(default=0.33, ge=0, le=1)


class Switch(_Model):
    enabled: bool = True


class MissingRule(_Model):
    enabled: bool = True
    max_share: float = Field(default=0.2, ge=0, le=1)


class QualitySettings(_Model):
    straight_lining: StraightLining = StraightLining()
    speeding: Speeding = Speeding()
    duplicate_ip: Switch = Switch()
    duplicate_device: Switch = Switch()
    missing: MissingRule = MissingRule()

    def without(self, names: list[str]) -> QualitySettings:
        """A copy with the named screens switched off."""
        data = self.model_dump()
        for n in names:
            if n not in data:
                from serviq.errors import InvalidInput

                raise InvalidInput(f"unknown screen {n}; allowed: {', '.join(data)}", where=None)
            data[n]["enabled"] = False
        return QualitySettings.model_validate(data)


def load_quality(path: str | Path | None = None) -> QualitySettings:
    return load_model(QualitySettings, path or data_path("survey/quality.yaml"))


@dataclass(frozen=True)
class Screened:
    kept: pd.DataFrame
    excluded: pd.DataFrame  # respondent_id, row, reasons (list of str)
    settings: QualitySettings


def screen_quality(
    df: pd.DataFrame,
    rating_items: list[str],
    settings: QualitySettings,
    *,
    rows: list[int] | tuple[int, ...] | None = None,
) -> Screened:
    """Apply the enabled screens; return kept rows and a table of excluded ones with reasons."""
    n = len(df)
    reasons: list[list[str]] = [[] for _ in range(n)]
    items = [c for c in rating_items if c in df.columns]
    X = df[items].to_numpy(dtype=float) if items else np.empty((n, 0))
    answered = (~np.isnan(X)).sum(axis=1)
    if settings.straight_lining.enabled and items:
        s = settings.straight_lining
        with np.errstate(invalid="ignore"):
            same = (
                (np.nanmax(X, axis=1) == np.nanmin(X, axis=1)) if X.shape[1] else np.zeros(n, bool)
            )
        for i in np.flatnonzero(same & (answered >= s.min_items)).tolist():
            v = X[i][~np.isnan(X[i])][0]
            reasons[i].append(f"straight_lining: all {answered[i]} rating answers are {v:g}")
    if settings.speeding.enabled and "duration_seconds" in df.columns:
        s2 = settings.speeding
        d = df["duration_seconds"].to_numpy(dtype=float)
        med = float(np.nanmedian(d)) if np.isfinite(d).any() else float("nan")
        limit = max(s2.min_seconds, s2.min_share_of_median * med if np.isfinite(med) else 0.0)
        for i in np.flatnonzero(d < limit).tolist():
            reasons[i].append(
                f"speeding: completed in {d[i]:g} s, under {limit:g} s "
                f"(min {s2.min_seconds:g} s or {s2.min_share_of_median:g} × median {med:g} s)"
            )
    for col, rule in (("ip", settings.duplicate_ip), ("device", settings.duplicate_device)):
        if rule.enabled and col in df.columns:
            vals = df[col].fillna("").astype(str)
            first: dict[str, int] = {}
            for i, v in enumerate(vals):
                if not v:
                    continue
                if v in first:
                    reasons[i].append(
                        f"duplicate_{col}: {col} {v} already answered in respondent "
                        f"{df['respondent_id'].iloc[first[v]]}"
                    )
                else:
                    first[v] = i
    if settings.missing.enabled and items:
        share = 1.0 - answered / len(items)
        for i in np.flatnonzero(share > settings.missing.max_share).tolist():
            reasons[i].append(
                f"missing: {len(items) - answered[i]} of {len(items)} rating items unanswered "
                f"(> {settings.missing.max_share:.0%})"
            )
    bad = np.array([bool(r) for r in reasons], dtype=bool)
    row_numbers = list(rows) if rows is not None else [i + 2 for i in range(n)]
    excluded = pd.DataFrame(
        {
            "respondent_id": df["respondent_id"].to_numpy()[bad],
            "row": np.asarray(row_numbers, dtype=int)[bad],
            "reasons": [r for r in reasons if r],
        }
    )
    return Screened(df[~bad].reset_index(drop=True), excluded, settings)
