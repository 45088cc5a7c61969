import Explorer
import Foundation

/// Finds and reads the source lines the explorer's source view shows. A profile names files
/// as the profiled program saw them — often relative to where it ran, or absolute on another
/// machine — so the lookup tries, in order: the path itself (absolute, or relative to the
/// current directory), then each `--source-root` and each profile's directory joined with
/// the path, and for an absolute path with its last components (`…/pkg/mod.py`).
struct SourceFile {
  /// Directories to look in: the `--source-root`s first, then the profiles' own directories.
  var roots: [String]

  init(sourceRoots: [String], profilePaths: [String]) {
    var roots = sourceRoots
    for path in profilePaths {
      let directory = (path as NSString).deletingLastPathComponent
      roots.append(directory.isEmpty ? "." : directory)
    }
    var seen = Set<String>()
    self.roots = roots.filter { seen.insert($0).inserted }
  }

  /// The paths tried for `path`, in order.
  func candidates(for path: String) -> [String] {
    var result = [path]
    let components = path.split(separator: "/").map(String.init)
    for root in roots {
      if path.hasPrefix("/") {
        // The last 1…4 components under the root: a tree checked out somewhere else.
        for count in stride(from: min(4, components.count), through: 1, by: -1) {
          result.append(
            (root as NSString).appendingPathComponent(
              components.suffix(count).joined(separator: "/")))
        }
      } else {
        result.append((root as NSString).appendingPathComponent(path))
      }
    }
    var seen = Set<String>()
    return result.filter { seen.insert($0).inserted }
  }

  /// The lines of the first candidate that is a readable file under 16 MB, and the paths
  /// tried.
  func lookUp(_ path: String) -> SourceText {
    let tried = candidates(for: path)
    for candidate in tried {
      if let lines = Self.lines(candidate) {
        return SourceText(lines: lines, path: candidate, tried: tried)
      }
    }
    return SourceText(lines: nil, path: nil, tried: tried)
  }

  static func lines(_ path: String) -> [String]? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      !isDirectory.boolValue,
      let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      let size = attributes[.size] as? Int, size < 16 << 20,
      let data = FileManager.default.contents(atPath: path)
    else { return nil }
    return String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
  }
}
