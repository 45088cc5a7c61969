import Foundation
import ProfileModel

/// The text reports of Python's `pstats.Stats`: `print_stats`, `print_callers` and
/// `print_callees`, reproduced character for character (spec A.3.6). Names are escaped for
/// the terminal (`TerminalText`), which changes nothing for names without control characters.
public struct PstatsReport: Sendable {
  public let profile: Profile

  public init(profile: Profile) {
    self.profile = profile
  }

  /// Function `f`'s `func_std_string`, escaped for the terminal.
  public func standardName(_ f: Int) -> String {
    TerminalText.escaped(profile.graph.name(of: f).standardString)
  }

  /// Python's ordering of two interned strings (code-point order is UTF-8 byte order).
  private func compareStrings(_ a: Int32, _ b: Int32) -> Int {
    Self.compare(a, b, in: profile.graph.strings)
  }

  private static func compare(_ a: Int32, _ b: Int32, in strings: StringTable) -> Int {
    a == b ? 0 : compareText(strings[a], strings[b])
  }

  private static func compareText(_ a: String, _ b: String) -> Int {
    if a == b { return 0 }
    return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
  }

  // MARK: - Ordering and restriction

  /// The functions to list, in order, with the header message pstats prints before them.
  public struct Listing: Sendable {
    public var functions: [Int]
    public var message: String
    /// The name column width of the callers/callees tables.
    public var width: Int
  }

  /// `get_print_list`: sorted (or file order when `order` is nil), reversed on request, then
  /// restricted in the order given.
  public func listing(
    order: PstatsSortOrder?, reversed: Bool = false, restrictions: [PstatsRestriction] = []
  ) -> Listing {
    var list = Array(0..<profile.graph.entryCount)
    var message: String
    let needsAllNames =
      restrictions.contains { if case .pattern = $0 { true } else { false } }
      || (order?.fields.contains { $0.field == .standardName } ?? false)
    let names = needsAllNames ? list.map(standardName) : []
    if let order {
      list = sorted(list, by: order, names: names)
      if reversed { list.reverse() }
      message = "   Ordered by: \(order.description)\n"
    } else {
      message = "   Random listing order was used\n"
    }
    for restriction in restrictions {
      list = restriction.apply(to: list, names: names, message: &message)
    }
    var width = profile.pstatsSummary.maxNameLength
    if list.count < profile.graph.entryCount {
      width = list.map { standardName($0).unicodeScalars.count }.max() ?? 0
    }
    return Listing(functions: list, message: message, width: width + 2)
  }

  private func sorted(_ list: [Int], by order: PstatsSortOrder, names: [String]) -> [Int] {
    let graph = profile.graph
    let (cc, nc, tt, ct, functions) = (graph.cc, graph.nc, graph.tt, graph.ct, graph.functions)
    let fields = order.fields
    func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x > y ? 1 : 0) }
    func compare(_ a: Int, _ b: Int, _ field: PstatsSortOrder.Field) -> Int {
      switch field {
      case .primitiveCalls: return sign(cc[a], cc[b])
      case .calls: return sign(nc[a], nc[b])
      case .internalTime: return sign(tt[a], tt[b])
      case .cumulativeTime: return sign(ct[a], ct[b])
      case .file: return compareStrings(functions[a].file, functions[b].file)
      case .line: return sign(functions[a].line, functions[b].line)
      case .name: return compareStrings(functions[a].name, functions[b].name)
      case .standardName: return Self.compareText(names[a], names[b])
      }
    }
    // Python's sort is stable: ties keep file order, which is the index order here.
    return list.sorted { a, b in
      for (field, direction) in fields {
        let c = compare(a, b, field)
        if c != 0 { return c * direction < 0 }
      }
      return a < b
    }
  }

  // MARK: - Reports

  /// `print_stats`: the file lines, totals, and one row per listed function.
  public func stats(_ listing: Listing) -> String {
    var out = ""
    for source in profile.sources {
      if let modified = source.modified {
        out += PythonFormatting.ctime(modified) + "    " + TerminalText.escaped(source.path) + "\n"
      } else {
        out += TerminalText.escaped(source.path) + "\n"
      }
    }
    if !profile.sources.isEmpty { out += "\n" }
    let summary = profile.pstatsSummary
    for f in topLevel {
      out +=
        "         " + TerminalText.escaped(profile.graph.strings[profile.graph.functions[f].name])
        + "\n"
    }
    out += "         \(summary.totalCalls) function calls "
    if summary.totalCalls != summary.primitiveCalls {
      out += "(\(summary.primitiveCalls) primitive calls) "
    }
    out += "in \(FixedDecimal.text(summary.totalTime, digits: 3)) seconds\n\n"
    guard !listing.functions.isEmpty else { return out }
    out += listing.message + "\n"
    out += "   ncalls  tottime  percall  cumtime  percall filename:lineno(function)\n"
    let graph = profile.graph
    for f in listing.functions {
      let cc = graph.cc[f]
      let nc = graph.nc[f]
      let calls = nc == cc ? "\(nc)" : "\(nc)/\(cc)"
      out += PythonFormatting.rightJustified(calls, 9) + " "
      out += PythonFormatting.f8(graph.tt[f]) + " "
      out += (nc == 0 ? "        " : PythonFormatting.f8(graph.tt[f] / Double(nc))) + " "
      out += PythonFormatting.f8(graph.ct[f]) + " "
      out += (cc == 0 ? "        " : PythonFormatting.f8(graph.ct[f] / Double(cc))) + " "
      out += standardName(f) + "\n"
    }
    return out + "\n\n"
  }

  /// Functions whose callers include `("jprofile", 0, "profiler")` (pstats' `top_level`).
  private var topLevel: [Int] {
    let graph = profile.graph
    guard let file = graph.strings.id(of: "jprofile"),
      let name = graph.strings.id(of: "profiler")
    else { return [] }
    return (0..<graph.entryCount).filter { f in
      graph.incoming(f).contains { e in
        let key = graph.functions[Int(graph.edgeCaller[e])]
        return key.file == file && key.line == 0 && key.name == name
      }
    }
  }

  /// `print_callers`: for each listed function, who called it.
  public func callers(_ listing: Listing) -> String {
    let graph = profile.graph
    return callTable(listing, title: "was called by...", arrow: "<-") { f in
      graph.incoming(f).map { (partner: Int(graph.edgeCaller[$0]), edge: $0) }
    }
  }

  /// `print_callees`: for each listed function, what it called.
  public func callees(_ listing: Listing) -> String {
    let graph = profile.graph
    return callTable(listing, title: "called...", arrow: "->") { f in
      graph.outgoing(f).map { (partner: Int(graph.edgeCallee[Int($0)]), edge: Int($0)) }
    }
  }

  private func callTable(
    _ listing: Listing, title: String, arrow: String,
    partners: (Int) -> [(partner: Int, edge: Int)]
  ) -> String {
    guard !listing.functions.isEmpty else { return "" }
    let graph = profile.graph
    let width = listing.width
    var out = listing.message + "\n"
    out += PythonFormatting.leftJustified("Function ", width) + title + "\n"
    let firstWithCallers = (0..<graph.entryCount).first { !graph.incoming($0).isEmpty }
    if firstWithCallers != nil && graph.edgeValues == .timed {
      out += String(repeating: " ", count: width) + "    ncalls  tottime  cumtime\n"
    }
    // The indents of continuation lines, made once: a wide listing repeats them on every line.
    let timedIndent = String(repeating: " ", count: width + 1)
    let countedIndent = String(repeating: " ", count: width + 3)
    let precedes = keyOrder()
    for f in listing.functions {
      out += PythonFormatting.leftJustified(standardName(f), width) + arrow + " "
      let list = partners(f).sorted { a, b in precedes(a.partner, b.partner) }
      if list.isEmpty {
        out += "\n"
        continue
      }
      for (i, item) in list.enumerated() {
        let e = item.edge
        let name = standardName(item.partner)
        if graph.edgeValues == .timed {
          let calls = graph.callsText(ofEdge: e)
          if i > 0 { out += timedIndent }
          out += PythonFormatting.rightJustified(calls, i == 0 ? 7 : 9) + " "
          out += PythonFormatting.f8(graph.edgeTT[e]) + " " + PythonFormatting.f8(graph.edgeCT[e])
          out += "  " + name + "\n"
        } else {
          if i > 0 { out += countedIndent }
          let partnerTime = item.partner < graph.entryCount ? graph.ct[item.partner] : 0
          out += "\(name)(\(graph.edgeNC[e])) " + PythonFormatting.f8(partnerTime) + "\n"
        }
      }
    }
    return out + "\n\n"
  }

  /// Python's ordering of key tuples `(file, line, name)`, capturing only the tables it
  /// reads (a sort copies its comparison's captures, not the whole report).
  private func keyOrder() -> (Int, Int) -> Bool {
    let functions = profile.graph.functions
    let strings = profile.graph.strings
    return { a, b in
      let (x, y) = (functions[a], functions[b])
      let file = Self.compare(x.file, y.file, in: strings)
      if file != 0 { return file < 0 }
      if x.line != y.line { return x.line < y.line }
      return Self.compare(x.name, y.name, in: strings) < 0
    }
  }
}
