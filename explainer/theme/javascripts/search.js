/* Hand-written, no dependencies beyond the site's own Pagefind bundle (site/pagefind/, built by
   explainer/publish/search_index.py after mkdocs build). Runs the search box of explainer/theme/partials/search.html.

   Nothing is fetched until the reader opens the search: then pagefind.js, its WebAssembly and
   the few index chunks the query needs (a few hundred KB however large the site), and one small
   fragment per shown result. Each result is one record: its kind, its title, its key value (a
   figure's number, a position's stance) and a passage with the words found, and it leads to the
   record's anchor. Keyboard: "/" or "s" opens the search, typing searches, Enter or ArrowDown
   goes to the results, ArrowUp/ArrowDown move between them, Escape closes.
   Text from the index is put into the page as text only (see excerpt()). */
(function () {
  "use strict";

  var PAGE = 10; // results shown at first, and added by "More results"
  // Pagefind's ranking, tuned on tests/browser/test_search.py's reader questions: less
  // penalty for long entries (a disagreement holds both accounts and the records it ties), a
  // word found whole ("Paris") well above one it only begins ("Parisians"), and less of a bonus
  // for words in the title (Pagefind's default, 5, let any title that repeats the query's words,
  // such as an event's, outrank the record that answers it).
  var RANKING = { pageLength: 0.1, termSimilarity: 6, metaWeights: { title: 1 } };
  var toggle = document.getElementById("__search");
  var input = document.getElementById("site-search-input");
  var list = document.getElementById("site-search-results");
  var status = document.getElementById("site-search-status");
  var more = document.getElementById("site-search-more");
  var form = document.querySelector("[data-search-form]");
  var opener = document.querySelector("[data-search-open]");
  if (!toggle || !input || !list || !status || !form) return;

  function siteRoot() {
    var base = ".";
    try { base = JSON.parse(document.getElementById("__config").textContent).base || "."; } catch (e) { /* "." */ }
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  var root = siteRoot();
  var engine = null; // a promise of Pagefind, made on first use
  var shown = [];    // results of the current query
  var count = 0;     // how many of them are on screen
  var latest = 0;    // the number of the latest query, so a slow answer to an old one is dropped

  function pagefind() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        // noWorker: Pagefind's web worker would be one more 41 KB script for the first search;
        // the search itself takes milliseconds on the page.
        return pf.options({ basePath: new URL("pagefind/", root).pathname, excerptLength: 24, ranking: RANKING,
                            noWorker: true }).then(function () {
          pf.init();
          return pf;
        });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    pagefind();
  }

  function close() {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    if (document.activeElement && document.activeElement.closest("[data-search]")) input.blur();
  }

  /* Pagefind's excerpt marks the words found with <mark>. It is parsed inert (DOMParser runs no
     script and loads nothing) and only its text and <mark> elements are copied, as text. */
  function excerpt(html) {
    var out = document.createElement("p");
    out.className = "site-search__excerpt";
    var doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent || ""));
      }
    });
    return out;
  }

  function words(value) { return value.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []; }

  /* Whether every word of `passage` is among the words of `shown`. */
  function within(passage, shown) {
    var have = {};
    words(shown).forEach(function (w) { have[w] = true; });
    return words(passage).every(function (w) { return have[w]; });
  }

  /* Cut a passage where the words a record is only found by begin (search_index.py marks them
     with ALSO_MARK, U+2042, which is no word: Pagefind keeps it in the text and searches nothing by it). */
  function cutAlso(passage) {
    var cutting = false;
    Array.prototype.slice.call(passage.childNodes).forEach(function (node) {
      if (cutting) { passage.removeChild(node); return; }
      var at = node.textContent.indexOf("\u2042");
      if (at < 0) return;
      node.textContent = node.textContent.slice(0, at).replace(/[\s.]+$/, "") + " \u2026";
      cutting = true;
    });
  }

  function text(tag, className, value) {
    var el = document.createElement(tag);
    el.className = className;
    el.textContent = value;
    return el;
  }

  function item(rec) {
    var li = document.createElement("li");
    li.className = "md-search-result__item site-search__result";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = new URL(rec.target, root).href;
    a.setAttribute("data-search-result", "");
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    if (rec.kind) article.appendChild(text("p", "site-search__kind", rec.kind));
    article.appendChild(text("p", "site-search__title", rec.title));
    if (rec.key && rec.key !== rec.title) article.appendChild(text("p", "site-search__key", rec.key));
    // The passage with the words found, unless the words were found only among those a record is
    // indexed to be found by (the question words it answers, its words' synonyms, its outlets),
    // which are not its words to show; those words are cut from its end (they come last), and a
    // passage left with no word that the title and key value above it do not show is left out.
    if (rec.excerpt && rec.own) {
      var passage = excerpt(rec.excerpt);
      cutAlso(passage);
      if (!within(passage.textContent, rec.title + " " + rec.key)) article.appendChild(passage);
    }
    a.appendChild(article);
    li.appendChild(a);
    a.addEventListener("click", function () { close(); });
    return li;
  }

  function say(message) { status.textContent = message; }

  /* Whether any word was found in the record's own text: what search_index.py weighs at 1 or more
     (its key, title and words), not the words it is only found by (ALSO_WEIGHT 0.5, OUTLET_WEIGHT 0.2). */
  function own(found) {
    return (found.weighted_locations || []).some(function (l) { return (l.weight || 0) >= 1; });
  }

  function score(sub) {
    return (sub.weighted_locations || []).reduce(function (sum, l) { return sum + (l.balanced_score || 0); }, 0);
  }

  /* The records a Pagefind result stands for. Mostly one (its metadata: kind, title, key,
     target, ties); on a very large site a few records of one listing share a Pagefind page
     (explainer/publish/search_index.py, groups), and each of those found is a sub-result under a heading
     whose id is the record's: its details are in the page's "records" metadata. */
  function records(data) {
    var meta = data.meta || {};
    if (!meta.records) {
      return [{ kind: meta.kind || "", title: meta.title || "", key: meta.key || "", target: meta.target || "",
                ties: meta.ties || "", first: !!meta.first, excerpt: data.excerpt || "", own: own(data) }];
    }
    var table = {};
    try { table = JSON.parse(meta.records); } catch (e) { return []; }
    return (data.sub_results || []).filter(function (sub) {
      var id = (sub.url || "").split("#")[1];
      return id && Object.prototype.hasOwnProperty.call(table, id) && (sub.locations || []).length;
    }).sort(function (x, y) { return score(y) - score(x); }).map(function (sub) {
      var r = table[sub.url.split("#")[1]];
      return { kind: r[0], title: r[1], key: r[2], target: r[3], ties: r[4], excerpt: sub.excerpt || "", own: own(sub) };
    });
  }

  function recordOf(rec) { return rec.target.split("#")[1] || ""; }

  /* Within a page of results, what sums up comes before what it sums up: a key fact (the
     overview's answer; "first" in its metadata) before every single record, and a disagreement
     just before the first record it ties (its "ties": the record ids, from the fact base) that
     Pagefind ranked higher. Other results keep their order. */
  function summariesFirst(recs) {
    var first = recs.filter(function (r) { return r.first; });
    return first.concat(disputesFirst(recs.filter(function (r) { return !r.first; })));
  }

  function disputesFirst(recs) {
    var out = recs.slice();
    recs.forEach(function (d) {
      var ties = d.ties.split(" ").filter(Boolean);
      if (!ties.length) return;
      var at = out.indexOf(d);
      for (var i = 0; i < at; i++) {
        if (ties.indexOf(recordOf(out[i])) >= 0) {
          out.splice(at, 1);
          out.splice(i, 0, d);
          return;
        }
      }
    });
    return out;
  }

  function showMore(query) {
    var next = shown.slice(count, count + PAGE);
    count += next.length;
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (datas) {
      if (query !== latest) return;
      var recs = [];
      datas.forEach(function (d) { recs = recs.concat(records(d)); });
      summariesFirst(recs).forEach(function (rec) { list.appendChild(item(rec)); });
      if (more) more.hidden = count >= shown.length;
    });
  }

  // A plain question ("when is the UN vote") carries words every record has, or none has, which
  // Pagefind would require of every result: they are left out, unless nothing else is typed.
  // The question words themselves ("when", "who", "how many") stay: each record is indexed with
  // those it answers (explainer/publish/search_entries.py).
  var STOP = ["is", "are", "was", "were", "be", "been", "the", "a", "an", "of", "to", "do", "does", "did", "will",
    "would", "can", "could", "should", "there", "it", "its", "they", "this", "that", "and", "or", "in", "on", "for"];

  function plain(words) {
    var kept = words.split(/\s+/).filter(function (w) {
      return w && STOP.indexOf(w.toLowerCase().replace(/[?!.,;:]+$/, "")) < 0;
    }).map(function (w) { return w.replace(/[?!.,;:]+$/, ""); });
    return kept.length ? kept.join(" ") : words;
  }

  /* Pagefind returns only the records that have every word of the query it knows (a word no
     record has is passed over), so words no record has together ("Paris budget river") leave
     a reader with nothing. Then the query runs again without each word in turn, and the one
     that finds the most records is shown, with the word it leaves out named. Null when none finds any. */
  function withoutOne(pf, words, query) {
    var all = words.split(/\s+/).filter(Boolean);
    if (all.length < 2 || all.length > 6) return Promise.resolve(null);
    var tries = all.map(function (w, i) { return all.slice(0, i).concat(all.slice(i + 1)).join(" "); });
    return Promise.all(tries.map(function (t) { return pf.search(t); })).then(function (each) {
      if (query !== latest) return null;
      var best = -1;
      each.forEach(function (f, i) {
        if (f && f.results.length && (best < 0 || f.results.length > each[best].results.length)) best = i;
      });
      return best < 0 ? null : { found: each[best], without: all[best] };
    });
  }

  function run() {
    var query = ++latest;
    var words = input.value.trim();
    var typed = words;
    status.removeAttribute("data-query");
    // One letter would fetch the index chunks of every word it begins: wait for a second one.
    if (words.length < 2) {
      list.textContent = "";
      if (more) more.hidden = true;
      say("Type to search every record");
      return;
    }
    say("Searching…");
    // Number ranges as the index holds them (explainer/publish/search_index.py): "3,000–4,000" -> "3,000 4,000".
    words = words.replace(/(\d)\s*[-\u2012\u2013\u2014\u2212]\s*(?=\d)/g, "$1 ");
    words = plain(words);
    var without = ""; // the word left out when no record has them all (withoutOne)
    pagefind().then(function (pf) {
      return pf.search(words).then(function (found) {
        if (query !== latest || !found || found.results.length) return found;
        return withoutOne(pf, words, query).then(function (retry) {
          if (!retry) return found;
          without = retry.without;
          return retry.found;
        });
      });
    }).then(function (found) {
      if (query !== latest || !found) return;
      shown = found.results;
      count = 0;
      list.textContent = "";
      var n = shown.length;
      return showMore(query).then(function () {
        if (query !== latest) return;
        var counted = n === 0 ? "No record matches" : n === 1 ? "1 matching record" : n + " matching records";
        say(without ? "No record has every word; " + n + (n === 1 ? " record" : " records") + " without “" +
          without + "”" : counted);
        status.setAttribute("data-query", typed); // which query the results on screen answer
      });
    }).catch(function () {
      if (query === latest) say("Search is not available (the index did not load)");
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    open();
    clearTimeout(timer);
    timer = setTimeout(run, 200); // a pause in typing, not every key, starts a search
  });
  input.addEventListener("focus", open);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var first = list.querySelector("a[data-search-result]");
    if (first) first.focus();
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(); input.focus(); }, 0);
  });
  if (more) more.addEventListener("click", function () { showMore(latest); });

  toggle.addEventListener("change", function () {
    if (toggle.checked && document.activeElement !== input) input.focus();
  });
  if (opener) opener.addEventListener("keydown", function (e) {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); input.focus(); }
  });

  document.addEventListener("keydown", function (e) {
    var inSearch = document.activeElement && document.activeElement.closest("[data-search]");
    if (e.key === "Escape" && (toggle.checked || inSearch)) {
      e.preventDefault();
      close();
      if (opener && getComputedStyle(opener).display !== "none") opener.focus();
      return;
    }
    if (!inSearch) {
      var typing = e.target && (e.target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName));
      if (!typing && !e.ctrlKey && !e.metaKey && !e.altKey && (e.key === "/" || e.key === "s")) {
        e.preventDefault();
        open();
        input.focus();
      }
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(list.querySelectorAll("a[data-search-result]"));
    if (!links.length) return;
    var at = links.indexOf(document.activeElement);
    var to = e.key === "ArrowDown" ? at + 1 : at - 1;
    e.preventDefault();
    if (to < 0) input.focus();
    else links[Math.min(to, links.length - 1)].focus();
  });
})();
