"""The replay gate: recorded histories of every workflow path must replay on today's code, so a
change that would break runs in flight fails here, not in production. It replays inside the
SDK's sandbox, which the worker leaves off for speed: a call the sandbox forbids fails here."""

from __future__ import annotations

from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner
from temporalio.workflow import NondeterminismError

from tests.histories.record import recorded_id
from tests.unit.changed_workflow import ClockReadingAskWorkflow, ReorderedAskWorkflow
from workflows.ask import AskWorkflow
from workflows.pipeline import PipelineWorkflow

HISTORY_DIR = Path(__file__).resolve().parents[1] / "histories"
# Older recordings stay in subfolders: runs started on older code must still replay.
HISTORIES = sorted(HISTORY_DIR.rglob("*.json"))


def gate(*workflows: type) -> Replayer:
    return Replayer(
        workflows=list(workflows),
        data_converter=pydantic_data_converter,
        workflow_runner=SandboxedWorkflowRunner(),
    )


def history(path: Path) -> WorkflowHistory:
    return WorkflowHistory.from_json(recorded_id(path.stem), path.read_text())


def test_every_path_has_a_recorded_history() -> None:
    names = {p.stem for p in HISTORIES}
    assert {
        "ask_answered",
        "ask_answered_on_task_queues",
        "ask_clarified",
        "ask_cancelled",
        "ask_clarification_timed_out",
        "pipeline_ask",
        "pipeline_compare",
        "ask_plan",
        "ask_learned",
        "ask_remembered",
    } <= names


@pytest.mark.parametrize("path", HISTORIES, ids=lambda p: str(p.relative_to(HISTORY_DIR)))
async def test_recorded_histories_replay_on_todays_code(path: Path) -> None:
    await gate(AskWorkflow, PipelineWorkflow).replay_workflow(history(path))


async def test_the_gate_fails_on_a_changed_workflow() -> None:
    answered = next(p for p in HISTORIES if p.stem == "ask_answered")
    with pytest.raises(NondeterminismError):
        await gate(ReorderedAskWorkflow).replay_workflow(history(answered))


async def test_the_gate_fails_on_a_workflow_reading_the_clock() -> None:
    answered = next(p for p in HISTORIES if p.stem == "ask_answered")
    with pytest.raises(RuntimeError, match=r"datetime\.now"):
        await gate(ClockReadingAskWorkflow).replay_workflow(history(answered))
