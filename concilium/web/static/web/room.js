/* The room of a long text: its later paragraphs come after the page (in parts, one after
 * the other). A link to one of them (room/X#p-2500, or an in-page link followed before it
 * came) goes there, and moves the keyboard focus there, as soon as it is in the page.
 */
(function () {
  "use strict";
  var body = document.body;
  var wanted = null;

  function look() {
    if (!wanted) return;
    var el = document.getElementById(wanted);
    if (!el) return;
    wanted = null;
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    el.scrollIntoView();
    el.focus({preventScroll: true});
  }

  function follow() {
    var id = decodeURIComponent(location.hash.slice(1));
    wanted = id && !document.getElementById(id) ? id : null;
  }

  follow();
  window.addEventListener("hashchange", function () { follow(); look(); });
  body.addEventListener("htmx:afterSettle", look);
})();
