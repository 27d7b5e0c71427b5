// Quarry's console: ask, clarify, watch runs. Plain JavaScript over the REST API; the run's
// steps come from its Server-Sent Events, read with fetch so that an API key can be sent.
"use strict";

const KEY = "quarry.apiKey"; // sessionStorage: gone when the tab closes
const $ = (id) => document.getElementById(id);
const state = { config: null, watching: null, refresh: null, cachedRuns: new Set() };

class ApiError extends Error {}

// --- talking to the API -------------------------------------------------------------------

function headers(extra = {}) {
  const key = sessionStorage.getItem(KEY);
  return key ? { ...extra, Authorization: `Bearer ${key}` } : extra;
}

async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { ...options, headers: headers(options.headers) });
  } catch (err) {
    throw new ApiError("The Quarry API cannot be reached. Is it running?");
  }
  if (response.ok) return response.json();
  throw new ApiError(await explain(response));
}

async function explain(response) {
  let detail = "";
  try {
    const body = await response.json();
    detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
  } catch (err) {
    detail = response.statusText;
  }
  if (response.status === 401) {
    showKeyForm();
    return `This API needs a valid key (401): ${detail}.`;
  }
  if (response.status === 429) {
    const wait = response.headers.get("Retry-After") || "a few";
    return `Too many requests (429): ${detail}. Try again in ${wait} seconds.`;
  }
  return `${detail} (HTTP ${response.status})`;
}

function say(text, kind = "error") {
  const box = $("message");
  box.textContent = text;
  box.className = kind;
  box.hidden = !text;
}

// --- feedback: right, or wrong with a note ("wrong" takes remembered words it used out of use)

async function giveFeedback(verdict) {
  if (!state.answered) return;
  try {
    const given = await api(`/v1/runs/${encodeURIComponent(state.answered)}/feedback`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ verdict, note: $("feedback-note").value.trim() }),
    });
    const aside = given.set_aside.length
      ? ` The remembered words it used (${given.set_aside.join(", ")}) are no longer used.` : "";
    $("feedback-done").textContent = `Thank you: marked ${verdict}.${aside}`;
    $("feedback-done").hidden = false;
  } catch (err) {
    say(err.message);
  }
}

// --- asking ---------------------------------------------------------------------------------

async function ask(event) {
  event.preventDefault();
  const question = $("question").value.trim();
  if (!question) return;
  say("");
  resetAnswer();
  $("ask-button").disabled = true;
  try {
    const view = await api("/v1/questions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question, wait_seconds: 0 }),
    });
    if (view.cached) state.cachedRuns.add(view.run_id);
    await follow(view);
  } catch (err) {
    say(err.message);
  } finally {
    $("ask-button").disabled = false;
  }
}

function resetAnswer() {
  if (state.watching) state.watching.abort();
  for (const id of ["answer", "clarify", "steps"]) $(id).hidden = true;
  $("chart").replaceChildren();
}

async function follow(view) {
  show(view);
  if (view.status !== "running" && view.status !== "needs_clarification") return;
  const watch = new AbortController();
  state.watching = watch;
  try {
    await streamEvents(view.run_id, watch.signal, show);
  } catch (err) {
    if (watch.signal.aborted) return;
    await poll(view.run_id, watch.signal); // a proxy that buffers streams: fall back to polling
  }
}

// A stream lasts at most STREAM_MAX_SECONDS; then it says `reconnect` and ends: follow it again.
async function streamEvents(runId, signal, onView) {
  while (!(await streamOnce(runId, signal, onView))) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

// True when the run ended (an `end` event), false when the stream closed before it did.
async function streamOnce(runId, signal, onView) {
  const response = await fetch(`/v1/runs/${encodeURIComponent(runId)}/events`, {
    headers: headers(), signal,
  });
  if (!response.ok) throw new ApiError(await explain(response));
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return false;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const message = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = message.split("\n").filter((l) => l.startsWith("data: "));
      if (data.length) onView(JSON.parse(data.map((l) => l.slice(6)).join("\n")));
      if (message.startsWith("event: end")) return true;
    }
  }
}

async function poll(runId, signal) {
  while (!signal.aborted) {
    const view = await api(`/v1/runs/${encodeURIComponent(runId)}`);
    show(view);
    if (view.status !== "running" && view.status !== "needs_clarification") return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function show(view) {
  if (view.progress) renderSteps(view.progress.steps);
  $("clarify").hidden = view.status !== "needs_clarification";
  if (view.status === "needs_clarification" && view.clarification) {
    renderClarification(view.run_id, view.clarification);
  }
  if (view.status === "completed" && view.answer) {
    state.answered = view.run_id; // what feedback is about
    renderAnswer(view.answer);
  }
  if (view.status === "failed") say(`The run failed: ${view.error || "no reason given"}`);
  if (view.status === "cancelled") say("The run was cancelled.", "info");
}

function renderSteps(steps) {
  const list = $("steps");
  list.replaceChildren(
    ...steps.map((step) => {
      const item = document.createElement("li");
      item.className = step.status;
      item.dataset.step = step.name;
      const took = step.duration_ms == null ? "" : ` · ${formatMs(step.duration_ms)}`;
      const retries = step.attempts > 1 ? ` · ${step.attempts - 1} retries` : "";
      item.textContent = `${step.name}: ${step.status}${took}${retries}`;
      return item;
    }),
  );
  list.hidden = false;
}

function renderClarification(runId, clarification) {
  $("clarify-question").textContent = clarification.question;
  const options = clarification.options.map((option) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "option";
    button.textContent = option;
    button.addEventListener("click", () => answerWith(runId, clarification.id, option));
    return button;
  });
  $("clarify-options").replaceChildren(...options);
  $("clarify-form").onsubmit = (event) => {
    event.preventDefault();
    answerWith(runId, clarification.id, $("clarify-text").value.trim());
  };
}

async function answerWith(runId, questionId, answer) {
  if (!answer) return;
  say("");
  try {
    await api(`/v1/runs/${encodeURIComponent(runId)}/clarify`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ answer, question_id: questionId || null }),
    });
    $("clarify").hidden = true;
    $("clarify-text").value = "";
  } catch (err) {
    say(err.message);
  }
}

function renderAnswer(answer) {
  $("answer-text").textContent = answer.text;
  $("answer-meaning").textContent = answer.interpretation
    ? `Answered: ${answer.interpretation}` : "";
  renderTable($("answer-table"), answer.columns, answer.rows);
  const taught = (answer.remembered || []).map((note) => {
    const item = document.createElement("li");
    item.textContent = note;
    return item;
  });
  $("answer-remembered").replaceChildren(...taught);
  $("feedback-done").hidden = true;
  $("answer").hidden = false;
  $("chart").replaceChildren();
  if (answer.chart && window.vegaEmbed) {
    const spec = { ...answer.chart, width: "container", height: 260 };
    window.vegaEmbed("#chart", spec, { renderer: "svg", actions: false })
      .catch((err) => say(`The chart could not be drawn: ${err.message}`));
  } else if (answer.chart) {
    say("The chart library is not installed (run `make setup`); the table has the numbers.");
  }
}

function renderTable(table, columns, rows) {
  const head = document.createElement("thead");
  head.append(row(columns.map((c) => c.title), "th"));
  const body = document.createElement("tbody");
  const numeric = columns.map((c) => c.kind === "measure");
  body.append(...rows.map((values) => row(values.map(formatCell), "td", numeric)));
  table.replaceChildren(head, body);
}

function row(cells, tag, numeric = []) {
  const tr = document.createElement("tr");
  cells.forEach((text, i) => {
    const cell = document.createElement(tag);
    cell.textContent = text;
    if (numeric[i]) cell.className = "number";
    tr.append(cell);
  });
  return tr;
}

function formatCell(value) {
  if (value == null) return "—";
  if (typeof value === "number") {
    return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
  }
  return String(value);
}

function formatMs(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

// --- runs -----------------------------------------------------------------------------------

async function showRuns() {
  const page = await api("/v1/runs?page_size=25");
  const rows = page.runs.map((run) => {
    const tr = row([
      run.status,
      run.question || "(question not shown: payloads are encrypted)",
      duration(run.started_at, run.closed_at),
      state.cachedRuns.has(run.run_id) ? "yes, this session" : "no",
    ], "td");
    tr.firstChild.className = `status ${run.status}`;
    tr.tabIndex = 0;
    tr.dataset.run = run.run_id;
    const open = () => { location.hash = `#run/${encodeURIComponent(run.run_id)}`; };
    tr.addEventListener("click", open);
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
    return tr;
  });
  document.querySelector("#runs-table tbody").replaceChildren(...rows);
  if (!rows.length) say("No runs yet: ask a question first.", "info");
}

function duration(started, closed) {
  if (!started) return "";
  if (!closed) return "running";
  return formatMs(new Date(closed) - new Date(started));
}

async function showRun(runId) {
  const view = await api(`/v1/runs/${encodeURIComponent(runId)}`);
  $("run-title").textContent = `Run ${runId}`;
  const status = $("run-status");
  status.textContent = view.status;
  status.className = `status ${view.status}`;
  $("run-question").textContent = view.question || "";
  const steps = (view.progress && view.progress.steps) || [];
  document.querySelector("#run-steps tbody").replaceChildren(
    ...steps.map((s) => row([
      s.name, s.status, String(s.attempts),
      s.duration_ms == null ? "" : formatMs(s.duration_ms),
    ], "td")),
  );
  $("run-query").textContent = view.query ? JSON.stringify(view.query, null, 2) : "(none yet)";
  $("run-answer").textContent = view.answer ? view.answer.text : "";
  $("run-error").textContent = view.error || "";
  const live = view.status === "running" || view.status === "needs_clarification";
  $("cancel-button").hidden = !live;
  $("cancel-button").onclick = () => cancel(runId);
  const config = state.config;
  if (config) {
    const ns = encodeURIComponent(config.namespace);
    $("temporal-link").href =
      `${config.temporal_ui_url}/namespaces/${ns}/workflows/${encodeURIComponent(runId)}`;
  }
}

async function cancel(runId) {
  say("");
  $("cancel-button").disabled = true;
  try {
    await api(`/v1/runs/${encodeURIComponent(runId)}/cancel`, { method: "POST" });
    for (let i = 0; i < 40; i += 1) {
      await showRun(runId);
      if ($("run-status").textContent !== "running"
          && $("run-status").textContent !== "needs_clarification") return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } catch (err) {
    say(err.message);
  } finally {
    $("cancel-button").disabled = false;
  }
}

// --- keys and navigation --------------------------------------------------------------------

function showKeyForm() {
  $("key-form").hidden = false;
  $("key-input").focus();
}

function saveKey(event) {
  event.preventDefault();
  sessionStorage.setItem(KEY, $("key-input").value.trim());
  $("key-input").value = "";
  $("key-form").hidden = true;
  say("Key saved for this tab.", "info");
  route();
}

async function route() {
  const hash = location.hash || "#ask";
  const [view, arg] = hash.slice(1).split("/");
  const current = view === "run" ? "runs" : view;
  for (const name of ["ask", "runs", "run"]) $(`${name}-view`).hidden = name !== view;
  for (const name of ["ask", "runs"]) {
    if (name === current) $(`nav-${name}`).setAttribute("aria-current", "page");
    else $(`nav-${name}`).removeAttribute("aria-current");
  }
  clearInterval(state.refresh);
  if (view === "ask") return;
  say("");
  try {
    if (view === "runs") {
      await showRuns();
      state.refresh = setInterval(() => showRuns().catch((err) => say(err.message)), 3000);
    }
    if (view === "run" && arg) await showRun(decodeURIComponent(arg));
  } catch (err) {
    say(err.message);
  }
}

async function start() {
  $("ask-form").addEventListener("submit", ask);
  $("key-form").addEventListener("submit", saveKey);
  $("key-button").addEventListener("click", showKeyForm);
  $("feedback-right").addEventListener("click", () => giveFeedback("right"));
  $("feedback-wrong").addEventListener("click", () => giveFeedback("wrong"));
  window.addEventListener("hashchange", route);
  try {
    state.config = await api("/console/config.json");
    $("key-button").hidden = !state.config.keys_required;
    if (state.config.keys_required && !sessionStorage.getItem(KEY)) showKeyForm();
  } catch (err) {
    say(err.message);
  }
  route();
}

document.addEventListener("DOMContentLoaded", start);
