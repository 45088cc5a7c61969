import Foundation
import ProfileFormats
import ProfileModel
import TestSupport
import Testing

/// Hiding library frames (`i`): from stacks the folded tree is the tree of the stacks with
/// the hidden frames cut out (the root frame kept, a stack that ends in hidden frames ending
/// in `(library)`); from a caller graph every node keeps its time and its bounds add up.
@Suite struct LibraryFramesTests {
  @Test func foldedStacksAreTheStacksWithoutHiddenFrames() {
    var random = SplitMix64(seed: 11)
    for trial in 0..<300 {
      let stacks = InvertedTreeTests.randomStacks(&random)
      let profile = InvertedTreeTests.profile(stacks)
      let hidden = (0..<5).map { _ in random.next() % 3 == 0 }
      // f0…f4 have the ids 0…4 in the profile's graph.
      var tree = CallTreeBuilder.tree(
        for: profile, parameters: CallTreeParameters(minimumFraction: 0))
      let folded = CallTreeBuilder.hidingFrames(hidden, of: tree)
      tree.expandAll(below: tree.top)
      #expect(folded.total[folded.top] == tree.total[tree.top])
      var truth: [[String]: Double] = [:]
      for (stack, weight) in stacks {
        var path: [String] = []
        for (i, f) in stack.enumerated() where i == 0 || !hidden[f] { path.append("f\(f)") }
        if stack.count > 1, hidden[stack.last!] { path.append("(library)") }
        for length in stride(from: 1, through: path.count, by: 1) {
          truth[Array(path.prefix(length)), default: 0] += weight
        }
      }
      var seen = 0
      for node in 1..<folded.count {
        let path = folded.path(to: node).dropFirst().map { folded.stackFrame($0).name }
        #expect(folded.total[node] == truth[path], "trial \(trial): \(path)")
        seen += 1
        let sum = folded.selfTime[node] + folded.children(node).reduce(0) { $0 + folded.total[$1] }
        #expect(sum == folded.total[node], "trial \(trial): self + children")
        if folded.isFunctionFrame(node) { #expect(folded.isExact(node)) }
      }
      #expect(seen == truth.count, "trial \(trial): \(seen) nodes for \(truth.count) paths")
    }
  }

  @Test func foldedEstimatesKeepTheirTimeAndBounds() throws {
    let url = Fixtures.root.appendingPathComponent("diff/after.prof")
    let profile = try PstatsImporter.decode(
      Array(try Data(contentsOf: url)), source: ProfileSource(path: url.path, modified: nil))
    let hidden = LibraryFrames.standard.flags(for: profile.graph)
    #expect(hidden.contains(true) && hidden.contains(false))
    let tree = CallTreeBuilder.tree(for: profile)
    let folded = CallTreeBuilder.hidingFrames(hidden, of: tree)
    #expect(folded.isEstimated)
    #expect(folded.total[folded.top] == tree.total[tree.top])
    var libraryRows = 0
    for node in 1..<folded.count {
      let total = folded.total[node]
      let sum = folded.selfTime[node] + folded.children(node).reduce(0) { $0 + folded.total[$1] }
      #expect(abs(sum - total) <= 1e-9 * max(1, total))
      if folded.kind[node] == .library { libraryRows += 1 }
      guard folded.isFunctionFrame(node) else { continue }
      let f = Int(folded.function[node])
      // Only the top level keeps library functions; every bound holds its estimate.
      #expect(folded.depth[node] == 1 || !hidden[f])
      #expect(folded.lower[node] <= total * (1 + 1e-9) && total <= folded.upper[node] * (1 + 1e-9))
    }
    #expect(libraryRows > 0)
  }

  @Test func patternsMatchFilesOrBuiltinNames() throws {
    let standard = LibraryFrames.standard
    func name(_ file: String, _ function: String = "f") -> FunctionName {
      FunctionName(file: file, line: 1, name: function)
    }
    #expect(standard.isLibrary(name("/usr/lib/python3.12/json/decoder.py")))
    #expect(standard.isLibrary(name("/venv/lib/python3.11/site-packages/requests/api.py")))
    #expect(standard.isLibrary(name("<frozen importlib._bootstrap>")))
    #expect(standard.isLibrary(name("~", "<built-in method builtins.exec>")))
    #expect(standard.isLibrary(name("/usr/lib/x86_64-linux-gnu/libc.so.6")))
    #expect(!standard.isLibrary(name("/home/me/app/main.py")))
    #expect(!standard.isLibrary(name("app.py")))
    let custom = try LibraryFrames(patterns: ["^vendor/"])
    #expect(
      custom.isLibrary(name("vendor/x.py")) && !custom.isLibrary(name("/usr/lib/python3/x.py")))
    #expect(throws: LibraryPatternError.self) { try LibraryFrames(patterns: ["("]) }
  }
}
