import Foundation
import ProfileModel

/// Writes folded-stacks files of high cardinality, the shapes that test memory per frame
/// rather than parsing speed:
/// - `paths`: what long py-spy recordings of big programs look like — every line a new
///   deep stack (stacks 8–26 deep, walking a program of 100,000 functions in which each
///   function calls one of 16 others), so that after a few levels no two lines share a
///   prefix: 1,000,000 lines hold about 15 million distinct call paths;
/// - `frames`: every frame a different function (`f1;f2;…`, 40 to a line), so that the
///   file is almost nothing but distinct frames.
struct DistinctStacksGenerator {
  enum Shape: String {
    case paths
    case frames
  }

  var random: SplitMix64

  init(seed: UInt64) {
    random = SplitMix64(seed: seed)
  }

  private mutating func below(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }

  mutating func write(to path: String, lines: Int, shape: Shape) throws {
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 22)
    func flush() {
      handle.write(Data(buffer))
      buffer.removeAll(keepingCapacity: true)
    }
    switch shape {
    case .paths:
      let functionCount = 100_000
      let names: [[UInt8]] = (0..<functionCount).map { i in
        Array("f\(i) (m\(i % 97).py:\(1 + i % 9))".utf8)
      }
      let fanOut = 16
      let callees: [Int] = (0..<functionCount * fanOut).map { _ in below(functionCount) }
      for _ in 0..<lines {
        buffer += Array("thread \(below(4))".utf8)
        var f = below(fanOut)
        for _ in 0..<(8 + below(19)) {
          buffer.append(UInt8(ascii: ";"))
          buffer += names[f]
          f = callees[f * fanOut + below(fanOut)]
        }
        buffer += Array(" \(1 + below(9))\n".utf8)
        if buffer.count >= 1 << 22 { flush() }
      }
    case .frames:
      var next = 0
      for _ in 0..<lines {
        for k in 0..<40 {
          if k > 0 { buffer.append(UInt8(ascii: ";")) }
          buffer += Array("f\(next)".utf8)
          next += 1
        }
        buffer += Array(" 1\n".utf8)
        if buffer.count >= 1 << 22 { flush() }
      }
    }
    flush()
    try handle.close()
  }
}
