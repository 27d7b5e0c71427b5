"""What the API checks of a pipeline request before its run starts, beyond the spec's shape:
its inputs' number and size (each is stored in the run's history), and the Cube queries it
hands to fetch steps, against the tenant's data model exactly as the query agent checks its
own (understanding/validate.py)."""

from __future__ import annotations

from fastapi import HTTPException

from api.deps import catalog_for
from models.pipeline import PipelineSpec
from services.catalogs import CatalogProvider
from services.settings import Settings
from understanding import validate
from workflows.pipeline_plan import SpecError, requested_queries


def check_inputs(inputs: dict[str, str], settings: Settings) -> None:
    """422 when the request carries more inputs, or a larger one, than the settings allow."""
    if len(inputs) > settings.pipeline_max_inputs:
        raise HTTPException(
            422, f"{len(inputs)} inputs: at most {settings.pipeline_max_inputs} are allowed"
        )
    for key, value in inputs.items():
        if len(value.encode()) > settings.pipeline_max_input_bytes:
            raise HTTPException(
                422,
                f"input {key[:40]!r} is over {settings.pipeline_max_input_bytes} bytes",
            )


async def check_queries(
    spec: PipelineSpec, inputs: dict[str, str], tenant: str, catalogs: CatalogProvider | None
) -> None:
    """422 naming the step and the members when a fetch query does not fit the tenant's
    model; 503 when the model cannot be read now (the query is never run unchecked)."""
    try:
        queries = requested_queries(spec, inputs)
    except SpecError as exc:
        raise HTTPException(422, str(exc)) from None
    if not queries:
        return
    catalog = await catalog_for(catalogs, tenant, "check the fetch queries")
    for step, query in queries.items():
        if found := validate.problems(query, catalog):
            shown = "; ".join(problem[:200] for problem in found[:10])
            raise HTTPException(422, f"step {step!r}: the query does not fit the data: {shown}")
