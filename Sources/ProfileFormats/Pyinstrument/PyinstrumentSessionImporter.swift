import ProfileModel

/// Reads pyinstrument's saved sessions (`pyinstrument -r pyisession`, `Session.save`): the
/// raw samples, each a stack of frame-info strings (root first) and the seconds since the
/// previous sample, given to the stack's last frame. A frame is `function NUL file NUL line`;
/// the attributes after the first SOH (the line running, the class) vary per sample and are
/// not part of its identity. The first element names the thread.
public enum PyinstrumentSessionImporter: ProfileImporter {
  public static let format = InputFormat.pyisession
  public static let summary = "pyinstrument sessions (pyinstrument -r pyisession)"
  public static let fileExtensions = ["pyisession"]

  /// A JSON object with `frame_records` and `start_call_stack` in its first 64 KB.
  public static func recognize(_ prefix: UnsafeBufferPointer<UInt8>, isWholeInput: Bool)
    -> Recognition
  {
    JSONPrefix.recognizeObject(prefix, isWholeInput: isWholeInput) { body in
      JSONPrefix.contains(body, "\"frame_records\"")
        && JSONPrefix.contains(body, "\"start_call_stack\"")
    }
  }

  public static func read(_ files: [InputFile]) throws(InputError) -> Profile {
    try readOne(files, kind: "pyinstrument sessions")
  }

  /// One record: a stack of frame-info strings and its seconds.
  struct Record {
    var stack: [String]
    var seconds: Double
  }

  /// The records of `frame_records`, each `[[info, …], seconds]`.
  static func records(_ json: JSONDocument) throws(InputError) -> [Record] {
    func fail(_ message: String) -> InputError { InputError(.schema, .none, message) }
    guard json.kind(json.root) == .object else {
      throw fail("the pyinstrument session is not a JSON object")
    }
    guard let list = json.member(json.root, "frame_records"), json.kind(list) == .array else {
      throw fail("a pyinstrument session without `frame_records`")
    }
    var records: [Record] = []
    records.reserveCapacity(json.count(of: list))
    for (r, pair) in json.elements(of: list).enumerated() {
      let parts = Array(json.elements(of: pair))
      guard parts.count == 2, json.kind(parts[0]) == .array, let seconds = json.number(parts[1])
      else { throw fail("frame_records[\(r)] is not [[frames…], seconds]") }
      var stack: [String] = []
      stack.reserveCapacity(json.count(of: parts[0]))
      for info in json.elements(of: parts[0]) {
        guard let text = json.string(info) else {
          throw fail("frame_records[\(r)] holds a frame that is not a string")
        }
        stack.append(text)
      }
      records.append(Record(stack: stack, seconds: seconds))
    }
    return records
  }

  public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, source: ProfileSource)
    throws(InputError) -> Profile
  {
    let records = try records(JSONDocument(bytes))
    var samples = StackSamples(mergingIdenticalStacks: true)
    var frameOfInfo: [Substring: Int32] = [:]
    for (r, record) in records.enumerated() {
      guard record.seconds.isFinite && record.seconds >= 0 else {
        throw InputError(.badValue, .none, "record \(r + 1) lasts \(record.seconds) s")
      }
      guard record.seconds > 0 else { continue }
      samples.beginStack(weight: record.seconds)
      for info in record.stack {
        let identity = info.split(
          separator: "\u{1}", maxSplits: 1, omittingEmptySubsequences: false)[0]
        if let id = frameOfInfo[identity] {
          samples.push(id)
          continue
        }
        let parts = identity.split(separator: "\u{0}", omittingEmptySubsequences: false)
        var name = String(parts[0])
        var file = parts.count > 1 ? String(parts[1]) : ""
        var line = parts.count > 2 ? Int64(parts[2]) ?? 0 : 0
        if file == "<thread>" {
          // `ThreadName NUL <thread> NUL ident`: a thread, named with its id.
          name += " (thread \(parts.count > 2 ? String(parts[2]) : "?"))"
          file = ""
          line = 0
        }
        let id = samples.frame(file: file, line: line, name: name)
        frameOfInfo[identity] = id
        samples.push(id)
      }
      samples.endStack()
      try InputError.requireFinite(samples.totalWeight, "the times")
    }
    return Profile(
      stacks: samples, weightUnit: .seconds, sources: [source], producer: "pyinstrument")
  }
}
