import Foundation
import ProfileModel

/// Writes a caller graph as a pstats file — what `cProfile`'s `dump_stats` writes, a marshal
/// dict `{(file, line, name): (cc, nc, tt, ct, {caller: (nc, cc, tt, ct)})}` — that
/// `python -m pstats`, snakeviz and flamewalk read. A pstats file's own graph is written as
/// it was read; a stack profile's graph (own time, time counted once per stack, per caller
/// the same) is written with call counts of 0: stacks record no calls, and pstats leaves the
/// per-call columns of such entries blank. pstats times are seconds, so only profiles whose
/// weights are times can be written.
public enum PstatsWriter {
  /// Why a profile cannot be written as pstats.
  public struct Unsupported: Error, Sendable {
    public var message: String
  }

  /// The pstats bytes of `graph`, whose weights are in `unit`.
  public static func bytes(_ graph: CallGraph, unit: WeightUnit) throws(Unsupported) -> [UInt8] {
    guard unit == .seconds else {
      throw Unsupported(
        message: "pstats files hold seconds; this profile measures \(unit.rawValue) "
          + "(write folded stacks or speedscope instead)")
    }
    var out = MarshalWriter()
    out.bytes.append(UInt8(ascii: "{"))
    for f in 0..<graph.entryCount {
      out.function(graph.name(of: f))
      out.tupleHeader(5)
      out.integer(graph.cc[f])
      out.integer(graph.nc[f])
      out.float(graph.tt[f])
      out.float(graph.ct[f])
      out.bytes.append(UInt8(ascii: "{"))
      for e in graph.incoming(f) {
        out.function(graph.name(of: Int(graph.edgeCaller[e])))
        if graph.edgeValues == .counts {
          out.integer(graph.edgeNC[e])
        } else {
          out.tupleHeader(4)
          out.integer(graph.edgeNC[e])
          out.integer(graph.edgeCC[e])
          out.float(graph.edgeValues == .timed ? graph.edgeTT[e] : 0)
          out.float(graph.edgeCT[e])
        }
      }
      out.bytes.append(UInt8(ascii: "0"))
    }
    out.bytes.append(UInt8(ascii: "0"))
    return out.bytes
  }
}

/// The few marshal types a pstats dict needs (format version 2 and later: binary floats).
struct MarshalWriter {
  var bytes: [UInt8] = []

  mutating func int32(_ value: Int32) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func tupleHeader(_ count: Int) {
    bytes.append(UInt8(ascii: "("))
    int32(Int32(count))
  }

  /// An int: `i` and 32 bits where it fits, else a long — `l`, the digit count (negative
  /// for a negative number) and base-2¹⁵ digits, least significant first.
  mutating func integer(_ value: Int64) {
    if let small = Int32(exactly: value) {
      bytes.append(UInt8(ascii: "i"))
      int32(small)
      return
    }
    var magnitude = value.magnitude
    var digits: [UInt16] = []
    while magnitude > 0 {
      digits.append(UInt16(magnitude & 0x7FFF))
      magnitude >>= 15
    }
    bytes.append(UInt8(ascii: "l"))
    int32(Int32(value < 0 ? -digits.count : digits.count))
    for digit in digits { withUnsafeBytes(of: digit.littleEndian) { bytes.append(contentsOf: $0) } }
  }

  /// A float: `g` and the IEEE 754 double, little-endian.
  mutating func float(_ value: Double) {
    bytes.append(UInt8(ascii: "g"))
    withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
  }

  /// A str: `u`, the UTF-8 length and bytes.
  mutating func string(_ text: String) {
    bytes.append(UInt8(ascii: "u"))
    let utf8 = Array(text.utf8)
    int32(Int32(clamping: utf8.count))
    bytes.append(contentsOf: utf8)
  }

  /// A function key: `(file, line, name)`.
  mutating func function(_ name: FunctionName) {
    tupleHeader(3)
    string(name.file)
    integer(name.line)
    string(name.name)
  }
}
