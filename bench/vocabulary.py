"""What remembered words cost the query agent, per question.

    .venv/bin/python -m bench.vocabulary

Prints (1) the wall time of reading a tenant's approved entries from the SQLite store (what every
`understand` call now does), with 0, 10 and 1,000 approved entries, and (2) the CPU time of
reading a question with and without a remembered phrase (the agent reads the question again with
the phrase's meaning in place), on the recorded catalog.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import tempfile
import time
from pathlib import Path

from models.vocabulary import LearnedWord
from services.vocabulary import VocabularyStore
from tests.fixtures.catalog import recorded_catalog
from understanding import offline, remembered

AT = "2026-12-07T00:00:00+00:00"
ROUNDS = 200


async def store_ms(entries: int) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        store = VocabularyStore(Path(folder) / "vocabulary.sqlite")
        for i in range(entries):
            word = LearnedWord(phrase=f"phrase {i}", meaning=f"meaning {i}")
            entry = await store.suggest(
                "t", word, run_id="r", question="q", query=None, at=AT, by="b"
            )
            await store.approve("t", entry.id, "admin", AT)
        await store.suggest("other", LearnedWord(phrase="x", meaning="y"), run_id="r",
                            question="q", query=None, at=AT, by="b")  # fmt: skip
        times = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            await store.approved("t")
            times.append((time.perf_counter() - started) * 1000)
        return sorted(times)


def reading_ms(question: str, words: dict[str, str]) -> list[float]:
    catalog = recorded_catalog()
    offline.lexicon_of(catalog)
    times = []
    for _ in range(ROUNDS // 4):
        started = time.process_time()
        with contextlib.suppress(offline.NeedsClarification):
            remembered.understand(question, catalog, [], words)
        times.append((time.process_time() - started) * 1000)
    return sorted(times)


def row(name: str, times: list[float]) -> str:
    p95 = times[int(0.95 * (len(times) - 1))]
    return f"| {name} | {len(times)} | {statistics.median(times):.2f} | {p95:.2f} |"


def main() -> None:
    print("| step | runs | p50 ms | p95 ms |")
    print("|---|---|---|---|")
    for entries in (0, 10, 1000):
        print(
            row(
                f"store: approved entries of a tenant with {entries}",
                asyncio.run(store_ms(entries)),
            )
        )
    plain = "How many flights went to Las Vegas?"
    taught = "How many flights went to Sin City?"
    print(row(f"reading {plain!r}, no words", reading_ms(plain, {})))
    print(row(f"reading {taught!r}, asks back", reading_ms(taught, {})))
    print(row(f"reading {taught!r}, remembered", reading_ms(taught, {"sin city": "Las Vegas"})))


if __name__ == "__main__":
    main()
