"""Inputs and results of AskWorkflow and its activities: one pydantic type each."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from models.vocabulary import LearnedWord, UsedWord

# How long a run waits for the person's answer to a clarification, unless its input says
# otherwise: a day (workflows/policies.py builds CLARIFY_TIMEOUT from it).
CLARIFY_TIMEOUT_SECONDS = 24 * 3600.0

Scalar = str | int | float | bool | None

FilterOperator = Literal[
    "equals", "notEquals", "contains", "notContains", "gt", "gte", "lt", "lte", "set", "notSet"
]


class CubeFilter(BaseModel):
    member: str
    operator: FilterOperator
    values: list[str] = Field(default_factory=list)


class TimeDimension(BaseModel):
    dimension: str
    granularity: Literal["day", "week", "month", "quarter", "year"] | None = None
    dateRange: list[str] | None = None


class CubeQuery(BaseModel):
    """A Cube REST query, in Cube's own field names so it can be sent as is."""

    measures: list[str] = Field(default_factory=list)
    dimensions: list[str] = Field(default_factory=list)
    filters: list[CubeFilter] = Field(default_factory=list)
    timeDimensions: list[TimeDimension] = Field(default_factory=list)
    order: list[tuple[str, Literal["asc", "desc"]]] = Field(default_factory=list)
    limit: int | None = None
    offset: int | None = None


AgentExecution = Literal["local", "task-queues"]
# Steps that may run as local activities on the workflow's worker (present always does).
LocalStep = Literal["understand", "fetch"]


class AskInput(BaseModel):
    question: str
    tenant: str = "default"
    # bounded and finite: a pipeline may set it, and a NaN timer would fail every workflow task
    clarify_timeout_seconds: float = Field(
        CLARIFY_TIMEOUT_SECONDS, gt=0, le=7 * CLARIFY_TIMEOUT_SECONDS, allow_inf_nan=False
    )
    # Steps run as local activities on the workflow's worker (no server round trip each); the
    # others run on their agents' task queues (heartbeats, pools scaled apart). The API sets it
    # from AGENT_EXECUTION and QUERY_AGENT; a run started elsewhere keeps the LLM off the worker.
    local_steps: list[LocalStep] = Field(default_factory=lambda: list[LocalStep](["fetch"]))


class Repair(BaseModel):
    """A query Cube rejected, with Cube's reason: the agent's one chance to fix it."""

    query: CubeQuery
    error: str


class UnderstandInput(BaseModel):
    question: str
    tenant: str
    clarifications: list[str] = Field(default_factory=list)
    repair: Repair | None = None


class TokenUsage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def plus(self, other: TokenUsage | None) -> TokenUsage:
        if other is None:
            return self
        return TokenUsage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
        )


class Clarification(BaseModel):
    """What the agent asks when it will not guess; `id` counts the run's questions (1, 2, ...),
    so an answer can say which one it answers."""

    question: str
    options: list[str] = Field(default_factory=list)
    id: int = 0


class Interpretation(BaseModel):
    """What a query answers, in words: shown with every answer so a reader can see what was
    answered ("Number of flights · destination SEA (Seattle Tacoma Intl) · August 2013")."""

    measure: str
    filters: list[str] = Field(default_factory=list)
    period: str | None = None
    grouping: list[str] = Field(default_factory=list)
    order: str | None = None
    # remembered words read as evidence ("sin city: Las Vegas, as you told us on 2026-12-07")
    remembered: list[str] = Field(default_factory=list)

    @property
    def scope(self) -> list[str]:
        """The filters and the period: what narrows the data."""
        return [*self.filters, *([self.period] if self.period else [])]

    @property
    def text(self) -> str:
        order = [self.order] if self.order else []
        parts = [self.measure, *self.scope, *self.grouping, *order, *self.remembered]
        return " · ".join(parts)


# How a plan's query results combine into one answer (workflows/combine.py):
# - intersect, subtract, union: the group labels (each query's first dimension) of the first
#   query, kept where the others have them too / do not have them / or any query's;
# - count: how many groups the one query returns (a condition on its measure is its filter);
# - above, below: the first query's groups whose figure is above (below) the second's one number;
# - share: the first query's number as a percentage of the second's; ratio: the first over the
#   second; difference: the first minus the second; change: the first's change from the second,
#   in percent of the second; mean: the average of the first query's
#   figures over its rows (a count per day, averaged over the days); rose, fell: the groups of
#   the first query whose figure is above (below) their own figure in the second (the same
#   groups in another period), with the change; shares: each group's share of the first
#   query's figure in the second's (the whole's groups), ranked as the first is ordered;
#   least: each group of the second with the first's figure, 0 for a group the first has no
#   rows of, ranked as the first is ordered (the carrier with the fewest cancellations had none);
#   each: each query's one figure beside its label (`labels`), side by side ("1995 vs 1996").
CombineOp = Literal[
    "intersect",
    "subtract",
    "union",
    "count",
    "above",
    "below",
    "share",
    "shares",
    "least",
    "ratio",
    "difference",
    "change",
    "mean",
    "rose",
    "fell",
    "convert",  # one query's figures in another unit: value * factor + offset
    "each",
]
MAX_PLAN_QUERIES = 4


class Plan(BaseModel):
    """A question that needs more than one query: the queries, run in parallel, and the one
    step that combines their results, described in words for the answer's interpretation."""

    queries: list[CubeQuery] = Field(min_length=1, max_length=MAX_PLAN_QUERIES)
    combine: CombineOp
    # set operations: answer how many labels are left rather than which
    count: bool = False
    # subtract: how many leading queries a label must be in ("to both Boston and Chicago but
    # never to Atlanta": the first two); it must be in none of the rest
    required: int = Field(default=1, ge=1)
    description: str
    # the combined figure's title ("Share of number of flights (%)")
    title: str = ""
    # convert: the unit's factor and offset ("in kilometres": miles x 1.609344)
    factor: float = 1.0
    offset: float = 0.0
    # each: what each query's figure is of, in the queries' order ("July", "December")
    labels: list[str] = Field(default_factory=list)


class UnderstandResult(BaseModel):
    """Either a checked query (or plan) with its interpretation, or a question back to the
    person."""

    query: CubeQuery | None = None
    plan: Plan | None = None
    interpretation: Interpretation | None = None
    clarification: Clarification | None = None
    usage: TokenUsage | None = None
    # approved entries of the tenant's vocabulary read as evidence, as they were when read
    remembered: list[UsedWord] = Field(default_factory=list)
    # what the person's answers to questions back resolved (recorded once the run completes)
    learned: list[LearnedWord] = Field(default_factory=list)


class ClarifyInput(BaseModel):
    """The person's answer to the agent's question (the `answer` update, or the `clarify`
    signal); `question_id`, when given, must be the question the run asks now."""

    answer: str = Field(min_length=1, max_length=2000)
    question_id: int | None = None


class ClarifyResult(BaseModel):
    """The `answer` update's result: which question the answer was taken for."""

    question_id: int


class FetchInput(BaseModel):
    query: CubeQuery
    tenant: str
    # a plan's step combines every row (a set, a count of groups): fetched up to the larger
    # plan limit and refused, never cut, beyond it
    whole: bool = False


class Column(BaseModel):
    member: str
    title: str
    kind: Literal["measure", "dimension", "time"]
    type: str = "string"


class FetchResult(BaseModel):
    columns: list[Column]
    rows: list[list[Scalar]]


class PresentInput(BaseModel):
    question: str
    query: CubeQuery
    data: FetchResult
    interpretation: Interpretation | None = None
    # set when `data` is a plan's combined result rather than `query`'s rows
    plan: Plan | None = None


class Answer(BaseModel):
    text: str
    interpretation: str = Field("", description="What was answered, in words.")
    markdown: str
    columns: list[Column]
    rows: list[list[Scalar]]
    chart: dict[str, object] | None = None
    remembered: list[str] = Field(
        default_factory=list,
        description="Words this run's answers taught, kept as suggestions an admin may approve.",
    )


class AskResult(BaseModel):
    question: str
    query: CubeQuery  # a plan's first query
    plan: Plan | None = None
    answer: Answer
    tokens: TokenUsage = Field(default_factory=TokenUsage)
    clarifications: list[str] = Field(default_factory=list)
    steps: list[StepProgress] = Field(default_factory=list)
    remembered: list[int] = Field(
        default_factory=list, description="Vocabulary entries the answer used (ids)."
    )


class StepProgress(BaseModel):
    name: str
    status: Literal["pending", "running", "done", "failed", "cancelled"] = "pending"
    started_at: str | None = None
    duration_ms: float | None = None
    attempts: int = 0


class AskProgress(BaseModel):
    status: Literal["running", "needs_clarification", "completed", "failed", "cancelled"] = (
        "running"
    )
    current_step: str | None = None
    steps: list[StepProgress]
    clarification: Clarification | None = None
    tokens: TokenUsage = Field(default_factory=TokenUsage)
    repaired: bool = False


class WordRole(BaseModel):
    """One span of the question and what the reader took it for."""

    text: str
    role: str


class Candidate(BaseModel):
    """A reading the agent tried, in the order it tried them, and what became of it."""

    reading: str
    outcome: Literal["chosen", "not this reading", "asks", "not tried"]
    detail: str = ""


class Explanation(BaseModel):
    """Why the agent answered or asked: each word's role, the readings tried, the result."""

    question: str
    words: list[WordRole]
    candidates: list[Candidate]
    outcome: Literal["answered", "asked"]
    result: str  # the interpretation of the chosen reading, or the question back
