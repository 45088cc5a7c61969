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

  /// A carriage return inside a line (old Mac line ends) is an error naming the line, not
  /// one long silent stack; a bad count megabytes long makes a short error line.
  @Test func carriageReturnsAndLongErrorsAreOneShortLine() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let cr = directory.appendingPathComponent("cr.folded")
    try Data("a;b 3\nc;d 4\re;f 5\n".utf8).write(to: cr)
    let crResult = try CommandRunner.flamewalk("tree", cr.path)
    #expect(crResult.status == 2)
    #expect(crResult.stderr.contains(": line 2: bad-value: a carriage return inside the line"))
    let long = directory.appendingPathComponent("long.folded")
    try Data(("a;b " + String(repeating: "x", count: 2_000_000) + "\n").utf8).write(to: long)
    let longResult = try CommandRunner.flamewalk("tree", "--input-format", "folded", long.path)
    #expect(longResult.status == 2)
    #expect(longResult.stderr.split(separator: "\n").count == 1)
    #expect(longResult.stderr.utf8.count < 1_000, "\(longResult.stderr.utf8.count) bytes")
    #expect(longResult.stderr.contains("(2000"))
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

/// Inputs that are not regular files: read once, checked before they are read further.
@Suite struct DeviceInputTests {
  static func shell(_ script: String) throws -> CommandRunner.Result {
    try CommandRunner.run(URL(fileURLWithPath: "/bin/sh"), ["-c", script])
  }

  /// `/dev/zero` is refused after its first megabyte, not after 4 GiB.
  @Test func endlessDevicesAreRefusedAtOnce() throws {
    let result = try CommandRunner.flamewalk("tree", "/dev/zero")
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("flamewalk: /dev/zero: unsupported: not a profile"))
    #expect(result.stderr.contains("all zero bytes"))
  }

  /// `print` reads a FIFO or a process substitution once (it used to open each file twice
  /// and block on the second open).
  @Test func printReadsAPipeOnce() throws {
    let binary = CommandRunner.binary.path
    let profile = CommandRunner.fixtures.appendingPathComponent("prof/mutual.prof").path
    let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("fw-\(UUID()).fifo")
      .path
    defer { unlink(fifo) }
    #expect(mkfifo(fifo, 0o600) == 0)
    let result = try Self.shell(
      "cat '\(profile)' > '\(fifo)' & timeout 20 '\(binary)' print '\(fifo)'; echo \"EXIT=$?\"")
    #expect(result.stdout.contains("35154 function calls (553 primitive calls)"), "\(result)")
    #expect(result.stdout.hasSuffix("EXIT=0\n"), "\(result.stdout.suffix(200))")
  }
}

/// A file truncated by another program while flamewalk reads it (mapped) is bad input —
/// one line, exit 2 — never SIGBUS. Timing decides where the cut lands, so each attempt
/// only has to end cleanly.
@Suite struct TruncatedWhileReadingTests {
  @Test func truncationWhileReadingIsBadInput() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var text = ""
    for i in 0..<400_000 {
      text += "main;f\(i % 97);g\(i % 13);h\(i % 1009);leaf\(i % 31) \(1 + i % 7)\n"
    }
    let original = directory.appendingPathComponent("original.folded")
    try Data(text.utf8).write(to: original)
    for delay in [0.02, 0.1, 0.3] {
      let path = directory.appendingPathComponent("t.folded").path
      try? FileManager.default.removeItem(atPath: path)
      try FileManager.default.copyItem(atPath: original.path, toPath: path)
      let result = try CommandRunner.run(
        URL(fileURLWithPath: "/bin/sh"),
        [
          "-c",
          "'\(CommandRunner.binary.path)' tree '\(path)' > /dev/null & sleep \(delay); "
            + "truncate -s 4096 '\(path)'; wait $!; echo \"EXIT=$?\"",
        ])
      #expect(
        result.stdout == "EXIT=0\n" || result.stdout == "EXIT=2\n", "\(delay): \(result)")
      if result.stdout == "EXIT=2\n" {
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("flamewalk: \(path): "), "\(result.stderr)")
      }
    }
  }
}
