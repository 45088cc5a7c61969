import ProfileModel
import Testing

/// Recursion collapse: a frame whose function already runs further up its stack merges into
/// that outer frame, the frames between are dropped, and no time is gained or lost.
@Suite struct RecursionCollapseTests {
  /// Stacks of named frames; a name may carry a line after a colon (`b:7`), which does not
  /// change the function.
  private static func samples(_ stacks: [([String], Double)]) -> StackSamples {
    var samples = StackSamples()
    for (frames, weight) in stacks {
      let ids = frames.map { frame in
        let parts = frame.split(separator: ":")
        return samples.frame(
          file: "f.py", line: parts.count > 1 ? Int64(parts[1])! : 1, name: String(parts[0]))
      }
      samples.beginStack(weight: weight)
      for id in ids { samples.push(id) }
      samples.endStack()
    }
    return samples
  }

  private static func names(_ samples: StackSamples, _ s: Int) -> [String] {
    samples.stack(s).map { samples.strings[samples.frames[Int($0)].name] }
  }

  @Test func innerFrameMergesIntoTheOuterOneAndTheFramesBetweenGo() {
    let samples = Self.samples([
      (["a", "b", "c", "b", "d"], 1), (["a", "b", "a", "x"], 2), (["a", "b:7", "c", "b:9"], 3),
      (["a", "c", "d"], 4),
    ])
    let collapsed = samples.collapsingRecursion()
    #expect(Self.names(collapsed, 0) == ["a", "b", "d"])
    #expect(Self.names(collapsed, 1) == ["a", "x"])
    #expect(Self.names(collapsed, 2) == ["a", "b"])
    #expect(Self.names(collapsed, 3) == ["a", "c", "d"])
    #expect(collapsed.weights == samples.weights)
    #expect(collapsed.frames == samples.frames)
  }

  /// Laws on random recursive stacks: the total is the same; each function (file and name)
  /// keeps its own time, since a stack's leaf only ever merges into a frame of its own
  /// function; no stack of the result runs a function twice; collapsing twice changes
  /// nothing more; and stacks without recursion are left as they were.
  @Test func collapseKeepsTimeAndLeavesNoRecursion() {
    var random = SplitMix64(seed: 12)
    for _ in 0..<300 {
      var stacks: [([String], Double)] = []
      for _ in 0..<Int.random(in: 1...30, using: &random) {
        let depth = Int.random(in: 0...12, using: &random)
        let frames = (0..<depth).map { _ in
          "f\(Int.random(in: 0..<5, using: &random)):\(Int.random(in: 1...2, using: &random))"
        }
        stacks.append((frames, Double(Int.random(in: 1...9, using: &random))))
      }
      let samples = Self.samples(stacks)
      let collapsed = samples.collapsingRecursion()
      #expect(collapsed.totalWeight == samples.totalWeight)
      #expect(Self.selfByFunction(collapsed) == Self.selfByFunction(samples))
      for s in 0..<collapsed.stackCount {
        let names = Self.names(collapsed, s)
        #expect(Set(names).count == names.count, "\(names)")
        let original = Self.names(samples, s)
        if Set(original).count == original.count {
          #expect(Array(collapsed.stack(s)) == Array(samples.stack(s)))
        }
      }
      let twice = collapsed.collapsingRecursion()
      #expect((0..<twice.stackCount).allSatisfy { twice.stack($0) == collapsed.stack($0) })
    }
  }

  /// The tree of collapsed stacks: same top total, and no path repeats a function.
  @Test func collapsedTreeKeepsTheTotal() throws {
    let samples = Self.samples([
      (["main", "walk", "step", "walk", "step", "walk", "leaf"], 5), (["main", "walk"], 2),
      (["main", "other"], 1),
    ])
    let profile = Profile(stacks: samples, weightUnit: .samples, sources: [])
    let tree = CallTreeBuilder.tree(for: profile)
    #expect(tree.hasRecursion)
    var collapsed = try #require(tree.collapsingRecursion())
    #expect(collapsed.total[collapsed.top] == tree.total[tree.top])
    collapsed.expandAll(below: collapsed.top)
    let walk = try #require(
      (0..<collapsed.count).first { collapsed.name($0)?.name == "walk" })
    #expect(collapsed.total[walk] == 7)
    #expect(collapsed.selfTime[walk] == 2)
    let leaf = try #require((0..<collapsed.count).first { collapsed.name($0)?.name == "leaf" })
    #expect(
      collapsed.path(to: leaf).compactMap { collapsed.name($0)?.name } == [
        "main", "walk", "leaf",
      ])
  }

  private static func selfByFunction(_ samples: StackSamples) -> [String: Double] {
    var out: [String: Double] = [:]
    for s in 0..<samples.stackCount {
      guard let leaf = samples.stack(s).last else { continue }
      out[samples.strings[samples.frames[Int(leaf)].name], default: 0] += samples.weights[s]
    }
    return out
  }
}
