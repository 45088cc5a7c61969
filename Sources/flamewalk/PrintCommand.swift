import ArgumentParser
import ProfileFormats
import ProfileModel

/// `flamewalk print`: Python's pstats tables, identical to `pstats.Stats(...).print_stats()`
/// (and `print_callers` / `print_callees`) apart from the code-object memory addresses.
struct PrintCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "print",
    abstract: "Print the pstats table of one or more profiles, exactly as Python's pstats does.",
    discussion: """
      Several files are merged as pstats.Stats(a, b, ...) merges them. Sort keys are those of \
      pstats.Stats.sort_stats and their unique prefixes: \
      \(PstatsSortOrder.keyNames.joined(separator: ", ")), or -1, 0, 1, 2. \
      `--sort none` keeps the file order ("Random listing order").
      Each --limit is an int (that many lines), a fraction in [0, 1) (that share of the lines) \
      or a regular expression searched in the function names; they apply in order.
      """
  )

  @Argument(help: "pstats files (cProfile, profile, yappi, pstats.dump_stats, Python 2 or 3).")
  var files: [String]

  // `.unconditional`: the value may start with a dash (`--sort -1`, pstats' legacy keys).
  @Option(
    name: .long, parsing: .unconditionalSingleValue,
    help: "Sort key (repeat for secondary keys). Default: cumulative.")
  var sort: [String] = []

  @Option(
    name: .long, parsing: .singleValue,
    help: "Restrict the listing: N lines, a FRACTION of them, or a REGEX (repeatable).")
  var limit: [String] = []

  @Flag(help: "Also print who called each listed function (print_callers).")
  var callers = false

  @Flag(help: "Also print what each listed function called (print_callees).")
  var callees = false

  @Flag(name: .customLong("strip-dirs"), help: "Strip directories from file names (strip_dirs).")
  var stripDirectories = false

  @Flag(help: "Reverse the sorted order (reverse_order).")
  var reverse = false

  func sortOrder() throws -> PstatsSortOrder? {
    let words = sort.isEmpty ? ["cumulative"] : sort
    if words == ["none"] { return nil }
    guard let order = PstatsSortOrder(words) else {
      throw UsageError(
        message: "unknown sort key in \(words.joined(separator: " ")); use one of "
          + PstatsSortOrder.keyNames.joined(separator: ", ")
          + " (or a unique prefix), -1, 0, 1, 2 or none")
    }
    return order
  }

  func run() throws {
    let order = try sortOrder()
    // Each file is opened once (a pipe or FIFO can be read only once).
    var profile = try ProfileLoading.load(files)
    if profile.stacks != nil {
      throw InputError(
        .unsupported, .none,
        "folded stacks hold no pstats table; use `flamewalk tree` or `flamewalk` for them",
        path: files.first)
    }
    if stripDirectories { profile = profile.strippingDirectories() }
    let report = PstatsReport(profile: profile)
    let listing = report.listing(
      order: order, reversed: reverse, restrictions: limit.map(PstatsRestriction.init))
    var out = report.stats(listing)
    if callers { out += report.callers(listing) }
    if callees { out += report.callees(listing) }
    try StandardOutput.write(out)
  }
}
