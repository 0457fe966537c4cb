/* mentornet: small accessibility repairs to the theme, run on every page. */
(function () {
  function repair() {
    // Material's search is a role="dialog" without a name: screen readers announce "dialog".
    var search = document.querySelector(".md-search[role='dialog']");
    if (search && !search.getAttribute("aria-label")) search.setAttribute("aria-label", "Search");
    // On a phone, a table wider than the screen is stacked: each row a block, each cell under
    // its column's name (site.css); wider again, it is a table again.
    var narrow = window.matchMedia("(max-width: 44.9375em)").matches;
    document.querySelectorAll(".md-typeset__scrollwrap > .md-typeset__table > table").forEach(function (table) {
      var wrap = table.parentElement.parentElement;
      if (!narrow) { table.removeAttribute("data-mn-stacked"); return; }
      if (table.hasAttribute("data-mn-stacked") || wrap.scrollWidth <= wrap.clientWidth + 1) return;
      var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (names[index]) cell.setAttribute("data-mn-label", names[index]);
        });
      });
      table.setAttribute("data-mn-stacked", "");
    });
    // A table wider than the page scrolls sideways: let the keyboard reach and scroll it too.
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1 && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var heading = wrap.previousElementSibling;
        while (heading && !/^H[2-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
        wrap.setAttribute("aria-label", (heading ? heading.textContent.replace(/¶\s*$/, "").trim() + ": " : "")
          + "a table that scrolls sideways");
      }
    });
    // A network too large for the page scrolls in its frame: the map and the difference are
    // drawn around you, so they open at their centre; the keyboard can reach and scroll them.
    document.querySelectorAll(".mentornet-diagram--wide").forEach(function (frame) {
      if (frame.hasAttribute("data-mn-framed")) return;
      frame.setAttribute("data-mn-framed", "");
      if (!frame.hasAttribute("tabindex")) {
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "region");
        frame.setAttribute("aria-label", "A large diagram: scroll to see all of it");
      }
      if (/mentornet-diagram--(map|difference)\b/.test(frame.className)) {
        frame.scrollLeft = Math.max(0, (frame.scrollWidth - frame.clientWidth) / 2);
        frame.scrollTop = Math.max(0, (frame.scrollHeight - frame.clientHeight) / 2);
      }
    });
  }
  // Material wraps tables in its own script: repair once it has rendered the page.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { setTimeout(repair, 0); });
  } else {
    window.addEventListener("load", repair);
  }
  window.addEventListener("resize", function () { setTimeout(repair, 100); });
  // a password-protected page (mkdocs-encryptcontent-plugin) has its content once unlocked
  window.addEventListener("encryptcontent_event", function () { setTimeout(repair, 0); });
})();
