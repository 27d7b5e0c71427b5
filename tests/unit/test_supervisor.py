"""`quarry up`'s supervision: a dead part comes back at once the first time, later restarts back
off, each is counted, and a part that keeps dying ends the stack."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from services.settings import Settings
from stack.processes import Service, StackError
from stack.up import (
    CRASH_LOOP_RESTARTS,
    RESTART_DELAY_MAX_SECONDS,
    SUPERVISOR_METRICS,
    api_services,
    listening_socket,
    restart_delay,
    schedule_restart,
    temporal_argv,
)


def test_restart_delays_grow_for_a_part_that_keeps_dying() -> None:
    delays = [restart_delay(n) for n in range(1, 12)]
    assert delays[0] == 0.0  # killed once: back at once
    assert delays[1:5] == [1.0, 2.0, 4.0, 8.0]
    assert max(delays) == RESTART_DELAY_MAX_SECONDS


def dead(name: str) -> Service:
    service = Service(name, ["true"], healthy=lambda: True)
    service.process = subprocess.Popen(["true"])
    service.process.wait()
    return service


def test_each_restart_is_counted_and_scheduled_later_each_time(tmp_path: Path) -> None:
    service = dead("cube-test")
    before = restarts("cube-test")
    schedule_restart(service, 100.0, tmp_path)
    assert service.restart_at == 100.0
    service.restart_at = None
    schedule_restart(service, 101.0, tmp_path)
    assert service.restart_at == 102.0
    assert restarts("cube-test") == before + 2


def test_a_part_that_keeps_dying_ends_the_stack(tmp_path: Path) -> None:
    service = dead("worker-test")
    for second in range(CRASH_LOOP_RESTARTS):
        schedule_restart(service, 100.0 + second, tmp_path)
    with pytest.raises(StackError, match="keeps exiting"):
        schedule_restart(service, 110.0, tmp_path)


def restarts(part: str) -> float:
    return SUPERVISOR_METRICS.get_sample_value("quarry_restarts_total", {"part": part}) or 0.0


def test_the_embedded_server_gets_task_queue_partitions_only_when_set(tmp_path: Path) -> None:
    default = temporal_argv(Settings(data_dir=tmp_path))
    assert not [a for a in default if "Partitions" in a]
    one = temporal_argv(Settings(data_dir=tmp_path, temporal_task_queue_partitions=1))
    assert "matching.numTaskqueueReadPartitions=1" in one
    assert "matching.numTaskqueueWritePartitions=1" in one


def test_api_processes_share_one_socket_held_by_the_supervisor(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, api_processes=3, api_port=0)
    with listening_socket(settings) as sock:
        fd = sock.fileno()
        apis = api_services(settings, {"OPEN_MODE": "true"}, fd)
        assert [s.name for s in apis] == ["api", "api-2", "api-3"]
        for service in apis:
            assert service.pass_fds == (fd,)
            assert service.argv[service.argv.index("--fd") + 1] == str(fd)
            assert service.env["PROMETHEUS_MULTIPROC_DIR"] == str(tmp_path / "api-metrics")
        assert sock.get_inheritable()  # the children receive it


def test_one_api_process_per_core_by_default(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.api_process_count() == (os.cpu_count() or 1)


def test_a_restarted_api_process_leaves_no_live_gauge_behind(tmp_path: Path) -> None:
    metrics = tmp_path / "api-metrics"
    metrics.mkdir()
    child = subprocess.Popen(["true"])
    child.wait()
    (metrics / f"gauge_livemin_{child.pid}.db").write_bytes(b"")
    service = Service("api", ["true"], healthy=lambda: True, process=child)
    service.env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics)
    schedule_restart(service, now=0.0, log_dir=tmp_path)
    assert not list(metrics.glob("gauge_livemin_*"))
