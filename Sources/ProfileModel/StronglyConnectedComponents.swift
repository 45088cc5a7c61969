/// Tarjan's strongly connected components, iterative (no recursion however deep the graph).
public enum StronglyConnectedComponents {
  /// The component number of each vertex `0..<count` of a graph in CSR form: the successors
  /// of `v` are `targets[offsets[v] ..< offsets[v + 1]]`. Numbers follow Tarjan's completion
  /// order.
  public static func components(count: Int, offsets: [Int32], targets: [Int32]) -> [Int32] {
    var index = [Int32](repeating: -1, count: count)
    var low = [Int32](repeating: 0, count: count)
    var onStack = [Bool](repeating: false, count: count)
    var component = [Int32](repeating: -1, count: count)
    var stack: [Int32] = []
    var counter: Int32 = 0
    var componentCount: Int32 = 0
    // Work items: a vertex and the position of its next successor to visit.
    var work: [(vertex: Int32, next: Int32)] = []
    func enter(_ v: Int32) {
      index[Int(v)] = counter
      low[Int(v)] = counter
      counter += 1
      stack.append(v)
      onStack[Int(v)] = true
      work.append((v, offsets[Int(v)]))
    }
    for start in 0..<count where index[start] == -1 {
      enter(Int32(start))
      while let (v32, next) = work.last {
        let v = Int(v32)
        if next < offsets[v + 1] {
          work[work.count - 1].next = next + 1
          let w = Int(targets[Int(next)])
          if index[w] == -1 {
            enter(Int32(w))
          } else if onStack[w] {
            low[v] = min(low[v], index[w])
          }
          continue
        }
        if low[v] == index[v] {
          while true {
            let w = Int(stack.removeLast())
            onStack[w] = false
            component[w] = componentCount
            if w == v { break }
          }
          componentCount += 1
        }
        work.removeLast()
        if let parent = work.last?.vertex { low[Int(parent)] = min(low[Int(parent)], low[v]) }
      }
    }
    return component
  }
}
