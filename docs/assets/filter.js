/* The 筛选 page: combine province × theme × kind × category × list over
   data/methods.json; the URL carries the filters so a view can be shared.
   Each change is one pass over the methods per control (the counts beside each
   option show how many would match), then the first PAGE results are drawn. */
(function () {
  "use strict";
  var PAGE = 100;
  var root = document.getElementById("kb-filter");
  if (!root) return;
  var form = root.querySelector("form");
  var countLine = root.querySelector(".kb-filter__count");
  var list = root.querySelector(".kb-filter__results");
  var more = root.querySelector(".kb-filter__more");
  var FIELDS = ["province", "theme", "kind", "category", "list"];
  var data, shown = PAGE, current = [];

  function values(method, field) {
    if (field === "theme") return method.themes;
    if (field === "list") return method.lists;
    return [method[field]];
  }

  function filters() {
    var out = {};
    FIELDS.forEach(function (field) { out[field] = form.elements[field].value; });
    return out;
  }

  function matches(method, chosen, except) {
    for (var i = 0; i < FIELDS.length; i++) {
      var field = FIELDS[i];
      if (field === except || !chosen[field]) continue;
      if (values(method, field).indexOf(chosen[field]) < 0) return false;
    }
    return true;
  }

  function label(field, value) {
    if (field === "list") return data.labels.lists[value] || value;
    return value;
  }

  function fillOptions(chosen) {
    FIELDS.forEach(function (field) {
      var counts = {};
      data.methods.forEach(function (method) {
        if (!matches(method, chosen, field)) return;
        values(method, field).forEach(function (v) { if (v) counts[v] = (counts[v] || 0) + 1; });
      });
      var select = form.elements[field];
      var order = field === "province" ? data.labels.provinces : field === "theme" ? data.labels.themes :
        field === "list" ? Object.keys(data.labels.lists) : Object.keys(counts).sort();
      var keep = chosen[field];
      while (select.options.length > 1) select.remove(1);
      order.forEach(function (value) {
        if (!counts[value] && value !== keep) return;
        var option = new Option(label(field, value) + "（" + (counts[value] || 0) + "）", value);
        select.add(option);
      });
      select.value = keep;
    });
  }

  function text(tag, className, content) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    el.textContent = content;
    return el;
  }

  function draw() {
    list.textContent = "";
    var base = root.getAttribute("data-src").replace(/data\/methods\.json$/, "");
    current.slice(0, shown).forEach(function (method) {
      var item = document.createElement("li");
      var link = text("a", "", method.name);
      link.href = base + method.url;
      item.appendChild(link);
      if (method.formula && method.name.indexOf(method.formula) < 0) item.appendChild(text("span", "kb-filter__formula", "“" + method.formula + "”"));
      var place = [method.province, method.city, method.district, method.community].filter(Boolean);
      place = place.filter(function (v, i) { return place.indexOf(v) === i; });
      item.appendChild(text("span", "kb-note", place.join("") + " · " + (method.kind || "类型未载") + " · " + method.completeness));
      list.appendChild(item);
    });
    more.hidden = current.length <= shown;
  }

  function update(push) {
    var chosen = filters();
    current = data.methods.filter(function (m) { return matches(m, chosen, null); });
    shown = PAGE;
    fillOptions(chosen);
    countLine.textContent = "共 " + current.length + " 个方法符合条件" + (current.length > PAGE ? "，先显示前 " + PAGE + " 个" : "");
    draw();
    if (push) {
      var params = new URLSearchParams();
      FIELDS.forEach(function (field) { if (chosen[field]) params.set(field, chosen[field]); });
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
    }
    root.dispatchEvent(new CustomEvent("kb-filter-updated"));
  }

  form.addEventListener("change", function () { update(true); });
  form.addEventListener("reset", function () { setTimeout(function () { update(true); }, 0); });
  more.addEventListener("click", function () { shown += PAGE; draw(); });

  fetch(root.getAttribute("data-src")).then(function (r) { return r.json(); }).then(function (json) {
    data = json;
    var params = new URLSearchParams(location.search);
    var chosen = {};
    FIELDS.forEach(function (field) { chosen[field] = params.get(field) || ""; });
    fillOptions(chosen);
    FIELDS.forEach(function (field) { form.elements[field].value = chosen[field]; });
    update(false);
  }).catch(function () {
    countLine.textContent = "数据载入失败。请刷新页面，或从“按省份”“按主题”页面查找。";
  });
})();
