import Explorer
import Foundation
import Testing

/// Themes: the compiled-in texts equal the files in `themes/`, every built-in theme reads,
/// and a bad theme file is a clear error.
@Suite struct ThemeTests {
  static let themes = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("themes")

  @Test(arguments: Theme.builtinNames)
  func builtinThemeMatchesItsFile(_ name: String) throws {
    let file = try Theme.load(Self.themes.appendingPathComponent("\(name).toml").path)
    let builtin = try #require(Theme.builtin(name))
    #expect(file.name == name)
    for role in StyleRole.allCases { #expect(file.style(role) == builtin.style(role)) }
    #expect(file.framePalette == builtin.framePalette)
    #expect(!builtin.framePalette.isEmpty)
    #expect(builtin.styles.count == StyleRole.allCases.count)
  }

  @Test func monoHasNoColours() throws {
    let mono = try #require(Theme.builtin("mono"))
    for role in StyleRole.allCases {
      #expect(mono.style(role).foreground == .terminalDefault)
      #expect(mono.style(role).background == .terminalDefault)
    }
    #expect(!mono.style(.selected).reverse && mono.style(.selected).bold)
    #expect(mono.framePalette.allSatisfy { $0.reverse })
  }

  @Test func framesOfOnePackageShareAColour() {
    let theme = Theme.standard
    #expect(theme.frameStyle(forKey: "json") == theme.frameStyle(forKey: "json"))
    let styles = Set(["json", "re", "app", "docutils", "numpy", "sympy"].map(theme.frameStyle))
    #expect(styles.count > 1)
  }

  @Test(arguments: [
    ("name = \"x\"\n[styles.selected]\nfg = \"chartreuse\"\n", "unknown colour 'chartreuse'"),
    ("[styles.selected]\nfg = 300\n", "not in 0–255"),
    ("[styles.nope]\nfg = 1\n", "unknown style 'nope'"),
    ("[styles.selected]\nblink = true\n", "unknown attribute 'blink'"),
    ("[styles.selected\nfg = 1\n", "line 1"),
    ("colour = 3\n", "unknown key 'colour'"),
    ("[frames]\npalette = 3\n", "frames.palette must be a list"),
  ])
  func badThemesAreClearErrors(_ text: String, _ expected: String) {
    do {
      _ = try Theme.parse(text, source: "theme bad.toml")
      Issue.record("accepted: \(text)")
    } catch {
      #expect("\(error)".contains("theme bad.toml"))
      #expect("\(error)".contains(expected), "\(error)")
    }
  }

  @Test func hexColoursMapToThePalette() throws {
    let theme = try Theme.parse(
      "[styles.gap]\nbg = \"#ff0000\"\nfg = \"#808080\"\n", source: "t")
    #expect(theme.style(.gap).background == .indexed(196))
    #expect(theme.style(.gap).foreground == .indexed(244))
  }

  @Test func missingThemeFileIsAnError() {
    #expect(throws: ThemeError.self) { _ = try Theme.load("/nonexistent/theme.toml") }
  }
}
