import Foundation
import Testing

/// `flamewalk print` as a person runs it: output, exit codes and the one-line errors.
@Suite struct PrintCommandTests {
  @Test func printsWhatPstatsPrints() throws {
    let result = try CommandRunner.flamewalk(
      "print", CommandRunner.fixtures.appendingPathComponent("prof/two_callers.prof").path,
      "--callers", "--callees")
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty)
    let expected = try String(
      contentsOf: CommandRunner.fixtures.appendingPathComponent("prof/two_callers.expected.txt"),
      encoding: .utf8)
    let section = expected.components(separatedBy: "\n=== raw dict as JSON ===")[0]
      .components(separatedBy: "print_callees() ===\n")[1]
    #expect(reportBody(result.stdout) == reportBody(section))
  }

  /// pstats' legacy numeric keys, dash included, as the README lists them.
  @Test func legacyNumericSortKeys() throws {
    let path = CommandRunner.fixtures.appendingPathComponent("prof/mutual.prof").path
    let result = try CommandRunner.flamewalk("print", "--sort", "-1", path)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("Ordered by: standard name"))
    let version = try CommandRunner.flamewalk("--version")
    #expect(version.status == 0)
    #expect(version.stdout.hasPrefix("flamewalk "))
  }

  @Test func malformedInputIsOneLineAndExitTwo() throws {
    let path = CommandRunner.fixtures.appendingPathComponent("malformed/trunc_half.prof").path
    let result = try CommandRunner.flamewalk("print", path)
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 1)
    #expect(lines.first?.hasPrefix("flamewalk: \(path): offset ") == true)
    #expect(lines.first?.contains(": truncated: ") == true)
  }

  @Test func missingFileIsExitTwo() throws {
    let result = try CommandRunner.flamewalk("print", "/nonexistent/out.prof")
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("flamewalk: /nonexistent/out.prof: unreadable: "))
  }

  @Test func directoryIsRefused() throws {
    let result = try CommandRunner.flamewalk("print", "/tmp")
    #expect(result.status == 2)
    #expect(result.stderr.contains("is a directory"))
  }

  @Test func unknownSortKeyIsAUsageError() throws {
    let path = CommandRunner.fixtures.appendingPathComponent("prof/two_callers.prof").path
    let result = try CommandRunner.flamewalk("print", path, "--sort", "cum")
    #expect(result.status == 1)
    #expect(result.stderr.contains("unknown sort key"))
  }

  @Test func warningsGoToStderr() throws {
    let path = CommandRunner.fixtures.appendingPathComponent("malformed/trailing_garbage.prof").path
    let result = try CommandRunner.flamewalk("print", path)
    #expect(result.status == 0)
    #expect(result.stderr.contains("warning: trailing-bytes: 6 bytes"))
  }

  @Test func controlCharactersAreEscaped() throws {
    let directory = try CommandRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("evil.prof")
    // {("evil\x1b[31m.py", 1, "f\x07"): (1, 1, 0.5, 0.5, {})} in marshal version 2.
    var bytes: [UInt8] = [0x7B, 0x28, 3, 0, 0, 0]
    let fileName = Array("evil\u{1b}[31m.py".utf8)
    bytes += [0x75] + le32(fileName.count) + fileName
    bytes += [0x69] + le32(1)
    bytes += [0x75] + le32(2) + [0x66, 0x07]
    bytes += [0x28, 5, 0, 0, 0, 0x69] + le32(1) + [0x69] + le32(1)
    bytes += [0x67] + le64(0.5.bitPattern) + [0x67] + le64(0.5.bitPattern)
    bytes += [0x7B, 0x30, 0x30]
    try Data(bytes).write(to: file)
    let result = try CommandRunner.flamewalk("print", file.path)
    #expect(result.status == 0)
    #expect(!result.stdout.contains("\u{1b}"))
    #expect(!result.stdout.contains("\u{07}"))
    #expect(result.stdout.contains("evil\\x1b[31m.py:1(f\\x07)"))
  }

  private func le32(_ n: Int) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: n >> (8 * $0)) }
  }
  private func le64(_ n: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * $0)) }
  }
}
