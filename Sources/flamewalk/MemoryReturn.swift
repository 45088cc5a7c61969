import CMemory

/// How freed memory goes back to the system. Loading a large profile grows arrays by doubling
/// and lets go of the read-time indexes; with glibc's defaults, blocks of up to 32 MB come
/// from the heap and stay with the process once freed, so the peak memory of a load is the
/// sum of much that it held only for a while. Blocks of 128 KB and more (glibc's starting
/// threshold, kept fixed) are mapped on their own
/// instead, so that freeing one returns it at once (docs/benchmarks.md).
enum MemoryReturn {
  static func returnLargeBlocksAtOnce() {
    flamewalk_map_blocks_from(128 << 10)
  }
}
