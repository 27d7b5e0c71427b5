"""All configuration, loaded once from the environment (or `.env`) with pydantic-settings."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.ask import AgentExecution, LocalStep
from services.tenants import check_tenant

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def redact_url(url: str) -> str:
    """The URL as it may be shown: its password (in the user part or a `password=` parameter)
    as ***."""
    parts = urlsplit(url)
    userinfo, at, hosts = parts.netloc.rpartition("@")
    user, colon, _ = userinfo.partition(":")
    netloc = f"{user}{':***' if colon else ''}{at}{hosts}"
    query = "&".join(
        "password=***" if pair.partition("=")[0] == "password" else pair
        for pair in parts.query.split("&")
    )
    return urlunsplit(parts._replace(netloc=netloc, query=query))


class SecretUrl(SecretStr):
    """A URL that may hold a password: shown (repr, logs) with the password as ***."""

    def _display(self) -> str:
        return redact_url(self.get_secret_value())


class Settings(BaseSettings):
    """Quarry's settings. Every field can be set from an environment variable of the same name."""

    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", case_sensitive=False, populate_by_name=True
    )

    data_dir: Path = Field(PROJECT_ROOT / ".data", description="Where SQLite files and logs live.")

    temporal_address: str = Field("127.0.0.1:7233", description="Temporal frontend host:port.")
    temporal_namespace: str = Field("default", description="Temporal namespace for Quarry runs.")
    temporal_port: int = Field(7233, description="Port of the embedded Temporal dev server.")
    temporal_ui_port: int = Field(8233, description="Port of the embedded Temporal Web UI.")
    temporal_task_queue_partitions: int | None = Field(
        None,
        ge=1,
        description="Read and write partitions per task queue on the embedded server "
        "(default: the server's own, 4).",
    )
    temporal_search_attribute_cache: bool = Field(
        True,
        description="Let the embedded server cache search attribute definitions (the dev "
        "server's default reads them from its database on every use).",
    )
    temporal_ui_url: str | None = Field(
        None,
        description="The Temporal Web UI the console links runs to (default: the embedded one).",
    )
    temporal_metrics_port: int = Field(
        8235, description="Port of the embedded Temporal server's Prometheus /metrics."
    )
    temporal_tls: bool = Field(
        False,
        description="Connect to Temporal over TLS (implied by any TEMPORAL_TLS_* file below).",
    )
    temporal_tls_ca_file: Path | None = Field(
        None, description="PEM file of the CA that signed Temporal's server certificate."
    )
    temporal_tls_cert_file: Path | None = Field(
        None, description="PEM file of this client's certificate, for Temporal's mutual TLS."
    )
    temporal_tls_key_file: Path | None = Field(
        None,
        description="PEM file of this client's private key (read at start, never logged).",
    )
    temporal_tls_server_name: str | None = Field(
        None,
        description="Name to check Temporal's server certificate against (default: the host "
        "of TEMPORAL_ADDRESS).",
    )
    temporal_api_key: SecretStr | None = Field(
        None,
        description="Bearer token (a JWT for Temporal's default authorizer, or an API key) sent "
        "on every Temporal call.",
    )

    redis_url: str = Field("redis://127.0.0.1:6379/0", description="Redis used for the L2 cache.")
    redis_port: int = Field(6379, description="Port of the embedded Redis server.")

    cube_api_url: str = Field("http://127.0.0.1:4000", description="Base URL of the Cube server.")
    cube_port: int = Field(4000, description="Port of the embedded Cube server.")
    cube_api_secret: SecretStr | None = Field(
        None, description="Secret that signs Cube JWTs. `quarry up` generates one when unset."
    )
    cube_timeout_seconds: float = Field(
        10.0,
        description="HTTP timeout of one Cube request (Cube answers `Continue wait` within ~5 s).",
    )
    cube_row_limit: int = Field(5000, description="Most rows a Cube query may return.")
    cube_plan_row_limit: int = Field(
        50_000,
        description="Most rows of one step of a plan (a set, a count of groups), which is "
        "refused rather than cut beyond it.",
    )
    tenant_models: str = Field(
        "shop=shop",
        description="Each tenant's data model (cube/model/MODEL): `tenant=model`, comma-separated.",
    )
    default_model: str = Field(
        "flights", description="The data model of every tenant TENANT_MODELS does not name."
    )
    model_databases: str = Field(
        "",
        description="Your own models' SQLite files: `model=/path/file.sqlite`, comma-separated.",
    )

    query_agent: Literal["offline", "llm"] = Field(
        "offline", description="How questions are understood: `offline` (no model) or `llm`."
    )
    agent_execution: AgentExecution = Field(
        "local",
        description="`local`: a question's short steps (fetching, and understanding without an "
        "LLM) run as local activities on the workflow's worker, with fewer server round trips; "
        "`task-queues`: every agent on its own queue. README, Scaling.",
    )
    llm_base_url: str = Field(
        "http://127.0.0.1:8080/v1", description="OpenAI-compatible endpoint, up to /v1."
    )
    llm_api_key: SecretStr | None = Field(None, description="Bearer key for the LLM endpoint.")
    llm_model: str = Field("gpt-4o-mini", description="Model name sent to the LLM endpoint.")
    llm_timeout_seconds: float = Field(30.0, description="HTTP timeout of one LLM request.")

    data_version: str = Field(
        "1", description="Part of every cache key: change it when the data changes."
    )
    answer_cache_ttl_seconds: float = Field(300.0, description="How long an answer is reused.")
    rows_cache_ttl_seconds: float = Field(600.0, description="How long a query's rows are reused.")
    cache_l1_max_entries: int = Field(10_000, description="Most entries in a process's L1 cache.")
    cache_l1_max_bytes: int = Field(64 * 2**20, description="Most bytes in a process's L1 cache.")
    redis_retry_seconds: float = Field(
        5.0, description="After a Redis failure, how long to serve from L1 before trying again."
    )

    breaker_failure_threshold: int = Field(
        5, description="Failures in a row that open an upstream's circuit breaker."
    )
    breaker_reset_seconds: float = Field(
        10.0, description="How long an open breaker fails fast before a trial call."
    )
    cube_batch_window_ms: float = Field(
        5.0, description="How long the first Cube query waits for others to share its request."
    )
    cube_batch_max: int = Field(20, description="Most queries in one batched Cube request.")
    cube_batching: bool = Field(True, description="Batch concurrent Cube queries (on/off).")

    worker_metrics_port: int = Field(9464, description="Port of the worker's /metrics.")
    supervisor_metrics_port: int = Field(
        9466, description="Port of `quarry up`'s own /metrics (restarts of the parts it runs)."
    )
    admin_token: SecretStr | None = Field(
        None, description="Bearer token for admin endpoints. `quarry up` generates one when unset."
    )
    otel_exporter: Literal["none", "console", "otlp"] = Field(
        "none", description="Where OpenTelemetry traces go."
    )
    otel_endpoint: str = Field(
        "http://127.0.0.1:4318/v1/traces", description="OTLP/HTTP endpoint for traces."
    )

    embedded_dev_stack: bool = Field(
        False,
        description="Set by `quarry up` for the processes it starts: the embedded dev stack, "
        "where payload encryption is optional. Outside it the worker and API refuse to start "
        "without QUARRY_ENCRYPTION_KEY. Never set it in production.",
    )
    open_mode: bool = Field(
        False, description="No API key needed: every request is tenant TENANT (dev only)."
    )
    api_keys: str = Field(
        "", description="API keys as `tenant:sha256-of-key` pairs, comma-separated."
    )
    api_keys_file: Path | None = Field(
        None, description="JSON lines {tenant, sha256}; `quarry keys add TENANT` appends to it."
    )
    rate_limit_per_second: float = Field(
        100.0, description="Requests a tenant may make per second (0: no limit)."
    )
    rate_limit_burst: int = Field(200, description="Requests a tenant may make in one burst.")
    new_runs_per_second: float = Field(
        10.0,
        ge=0,
        description="Runs (questions that start a workflow, pipelines) a tenant may start per "
        "second; a cached answer or joining a running run costs none (0: no limit).",
    )
    new_runs_burst: int = Field(50, ge=1, description="New runs a tenant may start in one burst.")
    open_runs_max: int = Field(
        200,
        ge=0,
        description="Runs of a tenant not yet finished (waiting clarifications too) at once; "
        "beyond it a new run gets 429 (0: no limit).",
    )
    streams_per_run_max: int = Field(
        5, ge=0, description="Event streams (GET /v1/runs/{id}/events) open at once on one run."
    )
    streams_per_tenant_max: int = Field(
        50, ge=0, description="Event streams a tenant may hold open at once."
    )
    stream_max_seconds: float = Field(
        300.0,
        gt=0,
        description="Longest an event stream stays open; the client reconnects (EventSource "
        "does by itself).",
    )
    unauthenticated_per_second: float = Field(
        5.0,
        ge=0,
        description="Requests without a valid key (none, or a wrong one) a client address may "
        "make per second; beyond it 429 instead of 401 (0: no limit).",
    )
    unauthenticated_burst: int = Field(
        20, ge=1, description="Requests without a valid key an address may make in one burst."
    )
    trusted_proxies: str = Field(
        "",
        description="Addresses or networks (comma-separated) of proxies whose X-Forwarded-For "
        "names the client; empty: the peer address is the client's.",
    )
    stats_cache_seconds: float = Field(
        5.0, ge=0, description="How long GET /v1/stats reuses Temporal's task-queue backlogs."
    )
    encryption_key: SecretStr | None = Field(
        None,
        alias="QUARRY_ENCRYPTION_KEY",
        description="Base64 AES key (16/24/32 bytes): encrypts every payload Temporal stores.",
    )
    encryption_old_keys: str = Field(
        "",
        alias="QUARRY_ENCRYPTION_OLD_KEYS",
        description="Earlier keys (comma-separated base64) still accepted for decryption.",
    )
    codec_cors_origins: str = Field(
        "http://localhost:8233,http://127.0.0.1:8233",
        description="Web UI origins allowed to call the codec endpoint.",
    )

    api_host: str = Field("127.0.0.1", description="Interface the REST API listens on.")
    api_port: int = Field(8000, description="Port of the REST API.")
    api_processes: int = Field(
        0,
        ge=0,
        description="API processes `quarry up` runs on API_PORT (0: one per CPU core).",
    )
    max_body_bytes: int = Field(
        64 * 1024,
        ge=1024,
        description="Largest request body (bytes) of every route but the codec's: a question, "
        "a clarification or a pipeline fits in a few KB. Larger: 413, before it is parsed.",
    )
    codec_max_body_bytes: int = Field(
        8 * 2**20,
        ge=1024,
        description="Largest body (bytes) of the codec endpoint: the Web UI sends a run's "
        "payloads there (Temporal caps a payload at 2 MB and a gRPC message at 4 MB, which "
        "base64 in JSON makes about 5.4 MB).",
    )
    max_header_bytes: int = Field(
        16 * 1024,
        ge=1024,
        description="Largest request line and headers together (bytes; h11's own default): "
        "more is a 431. `quarry up`'s API processes stop reading a head at this size.",
    )
    pipeline_max_inputs: int = Field(
        20, ge=1, description="Most `inputs` a pipeline request may carry."
    )
    pipeline_max_input_bytes: int = Field(
        4096,
        ge=64,
        description="Largest value (bytes, UTF-8) of one pipeline input: a question or a "
        "Cube query as JSON.",
    )
    default_wait_seconds: float = Field(
        5.0, description="How long POST /v1/questions waits for an answer before it returns 202."
    )
    max_wait_seconds: float = Field(60.0, description="Upper bound of a request's wait_seconds.")

    temporal_db_file: Path | None = Field(
        None, description="SQLite file of the embedded Temporal server (default: in data_dir)."
    )
    tenant: str = Field("default", description="Tenant of requests in the keyless embedded mode.")
    vocabulary_db: Path | None = Field(
        None,
        description="SQLite file of the tenants' remembered words (default: vocabulary.sqlite "
        "in data_dir); the API and the worker must both reach it.",
    )
    vocabulary_url: SecretUrl | None = Field(
        None,
        description="PostgreSQL that keeps the remembered words instead of VOCABULARY_DB: "
        "`postgresql://user:password@host:5432/database` (shown with the password as ***).",
    )
    worker_shutdown_seconds: float = Field(
        20.0, description="On SIGTERM, how long in-flight activities get to finish."
    )
    workflow_sandbox: bool = Field(
        False,
        description="Run workflows in the SDK's sandbox (re-imports them per run: 8-17 ms "
        "of worker CPU a question). Off: the replay gate in the tests checks its rules.",
    )

    @field_validator("tenant")
    @classmethod
    def _tenant_named_well(cls, tenant: str) -> str:
        return check_tenant(tenant)

    @field_validator("api_keys")
    @classmethod
    def _key_tenants_named_well(cls, api_keys: str) -> str:
        for number, pair in enumerate(filter(None, (p.strip() for p in api_keys.split(",")))):
            tenant, colon, _ = pair.partition(":")
            if not colon:
                raise ValueError(f"entry {number + 1} is not `tenant:sha256`")
            _check_entry(number, tenant.strip())
        return api_keys

    @field_validator("tenant_models")
    @classmethod
    def _model_tenants_named_well(cls, tenant_models: str) -> str:
        for number, pair in enumerate(filter(None, (p.strip() for p in tenant_models.split(",")))):
            tenant, equals, _ = pair.partition("=")
            if not equals:
                raise ValueError(f"entry {number + 1} ({pair[:70]!r}) is not `tenant=model`")
            _check_entry(number, tenant.strip())
        return tenant_models

    def local_steps(self) -> list[LocalStep]:
        """Steps short enough to run inside the run's workflow task: an LLM call is not (it
        would hold the task, and every progress query, for seconds)."""
        if self.agent_execution == "task-queues":
            return []
        return ["fetch"] if self.query_agent == "llm" else ["understand", "fetch"]

    def vocabulary_path(self) -> Path:
        return self.vocabulary_db or self.data_dir / "vocabulary.sqlite"

    def api_process_count(self) -> int:
        return self.api_processes or os.cpu_count() or 1

    def own_models(self) -> dict[str, Path]:
        """MODEL_DATABASES as model -> file."""
        pairs = (pair.split("=", 1) for pair in self.model_databases.split(",") if "=" in pair)
        return {model.strip(): Path(path.strip()) for model, path in pairs}

    def served_models(self) -> list[str]:
        """Every data model some tenant asks about: the default, the mapped, your own."""
        pairs = (pair.split("=", 1) for pair in self.tenant_models.split(",") if "=" in pair)
        mapped = [m.strip() for _, m in pairs]
        return sorted({self.default_model, *mapped, *self.own_models()})

    def model_of(self, tenant: str) -> str:
        """The data model a tenant's questions are about (its folder in cube/model)."""
        pairs = (pair.split("=", 1) for pair in self.tenant_models.split(",") if "=" in pair)
        return {t.strip(): m.strip() for t, m in pairs}.get(tenant, self.default_model)

    @property
    def temporal_db_path(self) -> Path:
        return self.temporal_db_file or self.data_dir / "temporal.sqlite"


def _check_entry(number: int, tenant: str) -> None:
    """The tenant of a list setting's entry; a bad one is named by its place in the list."""
    try:
        check_tenant(tenant)
    except ValueError as bad:
        raise ValueError(f"entry {number + 1}: {bad}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def env_name(name: str) -> str:
    field = Settings.model_fields[name]
    return (field.alias or name).upper()


def reference() -> str:
    """The configuration reference, as the README shows it: generated, never hand-kept."""
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        lines.append(f"| `{env_name(name)}` | {_shown(field.default)} | {field.description} |")
    return "\n".join(lines)


def _shown(default: object) -> str:
    if default is None or default == "":
        return "none"
    if isinstance(default, Path) and default.is_relative_to(PROJECT_ROOT):
        default = default.relative_to(PROJECT_ROOT)
    return f"`{default}`"


if __name__ == "__main__":
    print(reference())
