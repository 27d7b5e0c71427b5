"""The agent registry: what a pipeline step may name. Adding an agent is a class and a line here.

Data (the agents' methods by reference, queues, types, policies), so the pipeline workflow can
import it and a test can check each entry's types against the method it names.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from pydantic import BaseModel
from temporalio.common import RetryPolicy

from activities.cube_agent import CubeAgent
from activities.format_agent import CompareAgent, FormatAgent
from activities.query_agent import QueryAgent
from models.ask import (
    Answer,
    AskInput,
    AskResult,
    FetchInput,
    FetchResult,
    PresentInput,
    UnderstandInput,
    UnderstandResult,
)
from models.pipeline import CompareInput, Comparison
from workflows import policies
from workflows.ask import AskWorkflow

# An activity method or a workflow's run method, taken unbound: (self, input) -> result.
Callee = Callable[[Any, Any], Awaitable[Any]]


@dataclass(frozen=True)
class Agent:
    call: Callee  # the activity method, or the child workflow's run method
    kind: Literal["activity", "workflow"]
    task_queue: str
    input: type[BaseModel]
    output: type[BaseModel]
    timeout: timedelta
    retry: RetryPolicy
    heartbeat: timedelta | None = None


AGENTS: dict[str, Agent] = {
    "understand": Agent(
        QueryAgent.understand,
        "activity",
        policies.QUERY_AGENT_TASK_QUEUE,
        UnderstandInput,
        UnderstandResult,
        policies.UNDERSTAND_TIMEOUT,
        policies.UNDERSTAND_RETRY,
        policies.UNDERSTAND_HEARTBEAT,
    ),
    "fetch": Agent(
        CubeAgent.fetch,
        "activity",
        policies.CUBE_AGENT_TASK_QUEUE,
        FetchInput,
        FetchResult,
        policies.FETCH_TIMEOUT,
        policies.FETCH_RETRY,
        policies.FETCH_HEARTBEAT,
    ),
    "present": Agent(
        FormatAgent.present,
        "activity",
        policies.FORMAT_AGENT_TASK_QUEUE,
        PresentInput,
        Answer,
        policies.PRESENT_TIMEOUT,
        policies.PRESENT_RETRY,
    ),
    "compare": Agent(
        CompareAgent.compare,
        "activity",
        policies.FORMAT_AGENT_TASK_QUEUE,
        CompareInput,
        Comparison,
        policies.PRESENT_TIMEOUT,
        policies.PRESENT_RETRY,
    ),
    "ask": Agent(
        AskWorkflow.run,
        "workflow",
        policies.WORKFLOW_TASK_QUEUE,
        AskInput,
        AskResult,
        policies.ASK_EXECUTION_TIMEOUT,
        RetryPolicy(maximum_attempts=1),
    ),
}
