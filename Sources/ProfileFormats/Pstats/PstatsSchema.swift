import ProfileModel

/// Turns a decoded marshal root into a `Profile`, checking the pstats shape of spec A.3.1
/// on the way (every failure is a `schema` error at the offending value's offset) and
/// recognising the producer (A.3.7).
struct PstatsSchema {
  private let reader: MarshalReader
  private var builder: CallGraphBuilder
  /// Function index + 1 for each key tuple already seen (0: not seen), by container index.
  private var keyCache: [Int32]
  private var sampled = false
  private var sawTimedCallers = false
  private var sawCountCallers = false
  private var nonFinite = 0

  init(reader: MarshalReader) {
    self.reader = reader
    builder = CallGraphBuilder(strings: reader.strings)
    keyCache = [Int32](repeating: 0, count: reader.containerStart.count)
  }

  private func schema(_ value: MarshalValue, _ message: String) -> InputError {
    InputError(.schema, .offset(Int(value.offset)), message)
  }

  private mutating func stringID(_ value: MarshalValue, _ what: String) throws(InputError)
    -> Int32
  {
    switch value.kind {
    case .string: return value.stringID
    case .bytes: return builder.strings.intern(reader.text(of: value))
    default: throw schema(value, "\(what) is not a string")
    }
  }

  private mutating func functionIndex(_ key: MarshalValue) throws(InputError) -> Int32 {
    guard key.kind == .tuple else {
      throw schema(key, "a function key is not a (file, line, name) tuple")
    }
    if keyCache[key.index] != 0 { return keyCache[key.index] - 1 }
    let parts = reader.elements(of: key)
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
      name = builder.strings.intern(reader.codes[nameValue.index].displayString)
    } else {
      name = try stringID(nameValue, "a function key's name")
    }
    let f = builder.function(FunctionKey(file: file, line: lineValue.int, name: name))
    keyCache[key.index] = f + 1
    return f
  }

  private func count(_ value: MarshalValue, _ what: String) throws(InputError) -> Int64 {
    switch value.kind {
    case .int where value.int >= 0: return value.int
    case .int: throw schema(value, "\(what) is negative (\(value.int))")
    case .hugeInt: throw schema(value, "\(what) does not fit in 64 bits")
    default: throw schema(value, "\(what) is not an int")
    }
  }

  private mutating func time(_ value: MarshalValue, _ what: String) throws(InputError) -> Double
  {
    let result: Double
    switch value.kind {
    case .int: result = Double(value.int)
    case .float: result = value.double
    default: throw schema(value, "\(what) is not a number")
    }
    if !result.isFinite { nonFinite += 1 }
    return result
  }

  private func isSampledMarker(_ key: MarshalValue) -> Bool {
    guard key.kind == .tuple, reader.count(of: key) == 1,
      let only = reader.elements(of: key).first, only.kind == .string
    else { return false }
    return reader.strings[only.stringID] == "__sampled__"
  }

  private mutating func edges(_ callers: MarshalValue) throws(InputError)
    -> [CallGraphBuilder.Edge]
  {
    guard callers.kind == .dict else { throw schema(callers, "callers is not a dict") }
    let items = reader.elements(of: callers)
    var edges: [CallGraphBuilder.Edge] = []
    edges.reserveCapacity(items.count / 2)
    var i = items.startIndex
    while i < items.endIndex {
      let caller = try functionIndex(items[i])
      let value = items[i + 1]
      i += 2
      if value.kind == .tuple {
        let parts = reader.elements(of: value)
        guard parts.count == 4 else {
          throw schema(value, "a caller value has \(parts.count) items, not 4 (nc, cc, tt, ct)")
        }
        let s = parts.startIndex
        edges.append(
          CallGraphBuilder.Edge(
            caller: caller, nc: try count(parts[s], "a caller's call count"),
            cc: try count(parts[s + 1], "a caller's primitive call count"),
            tt: try time(parts[s + 2], "a caller's tottime"),
            ct: try time(parts[s + 3], "a caller's cumtime")))
        sawTimedCallers = true
      } else if value.kind == .int || value.kind == .hugeInt {
        let n = try count(value, "a caller's call count")
        edges.append(CallGraphBuilder.Edge(caller: caller, nc: n, cc: n, tt: 0, ct: 0))
        sawCountCallers = true
      } else {
        throw schema(value, "a caller value is neither a 4-tuple nor an int")
      }
      if sawTimedCallers && sawCountCallers {
        throw schema(value, "callers mix 4-tuples (cProfile) and ints (profile)")
      }
    }
    return edges
  }

  mutating func profile(root: MarshalValue, source: ProfileSource, trailingBytes: Int)
    throws(InputError) -> Profile
  {
    guard root.kind == .dict else {
      throw schema(root, "the file holds \(root.kind.article), not a pstats dict")
    }
    let items = reader.elements(of: root)
    guard !items.isEmpty else { throw schema(root, "the profile is empty (no functions)") }
    var i = items.startIndex
    while i < items.endIndex {
      let key = items[i]
      let value = items[i + 1]
      i += 2
      if isSampledMarker(key) {
        guard value.kind == .bool, value.payload == 1 else {
          throw schema(value, "the ('__sampled__',) marker's value is not True")
        }
        sampled = true
        continue
      }
      let f = try functionIndex(key)
      guard value.kind == .tuple, reader.count(of: value) == 5 else {
        throw schema(value, "a function's value is not a 5-tuple (cc, nc, tt, ct, callers)")
      }
      let parts = reader.elements(of: value)
      let s = parts.startIndex
      let stats = CallGraphBuilder.Stats(
        cc: try count(parts[s], "a function's primitive call count"),
        nc: try count(parts[s + 1], "a function's call count"),
        tt: try time(parts[s + 2], "a function's tottime"),
        ct: try time(parts[s + 3], "a function's cumtime"))
      builder.setEntry(f, stats: stats, callers: try edges(parts[s + 4]))
    }
    guard builder.entryCount > 0 else { throw schema(root, "the profile has no functions") }
    builder.edgeValues = sawCountCallers ? .counts : .timed
    let graph = builder.build()
    return Profile(
      graph: graph, flavor: flavor(graph), pythonMajor: pythonMajor, sources: [source],
      warnings: warnings(graph, trailingBytes: trailingBytes))
  }

  private func flavor(_ graph: CallGraph) -> ProfileFlavor {
    if sampled { return .sampled }
    if sawCountCallers { return .profile }
    for f in 0..<graph.entryCount where graph.cc[f] > graph.nc[f] { return .yappi }
    return .cprofile
  }

  private var pythonMajor: Int {
    reader.sawPython2Codes && !reader.sawPython3Codes && !reader.sawFlagRef ? 2 : 3
  }

  private func warnings(_ graph: CallGraph, trailingBytes: Int) -> [ProfileWarning] {
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
    return warnings
  }
}
