/// One event of the Trace Event Format, as far as flamewalk reads it: duration events (`B`,
/// `E`, `X`) build frames, `M` events name threads and processes; other phases are counted
/// and ignored. Every field is optional and decoded leniently — a field of an unexpected
/// type is treated as missing, as the reference viewers do.
struct TraceEvent: Decodable {
  var name: String?
  var ph: String?
  var ts: Double?
  var dur: Double?
  var tdur: Double?
  var pid: String
  var tid: String
  /// `args.filename` (py-spy), or `args.name` of a metadata event.
  var file: String?
  var label: String?

  private enum Keys: String, CodingKey { case name, ph, ts, dur, tdur, pid, tid, args }
  private enum ArgumentKeys: String, CodingKey { case filename, name }

  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: Keys.self)
    name = try? c.decodeIfPresent(String.self, forKey: .name)
    ph = try? c.decodeIfPresent(String.self, forKey: .ph)
    ts = try? c.decodeIfPresent(Double.self, forKey: .ts)
    dur = try? c.decodeIfPresent(Double.self, forKey: .dur)
    tdur = try? c.decodeIfPresent(Double.self, forKey: .tdur)
    pid = Self.identifier(c, .pid)
    tid = Self.identifier(c, .tid)
    if let args = try? c.nestedContainer(keyedBy: ArgumentKeys.self, forKey: .args) {
      file = try? args.decodeIfPresent(String.self, forKey: .filename)
      label = try? args.decodeIfPresent(String.self, forKey: .name)
    }
  }

  /// A pid or tid as an opaque key: integers, strings and other numbers alike.
  private static func identifier(_ c: KeyedDecodingContainer<Keys>, _ key: Keys) -> String {
    if let n = try? c.decodeIfPresent(Int64.self, forKey: key) { return String(n) }
    if let s = try? c.decodeIfPresent(String.self, forKey: key) { return s }
    if let d = try? c.decodeIfPresent(Double.self, forKey: key) { return String(d) }
    return ""
  }
}

/// The object form of a trace: `{"traceEvents": [...], …}`.
struct TraceEventObject: Decodable {
  var traceEvents: [TraceEvent]
}
