"""Request and response bodies of the REST API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from models.ask import Answer, AskProgress, Clarification, CubeQuery, Explanation

RunStatus = Literal[
    "running", "needs_clarification", "completed", "failed", "cancelled", "terminated", "timed_out"
]


QuestionText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    Field(description="A question about the data, in plain English."),
]


class QuestionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: QuestionText
    wait_seconds: float | None = Field(
        None,
        ge=0,
        le=60,
        allow_inf_nan=False,
        description="How long to wait for the answer before returning 202 (default: a setting).",
    )
    explain: bool = Field(
        False,
        description="Add `explanation`: each word's role, the readings tried, why it answered "
        "or asked (the offline agent's reading).",
    )


class ClarifyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    question_id: int | None = Field(
        None,
        ge=1,
        le=1000,
        description="The question answered (clarification.id); 409 if no longer asked.",
    )


class ExplainRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: QuestionText


class RunView(BaseModel):
    run_id: str
    status: RunStatus
    status_url: str
    question: str | None = None
    progress: AskProgress | None = None
    clarification: Clarification | None = None
    query: CubeQuery | None = None
    answer: Answer | None = None
    clarifications: list[str] = Field(
        default_factory=list, description="Answers given to the agent's questions on this run."
    )
    error: str | None = None
    cached: bool = Field(False, description="Served from the answer cache, no run started.")
    trace_id: str | None = Field(None, description="OpenTelemetry trace of this request.")
    explanation: Explanation | None = Field(
        None, description="Why the agent answered or asked (when the request set `explain`)."
    )


class InvalidateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tenant: str | None = Field(None, description="Only this tenant's entries (default: all).")


class Invalidated(BaseModel):
    tenant: str | None


class RunSummary(BaseModel):
    run_id: str
    status: RunStatus
    tenant: str | None
    question: str | None
    started_at: datetime | None
    closed_at: datetime | None
    status_url: str


class RunPage(BaseModel):
    runs: list[RunSummary]
    next_page_token: str | None = Field(
        None, description="Pass as page_token for the next page; absent on the last page."
    )


class ComponentHealth(BaseModel):
    ok: bool
    detail: str = ""


class Health(BaseModel):
    ok: bool
    temporal: ComponentHealth
    redis: ComponentHealth
    cube: ComponentHealth
    # the store of remembered words (a SQLite file, or the PostgreSQL of VOCABULARY_URL)
    vocabulary: ComponentHealth
    # each data model a tenant asks about: a broken one fails its tenants' questions only, so
    # it is reported here and does not make the service unhealthy
    models: dict[str, ComponentHealth] = Field(default_factory=dict)
