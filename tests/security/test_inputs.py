"""Inputs are checked where they enter: a pipeline's inputs (number, size, use), the Cube
queries it hands to fetch steps (against the tenant's /meta, as the agent's), the numbers a
spec may set, and tenant names wherever a tenant is made."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from api.auth import load_keys
from cli import main as quarry
from models.ask import AskInput
from models.pipeline import StepSpec
from services.settings import Settings, get_settings
from tests.security.inprocess import RecordedCatalogs, client_of, quarry_app

FETCH = {"name": "rows", "agent": "fetch", "inputs": {"query": "$request.query"}}
FLIGHTS = json.dumps({"measures": ["flights.count"]})


def pipeline(inputs: dict[str, str], *steps: dict[str, object]) -> dict[str, object]:
    return {"spec": {"steps": list(steps) or [FETCH]}, "inputs": inputs, "wait_seconds": 0}


async def test_unused_inputs_are_refused_naming_them() -> None:
    """500 unused 2 KB inputs were taken, and stored in every event of the run's history."""
    unused = {f"junk{i}": "x" * 2000 for i in range(3)}
    async with client_of(quarry_app()) as client:
        reply = await client.post("/v1/pipelines/runs", json=pipeline({"query": FLIGHTS, **unused}))
    assert reply.status_code == 422
    assert reply.json()["detail"] == "inputs no step reads: 'junk0', 'junk1', 'junk2'"


async def test_inputs_are_capped_in_number() -> None:
    many = {"query": FLIGHTS, **{f"k{i}": "x" for i in range(499)}}
    async with client_of(quarry_app()) as client:
        reply = await client.post("/v1/pipelines/runs", json=pipeline(many))
    assert reply.status_code == 422
    assert reply.json()["detail"] == "500 inputs: at most 20 are allowed"
    async with client_of(quarry_app(pipeline_max_inputs=1)) as client:
        reply = await client.post("/v1/pipelines/runs", json=pipeline({"query": FLIGHTS, "k": "x"}))
    assert reply.json()["detail"] == "2 inputs: at most 1 are allowed"


async def test_inputs_are_capped_in_size() -> None:
    big = {"query": json.dumps({"measures": ["flights.count"], "dimensions": ["x" * 5000]})}
    async with client_of(quarry_app()) as client:
        reply = await client.post("/v1/pipelines/runs", json=pipeline(big))
    assert reply.status_code == 422
    assert reply.json()["detail"] == "input 'query' is over 4096 bytes"


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"measures": ["orders.count"]}, "unknown measure orders.count"),
        (
            {"measures": ["flights.count"], "dimensions": ["customers.name"]},
            "unknown dimension customers.name",
        ),
        (
            {
                "measures": ["flights.count"],
                "filters": [{"member": "lineitems.price", "operator": "gt", "values": ["1"]}],
            },
            "cannot filter on unknown member lineitems.price",
        ),
    ],
    ids=["measure", "dimension", "filter"],
)
async def test_a_fetch_query_naming_foreign_members_is_refused(
    query: dict[str, object], named: str
) -> None:
    """A fetch step ran the tenant's own query on Cube with none of the /meta checks that
    every query of the agent gets."""
    app = quarry_app()
    async with client_of(app) as client:
        reply = await client.post("/v1/pipelines/runs", json=pipeline({"query": json.dumps(query)}))
    assert reply.status_code == 422
    assert reply.json()["detail"].startswith("step 'rows': the query does not fit the data")
    assert named in reply.json()["detail"]
    assert app.state.catalogs.asked == ["default"]


async def test_a_fitting_fetch_query_gets_past_the_checks() -> None:
    app = quarry_app()
    async with client_of(app) as client:
        reply = await client.post("/v1/pipelines/runs", json=pipeline({"query": FLIGHTS}))
    assert isinstance(app.state.catalogs, RecordedCatalogs) and app.state.catalogs.asked
    assert reply.status_code == 503  # it went on to start the run: no Temporal here


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('{"measures": ["orders.count"]}', "a fetch query must be"),
        ("$steps.shown.columns", "a fetch query must be"),
    ],
    ids=["literal", "another agent's output"],
)
async def test_a_fetch_query_must_come_from_a_checked_source(source: str, message: str) -> None:
    steps = [
        {"name": "first", "agent": "fetch", "inputs": {"query": "$request.query"}},
        {
            "name": "shown",
            "agent": "present",
            "inputs": {"question": "q", "query": "$request.query", "data": "$steps.first"},
        },
        {"name": "rows", "agent": "fetch", "inputs": {"query": source}},
    ]
    async with client_of(quarry_app()) as client:
        reply = await client.post("/v1/pipelines/runs", json=pipeline({"query": FLIGHTS}, *steps))
    assert reply.status_code == 422
    assert message in reply.json()["detail"]


async def test_a_fetch_query_that_is_not_json_is_refused() -> None:
    async with client_of(quarry_app()) as client:
        reply = await client.post("/v1/pipelines/runs", json=pipeline({"query": "flights.count"}))
    assert reply.status_code == 422
    assert reply.json()["detail"] == "step 'rows': $request.query is not a Cube query in JSON"


def test_numbers_a_spec_sets_are_finite() -> None:
    """A NaN timeout reached the workflow, where timedelta(seconds=nan) fails every task."""
    with pytest.raises(ValidationError, match="finite"):
        StepSpec(name="a", agent="fetch", timeout_seconds=float("nan"))
    for bad in ("nan", "inf", "0", "1e12"):
        with pytest.raises(ValidationError):
            AskInput(question="q", clarify_timeout_seconds=bad)  # type: ignore[arg-type]


async def test_a_spec_field_is_bounded_in_length() -> None:
    step = {"name": "a", "agent": "x" * 10_000}
    async with client_of(quarry_app()) as client:
        reply = await client.post("/v1/pipelines/runs", json={"spec": {"steps": [step]}})
    assert reply.status_code == 422
    assert reply.json()["detail"][0]["msg"] == "String should have at most 40 characters"


# Tenant names


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "api-keys.jsonl"
    monkeypatch.setenv("API_KEYS_FILE", str(path))
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


@pytest.mark.parametrize("tenant", ["*", "", "a b", "x" * 65, "acme/../shop"])
def test_keys_add_refuses_a_tenant_name_that_is_not_one(
    tenant: str, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`quarry keys add '*'` made a key as powerful as the admin token."""
    assert quarry(["keys", "add", tenant]) == 2
    assert not key_file.exists()
    said = capsys.readouterr()
    assert "no key was made" in said.err and "qk_" not in said.out


def test_keys_add_still_makes_a_key(key_file: Path) -> None:
    assert quarry(["keys", "add", "acme-2"]) == 0
    assert json.loads(key_file.read_text())["tenant"] == "acme-2"


def test_a_key_file_that_names_the_admin_tenant_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "keys.jsonl"
    path.write_text(
        json.dumps({"tenant": "acme", "sha256": "a" * 64})
        + "\n"
        + json.dumps({"tenant": "*", "sha256": "b" * 64})
        + "\n"
    )
    with pytest.raises(ValueError, match=r"line 2: '\*' is the admin token's tenant"):
        load_keys(Settings(api_keys_file=path))


@pytest.mark.parametrize(
    ("setting", "value", "named"),
    [
        ("api_keys", f"acme:{'a' * 64},*:{'b' * 64}", "entry 2: '*' is the admin token's tenant"),
        ("api_keys", f"a b:{'a' * 64}", "entry 1: tenant 'a b' is not a valid name"),
        ("tenant_models", "shop=shop,*=flights", "entry 2: '*' is the admin token's tenant"),
        ("tenant_models", "shop", "entry 1 ('shop') is not `tenant=model`"),
        ("tenant", "*", "'*' is the admin token's tenant"),
    ],
)
def test_settings_refuse_bad_tenant_names_naming_the_entry(
    setting: str, value: str, named: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(**{setting: value})
    assert named in str(refused.value)


@pytest.mark.integration
def test_fetch_queries_are_checked_against_the_real_model(api: httpx.Client) -> None:
    """On the real stack: the flights tenant's own query runs; the shop model's members are
    refused before any run starts."""
    fits = api.post("/v1/pipelines/runs", json={**pipeline({"query": FLIGHTS}), "wait_seconds": 30})
    assert fits.status_code == 200, fits.text
    assert fits.json()["output"]["rows"] == [[336776]]
    foreign = json.dumps({"measures": ["orders.count"], "dimensions": ["customers.name"]})
    refused = api.post("/v1/pipelines/runs", json=pipeline({"query": foreign}))
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert "unknown measure orders.count" in detail and "unknown dimension customers.name" in detail
