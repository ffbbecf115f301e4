// The event parser and the record builder: one JSON text read as one record, every limit
// checked as its events arrive, every fault placed (parse.hpp).
#include "json/parse.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <unordered_set>
#include <utility>
#include <vector>

#include "hoctap/json.hpp"
#include "json/json.hpp"
#include "util/messages.hpp"
#include "util/text.hpp"

namespace hoctap::internal {

Text json_scalar_value(const JsonScalar& s, std::string_view name, Value& v) {
  switch (s.kind) {
    case JsonScalar::Kind::null: v = std::monostate{}; return {};
    case JsonScalar::Kind::boolean: v = s.boolean; return {};
    case JsonScalar::Kind::number:
      // A number by its text, exactly (hoctap::number_value), never through a double; one
      // with more than six decimals (7.9999999) or beyond range (1e20, 1e309) stays its
      // text, which the input contract refuses for a number input, showing it.
      v = number_value(s.text);
      return {};
    case JsonScalar::Kind::string: v = std::string(s.text); return {};
  }
  return tr("json.bad_value", {std::string(name)});
}

namespace json {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
// The ASCII bytes a message shows together as one word: `bad`, `01`, `1.5.2`.
bool is_word(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '+' || c == '-'; }

std::string hex(unsigned value, int digits) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*X", digits, value);
  return buf;
}

// Bytes of the well-formed UTF-8 character at `i`, 0 when the bytes there are not UTF-8.
std::size_t utf8_length(std::string_view t, std::size_t i) {
  const auto c = static_cast<unsigned char>(t[i]);
  const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  auto bad = find_invalid_utf8(t.substr(i, len));
  return bad && *bad == 0 ? 0 : len;
}

// Bytes of the character at `i` when a message shows it as part of a word, 0 otherwise:
// ASCII letters, digits and `_ . + -`, and the Latin letters Vietnamese is written with,
// precomposed or with combining marks, so that `đúng` or `12ắ` is shown whole.
std::size_t word_length(std::string_view t, std::size_t i) {
  const auto c = static_cast<unsigned char>(t[i]);
  if (c < 0x80) return is_word(t[i]) ? 1 : 0;
  const std::size_t len = utf8_length(t, i);
  if (len != 2 && len != 3) return 0;
  const auto b = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(t[i + k]) & 0x3F); };
  const unsigned cp = len == 2 ? ((c & 0x1Fu) << 6) | b(1) : ((c & 0x0Fu) << 12) | (b(1) << 6) | b(2);
  const bool latin1_letter = cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7;
  const bool extended = cp >= 0x100 && cp <= 0x24F;  // Latin Extended-A and -B: ă đ ĩ ũ ơ ư
  const bool combining = cp >= 0x300 && cp <= 0x36F;  // the marks of a decomposed letter
  const bool additional = cp >= 0x1E00 && cp <= 0x1EFF;  // Latin Extended Additional: ạ ắ ề ỗ ự
  return latin1_letter || extended || combining || additional ? len : 0;
}

// The end of the word that starts at `i`.
std::size_t word_end(std::string_view t, std::size_t i) {
  for (std::size_t w; i < t.size() && (w = word_length(t, i)) > 0;) i += w;
  return i;
}

// The place of byte `offset` of `text`, a text that starts at `start` in the input.
Place place_in(Place start, std::string_view text, std::size_t offset) {
  LineCol lc = line_col_at(text, offset);
  if (lc.line == 1) return {start.line, start.column + static_cast<std::size_t>(lc.column) - 1};
  return {start.line + static_cast<std::size_t>(lc.line) - 1, static_cast<std::size_t>(lc.column)};
}

Text quoted(std::string_view s) {
  const Utf8Prefix shown = utf8_prefix(s, kShown);
  std::string q = "`" + std::string(shown.text) + (shown.cut ? "…`" : "`");
  return {q, q};
}

}  // namespace

Text found_at(std::string_view t, std::size_t i, const Text& end) {
  if (i >= t.size()) return end;
  const auto c = static_cast<unsigned char>(t[i]);
  if (c < 0x20) return tr("json.found_control", {hex(c, 4)});
  if (c >= 0x80) {
    const std::size_t len = utf8_length(t, i);
    if (len == 0) return tr("json.not_utf8", {"\\x" + hex(c, 2)});
    if (t.substr(i, len) == "\xEF\xBB\xBF") return tr("json.found_bom");
  }
  if (word_length(t, i) == 0) return quoted(t.substr(i, utf8_length(t, i)));
  return quoted(t.substr(i, word_end(t, i) - i));
}

Ends line_ends() { return {tr("json.want_line_end"), tr("json.line_end")}; }
Ends input_ends() { return {tr("json.want_input_end"), tr("json.input_end")}; }
Ends element_ends(char end) {
  return {tr("json.want_element_end"), end == 0 ? tr("json.input_end") : Text{std::string("`") + end + "`", std::string("`") + end + "`"}};
}

namespace {

// Names given so far in one object or record: scanned while they are few, indexed once
// they are many, so that a record of many names costs linear time.
class Names {
 public:
  // False when `name` was given before.
  bool add(std::string_view name) {
    if (index_.empty()) {
      if (std::find(few_.begin(), few_.end(), name) != few_.end()) return false;
      few_.emplace_back(name);
      if (few_.size() > kScanned) {
        for (auto& n : few_) index_.insert(std::move(n));
        few_.clear();
      }
      return true;
    }
    return index_.insert(std::string(name)).second;
  }

 private:
  static constexpr std::size_t kScanned = 16;
  std::vector<std::string> few_;
  std::unordered_set<std::string> index_;
};

// Builds one record from the parser's events. Nothing here recurses: nesting is an
// explicit stack of contexts, bounded by `max_depth`. After its first failure (a limit, a
// name given twice, a value a record cannot hold) it ignores the events that follow; the
// parser still reads the text to its end, and a syntax error there wins (then the text is
// not JSON at all).
class RecordBuilder {
 public:
  explicit RecordBuilder(const JsonLimits& limits) : limits_(limits) {}
  bool failed() const { return failed_; }

  void scalar(const JsonScalar& s) {
    if (failed_) return;
    if (ctx_.empty()) return fail("json_not_object", tr("json.not_object"));
    if (ctx_.back().kind == Ctx::list) return not_a_member();
    Frame& f = frames_.back();
    std::string name = f.prefix + f.key;
    if (is_id(name) && s.kind != JsonScalar::Kind::string && s.kind != JsonScalar::Kind::number)
      return fail("json_bad_value", tr("json.bad_id", {"`" + std::string(s.kind == JsonScalar::Kind::null ? "null" : s.text) + "`"}));
    Value v;
    if (Text e = json_scalar_value(s, f.path + name, v); !e.en.empty()) return fail("json_bad_value", std::move(e));
    if (!add_name(f, name)) return;
    if (is_id(name)) id_ = std::string(s.text);
    f.fields.emplace_back(std::move(name), std::move(v));
  }
  void start_object() {
    if (!open()) return;
    if (ctx_.empty()) return start_record("");
    Ctx& c = ctx_.back();
    if (c.kind == Ctx::list) {
      if (c.members.size() >= limits_.max_members)
        return fail("json_too_many_members", tr("json.too_many_members", {frames_.back().path + c.name, std::to_string(limits_.max_members)}));
      return start_record(frames_.back().path + c.name + "[" + std::to_string(c.members.size()) + "].");
    }
    Frame& f = frames_.back();
    if (is_id(f.prefix + f.key)) return fail("json_bad_value", tr("json.bad_id", {tr("json.an_object")}));
    f.marks.push_back(f.prefix.size());
    f.prefix += f.key;
    f.prefix += '.';
    ctx_.push_back(Ctx{Ctx::nested, {}, {}, {}, f.fields.size()});
  }
  // A name in the object open now. Names are checked as written, whatever their values
  // (`{"s":{"a":1},"s":{"b":2}}` gives `s` twice), and after flattening (add_name).
  void key(std::string_view k) {
    if (failed_) return;
    Frame& f = frames_.back();
    if (f.path.size() + f.prefix.size() + k.size() > limits_.max_name_bytes) {
      const std::string name = f.path + f.prefix + std::string(utf8_prefix(k, 64).text);
      const std::string shown(utf8_prefix(name, 64).text);
      return fail("json_name_too_long", tr("json.name_too_long", {shown, std::to_string(limits_.max_name_bytes)}));
    }
    if (!ctx_.back().keys.add(k)) return fail("json_duplicate_key", tr("json.duplicate_key", {f.path + f.prefix + std::string(k)}));
    f.key.assign(k);
  }
  void end_object() {
    if (failed_) return;
    --depth_;
    Ctx c = std::move(ctx_.back());
    ctx_.pop_back();
    if (c.kind == Ctx::nested) {
      Frame& f = frames_.back();
      const std::string name = f.prefix.substr(0, f.prefix.size() - 1);
      f.prefix.resize(f.marks.back());
      f.marks.pop_back();
      // An empty object flattens to nothing: its name would vanish without a word, whether
      // it was meant as no value or as a list with no members.
      if (f.fields.size() == c.fields_before) fail("json_bad_value", tr("json.empty_object", {f.path + name}));
      return;
    }
    Record r = Record::from_fields(std::move(frames_.back().fields));
    frames_.pop_back();
    if (ctx_.empty()) record_ = std::move(r);
    else ctx_.back().members.push_back(std::move(r));
  }
  void start_array() {
    if (!open()) return;
    if (ctx_.empty()) return fail("json_not_object", tr("json.not_object"));
    if (ctx_.back().kind == Ctx::list) return not_a_member();
    Frame& f = frames_.back();
    std::string name = f.prefix + f.key;
    if (is_id(name)) return fail("json_bad_value", tr("json.bad_id", {tr("json.a_list")}));
    if (!add_name(f, name)) return;
    ctx_.push_back(Ctx{Ctx::list, std::move(name), {}, {}, 0});
  }
  void end_array() {
    if (failed_) return;
    --depth_;
    Ctx c = std::move(ctx_.back());
    ctx_.pop_back();
    frames_.back().fields.emplace_back(std::move(c.name), std::move(c.members));
  }

  // Fills `row` with the record, or with the failure (keeping the id read before it).
  void finish(JsonRow& row) {
    row.id = std::move(id_);
    if (failed_) {
      row.code = std::move(code_);
      row.error = std::move(error_.en);
      row.error_vi = std::move(error_.vi);
    } else {
      row.record = std::move(record_);
    }
  }

 private:
  struct Frame {  // a record being built: the top record or a member
    std::vector<std::pair<std::string, Value>> fields;
    Names names;         // the fields' names, flattened
    std::string path;    // where the record sits, for messages: `tre_em[3].`
    std::string prefix;  // names of the nested objects open in it: `score.`
    std::vector<std::size_t> marks;
    std::string key;
  };
  struct Ctx {
    enum Kind { record, nested, list } kind;
    std::string name;             // a list's field name
    std::vector<Record> members;  // a list's members read so far
    Names keys;                   // an object's names as written
    std::size_t fields_before;    // a nested object: the record's fields when it opened
  };

  // The record's own `id` (not a member's, not `a.id`): its identifier, never a value of
  // another kind.
  bool is_id(const std::string& name) const { return frames_.size() == 1 && name == "id"; }
  // Enters an object or array; false when the record has failed.
  bool open() {
    if (failed_) return false;
    if (++depth_ > limits_.max_depth) {
      fail("json_too_deep", tr("json.too_deep", {std::to_string(limits_.max_depth)}));
      return false;
    }
    return true;
  }
  void start_record(std::string path) {
    ctx_.push_back(Ctx{Ctx::record, {}, {}, {}, 0});
    frames_.emplace_back();
    frames_.back().path = std::move(path);
  }
  void not_a_member() {
    const Ctx& c = ctx_.back();
    fail("json_bad_member", tr("json.bad_member", {frames_.back().path + c.name + "[" + std::to_string(c.members.size()) + "]"}));
  }
  // Checks a new field's name against the record's fields so far (a list's name is
  // checked when it opens; nothing else reaches the record while it is open).
  bool add_name(Frame& f, const std::string& name) {
    if (f.fields.size() >= limits_.max_keys) {
      fail("json_too_many_keys", tr("json.too_many_keys", {std::to_string(limits_.max_keys)}));
      return false;
    }
    if (!f.names.add(name)) {
      fail("json_duplicate_key", tr("json.duplicate_key", {f.path + name}));
      return false;
    }
    return true;
  }
  // The record fails: its partial record is dropped, the rest of its text only parsed.
  void fail(std::string code, Text error) {
    failed_ = true;
    code_ = std::move(code);
    error_ = std::move(error);
    frames_.clear();
    ctx_.clear();
  }

  const JsonLimits& limits_;
  std::vector<Frame> frames_;
  std::vector<Ctx> ctx_;
  Record record_;
  std::string id_, code_;
  Text error_;
  std::size_t depth_ = 0;
  bool failed_ = false;
};

// Parses one JSON text (RFC 8259: one value, blanks around it) and hands its events to a
// RecordBuilder. Iterative: the containers open are a stack of bytes, so nesting costs one
// byte a level, bounded by the text. Every byte is judged, a NUL as any other: the text
// ends at its end, never at a NUL.
class Parser {
 public:
  Parser(std::string_view text, RecordBuilder& builder, const Ends& ends) : t_(text), b_(builder), ends_(ends) {}

  // False on a syntax error (reason(), at()).
  bool parse() {
    enum class State { value, key, after } state = State::value;
    std::size_t i = 0;
    const std::size_t n = t_.size();
    for (;;) {
      while (i < n && is_blank(t_[i])) ++i;
      if (state == State::value) {
        if (i == n) return expected(i, tr("json.want_value"));
        at_ = i;
        const char c = t_[i];
        if (c == '{' || c == '[') {
          ++i;
          open_.push_back(c);
          if (c == '{') b_.start_object();
          else b_.start_array();
          note();
          while (i < n && is_blank(t_[i])) ++i;
          if (i < n && t_[i] == (c == '{' ? '}' : ']')) {
            close(i++);
            state = State::after;
          } else {
            state = c == '{' ? State::key : State::value;
          }
          continue;
        }
        JsonScalar s;
        if (c == '"') {
          if (!string(i, s.text)) return false;
          s.kind = JsonScalar::Kind::string;
        } else if (c == '-' || is_digit(c)) {
          if (!number(i, s.text)) return false;
          s.kind = JsonScalar::Kind::number;
        } else if (literal(i, "true") || literal(i, "false")) {
          s.kind = JsonScalar::Kind::boolean;
          s.boolean = c == 't';
          s.text = c == 't' ? "true" : "false";
          i += s.text.size();
        } else if (literal(i, "null")) {
          i += 4;
        } else {
          return expected(i, tr("json.want_value"));
        }
        b_.scalar(s);
        note();
        state = State::after;
      } else if (state == State::key) {
        if (i == n || t_[i] != '"') return expected(i, tr("json.want_key"));
        at_ = i;
        std::string_view k;
        if (!string(i, k)) return false;
        b_.key(k);
        note();
        while (i < n && is_blank(t_[i])) ++i;
        if (i == n || t_[i] != ':') return expected(i, tr("json.want_colon"));
        ++i;
        state = State::value;
      } else {
        if (open_.empty()) return i == n || expected(i, ends_.want);
        const bool object = open_.back() == '{';
        if (i < n && t_[i] == ',') {
          ++i;
          state = object ? State::key : State::value;
        } else if (i < n && t_[i] == (object ? '}' : ']')) {
          close(i++);
        } else {
          return expected(i, tr(object ? "json.want_object_next" : "json.want_array_next"));
        }
      }
    }
  }

  const Text& reason() const { return reason_; }
  std::size_t at() const { return at_; }
  // The byte of the event the builder failed at, when it failed.
  std::optional<std::size_t> builder_failed_at() const { return builder_failed_at_; }
  // The text ended where more was needed: a value left open (a pretty-printed object's first line).
  bool incomplete() const { return incomplete_; }

 private:
  void note() {
    if (!builder_failed_at_ && b_.failed()) builder_failed_at_ = at_;
  }
  void close(std::size_t i) {
    at_ = i;
    const char c = open_.back();
    open_.pop_back();
    if (c == '{') {
      b_.end_object();
      // Only an empty object fails as it closes: its place is its `{`, the byte before the blanks.
      if (b_.failed() && !builder_failed_at_)
        while (at_ > 0 && t_[at_] != '{') --at_;
    } else {
      b_.end_array();
    }
    note();
  }
  bool literal(std::size_t i, std::string_view word) const {
    return t_.substr(i, word.size()) == word && (i + word.size() == t_.size() || word_length(t_, i + word.size()) == 0);
  }
  bool fail(std::size_t i, Text reason) {
    at_ = i;
    reason_ = std::move(reason);
    return false;
  }
  bool expected(std::size_t i, Text want) {
    incomplete_ = i == t_.size();
    return fail(i, tr("json.expected", {std::move(want), found_at(t_, i, ends_.found)}));
  }

  // The string whose `"` is at `i`; `i` moves past its closing `"`. Its contents are a view
  // of the text, or of scratch_ when escapes had to be decoded.
  bool string(std::size_t& i, std::string_view& out) {
    const std::size_t open = i, n = t_.size();
    std::size_t j = i + 1, run = j;
    bool decoded = false;
    for (;;) {
      if (j >= n) return fail(open, tr("json.unclosed_string", {ends_.found}));
      const auto c = static_cast<unsigned char>(t_[j]);
      if (c == '"') break;
      if (c < 0x20) {
        // A string that runs into its line's end (at `\n`, or `\r\n` as read.cpp ends lines)
        // is most often a closing quote forgotten: said as JSON lines say it, at the opening
        // quote, with how a line break inside a string is written.
        if (c == '\n' || (c == '\r' && j + 1 < n && t_[j + 1] == '\n')) return fail(open, tr("json.string_runs_past_line"));
        return fail(j, tr("json.control_in_string", {hex(c, 4)}));
      }
      if (c >= 0x80) {
        const std::size_t len = utf8_length(t_, j);
        if (len == 0) return fail(j, tr("json.not_utf8", {"\\x" + hex(c, 2)}));
        j += len;
        continue;
      }
      if (c != '\\') {
        ++j;
        continue;
      }
      if (!decoded) scratch_.clear();
      decoded = true;
      scratch_.append(t_, run, j - run);
      if (j + 1 >= n) return fail(open, tr("json.unclosed_string", {ends_.found}));
      const char e = t_[j + 1];
      std::size_t used = 2;
      switch (e) {
        case '"': case '\\': case '/': scratch_ += e; break;
        case 'b': scratch_ += '\b'; break;
        case 'f': scratch_ += '\f'; break;
        case 'n': scratch_ += '\n'; break;
        case 'r': scratch_ += '\r'; break;
        case 't': scratch_ += '\t'; break;
        case 'u': {
          unsigned cp = 0;
          if (!hex4(j + 2, cp)) return fail(j, tr("json.bad_escape", {escape_text(j, 6)}));
          used = 6;
          if (cp >= 0xD800 && cp <= 0xDBFF) {  // a high surrogate: its low half must follow
            unsigned low = 0;
            if (j + 7 >= n || t_[j + 6] != '\\' || t_[j + 7] != 'u' || !hex4(j + 8, low) || low < 0xDC00 || low > 0xDFFF)
              return fail(j, tr("json.lone_surrogate", {escape_text(j, 6)}));
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            used = 12;
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return fail(j, tr("json.lone_surrogate", {escape_text(j, 6)}));
          }
          append_utf8(cp);
          break;
        }
        default:
          return fail(j, tr("json.bad_escape", {escape_text(j, 2)}));
      }
      j += used;
      run = j;
    }
    if (decoded) {
      scratch_.append(t_, run, j - run);
      out = scratch_;
    } else {
      out = t_.substr(open + 1, j - open - 1);
    }
    i = j + 1;
    return true;
  }
  bool hex4(std::size_t j, unsigned& value) const {
    if (j + 4 > t_.size()) return false;
    value = 0;
    for (std::size_t k = j; k < j + 4; ++k) {
      const char c = t_[k];
      const int d = is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (d < 0) return false;
      value = value * 16 + static_cast<unsigned>(d);
    }
    return true;
  }
  // An escape as written, `\x` or `\uD800`, cut at the text's end or at a byte that is not ASCII.
  std::string escape_text(std::size_t j, std::size_t len) const {
    std::size_t end = j + 1;
    while (end < t_.size() && end < j + len && static_cast<unsigned char>(t_[end]) >= 0x20 && static_cast<unsigned char>(t_[end]) < 0x80) ++end;
    return std::string(t_.substr(j, end - j));
  }
  void append_utf8(unsigned cp) {
    if (cp < 0x80) {
      scratch_ += static_cast<char>(cp);
    } else if (cp < 0x800) {
      scratch_ += static_cast<char>(0xC0 | (cp >> 6));
      scratch_ += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      scratch_ += static_cast<char>(0xE0 | (cp >> 12));
      scratch_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      scratch_ += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      scratch_ += static_cast<char>(0xF0 | (cp >> 18));
      scratch_ += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      scratch_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      scratch_ += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // The number at `i` as written (RFC 8259: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?),
  // any length: its value is read from its text later. A number that runs on into letters,
  // digits or dots (`01`, `1.5.2`, `12ab`, `12ắ`) is refused whole.
  bool number(std::size_t& i, std::string_view& out) {
    const std::size_t n = t_.size();
    std::size_t j = i;
    auto digits = [&] {
      const std::size_t from = j;
      while (j < n && is_digit(t_[j])) ++j;
      return j > from;
    };
    if (t_[j] == '-') ++j;
    bool ok = j < n && t_[j] == '0' ? (++j, true) : digits();
    if (ok && j < n && t_[j] == '.') {
      ++j;
      ok = digits();
    }
    if (ok && j < n && (t_[j] == 'e' || t_[j] == 'E')) {
      ++j;
      if (j < n && (t_[j] == '+' || t_[j] == '-')) ++j;
      ok = digits();
    }
    if (!ok || (j < n && word_length(t_, j) > 0)) {
      const std::size_t end = word_end(t_, std::max(j, i + 1));
      return fail(i, tr("json.bad_number", {quoted(t_.substr(i, end - i))}));
    }
    out = t_.substr(i, j - i);
    i = j;
    return true;
  }

  std::string_view t_;
  RecordBuilder& b_;
  const Ends& ends_;
  std::vector<char> open_;
  std::string scratch_;
  Text reason_;
  std::size_t at_ = 0;
  std::optional<std::size_t> builder_failed_at_;
  bool incomplete_ = false;
};
}  // namespace

ReadText read_text(std::string_view text, Place start, const Ends& ends, const JsonLimits& limits) {
  RecordBuilder builder(limits);
  Parser parser(text, builder, ends);
  ReadText r;
  Place at = start;
  if (!parser.parse()) {
    Text e = tr("json.not_json", {parser.reason()});
    r.row.code = "json_syntax";
    r.row.error = std::move(e.en);
    r.row.error_vi = std::move(e.vi);
    r.reason = parser.reason();
    r.syntax_at = parser.at();
    r.incomplete = parser.incomplete();
    at = place_in(start, text, parser.at());
  } else {
    builder.finish(r.row);
    if (auto failed = parser.builder_failed_at()) at = place_in(start, text, *failed);
    else at.column = 0;
  }
  r.row.line = at.line;
  r.row.column = r.row.code.empty() ? 0 : at.column;
  return r;
}

}  // namespace json
}  // namespace hoctap::internal
