"""One pass over the responses: the pairwise covariance matrix and what it is built from.

Everything in :mod:`serviq.survey.reliability` and :mod:`serviq.survey.items` follows from
the matrices returned here, so a scale of *k* items — and every scale of a questionnaire —
needs one pass over the data, not one pass per statistic or per dropped item.

Pairwise covariance (R's ``cov(x, use = "pairwise")``): for items *i*, *j* and the rows
where both are present, ``n_ij``, the sums ``Σx_i``, ``Σx_j`` restricted to those rows,
and ``Σx_i x_j``::

    cov_ij = (Σx_i x_j − Σx_i Σx_j / n_ij) / (n_ij − 1)

With no missing values this is the ordinary sample covariance. Listwise deletion drops every
row with a missing item first. Files larger than memory are summed in DuckDB
(:func:`moments_duckdb`) with the same formula, so the results agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from serviq.errors import InvalidInput, Where

Missing = Literal["pairwise", "listwise"]


@dataclass(frozen=True)
class Moments:
    """Pairwise moments of ``items``: means, covariance, pair counts, and rows used."""

    items: tuple[str, ...]
    cov: np.ndarray  # k × k pairwise covariance
    n_pair: np.ndarray  # k × k number of rows where both items are present
    mean: np.ndarray  # k item means over available values
    n_rows: int  # rows in the data (after listwise deletion, when chosen)
    total_mean: float  # mean over respondents of the mean of their answered items
    total_sd: float  # sd of the same

    @property
    def sd(self) -> np.ndarray:
        return np.sqrt(np.diag(self.cov))

    def corr(self) -> np.ndarray:
        """``cov2cor`` of the pairwise covariance (psych's standardised statistics)."""
        d = 1.0 / self.sd
        return self.cov * d[:, None] * d[None, :]

    def subset(self, items: list[str] | tuple[str, ...]) -> Moments:
        """The moments of some of the items (same rows); totals are not recomputed."""
        idx = [self.items.index(i) for i in items]
        return Moments(
            items=tuple(items),
            cov=self.cov[np.ix_(idx, idx)],
            n_pair=self.n_pair[np.ix_(idx, idx)],
            mean=self.mean[idx],
            n_rows=self.n_rows,
            total_mean=float("nan"),
            total_sd=float("nan"),
        )


def numeric_block(df: pd.DataFrame, items: list[str] | tuple[str, ...]) -> np.ndarray:
    """The item columns as a float matrix; a missing or non-numeric column is an error."""
    missing = [c for c in items if c not in df.columns]
    if missing:
        raise InvalidInput(
            f"no column {', '.join(missing)}; the data have: {', '.join(map(str, df.columns))}",
            where=Where(column=missing[0]),
        )
    if len(items) < 2:
        raise InvalidInput("a scale needs at least two items", where=Where(field="items"))
    block = df[list(items)]
    if all(pd.api.types.is_numeric_dtype(t) for t in block.dtypes):
        return block.to_numpy(dtype=np.float64, na_value=np.nan)
    out = np.empty((len(df), len(items)), dtype=np.float64)
    for j, c in enumerate(items):
        col = df[c]
        if not pd.api.types.is_numeric_dtype(col):
            conv = pd.to_numeric(col, errors="coerce")
            bad = conv.isna() & col.notna()
            if bad.any():
                i = int(np.flatnonzero(bad.to_numpy())[0])
                raise InvalidInput(
                    f"not a number: {col.iloc[i]!r}; import the responses first to map labels",
                    where=Where(row=i + 2, column=str(c)),
                )
            col = conv
        out[:, j] = col.to_numpy(dtype=np.float64, na_value=np.nan)
    return out


def reverse_key(X: np.ndarray, cols: list[int], lo: float, hi: float) -> np.ndarray:
    """Reverse-key columns: ``x' = lo + hi − x`` (psych's ``reverse.code`` with mini/maxi)."""
    if not cols:
        return X
    X = X.copy()
    X[:, cols] = lo + hi - X[:, cols]
    return X


def moments(
    X: np.ndarray, items: list[str] | tuple[str, ...], missing: Missing = "pairwise"
) -> Moments:
    """Pairwise (or listwise) moments of the columns of ``X`` in one pass of matrix products.

    >>> import numpy as np
    >>> m = moments(np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 7.0]]), ["a", "b"])
    >>> [round(float(v), 4) for v in m.cov.ravel()]
    [1.0, 2.5, 2.5, 6.3333]
    """
    col_sum = X.sum(axis=0)  # one cheap pass; NaN here means some answer is missing
    has_missing = not np.isfinite(col_sum).all()
    if missing == "listwise" and has_missing:
        X = X[~np.isnan(X).any(axis=1)]
        col_sum = X.sum(axis=0)
        has_missing = False
    n_rows, k = X.shape
    if n_rows < 2:
        raise InvalidInput("fewer than two complete respondents", where=Where(field="items"))
    if not has_missing:
        mean = col_sum / n_rows
        if float(np.max(np.abs(mean))) <= 100.0:
            # raw cross-products corrected by the means: no centred copy of the data; for
            # answers on rating scales (|mean| ≤ 100) the rounding error stays below 1e-11
            G = X.T @ X
            cov = (G - np.outer(col_sum, col_sum) / n_rows) / (n_rows - 1)
        else:  # large offsets: centre first to keep precision
            Xc = X - mean
            cov = (Xc.T @ Xc) / (n_rows - 1)
        n_pair = np.full((k, k), float(n_rows))
        row_mean = None
    else:
        present = ~np.isnan(X)
        M = present.astype(np.float64)
        n_pair = M.T @ M
        # centre first (numerically safer), then correct for the pair-specific means
        mean = np.nanmean(X, axis=0)
        Zc = np.where(present, X - mean, 0.0)
        s_ij = Zc.T @ Zc
        s_i = Zc.T @ M  # Σ over rows where j is present of (x_i − m_i)
        with np.errstate(invalid="ignore", divide="ignore"):
            cov = (s_ij - s_i * s_i.T / n_pair) / (n_pair - 1)
        row_mean = np.nanmean(X[present.any(axis=1)], axis=1)
    bad = np.flatnonzero(~(np.diag(cov) > 0))
    if bad.size:
        raise InvalidInput(
            f"item {items[int(bad[0])]} has no variance (every answer is the same or missing)",
            where=Where(column=str(items[int(bad[0])])),
        )
    if np.isnan(cov).any():
        i, j = np.argwhere(np.isnan(cov))[0]
        raise InvalidInput(
            f"items {items[i]} and {items[j]} are never answered together",
            where=Where(column=str(items[i])),
        )
    return Moments(
        items=tuple(items),
        cov=cov,
        n_pair=n_pair,
        mean=np.asarray(mean, dtype=np.float64),
        n_rows=int(n_rows),
        # without missing answers the respondents' mean score has mean Σm/k and sd √ΣC/k
        total_mean=float(np.mean(mean)) if row_mean is None else float(np.mean(row_mean)),
        total_sd=float(np.sqrt(cov.sum()) / k)
        if row_mean is None
        else float(np.std(row_mean, ddof=1)),
    )


def moments_of(
    df: pd.DataFrame,
    items: list[str] | tuple[str, ...],
    *,
    reverse: list[str] | tuple[str, ...] = (),
    lo: float | None = None,
    hi: float | None = None,
    missing: Missing = "pairwise",
) -> Moments:
    """:func:`moments` of the item columns of ``df``, reverse-keying ``reverse`` first."""
    X = numeric_block(df, items)
    unknown = [r for r in reverse if r not in items]
    if unknown:
        raise InvalidInput(
            f"reverse-keyed item {unknown[0]} is not among the items", where=Where(field="reverse")
        )
    if reverse:
        lo_ = float(np.nanmin(X)) if lo is None else float(lo)
        hi_ = float(np.nanmax(X)) if hi is None else float(hi)
        X = reverse_key(X, [list(items).index(r) for r in reverse], lo_, hi_)
    return moments(X, items, missing)


def _sql_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def moments_duckdb(
    path: str | Path,
    items: list[str] | tuple[str, ...],
    *,
    missing: Missing = "pairwise",
) -> Moments:
    """:func:`moments` of a Parquet or CSV file too large for memory, summed in DuckDB.

    One SQL aggregate computes, for every pair of items, ``n_ij``, ``Σx_i``, ``Σx_j``,
    ``Σx_i²``… over the rows where both are present, so the file is scanned once and never
    loaded whole. Sums are taken around a shift (the first row's values) to keep precision.
    """
    import duckdb

    path = Path(path)
    if not path.exists():
        raise InvalidInput("file not found", where=Where(file=str(path)))
    src = (
        f"read_parquet('{path.as_posix()}')"
        if path.suffix.lower() in (".parquet", ".pq")
        else f"read_csv_auto('{path.as_posix()}')"
    )
    k = len(items)
    q = [_sql_ident(c) for c in items]
    con = duckdb.connect()
    try:
        where = (
            " WHERE " + " AND ".join(f"{c} IS NOT NULL" for c in q) if missing == "listwise" else ""
        )
        base = f"(SELECT {', '.join(f'CAST({c} AS DOUBLE) AS {c}' for c in q)} FROM {src}{where})"
        shift = con.execute(
            f"SELECT {', '.join(f'avg({c})' for c in q)} FROM (SELECT * FROM {base} LIMIT 1000)"
        ).fetchone()
        assert shift is not None
        sh = [0.0 if v is None else float(v) for v in shift]
        d = [f"({c} - {sh[i]!r})" for i, c in enumerate(q)]
        exprs = ["count(*)"]
        for i in range(k):
            exprs.append(f"count({q[i]})")
            exprs.append(f"sum({d[i]})")
        for i in range(k):
            for j in range(i, k):
                both = f"{q[i]} IS NOT NULL AND {q[j]} IS NOT NULL"
                exprs.append(f"count(*) FILTER (WHERE {both})")
                exprs.append(f"sum({d[i]}) FILTER (WHERE {q[j]} IS NOT NULL)")
                exprs.append(f"sum({d[j]}) FILTER (WHERE {q[i]} IS NOT NULL)")
                exprs.append(f"sum({d[i]} * {d[j]})")
        row_mean = (
            "("
            + " + ".join(f"coalesce({c}, 0)" for c in q)
            + ") / nullif("
            + " + ".join(f"CAST({c} IS NOT NULL AS INTEGER)" for c in q)
            + ", 0)"
        )
        exprs.append(f"avg({row_mean})")
        exprs.append(f"stddev_samp({row_mean})")
        res = con.execute(f"SELECT {', '.join(exprs)} FROM {base}").fetchone()
    except duckdb.Error as exc:
        raise InvalidInput(f"cannot read the file: {exc}", where=Where(file=str(path))) from None
    finally:
        con.close()
    assert res is not None
    vals = [0.0 if v is None else float(v) for v in res]
    n_rows = int(vals[0])
    pos = 1
    mean = np.empty(k)
    for i in range(k):
        cnt, s = vals[pos], vals[pos + 1]
        mean[i] = sh[i] + (s / cnt if cnt else float("nan"))
        pos += 2
    cov = np.empty((k, k))
    n_pair = np.empty((k, k))
    for i in range(k):
        for j in range(i, k):
            n, si, sj, sij = vals[pos : pos + 4]
            pos += 4
            c = (sij - si * sj / n) / (n - 1) if n > 1 else float("nan")
            cov[i, j] = cov[j, i] = c
            n_pair[i, j] = n_pair[j, i] = n
    total_mean, total_sd = vals[pos], vals[pos + 1]
    if not (np.diag(cov) > 0).all():
        bad = int(np.flatnonzero(~(np.diag(cov) > 0))[0])
        raise InvalidInput(
            f"item {items[bad]} has no variance", where=Where(file=str(path), column=items[bad])
        )
    return Moments(
        items=tuple(items),
        cov=cov,
        n_pair=n_pair,
        mean=mean,
        n_rows=n_rows,
        total_mean=total_mean,
        total_sd=total_sd,
    )


def pairwise_corr(X: np.ndarray, missing: Missing = "pairwise") -> tuple[np.ndarray, int]:
    """R's ``cor(x, use = "pairwise")``: each r_ij from the rows where both are present,
    with that pair's own means and spreads (unlike ``cov2cor`` of a pairwise covariance,
    which psych's ``alpha`` uses). Returns the matrix and the number of rows."""
    if missing == "listwise":
        X = X[~np.isnan(X).any(axis=1)]
    n = X.shape[0]
    present = ~np.isnan(X)
    if present.all():
        Xc = X - X.mean(axis=0)
        C = Xc.T @ Xc
        d = 1.0 / np.sqrt(np.diag(C))
        return C * d[:, None] * d[None, :], n
    M = present.astype(np.float64)
    mean = np.nanmean(X, axis=0)
    Zc = np.where(present, X - mean, 0.0)
    n_pair = M.T @ M
    s_ij = Zc.T @ Zc
    s_i = Zc.T @ M  # [i, j]: Σ over rows with both present of (x_i − m_i)
    q_i = (Zc**2).T @ M  # [i, j]: Σ over those rows of (x_i − m_i)²
    with np.errstate(invalid="ignore", divide="ignore"):
        c = s_ij - s_i * s_i.T / n_pair
        vi = q_i - s_i**2 / n_pair
        R = c / np.sqrt(vi * vi.T)
    np.fill_diagonal(R, 1.0)
    return R, n
