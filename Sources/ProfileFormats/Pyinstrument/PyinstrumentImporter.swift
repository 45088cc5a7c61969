import ProfileModel

/// Reads pyinstrument's JSON (`pyinstrument -r json`): its processed call tree with inclusive
/// times. Each frame's own part — its time less its children's, which holds its own code and
/// the callees pyinstrument pruned below 1% — is one stack; `[self]` frames are their
/// parent's own time and fold into it; `[await]` and `[out-of-context]` stay the frames they
/// are. The tree is exact as pyinstrument wrote it (times in six decimals).
public enum PyinstrumentImporter: ProfileImporter {
  public static let format = InputFormat.pyinstrument
  public static let summary = "pyinstrument JSON (pyinstrument -r json)"
  public static let fileExtensions = ["json"]

  /// A JSON object with `root_frame` and `sample_count` among its first 64 KB.
  public static func recognize(_ prefix: UnsafeBufferPointer<UInt8>, isWholeInput: Bool)
    -> Recognition
  {
    JSONPrefix.recognizeObject(prefix, isWholeInput: isWholeInput) { body in
      JSONPrefix.contains(body, "\"root_frame\"") && JSONPrefix.contains(body, "\"sample_count\"")
    }
  }

  public static func read(_ files: [InputFile]) throws(InputError) -> Profile {
    try readOne(files, kind: "pyinstrument files")
  }

  /// A frame of the tree, read off the document.
  struct Frame {
    var function: String
    var file: String
    var line: Int64
    var time: Double
    var children: [Int]
  }

  public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, source: ProfileSource)
    throws(InputError) -> Profile
  {
    try decode(bytes, source: source, frameLimit: StackSamples.frameLimit(inputBytes: bytes.count))
  }

  /// `decode`, its stacks limited to `frameLimit` frames.
  static func decode(
    _ bytes: UnsafeBufferPointer<UInt8>, source: ProfileSource, frameLimit: Int
  ) throws(InputError) -> Profile {
    let json = try JSONDocument(bytes)
    guard json.kind(json.root) == .object else {
      throw InputError(.schema, .none, "the pyinstrument file is not a JSON object")
    }
    guard let rootIndex = json.member(json.root, "root_frame") else {
      throw InputError(.schema, .none, "pyinstrument file without `root_frame`")
    }
    func frame(_ index: Int) throws(InputError) -> Frame {
      guard json.kind(index) == .object else {
        throw InputError(.schema, .none, "a frame is not an object")
      }
      guard let name = json.string(json.member(index, "function")),
        let time = json.number(json.member(index, "time")),
        let list = json.member(index, "children"), json.kind(list) == .array
      else {
        throw InputError(.schema, .none, "a frame without `function`, `time` or `children`")
      }
      let line = json.integer(json.member(index, "line_no")).map { $0 >= 0 ? Int64($0) : 0 } ?? 0
      return Frame(
        function: name, file: json.string(json.member(index, "file_path")) ?? "",
        line: line, time: time, children: Array(json.elements(of: list)))
    }
    var samples = StackSamples()
    samples.frameLimit = frameLimit
    if json.kind(rootIndex) != .null {
      try add(rootIndex, frame: frame, to: &samples)
    }
    return Profile(
      stacks: samples, weightUnit: .seconds, sources: [source], producer: "pyinstrument")
  }

  /// Walks the tree without recursion; each frame adds one stack of its own time.
  static func add(
    _ root: Int, frame read: (Int) throws(InputError) -> Frame, to samples: inout StackSamples
  ) throws(InputError) {
    var stack: [(index: Int, depth: Int)] = [(root, 0)]
    var path: [Int32] = []
    while let (index, depth) = stack.popLast() {
      let frame = try read(index)
      guard frame.time.isFinite && frame.time >= 0 else {
        throw InputError(.badValue, .none, "frame \(frame.function) has time \(frame.time)")
      }
      path.removeSubrange(depth...)
      path.append(samples.frame(file: frame.file, line: frame.line, name: frame.function))
      // [self] children are this frame's own code; what its children do not hold is its own
      // code too, with the callees pyinstrument pruned.
      var own = frame.time
      var selfFrames = 0.0
      for child in frame.children {
        let part = try read(child)
        own -= part.time
        if part.function == "[self]" {
          selfFrames += max(0, part.time)
        } else {
          stack.append((child, depth + 1))
        }
      }
      let weight = max(0, own) + selfFrames
      guard weight > 0 else { continue }
      samples.beginStack(weight: weight)
      for f in path { samples.push(f) }
      samples.endStack()
      try InputError.requireWithinFrameLimit(samples)
      try InputError.requireFinite(samples.totalWeight, "the times")
    }
  }
}
