import Foundation

/// The Swift runtime prints a backtrace when the program crashes; on a terminal it would
/// first wait up to 30 s for a person to inspect the process ("interactive" mode), with the
/// explorer's terminal modes still half restored. flamewalk asks for the non-interactive
/// backtrace by starting itself again with `SWIFT_BACKTRACE=interactive=no` — the setting is
/// read only when a process starts. A setting the user made is kept.
enum CrashBacktrace {
  static func makeNonInteractive() {
    guard getenv("SWIFT_BACKTRACE") == nil else { return }
    setenv("SWIFT_BACKTRACE", "interactive=no", 1)
    execv("/proc/self/exe", CommandLine.unsafeArgv)
    // exec failed (no /proc): run on with the runtime's defaults.
  }
}
