"""What the Temporal server did per question: the frontend calls and persistence operations it
counted in its own Prometheus metrics, read before and after a scenario."""

from __future__ import annotations

import re
import urllib.request
from collections import Counter

SAMPLE = re.compile(r"^(service_requests|persistence_requests)\{([^}]*)\} (\S+)$", re.MULTILINE)
LABEL = re.compile(r'(\w+)="([^"]*)"')


def scrape(url: str) -> Counter[str]:
    with urllib.request.urlopen(url, timeout=5) as reply:
        return parse(reply.read().decode())


def parse(text: str) -> Counter[str]:
    """Counts per `frontend:Operation` (calls made to the server) and `db:Operation`."""
    counts: Counter[str] = Counter()
    for metric, labels, value in SAMPLE.findall(text):
        tags = dict(LABEL.findall(labels))
        if metric == "service_requests" and tags.get("service_name") == "frontend":
            counts[f"frontend:{tags['operation']}"] += int(float(value))
        elif metric == "persistence_requests":
            counts[f"db:{tags['operation']}"] += int(float(value))
    return counts


def per_question(before: Counter[str], after: Counter[str], questions: int, top: int = 6) -> str:
    """e.g. `frontend 9.1 (StartWorkflowExecution 1.0, ...); db 31.2 (UpdateWorkflowExecution
    12.0, ...)`."""
    delta = after - before
    parts = []
    for kind in ("frontend", "db"):
        mine = {k.split(":", 1)[1]: v / questions for k, v in delta.items() if k.startswith(kind)}
        ranked = sorted(mine.items(), key=lambda item: -item[1])[:top]
        detail = ", ".join(f"{name} {count:.1f}" for name, count in ranked)
        parts.append(f"{kind} {sum(mine.values()):.1f} ({detail})")
    return "; ".join(parts)


def totals(before: Counter[str], after: Counter[str], questions: int) -> dict[str, float]:
    """Frontend calls and database operations per question: {"frontend": 12.3, "db": 24.0}."""
    delta = after - before
    return {
        kind: sum(v for k, v in delta.items() if k.startswith(f"{kind}:")) / max(questions, 1)
        for kind in ("frontend", "db")
    }
