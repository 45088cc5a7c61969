// A C interface to simdjson for flamewalk's JSON formats: a Chrome trace is read in one pass
// of simdjson's on-demand API into a compact array of events whose strings are interned, so
// Swift never builds a dictionary of the whole file; the other JSON formats (speedscope,
// pyinstrument, V8 CPU profiles) are parsed whole by its DOM parser, and Swift walks its
// tape.
#ifndef CSIMDJSON_H
#define CSIMDJSON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// One trace event as flamewalk reads it. String fields are indices into the trace's
/// string table, -1 when the field is missing or not a string.
typedef struct fw_trace_event {
  double ts;    ///< NaN when missing or not a number
  double dur;   ///< `dur`, else `tdur`; NaN when neither is a number
  int32_t name;
  int32_t file;   ///< `args.filename`
  int32_t label;  ///< `args.name` (thread and process names of `M` events)
  int32_t pid;    ///< the pid as text ("" when missing)
  int32_t thread; ///< pid NUL tid as text
  char ph;        ///< the phase's first character, '?' for longer phases, 0 when missing
} fw_trace_event;

typedef struct fw_trace fw_trace;

/// Reads a trace: a JSON array of events or an object with `traceEvents`. The array is
/// found by a scan that follows strings and nesting, then read a few megabytes of elements
/// at a time, so simdjson's index stays small; with `mapped`, the pages of `data` already
/// read are given back to the kernel (`data` must then be a private file mapping). Returns
/// NULL when the JSON is not a trace; then `error` holds one line and `*error_offset` the
/// byte offset (or -1). An array cut off before its `]` is closed after its last complete
/// element, as trace viewers do (`*repaired` = 1). `progress`, when not NULL, hears with
/// `context` how far reading got after each few megabytes.
fw_trace *fw_trace_parse(const uint8_t *data, size_t length, int mapped, char *error,
                         size_t error_capacity, int64_t *error_offset, int *repaired,
                         void (*progress)(void *context, size_t offset), void *context);
size_t fw_trace_event_count(const fw_trace *trace);
const fw_trace_event *fw_trace_events(const fw_trace *trace);
size_t fw_trace_string_count(const fw_trace *trace);
/// The string at `index` (UTF-8, not NUL-terminated), its length in `*length`.
const char *fw_trace_string(const fw_trace *trace, size_t index, size_t *length);
void fw_trace_free(fw_trace *trace);

/// A whole JSON document parsed by simdjson's DOM parser into its tape: one 64-bit word per
/// value (two per number), containers holding the index just past their end, strings in a
/// separate buffer (docs/json.md has the layout).
typedef struct fw_json fw_json;

/// Parses `data` (strict RFC 8259; nesting limited only by the size). Returns NULL on an
/// error; then `error` holds one line and `*error_offset` the byte offset where the problem
/// shows (or -1).
fw_json *fw_json_parse(const uint8_t *data, size_t length, char *error, size_t error_capacity,
                       int64_t *error_offset);
/// The tape and its length in words.
const uint64_t *fw_json_tape(const fw_json *json, size_t *count);
/// The string buffer the tape's string words point into.
const uint8_t *fw_json_strings(const fw_json *json);
void fw_json_free(fw_json *json);

#ifdef __cplusplus
}
#endif

#endif
