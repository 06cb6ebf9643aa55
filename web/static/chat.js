/* Run once when the chat page loads (web.chat passes this function to Blocks.load).
 *
 * - A new reply is scrolled to its start, so the routes and the answer's first lines are in
 *   the window (the page has one scroll; the conversation is not a scroll box of its own).
 * - Screen readers hear each reply once: the immediate tier through the page's alert region,
 *   the finished answer through its polite status region. The chat re-renders a reply on
 *   every streamed piece, so the chat's own log is made quiet and its per-message labels
 *   (which repeat the raw HTML) are removed.
 */
() => {
  if (window.__llrChat) { return; }
  window.__llrChat = true;
  var seen = 0;  // replies seen so far: a larger count means a new reply to scroll to
  var alerted = -1;  // index of the last reply announced as an alert
  var said = -1;  // index of the last reply whose answer was announced
  var landed = null;  // the scroll position a new reply was brought to, until the user moves

  function text(node) { return node ? node.textContent.replace(/\s+/g, " ").trim() : ""; }

  function say(id, message) {
    var region = document.getElementById(id);
    if (!region) { return; }
    region.textContent = "";
    // a short pause lets assistive technology notice the change from empty to the message
    setTimeout(function () { region.textContent = message; }, 100);
  }

  function tidy(chat) {
    chat.querySelectorAll("[role=log]").forEach(function (log) {
      if (log.getAttribute("aria-live") !== "off") { log.setAttribute("aria-live", "off"); }
    });
    chat.querySelectorAll("[data-testid=bot][aria-label], [data-testid=user][aria-label]")
      .forEach(function (node) { node.removeAttribute("aria-label"); });
  }

  function announce(replies) {
    var index = replies.length - 1;
    var last = replies[index];
    if (!last) { return; }
    var immediate = last.querySelector(".llr-immediate");
    if (immediate && alerted !== index) {
      alerted = index;
      say("llr-live-alert", text(immediate.querySelector(".llr-routes-title")) +
        " Emergency and help contacts are at the start of the reply.");
    }
    if (last.classList.contains("llr-done") && said !== index) {
      said = index;
      var parts = [];
      if (last.querySelector(".llr-concern")) {
        parts.push("Who to contact about this concern is shown first.");
      }
      parts.push(text(last.querySelector(".llr-support")));
      var answer = last.querySelector(".llr-answer-text");
      parts.push(answer ? "Answer: " + text(answer) : text(last.querySelector(".llr-notice")));
      say("llr-live", parts.filter(Boolean).join(" "));
    }
  }

  function land(reply) {
    reply.scrollIntoView({ block: "start" });
    landed = window.scrollY;
  }

  function check() {
    var chat = document.getElementById("llr-chat");
    if (!chat) { return; }
    tidy(chat);
    var replies = chat.querySelectorAll(".llr-msg");
    var last = replies[replies.length - 1];
    if (replies.length > seen) { land(last); }
    if (replies.length < seen) { alerted = -1; said = -1; }  // a new conversation
    seen = replies.length;
    // the finished reply is longer: bring its start up again unless the reader has scrolled
    if (last && last.classList.contains("llr-done") && said !== replies.length - 1 &&
        landed !== null && Math.abs(window.scrollY - landed) < 2) { land(last); }
    announce(replies);
  }

  var status = document.getElementById("llr-status");
  if (status) { status.setAttribute("role", "status"); }
  new MutationObserver(check).observe(document.body, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["aria-label", "aria-live"]
  });
  check();
}
