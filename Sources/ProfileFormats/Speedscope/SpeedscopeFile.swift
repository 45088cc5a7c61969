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
    var samples: [[Int]]?
    var weights: [Double]?
    var events: [Event]?
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
  /// Reads the file off a JSON tape (flat and fast on large files; `JSONDecoder` took 4.6 s
  /// and 375 MB on 32 MB of py-spy output). Missing optional keys and `null` read as nil.
  init(tape: JSONTape) throws(InputError) {
    func fail(_ message: String) -> InputError { InputError(.schema, .none, message) }
    guard let top = tape.values.first, top.kind == .object else {
      throw fail("the speedscope file is not a JSON object")
    }
    guard let sharedIndex = tape.member(0, "shared"),
      let framesIndex = tape.member(sharedIndex, "frames"),
      tape.values[framesIndex].kind == .array
    else { throw fail("speedscope file without `shared.frames`") }
    guard let profilesIndex = tape.member(0, "profiles"), tape.values[profilesIndex].kind == .array
    else { throw fail("speedscope file without `profiles`") }
    var frames: [Frame] = []
    for (i, f) in tape.children(of: framesIndex).enumerated() {
      guard let name = tape.string(at: tape.member(f, "name")) else {
        throw fail("frame \(i) has no name")
      }
      frames.append(
        Frame(
          name: name, file: tape.string(at: tape.member(f, "file")),
          line: tape.number(tape.member(f, "line"))))
    }
    func integer(_ index: Int, _ what: String) throws(InputError) -> Int {
      guard let x = tape.number(index), x.isFinite, x == x.rounded(), abs(x) < 1e15 else {
        throw fail("\(what) is not an integer")
      }
      return Int(x)
    }
    var profiles: [Profile] = []
    for (p, entry) in tape.children(of: profilesIndex).enumerated() {
      let place = "profile \(p + 1)"
      guard let type = tape.string(at: tape.member(entry, "type")) else {
        throw fail("\(place) has no type")
      }
      var profile = Profile(
        type: type, name: tape.string(at: tape.member(entry, "name")),
        unit: tape.string(at: tape.member(entry, "unit")))
      if let samples = tape.member(entry, "samples"), tape.values[samples].kind == .array {
        var stacks: [[Int]] = []
        for stack in tape.children(of: samples) {
          guard tape.values[stack].kind == .array else {
            throw fail("\(place): a sample is not an array")
          }
          var frames: [Int] = []
          for frame in tape.children(of: stack) {
            frames.append(try integer(frame, "\(place): a frame index"))
          }
          stacks.append(frames)
        }
        profile.samples = stacks
      }
      if let weights = tape.member(entry, "weights"), tape.values[weights].kind == .array {
        var values: [Double] = []
        for w in tape.children(of: weights) {
          guard let x = tape.number(w) else { throw fail("\(place): a weight is not a number") }
          values.append(x)
        }
        profile.weights = values
      }
      if let events = tape.member(entry, "events"), tape.values[events].kind == .array {
        var list: [Event] = []
        for e in tape.children(of: events) {
          guard let kind = tape.string(at: tape.member(e, "type")),
            let at = tape.number(tape.member(e, "at")), let frame = tape.member(e, "frame")
          else { throw fail("\(place): an event without type, at or frame") }
          list.append(
            Event(type: kind, at: at, frame: try integer(frame, "\(place): an event's frame")))
        }
        profile.events = list
      }
      profiles.append(profile)
    }
    let active = tape.number(tape.member(0, "activeProfileIndex")).map { x in
      x.isFinite && abs(x) < 1e9 ? Int(x) : 0
    }
    self.init(
      shared: Shared(frames: frames), profiles: profiles, activeProfileIndex: active,
      name: tape.string(at: tape.member(0, "name")),
      exporter: tape.string(at: tape.member(0, "exporter")))
  }
}
