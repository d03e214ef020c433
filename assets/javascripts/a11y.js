/* Accessibility touch-ups for the theme: Material's search overlay has role="dialog" but no
   accessible name (axe: aria-dialog-name); give it one. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll('[role="dialog"]:not([aria-label])'), function (el) {
    if (el.classList.contains("md-search")) el.setAttribute("aria-label", "Search the site");
  });
})();
