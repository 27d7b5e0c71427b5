"""CPU time of the offline query agent's reading, per question, on the recorded catalog.

    .venv/bin/python -m bench.understanding

Reads every question of the dev set and the paraphrase set (tests/fixtures) several times and
prints p50/p95/max of the CPU time one reading takes (process time, so other load on the machine
does not count), with the lexicon built once beforehand, as a running worker has it.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time
from pathlib import Path

from cli.evaluation import load_cases
from tests.fixtures.catalog import recorded_catalog
from understanding import offline
from understanding.catalog import Catalog

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def cpu_ms(question: str, catalog: Catalog) -> float:
    started = time.process_time()
    with contextlib.suppress(offline.NeedsClarification):
        offline.understand(question, catalog)
    return (time.process_time() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20, help="readings of each question")
    args = parser.parse_args()
    catalog = recorded_catalog()
    questions = [
        c.question
        for name in ("dev.jsonl", "paraphrases.jsonl")
        for c in load_cases(str(FIXTURES / name))
    ]
    started = time.process_time()
    offline.lexicon_of(catalog)
    build_ms = (time.process_time() - started) * 1000
    for question in questions:  # warm the word caches, as a long-running worker has them
        cpu_ms(question, catalog)
    times = sorted(cpu_ms(q, catalog) for _ in range(args.rounds) for q in questions)
    p95 = times[int(0.95 * (len(times) - 1))]
    print("| questions | readings | p50 ms | p95 ms | max ms | lexicon build ms |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {len(questions)} | {len(times)} | {statistics.median(times):.2f} | {p95:.2f} "
        f"| {times[-1]:.2f} | {build_ms:.0f} |"
    )


if __name__ == "__main__":
    main()
