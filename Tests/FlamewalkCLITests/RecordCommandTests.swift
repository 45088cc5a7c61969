import Foundation
import Testing

/// `flamewalk record` runs a real Python program under cProfile (and py-spy where it is
/// installed) and opens, or only writes, what was recorded.
@Suite(.serialized, .enabled(if: CommandRunner.python3 != nil, "python3 is not installed"))
struct RecordCommandTests {
  static let script = """
    import os, signal, sys
    def work(n):
        return sum(i * i for i in range(n))
    for _ in range(30):
        work(20000)
    print("program output", sys.argv[1:])
    if sys.argv[1:] == ["kill"]:
        os.kill(os.getpid(), signal.SIGKILL)
    """

  static func scratch() throws -> URL {
    let directory = try CommandRunner.temporaryDirectory()
    try script.write(
      to: directory.appendingPathComponent("work.py"), atomically: true, encoding: .utf8)
    return directory
  }

  @Test func cProfileRecordsAScriptAndKeepsItsOutput() throws {
    let directory = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: directory) }
    for command in [
      ["python3", "work.py", "a"], ["work.py", "a"], ["python3", "-X", "dev", "work.py", "a"],
      ["python3", "-m", "work", "a"],
    ] {
      let result = try CommandRunner.flamewalk(
        arguments: ["record", "--no-open", "-o", "out.prof", "--"] + command, directory: directory)
      #expect(result.status == 0, "\(command): \(result.stderr)")
      #expect(result.stdout.contains("program output ['a']"), "\(command)")
      #expect(result.stderr == "flamewalk: recorded out.prof\n")
      let printed = try CommandRunner.flamewalk(
        "print", directory.appendingPathComponent("out.prof").path)
      #expect(printed.stdout.contains("work.py:2(work)"), "\(command)")
    }
  }

  @Test func failuresAreOneLine() throws {
    let directory = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: directory) }
    let notPython = try CommandRunner.flamewalk(
      arguments: ["record", "--no-open", "--", "ls"], directory: directory)
    #expect(notPython.status == 1)
    #expect(notPython.stderr.contains("cProfile records Python programs"))
    let inline = try CommandRunner.flamewalk(
      arguments: ["record", "--no-open", "--", "python3", "-c", "pass"], directory: directory)
    #expect(inline.status == 1 && inline.stderr.contains("python -c"))
    // Killed before cProfile could write: the signal is reported, and there is no profile.
    let killed = try CommandRunner.flamewalk(
      arguments: ["record", "--no-open", "-o", "k.prof", "--", "python3", "work.py", "kill"],
      directory: directory)
    #expect(killed.status == 2)
    #expect(killed.stderr.contains("python3 was stopped by signal 9"))
    #expect(killed.stderr.contains("cprofile wrote no profile to k.prof"))
  }

  @Test(.enabled(if: RecordCommandTests.hasPySpy, "py-spy is not installed"))
  func pySpyRecordsASpeedscopeFile() throws {
    let directory = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try CommandRunner.flamewalk(
      arguments: [
        "record", "--no-open", "--sampler", "py-spy", "-o", "out.json", "--", "python3",
        "work.py",
      ],
      directory: directory)
    #expect(result.status == 0, "\(result.stderr)")
    let tree = try CommandRunner.flamewalk(
      "tree", directory.appendingPathComponent("out.json").path, "--format", "json")
    #expect(tree.status == 0)
    #expect(tree.stdout.contains("\"producer\": \"py-spy"))
  }

  static var hasPySpy: Bool { CommandRunner.executable("py-spy") != nil }

  /// Ctrl-C stops the program; cProfile still writes what it recorded, and it opens.
  @Test(.enabled(if: TmuxSession.available, "tmux is not installed"))
  func controlCStopsTheProgramAndOpensTheProfile() throws {
    let directory = try CommandRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try "import time\nwhile True:\n    time.sleep(0.01)\n".write(
      to: directory.appendingPathComponent("forever.py"), atomically: true, encoding: .utf8)
    let tmux = try TmuxSession(
      width: 90, height: 24,
      command: "cd \(directory.path) && \(CommandRunner.binary.path) record -o f.prof -- "
        + "python3 forever.py; sleep 30")
    usleep(1_500_000)
    tmux.keys("C-c")
    // A captured frame may still be drawing: wait for what is checked.
    let screen = tmux.wait { $0.contains("flamewalk · Flame · f.prof") && $0.contains("sleep") }
    #expect(screen.contains("flamewalk · Flame · f.prof"), "\(screen)")
    #expect(screen.contains("sleep"), "\(screen)")
    tmux.keys("q")
  }
}
