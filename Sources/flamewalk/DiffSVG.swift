import Explorer
import Foundation
import Layout
import ProfileFormats
import ProfileModel

/// The differential flame graph of `flamewalk diff --to svg`: the new run's flame graph,
/// every frame coloured by how much its call path's time changed against the base run
/// (warm: slower, cool: faster, grey: within 0.2% of the base run), its tooltip giving the
/// change. Frames the base run does not have are marked new.
enum DiffSVG {
  /// The share of the run below which call-graph trees are pruned, the same for the diff and
  /// the drawing so that every frame drawn finds its path.
  static let minimumFraction = 0.0002

  static func render(_ diff: ProfileDiff, new: Profile, theme: Theme, title: String) -> String {
    var tree = CallTreeBuilder.tree(
      for: new,
      parameters: CallTreeParameters(minimumFraction: minimumFraction, maximumDepth: 1_000_000))
    tree.expandAll(below: tree.top, limit: 400_000)
    // The drawing holds the tree while it asks for colours: paths are looked up in a copy.
    let grown = tree
    let colorblind = theme.name == "colorblind"
    let amounts = DiffReport.amounts(diff)
    // Each node's path in the diff, top down (parents are laid out before their children).
    var pathOf = [Int](repeating: -1, count: grown.count)
    var known = [Bool](repeating: false, count: grown.count)
    func path(_ node: Int) -> Int? {
      if node == grown.top { return -1 }
      guard node < grown.count else { return nil }
      if known[node] { return pathOf[node] >= 0 ? pathOf[node] : nil }
      known[node] = true
      guard let parent = path(Int(grown.parent[node])),
        let found = diff.path(extending: parent, by: grown.stackFrame(node))
      else { return nil }
      pathOf[node] = found
      return found
    }
    return FlameSVG.render(
      &tree, root: tree.top, theme: theme, title: title, unit: new.weightUnit
    ) { node in
      guard let i = path(node), diff.paths[i].baseCumulative > 0 else {
        return (FlameSVG.changeColor(1, colorblind: colorblind), "new in this run")
      }
      let change = diff.paths[i].cumulativeChange
      let share = diff.baseTotal > 0 ? change / diff.baseTotal : 0
      return (
        FlameSVG.changeColor(share, colorblind: colorblind),
        "change \(amounts.signed(change)) (\(amounts.share(change)) of the base run)"
      )
    }
  }
}
