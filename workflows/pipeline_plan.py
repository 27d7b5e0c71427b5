"""Checking a pipeline spec before anything starts, and wiring each step's inputs.

Pure functions over the spec: the API validates with them (422 naming the step), the workflow
builds each step's typed input with them.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ValidationError

from models.ask import CubeQuery
from models.pipeline import PipelineSpec, StepSpec
from workflows.agents import AGENTS

INJECTED = {"tenant"}  # filled by Quarry, never by the spec
CHECKED_QUERY_AGENTS = {"understand", "ask"}  # their queries are checked against /meta


class SpecError(ValueError):
    def __init__(self, step: str | None, message: str) -> None:
        super().__init__(f"step {step!r}: {message}" if step else message)
        self.step = step


def dependencies(step: StepSpec) -> set[str]:
    return {ref.split(".")[1] for ref in step.inputs.values() if ref.startswith("$steps.")}


def validate(spec: PipelineSpec, request_keys: set[str]) -> None:
    """Raises SpecError for an unknown agent, a duplicate or unknown step, a missing input,
    a request key that is not given or not used, a fetch query of unchecked origin, or a
    cycle."""
    names = [s.name for s in spec.steps]
    for step in spec.steps:
        if names.count(step.name) > 1:
            raise SpecError(step.name, "the name is used twice")
        if step.agent not in AGENTS:
            raise SpecError(step.name, f"unknown agent {step.agent!r}; known: {sorted(AGENTS)}")
        _check_inputs(step, set(names), request_keys)
    if spec.output is not None and spec.output not in names:
        raise SpecError(None, f"output names unknown step {spec.output!r}")
    _check_all_used(spec, request_keys)
    _check_fetch_sources(spec)
    _check_acyclic(spec)


def requested_queries(spec: PipelineSpec, request: dict[str, str]) -> dict[str, CubeQuery]:
    """Each fetch step's query that the request gives (`$request.<key>`), by step: the API
    checks them against the tenant's data model before the run starts."""
    queries: dict[str, CubeQuery] = {}
    for step in spec.steps:
        source = step.inputs.get("query", "") if step.agent == "fetch" else ""
        if source.startswith("$request."):
            try:
                queries[step.name] = CubeQuery.model_validate_json(
                    request[source.removeprefix("$request.")]
                )
            except (KeyError, ValidationError):
                raise SpecError(step.name, f"{source} is not a Cube query in JSON") from None
    return queries


def _check_all_used(spec: PipelineSpec, request_keys: set[str]) -> None:
    """An input no step reads would only be stored, in every event of the run's history."""
    read = {
        ref.removeprefix("$request.")
        for step in spec.steps
        for ref in step.inputs.values()
        if ref.startswith("$request.")
    }
    if unused := sorted(request_keys - read):
        shown = ", ".join(repr(key[:40]) for key in unused[:5])
        more = f" and {len(unused) - 5} more" if len(unused) > 5 else ""
        raise SpecError(None, f"inputs no step reads: {shown}{more}")


def _check_fetch_sources(spec: PipelineSpec) -> None:
    """A fetch step runs its query on Cube as is, so the query must be one that was checked
    against the tenant's /meta: the request's (checked by the API before the run starts) or
    an understand or ask step's (checked by the query agent)."""
    agents = {s.name: s.agent for s in spec.steps}
    for step in spec.steps:
        source = step.inputs.get("query") if step.agent == "fetch" else None
        if source is None or source.startswith("$request."):
            continue
        parts = source.split(".")
        checked = (
            len(parts) == 3
            and parts[0] == "$steps"
            and agents.get(parts[1]) in CHECKED_QUERY_AGENTS
            and parts[2] == "query"
        )
        if not checked:
            raise SpecError(
                step.name,
                "a fetch query must be `$request.<key>` or `$steps.<step>.query` of an "
                f"understand or ask step, not {source[:80]!r}",
            )


def _check_inputs(step: StepSpec, names: set[str], request_keys: set[str]) -> None:
    model = AGENTS[step.agent].input
    fields = set(model.model_fields)
    for field, ref in step.inputs.items():
        if field not in fields or field in INJECTED:
            raise SpecError(step.name, f"{step.agent} takes no input {field!r}")
        if ref.startswith("$request.") and ref.removeprefix("$request.") not in request_keys:
            raise SpecError(step.name, f"{ref} is not in the request")
        if ref.startswith("$steps.") and ref.split(".")[1] not in names:
            raise SpecError(step.name, f"{ref} names no step")
        if ref.startswith("$steps.") and ref.split(".")[1] == step.name:
            raise SpecError(step.name, "a step cannot take its own output")
    required = {n for n, f in model.model_fields.items() if f.is_required()} - INJECTED
    if missing := sorted(required - set(step.inputs)):
        raise SpecError(step.name, f"missing input(s) {missing} for {step.agent}")


def _check_acyclic(spec: PipelineSpec) -> None:
    done: set[str] = set()
    remaining = {s.name: dependencies(s) for s in spec.steps}
    while remaining:
        ready = [name for name, deps in remaining.items() if deps <= done]
        if not ready:
            raise SpecError(sorted(remaining)[0], f"cycle among steps {sorted(remaining)}")
        for name in ready:
            done.add(name)
            del remaining[name]


def build_input(
    step: StepSpec, request: dict[str, str], outputs: dict[str, dict[str, Any]], tenant: str
) -> BaseModel:
    model = AGENTS[step.agent].input
    try:
        values: dict[str, Any] = {k: _resolve(v, request, outputs) for k, v in step.inputs.items()}
    except (KeyError, TypeError, ValueError) as exc:
        # A bad reference must fail the step, never the workflow task (which would retry forever).
        raise SpecError(
            step.name, f"cannot resolve its inputs ({type(exc).__name__}: {exc})"
        ) from None
    if "tenant" in model.model_fields:
        values["tenant"] = tenant
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise SpecError(
            step.name, f"inputs do not fit {step.agent}: {exc.errors()[0]['msg']}"
        ) from None


def _resolve(ref: str, request: dict[str, str], outputs: dict[str, dict[str, Any]]) -> Any:
    if ref.startswith("$request."):
        given = request[ref.removeprefix("$request.")]
        # Request values are strings; a JSON object or list among them is structured input.
        return json.loads(given) if given.lstrip()[:1] in ("{", "[") else given
    if ref.startswith("$steps."):
        _, step, *path = ref.split(".")
        value: Any = outputs[step]
        for part in path:
            value = value[part]
        return value
    return ref
