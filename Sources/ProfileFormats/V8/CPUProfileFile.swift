/// A V8 CPU profile (`node --cpu-prof`, Chrome DevTools' `.cpuprofile`): call-tree nodes
/// with their call frames, and the node on top of the stack at each sample with the time
/// since the previous one. docs/formats.md has the facts.
struct CPUProfileFile: Decodable {
  struct Node: Decodable {
    var id: Int
    var callFrame: CallFrame
    var children: [Int]?
    var parent: Int?
  }

  struct CallFrame: Decodable {
    var functionName: String
    var url: String?
    /// 0-based; -1 when unknown.
    var lineNumber: Int?
  }

  var nodes: [Node]
  var startTime: Double?
  var endTime: Double?
  var samples: [Int]
  var timeDeltas: [Double]?
}
