import Foundation
import Testing

/// `flamewalk tree` against the reference oracle on profiles the machine's python3 makes,
/// and its text, gaps and error behaviour.
@Suite struct TreeCommandTests {
  static let oracle = CommandRunner.packageRoot.appendingPathComponent(
    "Tests/Fixtures/oracle/calltree_ref.py")

  /// Compares two trees in the oracle's JSON schema: same nodes, numbers within 1e-9.
  static func differences(_ a: Any, _ b: Any, path: String = "top") -> [String] {
    guard let x = a as? [String: Any], let y = b as? [String: Any] else {
      return ["\(path): not a node"]
    }
    var issues: [String] = []
    for key in ["kind", "exact"] where "\(x[key]!)" != "\(y[key]!)" {
      issues.append("\(path): \(key) \(x[key]!) != \(y[key]!)")
    }
    if "\(x["func"] ?? "nil")" != "\(y["func"] ?? "nil")" { issues.append("\(path): func") }
    if (x["flags"] as? [String]) != (y["flags"] as? [String]) { issues.append("\(path): flags") }
    for key in ["total", "self", "lo", "hi"] {
      let p = (x[key] as? NSNumber)?.doubleValue
      let q = (y[key] as? NSNumber)?.doubleValue
      if let p, let q {
        if abs(p - q) > 1e-9 * max(1, abs(p), abs(q)) {
          issues.append("\(path): \(key) \(p) != \(q)")
        }
      } else if (p == nil) != (q == nil) {
        issues.append("\(path): \(key) missing")
      }
    }
    let xc = x["children"] as! [Any]
    let yc = y["children"] as! [Any]
    guard xc.count == yc.count else {
      return issues + ["\(path): \(xc.count) != \(yc.count) children"]
    }
    for (i, (p, q)) in zip(xc, yc).enumerated() {
      issues += differences(p, q, path: path + "/\(i)")
    }
    return issues
  }

  @Test(.enabled(if: CommandRunner.python3 != nil, "python3 is not installed"))
  func realProfilesMatchTheOracle() throws {
    let directory = try CommandRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try PythonComparisonTests.program.write(
      to: directory.appendingPathComponent("app.py"), atomically: true, encoding: .utf8)
    for (output, module) in [("c.prof", "cProfile"), ("p.prof", "profile")] {
      let made = try CommandRunner.python(
        ["-m", module, "-o", output, "app.py"], directory: directory)
      try #require(made.status == 0, "\(made.stderr)")
      for fraction in ["0.001", "0.0001", "0.02"] {
        let reference = try CommandRunner.python(
          [Self.oracle.path, output, "--json", "--min-fraction", fraction], directory: directory)
        try #require(reference.status == 0, "\(reference.stderr)")
        let percent = String(Double(fraction)! * 100)
        let ours = try CommandRunner.flamewalk(
          "tree", output, "--format", "json", "--min-percent", percent, directory: directory)
        #expect(ours.status == 0, "\(ours.stderr)")
        let a = try JSONSerialization.jsonObject(with: Data(ours.stdout.utf8))
        let b = try JSONSerialization.jsonObject(with: Data(reference.stdout.utf8))
        let issues = Self.differences(a, b)
        #expect(issues.isEmpty, "\(module) at \(fraction): \(issues.prefix(5))")
      }
    }
  }

  @Test func textTreeAndGaps() throws {
    let path = CommandRunner.fixtures.appendingPathComponent(
      "variants/worked_example.synthetic.prof"
    ).path
    let text = try CommandRunner.flamewalk("tree", path)
    #expect(text.status == 0)
    #expect(text.stdout.contains("estimated from the caller graph"))
    #expect(text.stdout.contains("h  example.py:23  [est. 0.000 s .. 4.000 s]"))
    let gaps = try CommandRunner.flamewalk("tree", path, "--gaps")
    #expect(gaps.status == 0)
    #expect(gaps.stdout.contains("path: main › p1 › f"))
    let json = try CommandRunner.flamewalk("tree", path, "--gaps", "--format", "json")
    let list = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [[String: Any]]
    #expect(!list.isEmpty)
  }

  @Test func focusAndInverted() throws {
    let path = CommandRunner.fixtures.appendingPathComponent("prof/two_callers.prof").path
    let focused = try CommandRunner.flamewalk("tree", path, "--focus", "work")
    #expect(focused.stdout.split(separator: "\n")[2].contains("work"))
    let inverted = try CommandRunner.flamewalk("tree", path, "--focus", "leaf", "--inverted")
    #expect(inverted.status == 0)
    #expect(inverted.stdout.contains("work"))
    let missing = try CommandRunner.flamewalk("tree", path, "--inverted")
    #expect(missing.status == 1)
  }

  @Test func foldedInputIsSniffed() throws {
    let directory = try CommandRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("stacks.txt")
    try "main (a.py:1);work (a.py:5) 7\nmain (a.py:1) 3\n".write(
      to: file, atomically: true, encoding: .utf8)
    let result = try CommandRunner.flamewalk("tree", file.path)
    #expect(result.status == 0)
    #expect(result.stdout.contains("work  a.py:5"))
    let bad = directory.appendingPathComponent("bad.txt")
    try "main 3\nmain three\n".write(to: bad, atomically: true, encoding: .utf8)
    let failed = try CommandRunner.flamewalk("tree", bad.path)
    #expect(failed.status == 2)
    #expect(failed.stderr.contains("bad.txt: line 2: "))
  }
}
