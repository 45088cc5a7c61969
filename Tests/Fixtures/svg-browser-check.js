// Injected into a copy of a flamewalk SVG by SVGBrowserTests and run by headless chromium:
// once the SVG's own script has set itself up, click the frame named FRAME (zoom), read the
// layout, click "Reset zoom", answer the search prompt with PATTERN, and write what
// happened as JSON into a text element with the id "result", which `--dump-dom` prints.
window.addEventListener("load", function () {
  setTimeout(function () {
    var frames = Array.prototype.slice.call(document.getElementsByClassName("f"));
    var width = function (g) {
      return parseFloat(g.getElementsByTagName("rect")[0].getAttribute("width"));
    };
    var before = frames.map(width);
    var target = frames.filter(function (g) { return g.getAttribute("data-n") === FRAME; })[0];
    var out = { frames: frames.length };
    target.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    out.zoomed = {
      target: width(target),
      hidden: frames.filter(function (g) { return g.style.display === "none"; }).length,
      reset: document.getElementById("reset").getAttribute("visibility")
    };
    document.getElementById("reset").dispatchEvent(new MouseEvent("click", { bubbles: true }));
    out.restored = frames.every(function (g, i) {
      return Math.abs(width(g) - before[i]) < 1e-6 && g.style.display !== "none";
    });
    window.prompt = function () { return PATTERN; };
    document.getElementById("search").dispatchEvent(new MouseEvent("click", { bubbles: true }));
    out.matched = document.getElementById("matched").textContent;
    var result = document.createElementNS("http://www.w3.org/2000/svg", "text");
    result.setAttribute("id", "result");
    result.textContent = JSON.stringify(out);
    document.documentElement.appendChild(result);
  }, 0);
});
