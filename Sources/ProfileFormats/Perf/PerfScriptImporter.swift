import ProfileModel

/// Reads `perf script` text — `perf record [-g]` samples as perf prints them — into exact
/// stacks, as FlameGraph's stackcollapse-perf and inferno collapse them: the command name as
/// the root, the callchain reversed to root first, `+0x…` offsets dropped, `[unknown]` named
/// after its library when that is known. Each sample weighs its period (nanoseconds for
/// `cpu-clock` and `task-clock`, shown as time; event counts otherwise). Only the first event
/// type seen is kept; samples of others are counted in a warning.
public enum PerfScriptImporter: ProfileImporter {
  public static let format = InputFormat.perf
  public static let summary = "perf script text (perf record [-g]; perf script)"
  public static let fileExtensions = ["perf", "txt", "script"]

  /// The first line that is neither blank nor a `#` comment is a sample header.
  public static func recognize(_ prefix: UnsafeBufferPointer<UInt8>, isWholeInput: Bool)
    -> Recognition
  {
    var start = 0
    while start < prefix.count {
      var end = start
      while end < prefix.count && prefix[end] != 0x0A { end += 1 }
      if end == prefix.count && !isWholeInput {
        return prefix.count >= 1 << 16 ? .no : .needMoreBytes
      }
      let line = UnsafeBufferPointer(rebasing: prefix[start..<end])
      guard let text = String(validating: line, as: UTF8.self) else { return .no }
      let trimmed = text.trimmingCharacters(in: [" ", "\t", "\r"])
      if trimmed.isEmpty || trimmed.hasPrefix("#") {
        start = end + 1
        continue
      }
      return PerfHeader(text) != nil ? .yes : .no
    }
    return isWholeInput ? .no : .needMoreBytes
  }

  public static func read(_ files: [InputFile]) throws(InputError) -> Profile {
    var reader = PerfScriptReader()
    for file in files {
      do throws(InputError) {
        try file.withBytes { (bytes) throws(InputError) in try reader.add(bytes) }
      } catch {
        var named = error
        named.path = file.path
        throw named
      }
      reader.sources.append(ProfileSource(path: file.path, modified: file.modified))
    }
    return try reader.profile()
  }

  public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, source: ProfileSource)
    throws(InputError) -> Profile
  {
    var reader = PerfScriptReader()
    try reader.add(bytes)
    reader.sources.append(source)
    return try reader.profile()
  }
}

/// A sample's header line: `comm pid[/tid] [cpu] time: [period] event: [frame]`, read from
/// the time token outwards (comm may hold spaces and digits).
struct PerfHeader {
  var comm: String
  var period: Double?
  var event: String
  /// The one frame of a sample recorded without a callchain, on the header line itself.
  var inlineFrame: String?

  init?(_ line: String) {
    let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
    guard let t = tokens.firstIndex(where: { Self.isTime($0) }), t >= 2 else { return nil }
    var p = t - 1
    if tokens[p].hasPrefix("[") && tokens[p].hasSuffix("]") { p -= 1 }
    guard p >= 1, tokens[p].allSatisfy({ $0.isNumber || $0 == "/" }) else { return nil }
    comm = tokens[..<p].joined(separator: " ")
    var rest = tokens[(t + 1)...]
    if let first = rest.first, let value = Double(first), value.isFinite, value >= 0 {
      period = value
      rest = rest.dropFirst()
    }
    guard let event = rest.first, event.hasSuffix(":") else { return nil }
    self.event = String(event.dropLast())
    rest = rest.dropFirst()
    inlineFrame = rest.isEmpty ? nil : rest.joined(separator: " ")
  }

  static func isTime(_ token: Substring) -> Bool {
    guard token.hasSuffix(":") else { return false }
    let number = token.dropLast()
    guard let dot = number.firstIndex(of: ".") else { return false }
    let whole = number[..<dot]
    let fraction = number[number.index(after: dot)...]
    return !whole.isEmpty && !fraction.isEmpty && whole.allSatisfy(\.isNumber)
      && fraction.allSatisfy(\.isNumber)
  }
}

/// The samples of one or more `perf script` outputs, as weighted stacks.
struct PerfScriptReader {
  var samples = StackSamples()
  var sources: [ProfileSource] = []
  private var event: String?
  private var otherEvents = 0
  private var frames: [String] = []
  private var header: PerfHeader?
  private var headerLine = 0
  private var sampleCount = 0

  mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputError) {
    var lineNumber = 0
    var start = 0
    while start <= bytes.count {
      var end = start
      while end < bytes.count && bytes[end] != 0x0A { end += 1 }
      lineNumber += 1
      var text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
      if text.hasSuffix("\r") { text.removeLast() }
      start = end + 1
      if end == bytes.count && text.isEmpty { break }
      let trimmed = text.trimmingCharacters(in: [" ", "\t"])
      if trimmed.isEmpty {
        try finishSample()
        continue
      }
      if header == nil && trimmed.hasPrefix("#") { continue }
      if text.first == " " || text.first == "\t", header != nil, !Self.startsHeader(text) {
        // A callchain frame, or a srcline line after one (skipped).
        if let frame = Self.frame(trimmed) { frames.append(frame) }
        continue
      }
      try finishSample()
      guard let parsed = PerfHeader(text) else {
        throw InputError(
          .badValue, .line(lineNumber), "not a perf sample header or callchain frame")
      }
      header = parsed
      headerLine = lineNumber
      if let frame = parsed.inlineFrame.flatMap(Self.frame) { frames.append(frame) }
    }
    try finishSample()
  }

  /// Whether an indented line is a header after all (no-callchain output right-aligns comm).
  static func startsHeader(_ line: String) -> Bool {
    let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
    return tokens.count >= 4 && tokens.dropFirst(2).prefix(2).contains { PerfHeader.isTime($0) }
  }

  /// A frame line's symbol: `address symbol+0xoffset (dso)` → `symbol`, `[unknown]` → the
  /// library's file name in brackets; nil for lines that are not frames (srcline).
  static func frame(_ line: String) -> String? {
    guard line.hasSuffix(")"), let open = line.lastIndex(of: "("),
      let space = line.firstIndex(of: " "), space < open
    else { return nil }
    let address = line[..<space]
    guard address.allSatisfy(\.isHexDigit) else { return nil }
    let dso = line[line.index(after: open)..<line.index(before: line.endIndex)]
    var symbol = line[line.index(after: space)..<open].trimmingCharacters(in: [" "])
    if let plus = symbol.range(of: "+0x", options: .backwards),
      symbol[plus.upperBound...].allSatisfy(\.isHexDigit)
    {
      symbol = String(symbol[..<plus.lowerBound])
    }
    if symbol == "[unknown]" && dso != "[unknown]" {
      let name = dso.split(separator: "/").last.map(String.init) ?? String(dso)
      return "[\(name)]"
    }
    return symbol.isEmpty ? "[unknown]" : symbol
  }

  private mutating func finishSample() throws(InputError) {
    guard let header else { return }
    defer {
      self.header = nil
      frames.removeAll(keepingCapacity: true)
    }
    if event == nil { event = header.event }
    guard header.event == event else {
      otherEvents += 1
      return
    }
    let weight = header.period ?? 1
    samples.beginStack(weight: isTimed ? weight * 1e-9 : weight)
    samples.push(samples.frame(file: "", line: 0, name: header.comm))
    for name in frames.reversed() { samples.push(samples.frame(file: "", line: 0, name: name)) }
    samples.endStack()
    sampleCount += 1
    guard samples.totalWeight.isFinite else {
      throw InputError(.badValue, .line(headerLine), "the periods add up to more than 1.8e308")
    }
  }

  /// Whether the periods are nanoseconds (the software clock events).
  private var isTimed: Bool {
    guard let event else { return false }
    return event.hasPrefix("cpu-clock") || event.hasPrefix("task-clock")
  }

  func profile() throws(InputError) -> Profile {
    guard sampleCount > 0 else {
      throw InputError(.schema, .none, "no perf samples in the file")
    }
    var warnings: [ProfileWarning] = []
    if otherEvents > 0 {
      warnings.append(
        ProfileWarning(
          .skippedProfiles,
          "\(otherEvents) samples of events other than \(event ?? "") left out",
          path: sources.first?.path))
    }
    return Profile(
      graph: samples.callGraph(), flavor: .stacks, pythonMajor: 3, sources: sources,
      warnings: warnings, stacks: samples, weightUnit: isTimed ? .seconds : WeightUnit.none)
  }
}
