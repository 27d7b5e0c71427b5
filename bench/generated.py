"""Right / asked / wrong on questions generated from each recorded model's /meta.

.venv/bin/python -m bench.generated
"""

from __future__ import annotations

from tests.fixtures.catalog import recorded_catalog
from understanding.generate import score


def main() -> None:
    print("| model | generated | right | asked | wrong |\n|---|---|---|---|---|")
    for model in ("flights", "shop"):
        counts = score(recorded_catalog(model))
        total = sum(counts.values())
        print(f"| {model} | {total} | {counts['right']} | {counts['asked']} | {counts['wrong']} |")


if __name__ == "__main__":
    main()
