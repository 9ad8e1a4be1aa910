"""Control charts, signal rules and Wilson intervals against printed examples.

Sources (each test names the one it reproduces):

1. p chart — "An Introduction to Business Statistics", Example 16.6 (p. 489): ten samples
   of 200 items with 40, 44, 22, 34, 24, 32, 28, 32, 34 and 30 defectives; p̄ = 0.16,
   UCL = 0.16 + 0.07776 = 0.2378, LCL = 0.0822, every sample within the limits.
2. XmR — Donald J. Wheeler, *Making Sense of Data* (SPC Press, 2003), p. 382, "Data Set
   to Use When Verifying Software": sixteen values, average 4135.50, average moving range
   355.93, LNPL 3188.72, UNPL 5082.28, URL 1163.19 (constants 2.660 and 3.268).
3. EWMA — NIST/SEMATECH e-Handbook of Statistical Methods, §6.3.2.4 "EWMA Control
   Charts": twenty observations, λ = 0.3, EWMA₀ = 50, s = 2.0539, k = 3; the printed EWMA
   statistics (two decimals), UCL = 52.5884, LCL = 47.4115 (the page rounds the factor
   sqrt(λ/(2 − λ)) to 0.4201), and no point outside the limits.
4. Wilson interval — R. G. Newcombe, "Two-sided confidence intervals for the single
   proportion: comparison of seven methods", *Statistics in Medicine* 17:857–872 (1998),
   Table I, method 3 (score): 81/263 → 0.2553 to 0.3662.
5. Anhøj's runs rules — Anhøj & Olesen, "Run charts revisited", *PLoS ONE* 9(11):
   e113825 (2014), as tabulated in the qicharts2 vignette, Appendix 2 "Critical values for
   longest run and number of crossings" (upper limit for the longest run, lower limit for
   the number of crossings, by number of useful observations).
6. Laney p′ — the definition printed in the qicharts2 vignette, Appendix 1 note 4 ("the
   calculated standard deviation is multiplied by Laney's correction factor, which is the
   average moving range of standardised y values divided by the constant 1.128", Laney,
   *Quality Engineering* 14(4), 2002). No numeric worked example of Laney's was found in
   the reference search, so the p′ test checks the printed definition on the p-chart data
   of source 1 and the property Laney states: σ_z = 1 gives the p chart.
7. Laney p′, numbers — no printed worked example with data and limits was found (Laney's
   paper, Minitab's P′ example "DefectiveRecords.MTW" and the vendors' pages print the
   formula and a chart, not the numbers). The chart is therefore cross-checked against an
   independent implementation: the R reference file ``test/fixtures/golden/pp/
   basic.qicharts2.json`` of the PowerBI-SPC visual (AUS-DOH-Safety-and-Quality/PowerBI-SPC,
   "Custom R calculation (Laney method), R 4.5.1", generated 2026-03-12): twenty subgroups
   of some 280,000 with their 68 %, 95 % and 99 % limits (1, 2 and 3 σ) printed to six
   decimals, centre 0.9529.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from serviq.errors import InvalidInput
from serviq.reports.signals import crossings_limit, longest_run_limit, runs_analysis
from serviq.reports.spc import control_chart, signal_rules, wilson_interval

DEFECTIVES = [40, 44, 22, 34, 24, 32, 28, 32, 34, 30]


def test_textbook_p_chart_example_16_6():
    chart = control_chart(DEFECTIVES, [200] * 10, kind="p")
    assert chart.center == pytest.approx(0.16, abs=1e-12)
    assert chart.ucl == pytest.approx(0.2378, abs=5e-5)
    assert chart.lcl == pytest.approx(0.0822, abs=5e-5)
    # the book: "all the units fall within the upper and lower control limits"
    assert not any("we1" in p.signals for p in chart.points)
    assert [round(p.value, 2) for p in chart.points] == [
        0.20, 0.22, 0.11, 0.17, 0.12, 0.16, 0.14, 0.16, 0.17, 0.15,
    ]  # fmt: skip


WHEELER = [5045, 4350, 4350, 3975, 4290, 4430, 4485, 4285, 3980, 3925, 3645, 3760, 3300,
           3685, 3463, 5200]  # fmt: skip


def test_wheeler_xmr_verification_data_set():
    chart = control_chart(WHEELER, kind="xmr")
    assert round(chart.center, 2) == 4135.50
    assert chart.mr_center is not None
    assert round(chart.mr_center, 2) == 355.93
    assert chart.lcl is not None
    assert round(chart.lcl, 2) == 3188.72
    assert chart.ucl is not None
    assert round(chart.ucl, 2) == 5082.28
    assert chart.mr_ucl is not None
    assert round(chart.mr_ucl, 2) == 1163.19
    # the constants: limits at 2.66 mR̄ and the range limit at 3.27 (3.268) mR̄
    assert (chart.ucl - chart.center) / chart.mr_center == pytest.approx(2.66)
    assert round(chart.mr_ucl / chart.mr_center, 2) == 3.27


NIST_DATA = [52.0, 47.0, 53.0, 49.3, 50.1, 47.0, 51.0, 50.1, 51.2, 50.5, 49.6, 47.6, 49.9,
             51.3, 47.8, 51.2, 52.6, 52.4, 53.6, 52.1]  # fmt: skip
NIST_EWMA = [50.60, 49.52, 50.56, 50.18, 50.16, 49.21, 49.75, 49.85, 50.26, 50.33, 50.11,
             49.36, 49.52, 50.05, 49.38, 49.92, 50.73, 51.23, 51.94, 51.99]  # fmt: skip


def test_nist_ewma_example_6_3_2_4():
    chart = control_chart(NIST_DATA, kind="ewma", center=50, sigma=2.0539, lam=0.3, L=3)
    assert [round(p.value, 2) for p in chart.points] == NIST_EWMA
    # the page multiplies by a factor rounded to 0.4201, hence the 1e-3 tolerance
    assert chart.ucl == pytest.approx(52.5884, abs=1e-3)
    assert chart.lcl == pytest.approx(47.4115, abs=1e-3)
    assert not chart.signal  # "all EWMA_t lie between the control limits"
    # the exact limits widen towards the asymptotic ones
    widths = [p.ucl - p.center for p in chart.points if p.ucl is not None]
    assert widths == sorted(widths)
    assert widths[-1] < chart.ucl - chart.center


def test_newcombe_1998_table_i_wilson_score():
    lo, hi = wilson_interval(81, 263)
    assert round(lo, 4) == 0.2553
    assert round(hi, 4) == 0.3662


@pytest.mark.parametrize(
    ("n", "longest", "crossings"),
    [(10, 6, 2), (11, 6, 2), (12, 7, 3), (14, 7, 4), (20, 7, 6), (22, 7, 7), (23, 8, 7),
     (24, 8, 8), (30, 8, 10), (40, 8, 14), (46, 9, 17), (50, 9, 19), (60, 9, 23)],
)  # fmt: skip
def test_anhoej_critical_values_from_qicharts2_appendix_2(n, longest, crossings):
    assert longest_run_limit(n) == longest
    assert crossings_limit(n) == crossings


def test_anhoej_rules_flag_a_long_run_and_few_crossings():
    # 12 useful points: a run of 8 (> 7) and 1 crossing (< 3)
    values = [1, 2, 1, 2, 1, 2, 1, 2, 10, 11, 12, 10]
    ra = runs_analysis(values, 5)
    assert (ra.n_useful, ra.longest_run, ra.crossings) == (12, 8, 1)
    assert ra.runs_signal
    assert ra.crossings_signal
    codes = signal_rules(values, 5, 10, rules="anhoej")
    assert all("anhoej-run" in codes[i] for i in range(8))
    assert all("anhoej-crossings" in c for c in codes)


def test_laney_p_prime_follows_the_printed_definition():
    n = [200] * 10
    p = control_chart(DEFECTIVES, n, kind="p")
    pp = control_chart(DEFECTIVES, n, kind="laney-p")
    y = np.array(DEFECTIVES) / 200
    sd = math.sqrt(0.16 * 0.84 / 200)
    z = (y - 0.16) / sd
    sigma_z = np.mean(np.abs(np.diff(z))) / 1.128
    assert pp.sigma_z == pytest.approx(sigma_z, rel=1e-12)
    assert pp.ucl == pytest.approx(0.16 + 3 * sd * sigma_z, rel=1e-12)
    assert pp.center == p.center
    # σ_z = 1 gives the p chart: scale the z-scores so that their moving range is 1.128
    base = 0.3
    nn = np.full(13, 10_000.0)
    sdv = math.sqrt(base * (1 - base) / 10_000)
    zs = np.array([0, 1.128] * 6 + [0])
    zs = zs - zs.mean()
    counts = (base + zs * sdv) * nn
    chart = control_chart(counts, nn, kind="laney-p")
    assert chart.sigma_z == pytest.approx(1.0, rel=1e-9)
    plain = control_chart(counts, nn, kind="p")
    assert chart.ucl == pytest.approx(plain.ucl, rel=1e-9)


def test_laney_u_prime_widens_over_dispersed_limits():
    rng = np.random.default_rng(11)
    exposure = rng.integers(80_000, 120_000, size=24).astype(float)
    rate = 0.05 * np.exp(rng.normal(0, 0.08, size=24))
    counts = np.round(rate * exposure)
    u = control_chart(counts, exposure, kind="u")
    up = control_chart(counts, exposure, kind="laney-u")
    assert up.sigma_z is not None
    assert up.sigma_z > 3
    assert sum(bool(p.signals) for p in up.points) < sum(bool(p.signals) for p in u.points)


def test_western_electric_and_nelson_rules():
    codes = signal_rules([0, 0, 2.5, 2.5, 0], 0, 1)
    assert codes[3] == ("we2",)
    codes = signal_rules([0.1 * i for i in range(1, 10)], 0, 10, rules="nelson")
    assert "nelson2" in codes[8]
    assert "nelson3" in codes[5]
    assert codes[4] == ("nelson2",)  # every point of the run of nine


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"values": [1, 2], "n": [10, 0], "kind": "p"}, "subgroup size must be positive"),
        ({"values": [11, 2], "n": [10, 10], "kind": "p"}, "exceeds its subgroup size"),
        ({"values": [1, 2], "kind": "p"}, "needs the subgroup sizes"),
        ({"values": [1, 2], "kind": "bar"}, "unknown chart"),
        ({"values": [1], "kind": "xmr"}, "at least two periods"),
        ({"values": [1, float("nan")], "kind": "xmr"}, "period 2"),
        ({"values": [1, 2], "kind": "xmr", "rules": "x"}, "unknown rule set"),
    ],
)
def test_bad_input_says_what_and_where(kwargs, message):
    with pytest.raises(InvalidInput, match=message):
        control_chart(**kwargs)


def test_wilson_rejects_impossible_counts():
    with pytest.raises(InvalidInput, match="successes"):
        wilson_interval(5, 4)
    with pytest.raises(InvalidInput, match="positive"):
        wilson_interval(0, 0)


# source 7: numerators and denominators of the PowerBI-SPC R reference file (pp/basic)
PP_X = [266501, 264225, 276532, 281461, 269071, 261215, 270409, 279778, 270483, 270320, 267923,
        271478, 255353, 256820, 261835, 259144, 255910, 260863, 264465, 260989]  # fmt: skip
PP_N = [280443, 276823, 291681, 296155, 282343, 275888, 283867, 295251, 284468, 282529, 279618,
        283932, 266629, 268091, 276803, 271578, 266005, 273520, 278574, 273772]  # fmt: skip
PP_VALUES = [0.950286, 0.954491, 0.948063, 0.950384, 0.952993, 0.946815, 0.95259, 0.947594,
             0.950838, 0.956787, 0.958175, 0.956137, 0.957709, 0.957958, 0.945925, 0.954216,
             0.96205, 0.953726, 0.949353, 0.953308]  # fmt: skip
PP_LIMITS = {  # L → (upper limits, lower limits) as printed (ul99/ll99, ul95/ll95, ul68/ll68)
    3.0: (
        [0.96567, 0.965753, 0.965421, 0.965326, 0.965627, 0.965775, 0.965593, 0.965345,
         0.965579, 0.965623, 0.965689, 0.965591, 0.965996, 0.965961, 0.965753, 0.965877,
         0.966012, 0.96583, 0.965713, 0.965824],
        [0.94013, 0.940046, 0.940378, 0.940473, 0.940173, 0.940025, 0.940207, 0.940454,
         0.94022, 0.940177, 0.940111, 0.940208, 0.939803, 0.939839, 0.940046, 0.939923,
         0.939788, 0.939969, 0.940087, 0.939975],
    ),
    2.0: (
        [0.961413, 0.961469, 0.961247, 0.961184, 0.961384, 0.961483, 0.961362, 0.961197,
         0.961353, 0.961382, 0.961426, 0.961361, 0.961631, 0.961607, 0.961469, 0.961551,
         0.961641, 0.96152, 0.961442, 0.961516],
        [0.944386, 0.944331, 0.944552, 0.944615, 0.944415, 0.944316, 0.944438, 0.944603,
         0.944447, 0.944418, 0.944374, 0.944439, 0.944169, 0.944192, 0.944331, 0.944248,
         0.944158, 0.944279, 0.944358, 0.944283],
    ),
    1.0: (
        [0.957156, 0.957184, 0.957074, 0.957042, 0.957142, 0.957191, 0.957131, 0.957048,
         0.957126, 0.957141, 0.957163, 0.95713, 0.957265, 0.957253, 0.957184, 0.957225,
         0.95727, 0.95721, 0.957171, 0.957208],
        [0.948643, 0.948615, 0.948726, 0.948757, 0.948657, 0.948608, 0.948669, 0.948751,
         0.948673, 0.948659, 0.948637, 0.948669, 0.948534, 0.948546, 0.948615, 0.948574,
         0.948529, 0.948589, 0.948629, 0.948591],
    ),
}  # fmt: skip


@pytest.mark.parametrize("L", [3.0, 2.0, 1.0])
def test_laney_p_prime_matches_the_independent_r_reference(L):
    chart = control_chart(PP_X, PP_N, kind="laney-p", L=L)
    assert round(chart.center, 4) == 0.9529
    assert [round(p.value, 6) for p in chart.points] == PP_VALUES
    upper, lower = PP_LIMITS[L]
    assert [round(p.ucl, 6) for p in chart.points] == upper
    assert [round(p.lcl, 6) for p in chart.points] == lower
    # heavy over-dispersion: the subgroups of ~280,000 vary ten times more than binomially
    assert chart.sigma_z is not None
    assert 10.6 < chart.sigma_z < 10.7
    plain = control_chart(PP_X, PP_N, kind="p", L=L)
    widths = [
        (a.ucl - a.center) / (b.ucl - b.center)
        for a, b in zip(chart.points, plain.points, strict=True)
    ]
    assert widths == pytest.approx([chart.sigma_z] * len(widths))
