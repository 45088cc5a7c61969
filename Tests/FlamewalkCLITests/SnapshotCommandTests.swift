import Foundation
import Testing

/// `flamewalk snapshot --view NAME`: every view by name, without key bindings.
struct SnapshotCommandTests {
  static let profile = CommandRunner.packageRoot.appendingPathComponent(
    "Tests/Fixtures/diff/after.prof"
  ).path
  static let programs = CommandRunner.packageRoot.appendingPathComponent(
    "Tests/Fixtures/programs"
  ).path

  @Test(arguments: [
    ("flame", "Flame"), ("tree", "Tree"), ("functions", "Functions"),
    ("callers", "Callers/Callees"), ("gaps", "Gaps"), ("inverted", "Inverted"),
    ("sandwich", "Sandwich"),
  ])
  func everyViewByName(_ view: String, _ title: String) throws {
    let shown = try CommandRunner.flamewalk(
      "snapshot", Self.profile, "--view", view, "--size", "100x20")
    #expect(shown.status == 0, "\(shown.stderr)")
    #expect(shown.stdout.hasPrefix(" flamewalk · \(title) · after.prof"), "\(shown.stdout)")
  }

  /// The source view of the selected function: the flame selection moved to checksum.
  @Test func theSourceView() throws {
    let builtin = try CommandRunner.flamewalk(
      "snapshot", Self.profile, "--view", "source", "--size", "100x20")
    #expect(builtin.stdout.contains("no source file for this frame"), "\(builtin.stdout)")
    let shown = try CommandRunner.flamewalk(
      "snapshot", Self.profile, "--source-root", Self.programs, "--keys", "3 s v",
      "--size", "100x20")
    #expect(shown.stdout.hasPrefix(" flamewalk · Source"), "\(shown.stdout)")
    #expect(shown.stdout.contains("def checksum"), "\(shown.stdout)")
    let bad = try CommandRunner.flamewalk("snapshot", Self.profile, "--view", "bottom-up")
    #expect(bad.status != 0 && bad.stderr.contains("--view must be one of"))
  }

  /// `--hide-libraries` starts with library frames folded; `--library` replaces the patterns.
  @Test func libraryFrames() throws {
    let hidden = try CommandRunner.flamewalk(
      "snapshot", Self.profile, "--hide-libraries", "--view", "tree", "--keys", "E", "--size",
      "120x20")
    #expect(hidden.status == 0, "\(hidden.stderr)")
    #expect(hidden.stdout.contains("library frames hidden"), "\(hidden.stdout)")
    #expect(hidden.stdout.contains("(library)"), "\(hidden.stdout)")
    let custom = try CommandRunner.flamewalk(
      "snapshot", Self.profile, "--library", "diff_workload", "--hide-libraries", "--view",
      "tree", "--keys", "E", "--size", "120x20")
    #expect(custom.stdout.contains("(library)") && !custom.stdout.contains("checksum"))
    let bad = try CommandRunner.flamewalk("snapshot", Self.profile, "--library", "(")
    #expect(bad.status == 1 && bad.stderr.contains("--library: not a regular expression: ("))
  }
}
