/// Code objects (spec A.2.11): `python -m profile -o f script.py` names its fake frame with
/// the compiled script. The layout depends on the Python that wrote the file, so each
/// layout is tried in turn until one decodes with the right field types; every later code
/// object in the file uses the layout that fitted.
extension MarshalReader {
  private struct Snapshot {
    var position: Int
    var refs: Int
    var py2Strings: Int
    var elements: Int
    var containers: Int
    var codes: Int
    var scratch: Int
  }

  private var snapshot: Snapshot {
    Snapshot(
      position: position, refs: refs.count, py2Strings: py2Strings.count,
      elements: elements.count, containers: containerStart.count, codes: codes.count,
      scratch: scratch.count)
  }

  private mutating func restore(_ s: Snapshot) {
    position = s.position
    refs.truncate(to: s.refs)
    py2Strings.removeSubrange(s.py2Strings...)
    elements.removeSubrange(s.elements...)
    containerStart.removeSubrange(s.containers...)
    containerCount.removeSubrange(s.containers...)
    containerSlot.removeSubrange(s.containers...)
    codes.removeSubrange(s.codes...)
    scratch.removeSubrange(s.scratch...)
  }

  private func layoutOrder(flagged: Bool) -> [CodeLayout] {
    let python3 = [CodeLayout.py311, .py38, .py30]
    if flagged { return python3 + [.py27] }
    if !sawFlagRef && sawPython2Codes && !sawPython3Codes { return [.py27] + python3 }
    return python3 + [.py27]
  }

  mutating func readCode(start: Int, flagged: Bool, depth: Int) throws(InputError)
    -> MarshalValue
  {
    guard depth < Self.maximumDepth else {
      throw InputError(
        .tooDeep, .offset(start), "values nested deeper than \(Self.maximumDepth) levels")
    }
    var slot = -1
    if flagged {
      refs.append(MarshalValue(.inProgress, at: start))
      slot = refs.count - 1
    }
    let saved = snapshot
    let candidates = codeLayout.map { [$0] } ?? layoutOrder(flagged: flagged)
    let decided = codeLayout != nil
    var best: (error: InputError, reach: Int)?
    for layout in candidates {
      restore(saved)
      codeLayout = layout
      do {
        let info = try readCodeFields(layout, start: start, depth: depth + 1)
        codes.append(info)
        let value = MarshalValue(.code, UInt64(codes.count - 1), at: start)
        if slot >= 0 { refs[slot] = value }
        return value
      } catch {
        if best == nil || position > best!.reach { best = (error, position) }
        if !decided { codeLayout = nil }
      }
    }
    throw best!.error
  }

  private mutating func rawInt(_ start: Int, _ field: String) throws(InputError) -> Int32 {
    guard remaining >= 4 else {
      throw InputError(.truncated, .offset(start), "file ends inside a code object's \(field)")
    }
    var value: UInt32 = 0
    for k in 0..<4 { value |= UInt32(bytes[position + k]) << (8 * k) }
    position += 4
    return Int32(bitPattern: value)
  }

  private func mismatch(_ layout: CodeLayout, _ field: String, _ value: MarshalValue)
    -> InputError
  {
    InputError(
      .unsupported, .offset(Int(value.offset)),
      "code object field \(field) has the wrong type for layout \(layout.rawValue)")
  }

  private static func isText(_ value: MarshalValue, _ layout: CodeLayout) -> Bool {
    value.kind == .string || (layout == .py27 && value.kind == .bytes)
  }

  private static func isBytes(_ value: MarshalValue, _ layout: CodeLayout) -> Bool {
    value.kind == .bytes || (layout == .py27 && value.kind == .string)
  }

  private mutating func field(
    _ layout: CodeLayout, _ name: String, depth: Int, _ check: (MarshalValue) -> Bool
  ) throws(InputError) -> MarshalValue {
    let value = try readValue(depth: depth, insideCode: true)
    if value.kind == .resolvedKey {
      // A key tuple shared into a code object: decode the file again without streaming.
      neededDiscardedContainer = true
      throw mismatch(layout, name, value)
    }
    guard check(value) else { throw mismatch(layout, name, value) }
    return value
  }

  private mutating func nameTuple(_ layout: CodeLayout, _ name: String, depth: Int)
    throws(InputError) -> MarshalValue
  {
    let value = try field(layout, name, depth: depth) { $0.kind == .tuple }
    for element in try requireElements(of: value) where !Self.isText(element, layout) {
      if element.kind == .resolvedKey { neededDiscardedContainer = true }
      throw mismatch(layout, name, element)
    }
    return value
  }

  /// The text of a string field: interned strings, or Python 2 byte strings.
  func text(of value: MarshalValue) -> String {
    if value.kind == .string { return strings[value.stringID] }
    return StringDecoding.bytesAsText(UnsafeBufferPointer(rebasing: bytes[byteSpans[value.index]]))
  }

  /// The length of a byte string value.
  func byteCount(of value: MarshalValue) -> Int { byteSpans[value.index].count }

  private mutating func readCodeFields(_ layout: CodeLayout, start: Int, depth: Int)
    throws(InputError) -> CodeObjectInfo
  {
    let integerNames: [String] =
      switch layout {
      case .py27: ["argcount", "nlocals", "stacksize", "flags"]
      case .py30: ["argcount", "kwonlyargcount", "nlocals", "stacksize", "flags"]
      case .py38:
        ["argcount", "posonlyargcount", "kwonlyargcount", "nlocals", "stacksize", "flags"]
      case .py311: ["argcount", "posonlyargcount", "kwonlyargcount", "stacksize", "flags"]
      }
    var integers: [String: Int32] = [:]
    for name in integerNames {
      let value = try rawInt(start, name)
      guard value >= 0 else {
        throw InputError(
          .unsupported, .offset(start),
          "code object \(name) is negative for layout \(layout.rawValue)")
      }
      integers[name] = value
    }
    if let positional = integers["posonlyargcount"], positional > integers["argcount"]! {
      throw InputError(
        .unsupported, .offset(start), "code object posonlyargcount exceeds argcount")
    }
    let evenCode = layout == .py38 || layout == .py311
    let code = try field(layout, "code", depth: depth) { Self.isBytes($0, layout) }
    if evenCode && code.kind == .bytes && byteCount(of: code) % 2 != 0 {
      throw mismatch(layout, "code", code)
    }
    _ = try field(layout, "consts", depth: depth) { $0.kind == .tuple }
    _ = try nameTuple(layout, "names", depth: depth)
    if layout == .py311 {
      let names = try nameTuple(layout, "localsplusnames", depth: depth)
      let count = self.count(of: names)
      let kinds = try field(layout, "localspluskinds", depth: depth) { $0.kind == .bytes }
      if byteCount(of: kinds) != count { throw mismatch(layout, "localspluskinds", kinds) }
    } else {
      _ = try nameTuple(layout, "varnames", depth: depth)
      _ = try nameTuple(layout, "freevars", depth: depth)
      _ = try nameTuple(layout, "cellvars", depth: depth)
    }
    let file = try field(layout, "filename", depth: depth) { Self.isText($0, layout) }
    let name = try field(layout, "name", depth: depth) { Self.isText($0, layout) }
    var qualifiedName: MarshalValue?
    if layout == .py311 {
      qualifiedName = try field(layout, "qualname", depth: depth) { Self.isText($0, layout) }
    }
    let firstLine = try rawInt(start, "firstlineno")
    guard firstLine >= 0 else {
      throw InputError(.unsupported, .offset(start), "code object firstlineno is negative")
    }
    _ = try field(layout, "linetable", depth: depth) { Self.isBytes($0, layout) }
    if layout == .py311 {
      _ = try field(layout, "exceptiontable", depth: depth) { Self.isBytes($0, layout) }
    }
    return CodeObjectInfo(
      name: text(of: name), qualifiedName: qualifiedName.map { text(of: $0) },
      fileName: text(of: file), firstLine: Int64(firstLine), layout: layout)
  }
}
