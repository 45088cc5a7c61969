// Whole JSON documents read with simdjson's DOM parser (see include/csimdjson.h). On an
// error, a second pass with the on-demand API (or, for errors simdjson finds before it has
// an index, a scan of the bytes) finds where the problem is.
#include "csimdjson.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>
#include <vector>

using namespace simdjson;

struct fw_json {
  /// The tape and strings; the parser that filled them (and its index of the input) is
  /// freed as soon as parsing ends.
  dom::document doc;
};

namespace {

/// The deepest nesting read: far beyond any profile (a 4 MB pyinstrument tree nests 40,000
/// frames), and only sizes two arrays of simdjson's that are never touched beyond the depth
/// the document reaches.
constexpr size_t deepest = size_t(1) << 24;

/// One short line per simdjson error code, in flamewalk's words.
const char *describe(error_code code) {
  switch (code) {
    case TAPE_ERROR: return "a comma, colon, brace or bracket is missing or out of place";
    case INCOMPLETE_ARRAY_OR_OBJECT: return "the document ends inside an array or object";
    case NUMBER_ERROR: return "a number is malformed or out of range";
    case STRING_ERROR: return "a string has a bad escape";
    case T_ATOM_ERROR:
    case F_ATOM_ERROR:
    case N_ATOM_ERROR:
    case INCORRECT_TYPE: return "an unexpected character";
    case UTF8_ERROR: return "the text is not valid UTF-8";
    case UNCLOSED_STRING: return "a string is not closed";
    case UNESCAPED_CHARS: return "a control character inside a string";
    case DEPTH_ERROR: return "nested more than 16,777,216 levels deep";
    case EMPTY: return "the document is empty";
    case CAPACITY: return "larger than 4 GiB, the most simdjson reads at once";
    case MEMALLOC: return "not enough memory to read it";
    default: return error_message(code);
  }
}

/// The offset of the first byte that is not valid UTF-8 (RFC 3629: no overlong forms, no
/// surrogates, nothing above U+10FFFF), or -1.
int64_t invalid_utf8(const uint8_t *data, size_t length) {
  size_t i = 0;
  while (i < length) {
    uint8_t b = data[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    size_t extra;
    uint8_t low = 0x80, high = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
      extra = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      extra = 2;
      if (b == 0xE0) low = 0xA0;
      if (b == 0xED) high = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      extra = 3;
      if (b == 0xF0) low = 0x90;
      if (b == 0xF4) high = 0x8F;
    } else {
      return int64_t(i);
    }
    if (i + extra >= length) return int64_t(i);
    for (size_t k = 1; k <= extra; k++) {
      uint8_t c = data[i + k];
      if (c < (k == 1 ? low : 0x80) || c > (k == 1 ? high : 0xBF)) return int64_t(i);
    }
    i += extra + 1;
  }
  return -1;
}

/// For the errors found before simdjson indexes the document: where a string that never
/// closes opens, or the first control character inside a string.
int64_t string_problem(const uint8_t *data, size_t length, error_code code) {
  bool inside = false;
  size_t opened = 0;
  for (size_t i = 0; i < length; i++) {
    uint8_t b = data[i];
    if (!inside) {
      if (b == '"') {
        inside = true;
        opened = i;
      }
    } else if (b == '\\') {
      i++;
    } else if (b == '"') {
      inside = false;
    } else if (b < 0x20 && code == UNESCAPED_CHARS) {
      return int64_t(i);
    }
  }
  return inside ? int64_t(opened) : -1;
}

/// A container being walked by `locate`.
struct Level {
  bool object;
  bool started = false;
  ondemand::object_iterator field, fields_end;
  ondemand::array_iterator element, elements_end;
};

/// Reads every value of the document with the on-demand API, iteratively, and returns the
/// offset where the first error shows (-1 when it finds none).
int64_t locate(const uint8_t *data, size_t length) {
  ondemand::parser parser(std::max<size_t>(length, 64));
  padded_string json(reinterpret_cast<const char *>(data), length);
  ondemand::document doc;
  if (parser.iterate(json).get(doc)) return -1;
  std::vector<Level> stack;
  // Where the value being read starts: a bad string is reported at its start, not after it.
  const char *value_start = nullptr;
  auto where = [&](error_code code) -> int64_t {
    if (code == INCOMPLETE_ARRAY_OR_OBJECT) return int64_t(length);
    if (code == STRING_ERROR && value_start) return int64_t(value_start - json.data());
    const char *at = nullptr;
    if (doc.current_location().get(at)) return int64_t(length);
    return int64_t(at - json.data());
  };
  auto open_object = [&](ondemand::object object) -> error_code {
    Level level;
    level.object = true;
    if (auto e = object.begin().get(level.field)) return e;
    if (auto e = object.end().get(level.fields_end)) return e;
    stack.push_back(level);
    return SUCCESS;
  };
  auto open_array = [&](ondemand::array array) -> error_code {
    Level level;
    level.object = false;
    if (auto e = array.begin().get(level.element)) return e;
    if (auto e = array.end().get(level.elements_end)) return e;
    stack.push_back(level);
    return SUCCESS;
  };
  // Reads a scalar, or opens a container to walk next.
  auto visit = [&](auto &value) -> error_code {
    if (doc.current_location().get(value_start)) value_start = nullptr;
    ondemand::json_type type;
    if (auto e = value.type().get(type)) return e;
    switch (type) {
      case ondemand::json_type::object: {
        ondemand::object object;
        if (auto e = value.get_object().get(object)) return e;
        return open_object(object);
      }
      case ondemand::json_type::array: {
        ondemand::array array;
        if (auto e = value.get_array().get(array)) return e;
        return open_array(array);
      }
      case ondemand::json_type::number: {
        ondemand::number number;
        return value.get_number().get(number);
      }
      case ondemand::json_type::string: {
        std::string_view text;
        return value.get_string().get(text);
      }
      case ondemand::json_type::boolean: {
        bool flag;
        return value.get_bool().get(flag);
      }
      case ondemand::json_type::null: {
        bool null;
        if (auto e = value.is_null().get(null)) return e;
        return null ? SUCCESS : N_ATOM_ERROR;
      }
    }
    return SUCCESS;
  };
  if (auto e = visit(doc)) return where(e);
  while (!stack.empty()) {
    Level &level = stack.back();
    error_code e = SUCCESS;
    if (level.object) {
      if (level.started) ++level.field;
      level.started = true;
      if (level.field == level.fields_end) {
        stack.pop_back();
        continue;
      }
      ondemand::field field;
      e = (*level.field).get(field);
      std::string_view key;
      if (!e) e = field.unescaped_key().get(key);
      if (!e) {
        ondemand::value value = field.value();
        e = visit(value);
      }
    } else {
      if (level.started) ++level.element;
      level.started = true;
      if (level.element == level.elements_end) {
        stack.pop_back();
        continue;
      }
      ondemand::value value;
      e = (*level.element).get(value);
      if (!e) e = visit(value);
    }
    if (e) return where(e);
  }
  const char *rest = nullptr;
  if (!doc.current_location().get(rest)) return int64_t(rest - json.data());
  return -1;
}

}  // namespace

fw_json *fw_json_parse(const uint8_t *data, size_t length, char *error, size_t error_capacity,
                       int64_t *error_offset) {
  *error_offset = -1;
  auto fail = [&](const char *message) -> fw_json * {
    std::snprintf(error, error_capacity, "%s", message);
    return nullptr;
  };
  auto *json = new (std::nothrow) fw_json();
  if (!json) return fail(describe(MEMALLOC));
  if (length > 0xFFFFFFFFull) {
    delete json;
    return fail(describe(CAPACITY));
  }
  size_t depth = std::min(length / 2 + 2, deepest);
  error_code code = SUCCESS;
  {
    dom::parser parser;
    code = parser.allocate(std::max<size_t>(length, 64), depth);
    dom::element root;
    if (!code) code = parser.parse_into_document(json->doc, data, length, true).get(root);
  }
  if (!code) return json;
  delete json;
  switch (code) {
    case UTF8_ERROR: *error_offset = invalid_utf8(data, length); break;
    case UNCLOSED_STRING:
    case UNESCAPED_CHARS: *error_offset = string_problem(data, length, code); break;
    case EMPTY:
    case CAPACITY:
    case MEMALLOC: break;
    default: *error_offset = locate(data, length);
  }
  return fail(describe(code));
}

const uint64_t *fw_json_tape(const fw_json *json, size_t *count) {
  const dom::document &doc = json->doc;
  // The root word's payload is the index of the closing root word.
  *count = size_t(doc.tape[0] & internal::JSON_VALUE_MASK) + 1;
  return doc.tape.get();
}

const uint8_t *fw_json_strings(const fw_json *json) { return json->doc.string_buf.get(); }

void fw_json_free(fw_json *json) { delete json; }
