/* hocso: the administrators' pages on a phone, one approach for every page under quan-tri/ (admin.css explains the
   markup at its top). Tables with the class hocso-admin__cards become cards below 45em: each cell gets its column's
   header as data-label, which the stylesheet shows above the value, and the table, its rows and cells get their roles
   spelled out, since browsers drop a table's semantics once it is not displayed as a table. Filters folded in a
   <details class="hocso-admin__fold" open> are closed on load on a phone, so the figures come first, and opened again
   when the screen grows wide (there the summary that opens them is hidden); the summary counts the filters chosen.
   Tables are labelled as pages add them, so a page's own script needs nothing but the class. window.hocsoPhone.label(table) labels one at once.
   File fields get a Vietnamese face (fileField). */
(function () {
  "use strict";
  var NARROW = window.matchMedia("(max-width: 44.9375em)");
  var TEXT = {
    chosen: function (n) { return " (đang chọn " + n + ")"; },
    pick: "Chọn tệp",
    none: "Chưa chọn tệp nào"
  };

  /* A file field in Vietnamese: the browser's own button says "Choose File" / "No file chosen" in the browser's
     language, whatever the page's. The field stays (its label, its keyboard focus, what tests and screen readers
     use), drawn under a button and the chosen file's name. */
  function fileField(input) {
    if (input.hasAttribute("data-hocso-file")) return;
    input.setAttribute("data-hocso-file", "");
    var button = document.createElement("span"), name = document.createElement("span"), box = document.createElement("span");
    box.className = "hocso-file";
    button.className = "md-button hocso-file__button";
    button.setAttribute("aria-hidden", "true");
    button.textContent = TEXT.pick;
    name.className = "hocso-file__name";
    name.setAttribute("aria-hidden", "true");
    name.textContent = TEXT.none;
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);
    box.appendChild(button);
    box.appendChild(name);
    function show() { name.textContent = input.files && input.files.length ? input.files[0].name : TEXT.none; }
    input.addEventListener("change", show);
    input.form && input.form.addEventListener("reset", function () { setTimeout(show, 0); });
  }

  /* The column headers of `table` in each body cell's data-label, and the roles of a table on every part. */
  function label(table) {
    var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody"), function (group) { group.setAttribute("role", "rowgroup"); });
    Array.prototype.forEach.call(table.querySelectorAll("tr"), function (row) {
      row.setAttribute("role", "row");
      Array.prototype.forEach.call(row.children, function (cell, n) {
        if (cell.tagName === "TH") cell.setAttribute("role", cell.getAttribute("scope") === "row" ? "rowheader" : "columnheader");
        else cell.setAttribute("role", "cell");
        if (row.parentNode.tagName === "TBODY") cell.setAttribute("data-label", headers[n] || "");
      });
    });
  }

  function labelWithin(node) {
    if (node.nodeType !== 1) return;
    if (node.matches("table.hocso-admin__cards")) label(node);
    Array.prototype.forEach.call(node.querySelectorAll("table.hocso-admin__cards"), label);
  }

  /* "Bộ lọc (đang chọn 2)": how many filters the address sets, so that folded filters still say the view is narrowed. */
  function count(details) {
    var form = details.querySelector("form"), summary = details.querySelector("summary"), chosen = 0;
    if (!form || !summary) return;
    new URLSearchParams(location.search).forEach(function (value, name) { if (value.trim() && form.elements[name]) chosen++; });
    if (chosen) summary.appendChild(document.createTextNode(TEXT.chosen(chosen)));
  }

  function fold(open) {
    Array.prototype.forEach.call(document.querySelectorAll("details.hocso-admin__fold"), function (details) { details.open = open; });
  }

  function setUp() {
    document.querySelectorAll('.hocso-admin input[type="file"]').forEach(fileField);
    document.querySelectorAll(".hocso-admin").forEach(function (page) {
      labelWithin(page);
      new MutationObserver(function (changes) {
        changes.forEach(function (change) { Array.prototype.forEach.call(change.addedNodes, labelWithin); });
      }).observe(page, { childList: true, subtree: true });
    });
    document.querySelectorAll("details.hocso-admin__fold").forEach(count);
    if (NARROW.matches) fold(false);
    // A phone turned sideways past 45em hides the summary: the filters must not stay closed behind it.
    NARROW.addEventListener("change", function (event) { if (!event.matches) fold(true); });
  }

  window.hocsoPhone = { label: label };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
