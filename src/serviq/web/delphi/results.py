"""A round's results, computed by the core from the stored answers, and the import of
answers from CSV/XLSX.

The statistics are :func:`serviq.delphi.questionnaire.level_statistics` of the submitted
answers (per level of the tree: response rate, authority Cr, mean, full-score frequency,
CV, Kendall's W with χ² and p, keep / revise / drop); nothing is rounded before display.

The import takes the CLI's long format (docs/delphi.md): one row per expert × item with
columns ``expert`` (the panel code, E01), ``indicator`` (the item code), ``importance`` and
optionally ``basis``, ``familiarity`` (0–1, one value per expert), ``verdict`` (keep,
revise, drop) and ``comment``. The whole file is checked before anything is written; one
transaction then stores it, and importing the same file again changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from serviq.delphi.consultation import RoundStatistics, round_statistics
from serviq.delphi.questionnaire import VERDICTS, Item, items, level_statistics
from serviq.delphi.rules import DelphiRules, load_delphi_rules
from serviq.errors import Conflict, InvalidInput, Where
from serviq.indicators.model import IndicatorSystem, load_system, resolve_system_path
from serviq.messages import error
from serviq.tables import read_table, sheet_row
from serviq.web.audit.trail import record
from serviq.web.delphi.models import Answer, Invitation, Round
from serviq.web.indicatordata.systems import read_uploaded
from serviq.web.privacy import mask

COLUMNS = ("expert", "indicator", "importance")
OPTIONAL = ("basis", "familiarity", "verdict", "comment")


def consulted_system(name: str) -> IndicatorSystem:
    """The indicator system ``name`` (bundled, or the centre's replacement), read once per
    process and again only when its file changes."""
    path = resolve_system_path(name)
    return _read_system(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _read_system(path: str, mtime_ns: int) -> IndicatorSystem:
    return load_system(path)


def system_of(rnd: Round) -> IndicatorSystem:
    return consulted_system(rnd.consultation.system)


def asked(rnd: Round, system: IndicatorSystem | None = None) -> list[Item]:
    return items(system or system_of(rnd), rnd.items, rnd.revisions)


def rules() -> DelphiRules:
    return load_delphi_rules()


def answers_frame(rnd: Round) -> pd.DataFrame:
    """The submitted answers, one row per expert × item, with each expert's mean Ca and Cs
    over the dimensions they rated."""
    rows: list[dict[str, Any]] = []
    for inv in (
        Invitation.objects.filter(round=rnd, submitted_at__isnull=False)
        .select_related("expert")
        .prefetch_related("answers")
    ):
        ca = [float(r["basis"]) for r in inv.ratings.values() if r.get("basis") is not None]
        cs = [
            float(r["familiarity"])
            for r in inv.ratings.values()
            if r.get("familiarity") is not None
        ]
        for a in inv.answers.all():
            rows.append(
                {
                    "expert": inv.expert.code,
                    "indicator": a.item,
                    "importance": a.importance,
                    "basis": sum(ca) / len(ca) if ca else None,
                    "familiarity": sum(cs) / len(cs) if cs else None,
                }
            )
    return pd.DataFrame(rows, columns=["expert", "indicator", "importance", "basis", "familiarity"])


def statistics(rnd: Round, system: IndicatorSystem | None = None) -> dict[int, RoundStatistics]:
    """Per level of the tree; empty before anyone answered."""
    frame = answers_frame(rnd)
    if frame.empty or frame["importance"].isna().all():
        return {}
    panel = Invitation.objects.filter(round=rnd).count()
    return level_statistics(frame, asked(rnd, system), panel=panel, rules=rules())


def response(rnd: Round) -> tuple[int, int]:
    """(experts who submitted, experts consulted)."""
    invited = Invitation.objects.filter(round=rnd)
    return invited.filter(submitted_at__isnull=False).count(), invited.count()


def _check(frame: pd.DataFrame, rnd: Round, name: str) -> None:
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise error(InvalidInput, "delphi.columns", where=Where(file=name),
                    missing=", ".join(missing), allowed=", ".join(COLUMNS + OPTIONAL))  # fmt: skip
    experts = {
        inv.expert.code for inv in Invitation.objects.filter(round=rnd).select_related("expert")
    }
    codes = set(rnd.items)
    for pos, row in enumerate(frame.to_dict("records")):
        expert = str(row["expert"] or "").strip()
        item = str(row["indicator"] or "").strip()
        if expert and expert not in experts:
            raise error(
                InvalidInput,
                "delphi.not_on_panel",
                expert=expert,
                allowed=", ".join(sorted(experts)),
                where=Where(file=name, row=sheet_row(pos), column="expert"),
            )
        if item and item not in codes:
            raise error(InvalidInput, "delphi.not_asked",
                        where=Where(file=name, row=sheet_row(pos), column="indicator"),
                        item=item, round=rnd.number)  # fmt: skip
        verdict = str(row.get("verdict") or "").strip()
        if verdict and verdict not in VERDICTS:
            raise error(InvalidInput, "delphi.verdict",
                        where=Where(file=name, row=sheet_row(pos), column="verdict"),
                        verdict=verdict, allowed=", ".join(VERDICTS))  # fmt: skip
    both = "basis" in frame.columns and "familiarity" in frame.columns
    # the core's checks: scores 1..top, Ca/Cs 0–1 and one per expert, no pair twice
    round_statistics(
        frame,
        expert="expert",
        indicator="indicator",
        importance="importance",
        basis="basis" if both else None,
        familiarity="familiarity" if both else None,
        rules=rules(),
        source=name,
    )


def read_answers(upload: Any, rnd: Round) -> list[dict[str, Any]]:
    """The uploaded file checked whole: rows of expert, item, importance, verdict, comment,
    basis and familiarity."""
    name = Path(str(upload.name)).name if upload is not None else ""

    def read(path: Path) -> list[dict[str, Any]]:
        frame = read_table(path, dtype=str)
        frame.columns = [str(c).strip() for c in frame.columns]
        _check(frame, rnd, name)
        return [
            {
                k: (None if pd.isna(v) or str(v).strip() == "" else str(v).strip())
                for k, v in row.items()
            }
            for row in frame.to_dict("records")
        ]

    return read_uploaded(upload, read)


def _number(value: str | None) -> float | None:
    return None if value is None else float(value)


def store(rnd: Round, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Store checked rows as submitted answers (inside the caller's transaction, the round
    locked); counts of answers added, changed, unchanged."""
    counts = {"added": 0, "changed": 0, "unchanged": 0}
    invitations = {
        inv.expert.code: inv
        for inv in Invitation.objects.select_for_update().filter(round=rnd).select_related("expert")
    }
    by_expert: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_expert.setdefault(str(row["expert"]), []).append(row)
    now = timezone.now()
    for code, mine in by_expert.items():
        inv = invitations[code]
        stored = {a.item: a for a in inv.answers.all()}
        ca, cs = _number(mine[0].get("basis")), _number(mine[0].get("familiarity"))
        ratings = {"all": {"basis": ca, "familiarity": cs}} if ca is not None else {}
        touched = False
        for row in mine:
            values = {
                "importance": int(float(row["importance"])) if row["importance"] else None,
                "verdict": row.get("verdict") or "",
                "comment": mask(row.get("comment") or ""),
            }
            old = stored.get(str(row["indicator"]))
            if old is None:
                Answer.objects.create(invitation=inv, item=str(row["indicator"]), **values)
                counts["added"] += 1
                touched = True
            elif any(getattr(old, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(old, k, v)
                old.save()
                counts["changed"] += 1
                touched = True
            else:
                counts["unchanged"] += 1
        if touched or inv.submitted_at is None or (ratings and inv.ratings != ratings):
            inv.ratings = ratings or inv.ratings
            inv.submitted_at = inv.submitted_at or now
            inv.saved_at = now
            inv.source = "import"
            inv.save()
    return counts


def import_answers(request: HttpRequest, rnd: Round, upload: Any) -> dict[str, int]:
    """Check the whole file, then store it in one transaction with an audit row."""
    rows = read_answers(upload, rnd)
    name = Path(str(upload.name)).name
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=rnd.pk)
        if locked.status != "open":
            raise error(Conflict, "delphi.import_closed", round=locked.number)
        counts = store(locked, rows)
        record(
            "delphi.import",
            request=request,
            obj=locked,
            after={"file": name, "rows": len(rows), **counts},
        )
    return counts
