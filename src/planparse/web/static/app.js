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
  return true;
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
  setUpWhere();
});
