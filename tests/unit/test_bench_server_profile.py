"""The benchmark's reading of the Temporal server's Prometheus text: per-question counts."""

from __future__ import annotations

from bench.server_profile import parse, per_question, totals

BEFORE = """\
# TYPE service_requests counter
service_requests{operation="StartWorkflowExecution",service_name="frontend"} 10
service_requests{operation="AddWorkflowTask",service_name="matching"} 99
persistence_requests{operation="UpdateWorkflowExecution",service_name="history"} 40
"""
AFTER = """\
service_requests{operation="StartWorkflowExecution",service_name="frontend"} 14
service_requests{operation="AddWorkflowTask",service_name="matching"} 199
persistence_requests{operation="UpdateWorkflowExecution",service_name="history"} 52
persistence_requests{operation="UpdateWorkflowExecution",service_name="matching"} 4
"""


def test_only_frontend_calls_and_all_database_operations_count_per_question() -> None:
    line = per_question(parse(BEFORE), parse(AFTER), questions=4)
    assert line.startswith("frontend 1.0 (StartWorkflowExecution 1.0)")
    assert "db 4.0 (UpdateWorkflowExecution 4.0)" in line


def test_totals_are_per_question_sums_of_each_kind() -> None:
    # frontend: 14 - 10 = 4 calls; db: (52 - 40) + 4 = 16 operations; over 4 questions
    assert totals(parse(BEFORE), parse(AFTER), questions=4) == {"frontend": 1.0, "db": 4.0}
