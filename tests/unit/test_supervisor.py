"""`quarry up`'s supervision: a dead part comes back at once the first time, later restarts back
off, each is counted, and a part that keeps dying ends the stack."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from services.settings import Settings
from stack.processes import Service, StackError
from stack.up import (
    CRASH_LOOP_RESTARTS,
    RESTART_DELAY_MAX_SECONDS,
    SUPERVISOR_METRICS,
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
