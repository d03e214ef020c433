/* Evidence tables readers can work with: a text filter, facet menus, a reset, click-to-sort headers,
   a live count, and a card layout on phones. Written for this site (no library does filter + facets +
   sort without a large dependency); no external requests, allowed by the site's CSP as a file of its
   own. Without JavaScript the table is simply shown in full.

   The generator puts <div class="lr-facets" data-facets='{"names":[...],"rows":[[[...],...],...]}'>
   before each evidence table: one list of values per facet per row, in row order.

   State lives in the address: "?text=<words>&filter=<Facet>:<value>" (filter repeatable; the evidence
   map links use it) is applied on arrival, and every change rewrites the address in place
   (history.replaceState), so a filtered table can be shared and Back leaves the page as it was.
   The text filter keeps rows that contain ALL typed words, in any order, in any cell or facet value:
   "adipose kidney" finds the adipose-tissue studies among kidney studies. */
(function () {
  "use strict";

  function tableAfter(marker) {
    for (var el = marker.nextElementSibling; el; el = el.nextElementSibling) {
      if (el.tagName === "TABLE") return el;
      var inner = el.querySelector && el.querySelector("table");
      if (inner) return inner;
    }
    return null;
  }

  function option(value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    return o;
  }

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(text) {
    return fold(text).split(/\s+/).filter(Boolean);
  }

  /* What the address asks for: {q: "words", filters: [{name, value}, ...]} (query, then fragment). */
  function wanted() {
    var state = { q: "", filters: [] };
    [window.location.search, window.location.hash].forEach(function (part) {
      part.replace(/^[?#]/, "").split("&").forEach(function (pair) {
        var cut = pair.indexOf("=");
        if (cut < 0) return;
        var key = pair.slice(0, cut), text;
        try {
          text = decodeURIComponent(pair.slice(cut + 1).replace(/\+/g, " "));
        } catch (e) {
          return; /* a malformed address is ignored, not fatal */
        }
        if (key === "text") state.q = text;
        if (key === "filter") {
          var colon = text.indexOf(":");
          if (colon > 0) state.filters.push({ name: text.slice(0, colon), value: text.slice(colon + 1) });
        }
      });
    });
    return state;
  }

  function remember(search, selects) {
    var parts = [];
    if (search.value.trim()) parts.push("text=" + encodeURIComponent(search.value.trim()));
    selects.forEach(function (select) {
      if (select.value) parts.push("filter=" + encodeURIComponent(select.name + ":" + select.value));
    });
    var hash = /^#[^=&]*$/.test(window.location.hash) ? window.location.hash : "";
    var url = window.location.pathname + (parts.length ? "?" + parts.join("&") : "") + hash;
    try {
      window.history.replaceState(window.history.state, "", url);
    } catch (e) {
      /* file:// pages may refuse; the table still works */
    }
  }

  function setup(marker) {
    var table = tableAfter(marker);
    if (!table || !table.tBodies.length) return;
    var spec = JSON.parse(marker.getAttribute("data-facets"));
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    var labels = Array.prototype.map.call(headers, function (th) { return th.textContent.trim(); });
    table.setAttribute("data-lr-table", "evidence");
    rows.forEach(function (row, i) {
      row.facets = spec.rows[i] || [];
      Array.prototype.forEach.call(row.cells, function (td, col) {
        if (labels[col]) td.setAttribute("data-label", labels[col]);
        if (!td.textContent.trim()) td.setAttribute("data-empty", "");
        var span = document.createElement("span"); /* one box per value: the phone layout's second column */
        span.className = "lr-cell";
        while (td.firstChild) span.appendChild(td.firstChild);
        td.appendChild(span);
      });
      var extra = row.facets.map(function (values) { return values.join(" "); }).join(" ");
      row.haystack = fold(row.textContent + " " + extra);
    });

    var tools = document.createElement("div");
    tools.className = "lr-tools";
    var search = document.createElement("input");
    search.type = "search";
    search.placeholder = "Filter rows: any words, any order";
    search.setAttribute("aria-label", "Filter the table rows (rows with all the words typed)");
    tools.appendChild(search);
    var selects = spec.names.map(function (name, f) {
      var values = {};
      rows.forEach(function (row) { (row.facets[f] || []).forEach(function (v) { values[v] = true; }); });
      var label = document.createElement("label");
      label.className = "lr-facet";
      var caption = document.createElement("span");
      caption.textContent = name;
      label.appendChild(caption);
      var select = document.createElement("select");
      select.name = name;
      select.appendChild(option("", "all"));
      Object.keys(values).sort().forEach(function (v) { select.appendChild(option(v, v)); });
      label.appendChild(select);
      tools.appendChild(label);
      return select;
    });
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "lr-reset";
    reset.textContent = "Reset";
    tools.appendChild(reset);
    var count = document.createElement("span");
    count.className = "lr-count";
    count.setAttribute("aria-live", "polite");
    tools.appendChild(count);
    marker.appendChild(tools);

    function apply() {
      var needles = words(search.value);
      var shown = 0;
      rows.forEach(function (row) {
        var ok = needles.every(function (w) { return row.haystack.indexOf(w) >= 0; });
        selects.forEach(function (select, f) {
          if (ok && select.value) ok = (row.facets[f] || []).indexOf(select.value) >= 0;
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = "Showing " + shown + " of " + rows.length;
      var active = needles.length > 0 || selects.some(function (s) { return s.value; });
      reset.disabled = !active;
      selects.forEach(function (s) { s.parentNode.classList.toggle("lr-chosen", !!s.value); });
    }
    function changed() {
      apply();
      remember(search, selects);
    }
    search.addEventListener("input", changed);
    selects.forEach(function (s) { s.addEventListener("change", changed); });
    reset.addEventListener("click", function () {
      search.value = "";
      selects.forEach(function (s) { s.value = ""; });
      changed();
      search.focus();
    });

    Array.prototype.forEach.call(headers, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "lr-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var up = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        var sorted = rows.slice().sort(function (a, b) {
          var x = a.cells[col].textContent.trim(), y = b.cells[col].textContent.trim();
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y, undefined, { numeric: true });
          return up ? c : -c;
        });
        sorted.forEach(function (row) { table.tBodies[0].appendChild(row); });
      });
    });

    var state = wanted();
    search.value = state.q;
    state.filters.forEach(function (w) {
      selects.forEach(function (select) {
        if (select.name === w.name) select.value = w.value;
      });
    });
    apply();
  }

  Array.prototype.forEach.call(document.querySelectorAll(".lr-facets"), setup);
})();
