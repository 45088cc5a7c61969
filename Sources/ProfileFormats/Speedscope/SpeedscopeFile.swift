/// The speedscope file format (`https://www.speedscope.app/file-format-schema.json`), as far
/// as flamewalk reads it: shared frames and a list of sampled or evented profiles. Optional
/// keys may be missing or `null`; unknown keys are ignored. docs/formats.md has the facts.
struct SpeedscopeFile {
  struct Shared {
    var frames: [Frame]
  }

  struct Frame {
    var name: String
    var file: String?
    var line: Double?
  }

  /// One profile: `sampled` (stacks of frame indices, root first, with weights) or
  /// `evented` (open and close events of frames at increasing values).
  struct Profile {
    var type: String
    var name: String?
    var unit: String?
    var samples: Samples?
    var weights: [Double]?
    var events: [Event]?
  }

  /// The stacks of a sampled profile, flat: stack `s` is
  /// `frames[starts[s] ..< starts[s + 1]]`.
  struct Samples {
    var frames: [Int32] = []
    var starts: [Int] = [0]

    var count: Int { starts.count - 1 }

    func stack(_ s: Int) -> ArraySlice<Int32> { frames[starts[s]..<starts[s + 1]] }
  }

  struct Event {
    var type: String
    var at: Double
    var frame: Int
  }

  var shared: Shared
  var profiles: [Profile]
  var activeProfileIndex: Int?
  var name: String?
  var exporter: String?
}

extension SpeedscopeFile {
  /// Reads the file off a parsed document (flat and fast on large files; `JSONDecoder` took
  /// 4.6 s and 375 MB on 32 MB of py-spy output). Missing optional keys and `null` read as
  /// nil.
  init(document json: JSONDocument) throws(InputError) {
    func fail(_ message: String) -> InputError { InputError(.schema, .none, message) }
    let top = json.root
    guard json.kind(top) == .object else {
      throw fail("the speedscope file is not a JSON object")
    }
    guard let sharedIndex = json.member(top, "shared"),
      let framesIndex = json.member(sharedIndex, "frames"), json.kind(framesIndex) == .array
    else { throw fail("speedscope file without `shared.frames`") }
    guard let profilesIndex = json.member(top, "profiles"), json.kind(profilesIndex) == .array
    else { throw fail("speedscope file without `profiles`") }
    var frames: [Frame] = []
    frames.reserveCapacity(json.count(of: framesIndex))
    for (i, f) in json.elements(of: framesIndex).enumerated() {
      guard let name = json.string(json.member(f, "name")) else {
        throw fail("frame \(i) has no name")
      }
      frames.append(
        Frame(
          name: name, file: json.string(json.member(f, "file")),
          line: json.number(json.member(f, "line"))))
    }
    func integer(_ index: Int, _ what: @autoclosure () -> String) throws(InputError) -> Int {
      guard let x = json.integer(index) else { throw fail("\(what()) is not an integer") }
      return x
    }
    var profiles: [Profile] = []
    for (p, entry) in json.elements(of: profilesIndex).enumerated() {
      let place = "profile \(p + 1)"
      guard let type = json.string(json.member(entry, "type")) else {
        throw fail("\(place) has no type")
      }
      var profile = Profile(
        type: type, name: json.string(json.member(entry, "name")),
        unit: json.string(json.member(entry, "unit")))
      if let samples = json.member(entry, "samples"), json.kind(samples) == .array {
        var stacks = Samples()
        stacks.starts.reserveCapacity(json.count(of: samples) + 1)
        for stack in json.elements(of: samples) {
          guard json.kind(stack) == .array else {
            throw fail("\(place): a sample is not an array")
          }
          for frame in json.elements(of: stack) {
            let index = try integer(frame, "\(place): a frame index")
            guard index >= 0 && index < frames.count else {
              throw fail("\(place): frame \(index) out of range (\(frames.count) frames)")
            }
            stacks.frames.append(Int32(index))
          }
          stacks.starts.append(stacks.frames.count)
        }
        profile.samples = stacks
      }
      if let weights = json.member(entry, "weights"), json.kind(weights) == .array {
        var values: [Double] = []
        values.reserveCapacity(json.count(of: weights))
        for w in json.elements(of: weights) {
          guard let x = json.number(w) else { throw fail("\(place): a weight is not a number") }
          values.append(x)
        }
        profile.weights = values
      }
      if let events = json.member(entry, "events"), json.kind(events) == .array {
        var list: [Event] = []
        list.reserveCapacity(json.count(of: events))
        for e in json.elements(of: events) {
          guard let kind = json.string(json.member(e, "type")),
            let at = json.number(json.member(e, "at")), let frame = json.member(e, "frame")
          else { throw fail("\(place): an event without type, at or frame") }
          list.append(
            Event(type: kind, at: at, frame: try integer(frame, "\(place): an event's frame")))
        }
        profile.events = list
      }
      profiles.append(profile)
    }
    let active = json.number(json.member(top, "activeProfileIndex")).map { x in
      x.isFinite && abs(x) < 1e9 ? Int(x) : 0
    }
    self.init(
      shared: Shared(frames: frames), profiles: profiles, activeProfileIndex: active,
      name: json.string(json.member(top, "name")),
      exporter: json.string(json.member(top, "exporter")))
  }
}
