import ArgumentParser
import Explorer
import Foundation
import ProfileFormats
import ProfileModel

/// `flamewalk convert`: writes a profile in another format — folded stacks, a speedscope
/// file, an SVG flame graph or a pstats file — that other tools (flamegraph.pl, inferno,
/// speedscope.app, python -m pstats, snakeviz) and flamewalk open.
struct ConvertCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract:
      "Write a profile as folded stacks, a speedscope file, an SVG flame graph or a pstats file.",
    discussion: """
      Stack profiles are written exactly. Caller graphs (pstats, callgrind) are written as \
      their estimated tree — every node's own time one stack, (unattributed) time a frame \
      of that name — and say so (a comment line in folded files, the profile's name in \
      speedscope files). Reading the output back gives the same tree. The metric written \
      is the file's default or --metric; threads stay apart unless --merge-threads. An SVG \
      is an interactive flame graph (hover, click to zoom, search) in the --theme colours. \
      A pstats file holds the caller graph: a pstats file's own, or a stack profile's with \
      call counts of 0 (stacks record no calls); only profiles measured in seconds.
      """
  )

  @Argument(help: "Profile files; several merge as they do for the other commands.")
  var files: [String]

  @Option(help: "The format to write: folded, speedscope, svg or pstats.")
  var to: ExportWriting.Format

  @Option(help: "The colours of an SVG: default, light, mono, colorblind, or a theme file.")
  var theme = "default"

  @Option(name: .shortAndLong, help: "The file to write (default: standard output).")
  var output: String?

  @OptionGroup var input: InputOptions

  func run() throws {
    let profile = try input.load(files)
    let name = files.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: " + ")
    _ = try ExportWriting.write(
      profile, as: to, name: name, theme: try ExportWriting.theme(theme), to: output)
  }
}

extension ExportWriting.Format: ExpressibleByArgument {}

/// Where a command writes: standard output, or a file created (or truncated) for it.
struct Destination {
  var output: StandardOutput
  private let descriptor: Int32?
  private let path: String?

  init(path: String?) throws {
    guard let path, path != "-" else {
      output = StandardOutput()
      descriptor = nil
      self.path = nil
      return
    }
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw UsageError(message: "cannot write \(path): \(String(cString: strerror(errno)))")
    }
    output = StandardOutput(descriptor: fd)
    descriptor = fd
    self.path = path
  }

  /// Writes out what is buffered and closes the file, reporting a failure of either.
  mutating func finish() throws {
    try output.flush()
    if let descriptor, close(descriptor) != 0, let path {
      throw UsageError(message: "cannot write \(path): \(String(cString: strerror(errno)))")
    }
  }
}
