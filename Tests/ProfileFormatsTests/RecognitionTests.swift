import Foundation
import ProfileFormats
import ProfileModel
import TestSupport
import Testing

/// Which importer reads an input, and what flamewalk says of input none reads.
@Suite struct RecognitionTests {
  static func temporary(_ name: String, _ bytes: [UInt8]) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "fw-recognition-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }

  static func load(_ name: String, _ text: String) throws(InputError) -> Profile {
    let path: String
    do { path = try temporary(name, Array(text.utf8)) } catch {
      throw InputError(.unreadable, .none, "\(error)")
    }
    return try InputFormat.load([path], format: .auto)
  }

  static func error(_ name: String, _ bytes: [UInt8]) throws -> InputError {
    let path = try temporary(name, bytes)
    do {
      _ = try InputFormat.load([path], format: .auto)
    } catch {
      return error
    }
    Issue.record("\(name) was read")
    return InputError(.unreadable, .none, "")
  }

  /// Marshal data whose root is not a dict is a pstats schema (or depth) error, never
  /// "folded stacks" (the six fixtures that used to be called folded).
  @Test(arguments: [
    ("root_tuple", "schema"), ("root_int", "schema"), ("root_none", "schema"),
    ("root_str", "schema"), ("root_list", "schema"), ("deep_nesting_1999", "too-deep"),
    ("deep_nesting_3000", "too-deep"),
  ])
  func nonDictRootsArePstatsErrors(_ name: String, _ category: String) throws {
    do {
      _ = try InputFormat.load([Fixtures.path("malformed/\(name).prof")], format: .auto)
      Issue.record("\(name) was read")
    } catch {
      #expect(error.category.rawValue == category, "\(error)")
    }
  }

  /// Folded files whose first frame starts with `{` or `[` are folded, a byte-order mark is
  /// not a frame, and an extension breaks a tie.
  @Test func foldedFilesThatLookLikeOtherThings() throws {
    let builtin = try Self.load("a.txt", "{built-in method time.sleep} 3\nmain;{built-in f} 1\n")
    #expect(builtin.kind == .stacks)
    #expect(builtin.graph.name(of: 0).name == "{built-in method time.sleep}")
    let unknown = try Self.load("b", "[unknown];main 2\n")
    #expect(unknown.kind == .stacks)
    let bom = try Self.load("c.folded", "\u{FEFF}main;work 2\nmain 1\n")
    var tree = CallTreeBuilder.tree(for: bom)
    #expect(tree.expand(tree.top).count == 1)
    #expect(tree.name(tree.children(tree.top).first!)?.name == "main")
    // `{(` opens a marshal dict and a tuple, and is also a folded line: the extension decides.
    let both = try Self.load("d.folded", "{(a;b 3\n")
    #expect(both.kind == .stacks)
  }

  @Test func unclaimedInputSaysWhatItLooksLike() throws {
    let cases: [(String, [UInt8], String)] = [
      ("x.gz", [0x1F, 0x8B, 8, 0, 0, 0, 0, 0], "gzip data"),
      ("x.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG image"),
      ("x.zip", [0x50, 0x4B, 3, 4, 0, 0], "a ZIP archive"),
      ("x", [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1], "an ELF executable"),
      ("x.pkl", [0x80, 4, 0x95, 0, 0], "Python pickle data"),
      ("app.py", Array("import os\n\ndef main():\n    pass\n".utf8), "Python source"),
      ("t.json", Array("{\"metadata\": {}, \"events\": [1, 2]}".utf8), "JSON of a kind"),
      ("cr.txt", Array("a;b 3\rc;d 4\r".utf8), "CR-only line ends"),
      ("empty", [], "an empty file"),
      ("zeros", [UInt8](repeating: 0, count: 100), "all zero bytes"),
      ("notes.txt", Array("hello world\nmore\n".utf8), "without a sample count"),
    ]
    for (name, bytes, looks) in cases {
      let error = try Self.error(name, bytes)
      #expect(error.category == .unsupported, "\(name): \(error)")
      #expect(error.description.contains("it looks like"), "\(name): \(error)")
      #expect(error.description.contains(looks), "\(name): \(error)")
      #expect(error.description.contains("flamewalk reads pstats"), "\(name): \(error)")
      #expect(error.path?.hasSuffix(name) == true)
      #expect(!error.description.contains("\n"))
    }
  }

  /// A caller graph and stacks do not merge, and the message names both files.
  @Test func mixedFormatsNameTheFiles() throws {
    let folded = try Self.temporary("s.folded", Array("a;b 1\n".utf8))
    let pstats = Fixtures.path("prof/mutual.prof")
    do {
      _ = try InputFormat.load([pstats, folded], format: .auto)
      Issue.record("mixed formats merged")
    } catch {
      #expect(error.message.contains("\(pstats) is pstats, \(folded) is folded"), "\(error)")
      #expect(error.message.contains("caller graph"), "\(error)")
    }
  }

  /// Every importer's recognizer on every prefix of a fixture of its format: never "no"
  /// (the format is only ever decided by more bytes), and "yes" on the whole file.
  @Test func recognizersAgreeOnPrefixes() throws {
    let pstats = try Fixtures.bytes("prof/mutual.prof")
    let folded = Array("# py-spy\nmain;work (a.py:3) 5\nmain 1\n".utf8)
    for (bytes, importer) in [
      (pstats, PstatsImporter.self as any ProfileImporter.Type),
      (folded, FoldedImporter.self as any ProfileImporter.Type),
    ] {
      try bytes.withUnsafeBufferPointer { whole in
        for length in 1..<min(whole.count, 64) {
          let prefix = UnsafeBufferPointer(rebasing: whole[..<length])
          #expect(importer.recognize(prefix, isWholeInput: false) != .no, "\(importer) \(length)")
        }
        #expect(importer.recognize(whole, isWholeInput: true) == .yes)
        let other: any ProfileImporter.Type =
          importer == PstatsImporter.self ? FoldedImporter.self : PstatsImporter.self
        #expect(other.recognize(whole, isWholeInput: true) == .no)
        _ = try #require(whole.baseAddress)
      }
    }
  }
}
