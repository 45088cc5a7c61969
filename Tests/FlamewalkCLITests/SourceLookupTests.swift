import Foundation
import Testing

/// `v` finds a profile's source files away from where the profile was made: `--source-root`,
/// the profile's directory, the current one; when none holds the file it says which paths
/// were tried.
@Suite struct SourceLookupTests {
  static let profile = CommandRunner.fixtures.appendingPathComponent("prof/mutual.prof").path
  static let scripts = CommandRunner.fixtures.appendingPathComponent("scripts").path

  @Test func sourceRootFindsARelativePath() throws {
    let result = try CommandRunner.flamewalk(
      arguments: [
        "snapshot", Self.profile, "--keys", "Down v", "--size", "100x14", "--source-root",
        Self.scripts,
      ], directory: URL(fileURLWithPath: "/"))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("flamewalk · Source"))
    #expect(result.stdout.contains("def is_even(n):"), "\(result.stdout)")
  }

  @Test func aMissingFileSaysWhereItLooked() throws {
    let result = try CommandRunner.flamewalk(
      arguments: ["snapshot", Self.profile, "--keys", "Down v", "--size", "160x14"],
      directory: URL(fileURLWithPath: "/"))
    #expect(result.status == 0)
    #expect(result.stdout.contains("source not found — tried mutual.py, "), "\(result.stdout)")
    #expect(result.stdout.contains("prof/mutual.py"))
  }

  /// An absolute path from another machine is found by its last components under a root.
  @Test func anAbsolutePathFromElsewhereIsFoundUnderARoot() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-\(UUID())")
    try FileManager.default.createDirectory(
      at: directory.appendingPathComponent("app"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data("def work():\n    return 42\n".utf8).write(
      to: directory.appendingPathComponent("app/work.py"))
    let folded = directory.appendingPathComponent("p.folded")
    try Data("work (/home/ci/build/app/work.py:1) 5\n".utf8).write(to: folded)
    let result = try CommandRunner.flamewalk(
      arguments: [
        "snapshot", folded.path, "--keys", "v", "--size", "100x14", "--source-root", directory.path,
      ])
    #expect(result.stdout.contains("return 42"), "\(result.stdout)")
  }
}
