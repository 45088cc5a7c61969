import Screen

/// The number columns of a table or tree view fitted to the screen's width: all of them when
/// the names keep at least `nameWidth` cells beside them, else the most important ones that
/// leave that much (never fewer than one). Shown columns keep their order; every number a
/// hidden column holds is also on the status line for the selected row.
struct FittedColumns {
  /// One column: its title, its width in cells, its rank (0 is given up last), and whether
  /// the profile has its numbers at all (a column it has none for is never drawn).
  struct Column {
    var title: String
    var width: Int
    var rank: Int
    var isPresent = true
  }

  /// The cells between the last column and the names.
  static let gap = 2

  let columns: [Column]
  /// Per column, whether it is drawn.
  let shown: [Bool]

  /// The columns, fitted to `width` cells of which the names need `nameWidth`.
  init(_ columns: [Column], width: Int, nameWidth: Int) {
    self.columns = columns
    var shown = columns.map(\.isPresent)
    let leastImportantFirst = columns.indices.filter { columns[$0].isPresent }.sorted {
      (columns[$0].rank, $0) > (columns[$1].rank, $1)
    }
    for index in leastImportantFirst.dropLast() {
      if width - Self.width(of: columns, shown) - Self.gap >= nameWidth { break }
      shown[index] = false
    }
    self.shown = shown
  }

  /// The cells the names need beside a tree's columns: room for a few levels of indentation
  /// as well as the name, so a narrow screen gives up columns before it gives up the names.
  static func treeNameWidth(screenWidth: Int) -> Int { max(24, screenWidth * 45 / 100) }

  /// The cells the names need beside a flat table's columns.
  static func tableNameWidth(screenWidth: Int) -> Int { max(24, screenWidth * 3 / 10) }

  /// The ranks of `ranks` with the column at `promoted` (the sort column, say) first.
  static func ranks(_ ranks: [Int], promoting promoted: Int?) -> [Int] {
    ranks.indices.map { $0 == promoted ? -1 : ranks[$0] }
  }

  private static func width(of columns: [Column], _ shown: [Bool]) -> Int {
    let widths = columns.indices.filter { shown[$0] }.map { columns[$0].width }
    return widths.reduce(0, +) + max(0, widths.count - 1)
  }

  /// The cells the shown columns take, without the gap.
  var width: Int { Self.width(of: columns, shown) }

  /// Where the names start.
  var nameColumn: Int { width + Self.gap }

  /// The shown ones of `cells` (one per column, hidden ones included), each right-aligned in
  /// its column's width, one blank between them.
  func line(_ cells: [String]) -> String {
    columns.indices.filter { shown[$0] }.map { cell(cells[$0], index: $0) }
      .joined(separator: " ")
  }

  /// `text` right-aligned in column `index`, as `line` draws it (to redraw one cell in
  /// another style at `x(of:)`).
  func cell(_ text: String, index: Int) -> String { TextFit.right(text, columns[index].width) }

  /// The shown columns' titles, as `line` aligns their cells.
  var header: String { line(columns.map(\.title)) }

  /// Where column `index` starts, or nil when it is hidden.
  func x(of index: Int) -> Int? {
    guard shown[index] else { return nil }
    return (0..<index).filter { shown[$0] }.map { columns[$0].width + 1 }.reduce(0, +)
  }
}
