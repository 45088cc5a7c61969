import Foundation
import ProfileFormats
import ProfileModel

/// Paths of the fixtures copied into Tests/Fixtures, found from this source file so that the
/// tests need nothing outside the repository.
public enum Fixtures {
  public static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  public static var pstats: URL { root.appendingPathComponent("pstats") }

  public static func path(_ relative: String) -> String {
    pstats.appendingPathComponent(relative).path
  }

  /// Every valid pstats fixture that comes with a `.expected.txt`, relative to `pstats/`.
  public static var expectedFiles: [String] {
    var result: [String] = []
    for folder in ["prof", "variants"] {
      let names =
        (try? FileManager.default.contentsOfDirectory(
          atPath: pstats.appendingPathComponent(folder).path)) ?? []
      for name in names.sorted() where name.hasSuffix(".expected.txt") {
        result.append(folder + "/" + String(name.dropLast(".expected.txt".count)))
      }
    }
    return result
  }

  /// A profile of folded stacks given as text.
  public static func folded(_ text: String) throws -> Profile {
    var bytes = Array(text.utf8)
    return try bytes.withUnsafeMutableBufferPointer { buffer in
      try FoldedImporter.decode(
        UnsafeBufferPointer(buffer), source: ProfileSource(path: "x", modified: nil))
    }
  }

  public static func bytes(_ relative: String) throws -> [UInt8] {
    Array(try Data(contentsOf: pstats.appendingPathComponent(relative)))
  }
}

/// One `NAME.expected.txt`: the pstats text and the raw dict as JSON (spec C.1).
public struct ExpectedFixture {
  public var text: [String]
  public var json: [String: Any]

  public init(_ name: String) throws {
    let content = try String(contentsOfFile: Fixtures.path(name + ".expected.txt"), encoding: .utf8)
    let parts = content.components(separatedBy: "\n=== raw dict as JSON ===\n")
    var lines = parts[0].components(separatedBy: "\n")
    let marker = lines.firstIndex { $0.hasPrefix("=== pstats.Stats") }!
    lines = Array(lines[(marker + 1)...])
    text = lines
    json = try JSONSerialization.jsonObject(with: Data(parts[1].utf8)) as! [String: Any]
  }

  /// Whether this Python's pstats could load the file (the text section holds its output).
  public var pstatsLoaded: Bool { !(text.first ?? "").hasPrefix("(this Python") }

  public var entries: [[String: Any]] { json["entries"] as! [[String: Any]] }
  public var derived: [String: Any]? { json["derived"] as? [String: Any] }
}

public func int64(_ value: Any?) -> Int64? { (value as? NSNumber)?.int64Value }

public func double(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

/// A JSON `_bits` field: 16 hex digits of an IEEE-754 double, or nil for ints.
public func bits(_ value: Any?) -> UInt64? { (value as? String).flatMap { UInt64($0, radix: 16) } }

/// Lines compared as the spec says: trailing whitespace ignored, trailing blank lines dropped.
public func normalizedLines<S: StringProtocol>(_ lines: [S]) -> [String] {
  var result = lines.map { line -> String in
    var s = String(line)
    while let last = s.last, last == " " || last == "\t" || last == "\r" { s.removeLast() }
    return s
  }
  while result.last == "" { result.removeLast() }
  return result
}

extension Fixtures {
  /// The format `ImporterRegistry` recognises `bytes` (a whole input, named `x`) as.
  public static func recognizedFormat(_ bytes: [UInt8]) throws -> InputFormat {
    try bytes.withUnsafeBufferPointer { buffer in
      try ImporterRegistry.recognize(buffer, isWholeInput: true, path: "x").format
    }
  }

  public static func recognizedFormat(_ text: String) throws -> InputFormat {
    try recognizedFormat(Array(text.utf8))
  }
}
