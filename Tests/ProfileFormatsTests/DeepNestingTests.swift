import Foundation
import ProfileModel
import Testing

@testable import ProfileFormats

/// Formats that give each call's stack by its depth (a tree of frames, calls opened and
/// closed) make n²/2 frames from n nested calls: 100,000 nested `B` events (12 MB) took more
/// than a minute and 10 GB. Stacks are limited to `StackSamples.frameLimit` frames; past it
/// the input is refused (`too-deep`) at once. Each importer is checked with a small limit
/// on a chain of `depth` calls (depth·(depth+1)/2 frames) and read whole with its own limit.
@Suite struct DeepNestingTests {
  static let depth = 200
  static let frames = depth * (depth + 1) / 2
  static let source = ProfileSource(path: "deep", modified: nil)

  typealias Decoder = (UnsafeBufferPointer<UInt8>, Int?) throws(InputError) -> Profile

  /// The profile read with `limit` (nil: the importer's own), or the error.
  static func read(_ bytes: [UInt8], limit: Int?, _ decode: Decoder) -> Result<
    Profile, InputError
  > {
    bytes.withUnsafeBufferPointer { buffer in
      do throws(InputError) {
        return .success(try decode(buffer, limit))
      } catch {
        return .failure(error)
      }
    }
  }

  /// Refused just below the frames the chain takes, read at that limit and by default.
  static func check(_ text: String, _ decode: Decoder) throws {
    let bytes = Array(text.utf8)
    let refused = read(bytes, limit: frames - 1, decode)
    guard case .failure(let error) = refused else {
      Issue.record("read with \(frames - 1) frames allowed")
      return
    }
    #expect(error.category == .tooDeep, "\(error)")
    #expect(error.description.contains("calls nest too deep"), "\(error)")
    for limit in [frames, nil] {
      let profile = try read(bytes, limit: limit, decode).get()
      let stacks = try #require(profile.stacks)
      #expect(stacks.framesPushed == frames)
      #expect((0..<stacks.stackCount).map { stacks.depth(of: $0) }.max() == depth)
    }
  }

  @Test func traceEvents() throws {
    let depth = Self.depth
    let open = (0..<depth).map { #"{"ph":"B","name":"f\#($0 % 7)","ts":\#($0),"pid":1,"tid":1}"# }
    let close = (0..<depth).map { #"{"ph":"E","ts":\#(depth + $0),"pid":1,"tid":1}"# }
    try Self.check("[" + (open + close).joined(separator: ",") + "]") {
      bytes, limit throws(InputError) in
      guard let limit else { return try TraceEventImporter.decode(bytes, source: Self.source) }
      return try TraceEventImporter.decode(bytes, source: Self.source, frameLimit: limit)
    }
  }

  @Test func speedscopeEvents() throws {
    let depth = Self.depth
    let open = (0..<depth).map { #"{"type":"O","frame":\#($0 % 7),"at":\#($0)}"# }
    let close = (0..<depth).reversed().map {
      #"{"type":"C","frame":\#($0 % 7),"at":\#(2 * depth - $0)}"#
    }
    let frames = (0..<7).map { #"{"name":"f\#($0)"}"# }.joined(separator: ",")
    let text =
      #"{"$schema":"https://www.speedscope.app/file-format-schema.json","shared":{"frames":["#
      + frames + #"]},"profiles":[{"type":"evented","name":"p","unit":"milliseconds","#
      + #""startValue":0,"endValue":\#(2 * depth),"events":["#
      + (open + close).joined(separator: ",") + "]}]}"
    try Self.check(text) { bytes, limit throws(InputError) in
      guard let limit else { return try SpeedscopeImporter.decode(bytes, source: Self.source) }
      return try SpeedscopeImporter.decode(bytes, source: Self.source, frameLimit: limit)
    }
  }

  @Test func cpuProfileSamples() throws {
    let depth = Self.depth
    // A chain of nodes, one sample on each.
    let nodes = (1...depth).map { id in
      let children = id < depth ? #","children":[\#(id + 1)]"# : ""
      return #"{"id":\#(id),"callFrame":{"functionName":"f\#(id % 7)","scriptId":"1","#
        + #""url":"a.js","lineNumber":1,"columnNumber":1},"hitCount":1\#(children)}"#
    }
    let samples = (1...depth).map(String.init).joined(separator: ",")
    let deltas = Array(repeating: "1", count: depth).joined(separator: ",")
    let text =
      #"{"nodes":["# + nodes.joined(separator: ",") + #"],"startTime":0,"endTime":\#(depth),"#
      + #""samples":[\#(samples)],"timeDeltas":[\#(deltas)]}"#
    try Self.check(text) { bytes, limit throws(InputError) in
      guard let limit else { return try CPUProfileImporter.decode(bytes, source: Self.source) }
      return try CPUProfileImporter.decode(bytes, source: Self.source, frameLimit: limit)
    }
  }

  @Test func pyinstrumentFrames() throws {
    let depth = Self.depth
    // Each frame's own time is a tenth of a second; built leaf first.
    var frame = ""
    for level in (0..<depth).reversed() {
      let time = Double(depth - level) / 10
      frame =
        #"{"function":"f\#(level % 7)","file_path":"a.py","line_no":\#(level + 1),"#
        + #""time":\#(time),"children":[\#(frame)]}"#
    }
    let text = #"{"duration":\#(Double(depth) / 10),"root_frame":"# + frame + "}"
    try Self.check(text) { bytes, limit throws(InputError) in
      guard let limit else { return try PyinstrumentImporter.decode(bytes, source: Self.source) }
      return try PyinstrumentImporter.decode(bytes, source: Self.source, frameLimit: limit)
    }
  }

  /// pprof lists every frame of a sample, but a location expands to all its lines (inlined
  /// functions) and each sample is added once per sample type: one location of `depth`
  /// lines listed once, in a sample per depth.
  @Test func pprofInlinedLines() throws {
    let message = PprofMessage(
      strings: ["", "samples", "count", "f", "a.go"],
      sampleTypes: [(1, 2)],
      functions: [(1, 3, 4, 1)],
      locations: [(1, Array(repeating: 1, count: Self.depth))],
      samples: [([1], [1])])
    let bytes = message.encoded()
    let refused = Self.read(bytes, limit: Self.depth - 1) { buffer, limit throws(InputError) in
      try PprofImporter.decode(buffer, source: Self.source, frameLimit: limit)
    }
    guard case .failure(let error) = refused else {
      Issue.record("read with \(Self.depth - 1) frames allowed")
      return
    }
    #expect(error.category == .tooDeep, "\(error)")
    let profile = try Self.read(bytes, limit: nil) { buffer, limit throws(InputError) in
      try PprofImporter.decode(buffer, source: Self.source, frameLimit: limit)
    }.get()
    #expect(profile.stacks?.framesPushed == Self.depth)
  }

  /// Past the limit a stack is counted, not kept, and the stacks held stay as they were.
  @Test func stacksPastTheLimitAreCountedNotKept() {
    var samples = StackSamples(mergingIdenticalStacks: true)
    samples.frameLimit = 5
    let f = samples.frame(file: "a", line: 1, name: "f")
    let g = samples.frame(file: "a", line: 2, name: "g")
    [f, g].withUnsafeBufferPointer { samples.add(weight: 1, stack: $0) }
    samples.beginStack(weight: 2)
    for frame in [f, g, f] { samples.push(frame) }
    samples.endStack()
    #expect(!samples.isOverLimit)
    samples.beginStack(weight: 3)
    for frame in [f, g] { samples.push(frame) }
    samples.endStack()
    #expect(samples.isOverLimit)
    [f].withUnsafeBufferPointer { samples.add(weight: 4, stack: $0) }
    #expect(samples.framesPushed == 8)
    #expect(samples.stackCount == 2)
    #expect(samples.frameSequence == [f, g, f, g, f])
    #expect(samples.weights == [1, 2])
  }
}
