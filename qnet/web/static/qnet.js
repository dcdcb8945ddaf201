// qnet pages: small progressive enhancements. Every form works without this script.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.content : "";

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function postJson(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  }

  // A form that came back with mistakes: move focus to the list of them (it links to each field).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // Posting an idea: show similar ideas and projects while the title and summary are typed.
  var ideaForm = document.querySelector("[data-idea-form]");
  var panel = document.getElementById("similar");
  if (ideaForm && panel && window.fetch) {
    var title = ideaForm.querySelector('[name="title"]');
    var summaryField = ideaForm.querySelector('[name="summary"]');
    var topics = ideaForm.querySelector('[name="topics"]');
    var timer = null, latest = 0, lastSent = "";

    var render = function (data) {
      var items = (data.ideas || []).map(function (i) { return { item: i, url: panel.dataset.ideaUrl, kind: "idea" }; })
        .concat((data.projects || []).map(function (p) { return { item: p, url: panel.dataset.projectUrl, kind: "project" }; }));
      panel.textContent = "";
      panel.appendChild(el("h2", "Similar ideas already posted"));
      if (!items.length) { panel.appendChild(el("p", "Nothing close yet: yours looks new.")); return; }
      panel.appendChild(el("p", "Could you join one of these instead of starting again?", { "class": "meta" }));
      var list = el("ul");
      items.forEach(function (entry) {
        var li = el("li");
        li.appendChild(el("a", entry.item.title, { href: entry.url.replace("ITEM", encodeURIComponent(entry.item.id)) }));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", "(" + entry.kind + ", " + String(entry.item.status || "").replace(/_/g, " ") + ")", { "class": "meta" }));
        if (entry.item.passage && entry.item.passage !== entry.item.title) {
          li.appendChild(el("br"));
          li.appendChild(el("span", "“" + entry.item.passage.slice(0, 180) + "”", { "class": "meta" }));
        }
        list.appendChild(li);
      });
      panel.appendChild(list);
    };

    var check = function () {
      var draft = { title: title.value.trim(), summary: summaryField.value.trim().slice(0, 1500), limit: 5,
                    topics: (topics ? topics.value : "").split(",").map(function (t) { return t.trim(); })
                      .filter(function (t) { return t; }).slice(0, 10) };
      if (draft.title.length < 3) { return; }
      var key = JSON.stringify(draft);
      if (key === lastSent) { return; }
      lastSent = key;
      var mine = ++latest;
      panel.setAttribute("aria-busy", "true");
      postJson(panel.dataset.similarApi, draft).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data && mine === latest) { render(data); } })
        .catch(function () { /* the "Check for similar ideas" button still works */ })
        .then(function () { if (mine === latest) { panel.removeAttribute("aria-busy"); } });
    };

    [title, summaryField, topics].forEach(function (field) {
      if (!field) { return; }
      field.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(check, 450); });
    });
    if (title.value.trim().length >= 3 && panel.querySelector("[data-similar-hint]")) { check(); }
  }

  // Suggestions: "Not for me" removes the card in place (the form posts normally without script).
  var live = document.querySelector("[data-live]");
  Array.prototype.forEach.call(document.querySelectorAll("form[data-dismiss]"), function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch) { return; }
      event.preventDefault();
      var card = form.closest("[data-suggestion]");
      postJson(form.dataset.dismiss).then(function (r) {
        if (!r.ok) { throw new Error(String(r.status)); }
        var next = card.nextElementSibling || card.previousElementSibling;
        var name = card.querySelector("h2") ? card.querySelector("h2").textContent.trim() : "that member";
        card.parentNode.removeChild(card);
        if (live) { live.textContent = "We will not suggest " + name + " again."; }
        var target = next ? next.querySelector("a") : document.querySelector("h1");
        if (target) { if (!next) { target.setAttribute("tabindex", "-1"); } target.focus(); }
      }).catch(function () { form.submit(); });
    });
  });
}());
