// The page layout's behaviour (no inline script: CSP). On a phone the header's navigation
// folds behind the menu button; a box that scrolls sideways (a wide table on a phone) can be
// reached and scrolled with the keyboard (WCAG 2.1.1), so it takes the focus.
(function () {
  "use strict";
  function fold() {
    var header = document.querySelector("header.top");
    var toggle = header && header.querySelector(".menu-toggle");
    if (!toggle) { return; }
    header.classList.add("folded");
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("click", function () {
      var folded = header.classList.toggle("folded");
      toggle.setAttribute("aria-expanded", folded ? "false" : "true");
    });
  }
  function reachable() {
    var boxes = document.querySelectorAll("main table, main div, main section");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute("tabindex") &&
          /auto|scroll/.test(window.getComputedStyle(box).overflowX)) {
        box.setAttribute("tabindex", "0");
      }
    });
  }
  function init() {
    fold();
    reachable();
    window.addEventListener("resize", reachable);
    document.body.addEventListener("htmx:afterSettle", reachable);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
