import ProfileModel

/// The call edges of a callgrind file and what they say about each function's inclusive
/// cost. Outside recursion a function's inclusive cost is its self cost plus what its calls
/// cost (calls of itself excluded: they run inside its own frames). Inside a cycle of
/// functions calling each other that sum counts nested frames more than once, so the
/// smaller of it and the cost of the calls into the function is taken: both are at least
/// the true cost, so that is an upper bound (and said so in a warning).
struct CallgrindGraph {
  let functionCount: Int
  let caller: [Int]
  let callee: [Int]
  /// Per function: whether it is in a cycle of two or more functions.
  let inCycle: [Bool]

  var cycleMembers: Int { inCycle.filter { $0 }.count }

  init(functionCount: Int, caller: [Int], callee: [Int]) {
    self.functionCount = functionCount
    self.caller = caller
    self.callee = callee
    var offsets = [Int32](repeating: 0, count: functionCount + 1)
    for from in caller { offsets[from + 1] += 1 }
    for f in 0..<functionCount { offsets[f + 1] += offsets[f] }
    var fill = offsets
    var targets = [Int32](repeating: 0, count: caller.count)
    for e in caller.indices {
      targets[Int(fill[caller[e]])] = Int32(callee[e])
      fill[caller[e]] += 1
    }
    let component = StronglyConnectedComponents.components(
      count: functionCount, offsets: offsets, targets: targets)
    var size = [Int](repeating: 0, count: functionCount)
    for c in component { size[Int(c)] += 1 }
    inCycle = component.map { size[Int($0)] > 1 }
  }

  /// Each function's inclusive cost from the self costs and the edges' inclusive costs.
  func inclusive(selfCost: (Int) -> Double, edgeCost: (Int) -> Double) -> [Double] {
    var outgoing = (0..<functionCount).map(selfCost)
    var incoming = [Double](repeating: 0, count: functionCount)
    var hasCallers = [Bool](repeating: false, count: functionCount)
    for e in caller.indices where caller[e] != callee[e] {
      outgoing[caller[e]] += edgeCost(e)
      incoming[callee[e]] += edgeCost(e)
      hasCallers[callee[e]] = true
    }
    return (0..<functionCount).map { f in
      inCycle[f] && hasCallers[f] ? max(selfCost(f), min(outgoing[f], incoming[f])) : outgoing[f]
    }
  }
}
