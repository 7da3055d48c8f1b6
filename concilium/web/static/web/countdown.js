/* Countdowns: every [data-countdown="<ISO deadline>"] shows the time left, each second. */
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var left = Math.floor((Date.parse(el.getAttribute("data-countdown")) - Date.now()) / 1000);
      if (isNaN(left)) return;
      if (left <= 0) { el.textContent = el.getAttribute("data-label-over") || ""; return; }
      var d = Math.floor(left / 86400), h = Math.floor(left % 86400 / 3600),
        m = Math.floor(left % 3600 / 60), s = left % 60;
      el.textContent = (d ? d + " d " : "") + pad(h) + ":" + pad(m) + ":" + pad(s) + " " +
        (el.getAttribute("data-label-left") || "");
    });
  }
  tick();
  setInterval(tick, 1000);
})();
