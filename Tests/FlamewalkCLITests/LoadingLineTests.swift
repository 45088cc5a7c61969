import Foundation
import Testing

@testable import flamewalk

/// The loading line: a bar, percent, megabytes and rate for files of known size; the
/// megabytes read for a pipe; what to press to cancel; fitted to the terminal's width.
struct LoadingLineTests {
  @Test func aFileOfKnownSize() {
    let line = LoadingLine.text(
      name: "big.json", read: 30 << 20, total: 120 << 20, seconds: 2, width: 200, quitKey: true)
    #expect(
      line
        == "flamewalk: loading big.json  █████░░░░░░░░░░░░░░░   25%  30 of 120 MB  15 MB/s  q or Ctrl-C cancels"
    )
    let done = LoadingLine.text(
      name: "big.json", read: 120 << 20, total: 120 << 20, seconds: 3, width: 200, quitKey: false)
    #expect(done.contains("████████████████████  100%  120 of 120 MB  read; building the profile"))
    #expect(done.hasSuffix("  Ctrl-C cancels") && !done.contains("q or"))
  }

  @Test func aPipeAndANarrowTerminal() {
    let pipe = LoadingLine.text(
      name: "fifo", read: 5 << 20, total: 0, seconds: 0.5, width: 200, quitKey: true)
    #expect(pipe == "flamewalk: loading fifo  5 MB read  10 MB/s  q or Ctrl-C cancels")
    let narrow = LoadingLine.text(
      name: "big.json", read: 1, total: 2, seconds: 1, width: 30, quitKey: true)
    #expect(narrow.count == 30 && narrow.hasSuffix("…"))
  }
}
