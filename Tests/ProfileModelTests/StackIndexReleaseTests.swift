import ProfileModel
import Testing

/// Once read, stacks let their indexes go (`releaseIndexes`); a frame or a stack added later
/// is still found and merged as if the indexes had been kept.
struct StackIndexReleaseTests {
  @Test func stacksAddedAfterTheIndexesWentStillMerge() {
    var random = SplitMix64(seed: 11)
    for round in 0..<200 {
      var kept = StackSamples(mergingIdenticalStacks: true)
      var released = StackSamples(mergingIdenticalStacks: true)
      let count = Int(random.next() % 40) + 1
      let stacks = (0..<count).map { _ in
        (0..<Int(random.next() % 5) + 1).map { _ in "f\(random.next() % 4)" }
      }
      let cut = Int(random.next() % UInt64(count + 1))
      for (s, stack) in stacks.enumerated() {
        if s == cut { released.releaseIndexes() }
        for samples in [0, 1] {
          // Half the stacks come whole, half frame by frame.
          let weight = Double(s + 1)
          if s % 2 == 0 {
            let ids = stack.map {
              samples == 0
                ? kept.frame(file: "a.py", line: 1, name: $0)
                : released.frame(file: "a.py", line: 1, name: $0)
            }
            ids.withUnsafeBufferPointer {
              if samples == 0 {
                kept.add(weight: weight, stack: $0)
              } else {
                released.add(weight: weight, stack: $0)
              }
            }
          } else if samples == 0 {
            kept.beginStack(weight: weight)
            for name in stack { kept.push(kept.frame(file: "a.py", line: 1, name: name)) }
            kept.endStack()
          } else {
            released.beginStack(weight: weight)
            for name in stack { released.push(released.frame(file: "a.py", line: 1, name: name)) }
            released.endStack()
          }
        }
      }
      #expect(released.stackCount == kept.stackCount, "round \(round)")
      #expect(released.frames == kept.frames && released.weights == kept.weights)
      #expect(released.frameSequence == kept.frameSequence)
      #expect(released.stackCount == Set(stacks).count)
    }
  }
}
