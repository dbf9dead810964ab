// planparse's page: drop files on the form, check their size before sending, and show where a
// measure was read beside the plan. Everything works without this script too.
"use strict";

function formatStatus(form, text, isError) {
  const status = form.querySelector(".status");
  if (!status) return;
  status.textContent = text;
  status.classList.toggle("error", Boolean(isError));
}

function tooMuch(form, files) {
  const maxBytes = Number(form.dataset.maxBytes || 0);
  const maxFiles = Number(form.dataset.maxFiles || 0);
  let total = 0;
  for (const file of files) total += file.size;
  if (maxFiles && files.length > maxFiles) return form.dataset.tooMany;
  if (maxBytes && total > maxBytes) return form.dataset.tooLarge;
  return null;
}

function sendForm(form) {
  const inputs = form.querySelectorAll("input[type=file]");
  const files = [];
  inputs.forEach((input) => { for (const file of input.files) files.push(file); });
  const problem = tooMuch(form, files);
  if (problem) { formatStatus(form, problem, true); return false; }
  formatStatus(form, form.dataset.reading || "…", false);
  form.classList.add("busy");
  followProgress(form);
  return true;
}

// An id for the upload, sent with it, by which the page asks how far the reading has come.
function progressKey() {
  const bytes = new Uint8Array(12);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function filled(template, values) {
  return (template || "").replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

// While the form is sent and read, the page shows "page 3 of 9" and a bar, asking the server twice a
// second; the answer to the form replaces the page when the reading is done.
function followProgress(form) {
  const field = form.querySelector("input[name=progress]");
  if (!field || !window.fetch) return;
  const key = progressKey();
  field.value = key;
  const bar = form.querySelector("progress.bar");
  let stopped = false;
  async function ask() {
    if (stopped) return;
    try {
      const response = await fetch(`/progress/${key}`, { headers: { "Accept": "application/json" } });
      if (response.ok) {
        const state = await response.json();
        if (state.state === "reading") {
          const parts = [];
          if (state.files > 1) parts.push(filled(form.dataset.progressFile, state));
          if (state.pages > 0) {
            parts.push(filled(form.dataset.progressPage, state) + (state.ocr ? " " + form.dataset.progressOcr : ""));
            if (bar) { bar.max = state.pages * state.files; bar.value = (state.index - 1) * state.pages + state.page; }
          } else {
            parts.push(form.dataset.reading || "…");
          }
          if (bar) bar.hidden = state.pages === 0;
          formatStatus(form, parts.join(" · "), false);
        } else if (state.state === "done") {
          stopped = true;
        }
      }
    } catch (error) {
      // the page is being left for the answer, or the server is busy: ask again
    }
    if (!stopped) window.setTimeout(ask, 500);
  }
  window.setTimeout(ask, 300);
}

function setUpUpload(form) {
  const input = form.querySelector("input[type=file]");
  form.addEventListener("submit", (event) => { if (!sendForm(form)) event.preventDefault(); });
  input.addEventListener("change", () => { if (input.files.length && sendForm(form)) form.submit(); });
  ["dragenter", "dragover"].forEach((name) => form.addEventListener(name, (event) => {
    event.preventDefault();
    form.classList.add("over");
  }));
  ["dragleave", "drop"].forEach((name) => form.addEventListener(name, () => form.classList.remove("over")));
  form.addEventListener("drop", (event) => {
    event.preventDefault();
    if (!event.dataTransfer || !event.dataTransfer.files.length) return;
    input.files = event.dataTransfer.files;
    if (sendForm(form)) form.submit();
  });
}

function setUpWhere() {
  const panel = document.getElementById("where");
  if (!panel) return;
  let current = null;
  function close() {
    panel.hidden = true;
    if (current) current.classList.remove("chosen");
  }
  async function show(row) {
    const link = row.querySelector("a[data-where]");
    if (!link) return;
    const response = await fetch(link.dataset.where, { headers: { "Accept": "text/html" } });
    if (!response.ok) { window.location.href = link.href; return; }
    panel.innerHTML = await response.text();
    panel.hidden = false;
    panel.scrollTop = 0;
    if (current) current.classList.remove("chosen");
    current = row;
    row.classList.add("chosen");
    // On a narrow screen the panel lies over the page's lower part: the row clicked stays above it.
    if (window.getComputedStyle(panel).position === "fixed") row.scrollIntoView({ block: "start" });
    panel.querySelector("[data-close]").addEventListener("click", close);
  }
  document.querySelectorAll("tr.measure").forEach((row) => {
    row.addEventListener("click", (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      show(row);
    });
  });
  // "Open the action" in the problem list: the measure's row, and where it was read beside it.
  document.querySelectorAll("a.open[data-measure]").forEach((link) => {
    link.addEventListener("click", (event) => {
      const row = document.querySelector(`tr.measure[data-id="${CSS.escape(link.dataset.measure)}"]`);
      if (!row || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      row.scrollIntoView({ block: "center" });
      show(row);
    });
  });
  document.addEventListener("keydown", (event) => { if (event.key === "Escape" && !panel.hidden) close(); });
}

document.addEventListener("DOMContentLoaded", () => {
  const upload = document.getElementById("upload");
  if (upload) setUpUpload(upload);
  const compare = document.getElementById("compare");
  if (compare) compare.addEventListener("submit", (event) => { if (!sendForm(compare)) event.preventDefault(); });
  window.addEventListener("pageshow", (event) => {
    // back to a page kept by the browser: its forms are not busy any more
    if (!event.persisted) return;
    document.querySelectorAll("form.busy").forEach((form) => { form.classList.remove("busy"); formatStatus(form, "", false); });
  });
  setUpWhere();
});
