import Foundation
import ProfileModel
import Screen

/// A row of the callers/callees view.
public struct CallerRow: Sendable, Equatable {
  /// Whether the row is a caller, a callee, or the function itself.
  public enum Kind: Sendable, Equatable { case caller, callee, function }
  public var kind: Kind
  public var function: Int
  public var edge: Int
}

extension ExplorerState {
  /// The functions of the flat table, in the chosen order (computed when the view or the
  /// sort changes, not on every frame).
  public func functionRows() -> [Int] {
    functionOrder ?? Self.functionOrder(profile, functionSort)
  }

  static func functionOrder(_ profile: Profile, _ sort: FunctionSort) -> [Int] {
    let graph = profile.graph
    let count = graph.entryCount
    switch sort {
    case .cumulative: return largestFirst(Array(graph.ct.prefix(count)))
    case .own: return largestFirst(Array(graph.tt.prefix(count)))
    case .calls: return largestFirst((0..<count).map { profile.totalCalls($0) })
    case .name: return nameOrder(Array(0..<count), graph)
    }
  }

  /// The indices of `keys`, largest key first, equal keys in index order. (The keys are
  /// read through one buffer: 50,000 rows sort in a few milliseconds.)
  static func largestFirst<Key: Comparable>(_ keys: [Key]) -> [Int] {
    var order = Array(0..<keys.count)
    keys.withUnsafeBufferPointer { key in
      order.sort { key[$0] != key[$1] ? key[$0] > key[$1] : $0 < $1 }
    }
    return order
  }

  /// Functions by name (as the table shows it) in code-point order.
  static func nameOrder(_ functions: [Int], _ graph: CallGraph) -> [Int] {
    let names = functions.map { f -> String in
      let key = graph.functions[f]
      return graph.strings[key.file] == "~" && key.line == 0
        ? graph.name(of: f).displayName : graph.strings[key.name]
    }
    return codePointOrder(names).map { functions[$0] }
  }

  /// The indices of `names` in code-point order (UTF-8 byte order), equal names in index
  /// order — the one name order of every table: sorted on a 16-byte prefix key first, then
  /// runs with equal prefixes by their whole names.
  static func codePointOrder(_ names: [String]) -> [Int] {
    // The first 16 bytes as two big-endian words, read in place.
    func prefixes(_ text: String) -> (UInt64, UInt64) {
      var name = text
      return name.withUTF8 { bytes in
        func word(_ start: Int) -> UInt64 {
          var value: UInt64 = 0
          for i in start..<start + 8 {
            value <<= 8
            if i < bytes.count { value |= UInt64(bytes[i]) }
          }
          return value
        }
        return (word(0), word(8))
      }
    }
    var keyed = names.indices.map { i in
      let p = prefixes(names[i])
      return (p.0, p.1, i)
    }
    keyed.sort { a, b in
      if a.0 != b.0 { return a.0 < b.0 }
      if a.1 != b.1 { return a.1 < b.1 }
      return a.2 < b.2
    }
    var start = 0
    while start < keyed.count {
      var end = start + 1
      while end < keyed.count && keyed[end].0 == keyed[start].0 && keyed[end].1 == keyed[start].1 {
        end += 1
      }
      if end - start > 1 {
        keyed[start..<end].sort { a, b in
          let (x, y) = (names[a.2], names[b.2])
          return x != y ? x.utf8.lexicographicallyPrecedes(y.utf8) : a.2 < b.2
        }
      }
      start = end
    }
    return keyed.map(\.2)
  }

  mutating func refreshFunctionOrder() {
    functionOrder = Self.functionOrder(profile, functionSort)
  }

  /// Callers of the focus function, the function itself, then its callees (the butterfly:
  /// merged over every place the function occurs).
  public func callerRows() -> [CallerRow] {
    guard let f = focusFunction else { return [] }
    let graph = profile.graph
    var rows: [CallerRow] = []
    let callers = graph.incoming(f).sorted { graph.edgeCT[$0] > graph.edgeCT[$1] }
    for e in callers {
      rows.append(CallerRow(kind: .caller, function: Int(graph.edgeCaller[e]), edge: e))
    }
    rows.append(CallerRow(kind: .function, function: f, edge: -1))
    let callees = graph.outgoing(f).map { Int($0) }.sorted { graph.edgeCT[$0] > graph.edgeCT[$1] }
    for e in callees {
      rows.append(CallerRow(kind: .callee, function: Int(graph.edgeCallee[e]), edge: e))
    }
    return rows
  }

  var tableCount: Int {
    switch view {
    case .functions: return comparison?.functions.entries.count ?? profile.graph.entryCount
    case .callers: return callerRows().count
    case .gaps:
      return gapWalkList.count
    default: return 0
    }
  }

  /// Rows of a table view (one header line).
  public var tableViewRows: Int { max(1, viewRows - 1) }

  mutating func applyTable(_ action: Action) {
    if view == .gaps { _ = rankedGaps() }
    let count = tableCount
    func go(_ row: Int, forward: Bool? = nil) {
      tableRow = movedCursor(from: tableRow, to: row, count: count, forward: forward)
      if tableRow < tableScroll { tableScroll = tableRow }
      if tableRow >= tableScroll + tableViewRows { tableScroll = tableRow - tableViewRows + 1 }
    }
    switch action {
    case .moveUp: go(tableRow - 1, forward: false)
    case .moveDown: go(tableRow + 1, forward: true)
    case .pageUp: go(tableRow - tableViewRows, forward: false)
    case .pageDown: go(tableRow + tableViewRows, forward: true)
    case .first: go(0, forward: false)
    case .last: go(count - 1, forward: true)
    case .cycleSort where view == .functions && comparison != nil:
      cycleChangeSort()
      go(0)
    case .cycleSort where view == .functions:
      functionSort = FunctionSort(
        rawValue: (functionSort.rawValue + 1) % FunctionSort.allCases.count)!
      refreshFunctionOrder()
      message = "functions sorted by \(functionSort.title)"
      go(0)
    case .zoomIn: activateTableRow()
    case .zoomOut, .zoomReset:
      let chosen = selectedFunction
      view = returnView == view ? .flame : returnView
      keepSelection(chosen)
    case .moveLeft, .moveRight:
      message = "←/→: a table has no columns to move across — Enter opens the row"
    default: message = "\(action.summary): not in this view"
    }
  }

  /// Enter on a table row: a function opens its callers/callees; a gap goes to the gap.
  mutating func activateTableRow() {
    switch view {
    case .functions:
      var function: Int?
      if let comparison {
        let rows = changeRows()
        guard tableRow < rows.count else { return }
        let first = Int(comparison.functions.firstNewFunction[rows[tableRow]])
        function = first >= 0 ? first : nil
        if function == nil {
          let name = comparison.functions.entries[rows[tableRow]].function.displayName
          message = "\(TerminalText.escaped(name)) is only in the base run"
          return
        }
      } else {
        let rows = functionRows()
        guard tableRow < rows.count else { return }
        function = rows[tableRow]
      }
      focusFunction = function
      returnView = .functions
      view = .callers
      tableRow = 0
      tableScroll = 0
    case .callers:
      let rows = callerRows()
      guard tableRow < rows.count else { return }
      focusFunction = rows[tableRow].function
      tableRow = 0
      tableScroll = 0
    case .gaps:
      let list = Self.walkList(rankedGaps())
      guard tableRow < list.count else { return }
      gapIndex = tableRow
      view = .flame
      select(list[tableRow].node, reveal: true)
    default: break
    }
  }
}
