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

  document.addEventListener("htmx:responseError", (event) => {
    const xhr = event.detail.xhr;
    const fallback = document.querySelector("[data-error-text]");
    const generic = fallback ? fallback.dataset.errorText : "";
    announce(xhr && xhr.status === 400 && xhr.responseText ? xhr.responseText : generic);
    document.body.dispatchEvent(new CustomEvent("calendar-changed"));
  });
})();
