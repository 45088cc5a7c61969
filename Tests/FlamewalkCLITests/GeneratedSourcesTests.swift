import Foundation
import Testing

/// The Swift sources that hold data are what `scripts/generate_sources.py` makes from the
/// files beside them (the themes, the demo profile), and the demo names no directory of the
/// machine that recorded it.
struct GeneratedSourcesTests {
  @Test(.enabled(if: CommandRunner.python3 != nil, "python3 is not installed"))
  func generatedSourcesMatchTheirInputs() throws {
    let script = CommandRunner.packageRoot.appendingPathComponent("scripts/generate_sources.py")
    let check = try CommandRunner.python([script.path, "--check"])
    #expect(check.status == 0, "\(check.stderr)")
  }

  @Test func theDemoNamesNoMachineDirectory() throws {
    let shown = try CommandRunner.flamewalk(
      "snapshot", "--view", "tree", "--keys", "E", "--size", "300x300")
    #expect(shown.status == 0, "\(shown.stderr)")
    for marker in ["/root/", "/home/", ".pyenv", "/Users/"] {
      #expect(!shown.stdout.contains(marker), "the demo names \(marker)")
    }
    #expect(shown.stdout.contains("/usr/lib/python3.11/json/decoder.py"), "\(shown.stdout)")
    #expect(shown.stdout.contains("checksum  demo_program.py:13"))
  }
}
