/* Safeguarding assistant widget: one <script> tag adds a launcher that opens the chat.
 *
 *   <script src="https://assistant.example/widget.js" data-title="Safeguarding assistant"
 *           data-position="bottom-right" data-open="false" data-area="leicester" defer></script>
 *
 * No dependencies, no cookies, nothing stored in the browser. The chat runs in an iframe
 * served by the assistant (its /embed page), so the host page's styles cannot break it.
 *
 * Before creating the iframe the widget asks the assistant (/widget/status) whether this
 * page's origin may show it; when it may not, the panel says so in words and names the
 * setting, instead of a frame the browser blocks. When the question cannot be asked (sign-in,
 * network), the frame is created and must report "ready" within READY_WAIT_MS, or the panel
 * explains what to check.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__llrAssistantWidget) { return; }
  window.__llrAssistantWidget = true;

  // a cold start of the assistant answers well within 15 s; data-ready-timeout (seconds) changes it
  var READY_WAIT_MS = (parseFloat(script.getAttribute("data-ready-timeout")) || 15) * 1000;
  var PHONE_MAX_PX = 480;  // at most this wide, the open panel fills the window
  var base = new URL(".", script.src).href;
  var assistantOrigin = new URL(script.src).origin;
  var title = script.getAttribute("data-title") || "Safeguarding assistant";
  var left = script.getAttribute("data-position") === "bottom-left";
  var startOpen = script.getAttribute("data-open") === "true";
  var area = script.getAttribute("data-area") || "";
  var query = "title=" + encodeURIComponent(title) + (area ? "&area=" + encodeURIComponent(area) : "");
  var panelId = "llr-assistant-panel";
  var frame = null;
  var ready = false;
  var started = false;
  var wantFocus = false;  // opened by the user before the frame was ready: focus it once ready
  var notice = null;
  var side = left ? "left" : "right";
  var font = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

  function style(el, rules) {
    for (var k in rules) { if (Object.prototype.hasOwnProperty.call(rules, k)) { el.style[k] = rules[k]; } }
  }
  function el(tag, text, rules) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (rules) { style(node, rules); }
    return node;
  }

  var launcher = el("button", title, {
    position: "fixed", bottom: "16px", zIndex: "2147483000", padding: "12px 18px",
    background: "#1d4ed8", color: "#ffffff", border: "2px solid #ffffff", borderRadius: "24px",
    font: "600 16px " + font, cursor: "pointer", boxShadow: "0 2px 8px rgba(0,0,0,.35)"
  });
  launcher.type = "button";
  launcher.className = "llr-assistant-launcher";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", panelId);
  launcher.style[side] = "16px";

  var panel = el("div", null, {
    position: "fixed", bottom: "76px", zIndex: "2147483000", display: "none",
    width: "min(420px, calc(100vw - 16px))", height: "min(640px, calc(100vh - 96px))",
    background: "#ffffff", border: "1px solid #555", borderRadius: "10px", overflow: "hidden",
    boxShadow: "0 6px 24px rgba(0,0,0,.35)", flexDirection: "column", boxSizing: "border-box"
  });
  panel.id = panelId;
  panel.className = "llr-assistant-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", title);
  panel.style[side] = "8px";

  // On a phone the open panel fills the window (the routes and the answer need the room)
  // and the launcher steps aside; the panel's close button and Escape close it.
  function fit() {
    var open = launcher.getAttribute("aria-expanded") === "true";
    var phone = window.innerWidth <= PHONE_MAX_PX;
    style(panel, phone
      ? { top: "0", bottom: "0", left: "0", right: "0", width: "100%", height: "100%", borderRadius: "0" }
      : { top: "auto", bottom: "76px", left: left ? "8px" : "auto", right: left ? "auto" : "8px",
          width: "min(420px, calc(100vw - 16px))", height: "min(640px, calc(100vh - 96px))",
          borderRadius: "10px" });
    launcher.style.display = open && phone ? "none" : "";
  }
  window.addEventListener("resize", fit);

  var bar = el("div", null, { display: "flex", alignItems: "center", justifyContent: "space-between",
    background: "#1d4ed8", color: "#fff", padding: "6px 10px", font: "600 15px " + font });
  var close = el("button", "\u00d7", { background: "transparent", color: "#fff", border: "0",
    fontSize: "24px", lineHeight: "1", cursor: "pointer", padding: "2px 8px", minWidth: "32px",
    minHeight: "32px" });
  close.type = "button";
  close.className = "llr-assistant-close";
  close.setAttribute("aria-label", "Close " + title);
  bar.appendChild(el("span", title));
  bar.appendChild(close);
  panel.appendChild(bar);

  // Focus is visible on the launcher and the close button whatever the host page's styles.
  [launcher, close].forEach(function (b) {
    b.addEventListener("focus", function () { b.style.outline = "3px solid #ffbf00"; b.style.outlineOffset = "2px"; });
    b.addEventListener("blur", function () { b.style.outline = ""; });
  });

  // -- the explanation shown instead of the chat -------------------------------------------
  function code(text) {
    return el("code", text, { font: "13px ui-monospace, Consolas, monospace", background: "#f3f4f6",
      padding: "1px 3px", borderRadius: "3px", wordBreak: "break-all" });
  }
  function para(parts) {
    var p = el("p", null, { margin: "0 0 10px" });
    parts.forEach(function (part) { p.appendChild(typeof part === "string" ? document.createTextNode(part) : part); });
    return p;
  }
  function explain(heading, paragraphs) {
    if (frame) { frame.remove(); frame = null; }
    if (notice) { notice.remove(); }
    notice = el("div", null, { padding: "12px 14px", overflowY: "auto", color: "#111",
      font: "15px/1.45 " + font, background: "#fff", flex: "1" });
    notice.className = "llr-assistant-notice";
    notice.setAttribute("role", "alert");
    notice.tabIndex = -1;
    notice.appendChild(el("h2", heading, { font: "700 17px/1.3 " + font, margin: "0 0 8px" }));
    paragraphs.forEach(function (p) { notice.appendChild(para(p)); });
    var direct = el("a", "Open the assistant in a new tab", { color: "#1d4ed8", fontWeight: "600" });
    direct.href = base;
    direct.target = "_blank";
    direct.rel = "noopener";
    notice.appendChild(para([direct]));
    var call = el("a", "999", { color: "#7a0000", fontWeight: "700" });
    call.href = "tel:999";
    notice.appendChild(para([el("strong", "In an emergency call "), call, "."]));
    panel.appendChild(notice);
    if (wantFocus || panel.contains(document.activeElement)) { wantFocus = false; notice.focus(); }
  }
  function notAllowed(origin) {
    if (!origin || origin === "null") {
      explain("The assistant cannot open on this page", [
        ["This page was opened from a file on this computer (its address starts with file://). " +
         "The assistant can only be shown on pages served by a web server."],
        ["To try it, serve the page, for example with ", code("python3 -m http.server 8000"),
         " in its folder, open ", code("http://localhost:8000/"), " and allow that address as below."],
        ["The assistant's administrator adds the address with ", code("assistant widget --origin http://localhost:8000"),
         ", which prints the setting to add."]
      ]);
      return;
    }
    explain("The assistant is not allowed on this site yet", [
      ["This site (", code(origin), ") is not on the assistant's list of sites allowed to show it, " +
       "so the browser would block it."],
      ["To allow it, the assistant's administrator runs ", code("assistant widget --origin " + origin),
       " on the assistant's server, adds the setting it prints (", code("ASSISTANT_WEB__ALLOWED_ORIGINS"),
       ") and restarts the assistant."]
    ]);
  }
  function didNotLoad() {
    explain("The assistant did not load", [
      ["It may be unreachable from this computer, need you to sign in first, or this site (",
       code(location.origin), ") may not be on its list of allowed sites."],
      ["An administrator can check the site with ", code("assistant widget --origin " + location.origin), "."]
    ]);
  }

  // -- the chat frame ----------------------------------------------------------------------
  function createFrame() {
    frame = el("iframe", null, { flex: "1", width: "100%", border: "0", background: "#fff" });
    frame.src = base + "embed?" + query;
    frame.title = title;
    frame.setAttribute("referrerpolicy", "no-referrer");
    panel.appendChild(frame);
    setTimeout(function () { if (frame && !ready) { didNotLoad(); } }, READY_WAIT_MS);
  }
  function start() {
    if (started) { return; }
    started = true;
    var url = base + "widget/status?origin=" + encodeURIComponent(location.origin);
    fetch(url, { credentials: "omit", cache: "no-store" })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (s) { if (s.allowed) { createFrame(); } else { notAllowed(s.origin || location.origin); } })
      .catch(function () { createFrame(); });  // cannot ask (sign-in, network): the frame tells
  }
  function focusInside() {
    wantFocus = false;
    if (notice) { notice.focus(); return; }
    if (!ready) { wantFocus = true; return; }
    if (frame) {
      frame.focus();
      frame.contentWindow.postMessage({ type: "llr-assistant", event: "focus" }, assistantOrigin);
    }
  }
  function setOpen(open, quiet) {
    if (open) { start(); }
    panel.style.display = open ? "flex" : "none";
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    fit();
    wantFocus = false;
    if (quiet) { return; }
    if (open) { focusInside(); } else { launcher.focus(); }
  }

  window.addEventListener("message", function (e) {
    if (!frame || e.source !== frame.contentWindow || e.origin !== assistantOrigin) { return; }
    if (!e.data || e.data.type !== "llr-assistant") { return; }
    if (e.data.event === "ready") {
      ready = true;
      if (wantFocus && launcher.getAttribute("aria-expanded") === "true") { focusInside(); }
    } else if (e.data.event === "close") {
      setOpen(false);
    }
  });
  launcher.addEventListener("click", function () {
    setOpen(launcher.getAttribute("aria-expanded") !== "true");
  });
  close.addEventListener("click", function () { setOpen(false); });
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") { setOpen(false); } });

  function mount() {
    document.body.appendChild(panel);
    document.body.appendChild(launcher);
    if (startOpen) { setOpen(true, true); }
  }
  if (document.body) { mount(); } else { document.addEventListener("DOMContentLoaded", mount); }
})();
