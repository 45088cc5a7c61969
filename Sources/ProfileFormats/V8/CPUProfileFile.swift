/// A V8 CPU profile (`node --cpu-prof`, Chrome DevTools' `.cpuprofile`): call-tree nodes
/// with their call frames, and the node on top of the stack at each sample with the time
/// since the previous one. docs/formats.md has the facts.
struct CPUProfileFile {
  struct Node {
    var id: Int
    var callFrame: CallFrame
    var children: [Int]?
    var parent: Int?
  }

  struct CallFrame {
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

extension CPUProfileFile {
  /// Reads the profile off a parsed document; unknown keys are ignored, optional ones may
  /// be missing or `null`.
  init(document json: JSONDocument) throws(InputError) {
    func fail(_ message: String) -> InputError { InputError(.schema, .none, message) }
    let top = json.root
    guard json.kind(top) == .object else { throw fail("the CPU profile is not a JSON object") }
    guard let nodeList = json.member(top, "nodes"), json.kind(nodeList) == .array else {
      throw fail("a CPU profile without `nodes`")
    }
    /// The integers of the array at `index` (nil when there is none).
    func integers(_ index: Int?, _ what: String) throws(InputError) -> [Int]? {
      guard let index, json.kind(index) != .null else { return nil }
      guard json.kind(index) == .array else { throw fail("\(what) is not an array") }
      var result: [Int] = []
      result.reserveCapacity(json.count(of: index))
      for element in json.elements(of: index) {
        guard let x = json.integer(element) else { throw fail("\(what) holds a non-integer") }
        result.append(x)
      }
      return result
    }
    var nodes: [Node] = []
    nodes.reserveCapacity(json.count(of: nodeList))
    for (i, node) in json.elements(of: nodeList).enumerated() {
      let place = "nodes[\(i)]"
      guard let id = json.integer(json.member(node, "id")) else {
        throw fail("\(place) has no integer `id`")
      }
      guard let call = json.member(node, "callFrame"),
        let function = json.string(json.member(call, "functionName"))
      else { throw fail("\(place) has no `callFrame.functionName`") }
      nodes.append(
        Node(
          id: id,
          callFrame: CallFrame(
            functionName: function, url: json.string(json.member(call, "url")),
            lineNumber: json.integer(json.member(call, "lineNumber"))),
          children: try integers(json.member(node, "children"), "\(place).children"),
          parent: json.integer(json.member(node, "parent"))))
    }
    guard let samples = try integers(json.member(top, "samples"), "`samples`") else {
      throw fail("a CPU profile without `samples`")
    }
    var deltas: [Double]?
    if let list = json.member(top, "timeDeltas"), json.kind(list) != .null {
      guard json.kind(list) == .array else { throw fail("`timeDeltas` is not an array") }
      var values: [Double] = []
      values.reserveCapacity(json.count(of: list))
      for element in json.elements(of: list) {
        guard let x = json.number(element) else { throw fail("`timeDeltas` holds a non-number") }
        values.append(x)
      }
      deltas = values
    }
    self.init(
      nodes: nodes, startTime: json.number(json.member(top, "startTime")),
      endTime: json.number(json.member(top, "endTime")), samples: samples, timeDeltas: deltas)
  }
}
