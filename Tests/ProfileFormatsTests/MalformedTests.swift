import Foundation
import ProfileFormats
import ProfileModel
import TestSupport
import Testing

/// Every malformed fixture is rejected with the category its manifest expects (or accepted
/// with the expected warning), by a decoder that never crashes or hangs.
@Suite struct MalformedTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var file: String
    var expect: String
    var testDescription: String { name }
  }

  static let cases: [Case] = {
    let data = try! Data(
      contentsOf: Fixtures.pstats.appendingPathComponent("malformed/MANIFEST.json"))
    let list = try! JSONSerialization.jsonObject(with: data) as! [[String: Any]]
    return list.map {
      Case(
        name: $0["name"] as! String, file: $0["file"] as! String, expect: $0["expect"] as! String)
    }
  }()

  @Test func manifestIsPresent() {
    #expect(Self.cases.count >= 50)
  }

  @Test(arguments: cases)
  func expectedOutcome(_ item: Case) throws {
    let bytes = try Fixtures.bytes("malformed/" + item.file)
    let source = ProfileSource(path: item.file, modified: nil)
    if item.expect.hasPrefix("reject:") {
      let allowed = item.expect.dropFirst("reject:".count).split(separator: "|").map(String.init)
      do {
        _ = try PstatsImporter.decode(bytes, source: source)
        Issue.record("\(item.name) was accepted; expected \(item.expect)")
      } catch {
        #expect(allowed.contains(error.category.rawValue), "\(item.name): got \(error)")
        #expect(!error.description.contains("\n"))
        if case .offset(let offset) = error.location {
          #expect(offset >= 0 && offset <= bytes.count)
        } else {
          Issue.record("\(item.name): no offset in \(error)")
        }
      }
    } else {
      let profile = try PstatsImporter.decode(bytes, source: source)
      if item.expect.hasPrefix("accept-with-warning:") {
        let kind = String(item.expect.dropFirst("accept-with-warning:".count))
        #expect(profile.warnings.map(\.kind.rawValue).contains(kind), "\(item.name)")
      } else {
        #expect(profile.warnings.isEmpty, "\(item.name): \(profile.warnings)")
      }
    }
  }

  @Test func everyTruncationOfAValidFileIsAnErrorNotACrash() throws {
    for name in [
      "variants/quirks_valid.synthetic.prof", "variants/recursion.pyprofile_cli.py311.prof",
      "variants/recursion.py27.marshal_v1.prof",
    ] {
      let bytes = try Fixtures.bytes(name)
      for length in 0..<bytes.count {
        #expect(throws: InputError.self) {
          _ = try PstatsImporter.decode(
            Array(bytes[0..<length]), source: .init(path: name, modified: nil))
        }
      }
    }
  }

  @Test func flippedBytesNeverCrash() throws {
    let bytes = try Fixtures.bytes("prof/two_callers.prof")
    var generator = SplitMix64(seed: 7)
    for _ in 0..<3000 {
      var damaged = bytes
      for _ in 0..<3 {
        let i = Int(generator.next() % UInt64(damaged.count))
        damaged[i] = UInt8(truncatingIfNeeded: generator.next())
      }
      _ = try? PstatsImporter.decode(damaged, source: .init(path: "x", modified: nil))
    }
  }
}
