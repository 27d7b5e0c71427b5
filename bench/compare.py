"""Quarry side by side with the seed's architecture and plain Temporal builds, on the same
machine, the same Cube and the same scripted LLM, in one run.

    .venv/bin/python -m bench.compare
    QUARRY_BENCH_PORTS_BASE=22500 .venv/bin/python -m bench.compare --only cached

Systems:
- seed monolith: one FastAPI process calling the agents in sequence (bench/monolith.py);
- naive Temporal: three plain activities calling the same agents, default dev server;
- raw Temporal: three bare activities that return at once, on Quarry's tuned dev server;
- Quarry: `quarry up` as the README runs it (short steps as local activities, the default);
- Quarry, task queues: the same stack, runs started with AGENT_EXECUTION=task-queues (each
  agent an activity on its own queue, as before local steps), through a second API.

Scenarios:
- overhead: agents that return at once (Quarry's workflow with instant agents registered
  under the real names, on its own namespace): one client for added latency, then 200;
- realistic: the LLM answers in 800 +- 200 ms and fails 5% with 503; every question is new;
  200 concurrent clients (the target load), then 20 (latency when the machine keeps up);
- cached: a Zipf-distributed mix of paraphrased questions, from a cold cache (50 clients), then
  warm at 1, 10 and 50 clients.

Each system runs alone while the others idle; CPU and peak memory are sampled per process.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench import server_profile
from bench.common import Run, Usage, api_client, drive, measured
from stack.launch import LaunchedStack, launched_stack, ports
from stack.processes import http_ok, tcp_open

# Another base lets the benchmark run beside stacks already on this machine.
BASE = int(os.environ.get("QUARRY_BENCH_PORTS_BASE", "17300"))
LLM_PORT, NAIVE_TEMPORAL_PORT = BASE + 90, BASE + 70
MONOLITH_PORT, RAW_PORT, NAIVE_PORT, OVERHEAD_PORT = BASE + 80, BASE + 81, BASE + 82, BASE + 83
QUEUES_PORT, OVERHEAD_QUEUES_PORT = BASE + 84, BASE + 85
QUEUES = "Quarry, task queues"
OVERHEAD_NAMESPACE = "bench-overhead"
TEMPLATES = (
    "How many flights went to {}?",
    "how many flights went to {}",
    "How many flights went to {} ?",
    "  How many flights went to {}?  ",
)
ROLES = ("server", "worker", "api")
SCENARIOS = ("overhead", "realistic", "cached")
HEADER = (
    "| scenario | system | clients | requests | per second | p50 ms | p95 ms | p99 ms | errors "
    "| server CPU / peak MB | worker CPU / peak MB | API CPU / peak MB |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|"
)

PER_QUESTION_HEADER = (
    "| scenario | system | clients | server CPU ms | worker CPU ms | API CPU ms "
    "| frontend calls | DB operations |\n|---|---|---|---|---|---|---|---|"
)


@dataclass
class System:
    name: str
    url: str
    pids: dict[str, list[int]] = field(default_factory=dict)  # role -> its processes
    server_metrics: str | None = None  # the Temporal server's Prometheus URL

    @property
    def tag(self) -> str:
        """Part of each question, so no system is answered from another's runs or cache."""
        return "".join(word[:3] for word in self.name.split())


@dataclass
class Result:
    scenario: str
    system: str
    clients: int
    run: Run
    usage: Usage
    hits: list[float] = field(default_factory=list)
    server_work: str = ""
    server_totals: dict[str, float] = field(default_factory=dict)

    def cpu_ms(self, role: str) -> float | None:
        """CPU milliseconds the role spent per question (user + sys over the scenario)."""
        if role not in self.usage.cpu or not self.run.count:
            return None
        return self.usage.cpu[role] / 100 * self.run.seconds * 1000 / self.run.count

    def per_question(self) -> str:
        cells = [self.scenario, self.system, str(self.clients)]
        for role in ROLES:
            ms = self.cpu_ms(role)
            cells.append("-" if ms is None else f"{ms:.1f}")
        for kind in ("frontend", "db"):
            total = self.server_totals.get(kind)
            cells.append("-" if total is None else f"{total:.1f}")
        return "| " + " | ".join(cells) + " |"

    def shared_cpu(self) -> str:
        cpu = self.usage.cpu
        return ", ".join(
            f"{role} {cpu[role]:.0f}%" for role in ("cube", "llm", "load") if role in cpu
        )

    def row(self) -> str:
        run = self.run
        cells = [
            self.scenario,
            self.system,
            str(self.clients),
            str(run.count),
            f"{run.throughput:,.1f}",
            f"{run.pct(50):,.1f}",
            f"{run.pct(95):,.1f}",
            f"{run.pct(99):,.1f}",
            f"{100 * run.error_rate:.2f}%",
            *(self.usage.cell(role) for role in ROLES),
        ]
        return "| " + " | ".join(cells) + " |"


def spawn(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT)


@contextmanager
def running(
    argv: list[str], env: dict[str, str], log: Path, ready: str | int | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """A child process, stopped on exit; `ready` is a health URL or a TCP port to wait for."""
    child = spawn(argv, env, log)
    try:
        deadline = time.monotonic() + 90
        check = tcp_open(ready) if isinstance(ready, int) else http_ok(ready) if ready else None
        while check is not None and not check():
            if child.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{argv} did not start: see {log}")
            time.sleep(0.2)
        yield child
    finally:
        child.terminate()
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            child.kill()


def uvicorn(app: str, port: int, workers: int = 1) -> list[str]:
    return [
        sys.executable,
        *("-m", "uvicorn", app, "--factory", "--port", str(port), "--log-level", "warning"),
        *(("--workers", str(workers)) if workers > 1 else ()),
    ]


def temporal_default(db: Path, port: int) -> list[str]:
    """The dev server as its docs start it: a SQLite file and nothing else."""
    temporal = str(Path(sys.executable).parent / "temporal")
    flags = ["--db-filename", str(db), "--port", str(port), "--ui-port", str(port + 1)]
    # A fixed metrics port (the default is a random one) changes nothing but where to look.
    return [temporal, "server", "start-dev", *flags, "--metrics-port", str(port + 2), "--headless"]


def create_namespace(stack: LaunchedStack, namespace: str) -> None:
    temporal = str(Path(sys.executable).parent / "temporal")
    argv = [temporal, "operator", "namespace", "create", "--namespace", namespace]
    subprocess.run([*argv, "--address", stack.temporal_address], check=True, capture_output=True)
    # The frontend caches namespaces; wait until this one is served.
    describe = [temporal, "operator", "namespace", "describe", "--namespace", namespace]
    for _ in range(100):
        done = subprocess.run([*describe, "--address", stack.temporal_address], capture_output=True)
        if done.returncode == 0:
            return
        time.sleep(0.2)


def destinations(stack: LaunchedStack) -> list[str]:
    with sqlite3.connect(stack.data_dir / "nycflights13.sqlite") as db:
        rows = db.execute("SELECT dest FROM flights GROUP BY dest ORDER BY count(*) DESC")
        return [r[0] for r in rows]


def realistic_questions(dests: list[str], n: int, tag: str) -> list[str]:
    """New questions every time (no answer cache can help); the LLM reads the destination."""
    return [
        f"Request {tag}-{i}: How many flights went to {dests[i % len(dests)]}?" for i in range(n)
    ]


def zipf_questions(dests: list[str], n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    popular = dests[:50]
    weights = [1 / (rank + 1) for rank in range(len(popular))]
    picks = rng.choices(popular, weights=weights, k=n)
    return [rng.choice(TEMPLATES).format(dest) for dest in picks]


async def scenario(name: str, system: System, questions: list[str], clients: int) -> Result:
    hits: list[float] = []
    before = server_profile.scrape(system.server_metrics) if system.server_metrics else None
    async with (
        api_client(system.url, connections=clients + 10) as api,
        measured(system.pids, solo=frozenset({"load"})) as usage,
    ):

        async def ask(i: int) -> bool:
            started = time.perf_counter()
            status, body = await api.ask(questions[i], wait_seconds=60)
            if body.get("cached"):
                hits.append((time.perf_counter() - started) * 1000)
            return status == 200 and body.get("status") == "completed"

        run = await drive(ask, clients, len(questions))
    result = Result(name, system.name, clients, run, usage, hits)
    if system.server_metrics is not None and before is not None:
        after = server_profile.scrape(system.server_metrics)
        result.server_work = server_profile.per_question(before, after, run.count)
        result.server_totals = server_profile.totals(before, after, run.count)
    print(result.row(), flush=True)
    return result


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "n/a"


async def run_all(
    systems: dict[str, System], dests: list[str], n: int, only: set[str]
) -> list[Result]:
    mono, naive, raw, quarry = (systems[k] for k in ("monolith", "naive", "raw", "quarry"))
    overhead, queues, overhead_queues = (
        systems[k] for k in ("overhead", "queues", "overhead-queues")
    )
    results = []
    print(HEADER, flush=True)
    if "overhead" in only:
        for clients, count in ((1, 200), (200, n)):
            for system in (raw, overhead_queues, overhead):
                questions = realistic_questions(dests, count, f"o{clients}{system.tag}")
                results.append(await scenario("overhead", system, questions, clients))
    if "realistic" in only:
        # 200 clients is the target load; 20 shows the latency of a machine not saturated.
        for clients, count in ((200, n), (20, n // 2)):
            for system in (mono, naive, queues, quarry):
                questions = realistic_questions(dests, count, f"r{clients}{system.tag}")
                results.append(await scenario("realistic", system, questions, clients))
    if "cached" in only:
        cold = zipf_questions(dests, 2 * n)
        for system in (mono, quarry):
            results.append(await scenario("cached, from cold", system, cold, 50))
        for clients in (1, 10, 50):
            warm = zipf_questions(dests, 5 * n, seed=clients)
            results.append(await scenario("cached, warm", quarry, warm, clients))
    return results


def summary(results: list[Result]) -> list[str]:
    by = {(r.scenario, r.system, r.clients): r for r in results}
    lines = []
    if ("overhead", "Quarry", 1) in by:
        raw1, q1 = by["overhead", "raw Temporal", 1], by["overhead", "Quarry", 1]
        raw200, q200 = by["overhead", "raw Temporal", 200], by["overhead", "Quarry", 200]
        added = q1.run.pct(50) - raw1.run.pct(50)
        lines += [
            f"overhead, 1 client: Quarry p50 {q1.run.pct(50):.1f} ms, raw Temporal "
            f"{raw1.run.pct(50):.1f} ms: Quarry adds {added:.1f} ms",
            f"overhead, 200 clients: Quarry / raw Temporal throughput "
            f"{ratio(q200.run.throughput, raw200.run.throughput)}",
        ]
        if (queues := by.get(("overhead", QUEUES, 200))) is not None:
            lines.append(
                f"overhead, 200 clients: local agents / task queues throughput "
                f"{ratio(q200.run.throughput, queues.run.throughput)}"
            )
    if ("realistic", "Quarry", 200) in by:
        mono, naive, quarry = (
            by["realistic", s, 200].run for s in ("seed monolith", "naive Temporal", "Quarry")
        )
        lines.append(
            f"realistic: Quarry / monolith throughput {ratio(quarry.throughput, mono.throughput)}"
            f", p50 {ratio(quarry.pct(50), mono.pct(50))}"
            f", p99 {ratio(quarry.pct(99), mono.pct(99))}"
            f"; Quarry / naive Temporal throughput {ratio(quarry.throughput, naive.throughput)}"
        )
        if (queues := by.get(("realistic", QUEUES, 200))) is not None:
            lines.append(
                f"realistic, 200 clients: local agents / task queues throughput "
                f"{ratio(quarry.throughput, queues.run.throughput)}, p99 "
                f"{ratio(quarry.pct(99), queues.run.pct(99))}"
            )
    if ("cached, from cold", "Quarry", 50) in by:
        cold, mono_cold = (by["cached, from cold", s, 50] for s in ("Quarry", "seed monolith"))
        lines.append(
            f"cached from cold: hit ratio {100 * len(cold.hits) / max(cold.run.count, 1):.1f}%,"
            f" Quarry / monolith throughput {ratio(cold.run.throughput, mono_cold.run.throughput)}"
        )
        for clients in (1, 10, 50):
            warm = by["cached, warm", "Quarry", clients]
            hits = Run(latencies=warm.hits)
            lines.append(
                f"cached warm, {clients} clients: hit p50 {hits.pct(50):.1f} ms, "
                f"{warm.run.throughput:,.0f} answers/s"
            )
    return lines


@contextmanager
def systems_up(work: Path, stack: LaunchedStack, llm_pid: int) -> Iterator[dict[str, System]]:
    env = stack.service_env()
    logs = stack.data_dir / "logs"
    py = sys.executable
    apis = sorted(p.stem for p in logs.glob("api*.pid"))  # api, api-2, ...: one per core
    stack_pids = {
        "server": [stack.pid("temporal")],
        "worker": [stack.pid("worker")],
        "api": [stack.pid(name) for name in apis],
    }
    naive_env = {**env, "TEMPORAL_ADDRESS": f"127.0.0.1:{NAIVE_TEMPORAL_PORT}"}
    overhead_env = {
        **env,
        "TEMPORAL_NAMESPACE": OVERHEAD_NAMESPACE,
        "OPEN_MODE": "true",
        "API_PORT": str(OVERHEAD_PORT),
    }
    queues_env = {**env, "AGENT_EXECUTION": "task-queues", "API_PORT": str(QUEUES_PORT)}
    overhead_queues_env = {
        **overhead_env,
        "AGENT_EXECUTION": "task-queues",
        "API_PORT": str(OVERHEAD_QUEUES_PORT),
    }
    create_namespace(stack, OVERHEAD_NAMESPACE)
    with ExitStack() as up:

        def start(
            argv: list[str], env: dict[str, str], name: str, ready: str | int | None
        ) -> list[int]:
            return [up.enter_context(running(argv, env, logs / f"{name}.log", ready)).pid]

        def api(app: str, port: int, env: dict[str, str], name: str, workers: int = 1) -> list[int]:
            health = "/healthz" if app.startswith("api.") else "/docs"
            argv = uvicorn(app, port, workers)
            return start(argv, env, name, f"http://127.0.0.1:{port}{health}")

        plain = [py, "-m", "bench.plain_temporal", "worker", "--mode"]
        naive_db = work / "naive-temporal.db"
        naive_server = start(
            temporal_default(naive_db, NAIVE_TEMPORAL_PORT),
            env,
            "naive-temporal",
            NAIVE_TEMPORAL_PORT,
        )
        instant_worker = start([py, "-m", "bench.instant_agents"], overhead_env, "instant", None)
        quarry_app = "api.main:create_app"
        pids = {
            "monolith": {"api": api("bench.monolith:create_app", MONOLITH_PORT, env, "monolith")},
            "raw": {
                "server": stack_pids["server"],
                "worker": start([*plain, "raw"], env, "raw-worker", None),
                "api": api(
                    "bench.plain_temporal:create_app",
                    RAW_PORT,
                    {**env, "PLAIN_MODE": "raw"},
                    "raw-api",
                ),
            },
            "naive": {
                "server": naive_server,
                "worker": start([*plain, "naive"], naive_env, "naive-worker", None),
                "api": api(
                    "bench.plain_temporal:create_app",
                    NAIVE_PORT,
                    {**naive_env, "PLAIN_MODE": "naive"},
                    "naive-api",
                ),
            },
            # The instant worker serves both: a run's input says where its agents run.
            "overhead": {
                "server": stack_pids["server"],
                "worker": instant_worker,
                "api": api(quarry_app, OVERHEAD_PORT, overhead_env, "overhead-api"),
            },
            "overhead-queues": {
                "server": stack_pids["server"],
                "worker": instant_worker,
                "api": api(
                    quarry_app, OVERHEAD_QUEUES_PORT, overhead_queues_env, "overhead-queues-api"
                ),
            },
            "quarry": stack_pids,
            # As many API processes as Quarry's (uvicorn's own workers): only the agents differ.
            "queues": {
                **stack_pids,
                "api": api(quarry_app, QUEUES_PORT, queues_env, "queues-api", len(apis)),
            },
        }
        # Shared by every system, and on the same two cores: Cube, the LLM and this load generator.
        shared = {"cube": [stack.pid("cube")], "llm": [llm_pid], "load": [os.getpid()]}
        for system_pids in pids.values():
            system_pids.update(shared)
        url = "http://127.0.0.1:{}".format
        tuned = url(stack.env["TEMPORAL_METRICS_PORT"]) + "/metrics"
        default = url(NAIVE_TEMPORAL_PORT + 2) + "/metrics"
        yield {
            "monolith": System("seed monolith", url(MONOLITH_PORT), pids["monolith"]),
            "raw": System("raw Temporal", url(RAW_PORT), pids["raw"], tuned),
            "naive": System("naive Temporal", url(NAIVE_PORT), pids["naive"], default),
            "overhead": System("Quarry", url(OVERHEAD_PORT), pids["overhead"], tuned),
            "overhead-queues": System(
                QUEUES, url(OVERHEAD_QUEUES_PORT), pids["overhead-queues"], tuned
            ),
            "queues": System(QUEUES, url(QUEUES_PORT), pids["queues"], tuned),
            "quarry": System("Quarry", stack.api, pids["quarry"], tuned),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--only", nargs="*", default=list(SCENARIOS), choices=SCENARIOS)
    args = parser.parse_args()
    llm_url = f"http://127.0.0.1:{LLM_PORT}/v1"
    env = {
        **ports(BASE),
        "QUERY_AGENT": "llm",
        "LLM_BASE_URL": llm_url,
        "LLM_TIMEOUT_SECONDS": "5",
        "RATE_LIMIT_PER_SECOND": "0",
        "NEW_RUNS_PER_SECOND": "0",  # one tenant drives the load: its limits by cost lifted
        "OPEN_RUNS_MAX": "0",
    }
    llm = [sys.executable, "-m", "bench.fake_llm", "--port", str(LLM_PORT)]
    with tempfile.TemporaryDirectory(prefix="quarry-compare-") as tmp:
        work = Path(tmp)
        with (
            running(llm, dict(os.environ), work / "llm.log", f"{llm_url[:-3]}/docs") as llm_child,
            launched_stack(work, env) as stack,
            systems_up(work, stack, llm_child.pid) as systems,
        ):
            dests = destinations(stack)
            results = asyncio.run(run_all(systems, dests, args.requests, set(args.only)))
            print("\n" + "\n".join(summary(results)))
            print("\nPer question: CPU milliseconds of each process, and the Temporal server's")
            print("frontend calls and database operations:\n")
            print(PER_QUESTION_HEADER)
            for result in results:
                print(result.per_question())
            print("\nPer scenario: CPU of the shared parts, and the Temporal server's work per")
            print("question (from its own metrics):")
            for result in results:
                print(
                    f"- {result.scenario}, {result.system}, {result.clients} clients: "
                    f"{result.shared_cpu()}"
                )
                if result.server_work:
                    print(f"  server: {result.server_work}")


if __name__ == "__main__":
    main()
