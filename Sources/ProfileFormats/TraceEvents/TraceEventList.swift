import CSimdjson
import ProfileModel

/// The events of a Chrome trace as simdjson reads them (Sources/CSimdjson): one compact
/// record per event, their strings interned once, held by the C side and read in place.
/// The JSON is never held as a tree, and a trace cut off before its closing `]` is closed
/// after its last complete event, as trace viewers do.
final class TraceEventList {
  private let trace: OpaquePointer
  let events: UnsafeBufferPointer<fw_trace_event>
  let strings: [String]
  /// Whether the array had to be closed.
  let repaired: Bool

  /// Reads the trace in `bytes`; with `mapped` (a private mapping of the file), the pages
  /// already read are given back to the kernel as reading goes on.
  init(_ bytes: UnsafeBufferPointer<UInt8>, mapped: Bool) throws(InputError) {
    var message = [CChar](repeating: 0, count: 512)
    var offset: Int64 = -1
    var repairedFlag: Int32 = 0
    let empty: [UInt8] = [0]
    let reporter = OffsetReporter()
    let parsed = empty.withUnsafeBufferPointer { placeholder in
      fw_trace_parse(
        bytes.baseAddress ?? placeholder.baseAddress!, bytes.count, mapped ? 1 : 0, &message,
        message.count, &offset, &repairedFlag,
        { context, offset in
          Unmanaged<OffsetReporter>.fromOpaque(context!).takeUnretainedValue()
            .meter.reached(offset)
        }, Unmanaged.passUnretained(reporter).toOpaque())
    }
    reporter.meter.reached(bytes.count)
    reporter.meter.flush()
    guard let parsed else {
      let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
      throw InputError(.schema, offset >= 0 ? .offset(Int(offset)) : .none, text)
    }
    trace = parsed
    events = UnsafeBufferPointer(
      start: fw_trace_events(parsed), count: fw_trace_event_count(parsed))
    strings = (0..<fw_trace_string_count(parsed)).map { i in
      var length = 0
      let pointer = fw_trace_string(parsed, i, &length)!
      return String(
        decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }
    repaired = repairedFlag != 0
  }

  deinit { fw_trace_free(trace) }
}

/// Where the C reader's progress goes: the current load's meter.
private final class OffsetReporter {
  var meter = ReadMeter()
}
