// qnet coordinator page: a small force-directed cluster map on <canvas>, the insights tables and the
// pairing round. No libraries, no build step. Data comes from /api/v1/coordinator/* (or, for an
// offline render, from the JSON in <script id="qnet-data">).
(function () {
  "use strict";
  var API = "/api/v1/coordinator";
  var inline = document.getElementById("qnet-data");
  var offline = inline ? JSON.parse(inline.textContent) : null;
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var canvas = document.getElementById("map");
  var ctx = canvas.getContext("2d");
  var nodes = [], links = [], byNumber = {}, labels = {}, selected = null;

  function get(path) {
    if (offline) { return Promise.resolve(offline[path]); }
    return fetch(API + path, { credentials: "same-origin" }).then(function (r) {
      return r.json().then(function (body) { if (!r.ok) { throw new Error(body.error ? body.error.message : r.status); } return body; });
    });
  }
  function post(path, body) {
    return fetch(API + path, { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf }, body: JSON.stringify(body || {}) })
      .then(function (r) { return r.json().then(function (b) { if (!r.ok) { throw new Error(b.error ? b.error.message : r.status); } return b; }); });
  }
  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function colour(n) { return "hsl(" + ((n * 137.508) % 360).toFixed(0) + ", 62%, 52%)"; }
  function pct(x) { return Math.round(x * 100) + "%"; }

  // -- the force simulation: repulsion between clusters, springs along links, gentle centring ------
  function layout(clusters) {
    var w = canvas.width, h = canvas.height, maxSize = 1;
    clusters.forEach(function (c) { maxSize = Math.max(maxSize, c.size); });
    clusters.forEach(function (c) { labels[c.number] = c.label; });
    var shown = clusters.slice(0, 150);  // the largest clusters; the rest are listed, not drawn
    nodes = shown.map(function (c, i) {
      var a = i * 2.399963, r = 20 + 8 * Math.sqrt(i);
      return { c: c, x: w / 2 + r * Math.cos(a), y: h / 2 + r * Math.sin(a), vx: 0, vy: 0,
               r: 6 + 34 * Math.sqrt(c.size / maxSize) };
    });
    byNumber = {};
    nodes.forEach(function (n) { byNumber[n.c.number] = n; });
    var seen = {}, maxW = 0;
    links = [];
    shown.forEach(function (c) {
      (c.links || []).forEach(function (l) {
        var key = Math.min(c.number, l.other) + "-" + Math.max(c.number, l.other);
        if (seen[key] || !byNumber[l.other]) { return; }
        seen[key] = true;
        links.push({ a: byNumber[c.number], b: byNumber[l.other], w: l.weight, bridges: l.bridges || [] });
        maxW = Math.max(maxW, l.weight);
      });
    });
    links.forEach(function (l) { l.s = l.w / (maxW || 1); });
    for (var step = 0; step < 400; step++) { tick(1 - step / 400); }
    fit();
    draw();
  }
  function tick(alpha) {
    var i, j, a, b, dx, dy, d2, d, f;
    for (i = 0; i < nodes.length; i++) {
      for (j = i + 1; j < nodes.length; j++) {
        a = nodes[i]; b = nodes[j];
        dx = b.x - a.x; dy = b.y - a.y; d2 = dx * dx + dy * dy + 0.01; d = Math.sqrt(d2);
        f = (900 + (a.r + b.r) * (a.r + b.r) * 2) / d2 * alpha;
        a.vx -= f * dx / d; a.vy -= f * dy / d; b.vx += f * dx / d; b.vy += f * dy / d;
      }
    }
    links.forEach(function (l) {
      dx = l.b.x - l.a.x; dy = l.b.y - l.a.y; d = Math.sqrt(dx * dx + dy * dy) + 0.01;
      f = (d - (l.a.r + l.b.r + 30)) * 0.02 * (0.3 + l.s) * alpha;
      l.a.vx += f * dx / d; l.a.vy += f * dy / d; l.b.vx -= f * dx / d; l.b.vy -= f * dy / d;
    });
    nodes.forEach(function (n) {
      n.vx += (canvas.width / 2 - n.x) * 0.004 * alpha; n.vy += (canvas.height / 2 - n.y) * 0.004 * alpha;
      n.x += n.vx; n.y += n.vy; n.vx *= 0.6; n.vy *= 0.6;
    });
  }
  function fit() {
    if (!nodes.length) { return; }
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    nodes.forEach(function (n) {
      minX = Math.min(minX, n.x - n.r); minY = Math.min(minY, n.y - n.r);
      maxX = Math.max(maxX, n.x + n.r); maxY = Math.max(maxY, n.y + n.r);
    });
    var s = Math.min((canvas.width - 20) / (maxX - minX), (canvas.height - 20) / (maxY - minY), 1.5);
    nodes.forEach(function (n) {
      n.x = 10 + (n.x - minX) * s; n.y = 10 + (n.y - minY) * s; n.r = Math.max(3, n.r * Math.min(s, 1.2));
    });
  }
  function draw() {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    links.forEach(function (l) {
      var on = selected && (l.a.c.number === selected || l.b.c.number === selected);
      ctx.strokeStyle = on ? "rgba(18,59,93,0.85)" : "rgba(90,98,112,0.28)";
      ctx.lineWidth = 0.5 + 5 * l.s;
      ctx.beginPath(); ctx.moveTo(l.a.x, l.a.y); ctx.lineTo(l.b.x, l.b.y); ctx.stroke();
    });
    nodes.forEach(function (n) {
      ctx.beginPath(); ctx.arc(n.x, n.y, n.r, 0, 2 * Math.PI);
      ctx.fillStyle = n.c.unplaced ? "#c9ccd1" : colour(n.c.number); ctx.fill();
      ctx.lineWidth = n.c.number === selected ? 3 : 1; ctx.strokeStyle = "#fff"; ctx.stroke();
      if (n.r > 14) {
        ctx.fillStyle = "#111"; ctx.font = "11px system-ui, sans-serif"; ctx.textAlign = "center";
        ctx.fillText(n.c.label.length > 26 ? n.c.label.slice(0, 25) + "…" : n.c.label, n.x, n.y + n.r + 12);
      }
    });
  }
  canvas.addEventListener("click", function (e) {
    var box = canvas.getBoundingClientRect();
    var x = (e.clientX - box.left) * canvas.width / box.width, y = (e.clientY - box.top) * canvas.height / box.height;
    var hit = null;
    nodes.forEach(function (n) { if ((n.x - x) * (n.x - x) + (n.y - y) * (n.y - y) <= n.r * n.r) { hit = n; } });
    if (hit) { show(hit.c); }
  });

  // -- the description panel -----------------------------------------------------------------------
  function chips(title, items, fmt) {
    var box = el("div", null, { "class": "chips" });
    box.appendChild(el("strong", title + ": "));
    (items || []).forEach(function (i) { box.appendChild(el("span", fmt(i))); });
    if (!items || !items.length) { box.appendChild(el("span", "—")); }
    return box;
  }
  function show(c) {
    selected = c.number; draw();
    var panel = document.getElementById("detail");
    panel.innerHTML = "";
    var h = el("h2"); var sw = el("span", null, { "class": "swatch" }); sw.style.background = colour(c.number);
    h.appendChild(sw); h.appendChild(document.createTextNode(c.label)); panel.appendChild(h);
    panel.appendChild(el("p", c.size + " members · cohesion: " + pct(c.internal_share) + " of ties inside · modularity term "
      + c.modularity.toFixed(4), { "class": "muted" }));
    panel.appendChild(chips("Distinctive topics", c.topics, function (t) { return t.name + " ×" + t.lift; }));
    panel.appendChild(chips("Distinctive skills", c.skills, function (t) { return t.name + " ×" + t.lift; }));
    panel.appendChild(chips("Regions", c.regions, function (t) { return t.name + " " + pct(t.share); }));
    panel.appendChild(chips("Roles", c.roles, function (t) { return t.name + " " + pct(t.share); }));
    panel.appendChild(chips("Organisations", c.organisations, function (t) { return t.name + " " + pct(t.share); }));
    panel.appendChild(chips("Most central", c.central, function (p) { return p.name; }));
    var t = el("table");
    t.appendChild(row(["Linked cluster", "ties", "bridged by"], "th"));
    (c.links || []).forEach(function (l) {
      t.appendChild(row([l.label || ("cluster " + l.other), l.weight.toFixed(1),
        l.bridges.map(function (b) { return b.name; }).join(", ")]));
    });
    panel.appendChild(t);
  }
  function row(cells, tag) {
    var tr = el("tr");
    cells.forEach(function (c) { tr.appendChild(el(tag || "td", c)); });
    return tr;
  }
  function fill(id, head, rows) {
    var t = document.getElementById(id);
    t.innerHTML = "";
    t.appendChild(row(head, "th"));
    rows.forEach(function (r) { t.appendChild(row(r)); });
    if (!rows.length) { t.appendChild(row(["none"])); }
  }

  // -- loading -------------------------------------------------------------------------------------
  function loadClusters() {
    return get("/clusters").then(function (body) {
      var run = body.run;
      document.getElementById("status").textContent = run
        ? body.clusters.length + " clusters of " + run.members + " members · run " + (run.finished_at || "").slice(0, 16)
        : "No clustering run yet";
      layout(body.clusters);
      if (body.clusters.length) { show(body.clusters[0]); }
    });
  }
  function loadInsights() {
    return get("/insights").then(function (body) {
      document.getElementById("isolated-count").textContent = "(" + body.isolated_count + ")";
      fill("isolated", ["Member", "why", "cluster"], body.isolated.slice(0, 8).map(function (m) {
        return [m.name + " · " + m.role + ", " + m.region, m.isolated, m.cluster_label];
      }));
      fill("bridges", ["Member", "cluster", "bridges to"], body.bridges.slice(0, 8).map(function (m) {
        return [m.name + " · " + m.role, m.cluster_label, m.bridges.map(function (n) { return labels[n] || ("#" + n); }).join("; ")];
      }));
      var order = { split: 0, merged: 1, "new": 2, dissolved: 3, grown: 4, shrunk: 5, stable: 6 };
      fill("changes", ["Change", "clusters", "size"], body.changes.slice().sort(function (a, b) { return order[a.kind] - order[b.kind]; })
        .slice(0, 10).map(function (c) {
          function name(x) { return x.label || ("#" + x.number); }
          var text = (c.kind === "split" || c.kind === "merged")
            ? c.old.map(name).join(" + ") + " → " + c.new.map(name).join(" + ")
            : (c.new.length ? c.new : c.old).map(name).join(" / ");
          return [c.kind, text, c.size_before + " → " + c.size_after];
        }));
    });
  }
  function loadRound() {
    return get("/pairing-rounds").then(function (body) {
      if (!body.rounds.length) { document.getElementById("round-summary").textContent = "No pairing round yet."; fill("pairings", ["Pair", "why"], []); return null; }
      var latest = body.rounds[0];
      return get("/pairing-rounds/" + latest.id).then(function (detail) {
        document.getElementById("round-summary").textContent = "Round " + latest.number + ": " + latest.members
          + " members in " + latest.pairs + " introductions (" + latest.created_at.slice(0, 10) + "); "
          + latest.messaged + " of them led to a message.";
        fill("pairings", ["Introduce", "why"], detail.pairings.slice(0, 10).map(function (p) {
          return [p.members.map(function (m) { return m.name + " (" + m.role + ", " + m.region + ")"; }).join(" + "), p.reason];
        }));
      });
    });
  }
  function fail(e) { document.getElementById("status").textContent = "Could not load: " + e.message; }

  document.getElementById("run-clustering").addEventListener("click", function () {
    post("/clusters/runs", {}).then(function (run) { poll(run.id); }).catch(fail);
  });
  document.getElementById("start-round").addEventListener("click", function () {
    post("/pairing-rounds", {}).then(loadRound).catch(fail);
  });
  function poll(id) {
    get("/clusters/runs/" + id).then(function (run) {
      document.getElementById("status").textContent = "Clustering: " + run.stage + " " + pct(run.progress);
      if (run.status === "running") { setTimeout(function () { poll(id); }, 1500); }
      else if (run.status === "done") { loadClusters(); loadInsights(); }
      else { fail(new Error(run.error || "the run failed")); }
    }).catch(fail);
  }
  loadClusters().then(loadInsights).then(loadRound).catch(fail);
})();
