#include "json/json.hpp"

#include "util/messages.hpp"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstdio>
#include <iterator>
#include <memory>
#include <optional>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "hoctap/json.hpp"

namespace hoctap::internal {

Text json_scalar_value(const JsonScalar& s, std::string_view name, Value& v) {
  switch (s.kind) {
    case JsonScalar::Kind::null: v = std::monostate{}; return {};
    case JsonScalar::Kind::boolean: v = s.boolean; return {};
    case JsonScalar::Kind::integer:
    case JsonScalar::Kind::unsigned_integer:
    case JsonScalar::Kind::floating:
      // A number by its text, exactly (hoctap::number_value): never through the parser's
      // double; one with more than six decimals (7.9999999) or beyond range (1e20) stays
      // its text, which the input contract refuses for a number input, showing it.
      v = number_value(s.text);
      return {};
    case JsonScalar::Kind::string: v = std::string(s.text); return {};
  }
  return tr("json.bad_value", {std::string(name)});
}

namespace {

// The bytes the parser reads: an optional prefix already taken from the stream (a first
// line read to detect the format), then the stream. Counts the bytes of the current
// record and ends the input when they pass the budget, so one record's text, and the
// memory built from it, stay bounded however large the input is.
class Source {
 public:
  Source(std::streambuf* buf, std::string prefix, std::size_t budget) : buf_(buf), prefix_(std::move(prefix)), budget_(budget) {}

  bool at_end() {
    bool more = pos_ < prefix_.size() || (buf_ && buf_->sgetc() != std::char_traits<char>::eof());
    if (more && used_ >= budget_) over_ = true;
    return !more || over_;
  }
  char peek() const { return pos_ < prefix_.size() ? prefix_[pos_] : std::char_traits<char>::to_char_type(buf_->sgetc()); }
  void advance() {
    ++used_;
    if (pos_ < prefix_.size()) ++pos_;
    else buf_->sbumpc();
  }
  void restart_count() { used_ = 0; }
  bool over() const { return over_; }

 private:
  std::streambuf* buf_;
  std::string prefix_;
  std::size_t pos_ = 0, used_ = 0, budget_;
  bool over_ = false;
};

// An input iterator over a Source, the shape nlohmann's iterator input adapter takes.
struct SourceIterator {
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = char;

  Source* source = nullptr;
  char operator*() const { return source->peek(); }
  SourceIterator& operator++() {
    source->advance();
    return *this;
  }
  SourceIterator operator++(int) {
    SourceIterator before = *this;
    source->advance();
    return before;
  }
  bool done() const { return source == nullptr || source->at_end(); }
  friend bool operator==(const SourceIterator& a, const SourceIterator& b) { return a.done() == b.done(); }
  friend bool operator!=(const SourceIterator& a, const SourceIterator& b) { return a.done() != b.done(); }
};

using json = nlohmann::json;

// Builds records from SAX events, one row at a time. Nothing here recurses: nesting is
// an explicit stack of contexts, bounded by `max_depth`.
class RecordBuilder {
 public:
  // `stream_rows`: the input may be an array of records, each handed to `on_row` as soon
  // as it is complete. Otherwise the input is one record, kept until the parse has
  // succeeded (`take`), so text after it cannot make a second row.
  RecordBuilder(const JsonLimits& limits, const std::function<void(JsonRow&)>* on_row, bool stream_rows)
      : limits_(limits), on_row_(on_row), stream_rows_(stream_rows) {}

  void set_source(Source* source) { source_ = source; }
  std::size_t rows() const { return next_row_; }

  // After a line or a text: its one row (the record, its error, or `code`/`error` when the
  // parse failed). Resets for the next.
  JsonRow take(bool parsed, std::string code, Text error) {
    JsonRow row;
    if (parsed && pending_) {
      row = std::move(*pending_);
    } else {
      row.row = pending_ ? pending_->row : next_row_++;  // a record followed by bad text is one bad row
      row.code = std::move(code);
      row.error = std::move(error.en);
      row.error_vi = std::move(error.vi);
    }
    reset();
    return row;
  }
  // After a document: the row the parse failure cut short, when it failed.
  void finish_document(bool parsed, std::string code, Text error) {
    if (!parsed) {
      JsonRow row = take(false, std::move(code), std::move(error));
      (*on_row_)(row);
    } else if (pending_) {
      JsonRow row = take(true, {}, {});
      (*on_row_)(row);
    }
  }

  // ---- nlohmann SAX interface ----
  bool null() { return scalar(JsonScalar{}); }
  bool boolean(bool b) {
    JsonScalar s = of(JsonScalar::Kind::boolean, b ? "true" : "false");
    s.boolean = b;
    return scalar(s);
  }
  bool number_integer(json::number_integer_t i) {
    JsonScalar s = of(JsonScalar::Kind::integer, write_integer(i));
    s.integer = i;
    return scalar(s);
  }
  bool number_unsigned(json::number_unsigned_t u) {
    JsonScalar s = of(JsonScalar::Kind::unsigned_integer, write_integer(u));
    s.unsigned_integer = u;
    return scalar(s);
  }
  bool number_float(json::number_float_t d, const std::string& text) {
    JsonScalar s = of(JsonScalar::Kind::floating, text);
    s.floating = d;
    return scalar(s);
  }
  bool string(std::string& text) { return scalar(of(JsonScalar::Kind::string, text)); }
  bool binary(json::binary_t&) { return true; }  // not produced by JSON text

  bool start_object(std::size_t) {
    if (!open()) return true;
    if (ctx_.empty()) return start_record("");
    Ctx& c = ctx_.back();
    if (c.kind == Ctx::list) {
      if (c.members.size() >= limits_.max_members)
        return fail("json_too_many_members", tr("json.too_many_members", {frames_.back().path + c.name, std::to_string(limits_.max_members)}));
      return start_record(frames_.back().path + c.name + "[" + std::to_string(c.members.size()) + "].");
    }
    Frame& f = frames_.back();
    f.marks.push_back(f.prefix.size());
    f.prefix += f.key;
    f.prefix += '.';
    ctx_.push_back(Ctx{Ctx::nested, {}, {}});
    return true;
  }
  bool key(std::string& k) {
    if (!failed_) frames_.back().key = k;
    return true;
  }
  bool end_object() {
    if (!failed_) {
      Ctx c = std::move(ctx_.back());
      ctx_.pop_back();
      if (c.kind == Ctx::nested) {
        Frame& f = frames_.back();
        f.prefix.resize(f.marks.back());
        f.marks.pop_back();
      } else {
        Record r = Record::from_fields(std::move(frames_.back().fields));
        frames_.pop_back();
        if (ctx_.empty()) record_ = std::move(r);
        else ctx_.back().members.push_back(std::move(r));
      }
    }
    return close();
  }
  bool start_array(std::size_t) {
    if (!in_row_ && stream_rows_ && !in_rows_array_ && !document_started_) {
      document_started_ = in_rows_array_ = true;  // the array of records itself
      return true;
    }
    if (!open()) return true;
    if (ctx_.empty()) return fail("json_not_object", tr("json.not_object"));
    if (ctx_.back().kind == Ctx::list) return not_a_member();
    Frame& f = frames_.back();
    std::string name = f.prefix + f.key;
    if (!add_name(f, name)) return true;
    ctx_.push_back(Ctx{Ctx::list, std::move(name), {}});
    return true;
  }
  bool end_array() {
    if (!in_row_) {
      in_rows_array_ = false;  // the end of the array of records
      return true;
    }
    if (!failed_) {
      Ctx c = std::move(ctx_.back());
      ctx_.pop_back();
      frames_.back().fields.emplace_back(std::move(c.name), std::move(c.members));
    }
    return close();
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) {
    incomplete_ = std::string_view(ex.what()).find("unexpected end of input") != std::string_view::npos;
    return false;
  }
  // The last parse failed only because the text ended inside a value.
  bool incomplete() const { return incomplete_; }

 private:
  static JsonScalar of(JsonScalar::Kind kind, std::string_view text) {
    JsonScalar s;
    s.kind = kind;
    s.text = text;
    return s;
  }

  struct Frame {  // a record being built: the top record or a member
    std::vector<std::pair<std::string, Value>> fields;
    std::unordered_set<std::string> names;  // the fields' names, once there are many
    std::string path;    // where the record sits, for messages: `tre_em[3].`
    std::string prefix;  // names of the nested objects open in it: `score.`
    std::vector<std::size_t> marks;
    std::string key;
  };
  struct Ctx {
    enum Kind { record, nested, list } kind;
    std::string name;             // a list's field name
    std::vector<Record> members;  // a list's members read so far
  };

  void begin_row() {
    in_row_ = true;
    document_started_ = true;
    depth_ = 0;
    failed_ = false;
    if (source_) source_->restart_count();
  }
  // Enters an object or array; false when the row has already failed (only depth counts).
  bool open() {
    if (!in_row_) begin_row();
    ++depth_;
    if (failed_) return false;
    if (depth_ > limits_.max_depth) {
      fail("json_too_deep", tr("json.too_deep", {std::to_string(limits_.max_depth)}));
      return false;
    }
    return true;
  }
  bool close() {
    if (--depth_ == 0) end_row();
    return true;
  }
  bool start_record(std::string path) {
    ctx_.push_back(Ctx{Ctx::record, {}, {}});
    frames_.emplace_back();
    frames_.back().path = std::move(path);
    return true;
  }
  bool not_a_member() {
    const Ctx& c = ctx_.back();
    return fail("json_bad_member", tr("json.bad_member", {frames_.back().path + c.name + "[" + std::to_string(c.members.size()) + "]"}));
  }
  // Checks a new field's name against the record's fields so far (a list's name is
  // checked when it opens; nothing else reaches the record while it is open). A short
  // record is scanned; a long one is indexed, so many keys cost linear time.
  bool add_name(Frame& f, const std::string& name) {
    if (f.fields.size() >= limits_.max_keys) {
      fail("json_too_many_keys", tr("json.too_many_keys", {std::to_string(limits_.max_keys)}));
      return false;
    }
    constexpr std::size_t kScanned = 16;
    bool repeated;
    if (f.fields.size() < kScanned) {
      repeated = std::any_of(f.fields.begin(), f.fields.end(), [&](const auto& field) { return field.first == name; });
    } else {
      if (f.names.empty())
        for (const auto& field : f.fields) f.names.insert(field.first);
      repeated = !f.names.insert(name).second;
    }
    if (repeated) {
      fail("json_duplicate_key", tr("json.duplicate_key", {f.path + name}));
      return false;
    }
    return true;
  }
  bool scalar(const JsonScalar& s) {
    if (!in_row_) {  // a record that is not an object
      begin_row();
      fail("json_not_object", tr("json.not_object"));
      end_row();
      return true;
    }
    if (failed_) return true;
    if (ctx_.back().kind == Ctx::list) return not_a_member();
    Frame& f = frames_.back();
    std::string name = f.prefix + f.key;
    Value v;
    if (Text e = json_scalar_value(s, f.path + name, v); !e.en.empty()) return fail("json_bad_value", std::move(e));
    if (!add_name(f, name)) return true;
    if (frames_.size() == 1 && name == "id") id_ = s.kind == JsonScalar::Kind::null ? "null" : std::string(s.text);
    f.fields.emplace_back(std::move(name), std::move(v));
    return true;
  }
  // The row fails: its partial record is dropped, the rest of its text is skipped.
  bool fail(std::string code, Text error) {
    failed_ = true;
    code_ = std::move(code);
    error_ = std::move(error);
    frames_.clear();
    ctx_.clear();
    return true;
  }
  void end_row() {
    JsonRow row;
    row.row = next_row_++;
    row.id = std::move(id_);
    if (failed_) {
      row.code = std::move(code_);
      row.error = std::move(error_.en);
      row.error_vi = std::move(error_.vi);
    } else {
      row.record = std::move(record_);
    }
    in_row_ = false;
    id_.clear();
    record_ = Record();
    if (source_) source_->restart_count();
    if (stream_rows_ && in_rows_array_) (*on_row_)(row);
    else pending_ = std::move(row);
  }
  void reset() {
    frames_.clear();
    ctx_.clear();
    pending_.reset();
    id_.clear();
    record_ = Record();
    in_row_ = failed_ = incomplete_ = false;
    depth_ = 0;
  }
  template <class T>
  std::string_view write_integer(T value) {
    auto [end, ec] = std::to_chars(number_, number_ + sizeof number_, value);
    (void)ec;  // a 64-bit integer always fits
    return std::string_view(number_, static_cast<std::size_t>(end - number_));
  }

  const JsonLimits& limits_;
  const std::function<void(JsonRow&)>* on_row_;
  bool stream_rows_;
  Source* source_ = nullptr;
  std::vector<Frame> frames_;
  std::vector<Ctx> ctx_;
  Record record_;
  std::optional<JsonRow> pending_;
  std::string id_, code_;
  Text error_;
  std::size_t depth_ = 0, next_row_ = 0;
  bool in_row_ = false, failed_ = false, in_rows_array_ = false, document_started_ = false, incomplete_ = false;
  char number_[24];
};

bool parse_text(std::string_view text, RecordBuilder& builder) {
  return json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json, true);
}

// `id` is json.line_too_large or json.record_too_large.
Text too_large(const JsonLimits& limits, std::string_view id) { return tr(id, {std::to_string(limits.max_record_bytes)}); }

// Reads one line (without its `\n`) of at most `max` bytes; a longer line is read to its
// end and dropped (`too_long`). False at the end of input with nothing read.
bool read_line(std::streambuf* buf, std::string& line, std::size_t max, bool& too_long) {
  line.clear();
  too_long = false;
  bool any = false;
  for (;;) {
    int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) return any;
    any = true;
    if (c == '\n') return true;
    if (line.size() >= max) too_long = true;
    else line.push_back(std::char_traits<char>::to_char_type(c));
  }
}

bool blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

// JSON lines from `buf`; when `have_first`, the first line has already been read into
// `line` (and `too_long` says whether it was cut).
void read_lines(std::streambuf* buf, RecordBuilder& builder, const JsonLimits& limits,
                const std::function<void(JsonRow&)>& on_row, std::string line, bool have_first, bool too_long) {
  while (have_first || read_line(buf, line, limits.max_record_bytes, too_long)) {
    have_first = false;
    if (too_long) {
      JsonRow row = builder.take(false, "json_too_large", too_large(limits, "json.line_too_large"));
      on_row(row);
      continue;
    }
    if (blank(line)) continue;
    bool ok = parse_text(line, builder);
    JsonRow row = builder.take(ok, "json_syntax", tr("json.line_syntax"));
    on_row(row);
  }
}

void read_document(std::streambuf* buf, std::string prefix, RecordBuilder& builder, const JsonLimits& limits) {
  Source source(buf, std::move(prefix), limits.max_record_bytes);
  builder.set_source(&source);
  bool ok = json::sax_parse(SourceIterator{&source}, SourceIterator{}, &builder, json::input_format_t::json, true);
  builder.set_source(nullptr);
  if (!ok && source.over()) builder.finish_document(false, "json_too_large", too_large(limits, "json.record_too_large"));
  else builder.finish_document(ok, "json_syntax", tr("json.syntax"));
}

std::size_t read_as_document(std::streambuf* buf, std::string prefix, const JsonLimits& limits,
                             const std::function<void(JsonRow&)>& on_row) {
  RecordBuilder builder(limits, &on_row, true);
  read_document(buf, std::move(prefix), builder, limits);
  return builder.rows();
}

}  // namespace
}  // namespace hoctap::internal

namespace hoctap {
inline namespace v0 {

JsonRow read_json_record(std::string_view text, const JsonLimits& limits) {
  internal::RecordBuilder builder(limits, nullptr, false);
  if (text.size() > limits.max_record_bytes) return builder.take(false, "json_too_large", internal::too_large(limits, "json.record_too_large"));
  bool ok = internal::parse_text(text, builder);
  return builder.take(ok, "json_syntax", internal::tr("json.syntax"));
}

std::size_t read_json_rows(std::istream& in, JsonFormat format, const std::function<void(JsonRow&)>& on_row,
                           const JsonLimits& limits) {
  std::streambuf* buf = in.rdbuf();
  if (format == JsonFormat::document) return internal::read_as_document(buf, {}, limits, on_row);
  internal::RecordBuilder lines(limits, &on_row, false);
  if (format == JsonFormat::lines) {
    internal::read_lines(buf, lines, limits, on_row, {}, false, false);
    return lines.rows();
  }
  // detect: the first byte that is not blank decides: `[` is an array, read element by
  // element however long its lines. Otherwise the first line: a value left open at its
  // end is a pretty-printed object (one document), anything else starts JSON lines.
  const int eof = std::char_traits<char>::eof();
  int c = buf->sgetc();
  while (c == ' ' || c == '\t' || c == '\r' || c == '\n') c = buf->snextc();
  if (c == eof) return 0;
  if (c == '[') return internal::read_as_document(buf, {}, limits, on_row);
  std::string first;
  bool too_long = false;
  internal::read_line(buf, first, limits.max_record_bytes, too_long);
  if (!too_long) {
    internal::RecordBuilder probe(limits, nullptr, false);
    if (!internal::parse_text(first, probe) && probe.incomplete()) return internal::read_as_document(buf, first + "\n", limits, on_row);
  }
  internal::read_lines(buf, lines, limits, on_row, std::move(first), true, too_long);
  return lines.rows();
}

}  // namespace v0
}  // namespace hoctap
