import Foundation
import ProfileModel
import Testing

@testable import ProfileFormats

/// The simdjson-backed reader every JSON format but Chrome traces goes through: random
/// documents read back equal to what `JSONSerialization` reads, and broken ones fail with
/// the byte offset of the problem.
struct JSONDocumentTests {
  /// A JSON value as plain Swift, for comparing two readers.
  indirect enum Value: Equatable {
    case object([(String, Value)])
    case array([Value])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    static func == (a: Value, b: Value) -> Bool {
      switch (a, b) {
      case (.object(let x), .object(let y)):
        x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
      case (.array(let x), .array(let y)): x == y
      case (.string(let x), .string(let y)): x == y
      case (.number(let x), .number(let y)): x == y
      case (.bool(let x), .bool(let y)): x == y
      case (.null, .null): true
      default: false
      }
    }
  }

  static func random(_ random: inout SplitMix64, depth: Int) -> Value {
    let strings = ["", "a", "name", "é😀", "tab\there", "quote\"back\\slash", "\u{1}ctl", "[self]"]
    switch random.next() % (depth > 5 ? 4 : 6) {
    case 0: return .string(strings[Int(random.next() % UInt64(strings.count))])
    case 1:
      let choices: [Double] = [0, -1, 42, 1e-7, 123456.789, -2.5e300, 9_007_199_254_740_992]
      return .number(choices[Int(random.next() % UInt64(choices.count))])
    case 2: return random.next() % 2 == 0 ? .bool(random.next() % 2 == 0) : .null
    case 3: return .number(Double(Int64(bitPattern: random.next()) >> 20))
    case 4:
      return .array(
        (0..<Int(random.next() % 5)).map { _ in Self.random(&random, depth: depth + 1) })
    default:
      return .object(
        (0..<Int(random.next() % 5)).map { i in
          (
            "k\(i)" + strings[Int(random.next() % UInt64(strings.count))],
            Self.random(&random, depth: depth + 1)
          )
        })
    }
  }

  /// Writes `value` as JSON text.
  static func text(_ value: Value) -> String {
    switch value {
    case .object(let members):
      return "{" + members.map { quoted($0.0) + ": " + text($0.1) }.joined(separator: ", ") + "}"
    case .array(let elements): return "[" + elements.map(text).joined(separator: ",") + "]"
    case .string(let s): return quoted(s)
    case .number(let x): return x == x.rounded() && abs(x) < 1e15 ? "\(Int64(x))" : "\(x)"
    case .bool(let b): return b ? "true" : "false"
    case .null: return "null"
    }
  }

  static func quoted(_ s: String) -> String {
    let data = try! JSONSerialization.data(withJSONObject: [s], options: [.fragmentsAllowed])
    return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
  }

  /// Reads value `i` of `json` back into a `Value`.
  static func read(_ json: JSONDocument, _ i: Int) -> Value {
    switch json.kind(i) {
    case .object:
      var members: [(String, Value)] = []
      var j = i + 1
      while j < json.after(i) - 1 {
        members.append((json.string(j)!, read(json, j + 1)))
        j = json.after(j + 1)
      }
      return .object(members)
    case .array: return .array(json.elements(of: i).map { read(json, $0) })
    case .string: return .string(json.string(i)!)
    case .number: return .number(json.number(i)!)
    case .bool: return .bool(json.boolean(i)!)
    case .null: return .null
    }
  }

  static func parse(_ text: String) throws(InputError) -> JSONDocument {
    var bytes = Array(text.utf8)
    return try bytes.withUnsafeMutableBufferPointer { buffer throws(InputError) in
      try JSONDocument(UnsafeBufferPointer(buffer))
    }
  }

  @Test func randomDocumentsReadBackAsWritten() throws {
    var random = SplitMix64(seed: 11)
    for _ in 0..<3_000 {
      let value = Self.random(&random, depth: 0)
      let json = try Self.parse(Self.text(value))
      #expect(Self.read(json, json.root) == value, "\(Self.text(value))")
      // The independent reader agrees on the text.
      _ = try JSONSerialization.jsonObject(
        with: Data(Self.text(value).utf8), options: [.fragmentsAllowed])
    }
  }

  @Test func membersArrayCountsAndIntegers() throws {
    let json = try Self.parse(
      #"{"a\"b": 1, "list": [1, 2.0, 3.5, -4, 18446744073709551615], "nested": {"x": null}}"#)
    #expect(json.number(json.member(json.root, "a\"b")) == 1)
    let list = try #require(json.member(json.root, "list"))
    #expect(json.count(of: list) == 5)
    #expect(json.elements(of: list).map { json.integer($0) } == [1, 2, nil, -4, nil])
    #expect(json.member(json.root, "missing") == nil)
    #expect(json.member(list, "a") == nil)
    #expect(json.kind(json.member(json.member(json.root, "nested")!, "x")!) == .null)
  }

  @Test func nestingIsLimitedOnlyByTheInput() throws {
    let depth = 100_000
    let json = try Self.parse(
      String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
    var i = json.root
    var levels = 0
    while let inner = json.elements(of: i).first(where: { _ in true }) {
      i = inner
      levels += 1
    }
    #expect(levels == depth - 1)
  }

  @Test(arguments: [
    ("{\"a\": [1,2,3}", 12, "a comma, colon, brace or bracket"),
    ("{\"a\": tru}", 6, "an unexpected character"),
    ("[1, 2, 1e999]", 7, "a number is malformed"),
    ("[\"abc", 1, "a string is not closed"),
    ("[\"a\u{1}\"]", 3, "a control character inside a string"),
    ("\u{FEFF}[\"ok\", \"a\\q\"]", 10, "a string has a bad escape"),
    ("", -1, "the document is empty"),
  ])
  func errorsSayWhereAndWhat(_ text: String, _ offset: Int, _ message: String) {
    do {
      _ = try Self.parse(text)
      Issue.record("read: \(text)")
    } catch {
      #expect(error.location == (offset >= 0 ? .offset(offset) : .none), "\(text)")
      #expect(error.description.contains(message), "\(error)")
    }
  }

  @Test func invalidUTF8IsFoundAtItsByte() {
    var bytes = Array("[\"abc".utf8) + [0xC3, 0x28] + Array("\"]".utf8)
    do {
      _ = try bytes.withUnsafeMutableBufferPointer { buffer throws(InputError) in
        try JSONDocument(UnsafeBufferPointer(buffer))
      }
      Issue.record("read invalid UTF-8")
    } catch {
      #expect(error.location == .offset(5))
    }
  }
}
