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
