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
    guard
      let (line, isComplete) = TextLines.firstLine(
        in: prefix, skip: TextLines.isBlankOrComment)
    else { return isWholeInput ? .no : .needMoreBytes }
    if !isComplete && !isWholeInput { return prefix.count >= 1 << 16 ? .no : .needMoreBytes }
    guard String(validating: line, as: UTF8.self) != nil else { return .no }
    return PerfHeader(line) != nil ? .yes : .no
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

/// The samples of one or more `perf script` outputs, as weighted stacks. Frame lines — most
/// of the text — are read as bytes and their symbols interned without making a `String`
/// per occurrence; header lines (one per sample) are read as text.
struct PerfScriptReader {
  var samples = StackSamples(mergingIdenticalStacks: true)
  var sources: [ProfileSource] = []
  private var event: String?
  private var otherEvents = 0
  private var frames: [Int32] = []
  private var header: PerfHeader?
  private var headerLine = 0
  private var sampleCount = 0
  private var interner = ByteInterner()
  private var frameOfSymbol: [Int32] = []
  private var rootOfCommand: [String: Int32] = [:]

  mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputError) {
    try TextLines.forEach(bytes) { (range, lineNumber) throws(InputError) in
      let (start, end) = (range.lowerBound, range.upperBound)
      var first = start
      while first < end && (bytes[first] == 0x20 || bytes[first] == 0x09) { first += 1 }
      if first == end {
        try finishSample()
        return
      }
      if header == nil && bytes[first] == UInt8(ascii: "#") { return }
      if first > start, header != nil, !looksLikeHeader(bytes, first, end),
        let id = frame(bytes, first, end)
      {
        frames.append(id)
        return
      }
      let parsed = PerfHeader(UnsafeBufferPointer(rebasing: bytes[range]))
      if first > start, header != nil, parsed == nil {
        return  // a srcline line after a frame
      }
      try finishSample()
      guard let parsed else {
        throw InputError(
          .badValue, .line(lineNumber), "not a perf sample header or callchain frame")
      }
      header = parsed
      headerLine = lineNumber
      if let inline = parsed.inlineFrame,
        let id = inline.withUnsafeBufferPointer({ frame($0, 0, $0.count) })
      {
        frames.append(id)
      }
    }
    try finishSample()
  }

  /// The frame of a line `address symbol+0xoffset (dso)` between `start` and `end`, or nil
  /// when it is not one; `[unknown]` takes its library's file name when that is known.
  private mutating func frame(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int)
    -> Int32?
  {
    guard end > start, bytes[end - 1] == UInt8(ascii: ")") else { return nil }
    var open = end - 1
    while open > start && bytes[open] != UInt8(ascii: "(") { open -= 1 }
    var space = start
    while space < open && bytes[space] != 0x20 { space += 1 }
    guard bytes[open] == UInt8(ascii: "("), space < open, space > start else { return nil }
    for i in start..<space where !Self.isHex(bytes[i]) { return nil }
    var symbolStart = space
    while symbolStart < open && bytes[symbolStart] == 0x20 { symbolStart += 1 }
    var symbolEnd = open
    while symbolEnd > symbolStart && bytes[symbolEnd - 1] == 0x20 { symbolEnd -= 1 }
    // Drop a trailing `+0x<hex>`.
    var plus = symbolEnd - 1
    while plus > symbolStart && Self.isHex(bytes[plus]) { plus -= 1 }
    if plus - 2 >= symbolStart && plus < symbolEnd - 1 && bytes[plus] == UInt8(ascii: "x")
      && bytes[plus - 1] == UInt8(ascii: "0") && bytes[plus - 2] == UInt8(ascii: "+")
    {
      symbolEnd = plus - 2
    }
    let symbol = UnsafeBufferPointer(rebasing: bytes[symbolStart..<symbolEnd])
    if symbol.elementsEqual("[unknown]".utf8) || symbol.isEmpty {
      let dso = String(
        decoding: UnsafeBufferPointer(rebasing: bytes[open + 1..<end - 1]), as: UTF8.self)
      let name =
        dso == "[unknown]" || dso.isEmpty
        ? "[unknown]" : "[" + (dso.split(separator: "/").last.map(String.init) ?? dso) + "]"
      return samples.frame(file: "", line: 0, name: name)
    }
    let (id, isNew) = interner.intern(symbol.baseAddress!, length: symbol.count)
    if isNew {
      frameOfSymbol.append(
        samples.frame(file: "", line: 0, name: String(decoding: symbol, as: UTF8.self)))
    }
    return frameOfSymbol[Int(id)]
  }

  /// Whether an indented line holds a time token (`123.456:`) — a header that perf
  /// right-aligned (samples without callchains), not a frame.
  private func looksLikeHeader(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int)
    -> Bool
  {
    var i = start
    while i < end {
      guard bytes[i] == UInt8(ascii: ":"), i > start + 2 else {
        i += 1
        continue
      }
      var j = i - 1
      while j > start && (0x30...0x39).contains(bytes[j]) { j -= 1 }
      if bytes[j] == UInt8(ascii: "."), j < i - 1, j > start, (0x30...0x39).contains(bytes[j - 1]) {
        return PerfHeader(UnsafeBufferPointer(rebasing: bytes[start..<end])) != nil
      }
      i += 1
    }
    return false
  }

  static func isHex(_ byte: UInt8) -> Bool {
    (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) || (0x41...0x46).contains(byte)
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
    var root = rootOfCommand[header.comm]
    if root == nil {
      root = samples.frame(file: "", line: 0, name: header.comm)
      rootOfCommand[header.comm] = root
    }
    samples.beginStack(weight: isTimed ? weight * 1e-9 : weight)
    samples.push(root!)
    for id in frames.reversed() { samples.push(id) }
    samples.endStack()
    sampleCount += 1
    try InputError.requireFinite(samples.totalWeight, "the periods", at: .line(headerLine))
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
      stacks: samples, weightUnit: isTimed ? .seconds : WeightUnit.none, sources: sources,
      producer: "perf", warnings: warnings)
  }
}
