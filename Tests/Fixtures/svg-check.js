// Runs the script of a flamewalk SVG against a small stand-in for the DOM (node has none):
// checks that it parses, that a click zooms (the clicked frame spans the width, frames
// outside it are hidden, ancestors span the width dimmed), that reset restores the layout
// and that search reports the share of the run its matches cover.
// Usage: node svg-check.js FILE.svg FRAME-NAME PATTERN → prints JSON.
const fs = require("fs");
const [file, frameName, pattern] = process.argv.slice(2);
const svg = fs.readFileSync(file, "utf8");
const script = svg.split("<![CDATA[")[1].split("]]>")[0];
const unescape = (s) =>
  s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
function element(attributes) {
  return {
    attributes: Object.assign({}, attributes), style: {}, listeners: {}, textContent: "",
    children: {},
    getAttribute(k) { return this.attributes[k]; },
    setAttribute(k, v) { this.attributes[k] = String(v); },
    hasAttribute(k) { return k in this.attributes; },
    addEventListener(kind, f) { this.listeners[kind] = f; },
    getElementsByTagName(tag) { return this.children[tag] || []; },
  };
}
const groups = [];
const groupPattern = /<g class="f" ([^>]*)><title>([^<]*)<\/title><rect ([^>]*)\/><text ([^>]*)>([^<]*)<\/text><\/g>/g;
const attrs = (text) => {
  const out = {};
  for (const m of text.matchAll(/([\w-]+)="([^"]*)"/g)) out[m[1]] = unescape(m[2]);
  return out;
};
for (const m of svg.matchAll(groupPattern)) {
  const g = element(attrs(m[1]));
  g.children.title = [Object.assign(element({}), { textContent: unescape(m[2]) })];
  g.children.rect = [element(attrs(m[3]))];
  g.children.text = [Object.assign(element(attrs(m[4])), { textContent: unescape(m[5]) })];
  groups.push(g);
}
const byId = { details: element({}), reset: element({}), matched: element({}), search: element({}) };
global.document = {
  getElementsByClassName: () => groups,
  getElementById: (id) => byId[id],
};
global.prompt = () => pattern;
new Function("document", "prompt", script + "\ninit({});")(global.document, global.prompt);
const frames = groups;
const width = (g) => parseFloat(g.getElementsByTagName("rect")[0].getAttribute("width"));
const target = frames.find((g) => g.getAttribute("data-n") === frameName);
target.listeners.click();
const zoomed = {
  target: width(target),
  hidden: frames.filter((g) => g.style.display === "none").length,
  dimmed: frames.filter((g) => g.style.opacity === 0.5).map((g) => g.getAttribute("data-n")),
  reset: byId.reset.getAttribute("visibility"),
};
byId.reset.listeners.click();
const restored = frames.every((g) => Math.abs(width(g) - (g.getAttribute("data-x1") - g.getAttribute("data-x0"))) < 1e-9);
byId.search.listeners.click();
console.log(JSON.stringify({ frames: frames.length, zoomed, restored, matched: byId.matched.textContent }));
