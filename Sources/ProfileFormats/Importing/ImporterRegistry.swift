import ProfileModel

/// Every format flamewalk reads, and how an input is matched to one: each importer looks at
/// the first bytes and says yes, no or "need more"; when several say yes the file's
/// extension decides, then the order here. Input no importer claims fails with one line
/// that says what it looks like and what flamewalk reads.
public enum ImporterRegistry {
  /// The importers, most specific first.
  public static let importers: [any ProfileImporter.Type] = [
    PstatsImporter.self, SpeedscopeImporter.self, PyinstrumentImporter.self,
    PyinstrumentSessionImporter.self, CPUProfileImporter.self, TraceEventImporter.self,
    PerfScriptImporter.self, AustinImporter.self, PprofImporter.self, CallgrindImporter.self,
    FoldedImporter.self,
  ]

  /// How many first bytes recognition looks at: enough for the first line of a deep folded
  /// stack, small enough to decide before a device or pipe is read any further.
  public static let prefixLength = 1 << 20

  /// The importer for `format` (nil for `.auto`).
  public static func importer(for format: InputFormat) -> (any ProfileImporter.Type)? {
    importers.first { $0.format == format }
  }

  /// The formats flamewalk reads, for messages: "pstats (…), folded stacks (…)".
  public static var formatList: String {
    importers.map { $0.summary }.joined(separator: "; ")
  }

  /// The importer whose format `prefix` is in, or the error that says why none is.
  /// `isWholeInput` says that `prefix` is all there is.
  public static func recognize(
    _ prefix: UnsafeBufferPointer<UInt8>, isWholeInput: Bool, path: String
  ) throws(InputError) -> any ProfileImporter.Type {
    var claims: [any ProfileImporter.Type] = []
    for importer in importers where importer.recognize(prefix, isWholeInput: isWholeInput) == .yes {
      claims.append(importer)
    }
    let fileExtension = path.split(separator: "/").last.flatMap { name in
      name.contains(".") ? name.split(separator: ".").last.map { $0.lowercased() } : nil
    }
    if let fileExtension,
      let preferred = claims.first(where: { $0.fileExtensions.contains(fileExtension) })
    {
      return preferred
    }
    if let first = claims.first { return first }
    if let known = UnknownInput.knownFileType(prefix) {
      throw unclaimed(known, path: path)
    }
    // A marshal value that is not a dict is a pstats file with the wrong root: say that.
    if let marshal = PstatsImporter.nonDictRootError(prefix, isWholeInput: isWholeInput) {
      var named = marshal
      named.path = path
      throw named
    }
    throw unclaimed(UnknownInput.describe(prefix, isWholeInput: isWholeInput), path: path)
  }

  private static func unclaimed(_ looks: String, path: String) -> InputError {
    InputError(
      .unsupported, .none,
      "not a profile flamewalk reads: it looks like \(looks). flamewalk reads \(formatList)",
      path: path)
  }

  /// Reads `paths` in `format` (recognised per file when `.auto`) into one profile. The
  /// files must share one format; each is opened once.
  public static func load(_ paths: [String], format: InputFormat) throws(InputError) -> Profile {
    var files: [InputFile] = []
    var chosen: (any ProfileImporter.Type)?
    var firstPath = ""
    for path in paths {
      // A pipe or device must look like a profile before more of it is read.
      let file = try InputFile(path: path, prefixLength: prefixLength) {
        (prefix, isWhole) throws(InputError) in
        if format == .auto { _ = try recognize(prefix, isWholeInput: isWhole, path: path) }
      }
      let reader: any ProfileImporter.Type
      if let forced = importer(for: format) {
        reader = forced
      } else {
        reader = try file.withBytes { (bytes) throws(InputError) in
          let prefix = UnsafeBufferPointer(rebasing: bytes.prefix(prefixLength))
          return try recognize(prefix, isWholeInput: prefix.count == bytes.count, path: path)
        }
      }
      if let chosen, chosen.format != reader.format {
        throw InputError(
          .unsupported, .none,
          "is \(reader.format.rawValue) but \(firstPath) is \(chosen.format.rawValue); "
            + "only files of one format merge", path: path)
      }
      if chosen == nil { firstPath = path }
      chosen = reader
      files.append(file)
    }
    guard let chosen else { throw InputError(.unreadable, .none, "no input file") }
    return try chosen.read(files)
  }
}
