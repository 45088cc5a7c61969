// Chrome trace events read with simdjson's on-demand API (see include/csimdjson.h).
#include "csimdjson.h"

#include <simdjson.h>

#include <emmintrin.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

using namespace simdjson;

struct fw_trace {
  std::vector<fw_trace_event> events;
  /// A deque never moves its strings, so the index can hold views of them.
  std::deque<std::string> strings;
  std::unordered_map<std::string_view, int32_t> index;

  int32_t intern(std::string_view text) {
    auto found = index.find(text);
    if (found != index.end()) return found->second;
    int32_t id = static_cast<int32_t>(strings.size());
    strings.emplace_back(text);
    index.emplace(strings.back(), id);
    return id;
  }
};

namespace {

struct Failure {
  std::string message;
  int64_t offset;
};

/// A pid or tid as text: integers in decimal, other numbers shortest, strings as they are.
std::string identifier(ondemand::value value) {
  ondemand::json_type type;
  if (value.type().get(type)) return "";
  if (type == ondemand::json_type::string) {
    std::string_view text;
    if (!value.get_string().get(text)) return std::string(text);
    return "";
  }
  if (type != ondemand::json_type::number) return "";
  std::string_view raw = value.raw_json_token();
  while (!raw.empty() && std::strchr(" \t\r\n", raw.back())) raw.remove_suffix(1);
  bool integer = !raw.empty() && raw.size() < 19;
  for (size_t i = 0; i < raw.size() && integer; i++)
    integer = (raw[i] >= '0' && raw[i] <= '9') || (i == 0 && raw[i] == '-' && raw.size() > 1);
  if (integer) return std::string(raw);
  ondemand::number parsed;
  if (value.get_number().get(parsed)) return "";
  if (parsed.is_int64()) return std::to_string(parsed.get_int64());
  if (parsed.is_uint64()) return std::to_string(parsed.get_uint64());
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, parsed.as_double());
  return std::string(buffer, result.ptr);
}

double number(ondemand::value value) {
  double result;
  if (value.get_double().get(result)) return NAN;
  return result;
}

int32_t string(fw_trace &trace, ondemand::value value) {
  std::string_view text;
  if (value.get_string().get(text)) return -1;
  return trace.intern(text);
}

/// Reads the events of `array` into `trace`; false with `failure` set on bad JSON.
bool read_events(ondemand::array array, fw_trace &trace, const char *base,
                 ondemand::document &document, Failure &failure) {
  auto fail = [&](error_code code, const char *what) {
    const char *location = nullptr;
    failure.offset = document.current_location().get(location) ? -1 : location - base;
    failure.message = std::string(what) + ": " + error_message(code);
    return false;
  };
  size_t count = trace.events.size();
  std::string lastPid, lastTid;
  int32_t lastPidId = -1, lastThreadId = -1;
  for (auto element : array) {
    count++;
    ondemand::object object;
    if (auto code = element.get_object().get(object)) {
      if (code == INCORRECT_TYPE) {
        failure.offset = -1;
        failure.message = "event " + std::to_string(count) + " is not an object";
        return false;
      }
      return fail(code, "not valid JSON");
    }
    fw_trace_event event{NAN, NAN, -1, -1, -1, -1, -1, 0};
    std::string pid, tid;
    double tdur = NAN;
    for (auto field : object) {
      std::string_view key;
      if (auto code = field.unescaped_key().get(key)) return fail(code, "not valid JSON");
      ondemand::value value;
      if (auto code = field.value().get(value)) return fail(code, "not valid JSON");
      if (key == "name") {
        event.name = string(trace, value);
      } else if (key == "ph") {
        std::string_view phase;
        if (!value.get_string().get(phase) && !phase.empty())
          event.ph = phase.size() == 1 ? phase[0] : '?';
      } else if (key == "ts") {
        event.ts = number(value);
      } else if (key == "dur") {
        event.dur = number(value);
      } else if (key == "tdur") {
        tdur = number(value);
      } else if (key == "pid") {
        pid = identifier(value);
      } else if (key == "tid") {
        tid = identifier(value);
      } else if (key == "args") {
        ondemand::object args;
        if (value.get_object().get(args)) continue;
        for (auto argument : args) {
          std::string_view name;
          if (auto code = argument.unescaped_key().get(name)) return fail(code, "not valid JSON");
          ondemand::value argumentValue;
          if (auto code = argument.value().get(argumentValue)) return fail(code, "not valid JSON");
          if (name == "filename") event.file = string(trace, argumentValue);
          else if (name == "name") event.label = string(trace, argumentValue);
        }
      }
    }
    if (std::isnan(event.dur)) event.dur = tdur;
    if (lastPidId < 0 || pid != lastPid || tid != lastTid) {
      lastPidId = trace.intern(pid);
      lastThreadId = trace.intern(pid + std::string(1, '\0') + tid);
      lastPid = pid;
      lastTid = tid;
    }
    event.pid = lastPidId;
    event.thread = lastThreadId;
    trace.events.push_back(event);
  }
  return true;
}

/// Where the events are: the `[` of the array (the document itself, or the value of a
/// top-level `traceEvents` key), found by a scan that follows strings and nesting.
struct ArrayStart {
  size_t offset;
  const char *problem;
};

size_t skip_space(const char *data, size_t length, size_t i) {
  while (i < length && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
    i++;
  return i;
}

/// The end of the string that starts at `i` (its closing quote + 1), or `length`.
size_t skip_string(const char *data, size_t length, size_t i) {
  for (i++; i < length; i++) {
    if (data[i] == '\\') {
      i++;
    } else if (data[i] == '"') {
      return i + 1;
    }
  }
  return length;
}

/// Calls `visit(index, byte)` for each `{ } [ ] ,` outside strings from `from` on, until it
/// returns false or the data ends. Sixteen bytes at a time: SSE2 compares find the bytes
/// that matter (quotes and backslashes inside strings, brackets and commas outside).
template <typename Visit>
void scan_structure(const char *data, size_t from, size_t length, Visit &&visit) {
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'),
                openBrace = _mm_set1_epi8('{'), closeBrace = _mm_set1_epi8('}'),
                openBracket = _mm_set1_epi8('['), closeBracket = _mm_set1_epi8(']'),
                comma = _mm_set1_epi8(',');
  bool inString = false;
  size_t i = from;
  while (i < length) {
    if (length - i < 16) {
      char c = data[i];
      if (inString) {
        if (c == '\\') i++;
        else if (c == '"') inString = false;
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '}' || c == '[' || c == ']' || c == ',') {
        if (!visit(i, c)) return;
      }
      i++;
      continue;
    }
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + i));
    unsigned quotes = _mm_movemask_epi8(_mm_cmpeq_epi8(v, quote));
    unsigned stringMask = quotes | _mm_movemask_epi8(_mm_cmpeq_epi8(v, backslash));
    unsigned structureMask =
        quotes | _mm_movemask_epi8(_mm_or_si128(
                     _mm_or_si128(_mm_cmpeq_epi8(v, openBrace), _mm_cmpeq_epi8(v, closeBrace)),
                     _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, openBracket),
                                               _mm_cmpeq_epi8(v, closeBracket)),
                                  _mm_cmpeq_epi8(v, comma))));
    unsigned below = 0;  // bits of the block already handled
    size_t next = i + 16;
    while (true) {
      unsigned mask = (inString ? stringMask : structureMask) & ~below & 0xFFFFu;
      if (!mask) break;
      unsigned bit = __builtin_ctz(mask);
      char c = data[i + bit];
      below = bit >= 15 ? 0xFFFFu : (2u << bit) - 1;
      if (inString) {
        if (c == '"') {
          inString = false;
        } else {  // a backslash: the next byte is escaped
          if (bit >= 14) {
            next = i + bit + 2;
            break;
          }
          below = (4u << bit) - 1;
        }
      } else if (c == '"') {
        inString = true;
      } else if (!visit(i + bit, c)) {
        return;
      }
    }
    i = next;
  }
}

ArrayStart find_events(const char *data, size_t length) {
  size_t i = 0;
  if (length >= 3 && static_cast<unsigned char>(data[0]) == 0xEF &&
      static_cast<unsigned char>(data[1]) == 0xBB && static_cast<unsigned char>(data[2]) == 0xBF)
    i = 3;
  i = skip_space(data, length, i);
  if (i < length && data[i] == '[') return {i, nullptr};
  if (i >= length || data[i] != '{')
    return {i, "a trace is a JSON array of events or an object with traceEvents"};
  // The top-level object: keys at depth 1, values skipped by nesting.
  int depth = 0;
  bool expectKey = false;
  for (; i < length; i++) {
    char c = data[i];
    if (c == '"') {
      size_t end = skip_string(data, length, i);
      if (depth == 1 && expectKey) {
        std::string_view key(data + i + 1, end > i + 1 ? end - i - 2 : 0);
        size_t colon = skip_space(data, length, end);
        if (colon < length && data[colon] == ':') {
          size_t value = skip_space(data, length, colon + 1);
          if (key == "traceEvents") {
            if (value < length && data[value] == '[') return {value, nullptr};
            return {value, "traceEvents is not an array"};
          }
          expectKey = false;
          i = colon;
          continue;
        }
      }
      i = end - 1;
    } else if (c == '{' || c == '[') {
      depth++;
      if (depth == 1) expectKey = true;
    } else if (c == '}' || c == ']') {
      depth--;
      if (depth == 0) break;
    } else if (c == ',' && depth == 1) {
      expectKey = true;
    }
  }
  return {length, "the object has no traceEvents"};
}

/// Reads the events of `chunk` (elements of the trace's array, `[` and `]` added) into
/// `trace`. Offsets in `failure` are made offsets in the file by `origin`.
bool read_chunk(ondemand::parser &parser, const padded_string &chunk, size_t used, size_t origin,
                fw_trace &trace, Failure &failure) {
  ondemand::document document;
  if (auto code = parser.iterate(chunk.data(), used, chunk.size() + SIMDJSON_PADDING).get(document)) {
    failure = {std::string("not valid JSON: ") + error_message(code), (int64_t)origin};
    return false;
  }
  ondemand::array array;
  if (auto code = document.get_array().get(array)) {
    failure = {std::string("not valid JSON: ") + error_message(code), (int64_t)origin};
    return false;
  }
  if (!read_events(array, trace, chunk.data(), document, failure)) {
    // The chunk starts with the added `[`: its byte 1 is the file's byte `origin`.
    if (failure.offset >= 0) failure.offset += (int64_t)origin - 1;
    return false;
  }
  return true;
}

}  // namespace

extern "C" fw_trace *fw_trace_parse(const uint8_t *bytes, size_t length, int mapped, char *error,
                                    size_t error_capacity, int64_t *error_offset, int *repaired,
                                    void (*progress)(void *context, size_t offset),
                                    void *context) {
  const char *data = reinterpret_cast<const char *>(bytes);
  *repaired = 0;
  *error_offset = -1;
  auto fail = [&](const std::string &message, int64_t offset) -> fw_trace * {
    std::snprintf(error, error_capacity, "%s", message.c_str());
    *error_offset = offset;
    return nullptr;
  };
  ArrayStart start = find_events(data, length);
  if (start.problem) return fail(start.problem, (int64_t)start.offset);
  auto trace = new fw_trace();
  trace->events.reserve(length / 48 + 16);  // address space only: pages are touched as used
  // The array's elements, a few megabytes at a time: simdjson indexes one chunk, not the
  // whole file, and the pages of a mapped file are given back once read.
  const size_t chunkSize = 4 << 20;
  const size_t page = (size_t)sysconf(_SC_PAGESIZE);
  ondemand::parser parser;
  // Room for a chunk and the two brackets added, but no more than the whole file needs: a
  // small file allocates a small buffer. A chunk ends at the first comma past `chunkSize`,
  // so a long element can make it longer; `flush` then grows the buffer.
  padded_string chunk(std::min(chunkSize * 2, length + 2));
  size_t i = start.offset + 1;
  size_t elementsStart = skip_space(data, length, i);
  size_t lastElementEnd = elementsStart;  // end of the last complete element
  int depth = 1;
  bool closed = false;
  auto flush = [&](size_t end) -> bool {
    if (end <= elementsStart) return true;
    size_t size = end - elementsStart;
    if (size + 2 > chunk.size()) chunk = padded_string(size + 2);
    chunk.data()[0] = '[';
    std::memcpy(chunk.data() + 1, data + elementsStart, size);
    chunk.data()[size + 1] = ']';
    Failure failure{"", -1};
    if (!read_chunk(parser, chunk, size + 2, elementsStart, *trace, failure)) {
      fail(failure.message, failure.offset);
      return false;
    }
    if (mapped && end > page) {
      size_t done = (end / page) * page;
      madvise(const_cast<char *>(data), done, MADV_DONTNEED);
    }
    elementsStart = skip_space(data, length, end + 1);
    if (progress) progress(context, end);
    return true;
  };
  bool failed = false;
  scan_structure(data, i, length, [&](size_t at, char c) {
    if (c == '{' || c == '[') {
      depth++;
    } else if (c == '}' || c == ']') {
      depth--;
      if (depth == 1) lastElementEnd = at + 1;
      if (depth == 0) {
        closed = true;
        failed = !flush(at);
        return false;
      }
    } else if (depth == 1) {  // a comma between elements
      lastElementEnd = at;
      if (at - elementsStart >= chunkSize && !flush(at)) {
        failed = true;
        return false;
      }
    }
    return true;
  });
  if (failed) {
    delete trace;
    return nullptr;
  }
  if (!closed) {
    // A writer that died: the complete elements are read, the array closed, as trace
    // viewers do; a half-written last element is left out.
    size_t end = lastElementEnd;
    while (end > elementsStart && (data[end - 1] == ',' || data[end - 1] == ' ' ||
                                   data[end - 1] == '\n' || data[end - 1] == '\r' ||
                                   data[end - 1] == '\t'))
      end--;
    if (!flush(end)) {
      delete trace;
      return nullptr;
    }
    *repaired = 1;
  }
  trace->events.shrink_to_fit();
  return trace;
}

extern "C" size_t fw_trace_event_count(const fw_trace *trace) { return trace->events.size(); }

extern "C" const fw_trace_event *fw_trace_events(const fw_trace *trace) {
  return trace->events.data();
}

extern "C" size_t fw_trace_string_count(const fw_trace *trace) { return trace->strings.size(); }

extern "C" const char *fw_trace_string(const fw_trace *trace, size_t index, size_t *length) {
  const std::string &text = trace->strings[index];
  *length = text.size();
  return text.data();
}

extern "C" void fw_trace_free(fw_trace *trace) { delete trace; }
