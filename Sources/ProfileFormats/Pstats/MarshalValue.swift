/// One decoded marshal value. Scalars carry their value in `payload`; strings an id in the
/// reader's `StringTable`; `s` byte strings their length (the bytes follow the 5-byte header
/// at `offset`); containers and code objects an index into the reader's arenas.
struct MarshalValue: Sendable {
  enum Kind: UInt8, Sendable {
    case none, bool, ellipsis, stopIteration
    case int, hugeInt, float, complex
    case string, bytes
    case tuple, list, dict, set, frozenset, slice, code
    /// A reference-table slot whose container is still being read.
    case inProgress
    /// A function key tuple that the pstats reader already resolved: `payload` is the
    /// function's index. Later references to the tuple arrive as this.
    case resolvedKey

    /// The kind with its article, for messages: "a list", "an int".
    var article: String {
      switch self {
      case .none: "None"
      case .bool: "a bool"
      case .ellipsis: "Ellipsis"
      case .stopIteration: "StopIteration"
      case .int, .hugeInt: "an int"
      case .float: "a float"
      case .complex: "a complex"
      case .string: "a str"
      case .bytes: "a bytes object"
      case .tuple: "a tuple"
      case .list: "a list"
      case .dict: "a dict"
      case .set: "a set"
      case .frozenset: "a frozenset"
      case .slice: "a slice"
      case .code: "a code object"
      case .inProgress: "an unfinished container"
      case .resolvedKey: "a function key"
      }
    }
  }

  // Declared widest first so that a value takes 16 bytes.
  var payload: UInt64
  /// Byte offset of the value's type byte.
  var offset: UInt32
  var kind: Kind

  init(_ kind: Kind, _ payload: UInt64 = 0, at offset: Int) {
    self.payload = payload
    self.offset = UInt32(truncatingIfNeeded: offset)
    self.kind = kind
  }

  var int: Int64 { Int64(bitPattern: payload) }
  var double: Double { Double(bitPattern: payload) }
  var stringID: Int32 { Int32(truncatingIfNeeded: payload) }
  var index: Int { Int(payload) }

  /// Lists, dicts and sets cannot be dict keys (`TypeError: unhashable type`).
  var isHashable: Bool {
    switch kind {
    case .list, .dict, .set: return false
    default: return true
    }
  }
}

/// The Python layouts of a marshalled code object (spec A.2.11).
enum CodeLayout: String, Sendable, CaseIterable {
  case py27, py30, py38, py311
}

/// What the reader keeps of a code object: enough for its display string.
struct CodeObjectInfo: Sendable {
  var name: String
  var qualifiedName: String?
  var fileName: String
  var firstLine: Int64
  var layout: CodeLayout

  /// CPython's `repr(code)` without the memory address.
  var displayString: String {
    var name = self.name
    var file = fileName
    if layout == .py27 {
      name = Self.prefix(name, bytes: 100)
      file = Self.prefix(file, bytes: 300)
    }
    let line = firstLine == 0 ? -1 : firstLine
    return "<code object \(name), file \"\(file)\", line \(line)>"
  }

  private static func prefix(_ text: String, bytes limit: Int) -> String {
    guard text.utf8.count > limit else { return text }
    return String(decoding: text.utf8.prefix(limit), as: UTF8.self)
  }
}
