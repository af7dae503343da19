/* Hand-written, no dependencies, no requests. Citation markers show their source in place.

   A marker (<a class="footnote-ref" href="#fn:...">) normally jumps to the citation list at the
   end of the page, thousands of pixels away on a phone. With this script, hovering a marker shows
   the citation (outlet, the source's exact words, the link to them on the source's page) in a
   small box next to it; tapping, clicking or pressing Enter on it opens the same box and moves
   the keyboard focus into it. Escape, the close button or a click elsewhere closes it, and the
   focus goes back to the marker. The page does not scroll. The box is kept inside the window.

   It works under the site's Content-Security-Policy: no inline script or style; positions are
   set through the CSSOM (element.style), which a style-src policy does not govern. Without
   JavaScript the markers stay ordinary links to the citation list. CSS: .cite-pop in extra.css. */
(function () {
  "use strict";

  var box = null;      // the open box, if any
  var opener = null;   // the marker it belongs to
  var pinned = false;  // opened by a tap, click or key (stays until closed), not by hovering
  var hideTimer = 0;

  function definitionOf(marker) {
    var href = marker.getAttribute("href") || "";
    if (href.charAt(0) !== "#") return null;
    return document.getElementById(decodeURIComponent(href.slice(1)));
  }

  function build(definition) {
    var pop = document.createElement("div");
    pop.className = "cite-pop";
    pop.setAttribute("role", "dialog");
    pop.setAttribute("aria-label", "Citation");
    pop.tabIndex = -1;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "cite-pop__close";
    close.setAttribute("aria-label", "Close the citation");
    close.textContent = "\u00d7";
    close.addEventListener("click", function () { hide(true); });
    var body = document.createElement("div");
    body.className = "cite-pop__body";
    Array.prototype.forEach.call(definition.childNodes, function (node) { body.appendChild(node.cloneNode(true)); });
    Array.prototype.forEach.call(body.querySelectorAll(".footnote-backref"), function (a) { a.parentNode.removeChild(a); });
    Array.prototype.forEach.call(body.querySelectorAll("[id]"), function (el) { el.removeAttribute("id"); });
    pop.appendChild(close);
    pop.appendChild(body);
    pop.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    pop.addEventListener("mouseleave", function () { if (!pinned) later(); });
    pop.addEventListener("keydown", trapTab);
    return pop;
  }

  // The markers of one cluster ("1, 2, 3" after a claim): the box never covers one of them, so
  // each of them stays one tap away while the box is open.
  function cluster(marker) {
    var sup = marker.parentElement, out = [marker];
    for (var s = sup && sup.previousElementSibling; s && s.tagName === "SUP"; s = s.previousElementSibling) {
      if (s.querySelector("a.footnote-ref")) out.push(s.querySelector("a.footnote-ref"));
    }
    for (var t = sup && sup.nextElementSibling; t && t.tagName === "SUP"; t = t.nextElementSibling) {
      if (t.querySelector("a.footnote-ref")) out.push(t.querySelector("a.footnote-ref"));
    }
    return out;
  }

  function place(pop, marker) {
    var r = marker.getBoundingClientRect();
    var rects = cluster(marker).map(function (m) { return m.getBoundingClientRect(); });
    var below = Math.max.apply(null, rects.map(function (q) { return q.bottom; }));
    var above = Math.min.apply(null, rects.map(function (q) { return q.top; }));
    var vw = document.documentElement.clientWidth;
    var vh = window.innerHeight;
    var width = Math.min(360, vw - 16);
    pop.style.width = width + "px";
    pop.style.left = "0px";
    pop.style.top = "0px";
    var h = pop.offsetHeight;
    var left = Math.max(8, Math.min(r.left - 16, vw - width - 8));
    var top = below + 6;
    if (top + h > vh - 8 && above - h - 6 >= 8) top = above - h - 6;  // no room below: above
    else if (top + h > vh - 8) top = Math.max(8, vh - h - 8);         // no room either way: inside
    pop.style.left = Math.round(left + window.scrollX) + "px";
    pop.style.top = Math.round(top + window.scrollY) + "px";
  }

  function show(marker, pin) {
    clearTimeout(hideTimer);
    if (box && opener === marker) {
      if (pin && !pinned) { pinned = true; marker.setAttribute("aria-expanded", "true"); box.focus({ preventScroll: true }); }
      return;
    }
    hide(false);
    var definition = definitionOf(marker);
    if (!definition) return;
    box = build(definition);
    opener = marker;
    pinned = pin;
    document.body.appendChild(box);
    place(box, marker);
    marker.setAttribute("aria-expanded", pin ? "true" : "false");
    if (pin) box.focus({ preventScroll: true });
  }

  function hide(refocus) {
    clearTimeout(hideTimer);
    if (!box) return;
    var wasPinned = pinned;
    box.parentNode.removeChild(box);
    box = null;
    pinned = false;
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      if (refocus && wasPinned) opener.focus({ preventScroll: true });
    }
    opener = null;
  }

  function later() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () { if (!pinned) hide(false); }, 300);
  }

  function trapTab(event) {
    if (event.key !== "Tab" || !box) return;
    var stops = box.querySelectorAll("a[href], button");
    if (!stops.length) return;
    var first = stops[0], last = stops[stops.length - 1];
    if (event.shiftKey && (document.activeElement === first || document.activeElement === box)) {
      event.preventDefault(); last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault(); first.focus();
    }
  }

  function markerOf(target) {
    return target && target.closest ? target.closest("a.footnote-ref") : null;
  }

  document.addEventListener("click", function (event) {
    var marker = markerOf(event.target);
    if (marker && definitionOf(marker)) {
      event.preventDefault();
      if (box && opener === marker && pinned) hide(true);
      else show(marker, true);
      return;
    }
    if (box && !box.contains(event.target)) hide(false);
  });
  document.addEventListener("mouseover", function (event) {
    var marker = markerOf(event.target);
    if (marker && !pinned) show(marker, false);
  });
  document.addEventListener("mouseout", function (event) {
    var marker = markerOf(event.target);
    if (marker && marker === opener && !pinned) later();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && box) { event.preventDefault(); hide(true); }
  });
  window.addEventListener("resize", function () { if (box && opener) place(box, opener); });

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("a.footnote-ref"), function (marker) {
      marker.setAttribute("aria-haspopup", "dialog");
      marker.setAttribute("aria-expanded", "false");
      if (!marker.getAttribute("aria-label")) marker.setAttribute("aria-label", "Citation " + marker.textContent.trim());
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
}());

/* A link into a folded group (<details class="group">: a country's records, a question's
   stances) opens the group first, so the record it names is shown, and shows it. Browsers that
   reveal a fragment's <details> themselves lose nothing. */
(function () {
  "use strict";

  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var opened = false;
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) {
        node.open = true;
        opened = true;
      }
    }
    if (opened) target.scrollIntoView();
  }

  window.addEventListener("hashchange", reveal);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", reveal);
  else reveal();
})();
