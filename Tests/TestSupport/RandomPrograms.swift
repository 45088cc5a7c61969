import Foundation
import ProfileModel

/// Random programs for the estimator's property tests (docs/estimates.md): call trees with known
/// times, replayed through cProfile's bookkeeping (outermost-only totals per function and per
/// caller edge) or the pure-Python `profile` module's (edges carry call counts only).
public enum RandomPrograms {
  public final class Frame {
    public let function: Int
    public let selfTime: Double
    public var children: [Frame] = []
    public var inclusive = 0.0
    public init(_ function: Int, _ selfTime: Double, _ children: [Frame] = []) {
      self.function = function
      self.selfTime = selfTime
      self.children = children
      total()
    }

    @discardableResult
    public func total() -> Double {
      inclusive = selfTime + children.reduce(0) { $0 + $1.inclusive }
      return inclusive
    }
  }

  /// What a program looks like.
  public enum Shape: String, CaseIterable {
    /// Calls only to later functions: no recursion.
    case plain
    /// Random calls back to any function, and several tops that may start inside a cycle
    /// (profiling began inside a recursion, or a thread the profiler did not see begin).
    case recursive
    /// A script run by `exec` that imports modules: each import runs `exec` again, briefly
    /// or (sometimes) for most of the run, under `_call_with_frames_removed`; a small helper
    /// outside the import path also calls `exec` (dataclasses' `_create_fn`). Some are module
    /// runs (`python -m`): runpy's `exec` runs the script inside the first `exec`.
    case importing
  }

  public struct Program {
    public var shape: Shape
    public var functionCount: Int
    /// Frames whose callers the profiler did not record.
    public var tops: [Frame]
  }

  public static func make(_ shape: Shape, _ random: inout SplitMix64) -> Program {
    switch shape {
    case .plain, .recursive: graphProgram(&random, recursion: shape == .recursive)
    case .importing: importingProgram(&random)
    }
  }

  private static func uniform(_ random: inout SplitMix64) -> Double {
    Double(random.next() >> 11) / Double(1 << 53)
  }

  private static func graphProgram(_ random: inout SplitMix64, recursion: Bool) -> Program {
    let n = 3 + Int(random.next() % 7)
    func make(_ f: Int, _ depth: Int) -> Frame {
      let selfTime = random.next() % 2 == 0 ? 0 : uniform(&random) * 3
      var children: [Frame] = []
      if depth < 7 {
        let count = [0, 1, 1, 2, 2, 3][Int(random.next() % 6)]
        for _ in 0..<count {
          var callee: Int
          if recursion && uniform(&random) < 0.15 {
            callee = Int(random.next() % UInt64(n))
          } else {
            guard f + 1 < n else { continue }
            callee = f + 1 + Int(random.next() % UInt64(n - f - 1))
          }
          children.append(make(callee, depth + 1))
        }
      }
      return Frame(f, selfTime, children)
    }
    let topCount = [1, 1, 2, 3][Int(random.next() % 4)]
    let tops = (0..<topCount).map { _ in make(Int(random.next() % UInt64(max(1, n / 3))), 0) }
    return Program(shape: recursion ? .recursive : .plain, functionCount: n, tops: tops)
  }

  /// Functions: 0 `exec`, 1 the script's `<module>`, 2 `_call_with_frames_removed`,
  /// 3 `_find_and_load`, 4 a code-generating helper, 5..<5+m module bodies, then user code,
  /// then for module runs `<module> <string>` and runpy's `_run_code`.
  private static func importingProgram(_ random: inout SplitMix64) -> Program {
    let modules = 1 + Int(random.next() % 4)
    let users = 2 + Int(random.next() % 5)
    let firstUser = 5 + modules
    let n = firstUser + users
    let heavyImport = uniform(&random) < 0.3
    func user(_ u: Int, _ depth: Int, scale: Double) -> Frame {
      var children: [Frame] = []
      if depth < 4 {
        for _ in 0..<[0, 1, 2][Int(random.next() % 3)] {
          let v = u + 1 + Int(random.next() % UInt64(users))
          if v < users { children.append(user(v, depth + 1, scale: scale)) }
        }
        if uniform(&random) < 0.1 {
          // dataclasses-style code generation: a helper that runs `exec` on generated code.
          children.append(Frame(4, 0.001, [Frame(0, 0.0005 * uniform(&random))]))
        }
      }
      return Frame(firstUser + u, uniform(&random) * scale, children)
    }
    func load(_ depth: Int, heavy: Bool) -> Frame {
      let module = 5 + Int(random.next() % UInt64(modules))
      var body: [Frame] = []
      if depth < 2 && uniform(&random) < 0.4 { body.append(load(depth + 1, heavy: false)) }
      if uniform(&random) < 0.5 {
        body.append(user(Int(random.next() % UInt64(users)), 2, scale: heavy ? 2 : 0.01))
      }
      let moduleFrame = Frame(module, uniform(&random) * (heavy ? 1.5 : 0.02), body)
      let exec = Frame(0, 0.0001, [moduleFrame])
      return Frame(3, 0.001, [Frame(2, 0, [exec])])
    }
    var script: [Frame] = []
    for i in 0..<(1 + Int(random.next() % 3)) {
      script.append(load(0, heavy: heavyImport && i == 0))
    }
    for _ in 0..<(1 + Int(random.next() % 3)) {
      script.append(user(Int(random.next() % UInt64(users)), 0, scale: 3))
    }
    if uniform(&random) < 0.5 { script.append(load(0, heavy: false)) }
    let scriptFrame = Frame(1, uniform(&random) * 0.05, script)
    var top = Frame(0, 0.0002, [scriptFrame])
    var functionCount = n
    if uniform(&random) < 0.4 {
      // `python -m`: exec runs `<string>`, whose runpy imports the package and then runs the
      // script's module with exec again, once, for most of the run (functions n, n + 1).
      functionCount = n + 2
      let runCode = Frame(n + 1, 0.0001, [Frame(0, 0.0001, [scriptFrame])])
      top = Frame(0, 0.0002, [Frame(n, 0.0001, [load(0, heavy: false), runCode])])
    }
    var tops = [top]
    if uniform(&random) < 0.2 { tops.append(Frame(4, 0.0001, [Frame(0, 0.0003)])) }
    return Program(shape: .importing, functionCount: functionCount, tops: tops)
  }

  // MARK: - Profiler bookkeeping

  /// One row of a replayed profile: a function's totals and its callers' values.
  public struct Entry {
    public var function: Int
    public var cc: Int64
    public var nc: Int64
    public var tt: Double
    public var ct: Double
    public var callers: [(caller: Int, nc: Int64, cc: Int64, tt: Double, ct: Double)]
  }

  /// `_lsprof`'s bookkeeping: per function and per caller edge, calls, primitive calls,
  /// inline time (every call) and cumulative time (outermost calls only).
  public static func entries(of program: Program) -> [Entry] {
    struct Counter {
      var level = 0
      var total = 0.0
      var inline = 0.0
      var calls: Int64 = 0
      var recursive: Int64 = 0
    }
    var entries: [Int: Counter] = [:]
    var order: [Int] = []
    var edges: [Int: [Int: Counter]] = [:]
    var edgeOrder: [Int: [Int]] = [:]
    func run(_ frame: Frame, _ parent: Int?) {
      if entries[frame.function] == nil {
        entries[frame.function] = Counter()
        order.append(frame.function)
      }
      entries[frame.function]!.level += 1
      if let parent {
        if edges[parent]?[frame.function] == nil {
          edges[parent, default: [:]][frame.function] = Counter()
          edgeOrder[parent, default: []].append(frame.function)
        }
        edges[parent]![frame.function]!.level += 1
      }
      for child in frame.children { run(child, frame.function) }
      func close(_ c: inout Counter) {
        c.level -= 1
        if c.level == 0 { c.total += frame.inclusive } else { c.recursive += 1 }
        c.inline += frame.selfTime
        c.calls += 1
      }
      close(&entries[frame.function]!)
      if let parent { close(&edges[parent]![frame.function]!) }
    }
    for top in program.tops { run(top, nil) }
    var callers: [Int: [(Int, Int64, Int64, Double, Double)]] = [:]
    for p in order {
      for f in edgeOrder[p] ?? [] {
        let e = edges[p]![f]!
        callers[f, default: []].append((p, e.calls, e.calls - e.recursive, e.inline, e.total))
      }
    }
    return order.map { f in
      let e = entries[f]!
      return Entry(
        function: f, cc: e.calls - e.recursive, nc: e.calls, tt: e.inline, ct: e.total,
        callers: callers[f] ?? [])
    }
  }

  /// The profile as cProfile (`countsOnly` false) or the pure-Python `profile` module
  /// (`countsOnly` true: caller values are call counts) would write it. The `profile`
  /// module runs everything under its own frame: pass a program with a single top.
  public static func profile(of program: Program, countsOnly: Bool = false) -> Profile {
    var builder = CallGraphBuilder()
    func index(_ f: Int) -> Int32 {
      builder.function(FunctionName(file: "t.py", line: 1, name: "f\(f)"))
    }
    let rows = entries(of: program)
    for row in rows {
      let callers = row.callers.map { c in
        countsOnly
          ? CallGraphBuilder.Edge(caller: index(c.caller), nc: c.nc, cc: c.nc, tt: 0, ct: 0)
          : CallGraphBuilder.Edge(caller: index(c.caller), nc: c.nc, cc: c.cc, tt: c.tt, ct: c.ct)
      }
      builder.setEntry(
        index(row.function), stats: .init(cc: row.cc, nc: row.nc, tt: row.tt, ct: row.ct),
        callers: callers)
    }
    if countsOnly { builder.edgeValues = .counts }
    let graph = builder.build()
    return Profile(
      graph: graph, sources: [],
      pstats: PstatsMetadata(flavor: countsOnly ? .profile : .cprofile, graph: graph))
  }

  /// The program under one frame of a function of its own, as the `profile` module records
  /// everything under its `profiler` frame.
  public static func underProfilerFrame(_ program: Program) -> Program {
    var wrapped = program
    wrapped.tops = [Frame(program.functionCount, 0, program.tops)]
    wrapped.functionCount += 1
    return wrapped
  }

  /// The true time of every tree path, direct recursion folded as the estimator folds it (a
  /// direct self-call is merged into its caller's node). A call back into an ancestor through
  /// other functions continues the path, the function twice on it, as the estimator grows an
  /// exact re-entry; `foldedTruth` keeps the paths without one.
  public static func truth(of program: Program) -> [[Int]: Double] {
    var result: [[Int]: Double] = [:]
    func walk(_ frame: Frame, _ path: [Int]) {
      var next = path
      if path.last != frame.function {
        next.append(frame.function)
        result[next, default: 0] += frame.inclusive
      }
      for child in frame.children { walk(child, next) }
    }
    for top in program.tops { walk(top, []) }
    return result
  }

  /// The true time of the paths that hold no function twice: the tree as the baseline
  /// estimator grows it, a call back into an ancestor ending the path.
  public static func foldedTruth(of program: Program) -> [[Int]: Double] {
    truth(of: program).filter(\.key.isWithoutRepeats)
  }

  /// The program's profile and truth in `baseline_trees.py`'s input schema.
  public static func baselineInput(_ program: Program, countsOnly: Bool) -> [String: Any] {
    let name = { (f: Int) in "f\(f)" }
    let entries = entries(of: program).map { row -> [Any] in
      let callers = row.callers.map { c -> [Any] in
        [name(c.caller), countsOnly ? c.nc as Any : [c.nc, c.cc, c.tt, c.ct] as Any]
      }
      return [name(row.function), row.cc, row.nc, row.tt, row.ct, callers]
    }
    let truth = foldedTruth(of: program).map { path, time -> [Any] in [path.map(name), time] }
    return ["entries": entries, "truth": truth]
  }
}

extension Array where Element == Int {
  /// Whether no function occurs twice on the path (no re-entry).
  public var isWithoutRepeats: Bool { Set(self).count == count }
}
