"""Traces from the client through the workflow and activities to HTTP calls; JSON log lines."""

from __future__ import annotations

import dataclasses
import json
import logging
import uuid

import httpx
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from temporalio import activity
from temporalio.client import Client
from temporalio.contrib.opentelemetry import TracingInterceptor
from temporalio.testing import ActivityEnvironment, WorkflowEnvironment

from models.ask import (
    Answer,
    AskInput,
    Column,
    CubeQuery,
    FetchInput,
    FetchResult,
    PresentInput,
    UnderstandInput,
    UnderstandResult,
)
from services.telemetry import JsonFormatter
from tests.fakes import serving
from worker import AgentActivities
from workflows import policies
from workflows.ask import AskWorkflow


def make_agents(http: httpx.AsyncClient) -> AgentActivities:
    @activity.defn(name="understand")
    async def understand(request: UnderstandInput) -> UnderstandResult:
        return UnderstandResult(query=CubeQuery(measures=["flights.count"]))

    @activity.defn(name="fetch")
    async def fetch(request: FetchInput) -> FetchResult:
        await http.get("http://cube.test/cubejs-api/v1/load")  # the upstream call to trace
        column = Column(member="flights.count", title="Flights", kind="measure")
        return FetchResult(columns=[column], rows=[[1]])

    @activity.defn(name="present")
    async def present(request: PresentInput) -> Answer:
        return Answer(text="1", markdown="1", columns=[], rows=[[1]])

    return AgentActivities(understand=understand, fetch=fetch, present=present)


async def test_one_trace_spans_client_workflow_activities_and_http(
    workflow_env: WorkflowEnvironment,
) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("test")
    config = workflow_env.client.config()
    config["interceptors"] = [TracingInterceptor(tracer)]
    client = Client(**config)
    http = httpx.AsyncClient(transport=httpx.MockTransport(lambda _: httpx.Response(200)))
    HTTPXClientInstrumentor.instrument_client(http, tracer_provider=provider)
    async with serving(client, make_agents(http)):
        with tracer.start_as_current_span("POST /v1/questions") as root:
            await client.execute_workflow(
                AskWorkflow.run,
                AskInput(question="q"),
                id=f"trace-{uuid.uuid4().hex}",
                task_queue=policies.WORKFLOW_TASK_QUEUE,
            )
    spans = exporter.get_finished_spans()
    names = {s.name for s in spans}
    assert {"StartWorkflow:AskWorkflow", "RunActivity:fetch", "RunActivity:present"} <= names
    assert any(s.name.startswith("GET") for s in spans)  # the httpx call inside the activity
    trace_id = root.get_span_context().trace_id
    assert {s.context.trace_id for s in spans} == {trace_id}


async def test_log_lines_are_json_with_the_activity_context() -> None:
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))  # formatted where it is logged, as in production

    handler = Keep()
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("quarry.test")
    logger.addHandler(handler)

    @activity.defn(name="fetch")
    async def fetch() -> None:
        logger.warning("fetching")

    env = ActivityEnvironment()
    env.info = dataclasses.replace(
        env.info, activity_type="fetch", attempt=2, workflow_id="ask-1", workflow_run_id="r-1"
    )
    await env.run(fetch)
    logger.removeHandler(handler)
    line = json.loads(lines[0])
    assert line["msg"] == "fetching"
    assert (line["activity"], line["attempt"]) == ("fetch", 2)
    assert (line["workflow_id"], line["run_id"]) == ("ask-1", "r-1")
    assert {"level", "ts"} <= set(line)
