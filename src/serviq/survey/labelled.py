"""SPSS ``.sav`` and Stata ``.dta`` files: responses with their variable and value labels.

Reading (:func:`read_labelled`) gives the raw table that
:func:`~serviq.survey.responses.read_responses` validates, so a ``.sav`` or ``.dta`` goes
through the same checks as a CSV. Variables are matched to the questionnaire by name (an
item code or a metadata name such as ``序号``) and otherwise by their *variable label*
(the question text or its number, as the survey platforms write it). A coded answer whose
*value label* is one of the item's scale labels (in any of the three languages) is read
as that label, so a file coded 0–4 with the labels ``非常不满意 … 非常满意`` lands on the
questionnaire's 1–5; codes without a known label are read as numbers. User-missing codes
(SPSS) and extended missing values (Stata ``.a`` … ``.z``) are skipped questions.

The text encoding is the one the file declares (SPSS files since version 16 and Stata 14+
files are UTF-8 or say what they are); an older file without a declaration is read as
GB18030 when it is not UTF-8, which is what SPSS on a Chinese Windows writes.

Writing (:func:`write_labelled`) gives each item its question text as variable label,
its scale's labels as value labels, and a skipped question the code of
``survey/labelled.yaml`` (``-3`` declared user-missing in a ``.sav``; ``.a`` in a
``.dta``), all in the language asked for.

A damaged file, or one beyond the centre's import limits, raises
:class:`~serviq.errors.InvalidInput` naming the file; nothing is read half-way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from serviq.errors import InvalidInput, Where, one_line
from serviq.languages import Lang, Text
from serviq.limits import Limits, load_limits, megabytes
from serviq.resources import data_path
from serviq.survey.questionnaire import Questionnaire
from serviq.tables import check_cells, check_header
from serviq.yamlfile import load_model

Format = Literal["sav", "dta"]
LABELLED: dict[str, Format] = {".sav": "sav", ".zsav": "sav", ".dta": "dta"}
_NAMES: dict[Format, str] = {"sav": "SPSS .sav", "dta": "Stata .dta"}


class LabelledSettings(BaseModel):
    """The codes and labels :func:`write_labelled` uses (``survey/labelled.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sav_missing: int = -3
    dta_missing: str = Field("a", pattern=r"^[a-z]$")
    skipped_label: Text
    meta_labels: dict[str, Text]


def load_labelled_settings(path: str | Path | None = None) -> LabelledSettings:
    return load_model(LabelledSettings, path or data_path("survey/labelled.yaml"))


def _reader(fmt: Format) -> Any:
    import pyreadstat

    return pyreadstat.read_sav if fmt == "sav" else pyreadstat.read_dta


def _read(path: Path, fmt: Format, **kw: Any) -> tuple[pd.DataFrame, Any]:
    """pyreadstat's read, retried as GB18030 when the file's text is not UTF-8."""
    read = _reader(fmt)
    try:
        return read(str(path), **kw)
    except Exception as first:
        try:
            return read(str(path), encoding="GB18030", **kw)
        except Exception:
            raise first from None


def read_labelled(path: str | Path, q: Questionnaire, limits: Limits | None = None) -> pd.DataFrame:
    """The responses of a ``.sav``/``.dta`` file as a table of raw values (object dtype),
    columns named so that :func:`~serviq.survey.responses.match_columns` finds the items.
    """
    from serviq.survey.responses import META_ALIASES, label_map, match_columns, norm

    path = Path(path)
    where = Where(file=str(path))
    fmt = LABELLED.get(path.suffix.lower())
    if fmt is None:
        raise InvalidInput(
            f"unsupported file type {path.suffix}; allowed: .sav, .zsav, .dta", where=where
        )
    if not path.is_file():
        raise InvalidInput("file not found", where=where)
    limits = limits or load_limits()
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise InvalidInput(
            f"the file is {megabytes(size)}; allowed: at most {megabytes(limits.max_file_bytes)} "
            "(imports.yaml max_file_mb)",
            where=where,
        )
    try:
        _, head = _read(path, fmt, metadataonly=True)
        rows = int(head.number_rows or 0)
        if rows > limits.max_rows:
            raise InvalidInput(
                f"{rows} data rows; allowed: at most {limits.max_rows} (imports.yaml max_rows)",
                where=where,
            )
        check_header(list(head.column_names), where, limits)
        df, meta = _read(path, fmt, user_missing=False, apply_value_formats=False)
    except InvalidInput:
        raise
    except Exception as exc:  # any failure of the parser on a damaged file is bad input
        detail = one_line(str(exc))[:200] or type(exc).__name__
        raise InvalidInput(
            f"cannot read the file as {_NAMES[fmt]}: {detail}", where=where
        ) from None

    codes = {it.code.lower() for it in q.items}
    aliases = {norm(a) for al in META_ALIASES.values() for a in al}
    labels: dict[str, str] = dict(meta.column_names_to_labels or {})
    names: list[str] = []
    for var in df.columns:
        label = (labels.get(var) or "").strip()
        own = var.lower() in codes or norm(var) in aliases
        names.append(var if own or not label or label in names else label)
    raw = df.astype(object).where(df.notna(), None)
    raw.columns = names
    check_cells(raw, where, limits)
    by_name = dict(zip(names, df.columns, strict=True))
    value_labels: dict[str, dict[Any, str]] = dict(meta.variable_value_labels or {})
    matches, _, _ = match_columns(names, q)
    for m in matches:
        coded = value_labels.get(by_name[m.column])
        if not coded or not q.scale_of(m.item).numeric:
            continue
        known = label_map(q, m.item)
        as_label = {float(k): v for k, v in coded.items() if norm(v) in known}
        raw[m.column] = [
            as_label.get(float(v), v) if isinstance(v, (int, float)) else v for v in raw[m.column]
        ]
    return raw.reset_index(drop=True)


@dataclass(frozen=True)
class Exported:
    file: str
    rows: int
    variables: int

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def write_labelled(
    data: pd.DataFrame,
    q: Questionnaire,
    path: str | Path,
    *,
    fmt: Format,
    lang: Lang,
    settings: LabelledSettings | None = None,
) -> Exported:
    """Write validated responses (``respondent_id``, the metadata columns and the items, as
    :func:`~serviq.survey.responses.read_responses` returns them) to ``path``.

    Variable labels are the items' texts in ``lang``; value labels are the scale labels in
    ``lang``; a missing answer to a rated item is the skipped code, labelled and declared
    missing. Items of the questionnaire absent from ``data`` are not written.
    """
    import pyreadstat

    s = settings or load_labelled_settings()
    path = Path(path)
    if fmt not in _NAMES:
        raise InvalidInput(f"unknown format {fmt}; allowed: sav, dta", where=Where(field="format"))
    out = pd.DataFrame(index=data.index)
    var_labels: list[str | None] = []
    for name, text in s.meta_labels.items():
        if name not in data.columns:
            continue
        if name == "duration_seconds":
            out[name] = pd.to_numeric(data[name], errors="coerce").astype("float64")
        else:
            out[name] = ["" if pd.isna(v) else str(v) for v in data[name]]
        var_labels.append(text.get(lang))
    value_labels: dict[str, dict[Any, str]] = {}
    missing: dict[str, list[Any]] = {}
    for it in q.items:
        if it.code not in data.columns:
            continue
        sc = q.scales[it.scale]
        col = data[it.code]
        var_labels.append(it.text.get(lang))
        if not sc.numeric:
            out[it.code] = ["" if pd.isna(v) else str(v) for v in col]
            continue
        lab: dict[Any, str] = {int(k): t.get(lang) for k, t in sc.labels.items()}
        values = pd.to_numeric(col, errors="coerce").astype("float64").to_numpy()
        if fmt == "sav":
            out[it.code] = np.where(np.isnan(values), float(s.sav_missing), values)
            missing[it.code] = [s.sav_missing]
            lab[s.sav_missing] = s.skipped_label.get(lang)
        elif np.isnan(values).any():  # a column of numbers and the letter: Stata's .a
            out[it.code] = pd.Series(
                [s.dta_missing if np.isnan(v) else float(v) for v in values], dtype=object
            )
            missing[it.code] = [s.dta_missing]
            lab[s.dta_missing] = s.skipped_label.get(lang)
        else:
            out[it.code] = values
        value_labels[it.code] = lab
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    try:
        if fmt == "sav":
            pyreadstat.write_sav(
                out,
                str(tmp),
                file_label=q.title.get(lang),
                column_labels=var_labels,
                variable_value_labels=value_labels,
                missing_ranges=missing,
            )
        else:
            pyreadstat.write_dta(
                out,
                str(tmp),
                file_label=q.title.get(lang)[:80],
                column_labels=[(t or "")[:80] for t in var_labels],
                variable_value_labels=value_labels,
                missing_user_values=missing,
            )
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return Exported(str(path), len(out), len(out.columns))
