/// The calls a node N of function F makes into F's own component: every re-entry of F inside
/// N lies inside one of them, so none is longer than the longest of them (docs/estimates.md
/// §3, one call). A call on an enclosing edge (N is a re-entry below it) holds N rather than
/// sitting in it, so its calls inside N are not capped by the edge's time — unless it made
/// one call, which is then not inside N at all.
struct ReentryHolders {
  private var longest = 0.0
  private var longestEdge = -1
  private var second = 0.0

  init(graph: AttributionGraph, function f: Int, edges: [Int], enclosing: Set<Int>) {
    for e in edges where graph.staysInComponent(e) {
      let length: Double
      if enclosing.contains(e) {
        length = graph.madeOneCall(e) ? 0 : .infinity
      } else {
        length = graph.edgeCTUpper[e]
      }
      if length > longest {
        (second, longest, longestEdge) = (longest, length, e)
      } else {
        second = max(second, length)
      }
    }
  }

  /// The longest call that could hold a re-entry with a call on edge `e` in it: a call cannot
  /// hold itself, so when `e` is the longest holder the second longest counts.
  func longest(otherThan e: Int) -> Double { e == longestEdge ? second : longest }
}
