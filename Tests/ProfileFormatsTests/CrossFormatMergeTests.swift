import Foundation
import ProfileFormats
import ProfileModel
import TestSupport
import Testing

/// Stack profiles of different formats merge when they measure the same thing; otherwise
/// the one-line error names each file, its format and its metrics.
@Suite struct CrossFormatMergeTests {
  static func path(_ relative: String) -> String {
    Fixtures.root.appendingPathComponent(relative).path
  }

  static func total(_ profile: Profile) -> Double {
    let tree = CallTreeBuilder.tree(for: profile)
    return tree.total[tree.top]
  }

  @Test func speedscopeAndAustinAddUp() throws {
    let speedscope = Self.path("speedscope/threads.py-spy.speedscope.json")
    let austin = Self.path("austin/wall.austin")
    let merged = try InputFormat.load([speedscope, austin], format: .auto)
    let a = try InputFormat.load([speedscope], format: .auto)
    let b = try InputFormat.load([austin], format: .auto)
    #expect(abs(Self.total(merged) - Self.total(a) - Self.total(b)) < 1e-9)
    #expect(merged.sources.map(\.path) == [speedscope, austin])
    #expect(merged.weightUnit == .seconds)
    // Both have thread nodes at the top: they stay groups, and merge with T.
    #expect(merged.groupDepth == 1)
  }

  @Test func differentThingsDoNotMerge() throws {
    let speedscope = Self.path("speedscope/threads.py-spy.speedscope.json")
    let folded = Self.path("folded/deep_recursion.folded")
    do {
      _ = try InputFormat.load([speedscope, folded], format: .auto)
      Issue.record("merged seconds with samples")
    } catch {
      #expect(error.description.contains("is speedscope"))
      #expect(error.description.contains("'samples' (samples)"))
      #expect(!error.description.contains("\n"))
    }
    let pstats = Self.path("pstats/prof/two_callers.prof")
    #expect {
      try InputFormat.load([pstats, folded], format: .auto)
    } throws: { error in
      "\(error)".contains("caller graph")
    }
  }
}
