import ProfileModel

/// A call tree as JSON in the node schema of `Tests/Fixtures/pstats/trees/*.tree.json`
/// (kind, func [file, line, name], total, self, lo, hi, exact, flags, children), so that it
/// can be compared with the reference oracle. Expands every node it writes.
public enum CallTreeJSON {
  /// `text` as a JSON string, escaped as every string of the tree is (for summary fields).
  public static func quoted(_ text: String) -> String {
    var writer = JSONWriter()
    writer.string(text)
    return writer.take()
  }

  public static func render(
    _ tree: inout CallTree, summary: [(String, String)] = [], maximumDepth: Int = .max
  ) -> String {
    var out = ""
    write(&tree, summary: summary, maximumDepth: maximumDepth) { out += $0 }
    return out
  }

  /// Writes the tree to `output` in pieces of about 64 KB, depth first without recursion,
  /// so neither a deep tree nor a large one needs more than its path in memory.
  public static func write(
    _ tree: inout CallTree, summary: [(String, String)] = [], maximumDepth: Int = .max,
    to output: (String) throws -> Void
  ) rethrows {
    var writer = JSONWriter()
    // Each open node: the children still to write.
    var open: [(children: Range<Int>, written: Int)] = []
    // Each node is expanded before it is written: expanding settles its own time (its
    // callees' bounds can move time between its own code and them), as the explorer shows it.
    let roots = tree.expand(tree.top)
    writeFields(tree.top, tree, &writer)
    open.append((maximumDepth > 0 ? roots : 0..<0, 0))
    while let last = open.indices.last {
      let (children, written) = open[last]
      if written < children.count {
        if written > 0 { writer.raw(", ") }
        open[last].written += 1
        let child = children.lowerBound + written
        let grandchildren = tree.expand(child)
        writeFields(child, tree, &writer)
        open.append((open.count < maximumDepth ? grandchildren : 0..<0, 0))
      } else {
        writer.raw("]")
        if open.count == 1 && !summary.isEmpty {
          writer.raw(", \"profile\": {")
          for (i, (key, value)) in summary.enumerated() {
            if i > 0 { writer.raw(", ") }
            writer.string(key)
            writer.raw(": " + value)
          }
          writer.raw("}")
        }
        writer.raw("}")
        open.removeLast()
      }
      if writer.byteCount >= 1 << 16 { try output(writer.take()) }
    }
    writer.raw("\n")
    try output(writer.take())
  }

  /// A node's fields up to its opened `children` list.
  private static func writeFields(_ node: Int, _ tree: CallTree, _ writer: inout JSONWriter) {
    writer.raw("{\"kind\": ")
    writer.string(tree.kind[node].name)
    writer.raw(", \"func\": ")
    if let name = tree.name(node) {
      writer.function(name)
    } else {
      writer.raw("null")
    }
    writer.raw(", \"total\": ")
    writer.number(tree.total[node])
    writer.raw(", \"self\": ")
    writer.number(tree.selfTime[node])
    writer.raw(", \"lo\": ")
    writer.number(tree.lower[node])
    writer.raw(", \"hi\": ")
    writer.number(tree.upper[node])
    writer.raw(", \"exact\": ")
    writer.bool(tree.isExact(node))
    writer.raw(", \"flags\": [")
    for (i, flag) in tree.flags[node].names.enumerated() {
      if i > 0 { writer.raw(", ") }
      writer.string(flag)
    }
    writer.raw("], \"children\": [")
  }
}
