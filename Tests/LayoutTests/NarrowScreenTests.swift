import Explorer
import Foundation
import ProfileModel
import Screen
import TestSupport
import Testing

@testable import Layout

/// Narrow screens and deep trees: the number columns give way (least important first) so the
/// names keep their room, and deep rows cut the shallowest levels of indentation rather than
/// push their names off the screen.
struct NarrowScreenTests {
  static let columns: [FittedColumns.Column] = [
    .init(title: "total", width: 10, rank: 0), .init(title: "self", width: 10, rank: 2),
    .init(title: "unexplained", width: 12, rank: 1), .init(title: "ncalls", width: 11, rank: 4),
    .init(title: "%", width: 6, rank: 3),
  ]

  /// At every width the names keep their cells unless only the first-ranked column is left;
  /// columns go in rank order; `x(of:)` says where `line` puts each cell.
  @Test func columnsGiveWayInRankOrder() {
    var dropped: [Int] = []
    for width in (10...140).reversed() {
      let fitted = FittedColumns(Self.columns, width: width, nameWidth: 30)
      let shownCount = fitted.shown.count(where: { $0 })
      #expect(shownCount >= 1 && fitted.shown[0])
      if shownCount > 1 { #expect(width - fitted.nameColumn >= 30) }
      // One more column would have left the names too little.
      if let next = Self.columns.indices.filter({ !fitted.shown[$0] }).min(by: {
        Self.columns[$0].rank < Self.columns[$1].rank
      }) {
        #expect(width - fitted.nameColumn - Self.columns[next].width - 1 < 30)
      }
      let hidden = Self.columns.indices.filter { !fitted.shown[$0] }
      for column in hidden where !dropped.contains(column) { dropped.append(column) }
      let line = Array(fitted.line(Self.columns.map { "#" + $0.title }).unicodeScalars)
      for column in Self.columns.indices {
        guard let x = fitted.x(of: column) else { continue }
        let end = x + Self.columns[column].width
        let cell = String(
          String.UnicodeScalarView(line[(end - Self.columns[column].title.count - 1)..<end]))
        #expect(cell == "#" + Self.columns[column].title)
      }
      #expect(line.count == fitted.width)
    }
    // Narrowing the screen hid ncalls first, then %, self and unexplained; never total.
    #expect(dropped == [3, 4, 1, 2])
  }

  @Test func theSortColumnIsKeptLongest() {
    let ranks = FittedColumns.ranks(Self.columns.map(\.rank), promoting: 1)
    let columns = zip(Self.columns, ranks).map {
      FittedColumns.Column(title: $0.title, width: $0.width, rank: $1)
    }
    let fitted = FittedColumns(columns, width: 40, nameWidth: 24)
    #expect(fitted.shown == [false, true, false, false, false])
  }

  /// Every row's name keeps its cells; rows at or below the cut keep their relative
  /// indentation; the cut is the smallest that does.
  @Test func deepRowsCutTheShallowestLevels() {
    var random = SplitMix64(seed: 11)
    for _ in 0..<2_000 {
      let room = Int(random.next() % 120)
      let depths = (0..<(1 + Int(random.next() % 30))).map { _ in Int(random.next() % 200) }
      let indentation = TreeIndentation(depths: depths, room: room)
      let budget = max(0, room - TreeIndentation.nameWidth)
      func indent(_ depth: Int) -> Int {
        indentation.prefix(depth: depth).count - FittedColumns.gap
      }
      for depth in depths {
        #expect(indent(depth) <= budget)
        if depth < indentation.cut {
          #expect(indentation.prefix(depth: depth).hasSuffix("‹"))
        } else {
          #expect(indent(depth) == 2 * (depth - indentation.cut))
        }
      }
      if indentation.cut > 0 {
        #expect(2 * (depths.max()! - indentation.cut + 1) > budget)
      }
    }
  }

  /// A 70-frame chain at 80×24, scrolled to its depth: every row still shows its name.
  @Test func deepTreeRowsShowTheirNames() throws {
    let frames = (0..<70).map { "frame_number_\($0)" }
    let text =
      frames.joined(separator: ";") + " 10\n" + frames.prefix(40).joined(separator: ";") + " 5\n"
    let profile = try ExplorerFixtures.foldedProfile(text)
    for width in [40, 60, 80, 120] {
      var state = ExplorerFixtures.state(profile, width: width, height: 24)
      ExplorerFixtures.press(
        "2 E " + Array(repeating: "Down", count: 50).joined(separator: " "), &state)
      let lines = ExplorerFixtures.screen(state).split(
        separator: "\n", omittingEmptySubsequences: false)
      let rows = lines[2..<22]
      #expect(
        rows.allSatisfy { $0.contains("frame_number_") },
        "\(width) columns:\n\(rows.joined(separator: "\n"))")
      #expect(lines[1].contains("from depth"))
      // The deepest rows are still indented under their parents.
      let starts = rows.suffix(3).map { $0.firstIndex(of: "f")!.utf16Offset(in: $0) }
      #expect(starts[1] == starts[0] + 2 && starts[2] == starts[1] + 2)
    }
  }

  /// At 40 and 60 columns every table and tree starts its names where at least 24 cells
  /// are left for them (the column header's title stands where the names start).
  @Test func narrowTablesKeepTheNames() throws {
    let profile = try ExplorerFixtures.profile("prof/two_callers.prof")
    for width in [40, 60] {
      for keys in ["2 E", "3", "5", "6 E", "/ work Enter c", "/ work Enter 7"] {
        var state = ExplorerFixtures.state(profile, width: width, height: 12)
        ExplorerFixtures.press(keys, &state)
        let header = String(ExplorerFixtures.screen(state).split(separator: "\n")[1])
        let title = try #require(
          ["function", "callers"].compactMap { header.range(of: $0) }.first, "\(keys): \(header)")
        #expect(header.distance(from: header.startIndex, to: title.lowerBound) <= width - 24)
      }
    }
  }

  /// Stacks count no calls: their views draw no ncalls or per-call columns, which a call
  /// graph's views do.
  @Test func columnsWithoutNumbersAreNotDrawn() throws {
    let stacks = try ExplorerFixtures.foldedProfile(ExplorerFixtures.foldedText)
    let graph = try ExplorerFixtures.profile("prof/two_callers.prof")
    for keys in ["2", "3", "6", "/ main Enter c"] {
      for (profile, counted) in [(stacks, false), (graph, true)] {
        var state = ExplorerFixtures.state(profile, width: 160, height: 12)
        ExplorerFixtures.press(keys, &state)
        let header = ExplorerFixtures.screen(state).split(separator: "\n")[1]
        #expect(header.contains("ncalls") == counted, "\(keys): \(header)")
        if keys == "3" { #expect(header.contains("percall") == counted) }
      }
    }
  }
}

extension NarrowScreenTests {
  /// A status line too long for the screen leaves out the place's directories, so the
  /// numbers after it stay on the screen; a wide screen keeps the whole path.
  @Test func theStatusLineGivesUpDirectoriesForTheNumbers() throws {
    let directory = "/home/someone/.virtualenvs/project/lib/python3.12/site-packages/library"
    let profile = try ExplorerFixtures.foldedProfile(
      "main (\(directory)/app.py:1);work (\(directory)/engine.py:9) 10\n")
    for (width, full) in [(80, false), (300, true)] {
      var state = ExplorerFixtures.state(profile, width: width, height: 12)
      ExplorerFixtures.press("Down", &state)
      let status = String(
        ExplorerFixtures.screen(state).split(separator: "\n", omittingEmptySubsequences: false)[10])
      #expect(status.contains("\(directory)/engine.py:9") == full, "\(status)")
      #expect(
        status.hasPrefix(
          " work  " + (full ? directory + "/" : "") + "engine.py:9  total 10  self 10"))
    }
  }
}

extension NarrowScreenTests {
  /// The help's lines wrap at spaces to the box: none is wider than it, continuations start
  /// at the text column, and the words read as before.
  @Test func helpLinesWrapToTheBox() {
    let lines = HelpText.lines(for: KeyMap.standard)
    for width in [38, 58, 75] {
      let wrapped = HelpText.wrapped(lines, width: width)
      #expect(wrapped.allSatisfy { DisplayWidth.of($0) <= width })
      #expect(wrapped.count > lines.count || width == 75)
      let words = { (text: [String]) in text.joined(separator: " ").split(separator: " ") }
      #expect(words(wrapped) == words(lines))
      let continuations = wrapped.filter { line in !lines.contains(line) && line.hasPrefix(" ") }
      #expect(continuations.allSatisfy { $0.hasPrefix(String(repeating: " ", count: 15)) })
    }
  }
}
