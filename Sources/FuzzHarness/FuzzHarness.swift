import Foundation
import ProfileFormats
import ProfileModel

#if FUZZING
  import CFuzzer
#endif

/// What every fuzz target does with an input: read it with one importer (or recognise it
/// first), and when it reads, use the profile as the commands do — the call tree (estimated
/// or exact) grown and written as JSON and text, gaps ranked, and for pstats the report of
/// `print` with callers and callees. Errors are expected; anything else (a trap, a sanitizer
/// report, a hang) is a finding. Work is bounded so that one input stays fast.
public enum FuzzHarness {
  /// Which importer a target feeds; `recognized` lets the registry choose, as `auto` does.
  public enum Entry: Sendable {
    case importer(any ProfileImporter.Type)
    case recognized
  }

  /// Runs one input; returns whether it was read as a profile.
  @discardableResult
  public static func run(_ bytes: UnsafeBufferPointer<UInt8>, entry: Entry) -> Bool {
    let source = ProfileSource(path: "fuzz-input", modified: nil)
    let importer: any ProfileImporter.Type
    switch entry {
    case .importer(let chosen): importer = chosen
    case .recognized:
      let prefix = UnsafeBufferPointer(rebasing: bytes.prefix(ImporterRegistry.prefixLength))
      guard
        let chosen = try? ImporterRegistry.recognize(
          prefix, isWholeInput: prefix.count == bytes.count, path: source.path)
      else { return false }
      importer = chosen
    }
    guard let profile = try? importer.decode(bytes, source: source) else { return false }
    use(profile)
    return true
  }

  static func use(_ profile: Profile) {
    var tree = CallTreeBuilder.tree(for: profile)
    tree.expandAll(below: tree.top, limit: 20_000)
    var written = 0
    CallTreeJSON.write(&tree, maximumDepth: 64) { written += $0.utf8.count }
    CallTreeText.write(&tree, gaps: GapThresholds(), maximumDepth: 64) {
      written += $0.utf8.count
    }
    _ = GapReport.text(&tree, thresholds: GapThresholds(), limit: 20)
    _ = tree.unplacedTime(limit: 20_000)
    if profile.stacks == nil {
      let report = PstatsReport(profile: profile)
      let listing = report.listing(order: nil)
      _ = report.stats(listing) + report.callers(listing) + report.callees(listing)
    } else if let collapsed = tree.collapsingRecursion() {
      var collapsed = collapsed
      collapsed.expandAll(below: collapsed.top, limit: 5_000)
    }
    if let timeline = profile.timeline { use(timeline, of: profile) }
  }

  /// A timeline's calls nest (each inside its caller's time and subtree, one level deeper,
  /// lanes in order) — a violation traps, as a finding — and write as evented speedscope.
  static func use(_ timeline: Timeline, of profile: Profile) {
    for lane in 0..<timeline.laneCount {
      let spans = timeline.spans(ofLane: lane)
      for s in spans {
        let parent = timeline.parent(s)
        precondition(timeline.start[s] <= timeline.end[s], "call \(s) ends before it starts")
        precondition(s < timeline.subtreeEnd(s) && timeline.subtreeEnd(s) <= spans.upperBound)
        guard parent >= 0 else {
          precondition(timeline.depth[s] == 0, "outermost call \(s) is not at depth 0")
          continue
        }
        precondition(spans.contains(parent) && parent < s && s < timeline.subtreeEnd(parent))
        precondition(timeline.depth[s] == timeline.depth[parent] + 1)
        precondition(
          timeline.start[parent] <= timeline.start[s] && timeline.end[s] <= timeline.end[parent],
          "call \(s) runs outside its caller")
      }
    }
    var written = 0
    SpeedscopeWriter.write(ExportedStacks(profile), name: "fuzz") { written += $0.utf8.count }
  }
}

extension FuzzHarness {
  /// Runs each file through the harness and prints whether it read; a file that cannot be
  /// opened is reported and skipped.
  public static func replay(_ paths: some Sequence<String>, entry: Entry) {
    for path in paths {
      guard let file = try? InputFile(path: path) else {
        print("\(path): cannot be opened")
        continue
      }
      let read = file.withBytes { run($0, entry: entry) }
      print("\(path): \(read ? "read" : "refused")")
    }
  }
}

extension FuzzHarness {
  /// The entry of the running fuzz target, set once before libFuzzer starts.
  nonisolated(unsafe) static var fuzzedEntry: Entry?

  /// The main of every fuzz target. Built by scripts/fuzz.sh with
  /// `-sanitize=fuzzer,address -D FUZZING`, it hands the harness to libFuzzer's driver; in an
  /// ordinary build it replays each file named on the command line (how a finding is
  /// checked again).
  public static func main(entry: Entry) -> Never {
    #if FUZZING
      // libFuzzer calls back through a C function pointer, which captures nothing.
      fuzzedEntry = entry
      var argc = CommandLine.argc
      var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
      exit(
        LLVMFuzzerRunDriver(&argc, &argv) { data, size in
          if let entry = FuzzHarness.fuzzedEntry {
            FuzzHarness.run(UnsafeBufferPointer(start: data, count: size), entry: entry)
          }
          return 0
        })
    #else
      replay(CommandLine.arguments.dropFirst(), entry: entry)
      exit(0)
    #endif
  }
}
