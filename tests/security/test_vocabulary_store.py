"""The vocabulary store in a PostgreSQL the user runs (VOCABULARY_URL): its password reaches no
response, log or settings repr, and a store that is down makes the API answer 503 saying which
store and why (not a 500), and /healthz name it."""

from __future__ import annotations

import logging

import pytest

from api.routers.health import _vocabulary
from services.settings import Settings
from services.vocabulary import StoreUnavailable, VocabularyStore
from tests.postgres import running_postgres
from tests.security.inprocess import client_of, quarry_app

ADMIN = {"authorization": "Bearer admin-token-of-the-test"}


@pytest.mark.integration  # a real PostgreSQL server (tests/postgres.py)
async def test_a_store_that_is_down_is_a_503_naming_it_never_its_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with running_postgres() as server:
        url = server.database()
        app = quarry_app(vocabulary_url=url, admin_token=ADMIN["authorization"][7:])
        async with client_of(app) as client:
            up = await client.get("/v1/vocabulary", params={"tenant": "acme"}, headers=ADMIN)
            assert (up.status_code, up.json()) == (200, [])
            server.stop()
            with caplog.at_level(logging.WARNING):
                down = await client.get("/v1/vocabulary", params={"tenant": "acme"}, headers=ADMIN)
            health = await _vocabulary(VocabularyStore(url))
    assert down.status_code == 503
    detail = down.json()["detail"]
    where = f"PostgreSQL at postgresql://quarry:***@127.0.0.1:{server.port}/"
    assert detail.startswith(f"the vocabulary store ({where}")
    assert "cannot be used now" in detail and "Connection refused" in detail
    assert not health.ok and where in health.detail
    assert detail in caplog.text  # the operator sees it too
    for shown in (down.text, caplog.text, health.detail):
        assert server.password not in shown


@pytest.mark.integration
async def test_a_store_that_refuses_the_password_says_so_without_it() -> None:
    with running_postgres() as server:
        wrong = server.database().replace(server.password, "not-the-password")
        with pytest.raises(StoreUnavailable, match="password authentication failed") as failed:
            await VocabularyStore(wrong).entries("acme")
    assert "not-the-password" not in str(failed.value) and ":***@" in str(failed.value)


def test_the_url_is_shown_with_its_password_as_stars() -> None:
    settings = Settings(vocabulary_url="postgresql://quarry:s3cret@db:5432/quarry?sslmode=require")
    assert "s3cret" not in repr(settings) and "s3cret" not in str(settings.vocabulary_url)
    assert "postgresql://quarry:***@db:5432/quarry?sslmode=require" in repr(settings)
    assert settings.vocabulary_url is not None
    assert ":s3cret@db:5432/" in settings.vocabulary_url.get_secret_value()
    assert VocabularyStore.configured(settings).where == (
        "PostgreSQL at postgresql://quarry:***@db:5432/quarry?sslmode=require"
    )


def test_unset_the_store_is_the_sqlite_file() -> None:
    settings = Settings(vocabulary_url=None)
    assert VocabularyStore.configured(settings).where == f"SQLite file {settings.vocabulary_path()}"
