import ProfileModel
import Testing

/// `TimelineBuilder` against a direct reading of the same events: for random nestings of
/// frames opened and closed at random times, the weight of every stack is the time its
/// innermost frame spent innermost, summed over the times that stack was open.
struct TimelineBuilderTests {
  /// Random open/close events on `frames` distinct frames, times non-decreasing, every
  /// frame closed by the end. Each event is (is an open, frame, time).
  static func events(_ random: inout SplitMix64, frames: Int32) -> [(Bool, Int32, Double)] {
    var result: [(Bool, Int32, Double)] = []
    var depth = 0
    var time = 0.0
    let count = Int(random.next() % 60) + 1
    for _ in 0..<count {
      // Equal times (zero-length frames and gaps) are as common as they are in real traces.
      if random.next() % 3 != 0 { time += Double(random.next() % 1000) / 10 }
      if depth > 0 && random.next() % 2 == 0 {
        result.append((false, -1, time))
        depth -= 1
      } else {
        result.append((true, Int32(random.next() % UInt64(frames)), time))
        depth += 1
      }
    }
    while depth > 0 {
      time += Double(random.next() % 100)
      result.append((false, -1, time))
      depth -= 1
    }
    return result
  }

  /// The weight of each stack, read directly: between two events, the open stack gets the
  /// time that passed.
  static func expected(_ events: [(Bool, Int32, Double)], prefix: [Int32], scale: Double)
    -> [[Int32]: Double]
  {
    var result: [[Int32]: Double] = [:]
    var open: [Int32] = []
    var last = 0.0
    for (isOpen, frame, time) in events {
      if !open.isEmpty && time > last { result[prefix + open, default: 0] += (time - last) * scale }
      last = time
      if isOpen { open.append(frame) } else { open.removeLast() }
    }
    return result
  }

  @Test func stacksWeighWhatTheirInnermostFrameSpentInnermost() {
    var random = SplitMix64(seed: 42)
    for _ in 0..<2_000 {
      var samples = StackSamples(mergingIdenticalStacks: true)
      let ids = (0..<5).map { samples.frame(file: "f.py", line: Int64($0), name: "f\($0)") }
      let root = random.next() % 2 == 0 ? samples.frame(file: "", line: 0, name: "thread") : nil
      let prefix = root.map { [$0] } ?? []
      let scale = random.next() % 2 == 0 ? 1.0 : 1e-6
      let events = Self.events(&random, frames: 5)
      var timeline = TimelineBuilder(prefix: prefix, scale: scale)
      for (isOpen, frame, time) in events {
        if isOpen {
          timeline.open(ids[Int(frame)], at: time)
        } else {
          timeline.close(at: time, into: &samples)
        }
      }
      #expect(timeline.depth == 0)
      var got: [[Int32]: Double] = [:]
      for s in 0..<samples.stackCount {
        got[Array(samples.stack(s)), default: 0] += samples.weights[s]
      }
      let want = Self.expected(
        events.map { ($0.0, $0.1 >= 0 ? ids[Int($0.1)] : -1, $0.2) }, prefix: prefix,
        scale: scale)
      #expect(Set(got.keys) == Set(want.keys.filter { want[$0]! > 0 }))
      for (stack, weight) in want where weight > 0 {
        #expect(abs((got[stack] ?? 0) - weight) <= 1e-9 * max(1, weight))
      }
    }
  }

  @Test func closeAllClosesInnermostFirstAndEmptyClosesAreIgnored() {
    var samples = StackSamples()
    let a = samples.frame(file: "", line: 0, name: "a")
    let b = samples.frame(file: "", line: 0, name: "b")
    var timeline = TimelineBuilder()
    timeline.close(at: 0, into: &samples)
    timeline.open(a, at: 0)
    timeline.open(b, at: 2)
    // A time that goes back counts as the time before it.
    timeline.open(a, at: 1)
    timeline.closeAll(at: 5, into: &samples)
    #expect(timeline.depth == 0)
    #expect(samples.stackCount == 2)
    #expect(Array(samples.stack(0)) == [a, b, a] && samples.weights[0] == 3)
    #expect(Array(samples.stack(1)) == [a] && samples.weights[1] == 2)
  }
}
