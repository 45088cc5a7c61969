import Foundation
import ProfileModel
import TestSupport
import Testing

@testable import ProfileFormats

/// `TreeComparison` against a direct reading of the stacks: for random pairs of stack
/// profiles, every call path's time in each run equals the sum of the weights of the stacks
/// that start with that path (functions compared by their matched identity), and every
/// path of either run is found.
struct TreeComparisonTests {
  /// A random folded profile: stacks of frames `name (dir/file.py:line)` from a small
  /// vocabulary, so that functions of one name sit in several files and lines.
  static func randomFolded(_ random: inout SplitMix64) -> String {
    let names = ["main", "load", "parse", "work", "leaf", "<module>"]
    let files = ["a/app.py", "b/app.py", "lib.py"]
    var text = ""
    for _ in 0..<Int.random(in: 1...12, using: &random) {
      let depth = Int.random(in: 1...5, using: &random)
      let frames = (0..<depth).map { _ in
        let name = names.randomElement(using: &random)!
        let file = files.randomElement(using: &random)!
        return "\(name) (\(file):\(Int.random(in: 1...2, using: &random)))"
      }
      text += frames.joined(separator: ";") + " \(Int.random(in: 1...50, using: &random))\n"
    }
    return text
  }

  /// The direct reading: each stack prefix's matched keys → summed weight.
  static func prefixSums(_ text: String, _ matching: FunctionMatching) -> [[FunctionName]: Double] {
    var sums: [[FunctionName]: Double] = [:]
    for line in text.split(separator: "\n") {
      let space = line.lastIndex(of: " ")!
      let weight = Double(line[line.index(after: space)...])!
      var prefix: [FunctionName] = []
      for frame in line[..<space].split(separator: ";") {
        // `name (file:line)`
        let open = frame.firstIndex(of: "(")!
        let location = frame[frame.index(after: open)..<frame.index(before: frame.endIndex)]
        let colon = location.lastIndex(of: ":")!
        let name = FunctionName(
          file: String(location[..<colon]),
          line: Int64(location[location.index(after: colon)...])!,
          name: String(frame[..<frame.index(before: open)]))
        prefix.append(matching.key(name))
        sums[prefix, default: 0] += weight
      }
    }
    return sums
  }

  static func tree(_ profile: Profile) -> CallTree {
    CallTreeBuilder.tree(for: profile, parameters: CallTreeParameters(minimumFraction: 0))
  }

  @Test(arguments: FunctionMatching.allCases)
  func pathTimesEqualTheStacks(_ matching: FunctionMatching) throws {
    var random = SplitMix64(seed: 20_261_203)
    for _ in 0..<300 {
      let baseText = Self.randomFolded(&random)
      let newText = Self.randomFolded(&random)
      let base = try Fixtures.folded(baseText)
      let new = try Fixtures.folded(newText)
      var newTree = Self.tree(new)
      var comparison = TreeComparison(base: Self.tree(base), new: newTree, matching: matching)
      newTree.expandAll(below: newTree.top)
      comparison.resolveAll(&newTree)
      // Every path's callees, so that paths only the base run has are found too.
      var p = 0
      while p < comparison.paths.count {
        comparison.resolveCallees(of: p, &newTree)
        p += 1
      }
      let baseSums = Self.prefixSums(baseText, matching)
      let newSums = Self.prefixSums(newText, matching)
      var seen = Set<[FunctionName]>()
      for p in 1..<comparison.paths.count {
        let keys = comparison.functions(of: p).map(matching.key)
        #expect(seen.insert(keys).inserted, "path \(keys) found twice")
        let path = comparison.paths[p]
        #expect(abs(path.base.total - (baseSums[keys] ?? 0)) < 1e-9, "base \(keys)")
        #expect(abs(path.new.total - (newSums[keys] ?? 0)) < 1e-9, "new \(keys)")
        #expect(path.isRemoved == (newSums[keys] == nil))
        for node in path.new.nodes { #expect(comparison.path(of: Int(node)) == p) }
      }
      #expect(seen == Set(baseSums.keys).union(newSums.keys))
      #expect(comparison.paths[0].base.total == base.stacks!.weights.reduce(0, +))
    }
  }

  /// Looking up one node finds the same path as looking up the whole tree.
  @Test func lazyLookupAgreesWithTheWholeTree() throws {
    var random = SplitMix64(seed: 7)
    for _ in 0..<100 {
      let base = try Fixtures.folded(Self.randomFolded(&random))
      let new = try Fixtures.folded(Self.randomFolded(&random))
      var whole = Self.tree(new)
      whole.expandAll(below: whole.top)
      var all = TreeComparison(base: Self.tree(base), new: whole, matching: .nameAndFile)
      all.resolveAll(&whole)
      for node in stride(from: whole.count - 1, through: 0, by: -1) {
        var tree = whole
        var one = TreeComparison(base: Self.tree(base), new: tree, matching: .nameAndFile)
        one.resolve(node, &tree)
        let found = try #require(one.path(of: node))
        #expect(one.functions(of: found) == all.functions(of: all.path(of: node)!))
        #expect(one.paths[found].base.total == all.paths[all.path(of: node)!].base.total)
      }
    }
  }
}
