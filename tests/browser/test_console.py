"""The web console in headless Chromium (Debian's), driven by Playwright against the real stack:
ask and see the answer with its chart, clarify by clicking an option, cancel a waiting run, and
the key prompt when the API requires keys. A screenshot of the answer goes to .data/."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from api.auth import hash_key
from services.settings import PROJECT_ROOT
from stack.launch import extra_api
from tests.conftest import Stack

pytestmark = [pytest.mark.integration, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
# Quiet flags: this machine's network is closed, and Chromium's background calls would fail.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = PROJECT_ROOT / ".data" / "console-answer.png"
WAIT_MS = 30_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


def ask(page: Page, question: str) -> None:
    page.get_by_label("Question", exact=True).fill(question)
    page.get_by_role("button", name="Ask").click()


def test_a_question_is_answered_with_its_sentence_table_and_chart(page: Page, stack: Stack) -> None:
    page.goto(stack.api)
    ask(page, "What are the 5 most common destinations?")
    expect(page.locator("#answer-text")).to_contain_text("ORD", timeout=WAIT_MS)
    expect(page.locator("#answer-meaning")).to_contain_text("Answered:")
    cells = page.locator("#answer-table tbody tr td:first-child")
    expect(cells).to_have_count(5)
    assert cells.all_inner_texts() == ["ORD", "ATL", "LAX", "BOS", "MCO"]
    assert "17,283" in page.locator("#answer-table tbody tr").first.inner_text()
    bars = page.locator("#chart svg .mark-rect path")
    expect(bars).to_have_count(5, timeout=WAIT_MS)  # one mark per row
    expect(page.locator("#steps li")).to_have_count(3)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)


PLAN_SCREENSHOT = PROJECT_ROOT / ".data" / "console-plan.png"


def test_a_plan_shows_each_fetch_as_its_own_step(page: Page, stack: Stack) -> None:
    page.goto(stack.api)
    ask(page, "Which carriers flew to both Honolulu and Seattle?")
    expect(page.locator("#answer-text")).to_contain_text("UA", timeout=WAIT_MS)  # SQL: only UA
    expect(page.locator("#answer-meaning")).to_contain_text("with each of")
    steps = page.locator("#steps li")
    expect(steps).to_have_count(4)  # understand, fetch 1, fetch 2, present
    names = [t.split(":")[0].strip() for t in steps.all_inner_texts()]
    assert names == ["understand", "fetch 1", "fetch 2", "present"]
    page.screenshot(path=str(PLAN_SCREENSHOT), full_page=True)


def test_a_vague_question_is_clarified_by_clicking_an_option(page: Page, stack: Stack) -> None:
    page.goto(stack.api)
    ask(page, "Which airport is the best?")
    question = page.locator("#clarify-question")
    expect(question).not_to_be_empty(timeout=WAIT_MS)
    options = page.locator("#clarify-options button")
    expect(options.first).to_be_visible()
    options.first.click()
    expect(page.locator("#clarify")).to_be_hidden(timeout=WAIT_MS)
    expect(page.locator("#answer-text")).not_to_be_empty(timeout=WAIT_MS)
    expect(page.locator("#answer-table tbody tr").first).to_be_visible()


def test_a_waiting_run_is_cancelled_from_its_page(page: Page, stack: Stack) -> None:
    page.goto(stack.api)
    place = f"Zorbania{time.time_ns() % 1_000_000}"  # no such place: the run asks and waits
    ask(page, f"How many flights went to {place}?")
    expect(page.locator("#clarify-question")).to_contain_text(place, timeout=WAIT_MS)
    page.get_by_role("link", name="Runs").click()
    row = page.locator("#runs-table tbody tr", has_text=place)
    expect(row).to_have_count(1, timeout=WAIT_MS)
    row.click()
    expect(page.locator("#run-status")).to_have_text("needs_clarification", timeout=WAIT_MS)
    link = page.get_by_role("link", name="Open in the Temporal Web UI")
    assert "/namespaces/default/workflows/ask-" in (link.get_attribute("href") or "")
    page.get_by_role("button", name="Cancel").click()
    expect(page.locator("#run-status")).to_have_text("cancelled", timeout=WAIT_MS)
    expect(page.get_by_role("button", name="Cancel")).to_be_hidden()


def test_with_keys_required_the_page_asks_for_one_and_says_401(page: Page, stack: Stack) -> None:
    keys = {"API_KEYS": f"acme:{hash_key('acme-console-key-0123')}", "OPEN_MODE": "false"}
    with extra_api(stack, 17298, keys) as url:
        page.goto(url)
        expect(page.get_by_label("API key")).to_be_visible(timeout=WAIT_MS)
        page.get_by_label("API key").fill("not-the-key")
        page.get_by_role("button", name="Use this key").click()
        ask(page, "How many flights went to DEN?")
        message = page.locator("#message")
        expect(message).to_contain_text("401", timeout=WAIT_MS)
        expect(message).to_contain_text("the API key is not valid")
        page.get_by_label("API key").fill("acme-console-key-0123")
        page.get_by_role("button", name="Use this key").click()
        ask(page, "How many flights went to DEN?")
        expect(page.locator("#answer-text")).to_contain_text("DEN", timeout=WAIT_MS)


WORDS_SCREENSHOT = PROJECT_ROOT / ".data" / "console-words.png"


def test_an_answer_teaches_a_word_that_the_words_page_approves(page: Page, stack: Stack) -> None:
    page.goto(stack.api)
    ask(page, "How many flights went to Sin City?")
    page.get_by_label("Or answer in your own words").fill("Las Vegas", timeout=WAIT_MS)
    page.get_by_role("button", name="Answer", exact=True).click()
    expect(page.locator("#answer-remembered")).to_contain_text("can be remembered", timeout=WAIT_MS)
    page.get_by_role("button", name="Right", exact=True).click()
    expect(page.locator("#feedback-done")).to_contain_text("marked right")

    page.get_by_role("link", name="Words").click()
    token = (stack.data_dir / "admin-token").read_text().strip()
    page.get_by_label("Admin token").fill(token)
    page.get_by_role("button", name="Show").click()
    row = page.locator("#words tbody tr", has_text="sin city")
    expect(row).to_contain_text("suggested", timeout=WAIT_MS)
    row.get_by_role("button", name="Approve").click()
    expect(row).to_contain_text("approved", timeout=WAIT_MS)
    WORDS_SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(WORDS_SCREENSHOT), full_page=True)
