"""How long customers wait: a staffing simulation per queue, 15 minutes at a time.

For each pool of agents (the phone agents, or the chat agents, all queues together as
skills-based routing shares them) and each 15-minute
interval ``k`` the offered load is ``A_k = W_k / 900`` Erlangs, where ``W_k`` is the work
(talk + hold + wrap-up, chats divided by the concurrency) that arrives, and the staffed
agents are ``N_k`` = rostered agents × (1 − shrinkage). Two parts make up a customer's wait:

* the **fluid backlog** ``B`` (seconds of work queued): it carries over from one interval to
  the next, ``B_{k+1} = max(0, B_k + W_k (1 − a_k) − N_k · 900)`` with ``a_k`` the expected
  abandon share; an arrival at fraction ``f`` of the interval waits ``D = B(f) / N_k``;
* the **random wait of a stable queue**, Erlang C: with probability ``P_w = C(N, A)`` the
  customer waits, for an exponential time of mean ``AHT / (N − A)`` (with ``A/N`` capped at
  0.85 so that an overloaded interval is carried by the backlog, not by an infinite mean).

Both parts use the *expected* offered work of each interval — the day's work spread by the
intraday shape — since the Erlang part already stands for the Poisson noise of one interval.

Patience is exponential (mean per channel) and a share of callers hang up within 5 s whatever
the wait (short abandons); a customer abandons when patience runs out before the answer, so
abandonment rises with the wait, as it does in real centres.

Erlang C: ``C(N, A) = N·B / (N − A(1 − B))`` with Erlang B
``B(N, A) = (A^N/N!) / Σ_{i≤N} A^i/i!`` computed as a Poisson pmf over a Poisson cdf
(``Q(N+1, A)`` the regularised upper incomplete gamma). Reference: Gans, Koole & Mandelbaum
(2003), *Telephone call centers: tutorial, review and research prospects*, MSOM 5(2).
"""

from __future__ import annotations

import numpy as np
from scipy.special import gammaincc, gammaln

from serviq.demo.seasonality import INTERVAL_SECONDS

MAX_RHO = 0.85


def erlang_c(agents: np.ndarray, traffic: np.ndarray) -> np.ndarray:
    """Probability of waiting, elementwise; 1 where ``traffic ≥ agents`` or no agents."""
    n = np.maximum(np.floor(np.asarray(agents, dtype=float)), 0.0)
    a = np.asarray(traffic, dtype=float)
    out = np.ones(np.broadcast(n, a).shape)
    ok = (n >= 1) & (a > 0) & (a < n)
    nn, aa = np.broadcast_to(n, out.shape)[ok], np.broadcast_to(a, out.shape)[ok]
    pmf = np.exp(nn * np.log(aa) - aa - gammaln(nn + 1))
    cdf = gammaincc(nn + 1, aa)
    b = pmf / cdf
    out[ok] = nn * b / (nn - aa * (1 - b))
    out[(a <= 0) & (n >= 1)] = 0.0
    return np.clip(out, 0.0, 1.0)


def simulate_pool(
    arrival: np.ndarray,
    work: np.ndarray,
    agents: np.ndarray,
    patience_mean: float,
    short_share: float,
    backlog: float,
    rng: np.random.Generator,
    stretch: np.ndarray | None = None,
    pool_factor: float = 1.0,
    shape: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, float]:
    """Waits and abandonment for one pool and one day.

    ``arrival``: seconds after local midnight (sorted or not); ``work``: each contact's work
    in seconds; ``agents``: effective agents per interval (96 values); ``backlog``: seconds of
    work queued at midnight; ``stretch``: each contact's priority factor on its wait (a
    high-priority queue waits less than the pool's average, a low one more);
    ``pool_factor``: the Erlang part is computed for a pool this many times larger at the
    same occupancy (a scaled-down centre then waits like the full-size one); ``shape``: the
    expected share of the day's arrivals in each interval. Returns ``(wait, abandoned, backlog at the next midnight)``;
    for an abandoned contact the wait is the time until it hung up.
    """
    n = len(arrival)
    k = np.clip((arrival // INTERVAL_SECONDS).astype(np.int64), 0, len(agents) - 1)
    count = np.bincount(k, minlength=len(agents)).astype(float)
    w = np.bincount(k, weights=work, minlength=len(agents))
    n_eff = np.maximum(agents, 0.5)
    # Waits answer to the expected load, not to one interval's Poisson noise (which the
    # Erlang part already stands for): the day's offered work spread by the intraday
    # ``shape`` when it is given, else smoothed over 75 minutes (five intervals, centred).
    if shape is not None:
        share = np.asarray(shape, dtype=float) / np.sum(shape)
        work_smooth = w.sum() * share
        count_smooth = count.sum() * share
    else:
        kernel = np.ones(5) / 5
        pad = np.r_[w[:2][::-1], w, w[-2:][::-1]]
        pad_n = np.r_[count[:2][::-1], count, count[-2:][::-1]]
        work_smooth = np.convolve(pad, kernel, mode="valid")
        count_smooth = np.convolve(pad_n, kernel, mode="valid")
    aht = np.where(count_smooth > 0, work_smooth / np.maximum(count_smooth, 1e-9), 0.0)
    traffic = work_smooth / INTERVAL_SECONDS
    rho = np.minimum(traffic / n_eff, MAX_RHO)
    big = np.maximum(np.round(n_eff * pool_factor), 1)
    p_wait = erlang_c(big, rho * big)
    extra_mean = np.where(count_smooth > 0, aht / np.maximum(big * (1 - rho), 1e-9), 0.0)
    # The backlog recursion: cheap scalar work, one step per interval.
    b_start = np.zeros(len(agents))
    b = backlog
    capacity = n_eff * INTERVAL_SECONDS
    for i in range(len(agents)):
        b_start[i] = b
        delay = b / n_eff[i]
        stay = np.exp(-delay / patience_mean) * (
            1 - p_wait[i] + p_wait[i] / (1 + extra_mean[i] / patience_mean)
        )
        abandon = 1 - (1 - short_share) * stay
        b = max(0.0, b + work_smooth[i] * (1 - abandon) - capacity[i])
    frac = (arrival - k * INTERVAL_SECONDS) / INTERVAL_SECONDS
    slope = (traffic - n_eff) * INTERVAL_SECONDS  # net growth of the backlog over the interval
    queued = np.maximum(0.0, b_start[k] + frac * slope[k])
    fluid = queued / n_eff[k]
    waits_at_all = rng.random(n) < p_wait[k]
    stochastic = np.where(waits_at_all, rng.exponential(1.0, n) * extra_mean[k], 0.0)
    alert = rng.uniform(2.0, 6.0, n)  # the agent's phone rings, the chat window opens
    wait = alert + (fluid + stochastic) * (1.0 if stretch is None else stretch)
    short = rng.random(n) < short_share
    patience = np.where(short, rng.uniform(0.0, 5.0, n), rng.exponential(patience_mean, n))
    abandoned = patience < wait
    wait = np.where(abandoned, patience, wait)
    return wait, abandoned, b
