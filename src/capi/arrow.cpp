// hoctap_set_evaluate_arrow: columns in and out through the Arrow C Data Interface.
// Input columns whose layout is hoctap's own (int64, float64, date32 days) are handed to
// the batch engine in place, at their offset; the others are converted once. Results are
// exported as a struct array whose every child owns its buffers, so a consumer may move
// children out and release them independently, as the specification allows.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "capi/capi_internal.hpp"
#include "hoctap/batch.hpp"
#include "util/escape.hpp"
#include "util/float32.hpp"

namespace hoctap::capi {
namespace {

// HOCTAP_ERROR_BATCH with catalog message `id` (arrow.…).
[[noreturn]] void bad_batch(std::string_view id, std::initializer_list<internal::Arg> args = {}) {
  throw Failure(HOCTAP_ERROR_BATCH, internal::tr(id, args));
}

bool bit(const void* bitmap, std::int64_t i) {
  return (static_cast<const std::uint8_t*>(bitmap)[i >> 3] >> (i & 7)) & 1;
}

// ---- reading ------------------------------------------------------------------------------

// Storage for the converted columns of one call.
struct Converted {
  std::vector<std::vector<std::int64_t>> ints;
  std::vector<std::vector<double>> doubles;
  std::vector<std::vector<std::int32_t>> int32s;
  std::vector<std::vector<std::uint8_t>> bytes;
};

// A converted column's storage: never empty, since evaluate_batch takes a null data
// pointer for a column without data, and an empty batch's columns are columns too.
template <class T>
T* keep(std::vector<std::vector<T>>& store, std::size_t rows) {
  store.emplace_back(std::max<std::size_t>(rows, 1));
  return store.back().data();
}

// The data of a column read in place in an empty batch, whose own buffer may be null.
constexpr std::int64_t kNoRows[1] = {0};

template <class From, class To>
To* widen(std::vector<std::vector<To>>& store, const void* data, std::int64_t offset, std::size_t rows) {
  To* out = keep(store, rows);
  const From* in = static_cast<const From*>(data) + offset;
  for (std::size_t i = 0; i < rows; ++i) out[i] = static_cast<To>(in[i]);
  return out;
}

// The codes of a dictionary-encoded column whose indices are `Index`es: each index's code
// among the dictionary's strings (`dictionary`, `length` of them), -1 for a null.
template <class Index>
void dictionary_codes(const ArrowArray& a, std::int64_t off, std::size_t rows, const std::vector<std::int32_t>& dictionary,
                      std::int32_t* codes, const std::string& name) {
  const Index* index = static_cast<const Index*>(a.buffers[1]) + off;
  const auto length = static_cast<std::uint64_t>(dictionary.size());
  for (std::size_t i = 0; i < rows; ++i) {
    if (a.buffers[0] != nullptr && a.null_count != 0 && !bit(a.buffers[0], off + static_cast<std::int64_t>(i))) {
      codes[i] = -1;
      continue;
    }
    const Index k = index[i];
    if (static_cast<std::uint64_t>(k) >= length) bad_batch("arrow.index_range", {name, std::to_string(k), std::to_string(i)});
    codes[i] = dictionary[static_cast<std::size_t>(k)];
  }
}

void need_buffers(const ArrowArray& a, std::int64_t n, const std::string& name) {
  if (a.n_buffers != n || a.buffers == nullptr) bad_batch("arrow.buffers", {name, std::to_string(a.n_buffers), std::to_string(n)});
  for (std::int64_t i = 1; i < n; ++i)
    if (a.buffers[i] == nullptr && a.length > 0) bad_batch("arrow.no_data", {name});
}

// Strings (utf8 "u" or large utf8 "U") from index `offset` on, as codes into `labels`.
void strings_to_codes(const ArrowArray& a, bool large, std::int64_t offset, std::size_t rows, std::int32_t* codes,
                      std::vector<std::string>& labels, const std::string& name) {
  need_buffers(a, 3, name);
  std::unordered_map<std::string_view, std::int32_t> index;
  const char* chars = static_cast<const char*>(a.buffers[2]);
  for (std::size_t i = 0; i < rows; ++i) {
    std::int64_t r = offset + static_cast<std::int64_t>(i);
    if (a.buffers[0] != nullptr && a.null_count != 0 && !bit(a.buffers[0], r)) {
      codes[i] = -1;
      continue;
    }
    std::int64_t begin = large ? static_cast<const std::int64_t*>(a.buffers[1])[r] : static_cast<const std::int32_t*>(a.buffers[1])[r];
    std::int64_t end = large ? static_cast<const std::int64_t*>(a.buffers[1])[r + 1] : static_cast<const std::int32_t*>(a.buffers[1])[r + 1];
    if (begin < 0 || end < begin || (end > begin && chars == nullptr)) bad_batch("arrow.offsets", {name, std::to_string(i)});
    std::string_view text(end > begin ? chars + begin : "", static_cast<std::size_t>(end - begin));
    auto [it, fresh] = index.emplace(text, static_cast<std::int32_t>(labels.size()));
    if (fresh) {
      if (labels.size() >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) bad_batch("arrow.distinct", {name});
      labels.emplace_back(text);
    }
    codes[i] = it->second;
  }
}

Column read_column(const ArrowSchema& s, const ArrowArray& a, std::int64_t parent_offset, std::size_t rows, Converted& c) {
  if (s.name == nullptr || *s.name == '\0') bad_batch("arrow.no_name");
  std::string name = s.name;
  if (s.format == nullptr) bad_batch("arrow.no_format", {name});
  if (a.release == nullptr) bad_batch("arrow.released", {name});
  // The rows read are [a.offset + parent_offset, … + rows), and a string column's offsets
  // one past: every sum below stays within 64 bits (the batch's own offset and length are
  // not negative, arrow.negative).
  constexpr std::int64_t kMost = std::numeric_limits<std::int64_t>::max();
  const auto n = static_cast<std::int64_t>(rows);
  if (a.offset < 0 || parent_offset > kMost - n - 1 || a.offset > kMost - parent_offset - n - 1) bad_batch("arrow.offset_range", {name});
  if (a.length < parent_offset + n) bad_batch("arrow.short", {name});
  std::int64_t off = rows == 0 ? 0 : a.offset + parent_offset;  // an empty batch reads nothing
  std::string_view format = s.format;
  Column col;
  col.name = name;
  if (s.dictionary != nullptr) {
    // Dictionary-encoded strings: the indices are codes, the dictionary the labels.
    if (a.dictionary == nullptr || s.dictionary->format == nullptr) bad_batch("arrow.no_dictionary", {name});
    std::string_view dict_format = s.dictionary->format;
    if (dict_format != "u" && dict_format != "U") bad_batch("arrow.dictionary_type", {name, std::string(dict_format)});
    const ArrowArray& d = *a.dictionary;
    if (d.release == nullptr) bad_batch("arrow.released", {name});
    // Codes are 32-bit, and the dictionary's last offset (at d.offset + d.length) an index.
    if (d.length < 0 || d.offset < 0 || d.length > std::numeric_limits<std::int32_t>::max() ||
        d.offset > std::numeric_limits<std::int64_t>::max() - d.length - 1)
      bad_batch("arrow.dictionary_range", {name});
    std::vector<std::int32_t> dict_codes(static_cast<std::size_t>(d.length));
    std::vector<std::string> labels;
    strings_to_codes(d, dict_format == "U", d.offset, static_cast<std::size_t>(d.length), dict_codes.data(), labels, name);
    need_buffers(a, 2, name);
    std::int32_t* codes = keep(c.int32s, rows);
    // Signed indices as the specification prefers, unsigned as Polars writes its categoricals.
    if (format == "c") dictionary_codes<std::int8_t>(a, off, rows, dict_codes, codes, name);
    else if (format == "s") dictionary_codes<std::int16_t>(a, off, rows, dict_codes, codes, name);
    else if (format == "i") dictionary_codes<std::int32_t>(a, off, rows, dict_codes, codes, name);
    else if (format == "l") dictionary_codes<std::int64_t>(a, off, rows, dict_codes, codes, name);
    else if (format == "C") dictionary_codes<std::uint8_t>(a, off, rows, dict_codes, codes, name);
    else if (format == "S") dictionary_codes<std::uint16_t>(a, off, rows, dict_codes, codes, name);
    else if (format == "I") dictionary_codes<std::uint32_t>(a, off, rows, dict_codes, codes, name);
    else if (format == "L") dictionary_codes<std::uint64_t>(a, off, rows, dict_codes, codes, name);
    else bad_batch("arrow.index_type", {name, std::string(format)});
    col.type = Column::Type::codes;
    col.data = codes;
    col.labels = std::move(labels);
    return col;
  }
  if (format == "u" || format == "U") {
    std::int32_t* codes = keep(c.int32s, rows);
    strings_to_codes(a, format == "U", off, rows, codes, col.labels, name);
    col.type = Column::Type::codes;
    col.data = codes;
    return col;  // nulls are already code -1
  }
  need_buffers(a, 2, name);
  const void* data = rows == 0 ? kNoRows : a.buffers[1];
  if (format == "l") {
    col.type = Column::Type::int64;
    col.data = static_cast<const std::int64_t*>(data) + off;
  } else if (format == "g") {
    col.type = Column::Type::float64;
    col.data = static_cast<const double*>(data) + off;
  } else if (format == "tdD") {
    col.type = Column::Type::date_days;
    col.data = static_cast<const std::int32_t*>(data) + off;
  } else if (format == "tdm") {
    col.type = Column::Type::date_days;
    std::int32_t* days = keep(c.int32s, rows);
    const std::int64_t* ms = static_cast<const std::int64_t*>(data) + off;
    // Instants beyond the days a date holds (about 5.8 million years either way) read as
    // its first or last day, which every rule compares as it would the instant.
    constexpr std::int64_t kFirst = std::numeric_limits<std::int32_t>::min(), kLast = std::numeric_limits<std::int32_t>::max();
    for (std::size_t i = 0; i < rows; ++i) {
      const std::int64_t q = ms[i] / 86400000 - (ms[i] % 86400000 < 0 ? 1 : 0);
      days[i] = static_cast<std::int32_t>(std::clamp(q, kFirst, kLast));
    }
    col.data = days;
  } else if (format == "c" || format == "s" || format == "i" || format == "C" || format == "S" || format == "I") {
    col.type = Column::Type::int64;
    if (format == "c") col.data = widen<std::int8_t>(c.ints, data, off, rows);
    else if (format == "s") col.data = widen<std::int16_t>(c.ints, data, off, rows);
    else if (format == "i") col.data = widen<std::int32_t>(c.ints, data, off, rows);
    else if (format == "C") col.data = widen<std::uint8_t>(c.ints, data, off, rows);
    else if (format == "S") col.data = widen<std::uint16_t>(c.ints, data, off, rows);
    else col.data = widen<std::uint32_t>(c.ints, data, off, rows);
  } else if (format == "f") {
    col.type = Column::Type::float64;
    double* as_written = keep(c.doubles, rows);
    internal::floats_as_written(static_cast<const float*>(data) + off, rows, as_written);
    col.data = as_written;
  } else if (format == "b") {
    col.type = Column::Type::boolean;
    std::uint8_t* out = keep(c.bytes, rows);
    for (std::size_t i = 0; i < rows; ++i) out[i] = bit(data, off + static_cast<std::int64_t>(i)) ? 1 : 0;
    col.data = out;
  } else {
    bad_batch("arrow.type", {name, std::string(format)});
  }
  if (a.buffers[0] != nullptr && a.null_count != 0) {
    std::uint8_t* valid = keep(c.bytes, rows);
    for (std::size_t i = 0; i < rows; ++i) valid[i] = bit(a.buffers[0], off + static_cast<std::int64_t>(i)) ? 1 : 0;
    col.valid = valid;
  }
  return col;
}

// ---- writing ------------------------------------------------------------------------------

struct OwnedArray {
  std::vector<std::vector<std::uint8_t>> storage;
  std::vector<const void*> buffers;
  std::vector<ArrowArray*> children;
};

struct OwnedSchema {
  std::string format;
  std::string name;
  std::string metadata;  // Arrow's key-value encoding; empty: none
  std::vector<ArrowSchema*> children;
};

void release_array(ArrowArray* a) {
  auto* owned = static_cast<OwnedArray*>(a->private_data);
  for (ArrowArray* child : owned->children) {
    if (child->release != nullptr) child->release(child);  // not moved out by the consumer
    delete child;
  }
  delete owned;
  a->release = nullptr;
}

void release_schema(ArrowSchema* s) {
  auto* owned = static_cast<OwnedSchema*>(s->private_data);
  for (ArrowSchema* child : owned->children) {
    if (child->release != nullptr) child->release(child);
    delete child;
  }
  delete owned;
  s->release = nullptr;
}

void init_schema(ArrowSchema& s, std::unique_ptr<OwnedSchema> owned, bool nullable) {
  s.format = owned->format.c_str();
  s.name = owned->name.c_str();
  s.metadata = owned->metadata.empty() ? nullptr : owned->metadata.data();
  s.flags = nullable ? ARROW_FLAG_NULLABLE : 0;
  s.n_children = static_cast<std::int64_t>(owned->children.size());
  s.children = owned->children.empty() ? nullptr : owned->children.data();
  s.dictionary = nullptr;
  s.release = release_schema;
  s.private_data = owned.release();
}

void init_array(ArrowArray& a, std::unique_ptr<OwnedArray> owned, std::int64_t length, std::int64_t null_count) {
  a.length = length;
  a.null_count = null_count;
  a.offset = 0;
  a.n_buffers = static_cast<std::int64_t>(owned->buffers.size());
  a.buffers = owned->buffers.data();
  a.n_children = static_cast<std::int64_t>(owned->children.size());
  a.children = owned->children.empty() ? nullptr : owned->children.data();
  a.dictionary = nullptr;
  a.release = release_array;
  a.private_data = owned.release();
}

// The output struct's children, built one at a time; on an exception the unique_ptrs
// and the already-built children are freed.
class Builder {
 public:
  explicit Builder(std::size_t rows) : rows_(rows) {}
  ~Builder() {
    for (ArrowArray* a : arrays_) { if (a->release != nullptr) a->release(a); delete a; }
    for (ArrowSchema* s : schemas_) { if (s->release != nullptr) s->release(s); delete s; }
  }

  // Validity from a per-row predicate; no bitmap when every row is valid.
  template <class Valid>
  std::int64_t validity(OwnedArray& o, Valid valid) {
    std::vector<std::uint8_t> bits((rows_ + 7) / 8, 0);
    std::int64_t nulls = 0;
    for (std::size_t i = 0; i < rows_; ++i) {
      if (valid(i)) bits[i >> 3] |= static_cast<std::uint8_t>(1u << (i & 7));
      else ++nulls;
    }
    o.storage.push_back(nulls == 0 ? std::vector<std::uint8_t>() : std::move(bits));
    return nulls;
  }

  template <class T, class Value>
  void fixed(const std::string& name, const char* format, Value value) {
    auto o = std::make_unique<OwnedArray>();
    o->storage.emplace_back();  // no nulls
    std::vector<std::uint8_t> data(std::max<std::size_t>(rows_, 1) * sizeof(T));
    for (std::size_t i = 0; i < rows_; ++i) {
      T v = value(i);
      std::memcpy(data.data() + i * sizeof(T), &v, sizeof(T));
    }
    o->storage.push_back(std::move(data));
    add(name, format, std::move(o), 0, false);
  }

  void booleans(const std::string& name, const std::vector<std::uint8_t>& decision) {
    auto o = std::make_unique<OwnedArray>();
    o->storage.emplace_back();
    std::vector<std::uint8_t> bits(std::max<std::size_t>((rows_ + 7) / 8, 1), 0);
    for (std::size_t i = 0; i < rows_; ++i)
      if (decision[i] == static_cast<std::uint8_t>(Decision::recognized)) bits[i >> 3] |= static_cast<std::uint8_t>(1u << (i & 7));
    o->storage.push_back(std::move(bits));
    add(name, "b", std::move(o), 0, false);
  }

  // `text(i)` gives row i's string, or nullptr for null.
  template <class Text>
  void strings(const std::string& name, Text text) {
    auto o = std::make_unique<OwnedArray>();
    std::int64_t nulls = validity(*o, [&](std::size_t i) { return text(i) != nullptr; });
    std::vector<std::uint8_t> offsets((rows_ + 1) * sizeof(std::int32_t));
    std::vector<std::uint8_t> chars;
    std::int32_t at = 0;
    std::memcpy(offsets.data(), &at, sizeof at);
    for (std::size_t i = 0; i < rows_; ++i) {
      if (const std::string_view* t = text(i)) {
        if (chars.size() + t->size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
          bad_batch("arrow.result_too_large", {name});
        chars.insert(chars.end(), t->begin(), t->end());
        at = static_cast<std::int32_t>(chars.size());
      }
      std::memcpy(offsets.data() + (i + 1) * sizeof(std::int32_t), &at, sizeof at);
    }
    if (chars.empty()) chars.push_back(0);  // a valid, non-null data buffer
    o->storage.push_back(std::move(offsets));
    o->storage.push_back(std::move(chars));
    add(name, "u", std::move(o), nulls, true);
  }

  // `metadata`: the struct's, in Arrow's key-value encoding.
  void finish(ArrowSchema& out_schema, ArrowArray& out_array, std::string metadata) {
    auto schema = std::make_unique<OwnedSchema>();
    schema->format = "+s";
    schema->metadata = std::move(metadata);
    auto array = std::make_unique<OwnedArray>();
    array->buffers.push_back(nullptr);
    schema->children.reserve(schemas_.size());
    array->children.reserve(arrays_.size());
    schema->children = std::move(schemas_);
    array->children = std::move(arrays_);
    schemas_.clear();
    arrays_.clear();
    init_schema(out_schema, std::move(schema), false);
    init_array(out_array, std::move(array), static_cast<std::int64_t>(rows_), 0);
  }

 private:
  void add(const std::string& name, const char* format, std::unique_ptr<OwnedArray> o, std::int64_t nulls, bool nullable) {
    for (const auto& b : o->storage) o->buffers.push_back(b.empty() ? nullptr : b.data());
    auto s = std::make_unique<OwnedSchema>();
    s->format = format;
    s->name = name;
    schemas_.reserve(schemas_.size() + 1);
    arrays_.reserve(arrays_.size() + 1);
    auto* schema = new ArrowSchema;
    init_schema(*schema, std::move(s), nullable);
    schemas_.push_back(schema);
    auto* array = new ArrowArray;
    init_array(*array, std::move(o), static_cast<std::int64_t>(rows_), nulls);
    arrays_.push_back(array);
  }

  std::size_t rows_;
  std::vector<ArrowSchema*> schemas_;
  std::vector<ArrowArray*> arrays_;
};

// The C Data Interface's metadata: an int32 count of pairs, then each key and value as an
// int32 length and its bytes (native byte order).
void append_metadata(std::string& out, std::string_view key, std::string_view value) {
  if (value.size() > static_cast<std::size_t>(INT32_MAX)) bad_batch("arrow.metadata_size", {std::string(key)});
  auto put = [&](std::string_view bytes) {
    const auto n = static_cast<std::int32_t>(bytes.size());
    out.append(reinterpret_cast<const char*>(&n), sizeof n);
    out.append(bytes.data(), bytes.size());
  };
  std::int32_t pairs = 0;
  if (out.empty()) out.append(sizeof pairs, '\0');
  std::memcpy(&pairs, out.data(), sizeof pairs);
  ++pairs;
  std::memcpy(out.data(), &pairs, sizeof pairs);
  put(key);
  put(value);
}

// `,"key":` then `text` as a JSON string (null when `null_if_empty` and it is empty).
void append_member(std::string& out, std::string_view key, std::string_view text, bool null_if_empty = false) {
  out += ",\"";
  out += key;
  out += "\":";
  if (null_if_empty && text.empty()) out += "null";
  else internal::append_json_string(out, text);
}

// The batch's warnings (columns the set does not read, inputs no column gives) as a JSON
// array of {code, name, suggestion, message, message_vi}: the value of `hoctap.warnings`.
std::string warnings_json(const std::vector<InputWarning>& warnings) {
  std::string out = "[";
  for (const InputWarning& w : warnings) {
    if (out.size() > 1) out += ',';
    out += "{\"code\":";
    internal::append_json_string(out, w.code);
    append_member(out, "name", w.name);
    append_member(out, "suggestion", w.suggestion, true);
    append_member(out, "message", w.en);
    append_member(out, "message_vi", w.vi);
    out += '}';
  }
  return out + "]";
}

// Each data problem of the batch (BatchOptions::each_problem) as a JSON array of {row,
// input, code, message, message_vi}: the value of `hoctap.problems`.
std::string problems_json(const BatchResult& r) {
  std::string out = "[";
  for (std::size_t k = 0; k < r.problems.size(); ++k) {
    const DataProblem& p = r.problems[k];
    if (k != 0) out += ',';
    out += "{\"row\":" + std::to_string(r.problem_rows[k]);
    append_member(out, "input", p.input);
    append_member(out, "code", p.code);
    append_member(out, "message", p.en);
    append_member(out, "message_vi", p.vi);
    out += '}';
  }
  return out + "]";
}

// `r` comes from a batch evaluated with BatchOptions::float64 (and each_problem when
// `each_problem`).
void export_result(const CriteriaSet& set, const BatchResult& r, bool each_problem, ArrowSchema& out_schema, ArrowArray& out_array) {
  const std::size_t rows = r.rows;
  Builder b(rows);
  std::vector<std::string_view> decisions = {to_string(Decision::recognized), to_string(Decision::not_recognized),
                                             to_string(Decision::not_assessable)};
  b.strings("decision", [&](std::size_t i) { return &decisions.at(r.decision[i]); });
  b.booleans("recognized", r.decision);
  b.fixed<double>("total", "g", [&](std::size_t i) { return r.total[i]; });
  std::vector<std::string_view> grades(r.grades.begin(), r.grades.end());
  // A result leaves grade and level empty where the set fixes them (BatchResult).
  b.strings("grade", [&](std::size_t i) { return r.grade.empty() || r.grade[i] < 0 ? nullptr : &grades.at(static_cast<std::size_t>(r.grade[i])); });
  b.fixed<std::int32_t>("level", "i", [&](std::size_t i) { return r.level.empty() ? 0 : r.level[i]; });
  std::vector<std::string_view> statuses = {to_string(Status::met), to_string(Status::not_met),
                                            to_string(Status::not_applicable), to_string(Status::not_assessable)};
  for (std::size_t k = 0; k < r.node_index.size(); ++k) {
    const std::string& id = set.nodes().at(static_cast<std::size_t>(r.node_index[k])).id;
    b.fixed<double>(id + ".points", "g", [&](std::size_t i) { return r.node_points[k * rows + i]; });
    b.strings(id + ".status", [&](std::size_t i) { return &statuses.at(r.node_status[k * rows + i]); });
  }
  std::vector<std::string_view> errors(r.error_texts.begin(), r.error_texts.end());
  b.strings("error", [&](std::size_t i) -> const std::string_view* {
    auto at = std::lower_bound(r.error_rows.begin(), r.error_rows.end(), static_cast<std::int64_t>(i));  // rows ascend
    return at != r.error_rows.end() && *at == static_cast<std::int64_t>(i) ? &errors[static_cast<std::size_t>(at - r.error_rows.begin())] : nullptr;
  });
  std::string metadata;
  append_metadata(metadata, "hoctap.warnings", warnings_json(r.warnings));
  if (each_problem) append_metadata(metadata, "hoctap.problems", problems_json(r));
  b.finish(out_schema, out_array, std::move(metadata));
}

}  // namespace
}  // namespace hoctap::capi

extern "C" hoctap_status hoctap_set_evaluate_arrow(const hoctap_set* set, const ArrowSchema* schema, const ArrowArray* array,
                                                   const char* date, unsigned threads, unsigned flags,
                                                   ArrowSchema* out_schema, ArrowArray* out_array, hoctap_error** error) {
  using namespace hoctap;
  using namespace hoctap::capi;
  return guarded(error, [&] {
    require(set, "set");
    require(schema, "schema");
    require(array, "array");
    require(out_schema, "out_schema");
    require(out_array, "out_array");
    BatchOptions options;
    options.assessment_date = day_of(date);
    options.lang = parse_flags(flags);
    if ((flags & HOCTAP_EXPLAIN) != 0) throw Failure(HOCTAP_ERROR_INVALID_ARGUMENT, internal::tr("capi.arrow_explain"));
    options.threads = threads;
    options.nodes = NodeOutput::criteria;
    options.float64 = true;  // Arrow's columns of totals and points are doubles
    options.each_problem = (flags & HOCTAP_EACH_PROBLEM) != 0;
    if (schema->release == nullptr || array->release == nullptr) bad_batch("arrow.batch_released");
    if (schema->format == nullptr || std::string_view(schema->format) != "+s")
      bad_batch("arrow.not_struct");
    if (schema->n_children != array->n_children || (schema->n_children > 0 && (schema->children == nullptr || array->children == nullptr)))
      bad_batch("arrow.children", {std::to_string(schema->n_children), std::to_string(array->n_children)});
    if (array->length < 0 || array->offset < 0) bad_batch("arrow.negative");
    Batch batch;
    batch.rows = static_cast<std::size_t>(array->length);
    Converted converted;
    for (std::int64_t i = 0; i < schema->n_children; ++i) {
      if (schema->children[i] == nullptr || array->children[i] == nullptr) bad_batch("arrow.null_column", {std::to_string(i)});
      batch.columns.push_back(read_column(*schema->children[i], *array->children[i], array->offset, batch.rows, converted));
    }
    require_in_force(set->set, *options.assessment_date);
    BatchResult result;
    try {
      result = evaluate_batch(set->set, batch, options);
    } catch (const InvalidArgument& e) {
      // The batch breaks evaluate_batch's contract: its message, in both languages.
      throw Failure(HOCTAP_ERROR_BATCH, internal::Text{e.message(Lang::en), e.message(Lang::vi)});
    } catch (const std::invalid_argument& e) {
      throw Failure(HOCTAP_ERROR_BATCH, internal::Text{e.what(), e.what()});
    }
    export_result(set->set, result, options.each_problem, *out_schema, *out_array);
    return HOCTAP_OK;
  });
}
