import Foundation
import ProfileModel

/// `flamewalk diff` as text or JSON: the totals of both runs, then the functions and the call
/// paths whose own time changed most, largest regression first. Changes are also given as a
/// percentage of the base run's total (the measure `--fail-above` uses).
public enum DiffReport {
  /// The runs as they are described in the report's head.
  public struct Run: Sendable {
    public var files: [String]
    public var origin: String

    public init(files: [String], origin: String) {
      self.files = files
      self.origin = origin
    }
  }

  /// How amounts of `diff` are written (`ChangeFormat`).
  public static func amounts(_ diff: ProfileDiff) -> ChangeFormat {
    ChangeFormat(
      baseTotal: diff.baseTotal, newTotal: diff.newTotal, unit: diff.metric.unit,
      normalized: diff.normalized)
  }

  public static func text(_ diff: ProfileDiff, base: Run, new: Run, top: Int) -> String {
    let amounts = amounts(diff)
    let value = amounts.value
    let signed = amounts.signed
    let share = amounts.share
    func pad(_ s: String, _ width: Int) -> String {
      String(repeating: " ", count: max(0, width - s.count)) + s
    }
    func name(_ f: FunctionName) -> String {
      let location = f.location
      return TerminalText.escaped(f.displayName + (location.isEmpty ? "" : "  " + location))
    }
    var out = ""
    let unitNote = diff.normalized ? " (each run scaled to 100%)" : ""
    for (label, run, total) in [("base", base, diff.baseTotal), ("new ", new, diff.newTotal)] {
      let files = run.files.map(TerminalText.escaped).joined(separator: " + ")
      let amount = value(total)
      out += "\(label)  \(files) — \(TerminalText.escaped(run.origin)) — total \(amount)\n"
    }
    out +=
      "change  \(signed(diff.totalChange)) "
      + "(\(share(diff.totalChange)) of base)\(unitNote); metric \(TerminalText.escaped(diff.metric.name))\n"

    out += "\nFunctions by change in own time (Δ% of the base run's total)\n"
    out += pad("Δ own", 12) + pad("Δ%", 9) + pad("base own", 13) + pad("new own", 13)
    out += pad("Δ cumulative", 14) + "  function\n"
    let functions = ProfileDiff.largestChanges(diff.functions, count: top)
    if functions.isEmpty { out += "  (no function's own time changed)\n" }
    for i in functions {
      let e = diff.functions[i]
      out += pad(signed(e.ownChange), 12) + pad(share(e.ownChange), 9)
      out += pad(value(e.baseOwn), 13) + pad(value(e.newOwn), 13)
      out += pad(signed(e.cumulativeChange), 14) + "  " + name(e.function) + "\n"
    }

    let estimated = diff.baseEstimated || diff.newEstimated
    out += "\nCall paths by change in own time"
    out +=
      estimated
      ? " (estimated: a run is a call graph, its paths come from its estimated tree)\n" : "\n"
    out += pad("Δ own", 12) + pad("Δ%", 9) + pad("base own", 13) + pad("new own", 13) + "  path\n"
    let paths = ProfileDiff.largestChanges(diff.paths, count: top)
    if paths.isEmpty { out += "  (no call path's own time changed)\n" }
    for i in paths {
      let e = diff.paths[i]
      var frames = diff.path(i).map { TerminalText.escaped($0.displayName) }
      if frames.count > 8 { frames = ["…"] + frames.suffix(7) }
      out += pad(signed(e.ownChange), 12) + pad(share(e.ownChange), 9)
      out += pad(value(e.baseOwn), 13) + pad(value(e.newOwn), 13)
      out += "  " + frames.joined(separator: " › ")
      if estimated, let bounds = e.cumulativeChangeBounds,
        bounds.upper - bounds.lower > 1e-9 * max(1, abs(bounds.upper))
      {
        out += "  [Δ cumulative between \(signed(bounds.lower)) and \(signed(bounds.upper))]"
      }
      out += "\n"
    }
    return out
  }

  public static func json(_ diff: ProfileDiff, base: Run, new: Run, top: Int) -> String {
    var json = JSONWriter()
    func run(_ r: Run, total: Double, estimated: Bool) {
      json.raw(#"{"files": ["#)
      for (i, file) in r.files.enumerated() {
        if i > 0 { json.raw(", ") }
        json.string(file)
      }
      json.raw(#"], "origin": "#)
      json.string(r.origin)
      json.raw(#", "total": "#)
      json.number(total)
      json.raw(#", "estimated": \#(estimated)}"#)
    }
    func function(_ f: FunctionName) {
      json.raw("[")
      json.string(f.file)
      json.raw(", \(f.line), ")
      json.string(f.name)
      json.raw("]")
    }
    func numbers(_ e: ProfileDiff.Entry) {
      let fields = [
        ("base_own", e.baseOwn), ("new_own", e.newOwn), ("own_change", e.ownChange),
        ("own_change_percent", diff.percent(e.ownChange)), ("base_cumulative", e.baseCumulative),
        ("new_cumulative", e.newCumulative), ("cumulative_change", e.cumulativeChange),
      ]
      for (key, value) in fields {
        json.raw(", ")
        json.string(key)
        json.raw(": ")
        json.number(value)
      }
      if let bounds = e.cumulativeChangeBounds {
        json.raw(#", "cumulative_change_bounds": ["#)
        json.number(bounds.lower)
        json.raw(", ")
        json.number(bounds.upper)
        json.raw("]")
      }
    }
    json.raw(#"{"metric": "#)
    json.string(diff.metric.name)
    json.raw(
      #", "unit": "\#(diff.metric.unit.rawValue)", "normalized": \#(diff.normalized), "base": "#)
    run(base, total: diff.baseTotal, estimated: diff.baseEstimated)
    json.raw(#", "new": "#)
    run(new, total: diff.newTotal, estimated: diff.newEstimated)
    json.raw(#", "total_change": "#)
    json.number(diff.totalChange)
    json.raw(#", "total_change_percent": "#)
    json.number(diff.percent(diff.totalChange))
    json.raw(#", "functions": ["#)
    for (n, i) in ProfileDiff.largestChanges(diff.functions, count: top).enumerated() {
      if n > 0 { json.raw(", ") }
      json.raw(#"{"function": "#)
      function(diff.functions[i].function)
      numbers(diff.functions[i])
      json.raw("}")
    }
    json.raw(#"], "paths": ["#)
    for (n, i) in ProfileDiff.largestChanges(diff.paths, count: top).enumerated() {
      if n > 0 { json.raw(", ") }
      json.raw(#"{"path": ["#)
      for (k, f) in diff.path(i).enumerated() {
        if k > 0 { json.raw(", ") }
        function(f)
      }
      json.raw("]")
      numbers(diff.paths[i])
      json.raw("}")
    }
    json.raw("]}\n")
    return json.take()
  }
}
