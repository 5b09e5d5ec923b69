/* The 筛选 page: combine province × theme × kind × category × list over
   data/methods.js; the URL carries the filters so a view can be shared.
   Each change is one pass over the methods (which also yields the counts beside
   each option, and how many each choice's removal would show), then the first
   PAGE results are drawn. No dead ends: an option that would give nothing with
   the other choices stays listed, with （0）, disabled; an empty result names
   the single choice to drop. */
(function () {
  "use strict";
  var PAGE = 50;
  var root = document.getElementById("kb-filter");
  if (!root) return;
  var form = root.querySelector("form");
  var countLine = root.querySelector(".kb-filter__count");
  var list = root.querySelector(".kb-filter__results");
  var more = root.querySelector(".kb-filter__more");
  var empty = root.querySelector(".kb-filter__empty");
  var FIELDS = ["province", "theme", "kind", "category", "list"];
  var data, shown = PAGE, current = [], present = {};

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
    var counts = {}, without = {}, matched = [];
    FIELDS.forEach(function (field) { counts[field] = {}; without[field] = 0; });
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
        without[failed]++;
      }
    }
    /* without[field]: how many would match with that one choice dropped. */
    FIELDS.forEach(function (field) { without[field] += matched.length; });
    return {counts: counts, without: without, matched: matched};
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
      var seen = present[field];
      var order = field === "province" ? data.labels.provinces : field === "theme" ? data.labels.themes :
        field === "list" ? Object.keys(data.labels.lists) : Object.keys(seen).sort();
      /* A value from a shared URL that no method has is still shown, so the view says what was asked. */
      if (keep && !seen[keep]) order = order.concat([keep]);
      var fragment = document.createDocumentFragment();
      fragment.appendChild(new Option("全部", ""));
      order.forEach(function (value) {
        /* Only values no method has at all are left out (the 35 provinces would mostly be empty). */
        if (!seen[value] && value !== keep) return;
        var n = count[value] || 0;
        var option = new Option(label(field, value) + "（" + n + "）", value);
        /* Zero with the other choices: visible, so nothing silently vanishes, but not choosable —
           except the current choice, which must stay shown as chosen. */
        if (!n && value !== keep) option.disabled = true;
        fragment.appendChild(option);
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

  function address(chosen) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (field) { if (chosen[field]) params.set(field, chosen[field]); });
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  /* No result: for each choice, how many dropping just that one would show, as a link
     (a real address, so it can also be opened in a new tab or copied). */
  function explain(chosen, without) {
    empty.textContent = "";
    var picked = FIELDS.filter(function (field) { return chosen[field]; });
    if (current.length || !picked.length) { empty.hidden = true; return; }
    var ways = picked.filter(function (field) { return without[field] > 0; });
    empty.appendChild(text("p", "", picked.length > 1 ? "没有同时符合这些条件的条目。" : "没有符合这个条件的条目。"));
    if (!ways.length) {
      empty.appendChild(text("p", "", "去掉任何一个条件都仍然没有结果，可以点“清除条件”重新选择。"));
    } else {
      var items = document.createElement("ul");
      ways.forEach(function (field, i) {
        var rest = {};
        FIELDS.forEach(function (f) { rest[f] = f === field ? "" : chosen[f]; });
        var item = document.createElement("li");
        var link = text("a", "kb-filter__drop", "去掉“" + label(field, chosen[field]) + "”可见 " + without[field] + " 个");
        link.href = address(rest);
        link.setAttribute("data-field", field);
        item.appendChild(link);
        item.appendChild(document.createTextNode(i < ways.length - 1 ? "；" : "。"));
        items.appendChild(item);
      });
      empty.appendChild(items);
    }
    empty.hidden = false;
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
    explain(chosen, result.without);
    draw();
    if (push) {
      try { history.replaceState(null, "", address(chosen)); }
      catch (e) { /* a page opened from disk (file://) may not rewrite its own address */ }
    }
    root.dispatchEvent(new CustomEvent("kb-filter-updated"));
  }

  form.addEventListener("change", function () { update(true); });
  form.addEventListener("reset", function () { setTimeout(function () { update(true); }, 0); });
  more.addEventListener("click", function () { shown += PAGE; draw(); });
  empty.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-field]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
    event.preventDefault();
    form.elements[link.getAttribute("data-field")].value = "";
    update(true);
    countLine.focus();  /* the link is gone: keep the keyboard where the new result begins */
  });

  /* The data arrive as a script (data/methods.js sets window.KB_METHODS), not by fetch:
     a script also loads from disk, in the offline edition opened as file://. */
  var script = document.createElement("script");
  script.src = root.getAttribute("data-src");
  script.onload = function () {
    data = window.KB_METHODS;
    data.methods.forEach(prepare);
    /* Every value some method has, per field: the options listed even when they count zero. */
    FIELDS.forEach(function (field) { present[field] = {}; });
    data.methods.forEach(function (m) {
      FIELDS.forEach(function (field) { m.v[field].forEach(function (v) { if (v) present[field][v] = true; }); });
    });
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
