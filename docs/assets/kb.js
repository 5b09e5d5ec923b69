/* Small enhancements that work without a framework and degrade to plain pages.
   - Tables inside .kb-sortable sort by a column when its header is clicked.
   - A table wider than the screen scrolls inside its box; the box takes keyboard
     focus, so it can be scrolled without a mouse, and is named for screen readers. */
(function () {
  "use strict";

  function cellValue(row, index) {
    var text = row.cells[index] ? row.cells[index].textContent.trim() : "";
    var number = parseFloat(text);
    return isNaN(number) ? text : number;
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kb-sort";
      button.textContent = th.textContent;
      button.setAttribute("aria-label", "按“" + th.textContent + "”排序");
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          if (typeof x === "number" && typeof y !== "number") return -1;
          if (typeof y === "number" && typeof x !== "number") return 1;
          var order = typeof x === "number" ? x - y : String(x).localeCompare(String(y), "zh-CN");
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function scrollable(wrap, index) {
    if (wrap.scrollWidth <= wrap.clientWidth || wrap.hasAttribute("tabindex")) return;
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "第 " + (index + 1) + " 个表格（可左右滑动）");
  }

  function init() {
    document.querySelectorAll(".kb-sortable table").forEach(makeSortable);
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(scrollable);
  }

  if (window.document$) {
    window.document$.subscribe(init); /* Material's instant navigation */
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
