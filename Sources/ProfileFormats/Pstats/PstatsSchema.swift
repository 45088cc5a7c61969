import ProfileModel

/// Reads the pstats dict out of a marshal stream and builds a `Profile`, checking the shape
/// of spec A.3.1 on the way (every failure is a `schema` error at the offending value's
/// offset) and recognising the producer (A.3.7). The root dict is consumed pair by pair, so
/// the decoded values of one function are forgotten once the function is in the graph.
struct PstatsSchema {
  var reader: MarshalReader
  /// When false, nothing is discarded (the fallback when a file shares containers across
  /// functions in ways cProfile never does).
  let streaming: Bool
  private var builder = CallGraphBuilder()
  /// Without streaming: function index + 1 for each key tuple already resolved (0: not yet),
  /// by container index.
  private var keyCache: [Int32] = []
  private var sampled = false
  private var sawTimedCallers = false
  private var sawCountCallers = false
  private var nonFinite = 0
  /// The callers of the entry being read, reused from entry to entry.
  private var edgeBuffer: [CallGraphBuilder.Edge] = []

  init(reader: MarshalReader, streaming: Bool) {
    self.reader = reader
    self.streaming = streaming
    // cProfile files spend roughly 300 bytes per function and 30 per caller edge.
    builder.reserveCapacity(
      functions: reader.bytes.count / 300, edges: reader.bytes.count / 30)
  }

  private func schema(_ value: MarshalValue, _ message: String) -> InputError {
    InputError(.schema, .offset(Int(value.offset)), message)
  }

  private mutating func stringID(_ value: MarshalValue, _ what: String) throws(InputError)
    -> Int32
  {
    switch value.kind {
    case .string: return value.stringID
    case .bytes: return reader.strings.intern(reader.text(of: value))
    default: throw schema(value, "\(what) is not a string")
    }
  }

  private func cachedFunction(_ container: Int) -> Int32? {
    container < keyCache.count && keyCache[container] != 0 ? keyCache[container] - 1 : nil
  }

  private mutating func functionIndex(_ key: MarshalValue) throws(InputError) -> Int32 {
    if key.kind == .resolvedKey { return Int32(truncatingIfNeeded: key.payload) }
    guard key.kind == .tuple else {
      throw schema(key, "a function key is not a (file, line, name) tuple")
    }
    if let f = cachedFunction(key.index) { return f }
    let parts = try reader.requireElements(of: key)
    guard parts.count == 3 else {
      throw schema(key, "a function key has \(parts.count) items, not 3 (file, line, name)")
    }
    let (fileValue, lineValue, nameValue) =
      (parts[parts.startIndex], parts[parts.startIndex + 1], parts[parts.startIndex + 2])
    let file = try stringID(fileValue, "a function key's file name")
    guard lineValue.kind == .int else {
      throw schema(lineValue, "a function key's line number is not an int")
    }
    let name: Int32
    if nameValue.kind == .code {
      name = reader.strings.intern(reader.codes[nameValue.index].displayString)
    } else {
      name = try stringID(nameValue, "a function key's name")
    }
    let f = builder.function(FunctionKey(file: file, line: lineValue.int, name: name))
    let slot = Int(reader.containerSlot[key.index])
    if streaming {
      // Later references to this tuple now carry the function directly.
      if slot >= 0 {
        reader.refs[slot] = MarshalValue(.resolvedKey, UInt64(f), at: Int(key.offset))
      }
      return f
    }
    if key.index >= keyCache.count {
      keyCache += repeatElement(0, count: max(key.index + 1 - keyCache.count, keyCache.count))
    }
    keyCache[key.index] = f + 1
    return f
  }

  /// A call count. Negative ones are read as Python's pstats reads them (pyinstrument's
  /// `-r pstats` writes -1 for counts it does not know).
  private func count(_ value: MarshalValue, _ what: String) throws(InputError) -> Int64 {
    switch value.kind {
    case .int: return value.int
    case .hugeInt: throw schema(value, "\(what) does not fit in 64 bits")
    default: throw schema(value, "\(what) is not an int")
    }
  }

  private mutating func time(_ value: MarshalValue, _ what: String) throws(InputError) -> Double {
    let result: Double
    switch value.kind {
    case .int: result = Double(value.int)
    case .float: result = value.double
    default: throw schema(value, "\(what) is not a number")
    }
    if !result.isFinite { nonFinite += 1 }
    return result
  }

  private mutating func isSampledMarker(_ key: MarshalValue) throws(InputError) -> Bool {
    guard key.kind == .tuple, cachedFunction(key.index) == nil,
      reader.containerCount[key.index] == 1
    else { return false }
    guard let only = try reader.requireElements(of: key).first, only.kind == .string else {
      return false
    }
    return reader.strings[only.stringID] == "__sampled__"
  }

  /// Reads a callers dict into `edgeBuffer`.
  private mutating func readCallers(_ callers: MarshalValue) throws(InputError) {
    guard callers.kind == .dict else { throw schema(callers, "callers is not a dict") }
    let items = try reader.requireElements(of: callers)
    edgeBuffer.removeAll(keepingCapacity: true)
    var i = items.startIndex
    while i < items.endIndex {
      let caller = try functionIndex(items[i])
      let value = items[i + 1]
      i += 2
      if value.kind == .tuple {
        let parts = try reader.requireElements(of: value)
        guard parts.count == 4 else {
          throw schema(value, "a caller value has \(parts.count) items, not 4 (nc, cc, tt, ct)")
        }
        let s = parts.startIndex
        edgeBuffer.append(
          CallGraphBuilder.Edge(
            caller: caller, nc: try count(parts[s], "a caller's call count"),
            cc: try count(parts[s + 1], "a caller's primitive call count"),
            tt: try time(parts[s + 2], "a caller's tottime"),
            ct: try time(parts[s + 3], "a caller's cumtime")))
        sawTimedCallers = true
      } else if value.kind == .int || value.kind == .hugeInt {
        let n = try count(value, "a caller's call count")
        edgeBuffer.append(CallGraphBuilder.Edge(caller: caller, nc: n, cc: n, tt: 0, ct: 0))
        sawCountCallers = true
      } else {
        throw schema(value, "a caller value is neither a 4-tuple nor an int")
      }
      if sawTimedCallers && sawCountCallers {
        throw schema(value, "callers mix 4-tuples (cProfile) and ints (profile)")
      }
    }
  }

  /// One `key: value` pair of the root dict.
  private mutating func consume(key: MarshalValue, value: MarshalValue) throws(InputError) {
    if try isSampledMarker(key) {
      guard value.kind == .bool, value.payload == 1 else {
        throw schema(value, "the ('__sampled__',) marker's value is not True")
      }
      sampled = true
      return
    }
    let f = try functionIndex(key)
    guard value.kind == .tuple, reader.containerCount[value.index] == 5 else {
      throw schema(value, "a function's value is not a 5-tuple (cc, nc, tt, ct, callers)")
    }
    let parts = try reader.requireElements(of: value)
    let s = parts.startIndex
    let stats = CallGraphBuilder.Stats(
      cc: try count(parts[s], "a function's primitive call count"),
      nc: try count(parts[s + 1], "a function's call count"),
      tt: try time(parts[s + 2], "a function's tottime"),
      ct: try time(parts[s + 3], "a function's cumtime"))
    try readCallers(parts[s + 4])
    builder.setEntry(f, stats: stats, callers: edgeBuffer)
  }

  /// Reads the whole file and returns its profile.
  mutating func read(source: ProfileSource) throws(InputError) -> Profile {
    guard let slot = reader.openDict() else {
      let root = try reader.readValue(depth: 1)
      throw schema(root, "the file holds \(root.kind.article), not a pstats dict")
    }
    var pairs = 0
    var meter = ReadMeter()
    defer {
      meter.reached(reader.position)
      meter.flush()
    }
    while let key = try reader.readDictKey(depth: 2) {
      meter.reached(reader.position)
      let elementMark = reader.elements.count
      let containerMark = reader.containerStart.count
      let value = try reader.readValue(depth: 2)
      try consume(key: key, value: value)
      pairs += 1
      if streaming {
        reader.discard(elementsFrom: elementMark, containersFrom: containerMark)
      }
    }
    if slot >= 0 { reader.refs[slot] = MarshalValue(.dict, at: 0) }
    guard pairs > 0, builder.entryCount > 0 else {
      throw InputError(.schema, .offset(0), "the profile is empty (no functions)")
    }
    builder.edgeValues = sawCountCallers ? .counts : .timed
    builder.strings = reader.strings
    let graph = builder.build()
    let metadata = PstatsMetadata(flavor: flavor(graph), pythonMajor: pythonMajor, graph: graph)
    return Profile(
      graph: graph, sources: [source], pstats: metadata,
      warnings: warnings(graph, trailingBytes: reader.remaining, path: source.path))
  }

  private func flavor(_ graph: CallGraph) -> PstatsFlavor {
    if sampled { return .sampled }
    if sawCountCallers { return .profile }
    for f in 0..<graph.entryCount where graph.cc[f] > graph.nc[f] { return .yappi }
    return .cprofile
  }

  private var pythonMajor: Int {
    reader.sawPython2Codes && !reader.sawPython3Codes && !reader.sawFlagRef ? 2 : 3
  }

  private func warnings(_ graph: CallGraph, trailingBytes: Int, path: String)
    -> [ProfileWarning]
  {
    var warnings: [ProfileWarning] = []
    if trailingBytes > 0 {
      warnings.append(
        .init(.trailingBytes, "\(trailingBytes) bytes after the profile's end were ignored"))
    }
    if nonFinite > 0 {
      warnings.append(
        .init(
          .nonFiniteTimes,
          "\(nonFinite) times are NaN or infinite; they count as 0 in the call tree"))
    }
    let placeholders = graph.functionCount - graph.entryCount
    if placeholders > 0 {
      warnings.append(
        .init(
          .placeholderCallers,
          "\(placeholders) callers have no entry of their own; kept with no time"))
    }
    if reader.latin1Fallbacks > 0 {
      warnings.append(
        .init(
          .latin1Strings,
          "\(reader.latin1Fallbacks) interned strings were not UTF-8; read as Latin-1"))
    }
    return warnings.map { ProfileWarning($0.kind, $0.message, path: path) }
  }
}
