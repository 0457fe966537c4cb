/* mentornet diagrams: zoom and pan, so a map drawn smaller than it reads (on a phone, or a
   large network anywhere) can be read. A diagram shown below its natural size gets a small
   toolbar (zoom out, zoom in, fit); once zoomed it scrolls in its frame: drag or swipe to
   pan, pinch to zoom (pointer events), and from the keyboard + and - zoom, 0 fits, the
   arrows scroll. Without JavaScript the diagram simply fits the page, as before. */
(function () {
  var STEP = 1.5;
  var MOST = 2;       // at most twice Graphviz's natural size
  var NATURAL = 4 / 3; // CSS px per point: the size Graphviz drew it at

  function natural(svg) {
    var box = svg.viewBox && svg.viewBox.baseVal;
    return box && box.width ? box.width * NATURAL : 0;
  }

  function button(text, label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "mn-zoom-button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.title = label;
    b.addEventListener("click", action);
    return b;
  }

  function setup(frame) {
    var svg = frame.querySelector("svg.mentornet-svg");
    if (!svg || frame.hasAttribute("data-mn-zoom")) return;
    var full = natural(svg);
    var fit = svg.getBoundingClientRect().width;
    if (!fit && full && window.ResizeObserver) { // in a closed tab or box: once it is shown
      var watch = new ResizeObserver(function () {
        if (svg.getBoundingClientRect().width) { watch.disconnect(); setup(frame); }
      });
      watch.observe(frame);
      return;
    }
    if (!full || !fit || fit >= full - 1) return; // drawn at its natural size: nothing to do
    frame.setAttribute("data-mn-zoom", "1");
    var zoom = 1; // relative to the fitted size
    var original = {width: svg.style.width, maxWidth: svg.style.maxWidth}; // a large network's fixed width
    var most = Math.max(1, full * MOST / fit);

    var status = document.createElement("span");
    status.className = "mn-zoom-status";
    status.setAttribute("aria-live", "polite");
    var bar = document.createElement("div");
    bar.className = "mn-zoom-bar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Zoom the diagram");
    bar.appendChild(button("−", "Zoom out", function () { to(zoom / STEP); }));
    bar.appendChild(button("+", "Zoom in", function () { to(zoom * STEP); }));
    bar.appendChild(button("Fit", "Fit the diagram to the page", function () { to(1); }));
    bar.appendChild(status);
    frame.parentNode.insertBefore(bar, frame);
    if (!frame.hasAttribute("tabindex")) {
      frame.setAttribute("tabindex", "0");
      frame.setAttribute("role", "region");
      frame.setAttribute("aria-label", (svg.getAttribute("aria-label") || "A diagram").slice(0, 80)
        + "… (+ and - zoom, 0 fits, the arrows scroll)");
    }

    // zoom to `next`, keeping the point (x, y) of the frame (its centre by default) in place
    function to(next, x, y) {
      next = Math.min(most, Math.max(1, next));
      if (Math.abs(next - zoom) < 1e-3) return;
      var rect = frame.getBoundingClientRect();
      x = x === undefined ? frame.clientWidth / 2 : x - rect.left;
      y = y === undefined ? frame.clientHeight / 2 : y - rect.top;
      var fx = (frame.scrollLeft + x) / zoom, fy = (frame.scrollTop + y) / zoom;
      zoom = next;
      if (zoom === 1) {
        frame.classList.remove("mn-zoomed");
        svg.style.width = original.width;
        svg.style.maxWidth = original.maxWidth;
      } else {
        frame.classList.add("mn-zoomed");
        svg.style.width = (fit * zoom).toFixed(1) + "px";
        svg.style.maxWidth = "none";
      }
      frame.scrollLeft = fx * zoom - x;
      frame.scrollTop = fy * zoom - y;
      say();
    }
    function say() {
      status.textContent = zoom > 1 ? Math.round(zoom * fit / full * 100) + "%"
        : (fit / full < 0.7 ? "Zoom in to read the names" : "");
    }
    say();

    frame.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "+" || event.key === "=") to(zoom * STEP);
      else if (event.key === "-" || event.key === "_") to(zoom / STEP);
      else if (event.key === "0") to(1);
      else return;
      event.preventDefault();
    });

    // pointers: two touching fingers pinch; a mouse drags the zoomed diagram about
    var pointers = {};
    var pinch = null, drag = null, dragged = false;
    function spread() {
      var p = Object.keys(pointers).map(function (id) { return pointers[id]; });
      return {d: Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y), x: (p[0].x + p[1].x) / 2, y: (p[0].y + p[1].y) / 2};
    }
    frame.addEventListener("pointerdown", function (event) {
      pointers[event.pointerId] = {x: event.clientX, y: event.clientY};
      var count = Object.keys(pointers).length;
      if (count === 2) {
        pinch = {zoom: zoom, d: spread().d};
        drag = null;
      } else if (count === 1 && event.pointerType === "mouse" && event.button === 0 && zoom > 1) {
        drag = {x: event.clientX, y: event.clientY, left: frame.scrollLeft, top: frame.scrollTop};
        dragged = false;
      }
    });
    frame.addEventListener("pointermove", function (event) {
      if (!(event.pointerId in pointers)) return;
      pointers[event.pointerId] = {x: event.clientX, y: event.clientY};
      if (pinch && Object.keys(pointers).length === 2) {
        var now = spread();
        if (pinch.d > 0) to(pinch.zoom * now.d / pinch.d, now.x, now.y);
        event.preventDefault();
      } else if (drag) {
        var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
        if (!dragged && Math.hypot(dx, dy) < 5) return;
        dragged = true;
        frame.classList.add("mn-dragging");
        frame.scrollLeft = drag.left - dx;
        frame.scrollTop = drag.top - dy;
      }
    });
    function up(event) {
      delete pointers[event.pointerId];
      if (Object.keys(pointers).length < 2) pinch = null;
      drag = null;
      frame.classList.remove("mn-dragging");
    }
    frame.addEventListener("pointerup", up);
    frame.addEventListener("pointercancel", up);
    // a drag that ends over a person is not a click on them
    frame.addEventListener("click", function (event) {
      if (dragged) { event.preventDefault(); event.stopPropagation(); dragged = false; }
    }, true);
    window.addEventListener("resize", function () {
      if (zoom === 1) fit = svg.getBoundingClientRect().width || fit;
    });
  }

  function setupAll() {
    document.querySelectorAll(".mentornet-diagram").forEach(setup);
  }
  // Material's instant navigation replaces the page; a password-protected page
  // (mkdocs-encryptcontent-plugin) shows its diagrams only once decrypted.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { setTimeout(setupAll, 0); });
  } else {
    window.addEventListener("load", setupAll);
  }
  window.addEventListener("encryptcontent_event", function () { setTimeout(setupAll, 0); });
})();
