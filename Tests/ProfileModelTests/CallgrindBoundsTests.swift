import Foundation
import ProfileFormats
import ProfileModel
import TestSupport
import Testing

/// The callgrind tree is estimated with the pstats estimator; its bounds must hold the true
/// time of every path. Random programs without recursion (callgrind adds every call's
/// inclusive cost, nested ones too, so recursion is outside what its numbers can say — valgrind
/// names the second level `fn'2` to avoid it) are written as valgrind would record them:
/// self costs per function, calls and inclusive costs per caller → callee edge.
@Suite struct CallgrindBoundsTests {
  /// The program as a callgrind file, costs in integer nanoseconds (`events: ns`).
  static func callgrind(_ program: RandomPrograms.Program) -> String {
    var selfCost: [Int: Int64] = [:]
    var edges: [Int: [Int: (calls: Int64, cost: Int64)]] = [:]
    var order: [Int] = []
    @discardableResult
    func run(_ frame: RandomPrograms.Frame, _ parent: Int?) -> Int64 {
      if selfCost[frame.function] == nil { order.append(frame.function) }
      let own = Int64((frame.selfTime * 1e9).rounded())
      selfCost[frame.function, default: 0] += own
      var inclusive = own
      for child in frame.children { inclusive += run(child, frame.function) }
      if let parent {
        var edge = edges[parent]?[frame.function] ?? (0, 0)
        edge.calls += 1
        edge.cost += inclusive
        edges[parent, default: [:]][frame.function] = edge
      }
      return inclusive
    }
    for top in program.tops { run(top, nil) }
    var text = "# callgrind format\nversion: 1\ncreator: test\nevents: ns\n"
    for f in order {
      text += "fl=t.py\nfn=f\(f)\n1 \(selfCost[f]!)\n"
      for (callee, edge) in (edges[f] ?? [:]).sorted(by: { $0.key < $1.key }) {
        text += "cfn=f\(callee)\ncalls=\(edge.calls) 1\n1 \(edge.cost)\n"
      }
    }
    return text
  }

  @Test func boundsHoldTheTrueTimeOnRandomPrograms() throws {
    var random = SplitMix64(seed: 77)
    var checked = 0
    var exact = 0
    for trial in 0..<1500 {
      let program = RandomPrograms.make(.plain, &random)
      let text = Self.callgrind(program)
      let profile = try Array(text.utf8).withUnsafeBufferPointer { buffer in
        try CallgrindImporter.decode(buffer, source: ProfileSource(path: "c", modified: nil))
      }
      var tree = CallTreeBuilder.tree(
        for: profile, parameters: CallTreeParameters(minimumFraction: 0, maximumDepth: 60))
      tree.expandAll(below: tree.top)
      let truth = RandomPrograms.truth(of: program)
      for node in 1..<tree.count where tree.kind[node] == .root || tree.kind[node] == .call {
        let path = tree.path(to: node).dropFirst().map {
          Int(tree.names.name(of: Int(tree.function[$0])).name.dropFirst())!
        }
        let trueTime = truth[path] ?? 0
        // Costs were rounded to whole nanoseconds, once per frame.
        let slack = 1e-6 + 1e-9 * abs(trueTime)
        #expect(
          tree.lower[node] - slack <= trueTime && trueTime <= tree.upper[node] + slack,
          "trial \(trial): \(path) true \(trueTime) outside [\(tree.lower[node]), \(tree.upper[node])]"
        )
        checked += 1
        if tree.isExact(node) { exact += 1 }
      }
    }
    #expect(checked > 8_000)
    #expect(exact * 10 > checked)
  }
}
