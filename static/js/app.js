// Small progressive enhancements; every page also works without them.
document.documentElement.classList.add("js");

// The navigation's Menu button (shown on narrow screens only).
document.addEventListener("click", (event) => {
  const toggle = event.target.closest(".nav-toggle");
  if (!toggle) return;
  const nav = toggle.closest(".nav");
  const open = nav.classList.toggle("is-open");
  toggle.setAttribute("aria-expanded", String(open));
});
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit")) {
    target.form.requestSubmit();
  }
});

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.getAttribute("data-copy"));
  if (source && navigator.clipboard) {
    navigator.clipboard.writeText(source.textContent.trim());
    button.textContent = button.getAttribute("data-copied") || button.textContent;
  }
});

document.addEventListener("submit", (event) => {
  const message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});

// Sign-up starts in the browser's time zone (the server cannot know it).
document.addEventListener("DOMContentLoaded", () => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll("select[data-browser-timezone]").forEach((select) => {
    if (zone && select.value === "UTC" && Array.from(select.options).some((o) => o.value === zone)) {
      select.value = zone;
    }
  });
});

// A table or chart that scrolls sideways inside itself (on a narrow screen) can be reached
// and scrolled with the keyboard: it becomes focusable.
function markScrollableRegions() {
  document.querySelectorAll("main table, main .table-wrap").forEach((el) => {
    const scrolls = el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible";
    if (scrolls && !el.hasAttribute("tabindex")) {
      el.setAttribute("tabindex", "0");
      el.dataset.scrollRegion = "";
    } else if (!scrolls && el.dataset.scrollRegion !== undefined) {
      el.removeAttribute("tabindex");
      delete el.dataset.scrollRegion;
    }
  });
}
document.addEventListener("DOMContentLoaded", markScrollableRegions);
document.addEventListener("htmx:afterSettle", markScrollableRegions);
window.addEventListener("resize", markScrollableRegions);
