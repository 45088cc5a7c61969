import Foundation
import ProfileFormats
import ProfileModel
import TestSupport
import Testing

/// `perf script` output from perf 6.1, against an independent reading of the text: each
/// sample's period summed per command and per leaf symbol.
@Suite struct PerfScriptImporterTests {
  static func url(_ name: String) -> URL { Fixtures.root.appendingPathComponent("perf/\(name)") }

  /// Σ period (ns) per command, and the leaf symbol of each sample, read with a regular
  /// expression over header lines (a different route from the importer's token reading).
  static func expected(_ name: String) throws -> (byCommand: [String: Double], samples: Int) {
    let text = try String(contentsOf: url(name), encoding: .utf8)
    let header = try NSRegularExpression(
      pattern: #"^\s*(.+?)\s+\d+(?:/\d+)?\s+(?:\[\d+\]\s+)?\d+\.\d+:\s+(\d+)\s+cpu-clock"#,
      options: .anchorsMatchLines)
    var byCommand: [String: Double] = [:]
    var samples = 0
    for match in header.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
      let command = String(text[Range(match.range(at: 1), in: text)!])
      let period = Double(text[Range(match.range(at: 2), in: text)!])!
      byCommand[command, default: 0] += period
      samples += 1
    }
    return (byCommand, samples)
  }

  @Test(arguments: ["busy.perf.txt", "flat.perf.txt"])
  func periodsPerCommandMatch(_ name: String) throws {
    let profile = try InputFormat.load([Self.url(name).path], format: .auto)
    #expect(profile.weightUnit == .seconds)
    let (byCommand, samples) = try Self.expected(name)
    #expect(samples > 100)
    var tree = CallTreeBuilder.tree(for: profile)
    var ours: [String: Double] = [:]
    for root in tree.expand(tree.top) {
      ours[tree.name(root)!.name, default: 0] += tree.total[root]
    }
    #expect(Set(ours.keys) == Set(byCommand.keys))
    for (command, period) in byCommand {
      #expect(abs((ours[command] ?? 0) - period * 1e-9) < 1e-12, "\(command)")
    }
  }

  /// Offsets are dropped, `[unknown]` takes its library's name, the leaf is last.
  @Test func framesAreReadAsTheCollapsersRead() throws {
    let text = """
      # header comment
      busy prog 8692/8693 [001]  5219.831237:    1001001 cpu-clock:pppH: 
      \t          118c inner+0x43 (/path/busy)
      \t          7f00 [unknown] (/usr/lib/libc.so.6)
      \t          11a0 main+0x10 (/path/busy)

      busy prog 8692  5219.832237:    1001001 cycles: 
      \t          118c inner+0x43 (/path/busy)

      """
    let profile = try Array(text.utf8).withUnsafeBufferPointer { buffer in
      try PerfScriptImporter.decode(buffer, source: ProfileSource(path: "p", modified: nil))
    }
    #expect(profile.warnings.map(\.kind) == [.skippedProfiles])
    var tree = CallTreeBuilder.tree(for: profile)
    tree.expandAll(below: tree.top)
    let leaf = try #require((0..<tree.count).first { tree.name($0)?.name == "inner" })
    let path = tree.path(to: leaf).compactMap { tree.name($0)?.name }
    #expect(path == ["busy prog", "main", "[libc.so.6]", "inner"])
    #expect(abs(tree.total[tree.top] - 1001001e-9) < 1e-15)
  }

  /// Without callchains perf right-aligns the command, so a header line is indented like a
  /// frame; a command that reads as hex (`cafe`) must still start a sample.
  @Test func indentedHeadersAreHeaders() throws {
    let text = [
      "            cafe 12  1.000001:    1000 cpu-clock:      7f00 work+0x1 (/bin/cafe)",
      "            cafe 12  1.000002:    1000 cpu-clock:      7f00 work+0x1 (/bin/cafe)",
      "            beef 13  1.000003:    3000 cpu-clock:      7f10 rest+0x2 (/bin/beef)", "",
    ].joined(separator: "\n")
    let profile = try Array(text.utf8).withUnsafeBufferPointer { buffer in
      try PerfScriptImporter.decode(buffer, source: ProfileSource(path: "p", modified: nil))
    }
    var tree = CallTreeBuilder.tree(for: profile)
    let roots = tree.expand(tree.top).map { (tree.name($0)!.name, tree.total[$0]) }
    #expect(roots.map(\.0) == ["beef", "cafe"])
    #expect(abs(roots[1].1 - 2000e-9) < 1e-15)
  }

  @Test func garbageBetweenSamplesIsAnError() {
    let text = "busy 1 1.5: 10 cpu-clock: \n\t 11 f+0x1 (/x)\nthis is not perf\n"
    #expect(throws: InputError.self) {
      try Array(text.utf8).withUnsafeBufferPointer { buffer in
        _ = try PerfScriptImporter.decode(buffer, source: ProfileSource(path: "p", modified: nil))
      }
    }
  }
}
