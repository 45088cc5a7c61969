import Screen
import Testing

/// Snapshot key lists use tmux send-keys names.
@Suite struct KeyParsingTests {
  @Test func namesAndTypedText() {
    #expect(
      Key.parseList(
        "Enter Escape Tab BTab Up Down Left Right PageUp PageDown Home End BSpace Space")
        == [
          .enter, .escape, .tab, .backTab, .up, .down, .left, .right, .pageUp, .pageDown, .home,
          .end, .backspace, .character(" "),
        ])
    #expect(
      Key.parseList("F1 F12 C-a C-z") == [
        .function(1), .function(12), .control("a"), .control("z"),
      ])
    #expect(
      Key.parseList("/ ab Enter") == [.character("/"), .character("a"), .character("b"), .enter])
    #expect(Key.parseList("F13 C-ab") == "F13C-ab".unicodeScalars.map { Key.character($0) })
  }
}
