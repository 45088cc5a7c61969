import Foundation
import ProfileModel

/// Writes a large, deterministic folded-stacks file for benchmarks: py-spy-style frames
/// (`function (package/module.py:line)`) under thread prefixes, stacks 10–60 deep drawn by
/// walking a fixed synthetic program, so that prefixes repeat as in real profiles.
struct FoldedGenerator {
  var random: SplitMix64

  init(seed: UInt64) {
    random = SplitMix64(seed: seed)
  }

  private mutating func below(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }

  mutating func write(to path: String, lines: Int) throws {
    let verbs = ["get", "put", "load", "read", "run", "send", "walk", "emit", "scan", "eval"]
    let nouns = ["row", "key", "node", "tok", "item", "buf", "col", "arg"]
    let packages = ["io", "db", "app", "re", "ui", "net", "sql"]
    let functionCount = 6000
    var names: [String] = []
    for i in 0..<functionCount {
      let name = "\(verbs[below(verbs.count)])_\(nouns[below(nouns.count)])"
      let module = "\(packages[i % packages.count])/\(i % 97).py"
      names.append("\(name) (\(module):\(1 + below(99)))")
    }
    // The synthetic program: each function calls a few others.
    let callees: [[Int]] = (0..<functionCount).map { _ in
      (0..<(2 + below(5))).map { _ in below(functionCount) }
    }
    let threads = (0..<4).map { "thread (\(0x1a2b + $0 * 4099))" }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    var buffer = ""
    buffer.reserveCapacity(1 << 22)
    for _ in 0..<lines {
      // Mostly shallow stacks, some as deep as 60 frames.
      var depth = 10
      if below(100) < 5 {
        depth += below(51)
      } else {
        while depth < 60 && below(2) == 0 { depth += 1 }
      }
      var line = threads[below(threads.count)]
      var f = below(8)
      for _ in 0..<depth {
        line += ";" + names[f]
        let options = callees[f]
        f = options[below(min(options.count, 1 + below(options.count)))]
      }
      line += " \(1 + below(99))\n"
      buffer += line
      if buffer.utf8.count >= 1 << 22 {
        handle.write(Data(buffer.utf8))
        buffer.removeAll(keepingCapacity: true)
      }
    }
    handle.write(Data(buffer.utf8))
    try handle.close()
  }
}
