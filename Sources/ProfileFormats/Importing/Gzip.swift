import CZlib

/// gzip decompression through zlib, bounded: the output may not grow past a limit, so a
/// small file that claims gigabytes (a "zip bomb") fails with one line instead of eating
/// the machine.
enum Gzip {
  /// The largest output `decompress` produces for `compressedSize` bytes of input: 64 times
  /// the input (profiles compress 5–15 times) and at least 64 MiB, at most 1 GiB — so a
  /// kilobyte-sized "zip bomb" stops at 64 MiB.
  static func limit(compressedSize: Int) -> Int {
    compressedSize >= (1 << 30) / 64 ? 1 << 30 : max(64 << 20, compressedSize * 64)
  }

  /// Whether `bytes` start with gzip's magic number.
  static func isGzip(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
  }

  /// The decompressed bytes of the gzip stream(s) in `bytes`, at most `limit` of them.
  /// With `partial`, stops quietly at the limit or where the input ends (for recognising a
  /// prefix); otherwise either is an error. Concatenated gzip members are read in turn.
  static func decompress(
    _ bytes: UnsafeBufferPointer<UInt8>, limit: Int? = nil, partial: Bool = false
  ) throws(InputError) -> [UInt8] {
    let limit = limit ?? Self.limit(compressedSize: bytes.count)
    guard bytes.count < Int(UInt32.max), let base = bytes.baseAddress else {
      if bytes.isEmpty { return [] }
      throw InputError(.badLength, .none, "gzip input over 4 GiB")
    }
    var stream = z_stream()
    // 15 window bits + 16: gzip only.
    guard
      inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
    else { throw InputError(.unreadable, .none, "zlib could not start") }
    defer { inflateEnd(&stream) }
    stream.next_in = UnsafeMutablePointer(mutating: base)
    stream.avail_in = UInt32(bytes.count)
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let status = chunk.withUnsafeMutableBufferPointer { buffer in
        stream.next_out = buffer.baseAddress
        stream.avail_out = UInt32(buffer.count)
        return inflate(&stream, Z_NO_FLUSH)
      }
      let produced = chunk.count - Int(stream.avail_out)
      if output.count + produced > limit {
        if partial { return output + chunk[..<(limit - output.count)] }
        throw InputError(
          .badLength, .none, "the gzip data decompresses to more than \(limit >> 20) MiB")
      }
      output += chunk[..<produced]
      let offset = bytes.count - Int(stream.avail_in)
      switch status {
      case Z_STREAM_END:
        // Another member may follow (concatenated gzip files); anything else ends it.
        guard offset + 1 < bytes.count, bytes[offset] == 0x1F, bytes[offset + 1] == 0x8B,
          inflateReset(&stream) == Z_OK
        else { return output }
      case Z_OK where stream.avail_in > 0 || stream.avail_out == 0:
        continue
      case Z_OK, Z_BUF_ERROR:
        if partial { return output }
        throw InputError(.truncated, .offset(bytes.count), "the gzip data ends early")
      default:
        if partial { return output }
        throw InputError(.badValue, .offset(offset), "corrupt gzip data")
      }
    }
  }
}
