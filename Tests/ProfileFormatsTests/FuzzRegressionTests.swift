import Foundation
import FuzzHarness
import ProfileFormats
import TestSupport
import Testing

/// Every fuzz finding (Tests/Fixtures/fuzz/TARGET/) and crafted input (Tests/Fixtures/
/// hostile/) goes through the fuzz harness — read, tree, JSON, text, gaps, report — as the
/// fuzz target that found it would run it. A regression crashes the test process.
@Suite struct FuzzRegressionTests {
  static func files(in folder: String) -> [URL] {
    let directory = Fixtures.root.appendingPathComponent(folder)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.sorted().filter {
      !$0.hasPrefix(".") && !$0.hasSuffix(".md") && !$0.hasSuffix(".py")
    }
    .map { directory.appendingPathComponent($0) }
  }

  static func run(_ url: URL, _ entry: FuzzHarness.Entry) throws -> Bool {
    let bytes = Array(try Data(contentsOf: url))
    return bytes.withUnsafeBufferPointer { FuzzHarness.run($0, entry: entry) }
  }

  @Test func findingsStayFixed() throws {
    let targets: [(String, FuzzHarness.Entry)] = [
      ("fuzz/fuzz-pstats", .importer(PstatsImporter.self)),
      ("fuzz/fuzz-folded", .importer(FoldedImporter.self)),
      ("fuzz/fuzz-speedscope", .importer(SpeedscopeImporter.self)),
      ("fuzz/fuzz-austin", .importer(AustinImporter.self)),
      ("fuzz/fuzz-pprof", .importer(PprofImporter.self)),
      ("fuzz/fuzz-callgrind", .importer(CallgrindImporter.self)),
      ("fuzz/fuzz-input", .recognized),
    ]
    // Each target also gets every crafted input, whatever its format: the error paths of
    // one importer on another's data are what fuzzing explores first.
    for (folder, entry) in targets {
      for url in Self.files(in: folder) + Self.files(in: "hostile") { _ = try Self.run(url, entry) }
    }
  }

  /// The crafted inputs: each is read or refused as the hostile-input tests expect.
  @Test func craftedInputsReadOrAreRefused() throws {
    let expected: [String: Bool] = [
      "deep_chain.folded": true, "hidden_characters.folded": true, "huge_cumtime.prof": true,
      "nested_claims.prof": false, "overflowing_counts.folded": false,
      "shared_bytes_name.prof": true, "zip_bomb.pprof": false,
    ]
    let files = Self.files(in: "hostile")
    #expect(Set(files.map(\.lastPathComponent)) == Set(expected.keys))
    for url in files {
      #expect(try Self.run(url, .recognized) == expected[url.lastPathComponent], "\(url)")
    }
  }

  /// The harness itself: a valid profile of each format reads, noise does not.
  @Test func harnessReadsProfilesAndRefusesNoise() throws {
    #expect(try Self.run(Fixtures.pstats.appendingPathComponent("prof/mutual.prof"), .recognized))
    let folded = Fixtures.root.appendingPathComponent("folded/deep_recursion.folded")
    #expect(try Self.run(folded, .importer(FoldedImporter.self)))
    let noise: [UInt8] = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
    #expect(!noise.withUnsafeBufferPointer { FuzzHarness.run($0, entry: .recognized) })
  }
}
