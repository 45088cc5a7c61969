import Explorer
import Foundation
import ProfileFormats
import ProfileModel
import TestSupport
import Testing

/// `m` cycles the metrics of a file that measures several; `T` merges its threads into one
/// tree and back. Both keep the view and the selected call path.
@Suite struct MetricAndThreadKeysTests {
  /// An austin full-mode file: two threads, four metrics.
  static let austin = """
    # austin: 3.7.0
    # mode: full

    P1;T0:1;a.py:main:1;a.py:work:5 100,0,4096
    P1;T0:1;a.py:main:1;a.py:wait:9 300,1,0
    P1;T0:2;a.py:worker:20;a.py:work:5 50,0,-1024
    """

  static func profile() throws -> Profile {
    try Array(austin.utf8).withUnsafeBufferPointer { buffer in
      try AustinImporter.decode(buffer, source: ProfileSource(path: "run.austin", modified: nil))
    }
  }

  static func topNames(_ state: inout ExplorerState) -> [String] {
    var tree = state.tree
    return tree.expand(tree.top).compactMap { tree.name($0)?.name }
  }

  @Test func mCyclesTheMetricsAndKeepsThePath() throws {
    var state = ExplorerFixtures.state(try Self.profile(), width: 100, height: 20)
    #expect(state.profile.metric.name == "wall time")
    #expect(ExplorerFixtures.screen(state).hasPrefix(" flamewalk · Flame · run.austin · wall time"))
    // Select main → work on thread 1.
    ExplorerFixtures.press("2 / ^work$ Enter", &state)
    #expect(ExplorerFixtures.selectedName(state) == "work")
    ExplorerFixtures.press("m", &state)
    #expect(state.profile.metric.name == "cpu time")
    #expect(state.view == .tree)
    #expect(ExplorerFixtures.selectedName(state) == "work")
    #expect(abs(state.tree.total[state.tree.top] - 150e-6) < 1e-12)  // idle time left out
    ExplorerFixtures.press("m m m", &state)
    #expect(state.profile.metric.name == "wall time")
    #expect(state.message?.hasPrefix("metric: wall time (1 of 4)") == true)
  }

  @Test func shiftTMergesThreadsAndBack() throws {
    var state = ExplorerFixtures.state(try Self.profile(), width: 100, height: 20)
    #expect(Self.topNames(&state) == ["thread 1", "thread 2"])
    ExplorerFixtures.press("T", &state)
    #expect(state.profile.groupsMerged)
    #expect(Set(Self.topNames(&state)) == ["main", "worker"])
    #expect(ExplorerFixtures.screen(state).contains("threads merged"))
    // The totals do not change; metrics stay merged.
    #expect(abs(state.tree.total[state.tree.top] - 450e-6) < 1e-12)
    ExplorerFixtures.press("m", &state)
    #expect(state.profile.groupsMerged && state.profile.metric.name == "cpu time")
    ExplorerFixtures.press("T", &state)
    #expect(!state.profile.groupsMerged && state.profile.metric.name == "cpu time")
    #expect(Self.topNames(&state) == ["thread 1", "thread 2"])
  }

  @Test func filesWithoutThreadsOrMetricsSaySo() throws {
    var state = ExplorerFixtures.state(try ExplorerFixtures.foldedProfile("a;b 3\na;c 1\n"))
    ExplorerFixtures.press("T", &state)
    #expect(state.message?.hasPrefix("nothing to merge") == true)
    ExplorerFixtures.press("m", &state)
    #expect(state.message == "this profile has one metric: samples")
  }
}
