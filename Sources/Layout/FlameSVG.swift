import Explorer
import Foundation
import ProfileModel
import Screen

/// A self-contained, interactive flame graph as SVG — like flamegraph.pl's: hover a frame for
/// its name, place and time; click to zoom into it (its ancestors stay above, dimmed), click
/// "Reset zoom" to go back; "Search" highlights the frames whose name matches a regular
/// expression and says what share of the run they cover. Frames are laid out by
/// `FlameLayout` (as in the terminal) and coloured as the theme colours them.
public enum FlameSVG {
  static let width = 1200
  static let rowHeight = 17
  static let top = 40

  /// The SVG of `tree` below `root` (grown here as deep as 1/`width` of the root's time).
  public static func render(
    _ tree: inout CallTree, root: Int, theme: Theme, title: String, unit: WeightUnit,
    paint: ((_ node: Int) -> (fill: String, note: String))? = nil
  ) -> String {
    tree.expandAll(below: root, limit: 400_000)
    let spans = FlameLayout.spans(tree, root: root, width: width, rows: 1000)
    let rows = (spans.map(\.row).max() ?? 0) + 1
    let height = top + rows * rowHeight + 20
    let total = tree.total[root]
    let format = TimeFormat(largest: total, unit: unit)
    var out = """
      <?xml version="1.0" encoding="UTF-8" standalone="no"?>
      <svg version="1.1" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" \
      xmlns="http://www.w3.org/2000/svg" onload="init(evt)">
      <style>
      text { font-family: monospace; font-size: 12px; }
      .f:hover rect { stroke: black; stroke-width: 0.5; cursor: pointer; }
      #details { font-size: 12px; }
      .button { cursor: pointer; fill: #3060c0; }
      </style>
      <rect x="0" y="0" width="\(width)" height="\(height)" fill="\(background(theme))"/>
      <text x="\(width / 2)" y="16" text-anchor="middle" style="font-size: 15px">\(escape(title))</text>
      <text id="reset" class="button" x="10" y="32" visibility="hidden">Reset zoom</text>
      <text id="search" class="button" x="\(width - 110)" y="32">Search</text>
      <text id="matched" x="\(width - 300)" y="32"></text>
      <text id="details" x="10" y="\(height - 6)"> </text>
      <g id="frames">

      """
    for span in spans {
      let y = top + span.row * rowHeight
      if span.isMerged {
        out +=
          "<rect x=\"\(span.x0)\" y=\"\(y)\" width=\"\(span.width)\" height=\"\(rowHeight - 1)\" "
          + "fill=\"\(hex(theme.style(.pruned).background, fallback: "#c0c0c0"))\"/>\n"
        continue
      }
      let node = span.node
      let style = theme.frameStyle(node, in: tree)
      let label = NodeText.label(node, in: tree)
      let location = tree.name(node)?.location ?? ""
      let share = total > 0 ? tree.total[node] / total * 100 : 0
      let painted = paint?(node)
      let info =
        label + (location.isEmpty ? "" : " (\(location))") + " — "
        + format.format(tree.total[node]) + String(format: ", %.2f%%", share)
        + (painted.map { "; " + $0.note } ?? "")
      let fill =
        painted?.fill
        ?? hex(style.reverse ? style.foreground : style.background, fallback: "#e0a060")
      let ink =
        painted == nil
        ? hex(style.reverse ? style.background : style.foreground, fallback: "#000000")
        : "#000000"
      out += "<g class=\"f\" data-x0=\"\(span.x0)\" data-x1=\"\(span.x1)\" data-row=\"\(span.row)\""
      out += " data-t=\"\(tree.total[node])\" data-n=\"\(escape(label))\">"
      out += "<title>\(escape(info))</title>"
      out += "<rect x=\"\(span.x0)\" y=\"\(y)\" width=\"\(span.width)\" height=\"\(rowHeight - 1)\""
      out += " fill=\"\(fill)\" rx=\"1\"/>"
      out +=
        "<text x=\"\(span.x0 + 3)\" y=\"\(y + 12)\" fill=\"\(ink)\">\(escape(fit(label, span.width)))</text>"
      out += "</g>\n"
    }
    out += "</g>\n<script type=\"text/ecmascript\"><![CDATA[\n"
    out += "var W = \(width), TOTAL = \(total), UNIT = \"\(escape(unit.rawValue))\";\n"
    out += script
    out += "]]></script>\n</svg>\n"
    return out
  }

  /// The colour of a change of `share` of the base run, as `#rrggbb` (`ChangeColor`).
  public static func changeColor(_ share: Double, colorblind: Bool) -> String {
    let c = ChangeColor.rgb(share, colorblind: colorblind)
    return String(format: "#%02x%02x%02x", c.red, c.green, c.blue)
  }

  /// The label that fits `width` pixels (7 a character, 3 of margin), cut with `..`.
  static func fit(_ label: String, _ width: Int) -> String {
    let room = (width - 6) / 7
    if room < 3 { return "" }
    if label.count <= room { return label }
    return String(label.prefix(room - 2)) + ".."
  }

  static func background(_ theme: Theme) -> String {
    hex(theme.style(.normal).background, fallback: "#f8f8f8")
  }

  /// The RGB colour of a 256-colour palette index, as xterm draws it.
  static func hex(_ color: ThemeColor, fallback: String) -> String {
    guard case .indexed(let index) = color else { return fallback }
    let basic = [
      (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
      (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
      (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
    let rgb: (Int, Int, Int)
    switch index {
    case 0..<16: rgb = basic[Int(index)]
    case 16..<232:
      let steps = [0, 95, 135, 175, 215, 255]
      let i = Int(index) - 16
      rgb = (steps[i / 36], steps[(i / 6) % 6], steps[i % 6])
    default:
      let grey = 8 + 10 * (Int(index) - 232)
      rgb = (grey, grey, grey)
    }
    return String(format: "#%02x%02x%02x", rgb.0, rgb.1, rgb.2)
  }

  /// Text made safe for XML: markup characters as entities, control characters and the
  /// invisible format characters as visible escapes (as the terminal shows them).
  static func escape(_ text: String) -> String {
    var out = ""
    for scalar in TerminalText.escaped(text).unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Zoom, reset, search and details, in the SVG's own script.
  static let script = """
    var frames, details, reset, matched, zoomed = null;
    function init(evt) {
      frames = Array.prototype.slice.call(document.getElementsByClassName("f"));
      details = document.getElementById("details");
      reset = document.getElementById("reset");
      matched = document.getElementById("matched");
      frames.forEach(function (g) {
        g.addEventListener("click", function () { zoom(g); });
        g.addEventListener("mouseover", function () {
          details.textContent = g.getElementsByTagName("title")[0].textContent;
        });
      });
      reset.addEventListener("click", function () { zoom(null); });
      document.getElementById("search").addEventListener("click", function () {
        var pattern = prompt("Search (regular expression)", "");
        if (pattern !== null) search(pattern);
      });
    }
    function num(g, key) { return parseFloat(g.getAttribute("data-" + key)); }
    function fit(label, width) {
      var room = Math.floor((width - 6) / 7);
      if (room < 3) return "";
      return label.length <= room ? label : label.substring(0, room - 2) + "..";
    }
    function place(g, x, w, dim) {
      var r = g.getElementsByTagName("rect")[0], t = g.getElementsByTagName("text")[0];
      r.setAttribute("x", x); r.setAttribute("width", Math.max(0, w));
      t.setAttribute("x", x + 3); t.textContent = fit(g.getAttribute("data-n"), w);
      g.style.opacity = dim ? 0.5 : 1;
      g.style.display = w >= 0.5 ? "" : "none";
    }
    function zoom(target) {
      zoomed = target;
      reset.setAttribute("visibility", target ? "visible" : "hidden");
      var x0 = target ? num(target, "x0") : 0, x1 = target ? num(target, "x1") : W;
      var row = target ? num(target, "row") : -1, scale = W / (x1 - x0);
      frames.forEach(function (g) {
        var a = num(g, "x0"), b = num(g, "x1"), r = num(g, "row");
        if (r < row) {
          if (a <= x0 && b >= x1) place(g, 0, W, true); else place(g, 0, 0, false);
        } else if (b <= x0 || a >= x1) {
          place(g, 0, 0, false);
        } else {
          place(g, (Math.max(a, x0) - x0) * scale, (Math.min(b, x1) - Math.max(a, x0)) * scale, false);
        }
      });
    }
    function search(pattern) {
      var re;
      try { re = new RegExp(pattern); } catch (e) { matched.textContent = "invalid pattern"; return; }
      var hits = [];
      frames.forEach(function (g) {
        var r = g.getElementsByTagName("rect")[0];
        if (!r.hasAttribute("data-fill")) r.setAttribute("data-fill", r.getAttribute("fill"));
        var hit = pattern !== "" && re.test(g.getAttribute("data-n"));
        r.setAttribute("fill", hit ? "#e040e0" : r.getAttribute("data-fill"));
        if (hit) hits.push([num(g, "x0"), num(g, "x1")]);
      });
      hits.sort(function (p, q) { return p[0] - q[0] || q[1] - p[1]; });
      var covered = 0, end = -1;
      hits.forEach(function (h) {
        if (h[1] > end) { covered += h[1] - Math.max(h[0], end); end = h[1]; }
      });
      matched.textContent = pattern === "" ? "" : "Matched: " + (covered / W * 100).toFixed(1) + "%";
    }

    """
}
