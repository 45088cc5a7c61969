import Foundation
import ProfileModel
import TestSupport
import Testing

@testable import ProfileFormats

/// The streaming reader (which forgets each function's values once read) and the plain
/// reader (which keeps every value) build the same profile from every fixture.
@Suite struct StreamingFallbackTests {
  private func decode(_ bytes: [UInt8], streaming: Bool) throws -> Profile {
    try bytes.withUnsafeBufferPointer { buffer in
      var schema = PstatsSchema(reader: MarshalReader(bytes: buffer), streaming: streaming)
      return try schema.read(source: ProfileSource(path: "x", modified: nil))
    }
  }

  @Test(arguments: Fixtures.expectedFiles)
  func streamingAndPlainAgree(_ name: String) throws {
    let bytes = try Fixtures.bytes(name + ".prof")
    let streamed = try decode(bytes, streaming: true)
    let plain = try decode(bytes, streaming: false)
    #expect(streamed.graph.functionCount == plain.graph.functionCount)
    #expect(streamed.graph.entryCount == plain.graph.entryCount)
    for f in 0..<plain.graph.functionCount {
      #expect(streamed.graph.name(of: f) == plain.graph.name(of: f))
    }
    #expect(streamed.graph.edgeCaller == plain.graph.edgeCaller)
    #expect(streamed.graph.edgeCT.map(\.bitPattern) == plain.graph.edgeCT.map(\.bitPattern))
    #expect(streamed.pstats == plain.pstats)
  }
}
