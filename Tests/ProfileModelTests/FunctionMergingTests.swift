import Foundation
import ProfileModel
import TestSupport
import Testing

@testable import ProfileFormats

/// `Profile.mergingFunctions(by:)`: the functions a comparison takes to be one become one
/// frame, and no time is lost or invented.
struct FunctionMergingTests {
  static func load(_ relative: String) throws -> Profile {
    try InputFormat.load([Fixtures.root.appendingPathComponent(relative).path], format: .auto)
  }

  /// py-spy records a frame per line: `main` at three lines is one function by name and file.
  @Test func pySpyLinesOfOneFunctionBecomeOneFrame() throws {
    let profile = try Self.load("diff/after.py-spy.json")
    let merged = profile.mergingFunctions(by: .nameAndFile)
    func mains(_ p: Profile) -> [Int] {
      (0..<p.graph.entryCount).filter {
        p.graph.name(of: $0).name == "main" && p.graph.name(of: $0).file.hasSuffix("workload.py")
      }
    }
    #expect(mains(profile).count == 3)
    let main = try #require(mains(merged).first)
    #expect(mains(merged).count == 1)
    #expect(merged.graph.name(of: main).line == 0)
    #expect(merged.graph.name(of: main).file == profile.graph.name(of: mains(profile)[0]).file)
    #expect(abs(merged.stacks!.totalWeight - profile.stacks!.totalWeight) < 1e-9)
    // Own time is the sum of the three; cumulative time counts a stack once.
    let own = mains(profile).map { profile.graph.tt[$0] }.reduce(0, +)
    #expect(abs(merged.graph.tt[main] - own) < 1e-12)
    var tree = CallTreeBuilder.tree(for: merged)
    let module = tree.expand(tree.top).first { tree.name($0)?.name == "<module>" }!
    #expect(tree.expand(module).filter { tree.name($0)?.name == "main" }.count == 1)
    // Matched exactly, nothing merges.
    #expect(profile.mergingFunctions(by: .exact).graph.entryCount == profile.graph.entryCount)
  }

  /// A call graph: two `<genexpr>` of one file merge, their own and cumulative time and
  /// their callers' edges added.
  @Test func callGraphEntriesOfOneIdentityAreAdded() throws {
    let profile = try Self.load("diff/after.prof")
    let merged = profile.mergingFunctions(by: .nameAndFile)
    func genexprs(_ p: Profile) -> [Int] {
      (0..<p.graph.entryCount).filter { p.graph.name(of: $0).name == "<genexpr>" }
    }
    #expect(genexprs(profile).count == 2)
    let one = try #require(genexprs(merged).first)
    #expect(genexprs(merged).count == 1)
    let tt = genexprs(profile).map { profile.graph.tt[$0] }.reduce(0, +)
    #expect(abs(merged.graph.tt[one] - tt) < 1e-12)
    #expect(merged.graph.entryCount == profile.graph.entryCount - 1)
    let total = (0..<profile.graph.entryCount).map { profile.graph.tt[$0] }.reduce(0, +)
    let mergedTotal = (0..<merged.graph.entryCount).map { merged.graph.tt[$0] }.reduce(0, +)
    #expect(abs(total - mergedTotal) < 1e-9)
  }
}
