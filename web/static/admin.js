// Newsletter admin: follows a running job's progress and checks a file's size before it is
// sent. The page works without this script (reload it to see progress).
(function () {
  "use strict";
  var body = document.body;
  var poll = Number(body.getAttribute("data-poll-ms")) || 1000;
  var statusUrl = body.getAttribute("data-status-url");

  // After a change, the page reloads at its result: move focus there, or to the problems.
  var summary = document.querySelector(".error-summary");
  var target = summary || (location.hash && document.getElementById(location.hash.slice(1)));
  if (target) {
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-max-bytes]"), function (form) {
    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[type=file]");
      var max = Number(form.getAttribute("data-max-bytes"));
      if (!input || !input.files || !input.files.length || input.files[0].size <= max) return;
      event.preventDefault();
      var note = form.querySelector(".size-error");
      if (!note) {
        note = document.createElement("p");
        note.className = "field-error size-error";
        note.setAttribute("role", "alert");
        input.parentNode.insertBefore(note, input);
      }
      note.textContent = "This file is " + (input.files[0].size / 1048576).toFixed(1) +
        " MB; the limit is " + Math.round(max / 1048576) + " MB.";
      input.focus();
    });
  });

  var running = document.querySelectorAll('section.job[data-state="running"]');
  if (!running.length || !statusUrl) return;

  function show(section, job) {
    var phase = section.querySelector(".job-phase");
    var bar = section.querySelector("progress");
    var percent = section.querySelector(".percent");
    // Only the phase is announced; the percentage lives in the progress bar.
    if (phase && phase.textContent !== job.phase) phase.textContent = job.phase;
    if (percent) percent.textContent = job.percent === null ? "" : job.percent + "%";
    if (bar && job.percent === null) bar.removeAttribute("value");
    else if (bar) bar.value = job.percent;
  }

  function tick() {
    fetch(statusUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (data) {
        var ended = null;
        Array.prototype.forEach.call(running, function (section) {
          var kind = section.getAttribute("data-job");
          var job = data[kind];
          if (job && job.state === "running") show(section, job);
          else ended = ended || kind;
        });
        // A new query string makes this a real reload, landing on the finished job's result.
        if (ended) location.replace(location.pathname + "?done=" + ended + "#" + ended + "-h");
        else setTimeout(tick, poll);
      })
      .catch(function () { setTimeout(tick, poll * 3); });
  }
  setTimeout(tick, poll);
})();
