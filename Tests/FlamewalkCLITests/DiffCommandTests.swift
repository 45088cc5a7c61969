import Foundation
import Testing

/// `flamewalk diff` as CI runs it: the report, and `--fail-above` as a gate.
struct DiffCommandTests {
  static func fixture(_ name: String) -> String {
    CommandRunner.packageRoot.appendingPathComponent("Tests/Fixtures/diff/" + name).path
  }

  @Test func failAboveGatesTheSlowRunAndPassesTheSameCode() throws {
    let slow = try CommandRunner.flamewalk(
      "diff", Self.fixture("before.prof"), Self.fixture("after.prof"), "--fail-above", "25")
    #expect(slow.status == 3)
    #expect(slow.stderr.contains("above --fail-above 25.0%"))
    #expect(slow.stdout.contains("checksum"))
    // Two runs of the same code differ by noise only (up to 21% of the run here).
    for (a, b) in [("before.prof", "before-again.prof"), ("before-again.prof", "before.prof")] {
      let same = try CommandRunner.flamewalk(
        "diff", Self.fixture(a), Self.fixture(b), "--fail-above", "25", "--format", "json")
      #expect(same.status == 0, "\(a) → \(b): \(same.stderr)")
      _ = try JSONSerialization.jsonObject(with: Data(same.stdout.utf8))
    }
  }

  /// `snapshot NEW --base BASE`: the diff explorer headless, from py-spy's recordings.
  @Test func snapshotShowsTheDiffExplorer() throws {
    let shown = try CommandRunner.flamewalk(
      "snapshot", Self.fixture("after.py-spy.json"), "--base", Self.fixture("before.py-spy.json"),
      "--keys", "g", "--size", "120x20")
    #expect(shown.status == 0, "\(shown.stderr)")
    let lines = shown.stdout.split(separator: "\n").map(String.init)
    #expect(lines[0].contains("diff before.py-spy.json → after.py-spy.json"), "\(shown.stdout)")
    #expect(lines[lines.count - 2].hasPrefix(" checksum "), "\(shown.stdout)")
    #expect(lines[lines.count - 1].hasPrefix(" regression 1/"), "\(shown.stdout)")
    let mixed = try CommandRunner.flamewalk(
      "snapshot", Self.fixture("after.prof"), "--base",
      CommandRunner.packageRoot.appendingPathComponent(
        "Tests/Fixtures/folded/deep_recursion.folded"
      )
      .path)
    #expect(mixed.status == 1 && mixed.stderr.contains("the runs measure different things"))
  }

  @Test func sidesOfSeveralFilesAndUsageErrors() throws {
    let merged = try CommandRunner.flamewalk(
      "diff", Self.fixture("before.prof"), Self.fixture("before-again.prof"), "--new",
      Self.fixture("after.prof"), "--top", "3")
    #expect(merged.status == 0, "\(merged.stderr)")
    #expect(merged.stdout.contains("before.prof + "))
    let one = try CommandRunner.flamewalk("diff", Self.fixture("before.prof"))
    #expect(one.status == 1 && one.stderr.contains("give two files"))
    let mixed = try CommandRunner.flamewalk(
      "diff", Self.fixture("before.prof"),
      CommandRunner.packageRoot.appendingPathComponent(
        "Tests/Fixtures/folded/deep_recursion.folded"
      )
      .path)
    #expect(mixed.status == 1 && mixed.stderr.contains("measure different things"))
  }
}

/// `diff --to svg`: the new run's flame graph coloured by change — the changed function the
/// warmest frame below the callers that share its change.
@Suite(.enabled(if: CommandRunner.python3 != nil, "python3 is not installed"))
struct DiffSVGTests {
  @Test(arguments: ["default", "colorblind"])
  func theChangedFunctionIsTheWarmestLeaf(_ theme: String) throws {
    let scratch = try CommandRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let svg = scratch.appendingPathComponent("diff.svg").path
    let result = try CommandRunner.flamewalk(
      "diff", DiffCommandTests.fixture("before.prof"), DiffCommandTests.fixture("after.prof"),
      "--to", "svg", "-o", svg, "--theme", theme)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.isEmpty)
    // Every frame: its fill and its tooltip, read with an XML parser.
    let frames = try CommandRunner.python([
      "-c",
      "import sys, json, xml.dom.minidom as m\n"
        + "d = m.parse(sys.argv[1])\n"
        + "print(json.dumps([[g.getAttribute('data-n'), "
        + "g.getElementsByTagName('rect')[0].getAttribute('fill'), "
        + "g.getElementsByTagName('title')[0].firstChild.data] "
        + "for g in d.getElementsByTagName('g') if g.getAttribute('class') == 'f']))", svg,
    ])
    #expect(frames.status == 0, "\(frames.stderr)")
    let list = try JSONSerialization.jsonObject(with: Data(frames.stdout.utf8)) as! [[String]]
    let checksum = try #require(list.first { $0[0] == "checksum" })
    #expect(checksum[2].contains("change +"))
    // Warm: full red; red for the default theme, orange (green above blue) for colour-blind.
    let fill = checksum[1]
    #expect(fill.hasPrefix("#ff"))
    let green = Int(fill.dropFirst(3).prefix(2), radix: 16)!
    let blue = Int(fill.dropFirst(5).prefix(2), radix: 16)!
    #expect(theme == "colorblind" ? green > blue : green == blue)
    // Within noise: grey.
    #expect(list.contains { $0[1] == "#d8d8d8" })
  }
}
