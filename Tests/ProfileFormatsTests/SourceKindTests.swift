import Foundation
import ProfileFormats
import ProfileModel
import TestSupport
import Testing

/// Every format says how it recorded the run (stacks, timeline, call graph) and, where the
/// file names it, which program wrote it; pstats facts stay with pstats files.
struct SourceKindTests {
  static func load(_ relative: String) throws -> Profile {
    let path = Fixtures.root.appendingPathComponent(relative).path
    return try ImporterRegistry.load([path], format: .auto)
  }

  @Test(
    arguments: [
      ("pstats/prof/recursion.prof", SourceKind.callGraph, "cProfile"),
      ("pstats/prof/recursion.pyprofile.prof", .callGraph, "profile"),
      ("pstats/variants/recursion.yappi.prof", .callGraph, "yappi"),
      ("callgrind/work.callgrind", .callGraph, "callgrind-3.19.0"),
      ("callgrind/small.yappi.callgrind", .callGraph, "yappi"),
      ("callgrind/small.pyprof2calltree.callgrind", .callGraph, nil),
      ("folded/deep_recursion.folded", .stacks, nil),
      ("speedscope/threads.py-spy.speedscope.json", .stacks, "py-spy@0.4.3"),
      ("speedscope/deep_recursion.pyinstrument.speedscope.json", .timeline, "pyinstrument"),
      ("trace/small_work.viztracer.json", .timeline, nil),
      ("cpuprofile/fib_and_sort.cpuprofile", .stacks, "V8"),
      ("pyinstrument/threads.pyisession", .stacks, "pyinstrument"),
      ("austin/wall.austin", .stacks, "austin 3.7.0"),
      ("perf/busy.perf.txt", .stacks, "perf"),
      ("pprof/cpu.pprof", .stacks, nil),
    ] as [(String, SourceKind, String?)])
  func kindAndProducer(_ relative: String, _ kind: SourceKind, _ producer: String?) throws {
    let profile = try Self.load(relative)
    #expect(profile.kind == kind)
    #expect(profile.producer == producer)
    #expect(profile.kind.isExact == (profile.stacks != nil))
    #expect((profile.pstats != nil) == relative.hasPrefix("pstats/"))
    for other in profile.otherMetrics {
      #expect(other.kind == kind && other.producer == producer)
    }
  }

  @Test func mergedStackFilesNameEveryProducerOnce() throws {
    let paths = [
      "speedscope/threads.py-spy.speedscope.json", "austin/wall.austin",
      "trace/small_work.viztracer.json",
    ].map { Fixtures.root.appendingPathComponent($0).path }
    let merged = try ImporterRegistry.load(paths, format: .auto)
    #expect(merged.producer == "py-spy@0.4.3 + austin 3.7.0")
    #expect(merged.kind == .stacks)
  }

  @Test func mergedPstatsFilesKeepTheirTotalsAndTheNonCProfileFlavor() throws {
    let paths = ["prof/recursion.prof", "variants/recursion.yappi.prof"].map { Fixtures.path($0) }
    let parts = try paths.map { try ImporterRegistry.load([$0], format: .auto) }
    let merged = try ImporterRegistry.load(paths, format: .auto)
    #expect(merged.pstatsFlavor == .yappi)
    #expect(merged.producer == "yappi")
    #expect(
      merged.pstatsSummary.totalCalls
        == parts.map(\.pstatsSummary.totalCalls).reduce(0, +))
  }
}
