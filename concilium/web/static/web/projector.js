/* The screen in the room: follow the document's live stream; on any change, and whenever
 * the stream (re)opens after a loss, fetch the frame again so the screen shows the current
 * state. EventSource reconnects by itself after an error; when the machine says it went
 * offline the stream is closed and opened anew once it is back. The re-fetch covers what
 * a replay cannot (a server restart, a long sleep, a laptop that changed networks). */
(function () {
  "use strict";
  var body = document.body;
  var screen = document.getElementById("screen");
  var status = document.getElementById("screen-status");
  var frame = body.getAttribute("data-frame");
  var topic = body.getAttribute("data-topic");
  var since = body.getAttribute("data-since") || "0";
  var kinds = (body.getAttribute("data-live-kinds") || "").split(/\s+/).filter(Boolean);
  var source = null;
  var lost = false;
  var timer = null;

  function setStatus(state) {
    status.setAttribute("data-state", state);
    status.textContent = status.getAttribute("data-label-" + state) || "";
  }

  function refresh() {
    timer = null;
    fetch(frame, {credentials: "same-origin", cache: "no-store"})
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        screen.innerHTML = html;
        body.setAttribute("data-refreshed", String(Date.now()));
      })
      .catch(function () { lost = true; setStatus("connecting"); });
  }

  function soon(e) {
    try { since = String(JSON.parse(e.data).id || since); } catch (err) { /* keep */ }
    if (!timer) timer = setTimeout(refresh, 100);
  }

  function connect() {
    source = new EventSource("/live/stream?topics=" + encodeURIComponent(topic) +
      "&since=" + encodeURIComponent(since));
    source.onopen = function () {
      setStatus("open");
      if (lost) { lost = false; refresh(); }
    };
    source.onerror = function () { lost = true; setStatus("connecting"); };
    kinds.forEach(function (kind) { source.addEventListener(kind, soon); });
  }

  if (!window.EventSource) { setInterval(refresh, 5000); return; }
  connect();
  window.addEventListener("offline", function () {
    lost = true;
    setStatus("connecting");
    if (source) source.close();
  });
  window.addEventListener("online", function () {
    if (source) source.close();
    connect();
  });
  window.addEventListener("beforeunload", function () { if (source) source.close(); });
})();
