/* The screen in the room: follow the document's live stream; on any change, and whenever
 * the stream (re)opens after a loss, fetch the frame again so the screen shows the current
 * state. EventSource reconnects by itself; the re-fetch covers what a replay cannot (a
 * server restart, a long sleep). */
(function () {
  "use strict";
  var body = document.body;
  var screen = document.getElementById("screen");
  var status = document.getElementById("screen-status");
  var frame = body.getAttribute("data-frame");
  var since = body.getAttribute("data-since") || "0";
  var lost = false;
  var timer = null;

  function setStatus(state) {
    status.setAttribute("data-state", state);
    status.textContent = status.getAttribute("data-label-" + state) || "";
  }

  function refresh() {
    timer = null;
    fetch(frame, {credentials: "same-origin", headers: {"X-Requested-With": "fetch"}})
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        screen.innerHTML = html;
        body.setAttribute("data-refreshed", String(Date.now()));
      })
      .catch(function () { lost = true; setStatus("connecting"); });
  }

  function soon() { if (!timer) timer = setTimeout(refresh, 100); }

  if (!window.EventSource) { setInterval(refresh, 5000); return; }
  var source = new EventSource("/live/stream?topics=" +
    encodeURIComponent(body.getAttribute("data-topic")) + "&since=" + encodeURIComponent(since));
  source.onopen = function () {
    setStatus("open");
    if (lost) { lost = false; refresh(); }
  };
  source.onerror = function () { lost = true; setStatus("connecting"); };
  (body.getAttribute("data-live-kinds") || "").split(/\s+/).filter(Boolean).forEach(function (kind) {
    source.addEventListener(kind, soon);
  });
  window.addEventListener("beforeunload", function () { source.close(); });
})();
