// Drag and drop for the calendar (drop on a day: reschedule) and the board (drop on a
// column: change status). Saved at once through the same endpoints the keyboard forms use;
// the page then refreshes its calendar or board on the "calendar-changed" event.
(function () {
  "use strict";
  let dragged = null;

  function zoneFor(node) {
    return node instanceof Element ? node.closest("[data-drop-date], [data-drop-status]") : null;
  }

  function clearTargets() {
    document.querySelectorAll(".is-drop-target").forEach((el) => el.classList.remove("is-drop-target"));
  }

  function announce(text) {
    const box = document.getElementById("messages");
    if (!box) return;
    const note = document.createElement("div");
    note.className = "flash flash-error";
    note.setAttribute("role", "status");
    note.textContent = text;
    box.replaceChildren(note);
  }

  document.addEventListener("dragstart", (event) => {
    const tile = event.target instanceof Element ? event.target.closest("[data-reschedule-url]") : null;
    if (!tile) return;
    dragged = tile;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", tile.dataset.item || "");
    tile.classList.add("is-dragging");
  });

  document.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("is-dragging");
    dragged = null;
    clearTargets();
  });

  document.addEventListener("dragover", (event) => {
    const zone = zoneFor(event.target);
    if (!zone || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!zone.classList.contains("is-drop-target")) {
      clearTargets();
      zone.classList.add("is-drop-target");
    }
  });

  document.addEventListener("drop", (event) => {
    const zone = zoneFor(event.target);
    if (!zone || !dragged) return;
    event.preventDefault();
    clearTargets();
    const tile = dragged;
    let url, values;
    if (zone.dataset.dropDate) {
      url = tile.dataset.rescheduleUrl;
      values = { day: zone.dataset.dropDate };
    } else {
      url = tile.dataset.statusUrl;
      values = { status: zone.dataset.dropStatus };
    }
    // Show the move at once; the refresh that follows confirms it from the server.
    const list = zone.matches("td, li, section") ? zone : zone.parentElement;
    list.appendChild(tile);
    window.htmx.ajax("POST", url, { source: tile, values: values, swap: "none" });
  });

  // After a move (keyboard form or drag), focus goes to the moved piece once the calendar
  // or board has refreshed, so a keyboard user carries on from where they were.
  let movedItem = null;
  document.addEventListener("htmx:beforeRequest", (event) => {
    const source = event.detail.elt;
    const tile = source instanceof Element ? source.closest("[data-item]") : null;
    if (tile && event.detail.requestConfig && event.detail.requestConfig.verb === "post") {
      movedItem = tile.dataset.item;
    }
  });
  document.addEventListener("htmx:afterSettle", () => {
    if (!movedItem) return;
    const tile = document.querySelector('[data-item="' + CSS.escape(movedItem) + '"]');
    const link = tile ? tile.querySelector("a, summary") : null;
    if (link) {
      link.focus();
      movedItem = null;
    }
  });

  // The month grid's "+" links (one per day) form one tab stop, a roving tabindex: Tab
  // reaches today's (or the first day's), the arrow keys move by a day or a week, and the
  // pieces' links and Move buttons stay in the tab order.
  function rove(grid) {
    const links = Array.from(grid.querySelectorAll(".day-add"));
    if (!links.length) return;
    const today = grid.querySelector(".day-today .day-add") || links[0];
    links.forEach((link) => link.setAttribute("tabindex", link === today ? "0" : "-1"));
  }
  function roveAll() {
    document.querySelectorAll(".month-grid").forEach(rove);
  }
  document.addEventListener("DOMContentLoaded", roveAll);
  document.addEventListener("htmx:afterSettle", roveAll);
  document.addEventListener("keydown", (event) => {
    const link = event.target instanceof Element ? event.target.closest(".month-grid .day-add") : null;
    if (!link) return;
    const steps = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[event.key];
    if (!steps) return;
    const links = Array.from(link.closest(".month-grid").querySelectorAll(".day-add"));
    const next = links[links.indexOf(link) + steps];
    if (!next) return;
    event.preventDefault();
    link.setAttribute("tabindex", "-1");
    next.setAttribute("tabindex", "0");
    next.focus();
  });

  document.addEventListener("htmx:responseError", (event) => {
    const xhr = event.detail.xhr;
    const fallback = document.querySelector("[data-error-text]");
    const generic = fallback ? fallback.dataset.errorText : "";
    announce(xhr && xhr.status === 400 && xhr.responseText ? xhr.responseText : generic);
    document.body.dispatchEvent(new CustomEvent("calendar-changed"));
  });
})();
