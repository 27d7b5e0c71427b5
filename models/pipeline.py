"""Declarative pipelines (the seed's WorkflowEngine): a spec of named steps, each naming an agent
and taking its inputs from the request or from earlier steps."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from models.ask import Answer, AskResult

STEP_NAME = r"^[a-z][a-z0-9_]{0,39}$"
# An agent's input field, and where its value comes from (a reference or a literal question).
InputField = Annotated[str, Field(max_length=40)]
InputSource = Annotated[str, Field(max_length=2000)]


class StepSpec(BaseModel):
    model_config = ConfigDict(allow_inf_nan=False)

    name: str = Field(pattern=STEP_NAME, description="Unique name; later steps refer to it.")
    agent: str = Field(
        max_length=40, description="An agent of the registry: understand, fetch, present, ask..."
    )
    inputs: dict[InputField, InputSource] = Field(
        default_factory=dict,
        max_length=10,
        description=(
            "Agent input field -> `$request.<key>`, `$steps.<step>` (its whole output), "
            "`$steps.<step>.<field>`, or a literal string."
        ),
    )
    timeout_seconds: float | None = Field(
        None, ge=1, le=600, description="Overrides the agent's start-to-close timeout."
    )
    max_attempts: int | None = Field(
        None, ge=1, le=10, description="Overrides the agent's retry attempts."
    )


class PipelineSpec(BaseModel):
    steps: list[StepSpec] = Field(min_length=1, max_length=20)
    output: str | None = Field(
        None, max_length=40, description="The step whose output is the result (default: last)."
    )


class PipelineInput(BaseModel):
    spec: PipelineSpec
    request: dict[str, str] = Field(default_factory=dict)
    tenant: str = "default"


class StepOutcome(BaseModel):
    name: str
    agent: str
    status: str = "pending"
    started_at: str | None = None
    duration_ms: float | None = None
    # Each agent's typed result, serialized: steps of different agents give different types.
    output: dict[str, Any] | None = None


class PipelineResult(BaseModel):
    steps: list[StepOutcome]
    output: dict[str, Any] | None


class CompareInput(BaseModel):
    first: AskResult
    second: AskResult


class Comparison(BaseModel):
    text: str
    first: Answer
    second: Answer
