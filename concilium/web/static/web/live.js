/* Live updates: one EventSource per page; a change re-fetches what shows it, and never what
 * a user is typing into.
 *
 * The page names its topics in <body data-live-topics="document:X,meeting:Y"> ("documents"
 * and "meetings" follow every document or meeting, for the lists) and the audit seq it was
 * rendered at in data-live-since. Each part that can change carries data-live-topic and
 * hx-get with hx-trigger="live-refresh"; this script triggers it (once per burst of events).
 * A part with data-live-paragraph (the room's text) fetches only the paragraph an event
 * names, with the rows that show it elsewhere (its matrix row, the consensus summary and
 * that paragraph's objections and views) as out-of-band swaps, and after a position on the
 * whole text (an event naming `whole`, the state) only the standing (data-live-standing: the
 * consensus, the row on the whole text, that state's column and each paragraph's status,
 * never a paragraph's text); a part with data-live-kinds refreshes only for events of those
 * kinds, and one with data-live-rows (the room's proposals) fetches only the rows of the
 * proposals an event names; a part refreshes whole only for an event that names nothing,
 * unless its data-live-ignore lists that kind (a change it does not show). An event that
 * names a version sets it in the forms not being filled in, as a whole refresh would have. A paragraph not in the page yet (a long text's
 * later parts come after the page) is fetched again once its part is in.
 *
 * Open forms survive every swap: a form a user opened (data-live-keep), typed into or has
 * focus in is taken out before the new content goes in and put back in the element of the
 * same id, with its text, focus and caret. A form whose place is gone stays at the top of
 * the part, under a notice. A form submitted successfully is let go.
 *
 * The page's own writes come back the same way: while the stream is open, the room-changed
 * their answers trigger does not make the live parts fetch themselves whole.
 *
 * EventSource reconnects by itself and sends Last-Event-ID, so the server replays what was
 * missed; list pages (which have no replay) refresh once on reconnecting.
 */
(function () {
  "use strict";
  var body = document.body;
  var topics = body.getAttribute("data-live-topics");
  if (!topics || !window.EventSource) return;
  var status = document.getElementById("live-status");
  var url = "/live/stream?topics=" + encodeURIComponent(topics) +
    "&since=" + encodeURIComponent(body.getAttribute("data-live-since") || "0");
  var WILDCARDS = {document: "documents", meeting: "meetings"};
  // topic -> {paragraphs: {key: true}, standing: {state: true}, proposals: {pk: true},
  //           whole: {kind: true} (the kinds of the events naming nothing), unlisted: bool
  //           (a proposal's event without its rows), kinds: {kind: true}, version: number}
  var pending = {};
  var timer = null;

  function setStatus(state) {
    if (!status) return;
    status.setAttribute("data-state", state);
    status.textContent = status.getAttribute("data-label-" + state) || state;
  }

  // --- open forms -----------------------------------------------------------------------

  function isDirty(form) {
    if (form.hasAttribute("data-live-done")) return false;
    if (form.hasAttribute("data-live-keep") || form.contains(document.activeElement)) return true;
    var fields = form.querySelectorAll("textarea, input:not([type=hidden]), select");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type === "checkbox" || f.type === "radio") {
        if (f.checked !== f.defaultChecked) return true;
      } else if (f.tagName === "SELECT") {
        for (var j = 0; j < f.options.length; j++) {
          if (f.options[j].selected !== f.options[j].defaultSelected) return true;
        }
      } else if (f.value !== f.defaultValue) {
        return true;
      }
    }
    return false;
  }

  function keptForms(target) {
    // What is kept is the whole content of the element (with an id) the form was opened
    // in: the card around it, and any other form opened beside it.
    var out = [];
    target.querySelectorAll("form").forEach(function (form) {
      if (!isDirty(form)) return;
      var holder = form.parentElement;
      while (holder && holder !== target && !holder.id) holder = holder.parentElement;
      if (!holder || holder === target) holder = form.parentElement === target ? form : form.parentElement;
      if (out.some(function (k) { return k.node === holder; })) return;
      var active = holder.contains(document.activeElement) ? document.activeElement : null;
      out.push({node: holder, id: holder.id || null,
                children: holder === form ? [form] : Array.from(holder.childNodes),
                active: active, start: active && active.selectionStart,
                end: active && active.selectionEnd});
    });
    return out;
  }

  function putBack(root, kept) {
    kept.forEach(function (k) {
      var place = k.id ? document.getElementById(k.id) : null;
      if (place && root.contains(place)) {
        place.replaceChildren.apply(place, k.children);
      } else {
        var notice = document.createElement("div");
        notice.className = "notice live-kept";
        notice.textContent = body.getAttribute("data-live-kept") || "";
        k.children.forEach(function (child) { notice.appendChild(child); });
        root.insertBefore(notice, root.firstChild);
        place = notice;
      }
      htmx.process(place);  // the swap took the handlers with the old content
      if (k.active && document.contains(k.active)) {
        k.active.focus();
        if (k.start !== null && k.active.setSelectionRange) {
          try { k.active.setSelectionRange(k.start, k.end); } catch (err) { /* not text */ }
        }
      }
    });
  }

  var keeping = null;
  body.addEventListener("htmx:beforeSwap", function (e) {
    var target = e.detail.target;
    // Only a live refresh of a part (or of one paragraph) merges around open forms; a swap
    // the user asked for inside a form's own place (cancel, an error) is theirs.
    var live = target && (target.hasAttribute("data-live-topic") ||
                          (target.matches && target.matches("article[data-key]")));
    keeping = live ? {kept: keptForms(target), id: target.id} : null;
    if (keeping && !keeping.kept.length) keeping = null;
  });
  body.addEventListener("htmx:afterSwap", function (e) {
    if (!keeping) return;
    var root = (keeping.id && document.getElementById(keeping.id)) || e.detail.target;
    var kept = keeping.kept;
    keeping = null;
    if (root) putBack(root, kept);
  });
  body.addEventListener("htmx:afterRequest", function (e) {
    var form = e.detail.elt && e.detail.elt.closest && e.detail.elt.closest("form");
    if (form && e.detail.successful && (form.getAttribute("hx-post") || "")) {
      form.setAttribute("data-live-done", "1");  // sent: the next refresh may remove it
      form.removeAttribute("data-live-keep");
    }
  });

  // --- the consensus, item by item -------------------------------------------------------
  // A paragraph's fragment brings, out of band in #consensus-delta, that paragraph's
  // objections and views: they take the place of those listed for it, in the text's order
  // (items on the whole text, which have no number, stay last).

  function numberOf(li) {
    var n = parseInt(li.getAttribute("data-paragraph"), 10);
    return isNaN(n) ? Infinity : n;
  }

  function applyConsensusDelta() {
    var delta = document.getElementById("consensus-delta");
    var which = delta && delta.getAttribute("data-paragraph");
    var number = which === "whole" ? Infinity : parseInt(which, 10);  // whole: no number
    if (!delta || isNaN(number)) return;
    delta.querySelectorAll("ul[data-into]").forEach(function (items) {
      var list = document.getElementById(items.getAttribute("data-into"));
      if (!list) return;
      var after = null;
      Array.from(list.children).forEach(function (li) {
        var n = numberOf(li);
        if (n === number) li.remove();
        else if (n > number && !after && number !== Infinity) after = li;
      });
      Array.from(items.children).forEach(function (li) { list.insertBefore(li, after); });
      list.hidden = !list.children.length;
    });
    delta.replaceChildren();
    delta.removeAttribute("data-paragraph");
  }
  body.addEventListener("htmx:oobAfterSwap", applyConsensusDelta);

  // --- the standing after a position on the whole text ------------------------------------
  // #standing-delta brings each paragraph's status (a letter each, in the text's order of
  // data-numbers) and, for each state that spoke, its column's distinct cells and which of
  // them each paragraph shows.

  function numbersOf(runs) {
    var out = [];
    (runs || "").split(",").filter(Boolean).forEach(function (run) {
      var ends = run.split("-").map(Number);
      for (var n = ends[0]; n <= (ends.length > 1 ? ends[1] : ends[0]); n++) out.push(n);
    });
    return out;
  }

  function applyStandingDelta() {
    var delta = document.getElementById("standing-delta");
    if (!delta || !delta.hasAttribute("data-numbers")) return;
    var numbers = numbersOf(delta.getAttribute("data-numbers"));
    var statuses = delta.getAttribute("data-statuses") || "";
    var words = {};
    delta.querySelectorAll("span[data-code]").forEach(function (span) {
      words[span.getAttribute("data-code")] = span;
    });
    numbers.forEach(function (n, i) {
      var article = document.getElementById("p-" + n);
      var word = words[statuses.charAt(i)];
      if (!article || !word) return;
      var status = word.getAttribute("data-status");
      if (article.classList.contains("status-" + status)) return;
      article.className = article.className.replace(/\bstatus-\S+/, "status-" + status);
      var badge = article.querySelector(".para-head > span:nth-child(2)");
      if (badge) badge.innerHTML = word.innerHTML;
    });
    delta.querySelectorAll("template[data-state]").forEach(function (column) {
      var index = parseInt(column.getAttribute("data-column"), 10);
      var cells = column.content.querySelectorAll("td");
      var codes = column.getAttribute("data-cells") || "";
      numbers.forEach(function (n, i) {
        var row = document.getElementById("m-" + n);
        var cell = cells[codes.charCodeAt(i) - 48];
        if (!row || !cell || !row.cells[index]) return;
        if (row.cells[index].innerHTML !== cell.innerHTML) {
          row.replaceChild(cell.cloneNode(true), row.cells[index]);
        }
      });
    });
    delta.replaceChildren();
    delta.removeAttribute("data-numbers");
  }
  body.addEventListener("htmx:oobAfterSwap", applyStandingDelta);

  // --- the proposals' rows -----------------------------------------------------------------

  function applyProposalsDelta() {
    var delta = document.getElementById("proposals-delta");
    var rows = delta && delta.querySelector("template");
    var table = document.querySelector("#room-proposals tbody");
    if (!rows || !table) return;
    Array.from(rows.content.querySelectorAll("tr")).reverse().forEach(function (tr) {
      var old = document.getElementById(tr.id);  // newest last, so each goes on top
      if (old) old.replaceWith(tr);
      else table.insertBefore(tr, table.firstChild);
    });
    delta.replaceChildren();
  }
  body.addEventListener("htmx:oobAfterSwap", applyProposalsDelta);

  // --- refreshing -----------------------------------------------------------------------

  function partsFor(topic) {
    var family = topic.split(":")[0];
    var names = [topic];
    if (WILDCARDS[family]) names.push(WILDCARDS[family]);
    var found = [];
    names.forEach(function (name) {
      document.querySelectorAll('[data-live-topic~="' + CSS.escape(name) + '"]').forEach(
        function (el) { if (found.indexOf(el) < 0) found.push(el); });
    });
    return found;
  }

  function wants(el, change) {
    var only = el.getAttribute("data-live-kinds");
    if (!only) return true;
    return only.split(/\s+/).some(function (kind) { return change.kinds[kind]; });
  }

  function wholeFor(el, change) {  // an event naming nothing, of a kind this part shows
    var ignore = (el.getAttribute("data-live-ignore") || "").split(/\s+/);
    return Object.keys(change.whole).some(function (kind) { return ignore.indexOf(kind) < 0; });
  }

  function articleFor(el, which) {  // which: "key=p3" or "number=4"
    var value = which.slice(which.indexOf("=") + 1);
    return which.indexOf("key=") === 0
      ? el.querySelector('article[data-key="' + CSS.escape(value) + '"]')
      : el.querySelector("#p-" + CSS.escape(value));
  }

  function refreshStanding(el, states) {
    var base = el.getAttribute("data-live-standing");
    htmx.ajax("GET", base + (base.indexOf("?") < 0 ? "?" : "&") + states.map(function (s) {
      return "state=" + encodeURIComponent(s);
    }).join("&"), {target: el, swap: "none"});
  }

  function setVersion(el, version) {
    // What a whole refresh would have done to the forms it re-rendered: those a user is
    // filling in keep the version they were opened at.
    if (el.hasAttribute("data-version")) el.setAttribute("data-version", String(version));
    el.querySelectorAll('input[name="expected_version"]').forEach(function (input) {
      var form = input.form;
      if (form && isDirty(form)) return;
      if (parseInt(input.value, 10) < version) input.value = String(version);
    });
  }

  function refreshParagraph(el, which, outOfBandOnly) {
    var base = el.getAttribute("data-live-paragraph");
    var value = which.slice(which.indexOf("=") + 1);
    htmx.ajax("GET", base + (base.indexOf("?") < 0 ? "?" : "&") +
              which.slice(0, which.indexOf("=") + 1) + encodeURIComponent(value),
              outOfBandOnly ? {target: outOfBandOnly, swap: "none"}
                            : {target: articleFor(el, which), swap: "outerHTML"});
  }

  // Paragraphs an event named while their part of the text was still on its way.
  var waiting = [];
  body.addEventListener("htmx:afterSettle", function () {
    if (!waiting.length) return;
    waiting = waiting.filter(function (w) {
      if (!document.contains(w.el)) return false;
      if (articleFor(w.el, w.key)) {
        refreshParagraph(w.el, w.key);
        return false;
      }
      return !!w.el.querySelector(".para-part");
    });
  });

  function flush() {
    timer = null;
    var changes = pending;
    pending = {};
    Object.keys(changes).forEach(function (topic) {
      var change = changes[topic];
      var keys = Object.keys(change.paragraphs);
      var states = Object.keys(change.standing);
      var parts = partsFor(topic);
      if (change.version) parts.forEach(function (el) { setVersion(el, change.version); });
      var whole = parts.some(function (el) {
        return el.hasAttribute("data-live-paragraph") && wholeFor(el, change);
      });
      var named = keys.length > 0 || states.length > 0;
      var byParagraph = !whole && named && keys.length <= 5;
      if (byParagraph) {
        // Only when every text part can fetch every changed paragraph alone (or will get
        // it with a part of the text still on its way).
        byParagraph = parts.every(function (el) {
          return !el.hasAttribute("data-live-paragraph") || keys.every(function (which) {
            return articleFor(el, which) || el.querySelector(".para-part");
          });
        });
      }
      parts.forEach(function (el) {
        if (byParagraph && el.hasAttribute("data-live-paragraph")) {
          if (states.length) refreshStanding(el, states);
          keys.forEach(function (key) {
            if (articleFor(el, key)) {
              refreshParagraph(el, key);
              return;
            }
            // Not in the page yet: what shows it elsewhere now, the paragraph once its
            // part is in (that part may have been read before this change).
            refreshParagraph(el, key, el.querySelector(".para-part"));
            waiting.push({el: el, key: key});
          });
          return;
        }
        if (byParagraph && el.hasAttribute("data-live-row")) return;  // came out of band
        if (!wants(el, change)) return;
        var pks = Object.keys(change.proposals);
        if (el.hasAttribute("data-live-rows") && pks.length && !change.unlisted && !whole &&
            el.querySelector("tbody")) {
          var base = el.getAttribute("data-live-rows");
          htmx.ajax("GET", base + (base.indexOf("?") < 0 ? "?" : "&") + pks.map(function (pk) {
            return "proposal=" + encodeURIComponent(pk);
          }).join("&"), {target: el, swap: "none"});
          return;
        }
        if (!named && !wholeFor(el, change)) return;  // only changes it does not show
        htmx.trigger(el, "live-refresh");
      });
    });
    body.setAttribute("data-live-last", String(Date.now()));
  }

  function refreshAll() {
    document.querySelectorAll("[data-live-topic]").forEach(function (el) {
      htmx.trigger(el, "live-refresh");
    });
  }

  var source = new EventSource(url);
  var opened = false;
  // The page's own write (its answer triggers room-changed) comes back as a live event,
  // which fetches only what changed: while the stream is open, the live parts do not
  // fetch themselves whole for it as well (without the stream, they do).
  body.addEventListener("htmx:beforeRequest", function (e) {
    var config = e.detail.requestConfig || {};
    var cause = config.triggeringEvent;
    var elt = e.detail.elt;
    if (cause && cause.type === "room-changed" && source.readyState === 1 && elt &&
        elt.hasAttribute("data-live-topic")) {
      e.preventDefault();
    }
  });
  source.onopen = function () {
    setStatus("open");
    if (opened && /(^|,)(documents|meetings)(,|$)/.test(topics)) refreshAll();
    opened = true;
  };
  source.onerror = function () { setStatus(source.readyState === 2 ? "closed" : "connecting"); };
  source.onmessage = function () {};
  var kinds = (body.getAttribute("data-live-kinds") || "").split(/\s+/).filter(Boolean);
  function onEvent(e) {
    var payload;
    try { payload = JSON.parse(e.data); } catch (err) { return; }
    var change = pending[payload.topic] ||
      (pending[payload.topic] = {paragraphs: {}, standing: {}, proposals: {}, whole: {},
                                 unlisted: false, kinds: {}});
    var data = payload.data || {};
    if (data.paragraph) change.paragraphs["key=" + data.paragraph] = true;
    else if (data.number) change.paragraphs["number=" + data.number] = true;
    else if (data.numbers && data.numbers.length) {
      data.numbers.forEach(function (n) { change.paragraphs["number=" + n] = true; });
    } else if (data.whole) change.standing[data.whole] = true;
    else change.whole[payload.kind] = true;
    if (data.proposals) data.proposals.forEach(function (pk) { change.proposals[pk] = true; });
    else if (/^(proposal\.|chair\.text)/.test(payload.kind)) change.unlisted = true;
    if (data.version && !(change.version >= data.version)) change.version = data.version;
    change.kinds[payload.kind] = true;
    body.setAttribute("data-live-seq", String(payload.id));
    if (!timer) timer = setTimeout(flush, 120);
  }
  kinds.forEach(function (kind) { source.addEventListener(kind, onEvent); });
  document.body.addEventListener("htmx:afterSwap", function (e) {
    if (e.detail && e.detail.target && e.detail.target.classList) {
      e.detail.target.classList.add("flash");
    }
  });
  window.addEventListener("beforeunload", function () { source.close(); });
})();
