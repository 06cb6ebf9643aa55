/* Safeguarding assistant widget: one <script> tag adds a launcher that opens the chat.
 *
 *   <script src="https://assistant.example/widget.js" data-title="Safeguarding assistant"
 *           data-position="bottom-right" data-open="false" data-area="leicester" defer></script>
 *
 * No dependencies, no cookies, nothing stored in the browser. The chat runs in an iframe
 * served by the assistant (its /embed page), so the host page's styles cannot break it.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__llrAssistantWidget) { return; }
  window.__llrAssistantWidget = true;

  var base = new URL(".", script.src).href;
  var title = script.getAttribute("data-title") || "Safeguarding assistant";
  var left = script.getAttribute("data-position") === "bottom-left";
  var startOpen = script.getAttribute("data-open") === "true";
  var area = script.getAttribute("data-area") || "";
  var query = "title=" + encodeURIComponent(title) + (area ? "&area=" + encodeURIComponent(area) : "");
  var panelId = "llr-assistant-panel";
  var frame = null;

  function style(el, rules) {
    for (var k in rules) { if (Object.prototype.hasOwnProperty.call(rules, k)) { el.style[k] = rules[k]; } }
  }
  var side = left ? "left" : "right";

  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "llr-assistant-launcher";
  launcher.textContent = title;
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", panelId);
  style(launcher, {
    position: "fixed", bottom: "16px", zIndex: "2147483000", padding: "12px 18px",
    background: "#1d4ed8", color: "#ffffff", border: "2px solid #ffffff", borderRadius: "24px",
    font: "600 16px system-ui, sans-serif", cursor: "pointer", boxShadow: "0 2px 8px rgba(0,0,0,.35)"
  });
  launcher.style[side] = "16px";

  var panel = document.createElement("div");
  panel.id = panelId;
  panel.className = "llr-assistant-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", title);
  style(panel, {
    position: "fixed", bottom: "76px", zIndex: "2147483000", display: "none",
    width: "min(420px, calc(100vw - 16px))", height: "min(640px, calc(100vh - 96px))",
    background: "#ffffff", border: "1px solid #555", borderRadius: "10px", overflow: "hidden",
    boxShadow: "0 6px 24px rgba(0,0,0,.35)", flexDirection: "column"
  });
  panel.style[side] = "8px";

  var bar = document.createElement("div");
  style(bar, { display: "flex", alignItems: "center", justifyContent: "space-between",
    background: "#1d4ed8", color: "#fff", padding: "6px 10px", font: "600 15px system-ui, sans-serif" });
  var label = document.createElement("span");
  label.textContent = title;
  var close = document.createElement("button");
  close.type = "button";
  close.textContent = "\u00d7";
  close.setAttribute("aria-label", "Close " + title);
  style(close, { background: "transparent", color: "#fff", border: "0", fontSize: "24px",
    lineHeight: "1", cursor: "pointer", padding: "0 6px" });
  bar.appendChild(label);
  bar.appendChild(close);
  panel.appendChild(bar);

  function ensureFrame() {
    if (frame) { return; }
    frame = document.createElement("iframe");
    frame.src = base + "embed?" + query;
    frame.title = title;
    frame.setAttribute("referrerpolicy", "no-referrer");
    style(frame, { flex: "1", width: "100%", border: "0", background: "#fff" });
    panel.appendChild(frame);
  }
  function setOpen(open) {
    if (open) { ensureFrame(); }
    panel.style.display = open ? "flex" : "none";
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    if (open && frame) { frame.focus(); } else { launcher.focus(); }
  }
  launcher.addEventListener("click", function () {
    setOpen(launcher.getAttribute("aria-expanded") !== "true");
  });
  close.addEventListener("click", function () { setOpen(false); });
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") { setOpen(false); } });

  function mount() {
    document.body.appendChild(panel);
    document.body.appendChild(launcher);
    if (startOpen) { ensureFrame(); panel.style.display = "flex"; launcher.setAttribute("aria-expanded", "true"); }
  }
  if (document.body) { mount(); } else { document.addEventListener("DOMContentLoaded", mount); }
})();
