import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A tmux server on a private socket running the real binary, driven as a person would:
/// send keys, read the screen. tmux is started with `posix_spawnp` and waited for with
/// `waitpid` (Foundation's `Process` waits on a socket the forked server inherits).
final class TmuxSession {
  let socket = "flamewalk-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
  static var available: Bool { run(["tmux", "-V"]).status == 0 }

  init(width: Int, height: Int, command: String) throws {
    let result = Self.run([
      "tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y",
      "\(height)", command,
    ])
    guard result.status == 0 else {
      throw NSError(domain: "tmux", code: Int(result.status), userInfo: ["output": result.output])
    }
  }

  deinit { _ = Self.run(["tmux", "-L", socket, "kill-server"]) }

  func keys(_ keys: String...) {
    _ = Self.run(["tmux", "-L", socket, "send-keys", "-t", "0"] + keys)
  }

  func literal(_ text: String) {
    _ = Self.run(["tmux", "-L", socket, "send-keys", "-t", "0", "-l", text])
  }

  func resize(width: Int, height: Int) {
    _ = Self.run([
      "tmux", "-L", socket, "resize-window", "-t", "0", "-x", "\(width)", "-y", "\(height)",
    ])
  }

  var screen: String { Self.run(["tmux", "-L", socket, "capture-pane", "-p", "-t", "0"]).output }

  /// Polls the screen until `predicate` holds on a settled screen (two captures 50 ms apart
  /// alike), up to `timeout` seconds; returns that screen. A capture can catch a frame half
  /// drawn (a new title over the old status line), so one matching capture is not enough.
  /// At the deadline it returns the last matching screen, or the last one seen.
  @discardableResult
  func wait(timeout: Double = 10, _ predicate: (String) -> Bool) -> String {
    let deadline = Date().addingTimeInterval(timeout)
    var last = ""
    var lastMatching: String?
    while Date() < deadline {
      let current = screen
      if predicate(current) {
        if current == lastMatching { return current }
        lastMatching = current
      } else {
        lastMatching = nil
      }
      last = current
      usleep(50_000)
    }
    return lastMatching ?? last
  }

  /// Runs a command to completion, its output captured through a file.
  static func run(_ arguments: [String]) -> (status: Int32, output: String) {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("flamewalk-spawn-\(UUID().uuidString)").path
    defer { unlink(path) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var environment = ProcessInfo.processInfo.environment
    environment["TERM"] = environment["TERM"] ?? "xterm-256color"
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv + envp { free(pointer) }
    }
    // Children start with no signal blocked and default dispositions, whatever the runner's.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    var all = sigset_t()
    sigfillset(&all)
    sigdelset(&all, SIGKILL)
    sigdelset(&all, SIGSTOP)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid = pid_t()
    guard posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp) == 0 else {
      return (127, "cannot start \(arguments[0])")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let output = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    let exited = (status & 0x7F) == 0
    return (exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F), output)
  }
}
