import ProfileModel

/// A call tree as JSON in the node schema of `Tests/Fixtures/pstats/trees/*.tree.json`
/// (kind, func [file, line, name], total, self, lo, hi, exact, flags, children), so that it
/// can be compared with the reference oracle. Expands every node it writes.
public enum CallTreeJSON {
  public static func render(
    _ tree: inout CallTree, summary: [(String, String)] = [], maximumDepth: Int = .max
  ) -> String {
    var writer = JSONWriter()
    write(tree.top, &tree, &writer, level: 0, maximumDepth: maximumDepth, summary: summary)
    return writer.text + "\n"
  }

  private static func write(
    _ node: Int, _ tree: inout CallTree, _ writer: inout JSONWriter, level: Int,
    maximumDepth: Int, summary: [(String, String)]
  ) {
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
    if level < maximumDepth {
      for (i, child) in tree.expand(node).enumerated() {
        if i > 0 { writer.raw(", ") }
        write(child, &tree, &writer, level: level + 1, maximumDepth: maximumDepth, summary: [])
      }
    }
    writer.raw("]")
    if !summary.isEmpty {
      writer.raw(", \"profile\": {")
      for (i, (key, value)) in summary.enumerated() {
        if i > 0 { writer.raw(", ") }
        writer.string(key)
        writer.raw(": " + value)
      }
      writer.raw("}")
    }
    writer.raw("}")
  }
}
