import Foundation
import ProfileFormats
import ProfileModel
import Testing

/// Folded stacks: the exact tree and the per-function sums equal an independent fold of the
/// same stacks computed here; producers' frame spellings are understood; malformed lines are
/// errors that name the line.
@Suite struct FoldedImporterTests {
  private func importText(_ text: String) throws(InputError) -> Profile {
    var importer = FoldedImporter()
    let bytes = Array(text.utf8)
    try bytes.withUnsafeBufferPointer { (buffer) throws(InputError) in try importer.add(buffer) }
    return try importer.profile()
  }

  @Test func randomStacksFoldExactly() throws {
    var random = SplitMix64(seed: 3)
    let names = (0..<12).map { i in
      i % 3 == 0
        ? "fn\(i) (pkg/mod\(i).py:\(i * 10 + 1))" : (i % 3 == 1 ? "sym_\(i)" : "m.py:f\(i):\(i)")
    }
    var stacks: [([Int], Double)] = []
    var text = "# generated\n\n"
    for line in 0..<3000 {
      let depth = Int(random.next() % 9)
      var stack: [Int] = []
      for _ in 0..<depth {
        // Small alphabet, so prefixes and recursion repeat.
        stack.append(Int(random.next() % (stack.count < 2 ? 3 : 12)))
      }
      let weight = Double(1 + random.next() % 50)
      stacks.append((stack, weight))
      text += stack.map { names[$0] }.joined(separator: ";") + " \(Int(weight))"
      text += line % 7 == 0 ? "\r\n" : "\n"
    }
    let profile = try importText(text)
    // Independent fold: every prefix's total and self.
    var prefixTotal: [[String]: Double] = [:]
    var prefixSelf: [[String]: Double] = [:]
    var functionTotal: [String: Double] = [:]
    var functionSelf: [String: Double] = [:]
    var total = 0.0
    for (stack, weight) in stacks {
      total += weight
      let frames = stack.map { names[$0] }
      for k in 0..<frames.count { prefixTotal[Array(frames[0...k]), default: 0] += weight }
      if !frames.isEmpty { prefixSelf[frames, default: 0] += weight }
      for name in Set(frames) { functionTotal[name, default: 0] += weight }
      if let leaf = frames.last { functionSelf[leaf, default: 0] += weight }
    }
    var tree = CallTreeBuilder.tree(
      for: profile, parameters: CallTreeParameters(minimumFraction: 0))
    tree.expandAll(below: tree.top)
    #expect(tree.total[tree.top] == total)
    #expect(!tree.isEstimated)
    func spelled(_ name: FunctionName) -> String {
      names.first { FrameSpelling.matches($0, name) }!
    }
    var seen = 0
    for node in 1..<tree.count {
      let path = tree.path(to: node).dropFirst().map { spelled(tree.name($0)!) }
      #expect(tree.total[node] == prefixTotal[path], "\(path)")
      #expect(tree.selfTime[node] == (prefixSelf[path] ?? 0), "\(path)")
      #expect(tree.isExact(node))
      seen += 1
    }
    #expect(seen == prefixTotal.count)
    let graph = profile.graph
    for f in 0..<graph.entryCount {
      let name = spelled(graph.name(of: f))
      #expect(graph.ct[f] == functionTotal[name])
      #expect(graph.tt[f] == (functionSelf[name] ?? 0))
    }
  }

  @Test func twoThreadsReadWhatOneReads() throws {
    var random = SplitMix64(seed: 9)
    var text = ""
    for _ in 0..<4000 {
      let depth = 1 + Int(random.next() % 12)
      text +=
        (0..<depth).map { _ in "f\(random.next() % 30) (m\(random.next() % 3).py:1)" }
        .joined(separator: ";") + " \(1 + random.next() % 9)\n"
      if random.next() % 50 == 0 { text += "# a comment\n\n" }
    }
    let bytes = Array(text.utf8)
    var sequential = FoldedImporter()
    var parallel = FoldedImporter()
    try bytes.withUnsafeBufferPointer { (buffer) throws(InputError) in
      try sequential.add(buffer)
      try parallel.addInParallel(buffer)
    }
    let a = try sequential.profile()
    let b = try parallel.profile()
    #expect(
      a.stacks!.frameSequence.map { a.graph.name(of: Int($0)) }
        == b.stacks!.frameSequence.map { b.graph.name(of: Int($0)) })
    #expect(a.stacks!.weights == b.stacks!.weights)
    #expect(a.graph.functions.count == b.graph.functions.count)
    for f in 0..<a.graph.entryCount {
      #expect(a.graph.name(of: f) == b.graph.name(of: f))
      #expect(a.graph.ct[f] == b.graph.ct[f] && a.graph.tt[f] == b.graph.tt[f])
    }
    #expect(a.graph.edgeCaller == b.graph.edgeCaller)
    #expect(a.graph.edgeCT == b.graph.edgeCT)
    // An error in the second half names its line in the whole file.
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let bad = lines.enumerated().map { $0.offset == 3500 ? "broken line" : String($0.element) }
      .joined(separator: "\n")
    var failing = FoldedImporter()
    do {
      try Array(bad.utf8).withUnsafeBufferPointer { (buffer) throws(InputError) in
        try failing.addInParallel(buffer)
      }
      Issue.record("accepted a broken line")
    } catch {
      #expect(error.location == .line(3501))
    }
  }

  @Test func producerSpellings() throws {
    let profile = try importText(
      """
      process 7:"python x.py";thread (0x7f01);<module> (x.py:1);main (x.py:9) 4
      tid:5;x.py:main:30;x.py:work:12 2
      __libc_start_main;0x7f2a (libc.so.6);do_syscall_64_[k];[unknown] 1.5
       3

      """)
    let names = (0..<profile.graph.entryCount).map { profile.graph.name(of: $0) }
    #expect(names.contains(FunctionName(file: "x.py", line: 9, name: "main")))
    #expect(names.contains(FunctionName(file: "x.py", line: 12, name: "work")))
    #expect(names.contains(FunctionName(file: "libc.so.6", line: 0, name: "0x7f2a")))
    #expect(names.contains(FunctionName(file: "", line: 0, name: "thread (0x7f01)")))
    #expect(names.contains(FunctionName(file: "", line: 0, name: "do_syscall_64_[k]")))
    let tree = CallTreeBuilder.tree(for: profile)
    #expect(tree.total[tree.top] == 10.5)
    #expect(tree.selfTime[tree.top] == 3)
  }

  @Test func deepStacks() throws {
    let frames = (0..<1500).map { "f\($0 % 40) (deep.py:\($0 % 40))" }.joined(separator: ";")
    let profile = try importText(frames + " 5\n")
    var tree = CallTreeBuilder.tree(for: profile)
    tree.expandAll(below: tree.top)
    #expect(tree.count == 1501)
    #expect(profile.graph.ct.allSatisfy { $0 == 5 })
  }

  @Test(arguments: [
    ("a;b 3\na;b\n", 2, "no sample count"),
    ("a;b 3\na;b -4\n", 2, "not a non-negative number"),
    ("a 1\n\n# c\nb x1\n", 4, "not a non-negative number"),
    ("a;b 1e400\n", 1, "not a non-negative number"),
  ])
  func malformedLinesNameTheLine(_ text: String, _ line: Int, _ message: String) {
    do {
      _ = try importText(text)
      Issue.record("accepted: \(text)")
    } catch {
      #expect(error.location == .line(line))
      #expect(error.message.contains(message))
    }
  }

  @Test func emptyInputIsAnError() {
    #expect(throws: InputError.self) { _ = try importText("# nothing\n\n") }
  }
}

/// Matches a frame as written in a folded file with the name the importer made of it.
enum FrameSpelling {
  static func matches(_ text: String, _ name: FunctionName) -> Bool {
    if name.file.isEmpty { return text == name.name }
    if text.hasSuffix(")") { return text == "\(name.name) (\(name.file):\(name.line))" }
    return text == "\(name.file):\(name.name):\(name.line)"
  }
}
