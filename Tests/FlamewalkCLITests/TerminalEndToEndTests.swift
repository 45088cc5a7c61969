import Foundation
import Testing

/// The real binary in tmux: first frame, navigation, search, zoom, gaps, a resize, a mouse
/// click, quitting, and a sane terminal after SIGTERM.
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed"))
struct TerminalEndToEndTests {
  static let binary = CommandRunner.binary.path

  /// A pane command that runs flamewalk, then prints its exit status and the terminal modes.
  static func wrapped(_ arguments: String, pidFile: String) -> String {
    "sh -c 'env TERM=tmux-256color LANG=C.UTF-8 \(binary) \(arguments) & echo $! > \(pidFile); "
      + "wait $!; echo EXIT=$?; stty -a | tr \"\\n\" \" \"; echo; sleep 30'"
  }

  /// A fresh path for the pane command to write flamewalk's process id to.
  static func pidFile() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("fw-\(UUID()).pid").path
  }

  /// The status line of a captured screen (the line above the bottom line).
  static func status(_ screen: String) -> String {
    screen.split(separator: "\n").dropLast().last.map(String.init) ?? ""
  }

  @Test func personWalksTheDemo() throws {
    let pidFile = Self.pidFile()
    let tmux = try TmuxSession(width: 100, height: 30, command: Self.wrapped("", pidFile: pidFile))
    let first = tmux.wait {
      $0.contains("flamewalk · Flame") && $0.contains("checksum") && $0.contains("? help")
    }
    #expect(first.contains("flamewalk · Flame · demo_program.prof"), "\(first)")
    #expect(first.contains("? help"))

    tmux.keys("Tab")
    #expect(tmux.wait { $0.contains("flamewalk · Tree") }.contains("function (sorted by total)"))

    tmux.keys("1", "/")
    tmux.literal("render")
    tmux.keys("Enter")
    let searched = tmux.wait { $0.contains("Matched:") }
    #expect(searched.contains("/render/"), "\(searched)")

    tmux.keys("Enter")
    let zoomed = tmux.wait { screen in
      screen.split(separator: "\n").first?.contains("› render") == true
    }
    #expect(zoomed.split(separator: "\n").first?.contains("› render") == true, "\(zoomed)")
    tmux.keys("0", "g")
    #expect(tmux.wait { $0.contains("gap 1/") }.contains("unexplained in checksum"))

    // The README's next steps: the sandwich and the inverted tree of the gap's function,
    // then library frames folded and shown again.
    tmux.keys("7")
    let sandwich = tmux.wait { $0.contains("flamewalk · Sandwich") && $0.contains("callees of") }
    #expect(sandwich.contains("callers of checksum"), "\(sandwich)")
    tmux.keys("6")
    let inverted = tmux.wait { $0.contains("flamewalk · Inverted") && $0.contains("own time") }
    #expect(Self.status(inverted).hasPrefix(" checksum"), "\(inverted)")
    tmux.keys("1", "i")
    let hidden = tmux.wait { $0.contains("library frames hidden") && $0.contains("(library)") }
    #expect(hidden.contains("flamewalk · Flame"), "\(hidden)")
    tmux.keys("i")
    #expect(tmux.wait { $0.contains("library frames shown") }.contains("flamewalk · Flame"))

    tmux.resize(width: 60, height: 20)
    let resized = tmux.wait { screen in
      let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
      return lines.count >= 20 && lines[0].hasSuffix("…")
    }
    #expect(resized.contains("flamewalk · Flame"), "\(resized)")

    // A click (X10 mouse report) on the first cell of the sixth screen row.
    tmux.literal("\u{1b}[M !&")
    let clicked = tmux.wait { $0.contains("{built-in method builtins.ord}  total") }
    #expect(clicked.contains("{built-in method builtins.ord}  total"), "\(clicked)")

    tmux.keys("q")
    let done = tmux.wait { $0.contains("EXIT=") }
    #expect(done.contains("EXIT=0"), "\(done)")
  }

  @Test func followsARecursionLeafAndBack() throws {
    let pidFile = Self.pidFile()
    defer { unlink(pidFile) }
    let profile = CommandRunner.fixtures.appendingPathComponent("prof/mutual.prof").path
    let tmux = try TmuxSession(
      width: 130, height: 30, command: Self.wrapped(profile, pidFile: pidFile))
    tmux.wait { $0.contains("flamewalk · Flame") }
    // exec › <module> › main › is_even › is_odd › is_even (an exact re-entry, grown) › ↻ is_odd
    tmux.keys("Tab", "E", "Down", "Down", "Down", "Down", "Down", "Down")
    let onLeaf = tmux.wait { Self.status($0).contains("↻ is_odd") }
    #expect(Self.status(onLeaf).contains("re-enters here"), "\(onLeaf)")
    tmux.keys("Enter")
    let onTarget = tmux.wait { Self.status($0).hasPrefix(" is_odd  mutual.py:7") }
    #expect(Self.status(onTarget).hasPrefix(" is_odd  mutual.py:7"), "\(onTarget)")
    tmux.keys("Escape")
    let back = tmux.wait { Self.status($0).contains("↻ is_odd") }
    #expect(Self.status(back).contains("↻ is_odd"), "\(back)")
    tmux.keys("q")
    #expect(tmux.wait { $0.contains("EXIT=") }.contains("EXIT=0"))
  }

  /// A Chrome trace's calls in time order: `8` opens the chart on the selected function's
  /// longest call, `→` goes to the next thread's lane, `Enter` zooms the time axis, a
  /// double-click on a call zooms into it, `1` goes back to the flame view on that function.
  @Test func timeOrderChartOfATrace() throws {
    let pidFile = Self.pidFile()
    defer { unlink(pidFile) }
    let trace = CommandRunner.fixtures.deletingLastPathComponent()
      .appendingPathComponent("trace/threads.chrome.json").path
    let tmux = try TmuxSession(
      width: 100, height: 24, command: Self.wrapped(trace, pidFile: pidFile))
    tmux.wait { $0.contains("flamewalk · Flame") }
    tmux.keys("8")
    let chart = tmux.wait {
      $0.contains("flamewalk · Time order") && $0.contains("│50 ms")
        && Self.status($0).contains("started at")
    }
    #expect(Self.status(chart).contains("started at"), "\(chart)")
    tmux.keys("Right", "Down", "Down", "Down", "Down", "Enter")
    let zoomed = tmux.wait {
      $0.split(separator: "\n").first?.contains("› decode_worker") == true
        && Self.status($0).hasPrefix(" decode_worker")
    }
    #expect(Self.status(zoomed).hasPrefix(" decode_worker"), "\(zoomed)")
    // A double-click (X10 mouse reports) on the second call of `loads`, two chart rows down.
    let row = zoomed.split(separator: "\n", omittingEmptySubsequences: false)[3]
    let column = try #require(row.range(of: "loads", options: .backwards)).lowerBound
    let x = row.distance(from: row.startIndex, to: column) + 1
    let cell = String(UnicodeScalar(UInt8(32 + x))) + String(UnicodeScalar(UInt8(32 + 4)))
    tmux.literal("\u{1b}[M " + cell + "\u{1b}[M#" + cell + "\u{1b}[M " + cell + "\u{1b}[M#" + cell)
    let onLoads = tmux.wait {
      $0.split(separator: "\n").first?.contains("› loads") == true
        && Self.status($0).hasPrefix(" loads")
    }
    #expect(Self.status(onLoads).hasPrefix(" loads"), "\(onLoads)")
    tmux.keys("1")
    let flame = tmux.wait {
      $0.contains("flamewalk · Flame") && Self.status($0).hasPrefix(" loads")
    }
    #expect(Self.status(flame).hasPrefix(" loads"), "\(flame)")
    tmux.keys("q")
    #expect(tmux.wait { $0.contains("EXIT=") }.contains("EXIT=0"))
  }

  /// A profile arriving through a pipe shows the megabytes read so far; `q` cancels the load
  /// at once (status 130) and leaves the terminal as it was (canonical, echoing).
  @Test func loadingLineAndQuitWhileLoadingAPipe() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let fifo = directory.appendingPathComponent("stacks.folded").path
    #expect(mkfifo(fifo, 0o600) == 0)
    let lines = (0..<60_000).map { "main;work;leaf\($0 % 100) \($0 % 9 + 1)" }
    let text = directory.appendingPathComponent("part.folded")
    try (lines.joined(separator: "\n") + "\n").write(to: text, atomically: true, encoding: .utf8)
    // The writer sends 3 MB, then keeps the pipe open: the load cannot end by itself.
    let command =
      "sh -c '(cat \(text.path) \(text.path) \(text.path); sleep 60) > \(fifo) & "
      + "env TERM=tmux-256color LANG=C.UTF-8 \(Self.binary) \(fifo); echo EXIT=$?; "
      + "stty -a | tr \"\\n\" \" \"; echo; sleep 30'"
    let tmux = try TmuxSession(width: 100, height: 10, command: command)
    let loading = tmux.wait {
      $0.contains("flamewalk: loading stacks.folded") && $0.contains("MB read")
    }
    #expect(loading.contains("q or Ctrl-C cancels"), "\(loading)")
    tmux.keys("q")
    // The terminal's modes follow the exit status (`-icanon` if they were left changed).
    let done = tmux.wait { $0.contains("EXIT=") && $0.contains("icanon") && $0.contains("echo") }
    #expect(done.contains("EXIT=130") && done.contains("loading cancelled"), "\(done)")
    #expect(done.contains(" icanon") && done.contains(" echo "), "\(done)")
  }

  /// Functions → callers → source on a real cProfile run: the table sorted by own time puts
  /// checksum first, `c` shows its callers with the status line on it, `v` its source.
  @Test func functionsThenCallersThenSource() throws {
    let pidFile = Self.pidFile()
    defer { unlink(pidFile) }
    let fixtures = CommandRunner.fixtures.deletingLastPathComponent()
    let arguments =
      "\(fixtures.appendingPathComponent("diff/after.prof").path) --source-root "
      + fixtures.appendingPathComponent("programs").path
    let tmux = try TmuxSession(
      width: 110, height: 24, command: Self.wrapped(arguments, pidFile: pidFile))
    tmux.wait { $0.contains("flamewalk · Flame") }
    tmux.keys("3", "s")
    // Each wait asks for what is checked: tmux may show a frame still being drawn.
    let table = tmux.wait {
      $0.contains("sorted by tottime") && Self.status($0).contains("checksum")
    }
    let rows = table.split(separator: "\n")
    #expect(rows.count > 2 && rows[2].contains("checksum"), "\(table)")
    #expect(Self.status(table).hasPrefix(" checksum  diff_workload.py:10  tottime"), "\(table)")
    tmux.keys("c")
    let callers = tmux.wait {
      $0.contains("flamewalk · Callers/Callees") && $0.contains("← main")
        && Self.status($0).contains("checksum")
    }
    #expect(callers.contains("← main"), "\(callers)")
    #expect(Self.status(callers).hasPrefix(" checksum  diff_workload.py:10"), "\(callers)")
    tmux.keys("v")
    let source = tmux.wait {
      $0.contains("flamewalk · Source") && $0.contains("def checksum")
        && Self.status($0).contains("checksum")
    }
    #expect(source.contains("diff_workload.py — checksum"), "\(source)")
    #expect(Self.status(source).hasPrefix(" checksum  diff_workload.py:10"), "\(source)")
    tmux.keys("q")
    #expect(tmux.wait { $0.contains("EXIT=") }.contains("EXIT=0"))
  }

  /// `flamewalk diff` of a real before/after pair on a terminal opens the diff explorer:
  /// `g` lands on the function that got slower, the functions table ranks it first, `d`
  /// normalizes.
  @Test func diffOpensTheExplorerAndGFindsTheRegression() throws {
    let pidFile = Self.pidFile()
    defer { unlink(pidFile) }
    let diff = CommandRunner.fixtures.deletingLastPathComponent().appendingPathComponent("diff")
    let arguments =
      "diff \(diff.appendingPathComponent("before.prof").path) "
      + diff.appendingPathComponent("after.prof").path
    let tmux = try TmuxSession(
      width: 120, height: 30, command: Self.wrapped(arguments, pidFile: pidFile))
    // Waits for the whole first frame: tmux may show one still being drawn.
    let first = tmux.wait {
      $0.contains("diff before.prof → after.prof") && $0.contains("g/G regressions")
    }
    #expect(first.contains("g/G regressions"), "\(first)")
    tmux.keys("g")
    let walked = tmux.wait {
      $0.contains("regression 1/") && Self.status($0).hasPrefix(" checksum")
    }
    #expect(walked.contains("in checksum"), "\(walked)")
    #expect(Self.status(walked).hasPrefix(" checksum  diff_workload.py:10  base "), "\(walked)")
    tmux.keys("3")
    let table = tmux.wait { screen in
      let rows = screen.split(separator: "\n")
      return screen.contains("flamewalk · Functions") && rows.count > 2
        && rows[2].contains("checksum")
    }
    let rows = table.split(separator: "\n")
    #expect(rows.count > 2 && rows[2].contains("checksum"), "\(table)")
    tmux.keys("d")
    let normalized = tmux.wait {
      $0.contains("· normalized") && $0.contains("each run is 100% of itself")
    }
    #expect(normalized.contains("each run is 100% of itself"), "\(normalized)")
    tmux.keys("q")
    #expect(tmux.wait { $0.contains("EXIT=") }.contains("EXIT=0"))
  }

  /// `r` on py-spy's profile of a 300-level mutual recursion: the tree collapses to a few
  /// levels, the total on the first row stays 209 samples, and `r` again restores it.
  @Test func collapsesRecursionAndRestoresIt() throws {
    let pidFile = Self.pidFile()
    defer { unlink(pidFile) }
    let profile = CommandRunner.fixtures.deletingLastPathComponent()
      .appendingPathComponent("folded/deep_recursion.folded").path
    let tmux = try TmuxSession(
      width: 110, height: 30, command: Self.wrapped(profile, pidFile: pidFile))
    tmux.wait { $0.contains("flamewalk · Flame") }
    tmux.keys("Tab")
    let lines = { (screen: String) in screen.split(separator: "\n").map(String.init) }
    // The tree's <module> row (the status line, which may name it too, starts with it); the
    // waits ask for that row, as tmux may show a frame whose rows are still being drawn.
    let moduleRow = { (screen: String) in
      lines(screen).first { $0.contains("<module>") && !$0.hasPrefix(" <module>") } ?? ""
    }
    let recorded = tmux.wait { $0.contains("flamewalk · Tree") && !moduleRow($0).isEmpty }
    #expect(moduleRow(recorded).hasPrefix("       209"), "\(recorded)")
    tmux.keys("r", "e")
    let collapsed = tmux.wait {
      $0.contains("· recursion collapsed") && $0.contains("walk_odd") && !moduleRow($0).isEmpty
    }
    #expect(moduleRow(collapsed).hasPrefix("       209"), "\(collapsed)")
    #expect(
      lines(collapsed).dropLast(2).filter { $0.contains("walk_odd") }.count == 1, "\(collapsed)")
    #expect(collapsed.contains("self (unexplained)"), "\(collapsed)")
    tmux.keys("r")
    let restored = tmux.wait { $0.contains("r collapses it") }
    #expect(!restored.contains("· recursion collapsed"), "\(restored)")
    tmux.keys("0")
    let top = tmux.wait { !moduleRow($0).isEmpty && !$0.contains("r collapses it") }
    #expect(moduleRow(top).hasPrefix("       209"), "\(top)")
    tmux.keys("q")
    #expect(tmux.wait { $0.contains("EXIT=") }.contains("EXIT=0"))
  }

  /// A signal whose default action ends the process (SIGTERM, and SIGUSR1 and SIGALRM,
  /// which used to leave the terminal raw) restores the terminal and exits with 128 + it.
  @Test(arguments: [SIGTERM, SIGUSR1, SIGALRM])
  func signalsRestoreTheTerminal(_ signal: Int32) throws {
    let pidFile = Self.pidFile()
    defer { unlink(pidFile) }
    let tmux = try TmuxSession(width: 90, height: 26, command: Self.wrapped("", pidFile: pidFile))
    tmux.wait { $0.contains("flamewalk · Flame") }
    let pid = try #require(
      Int32(
        (try? String(contentsOfFile: pidFile, encoding: .utf8))?.trimmingCharacters(
          in: .whitespacesAndNewlines) ?? ""))
    kill(pid, signal)
    let after = tmux.wait { $0.contains("EXIT=") && $0.contains("icanon") }
    #expect(after.contains("EXIT=\(128 + signal)"), "\(after)")
    let flat = after.replacingOccurrences(of: "\n", with: "")
    #expect(flat.contains(" icanon") && !flat.contains("-icanon"), "\(after)")
    #expect(flat.contains(" echo ") && !flat.contains("-echo "), "\(after)")
  }

  @Test func unusableTerminalIsRefused() throws {
    let result = TmuxSession.run(["env", "TERM=dumb", Self.binary])
    #expect(result.status == 1)
    #expect(
      result.output.contains("cannot draw a full screen") || result.output.contains("terminal"))
    let unset = TmuxSession.run(["env", "-u", "TERM", Self.binary])
    #expect(unset.status == 1)
    #expect(unset.output.contains("TERM is not set"))
  }
}
