import Foundation
import ProfileModel

/// Writes a large, deterministic Chrome trace for benchmarks, shaped like viztracer's
/// output: the object form with `M` thread names, then `X` complete events written in exit
/// order (children before their parents), viztracer-style names (`function (file.py:line)`),
/// fractional microsecond times, four threads.
struct TraceGenerator {
  var random: SplitMix64

  init(seed: UInt64) {
    random = SplitMix64(seed: seed)
  }

  private mutating func below(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }

  mutating func write(to path: String, events: Int) throws {
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    let verbs = ["get", "put", "load", "read", "run", "send", "walk", "emit", "scan", "eval"]
    let nouns = ["row", "key", "node", "tok", "item", "buf", "col", "arg"]
    let functionCount = 3000
    let names = (0..<functionCount).map { i in
      "\(verbs[i % verbs.count])_\(nouns[(i / 10) % nouns.count])_\(i) "
        + "(/srv/app/pkg\(i % 41)/mod\(i % 97).py:\(1 + (i * 7) % 400))"
    }
    // The synthetic program: each function calls a few others, so call paths repeat as
    // they do in real programs.
    let callees: [[Int]] = (0..<functionCount).map { _ in
      (0..<(2 + below(4))).map { _ in below(functionCount) }
    }
    let entryPoints = (0..<24).map { _ in below(functionCount) }
    let pid = 4242
    var out = #"{"traceEvents":["#
    for thread in 0..<4 {
      out +=
        #"{"ph":"M","pid":\#(pid),"tid":\#(pid + thread),"name":"thread_name","args":{"name":"worker-\#(thread)"}},"#
    }
    var written = 0
    var clock = 1_000_000.0
    // One call: its children first (each ends before the next starts), then itself. Calls
    // already open when the count is reached are still written (a few more events).
    func call(_ function: Int, _ depth: Int, _ thread: Int) {
      guard written < events else { return }
      let start = clock
      clock += Double(1 + below(50)) / 8
      let children = depth >= 12 ? 0 : below(depth < 3 ? 4 : 3)
      for _ in 0..<children {
        let list = callees[function]
        call(list[below(list.count)], depth + 1, thread)
      }
      clock += Double(1 + below(50)) / 8
      let name = names[function]
      out += written == 0 ? "" : ","
      out +=
        #"{"pid":\#(pid),"tid":\#(pid + thread),"ts":"#
        + String(format: "%.3f", start) + #","ph":"X","cat":"fee","dur":"#
        + String(format: "%.3f", clock - start) + #","name":"\#(name)"}"#
      written += 1
      if out.utf8.count > 1 << 20 {
        handle.write(Data(out.utf8))
        out = ""
      }
    }
    while written < events { call(entryPoints[below(entryPoints.count)], 0, below(4)) }
    out += #"],"viztracer_metadata":{"version":"1.1.1","overflow":false}}"#
    handle.write(Data(out.utf8))
  }
}
