/* Hand-written, no dependencies, no requests. Makes the tables inside <div class="sortable">
   sortable: each column header becomes a button; pressing it sorts the rows by that column
   (numbers as numbers, "1,500" included; empty cells last), pressing again reverses the order.
   The current order is announced with aria-sort. Without JavaScript the table stays as generated.

   Also gives Material's search dialog an accessible name (axe-core: aria-dialog-name), and keeps
   permalinks working when a record has moved to another page of a long listing: if the #anchor
   is not on this page, downloads/anchors.json (record id -> page) says where it is now. */
(function () {
  "use strict";

  function key(cell) {
    var text = (cell.textContent || "").trim();
    var plain = text.replace(/,/g, "");
    if (/^-?\d+(\.\d+)?$/.test(plain)) return { empty: false, num: parseFloat(plain), text: text };
    return { empty: text === "" || text === "unknown", num: null, text: text.toLowerCase() };
  }

  function compare(a, b) {
    if (a.empty !== b.empty) return a.empty ? 1 : -1;
    if (a.num !== null && b.num !== null) return a.num - b.num;
    return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
  }

  function makeSortable(table) {
    var headers = table.querySelectorAll("thead th");
    var body = table.tBodies[0];
    if (!body) return;
    Array.prototype.forEach.call(headers, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = th.textContent;
      button.title = "Sort by this column";
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        var keyed = rows.map(function (row, i) { return { row: row, key: key(row.cells[column]), i: i }; });
        keyed.sort(function (x, y) {
          var c = compare(x.key, y.key);
          if (x.key.empty || y.key.empty) return c || x.i - y.i;
          return (ascending ? c : -c) || x.i - y.i;
        });
        keyed.forEach(function (k) { body.appendChild(k.row); });
      });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".sortable table"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])'),
      function (dialog) { dialog.setAttribute("aria-label", "Search"); });
  }

  function followMovedAnchor() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id) || document.getElementById(id)) return;
    var config = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* keep "." */ }
    fetch(base + "/downloads/anchors.json").then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (pages) {
        if (typeof pages[id] !== "string") return;
        var target = new URL(base + "/" + pages[id], location.href);
        if (target.origin === location.origin && target.pathname !== location.pathname) {
          location.replace(target.pathname + "#" + id);
        }
      })
      .catch(function () { /* the page stays as it is */ });
  }

  window.addEventListener("hashchange", followMovedAnchor);
  followMovedAnchor();

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
