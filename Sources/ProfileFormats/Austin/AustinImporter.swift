import ProfileModel

/// Reads austin's text output (austin 3.x, every mode) into exact stacks: one sample per
/// line, `P<pid>;T[<iid>:]<tid>;file:function:line;… metrics`, root frame first. The
/// metrics depend on the `# mode:` metadata line: wall or CPU time (µs since the previous
/// pass), memory (signed RSS deltas: allocated and released become two metrics), or full
/// (time, idle flag, memory → wall time, CPU time, allocated, released). A frame is a
/// function — file and name — whatever line it was running. Processes and threads become
/// top-level nodes when a file has more than one.
public enum AustinImporter: ProfileImporter {
  public static let format = InputFormat.austin
  public static let summary = "austin samples (austin -o FILE, every mode)"
  public static let fileExtensions = ["austin"]

  /// The first line that is not blank is `# austin: …` metadata or a sample `P<pid>;T…`.
  public static func recognize(_ prefix: UnsafeBufferPointer<UInt8>, isWholeInput: Bool)
    -> Recognition
  {
    guard let (line, isComplete) = TextLines.firstLine(in: prefix, skip: TextLines.isBlank) else {
      return isWholeInput ? .no : .needMoreBytes
    }
    if line.starts(with: "# austin:".utf8) { return .yes }
    // A sample head needs `P`, digits and `;T`: wait for them when the prefix ends first.
    if !isComplete && !isWholeInput && line.count < 64 { return .needMoreBytes }
    return AustinSampleHead.isSampleLine(line) ? .yes : .no
  }

  public static func read(_ files: [InputFile]) throws(InputError) -> Profile {
    var reader = AustinReader()
    // Two passes: which processes and threads there are decides the top-level nodes.
    for pass in [AustinReader.Pass.groups, .samples] {
      for file in files {
        do throws(InputError) {
          try file.withBytes { (bytes) throws(InputError) in try reader.add(bytes, pass) }
        } catch {
          var named = error
          named.path = file.path
          throw named
        }
        if pass == .samples {
          reader.sources.append(ProfileSource(path: file.path, modified: file.modified))
        }
      }
    }
    return try reader.profile()
  }

  public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, source: ProfileSource)
    throws(InputError) -> Profile
  {
    var reader = AustinReader()
    try reader.add(bytes, .groups)
    try reader.add(bytes, .samples)
    reader.sources.append(source)
    return try reader.profile()
  }
}

/// What the sample lines' metrics hold, from `# mode:`.
enum AustinMode: Equatable {
  case wall, cpu, memory, full
  /// A mode this reader does not know, read as one unit-less integer per sample.
  case other(String)

  init(_ name: String) {
    switch name {
    case "wall": self = .wall
    case "cpu": self = .cpu
    case "memory": self = .memory
    case "full": self = .full
    default: self = .other(name)
    }
  }

  /// The metrics flamewalk shows for the mode, in order; the first is the default.
  var metrics: [Metric] {
    switch self {
    case .wall: [Metric(name: "wall time", unit: .seconds)]
    case .cpu: [Metric(name: "cpu time", unit: .seconds)]
    case .memory:
      [Metric(name: "allocated", unit: .bytes), Metric(name: "released", unit: .bytes)]
    case .full:
      [
        Metric(name: "wall time", unit: .seconds), Metric(name: "cpu time", unit: .seconds),
        Metric(name: "allocated", unit: .bytes), Metric(name: "released", unit: .bytes),
      ]
    case .other(let name): [Metric(name: name, unit: .none)]
    }
  }

  /// The mode's name as `# mode:` spells it.
  var name: String {
    switch self {
    case .wall: "wall"
    case .cpu: "cpu"
    case .memory: "memory"
    case .full: "full"
    case .other(let name): name
    }
  }

  /// Whether the first integer is a time (never negative).
  var hasTime: Bool { self == .wall || self == .cpu || self == .full }

  /// How many comma-separated integers each sample carries.
  var valueCount: Int { self == .full ? 3 : 1 }

  /// The sample's weight under each metric, from its integers.
  func weights(_ values: [Int64]) -> [Double] {
    switch self {
    case .wall, .cpu: [Double(values[0]) / 1e6]
    case .memory: [Double(max(values[0], 0)), Double(max(-values[0], 0))]
    case .full:
      [
        Double(values[0]) / 1e6, values[1] == 0 ? Double(values[0]) / 1e6 : 0,
        Double(max(values[2], 0)), Double(max(-values[2], 0)),
      ]
    case .other: [Double(values[0])]
    }
  }
}

/// The head of a sample line: `P<pid>;T<tid>` or `P<pid>;T<iid>:<tid>`.
struct AustinSampleHead {
  var process: String
  var thread: String
  /// The sub-interpreter, when not the main one (austin 3.6 and later write it).
  var interpreter: String?
  /// Bytes up to and including the `;` after the thread (or to the end of the head).
  var length: Int

  /// The head of a line that `isSampleLine` accepted.
  init(_ line: UnsafeBufferPointer<UInt8>) {
    var semicolon = 0
    while line[semicolon] != UInt8(ascii: ";") { semicolon += 1 }
    var end = semicolon + 1
    while end < line.count && line[end] != UInt8(ascii: ";") && line[end] != 0x20 { end += 1 }
    process = String(decoding: UnsafeBufferPointer(rebasing: line[1..<semicolon]), as: UTF8.self)
    let field = String(
      decoding: UnsafeBufferPointer(rebasing: line[(semicolon + 2)..<end]), as: UTF8.self)
    if let colon = field.firstIndex(of: ":") {
      let iid = String(field[..<colon])
      thread = String(field[field.index(after: colon)...])
      interpreter = iid == "0" ? nil : iid
    } else {
      thread = field
      interpreter = nil
    }
    length = end < line.count && line[end] == UInt8(ascii: ";") ? end + 1 : end
  }

  /// Whether `line` starts with `P`, digits and `;T`.
  static func isSampleLine(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    guard line.count >= 4, line[0] == UInt8(ascii: "P") else { return false }
    var i = 1
    while i < line.count && (0x30...0x39).contains(line[i]) { i += 1 }
    return i > 1 && i + 1 < line.count && line[i] == UInt8(ascii: ";")
      && line[i + 1] == UInt8(ascii: "T")
  }
}

/// The samples of one or more austin files: one set of weighted stacks per metric, their
/// frame ids kept equal across the sets so each frame is parsed once.
struct AustinReader {
  /// The first pass finds the mode, processes and threads; the second reads the samples.
  enum Pass { case groups, samples }

  var sources: [ProfileSource] = []
  private var mode: AustinMode?
  /// `austin <version>` from the `# austin:` metadata line of the first file that has one.
  private var producer: String?
  private var perMetric: [StackSamples] = []
  private var sampleCount = 0
  private var interner = ByteInterner()
  private var frameOfText: [Int32] = []
  private var namedFrames: [String: Int32] = [:]
  private var processes = Set<String>()
  private var threads = Set<String>()
  private var frames: [Int32] = []
  private var values: [Int64] = []

  mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, _ pass: Pass) throws(InputError) {
    var fileMode: AustinMode?
    try TextLines.forEach(bytes) { (range, lineNumber) throws(InputError) in
      let line = UnsafeBufferPointer(rebasing: bytes[range])
      if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
      if line[0] == UInt8(ascii: "#") {
        let text = String(decoding: line, as: UTF8.self)
        if text.hasPrefix("# austin:") && producer == nil {
          let version = text.dropFirst("# austin:".count).trimmingCharacters(in: [" ", "\t"])
          producer = version.isEmpty ? "austin" : "austin " + version
        }
        if text.hasPrefix("# mode:") && fileMode == nil {
          let name = text.dropFirst("# mode:".count).trimmingCharacters(in: [" ", "\t"])
          fileMode = AustinMode(name)
          if pass == .groups { try adopt(fileMode!, line: lineNumber) }
        }
        return
      }
      guard AustinSampleHead.isSampleLine(line) else {
        throw InputError(.badValue, .line(lineNumber), "not an austin sample (P<pid>;T<tid>;…)")
      }
      if fileMode == nil {
        // No metadata: the mode is what the first sample's metrics look like.
        var i = line.count - 1
        while i > 0 && line[i] != 0x20 { i -= 1 }
        fileMode = line[i...].contains(UInt8(ascii: ",")) ? .full : .wall
        if pass == .groups { try adopt(fileMode!, line: lineNumber) }
      }
      switch pass {
      case .groups:
        let head = AustinSampleHead(line)
        processes.insert(head.process)
        threads.insert(head.process + ";" + head.thread)
      case .samples:
        try sample(line, lineNumber: lineNumber)
      }
    }
  }

  /// Takes `mode` as the mode of the samples that follow; files that merge must agree.
  private mutating func adopt(_ mode: AustinMode, line: Int) throws(InputError) {
    if let current = self.mode {
      guard current == mode else {
        throw InputError(
          .unsupported, .line(line),
          "austin files of different modes do not merge (\(current.name) and \(mode.name))")
      }
      return
    }
    self.mode = mode
    perMetric = Array(
      repeating: StackSamples(mergingIdenticalStacks: true), count: mode.metrics.count)
  }

  private mutating func sample(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int)
    throws(InputError)
  {
    guard let mode else { return }
    var space = line.count - 1
    while space > 0 && line[space] != 0x20 { space -= 1 }
    guard space > 0 else {
      throw InputError(.badValue, .line(lineNumber), "a sample without metrics")
    }
    try readValues(UnsafeBufferPointer(rebasing: line[(space + 1)...]), mode, lineNumber)
    let weights = mode.weights(values)
    // The frames follow the head's two fields, separated by `;`.
    frames.removeAll(keepingCapacity: true)
    let head = AustinSampleHead(line)
    if processes.count > 1 { frames.append(named("process \(head.process)")) }
    if threads.count > 1 {
      var label = "thread \(head.thread)"
      if let iid = head.interpreter { label += " (interpreter \(iid))" }
      frames.append(named(label))
    }
    let groupCount = frames.count
    var fieldStart = head.length
    while fieldStart < space {
      var fieldEnd = fieldStart
      while fieldEnd < space && line[fieldEnd] != UInt8(ascii: ";") { fieldEnd += 1 }
      frames.append(
        try frame(UnsafeBufferPointer(rebasing: line[fieldStart..<fieldEnd]), lineNumber))
      fieldStart = fieldEnd + 1
    }
    if frames.count == groupCount { frames.append(named("(no Python frames)")) }
    for (m, weight) in weights.enumerated() where weight > 0 {
      frames.withUnsafeBufferPointer { perMetric[m].add(weight: weight, stack: $0) }
      try InputError.requireFinite(perMetric[m].totalWeight, "the metrics", at: .line(lineNumber))
    }
    sampleCount += 1
  }

  private mutating func readValues(
    _ text: UnsafeBufferPointer<UInt8>, _ mode: AustinMode, _ lineNumber: Int
  ) throws(InputError) {
    values.removeAll(keepingCapacity: true)
    let bad = InputError(
      .badValue, .line(lineNumber),
      mode.valueCount == 3
        ? "full-mode metrics are not three integers (time,idle,memory)"
        : "the sample's metric is not an integer")
    var value: Int64 = 0
    var negative = false
    var digits = 0
    for byte in text {
      switch byte {
      case UInt8(ascii: "-") where digits == 0 && !negative:
        negative = true
      case 0x30...0x39:
        let (times10, o1) = value.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times10.addingReportingOverflow(Int64(byte - 0x30))
        if o1 || o2 { throw bad }
        value = sum
        digits += 1
      case UInt8(ascii: ","):
        guard digits > 0 else { throw bad }
        values.append(negative ? -value : value)
        (value, negative, digits) = (0, false, 0)
      default:
        throw bad
      }
    }
    guard digits > 0 else { throw bad }
    values.append(negative ? -value : value)
    guard values.count == mode.valueCount else { throw bad }
    if mode.hasTime && values[0] < 0 {
      throw InputError(.badValue, .line(lineNumber), "a negative time")
    }
  }

  /// The frame `file:function:line` (split at the last two colons: files may hold colons).
  private mutating func frame(_ text: UnsafeBufferPointer<UInt8>, _ lineNumber: Int)
    throws(InputError) -> Int32
  {
    guard let base = text.baseAddress, !text.isEmpty else {
      throw InputError(.badValue, .line(lineNumber), "an empty frame")
    }
    let (id, isNew) = interner.intern(base, length: text.count)
    if !isNew { return frameOfText[Int(id)] }
    var lastColon = text.count - 1
    while lastColon >= 0 && text[lastColon] != UInt8(ascii: ":") { lastColon -= 1 }
    var nameColon = lastColon - 1
    while nameColon >= 0 && text[nameColon] != UInt8(ascii: ":") { nameColon -= 1 }
    guard lastColon >= 0, nameColon >= 0 else {
      throw InputError(
        .badValue, .line(lineNumber),
        "a frame that is not file:function:line: \(String(decoding: text, as: UTF8.self))")
    }
    let file = String(decoding: UnsafeBufferPointer(rebasing: text[..<nameColon]), as: UTF8.self)
    let name = String(
      decoding: UnsafeBufferPointer(rebasing: text[(nameColon + 1)..<lastColon]), as: UTF8.self)
    let frame =
      file.isEmpty && (name == "INVALID" || name == "GC")
      ? named(":\(name):") : perMetric.frame(file: file, line: 0, name: name)
    frameOfText.append(frame)
    return frame
  }

  /// A pseudo-frame — a process, a thread, a marker — by name alone.
  private mutating func named(_ name: String) -> Int32 {
    if let id = namedFrames[name] { return id }
    let id = perMetric.frame(file: "", line: 0, name: name)
    namedFrames[name] = id
    return id
  }

  /// One profile per metric that has samples, the mode's first metric the default.
  func profile() throws(InputError) -> Profile {
    guard sampleCount > 0, let mode else {
      throw InputError(.schema, .none, "no austin samples in the file")
    }
    var warnings: [ProfileWarning] = []
    if case .other(let name) = mode {
      warnings.append(
        ProfileWarning(
          .unknownNodes, "unknown austin mode '\(name)': its metric is shown without a unit",
          path: sources.first?.path))
    }
    var profiles: [Profile] = []
    for (m, metric) in mode.metrics.enumerated() where perMetric[m].stackCount > 0 {
      var profile = Profile(
        stacks: perMetric[m], weightUnit: metric.unit, sources: sources,
        producer: producer ?? "austin", warnings: warnings, metricName: metric.name)
      profile.groupDepth = (processes.count > 1 ? 1 : 0) + (threads.count > 1 ? 1 : 0)
      profiles.append(profile)
    }
    guard !profiles.isEmpty else {
      throw InputError(.schema, .none, "every austin sample weighs nothing")
    }
    return Profile.measured(by: profiles, defaultPosition: 0)
  }
}
