"""Segment and count a comment corpus: serviq (rjieba + user dictionary + Simplified
conversion) against plain jieba, start-up included, on Traditional and Simplified text.

The corpus is generated from the hand-segmented gold comments (tests/text/gold/) by
random recombination of their clauses, ``--mb`` megabytes (UTF-8) per script (default
50). Both sides do the same work: segment every comment and count term and document
frequencies (stop words, punctuation and numbers dropped). jieba is slow (≈ 0.3 MB/s on
Traditional text), so it runs on the first ``--jieba-mb`` megabytes of the same corpus
(default 5; ``--jieba-mb 0`` for all of it) and its time for the whole corpus is
extrapolated from that run (its dictionary load counted once). Wall-clock and CPU
(process) times are both printed: on a shared machine the CPU time is the steadier one.

    PYTHONPATH=$PWD/src:$PWD python -m benchmarks segmentation --mb=50 --jieba-mb=5
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import time
from collections import Counter
from itertools import chain
from pathlib import Path

GOAL = 10.0
GOLD = Path(__file__).resolve().parent.parent / "tests" / "text" / "gold"
_CLAUSE = re.compile(r"[^，。！？,.!?]+[，。！？,.!?]?")


def corpus(script: str, mb: float, seed: int = 20240601) -> list[str]:
    """Comments of 1–4 random clauses of the gold comments of one script, ``mb`` MB."""
    lines = (GOLD / f"{script}.txt").read_text(encoding="utf-8").splitlines()
    clauses = [
        c
        for line in lines
        if line and not line.startswith("#")
        for c in _CLAUSE.findall(line.replace(" ", ""))
    ]
    rng = random.Random(seed)
    target = int(mb * 1_000_000)
    out: list[str] = []
    size = 0
    while size < target:
        text = "".join(rng.choice(clauses) for _ in range(rng.randint(1, 4)))
        out.append(text)
        size += len(text.encode("utf-8"))
    return out


def _count(docs: list[list[str]]) -> tuple[Counter[str], Counter[str]]:
    """Term and document frequencies; the same code for both sides."""
    tf: Counter[str] = Counter(chain.from_iterable(docs))
    df: Counter[str] = Counter(chain.from_iterable(map(set, docs)))
    return tf, df


def run_serviq(texts: list[str]) -> tuple[float, float, float, Counter[str]]:
    t0 = time.perf_counter()
    c0 = time.process_time()
    from serviq.text.segmentation import Segmenter, stopwords

    seg = Segmenter()
    stop = stopwords("zh") | stopwords("en")
    startup = time.perf_counter() - t0
    docs: list[list[str]] = []
    step = 5000
    for i in range(0, len(texts), step):
        docs.extend(seg.words_many(texts[i : i + step], stop=stop))
    tf, _ = _count(docs)
    return time.perf_counter() - t0, time.process_time() - c0, startup, tf


def run_jieba(texts: list[str]) -> tuple[float, float, float, Counter[str]]:
    t0 = time.perf_counter()
    c0 = time.process_time()
    import jieba

    from serviq.text.segmentation import _content, stopwords

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    stop = stopwords("zh") | stopwords("en")
    startup = time.perf_counter() - t0
    docs = [_content(tok.lcut(t), stop) for t in texts]
    tf, _ = _count(docs)
    return time.perf_counter() - t0, time.process_time() - c0, startup, tf


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench segmentation")
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size per script (MB)")
    parser.add_argument("--jieba-mb", type=float, default=5.0, help="jieba's sample (MB, 0 = all)")
    args = parser.parse_args(argv)
    import rjieba  # noqa: F401  (the benchmark is about the Rust port; fail loudly without it)

    for script, name in (("zh_hant", "Traditional"), ("zh_hans", "Simplified")):
        texts = corpus(script, args.mb)
        mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        total, cpu, startup, tf = run_serviq(texts)
        sample = corpus(script, args.jieba_mb) if args.jieba_mb and args.jieba_mb < mb else texts
        smb = sum(len(t.encode("utf-8")) for t in sample) / 1e6
        jtotal, jcpu, jstart, jtf = run_jieba(sample)
        scale = mb / smb
        jfull = jstart + (jtotal - jstart) * scale
        jcpu_full = jstart + (jcpu - jstart) * scale  # start-up counted once (≈ CPU-bound)
        print(f"{name}: {len(texts):,} comments, {mb:.1f} MB")
        print(
            f"  serviq  wall {total:7.2f} s  cpu {cpu:7.2f} s  ({startup:.2f} s start-up)  {mb / total:6.2f} MB/s wall  {mb / cpu:6.2f} MB/s cpu"
        )
        measured = (
            "measured"
            if sample is texts
            else f"extrapolated from {smb:.1f} MB: wall {jtotal:.1f} s, cpu {jcpu:.1f} s"
        )
        print(
            f"  jieba   wall {jfull:7.2f} s  cpu {jcpu_full:7.2f} s  ({jstart:.2f} s start-up)  {mb / jfull:6.2f} MB/s wall  {mb / jcpu_full:6.2f} MB/s cpu  ({measured})"
        )
        ratio, cratio = jfull / total, jcpu_full / cpu
        if script == "zh_hant":
            verdict = f"{'PASS' if ratio >= GOAL else 'MISS'} (goal on Traditional text: ≥ {GOAL:.0f}x, wall clock)"
        else:
            verdict = "(no goal set for Simplified text)"
        print(f"  ratio   wall {ratio:.1f}x  cpu {cratio:.1f}x   {verdict}")
        top = ", ".join(f"{w} {c}" for w, c in tf.most_common(8))
        jtop = ", ".join(f"{w} {c}" for w, c in jtf.most_common(8))
        print(f"  top terms serviq: {top}")
        print(f"  top terms jieba (sample, unconverted): {jtop}")
