#ifndef FLAMEWALK_CMEMORY_H
#define FLAMEWALK_CMEMORY_H

/// Makes glibc map every block of at least `bytes` on its own, so that freeing it returns the
/// memory to the system at once (no-op where malloc is not glibc's).
void flamewalk_map_blocks_from(int bytes);

/// Asks for the cache line at `address` to be loaded, without waiting for it (a hint: it
/// never faults, whatever the address).
static inline void flamewalk_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
