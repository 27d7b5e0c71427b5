"""The production compose file and the README's configuration reference, checked (no Docker
engine runs here, so the compose file is validated, not started)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from services.settings import Settings, env_name, reference

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.temporal.yml").read_text())
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
QUARRY_ENV = {env_name(name) for name in Settings.model_fields}


def test_every_part_of_production_is_there() -> None:
    assert {
        "postgresql",
        "temporal",
        "temporal-ui",
        "temporal-admin-tools",
        "redis",
        "cube",
        "api",
        "worker",
    } <= set(SERVICES)
    assert SERVICES["temporal"]["environment"]["DB"] == "postgres12"
    assert "postgres-data" in COMPOSE["volumes"]


def test_images_are_pinned() -> None:
    for name, service in SERVICES.items():
        image = service.get("image")
        assert image, f"{name} has no image"
        repository, _, tag = image.rpartition(":")
        assert repository and tag and tag != "latest", f"{name}: {image} is not pinned"


def test_parts_that_others_wait_for_have_health_checks() -> None:
    for name in ("postgresql", "temporal", "redis", "cube", "api", "worker"):
        assert "healthcheck" in SERVICES[name], name


def test_quarry_reads_every_variable_compose_gives_it() -> None:
    for name in ("api", "worker"):
        given = set(SERVICES[name]["environment"])
        unknown = given - QUARRY_ENV
        assert not unknown, f"{name} sets variables Quarry does not read: {unknown}"
    assert "CUBE_API_SECRET" in SERVICES["api"]["environment"]


def test_the_web_ui_decodes_through_the_codec_endpoint() -> None:
    ui = SERVICES["temporal-ui"]["environment"]
    assert ui["TEMPORAL_CODEC_ENDPOINT"].endswith("/codec")


def test_workers_scale_without_fixed_ports_or_names() -> None:
    worker = SERVICES["worker"]
    assert "ports" not in worker and "container_name" not in worker


def test_the_readme_configuration_reference_is_the_generated_one() -> None:
    readme = (ROOT / "README.md").read_text()
    assert reference() in readme, "run `python -m services.settings` and paste it into README"
