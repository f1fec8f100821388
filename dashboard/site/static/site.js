/* Cluster Atlas, static edition: draws each chart of the page with Plotly, keeps lang, region
   and domain in the URL as the app does, and on a filter change swaps in the chart's variant
   (loaded once from its variants.js, pieces pooled: see dashboard/site/variants.py) with
   Plotly.react. No request leaves the site. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("atlas-page").textContent);
  var params = new URLSearchParams(location.search);
  var asked = params.get("lang");
  if (asked && asked !== cfg.lang && (asked === "zh" || asked === "en") && cfg.other) {
    location.replace(cfg.other + location.search + location.hash);
    return;
  }
  var DIMS = ["region", "domain"];
  var CONFIG = { responsive: true, displaylogo: false, displayModeBar: false };
  var view = { region: "all", domain: "all" };
  var bad = [];
  DIMS.forEach(function (d) {
    var v = params.get(d);
    if (v === null || v === "all") return;
    if ((cfg[d + "s"] || []).indexOf(v) >= 0) view[d] = v;
    else bad.push([d, v]);
  });

  function query() {
    return "lang=" + cfg.lang + "&region=" + encodeURIComponent(view.region) +
      "&domain=" + encodeURIComponent(view.domain);
  }
  function clone(x) { return JSON.parse(JSON.stringify(x)); }
  function attr(s) {
    return String(s).replace(/&/g, "&amp;").replace(/"/g, "&quot;")
      .replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  var charts = Array.prototype.map.call(document.querySelectorAll("section.chart"), function (sec) {
    var lis = sec.querySelectorAll('[data-role="notes"] li');
    return { sec: sec, data: JSON.parse(sec.querySelector(".chart-data").textContent),
             plot: sec.querySelector(".plot"),
             notes: Array.prototype.map.call(lis, function (li) { return li.textContent; }) };
  });
  var loading = {};
  function load(chart) {
    var key = chart.data.id + "." + cfg.lang;
    window.ATLAS_V = window.ATLAS_V || {};
    if (window.ATLAS_V[key]) return Promise.resolve(window.ATLAS_V[key]);
    if (!loading[key]) {
      loading[key] = new Promise(function (ok, fail) {
        var s = document.createElement("script");
        s.src = chart.data.dir + "variants.js";
        s.onload = function () { ok(window.ATLAS_V[key]); };
        s.onerror = fail;
        document.head.appendChild(s);
      });
    }
    return loading[key];
  }
  function keyOf(chart) {
    var dims = chart.data.dims;
    return (dims.indexOf("region") >= 0 ? view.region : "all") + "|" +
      (dims.indexOf("domain") >= 0 ? view.domain : "all");
  }
  function floats(V, ids) {
    V._dec = V._dec || {};
    var parts = ids.map(function (i) {
      if (!V._dec[i]) {
        var bin = atob(V.segs[i]), bytes = new Uint8Array(bin.length);
        for (var k = 0; k < bin.length; k++) bytes[k] = bin.charCodeAt(k);
        V._dec[i] = new Float32Array(bytes.buffer);
      }
      return V._dec[i];
    });
    var n = parts.reduce(function (a, p) { return a + p.length; }, 0);
    var out = new Float32Array(n), at = 0;
    parts.forEach(function (p) { out.set(p, at); at += p.length; });
    return out;
  }
  function figure(V, idx) {
    var f = V.figs[idx];
    var data = f.t.map(function (i) {
      var tr = clone(V.json[i]);
      ["x", "y"].forEach(function (k) { if (tr[k] && tr[k].segs) tr[k] = floats(V, tr[k].segs); });
      return tr;
    });
    return { data: data, layout: clone(V.json[f.l]) };
  }
  function role(chart, name) { return chart.sec.querySelector('[data-role="' + name + '"]'); }
  function setText(chart, name, text) { var el = role(chart, name); if (el) el.textContent = text; }
  function ignoredNotes(chart) {
    var off = DIMS.filter(function (d) {
      return view[d] !== "all" && chart.data.dims.indexOf(d) < 0;
    });
    return off.length ? (chart.data.ignored[off.join("+")] || []) : [];
  }
  function details(chart, V, v) {
    var s = function (i) { return V.strs[i]; };
    setText(chart, "sub", s(v.sub));
    setText(chart, "src", s(v.src));
    setText(chart, "desc", s(v.desc));
    setText(chart, "cite", s(v.cite));
    setText(chart, "bib", s(v.bib));
    chart.plot.setAttribute("aria-label", s(v.desc));
    var q = role(chart, "quotes");
    if (q) q.innerHTML = s(v.quotes); /* escaped when the site was built */
    var dl = role(chart, "dl");
    if (dl) {
      dl.textContent = "";
      v.dl.forEach(function (item) {
        var a = document.createElement("a");
        a.href = chart.data.dir + "files/" + item[1];
        a.setAttribute("download", "");
        a.textContent = item[0].toUpperCase();
        dl.appendChild(a);
      });
      var note = role(chart, "dl-note");
      if (note) note.hidden = keyOf(chart) === "all|all";
    }
    return ignoredNotes(chart).concat(v.n.map(s));
  }
  function showNotes(chart, notes) {
    var ul = role(chart, "notes");
    if (!ul) return;
    ul.textContent = "";
    notes.forEach(function (n) {
      var li = document.createElement("li"); li.textContent = n; ul.appendChild(li);
    });
  }
  function draw(chart, fig, key) {
    chart.plot.hidden = !fig;
    var done = fig ? Plotly.react(chart.plot, fig.data, fig.layout, CONFIG)
                   : Promise.resolve(Plotly.purge(chart.plot));
    return Promise.resolve(done).then(function () {
      chart.sec.dataset.key = key;
      chart.sec.dataset.state = fig ? "drawn" : "empty";
    });
  }
  function render(chart) {
    var key = keyOf(chart);
    var V = window.ATLAS_V && window.ATLAS_V[chart.data.id + "." + cfg.lang];
    if (key === "all|all" && !V) {
      showNotes(chart, ignoredNotes(chart).concat(chart.notes));
      return draw(chart, chart.data.fig, key);
    }
    chart.sec.dataset.state = "loading";
    return load(chart).then(function (V) {
      var v = V.views[key];
      showNotes(chart, details(chart, V, v));
      return draw(chart, v.f < 0 ? null : figure(V, v.f), key);
    });
  }
  function links() {
    var q = query();
    var other = document.getElementById("lang-switch");
    if (other) other.href = cfg.other + "?" + q.replace(/^lang=\w+/, "lang=" + cfg.otherLang);
    var app = document.getElementById("app-link");
    if (app) { var u = new URL(cfg.app); u.search = q; app.href = u.href; }
    document.querySelectorAll('[data-role="page-link"], [data-role="keep-query"]').forEach(function (a) {
      a.href = a.getAttribute("href").split("?")[0] + "?" + q;
    });
    var code = document.getElementById("embed-code");
    if (code && charts.length) {
      var src = new URL("embed.html?" + q, location.href).href;
      var title = charts[0].sec.querySelector("h2").textContent;
      code.value = '<iframe src="' + attr(src) + '" title="' + attr(title) +
        '" loading="lazy" style="width:100%;max-width:100%;height:' +
        (charts[0].data.height + cfg.embedExtra) + 'px;border:0"></iframe>';
    }
  }
  function update(write) {
    if (write) history.replaceState(null, "", "?" + query() + location.hash);
    links();
    /* in reading order: the first chart is not kept waiting by a heavier one below it */
    return charts.reduce(function (p, c) {
      return p.then(function () { return render(c); });
    }, Promise.resolve());
  }
  function prefetch() {
    /* once the page is drawn, the variants of the charts that a filter changes */
    charts.forEach(function (c) { if (c.data.dims.length) load(c).catch(function () {}); });
  }

  DIMS.forEach(function (d) {
    var box = document.getElementById("f-" + d);
    if (!box) return;
    box.value = view[d];
    box.addEventListener("change", function () { view[d] = box.value; update(true); });
  });
  var notice = document.getElementById("filter-notice");
  if (notice && bad.length) {
    notice.textContent = bad.map(function (b) {
      return cfg.invalid.replace("{name}", b[0]).replace("{value}", b[1]);
    }).join(" ");
    notice.hidden = false;
  }
  update(location.search !== "?" + query()).then(function () {
    document.body.dataset.ready = "1";
    (window.requestIdleCallback || setTimeout)(prefetch);
  });
})();
