/* A way back from a bibliography entry: when a citation on another page of this site opened the
   entry, the entry gets "↩ Back to the text", which returns to the citing page where the reader
   was (history.back keeps the scroll position). Without JavaScript the entry's "cited on" links
   still lead to every citing page. */
(function () {
  "use strict";
  var from = document.referrer;
  if (!from || from.split("#")[0] === window.location.href.split("#")[0]) return;
  if (from.indexOf(window.location.origin + "/") !== 0 || window.location.protocol === "file:") return;

  function offer() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var entry = id.indexOf("ref-") === 0 ? document.getElementById(id) : null;
    if (!entry || entry.querySelector(".lr-back-link")) return;
    var link = document.createElement("a");
    link.className = "lr-back-link";
    link.href = from;
    link.textContent = "↩ Back to the text";
    link.addEventListener("click", function (event) {
      event.preventDefault();
      window.history.back();
    });
    var holder = entry.querySelector("p") || entry;
    holder.appendChild(document.createTextNode(" · "));
    holder.appendChild(link);
  }
  offer();
  window.addEventListener("hashchange", offer);
})();
