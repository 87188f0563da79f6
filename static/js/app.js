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

// A move or pin redraws the whole board or pipeline, so put keyboard focus back where it was: on
// the first element named by the data-focus of the button pressed (the pipeline: the same button
// or, at the top or bottom, the next best thing in that row) or of its form (the board: the
// card's stage menu, in its new column) that exists and is enabled.
let focusAfterSwap = null;

document.addEventListener("htmx:beforeRequest", (event) => {
  const submitter = event.detail.requestConfig?.triggeringEvent?.submitter;
  const source = (submitter || event.target).closest?.("[data-focus]");
  focusAfterSwap = source ? source.dataset.focus.split(" ") : null;
});

document.addEventListener("htmx:afterSettle", () => {
  if (!focusAfterSwap) return;
  const ids = focusAfterSwap;
  focusAfterSwap = null;
  ids.map((id) => document.getElementById(id)).find((el) => el && !el.disabled)?.focus();
});

// A form sent back with errors: focus goes to the summary above it, so it is read first, and each
// of its links puts focus in the field it names (not just scrolls to it), label in view.
document.addEventListener("DOMContentLoaded", () => document.getElementById("error-summary")?.focus());

document.addEventListener("click", (event) => {
  const link = event.target.closest?.("#error-summary a[href^='#']");
  const field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!field) return;
  event.preventDefault();
  const label = document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
  (label || field).scrollIntoView({ block: "center" });
  field.focus({ preventScroll: true });
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

// Tags: a browser matches a <datalist> suggestion against the whole value, so in a field of
// comma-separated tags (data-separator) the suggestions are rewritten for the part being typed:
// what is typed so far, then each of the seeker's tags not there yet.
document.addEventListener("input", (event) => {
  const input = event.target.closest?.("input[data-separator][list]");
  const list = input && document.getElementById(input.getAttribute("list"));
  if (!list) return;
  list.dataset.names ??= JSON.stringify([...list.options].map((option) => option.label || option.value));
  const separator = input.dataset.separator;
  const parts = input.value.split(separator);
  parts.pop();
  const done = parts.map((part) => part.trim()).filter(Boolean);
  const taken = new Set(done.map((name) => name.toLowerCase()));
  const prefix = done.length ? `${done.join(`${separator} `)}${separator} ` : "";
  list.replaceChildren(
    ...JSON.parse(list.dataset.names)
      .filter((name) => !taken.has(name.toLowerCase()))
      .map((name) => Object.assign(document.createElement("option"), { value: prefix + name, label: name })),
  );
});

// The bookmarklet on Settings is a javascript: link meant for the bookmarks bar: clicked here it
// would do nothing useful (and break the CSP), so a click only says where to drag it.
document.addEventListener("click", (event) => {
  const link = event.target.closest?.("a[data-bookmarklet]");
  if (!link) return;
  event.preventDefault();
  const status = document.querySelector(link.dataset.bookmarkletStatus);
  if (status) status.textContent = "Drag this button to your bookmarks bar, then click the bookmark on a job ad.";
});
