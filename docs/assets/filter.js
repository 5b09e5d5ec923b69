/* The 筛选 page: combine province × theme × kind × category × list over
   data/methods.js; the URL carries the filters so a view can be shared.
   Each change is one pass over the methods (which also yields the counts beside
   each option), then the first PAGE results are drawn. */
(function () {
  "use strict";
  var PAGE = 50;
  var root = document.getElementById("kb-filter");
  if (!root) return;
  var form = root.querySelector("form");
  var countLine = root.querySelector(".kb-filter__count");
  var list = root.querySelector(".kb-filter__results");
  var more = root.querySelector(".kb-filter__more");
  var FIELDS = ["province", "theme", "kind", "category", "list"];
  var data, shown = PAGE, current = [];

  function prepare(method) {
    /* The values of each filter field, as arrays, computed once. */
    /* kind_label: 单项性（编者归类） when the editors classified it, 未归类 when no kind is given. */
    method.v = {province: [method.province], theme: method.themes, kind: [method.kind_label],
                category: [method.category], list: method.lists};
  }

  function filters() {
    var out = {};
    FIELDS.forEach(function (field) { out[field] = form.elements[field].value; });
    return out;
  }

  /* One pass: the methods matching every choice, and for each field the counts of
     its values among methods matching all the *other* choices (a method failing
     exactly one choice counts only for that field). */
  function scan(chosen) {
    var counts = {}, matched = [];
    FIELDS.forEach(function (field) { counts[field] = {}; });
    var methods = data.methods;
    for (var i = 0; i < methods.length; i++) {
      var m = methods[i], failed = null, misses = 0;
      for (var f = 0; f < FIELDS.length && misses < 2; f++) {
        var field = FIELDS[f], want = chosen[field];
        if (want && m.v[field].indexOf(want) < 0) { misses++; failed = field; }
      }
      if (misses === 0) {
        matched.push(m);
        for (f = 0; f < FIELDS.length; f++) tally(counts[FIELDS[f]], m.v[FIELDS[f]]);
      } else if (misses === 1) {
        tally(counts[failed], m.v[failed]);
      }
    }
    return {counts: counts, matched: matched};
  }

  function tally(counter, values) {
    for (var j = 0; j < values.length; j++) if (values[j]) counter[values[j]] = (counter[values[j]] || 0) + 1;
  }

  function label(field, value) {
    if (field === "list") return data.labels.lists[value] || value;
    return value;
  }

  function fillOptions(chosen, counts) {
    FIELDS.forEach(function (field) {
      var count = counts[field], select = form.elements[field], keep = chosen[field];
      var order = field === "province" ? data.labels.provinces : field === "theme" ? data.labels.themes :
        field === "list" ? Object.keys(data.labels.lists) : Object.keys(count).sort();
      var fragment = document.createDocumentFragment();
      fragment.appendChild(new Option("全部", ""));
      order.forEach(function (value) {
        if (!count[value] && value !== keep) return;
        fragment.appendChild(new Option(label(field, value) + "（" + (count[value] || 0) + "）", value));
      });
      select.textContent = "";
      select.appendChild(fragment);
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
    var base = root.getAttribute("data-src").replace(/data\/methods\.js$/, "");
    var fragment = document.createDocumentFragment();
    current.slice(0, shown).forEach(function (method) {
      var item = document.createElement("li");
      var link = text("a", "", method.name);
      link.href = base + method.url;
      item.appendChild(link);
      if (method.formula && method.name.indexOf(method.formula) < 0) item.appendChild(text("span", "kb-filter__formula", "“" + method.formula + "”"));
      var place = [method.province, method.city, method.district, method.community].filter(Boolean);
      place = place.filter(function (v, i) { return place.indexOf(v) === i; });
      item.appendChild(text("span", "kb-note", place.join("") + " · " + method.kind_label + " · " + method.completeness));
      fragment.appendChild(item);
    });
    list.textContent = "";
    list.appendChild(fragment);
    more.hidden = current.length <= shown;
  }

  function update(push) {
    var chosen = filters();
    var result = scan(chosen);
    current = result.matched;
    shown = PAGE;
    fillOptions(chosen, result.counts);
    countLine.textContent = "共 " + current.length + " 个条目符合条件" + (current.length > PAGE ? "，先显示前 " + PAGE + " 个" : "");
    draw();
    if (push) {
      var params = new URLSearchParams();
      FIELDS.forEach(function (field) { if (chosen[field]) params.set(field, chosen[field]); });
      var query = params.toString();
      try { history.replaceState(null, "", location.pathname + (query ? "?" + query : "")); }
      catch (e) { /* a page opened from disk (file://) may not rewrite its own address */ }
    }
    root.dispatchEvent(new CustomEvent("kb-filter-updated"));
  }

  form.addEventListener("change", function () { update(true); });
  form.addEventListener("reset", function () { setTimeout(function () { update(true); }, 0); });
  more.addEventListener("click", function () { shown += PAGE; draw(); });

  /* The data arrive as a script (data/methods.js sets window.KB_METHODS), not by fetch:
     a script also loads from disk, in the offline edition opened as file://. */
  var script = document.createElement("script");
  script.src = root.getAttribute("data-src");
  script.onload = function () {
    data = window.KB_METHODS;
    data.methods.forEach(prepare);
    var params = new URLSearchParams(location.search);
    var chosen = {};
    FIELDS.forEach(function (field) { chosen[field] = params.get(field) || ""; });
    fillOptions(chosen, scan(chosen).counts);  /* options must exist before they can be chosen */
    update(false);
  };
  script.onerror = function () {
    countLine.textContent = "数据载入失败。请刷新页面，或从“按省份”“按主题”页面查找。";
  };
  document.head.appendChild(script);
})();
