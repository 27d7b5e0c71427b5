"""Declarative pipelines: spec validation names the step; ready steps run in parallel."""

from __future__ import annotations

import asyncio
import json
import typing
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from temporalio import activity
from temporalio.testing import WorkflowEnvironment

from models.ask import Answer, Column, FetchInput, FetchResult, PresentInput
from models.pipeline import PipelineInput, PipelineSpec, StepSpec
from tests.fakes import serving
from worker import AgentActivities
from workflows import policies
from workflows.agents import AGENTS
from workflows.pipeline import PipelineWorkflow
from workflows.pipeline_plan import SpecError, validate

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "pipelines"


def spec(*steps: dict[str, object]) -> PipelineSpec:
    return PipelineSpec.model_validate({"steps": list(steps)})


@pytest.mark.parametrize(
    ("steps", "request_keys", "message"),
    [
        ([{"name": "a", "agent": "oracle"}], set(), "step 'a': unknown agent 'oracle'"),
        (
            [{"name": "a", "agent": "understand", "inputs": {"question": "$request.q"}}],
            set(),
            "step 'a': $request.q is not in the request",
        ),
        (
            [{"name": "a", "agent": "fetch", "inputs": {"query": "$steps.b.query"}}],
            set(),
            "step 'a': $steps.b.query names no step",
        ),
        ([{"name": "a", "agent": "fetch"}], set(), "step 'a': missing input(s) ['query']"),
        (
            [{"name": "a", "agent": "understand", "inputs": {"question": "x", "colour": "red"}}],
            set(),
            "step 'a': understand takes no input 'colour'",
        ),
        (
            [
                {
                    "name": "a",
                    "agent": "compare",
                    "inputs": {"first": "$steps.b", "second": "$steps.b"},
                },
                {
                    "name": "b",
                    "agent": "compare",
                    "inputs": {"first": "$steps.a", "second": "$steps.a"},
                },
            ],
            set(),
            "cycle among steps ['a', 'b']",
        ),
        (
            [
                {"name": "a", "agent": "understand", "inputs": {"question": "x"}},
                {"name": "a", "agent": "understand", "inputs": {"question": "y"}},
            ],
            set(),
            "step 'a': the name is used twice",
        ),
    ],
)
def test_a_bad_spec_is_refused_naming_the_step(
    steps: list[dict[str, object]], request_keys: set[str], message: str
) -> None:
    with pytest.raises(SpecError) as refused:
        validate(spec(*steps), request_keys)
    assert message in str(refused.value)


def test_bounds_are_checked_by_the_model() -> None:
    with pytest.raises(ValueError, match="less than or equal to 600"):
        StepSpec(name="a", agent="fetch", timeout_seconds=3600)
    with pytest.raises(ValueError, match="less than or equal to 10"):
        StepSpec(name="a", agent="fetch", max_attempts=50)


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_the_shipped_examples_are_valid(example: Path) -> None:
    body = json.loads(example.read_text())
    validate(PipelineSpec.model_validate(body["spec"]), set(body["inputs"]))


@activity.defn(name="fetch")
async def slow_fetch(request: FetchInput) -> FetchResult:
    await asyncio.sleep(1)  # a real second: activities do not skip time
    column = Column(member=request.query.measures[0], title="n", kind="measure")
    return FetchResult(columns=[column], rows=[[1]])


@activity.defn(name="present")
async def present(request: PresentInput) -> Answer:
    return Answer(text="ok", markdown="ok", columns=request.data.columns, rows=request.data.rows)


async def test_independent_steps_run_in_parallel(workflow_env: WorkflowEnvironment) -> None:
    two_fetches_then_present = spec(
        {"name": "left", "agent": "fetch", "inputs": {"query": "$request.left"}},
        {"name": "right", "agent": "fetch", "inputs": {"query": "$request.right"}},
        {
            "name": "show",
            "agent": "present",
            "inputs": {"question": "q", "query": "$request.left", "data": "$steps.right"},
        },
    )
    query = json.dumps({"measures": ["flights.count"]})
    request = PipelineInput(spec=two_fetches_then_present, request={"left": query, "right": query})
    fakes = AgentActivities(fetch=slow_fetch, present=present)
    async with serving(workflow_env.client, fakes):
        result = await workflow_env.client.execute_workflow(
            PipelineWorkflow.run,
            request,
            id=f"pipeline-{uuid.uuid4().hex}",
            task_queue=policies.WORKFLOW_TASK_QUEUE,
        )
    steps = {s.name: s for s in result.steps}
    left, right, show = steps["left"], steps["right"], steps["show"]
    assert left.started_at == right.started_at  # both started in the same workflow task
    assert left.duration_ms is not None and right.duration_ms is not None
    assert left.duration_ms >= 1000 and right.duration_ms >= 1000
    assert show.started_at is not None and left.started_at is not None
    both_done = (
        datetime.fromisoformat(show.started_at) - datetime.fromisoformat(left.started_at)
    ).total_seconds()
    assert both_done < 1.9  # in sequence they would need 2 s before `show` could start
    assert result.output is not None and result.output["text"] == "ok"


def test_unresolvable_inputs_fail_the_step_not_the_workflow_task() -> None:
    from workflows.pipeline_plan import build_input

    step = StepSpec(name="a", agent="fetch", inputs={"query": "$request.q"})
    with pytest.raises(SpecError, match="step 'a': cannot resolve"):
        build_input(step, {"q": "{not json"}, {}, "t")
    step = StepSpec(name="b", agent="fetch", inputs={"query": "$steps.a.nothing"})
    with pytest.raises(SpecError, match="step 'b'"):
        build_input(step, {}, {"a": {"rows": []}}, "t")


@pytest.mark.parametrize("name", sorted(AGENTS))
def test_each_registry_entry_has_the_types_of_the_method_it_calls(name: str) -> None:
    agent = AGENTS[name]
    hints = typing.get_type_hints(agent.call)
    assert [t for key, t in hints.items() if key not in ("self", "return")] == [agent.input]
    assert hints["return"] is agent.output
