/* The 搜索结果 page (search/?q=…): every hit of the site's search (kbSearch.find, search.js),
   narrowed by province, theme and category. The facets of a method come from data/methods.js
   (as on the 筛选 page), joined on its URL; other pages have none, so a chosen facet leaves
   them out. The query and the choices live in the URL, so a view can be shared. */
(function () {
  "use strict";
  var PAGE = 50;
  var FIELDS = ["province", "theme", "category"];
  var EXAMPLES = "例如地名、口诀（13335）或主题（矛盾化解）。";
  var root = document.getElementById("kb-results");
  if (!root || !window.kbSearch) return;
  var form = root.querySelector("form"), box = form.elements.q;
  var countLine = root.querySelector(".kb-results__count");
  var hubLine = root.querySelector(".kb-results__hubs");
  var list = root.querySelector(".kb-results__list");
  var more = root.querySelector(".kb-results__more");
  var clear = root.querySelector(".kb-results__clear");
  var data, byUrl = {}, found = null, current = [], shown = PAGE;

  function loadMethods() {
    /* A script, not fetch: it also loads from disk, in the offline edition opened as file://. */
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = root.getAttribute("data-src");
      script.onload = function () { resolve(window.KB_METHODS); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function choices() {
    var out = {};
    FIELDS.forEach(function (field) { out[field] = form.elements[field].value; });
    return out;
  }

  /* The hits matching every choice, and for each field the counts of its values among the
     hits matching all the *other* choices: what choosing that value would leave. */
  function scan(entries, chosen) {
    var counts = {}, matched = [], any = FIELDS.some(function (f) { return chosen[f]; });
    FIELDS.forEach(function (field) { counts[field] = {}; });
    entries.forEach(function (h) {
      var v = byUrl[h.url];
      if (!v) { if (!any) matched.push(h); return; }
      var failed = FIELDS.filter(function (f) { return chosen[f] && v[f].indexOf(chosen[f]) < 0; });
      if (!failed.length) matched.push(h);
      /* A hit failing one choice counts only for that field; one failing two, for none. */
      (failed.length === 0 ? FIELDS : failed.length === 1 ? failed : []).forEach(function (f) {
        v[f].forEach(function (value) { if (value) counts[f][value] = (counts[f][value] || 0) + 1; });
      });
    });
    return { matched: matched, counts: counts };
  }

  function fillOptions(chosen, counts) {
    FIELDS.forEach(function (field) {
      var select = form.elements[field], keep = chosen[field], count = counts[field];
      var order = field === "province" ? data.labels.provinces : field === "theme" ? data.labels.themes : [];
      var values = Object.keys(count);
      /* A value from a shared URL that no hit has is still shown, so the view says what was asked. */
      if (keep && !count[keep]) values.push(keep);
      values.sort(function (a, b) { return rank(order, a) - rank(order, b) || (a < b ? -1 : a > b ? 1 : 0); });
      select.textContent = "";
      select.appendChild(new Option("全部", ""));
      values.forEach(function (value) { select.appendChild(new Option(value + "（" + (count[value] || 0) + "）", value)); });
      select.value = keep;
    });
  }

  function rank(order, value) {
    var i = order.indexOf(value);
    return i < 0 ? order.length : i;
  }

  var highlighted = window.kbSearch.highlighted;  /* the dropdown's marks, text nodes only */

  function element(tag, className, text, words) {
    var el = document.createElement(tag);
    el.className = className;
    el.appendChild(highlighted(text, words));
    return el;
  }

  function item(h, words) {
    var li = document.createElement("li");
    var link = element("a", "kb-results__title", h.title, words);
    link.href = h.href;
    li.appendChild(link);
    if (h.meta) li.appendChild(element("span", "kb-note", h.meta, words));
    if (h.snippet) li.appendChild(element("span", "kb-results__snippet", h.snippet, words));
    return li;
  }

  function draw() {
    var fragment = document.createDocumentFragment();
    current.slice(0, shown).forEach(function (h) { fragment.appendChild(item(h, found.words)); });
    list.textContent = "";
    list.appendChild(fragment);
    more.hidden = current.length <= shown;
  }

  function drawHubs() {
    window.kbSearch.showHubs(hubLine, found || { hubs: [], words: [] });
  }

  function describe(chosen) {
    var picked = FIELDS.some(function (f) { return chosen[f]; });
    if (!box.value.trim()) return "请在上面的框里输入要找的词，" + EXAMPLES;
    var total = found.hubs.length + found.entries.length;
    if (!total) return "没有找到。换个说法试试，" + EXAMPLES;
    var first = (current.length > PAGE ? "，先显示前 " + PAGE + " 个" : "") + window.kbSearch.unknownNote(found);
    if (!picked) return "找到 " + total + " 个结果" + first;
    if (!current.length) return "找到 " + total + " 个结果，但没有符合所选条件的。可以点“清除条件”。";
    return "找到 " + total + " 个结果，其中符合所选条件的 " + current.length + " 个" + first;
  }

  function address(chosen) {
    var params = new URLSearchParams();
    if (box.value.trim()) params.set("q", box.value.trim());
    FIELDS.forEach(function (field) { if (chosen[field]) params.set(field, chosen[field]); });
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  function show(push) {
    var chosen = choices();
    var result = scan(found ? found.entries : [], chosen);
    current = result.matched;
    shown = PAGE;
    fillOptions(chosen, result.counts);
    countLine.textContent = describe(chosen);
    drawHubs();
    draw();
    clear.hidden = !FIELDS.some(function (f) { return chosen[f]; });
    if (push) {
      try { history.replaceState(null, "", address(chosen)); }
      catch (e) { /* a page opened from disk (file://) may not rewrite its own address */ }
    }
  }

  function failed() {
    countLine.textContent = "搜索数据载入失败，请刷新页面再试。也可以从“按省份”“按主题”页面查找。";
  }

  /* Search anew; a reply to a query typed over since is dropped. */
  function run(push) {
    var query = box.value.trim();
    if (!query) { found = null; show(push); return; }
    window.kbSearch.find(query).then(function (result) {
      if (box.value.trim() !== query) return;
      found = result;
      show(push);
    }, failed);
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); run(true); });
  box.addEventListener("input", function () { run(true); });
  form.addEventListener("change", function (event) { if (event.target !== box) show(true); });
  clear.addEventListener("click", function () {
    FIELDS.forEach(function (field) { form.elements[field].value = ""; });
    show(true);
    box.focus();  /* the button hides itself: keep the keyboard in the form */
  });
  more.addEventListener("click", function () { shown += PAGE; draw(); });

  loadMethods().then(function (ready) {
    data = ready;
    data.methods.forEach(function (m) {
      byUrl[m.url] = { province: [m.province], theme: m.themes, category: [m.category] };
    });
    var params = new URLSearchParams(location.search);
    box.value = params.get("q") || "";
    FIELDS.forEach(function (field) {
      /* The option must exist before it can be chosen; fillOptions redraws them all. */
      var value = params.get(field);
      if (value) form.elements[field].appendChild(new Option(value, value, true, true));
    });
    run(false);
  }, failed);
})();
