import ProfileModel
import Testing

/// The caller graph summed from stacks (`StackSamples.callGraph`) against sums made here
/// the plain way — sets per stack, dictionaries — for 1, 2 and 4 summing threads, on random
/// stacks with and without recursion.
@Suite struct StackSumsTests {
  private struct Expected {
    var total: [Int32: Double] = [:]
    var own: [Int32: Double] = [:]
    var pairTotal: [[Int32]: Double] = [:]
    var pairSelf: [[Int32]: Double] = [:]
    /// Each callee's callers in the order the pairs first appear.
    var callers: [Int32: [Int32]] = [:]
  }

  private static func expected(_ stacks: [([Int32], Double)]) -> Expected {
    var result = Expected()
    for (stack, weight) in stacks {
      for f in Set(stack) { result.total[f, default: 0] += weight }
      var pairs: Set<[Int32]> = []
      for i in stack.indices.dropFirst() {
        let pair = [stack[i - 1], stack[i]]
        if result.pairTotal[pair] == nil { result.callers[pair[1], default: []].append(pair[0]) }
        if pairs.insert(pair).inserted { result.pairTotal[pair, default: 0] += weight }
      }
      if let last = stack.last { result.own[last, default: 0] += weight }
      if stack.count > 1 { result.pairSelf[Array(stack.suffix(2)), default: 0] += weight }
    }
    return result
  }

  @Test(arguments: [(8, 400), (60, 1500), (3000, 2000)])
  func sumsMatchPlainCounting(functions: Int, stackCount: Int) {
    var random = SplitMix64(seed: UInt64(functions * 7919 + stackCount))
    var samples = StackSamples()
    let ids = (0..<functions).map {
      samples.frame(file: "m\($0 % 5).py", line: Int64($0), name: "f\($0)")
    }
    var stacks: [([Int32], Double)] = []
    for _ in 0..<stackCount {
      let depth = Int(random.next() % 12)
      // Small alphabets repeat frames within a stack (recursion); large ones rarely do.
      let stack = (0..<depth).map { _ in ids[Int(random.next() % UInt64(functions))] }
      let weight = Double(1 + random.next() % 9)
      stacks.append((stack, weight))
      samples.beginStack(weight: weight)
      for frame in stack { samples.push(frame) }
      samples.endStack()
    }
    let expected = Self.expected(stacks)
    for threads in [1, 2, 4] {
      let graph = samples.callGraph(threads: threads)
      #expect(graph.functionCount == functions)
      for f in 0..<functions {
        #expect(graph.ct[f] == expected.total[Int32(f), default: 0], "threads \(threads) f\(f)")
        #expect(graph.tt[f] == expected.own[Int32(f), default: 0], "threads \(threads) f\(f)")
        let callers = graph.incoming(f).map { graph.edgeCaller[$0] }
        #expect(callers == expected.callers[Int32(f), default: []], "threads \(threads) f\(f)")
        #expect(graph.nc[f] == 0 && graph.cc[f] == 0)
      }
      #expect(graph.edgeCount == expected.pairTotal.count)
      for e in 0..<graph.edgeCount {
        let pair = [graph.edgeCaller[e], graph.edgeCallee[e]]
        #expect(graph.edgeCT[e] == expected.pairTotal[pair], "threads \(threads) edge \(pair)")
        #expect(graph.edgeTT[e] == expected.pairSelf[pair, default: 0])
        #expect(graph.edgeNC[e] == 0 && graph.edgeCC[e] == 0)
        #expect(graph.outgoing(Int(pair[0])).contains(Int32(e)))
      }
    }
  }

  @Test func namesAreFoundAgainAfterTheIndexesAreReleased() {
    var samples = StackSamples()
    let a = samples.frame(file: "a.py", line: 1, name: "a")
    let b = samples.frame(file: "a.py", line: 2, name: "b")
    samples.releaseIndexes()
    #expect(samples.strings.id(of: "a.py") != nil)
    #expect(samples.strings.id(of: "nowhere") == nil)
    #expect(samples.frame(file: "a.py", line: 2, name: "b") == b)
    #expect(samples.frame(file: "a.py", line: 1, name: "a") == a)
    let c = samples.frame(file: "a.py", line: 3, name: "a")
    #expect(c == 2 && samples.frames.count == 3)
    #expect(samples.strings.id(of: "b") == samples.frames[Int(b)].name)
  }

  @Test func zeroCountColumnsMaterializeWhenSet() {
    var column = CountColumn.zeros(3)
    #expect(Array(column) == [0, 0, 0])
    column[1] = 5
    #expect(Array(column) == [0, 5, 0])
    #expect(column == CountColumn([0, 5, 0]))
    #expect(CountColumn.zeros(0).isEmpty)
  }
}
