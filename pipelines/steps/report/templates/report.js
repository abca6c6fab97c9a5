(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var buttons = document.querySelectorAll(".lang-toggle button");
  function setLang(lang) {
    root.classList.remove("lang-en", "lang-fr");
    if (lang === "en" || lang === "fr") { root.classList.add("lang-" + lang); }
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.lang === lang)); });
  }
  buttons.forEach(function (b) { b.addEventListener("click", function () { setLang(b.dataset.lang); }); });

  function key(cell, numeric) {
    var v = cell ? (cell.getAttribute("data-v") !== null ? cell.getAttribute("data-v") : cell.textContent) : "";
    if (!numeric) { return v.trim().toLowerCase(); }
    var n = parseFloat(v);
    return isNaN(n) ? null : n;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      var kind = th.getAttribute("data-sort");
      if (!kind) { return; }
      th.setAttribute("tabindex", "0");
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col], kind === "num"), y = key(b.cells[col], kind === "num");
          if (x === y) { return 0; }
          if (x === null) { return 1; }
          if (y === null) { return -1; }
          return (x < y ? -1 : 1) * (asc ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  });
})();
