/* news-pipeline report: filters, sorting and rows built from window.NP_DATA.
   Every value is put into the page as text (textContent), never parsed as HTML;
   links go only to our own pages or to http(s) addresses. */
(function () {
  "use strict";
  var DATA = window.NP_DATA || {};
  var LIMIT = 2000;  /* rows drawn at once; the count says how many match */

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function link(text, href) {
    var a = el("a", text);
    a.setAttribute("href", href);
    return a;
  }
  function safeUrl(u) { return typeof u === "string" && /^https?:\/\//i.test(u) ? u : null; }
  function param(name) { return new URLSearchParams(window.location.search).get(name) || ""; }
  function byId(id) { return document.getElementById(id); }
  function listen(ids, fn) {
    ids.forEach(function (id) { var e = byId(id); if (e) { e.addEventListener("input", fn); e.addEventListener("change", fn); } });
  }
  function preset(id, name) { var e = byId(id); if (e && param(name)) e.value = param(name); }
  function shown(n, total) { var s = byId("shown"); if (s) s.textContent = n + " of " + total + (n > LIMIT ? " (first " + LIMIT + " drawn)" : ""); }
  function cmp(key, dir) {
    return function (a, b) {
      var x = a[key] || "", y = b[key] || "";
      if (x === y) return 0;
      if (!x) return 1;  /* missing values last either way */
      if (!y) return -1;
      return (x < y ? -1 : 1) * dir;
    };
  }
  /* an actor filter matches a name of the row's actors, their keys, or any other name the
     ledger has for one of those keys ("U.S." finds "United States": both are country:US) */
  function actorMatch(row, q) {
    if (!q) return true;
    q = q.toLowerCase();
    var names = (row.actors || []).concat(row.keys || []);
    (row.keys || []).forEach(function (k) { names = names.concat((DATA.names || {})[k] || []); });
    return names.some(function (a) { return String(a).toLowerCase().indexOf(q) >= 0; });
  }

  function commitmentsPage() {
    var rows = DATA.commitments || [], tbody = byId("commitments").tBodies[0];
    preset("f-actor", "actor"); preset("f-category", "category"); preset("f-year", "year"); preset("f-sort", "sort");
    function draw() {
      var q = byId("f-actor").value.trim(), cat = byId("f-category").value, year = byId("f-year").value;
      var sort = byId("f-sort").value.split("-");
      var hits = rows.filter(function (r) {
        return actorMatch(r, q) && (!cat || r.category === cat) && (!year || (r.published || "").slice(0, 4) === year);
      }).sort(cmp(sort[0], sort[1] === "asc" ? 1 : -1));
      tbody.textContent = "";
      hits.slice(0, LIMIT).forEach(function (r) {
        var tr = el("tr");
        tr.appendChild(el("td", r.published || ""));
        tr.appendChild(el("td", (r.actors || []).join(", ")));
        tr.appendChild(el("td", r.action));
        tr.appendChild(el("td", r.object));
        tr.appendChild(el("td", r.when_text ? r.when_text + " (" + (r.when_value || "unresolved") + ")" : ""));
        tr.appendChild(el("td", r.category));
        tr.appendChild(el("td", r.modality));
        tr.appendChild(el("td", r.negated ? "yes" : ""));
        tr.appendChild(el("td", r.sentence, "sentence"));
        var td = el("td");
        td.appendChild(link(r.source_path, DATA.root + "articles/" + r.page + "#c" + r.idx));
        tr.appendChild(td);
        tbody.appendChild(tr);
      });
      shown(hits.length, rows.length);
    }
    listen(["f-actor", "f-category", "f-year", "f-sort"], draw);
    var th = document.querySelector("th.sortable");
    if (th) th.addEventListener("click", function () {
      var s = byId("f-sort"); s.value = s.value === "published-desc" ? "published-asc" : "published-desc"; draw();
    });
    draw();
  }

  function articlesPage() {
    var rows = DATA.articles || [], tbody = byId("articles").tBodies[0], dir = -1;
    function draw() {
      var q = byId("f-text").value.trim().toLowerCase();
      var hits = rows.filter(function (r) {
        return !q || (r.title || "").toLowerCase().indexOf(q) >= 0 || r.source_path.toLowerCase().indexOf(q) >= 0;
      }).sort(cmp("published", dir));
      tbody.textContent = "";
      hits.slice(0, LIMIT).forEach(function (r) {
        var tr = el("tr");
        tr.appendChild(el("td", r.published || ""));
        var t = el("td"); t.appendChild(link(r.title || "(no title)", "articles/" + r.page)); tr.appendChild(t);
        tr.appendChild(el("td", r.source_path));
        ["people", "organisations", "places", "dates", "commitments"].forEach(function (k) { tr.appendChild(el("td", r[k])); });
        tbody.appendChild(tr);
      });
      shown(hits.length, rows.length);
    }
    listen(["f-text"], draw);
    document.querySelector("th.sortable").addEventListener("click", function () { dir = -dir; draw(); });
    draw();
  }

  function threadsPage() {
    var rows = DATA.threads || [], box = byId("threads");
    preset("f-actor", "actor"); preset("f-year", "since");
    function draw() {
      var q = byId("f-actor").value.trim(), year = byId("f-year").value, multi = byId("f-multi").checked;
      var hits = rows.filter(function (t) {
        return actorMatch(t, q) && (!year || (t.last_reported || "") >= year) && (!multi || t.reports.length > 1);
      });
      box.textContent = "";
      hits.slice(0, LIMIT).forEach(function (t) {
        var d = el("div", null, "thread");
        d.appendChild(el("h3", t.actors.join(", ") + " — " + t.action + " " + t.object));
        var p = el("p");
        p.appendChild(el("span", t.stages.join(" → "), "stages"));
        p.appendChild(document.createTextNode("  ·  first reported " + (t.first_reported || "?") + ", last " +
          (t.last_reported || "?") + " · " + t.reports.length + " reports from " + t.sources.length + " sources"));
        d.appendChild(p);
        var table = el("table"), head = el("tr");
        ["published", "stage", "source", "sentence"].forEach(function (h) { head.appendChild(el("th", h)); });
        table.appendChild(head);
        t.reports.forEach(function (r) {
          var tr = el("tr");
          tr.appendChild(el("td", r.published || ""));
          tr.appendChild(el("td", r.stage));
          var td = el("td"); td.appendChild(link(r.source_path, "articles/" + r.page + "#c" + r.idx));
          var u = safeUrl(r.url);
          if (u) { td.appendChild(document.createTextNode(" ")); td.appendChild(link("original", u)); }
          tr.appendChild(td);
          tr.appendChild(el("td", r.sentence, "sentence"));
          table.appendChild(tr);
        });
        d.appendChild(table);
        box.appendChild(d);
      });
      shown(hits.length, rows.length);
    }
    listen(["f-actor", "f-year", "f-multi"], draw);
    draw();
  }

  if (byId("commitments")) commitmentsPage();
  if (byId("articles")) articlesPage();
  if (byId("threads")) threadsPage();
})();
