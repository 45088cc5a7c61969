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
