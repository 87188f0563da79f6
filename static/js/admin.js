// The admin's autocomplete boxes (Django's select2) are named by the text they show, so an empty
// one has no accessible name: a screen reader announces "combobox" and nothing else. Name each by
// its field's label as well, as soon as select2 builds it (on page load, or in a new inline row).
"use strict";

function nameAutocompletes() {
  document.querySelectorAll("select.admin-autocomplete[id]:not([data-named])").forEach((select) => {
    const label = document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
    const box = select.nextElementSibling?.querySelector(".select2-selection[role=combobox]");
    if (!label || !box) return;
    label.id ||= `${select.id}-label`;
    const shown = box.querySelector(".select2-selection__rendered[id]");
    // The box reads "<label> <choice>"; the text inside it (a read-only textbox) reads "<label>".
    box.setAttribute("aria-labelledby", [label.id, shown?.id].filter(Boolean).join(" "));
    shown?.setAttribute("aria-labelledby", label.id);
    select.dataset.named = "";
  });
}

new MutationObserver(nameAutocompletes).observe(document.documentElement, {
  childList: true,
  subtree: true,
});
