/* Live updates: one EventSource per page; a change re-fetches the fragments that show it.
 *
 * The page names its topics in <body data-live-topics="document:X,meeting:Y"> and the audit
 * seq it was rendered at in data-live-since. Each fragment that can change carries
 * data-live-topic and hx-get with hx-trigger="live-refresh"; this script triggers it (once per
 * burst of events) when an event on its topic arrives. EventSource reconnects by itself and
 * sends Last-Event-ID, so the server replays what was missed.
 */
(function () {
  "use strict";
  var body = document.body;
  var topics = body.getAttribute("data-live-topics");
  if (!topics || !window.EventSource) return;
  var status = document.getElementById("live-status");
  var url = "/live/stream?topics=" + encodeURIComponent(topics) +
    "&since=" + encodeURIComponent(body.getAttribute("data-live-since") || "0");
  var pending = {};
  var timer = null;

  function setStatus(state) {
    if (!status) return;
    status.setAttribute("data-state", state);
    status.textContent = status.getAttribute("data-label-" + state) || state;
  }

  function flush() {
    timer = null;
    var names = Object.keys(pending);
    pending = {};
    names.forEach(function (topic) {
      document.querySelectorAll('[data-live-topic~="' + CSS.escape(topic) + '"]').forEach(function (el) {
        if (el.contains(document.activeElement) && el.querySelector("textarea:focus, input:focus, select:focus")) {
          el.setAttribute("data-live-stale", "1");  // do not yank a form from under the user
          return;
        }
        htmx.trigger(el, "live-refresh");
      });
    });
    body.setAttribute("data-live-last", String(Date.now()));
  }

  var source = new EventSource(url);
  source.onopen = function () { setStatus("open"); };
  source.onerror = function () { setStatus(source.readyState === 2 ? "closed" : "connecting"); };
  source.onmessage = function () {};
  var kinds = (body.getAttribute("data-live-kinds") || "").split(/\s+/).filter(Boolean);
  function onEvent(e) {
    try {
      var payload = JSON.parse(e.data);
      pending[payload.topic] = true;
      body.setAttribute("data-live-seq", String(payload.id));
    } catch (err) { return; }
    if (!timer) timer = setTimeout(flush, 120);
  }
  kinds.forEach(function (kind) { source.addEventListener(kind, onEvent); });
  document.addEventListener("focusout", function (e) {
    var stale = e.target.closest && e.target.closest("[data-live-stale]");
    if (stale && !stale.contains(e.relatedTarget)) {
      stale.removeAttribute("data-live-stale");
      htmx.trigger(stale, "live-refresh");
    }
  });
  document.body.addEventListener("htmx:afterSwap", function (e) {
    if (e.detail && e.detail.target) {
      e.detail.target.classList.add("flash");
    }
  });
  window.addEventListener("beforeunload", function () { source.close(); });
})();
