import Foundation
import ProfileFormats
import ProfileModel
import TestSupport
import Testing

/// pprof files from Go's runtime/pprof and austin2pprof, against pprof's own reading of
/// them (`go tool pprof -raw`): per sample type the total, per function the self value
/// (the innermost line of a sample's first location) and per call path the value.
@Suite struct PprofImporterTests {
  static func path(_ name: String) -> String {
    Fixtures.root.appendingPathComponent("pprof/\(name)").path
  }

  /// What `go tool pprof -raw` printed: per sample type its name and unit, and per sample
  /// type the value of each root-first call path of function names.
  struct RawReading {
    var types: [(name: String, unit: String)] = []
    var paths: [[String: Double]] = []
  }

  static func raw(_ name: String) throws -> RawReading {
    let lines = try String(contentsOfFile: path(name), encoding: .utf8)
      .components(separatedBy: "\n")
    var reading = RawReading()
    var samples: [(values: [Double], locations: [Int])] = []
    var locations: [Int: [String]] = [:]
    var section = ""
    var lastLocation = 0
    for line in lines {
      if line == "Samples:" || line == "Locations" || line == "Mappings" {
        section = line
        continue
      }
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if section == "Samples:" {
        if reading.types.isEmpty {
          reading.types = trimmed.split(separator: " ").map {
            let parts = $0.split(separator: "/")
            return (String(parts[0]), String(parts[1]))
          }
          continue
        }
        guard let colon = trimmed.firstIndex(of: ":"), !trimmed.hasPrefix("bytes") else {
          continue
        }
        let values = trimmed[..<colon].split(separator: " ").map { Double($0)! }
        let ids = trimmed[trimmed.index(after: colon)...].split(separator: " ").map { Int($0)! }
        samples.append((values, ids))
      } else if section == "Locations" {
        let fields = trimmed.split(separator: " ")
        if let first = fields.first, first.hasSuffix(":"), let id = Int(first.dropLast()) {
          lastLocation = id
          // `id: 0xaddr M=n function file:line s=n`, or no function.
          locations[id] = fields.count >= 4 ? [String(fields[3])] : []
        } else if !fields.isEmpty {
          locations[lastLocation, default: []].append(String(fields[0]))
        }
      }
    }
    reading.paths = Array(repeating: [:], count: reading.types.count)
    for sample in samples {
      // Leaf first: each location's lines innermost first; made root first here.
      let names = sample.locations.flatMap { locations[$0] ?? [] }.reversed()
      var prefix: [String] = []
      for name in names {
        prefix.append(name)
        let key = prefix.joined(separator: ";")
        for (i, value) in sample.values.enumerated() where value > 0 {
          // A recursive path counts a sample once per distinct prefix: prefixes differ.
          reading.paths[i][key, default: 0] += value
        }
      }
    }
    return reading
  }

  /// Every call path of the tree, as names joined by `;`, with its value.
  static func treePaths(_ profile: Profile) -> [String: Double] {
    var tree = CallTreeBuilder.tree(
      for: profile, parameters: CallTreeParameters(minimumFraction: 0))
    tree.expandAll(below: tree.top)
    var result: [String: Double] = [:]
    for node in 0..<tree.count where node != tree.top {
      let names = tree.path(to: node).compactMap { tree.name($0)?.name }
      result[names.joined(separator: ";"), default: 0] += tree.total[node]
    }
    return result
  }

  @Test(arguments: [("cpu.pprof", "cpu.raw.txt"), ("heap.pprof", "heap.raw.txt")])
  func everyPathOfEverySampleTypeMatchesPprof(_ file: String, _ rawFile: String) throws {
    let profile = try InputFormat.load([Self.path(file)], format: .auto)
    let reading = try Self.raw(rawFile)
    #expect(profile.metrics.map(\.name) == reading.types.map(\.name))
    // pprof shows the last sample type unless the file names a default.
    #expect(profile.metric.name == reading.types.last?.name)
    for (position, type) in reading.types.enumerated() {
      let measured = profile.measured(byMetricAt: position)
      let divisor = type.unit == "nanoseconds" ? 1e9 : 1
      let ours = Self.treePaths(measured)
      let theirs = reading.paths[position].filter { $0.value > 0 }
      #expect(Set(ours.keys) == Set(theirs.keys), "\(type.name)")
      for (path, value) in theirs {
        #expect(abs((ours[path] ?? 0) - value / divisor) <= 1e-9 * value / divisor, "\(path)")
      }
    }
  }

  /// austin2pprof writes raw protobuf with `μs` units; its totals equal the austin file's.
  @Test func austin2pprofAgreesWithTheAustinFile() throws {
    let pprof = try InputFormat.load([Self.path("full.austin.pprof")], format: .auto)
    let austin = try InputFormat.load(
      [Fixtures.root.appendingPathComponent("austin/full.austin").path], format: .auto)
    func total(_ profile: Profile) -> Double {
      let tree = CallTreeBuilder.tree(for: profile)
      return tree.total[tree.top]
    }
    let pairs = [("Wall time", "wall time"), ("CPU time", "cpu time")]
    for (theirs, ours) in pairs {
      let a = try #require(pprof.measured(byMetricNamed: theirs))
      let b = try #require(austin.measured(byMetricNamed: ours))
      #expect(a.weightUnit == .seconds)
      #expect(abs(total(a) - total(b)) < 1e-9)
    }
  }

  /// A hand-made message: inlined lines, a location without lines, a sample without
  /// locations, a default sample type, a negative value (left out with a warning) and
  /// drop_frames.
  @Test func quirksOfTheMessage() throws {
    var strings = ["", "samples", "count", "cpu", "nanoseconds", "main", "work", "inlined", "a.go"]
    strings += ["runtime\\..*", "runtime.gc"]
    let message = PprofMessage(
      strings: strings,
      sampleTypes: [(1, 2), (3, 4)],
      functions: [(1, 5, 8, 1), (2, 6, 8, 10), (3, 7, 8, 20), (4, 10, 0, 0)],
      locations: [(1, [1]), (2, [3, 2]), (3, []), (4, [4])],
      samples: [
        ([2, 1], [1, 1000]), ([3, 1], [1, 2000]), ([], [1, 500]), ([2, 1], [1, -5]),
      ],
      defaultSampleType: 3)
    let profile = try message.encoded().withUnsafeBufferPointer { buffer in
      try PprofImporter.decode(buffer, source: ProfileSource(path: "m", modified: nil))
    }
    #expect(profile.metric.name == "cpu")
    #expect(profile.warnings.map(\.kind) == [.skippedProfiles])
    let paths = Self.treePaths(profile)
    #expect(paths["main;work;inlined"] == 1000e-9)
    #expect(paths["main;0x3000"] == 2000e-9)
    #expect(paths["(no frames)"] == 500e-9)
    let counts = try #require(profile.measured(byMetricNamed: "samples"))
    #expect(Self.treePaths(counts)["main"] == 3)

    // drop_frames removes the matching frame and everything toward the leaf.
    var pruned = message
    pruned.samples = [([4, 2, 1], [1, 7])]
    pruned.dropFrames = 9
    let prunedProfile = try pruned.encoded().withUnsafeBufferPointer { buffer in
      try PprofImporter.decode(buffer, source: ProfileSource(path: "m", modified: nil))
    }
    #expect(
      Self.treePaths(prunedProfile) == ["main": 7e-9, "main;work": 7e-9, "main;work;inlined": 7e-9])
  }

  /// Each sample type is a profile with a call graph of its own: 100,000 of them (800 KB)
  /// took 450 MB. More than one per 4,096 frames of the frame limit are refused; a few read.
  @Test func sampleTypesAreLimited() throws {
    func message(types: Int) -> PprofMessage {
      PprofMessage(
        strings: ["", "samples", "count", "f", "a.go"],
        sampleTypes: Array(repeating: (1, 2), count: types),
        functions: [(1, 3, 4, 1)], locations: [(1, [1])],
        samples: [([1], Array(repeating: 1, count: types))])
    }
    func decode(_ message: PprofMessage) throws -> Profile {
      try message.encoded().withUnsafeBufferPointer { buffer in
        try PprofImporter.decode(buffer, source: ProfileSource(path: "m", modified: nil))
      }
    }
    do {
      _ = try decode(message(types: 20_000))
      Issue.record("20,000 sample types read")
    } catch let error as InputError {
      #expect(error.category == .unsupported)
      #expect(error.message.hasPrefix("20000 sample types, each a profile of its own"))
    }
    #expect(try decode(message(types: 3)).otherMetrics.count == 2)
  }

  @Test func malformedMessagesAreSchemaErrors() throws {
    func error(_ message: PprofMessage) -> String {
      do {
        _ = try message.encoded().withUnsafeBufferPointer { buffer in
          try PprofImporter.decode(buffer, source: ProfileSource(path: "m", modified: nil))
        }
        return "no error"
      } catch { return "\(error)" }
    }
    let base = PprofMessage(
      strings: ["", "cpu", "ns", "f"], sampleTypes: [(1, 2)], functions: [(1, 3, 0, 0)],
      locations: [(1, [1])], samples: [([1], [5])])
    #expect(error(base) == "no error")
    var bad = base
    bad.samples = [([1], [5, 6])]
    #expect(error(bad).contains("sample 1 has 2 values for 1 sample types"))
    bad = base
    bad.samples = [([9], [5])]
    #expect(error(bad).contains("names location 9"))
    bad = base
    bad.functions = [(1, 77, 0, 0)]
    #expect(error(bad).contains("names string 77"))
    bad = base
    bad.locations = [(1, [1]), (1, [1])]
    #expect(error(bad).contains("two locations have id 1"))
    bad = base
    bad.strings[0] = "x"
    #expect(error(bad).contains("string_table[0]"))
    // Wire-format damage is reported where it is: a message cut inside a sample, a string
    // table entry that is not UTF-8, a wire type pprof never uses.
    func failure(_ bytes: [UInt8]) -> InputError? {
      do {
        _ = try bytes.withUnsafeBufferPointer { buffer throws(InputError) in
          try PprofImporter.decode(buffer, source: ProfileSource(path: "m", modified: nil))
        }
        return nil
      } catch { return error }
    }
    let encoded = base.encoded()
    let body: [UInt8] = PprofMessage.varint(1, 1) + PprofMessage.varint(2, 5)
    let sample: [UInt8] = PprofMessage.message(2, body)
    let starts = 0...(encoded.count - sample.count)
    let sampleAt = try #require(
      starts.first { encoded[$0..<$0 + sample.count].elementsEqual(sample) })
    let cutInSample = try #require(failure(Array(encoded.prefix(sampleAt + 3))))
    #expect(cutInSample.location == .offset(sampleAt))
    #expect(cutInSample.description.contains("field 2 claims"))
    let badString = try #require(failure(encoded + PprofMessage.message(6, [0x66, 0xFF])))
    #expect(badString.location == .offset(encoded.count + 2))
    #expect(badString.description.contains("string_table entry is not UTF-8"))
    let group = try #require(failure(encoded + PprofMessage.rawVarint(9 << 3 | 3)))
    #expect(group.location == .offset(encoded.count))
    // Truncated gzip data, and a gzip stream of something else.
    let gzip = try Data(contentsOf: URL(fileURLWithPath: Self.path("cpu.pprof")))
    let cut = Array(gzip.prefix(gzip.count / 2))
    #expect(throws: InputError.self) {
      try cut.withUnsafeBufferPointer { buffer in
        try PprofImporter.decode(buffer, source: ProfileSource(path: "m", modified: nil))
      }
    }
  }

  @Test func recognition() throws {
    let gzip = Array(try Data(contentsOf: URL(fileURLWithPath: Self.path("cpu.pprof"))))
    #expect(try Fixtures.recognizedFormat(gzip) == .pprof)
    let raw = Array(try Data(contentsOf: URL(fileURLWithPath: Self.path("full.austin.pprof"))))
    #expect(try Fixtures.recognizedFormat(raw) == .pprof)
    // Text is never taken for a raw message.
    #expect(try Fixtures.recognizedFormat(Array("P1;T0:1;a.py:f:1 10\n".utf8)) == .austin)
    #expect(try Fixtures.recognizedFormat(Array("main;work 10\n".utf8)) == .folded)
  }
}

/// A pprof message built field by field in the test (its own protobuf writer, independent
/// of the importer's decoder).
struct PprofMessage {
  var strings: [String]
  var sampleTypes: [(type: Int64, unit: Int64)]
  /// id, name, filename, start_line (string indices for name and filename).
  var functions: [(UInt64, Int64, Int64, Int64)]
  /// id and the function ids of its lines, innermost first (no lines: an address).
  var locations: [(UInt64, [UInt64])]
  /// Location ids leaf first, and one value per sample type.
  var samples: [([UInt64], [Int64])]
  var defaultSampleType: Int64 = 0
  var dropFrames: Int64 = 0

  func encoded() -> [UInt8] {
    var out: [UInt8] = []
    for type in sampleTypes {
      out += Self.message(1, Self.varint(1, type.type) + Self.varint(2, type.unit))
    }
    for sample in samples {
      var body: [UInt8] = []
      for id in sample.0 { body += Self.varint(1, Int64(id)) }
      for value in sample.1 { body += Self.varint(2, value) }
      out += Self.message(2, body)
    }
    for (id, functionIDs) in locations {
      var body = Self.varint(1, Int64(id)) + Self.varint(3, Int64(id) * 0x1000)
      for f in functionIDs { body += Self.message(4, Self.varint(1, Int64(f)) + Self.varint(2, 7)) }
      out += Self.message(4, body)
    }
    for (id, name, file, start) in functions {
      out += Self.message(
        5,
        Self.varint(1, Int64(id)) + Self.varint(2, name) + Self.varint(4, file)
          + Self.varint(5, start))
    }
    for string in strings { out += Self.message(6, Array(string.utf8)) }
    if dropFrames != 0 { out += Self.varint(7, dropFrames) }
    if defaultSampleType != 0 { out += Self.varint(14, defaultSampleType) }
    return out
  }

  static func rawVarint(_ value: UInt64) -> [UInt8] {
    var v = value
    var out: [UInt8] = []
    repeat {
      var byte = UInt8(v & 0x7F)
      v >>= 7
      if v != 0 { byte |= 0x80 }
      out.append(byte)
    } while v != 0
    return out
  }

  static func varint(_ field: UInt64, _ value: Int64) -> [UInt8] {
    rawVarint(field << 3) + rawVarint(UInt64(bitPattern: value))
  }

  static func message(_ field: UInt64, _ body: [UInt8]) -> [UInt8] {
    rawVarint(field << 3 | 2) + rawVarint(UInt64(body.count)) + body
  }
}
