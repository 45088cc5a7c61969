import ProfileModel
import Screen

/// A search: the pattern, the matching nodes largest first, the current one, and the share
/// of time they cover (time under a match that itself sits under a match counts once).
public struct SearchState: Sendable {
  public var pattern: String
  public var matches: [Int]
  public var matchSet: Set<Int>
  /// The functions whose names match (the time-order chart marks their calls).
  public var functions: Set<Int32> = []
  public var index: Int
  public var shareOfZoom: Double
  public var shareOfTotal: Double
  public var error: String?
  /// The zoom `shareOfZoom` is about.
  public var zoomRoot = 0
}

extension ExplorerState {
  mutating func handlePromptKey(_ key: Key) {
    guard var text = prompt else { return }
    switch key {
    case .escape:
      prompt = nil
      return
    case .enter:
      prompt = nil
      if promptPurpose == .export {
        if text.isEmpty { message = "export cancelled" } else { requestExport(text) }
        return
      }
      if text.isEmpty {
        search = nil
      } else {
        runSearch(text)
      }
      prepareView()
      return
    case .backspace:
      if !text.isEmpty { text.removeLast() }
    case .control("u"):
      text = ""
    case .character(let c):
      text.unicodeScalars.append(c)
    case .resize(let w, let h):
      width = w
      height = h
    default:
      break
    }
    prompt = text
  }

  /// Searches every function node of the tree (expanded up to a bound) by name.
  mutating func runSearch(_ pattern: String) {
    let matcher: FunctionSearch
    do {
      matcher = try FunctionSearch(pattern)
    } catch {
      search = SearchState(
        pattern: pattern, matches: [], matchSet: [], index: -1, shareOfZoom: 0, shareOfTotal: 0,
        error: "invalid regular expression")
      message = "invalid regular expression: \(pattern)"
      return
    }
    tree.expandAll(below: tree.top, limit: 200_000)
    var matchedFunctions: [Int32: Bool] = [:]
    var matches: [Int] = []
    for node in 0..<tree.count where tree.isFunctionFrame(node) {
      let f = tree.function[node]
      let hit: Bool
      if let known = matchedFunctions[f] {
        hit = known
      } else {
        hit = matcher.matches(function: Int(f), in: profile.graph)
        matchedFunctions[f] = hit
      }
      if hit { matches.append(node) }
    }
    matches.sort { tree.total[$0] != tree.total[$1] ? tree.total[$0] > tree.total[$1] : $0 < $1 }
    let set = Set(matches)
    var state = SearchState(
      pattern: pattern, matches: matches, matchSet: set, index: -1, shareOfZoom: 0,
      shareOfTotal: 0)
    state.shareOfTotal = matchedTime(under: tree.top, set) / max(tree.total[tree.top], 1e-300)
    state.shareOfZoom = matchedTime(under: zoomRoot, set) / max(tree.total[zoomRoot], 1e-300)
    state.zoomRoot = zoomRoot
    state.functions = Set(matchedFunctions.compactMap { $0.value ? $0.key : nil })
    search = state
    if matches.isEmpty {
      message = "no match for /\(pattern)/"
    } else if view == .timeOrder {
      applyChart(.nextMatch)
    } else {
      stepMatch(1)
    }
  }

  /// Keeps "x% of zoom" about the zoom on screen: recomputed when the zoom changed.
  mutating func refreshMatchedShare() {
    guard var state = search, state.zoomRoot != zoomRoot, state.error == nil else { return }
    state.shareOfZoom =
      matchedTime(under: zoomRoot, state.matchSet) / max(tree.total[zoomRoot], 1e-300)
    state.zoomRoot = zoomRoot
    search = state
  }

  /// "Matched: x% of zoom (y% of total) · /pattern/".
  public func matchSummary(_ state: SearchState) -> String {
    func percent(_ x: Double) -> String {
      let value = (x * 1000).rounded() / 10
      return "\(value)%"
    }
    return
      "Matched: \(percent(state.shareOfZoom)) of zoom (\(percent(state.shareOfTotal)) of total) · /\(state.pattern)/"
  }

  /// The time of the outermost matches at or below `node`.
  func matchedTime(under node: Int, _ set: Set<Int>) -> Double {
    if set.contains(node) { return tree.total[node] }
    var sum = 0.0
    var stack = Array(tree.children(node))
    while let n = stack.popLast() {
      if set.contains(n) {
        sum += tree.total[n]
      } else {
        stack += tree.children(n)
      }
    }
    return sum
  }

  mutating func stepMatch(_ step: Int) {
    guard var state = search, !state.matches.isEmpty else {
      message = search == nil ? "no search: press / to search" : "no match"
      return
    }
    state.index = (state.index + step + state.matches.count) % state.matches.count
    search = state
    // A match is selected, never zoomed into: Enter zooms when the person asks.
    select(state.matches[state.index], reveal: true, zoomToShow: false)
    state.shareOfZoom =
      matchedTime(under: zoomRoot, state.matchSet) / max(tree.total[zoomRoot], 1e-300)
    state.zoomRoot = zoomRoot
    search = state
    message = matchSummary(state) + " · match \(state.index + 1)/\(state.matches.count)"
  }
}
