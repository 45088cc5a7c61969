import Foundation
import ProfileFormats
import ProfileModel
import TestSupport
import Testing

/// Every valid fixture decodes to exactly the dict Python dumped (keys, counts, times bit for
/// bit, in file order), with pstats' derived totals and cumulative order, and prints the text
/// pstats prints.
@Suite struct PstatsGoldenTests {
  static let names = Fixtures.expectedFiles

  @Test func fixturesArePresent() {
    #expect(Self.names.count >= 37)
  }

  private func load(_ name: String) throws -> Profile {
    try PstatsImporter.decode(
      try Fixtures.bytes(name + ".prof"),
      source: ProfileSource(path: (name as NSString).lastPathComponent + ".prof", modified: nil))
  }

  private func key(_ graph: CallGraph, _ f: Int) -> [AnyHashable] {
    let name = graph.name(of: f)
    return [name.file, name.line, name.name]
  }

  private func jsonKey(_ value: Any?) -> [AnyHashable] {
    let parts = value as! [Any]
    return [parts[0] as! String, int64(parts[1])!, parts[2] as! String]
  }

  private func sameTime(_ actual: Double, _ value: Any?, _ bitsValue: Any?) -> Bool {
    if let expected = bits(bitsValue) { return actual.bitPattern == expected }
    return actual == double(value)
  }

  @Test(arguments: names)
  func entriesMatchPython(_ name: String) throws {
    let expected = try ExpectedFixture(name)
    let profile = try load(name)
    let graph = profile.graph
    let entries = expected.entries
    try #require(graph.entryCount == entries.count, "\(name): entry count")
    for (f, entry) in entries.enumerated() {
      #expect(key(graph, f) == jsonKey(entry["func"]), "\(name): key of entry \(f)")
      #expect(graph.cc[f] == int64(entry["cc"]), "\(name): cc of entry \(f)")
      #expect(graph.nc[f] == int64(entry["nc"]), "\(name): nc of entry \(f)")
      #expect(sameTime(graph.tt[f], entry["tt"], entry["tt_bits"]), "\(name): tt of entry \(f)")
      #expect(sameTime(graph.ct[f], entry["ct"], entry["ct_bits"]), "\(name): ct of entry \(f)")
      let callers = entry["callers"] as! [[String: Any]]
      let edges = Array(graph.incoming(f))
      try #require(edges.count == callers.count, "\(name): caller count of entry \(f)")
      for (e, caller) in zip(edges, callers) {
        #expect(key(graph, Int(graph.edgeCaller[e])) == jsonKey(caller["func"]))
        if let values = caller["value"] as? [Any] {
          let valueBits = caller["value_bits"] as! [Any]
          #expect(graph.edgeValues == .timed)
          #expect(graph.edgeNC[e] == int64(values[0]))
          #expect(graph.edgeCC[e] == int64(values[1]))
          #expect(sameTime(graph.edgeTT[e], values[2], valueBits[2]))
          #expect(sameTime(graph.edgeCT[e], values[3], valueBits[3]))
        } else {
          #expect(graph.edgeValues == .counts)
          #expect(graph.edgeNC[e] == int64(caller["value"]))
        }
      }
    }
    #expect(profile.isSampled == (expected.json["sampled_marker"] as! Bool))
  }

  @Test(arguments: names)
  func derivedTotalsMatchPstats(_ name: String) throws {
    let expected = try ExpectedFixture(name)
    guard let derived = expected.derived else { return }
    let profile = try load(name)
    #expect(profile.pstatsSummary.totalCalls == int64(derived["total_calls"]))
    #expect(profile.pstatsSummary.primitiveCalls == int64(derived["prim_calls"]))
    if let totalBits = bits(derived["total_tt_bits"]) {
      #expect(profile.pstatsSummary.totalTime.bitPattern == totalBits)
    } else {
      #expect(profile.pstatsSummary.totalTime == double(derived["total_tt"]))
    }
    #expect(profile.pstatsSummary.maxNameLength == Int(int64(derived["max_name_len"])!))
    let standardNames = derived["std_names"] as! [String: String]
    for f in 0..<profile.graph.entryCount {
      let name = profile.graph.name(of: f)
      #expect(standardNames["\(name.file)|\(name.line)|\(name.name)"] == name.standardString)
    }
    let report = PstatsReport(profile: profile)
    let order = report.listing(order: PstatsSortOrder(["cumulative"])).functions
    let expectedOrder = (derived["sort_cumulative_order"] as! [Any]).map(jsonKey)
    #expect(order.map { key(profile.graph, $0) } == expectedOrder)
  }

  @Test(arguments: names)
  func printMatchesPstatsText(_ name: String) throws {
    let expected = try ExpectedFixture(name)
    guard expected.pstatsLoaded else { return }
    let profile = try load(name)
    let report = PstatsReport(profile: profile)
    let listing = report.listing(order: PstatsSortOrder(["cumulative"]))
    let text = report.stats(listing) + report.callers(listing) + report.callees(listing)
    let lines = text.components(separatedBy: "\n")
    // The first line is ctime(mtime) + path, which depends on the machine.
    #expect(
      normalizedLines(Array(lines.dropFirst())) == normalizedLines(Array(expected.text.dropFirst()))
    )
  }

  @Test func sampledFileIsFlaggedNotRejected() throws {
    let profile = try load("variants/sampled_315.synthetic")
    #expect(profile.pstatsFlavor == .sampled)
    #expect(profile.graph.edgeValues == .counts)
    #expect(
      !(0..<profile.graph.entryCount).contains { profile.graph.name(of: $0).name == "__sampled__" })
  }

  @Test func producersAreRecognised() throws {
    #expect(try load("prof/recursion").pstatsFlavor == .cprofile)
    #expect(try load("prof/recursion.pyprofile").pstatsFlavor == .profile)
    #expect(try load("variants/recursion.yappi").pstatsFlavor == .yappi)
    #expect(try load("variants/recursion.py27.cprofile").pstats?.pythonMajor == 2)
    #expect(try load("variants/recursion.marshal_v2").pstats?.pythonMajor == 3)
    let yappi = try load("variants/recursion.yappi")
    let fib = (0..<yappi.graph.entryCount).first { yappi.graph.name(of: $0).name == "fib" }!
    #expect(yappi.primitiveCalls(fib) == 1)
    #expect(yappi.totalCalls(fib) == 21891)
  }

  @Test func codeObjectNamesUseTheirDisplayString() throws {
    for version in ["py27", "py36", "py310", "py311", "py312", "py313"] {
      let profile = try load("variants/recursion.pyprofile_cli.\(version)")
      let names = (0..<profile.graph.entryCount).map { profile.graph.name(of: $0).standardString }
      #expect(
        names.contains("profile:0(<code object <module>, file \"recursion.py\", line 1>)"),
        "\(version)")
    }
  }
}
