import ProfileModel

/// `i`: library frames (site-packages, the standard library, frozen importlib, built-ins —
/// `LibraryFrames`' patterns) folded into their callers, or shown again. The folded tree is
/// built on the first press and both are kept; the selection and the zoom carry over by
/// call path, the library functions left out of it.
extension ExplorerState {
  mutating func toggleLibraryFrames() {
    guard !recursionCollapsed else {
      message = "i: press r first to show recursion as recorded — library frames fold from it"
      return
    }
    let hidden = libraryFlags ?? libraryFrames.flags(for: profile.graph)
    libraryFlags = hidden
    if otherLibraryTree == nil {
      guard hidden.contains(true) else {
        message =
          "no library frames: no function's file matches the library patterns (--library)"
        return
      }
      otherLibraryTree = CallTreeBuilder.hidingFrames(hidden, of: tree)
    }
    guard let next = otherLibraryTree else { return }
    let hiding = !librariesHidden
    otherLibraryTree = tree
    alternateTree = nil
    // Hiding: the library functions leave the paths (a path's first function stays).
    showTree(next) { path in
      guard hiding else { return path }
      return path.enumerated().filter { $0.offset == 0 || !hidden[Int($0.element)] }.map(\.element)
    }
    librariesHidden = hiding
    message =
      hiding
      ? "library frames hidden: their own time is a (library) row under their callers — i shows them"
      : "library frames shown — i hides them"
  }
}
