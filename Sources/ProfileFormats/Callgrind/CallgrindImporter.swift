import ProfileModel

/// Reads callgrind files — valgrind's `--tool=callgrind`, pyprof2calltree, yappi — into a
/// caller graph: per function its self cost, per caller → callee pair the calls and the
/// callee's inclusive cost. Like pstats, such a graph knows one level of callers only, so
/// the tree is estimated with the same estimator and bounds. Each `events:` column is a
/// metric (instructions, cache misses, nanoseconds…), the first the default.
public enum CallgrindImporter: ProfileImporter {
  public static let format = InputFormat.callgrind
  public static let summary = "callgrind (valgrind --tool=callgrind, pyprof2calltree, yappi)"
  public static let fileExtensions = ["callgrind", "out"]

  /// The header keys a callgrind file starts with (after `# callgrind format`, comments and
  /// blank lines).
  static let headerKeys = [
    "version:", "creator:", "pid:", "cmd:", "part:", "thread:", "desc:", "positions:",
    "events:", "event:",
  ]

  public static func recognize(_ prefix: UnsafeBufferPointer<UInt8>, isWholeInput: Bool)
    -> Recognition
  {
    if prefix.starts(with: "# callgrind format".utf8) { return .yes }
    guard
      let (line, isComplete) = TextLines.firstLine(
        in: prefix, skip: TextLines.isBlankOrComment)
    else { return isWholeInput ? .no : .needMoreBytes }
    if !isComplete && !isWholeInput && line.count < 256 { return .needMoreBytes }
    // A header line is short: its first 256 bytes tell.
    let text = String(decoding: UnsafeBufferPointer(rebasing: line.prefix(256)), as: UTF8.self)
    let trimmed = text.trimmingCharacters(in: [" ", "\t", "\r"])
    return headerKeys.contains { trimmed.hasPrefix($0) } ? .yes : .no
  }

  public static func read(_ files: [InputFile]) throws(InputError) -> Profile {
    try readOne(files, kind: "callgrind files")
  }

  public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, source: ProfileSource)
    throws(InputError) -> Profile
  {
    var reader = CallgrindReader()
    try reader.read(bytes)
    return try reader.profile(source: source)
  }
}

/// The costs of a callgrind file as it is read: per function its self cost, per call edge
/// its calls and inclusive cost, one column per event.
struct CallgrindReader {
  private(set) var events: [String] = []
  private var creator = ""
  private var positions = 1
  private var totals: [Double]?
  /// Name compression tables: objects, files, functions.
  private var objects: [Int: String] = [:]
  private var files: [Int: String] = [:]
  private var functionNames: [Int: String] = [:]
  private var redefinitions = 0

  private var functionIndex: [CallgrindFunction: Int] = [:]
  private(set) var functions: [CallgrindFunction] = []
  /// `selfCost[f * events.count + k]`.
  private var selfCost: [Double] = []
  private var edgeIndex: [Int64: Int] = [:]
  private(set) var edgeCaller: [Int] = []
  private(set) var edgeCallee: [Int] = []
  private(set) var edgeCalls: [Int64] = []
  private var edgeCost: [Double] = []

  // The reading position.
  private var object = ""
  private var file = ""
  private var current: Int?
  private var calleeObject: String?
  private var calleeFile: String?
  private var callee: Int?
  private var pendingCalls: Int64?
  private var hasPreviousPosition = false
  /// The costs of the cost line being read.
  private var costs: [Double] = []
  /// The most cost cells (a function or a call edge, times the events) kept; set by `read`.
  private var cellLimit = Int.max

  /// The cell limit for a file of `inputBytes` bytes: four cells a byte, and never less
  /// than 2^21. valgrind's files take well under one (13 events at most, and a function or
  /// a call edge takes a line or more), but 20,000 events named once and 20,000 functions
  /// of a line each (400 KB) would take 4 × 10^8 cells, and a graph per event.
  static func cellLimit(inputBytes: Int) -> Int {
    max(1 << 21, inputBytes.multipliedReportingOverflow(by: 4).partialValue)
  }

  /// What one event costs beyond its cells, counted as this many rows: each event is a
  /// profile with a call graph of its own, about 3 KB even when it holds one function.
  private static let rowsPerEvent = 64

  /// Refuses the file when `rows` more functions or call edges would pass the cell limit.
  private func requireRoom(forRows rows: Int, events k: Int) throws(InputError) {
    let (cells, overflow) = (functions.count + edgeCaller.count + rows + Self.rowsPerEvent)
      .multipliedReportingOverflow(by: max(1, k))
    guard overflow || cells > cellLimit else { return }
    throw InputError(
      .unsupported, .none,
      "\(k) events for \(functions.count + edgeCaller.count + rows) functions and calls so "
        + "far: their costs would pass \(cellLimit) cells (four a byte of the file)")
  }

  /// The `index`th whitespace-separated field of `line`, for messages.
  static func field(_ line: Substring, _ index: Int) -> Substring {
    let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
    return index < fields.count ? fields[index] : line
  }

  mutating func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputError) {
    cellLimit = Self.cellLimit(inputBytes: bytes.count)
    let lines = try TextLines.forEach(bytes) { (range, lineNumber) throws(InputError) in
      let line = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
      do throws(InputError) {
        try readLine(line)
      } catch {
        var located = error
        located.location = .line(lineNumber)
        throw located
      }
    }
    if pendingCalls != nil {
      throw InputError(.truncated, .line(lines), "calls= is not followed by a cost line")
    }
  }

  private mutating func readLine(_ line: String) throws(InputError) {
    let trimmed = Self.trimmed(line[...])
    guard let first = trimmed.utf8.first, first != UInt8(ascii: "#") else { return }
    if (0x30...0x39).contains(first) || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
      || first == UInt8(ascii: "*")
    {
      try costLine(trimmed)
      return
    }
    guard pendingCalls == nil else {
      throw InputError(.badValue, .none, "calls= is not followed by a cost line")
    }
    if let equals = trimmed.utf8.firstIndex(of: UInt8(ascii: "=")),
      !trimmed[..<equals].utf8.contains(where: { $0 == UInt8(ascii: ":") || $0 == 0x20 })
    {
      try specification(
        String(trimmed[..<equals]), String(trimmed[trimmed.utf8.index(after: equals)...]))
      return
    }
    if let colon = trimmed.utf8.firstIndex(of: UInt8(ascii: ":")) {
      try header(
        String(trimmed[..<colon]),
        String(Self.trimmed(trimmed[trimmed.utf8.index(after: colon)...])))
      return
    }
    throw InputError(.badValue, .none, "not a callgrind line: \(trimmed)")
  }

  /// `text` without the spaces, tabs and carriage returns around it.
  static func trimmed(_ text: Substring) -> Substring {
    let bytes = text.utf8
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
    var start = bytes.startIndex
    var end = bytes.endIndex
    while start < end && isSpace(bytes[start]) { start = bytes.index(after: start) }
    while end > start && isSpace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
    return text[start..<end]
  }

  private mutating func header(_ key: String, _ value: String) throws(InputError) {
    switch key {
    case "version":
      if let major = Int(value.split(separator: ".").first ?? ""), major >= 2 {
        throw InputError(
          .unsupported, .none, "callgrind format version \(value) (flamewalk reads 1)")
      }
    case "creator": creator = value
    case "positions":
      let names = value.split(separator: " ")
      guard !names.isEmpty, names.allSatisfy({ $0 == "line" || $0 == "instr" }) else {
        throw InputError(.badValue, .none, "positions: \(value) (line, instr or both)")
      }
      positions = names.count
    case "events":
      let names = value.split(separator: " ").map(String.init)
      guard !names.isEmpty else { throw InputError(.badValue, .none, "events: names no event") }
      if events.isEmpty {
        try requireRoom(forRows: 0, events: names.count)
        events = names
        // Functions named before the events (none has a cost yet) get their columns.
        selfCost = [Double](repeating: 0, count: functions.count * names.count)
      } else if events != names {
        throw InputError(
          .unsupported, .none,
          "parts with different events (\(events.joined(separator: " ")) and \(value))")
      }
    case "totals":
      totals = try numbers(value.split(separator: " "), what: "totals")
    default: break  // summary, cmd, pid, part, thread, desc, event and unknown keys
    }
  }

  private mutating func specification(_ key: String, _ value: String) throws(InputError) {
    switch key {
    case "ob": object = try Self.name(value, in: &objects, redefinitions: &redefinitions)
    case "fl":
      file = try Self.name(value, in: &files, redefinitions: &redefinitions)
    case "fi", "fe": _ = try Self.name(value, in: &files, redefinitions: &redefinitions)
    case "fn":
      let function = try Self.name(value, in: &functionNames, redefinitions: &redefinitions)
      current = try intern(CallgrindFunction(object: object, file: file, name: function))
    case "cob": calleeObject = try Self.name(value, in: &objects, redefinitions: &redefinitions)
    case "cfi", "cfl": calleeFile = try Self.name(value, in: &files, redefinitions: &redefinitions)
    case "cfn":
      let function = try Self.name(value, in: &functionNames, redefinitions: &redefinitions)
      callee = try intern(
        CallgrindFunction(
          object: calleeObject ?? object, file: calleeFile ?? file, name: function))
    case "jfi": _ = try Self.name(value, in: &files, redefinitions: &redefinitions)
    case "jfn": _ = try Self.name(value, in: &functionNames, redefinitions: &redefinitions)
    case "calls":
      guard callee != nil else { throw InputError(.badValue, .none, "calls= before any cfn=") }
      let fields = value.split(separator: " ")
      guard let count = fields.first.flatMap({ Self.integer($0) }), count >= 0 else {
        throw InputError(.badValue, .none, "calls= needs a call count: \(value)")
      }
      pendingCalls = count
    case "jump", "jcnd": break  // jumps carry no cost; their position line follows
    default:
      throw InputError(.badValue, .none, "unknown specification \(key)=")
    }
  }

  /// `(N) name` defines id N, `(N)` uses it, a plain name is itself.
  private static func name(
    _ value: String, in table: inout [Int: String], redefinitions: inout Int
  ) throws(InputError) -> String {
    guard value.hasPrefix("("), let close = value.firstIndex(of: ")"),
      let id = Int(value[value.index(after: value.startIndex)..<close])
    else { return value }
    let rest = String(trimmed(value[value.index(after: close)...]))
    if rest.isEmpty {
      guard let known = table[id] else {
        throw InputError(.badRef, .none, "name (\(id)) is used before it is defined")
      }
      return known
    }
    if let old = table[id], old != rest { redefinitions += 1 }
    table[id] = rest
    return rest
  }

  private mutating func intern(_ function: CallgrindFunction) throws(InputError) -> Int {
    if let f = functionIndex[function] { return f }
    try requireRoom(forRows: 1, events: events.count)
    let f = functions.count
    functions.append(function)
    functionIndex[function] = f
    selfCost += repeatElement(0, count: max(1, events.count))
    return f
  }

  private mutating func costLine(_ line: Substring) throws(InputError) {
    guard !events.isEmpty else {
      throw InputError(.schema, .none, "a cost line before the events: line")
    }
    // Subpositions (absolute, `+N`, `-N`, `*`), then up to one cost per event, read from
    // the bytes without making a string per field.
    costs.removeAll(keepingCapacity: true)
    var field = 0
    var value: Int64 = 0
    var digits = 0
    var sign = 0  // 0 none, 1 `+`, -1 `-`
    var star = false
    var hex = false
    var bad = false
    func finish() throws(InputError) {
      defer { (value, digits, sign, star, hex, bad) = (0, 0, 0, false, false, false) }
      if field < positions {
        let relative = sign != 0 || star
        if relative && !hasPreviousPosition {
          throw InputError(.badValue, .none, "a relative position with no line before it")
        }
        guard !bad, star || digits > 0 else {
          throw InputError(.badValue, .none, "not a position: \(line)")
        }
      } else {
        guard !bad, !star, sign == 0, digits > 0 else {
          throw InputError(.badValue, .none, "not a cost: \(Self.field(line, field))")
        }
        costs.append(Double(value))
      }
      field += 1
    }
    var inField = false
    let bytes = line.utf8
    var index = bytes.startIndex
    while index < bytes.endIndex {
      let byte = bytes[index]
      index = bytes.index(after: index)
      if byte == 0x20 || byte == 0x09 {
        if inField { try finish() }
        inField = false
        continue
      }
      inField = true
      switch byte {
      case UInt8(ascii: "+") where digits == 0 && sign == 0 && !star: sign = 1
      case UInt8(ascii: "-") where digits == 0 && sign == 0 && !star: sign = -1
      case UInt8(ascii: "*") where digits == 0 && sign == 0 && !star: star = true
      case UInt8(ascii: "x"), UInt8(ascii: "X"):
        if digits == 1 && value == 0 && !hex { (hex, digits) = (true, 0) } else { bad = true }
      default:
        let digit: Int64
        switch byte {
        case 0x30...0x39: digit = Int64(byte - 0x30)
        case 0x61...0x66 where hex: digit = Int64(byte - 0x61 + 10)
        case 0x41...0x46 where hex: digit = Int64(byte - 0x41 + 10)
        default:
          bad = true
          continue
        }
        let (shifted, o1) = value.multipliedReportingOverflow(by: hex ? 16 : 10)
        let (sum, o2) = shifted.addingReportingOverflow(digit)
        if o1 || o2 { bad = true }
        value = sum
        digits += 1
      }
    }
    if inField { try finish() }
    guard field >= positions else {
      throw InputError(.badValue, .none, "a cost line without its \(positions) position(s)")
    }
    hasPreviousPosition = true
    guard costs.count <= events.count else {
      throw InputError(
        .badValue, .none, "\(costs.count) costs for \(events.count) events")
    }
    if current == nil {
      current = try intern(CallgrindFunction(object: object, file: file, name: "(unknown)"))
    }
    let caller = current!
    let k = events.count
    if let calls = pendingCalls, let callee {
      pendingCalls = nil
      let key = Int64(caller) << 32 | Int64(callee)
      var e = edgeIndex[key] ?? -1
      if e < 0 {
        try requireRoom(forRows: 1, events: k)
        e = edgeCaller.count
        edgeIndex[key] = e
        edgeCaller.append(caller)
        edgeCallee.append(callee)
        edgeCalls.append(0)
        edgeCost += repeatElement(0, count: k)
      }
      edgeCalls[e] = edgeCalls[e].addingReportingOverflow(calls).partialValue
      for (i, cost) in costs.enumerated() { edgeCost[e * k + i] += cost }
      calleeObject = nil
      calleeFile = nil
      return
    }
    for (i, cost) in costs.enumerated() { selfCost[caller * k + i] += cost }
  }

  private func numbers<S: Sequence>(_ fields: S, what: String) throws(InputError) -> [Double]
  where S.Element == Substring {
    var result: [Double] = []
    for field in fields {
      guard let value = Self.integer(field), value >= 0 else {
        throw InputError(.badValue, .none, "not a \(what): \(field)")
      }
      result.append(Double(value))
    }
    return result
  }

  /// A decimal or `0x` hexadecimal integer.
  static func integer(_ text: Substring) -> Int64? {
    if text.hasPrefix("0x") || text.hasPrefix("0X") { return Int64(text.dropFirst(2), radix: 16) }
    return Int64(text)
  }

  /// How the event's numbers are shown: pyprof2calltree writes nanoseconds (`ns`), yappi
  /// microseconds of its clock (`Ticks`); valgrind's events are counts.
  func metric(_ k: Int) -> (Metric, divisor: Double) {
    let name = events[k]
    switch name {
    case "ns": return (Metric(name: "time", unit: .seconds), 1e9)
    case "Ticks" where creator == "yappi": return (Metric(name: "time", unit: .seconds), 1e6)
    default: return (Metric(name: name, unit: .none), 1)
    }
  }

  /// The name flamewalk shows for a function. yappi writes `name module:line` (the module
  /// may hold spaces: `<frozen runpy>`): the line goes where pstats keeps it.
  func shownName(_ function: CallgrindFunction) -> FunctionName {
    let name = function.name
    guard creator == "yappi", let colon = name.lastIndex(of: ":"),
      let line = Int64(name[name.index(after: colon)...])
    else { return FunctionName(file: function.shownFile, line: 0, name: name) }
    var head = name[..<colon]
    if head.hasSuffix(" " + function.file) {
      head = head.dropLast(function.file.count + 1)
    } else if let space = head.lastIndex(of: " ") {
      head = head[..<space]
    }
    return FunctionName(file: function.shownFile, line: line, name: String(head))
  }

  /// Every function's shown name; functions that would share one (the same source file
  /// built into two objects: `fstat` in ld.so and in libc) get their object's file name
  /// after the name, as callgrind_annotate writes `function [object]`.
  func shownNames() -> [FunctionName] {
    var names = functions.map(shownName)
    var count: [FunctionName: Int] = [:]
    for name in names { count[name, default: 0] += 1 }
    for f in names.indices where count[names[f]]! > 1 {
      let object = functions[f].object.split(separator: "/").last.map(String.init) ?? ""
      names[f].name += " [\(object)]"
    }
    return names
  }

  func profile(source: ProfileSource) throws(InputError) -> Profile {
    guard !events.isEmpty else {
      throw InputError(.schema, .none, "no events: line — not a callgrind profile")
    }
    let k = events.count
    var warnings: [ProfileWarning] = []
    if redefinitions > 0 {
      warnings.append(
        ProfileWarning(
          .unknownNodes, "\(redefinitions) compressed names redefined (the last one is used)",
          path: source.path))
    }
    if let totals {
      for i in 0..<min(k, totals.count) {
        var sum = 0.0
        for f in functions.indices { sum += selfCost[f * k + i] }
        if abs(sum - totals[i]) > 1e-9 * max(1, totals[i]) {
          warnings.append(
            ProfileWarning(
              .trailingBytes,
              "totals: says \(events[i]) \(totals[i]) but the functions' costs add up to \(sum)",
              path: source.path))
        }
      }
    }
    let graph = CallgrindGraph(
      functionCount: functions.count, caller: edgeCaller, callee: edgeCallee)
    let inclusive = (0..<k).map { i in
      graph.inclusive(
        selfCost: { f in selfCost[f * k + i] }, edgeCost: { e in edgeCost[e * k + i] })
    }
    // Functions no recorded call reaches (tail calls, jumps callgrind did not see as calls)
    // are roots of their own, though their cost is also inside their real caller's.
    var rootCost = 0.0
    var total = 0.0
    var called = [Bool](repeating: false, count: functions.count)
    for e in edgeCaller.indices where edgeCaller[e] != edgeCallee[e] {
      called[edgeCallee[e]] = true
    }
    for f in functions.indices {
      total += selfCost[f * k]
      if !called[f] { rootCost += inclusive[0][f] }
    }
    if rootCost > total * (1 + 1e-9) {
      warnings.append(
        ProfileWarning(
          .unknownNodes,
          "functions without a recorded caller cost \(rootCost) \(events[0]) together, more than "
            + "the run's \(total) (its self costs): their costs overlap, through calls the "
            + "profiler did not record as calls (tail calls, jumps)",
          path: source.path))
    }
    if graph.cycleMembers > 0 {
      warnings.append(
        ProfileWarning(
          .unknownNodes,
          "\(graph.cycleMembers) functions call each other in cycles: their inclusive costs are upper bounds",
          path: source.path))
    }
    // Names and call counts are the same for every event.
    let names = shownNames()
    var calls = [Int64](repeating: 0, count: functions.count)
    var primitive = [Int64](repeating: 0, count: functions.count)
    for e in edgeCaller.indices {
      calls[edgeCallee[e]] &+= edgeCalls[e]
      if edgeCaller[e] != edgeCallee[e] { primitive[edgeCallee[e]] &+= edgeCalls[e] }
    }
    var profiles: [Profile] = []
    for i in 0..<k {
      let (metric, divisor) = metric(i)
      var builder = CallGraphBuilder()
      builder.edgeValues = .inclusive
      let ids = names.map { builder.function($0) }
      var callers = [[CallGraphBuilder.Edge]](repeating: [], count: functions.count)
      for e in edgeCaller.indices {
        let (from, to) = (edgeCaller[e], edgeCallee[e])
        callers[to].append(
          CallGraphBuilder.Edge(
            caller: ids[from], nc: edgeCalls[e], cc: from == to ? 0 : edgeCalls[e], tt: 0,
            ct: edgeCost[e * k + i] / divisor))
      }
      for f in functions.indices {
        try InputError.requireFinite(inclusive[i][f], "the \(events[i]) costs")
        builder.setEntry(
          ids[f],
          stats: CallGraphBuilder.Stats(
            cc: primitive[f], nc: calls[f], tt: selfCost[f * k + i] / divisor,
            ct: inclusive[i][f] / divisor),
          callers: callers[f])
      }
      var profile = Profile(
        graph: builder.build(), sources: [source], producer: creator.isEmpty ? nil : creator,
        warnings: warnings, weightUnit: metric.unit)
      profile.metric = metric
      profiles.append(profile)
    }
    return Profile.measured(by: profiles, defaultPosition: 0)
  }
}

/// A callgrind function's identity: object, file and name.
struct CallgrindFunction: Hashable {
  var object: String
  var file: String
  var name: String

  /// The file shown for it: its source file, or its object when there is no debug info.
  var shownFile: String { file.isEmpty || file == "???" ? object : file }
}
