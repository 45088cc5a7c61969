/// The speedscope file format (`https://www.speedscope.app/file-format-schema.json`), as far
/// as flamewalk reads it: shared frames and a list of sampled or evented profiles. Optional
/// keys may be missing or `null`; unknown keys are ignored. docs/formats.md has the facts.
struct SpeedscopeFile: Decodable {
  struct Shared: Decodable {
    var frames: [Frame]
  }

  struct Frame: Decodable {
    var name: String
    var file: String?
    var line: Double?
  }

  /// One profile: `sampled` (stacks of frame indices, root first, with weights) or
  /// `evented` (open and close events of frames at increasing values).
  struct Profile: Decodable {
    var type: String
    var name: String?
    var unit: String?
    var samples: [[Int]]?
    var weights: [Double]?
    var events: [Event]?
  }

  struct Event: Decodable {
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
