// Second Chance front end. Kept in a static file so the app runs under a strict CSP.
"use strict";

// Board: drag a card onto another column to move it. The card's own "Move to" form does the
// work, so dragging and the keyboard-friendly menu go through one code path (and one URL).
document.addEventListener("dragstart", (event) => {
  const card = event.target.closest?.(".board-card");
  if (!card) return;
  event.dataTransfer.setData("text/plain", card.dataset.application);
  event.dataTransfer.effectAllowed = "move";
  card.classList.add("dragging");
});

document.addEventListener("dragend", (event) => {
  event.target.closest?.(".board-card")?.classList.remove("dragging");
  document.querySelectorAll(".drop-target").forEach((el) => el.classList.remove("drop-target"));
});

document.addEventListener("dragover", (event) => {
  const column = event.target.closest?.(".board-column");
  if (!column) return;
  event.preventDefault();
  document.querySelectorAll(".drop-target").forEach((el) => el !== column && el.classList.remove("drop-target"));
  column.classList.add("drop-target");
});

document.addEventListener("drop", (event) => {
  const column = event.target.closest?.(".board-column");
  if (!column) return;
  event.preventDefault();
  const id = event.dataTransfer.getData("text/plain");
  const form = document.querySelector(`.board-card[data-application="${CSS.escape(id)}"] form.move-form`);
  if (!form || form.elements.stage.value === column.dataset.stage) return;
  form.elements.stage.value = column.dataset.stage;
  form.requestSubmit();
});

// Pipeline: a move or pin redraws the whole list, so put keyboard focus back on the same button
// (or, when it is now disabled at the top or bottom, the next best thing in that row).
let pipelineFocus = null;

document.addEventListener("htmx:beforeRequest", (event) => {
  const form = event.target.closest?.("#pipeline form[data-focus]");
  pipelineFocus = form ? form.dataset.focus.split(" ") : null;
});

document.addEventListener("htmx:afterSettle", () => {
  if (!pipelineFocus) return;
  const ids = pipelineFocus;
  pipelineFocus = null;
  ids.map((id) => document.getElementById(id)).find((el) => el && !el.disabled)?.focus();
});

// Copy buttons: data-copy names the field to copy (what is in it now, saved or not),
// data-copy-status the element that says it worked, data-copied the words it says.
document.addEventListener("click", async (event) => {
  const button = event.target.closest?.("[data-copy]");
  if (!button) return;
  const source = document.querySelector(button.dataset.copy);
  const status = document.querySelector(button.dataset.copyStatus || "#copy-status");
  if (!source) return;
  try {
    await navigator.clipboard.writeText(source.value);
    if (status) status.textContent = button.dataset.copied || "Copied.";
  } catch {
    source.focus();
    source.select();
    if (status) status.textContent = "Press Ctrl+C (or ⌘C) to copy the selected text.";
  }
});
