import ProfileModel
import SwiftProtobuf

/// Reads pprof profiles — the `profile.proto` message, gzip-compressed as Go's
/// `runtime/pprof` writes it or raw as austin2pprof does — into exact stacks. Each sample
/// type is a metric (times in seconds, bytes, counts); the default is the one
/// `default_sample_type` names, else the last, as pprof shows it. A location's inlined
/// lines are frames of their own, innermost first; a location without lines is named by
/// its address. `drop_frames`/`keep_frames` prune stacks as pprof does when it loads them.
public enum PprofImporter: ProfileImporter {
  public static let format = InputFormat.pprof
  public static let summary =
    "pprof profiles (Go runtime/pprof, Pyroscope, austin2pprof; gzip or raw)"
  public static let fileExtensions = ["pprof", "pb", "gz", "prof"]

  /// gzip data that inflates to a profile message, or a raw one: the first fields are
  /// `Profile` fields with the wire types the message gives them.
  public static func recognize(_ prefix: UnsafeBufferPointer<UInt8>, isWholeInput: Bool)
    -> Recognition
  {
    guard Gzip.isGzip(prefix) else {
      return PprofWire.recognize(prefix, isWholeInput: isWholeInput)
    }
    let inflated = (try? Gzip.decompress(prefix, limit: 1 << 16, partial: true)) ?? []
    return inflated.withUnsafeBufferPointer { buffer in
      switch PprofWire.recognize(buffer, isWholeInput: false) {
      case .needMoreBytes: isWholeInput || buffer.count >= 1 << 16 ? .no : .needMoreBytes
      case let other: other
      }
    }
  }

  public static func read(_ files: [InputFile]) throws(InputError) -> Profile {
    try readOne(files, kind: "pprof profiles")
  }

  public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, source: ProfileSource)
    throws(InputError) -> Profile
  {
    try decode(bytes, source: source, frameLimit: nil)
  }

  /// `decode`, its stacks limited to `frameLimit` frames (by default the limit of the
  /// inflated message's size).
  static func decode(
    _ bytes: UnsafeBufferPointer<UInt8>, source: ProfileSource, frameLimit: Int?
  ) throws(InputError) -> Profile {
    let compressed = Gzip.isGzip(bytes)
    let serialized = compressed ? try Gzip.decompress(bytes) : Array(bytes)
    let message: Perftools_Profiles_Profile
    do {
      message = try Perftools_Profiles_Profile(serializedBytes: serialized)
    } catch {
      // swift-protobuf says what but not where; the wire walk finds the place.
      let problem = serialized.withUnsafeBufferPointer { PprofWire.firstProblem($0) }
      guard let problem else {
        throw InputError(.badValue, .none, "not a valid pprof message: \(error)")
      }
      if compressed {
        throw InputError(
          .badValue, .none,
          "not a valid pprof message: \(problem.message), at byte \(problem.offset) of the "
            + "inflated data")
      }
      throw InputError(
        .badValue, .offset(problem.offset), "not a valid pprof message: \(problem.message)")
    }
    let sizeLimit = StackSamples.frameLimit(inputBytes: serialized.count)
    return try PprofReader(
      message, source: source, frameLimit: frameLimit ?? sizeLimit,
      metricLimit: sizeLimit / 4_096
    ).profile()
  }
}

/// The protobuf wire format, as far as recognising a `Profile` message needs it.
enum PprofWire {
  /// Wire types of the `Profile` fields 1–15 (2 = length-delimited, 0 = varint); the
  /// repeated integer field 13 may also be packed.
  private static let wireTypes: [Int: Set<UInt64>] = [
    1: [2], 2: [2], 3: [2], 4: [2], 5: [2], 6: [2], 7: [0], 8: [0], 9: [0], 10: [0], 11: [2],
    12: [0], 13: [0, 2], 14: [0], 15: [0],
  ]

  static func recognize(_ bytes: UnsafeBufferPointer<UInt8>, isWholeInput: Bool) -> Recognition {
    var offset = 0
    var fields = 0
    while offset < bytes.count && fields < 16 {
      guard let tag = varint(bytes, &offset) else { return isWholeInput ? .no : .needMoreBytes }
      guard let allowed = wireTypes[Int(truncatingIfNeeded: tag >> 3)], allowed.contains(tag & 7)
      else { return .no }
      guard let value = varint(bytes, &offset) else {
        return isWholeInput ? .no : (fields > 0 ? .yes : .needMoreBytes)
      }
      if tag & 7 == 2 {
        guard value <= UInt64(Int.max - offset) else { return .no }
        offset += Int(value)
        if offset > bytes.count {
          return isWholeInput ? .no : (fields > 0 ? .yes : .needMoreBytes)
        }
      }
      fields += 1
    }
    return fields > 0 ? .yes : (isWholeInput ? .no : .needMoreBytes)
  }

  /// The fields of pprof's messages that are messages themselves, by (message, field
  /// number): `Profile` is 0, `Sample` 1, `Location` 2, the leaves (`ValueType`, `Label`,
  /// `Mapping`, `Line`, `Function`) 3.
  private static let nested: [Int: [UInt64: Int]] = [
    0: [1: 3, 2: 1, 3: 3, 4: 2, 5: 3, 11: 3],
    1: [3: 3],
    2: [4: 3],
  ]

  /// The first place where `bytes` break the wire format of a `Profile` message: a tag,
  /// varint or fixed-width value that runs past its message, a length longer than what
  /// remains, a wire type pprof never uses, a `string_table` entry that is not UTF-8.
  /// Walked without recursion; nil when the wire format holds.
  static func firstProblem(_ bytes: UnsafeBufferPointer<UInt8>) -> (offset: Int, message: String)? {
    var open: [(end: Int, kind: Int)] = [(bytes.count, 0)]
    var offset = 0
    while let (end, kind) = open.last {
      if offset == end {
        open.removeLast()
        continue
      }
      let start = offset
      let limited = UnsafeBufferPointer(rebasing: bytes[..<end])
      guard let tag = varint(limited, &offset) else { return (start, "a field tag is cut off") }
      let field = tag >> 3
      guard field > 0 else { return (start, "a field numbered 0") }
      switch tag & 7 {
      case 0:
        guard varint(limited, &offset) != nil else {
          return (start, "the value of field \(field) is cut off")
        }
      case 1, 5:
        let width = tag & 7 == 1 ? 8 : 4
        guard end - offset >= width else {
          return (start, "the value of field \(field) is cut off")
        }
        offset += width
      case 2:
        guard let length = varint(limited, &offset) else {
          return (start, "the length of field \(field) is cut off")
        }
        guard length <= UInt64(end - offset) else {
          return (start, "field \(field) claims \(length) bytes, \(end - offset) remain")
        }
        let body = offset..<offset + Int(length)
        if kind == 0 && field == 6
          && String(validating: UnsafeBufferPointer(rebasing: bytes[body]), as: UTF8.self) == nil
        {
          return (body.lowerBound, "a string_table entry is not UTF-8")
        }
        offset = body.upperBound
        if let inner = nested[kind]?[field] { open.append((body.upperBound, inner)) }
      default:
        return (start, "field \(field) has wire type \(tag & 7), which pprof never uses")
      }
    }
    return nil
  }

  /// A base-128 varint at `offset`, or nil when it runs past the end or over 10 bytes.
  private static func varint(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int) -> UInt64? {
    var value: UInt64 = 0
    for shift in stride(from: 0, to: 70, by: 7) {
      guard offset < bytes.count else { return nil }
      let byte = bytes[offset]
      offset += 1
      value |= UInt64(byte & 0x7F) << UInt64(shift)
      if byte & 0x80 == 0 { return value }
    }
    return nil
  }
}

/// One decoded pprof message, checked as pprof's `CheckValid` checks it, made into one set
/// of stacks per sample type.
struct PprofReader {
  let message: Perftools_Profiles_Profile
  let source: ProfileSource
  private var locations: [UInt64: Int] = [:]
  private var functions: [UInt64: Int] = [:]
  private var mappings: [UInt64: Int] = [:]
  /// The most frames the stacks may take (`StackSamples.frameLimit`, of the inflated size).
  private let frameLimit: Int
  /// The most sample types: each is a profile with a call graph of its own, about 4 KB
  /// even when empty (100,000 of them, 800 KB, took 450 MB), so each may take as much as
  /// 4,096 frames of the frame limit.
  private let metricLimit: Int

  init(
    _ message: Perftools_Profiles_Profile, source: ProfileSource, frameLimit: Int,
    metricLimit: Int
  )
    throws(InputError)
  {
    self.message = message
    self.source = source
    self.frameLimit = frameLimit
    self.metricLimit = metricLimit
    let strings = message.stringTable
    guard strings.first ?? "" == "" else {
      throw InputError(.schema, .none, "string_table[0] is not the empty string")
    }
    if !message.sample.isEmpty && message.sampleType.isEmpty {
      throw InputError(.schema, .none, "samples but no sample_type")
    }
    func index<T>(_ items: [T], _ id: (T) -> UInt64, _ what: String) throws(InputError)
      -> [UInt64: Int]
    {
      var result: [UInt64: Int] = [:]
      for (i, item) in items.enumerated() {
        let key = id(item)
        guard key != 0 else { throw InputError(.schema, .none, "\(what) \(i + 1) has id 0") }
        guard result.updateValue(i, forKey: key) == nil else {
          throw InputError(.schema, .none, "two \(what)s have id \(key)")
        }
      }
      return result
    }
    locations = try index(message.location, \.id, "location")
    functions = try index(message.function, \.id, "function")
    mappings = try index(message.mapping, \.id, "mapping")
    try checkStrings()
  }

  /// Every string index in the message names a string of the table.
  private func checkStrings() throws(InputError) {
    let count = Int64(message.stringTable.count)
    func check(_ index: Int64, _ what: String) throws(InputError) {
      guard index >= 0 && index < max(count, 1) else {
        throw InputError(
          .schema, .none, "\(what) names string \(index) of a table of \(count)")
      }
    }
    for type in message.sampleType + [message.periodType] {
      try check(type.type, "a sample type")
      try check(type.unit, "a sample type's unit")
    }
    for function in message.function {
      try check(function.name, "function \(function.id)")
      try check(function.systemName, "function \(function.id)")
      try check(function.filename, "function \(function.id)")
    }
    for mapping in message.mapping { try check(mapping.filename, "mapping \(mapping.id)") }
    for index in [message.dropFrames, message.keepFrames, message.defaultSampleType] {
      try check(index, "the profile")
    }
  }

  private func string(_ index: Int64) -> String {
    index > 0 && index < Int64(message.stringTable.count) ? message.stringTable[Int(index)] : ""
  }

  /// A metric per sample type: its name, its unit and the divisor to that unit (dividing
  /// by an exact power of ten rounds once; multiplying by 1e-9 would round twice).
  private func metrics() -> [(metric: Metric, divisor: Double)] {
    message.sampleType.map { type in
      let name = string(type.type)
      let (unit, divisor): (WeightUnit, Double) =
        switch string(type.unit).lowercased() {
        case "nanoseconds", "ns": (.seconds, 1e9)
        case "microseconds", "us", "μs", "µs": (.seconds, 1e6)
        case "milliseconds", "ms": (.seconds, 1e3)
        case "seconds", "s": (.seconds, 1)
        case "bytes", "b": (.bytes, 1)
        case "count", "samples", "": (.samples, 1)
        default: (.none, 1)
        }
      return (Metric(name: name.isEmpty ? "value" : name, unit: unit), divisor)
    }
  }

  func profile() throws(InputError) -> Profile {
    let metrics = metrics()
    guard !metrics.isEmpty else {
      throw InputError(.schema, .none, "no sample types: the profile measures nothing")
    }
    var sets = Array(repeating: StackSamples(mergingIdenticalStacks: true), count: metrics.count)
    var frameOfFunction: [Int: Int32] = [:]
    var frameOfLocation: [Int: Int32] = [:]
    var namedFrames: [String: Int32] = [:]
    let pruning = try PprofPruning(
      drop: string(message.dropFrames), keep: string(message.keepFrames))
    var dropped = 0
    var frames: [Int32] = []
    var names: [String] = []
    guard metrics.count <= metricLimit else {
      throw InputError(
        .unsupported, .none,
        "\(metrics.count) sample types, each a profile of its own: more than "
          + "\(metricLimit) for a file of this size")
    }
    // The frames of every metric's stacks together: a location expands to its lines, and
    // each sample's stack is added once per metric.
    var pushed = 0
    for (s, sample) in message.sample.enumerated() {
      guard sample.value.count == metrics.count else {
        throw InputError(
          .schema, .none,
          "sample \(s + 1) has \(sample.value.count) values for \(metrics.count) sample types")
      }
      frames.removeAll(keepingCapacity: true)
      names.removeAll(keepingCapacity: true)
      // Leaf first, as the file lists them; each location's lines innermost first.
      for id in sample.locationID {
        guard let l = locations[id] else {
          throw InputError(
            .schema, .none, "sample \(s + 1) names location \(id), which is not there")
        }
        let location = message.location[l]
        if location.line.isEmpty {
          if frameOfLocation[l] == nil {
            let mapping = mappings[location.mappingID].map { message.mapping[$0] }
            let file = mapping.map { string($0.filename) } ?? ""
            frameOfLocation[l] = sets.frame(
              file: file, line: 0, name: "0x" + String(location.address, radix: 16))
          }
          frames.append(frameOfLocation[l]!)
          names.append("")
          continue
        }
        for line in location.line {
          guard let f = functions[line.functionID] else {
            throw InputError(
              .schema, .none,
              "location \(location.id) names function \(line.functionID), which is not there")
          }
          if frameOfFunction[f] == nil {
            let function = message.function[f]
            var name = string(function.name)
            if name.isEmpty { name = string(function.systemName) }
            if name.isEmpty { name = "function \(function.id)" }
            frameOfFunction[f] = sets.frame(
              file: string(function.filename), line: function.startLine, name: name)
          }
          frames.append(frameOfFunction[f]!)
          names.append(pruning == nil ? "" : string(message.function[f].name))
        }
        try InputError.requireWithinFrameLimit(pushed: pushed + frames.count, limit: frameLimit)
      }
      var stackEnd = frames.count
      if let pruning { stackEnd = pruning.keptCount(leafFirst: names) }
      if stackEnd == 0 {
        if namedFrames["(no frames)"] == nil {
          namedFrames["(no frames)"] = sets.frame(file: "", line: 0, name: "(no frames)")
        }
        frames = [namedFrames["(no frames)"]!]
        stackEnd = 1
      }
      let kept = frames.count - stackEnd
      for (m, value) in sample.value.enumerated() where value != 0 {
        guard value > 0 else {
          dropped += 1
          continue
        }
        pushed += frames.count - kept
        try InputError.requireWithinFrameLimit(pushed: pushed, limit: frameLimit)
        sets[m].beginStack(weight: Double(value) / metrics[m].divisor)
        for i in stride(from: frames.count - 1, through: kept, by: -1) { sets[m].push(frames[i]) }
        sets[m].endStack()
      }
    }
    var warnings: [ProfileWarning] = []
    if dropped > 0 {
      warnings.append(
        ProfileWarning(
          .skippedProfiles,
          "\(dropped) negative sample values left out (a difference of two profiles?)",
          path: source.path))
    }
    var profiles: [Profile] = []
    for (m, set) in sets.enumerated() {
      try InputError.requireFinite(set.totalWeight, "the \(metrics[m].metric.name) values")
      profiles.append(
        Profile(
          stacks: set, weightUnit: metrics[m].metric.unit, sources: [source], warnings: warnings,
          metricName: metrics[m].metric.name))
    }
    let wanted = string(message.defaultSampleType)
    let position =
      wanted.isEmpty
      ? profiles.count - 1
      : (metrics.firstIndex { $0.metric.name == wanted } ?? profiles.count - 1)
    return Profile.measured(by: profiles, defaultPosition: position)
  }
}

/// pprof's `drop_frames` / `keep_frames`: a frame whose function name (argument list cut)
/// fully matches `drop` and not `keep` is removed with everything toward the leaf; frames
/// at the root end are never removed before the first one that does not match.
struct PprofPruning {
  let drop: Regex<AnyRegexOutput>
  let keep: Regex<AnyRegexOutput>?

  init?(drop: String, keep: String) throws(InputError) {
    guard !drop.isEmpty else { return nil }
    do {
      self.drop = try Regex(drop)
      self.keep = keep.isEmpty ? nil : try Regex(keep)
    } catch {
      throw InputError(.badValue, .none, "drop_frames or keep_frames is not a regular expression")
    }
  }

  /// How many of the frames (named leaf first) stay, counted from the root end.
  func keptCount(leafFirst names: [String]) -> Int {
    var seenOther = false
    for (fromRoot, name) in names.reversed().enumerated() {
      let bare = name.split(separator: "(", maxSplits: 1).first.map(String.init) ?? name
      let matches =
        (try? drop.wholeMatch(in: bare)) != nil
        && (keep.map { (try? $0.wholeMatch(in: bare)) == nil } ?? true)
      if matches && seenOther { return fromRoot }
      if !matches { seenOther = true }
    }
    return names.count
  }
}
