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

  static func render(_ diff: ProfileDiff, theme: Theme, title: String) -> String {
    var tree = diff.newTree
    let colorblind = theme.name == "colorblind"
    let amounts = DiffReport.amounts(diff)
    return FlameSVG.render(
      &tree, root: tree.top, theme: theme, title: title, unit: diff.metric.unit
    ) { node in
      guard let i = diff.path(ofNewNode: node), diff.paths[i].baseCumulative > 0 else {
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
