"""The agent registry: what a pipeline step may name. Adding an agent is a class and a line here.

Pure data (names, queues, types, policies), so the pipeline workflow can import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from pydantic import BaseModel
from temporalio.common import RetryPolicy

from workflows import policies
from workflows.models import (
    Answer,
    AskInput,
    AskResult,
    FetchInput,
    FetchResult,
    PresentInput,
    UnderstandInput,
    UnderstandResult,
)
from workflows.pipeline_models import CompareInput, Comparison


@dataclass(frozen=True)
class Agent:
    name: str  # the activity name, or the child workflow's type
    kind: Literal["activity", "workflow"]
    task_queue: str
    input: type[BaseModel]
    output: type[BaseModel]
    timeout: timedelta
    retry: RetryPolicy
    heartbeat: timedelta | None = None


AGENTS: dict[str, Agent] = {
    "understand": Agent(
        "understand",
        "activity",
        policies.QUERY_AGENT_TASK_QUEUE,
        UnderstandInput,
        UnderstandResult,
        policies.UNDERSTAND_TIMEOUT,
        policies.UNDERSTAND_RETRY,
        policies.UNDERSTAND_HEARTBEAT,
    ),
    "fetch": Agent(
        "fetch",
        "activity",
        policies.CUBE_AGENT_TASK_QUEUE,
        FetchInput,
        FetchResult,
        policies.FETCH_TIMEOUT,
        policies.FETCH_RETRY,
        policies.FETCH_HEARTBEAT,
    ),
    "present": Agent(
        "present",
        "activity",
        policies.FORMAT_AGENT_TASK_QUEUE,
        PresentInput,
        Answer,
        policies.PRESENT_TIMEOUT,
        policies.PRESENT_RETRY,
    ),
    "compare": Agent(
        "compare",
        "activity",
        policies.FORMAT_AGENT_TASK_QUEUE,
        CompareInput,
        Comparison,
        policies.PRESENT_TIMEOUT,
        policies.PRESENT_RETRY,
    ),
    "ask": Agent(
        "AskWorkflow",
        "workflow",
        policies.WORKFLOW_TASK_QUEUE,
        AskInput,
        AskResult,
        policies.ASK_EXECUTION_TIMEOUT,
        RetryPolicy(maximum_attempts=1),
    ),
}
