// libFuzzer's entry for programs that have their own main (the fuzz targets do: SwiftPM
// links every executable through a main of its own). Declared here so Swift can call it;
// it is defined by libFuzzer, linked in by -sanitize=fuzzer.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
