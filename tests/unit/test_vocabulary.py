"""Remembered words: the store (approval, edits, deletion, tenant isolation, feedback), the query
agent reading approved words as evidence (and setting aside vanished ones), and AskWorkflow
recording what an answered clarification resolved; each on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest
from temporalio import activity
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment, WorkflowEnvironment
from temporalio.worker import Replayer
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner

from activities.query_agent import QueryAgent
from activities.remember import Memory
from models.ask import (
    Answer,
    AskInput,
    AskResult,
    Clarification,
    ClarifyInput,
    CubeQuery,
    FetchInput,
    FetchResult,
    PresentInput,
    UnderstandInput,
    UnderstandResult,
)
from models.vocabulary import LearnedWord, RememberInput, RememberResult, UsedWord
from services.vocabulary import StoreUnavailable, UnknownEntry, VocabularyStore
from tests.fakes import serving
from tests.fixtures.catalog import recorded_catalog
from tests.postgres import PostgresServer
from understanding import explain
from understanding.catalog import Catalog
from worker import AgentActivities
from workflows import policies
from workflows.ask import AskWorkflow

AT = "2026-12-07T06:00:00+00:00"
SIN_CITY = LearnedWord(phrase="Sin City", meaning="Las Vegas", members=["flights.dest"])
REWORDINGS = [
    "How many flights went to Sin City?",
    "Number of flights to sin city in 2013",
    "Which airline flew the most flights to Sin City?",
]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> VocabularyStore:
    """Every test of the store, the agent and the workflow runs on both backends: the embedded
    SQLite file, and a real PostgreSQL server (a database of its own per test)."""
    if request.param == "sqlite":
        return VocabularyStore(tmp_path / "vocabulary.sqlite")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return VocabularyStore(server.database())


async def suggest(store: VocabularyStore, tenant: str, word: LearnedWord = SIN_CITY) -> int:
    entry = await store.suggest(
        tenant, word, run_id="ask-1", question=REWORDINGS[0], query=None, at=AT, by="test"
    )
    return entry.id


class FixedCatalogs:
    def __init__(self) -> None:
        self.catalog = recorded_catalog()

    async def get(self, tenant: str) -> Catalog:
        return self.catalog


async def understand(
    store: VocabularyStore, question: str, tenant: str, clarifications: list[str] | None = None
) -> UnderstandResult:
    agent = QueryAgent(FixedCatalogs(), vocabulary=store)  # type: ignore[arg-type]
    request = UnderstandInput(question=question, tenant=tenant, clarifications=clarifications or [])
    return await ActivityEnvironment().run(agent.understand, request)


# -- the store -----------------------------------------------------------------------------------


async def test_a_suggestion_is_recorded_once_and_approved(store: VocabularyStore) -> None:
    first = await suggest(store, "acme")
    assert await suggest(store, "acme") == first  # a retried recording adds nothing
    [entry] = await store.entries("acme")
    assert (entry.phrase, entry.meaning, entry.status) == ("sin city", "Las Vegas", "suggested")
    approved = await store.approve("acme", first, "admin", AT)
    assert approved.status == "approved" and approved.approved_by == "admin"
    assert [e.id for e in await store.entries("acme", "approved")] == [first]


async def test_edits_and_deletions(store: VocabularyStore) -> None:
    entry_id = await suggest(store, "acme")
    edited = await store.edit("acme", entry_id, AT, meaning="Reno", members=["flights.origin"])
    assert (edited.meaning, edited.members) == ("Reno", ["flights.origin"])
    renamed = await store.edit("acme", entry_id, AT, phrase="  Sin  City ")
    assert (renamed.phrase, renamed.members) == ("sin city", ["flights.origin"])
    await store.delete("acme", entry_id)
    assert await store.entries("acme") == []
    with pytest.raises(UnknownEntry):
        await store.entry("acme", entry_id)


async def test_an_edit_onto_another_entrys_phrase_and_meaning_is_refused(
    store: VocabularyStore,
) -> None:
    first = await suggest(store, "acme")
    second = await suggest(store, "acme", SIN_CITY.model_copy(update={"meaning": "Reno"}))
    with pytest.raises(ValueError, match="another entry already has that phrase and meaning"):
        await store.edit("acme", second, AT, meaning="Las Vegas")
    assert (await store.entry("acme", second)).meaning == "Reno"  # the store is still usable
    assert (await store.entry("acme", first)).meaning == "Las Vegas"


async def test_approving_another_meaning_sets_the_first_aside(store: VocabularyStore) -> None:
    first = await suggest(store, "acme")
    second = await suggest(store, "acme", SIN_CITY.model_copy(update={"meaning": "Reno"}))
    await store.approve("acme", first, "admin", AT)
    await store.approve("acme", second, "admin", AT)
    aside = await store.entry("acme", first)
    assert aside.status == "set_aside" and aside.reason == f"replaced by entry {second}"


async def test_a_tenant_never_sees_nor_changes_another_tenants_entries(
    store: VocabularyStore,
) -> None:
    entry_id = await suggest(store, "acme")
    assert await store.entries("globex") == []
    for change in (
        store.approve("globex", entry_id, "admin", AT),
        store.edit("globex", entry_id, AT, meaning="Reno"),
        store.delete("globex", entry_id),
        store.entry("globex", entry_id),
    ):
        with pytest.raises(UnknownEntry):
            await change
    assert (await store.entry("acme", entry_id)).status == "suggested"


async def test_wrong_feedback_takes_the_approved_entries_used_out_of_use(
    store: VocabularyStore,
) -> None:
    entry_id = await suggest(store, "acme")
    await store.approve("acme", entry_id, "admin", AT)
    right = await store.feedback("acme", "ask-2", "right", "", [entry_id], AT)
    assert right.set_aside == [] and (await store.entry("acme", entry_id)).status == "approved"
    wrong = await store.feedback("acme", "ask-3", "wrong", "I meant Reno", [entry_id], AT)
    assert wrong.set_aside == [entry_id]
    entry = await store.entry("acme", entry_id)
    assert entry.status == "set_aside" and entry.reason is not None
    assert "marked wrong: I meant Reno" in entry.reason


# -- the query agent -----------------------------------------------------------------------------


async def test_an_answered_clarification_is_learned(store: VocabularyStore) -> None:
    asked = await understand(store, REWORDINGS[0], "acme")
    assert asked.clarification is not None and asked.learned == []
    answered = await understand(store, REWORDINGS[0], "acme", ["Las Vegas"])
    assert answered.query is not None
    assert [(w.phrase, w.meaning) for w in answered.learned] == [("Sin City", "Las Vegas")]
    assert "flights.dest" in answered.learned[0].members


@pytest.mark.parametrize("question", REWORDINGS)
async def test_approved_words_answer_rewordings_directly(
    store: VocabularyStore, question: str
) -> None:
    entry_id = await suggest(store, "acme")
    await store.approve("acme", entry_id, "admin", AT)
    result = await understand(store, question, "acme")
    assert result.clarification is None and result.query is not None
    assert any(f.values == ["LAS"] for f in result.query.filters)
    assert [w.id for w in result.remembered] == [entry_id]
    assert result.interpretation is not None
    assert "sin city: Las Vegas, as you told us on 2026-12-07" in result.interpretation.text


async def test_suggested_and_other_tenants_words_are_not_used(store: VocabularyStore) -> None:
    entry_id = await suggest(store, "acme")
    assert (await understand(store, REWORDINGS[0], "acme")).clarification is not None
    await store.approve("acme", entry_id, "admin", AT)
    other = await understand(store, REWORDINGS[0], "globex")
    assert other.clarification is not None and other.remembered == []


async def test_an_entry_whose_member_vanished_is_set_aside_not_applied(
    store: VocabularyStore,
) -> None:
    gone = SIN_CITY.model_copy(update={"members": ["flights.destination_city"]})
    entry_id = await suggest(store, "acme", gone)
    await store.approve("acme", entry_id, "admin", AT)
    result = await understand(store, REWORDINGS[0], "acme")
    assert result.clarification is not None and result.remembered == []
    entry = await store.entry("acme", entry_id)
    assert entry.status == "set_aside"
    assert entry.reason == "flights.destination_city is no longer in the data model"


async def test_a_store_that_is_down_leaves_questions_understood_without_its_words() -> None:
    """Remembered words are evidence: a PostgreSQL that cannot be reached costs them, not the
    question (read as a new tenant's would be)."""
    down = VocabularyStore("postgresql://quarry:secret@127.0.0.1:1/quarry")
    with pytest.raises(StoreUnavailable):
        await down.approved("acme")
    plain = await understand(down, "How many flights went to Boston?", "acme")
    assert plain.query is not None and plain.remembered == []
    asked = await understand(down, REWORDINGS[0], "acme")
    assert asked.clarification is not None and asked.remembered == []


async def test_a_remembered_meaning_is_still_validated(store: VocabularyStore) -> None:
    """Evidence, not a bypass: a meaning the model cannot read leaves the question asked."""
    nonsense = SIN_CITY.model_copy(update={"meaning": "Atlantis", "members": []})
    entry_id = await suggest(store, "acme", nonsense)
    await store.approve("acme", entry_id, "admin", AT)
    result = await understand(store, REWORDINGS[0], "acme")
    assert result.query is None and result.clarification is not None


# -- the workflow --------------------------------------------------------------------------------


class LearningAgents:
    """Asks once; the answer's run then reports what it learned, as the real agent does."""

    @activity.defn(name="understand")
    async def understand(self, request: UnderstandInput) -> UnderstandResult:
        if not request.clarifications:
            return UnderstandResult(clarification=Clarification(question="Sin City?"))
        query = CubeQuery(measures=["flights.count"])
        used = UsedWord(id=7, phrase="vegas", meaning="Las Vegas", told_on="2026-12-01")
        return UnderstandResult(query=query, learned=[SIN_CITY], remembered=[used])

    @activity.defn(name="fetch")
    async def fetch(self, request: FetchInput) -> FetchResult:
        return FetchResult(columns=[], rows=[[1]])

    @activity.defn(name="present")
    async def present(self, request: PresentInput) -> Answer:
        return Answer(text="1", markdown="1", columns=[], rows=[[1]])


async def clarified(env: WorkflowEnvironment, agents: AgentActivities) -> tuple[Any, AskResult]:
    """A run asked back and answered "Las Vegas", with its result."""
    async with serving(env.client, agents):
        handle = await env.client.start_workflow(
            AskWorkflow.run,
            AskInput(question=REWORDINGS[0], tenant="acme"),
            id=f"ask-test-{uuid.uuid4().hex}",
            task_queue=policies.WORKFLOW_TASK_QUEUE,
        )
        for _ in range(200):
            if (await handle.query(AskWorkflow.progress)).status == "needs_clarification":
                break
            await asyncio.sleep(0.05)
        await handle.execute_update(AskWorkflow.answer, ClarifyInput(answer="Las Vegas"))
        return handle, await handle.result()


async def test_a_completed_clarified_run_records_a_suggestion_and_replays(
    workflow_env: WorkflowEnvironment, store: VocabularyStore
) -> None:
    fakes = LearningAgents()
    agents = AgentActivities(
        understand=fakes.understand,
        fetch=fakes.fetch,
        present=fakes.present,
        remember=Memory(store).remember,
    )
    handle, result = await clarified(workflow_env, agents)
    assert "can be remembered" in result.answer.remembered[0]
    assert result.remembered == [7]  # what feedback on this answer acts on
    [entry] = await store.entries("acme")
    assert (entry.phrase, entry.meaning, entry.status) == ("sin city", "Las Vegas", "suggested")
    assert entry.run_id == handle.id and entry.members == ["flights.dest"]
    assert await store.entries("globex") == []

    # The run that learned and used remembered words replays exactly: what it used and what it
    # recorded are in its activities' results, not read again.
    replayer = Replayer(
        workflows=[AskWorkflow],
        data_converter=pydantic_data_converter,
        workflow_runner=SandboxedWorkflowRunner(),
    )
    await replayer.replay_workflow(await handle.fetch_history())


def test_explain_reads_remembered_words_as_a_run_does() -> None:
    catalog = recorded_catalog()
    assert explain.explain(REWORDINGS[0], catalog).outcome == "asked"
    told = explain.explain(REWORDINGS[0], catalog, {"sin city": "Las Vegas"})
    assert told.outcome == "answered" and "LAS" in told.result
    assert any(c.detail == "a remembered word of this tenant" for c in told.candidates)


@activity.defn(name="remember")
async def broken_remember(request: RememberInput) -> RememberResult:
    raise ApplicationError("the vocabulary file is not writable", non_retryable=True)


async def test_a_recording_that_fails_costs_the_suggestion_not_the_answer(
    workflow_env: WorkflowEnvironment,
) -> None:
    fakes = LearningAgents()
    agents = AgentActivities(
        understand=fakes.understand,
        fetch=fakes.fetch,
        present=fakes.present,
        remember=broken_remember,
    )
    _, result = await clarified(workflow_env, agents)
    assert result.answer.text == "1" and result.answer.remembered == []
