// Hovering a node in the data-flow map highlights the flows through it. No network, no libraries.
(function () {
  "use strict";
  var svg = document.getElementById("flow-map");
  if (!svg) { return; }
  var edges = Array.prototype.slice.call(svg.querySelectorAll("path.edge"));
  function focus(id) {
    var keep = {};
    keep[id] = true;
    edges.forEach(function (edge) {
      var hit = edge.getAttribute("data-from") === id || edge.getAttribute("data-to") === id;
      edge.classList.toggle("hl", hit);
      if (hit) { keep[edge.getAttribute("data-from")] = true; keep[edge.getAttribute("data-to")] = true; }
    });
    svg.querySelectorAll("g.node").forEach(function (node) {
      node.classList.toggle("hl", keep[node.getAttribute("data-node")] === true);
    });
    svg.classList.add("focus");
  }
  svg.querySelectorAll("g.node").forEach(function (node) {
    node.addEventListener("mouseenter", function () { focus(node.getAttribute("data-node")); });
    node.addEventListener("mouseleave", function () { svg.classList.remove("focus"); });
  });
})();
