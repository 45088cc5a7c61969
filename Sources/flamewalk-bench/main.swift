import CMemory
import Explorer
import Foundation
import Layout
import ProfileFormats
import ProfileModel
import Screen

/// Release-build benchmarks: parse time, first frame and peak memory (usage below).
func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func peakResidentMegabytes() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Double(usage.ru_maxrss) / 1024
}

func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  return sorted[sorted.count / 2]
}

func report(_ label: String, _ times: [Double]) {
  let ms = times.map { $0 * 1000 }
  print(
    String(
      format: "%-28@ median %8.1f ms   min %8.1f ms   (%d runs)", label as NSString, median(ms),
      ms.min() ?? 0, ms.count))
}

// As flamewalk itself does (MemoryReturn), so that peak memory compares.
flamewalk_map_blocks_from(4 << 20)
var arguments = Array(CommandLine.arguments.dropFirst())
var iterations = 5
if let i = arguments.firstIndex(of: "--iterations"), i + 1 < arguments.count {
  iterations = Int(arguments[i + 1]) ?? 5
  arguments.removeSubrange(i...i + 1)
}
var lineCount = 1_000_000
if let i = arguments.firstIndex(of: "--lines"), i + 1 < arguments.count {
  lineCount = Int(arguments[i + 1]) ?? lineCount
  arguments.removeSubrange(i...i + 1)
}
var foldedShape = "repeating"
if let i = arguments.firstIndex(of: "--shape"), i + 1 < arguments.count {
  foldedShape = arguments[i + 1]
  arguments.removeSubrange(i...i + 1)
}
var eventCount = 1_000_000
if let i = arguments.firstIndex(of: "--events"), i + 1 < arguments.count {
  eventCount = Int(arguments[i + 1]) ?? eventCount
  arguments.removeSubrange(i...i + 1)
}

let usage = """
  usage: flamewalk-bench pstats FILE [--iterations N]   parse, tree and print timings
         flamewalk-bench folded FILE [--iterations N]   parse + exact tree timings
         flamewalk-bench make-folded OUT [--lines N] [--shape repeating|paths|frames]
                                                        write a benchmark folded file:
                                                        repeating prefixes (the default),
                                                        every line a new deep stack, or
                                                        every frame a new function
         flamewalk-bench explorer FILE [--iterations N] state + layout + render per key
         flamewalk-bench first-frame FILE               load (any format) to first frame
         flamewalk-bench diff-first-frame BASE NEW      the diff explorer's first frame
         flamewalk-bench make-trace OUT [--events N]    write the benchmark Chrome trace

  """

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data(message.utf8))
  exit(1)
}

if arguments.count == 3 && arguments[0] == "diff-first-frame" {
  do {
    try benchmarkDiffFirstFrame(arguments[1], arguments[2])
  } catch {
    fail("\(error)\n")
  }
  exit(0)
}
guard arguments.count == 2 else { fail(usage) }
let path = arguments[1]
do {
  switch arguments[0] {
  case "pstats": try benchmarkPstats(path, iterations: iterations)
  case "folded": try benchmarkFolded(path, iterations: iterations)
  case "explorer": try benchmarkExplorer(path, iterations: iterations)
  case "first-frame": try benchmarkFirstFrame(path)
  case "make-trace":
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    var generator = TraceGenerator(seed: 20_261_202)
    let time = try seconds { try generator.write(to: path, events: eventCount) }
    print(String(format: "wrote %@: %d events in %.1f s", path, eventCount, time))
  case "make-folded":
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    let time: Double
    if let shape = DistinctStacksGenerator.Shape(rawValue: foldedShape) {
      var generator = DistinctStacksGenerator(seed: 20_261_203)
      time = try seconds { try generator.write(to: path, lines: lineCount, shape: shape) }
    } else if foldedShape == "repeating" {
      var generator = FoldedGenerator(seed: 20_261_125)
      time = try seconds { try generator.write(to: path, lines: lineCount) }
    } else {
      fail("unknown shape \(foldedShape): repeating, paths or frames\n")
    }
    print(String(format: "wrote %@: %d lines in %.1f s", path, lineCount, time))
  default: fail(usage)
  }
} catch {
  FileHandle.standardError.write(Data("flamewalk-bench: \(error)\n".utf8))
  exit(2)
}

func benchmarkPstats(_ path: String, iterations: Int) throws {
  let bytes = try InputFile(path: path).bytes()
  let source = ProfileSource(path: path, modified: nil)
  var profile: Profile?
  var readTimes: [Double] = []
  var decodeTimes: [Double] = []
  var reportTimes: [Double] = []
  var treeTimes: [Double] = []
  var screenTimes: [Double] = []
  var nodes = 0
  var screenNodes = 0
  for _ in 0..<iterations {
    readTimes.append(try seconds { _ = try InputFile(path: path).bytes() })
    decodeTimes.append(try seconds { profile = try PstatsImporter.decode(bytes, source: source) })
    let loaded = profile!
    reportTimes.append(
      seconds {
        let report = PstatsReport(profile: loaded)
        let listing = report.listing(
          order: PstatsSortOrder(["cumulative"]), restrictions: [.count(30)])
        _ = report.stats(listing)
      })
    treeTimes.append(
      seconds {
        var tree = CallTreeBuilder.tree(for: loaded)
        tree.expandAll(below: tree.top)
        nodes = tree.count
      })
    // What a 200-column flame view needs: every frame at least one column wide.
    screenTimes.append(
      seconds {
        var tree = CallTreeBuilder.tree(
          for: loaded, parameters: CallTreeParameters(minimumFraction: 1.0 / 200))
        tree.expandAll(below: tree.top)
        screenNodes = tree.count
      })
  }
  let graph = profile!.graph
  print(
    "file: \(path)  \(bytes.count) bytes, \(graph.entryCount) functions, \(graph.edgeCount) edges")
  report("read file", readTimes)
  report("decode pstats", decodeTimes)
  report("sort cumulative + print 30", reportTimes)
  report("call tree, 0.1% (\(nodes) nodes)", treeTimes)
  report("200-column screen (\(screenNodes) nodes)", screenTimes)
  print(String(format: "peak RSS %.1f MB", peakResidentMegabytes()))
}

func benchmarkFolded(_ path: String, iterations: Int) throws {
  var parseTimes: [Double] = []
  var treeTimes: [Double] = []
  var nodes = 0
  var trieNodes = 0
  var lines = 0
  for _ in 0..<iterations {
    var profile: Profile?
    parseTimes.append(
      try seconds {
        var importer = FoldedImporter()
        try importer.add(try InputFile(path: path))
        profile = try importer.profile()
      })
    let loaded = profile!
    lines = loaded.stacks!.stackCount
    trieNodes = loaded.stacks!.frameSequence.count
    treeTimes.append(
      seconds {
        var tree = CallTreeBuilder.tree(for: loaded)
        tree.expandAll(below: tree.top)
        nodes = tree.count
      })
  }
  print("file: \(path)  \(lines) stacks, \(trieNodes) frames")
  report("parse + stacks + caller graph", parseTimes)
  report("exact tree, 0.1% (\(nodes) nodes)", treeTimes)
  print(String(format: "peak RSS %.1f MB", peakResidentMegabytes()))
}

/// State + layout + render per action on a large profile, as the explorer runs them.
func benchmarkExplorer(_ path: String, iterations: Int) throws {
  let loadTime = try seconds { _ = try InputFormat.load([path], format: .auto) }
  let profile = try InputFormat.load([path], format: .auto)
  var state: ExplorerState?
  let treeTime = seconds {
    state = ExplorerState(
      profile: profile, tree: CallTreeBuilder.tree(for: profile), width: 200, height: 60)
  }
  let renderer = ScreenRenderer(theme: .standard)
  var firstFrame = CellGrid(width: 0, height: 0)
  let firstFrameTime = seconds { firstFrame = renderer.render(state!) }
  _ = firstFrame
  print("file: \(path)  \(profile.graph.entryCount) functions")
  print(
    String(
      format: "load %.1f ms, tree + state %.1f ms, first frame render %.2f ms", loadTime * 1000,
      treeTime * 1000, firstFrameTime * 1000))
  let scripts: [(String, String)] = [
    ("move down (flame)", "Down"), ("move right (flame)", "Right"), ("zoom in", "Enter"),
    ("zoom out", "Escape"), ("next gap", "g"), ("switch view", "Tab"), ("tree move", "Down"),
    ("tree expand", "Right"), ("tree expand all", "E"), ("tree collapse all", "C"),
    ("back to flame", "1"), ("search", "/ mod0001 Enter"), ("next match", "n"),
    ("functions view", "3"), ("functions sort", "s"), ("functions row down", "j"),
    ("functions → callers (c)", "c"), ("callers → functions", "3"),
    ("functions → flame (heaviest)", "1"), ("flip", "f"), ("inverted view (6)", "6"),
    ("inverted move", "Down"), ("inverted expand", "Right"), ("sandwich view (7)", "7"),
    ("sandwich row down", "j"), ("sandwich re-centre", "Enter"), ("sandwich back", "Escape"),
    ("back to flame", "1"), ("hide / show libraries (i)", "i"),
    // Timeline profiles only (elsewhere `8` says why not): the time-order chart.
    ("time order (8)", "8"), ("chart move down", "Down"), ("chart next call", "Right"),
    ("chart zoom", "Enter"), ("chart zoom out", "Escape"), ("chart search", "/ mod0001 Enter"),
    ("chart next match", "n"), ("chart → flame (1)", "1"), ("help", "?"),
  ]
  var worst = 0.0
  for (label, keys) in scripts {
    var times: [Double] = []
    for _ in 0..<iterations {
      var copy = state!
      times.append(
        seconds {
          for key in Key.parseList(keys) { copy.handle(key) }
          _ = renderer.render(copy)
        })
      state = copy
    }
    worst = max(worst, times.max() ?? 0)
    print(
      String(
        format: "%-28@ first %7.2f ms   median %7.2f ms   max %7.2f ms", label as NSString,
        times[0] * 1000, median(times) * 1000, (times.max() ?? 0) * 1000))
  }
  print(String(format: "slowest key press (worst run): %.2f ms", worst * 1000))
  print(String(format: "peak RSS %.1f MB", peakResidentMegabytes()))
}

/// What a person waits for: the file read in its format, the tree built, the first screen
/// rendered (200×60) — once, in a fresh process, so the peak RSS is that of one load.
func benchmarkFirstFrame(_ path: String) throws {
  var profile: Profile?
  let loadTime = try seconds { profile = try InputFormat.load([path], format: .auto) }
  var state: ExplorerState?
  let treeTime = seconds {
    state = ExplorerState(
      profile: profile!, tree: CallTreeBuilder.tree(for: profile!), width: 200, height: 60)
  }
  let renderer = ScreenRenderer(theme: .standard)
  let renderTime = seconds { _ = renderer.render(state!) }
  let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
  print(String(format: "file: %@  %.1f MB", path, Double(size) / 1e6))
  print(
    String(
      format: "load %.3f s, tree + state %.3f s, render %.3f s: first frame after %.3f s",
      loadTime, treeTime, renderTime, loadTime + treeTime + renderTime))
  print(
    String(
      format: "peak RSS %.1f MB (%.2f× the file)", peakResidentMegabytes(),
      peakResidentMegabytes() * 1e6 / 1_048_576 / max(1, Double(size) / 1_048_576)))
}

/// The diff explorer's first frame: both runs loaded at once (two threads, as `flamewalk
/// diff` loads them), the trees, comparison and state (`ExplorerState.comparing`, two
/// threads), the first render.
func benchmarkDiffFirstFrame(_ basePath: String, _ newPath: String) throws {
  // Each thread writes its own variables.
  nonisolated(unsafe) var baseResult: Result<Profile, any Error>?
  nonisolated(unsafe) var newResult: Result<Profile, any Error>?
  let loadTime = seconds {
    DispatchQueue.concurrentPerform(iterations: 2) { side in
      if side == 0 {
        baseResult = Result { try InputFormat.load([basePath], format: .auto) }
      } else {
        newResult = Result { try InputFormat.load([newPath], format: .auto) }
      }
    }
  }
  let profiles = [try baseResult!.get(), try newResult!.get()]
  var state: ExplorerState?
  let stateTime = seconds {
    state = ExplorerState.comparing(
      base: profiles[0], new: profiles[1], matching: .nameAndFile, title: "base → new",
      width: 200, height: 60)
  }
  let renderer = ScreenRenderer(theme: .standard)
  let renderTime = seconds { _ = renderer.render(state!) }
  var regressionTime = 0.0
  regressionTime = seconds { state!.handle(.character("g")) }
  print(
    String(
      format:
        "load both %.3f s, trees + comparison + state %.3f s, render %.3f s: "
        + "first frame after %.3f s; first g %.3f s; peak RSS %.1f MB",
      loadTime, stateTime, renderTime, loadTime + stateTime + renderTime, regressionTime,
      peakResidentMegabytes()))
}
