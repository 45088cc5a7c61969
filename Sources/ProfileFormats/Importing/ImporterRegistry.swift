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

  /// The formats flamewalk reads, for messages: their `--input-format` names.
  public static var formatList: String {
    let names: [String] = importers.map { importer in importer.format.rawValue }
    let list = names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
    return list + " (`flamewalk tree --help` says who writes each)"
  }

  /// Every format's `--input-format` name and what writes it, for help texts.
  public static var formatHelp: String {
    let entries: [String] = importers.map { importer in
      importer.format.rawValue + ": " + importer.summary
    }
    return entries.joined(separator: "; ")
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

  /// Reads `paths` in `format` (recognised per file when `.auto`) into one profile. Files of
  /// one format merge as that format's tools merge them; stack profiles of different
  /// formats merge when their metrics agree (`Profile.mergingStacks`). Each file is opened
  /// once.
  public static func load(_ paths: [String], format: InputFormat) throws(InputError) -> Profile {
    var groups: [(importer: any ProfileImporter.Type, files: [InputFile])] = []
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
      if let g = groups.firstIndex(where: { $0.importer.format == reader.format }) {
        groups[g].files.append(file)
      } else {
        groups.append((reader, [file]))
      }
    }
    guard !groups.isEmpty else { throw InputError(.unreadable, .none, "no input file") }
    var profiles: [Profile] = []
    for group in groups {
      profiles.append(try group.importer.read(group.files))
      for file in group.files { file.progress?.finish() }
    }
    guard profiles.count > 1 else { return profiles[0] }
    do {
      return try Profile.mergingStacks(profiles)
    } catch {
      let formats = groups.map { "\($0.files[0].path) is \($0.importer.format.rawValue)" }
      throw InputError(
        .unsupported, .none,
        "\(formats.joined(separator: ", ")): \(error.description)", path: nil)
    }
  }
}
