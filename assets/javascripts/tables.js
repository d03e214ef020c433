/* Evidence tables readers can work with: a text filter, facet menus, click-to-sort headers and a
   live count. Written for this site (no library does filter + facets + sort without a large
   dependency); about 130 lines, no external requests, allowed by the site's CSP as a file of its
   own. Without JavaScript the table is simply shown in full.

   The generator puts <div class="lr-facets" data-facets='{"names":[...],"rows":[[[...],...],...]}'>
   before each evidence table: one list of values per facet per row, in row order. A query or
   fragment "?filter=<Facet>:<value>" (used by the evidence map, repeatable) applies facets on arrival. */
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

  function wantedFilters() {
    var found = [];
    var re = /(?:^[?#]|&)filter=([^&#]*)/g, m;
    [window.location.search, window.location.hash].forEach(function (part) {
      while ((m = re.exec(part))) {
        var text = decodeURIComponent(m[1].replace(/\+/g, " "));
        var cut = text.indexOf(":");
        if (cut > 0) found.push({ name: text.slice(0, cut), value: text.slice(cut + 1) });
      }
      re.lastIndex = 0;
    });
    return found;
  }

  function setup(marker, index) {
    var table = tableAfter(marker);
    if (!table || !table.tBodies.length) return;
    var spec = JSON.parse(marker.getAttribute("data-facets"));
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    rows.forEach(function (row, i) { row.facets = spec.rows[i] || []; });

    var tools = document.createElement("div");
    tools.className = "lr-tools";
    var search = document.createElement("input");
    search.type = "search";
    search.placeholder = "Filter rows";
    search.setAttribute("aria-label", "Filter the table rows");
    tools.appendChild(search);
    var selects = spec.names.map(function (name, f) {
      var values = {};
      rows.forEach(function (row) { (row.facets[f] || []).forEach(function (v) { values[v] = true; }); });
      var select = document.createElement("select");
      select.setAttribute("aria-label", name);
      select.name = name;
      select.appendChild(option("", name + ": all"));
      Object.keys(values).sort().forEach(function (v) { select.appendChild(option(v, v)); });
      tools.appendChild(select);
      return select;
    });
    var count = document.createElement("span");
    count.className = "lr-count";
    count.setAttribute("aria-live", "polite");
    tools.appendChild(count);
    marker.appendChild(tools);

    function apply() {
      var text = search.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var ok = !text || row.textContent.toLowerCase().indexOf(text) >= 0;
        selects.forEach(function (select, f) {
          if (ok && select.value) ok = (row.facets[f] || []).indexOf(select.value) >= 0;
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = "Showing " + shown + " of " + rows.length;
    }
    search.addEventListener("input", apply);
    selects.forEach(function (s) { s.addEventListener("change", apply); });

    var headers = table.tHead ? table.tHead.rows[0].cells : [];
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

    wantedFilters().forEach(function (wanted) {
      selects.forEach(function (select) {
        if (select.name === wanted.name) select.value = wanted.value;
      });
    });
    apply();
  }

  Array.prototype.forEach.call(document.querySelectorAll(".lr-facets"), setup);
})();
