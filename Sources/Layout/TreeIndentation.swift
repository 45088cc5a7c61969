/// How a tree view indents the rows it shows: two cells a level, after the gap that follows
/// its columns. When the deepest row shown would leave its name fewer than `nameWidth`
/// cells, the shallowest levels are cut: rows at the cut depth start at the left, deeper
/// ones are indented from there, and shallower ones stand at the left with a `‹` in the gap.
struct TreeIndentation {
  /// The cells a name keeps beside its indentation.
  static let nameWidth = 20

  /// The levels cut from the left.
  let cut: Int

  /// The indentation for rows of `depths` in `room` cells (the name column's width).
  init(depths: some Sequence<Int>, room: Int) {
    let deepest = depths.max() ?? 0
    let budget = max(0, room - Self.nameWidth)
    cut = max(0, (2 * deepest - budget + 1) / 2)
  }

  /// What stands between the columns and a row's marker: the gap and the row's indentation,
  /// or the gap ending in `‹` for a row above the cut.
  func prefix(depth: Int) -> String {
    depth < cut
      ? String(repeating: " ", count: FittedColumns.gap - 1) + "‹"
      : String(repeating: " ", count: FittedColumns.gap + 2 * (depth - cut))
  }

  /// A note for the header after "function": the depth the indentation starts from, when
  /// that is not 0.
  var note: String { cut == 0 ? "" : " · from depth \(cut)" }
}
