// The script inside the report. It reads the embedded JSON (#report-data) and builds the trace
// views with DOM calls: every string from the model goes in through textContent or an attribute
// value, never through innerHTML. Selection is incremental: choosing a step changes a handful of
// attributes and rebuilds only the state tree of that one step, lazily (a container's children are
// built when it is opened), so a trace of hundreds of steps stays quick.
//
// It is plain JavaScript kept as a string (String.raw, so backslashes stay as written): no
// template literals or "${" inside, and never the text "</script" (specs/report-render.spec.ts).

export const CLIENT_SCRIPT = String.raw`
(function () {
  "use strict";

  // The copy button belongs to the header, which every report has.
  var copyButton = document.getElementById("copy-command");
  var commandEl = document.getElementById("command");
  if (copyButton && commandEl) {
    copyButton.addEventListener("click", function () {
      var text = commandEl.textContent || "";
      var done = function (ok) {
        copyButton.textContent = ok ? "Copied" : "Select and copy";
        setTimeout(function () { copyButton.textContent = "Copy"; }, 1600);
      };
      var fallback = function () {
        var range = document.createRange();
        range.selectNodeContents(commandEl);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        done(ok);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
      } else fallback();
    });
  }

  var dataEl = document.getElementById("report-data");
  if (!dataEl) return;
  var data = JSON.parse(dataEl.textContent || "{}");
  var steps = data.steps || [];
  var count = steps.length;
  var list = document.getElementById("steps");
  if (count === 0 || !list) {
    window.__report = { select: function () {}, selected: function () { return -1; } };
    return;
  }

  var anySvg = document.querySelector("svg");
  var SVG_NS = anySvg ? anySvg.namespaceURI : null;

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function sv(tag, attributes, className) {
    var e = document.createElementNS(SVG_NS, tag);
    if (attributes) for (var name in attributes) e.setAttribute(name, String(attributes[name]));
    if (className) e.setAttribute("class", className);
    return e;
  }
  function svgTitle(parent, text) {
    var t = sv("title");
    t.textContent = text;
    parent.appendChild(t);
  }

  // ---- Tagged JSON, as checker/trace/state-diff.ts reads and writes it ----
  function tagOf(v) {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return null;
    var keys = Object.keys(v);
    return keys.length === 1 && keys[0].charAt(0) === "#" ? keys[0] : null;
  }
  /** A value written compactly (showValue), stopping once past max characters. */
  function show(value, max) {
    var out = [];
    var length = 0;
    var limit = max || Infinity;
    function put(s) { out.push(s); length += s.length; }
    function walk(v) {
      if (length > limit) return;
      if (v === null || typeof v !== "object") { put(JSON.stringify(v)); return; }
      var i;
      if (Array.isArray(v)) {
        put("[");
        for (i = 0; i < v.length && length <= limit; i++) { if (i) put(", "); walk(v[i]); }
        put("]");
        return;
      }
      var tag = tagOf(v);
      if (tag === "#set" || tag === "#oset") {
        put("{");
        for (i = 0; i < v[tag].length && length <= limit; i++) { if (i) put(", "); walk(v[tag][i]); }
        put("}");
        return;
      }
      if (tag === "#map" || tag === "#omap") {
        put("{");
        for (i = 0; i < v[tag].length && length <= limit; i++) {
          if (i) put(", ");
          walk(v[tag][i][0]); put(" \u21a6 "); walk(v[tag][i][1]);
        }
        put("}");
        return;
      }
      if (tag === "#bigint") { put(String(v[tag]) + "n"); return; }
      if (tag === "#undefined") { put("undefined"); return; }
      if (tag === "#number") { put(String(v[tag])); return; }
      put("{");
      var keys = Object.keys(v);
      for (i = 0; i < keys.length && length <= limit; i++) {
        if (i) put(", ");
        put(keys[i] + ": ");
        walk(v[keys[i]]);
      }
      put("}");
    }
    walk(value);
    var text = out.join("");
    return text.length > limit ? text.slice(0, limit) + "\u2026" : text;
  }
  function kindOf(v) {
    if (v === null) return "null";
    if (typeof v === "string") return "str";
    if (typeof v === "number") return "num";
    if (typeof v === "boolean") return "bool";
    if (Array.isArray(v)) return "list";
    var tag = tagOf(v);
    if (tag === "#set" || tag === "#oset") return "set";
    if (tag === "#map" || tag === "#omap") return "map";
    if (tag === "#bigint" || tag === "#number") return "num";
    if (tag === "#undefined") return "null";
    return "record";
  }
  var CONTAINERS = { list: 1, set: 1, map: 1, record: 1 };
  /** The children of a container, each with the path diffStates gives it. */
  function childrenOf(v, kind, path) {
    var out = [];
    var i;
    if (kind === "list") {
      for (i = 0; i < v.length; i++) out.push({ key: String(i), keyKind: "index", value: v[i], path: path + "[" + i + "]" });
    } else if (kind === "record") {
      var keys = Object.keys(v);
      for (i = 0; i < keys.length; i++) {
        var k = keys[i];
        out.push({ key: k.slice(0, 2) === "##" ? k.slice(1) : k, keyKind: "field", value: v[k], path: path ? path + "." + k : k });
      }
    } else if (kind === "set") {
      var elements = v[tagOf(v)];
      for (i = 0; i < elements.length; i++)
        out.push({ key: "\u2022", keyKind: "elem", value: elements[i], path: path + "{" + i + "}", element: JSON.stringify(elements[i]) });
    } else if (kind === "map") {
      var entries = v[tagOf(v)];
      for (i = 0; i < entries.length; i++) {
        var key = entries[i][0];
        var keyText = typeof key === "string" ? JSON.stringify(key) : show(key);
        out.push({ key: show(key, 80), keyKind: "mapkey", value: entries[i][1], path: path + "[" + keyText + "]" });
      }
    }
    return out;
  }
  function sizeOf(v, kind) {
    if (kind === "list") return v.length;
    if (kind === "record") return Object.keys(v).length;
    return v[tagOf(v)].length;
  }
  function typeText(kind, size) {
    if (kind === "list") return "list \u00b7 " + size;
    if (kind === "set") return "set \u00b7 " + size;
    if (kind === "map") return "map \u00b7 " + size;
    return "{" + size + "}";
  }

  // ---- The step list ----
  var loopStart = data.loopStart;
  var items = [];
  var fragment = document.createDocumentFragment();
  for (var s = 0; s < count; s++) {
    var step = steps[s];
    var li = el("li");
    li.setAttribute("data-step", String(s));
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.id = "step-" + s;
    if (loopStart !== null && loopStart !== undefined) {
      if (s === loopStart) li.setAttribute("data-loop-start", "true");
      if (s >= loopStart) li.setAttribute("data-in-loop", "true");
    }
    li.appendChild(el("span", "num", s + 1));
    var body = el("div", "body");
    var line1 = el("div", "line1");
    line1.appendChild(el("span", "action", step.action));
    if (step.actor) line1.appendChild(el("span", "actor", step.actor));
    if (step.fault) line1.appendChild(el("span", "tag fault " + step.fault.replace(/[^a-z-]/g, ""), step.fault));
    var broken = [];
    if (step.invariants) for (var name in step.invariants) if (step.invariants[name] === false) broken.push(name);
    if (broken.length) line1.appendChild(el("span", "tag broken", "\u2717 " + broken.join(", ")));
    body.appendChild(line1);
    body.appendChild(el("div", "line2", step.detail));
    li.title = step.action + (step.actor ? "  [" + step.actor + "]" : "") + "\n" + step.detail;
    li.appendChild(body);
    fragment.appendChild(li);
    items.push(li);
  }
  list.appendChild(fragment);

  // ---- The space-time diagram ----
  var L = data.spacetime;
  var diagram = document.getElementById("spacetime");
  var eventsAt = [];
  var arrowsAt = [];
  var eventList = [];
  var highlight = null;
  if (L && diagram) drawSpacetime(L, diagram);
  // The sticky lane names above the diagram sit at the lanes' x (set through CSSOM, which the
  // page's Content-Security-Policy allows where a style attribute would be refused).
  var laneHead = document.querySelector(".diagram-head");
  if (L && laneHead) {
    laneHead.style.width = L.width + "px";
    laneHead.querySelectorAll("[data-lane-label]").forEach(function (label) {
      label.style.left = Number(label.getAttribute("data-x")) + "px";
    });
  }

  function drawSpacetime(L, svg) {
    var R = L.rowHeight;
    svg.setAttribute("width", L.width);
    svg.setAttribute("height", L.height);
    svg.setAttribute("viewBox", "0 0 " + L.width + " " + L.height);
    var defs = sv("defs");
    ["", "active", "copy", "forged"].forEach(function (variant) {
      var marker = sv("marker", {
        id: "st-head" + (variant ? "-" + variant : ""), viewBox: "0 0 10 10", refX: 8.5, refY: 5,
        markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse"
      });
      marker.appendChild(sv("path", { d: "M 0 0 L 10 5 L 0 10 z" }, "head" + (variant ? " " + variant : "")));
      defs.appendChild(marker);
    });
    var hatch = sv("pattern", { id: "st-hatch", width: 8, height: 8, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
    hatch.appendChild(sv("line", { x1: 0, y1: 0, x2: 0, y2: 8 }, "hatch-line"));
    defs.appendChild(hatch);
    var loopMarker = sv("marker", { id: "st-loop-head", viewBox: "0 0 10 10", refX: 8.5, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" });
    loopMarker.appendChild(sv("path", { d: "M 0 0 L 10 5 L 0 10 z" }, "loop-head"));
    defs.appendChild(loopMarker);
    svg.appendChild(defs);

    highlight = sv("rect", { x: 0, y: 0, width: L.width, height: R }, "row-highlight");
    svg.appendChild(highlight);

    var bands = sv("g", null, "bands");
    var networkLane = L.lanes.filter(function (lane) { return lane.network; })[0];
    L.bands.forEach(function (b) {
      bands.appendChild(sv("rect", { x: 0, y: b.y1, width: L.width, height: Math.max(0, b.y2 - b.y1) }, "band " + b.kind));
      // A partition's label sits left of the network lane, whose diamonds mark the cut and the heal.
      var labelX = b.kind === "partition" && networkLane ? networkLane.x - 14 : L.width - 8;
      var label = sv("text", { x: labelX, y: b.y1 + 13, "text-anchor": "end" }, "band-label " + b.kind);
      label.textContent = b.kind === "loop" ? "\u21bb repeats forever" : "partitioned";
      bands.appendChild(label);
    });
    svg.appendChild(bands);

    var rowPath = "";
    for (var r = 1; r <= count; r++) rowPath += "M 0 " + (r * R - 0.5) + " H " + L.width + " ";
    svg.appendChild(sv("path", { d: rowPath }, "row-line"));

    var lanes = sv("g", null, "lanes");
    L.lanes.forEach(function (lane) {
      var g = sv("g", null, "lane" + (lane.network ? " network" : ""));
      g.setAttribute("data-lane", lane.name);
      g.appendChild(sv("line", { x1: lane.x, y1: R / 2, x2: lane.x, y2: L.height }, "lane-line"));
      lane.down.forEach(function (d) {
        g.appendChild(sv("line", { x1: lane.x, y1: d.y1, x2: lane.x, y2: d.y2 }, "lane-down"));
      });
      if (!lane.network) g.appendChild(sv("rect", { x: lane.x - 5, y: R / 2 - 5, width: 10, height: 10, rx: 2 }, "lane-start"));
      svgTitle(g, lane.network ? "the network (partitions and heals)" : "process " + lane.name);
      lanes.appendChild(g);
    });
    svg.appendChild(lanes);

    if (loopStart !== null && loopStart !== undefined && loopStart < count - 1) {
      var xr = L.width - 14;
      var yEnd = (count - 1) * R + R / 2;
      var yStart = loopStart * R + R / 2;
      svg.appendChild(sv("path", {
        d: "M " + (xr - 10) + " " + yEnd + " C " + (xr + 6) + " " + yEnd + ", " + (xr + 6) + " " + yStart + ", " + (xr - 10) + " " + yStart,
        "marker-end": "url(#st-loop-head)"
      }, "loop-arc"));
    }

    var arrows = sv("g", null, "arrows");
    L.arrows.forEach(function (a) {
      var g = sv("g", null, "arrow kind-" + a.kind);
      // One data-arrow per message; a redelivery on a duplicating network repeats one already drawn.
      g.setAttribute(a.counted ? "data-arrow" : "data-redelivery-arrow", "");
      if (a.kind === "initial") g.setAttribute("data-initial", "true");
      g.setAttribute("data-send-step", String(a.sendStep));
      if (a.receiveStep !== null) g.setAttribute("data-receive-step", String(a.receiveStep));
      if (a.pending) g.setAttribute("data-pending", "true");
      if (a.dropStep !== null && a.receiveStep === null) {
        g.setAttribute("data-dropped", "true");
        g.setAttribute("data-drop-step", String(a.dropStep));
      }
      if (a.kind === "copy") g.setAttribute("data-copy", "true");
      if (a.kind === "forged") g.setAttribute("data-forged", "true");
      g.setAttribute("data-from", a.from);
      g.setAttribute("data-to", a.to);
      g.appendChild(sv("path", { d: a.d }, "hit"));
      var shaft = sv("path", { d: a.d }, "shaft");
      var head = a.kind === "copy" ? "st-head-copy" : a.kind === "forged" ? "st-head-forged" : "st-head";
      if (a.end === "arrow") shaft.setAttribute("marker-end", "url(#" + head + ")");
      g.appendChild(shaft);
      var label = sv("text", { x: a.labelX, y: a.labelY - 6, "text-anchor": "middle" }, "msg-label");
      label.textContent = a.message.length > 28 ? a.message.slice(0, 27) + "\u2026" : a.message;
      g.appendChild(label);
      var fate = a.receiveStep !== null ? "received at step " + (a.receiveStep + 1)
        : a.dropStep !== null ? "lost at step " + (a.dropStep + 1) : "never received in this trace";
      var origin = a.kind === "initial" ? "in flight from the start" : a.kind === "copy" ? "a copy made at step " + (a.sendStep + 1)
        : a.kind === "redelivery" ? "delivered again (sent at step " + (a.sendStep + 1) + ")" : "sent at step " + (a.sendStep + 1);
      svgTitle(g, a.message + "\n" + a.from + " \u2192 " + a.to + ": " + origin + ", " + fate);
      arrows.appendChild(g);
      g.__shaft = shaft;
      g.__head = a.end === "arrow" ? head : null;
      g.__target = a.receiveStep !== null ? a.receiveStep : a.dropStep !== null ? a.dropStep : a.sendStep;
      [a.sendStep, a.receiveStep, a.dropStep].forEach(function (at) {
        if (at === null || at === undefined) return;
        (arrowsAt[at] = arrowsAt[at] || []).push(g);
      });
    });
    svg.appendChild(arrows);

    var events = sv("g", null, "events");
    L.events.forEach(function (e) {
      var g = sv("g", null, "event kind-" + e.kind);
      g.setAttribute("data-event", String(e.step));
      g.setAttribute("data-process", e.lane);
      if (e.fault) g.setAttribute("data-fault", e.fault);
      g.appendChild(sv("circle", { cx: e.x, cy: e.y, r: 11 }, "halo"));
      drawMark(g, e);
      var clock = sv("text", { x: e.x + 13, y: e.y + 4 }, "clock");
      clock.setAttribute("data-clock", "");
      clock.textContent = e.clockText;
      g.appendChild(clock);
      svgTitle(g, e.title + "\nvector clock " + e.clockText + (e.clock ? " (" + L.processes.join(", ") + ")" : ""));
      events.appendChild(g);
      // Drops, duplicates and partitions are the network's: they take no part in happens-before.
      g.__clock = e.fault === "drop" || e.fault === "duplicate" || e.fault === "partition" ? null : e.clock;
      eventsAt[e.step] = g;
      eventList.push(g);
    });
    svg.appendChild(events);

    svg.addEventListener("click", function (ev) {
      var target = ev.target;
      var event = target.closest && target.closest("[data-event]");
      if (event) { select(Number(event.getAttribute("data-event"))); return; }
      var arrow = target.closest && target.closest(".arrow");
      if (arrow) select(arrow.__target);
    });
  }

  function drawMark(g, e) {
    var x = e.x, y = e.y;
    switch (e.fault) {
      case "crash":
        g.appendChild(sv("circle", { cx: x, cy: y, r: 8 }, "dot"));
        g.appendChild(sv("path", { d: "M " + (x - 4.5) + " " + (y - 4.5) + " L " + (x + 4.5) + " " + (y + 4.5) + " M " + (x - 4.5) + " " + (y + 4.5) + " L " + (x + 4.5) + " " + (y - 4.5) }, "mark"));
        return;
      case "duplicate":
        g.appendChild(sv("circle", { cx: x, cy: y, r: 8 }, "dot"));
        g.appendChild(sv("circle", { cx: x, cy: y, r: 3.5 }, "mark"));
        return;
      case "partition":
        g.appendChild(sv("path", { d: "M " + x + " " + (y - 9) + " L " + (x + 9) + " " + y + " L " + x + " " + (y + 9) + " L " + (x - 9) + " " + y + " z" }, "dot"));
        return;
      case "forge":
        g.appendChild(sv("path", { d: "M " + x + " " + (y - 9) + " L " + (x + 8.5) + " " + (y + 6) + " L " + (x - 8.5) + " " + (y + 6) + " z" }, "dot"));
        return;
      default:
        g.appendChild(sv("circle", { cx: x, cy: y, r: e.fault ? 8 : 7 }, "dot"));
    }
  }

  // ---- The selected step: invariants, changes, domain view, state ----
  var numEl = document.getElementById("sel-num");
  var actionEl = document.getElementById("sel-action");
  var detailEl = document.getElementById("sel-detail");
  var invariantsEl = document.getElementById("invariants");
  var changesEl = document.getElementById("changes");
  var stateEl = document.getElementById("state");
  var domainPanel = document.getElementById("domain-panel");
  var domainTitle = document.getElementById("domain-title");
  var domainSvg = document.getElementById("domain-view");
  var positionEl = document.getElementById("position");
  var prevButton = document.getElementById("prev");
  var nextButton = document.getElementById("next");
  var violation = data.violation;
  /** Which containers the reader opened or closed, by path, kept from step to step. */
  var openState = new Map();

  function renderInspector(i) {
    var step = steps[i];
    numEl.textContent = (i + 1) + " of " + count;
    actionEl.textContent = step.action;
    detailEl.textContent = (step.actor ? step.actor + " \u00b7 " : "") + step.detail;

    invariantsEl.replaceChildren();
    var names = step.invariants ? Object.keys(step.invariants) : [];
    names.forEach(function (name) {
      var holds = step.invariants[name] === true;
      var item = el("li", null, (holds ? "\u2713 " : "\u2717 ") + name);
      item.setAttribute("data-invariant", name);
      item.setAttribute("data-holds", holds ? "true" : "false");
      if (!holds && violation && violation.name === name) item.title = "the violated invariant";
      invariantsEl.appendChild(item);
    });
    if (names.length === 0) invariantsEl.appendChild(el("li", "none", step.invariants ? "the model declares no invariants" : "not recorded for this step"));
    if (violation && violation.kind === "liveness") {
      var live = el("li", null, "\u21bb " + violation.name + " (liveness): fails along this lasso");
      live.className = "liveness-note";
      live.setAttribute("data-liveness", violation.name);
      invariantsEl.appendChild(live);
    }

    changesEl.replaceChildren();
    if (i === 0) changesEl.appendChild(el("li", "none", "the initial state"));
    else if (step.changes.length === 0) changesEl.appendChild(el("li", "none", "nothing changed"));
    step.changes.forEach(function (c) { changesEl.appendChild(el("li", c.kind, c.text)); });
    if (step.moreChanges > 0) changesEl.appendChild(el("li", "none", "and " + step.moreChanges + " more changes: see the state below"));

    if (domainPanel) {
      domainPanel.hidden = !step.view;
      if (step.view) drawDomainView(step.view);
    }
    renderState(step, i);
  }

  var SAFE_COLOUR = /^(?:[a-z]+|#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8}))$/;
  function colour(c, fallback) { return typeof c === "string" && SAFE_COLOUR.test(c) ? c : fallback; }
  function n(v) { return typeof v === "number" && isFinite(v) ? v : 0; }

  function drawDomainView(view) {
    domainTitle.textContent = view.title;
    domainSvg.replaceChildren();
    domainSvg.setAttribute("viewBox", "0 0 " + n(view.width) + " " + n(view.height));
    domainSvg.setAttribute("width", n(view.width));
    domainSvg.setAttribute("height", n(view.height));
    // Fill the panel, but never blow a small picture up past one and a half times its size.
    domainSvg.style.maxWidth = n(view.width) * 1.5 + "px";
    var defs = sv("defs");
    var markers = new Map();
    var markerFor = function (stroke) {
      if (!markers.has(stroke)) {
        var id = "dv-head-" + markers.size;
        var m = sv("marker", { id: id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
        m.appendChild(sv("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: stroke }));
        defs.appendChild(m);
        markers.set(stroke, id);
      }
      return "url(#" + markers.get(stroke) + ")";
    };
    domainSvg.appendChild(defs);
    (view.shapes || []).forEach(function (shape) {
      var g = sv("g");
      if (shape.kind === "rect" || shape.kind === "circle") {
        var node = shape.kind === "rect"
          ? sv("rect", { x: n(shape.x), y: n(shape.y), width: n(shape.width), height: n(shape.height), rx: 4 })
          : sv("circle", { cx: n(shape.cx), cy: n(shape.cy), r: n(shape.r) });
        node.setAttribute("fill", colour(shape.fill, "none"));
        node.setAttribute("stroke", colour(shape.stroke, "currentColor"));
        g.appendChild(node);
        if (shape.label !== undefined) {
          var cx = shape.kind === "rect" ? n(shape.x) + n(shape.width) / 2 : n(shape.cx);
          var cy = shape.kind === "rect" ? n(shape.y) + n(shape.height) / 2 : n(shape.cy);
          var label = sv("text", { x: cx, y: cy, "text-anchor": "middle", "dominant-baseline": "central", "font-size": 12, fill: "currentColor" });
          label.textContent = shape.label;
          g.appendChild(label);
        }
        if (shape.title !== undefined) svgTitle(g, shape.title);
      } else if (shape.kind === "line") {
        var stroke = colour(shape.stroke, "currentColor");
        var line = sv("line", { x1: n(shape.x1), y1: n(shape.y1), x2: n(shape.x2), y2: n(shape.y2), stroke: stroke, "stroke-width": 1.5 });
        if (shape.dashed) line.setAttribute("stroke-dasharray", "5 4");
        if (shape.arrow) line.setAttribute("marker-end", markerFor(stroke));
        g.appendChild(line);
      } else if (shape.kind === "text") {
        var text = sv("text", { x: n(shape.x), y: n(shape.y), "font-size": n(shape.size) || 12, fill: colour(shape.fill, "currentColor") });
        text.setAttribute("text-anchor", shape.anchor === "middle" || shape.anchor === "end" ? shape.anchor : "start");
        text.textContent = String(shape.text);
        g.appendChild(text);
      }
      domainSvg.appendChild(g);
    });
  }

  function renderState(step, i) {
    var marks = { at: new Map(), elements: new Map(), paths: [] };
    step.changes.forEach(function (c) {
      marks.paths.push(c.path);
      if (c.kind === "set-added") {
        if (!marks.elements.has(c.path)) marks.elements.set(c.path, new Set());
        marks.elements.get(c.path).add(c.element);
      } else if (c.kind === "changed" || c.kind === "added") marks.at.set(c.path, c);
    });
    var tree = el("div", "tree");
    var kind = kindOf(step.state);
    if (CONTAINERS[kind]) appendChildren(tree, step.state, kind, "", 0, marks);
    else tree.appendChild(leaf({ key: "state", keyKind: "field", value: step.state, path: "" }, marks));
    stateEl.replaceChildren(tree);
  }

  function touches(path, marks) {
    for (var k = 0; k < marks.paths.length; k++) {
      var p = marks.paths[k];
      if (path === "" || p === path || p.indexOf(path + ".") === 0 || p.indexOf(path + "[") === 0) return true;
    }
    return false;
  }

  var PAGE = 200;
  function appendChildren(parent, value, kind, path, depth, marks) {
    var kids = childrenOf(value, kind, path);
    var shown = 0;
    var more = function () {
      var frag = document.createDocumentFragment();
      var end = Math.min(kids.length, shown + PAGE);
      for (; shown < end; shown++) frag.appendChild(node(kids[shown], depth, marks, path));
      parent.appendChild(frag);
      if (shown < kids.length) {
        var button = el("button", "button more", "show " + Math.min(PAGE, kids.length - shown) + " more of " + (kids.length - shown));
        button.type = "button";
        button.addEventListener("click", function () { button.remove(); more(); });
        parent.appendChild(button);
      }
    };
    more();
  }

  function node(child, depth, marks, parentPath) {
    var kind = kindOf(child.value);
    var elementAdded = child.element !== undefined && marks.elements.has(parentPath) && marks.elements.get(parentPath).has(child.element);
    // Scalars, and empty containers, which have nothing to open.
    if (!CONTAINERS[kind] || sizeOf(child.value, kind) === 0) {
      var row = leaf(child, marks);
      if (elementAdded) row.classList.add("changed");
      return row;
    }
    var details = el("details", "node " + kind);
    details.setAttribute("data-path", child.path);
    var summary = el("summary");
    summary.appendChild(keyEl(child));
    var size = sizeOf(child.value, kind);
    summary.appendChild(el("span", "type", typeText(kind, size)));
    summary.appendChild(el("span", "preview", show(child.value, 90)));
    details.appendChild(summary);
    if (marks.at.has(child.path) || elementAdded) details.classList.add("changed");
    else if (child.element === undefined && touches(child.path, marks)) details.classList.add("has-change");
    var kids = el("div", "kids");
    details.appendChild(kids);
    var filled = false;
    var fill = function () {
      if (filled) return;
      filled = true;
      appendChildren(kids, child.value, kind, child.path, depth + 1, marks);
    };
    var remembered = openState.get(child.path);
    var open = remembered !== undefined ? remembered
      : (child.element === undefined && touches(child.path, marks) && !marks.at.has(child.path)) ||
        (depth === 0 && size <= 16) || (depth === 1 && size <= 6);
    if (open) { fill(); details.open = true; }
    details.addEventListener("toggle", function () {
      openState.set(child.path, details.open);
      if (details.open) fill();
    });
    return details;
  }

  function keyEl(child) {
    return el("span", "key" + (child.keyKind === "elem" ? " elem" : child.keyKind === "mapkey" ? " mapkey" : ""), child.key);
  }

  function leaf(child, marks) {
    var row = el("div", "leaf");
    row.setAttribute("data-path", child.path);
    row.appendChild(keyEl(child));
    row.appendChild(el("span", kindOf(child.value), show(child.value)));
    var change = marks.at.get(child.path);
    if (change) {
      row.classList.add("changed");
      if (change.before !== undefined) row.appendChild(el("span", "was", "was " + change.before));
    }
    return row;
  }

  // ---- Selection, linked across the views ----
  var current = -1;
  var clocksOn = false;

  function select(i, options) {
    i = Math.trunc(Number(i));
    if (!isFinite(i)) return;
    i = Math.max(0, Math.min(count - 1, i));
    if (i !== current) {
      if (current >= 0) {
        items[current].setAttribute("aria-selected", "false");
        if (eventsAt[current]) eventsAt[current].classList.remove("selected");
        (arrowsAt[current] || []).forEach(function (g) { setActive(g, false); });
      }
      items[i].setAttribute("aria-selected", "true");
      list.setAttribute("aria-activedescendant", items[i].id);
      if (eventsAt[i]) eventsAt[i].classList.add("selected");
      (arrowsAt[i] || []).forEach(function (g) { setActive(g, true); });
      if (highlight) highlight.setAttribute("y", String(i * L.rowHeight));
      current = i;
      positionEl.textContent = "Step " + (i + 1) + " of " + count;
      prevButton.disabled = i === 0;
      nextButton.disabled = i === count - 1;
      renderInspector(i);
      if (clocksOn) markCausality();
    }
    if (options && options.scroll) items[i].scrollIntoView({ block: "nearest" });
  }

  function setActive(g, on) {
    g.classList.toggle("active", on);
    if (g.__head) g.__shaft.setAttribute("marker-end", "url(#" + (on ? "st-head-active" : g.__head) + ")");
  }

  /** With clocks shown: the selected event's causal past and future, by comparing vector clocks. */
  function markCausality() {
    var selected = eventsAt[current];
    var mine = selected ? selected.__clock : null;
    eventList.forEach(function (g) {
      var c = g.__clock;
      var past = false, future = false;
      if (mine && c && g !== selected) {
        past = before(c, mine);
        future = before(mine, c);
      }
      g.classList.toggle("past", past);
      g.classList.toggle("future", future);
      g.classList.toggle("concurrent", !!mine && !!c && g !== selected && !past && !future);
    });
  }
  function before(a, b) {
    var strictly = false;
    for (var k = 0; k < a.length; k++) {
      if (a[k] > b[k]) return false;
      if (a[k] < b[k]) strictly = true;
    }
    return strictly;
  }

  var clocksToggle = document.getElementById("show-clocks");
  if (clocksToggle && diagram) {
    var applyClocks = function () {
      clocksOn = clocksToggle.checked;
      diagram.classList.toggle("clocks-on", clocksOn);
      document.body.classList.toggle("clocks-on", clocksOn);
      if (clocksOn) markCausality();
      else eventList.forEach(function (g) { g.classList.remove("past", "future", "concurrent"); });
    };
    clocksToggle.addEventListener("change", applyClocks);
    applyClocks();
  }

  list.addEventListener("click", function (ev) {
    var item = ev.target.closest && ev.target.closest("[data-step]");
    if (item && list.contains(item)) select(Number(item.getAttribute("data-step")));
  });
  prevButton.addEventListener("click", function () { select(current - 1, { scroll: true }); });
  nextButton.addEventListener("click", function () { select(current + 1, { scroll: true }); });
  document.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) && t.type !== "checkbox") return;
    var to = null;
    if (ev.key === "ArrowRight" || ev.key === "j") to = current + 1;
    else if (ev.key === "ArrowLeft" || ev.key === "k") to = current - 1;
    else if (ev.key === "Home") to = 0;
    else if (ev.key === "End") to = count - 1;
    if (to === null) return;
    ev.preventDefault();
    select(to, { scroll: true });
  });

  window.__report = {
    select: function (i) { select(i, { scroll: true }); },
    selected: function () { return current; }
  };
  select(count - 1);
})();
`;
