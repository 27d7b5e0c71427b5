// Remembered words: list, approve, edit and delete a tenant's entries (admin token).
"use strict";

const TOKEN = "quarry.adminToken"; // sessionStorage: gone when the tab closes
const $ = (id) => document.getElementById(id);

function say(text) {
  $("message").textContent = text;
  $("message").hidden = !text;
}

async function call(method, path, body) {
  const tenant = encodeURIComponent($("tenant").value.trim());
  const headers = { Authorization: `Bearer ${sessionStorage.getItem(TOKEN) || ""}` };
  if (body) headers["Content-Type"] = "application/json";
  const response = await fetch(`${path}?tenant=${tenant}`, {
    method, headers, body: body ? JSON.stringify(body) : undefined,
  });
  const found = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = typeof found.detail === "string" ? found.detail : response.statusText;
    throw new Error(`${detail} (HTTP ${response.status})`);
  }
  return found;
}

function button(text, action) {
  const made = document.createElement("button");
  made.type = "button";
  made.className = "option";
  made.textContent = text;
  made.addEventListener("click", () => action().then(show).catch((err) => say(err.message)));
  return made;
}

function row(entry) {
  const tr = document.createElement("tr");
  const status = entry.reason ? `${entry.status}: ${entry.reason}` : entry.status;
  const told = `${entry.created_at.slice(0, 10)} (${entry.question || "?"})`;
  for (const text of [entry.phrase, entry.meaning, status, told]) {
    const td = document.createElement("td");
    td.textContent = text;
    tr.append(td);
  }
  const actions = document.createElement("td");
  const path = `/v1/vocabulary/${entry.id}`;
  if (entry.status !== "approved") {
    actions.append(button("Approve", () => call("POST", `${path}/approve`)));
  }
  actions.append(button("Edit", async () => {
    const meaning = window.prompt(`What does "${entry.phrase}" mean?`, entry.meaning);
    if (meaning) await call("PATCH", path, { meaning });
  }));
  actions.append(button("Delete", () => call("DELETE", path)));
  tr.append(actions);
  return tr;
}

async function show() {
  say("");
  const entries = await call("GET", "/v1/vocabulary");
  $("words").querySelector("tbody").replaceChildren(...entries.map(row));
  $("words").hidden = entries.length === 0;
  $("no-words").hidden = entries.length !== 0;
}

document.addEventListener("DOMContentLoaded", () => {
  $("admin-token").value = sessionStorage.getItem(TOKEN) || "";
  $("words-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN, $("admin-token").value);
    show().catch((err) => say(err.message));
  });
});
