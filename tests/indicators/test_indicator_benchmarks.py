"""The core of benchmarks: the file's checks and the gap and rank beside an indicator."""

from __future__ import annotations

import pytest

from serviq.errors import InvalidInput
from serviq.indicators.benchmarks import position, read_benchmarks

WAYS = {"SL": "higher", "AHT": "lower", "NOTE": None}


def test_gap_and_rank_follow_the_direction() -> None:
    # higher is better: 0.82 beaten by 0.85 only → rank 2 of 4; gaps v − r
    p = position(0.82, "higher", [0.80, 0.85, 0.78])
    assert p.gaps == pytest.approx((0.02, -0.03, 0.04), abs=1e-15)
    assert (p.rank, p.of) == (2, 4)
    # lower is better: 300 s beaten by 280 and 250 → rank 3 of 4; a tie is not better
    assert position(300.0, "lower", [280.0, 250.0, 300.0]).rank == 3
    assert position(1.0, None, [2.0]).rank is None
    assert position(None, "higher", [2.0]).gaps == ()


def test_a_file_is_read_and_checked(tmp_path) -> None:
    f = tmp_path / "b.csv"
    f.write_text(
        "indicator,reference,kind,value,source,date\nSL,Peer,peer,0.8,Report,2025-06-30\n",
        encoding="utf-8",
    )
    [b] = read_benchmarks(f, WAYS)
    assert (b.indicator, b.value, b.date, b.comparability) == ("SL", 0.8, "2025-06-30", "same")
    f.write_text(
        "indicator,reference,kind,value,source,date\nSL,Peer,peer,inf,Report,2025\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as e:
        read_benchmarks(f, WAYS)
    assert (e.value.where.row, e.value.where.column) == (2, "value")


def test_a_target_set_from_a_benchmark_cites_it_in_the_change_log() -> None:
    from serviq.indicators import bundled_system
    from serviq.indicators.benchmarks import Benchmark, benchmarked_target

    system = bundled_system("bank_contact_centre")
    peer = Benchmark("SL", "Peer bank A", "peer", 0.86, "Annual report", "2025", "", "close")
    new = benchmarked_target(system, peer, 0.86, date="2026-12-05")
    sl = next(p.node for p in new.walk() if p.node.code == "SL")
    assert sl.target == 0.86
    assert new.version != system.version
    assert new.changelog[-1].evidence == [
        "SL benchmark Peer bank A (peer): 0.86, Annual report, 2025; comparability close"
    ]
