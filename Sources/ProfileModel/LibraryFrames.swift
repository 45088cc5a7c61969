import Foundation

/// Which functions are library code, for hiding them (`i`): a function whose file (or, for
/// frames without a file, whose name) matches one of the patterns — by default third-party
/// packages, the Python standard library, frozen importlib, pstats' built-ins and native
/// shared libraries.
public struct LibraryFrames: Sendable {
  public static let defaultPatterns = [
    #"(^|[/\\])(site|dist)-packages[/\\]"#,
    #"(^|[/\\])lib[/\\]python[0-9.]*[/\\]"#,
    #"^<frozen "#,
    #"^~$"#,
    #"^<built-in"#,
    #"\.so(\.[0-9]+)*$"#,
  ]

  /// The patterns, as given.
  public let patterns: [String]
  private let regexes: [NSRegularExpression]

  /// The default patterns.
  public static let standard = LibraryFrames(compiling: defaultPatterns)

  private init(compiling patterns: [String]) {
    self.patterns = patterns
    regexes = patterns.compactMap { try? NSRegularExpression(pattern: $0) }
  }

  /// Throws the first pattern that is not a regular expression.
  public init(patterns: [String] = Self.defaultPatterns) throws(LibraryPatternError) {
    self.patterns = patterns
    var regexes: [NSRegularExpression] = []
    for pattern in patterns {
      guard let regex = try? NSRegularExpression(pattern: pattern) else {
        throw LibraryPatternError(pattern: pattern)
      }
      regexes.append(regex)
    }
    self.regexes = regexes
  }

  /// Whether `name` is library code.
  public func isLibrary(_ name: FunctionName) -> Bool {
    let text = name.file.isEmpty ? name.name : name.file
    let range = NSRange(text.startIndex..., in: text)
    return regexes.contains { $0.firstMatch(in: text, range: range) != nil }
  }

  /// Per function of `graph`, whether it is library code (each file tested once).
  public func flags(for graph: CallGraph) -> [Bool] {
    var byFile: [Int32: Bool] = [:]
    return graph.functions.map { key in
      let file = graph.strings[key.file]
      // A frame without a file is judged by its name, each on its own.
      if file.isEmpty {
        return isLibrary(FunctionName(file: "", line: 0, name: graph.strings[key.name]))
      }
      if let known = byFile[key.file] { return known }
      let library = isLibrary(FunctionName(file: file, line: 0, name: ""))
      byFile[key.file] = library
      return library
    }
  }
}

/// A `--library` pattern that is not a regular expression.
public struct LibraryPatternError: Error, Sendable {
  public let pattern: String
}

extension CallTreeBuilder {
  /// The tree with library functions (`hidden`, per function) folded into their callers: a
  /// hidden frame's callees that are shown take its place under the nearest shown frame above
  /// it, and its own time (and what it left unattributed) goes to one `(library)` child of
  /// that frame. Frames at the top level stay. The tree is grown (at most `limit` nodes) and
  /// folded node by node, paths that become one adding their times and their bounds, so a
  /// tree from stacks stays exact.
  public static func hidingFrames(
    _ hidden: [Bool], of tree: CallTree, limit: Int = 500_000
  ) -> CallTree {
    tree.folding(hidden, limit: limit)
  }
}

extension CallTree {
  /// A complete copy of this tree (grown to at most `limit` nodes) with the frames of the
  /// functions `hidden` marks folded as `hidingFrames` says.
  func folding(_ hidden: [Bool], limit: Int) -> CallTree {
    var base = self
    base.expandAll(below: base.top, limit: limit)
    var folded = CallTree(names: names, expander: .complete(estimated: isEstimated))
    folded.append(
      kind: .top, function: -1, parent: -1, depth: 0, total: base.total[base.top],
      selfTime: base.selfTime[base.top])
    // Each folded node and the base nodes it stands for, in the order nodes are appended.
    var sources: [[Int]] = [[base.top]]
    var next = 0
    while next < folded.count {
      let node = next
      next += 1
      var groups: [Group] = []
      var groupOf: [GroupKey: Int] = [:]
      func add(_ child: Int) {
        let key = GroupKey(kind: base.kind[child], function: base.function[child])
        if let g = groupOf[key] {
          groups[g].add(child, of: base)
        } else {
          groupOf[key] = groups.count
          groups.append(Group(child, of: base))
        }
      }
      var library = 0.0
      var unknown = 0.0
      // The node's base nodes, then the hidden frames found below them.
      var stack = sources[node]
      let sourceCount = stack.count
      var visited = 0
      while let b = stack.popLast() {
        visited += 1
        let isHiddenFrame = visited > sourceCount
        if isHiddenFrame { library += base.selfTime[b] }
        if base.isFunctionFrame(b) && !base.isExpanded(b) {
          // Beyond the growth limit: what it holds besides its own code is not known here.
          unknown += base.total[b] - base.selfTime[b]
          continue
        }
        for child in base.children(b) {
          let function = Int(base.function[child])
          if node != base.top && base.isFunctionFrame(child) && function < hidden.count
            && hidden[function]
          {
            stack.insert(child, at: 0)
            continue
          }
          if isHiddenFrame && base.kind[child] == .unattributed {
            library += base.total[child]
          } else {
            add(child)
          }
        }
      }
      var extra: [Group] = []
      if library > 0 { extra.append(Group(kind: .library, total: library)) }
      if unknown > 0 { extra.append(Group(kind: .pruned, total: unknown, flags: .maximumDepth)) }
      for group in extra {
        if let g = groupOf[GroupKey(kind: group.kind, function: -1)] {
          groups[g].total += group.total
          groups[g].selfTime += group.total
        } else {
          groups.append(group)
        }
      }
      groups.sort { a, b in
        if a.total != b.total { return a.total > b.total }
        return a.kind.siblingOrder < b.kind.siblingOrder
      }
      let start = folded.count
      for group in groups {
        folded.append(
          kind: group.kind, function: Int(group.function), parent: node,
          depth: Int(folded.depth[node]) + 1, total: group.total, selfTime: group.selfTime,
          lower: group.lower, upper: group.upper, flags: group.flags)
        sources.append(group.nodes)
      }
      folded.setChildren(of: node, from: start)
    }
    return folded
  }

  private struct GroupKey: Hashable {
    var kind: Kind
    var function: Int32
  }

  /// Base nodes merged into one folded node: the sums of their numbers.
  private struct Group {
    var kind: Kind
    var function: Int32 = -1
    var nodes: [Int] = []
    var total = 0.0
    var selfTime = 0.0
    var lower = Double.nan
    var upper = Double.nan
    var flags: Flags = []

    /// A pseudo-node of `total`, all of it its own.
    init(kind: Kind, total: Double, flags: Flags = []) {
      self.kind = kind
      self.total = total
      selfTime = total
      self.flags = flags
    }

    init(_ node: Int, of tree: CallTree) {
      kind = tree.kind[node]
      function = tree.function[node]
      lower = 0
      upper = 0
      add(node, of: tree)
    }

    mutating func add(_ node: Int, of tree: CallTree) {
      nodes.append(node)
      total += tree.total[node]
      selfTime += tree.selfTime[node]
      lower += tree.lower[node]
      upper += tree.upper[node]
      flags.formUnion(tree.flags[node])
    }
  }
}
