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

  /// The spans the builder records against the events themselves: one span per open (the
  /// prefix frames around them), in open order, starting and ending when their events
  /// happened (times that go back count as the time before), each inside its parent; and
  /// every call path's own time summed over its spans is that stack's weight.
  @Test func recordedSpansAreTheEventsAndWeighTheirStacks() {
    var random = SplitMix64(seed: 7)
    for _ in 0..<2_000 {
      var samples = StackSamples(mergingIdenticalStacks: true)
      let ids = (0..<4).map { samples.frame(file: "f.py", line: Int64($0), name: "f\($0)") }
      let root = random.next() % 2 == 0 ? samples.frame(file: "", line: 0, name: "thread") : nil
      let prefix = root.map { [$0] } ?? []
      let scale = random.next() % 2 == 0 ? 1.0 : 1e-6
      var builder = TimelineBuilder(prefix: prefix, scale: scale)
      let lanes = Int(random.next() % 3) + 1
      var opens: [[(Int32, Double, Double)]] = []
      for lane in 0..<lanes {
        if lane > 0 {
          builder = TimelineBuilder(
            prefix: prefix, scale: scale, continuing: timeline(builder, &samples))
        }
        let events = Self.events(&random, frames: 4)
        // The expected spans of this lane: (frame, start, end) in open order.
        var expected: [(Int32, Double, Double)] = []
        var open: [Int] = []
        var last = -Double.infinity
        for (isOpen, frame, time) in events {
          last = max(last, time)
          if isOpen {
            builder.open(ids[Int(frame)], at: time)
            open.append(expected.count)
            expected.append((ids[Int(frame)], last * scale, last * scale))
          } else {
            builder.close(at: time, into: &samples)
            expected[open.removeLast()].2 = last * scale
          }
        }
        if let first = expected.first {
          expected = prefix.map { ($0, first.1, last * scale) } + expected
        }
        opens.append(expected)
      }
      let recorded = timeline(builder, &samples)
      #expect(recorded.laneCount == opens.count { !$0.isEmpty })
      let spans = opens.flatMap { $0 }
      #expect(recorded.count == spans.count)
      for (s, span) in spans.enumerated() where s < recorded.count {
        #expect(recorded.frame[s] == span.0 && recorded.start[s] == span.1)
        #expect(abs(recorded.end[s] - span.2) <= 1e-12 * max(1, abs(span.2)))
      }
      // Nesting: children inside the parent's time, one deeper, subtrees in preorder.
      for s in 0..<recorded.count {
        let parent = recorded.parent(s)
        if parent >= 0 {
          #expect(recorded.depth[s] == recorded.depth[parent] + 1)
          #expect(recorded.start[s] >= recorded.start[parent])
          #expect(recorded.end[s] <= recorded.end[parent])
          #expect(parent < s && s < recorded.subtreeEnd(parent))
        } else {
          #expect(recorded.depth[s] == 0)
        }
      }
      // Own time per call path, summed, is the stack's weight (a prefix span's own time is
      // the lane idle between its calls, which no stack holds).
      var own: [[Int32]: Double] = [:]
      for s in 0..<recorded.count where recorded.depth[s] >= prefix.count {
        var path: [Int32] = []
        var p = s
        while p >= 0 {
          path.append(recorded.frame[p])
          p = recorded.parent(p)
        }
        own[path.reversed(), default: 0] += recorded.selfTime(s)
      }
      var weights: [[Int32]: Double] = [:]
      for s in 0..<samples.stackCount {
        weights[Array(samples.stack(s)), default: 0] += samples.weights[s]
      }
      for (path, weight) in own where weight > 0 {
        #expect(abs((weights[path] ?? 0) - weight) <= 1e-9 * max(1, weight))
      }
      #expect(
        abs(own.values.reduce(0, +) - samples.totalWeight) <= 1e-9 * max(1, samples.totalWeight))
    }
  }

  /// Ends the builder's lane and returns its spans.
  private func timeline(_ builder: TimelineBuilder, _ samples: inout StackSamples) -> Timeline {
    var builder = builder
    return builder.finish(at: -Double.infinity, into: &samples)
  }

  @Test func lanesAndNeighboursOfARecordedTimeline() {
    var samples = StackSamples()
    let (a, b, c) = (
      samples.frame(file: "", line: 0, name: "a"), samples.frame(file: "", line: 0, name: "b"),
      samples.frame(file: "", line: 0, name: "c")
    )
    var builder = TimelineBuilder()
    builder.open(a, at: 0)
    builder.open(b, at: 1)
    builder.close(at: 3, into: &samples)
    builder.open(c, at: 4)
    builder.close(at: 5, into: &samples)
    builder.close(at: 10, into: &samples)
    builder.open(b, at: 12)
    var lanes = builder.finish(at: 14, into: &samples)
    builder = TimelineBuilder(continuing: lanes)
    builder.open(c, at: 2)
    lanes = builder.finish(at: 20, into: &samples)
    #expect(lanes.laneCount == 2 && lanes.count == 5)
    #expect(lanes.roots(ofLane: 0) == [0, 3] && lanes.roots(ofLane: 1) == [4])
    #expect(lanes.children(of: 0) == [1, 2])
    #expect(lanes.lane(of: 3) == 0 && lanes.lane(of: 4) == 1)
    #expect(lanes.selfTime(0) == 7 && lanes.duration(3) == 2 && lanes.duration(4) == 18)
    #expect(lanes.extent(ofLane: 0) == (0, 14) && lanes.extent(ofLane: 1) == (2, 20))
    #expect(lanes.extent == (0, 20))
  }
}
