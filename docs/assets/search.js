/* The site's Chinese search, in the browser.
   The query is cut against the index's own vocabulary (the words jieba cut the
   pages into at build time, plus prefixes of them for the word being typed), so
   query and index agree by construction. Each piece of the query finds its own
   term, the synonyms of it (search/index.js carries them) and, for a prefix, the
   terms it begins. Documents are ranked by field-weighted scores × idf, and a
   document matching every meaningful piece ranks above one matching some.
   What a cadre types besides the index's words: traditional characters (folded to
   the simplified ones), pinyin and initials of names (aliases of the words), a word
   with one wrong character (the name it is one character from), and the words of a
   question (怎么办), which are left out. */
(function () {
  "use strict";
  var MAX_PIECE = 16, RESULTS = 10, HUB_LINE = 3, PREFIXES = 12, SYNONYM_WEIGHT = 0.7, PREFIX_WEIGHT = 0.8, INNER_WEIGHT = 0.6;
  var ALIAS_WEIGHT = 0.95, FUZZY_WEIGHT = 0.8, FUZZY_FROM = 3;
  var FILLER_WEIGHT = 0.25;  /* a long page full of 和、开 does not rise by them */
  var MAX_QUERY = 80;  /* characters searched: a pasted paragraph is cut to its beginning */
  var DESCRIBED_RANK = 5;  /* a theme described by the query, this high, is named */
  var NUMERALS = "〇一二三四五六七八九";
  var root = document.querySelector(".kb-search");
  if (!root) return;
  var form = root.querySelector(".kb-search__form");
  var input = root.querySelector(".kb-search__input");
  var panel = root.querySelector(".kb-search__panel");
  var status = root.querySelector(".kb-search__status");
  var list = root.querySelector(".kb-search__results");
  var hubLine = root.querySelector(".kb-search__hubs");
  var base = root.getAttribute("data-base") || ".";
  var index = null, loading = null, active = -1;

  /* Loading ------------------------------------------------------------------ */

  function load() {
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      if (window.KB_SEARCH_INDEX) return resolve(prepare(window.KB_SEARCH_INDEX));
      var script = document.createElement("script");
      script.src = root.getAttribute("data-index");
      script.onload = function () { resolve(prepare(window.KB_SEARCH_INDEX)); };
      script.onerror = function () { loading = null; reject(new Error("index")); };
      document.head.appendChild(script);
    });
    return loading;
  }

  /* Each posting list comes as [gap, score, …], a document number as its distance from the one
     before (methodkb/search/index.py, build); made absolute once, here. */
  function prepare(raw) {
    Object.keys(raw.terms).forEach(function (key) {
      var postings = raw.terms[key];
      for (var k = 2; k < postings.length; k += 2) postings[k] += postings[k - 2];
    });
    var pinyin = raw.pinyin || {}, asking = {};
    (raw.asking || []).forEach(function (w) { asking[w] = true; });
    /* Pinyin is typed letter by letter: its keys are found by prefix, too (initials only whole). */
    var keys = Object.keys(raw.terms).concat(Object.keys(pinyin).filter(function (k) { return !own(raw.terms, k); })).sort();
    var sounds = {};
    Object.keys(raw.sounds || {}).forEach(function (key) {
      var chars = raw.sounds[key];
      for (var i = 0; i < chars.length; i++) (own(sounds, chars[i]) ? sounds[chars[i]] : (sounds[chars[i]] = [])).push(key);
    });
    var ready = { docs: raw.docs, terms: raw.terms, keys: keys, synonyms: raw.synonyms || {}, n: raw.docs.length,
                  folds: raw.folds || {}, pinyin: pinyin, initials: raw.initials || {}, asking: asking, sounds: sounds, near: null };
    /* The masks for typos take a moment at thousands of methods: made while the reader types. */
    setTimeout(function () { masks(ready); }, 0);
    return ready;
  }

  /* Cutting the query ------------------------------------------------------------ */

  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  function has(term) {
    return own(index.terms, term) || (own(index.synonyms, term) && index.synonyms[term].length > 0) ||
      own(index.pinyin, term) || own(index.initials, term);
  }

  /* NFKC (full-width letters and digits), lower case, traditional characters as simplified. */
  function fold(text) {
    var folded = text.normalize("NFKC").toLowerCase(), out = "";
    for (var i = 0; i < folded.length; i++) { var c = folded.charAt(i); out += own(index.folds, c) ? index.folds[c] : c; }
    return out;
  }

  /* The query as titles are compared with it: folded, letters and digits only. */
  function compact(query) { return fold(query.slice(0, MAX_QUERY)).replace(/[^0-9a-z\u3400-\u9fff]+/g, ""); }

  /* The naming words (the pinyin table's targets: names, formulas, places, themes) one character away
     from a piece of the same length: 三事分留 → 三事分流. Built on first use: a word under each of
     its characters masked. */
  function masks(ready) {
    if (ready.near) return;
    var table = {}, seen = {};
    Object.keys(ready.pinyin).forEach(function (key) {
      ready.pinyin[key].forEach(function (word) {
        /* A name is under several keys (its pinyin and that of its ends): masked once. */
        if (word.length < FUZZY_FROM || own(seen, word)) return;
        seen[word] = true;
        for (var i = 0; i < word.length; i++) {
          var mask = word.slice(0, i) + "?" + word.slice(i + 1);
          (own(table, mask) ? table[mask] : (table[mask] = [])).push(word);
        }
      });
    });
    ready.near = table;
  }

  /* Only a character of the same sound is a slip (留 for 流); 居民嫌 is not 居民区, nor 社区事务 社区服务. */
  function near(piece) {
    masks(index);
    for (var i = 0; i < piece.length; i++) {
      var found = (index.near[piece.slice(0, i) + "?" + piece.slice(i + 1)] || []).filter(function (word) { return alike(piece[i], word[i]); });
      if (found.length === 1) return found[0];
    }
    return null;
  }

  function alike(a, b) {
    var x = index.sounds[a] || [], y = index.sounds[b] || [];
    return x.some(function (key) { return y.indexOf(key) >= 0; });
  }

  function withPrefix(prefix, limit) {
    var keys = index.keys, lo = 0, hi = keys.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < prefix) lo = mid + 1; else hi = mid; }
    var out = [];
    for (var i = lo; i < keys.length && out.length < limit && keys[i].lastIndexOf(prefix, 0) === 0; i++) {
      if (keys[i] !== prefix) out.push(keys[i]);
    }
    return out.sort(function (a, b) { return a.length - b.length; });
  }

  /* The cheapest cut of one run of letters: fewest pieces, every piece a word of
     the index or, at a cost, the beginning of one; a character that is neither
     is dropped at a higher cost. */
  function cut(chunk) {
    var n = chunk.length, best = [{ cost: 0, pieces: [] }];
    for (var i = 1; i <= n; i++) {
      best[i] = null;
      for (var j = Math.max(0, i - MAX_PIECE); j < i; j++) {
        if (!best[j]) continue;
        var piece = chunk.slice(j, i), cost, kind, target = null;
        if (own(index.asking, piece)) { cost = 1; kind = "asking"; }
        else if (has(piece)) { cost = 1; kind = "word"; }
        /* One Latin letter says too little to stand for a word it begins (“z” for zongshu). */
        else if ((piece.length > 1 || /[^a-z]/.test(piece)) && withPrefix(piece, 1).length) { cost = i === n ? 1.5 : 2; kind = "prefix"; }
        /* One wrong character costs a little less than two words: 小微权利 is 小微权力, not 小微 + 权利. */
        else if (i - j >= FUZZY_FROM && /^[\u3400-\u9fff]+$/.test(piece) && (target = near(piece))) { cost = 1.9; kind = "fuzzy"; }
        else if (i === j + 1) { cost = 3; kind = "skip"; }
        else continue;
        cost += best[j].cost;
        if (!best[i] || cost < best[i].cost) best[i] = { cost: cost, pieces: best[j].pieces.concat([{ text: piece, kind: kind, target: target }]) };
      }
    }
    return best[n];
  }

  function pieces(query) {
    var chunks = fold(query.slice(0, MAX_QUERY)).split(/[^0-9a-z\u3400-\u9fff]+/).filter(Boolean);
    var out = [], unknown = [];
    chunks.forEach(function (chunk) {
      var result = cut(chunk);
      /* “六个1” is typed for “六个一”: a digit beside Chinese may be a numeral. */
      if (/[\u3400-\u9fff][0-9]|[0-9][\u3400-\u9fff]/.test(chunk)) {
        var variant = cut(chunk.replace(/[0-9](?![0-9])/g, function (d, at) {
          return /[0-9]/.test(chunk.charAt(at - 1)) ? d : NUMERALS.charAt(+d);
        }));
        if (variant.cost < result.cost) result = variant;
      }
      /* Letters that are not all pinyin are an English word (onerror is not 二 + 融): taken whole or not at all. */
      if (result.pieces.some(function (p) { return p.kind === "skip" && /[a-z]/.test(p.text); })) result = literal(chunk);
      unknown = unknown.concat(result.unknown || [], skipped(result.pieces));
      out = out.concat(result.pieces.filter(function (p) { return p.kind !== "skip" && p.kind !== "asking"; }));
    });
    out.unknown = unknown;
    return out;
  }

  /* What was typed that no page has, for the status line: two characters or more in a row
     (换届 of 换届选举); one (的, 吗) says nothing worth telling. */
  function skipped(parts) {
    var runs = [], run = "";
    parts.concat([{ kind: "end", text: "" }]).forEach(function (p) {
      if (p.kind === "skip" && /[\u3400-\u9fff]/.test(p.text)) { run += p.text; return; }
      if (run.length > 1) runs.push(run);
      run = "";
    });
    return runs;
  }

  /* A chunk whose runs of letters are words as typed (app), the rest cut as before. */
  function literal(chunk) {
    var pieces = [], unknown = [];
    chunk.split(/([a-z]+)/).forEach(function (part) {
      if (!part) return;
      if (!/^[a-z]/.test(part)) pieces = pieces.concat(cut(part).pieces);
      else if (own(index.terms, part) || own(index.synonyms, part)) pieces.push({ text: part, kind: "word", target: null });
      else if (part.length > 1) unknown.push(part);
    });
    return { pieces: pieces, unknown: unknown };
  }

  /* The word a piece stands for: the name a typo is one character from (三事分留: 三事分流), else as typed. */
  function wordOf(piece) { return piece.kind === "fuzzy" ? piece.target : piece.text; }

  /* A piece finds its own term and its synonyms (the primary entries of its group);
     like jieba's search mode at build time, a long word also finds the shorter words
     inside it (调解纠纷 → 调解、纠纷), as secondary entries. Entries: [term, weight, primary]. */
  function expand(piece) {
    var group = [];
    if (piece.kind === "prefix") {
      withPrefix(piece.text, PREFIXES).forEach(function (t) { addWord(group, t, PREFIX_WEIGHT, true); });
      return group;
    }
    var text = wordOf(piece);
    addWord(group, text, piece.kind === "fuzzy" ? FUZZY_WEIGHT : 1, true);
    if (/[a-z]/.test(text)) return group;  /* pinyin: no shorter words inside (men, she) */
    for (var length = 2; length < text.length && text.length >= 3; length++) {
      for (var at = 0; at + length <= text.length; at++) {
        if (splitsDigits(text, at, at + length)) continue;
        var inner = text.substr(at, length);
        if (has(inner)) addWord(group, inner, INNER_WEIGHT, false);
      }
    }
    return group;
  }

  function splitsDigits(text, start, end) {
    var digit = /[0-9]/;
    return (start > 0 && digit.test(text.charAt(start - 1)) && digit.test(text.charAt(start))) ||
      (end < text.length && digit.test(text.charAt(end - 1)) && digit.test(text.charAt(end)));
  }

  function addWord(group, word, weight, primary) {
    if (own(index.terms, word)) group.push([word, weight, primary]);
    (index.synonyms[word] || []).forEach(function (s) { group.push([s, weight * SYNONYM_WEIGHT, primary]); });
    [index.pinyin, index.initials].forEach(function (table) {
      if (own(table, word)) table[word].forEach(function (w) { addWord(group, w, weight * ALIAS_WEIGHT, primary); });
    });
  }

  /* Ranking ------------------------------------------------------------------ */

  /* Each group adds its best entry's score to a document; a document found only by
     a group's secondary entries gets half of it and does not count as covering the
     group. Groups of one character (给, 的) or of words most pages use add a little to
     the score (FILLER_WEIGHT) and are not counted among the pieces a document must cover. */
  function search(query) {
    var cut = pieces(query), groups = cut.map(expand);
    var n = index.n, scores = new Float64Array(n), matched = new Int32Array(n), words = [];
    var meaningful = 0, mask = 0, counted = [];
    groups.forEach(function (group, g) {
      if (!group.length) return;
      var primary = new Float64Array(n), secondary = new Float64Array(n), rare = false;
      group.forEach(function (entry) {
        var postings = index.terms[entry[0]];
        if (!postings) return;
        words.push(entry[0]);
        var df = postings.length / 2, idf = Math.log(1 + n / df), best = entry[2] ? primary : secondary;
        if (df < n / 2) rare = true;
        for (var k = 0; k < postings.length; k += 2) {
          var s = postings[k + 1] * entry[1] * idf;
          if (s > best[postings[k]]) best[postings[k]] = s;
        }
      });
      var counts = rare && cut[g].text.length > 1;
      var bit = counts ? 1 << Math.min(g, 30) : 0, weight = counts ? 1 : FILLER_WEIGHT;
      if (counts) { meaningful++; mask |= bit; counted.push(wordOf(cut[g])); }
      for (var d = 0; d < n; d++) {
        if (primary[d] > 0) { scores[d] += weight * Math.max(primary[d], secondary[d]); matched[d] |= bit; }
        else if (secondary[d] > 0) scores[d] += weight * secondary[d] / 2;
      }
    });
    var results = [], typed = meant(cut, query);
    for (var d = 0; d < n; d++) {
      if (!scores[d]) continue;
      var covered = meaningful ? bits(matched[d] & mask) / meaningful : 1;
      results.push([d, scores[d] * (0.2 + 0.8 * covered * covered) * titleMatch(index.docs[d][1], typed)]);
    }
    results.sort(function (a, b) { return b[1] - a[1]; });
    return { results: results, words: words, pieces: cut, typed: typed, counted: counted, unknown: cut.unknown };
  }

  /* What the query means, for comparing with titles: a word for each piece typed in pinyin,
     initials or with a wrong character (junmen shequ gongzuofa: 军门社区工作法), when it stands
     for one word; otherwise the query itself. */
  function meant(cut, query) {
    var other = false, words = cut.map(function (p) {
      if (p.kind === "fuzzy") { other = true; return p.target; }
      var alias = (own(index.pinyin, p.text) && index.pinyin[p.text]) || (own(index.initials, p.text) && index.initials[p.text]);
      if (alias && alias.length === 1 && !own(index.terms, p.text)) { other = true; return alias[0]; }
      return p.text;
    });
    return other ? words.join("") : compact(query);
  }

  /* A page named by what was typed comes first: the title is the query, holds the
     whole query (by at least 1.6: 协商共治 in 社区协商共治机制建设 goes above a page that
     uses both words often), or the query holds the whole title. */
  function titleMatch(title, typed) {
    var t = titleKey(title);
    if (typed.length < 2 || t.length < 2) return 1;
    if (t === typed) return 3;
    if (t.indexOf(typed) >= 0) return 1 + Math.max(0.6, typed.length / t.length);
    if (typed.indexOf(t) >= 0) return 1 + t.length / typed.length;
    return 1;
  }

  var titleKeys = {};
  function titleKey(title) {
    if (!own(titleKeys, title)) titleKeys[title] = title.normalize("NFKC").toLowerCase().replace(/[^0-9a-z\u3400-\u9fff]+/g, "");
    return titleKeys[title];
  }

  function bits(x) { var c = 0; while (x) { c += x & 1; x >>>= 1; } return c; }

  /* Showing results ------------------------------------------------------------ */

  function highlighted(text, words) {
    var fragment = document.createDocumentFragment(), lower = text.normalize("NFKC").toLowerCase();
    var sorted = words.filter(function (w) { return w.length > 1 || /[0-9a-z]/.test(w) === false; })
      .sort(function (a, b) { return b.length - a.length; });
    var at = 0;
    while (at < text.length) {
      var hit = null, where = text.length;
      sorted.forEach(function (w) {
        var i = lower.indexOf(w, at);
        if (i >= 0 && (i < where || (hit && i === where && w.length > hit.length))) { where = i; hit = w; }
      });
      if (!hit) { fragment.appendChild(document.createTextNode(text.slice(at))); break; }
      if (where > at) fragment.appendChild(document.createTextNode(text.slice(at, where)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(where, where + hit.length);
      fragment.appendChild(mark);
      at = where + hit.length;
    }
    return fragment;
  }

  /* A hit as the views show it: the dropdown and the results page. Its meta line: the place,
     the formula when the title lacks it, and what kind of page it is unless a method. */
  function hit(d) {
    var doc = index.docs[d], title = doc[1], formula = doc[4];
    var meta = [doc[3], formula && title.indexOf(formula) < 0 ? "“" + formula + "”" : "", doc[2] === "method" ? "" : doc[6] || "索引页"];
    return { url: doc[0], href: base + "/" + doc[0], title: title, hub: doc[6] || "",
             meta: meta.filter(Boolean).join(" · "), snippet: doc[5] };
  }

  /* Every hit of a query: the hubs it names apart, as a "分类" line, and the ranked entries after
     them. A hub is named when it comes first, when its title is a whole piece of the query
     (社区协商 in 社区协商4335) or the synonym of a query of one piece (养老: 为老服务),
     or when the query is most of its title (上海 of 上海市). A theme is named, too, when it is
     among the first few and its one-line description holds every piece that counts (换届选举:
     居民自治, “民主选举……”), unless a method's title holds the query (小微权力 is a method's name
     before it is the description of 居务监督). With a limit, entries past it are only counted:
     the dropdown shows ten, the results page all. */
  function find(query, limit) {
    var found = search(query), hubs = [], entries = [], typed = found.typed, total = 0;
    if (limit === undefined) limit = Infinity;
    var whole = {};
    found.pieces.forEach(function (p) {
      var word = wordOf(p);
      whole[word] = true;
      if (found.pieces.length === 1) (index.synonyms[word] || []).forEach(function (s) { whole[s] = true; });
    });
    var first = found.results.length ? index.docs[found.results[0][0]] : null;
    var titled = first && !first[6] && typed.length > 1 && titleKey(first[1]).indexOf(typed) >= 0;
    found.results.forEach(function (result, rank) {
      var doc = index.docs[result[0]], key = titleKey(doc[1]);
      var named = rank === 0 || own(whole, key) ||
        (key.indexOf(typed) >= 0 && typed.length * 2 >= key.length) ||
        (rank < DESCRIBED_RANK && doc[6] === "主题" && !titled && found.counted.length > 0 &&
         found.counted.every(function (w) { return (key + doc[5]).indexOf(w) >= 0; }));
      if (doc[6] && hubs.length < HUB_LINE && named) hubs.push(hit(result[0]));
      else if (total++ < limit) entries.push(hit(result[0]));
    });
    return { hubs: hubs, entries: entries, total: total, words: found.words, unknown: found.unknown };
  }

  /* Said after the count when part of the query is in no page: the hits are for the rest. */
  function unknownNote(found) {
    return found.unknown.length ? "（本站没有“" + found.unknown.join("”“") + "”这样的词，按其余的词查找）" : "";
  }

  /* The "分类" line: a link for each hub, its kind before its title. */
  function showHubs(line, found) {
    line.textContent = "";
    if (found.hubs.length) line.appendChild(document.createTextNode("分类："));
    found.hubs.forEach(function (h) {
      var link = document.createElement("a");
      link.href = h.href;
      link.className = "kb-search__hub";
      var label = document.createElement("span");
      label.className = "kb-search__hub-kind";
      label.textContent = h.hub;
      link.appendChild(label);
      link.appendChild(highlighted(h.title, found.words));
      line.appendChild(link);
    });
    line.hidden = !found.hubs.length;
  }

  function render(query) {
    var found = find(query, RESULTS);
    list.textContent = "";
    active = -1;
    var shown = found.entries, total = found.total + found.hubs.length;
    status.textContent = (total ? "找到 " + total + " 个结果" + (found.total > RESULTS ? "，显示前 " + RESULTS + " 个，按回车看全部" : "")
      : "没有找到。换个说法试试，例如地名、口诀（13335）或主题（矛盾化解）。") +
      (total ? unknownNote(found) : "") + (query.length > MAX_QUERY ? "（只按前 " + MAX_QUERY + " 个字搜索）" : "");
    showHubs(hubLine, found);
    var fragment = document.createDocumentFragment();
    shown.forEach(function (h) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = h.href;
      link.className = "kb-search__link";
      var title = document.createElement("span");
      title.className = "kb-search__title";
      title.appendChild(highlighted(h.title, found.words));
      link.appendChild(title);
      if (h.meta) {
        var line = document.createElement("span");
        line.className = "kb-search__meta";
        line.appendChild(highlighted(h.meta, found.words));
        link.appendChild(line);
      }
      if (h.snippet) {
        var snippet = document.createElement("span");
        snippet.className = "kb-search__snippet";
        snippet.appendChild(highlighted(h.snippet, found.words));
        link.appendChild(snippet);
      }
      item.appendChild(link);
      fragment.appendChild(item);
    });
    list.appendChild(fragment);
    root.dispatchEvent(new CustomEvent("kb-search-rendered", { detail: { query: query } }));
  }

  /* Interaction -------------------------------------------------------------------- */

  function open() {
    root.classList.add("kb-search--open");
    input.focus();
    load().catch(function () { status.textContent = "搜索索引载入失败，请刷新页面再试。"; panel.hidden = false; });
  }

  function close() {
    root.classList.remove("kb-search--open");
    panel.hidden = true;
    input.blur();
  }

  function update() {
    var query = input.value.trim();
    if (!query) { panel.hidden = true; return; }
    panel.hidden = false;
    if (!index) status.textContent = "正在载入搜索索引……";
    load().then(function (ready) { index = ready; if (input.value.trim() === query) render(query); });
  }

  /* The results are a plain list of links: Tab reaches them, and the arrow keys move
     the focus from the box down the list and back up to the box. */
  function move(step) {
    var links = list.querySelectorAll("a");
    if (!links.length) return;
    active = Math.min(active + step, links.length - 1);
    if (active < 0) { active = -1; input.focus(); return; }
    links[active].focus();
  }

  input.addEventListener("focus", function () { active = -1; root.classList.add("kb-search--open"); load().then(function (r) { index = r; }, function () {}); });
  input.addEventListener("input", update);
  root.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
    else if (event.key === "Escape") { close(); }
  });
  /* Enter in the box opens the results page (the form's action, search/?q=…). */
  form.addEventListener("submit", function (event) {
    if (!input.value.trim()) event.preventDefault();
  });
  root.querySelector(".kb-search__open").addEventListener("click", open);
  root.querySelector(".kb-search__close").addEventListener("click", close);
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || event.target.isContentEditable) return;
    if ((event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      open();
    }
  });
  document.addEventListener("click", function (event) {
    if (!root.contains(event.target)) { panel.hidden = true; root.classList.remove("kb-search--open"); }
  });

  /* For tests and benchmarks: the ranked URLs for a query, without the UI;
     kbSearch.find(query): every hit, hubs apart (for the results page, with highlighted and showHubs);
     kbSearch.explain(query) shows how the query was cut and expanded. */
  window.kbSearch = function (query) {
    return load().then(function (ready) { index = ready; return search(query).results.slice(0, RESULTS).map(function (r) { return index.docs[r[0]][0]; }); });
  };
  window.kbSearch.find = function (query) {
    return load().then(function (ready) { index = ready; return find(query); });
  };
  /* The results page shows hits as the dropdown does. */
  window.kbSearch.highlighted = highlighted;
  window.kbSearch.showHubs = showHubs;
  window.kbSearch.unknownNote = unknownNote;
  window.kbSearch.explain = function (query) {
    return load().then(function (ready) { index = ready; return pieces(query).map(function (p) { return [p.text, p.kind, p.target, expand(p)]; }); });
  };
})();
