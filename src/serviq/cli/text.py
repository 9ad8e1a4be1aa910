"""``serviq text …``: PII masking, word frequencies, keywords, keyness, coding by a code
book, inter-coder agreement and themes → preliminary indicators (docs/text.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from serviq.cli.output import acyclic, emit, fmt, table

app = typer.Typer(
    help="Open comments: redaction, word frequency, keywords, coding, agreement.",
    no_args_is_help=True,
)

LONG_RUN = 2000  # rows from which a progress bar is shown (on stderr)


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    import sys

    if total < LONG_RUN or not sys.stderr.isatty():
        yield None  # short runs, or stderr not a terminal (nobody sees a bar; rich costs ~50 ms)
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda k: bar.advance(task, k)


def _read(path: Path, columns: list[str]) -> Any:
    from serviq.tables import read_table

    return read_table(path, columns=[c for c in columns if c])


def _write(frame: Any, out: Path) -> None:
    from serviq.errors import InvalidInput
    from serviq.formulas import write_frame

    suffix = out.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        write_frame(frame, out)  # formula-like comments neutralised (serviq.formulas)
    elif suffix in (".parquet", ".pq"):
        frame.to_parquet(out, index=False)
    else:
        raise InvalidInput(
            f"cannot write {suffix or 'a file without extension'}; allowed: .csv, .xlsx, .parquet"
        )


def _docs(frame: Any, column: str, label: str) -> list[list[str]]:
    return _docs_of(frame[column].tolist(), label)


def _docs_of(texts: list[Any], label: str) -> list[list[str]]:
    from serviq.text.counting import documents

    with _progress(len(texts), label) as advance:
        return documents(texts, progress=advance)


def _split(values: str) -> list[str]:
    return [v.strip() for v in values.split(",") if v.strip()]


@app.command()
def redact(
    data: Path | None = typer.Argument(None, help="CSV, XLSX or Parquet file."),
    column: list[str] = typer.Option(
        [], "--column", "-c", help="Text column to mask (repeatable)."
    ),
    text: str | None = typer.Option(None, "--text", help="Mask this text instead of a file."),
    lang: str = typer.Option(
        "zh-Hans", "--lang", help="Placeholder language: zh-Hans, zh-Hant, en."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write the masked table here (.csv, .xlsx, .parquet)."
    ),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Mask personal data (IDs, phones, cards, e-mail, accounts) with typed placeholders."""
    from collections import Counter

    from serviq.errors import InvalidInput
    from serviq.text.redaction import PII_TYPES, redact_detailed

    if text is not None:
        r = redact_detailed(text, lang=lang)
        result: dict[str, Any] = {
            "text": r.text,
            "counts": r.counts,
            "rows": 1,
            "rows_masked": int(r.found),
        }
    else:
        if data is None or not column:
            raise InvalidInput("give a DATA file with --column, or --text")
        frame = _read(data, column)
        counts: Counter[str] = Counter()
        masked_rows = 0
        with _progress(len(frame) * len(column), "masking") as advance:
            for col in column:
                values: list[Any] = []
                for v in frame[col].tolist():
                    if v is None or (isinstance(v, float) and v != v):
                        values.append(v)
                        continue
                    r = redact_detailed(str(v), lang=lang)
                    counts.update(r.counts)
                    masked_rows += int(r.found)
                    values.append(r.text)
                frame[col] = values
                if advance:
                    advance(len(values))
        if out is not None:
            _write(frame, out)
        result = {
            "rows": len(frame),
            "rows_masked": masked_rows,
            "counts": {k: counts.get(k, 0) for k in PII_TYPES},
            "out": str(out) if out else None,
        }

    def render(r: dict[str, Any]) -> None:
        if "text" in r:
            typer.echo(r["text"])
        table("PII masked", ["type", "count"], [[k, v] for k, v in r["counts"].items()])

    emit(result, as_json=json, render=render)


@app.command()
def freq(
    data: Path = typer.Argument(..., help="CSV, XLSX or Parquet file."),
    column: str = typer.Option(..., "--column", "-c", help="Text column."),
    top: int = typer.Option(30, "--top", help="Terms per group."),
    by: str | None = typer.Option(None, "--by", help="Group column (dimension, branch, period …)."),
    ngram: int = typer.Option(1, "--ngram", help="1 for words, 2 for word pairs, …"),
    json: bool = typer.Option(False, "--json"),
) -> None:
    """Term and document frequencies (masked, normalised, segmented, stop words removed)."""
    with acyclic():
        from serviq.tables import read_columns  # CSV without pandas (its import is slow)
        from serviq.text.counting import term_counts

        cols = read_columns(data, [column, by] if by else [column])
        docs = _docs_of(cols[column], "segmenting")
        groups = cols[by] if by else None
        terms = term_counts(docs, by=groups, top=top, n=ngram)
    if not by:
        for t in terms:
            del t["group"]
    result = {"documents": len(docs), "terms": terms}

    def render(r: dict[str, Any]) -> None:
        cols = (["group"] if by else []) + ["term", "count", "docs"]
        table(f"Terms in {column}", cols, [[t[c] for c in cols] for t in r["terms"]])

    emit(result, as_json=json, render=render)


@app.command()
def keywords(
    data: Path = typer.Argument(..., help="CSV, XLSX or Parquet file."),
    column: str = typer.Option(..., "--column", "-c", help="Text column."),
    method: str = typer.Option("tfidf", "--method", help="tfidf or textrank."),
    top: int = typer.Option(20, "--top"),
    by: str | None = typer.Option(None, "--by", help="Group column."),
    json: bool = typer.Option(False, "--json"),
) -> None:
    """Keywords by TF-IDF or TextRank, overall or per group."""
    from serviq.text.keywords import keywords as kw

    frame = _read(data, [column, by or ""])
    docs = _docs(frame, column, "segmenting")
    out = kw(docs, method=method, by=frame[by].tolist() if by else None, top=top)
    if not by:
        out = out.drop(columns="group")
    result = {"method": method, "documents": len(docs), "keywords": out.to_dict(orient="records")}

    def render(r: dict[str, Any]) -> None:
        cols = (["group"] if by else []) + ["term", "score", "count"]
        table(f"Keywords ({method})", cols, [[k[c] for c in cols] for k in r["keywords"]])

    emit(result, as_json=json, render=render)


@app.command()
def keyness(
    data: Path = typer.Argument(..., help="CSV, XLSX or Parquet file."),
    column: str = typer.Option(..., "--column", "-c", help="Text column."),
    by: str = typer.Option(..., "--by", help="Column that splits the groups (e.g. CSAT)."),
    target: str = typer.Option(
        ..., "--target", help="Values of --by in the target group, comma-separated (e.g. 1,2)."
    ),
    reference: str | None = typer.Option(
        None, "--reference", help="Values of the reference group (default: all others)."
    ),
    top: int = typer.Option(30, "--top"),
    min_count: int = typer.Option(3, "--min-count"),
    json: bool = typer.Option(False, "--json"),
) -> None:
    """Which words set one group apart from another (log-likelihood G², log ratio)."""
    from serviq.errors import InvalidInput
    from serviq.text.counting import keyness as kn

    frame = _read(data, [column, by])
    labels = [str(v).removesuffix(".0") if v == v else None for v in frame[by].tolist()]
    tset = set(_split(target))
    rset = set(_split(reference)) if reference else None
    docs = _docs(frame, column, "segmenting")
    tdocs = [d for d, g in zip(docs, labels, strict=True) if g in tset]
    rdocs = [
        d
        for d, g in zip(docs, labels, strict=True)
        if g is not None and g not in tset and (rset is None or g in rset)
    ]
    if not tdocs:
        raise InvalidInput(
            f"no row has {by} in {sorted(tset)}; values present: {sorted({g for g in labels if g})[:20]}"
        )
    out = kn(tdocs, rdocs, min_count=min_count, top=top)
    result = {
        "target_docs": len(tdocs),
        "reference_docs": len(rdocs),
        "terms": out.to_dict(orient="records"),
    }

    def render(r: dict[str, Any]) -> None:
        table(
            f"Keyness: {by} in {target} vs {reference or 'the rest'}",
            ["term", "target", "reference", "G²", "log ratio", "more in"],
            [
                [
                    t["term"],
                    t["count_target"],
                    t["count_reference"],
                    fmt(t["g2"], 2),
                    fmt(t["log_ratio"], 2),
                    t["direction"],
                ]
                for t in r["terms"]
            ],
        )

    emit(result, as_json=json, render=render)


@app.command()
def code(
    data: Path = typer.Argument(..., help="CSV, XLSX or Parquet file."),
    column: str = typer.Option(..., "--column", "-c", help="Text column."),
    codebook: Path | None = typer.Option(
        None, "--codebook", help="Code book YAML (default: the bundled bank-service one)."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write the table with a codes column and one 0/1 column per code."
    ),
    json: bool = typer.Option(False, "--json"),
) -> None:
    """First-pass coding of comments by the code book's rules."""
    import pandas as pd

    from serviq.text.codebook import autocode_frame, load_codebook

    book = load_codebook(codebook)
    frame = _read(data, [column])
    coded = autocode_frame(frame[column].tolist(), book)
    if out is not None:
        _write(pd.concat([frame.reset_index(drop=True), coded], axis=1), out)
    counts = {c: int(coded[c].sum()) for c in book.code_names}
    result = {
        "codebook": book.codebook,
        "rows": len(frame),
        "uncoded": int((coded["codes"] == "").sum()),
        "counts": counts,
        "out": str(out) if out else None,
    }

    def render(r: dict[str, Any]) -> None:
        table(
            f"Codes ({r['rows']} comments, {r['uncoded']} uncoded)",
            ["code", "comments"],
            sorted(r["counts"].items(), key=lambda kv: -kv[1]),
        )

    emit(result, as_json=json, render=render)


@app.command()
def agreement(
    data: Path = typer.Argument(..., help="One row per unit, one column per coder."),
    coders: str = typer.Option(..., "--coders", help="Coder columns, comma-separated (a,b[,c…])."),
    level: str = typer.Option("nominal", "--level", help="nominal, ordinal, interval or ratio."),
    codebook: Path | None = typer.Option(
        None, "--codebook", help="Check codes against this code book."
    ),
    boot: int = typer.Option(
        1000, "--boot", help="Bootstrap resamples for the interval (0: none)."
    ),
    seed: int = typer.Option(20240601, "--seed"),
    text_column: str | None = typer.Option(
        None, "--text-column", help="Show this column in the disagreement table."
    ),
    final: str | None = typer.Option(
        None, "--final", help="Column with the reconciliation meeting's decisions."
    ),
    disagreements_out: Path | None = typer.Option(
        None, "--disagreements", help="Write the disagreement table here."
    ),
    final_out: Path | None = typer.Option(
        None, "--final-table", help="Write the reconciled code table here."
    ),
    json: bool = typer.Option(False, "--json"),
) -> None:
    """Agreement between coders: percent, Cohen's and Fleiss' kappa, Krippendorff's alpha."""
    from serviq.errors import InvalidInput
    from serviq.text.agreement import LEVELS
    from serviq.text.codebook import load_codebook
    from serviq.text.coding import agreement_report, disagreements, read_codings, reconcile

    if level not in LEVELS:
        raise InvalidInput(f"unknown level {level!r}; allowed: {', '.join(LEVELS)}")
    names = _split(coders)
    frame = _read(data, [*names, text_column or "", final or ""])
    book = load_codebook(codebook) if codebook else None
    codings = read_codings(frame, names, codebook=book, file=str(data))
    report = agreement_report(codings, level=level, n_boot=boot, seed=seed)  # type: ignore[arg-type]
    texts = frame[text_column].tolist() if text_column else None
    dis = disagreements(codings, texts=texts)
    if disagreements_out is not None:
        _write(dis, disagreements_out)
    if final_out is not None:
        _write(reconcile(codings, final=frame[final].tolist() if final else None), final_out)
    result = report.as_dict() | {"disagreements": len(dis)}

    def render(r: dict[str, Any]) -> None:
        ci = r["ci"]
        rows = [
            ["percent agreement", fmt(r["percent_agreement"])],
            ["Cohen's kappa", fmt(r["cohen_kappa"])],
            ["Fleiss' kappa", fmt(r["fleiss_kappa"])],
            [f"Krippendorff's alpha ({r['level']})", fmt(r["krippendorff_alpha"])],
            ["95% CI (bootstrap)", f"{fmt(ci['lower'])} – {fmt(ci['upper'])}" if ci else "—"],
            ["units in disagreement", str(r["disagreements"])],
        ]
        table(
            f"Agreement of {', '.join(r['coders'])} on {r['n_units']} units",
            ["statistic", "value"],
            rows,
        )
        if r["per_code"]:
            table(
                "Per code",
                ["code", "units", "% agree", "alpha"],
                [
                    [
                        p["code"],
                        p["units_coded"],
                        fmt(p["percent_agreement"]),
                        fmt(p["krippendorff_alpha"]),
                    ]
                    for p in r["per_code"]
                ],
            )

    emit(result, as_json=json, render=render)


@app.command()
def themes(
    data: Path = typer.Argument(..., help="CSV, XLSX or Parquet file."),
    column: str = typer.Option(..., "--column", "-c", help="Text column."),
    codebook: Path | None = typer.Option(
        None, "--codebook", help="Code book YAML (default: bundled)."
    ),
    codes_column: str | None = typer.Option(
        None, "--codes", help="Use these (reconciled) codes, a;b per row, instead of the rules."
    ),
    satisfaction: str | None = typer.Option(
        None, "--satisfaction", help="Satisfaction column (e.g. CSAT) for the association."
    ),
    respondent: str | None = typer.Option(
        None, "--respondent", help="Respondent id column (share of respondents)."
    ),
    lang: str = typer.Option(
        "zh-Hans", "--lang", help="Labels and placeholders: zh-Hans, zh-Hant, en."
    ),
    examples: int = typer.Option(3, "--examples"),
    min_share: float = typer.Option(
        0.0, "--min-share", help="Keep themes mentioned by at least this share of respondents."
    ),
    indicators_out: Path | None = typer.Option(
        None, "--indicators", help="Write the preliminary indicators (.yaml or .csv)."
    ),
    json: bool = typer.Option(False, "--json"),
) -> None:
    """Ranked themes with examples and satisfaction, and preliminary indicators."""
    from serviq.text.codebook import autocode, load_codebook
    from serviq.text.coding import _cell
    from serviq.text.themes import preliminary_indicators, theme_table

    book = load_codebook(codebook)
    frame = _read(data, [column, codes_column or "", satisfaction or "", respondent or ""])
    texts = frame[column].tolist()
    if codes_column:
        codes = [sorted(_cell(v, ";") or []) for v in frame[codes_column].tolist()]
    else:
        with _progress(len(texts), "coding") as advance:
            codes = autocode(texts, book)
            if advance:
                advance(len(texts))
    tab = theme_table(
        texts,
        codes,
        book,
        satisfaction=frame[satisfaction].tolist() if satisfaction else None,
        respondents=frame[respondent].tolist() if respondent else None,
        examples=examples,
        lang=lang,
    )
    indicators = preliminary_indicators(tab, book, min_share=min_share)
    if indicators_out is not None:
        _write_indicators(indicators, indicators_out)
    result = {
        "codebook": book.codebook,
        "comments": len(texts),
        "themes": tab.to_dict(orient="records"),
        "preliminary_indicators": indicators,
        "out": str(indicators_out) if indicators_out else None,
    }

    def render(r: dict[str, Any]) -> None:
        table(
            f"Themes in {r['comments']} comments",
            ["code", "label", "mentions", "share", "Δ satisfaction", "example"],
            [
                [
                    t["code"],
                    t["label"],
                    t["mentions"],
                    fmt(t["share_respondents"]),
                    fmt(t["sat_difference"], 2),
                    (t["examples"] or [""])[0][:40],
                ]
                for t in r["themes"]
            ],
        )

    emit(result, as_json=json, render=render)


def _write_indicators(indicators: list[dict[str, Any]], out: Path) -> None:
    from serviq.errors import InvalidInput

    suffix = out.suffix.lower()
    if suffix in (".yaml", ".yml"):
        import yaml

        out.write_text(
            yaml.safe_dump(
                {"preliminary_indicators": indicators}, allow_unicode=True, sort_keys=False
            ),
            encoding="utf-8",
        )
    elif suffix == ".csv":
        import pandas as pd

        flat = [
            {
                "code": i["code"],
                "name_zh_hans": i["name"]["zh-Hans"],
                "name_zh_hant": i["name"]["zh-Hant"],
                "name_en": i["name"]["en"],
                "definition": i["definition"],
                "binding": i["binding"]["type"],
                "theme": i["binding"]["theme"],
                "mentions": i["evidence"]["mentions"],
                "share_respondents": i["evidence"]["share_respondents"],
                "sat_difference": i["evidence"]["sat_difference"],
                "example": (i["evidence"]["examples"] or [""])[0],
            }
            for i in indicators
        ]
        from serviq.formulas import write_frame

        write_frame(pd.DataFrame(flat), out)
    else:
        raise InvalidInput(
            f"cannot write indicators to {suffix or 'a file without extension'}; allowed: .yaml, .csv"
        )
