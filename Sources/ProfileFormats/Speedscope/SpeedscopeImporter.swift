import ProfileModel

/// Reads speedscope JSON files — what py-spy (`-f speedscope`), pyinstrument
/// (`-r speedscope`), austin2speedscope and many other profilers write — into exact stacks:
/// sampled profiles stack by stack with their weights, evented profiles as the time between
/// consecutive events, given to the frames open then. Several profiles (py-spy writes one
/// per thread) become one tree with a root frame per profile. Profiles whose unit differs
/// from the first shown one (austin's memory next to its time) are left out with a warning.
public enum SpeedscopeImporter: ProfileImporter {
  public static let format = InputFormat.speedscope
  public static let summary = "speedscope JSON (py-spy, pyinstrument, austin)"
  public static let fileExtensions = ["json", "speedscope"]

  /// A JSON object that names the speedscope schema, or has both `shared` and `profiles`.
  public static func recognize(_ prefix: UnsafeBufferPointer<UInt8>, isWholeInput: Bool)
    -> Recognition
  {
    JSONPrefix.recognizeObject(prefix, isWholeInput: isWholeInput) { body in
      JSONPrefix.contains(body, "https://www.speedscope.app/file-format-schema.json")
        || (JSONPrefix.contains(body, "\"shared\"") && JSONPrefix.contains(body, "\"profiles\""))
    }
  }

  public static func read(_ files: [InputFile]) throws(InputError) -> Profile {
    try readOne(files, kind: "speedscope files")
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
    let file = try SpeedscopeFile(document: JSONDocument(bytes))
    return try StackListBuilder(file: file, source: source, frameLimit: frameLimit).profile()
  }
}

/// Turns the profiles of a speedscope file into weighted stacks (the sampled-stacks and
/// open/close-events builders of the format).
struct StackListBuilder {
  let file: SpeedscopeFile
  let source: ProfileSource
  private var samples = StackSamples(mergingIdenticalStacks: true)
  private var frameOfIndex: [Int32]
  private var warnings: [ProfileWarning] = []
  /// The calls of the evented profiles in time order, a lane each.
  private var timeline = Timeline()

  /// `frameLimit`: the most frames the stacks may take (`StackSamples.frameLimit`).
  init(file: SpeedscopeFile, source: ProfileSource, frameLimit: Int) {
    self.file = file
    self.source = source
    samples.frameLimit = frameLimit
    frameOfIndex = [Int32](repeating: -1, count: file.shared.frames.count)
  }

  /// Seconds per unit, and the weight unit, of a speedscope unit name.
  static func scale(_ unit: String?) -> (factor: Double, unit: WeightUnit)? {
    switch unit ?? "none" {
    case "seconds": (1, .seconds)
    case "milliseconds": (1e-3, .seconds)
    case "microseconds": (1e-6, .seconds)
    case "nanoseconds": (1e-9, .seconds)
    case "bytes": (1, .bytes)
    case "none": (1, .none)
    default: nil
    }
  }

  mutating func frame(_ index: Int, where location: @autoclosure () -> String)
    throws(InputError) -> Int32
  {
    guard index >= 0 && index < frameOfIndex.count else {
      throw InputError(
        .badValue, .none,
        "\(location()): frame \(index) out of range (\(frameOfIndex.count) frames)")
    }
    if frameOfIndex[index] >= 0 { return frameOfIndex[index] }
    let f = file.shared.frames[index]
    let line = f.line.map { $0.isFinite && abs($0) < 1e15 ? Int64($0) : 0 } ?? 0
    let id = samples.frame(file: f.file ?? "", line: line, name: f.name)
    frameOfIndex[index] = id
    return id
  }

  consuming func profile() throws(InputError) -> Profile {
    guard !file.profiles.isEmpty else {
      throw InputError(.schema, .none, "the speedscope file holds no profiles")
    }
    let active = min(max(file.activeProfileIndex ?? 0, 0), file.profiles.count - 1)
    guard let (factor, unit) = Self.scale(file.profiles[active].unit) else {
      throw InputError(
        .unsupported, .none, "unknown unit '\(file.profiles[active].unit ?? "")'")
    }
    var chosen: [Int] = []
    var skipped: [String] = []
    for (i, profile) in file.profiles.enumerated() {
      let known = profile.type == "sampled" || profile.type == "evented"
      if known && Self.scale(profile.unit)?.unit == unit {
        chosen.append(i)
      } else {
        skipped.append(profile.name ?? "profile \(i + 1)")
      }
    }
    for i in chosen {
      let profile = file.profiles[i]
      let factor = Self.scale(profile.unit)?.factor ?? factor
      var root: Int32?
      if chosen.count > 1 {
        root = samples.frame(file: "", line: 0, name: profile.name ?? "profile \(i + 1)")
      }
      let location = "profile \(i + 1)"
      if profile.type == "sampled" {
        try addSampled(profile, factor: factor, root: root, location: location)
      } else {
        try addEvented(profile, factor: factor, root: root, location: location)
      }
      try InputError.requireFinite(samples.totalWeight, "\(location): the weights")
    }
    if !skipped.isEmpty {
      warnings.append(
        ProfileWarning(
          .skippedProfiles,
          "\(skipped.count) profiles of another unit or type left out: "
            + skipped.prefix(3).joined(separator: ", ") + (skipped.count > 3 ? ", …" : ""),
          path: source.path))
    }
    let evented = chosen.allSatisfy { file.profiles[$0].type == "evented" }
    var result = Profile(
      stacks: samples, weightUnit: unit, sources: [source], kind: evented ? .timeline : .stacks,
      producer: file.exporter, warnings: warnings, timeline: evented ? timeline : nil)
    result.groupDepth = chosen.count > 1 ? 1 : 0
    return result
  }

  private mutating func addSampled(
    _ profile: SpeedscopeFile.Profile, factor: Double, root: Int32?, location: String
  ) throws(InputError) {
    let stacks = profile.samples ?? SpeedscopeFile.Samples()
    let weights = profile.weights ?? []
    guard stacks.count == weights.count else {
      throw InputError(
        .schema, .none,
        "\(location): \(stacks.count) samples but \(weights.count) weights")
    }
    var ids: [Int32] = root.map { [$0] } ?? []
    let prefix = ids.count
    for s in 0..<stacks.count {
      let weight = weights[s]
      guard weight.isFinite && weight >= 0 else {
        throw InputError(.badValue, .none, "\(location): sample \(s + 1) weighs \(weight)")
      }
      guard weight > 0 else { continue }
      ids.removeSubrange(prefix...)
      for index in stacks.stack(s) {
        ids.append(try frame(Int(index), where: "\(location) sample \(s + 1)"))
      }
      ids.withUnsafeBufferPointer { samples.add(weight: weight * factor, stack: $0) }
    }
  }

  private mutating func addEvented(
    _ profile: SpeedscopeFile.Profile, factor: Double, root: Int32?, location: String
  ) throws(InputError) {
    // The lanes so far move into the builder (a copy would be made on its first call).
    var lanes = Timeline()
    swap(&lanes, &self.timeline)
    lanes.reserveCapacity(adding: (profile.events?.count ?? 0) / 2 + (root == nil ? 0 : 1))
    var timeline = TimelineBuilder(
      prefix: root.map { [$0] } ?? [], scale: factor, continuing: consume lanes)
    var openIndex: [Int] = []
    var last = -Double.infinity
    for (e, event) in (profile.events ?? []).enumerated() {
      let place = "\(location) event \(e + 1)"
      guard event.at.isFinite && event.at >= last else {
        throw InputError(.badValue, .none, "\(place): time \(event.at) goes backwards")
      }
      let id = try frame(event.frame, where: place)
      last = event.at
      switch event.type {
      case "O":
        timeline.open(id, at: event.at)
        openIndex.append(event.frame)
      case "C":
        guard openIndex.last == event.frame else {
          throw InputError(
            .schema, .none,
            "\(place): closes frame \(event.frame), but the open frame is "
              + (openIndex.last.map(String.init) ?? "none"))
        }
        timeline.close(at: event.at, into: &samples)
        try InputError.requireWithinFrameLimit(samples)
        openIndex.removeLast()
      default:
        throw InputError(.schema, .none, "\(place): unknown event type '\(event.type)'")
      }
    }
    guard openIndex.isEmpty else {
      throw InputError(
        .schema, .none, "\(location): \(openIndex.count) frames are never closed")
    }
    self.timeline = timeline.finish(at: last, into: &samples)
  }
}
