import Foundation
import ProfileModel
import TestSupport
import Testing

@testable import ProfileFormats

/// `ProfileDiff` on small runs whose every number is known, and on a real before/after pair.
struct ProfileDiffTests {
  static func function(_ diff: ProfileDiff, _ name: String) -> ProfileDiff.Entry? {
    diff.functions.first { $0.function.name == name }
  }

  @Test func ownAndCumulativeChangesPerFunctionAndPath() throws {
    let base = try Fixtures.folded("main;parse 30\nmain;work;leaf 50\nmain 20\n")
    let new = try Fixtures.folded("main;parse 30\nmain;work;leaf 120\nmain 20\nmain;added 5\n")
    let diff = try ProfileDiff(base: base, new: new)
    #expect(diff.baseTotal == 100 && diff.newTotal == 175)
    let leaf = try #require(Self.function(diff, "leaf"))
    #expect(leaf.ownChange == 70 && leaf.cumulativeChange == 70)
    let work = try #require(Self.function(diff, "work"))
    #expect(work.ownChange == 0 && work.cumulativeChange == 70)
    #expect(try #require(Self.function(diff, "added")).baseOwn == 0)
    #expect(diff.percent(leaf.ownChange) == 70)
    // Largest regression first; unchanged functions are left out.
    let ranked = ProfileDiff.largestChanges(diff.functions, count: 10).map {
      diff.functions[$0].function.name
    }
    #expect(ranked == ["leaf", "added"])
    let paths = ProfileDiff.largestChanges(diff.paths, count: 1)
    #expect(diff.path(paths[0]).map(\.name) == ["main", "work", "leaf"])
    #expect(diff.paths[paths[0]].baseCumulative == 50 && diff.paths[paths[0]].newCumulative == 120)
    #expect(diff.largestGrowth?.what == "the total")
    #expect(diff.largestGrowth?.percent == 75)
  }

  @Test func matchingByNameFileOrExactLocation() throws {
    let base = try Fixtures.folded("f (/home/a/app.py:10) 10\n")
    let moved = try Fixtures.folded("f (/srv/b/app.py:12) 10\n")
    let byFile = try ProfileDiff(base: base, new: moved)
    #expect(byFile.functions.count == 1 && byFile.functions[0].ownChange == 0)
    let exact = try ProfileDiff(base: base, new: moved, matching: .exact)
    #expect(exact.functions.count == 2)
    let other = try Fixtures.folded("f (/srv/b/other.py:10) 10\n")
    #expect(try ProfileDiff(base: base, new: other).functions.count == 2)
    #expect(try ProfileDiff(base: base, new: other, matching: .name).functions.count == 1)
  }

  @Test func normalizedRunsAreSharesAndUnitsMustAgree() throws {
    let base = try Fixtures.folded("a 10\nb 10\n")
    let new = try Fixtures.folded("a 30\nb 10\n")
    let diff = try ProfileDiff(base: base, new: new, normalized: true)
    #expect(diff.baseTotal == 1 && diff.newTotal == 1)
    #expect(abs(Self.function(diff, "a")!.ownChange - 0.25) < 1e-12)
    var seconds = new
    seconds.weightUnit = .seconds
    #expect(throws: ProfileDiff.Mismatch.self) { try ProfileDiff(base: base, new: seconds) }
  }

  /// The real runs: `checksum` made to do four times the work is the top regression, by
  /// function and by path, from cProfile and from py-spy alike.
  @Test(arguments: [("before.prof", "after.prof"), ("before.py-spy.json", "after.py-spy.json")])
  func theChangedFunctionIsTheTopRegression(_ before: String, _ after: String) throws {
    func load(_ name: String) throws -> Profile {
      try ImporterRegistry.load(
        [Fixtures.root.appendingPathComponent("diff/" + name).path], format: .auto)
    }
    let diff = try ProfileDiff(base: try load(before), new: try load(after))
    let function = try #require(ProfileDiff.largestChanges(diff.functions, count: 1).first)
    #expect(diff.functions[function].function.name == "checksum")
    let path = try #require(ProfileDiff.largestChanges(diff.paths, count: 1).first)
    #expect(diff.paths[path].function.name == "checksum")
    let text = DiffReport.text(
      diff, base: .init(files: [before], origin: ""), new: .init(files: [after], origin: ""),
      top: 5)
    let firstRow = text.split(separator: "\n").first { $0.contains("+") && $0.contains("%  ") }
    #expect(firstRow?.contains("checksum") == true, "\(text)")
    let json = DiffReport.json(
      diff, base: .init(files: [before], origin: ""), new: .init(files: [after], origin: ""),
      top: 5)
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    let top = (object["functions"] as! [[String: Any]])[0]["function"] as! [Any]
    #expect(top[2] as? String == "checksum")
    // Every path's change lies within its bounds; from stacks the bounds are the change.
    let estimated = before.hasSuffix(".prof")
    var widest = 0.0
    for entry in diff.paths {
      let bounds = try #require(entry.cumulativeChangeBounds)
      let change = entry.cumulativeChange
      #expect(bounds.lower <= change + 1e-12 && change <= bounds.upper + 1e-12)
      widest = max(widest, bounds.upper - bounds.lower)
    }
    #expect(estimated ? widest > 0 : widest < 1e-12)
    let paths = object["paths"] as! [[String: Any]]
    #expect((paths[0]["cumulative_change_bounds"] as? [Double])?.count == 2)
  }
}
