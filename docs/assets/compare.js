/* 比较: a reader picks 2–4 entries (the "加入比较" buttons on method pages, filter
   results and search results) and sees them side by side on compare/.
   The choice is kept in localStorage (or, where a page from disk may not use it,
   in window.name, which lasts as long as the tab); on the compare page the URL
   (?m=a,b,c) is the truth, so a shared or reloaded address shows the same table.
   Every value from a method file goes in as text (textContent), never as markup. */
(function () {
  "use strict";
  var MAX = 4, KEY = "kb-compare", NAME_PREFIX = "kb-compare:";
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var METHOD_PATH = /\/methods\/([a-z0-9-]+)(?:\/(?:index\.html)?|\.html)$/;

  /* The site root, from this script's own address: right on every page, served or from disk. */
  var script = document.currentScript;
  var base = script && script.src ? script.src.replace(/assets\/compare\.js(?:[?#].*)?$/, "") : null;
  if (!base) {
    var search = document.querySelector(".kb-search[data-base]");
    base = new URL((search ? search.getAttribute("data-base") : ".") + "/", location.href).href;
  }

  /* Selection ------------------------------------------------------------------ */

  function clean(list) {
    var out = [];
    (list || []).forEach(function (slug) {
      if (typeof slug === "string" && SLUG.test(slug) && slug !== "index" && out.indexOf(slug) < 0 && out.length < MAX) out.push(slug);
    });
    return out;
  }

  function parse(text) {
    try { var value = JSON.parse(text); return Array.isArray(value) ? clean(value) : []; } catch (e) { return []; }
  }

  function load() {
    try {
      var raw = window.localStorage.getItem(KEY);
      if (raw !== null) return parse(raw);
    } catch (e) { /* storage refused (file://, private mode): window.name below */ }
    return window.name.lastIndexOf(NAME_PREFIX, 0) === 0 ? parse(window.name.slice(NAME_PREFIX.length)) : [];
  }

  function save(list) {
    var text = JSON.stringify(list), stored = false;
    try { window.localStorage.setItem(KEY, text); stored = true; } catch (e) { /* see load */ }
    if (!stored || window.name.lastIndexOf(NAME_PREFIX, 0) === 0) window.name = NAME_PREFIX + text;
  }

  var chosen = load();

  function slugOf(href) {
    try { var match = METHOD_PATH.exec(new URL(href, location.href).pathname); } catch (e) { return null; }
    return match && match[1] !== "index" ? match[1] : null;
  }

  /* The compare page's address: the nav's own link to it (compare/ or, offline, compare/index.html). */
  var compareHref = null;
  function comparePage() {
    return compareHref || (compareHref = findComparePage());
  }

  function findComparePage() {
    var links = document.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      var href = links[i].href.split(/[?#]/)[0];
      if (href === base + "compare/" || href === base + "compare/index.html") return href;
    }
    return base + (/\.html$/.test(location.pathname) || location.protocol === "file:" ? "compare/index.html" : "compare/");
  }

  function compareLink(list) {
    return comparePage() + (list.length ? "?m=" + list.map(encodeURIComponent).join(",") : "");
  }

  /* Shared UI: a note for messages, the floating bar ------------------------------- */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }


  var note = el("p", "kb-compare-note");
  note.setAttribute("role", "status");
  note.setAttribute("aria-live", "polite");
  var noteTimer = null;
  function say(text) {
    note.textContent = text;
    note.classList.toggle("kb-compare-note--shown", !!text);
    clearTimeout(noteTimer);
    if (text) noteTimer = setTimeout(function () { say(""); }, 4000);
  }

  var page = document.getElementById("kb-compare");
  var bar = el("div", "kb-compare-bar");
  bar.setAttribute("role", "region");
  bar.setAttribute("aria-label", "比较");
  var barLink = el("a", "kb-compare-bar__link");
  var barClear = el("button", "kb-compare-bar__clear", "清空");
  barClear.type = "button";
  barClear.setAttribute("aria-label", "清空比较");
  barClear.addEventListener("click", function () { set([]); say("已清空比较"); });
  bar.appendChild(barLink);
  bar.appendChild(barClear);

  function drawBar() {
    barLink.textContent = "比较（" + chosen.length + "）";
    barLink.href = compareLink(chosen);
    bar.hidden = !chosen.length || !!page;  /* the compare page is the comparison itself */
  }

  /* The toggles ------------------------------------------------------------------- */

  var buttons = [];

  function toggle(slug, name) {
    var button = el("button", "kb-compare-toggle");
    button.type = "button";
    button.setAttribute("data-slug", slug);
    var mark = el("span", "kb-compare-toggle__mark", "＋");
    mark.setAttribute("aria-hidden", "true");
    button.appendChild(mark);
    button.appendChild(document.createTextNode("加入比较"));
    /* The visible words first, then whose button it is (aria-pressed says whether it is chosen). */
    button.setAttribute("aria-label", "加入比较：" + name);
    button.addEventListener("click", function (event) {
      event.preventDefault();
      event.stopPropagation();
      var at = chosen.indexOf(slug);
      if (at >= 0) {
        set(chosen.slice(0, at).concat(chosen.slice(at + 1)));
        say("已从比较中移除：" + name + "（" + chosen.length + "/" + MAX + "）");
      } else if (chosen.length >= MAX) {
        say("最多比较 " + MAX + " 个。先移除一个，再加入“" + name + "”。");
      } else {
        set(chosen.concat([slug]));
        say("已加入比较：" + name + "（" + chosen.length + "/" + MAX + "）");
      }
    });
    buttons.push(button);
    drawToggle(button);
    return button;
  }

  function drawToggle(button) {
    var on = chosen.indexOf(button.getAttribute("data-slug")) >= 0;
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.firstChild.textContent = on ? "✓" : "＋";
  }

  function drawToggles() {
    buttons = buttons.filter(function (b) { return document.documentElement.contains(b); });
    buttons.forEach(drawToggle);
  }

  function set(list) {
    chosen = clean(list);
    save(chosen);
    drawToggles();
    drawBar();
    if (page) showPage(true);
  }

  /* A result link (filter or search) gets a toggle after it, in its list item. */
  function decorate(link, name) {
    var item = link.parentElement, slug = slugOf(link.href);
    if (!slug || !item || item.querySelector(".kb-compare-toggle")) return;
    item.classList.add("kb-compare-host");
    item.appendChild(toggle(slug, name));
  }

  function watch(list, selector, name) {
    if (!list) return;
    function scan() { list.querySelectorAll(selector).forEach(function (a) { decorate(a, name(a)); }); }
    new MutationObserver(scan).observe(list, { childList: true });
    scan();
  }

  var article = document.querySelector("article.kb-method");
  var here = slugOf(location.href);
  if (article && here) {
    var heading = article.querySelector("h1");
    var title = heading ? heading.cloneNode(true) : null;
    if (title) title.querySelectorAll(".kb-formula-badge, .headerlink").forEach(function (n) { n.remove(); });
    var name = title ? title.textContent.trim() : document.title;
    var holder = el("p", "kb-compare-here");
    holder.appendChild(toggle(here, name));
    var head = article.querySelector(".kb-head");
    if (head) head.appendChild(holder); else if (heading) heading.insertAdjacentElement("afterend", holder);
  }
  watch(document.querySelector(".kb-filter__results"), "li > a", function (a) { return a.textContent.trim(); });
  watch(document.querySelector(".kb-results__list"), "li > a", function (a) { return a.textContent.trim(); });
  watch(document.querySelector(".kb-search__results"), "li > a", function (a) {
    var t = a.querySelector(".kb-search__title");
    return (t || a).textContent.trim();
  });

  /* Another tab changed the choice. */
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) { chosen = load(); drawToggles(); drawBar(); if (page) showPage(true); }
  });

  document.body.appendChild(bar);
  document.body.appendChild(note);
  drawBar();

  /* The compare page ------------------------------------------------------------------ */

  var data = null, diffOnly = false, missing = [];
  var status, empty, view;

  function fromAddress() {
    var raw = new URLSearchParams(location.search).get("m");
    return raw === null ? null : raw.split(",").map(function (s) { return s.trim(); });
  }

  function writeAddress() {
    try { history.replaceState(null, "", location.pathname + (chosen.length ? "?m=" + chosen.join(",") : "")); }
    catch (e) { /* a page opened from disk may not rewrite its own address */ }
  }

  function startPage() {
    status = page.querySelector(".kb-compare__status");
    empty = page.querySelector(".kb-compare__empty");
    view = page.querySelector(".kb-compare__view");
    function ready() {
      data = window.KB_METHODS;
      var known = {};
      data.methods.forEach(function (m) { known[m.slug] = m; });
      data.bySlug = known;
      var asked = fromAddress();
      if (asked !== null) {
        /* A shared or reloaded address: it is the comparison, and becomes this reader's choice. */
        missing = asked.filter(function (s) { return s && !known[s]; });
        chosen = clean(asked.filter(function (s) { return known[s]; }));
        save(chosen);
        drawToggles();
      } else {
        chosen = chosen.filter(function (s) { return known[s]; });
      }
      showPage(asked === null || missing.length > 0);
    }
    if (window.KB_METHODS) return ready();
    var tag = document.createElement("script");
    tag.src = page.getAttribute("data-src");
    tag.onload = ready;
    tag.onerror = function () { status.textContent = "数据载入失败。请刷新页面再试。"; };
    document.head.appendChild(tag);
  }

  function showPage(rewrite) {
    if (!data) return;
    if (rewrite) writeAddress();
    var methods = chosen.map(function (s) { return data.bySlug[s]; }).filter(Boolean);
    var lost = missing.length ? "网址里有 " + missing.length + " 个条目在本站找不到（" + missing.join("、") + "），已略去。" : "";
    empty.hidden = methods.length > 0;
    view.hidden = !methods.length;
    view.textContent = "";
    if (!methods.length) { status.textContent = lost || "还没有选择条目。"; return; }
    status.textContent = "正在比较 " + methods.length + " 个条目。" +
      (methods.length < 2 ? "再加入至少 1 个才能比较。" : "") + lost;
    view.appendChild(toolbar(methods));
    /* On paper the address is the way back to the table (printed only; a copy from disk has none to give). */
    if (/^https?:$/.test(location.protocol)) view.appendChild(el("p", "kb-compare__address", "本表网址：" + compareLink(chosen)));
    view.appendChild(table(methods));
  }

  function toolbar(methods) {
    var bar = el("div", "kb-compare__tools");
    var only = el("button", "md-button kb-compare__only", "只看不同");
    only.type = "button";
    only.setAttribute("aria-pressed", diffOnly ? "true" : "false");
    only.disabled = methods.length < 2;
    only.addEventListener("click", function () {
      diffOnly = !diffOnly;
      only.setAttribute("aria-pressed", diffOnly ? "true" : "false");
      view.querySelector(".kb-compare__table").classList.toggle("kb-compare__table--diff-only", diffOnly);
    });
    bar.appendChild(only);
    var hint = el("p", "kb-compare__hint", "复制这个网页的网址，就能把这份比较分享给别人。");
    if (methods.length > 1) hint.appendChild(el("span", "kb-compare__swipe", "左右滑动表格查看各个条目。"));
    bar.appendChild(hint);
    return bar;
  }

  /* Values: each a node; its text is what the difference check compares. */

  function plain(text, fallback) {
    return text ? el("span", "", text) : el("span", "kb-compare__none", fallback || "—");
  }

  function linked(text, href) {
    var a = el("a", "", text);
    a.href = base + href;
    return a;
  }

  function lines(items, fallback) {
    if (!items.length) return plain("", fallback);
    var list = el("ul", "kb-compare__lines");
    items.forEach(function (node) { var li = el("li"); li.appendChild(node); list.appendChild(li); });
    return list;
  }

  function group(title, rows) { return { title: title, rows: rows }; }
  function row(label, value) { return { label: label, value: value }; }

  function layout() {
    var labels = data.labels;
    return [
      group("基本信息", [
        row("简介", function (m) { return plain(m.summary); }),
        row("类别", function (m) { return plain(m.category); }),
        row("类型", function (m) { return plain(m.kind_label); }),
        row("主题", function (m) { return plain(m.themes.join("、"), "未标注"); }),
        row("地点", function (m) { return plain(m.place_line, "来源未载"); }),
        row("入选名单", function (m) {
          return lines(m.lists.map(function (key) {
            var url = labels.list_urls && labels.list_urls[key];
            var text = labels.lists[key] || key;
            return url ? linked(text, url) : el("span", "", text);
          }), "来源未载");
        }),
        row("实践起始", function (m) {
          return m.practice_since ? plain(m.practice_since + " 年" + (m.practice_since_basis || "")) : plain("", "来源未载");
        }),
        row("完整度", function (m) {
          var level = { "完整": "full", "部分": "part", "待补充": "todo" }[m.completeness] || "todo";
          return el("span", "kb-level kb-level--" + level, m.completeness || "—");
        })
      ]),
      group("数字口诀", [
        row("口诀", function (m) {
          if (!m.formula) return plain("", "无数字口诀");
          var box = el("span", "", "“" + m.formula + "”");
          if (m.shape && labels.shapes[m.shape]) box.appendChild(el("span", "kb-compare__sub", labels.shapes[m.shape] + "类"));
          return box;
        }),
        row("口诀含义", function (m) { return plain(m.formula_meaning); }),
        row("各部分", function (m) {
          if (!m.formula_parts.length) return plain("", m.formula ? "来源未逐项列出" : "—");
          var list = el("ol", "kb-compare__parts");
          m.formula_parts.forEach(function (p, i) {
            var li = el("li");
            li.appendChild(el("span", "kb-compare__num", String(p.number != null ? p.number : i + 1)));
            li.appendChild(el("strong", "", p.meaning || "—"));
            if (p.items.length) {
              var items = el("ul", "kb-compare__items");
              p.items.forEach(function (item) { items.appendChild(el("li", "", item)); });
              li.appendChild(items);
            }
            list.appendChild(li);
          });
          return list;
        })
      ]),
      group("六性", (labels.characteristics || []).map(function (name) {
        return row(name, function (m) { return plain((m.characteristics || {})[name], "来源未载"); });
      })),
      group("来源", [
        row("来源", function (m) {
          return lines((m.sources || []).map(function (s) {
            var entry = (labels.sources || {})[s.id];
            var box = el("span");
            box.appendChild(entry ? linked(entry.title, entry.url) : el("span", "", s.id));
            if (s.locator) box.appendChild(el("span", "kb-compare__sub", s.locator));
            return box;
          }), "来源未载");
        })
      ])
    ];
  }

  function table(methods) {
    var scroller = el("div", "kb-compare__scroller");
    scroller.setAttribute("role", "region");
    scroller.setAttribute("aria-label", "比较表（可左右滚动）");
    scroller.tabIndex = 0;
    var t = el("table", "kb-compare__table" + (diffOnly ? " kb-compare__table--diff-only" : ""));
    t.style.setProperty("--kb-n", methods.length);
    var caption = el("caption", "kb-compare-hidden", "并排比较 " + methods.length + " 个条目：每列一个条目，每行一项信息");
    t.appendChild(caption);
    var head = el("thead"), top = el("tr");
    var corner = el("th", "kb-compare__corner", "条目");
    corner.scope = "col";
    top.appendChild(corner);
    methods.forEach(function (m, i) {
      var th = el("th", "kb-compare__entry");
      th.scope = "col";
      var link = linked(m.name, m.url);
      link.className = "kb-compare__name";
      th.appendChild(link);
      th.appendChild(el("span", "kb-compare__sub", (i + 1) + " / " + methods.length));
      var remove = el("button", "kb-compare__remove", "移除");
      remove.type = "button";
      remove.setAttribute("aria-label", "移除：" + m.name);
      remove.addEventListener("click", function () {
        set(chosen.filter(function (s) { return s !== m.slug; }));
        say("已从比较中移除：" + m.name);
        var left = view.querySelectorAll(".kb-compare__remove");
        (left[Math.min(i, left.length - 1)] || status).focus();
      });
      th.appendChild(remove);
      top.appendChild(th);
    });
    head.appendChild(top);
    t.appendChild(head);
    layout().forEach(function (g) {
      if (!g.rows.length) return;
      var body = el("tbody"), same = 0;
      var title = el("tr", "kb-compare__group");
      var th = el("th", "", null);
      th.scope = "rowgroup";
      th.colSpan = methods.length + 1;
      th.appendChild(el("span", "", g.title));
      title.appendChild(th);
      body.appendChild(title);
      g.rows.forEach(function (r) {
        var tr = el("tr"), label = el("th", "kb-compare__label");
        label.scope = "row";
        var words = el("div", "kb-compare__words");
        words.appendChild(el("span", "", r.label));
        label.appendChild(words);
        tr.appendChild(label);
        var texts = methods.map(function (m) {
          var td = el("td");
          var node = r.value(m);
          td.appendChild(node);
          tr.appendChild(td);
          return node.textContent;
        });
        var differs = texts.some(function (x) { return x !== texts[0]; });
        if (differs) {
          tr.className = "kb-compare__row--diff";
          words.appendChild(el("span", "kb-compare__diff", "有差别"));
        } else {
          tr.className = "kb-compare__row--same";
          same++;
        }
        body.appendChild(tr);
      });
      if (same === g.rows.length) body.className = "kb-compare__group--same";
      t.appendChild(body);
    });
    scroller.appendChild(t);
    /* A tall row keeps its label in view below the sticky row of names. */
    requestAnimationFrame(function () { scroller.style.setProperty("--kb-head", head.offsetHeight + "px"); });
    return scroller;
  }

  if (page) startPage();

  /* For tests: the current choice. */
  window.kbCompare = function () { return chosen.slice(); };
})();
