"""docker-compose.temporal.yml, read as YAML (no Docker needed): what it publishes, what it
requires, and that Temporal, Redis and Quarry's clients are configured for TLS and auth."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from services.settings import PROJECT_ROOT, Settings, env_name

COMPOSE = PROJECT_ROOT / "docker-compose.temporal.yml"
SCRIPT = PROJECT_ROOT / "deploy" / "make-secrets.sh"
# Temporal frontend, Web UI (host and container side), Cube, Redis, PostgreSQL.
CLOSED_PORTS = {7233, 8233, 8080, 4000, 6379, 5432}
REQUIRED = re.compile(r"\$\{(\w+):\?[^}]*\}")


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(loaded, dict)
    return loaded


def services() -> dict[str, dict[str, Any]]:
    return dict(compose()["services"])


def env(service: str) -> dict[str, str]:
    return {k: str(v) for k, v in (services()[service].get("environment") or {}).items()}


def published(entry: object) -> tuple[str, int, int]:
    """(host address, host port, container port) of a short-syntax port entry."""
    if isinstance(entry, dict):
        return str(entry.get("host_ip", "")), int(entry["published"]), int(entry["target"])
    parts = str(entry).rsplit(":", 2)
    if len(parts) == 2:
        return "", int(parts[0]), int(parts[1])
    if len(parts) == 1:
        return "", int(parts[0]), int(parts[0])
    host, port, target = parts
    return host, int(port) if port.isdigit() else -1, int(target)


def test_only_the_api_publishes_a_port_and_on_an_address_the_operator_sets() -> None:
    publishing = {name: s["ports"] for name, s in services().items() if s.get("ports")}
    assert set(publishing) == {"api"}, publishing
    for entry in publishing["api"]:
        host, _, target = published(entry)
        assert target == 8000
        assert host.startswith("${QUARRY_API_BIND"), f"bind address not the operator's: {entry}"
    for name, service in services().items():
        for entry in service.get("ports", []):
            host_port = published(entry)[1]
            assert host_port not in CLOSED_PORTS, (name, entry)


def test_backend_parts_sit_on_an_internal_network_only() -> None:
    networks = compose()["networks"]
    assert networks["backend"]["internal"] is True
    for name in ("postgresql", "temporal", "temporal-ui", "redis", "cube"):
        assert services()[name]["networks"] == ["backend"], name


def test_temporal_requires_mutual_tls_and_runs_the_default_jwt_authorizer() -> None:
    temporal = env("temporal")
    assert temporal["TEMPORAL_TLS_REQUIRE_CLIENT_AUTH"] == "true"
    for name in (
        "TEMPORAL_TLS_SERVER_CA_CERT",
        "TEMPORAL_TLS_SERVER_CERT",
        "TEMPORAL_TLS_SERVER_KEY",
        "TEMPORAL_TLS_FRONTEND_CERT",
        "TEMPORAL_TLS_FRONTEND_KEY",
        "TEMPORAL_TLS_CLIENT1_CA_CERT",
    ):
        assert temporal[name].startswith("/certs/"), name
    assert temporal["TEMPORAL_TLS_FRONTEND_DISABLE_HOST_VERIFICATION"] == "false"
    assert temporal["TEMPORAL_AUTH_AUTHORIZER"] == "default"
    assert temporal["TEMPORAL_AUTH_CLAIM_MAPPER"] == "default"
    assert temporal["TEMPORAL_JWT_KEY_SOURCE1"]


def test_the_web_ui_and_admin_tools_reach_temporal_over_mtls_and_the_ui_asks_for_a_login() -> None:
    for name in ("temporal-ui", "temporal-admin-tools"):
        tools = env(name)
        for var in ("TEMPORAL_TLS_CA", "TEMPORAL_TLS_CERT", "TEMPORAL_TLS_KEY"):
            assert tools[var].startswith("/certs/"), (name, var)
        assert tools["TEMPORAL_TLS_SERVER_NAME"] == "temporal"
    assert env("temporal-ui")["TEMPORAL_AUTH_ENABLED"] == "true"
    assert REQUIRED.search(env("temporal-admin-tools")["TEMPORAL_API_KEY"])


def test_redis_requires_a_password_that_quarry_carries() -> None:
    redis = services()["redis"]
    assert "requirepass" in " ".join(map(str, redis["command"]))
    assert REQUIRED.fullmatch(env("redis")["REDIS_PASSWORD"])
    for name in ("api", "worker"):
        url = env(name)["REDIS_URL"]
        assert url.startswith("redis://:${REDIS_PASSWORD:?"), url


def test_api_and_workers_share_one_vocabulary_store_in_the_compose_postgresql() -> None:
    """Words a worker records reach the API (and the other workers): not a file each."""
    urls = {env(name)["VOCABULARY_URL"] for name in ("api", "worker")}
    assert len(urls) == 1
    url = urls.pop()
    assert url.startswith("postgresql://quarry:${QUARRY_DB_PASSWORD:?") and "@postgresql:" in url
    assert REQUIRED.fullmatch(env("postgresql")["QUARRY_DB_PASSWORD"])
    init = PROJECT_ROOT / "deploy" / "postgres-init" / "10-quarry.sh"
    assert "CREATE DATABASE quarry" in init.read_text() and os.access(init, os.X_OK)
    for name in ("api", "worker"):
        assert "postgresql" in services()[name]["depends_on"]


def test_the_encryption_key_and_every_secret_are_required() -> None:
    for name in ("api", "worker"):
        quarry = env(name)
        for var in ("QUARRY_ENCRYPTION_KEY", "CUBE_API_SECRET", "ADMIN_TOKEN", "TEMPORAL_API_KEY"):
            assert REQUIRED.fullmatch(quarry[var]), (name, var, quarry[var])
    assert REQUIRED.fullmatch(env("postgresql")["POSTGRES_PASSWORD"])


def test_api_and_worker_present_a_client_certificate_with_settings_quarry_reads() -> None:
    known = {env_name(field) for field in Settings.model_fields}
    for name in ("api", "worker"):
        quarry = env(name)
        for var in ("TEMPORAL_TLS_CA_FILE", "TEMPORAL_TLS_CERT_FILE", "TEMPORAL_TLS_KEY_FILE"):
            assert quarry[var].startswith("/certs/"), (name, var)
        assert quarry["TEMPORAL_TLS_SERVER_NAME"] == "temporal"
        assert {"TEMPORAL_TLS_CA_FILE", "TEMPORAL_TLS_CERT_FILE", "TEMPORAL_API_KEY"} <= known


def test_the_api_caps_request_heads_before_parsing_them() -> None:
    """Plain uvicorn picks httptools, which parses a head of any size: h11 with a cap."""
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    for command in (" ".join(services()["api"]["command"]), dockerfile):
        assert "h11" in command.replace("h11-max", "")
        assert "h11-max-incomplete-event-size" in command


def test_every_file_the_compose_mounts_from_the_repository_exists() -> None:
    for name, service in services().items():
        for volume in service.get("volumes", []):
            source = str(volume).split(":", 1)[0]
            if not source.startswith("./") or source.startswith(("./.data", "./deploy/secrets")):
                continue  # named volumes; data and secrets made at set-up
            assert (PROJECT_ROOT / source).exists(), (name, source)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")
def test_the_secrets_script_makes_every_secret_and_file_the_compose_requires(
    tmp_path: Path,
) -> None:
    out = tmp_path / "secrets"
    script_env = {"SECRETS_DIR": str(out), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    subprocess.run([str(SCRIPT)], env=script_env, check=True, capture_output=True)
    generated = dict(
        line.split("=", 1)
        for line in (out / "compose.env").read_text().splitlines()
        if line and not line.startswith("#")
    )
    lines = [line for line in COMPOSE.read_text().splitlines() if not line.lstrip().startswith("#")]
    required = set(REQUIRED.findall("\n".join(lines)))
    assert required <= set(generated), required - set(generated)
    mounted = {
        value.removeprefix("/certs/")
        for name in services()
        for value in env(name).values()
        if value.startswith("/certs/")
    }
    assert mounted <= {p.name for p in (out / "certs").iterdir()}
    names = [str(out / "certs" / f"{n}.pem") for n in ("temporal", "quarry", "admin")]
    ca = str(out / "certs" / "ca.pem")
    subprocess.run(["openssl", "verify", "-CAfile", ca, *names], check=True, capture_output=True)
    for path in [out, *out.rglob("*")]:
        if "jwks" not in path.parts:  # the JWKS is the public half
            assert path.stat().st_mode & 0o077 == 0, path
    assert not (out / "certs" / "ca.key").exists(), "the CA key is never mounted"


@pytest.mark.skipif(
    shutil.which("docker-compose") is None or shutil.which("openssl") is None,
    reason="needs docker-compose (Debian's `docker-compose` package) and openssl",
)
def test_compose_validates_the_file_with_the_generated_secrets(tmp_path: Path) -> None:
    """Compose's own schema check and interpolation (`config`), without a Docker engine. The
    Python docker-compose 1.x predates the top-level `name`, so it reads a copy without it."""
    out = tmp_path / "secrets"
    script_env = {"SECRETS_DIR": str(out), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    subprocess.run([str(SCRIPT)], env=script_env, check=True, capture_output=True)
    copy = PROJECT_ROOT / f".compose-check-{os.getpid()}.yml"  # relative mounts stay right
    lines = COMPOSE.read_text().splitlines()
    copy.write_text("\n".join(line for line in lines if not line.startswith("name:")))
    try:
        argv = ["docker-compose", "-f", str(copy), "config", "-q"]
        refused = subprocess.run(argv, capture_output=True, text=True)
        assert refused.returncode != 0 and "POSTGRES_PASSWORD" in refused.stderr
        argv[1:1] = ["--env-file", str(out / "compose.env")]
        valid = subprocess.run(argv, capture_output=True, text=True)
        assert valid.returncode == 0, valid.stderr
    finally:
        copy.unlink()
