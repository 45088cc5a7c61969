import CMemory

/// How freed memory goes back to the system. Loading a large profile grows arrays by doubling
/// and lets go of the read-time indexes; with glibc's defaults, blocks of up to 32 MB come
/// from the heap and stay with the process once freed, so the peak memory of a load is the
/// sum of much that it held only for a while. Blocks of 4 MB and more are mapped on their own
/// instead, so that freeing one returns it at once (1.6 M distinct frames: 229 MB, not 262;
/// docs/benchmarks.md). Smaller blocks stay in the heap: mapping those too (glibc's 128 KB)
/// made the explorer's larger keys 2 ms slower, every temporary array a fresh page fault.
enum MemoryReturn {
  static func returnLargeBlocksAtOnce() {
    flamewalk_map_blocks_from(4 << 20)
  }
}
