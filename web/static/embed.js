/* The compact embed chat: calls /api/ask and renders with DOM text nodes only (no innerHTML),
 * routes first. The conversation lives in this page's memory only. */
(function () {
  "use strict";
  var params = new URLSearchParams(location.search);
  var title = params.get("title") || "Safeguarding assistant";
  var area = params.get("area") || "";
  var history = [];
  var log = document.getElementById("llr-log");
  var form = document.getElementById("llr-form");
  var input = document.getElementById("llr-input");
  var send = document.getElementById("llr-send");
  var status = document.getElementById("llr-status");
  var live = document.getElementById("llr-live");
  document.title = title;
  document.getElementById("llr-title").textContent = title;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function month(d) {
    var m = /^(\d{4})-(\d{2})/.exec(d || "");
    var names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return m ? names[parseInt(m[2], 10) - 1] + " " + m[1] : (d || "");
  }

  function contact(c) {
    var span = el("span", "llr-contact");
    var digits = (c.value || "").replace(/[^0-9+]/g, "");
    var node;
    if (c.kind === "phone" && digits) { node = el("a", "llr-tel", c.value); node.href = "tel:" + digits; }
    else if (c.kind === "email" && (c.value || "").indexOf("@") > 0) { node = el("a", "llr-tel", c.value); node.href = "mailto:" + c.value.trim(); }
    else { node = el("span", "llr-tel", c.value); }
    span.appendChild(node);
    if (c.label) { span.appendChild(document.createTextNode(" ")); span.appendChild(el("span", "llr-small", c.label)); }
    return span;
  }
  function words(text) { return (text || "").toLowerCase().match(/\w+/g) || []; }
  // One compact row, as the chat draws it (web/render.py): name, numbers, hours in small text.
  function routeRow(r) {
    var li = el("li", "llr-route");
    li.appendChild(el("strong", "llr-route-name", r.name));
    var said = [];
    (r.contacts || []).forEach(function (c) {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(contact(c));
      said = said.concat(words(c.value + " " + c.label));
    });
    var repeats = words(r.hours).every(function (w) { return said.indexOf(w) >= 0; });
    if (r.hours && !repeats) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("span", "llr-small", r.hours)); }
    if (r.status && r.status !== "verified") {
      // a mark the list's footnote explains; read aloud as the note itself
      var mark = el("span", "llr-verify");
      mark.appendChild(document.createTextNode("\u00a0"));
      var star = el("span", null, "*"); star.setAttribute("aria-hidden", "true");
      mark.appendChild(star);
      mark.appendChild(el("span", "sr-only", "Check this number before relying on it."));
      li.appendChild(mark);
    }
    return li;
  }
  function routeList(routes) {
    var box = document.createDocumentFragment();
    var list = el("ul", "llr-route-list");
    routes.forEach(function (r) { list.appendChild(routeRow(r)); });
    box.appendChild(list);
    if (routes.some(function (r) { return r.status && r.status !== "verified"; })) {
      var note = el("p", "llr-small llr-footnote", "* Check numbers marked * before relying on them.");
      note.setAttribute("aria-hidden", "true");
      box.appendChild(note);
    }
    return box;
  }
  // The tiers: immediate danger (an alert, 999 first, every route), a concern (a calm panel,
  // the first routes_visible, the rest under "More contacts"), a topic (a one-line strip).
  function safetyPanel(data) {
    var level = data.risk && data.risk.level;
    var routes = data.routes || [];
    if (!routes.length) {
      return data.support && data.support.text ? el("p", "llr-support", data.support.text) : null;
    }
    var immediate = level === "immediate" || (data.risk && data.risk.immediate);
    var box = el("section", "llr-routes " + (immediate ? "llr-immediate" : "llr-concern"));
    if (immediate) {
      box.setAttribute("role", "alert");
      box.setAttribute("aria-label", "Emergency and help contacts");
      var title = el("h2", "llr-routes-title", "Immediate danger: call ");
      var call = el("a", "llr-tel", "999"); call.href = "tel:999";
      title.appendChild(call); title.appendChild(document.createTextNode(" now."));
      box.appendChild(title);
      box.appendChild(routeList(routes));
      return box;
    }
    box.setAttribute("aria-label", "Who to contact about this concern");
    box.appendChild(el("h2", "llr-routes-title", "Worried someone may be at risk? Who to contact:"));
    var shown = data.routes_visible > 0 ? Math.min(data.routes_visible, routes.length) : routes.length;
    box.appendChild(routeList(routes.slice(0, shown)));
    if (shown < routes.length) {
      var more = el("details", "llr-more-routes");
      more.appendChild(el("summary", null, "More contacts (" + (routes.length - shown) + ")"));
      more.appendChild(routeList(routes.slice(shown)));
      box.appendChild(more);
    }
    return box;
  }
  function highlighted(passage, quote) {
    var p = el("p");
    var words = (quote || "").split(/\s+/).filter(Boolean).map(function (w) {
      return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    });
    var m = words.length ? new RegExp(words.join("\\s+"), "i").exec(passage) : null;
    if (!m) { p.textContent = passage; return p; }
    p.appendChild(document.createTextNode(passage.slice(0, m.index)));
    p.appendChild(el("mark", null, m[0]));
    p.appendChild(document.createTextNode(passage.slice(m.index + m[0].length)));
    return p;
  }
  function citation(c) {
    var li = el("li", "llr-cite");
    var head = "[" + c.n + "] " + c.title + (c.issue ? ", issue " + c.issue : "") + ", " + month(c.date);
    if (c.page) { head += ", page " + c.page; }
    if (c.ocr) { head += " (scanned, read by OCR)"; }
    li.appendChild(el("div", "llr-cite-head", head));
    if (c.section) { li.appendChild(el("div", null, c.section)); }
    li.appendChild(el("blockquote", null, c.quote));
    var more = el("details");
    more.appendChild(el("summary", null, "Show the passage"));
    more.appendChild(highlighted(c.passage || "", c.quote || ""));
    li.appendChild(more);
    return li;
  }
  function answerBox(data, fallbackText) {
    var box = el("div", "llr-a");
    var panel = data ? safetyPanel(data) : null;
    if (panel) { box.appendChild(panel); }
    var text = (data && data.answer) || fallbackText || "";
    var body = el("div", "llr-answer-text");
    text.split(/\n\s*\n/).forEach(function (para) { if (para.trim()) { body.appendChild(el("p", null, para.trim())); } });
    box.appendChild(body);
    if (data && data.warnings && data.warnings.length) {
      var warn = el("div", "llr-warnings");
      warn.setAttribute("role", "note");
      data.warnings.forEach(function (w) { warn.appendChild(el("p", null, w)); });
      box.appendChild(warn);
    }
    if (data && data.citations && data.citations.length) {
      var list = el("ol", "llr-cites");
      list.style.listStyle = "none"; list.style.padding = "0";
      data.citations.forEach(function (c) { list.appendChild(citation(c)); });
      box.appendChild(list);
    }
    if (data && data.answer) { box.appendChild(tools(data)); }
    return box;
  }
  function tools(data) {
    var row = el("div", "llr-tools");
    var copy = el("button", null, "Copy answer");
    copy.type = "button";
    copy.addEventListener("click", function () {
      if (navigator.clipboard) { navigator.clipboard.writeText(data.answer).then(function () { status.textContent = "Answer copied."; }); }
    });
    row.appendChild(copy);
    [["up", "Helpful"], ["down", "Not helpful"]].forEach(function (pair) {
      var b = el("button", null, pair[1]);
      b.type = "button";
      b.addEventListener("click", function () { rate(pair[0], data.id); });
      row.appendChild(b);
    });
    return row;
  }
  function rate(rating, id) {
    fetch("api/feedback", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ rating: rating, answer_id: id }) })
      .then(function (r) { status.textContent = r.ok ? "Thank you: feedback saved (your question was not stored)." : "Feedback could not be saved."; })
      .catch(function () { status.textContent = "Feedback could not be saved."; });
  }
  function newId() {
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
  }

  function ask(question) {
    log.appendChild(el("div", "llr-q", question));
    send.disabled = true;
    status.textContent = "Searching the newsletters\u2026";
    var payload = { question: question, history: history.slice(-12), id: newId() };
    if (area) { payload.filters = { areas: [area] }; }
    fetch("api/ask", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) })
      .then(function (r) { return r.json().catch(function () { return { error: "The assistant is unavailable (" + r.status + ")." }; }); })
      .then(function (data) {
        var box = answerBox(data, data.error);
        log.appendChild(box);
        box.scrollIntoView({ block: "start" });  // routes first: show the top of the answer
        announce(data);
        if (data.answer) { history.push({ role: "user", content: question }, { role: "assistant", content: data.answer }); }
        status.textContent = data.error && !data.answer ? data.error : "";
      })
      .catch(function () {
        log.appendChild(answerBox(null, "The assistant could not be reached. In an emergency call 999."));
        status.textContent = "";
      })
      .then(function () { send.disabled = false; input.focus({ preventScroll: true }); });
  }

  // Screen readers hear each answer once, politely; an immediate-danger panel is an alert of
  // its own (role="alert" on the panel, added once).
  function announce(data) {
    var parts = [];
    if (data.routes && data.routes.length && !(data.risk && data.risk.immediate)) {
      parts.push("Who to contact about this concern is shown first.");
    }
    if (data.support && data.support.text && !(data.routes && data.routes.length)) { parts.push(data.support.text); }
    parts.push(data.answer ? "Answer: " + data.answer : (data.error || ""));
    live.textContent = "";
    setTimeout(function () { live.textContent = parts.filter(Boolean).join(" "); }, 100);
  }

  // Talking to the widget on the intranet page (web/static/widget.js): "ready" once loaded,
  // "close" on Escape from anywhere in here; "focus" from the widget puts the cursor in the
  // question box. Only the page that framed this one is listened to.
  function tell(event) {
    if (window.parent !== window) { window.parent.postMessage({ type: "llr-assistant", event: event }, "*"); }
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { tell("close"); }
  });
  window.addEventListener("message", function (e) {
    if (e.source !== window.parent || !e.data || e.data.type !== "llr-assistant") { return; }
    if (e.data.event === "focus") { input.focus(); }
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = input.value.trim();
    if (!q) { status.textContent = "Please type a question first."; return; }
    input.value = "";
    ask(q);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });
  tell("ready");
})();
