import Foundation
import ProfileFormats
import ProfileModel
import Testing

/// The loading line's numbers: readers report how far they got about every megabyte while
/// they read (not only at the end), a file's count adds to the whole load's, and a load ends
/// at exactly its files' size.
@Suite struct LoadProgressTests {
  @Test func metersReportOnceAMegabyteHasGathered() {
    let progress = LoadProgress(totalBytes: 10 << 20)
    var meter = ReadMeter(progress)
    for _ in 0..<3 { meter.advance(by: 300 << 10) }
    #expect(progress.bytesRead == 0)
    meter.advance(by: 300 << 10)
    #expect(progress.bytesRead == 1200 << 10)
    meter.reached(5 << 20)  // a position counts from the meter's own start
    #expect(progress.bytesRead == 1200 << 10 + 5 << 20)
    meter.reached(1 << 20)  // earlier positions count nothing
    meter.advance(by: 7)
    meter.flush()
    #expect(progress.bytesRead == 1200 << 10 + 5 << 20 + 7)
  }

  @Test func aFilesCountAddsToTheLoadAndFinishing() {
    let load = LoadProgress(totalBytes: 300)
    let first = LoadProgress(totalBytes: 100, parent: load)
    let second = LoadProgress(totalBytes: 200, parent: load)
    first.advance(by: 40)
    second.advance(by: 50)
    #expect(load.bytesRead == 90 && first.bytesRead == 40)
    first.finish()
    #expect(load.bytesRead == 150 && first.bytesRead == 100)
    first.finish()  // finishing twice counts once
    second.advance(by: 500)  // more than the file holds is shown as all of it
    #expect(second.bytesRead == 200)
    second.finish()
    #expect(load.bytesRead == 300)
  }

  /// Large inputs of the formats whose readers report as they go, written here: during the
  /// load the count grows in steps before the end, never goes back, and ends at the size.
  @Test(arguments: ["folded", "pstats", "trace", "perf"])
  func readersReportWhileTheyRead(_ format: String) throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("fw-progress-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("big." + format)
    try Self.input(format).write(to: file)
    let size = try #require(
      try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)
    #expect(size > 6 << 20)
    let seen = Locked<[Int]>([])
    let load = LoadProgress(totalBytes: size) { read in seen.withLock { $0.append(read) } }
    _ = try LoadProgress.$current.withValue(load) {
      try ImporterRegistry.load([file.path], format: .auto)
    }
    let counts = seen.withLock { $0 }
    #expect(load.bytesRead == size)
    #expect(counts.last == size)
    #expect(zip(counts, counts.dropFirst()).allSatisfy { $0 < $1 })
    // At least two reports came while the file was being read, not in the final top-up.
    #expect(counts.filter { $0 < size }.count >= 2, "\(format): \(counts)")
  }

  static func input(_ format: String) throws -> Data {
    switch format {
    case "folded":
      let lines = (0..<200_000).map { i in
        "main (app.py:1);work\(i % 97) (app.py:\(i % 31));leaf\(i % 13) (lib.py:\(i)) \(i % 7 + 1)"
      }
      return Data((lines.joined(separator: "\n") + "\n").utf8)
    case "perf":
      var text = ""
      for i in 0..<60_000 {
        text += "prog 1 \(i).000001: 1 cpu-clock:pppH: \n"
        text +=
          "\t 1 leaf\(i % 50)+0x1 (/usr/lib/libwork.so)\n\t 2 work\(i % 7)+0x2 (/usr/bin/prog)\n"
        text += "\t 3 main+0x3 (/usr/bin/prog)\n\n"
      }
      return Data(text.utf8)
    case "trace":
      let events = (0..<90_000).map { i in
        #"{"name": "call\#(i % 300) (/srv/app/mod\#(i % 40).py:\#(i % 500))", "ph": "X", "#
          + #""pid": 1, "tid": 1, "ts": \#(i * 10), "dur": 5, "cat": "fee"}"#
      }
      return Data(("{\"traceEvents\": [" + events.joined(separator: ",\n") + "]}").utf8)
    default:
      // A pstats file of many functions (the writer's own format, as cProfile writes it).
      var samples = StackSamples(mergingIdenticalStacks: true)
      for i in 0..<60_000 {
        let root = samples.frame(file: "/srv/app/main.py", line: 1, name: "main")
        let work = samples.frame(
          file: "/srv/app/package\(i % 300)/module\(i).py", line: Int64(i), name: "function_\(i)")
        [root, work].withUnsafeBufferPointer { samples.add(weight: 0.001, stack: $0) }
      }
      return Data(try PstatsWriter.bytes(samples.callGraph(), unit: .seconds))
    }
  }
}
