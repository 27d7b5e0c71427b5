"""Agent activities: classes whose clients are injected by worker.py."""
