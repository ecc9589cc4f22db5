/* June Fourth Archive, offline edition: views, scripts, interface language, search, citations.
 *
 * Every archive string this script shows is inserted with textContent (never innerHTML); the
 * data (statements, converted scripts, folding table, English tokens, citations, interface
 * strings) was computed at build time by the app's own core, so nothing here decides what a
 * text says. The only storage used is localStorage for the reader's own choices, and only
 * where the browser allows it.
 */
(function () {
  "use strict";

  var holder = document.getElementById("edition-data");
  var DATA = holder ? JSON.parse(holder.textContent) : window.EDITION_DATA;
  var STRINGS = DATA.strings;
  var FOLD = Object.create(null);
  (function () {
    var pairs = Array.from(DATA.fold.pairs);
    for (var i = 0; i + 1 < pairs.length; i += 2) FOLD[pairs[i]] = pairs[i + 1];
    Object.keys(DATA.fold.more).forEach(function (k) { FOLD[k] = DATA.fold.more[k]; });
  })();
  var STORE_KEY = "june-fourth-archive-edition";
  var state = { view: "sbs", script: "original", ui: null };

  // --- the reader's choices --------------------------------------------------------------
  function loadChoices() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(STORE_KEY) || "{}");
      if (["en", "zh", "sbs"].indexOf(saved.view) >= 0) state.view = saved.view;
      if (DATA.modes.indexOf(saved.script) >= 0) state.script = saved.script;
      if (STRINGS[saved.ui]) state.ui = saved.ui;
    } catch (e) { /* no storage here (private window, file:// rules): choices last a visit */ }
  }
  function saveChoices() {
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) { /* see loadChoices */ }
  }
  function browserLanguage() {
    var tags = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en"];
    for (var i = 0; i < tags.length; i++) {
      var tag = String(tags[i]).toLowerCase();
      if (tag.indexOf("zh") !== 0) { if (tag.indexOf("en") === 0) return "en"; continue; }
      if (/hant|-tw|-hk|-mo/.test(tag)) return "zh_Hant";
      return "zh_Hans";
    }
    return "en";
  }
  function t(key) { return STRINGS[state.ui][key]; }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : m;
    });
  }

  // --- folding and English word forms (tables from the core; see content.py) --------------
  function fold(text) {
    var out = "";
    // As the core: fold, then lower-case (the table's values are lower-cased already).
    for (var ch of text) out += FOLD[ch] !== undefined ? FOLD[ch] : ch.toLowerCase();
    return out;
  }

  /* Porter stemmer, as Whoosh implements it (whoosh.lang.porter.stem), which the app's index
   * uses for English; tests run both on the same words and compare. */
  var step2list = { ational: "ate", tional: "tion", enci: "ence", anci: "ance", izer: "ize", bli: "ble",
    alli: "al", entli: "ent", eli: "e", ousli: "ous", ization: "ize", ation: "ate", ator: "ate",
    alism: "al", iveness: "ive", fulness: "ful", ousness: "ous", aliti: "al", iviti: "ive",
    biliti: "ble", logi: "log" };
  var step3list = { icate: "ic", ative: "", alize: "al", iciti: "ic", ical: "ic", ful: "", ness: "" };
  var C = "[^aeiouy]+", V = "[aeiou]+";
  var mgr0 = new RegExp("^(" + C + ")?" + V + C, "u");
  var meq1 = new RegExp("^(" + C + ")?" + V + C + "(" + V + ")?$", "u");
  var mgr1 = new RegExp("^(" + C + ")?" + V + C + V + C, "u");
  var s_v = new RegExp("^(" + C + ")?[aeiouy]", "u");
  var c_v = new RegExp("^" + C + "[aeiouy][^aeiouwxy]$", "u");
  var ed_ing = /^([\s\S]*)(ed|ing)$/u;
  var at_bl_iz = /^(at|bl|iz)$/u;
  var step1b = /^([^aeiouylsz])\1$/u;
  var step2 = /^([\s\S]+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/u;
  var step3 = /^([\s\S]+?)(icate|ative|alize|iciti|ical|ful|ness)$/u;
  var step4_1 = /^([\s\S]+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/u;
  var step4_2 = /^([\s\S]+?)(s|t)(ion)$/u;
  var step5 = /^([\s\S]+?)e$/u;
  /* A word the archive uses gets the app's own (Snowball) stem, computed at build time; the
   * Porter stemmer below is only the fallback for words the archive never uses. */
  var STEMS = DATA.stems || {};
  function stem(w) {
    if (Object.prototype.hasOwnProperty.call(STEMS, w)) return STEMS[w];
    return porter(w);
  }
  function porter(w) {
    var chars = Array.from(w);
    if (chars.length < 3) return w;
    var firstIsY = chars[0] === "y";
    if (firstIsY) w = "Y" + chars.slice(1).join("");
    var m, s;
    if (w.endsWith("s")) {
      if (w.endsWith("sses") || w.endsWith("ies")) w = w.slice(0, -2);
      else if (Array.from(w).slice(-2)[0] !== "s") w = w.slice(0, -1);
    }
    if (w.endsWith("eed")) {
      if (mgr0.test(w.slice(0, -3))) w = w.slice(0, -1);
    } else if ((m = ed_ing.exec(w))) {
      s = m[1];
      if (s_v.test(s)) {
        w = s;
        if (at_bl_iz.test(w)) w += "e";
        else if (step1b.test(w)) w = w.slice(0, -1);
        else if (c_v.test(w)) w += "e";
      }
    }
    if (w.endsWith("y")) { s = w.slice(0, -1); if (s_v.test(s)) w = s + "i"; }
    if ((m = step2.exec(w)) && mgr0.test(m[1])) w = m[1] + step2list[m[2]];
    if ((m = step3.exec(w)) && mgr0.test(m[1])) w = m[1] + step3list[m[2]];
    if ((m = step4_1.exec(w))) { if (mgr1.test(m[1])) w = m[1]; }
    else if ((m = step4_2.exec(w))) { s = m[1] + m[2]; if (mgr1.test(s)) w = s; }
    if ((m = step5.exec(w))) {
      s = m[1];
      if (mgr1.test(s) || (meq1.test(s) && !c_v.test(s))) w = s;
    }
    if (w.endsWith("ll") && mgr1.test(w)) w = w.slice(0, -1);
    if (firstIsY) w = "y" + w.slice(1);
    return w;
  }

  // --- the query: "phrases", words, word*; Chinese runs are contiguous characters ----------
  var CJK = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{2fa1f}";
  var RUN = new RegExp("([" + CJK + "]+)|([^\\s\"" + CJK + "]+)", "gu");
  var WORD = /[\p{L}\p{N}_]+(?:\.?[\p{L}\p{N}_]+)*/gu;

  function words(text) {
    var out = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) out.push(m[0].toLowerCase());
    return out;
  }

  /* A query → atoms: {lang: "zh", needle} or {lang: "en", stems, prefix}. */
  function parseQuery(text) {
    var atoms = [], parts = [], re = /"([^"]*)"|([^"]+)/g, m;
    while ((m = re.exec(text))) parts.push({ phrase: m[1] !== undefined, text: m[1] !== undefined ? m[1] : m[2] });
    parts.forEach(function (part) {
      var r;
      var chunks = [];
      RUN.lastIndex = 0;
      while ((r = RUN.exec(part.text))) chunks.push(r[1] ? { zh: r[1] } : { en: r[2] });
      if (part.phrase) {
        // Consecutive English words form one phrase; Chinese runs are phrases already.
        var pending = [];
        var flush = function () {
          if (pending.length) atoms.push(enAtom(pending.join(" ")));
          pending = [];
        };
        chunks.forEach(function (c) {
          if (c.zh) { flush(); atoms.push({ lang: "zh", needle: fold(c.zh) }); }
          else pending.push(c.en);
        });
        flush();
      } else {
        chunks.forEach(function (c) {
          if (c.zh) atoms.push({ lang: "zh", needle: fold(c.zh) });
          else {
            var prefix = /\*$/.test(c.en);
            words(c.en).forEach(function (w, i, all) { atoms.push(enAtom(w + (prefix && i === all.length - 1 ? "*" : ""))); });
          }
        });
      }
    });
    return atoms.filter(function (a) { return a.lang === "zh" ? a.needle.length > 0 : a.stems.length > 0; });
  }
  function enAtom(text) {
    var prefix = /\*\s*$/.test(text);
    var ws = words(text);
    var stems = ws.map(function (w, i) { return prefix && i === ws.length - 1 ? w : stem(w); });
    return { lang: "en", stems: stems, prefix: prefix };
  }

  function enSpans(atom, para) {
    var toks = para.tokens, spans = [], n = atom.stems.length;
    for (var i = 0; i + n <= toks.length; i++) {
      var ok = true;
      for (var k = 0; k < n && ok; k++) {
        var tok = toks[i + k];
        if (atom.prefix && k === n - 1) ok = para.text.slice(tok[0], tok[1]).toLowerCase().startsWith(atom.stems[k]);
        else ok = tok[2] === atom.stems[k];
      }
      if (ok) spans.push([toks[i][0], toks[i + n - 1][1]]);
    }
    return spans;
  }
  function zhSpans(atom, para) {
    var spans = [], hay = para.fold, start = hay.indexOf(atom.needle);
    while (start >= 0) {
      spans.push([start, start + atom.needle.length]);
      start = hay.indexOf(atom.needle, start + 1);
    }
    return spans;
  }
  function merge(spans) {
    spans.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var out = [];
    spans.forEach(function (s) {
      var last = out[out.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else out.push([s[0], s[1]]);
    });
    return out;
  }

  /* Every paragraph in which every atom matches, in reading order. */
  function search(text) {
    var atoms = parseQuery(text), hits = [];
    if (!atoms.length) return hits;
    DATA.statements.forEach(function (st) {
      ["en", "zh"].forEach(function (lang) {
        var mine = atoms.filter(function (a) { return a.lang === lang; });
        if (mine.length !== atoms.length) return;  // an atom of the other language cannot match here
        st[lang].forEach(function (para) {
          var all = [];
          for (var i = 0; i < mine.length; i++) {
            var found = lang === "en" ? enSpans(mine[i], para) : zhSpans(mine[i], para);
            if (!found.length) return;
            all = all.concat(found);
          }
          hits.push({ statement: st, lang: lang, para: para, spans: merge(all) });
        });
      });
    });
    return hits;
  }

  // --- showing text -----------------------------------------------------------------------
  function zhText(para) {
    return state.script !== "original" && para.variants[state.script] !== undefined ? para.variants[state.script] : para.text;
  }
  function putMarked(el, text, spans) {
    el.textContent = "";
    var at = 0;
    spans.forEach(function (s) {
      if (s[0] > at) el.appendChild(document.createTextNode(text.slice(at, s[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(s[0], s[1]);
      el.appendChild(mark);
      at = s[1];
    });
    if (at < text.length) el.appendChild(document.createTextNode(text.slice(at)));
  }
  /* Spans found in the stored text still fit a converted text of the same length. */
  function shownText(hit) {
    if (hit.lang === "en") return { text: hit.para.text, spans: hit.spans };
    var text = zhText(hit.para);
    return { text: text, spans: text.length === hit.para.text.length ? hit.spans : [] };
  }

  var statementsBySlug = {};
  DATA.statements.forEach(function (st) {
    statementsBySlug[st.slug] = st;
    // Paragraphs are folded here with the same table as the query, so both always meet.
    st.zh.forEach(function (para) { para.fold = fold(para.text); });
    // English tokens: [start, end, stem], unpacked from gaps, lengths and stems (content.py).
    st.en.forEach(function (para) {
      var stems = para.stems ? para.stems.split(" ") : [], at = 0;
      para.tokens = stems.map(function (stem, i) {
        var start = at + para.spans[2 * i], end = start + para.spans[2 * i + 1];
        at = end;
        return [start, end, stem];
      });
    });
  });
  var marked = [];

  function clearMarks() {
    marked.forEach(function (m) {
      m.el.classList.remove("target");
      var text = m.el.querySelector(".text");
      if (text) text.textContent = m.text;
    });
    marked = [];
  }
  function renderScripts() {
    var script = state.script;
    Array.prototype.forEach.call(document.querySelectorAll("article.statement"), function (art) {
      var st = statementsBySlug[art.dataset.slug];
      if (!st) return;
      var converted = script !== "original" && st.converted[script];
      st.zh.forEach(function (para) {
        var el = document.getElementById(para.id);
        if (!el) return;
        el.querySelector(".text").textContent = zhText(para);
        el.lang = converted ? (script === "simplified" ? "zh-Hans" : script === "traditional-hk" ? "zh-HK" : "zh-TW") : (st.zh_script === "traditional" ? "zh-Hant" : "zh-Hans");
        if (converted) el.title = para.text; else el.removeAttribute("title");
      });
      var title = art.querySelector(".title");
      title.textContent = state.view !== "en" && converted && st.titles[script] !== undefined ? st.titles[script] : st.title;
      var banner = art.querySelector(".converted");
      if (converted && state.view !== "en") {
        var target = { simplified: "simplified", "traditional-tw": "traditional_tw", "traditional-hk": "traditional_hk" }[script];
        banner.textContent = fill(t("converted"), { source: t(st.zh_script), target: t(target) });
        banner.hidden = false;
      } else banner.hidden = true;
    });
  }
  function renderView() {
    document.body.classList.remove("view-en", "view-zh", "view-sbs");
    document.body.classList.add("view-" + state.view);
    Array.prototype.forEach.call(document.querySelectorAll(".views button"), function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.view === state.view));
    });
    Array.prototype.forEach.call(document.querySelectorAll(".row"), function (row) {
      // CSSOM, not a style attribute: the Chinese view follows the Chinese paragraphs' order.
      row.style.order = state.view === "zh" && row.dataset.zh ? row.dataset.zh : "";
    });
  }
  function renderLanguage() {
    document.documentElement.lang = state.ui === "en" ? "en" : state.ui === "zh_Hant" ? "zh-Hant" : "zh-Hans";
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (el) {
      // Placeholders come from the element's own data attributes ({number}, {by}, ...).
      el.textContent = fill(t(el.dataset.i18n), el.dataset);
    });
    var q = document.getElementById("q");
    q.placeholder = t("search_placeholder");
    q.setAttribute("aria-label", t("search"));
    document.getElementById("ui-lang").value = state.ui;
    document.querySelector(".views").setAttribute("aria-label", t("view"));
  }

  // --- which statement is shown ------------------------------------------------------------
  var articles = Array.prototype.slice.call(document.querySelectorAll("article.statement"));
  function showFor(id) {
    var el = id ? document.getElementById(id) : null;
    var art = el ? (el.closest ? el.closest("article.statement") : null) : null;
    if (!art) art = articles[0] || null;
    articles.forEach(function (a) { a.hidden = a !== art; });
    Array.prototype.forEach.call(document.querySelectorAll("#years a"), function (a) {
      if (art && a.dataset.slug === art.dataset.slug) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
    return { el: el, art: art };
  }
  function markParagraph(el, spans) {
    var textEl = el.querySelector(".text");
    var st = statementsBySlug[el.closest("article.statement").dataset.slug];
    var para = (el.dataset.lang === "en" ? st.en : st.zh)[Number(el.dataset.paragraph) - 1];
    var text = el.dataset.lang === "en" ? para.text : zhText(para);
    marked.push({ el: el, text: text });
    el.classList.add("target");
    if (spans && spans.length) putMarked(textEl, text, el.dataset.lang === "en" || text.length === para.text.length ? spans : []);
  }
  function onHash() {
    clearMarks();
    var id = decodeURIComponent(location.hash.slice(1));
    var shown = showFor(id);
    if (shown.el && shown.el.classList.contains("para")) {
      var spans = pendingSpans && pendingSpans.id === id ? pendingSpans.spans : null;
      pendingSpans = null;
      markParagraph(shown.el, spans);
      var st = statementsBySlug[shown.art.dataset.slug];
      var lang = shown.el.dataset.lang;
      var para = (lang === "en" ? st.en : st.zh)[Number(shown.el.dataset.paragraph) - 1];
      if (para.aligned) {
        var other = document.getElementById((lang === "en" ? st.zh : st.en)[para.aligned - 1].id);
        if (other) markParagraph(other, null);
      }
      // Side by side, the row holds the paragraph and its translation: show both from the top.
      var row = state.view === "sbs" ? shown.el.closest(".row") : null;
      (row || shown.el).scrollIntoView({ block: "start" });
    }
  }
  var pendingSpans = null;

  // --- search results ---------------------------------------------------------------------
  var results = document.getElementById("results");
  function renderResults(query) {
    var list = results.querySelector(".hits");
    list.textContent = "";
    if (!query.trim()) { results.hidden = true; return; }
    var hits = search(query);
    results.hidden = false;
    results.querySelector(".count").textContent = hits.length ? fill(t("hits"), { count: hits.length }) : t("no_hits");
    hits.forEach(function (hit) {
      var st = hit.statement, li = document.createElement("li"), a = document.createElement("a");
      a.className = "hit";
      a.href = (document.getElementById(hit.para.id) ? "" : st.href) + "#" + hit.para.id;
      a.dataset.year = st.year;
      a.dataset.lang = hit.lang;
      a.dataset.paragraph = hit.para.n;
      if (st.several) a.dataset.version = st.version;
      if (st.note) a.dataset.origin = st.origin;
      var where = document.createElement("span");
      where.className = "where";
      var label = (st.several ? st.year + " v" + st.version : String(st.year)) + " · " +
        t(hit.lang === "en" ? "english" : "chinese") + " · " + fill(t("paragraph"), { number: hit.para.n });
      where.textContent = label + (st.note ? " · " + t("local") : "");
      var snippet = document.createElement("span");
      snippet.className = "snippet";
      snippet.lang = hit.lang === "en" ? "en" : "zh";
      var shown = shownText(hit);
      var first = shown.spans.length ? shown.spans[0][0] : 0;
      var from = Math.max(0, first - (hit.lang === "en" ? 80 : 30));
      var slice = shown.text.slice(from, from + (hit.lang === "en" ? 240 : 100));
      putMarked(snippet, (from > 0 ? "…" : "") + slice, shown.spans.filter(function (s) { return s[0] >= from && s[1] <= from + slice.length; }).map(function (s) {
        var shift = from > 0 ? 1 - from : 0;
        return [s[0] + shift, s[1] + shift];
      }));
      a.appendChild(where);
      a.appendChild(snippet);
      a.addEventListener("click", function () {
        pendingSpans = { id: hit.para.id, spans: shown.spans };
        if (state.view !== "sbs") { state.view = "sbs"; renderView(); renderScripts(); saveChoices(); }
        if (location.hash === "#" + hit.para.id) onHash();
      });
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  // --- copying adds the citation ------------------------------------------------------------
  function selectedParagraphs(selection) {
    var found = [];
    if (!selection.rangeCount) return found;
    var range = selection.getRangeAt(0);
    Array.prototype.forEach.call(document.querySelectorAll("article.statement:not([hidden]) .para"), function (p) {
      if (range.intersectsNode(p)) found.push(p);
    });
    return found;
  }
  document.addEventListener("copy", function (event) {
    var selection = window.getSelection();
    var text = selection ? selection.toString() : "";
    if (!text.trim()) return;
    var paras = selectedParagraphs(selection);
    var art = paras.length ? paras[0].closest("article.statement") : (selection.anchorNode && selection.anchorNode.parentElement ? selection.anchorNode.parentElement.closest("article.statement") : null);
    if (!art) return;
    var st = statementsBySlug[art.dataset.slug];
    paras.sort(function (a, b) { return (a.dataset.lang !== "en") - (b.dataset.lang !== "en") || a.dataset.paragraph - b.dataset.paragraph; });
    var labels = paras.map(function (p) { return (p.dataset.lang === "en" ? st.en : st.zh)[p.dataset.paragraph - 1].cite; });
    var citation = "— " + st.cite + (labels.length ? ", " + labels.join(", ") : "");
    event.clipboardData.setData("text/plain", text.replace(/\s+$/, "") + "\n" + citation);
    event.preventDefault();
  });

  // --- wiring -----------------------------------------------------------------------------
  loadChoices();
  if (!state.ui) state.ui = browserLanguage();
  document.getElementById("script").value = state.script;
  renderLanguage();
  renderView();
  renderScripts();
  onHash();
  window.addEventListener("hashchange", onHash);
  Array.prototype.forEach.call(document.querySelectorAll(".views button"), function (b) {
    b.addEventListener("click", function () {
      state.view = b.dataset.view; renderView(); renderScripts(); saveChoices();
    });
  });
  document.getElementById("script").addEventListener("change", function (e) {
    clearMarks(); state.script = e.target.value; renderScripts(); saveChoices();
    renderResults(document.getElementById("q").value);
  });
  document.getElementById("ui-lang").addEventListener("change", function (e) {
    state.ui = e.target.value; renderLanguage(); renderScripts(); saveChoices();
    renderResults(document.getElementById("q").value);
  });
  var timer = null;
  document.getElementById("q").addEventListener("input", function (e) {
    clearTimeout(timer);
    timer = setTimeout(function () { renderResults(e.target.value); }, 120);
  });
  document.getElementById("q").addEventListener("keydown", function (e) {
    if (e.key === "Enter") { clearTimeout(timer); renderResults(e.target.value); }
    if (e.key === "Escape") { clearTimeout(timer); e.target.value = ""; renderResults(""); }
  });
  // Ctrl+K (⌘K) or "/" goes to the search box, as Ctrl+K does in the app.
  document.addEventListener("keydown", function (e) {
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test((e.target && e.target.tagName) || "");
    if (((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") || (e.key === "/" && !typing)) {
      e.preventDefault();
      document.getElementById("q").focus();
    }
  });
  // For tests and tools: the page's own folding and stemming, nothing else.
  window.JuneFourthEdition = { fold: fold, stem: stem, search: search, parseQuery: parseQuery };
})();
