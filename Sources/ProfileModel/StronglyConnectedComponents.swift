/// Tarjan's strongly connected components, iterative (no recursion however deep the graph).
public enum StronglyConnectedComponents {
  /// The component number of each vertex `0..<count`; numbers follow Tarjan's completion
  /// order.
  public static func components<S: Sequence<Int>>(count: Int, successors: (Int) -> S) -> [Int32] {
    var index = [Int32](repeating: -1, count: count)
    var low = [Int32](repeating: 0, count: count)
    var onStack = [Bool](repeating: false, count: count)
    var component = [Int32](repeating: -1, count: count)
    var stack: [Int] = []
    var counter: Int32 = 0
    var componentCount: Int32 = 0
    // Work items: a vertex and the successors it has left to visit.
    var work: [(vertex: Int, rest: [Int], position: Int)] = []
    for start in 0..<count where index[start] == -1 {
      work.append((start, Array(successors(start)), 0))
      index[start] = counter
      low[start] = counter
      counter += 1
      stack.append(start)
      onStack[start] = true
      while !work.isEmpty {
        let top = work.count - 1
        let v = work[top].vertex
        if work[top].position < work[top].rest.count {
          let w = work[top].rest[work[top].position]
          work[top].position += 1
          if index[w] == -1 {
            index[w] = counter
            low[w] = counter
            counter += 1
            stack.append(w)
            onStack[w] = true
            work.append((w, Array(successors(w)), 0))
          } else if onStack[w] {
            low[v] = min(low[v], index[w])
          }
          continue
        }
        if low[v] == index[v] {
          while true {
            let w = stack.removeLast()
            onStack[w] = false
            component[w] = componentCount
            if w == v { break }
          }
          componentCount += 1
        }
        work.removeLast()
        if let parent = work.last?.vertex { low[parent] = min(low[parent], low[v]) }
      }
    }
    return component
  }
}
