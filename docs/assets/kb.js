/* Small enhancements that work without a framework and degrade to plain pages.
   - Tables inside .kb-sortable sort by a column when its header is clicked. */
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

  function init() {
    document.querySelectorAll(".kb-sortable table").forEach(makeSortable);
  }

  if (window.document$) {
    window.document$.subscribe(init); /* Material's instant navigation */
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
