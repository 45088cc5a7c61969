/// How functions of two runs are taken to be the same function when runs are compared.
public enum FunctionMatching: String, Sendable, CaseIterable {
  /// By name alone (files moved, or differ between machines).
  case name
  /// By the file's base name and the function's name: line numbers may move between runs,
  /// and the same file may sit in another directory (another checkout, another machine,
  /// a relative path in one profile and an absolute one in the other). The default.
  case nameAndFile = "name+file"
  /// By file, line and name.
  case exact

  /// The identity of `f` under this matching: two functions match when their keys are equal.
  public func key(_ f: FunctionName) -> FunctionName {
    switch self {
    case .name: FunctionName(file: "", line: 0, name: f.name)
    case .nameAndFile: FunctionName(file: FunctionName.baseName(f.file), line: 0, name: f.name)
    case .exact: f
    }
  }

  /// The keys of every function of `graph`, in graph order (each file's base name found
  /// once).
  public func keys(_ graph: CallGraph) -> [FunctionName] {
    var baseNames: [Int32: String] = [:]
    return (0..<graph.entryCount).map { f in
      let function = graph.functions[f]
      switch self {
      case .name: return FunctionName(file: "", line: 0, name: graph.strings[function.name])
      case .nameAndFile:
        let file =
          baseNames[function.file]
          ?? {
            let name = FunctionName.baseName(graph.strings[function.file])
            baseNames[function.file] = name
            return name
          }()
        return FunctionName(file: file, line: 0, name: graph.strings[function.name])
      case .exact: return graph.name(of: f)
      }
    }
  }
}
