import Foundation
import Testing

/// `flamewalk convert` as a person runs it: files written, read back by flamewalk to the same
/// totals, failures in one line.
struct ConvertCommandTests {
  static func topTotal(_ json: String) throws -> Double {
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    return object["total"] as! Double
  }

  @Test(arguments: ["folded", "speedscope"])
  func convertedFilesReadBackWithTheSameTotal(_ target: String) throws {
    let scratch = try CommandRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let input = CommandRunner.fixtures.appendingPathComponent("prof/recursion.prof").path
    let output = scratch.appendingPathComponent("out.\(target)").path
    let converted = try CommandRunner.flamewalk("convert", input, "--to", target, "-o", output)
    #expect(converted.status == 0 && converted.stderr.isEmpty, "\(converted.stderr)")
    let text = try String(contentsOfFile: output, encoding: .utf8)
    #expect(
      target == "folded"
        ? text.hasPrefix("# estimated from a call graph")
        : text.contains("(estimated from a call graph)"))
    let original = try CommandRunner.flamewalk("tree", input, "--format", "json")
    let reread = try CommandRunner.flamewalk("tree", output, "--format", "json")
    #expect(reread.status == 0, "\(reread.stderr)")
    let a = try Self.topTotal(original.stdout)
    let b = try Self.topTotal(reread.stdout)
    #expect(abs(a - b) <= 1e-9 * a)
  }

  /// A py-spy recording written as pstats: Python's own pstats reads it, its total is the
  /// recording's, and flamewalk prints the same table; folded stacks (samples) are refused.
  @Test(.enabled(if: CommandRunner.python3 != nil, "python3 is not installed"))
  func pstatsFilesPythonReads() throws {
    let scratch = try CommandRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let root = CommandRunner.packageRoot.appendingPathComponent("Tests/Fixtures")
    let input = root.appendingPathComponent("diff/after.py-spy.json").path
    let output = scratch.appendingPathComponent("out.prof").path
    let converted = try CommandRunner.flamewalk("convert", input, "--to", "pstats", "-o", output)
    #expect(converted.status == 0, "\(converted.stderr)")
    let python = try CommandRunner.python([
      "-c",
      "import pstats, sys; s = pstats.Stats(sys.argv[1]); "
        + "print(len(s.stats), round(s.total_tt, 6))", output,
    ])
    #expect(python.status == 0, "\(python.stderr)")
    // The own times add up to the recording's frames' own times (samples with no frame at
    // all belong to no function, so a pstats file has no place for them).
    let tree = try CommandRunner.flamewalk("tree", input, "--format", "json")
    let top = try JSONSerialization.jsonObject(with: Data(tree.stdout.utf8)) as! [String: Any]
    var own = 0.0
    var pending = top["children"] as? [[String: Any]] ?? []
    while let node = pending.popLast() {
      own += node["self"] as? Double ?? 0
      pending += node["children"] as? [[String: Any]] ?? []
    }
    let fields = python.stdout.split(separator: " ")
    #expect(fields.first == "41", "\(python.stdout)")
    let totalTT = Double(fields.last!.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    #expect(abs(totalTT - own) < 1e-6, "\(python.stdout) vs \(own)")
    let printed = try CommandRunner.flamewalk("print", output)
    let reference = try CommandRunner.python([
      "-c", "import pstats, sys; pstats.Stats(sys.argv[1]).sort_stats('cumulative').print_stats()",
      output,
    ])
    #expect(printed.stdout == reference.stdout)
    let folded = root.appendingPathComponent("folded/deep_recursion.folded").path
    let refused = try CommandRunner.flamewalk("convert", folded, "--to", "pstats")
    #expect(refused.status != 0 && refused.stderr.contains("pstats files hold seconds"))
    #expect(refused.stderr.split(separator: "\n").count == 1)
  }

  @Test func standardOutputByDefaultAndOneLineOnFailure() throws {
    let input = CommandRunner.packageRoot.appendingPathComponent(
      "Tests/Fixtures/folded/deep_recursion.folded"
    ).path
    let folded = try CommandRunner.flamewalk("convert", input, "--to", "folded")
    #expect(folded.status == 0)
    let original = try String(contentsOfFile: input, encoding: .utf8)
    // Folded in, folded out: the same total count.
    func count(_ text: String) -> Double {
      text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap {
        Double($0.split(separator: " ").last ?? "")
      }.reduce(0, +)
    }
    #expect(count(folded.stdout) == count(original))
    let failed = try CommandRunner.flamewalk(
      "convert", input, "--to", "speedscope", "-o", "/nonexistent-dir/x.json")
    #expect(failed.status == 1)
    #expect(failed.stderr.split(separator: "\n").count == 1)
    #expect(failed.stderr.contains("cannot write /nonexistent-dir/x.json"))
  }
}

/// `convert --to svg`: a well-formed SVG whose script zooms, resets and searches (run under
/// node against a stand-in DOM, `Tests/Fixtures/svg-check.js`, where node is installed; no
/// browser is needed).
@Suite(.enabled(if: CommandRunner.python3 != nil, "python3 is not installed"))
struct SVGExportTests {
  static let node = CommandRunner.executable("node")

  @Test func theFlameGraphZoomsAndSearches() throws {
    let scratch = try CommandRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let input = CommandRunner.packageRoot.appendingPathComponent("Tests/Fixtures/diff/after.prof")
      .path
    let svg = scratch.appendingPathComponent("after.svg").path
    let converted = try CommandRunner.flamewalk("convert", input, "--to", "svg", "-o", svg)
    #expect(converted.status == 0, "\(converted.stderr)")
    let parsed = try CommandRunner.python([
      "-c",
      "import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); "
        + "print(sum(g.getAttribute('class') == 'f' for g in d.getElementsByTagName('g')))", svg,
    ])
    #expect(parsed.status == 0, "\(parsed.stderr)")
    #expect((Int(parsed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) >= 8)
    // checksum's share of the run, from the tree the SVG was laid out from.
    let tree = try CommandRunner.flamewalk("tree", input, "--format", "json")
    let top = try JSONSerialization.jsonObject(with: Data(tree.stdout.utf8)) as! [String: Any]
    var pending = [top]
    var share = 0.0
    while let node = pending.popLast() {
      if let function = node["func"] as? [Any], function.last as? String == "checksum" {
        share += (node["total"] as! Double) / (top["total"] as! Double) * 100
      }
      pending += node["children"] as? [[String: Any]] ?? []
    }
    guard let node = Self.node else { return }
    let check = try CommandRunner.run(
      node,
      [
        CommandRunner.packageRoot.appendingPathComponent("Tests/Fixtures/svg-check.js").path, svg,
        "checksum", "^check",
      ])
    #expect(check.status == 0, "\(check.stderr)")
    let result = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as! [String: Any]
    let zoomed = result["zoomed"] as! [String: Any]
    #expect(zoomed["target"] as? Double == 1200)
    #expect((zoomed["hidden"] as? Int ?? 0) > 0)
    #expect((zoomed["dimmed"] as? [String])?.last == "main")
    #expect(result["restored"] as? Bool == true)
    #expect(result["matched"] as? String == String(format: "Matched: %.1f%%", share))
  }
}

/// The SVG in a real browser: headless chromium (where installed — CI installs it when it
/// can) loads a copy with `Tests/Fixtures/svg-browser-check.js` injected, which zooms into
/// a frame, resets and searches; `--dump-dom` hands back what happened.
@Suite(
  .enabled(
    if: CommandRunner.chromium != nil,
    "chromium is not installed (apt-get install -y chromium): the SVG's browser check is skipped"
  ))
struct SVGBrowserTests {
  /// Runs `svg` in the browser with the check injected; the check's JSON result.
  static func check(_ svg: String, frame: String, pattern: String) throws -> [String: Any] {
    let scratch = try CommandRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let script = try String(
      contentsOf: CommandRunner.packageRoot.appendingPathComponent(
        "Tests/Fixtures/svg-browser-check.js"), encoding: .utf8)
    func literal(_ s: String) -> String {
      String(data: try! JSONSerialization.data(withJSONObject: [s]), encoding: .utf8)!
        .dropFirst().dropLast().description
    }
    let injected =
      "<script><![CDATA[\nvar FRAME = \(literal(frame)), PATTERN = \(literal(pattern));\n"
      + script + "\n]]></script>\n</svg>"
    let text = try String(contentsOfFile: svg, encoding: .utf8)
    let page = scratch.appendingPathComponent("check.svg")
    try text.replacingOccurrences(of: "</svg>", with: injected).write(
      to: page, atomically: true, encoding: .utf8)
    let run = try CommandRunner.run(
      CommandRunner.chromium!,
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--user-data-dir=" + scratch.appendingPathComponent("profile").path,
        "--virtual-time-budget=5000", "--dump-dom", page.absoluteString,
      ])
    let dom = run.stdout
    guard let start = dom.range(of: "<text id=\"result\">"),
      let end = dom.range(of: "</text>", range: start.upperBound..<dom.endIndex)
    else {
      Issue.record(
        "no result in the browser's DOM (status \(run.status)): \(run.stderr.suffix(2000))")
      return [:]
    }
    let json = String(dom[start.upperBound..<end.lowerBound])
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
      .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    return try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
  }

  @Test(arguments: ["convert", "diff"])
  func zoomResetAndSearchWork(_ command: String) throws {
    let scratch = try CommandRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let fixtures = CommandRunner.packageRoot.appendingPathComponent("Tests/Fixtures/diff")
    let svg = scratch.appendingPathComponent("flame.svg").path
    let made =
      command == "convert"
      ? try CommandRunner.flamewalk(
        "convert", fixtures.appendingPathComponent("after.prof").path, "--to", "svg", "-o", svg)
      : try CommandRunner.flamewalk(
        "diff", fixtures.appendingPathComponent("before.prof").path,
        fixtures.appendingPathComponent("after.prof").path, "--to", "svg", "-o", svg)
    #expect(made.status == 0, "\(made.stderr)")
    let result = try Self.check(svg, frame: "checksum", pattern: "^check")
    #expect((result["frames"] as? Int ?? 0) >= 8, "\(result)")
    let zoomed = try #require(result["zoomed"] as? [String: Any], "\(result)")
    #expect(zoomed["target"] as? Double == 1200, "\(result)")
    #expect((zoomed["hidden"] as? Int ?? 0) > 0, "\(result)")
    #expect(zoomed["reset"] as? String == "visible", "\(result)")
    #expect(result["restored"] as? Bool == true, "\(result)")
    let matched = result["matched"] as? String ?? ""
    #expect(matched.hasPrefix("Matched: ") && matched != "Matched: 0.0%", "\(result)")
  }
}
