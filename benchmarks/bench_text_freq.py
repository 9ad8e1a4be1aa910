"""``serviq text freq`` on short Traditional comments against a plain jieba script, both as
separate processes, start-up included, in the same run (finding 10 of issue 16: ≥ 10×).

The corpus: ``--mb`` megabytes (default 5) of short Traditional comments, one or two
clauses of the hand-segmented gold comments (tests/text/gold/zh_hant.txt, the development
set) recombined at random; about one comment in fifty carries a mobile number, a card
number or an amount, as real comments do. It is written to a CSV with one column
``comment``.

- serviq: ``serviq text freq FILE --column comment --top 30 --json`` — reads the CSV,
  masks personal data, normalises (Traditional → Simplified), segments with the user
  dictionary and the granularity rules, drops stop words, counts term and document
  frequencies, prints JSON.
- jieba: the obvious alternative, a plain Python script that reads the same CSV with the
  csv module, segments every comment with ``jieba.lcut`` (default dictionary, HMM on),
  drops punctuation and spaces, counts term and document frequencies with ``Counter``
  and prints the top 30 as JSON. It does less (no masking, no conversion, no stop words).

Wall clock of each process is measured ``--repeat`` times (default 3) and the medians are
compared. ``--unique`` makes every comment distinct (by default short comments repeat, as
they do in real data, and serviq processes each distinct text once).

    PYTHONPATH=$PWD/src:$PWD python -m benchmarks text_freq --mb=5
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL = 10.0
GOLD = Path(__file__).resolve().parent.parent / "tests" / "text" / "gold"
_CLAUSE = re.compile(r"[^，。！？,.!?]+[，。！？,.!?]?")

JIEBA_SCRIPT = r"""
import csv, json, logging, sys
from collections import Counter
from itertools import chain
import jieba

jieba.setLogLevel(logging.WARNING)
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = csv.DictReader(f)
    texts = [r["comment"] for r in rows]
punct = set("，。！？、；：「」『』（）《》…—,.!?;:()[] \t\n")
docs = [[w for w in jieba.lcut(t) if w not in punct and w.strip()] for t in texts]
tf = Counter(chain.from_iterable(docs))
df = Counter(chain.from_iterable(map(set, docs)))
print(json.dumps({"documents": len(docs), "terms": [
    {"term": w, "count": c, "docs": df[w]} for w, c in tf.most_common(30)]}, ensure_ascii=False))
"""

_EXTRAS = (
    "，我的手機0912-345-678",
    "，卡號4111 1111 1111 1111",
    "，扣了1,250元",
    "，電話02-2345-6789",
    "，等了45分鐘",
)


def corpus(mb: float, seed: int = 20261205, *, unique: bool = False) -> list[str]:
    """Short Traditional comments (1–2 gold clauses), ``mb`` MB of UTF-8; with ``unique``
    no comment repeats (serviq processes each distinct text once, jieba cannot)."""
    lines = (GOLD / "zh_hant.txt").read_text(encoding="utf-8").splitlines()
    clauses = [
        c
        for line in lines
        if line and not line.startswith("#")
        for c in _CLAUSE.findall(line.replace(" ", ""))
    ]
    rng = random.Random(seed)
    out: list[str] = []
    seen: set[str] = set()
    size, target = 0, int(mb * 1_000_000)
    while size < target:
        text = "".join(rng.choice(clauses) for _ in range(rng.randint(1, 2)))
        if rng.random() < 0.02:
            text = text.rstrip("，。！？") + rng.choice(_EXTRAS) + "。"
        if unique:
            if text in seen:
                continue
            seen.add(text)
        out.append(text)
        size += len(text.encode("utf-8"))
    return out


def _serviq_command() -> list[str]:
    script = Path(sys.executable).with_name("serviq")
    if script.exists():
        return [str(script)]
    found = shutil.which("serviq")
    return [found] if found else [sys.executable, "-m", "serviq.cli.main"]


def _cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def _time(cmd: list[str], repeat: int) -> tuple[float, list[float], float, str]:
    """Median wall clock, every wall clock, median CPU time (user + system), stdout."""
    times: list[float] = []
    cpus: list[float] = []
    out = ""
    for _ in range(repeat):
        c0 = _cpu()
        t0 = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - t0)
        cpus.append(_cpu() - c0)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr}")
        out = done.stdout
    return statistics.median(times), times, statistics.median(cpus), out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench text_freq")
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size (MB)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per side (median)")
    parser.add_argument(
        "--unique", action="store_true", help="no repeated comments (a harder case for serviq)"
    )
    args = parser.parse_args(argv)
    import json

    import jieba  # noqa: F401  (fail loudly when the comparison cannot run)

    texts = corpus(args.mb, unique=args.unique)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "comments.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["comment"])
            w.writerows([t] for t in texts)
        script = Path(tmp) / "jieba_freq.py"
        script.write_text(JIEBA_SCRIPT, encoding="utf-8")
        ours_cmd = [*_serviq_command(), "text", "freq", str(path), "--column", "comment"]
        ours, ours_all, ours_cpu, ours_out = _time(
            [*ours_cmd, "--top", "30", "--json"], args.repeat
        )
        theirs, theirs_all, theirs_cpu, theirs_out = _time(
            [sys.executable, str(script), str(path)], max(1, args.repeat)
        )
        small = Path(tmp) / "one.csv"
        small.write_text("comment\n" + texts[0] + "\n", encoding="utf-8")
        floor, _, floor_cpu, _ = _time(
            [*_serviq_command(), "text", "freq", str(small), "--column", "comment", "--json"],
            args.repeat,
        )
    ratio = theirs / ours
    distinct = len(set(texts))
    print(
        f"text freq: {len(texts):,} short Traditional comments ({distinct:,} distinct), "
        f"{mb:.1f} MB (CSV)"
    )
    runs = ", ".join(f"{t:.2f}" for t in ours_all)
    print(
        f"  serviq text freq  median {ours:6.2f} s wall ({runs}), {ours_cpu:5.2f} s cpu;"
        f"  one-comment file {floor:.2f} s wall, {floor_cpu:.2f} s cpu (start-up)"
    )
    runs = ", ".join(f"{t:.2f}" for t in theirs_all)
    print(f"  jieba script      median {theirs:6.2f} s wall ({runs}), {theirs_cpu:5.2f} s cpu")
    verdict = "PASS" if ratio >= GOAL else "MISS"
    print(
        f"  ratio {ratio:.1f}x wall, {theirs_cpu / ours_cpu:.1f}x cpu  {verdict} "
        f"(goal ≥ {GOAL:.0f}x wall clock, start-up included)"
    )
    top = ", ".join(f"{t['term']} {t['count']}" for t in json.loads(ours_out)["terms"][:6])
    jtop = ", ".join(f"{t['term']} {t['count']}" for t in json.loads(theirs_out)["terms"][:6])
    print(f"  top terms serviq: {top}")
    print(f"  top terms jieba:  {jtop}")
