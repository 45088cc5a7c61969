import Foundation

/// Runs the built `flamewalk` binary (and python3) as a person would, capturing output.
enum CommandRunner {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures/pstats")

  /// The `flamewalk` executable built beside the test bundle.
  static let binary: URL = {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = directory.appendingPathComponent("flamewalk")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      directory = directory.deletingLastPathComponent()
    }
    return packageRoot.appendingPathComponent(".build/debug/flamewalk")
  }()

  static func run(
    _ executable: URL, _ arguments: [String], directory: URL? = nil,
    environment: [String: String]? = nil
  ) throws -> Result {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    // Files, not pipes: a large output can never block the child.
    let scratch = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout")
    let errURL = scratch.appendingPathComponent("stderr")
    for url in [outURL, errURL]
    where !FileManager.default.createFile(atPath: url.path, contents: nil) {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
    }
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    return Result(
      status: process.terminationStatus,
      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
  }

  static func flamewalk(_ arguments: String..., directory: URL? = nil) throws -> Result {
    try run(binary, arguments, directory: directory)
  }

  static func flamewalk(arguments: [String], directory: URL? = nil) throws -> Result {
    try run(binary, arguments, directory: directory)
  }

  /// The first executable named `name` on PATH, or nil when none is installed.
  static func executable(_ name: String) -> URL? {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
      .split(separator: ":")
    {
      let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
  }

  static let python3 = executable("python3")

  /// A headless-capable browser, where one is installed.
  static let chromium = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap {
    executable($0)
  }.first

  static func python(_ arguments: [String], directory: URL? = nil) throws -> Result {
    try run(python3!, arguments, directory: directory)
  }

  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("flamewalk-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

/// Compares report text as the spec says: from the second line (the first holds the file's
/// modification time), trailing whitespace ignored.
func reportBody(_ text: String) -> [String] {
  var lines = text.components(separatedBy: "\n").dropFirst().map { line -> String in
    var s = line
    while let last = s.last, last == " " || last == "\t" { s.removeLast() }
    return s
  }
  while lines.last == "" { lines.removeLast() }
  return lines
}
