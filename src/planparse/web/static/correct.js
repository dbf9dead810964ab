// planparse's plan page: correcting the reading. With correcting turned on, a click on a measure opens
// its controls (move, merge, split, make it a goal, text, responsible, delete), a click on a period
// cell changes its mark (empty → x → (x) → empty), and the headings get their buttons (a goal made an
// area or a measure, an area made a goal). Each correction is sent to the page, which answers with the
// plan as corrected: the plan is shown again at once. "Angre" drops the last correction.
"use strict";

const FIX_MODE_KEY = "planparse-correcting";

function fixSection() { return document.getElementById("fix"); }

function correcting() { return document.body.classList.contains("correcting"); }

function fixStatus(text, isError) {
  const panel = document.getElementById("fix-panel");
  const inPanel = panel && panel.closest("tr.fix-holder");
  const status = document.getElementById(inPanel ? "fix-panel-status" : "fix-status");
  if (!status) return;
  status.textContent = text;
  status.classList.toggle("error", Boolean(isError));
}

function planAddress() {
  const panel = document.getElementById("fix-panel");
  return "/plans/" + encodeURIComponent(panel ? panel.dataset.plan : "");
}

// The plan's page as the server answered it, shown in place of the one on screen.
function showAgain(html) {
  const fresh = new DOMParser().parseFromString(html, "text/html");
  const main = fresh.querySelector("main");
  if (!main) { window.location.reload(); return; }
  document.querySelector("main").replaceWith(document.adoptNode(main));
  document.title = fresh.title;
  if (typeof setUpWhere === "function") setUpWhere();  // app.js: where a measure was read
  setUpCorrecting();
}

// The page's answer to a correction it refused, as one line (a page's message when it is a page).
function oneLine(response, text) {
  const type = response.headers.get("content-type") || "";
  let line = text;
  if (type.includes("html")) {
    const page = new DOMParser().parseFromString(text, "text/html");
    const said = page.querySelector("main .error") || page.querySelector("main");
    line = said ? said.textContent : "";
  }
  return line.trim().split("\n")[0].trim() || String(response.status);
}

async function sendCorrection(address, fields) {
  const section = fixSection();
  fixStatus(section ? section.dataset.working : "…", false);
  document.body.classList.add("fix-busy");
  try {
    const response = await fetch(address, {
      method: "POST", body: new URLSearchParams(fields), headers: { "Accept": "text/html" },
    });
    const text = await response.text();
    if (!response.ok) { fixStatus(oneLine(response, text), true); return false; }
    showAgain(text);
    return true;
  } catch (error) {
    fixStatus(String(error), true);
    return false;
  } finally {
    document.body.classList.remove("fix-busy");
  }
}

function correct(fields) { return sendCorrection(planAddress() + "/corrections", fields); }

function closePanel() {
  const panel = document.getElementById("fix-panel");
  const home = document.getElementById("fix-home");
  if (!panel || !home) return;
  const holder = panel.closest("tr.fix-holder");
  home.appendChild(panel);
  if (holder) holder.remove();
  document.querySelectorAll("tr.measure.fixing").forEach((row) => row.classList.remove("fixing"));
}

function measureText(row) {
  return Array.from(row.querySelectorAll("td.text > p:not(.problem)")).map((p) => p.textContent.trim()).join(" ");
}

function openPanel(row) {
  closePanel();
  const panel = document.getElementById("fix-panel");
  if (!panel) return;
  const id = row.dataset.id;
  const holder = document.createElement("tr");
  holder.className = "fix-holder";
  const cell = document.createElement("td");
  cell.colSpan = row.cells.length;
  cell.appendChild(panel);
  holder.appendChild(cell);
  row.after(holder);
  row.classList.add("fixing");
  panel.dataset.target = id;
  const section = fixSection();
  document.getElementById("fix-panel-title").textContent = (section.dataset.measureTitle || "{id}").replace("{id}", id);
  document.getElementById("fix-text").value = measureText(row);
  const roles = row.querySelector("td.roles");
  document.getElementById("fix-roles").value = roles
    ? roles.textContent.split("\n").map((role) => role.trim()).filter(Boolean).join("; ") : "";
  const goal = id.split(".").slice(0, 2).join(".");
  const move = document.getElementById("fix-to");
  const next = Array.from(move.options).find((option) => option.value !== goal);
  move.value = next ? next.value : goal;
  document.getElementById("fix-merge").disabled = id.endsWith(".1");
  document.getElementById("fix-panel-status").textContent = "";
  panel.querySelector("button[data-kind]").focus({ preventScroll: true });
}

function act(kind) {
  const panel = document.getElementById("fix-panel");
  const target = panel.dataset.target;
  const fields = { kind: kind, target: target };
  const text = document.getElementById("fix-text");
  if (kind === "move") fields.to = document.getElementById("fix-to").value;
  if (kind === "split") fields.at = text.value.slice(text.selectionStart).trim();
  if (kind === "text") fields.text = text.value;
  if (kind === "roles") fields.roles = document.getElementById("fix-roles").value;
  return correct(fields);
}

function nextMark(cell) {
  if (cell.classList.contains("planned")) return "(x)";
  if (cell.classList.contains("tentative")) return "";
  return "x";
}

async function cycleMark(cell) {
  const row = cell.closest("tr.measure");
  const id = row.dataset.id;
  const period = cell.dataset.period;
  if (await correct({ kind: "mark", target: id, period: period, mark: nextMark(cell) })) {
    // the same cell of the plan shown again keeps the focus, to go on with the keyboard
    const again = Array.from(document.querySelectorAll("tr.measure td.mark[data-period]"))
      .find((other) => other.dataset.period === period && other.closest("tr.measure").dataset.id === id);
    if (again) again.focus({ preventScroll: true });
  }
}

function addTools(selector, templateId) {
  const template = document.getElementById(templateId);
  if (!template) return;
  document.querySelectorAll(selector).forEach((heading) => {
    if (heading.querySelector(".fix-tools")) return;
    const tools = template.content.firstElementChild.cloneNode(true);
    const first = heading.dataset.id === "1" || heading.dataset.id.endsWith(".1");
    tools.querySelectorAll(".fix-demote").forEach((button) => { button.hidden = first; });
    heading.appendChild(tools);
  });
}

function setMode(on) {
  document.body.classList.toggle("correcting", on);
  try { window.sessionStorage.setItem(FIX_MODE_KEY, on ? "1" : ""); } catch (error) { /* storage off */ }
  const toggle = document.getElementById("fix-toggle");
  const section = fixSection();
  if (toggle && section) {
    toggle.textContent = on ? section.dataset.stop : section.dataset.start;
    toggle.setAttribute("aria-pressed", String(on));
  }
  document.querySelectorAll("tr.measure td.mark[data-period]").forEach((cell) => {
    if (on) { cell.title = section.dataset.markHint; cell.tabIndex = 0; }
    else { cell.removeAttribute("title"); cell.removeAttribute("tabindex"); }
  });
  if (!on) closePanel();
}

function setUpCorrecting() {
  const section = fixSection();
  if (!section) return;
  const toggle = document.getElementById("fix-toggle");
  toggle.hidden = false;
  toggle.addEventListener("click", () => setMode(!correcting()));
  addTools("h3.goal[data-id]", "fix-goal-tools");
  addTools("h2.area[data-id]", "fix-area-tools");
  const open = document.getElementById("fix-open-tool");
  document.querySelectorAll("tr.measure td.id").forEach((cell) => {
    if (!open || cell.querySelector(".fix-open")) return;
    const button = open.content.firstElementChild.cloneNode(true);
    button.title = (section.dataset.measureTitle || "{id}").replace("{id}", cell.closest("tr.measure").dataset.id);
    button.setAttribute("aria-label", button.title);
    cell.appendChild(button);
  });
  let on = false;
  try { on = window.sessionStorage.getItem(FIX_MODE_KEY) === "1"; } catch (error) { /* storage off */ }
  setMode(on);
}

// Clicks are caught before the row's own handler (app.js shows where a measure was read): while
// correcting, a click on a measure or a period cell corrects instead.
document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (!target || !target.closest("main") || !correcting()) return;
  if (document.body.classList.contains("fix-busy")) {  // one correction at a time
    if (target.closest("tr.measure, .fix-tools, #fix-panel button")) { event.preventDefault(); event.stopPropagation(); }
    return;
  }
  const inPanel = target.closest("#fix-panel");
  if (inPanel) {
    const button = target.closest("button[data-kind]");
    if (button) { event.preventDefault(); act(button.dataset.kind); }
    if (target.closest("[data-fix-close]")) { event.preventDefault(); closePanel(); }
    return;
  }
  const tool = target.closest(".fix-tools button[data-kind]");
  if (tool) {
    event.preventDefault();
    event.stopPropagation();
    correct({ kind: tool.dataset.kind, target: tool.closest("[data-id]").dataset.id });
    return;
  }
  const row = target.closest("tr.measure");
  if (!row) return;
  event.preventDefault();
  event.stopPropagation();
  const cell = target.closest("td.mark[data-period]");
  if (cell) cycleMark(cell);
  else if (row.classList.contains("fixing")) closePanel();
  else openPanel(row);
}, true);

// A period cell changed with the keyboard too (Enter or space), while correcting.
document.addEventListener("keydown", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const cell = target ? target.closest("tr.measure td.mark[data-period]") : null;
  if (!cell || !correcting() || (event.key !== "Enter" && event.key !== " ")) return;
  event.preventDefault();
  if (!document.body.classList.contains("fix-busy")) cycleMark(cell);
});

// Undo and putting a deleted measure back are plain forms; sent here, the plan is shown again in place.
document.addEventListener("submit", (event) => {
  const form = event.target instanceof HTMLFormElement ? event.target : null;
  if (!form || !form.matches("form[data-fix]")) return;
  event.preventDefault();
  sendCorrection(form.action, new FormData(form));
});

document.addEventListener("DOMContentLoaded", setUpCorrecting);
