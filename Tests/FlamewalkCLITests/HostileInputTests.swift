import Foundation
import Testing

/// Crafted inputs that broke earlier builds (made by Tests/Fixtures/hostile/make_hostile.py)
/// and output that cannot be written: each must end in a clean result or one line on stderr
/// with the documented exit code, never a crash or a silent success.
@Suite struct HostileInputTests {
  static let hostile = CommandRunner.packageRoot.appendingPathComponent("Tests/Fixtures/hostile")

  static func path(_ name: String) -> String { hostile.appendingPathComponent(name).path }

  static func shell(_ script: String) throws -> CommandRunner.Result {
    try CommandRunner.run(URL(fileURLWithPath: "/bin/sh"), ["-c", script])
  }

  /// A byte string referred to again by `r` is read from its own bytes, not from the bytes
  /// after the reference (which gave garbage names, and crashed on large strings).
  @Test func sharedByteStringNamesBothFunctions() throws {
    let result = try CommandRunner.flamewalk("print", Self.path("shared_bytes_name.prof"))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("/src/shared_name.py:1(a)"), "\(result.stdout)")
    #expect(result.stdout.contains("/src/shared_name.py:2(b)"), "\(result.stdout)")
  }

  /// Nested containers that each claim every byte left are refused at the first claim the
  /// bytes cannot hold together with the enclosing containers' pending items (they used to
  /// allocate a slot per claimed item at every level: ~1000× the file's size).
  @Test func nestedClaimsAreRefusedAtTheFirstImpossibleOne() throws {
    let result = try CommandRunner.flamewalk(
      "print", "nested_claims.prof", directory: Self.hostile)
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(result.stderr)")
    #expect(result.stderr.hasPrefix("flamewalk: nested_claims.prof: offset 6: truncated:"))
  }

  /// A cumulative time far beyond the run's total draws (clamped to the screen) instead of
  /// trapping in the flame layout.
  @Test func hugeTimesDrawTheFlameView() throws {
    let result = try CommandRunner.flamewalk(
      "snapshot", Self.path("huge_cumtime.prof"), "--size", "80x12")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("main"))
  }

  /// Counts whose sum is not a finite number are bad input, named by line.
  @Test func overflowingCountsAreBadInput() throws {
    let result = try CommandRunner.flamewalk(
      "snapshot", "overflowing_counts.folded", directory: Self.hostile)
    #expect(result.status == 2)
    #expect(
      result.stderr
        == "flamewalk: overflowing_counts.folded: line 2: bad-value: the sample counts add up to more than 1.8e308\n"
    )
  }

  /// 40,000 frames deep: JSON is written without recursion, depths are not clamped to 16
  /// bits, and the text tree stays linear in size (deep lines say their level).
  @Test func deepChainsAreWrittenWhole() throws {
    let json = try CommandRunner.flamewalk(
      "tree", "--format", "json", "--min-percent", "0", Self.path("deep_chain.folded"))
    #expect(json.status == 0, "\(json.stderr)")
    #expect(json.stdout.contains("\"f39999\""))
    // Objects nest 40,001 deep (the top and 40,000 frames) and every one is closed; no
    // name here holds a brace or a quote.
    var depth = 0
    var deepest = 0
    for byte in json.stdout.utf8 {
      if byte == UInt8(ascii: "{") { depth += 1 }
      if byte == UInt8(ascii: "}") { depth -= 1 }
      deepest = max(deepest, depth)
    }
    #expect(deepest == 40001)
    #expect(depth == 0)
    let text = try CommandRunner.flamewalk(
      "tree", "--min-percent", "0", Self.path("deep_chain.folded"))
    #expect(text.status == 0, "\(text.stderr)")
    let lines = text.stdout.split(separator: "\n")
    let last = try #require(lines.first { $0.contains("f39999") })
    #expect(last.hasPrefix(String(repeating: "  ", count: 64) + "[40000] "), "\(last.prefix(200))")
    #expect(text.stdout.utf8.count < 20_000_000)
  }

  /// Bidi overrides, zero-width characters and C1 controls in names are escaped in text and
  /// JSON alike.
  @Test func hiddenCharactersAreEscaped() throws {
    let text = try CommandRunner.flamewalk("tree", Self.path("hidden_characters.folded"))
    #expect(text.stdout.contains("evil\\u202egnp.exe"), "\(text.stdout)")
    #expect(text.stdout.contains("zero\\u200bwidth"))
    #expect(text.stdout.contains("c1\\x9bcontrol"))
    #expect(!text.stdout.unicodeScalars.contains { [0x202E, 0x200B, 0x9B].contains($0.value) })
    let json = try CommandRunner.flamewalk(
      "tree", "--format", "json", Self.path("hidden_characters.folded"))
    #expect(json.stdout.contains("evil\\u202egnp.exe"), "\(json.stdout)")
    #expect(json.stdout.contains("c1\\u009bcontrol"))
    #expect(!json.stdout.unicodeScalars.contains { [0x202E, 0x200B, 0x9B].contains($0.value) })
  }

  /// Output that cannot be written is an error (exit 1, one line), and a stderr that cannot
  /// be written does not turn an error into a crash.
  @Test func failedWritesAreReported() throws {
    let binary = CommandRunner.binary.path
    let profile = CommandRunner.fixtures.appendingPathComponent("prof/mutual.prof").path
    let full = try Self.shell("'\(binary)' tree '\(profile)' > /dev/full")
    #expect(full.status == 1)
    #expect(full.stderr == "flamewalk: cannot write to standard output: No space left on device\n")
    let closed = try Self.shell("'\(binary)' print '\(profile)' >&-")
    #expect(closed.status == 1)
    #expect(closed.stderr == "flamewalk: cannot write to standard output: Bad file descriptor\n")
    let pipe = try Self.shell(
      "trap '' PIPE; '\(binary)' tree --format json --min-percent 0 '\(Self.path("deep_chain.folded"))' | head -c 1 > /dev/null; exit 0"
    )
    #expect(pipe.stderr == "flamewalk: cannot write to standard output: Broken pipe\n")
    let noStderr = try Self.shell("'\(binary)' print '\(Self.path("nested_claims.prof"))' 2>&-")
    #expect(noStderr.status == 2)
  }
}
