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
