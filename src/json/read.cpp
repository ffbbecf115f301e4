// The readers of inputs: JSON lines, an array read element by element, one document, and
// the detection between them; each record's text goes to read_text (parse.hpp).
#include <functional>
#include <istream>
#include <string>
#include <utility>

#include "hoctap/json.hpp"
#include "json/parse.hpp"
#include "util/messages.hpp"

namespace hoctap::internal::json {
namespace {

// An error row that is no record's: the input's own fault at `at`.
JsonRow input_row(std::string code, Text error, Place at, bool whole = false) {
  JsonRow row;
  row.code = std::move(code);
  row.error = std::move(error.en);
  row.error_vi = std::move(error.vi);
  row.line = at.line;
  row.column = whole ? 0 : at.column;
  return row;
}

// The input's bytes, with the place of the next one. Bytes put back (a first line read
// to detect the format) are read again first.
class Input {
 public:
  static constexpr int kEnd = std::char_traits<char>::eof();
  explicit Input(std::streambuf* buf) : buf_(buf) {}

  int peek() {
    if (back_at_ < back_.size()) return static_cast<unsigned char>(back_[back_at_]);
    return buf_->sgetc();
  }
  int get() {
    int c;
    if (back_at_ < back_.size()) c = static_cast<unsigned char>(back_[back_at_++]);
    else c = buf_->sbumpc();
    if (c == '\n') {
      ++place_.line;
      place_.column = 1;
    } else if (c != kEnd && (c & 0xC0) != 0x80) {
      ++place_.column;
    }
    return c;
  }
  // `bytes`, read from `at`, are read again next.
  void put_back(std::string bytes, Place at) {
    back_ = std::move(bytes) + back_.substr(back_at_);
    back_at_ = 0;
    place_ = at;
  }
  Place place() const { return place_; }
  void skip_blanks() {
    for (int c = peek(); c != kEnd && is_blank(static_cast<char>(c)); c = peek()) get();
  }
  // A UTF-8 byte order mark at the start is not part of the text.
  void skip_bom() {
    if (peek() != 0xEF) return;
    std::string first;
    for (int k = 0; k < 3 && peek() != kEnd; ++k) first += static_cast<char>(get());
    if (first == "\xEF\xBB\xBF") place_ = Place{};
    else put_back(std::move(first), Place{});
  }
  // Reads one line (without its `\n`) of at most `max` bytes; a longer line is read to its
  // end and not kept (`too_long`). False at the end of input with nothing read.
  bool read_line(std::string& line, std::size_t max, bool& too_long) {
    line.clear();
    too_long = false;
    bool any = false;
    for (;;) {
      const int c = get();
      if (c == kEnd) return any;
      any = true;
      if (c == '\n') return true;
      if (line.size() >= max) too_long = true;
      else line.push_back(static_cast<char>(c));
    }
  }

 private:
  std::streambuf* buf_;
  std::string back_;
  std::size_t back_at_ = 0;
  Place place_;
};

// The row of a text past the limit (`id`: json.line_too_large or json.record_too_large):
// `whole` leaves the character out, the fault being the text as a whole.
JsonRow too_large(const JsonLimits& limits, std::string_view id, Place at, bool whole) {
  return input_row("json_too_large", tr(id, {std::to_string(limits.max_record_bytes)}), at, whole);
}

// Adds byte `c` to a record's text of at most `max` bytes; past it the text is let go and
// `over` set, and the bytes that follow are only read through.
void keep_byte(std::string& text, char c, std::size_t max, bool& over) {
  if (over) return;
  if (text.size() < max) {
    text += c;
    return;
  }
  over = true;
  std::string().swap(text);
}

// Hands rows over in order, numbering them.
struct Rows {
  const std::function<void(JsonRow&)>& on_row;
  std::size_t next = 0;
  void operator()(JsonRow& row) {
    row.row = next++;
    on_row(row);
  }
};

bool blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

// A line's text: a line ends at `\n` or at `\r\n`, whose `\r` is then no character of the
// line, so that a fault at its end has the place and the words it has with `\n` alone.
std::string_view without_line_end(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// JSON lines; when `have_first`, the first line was already read into `line` from
// `first_at` (and `too_long` says whether it was cut).
void read_lines(Input& in, Rows& rows, const JsonLimits& limits, std::string line, Place first_at, bool have_first, bool too_long) {
  const Ends ends = line_ends();
  for (Place at = first_at;; have_first = false) {
    if (!have_first) {
      at = in.place();
      if (!in.read_line(line, limits.max_record_bytes, too_long)) return;
    }
    if (too_long) {
      JsonRow row = too_large(limits, "json.line_too_large", at, true);
      rows(row);
      continue;
    }
    if (blank(line)) continue;
    JsonRow row = read_text(without_line_end(line), at, ends, limits).row;
    rows(row);
  }
}

// The bytes a message counts as read into a record or left unread, to the end of the
// input: a `\r\n` line end counts as one, as `\n` does (its `\r` is no character of the
// line, as in without_line_end), and the blanks that end the input (the last line's end,
// blank lines after it) not at all, being no record's. So the count is the same for a
// file with LF or with CRLF line ends, and with or without a line end at its end.
class CountedBytes {
 public:
  void add(char c) {
    if (cr_ && c != '\n') count('\r');
    cr_ = c == '\r';
    if (!cr_) count(c);
  }
  std::size_t total() const { return n_ - blanks_; }  // a `\r` still pending ends the input: a blank

 private:
  void count(char c) {
    ++n_;
    blanks_ = is_blank(c) ? blanks_ + 1 : 0;
  }
  std::size_t n_ = 0, blanks_ = 0;  // blanks_: the counted bytes since the last that is no blank
  bool cr_ = false;                 // the byte before was `\r`, not yet counted
};

// Bytes from here to the end of the input, counted (CountedBytes) and not kept; `head`
// gets the first few, to say what they are: a whole character past what a message shows,
// so that the message sees whether the word it shows goes on.
std::size_t skip_to_end(Input& in, std::string& head) {
  CountedBytes n;
  for (int c = in.get(); c != Input::kEnd; c = in.get()) {
    if (head.size() < kShown + 4) head += static_cast<char>(c);
    n.add(static_cast<char>(c));
  }
  return n.total();
}

// The elements of an array whose `[` was just read, each read as a record and handed over
// before the next is read. An element ends at the first `,` or `]` outside its strings and
// brackets, so a bad element is its own row and the next is read. A line break ends a
// string that was never closed (JSON strings hold none). An element known broken that
// way, or by a bracket closing one of the other kind, can no longer be measured by its
// brackets: it also ends before a line that starts with `{`, where the next element most
// likely begins, so a stray quote or a missing bracket costs its element, not the rest of
// the input.
void read_array(Input& in, Rows& rows, const JsonLimits& limits) {
  std::string text;
  bool after_comma = false;
  for (;;) {
    in.skip_blanks();
    const Place start = in.place();
    int c = in.peek();
    if (c == Input::kEnd && !after_comma) {
      JsonRow row = input_row("json_syntax", tr("json.not_json", {tr("json.array_not_closed")}), start);
      return rows(row);
    }
    if (c == ']' && !after_comma) {
      in.get();
      break;
    }
    text.clear();
    bool over = false, in_string = false, escaped = false, broken = false, next_begins = false;
    std::string open;  // the closers the element's open brackets want, innermost last
    for (; c != Input::kEnd; c = in.peek()) {
      const char ch = static_cast<char>(c);
      if (in_string) {
        if (escaped) escaped = false;
        else if (ch == '\\') escaped = true;
        else if (ch == '"') in_string = false;
        else if (ch == '\n') in_string = false, broken = true;
      } else if (open.empty() && (ch == ',' || ch == ']')) {
        break;
      } else if (ch == '"') {
        in_string = true;
      } else if (ch == '{' || ch == '[') {
        open += ch == '{' ? '}' : ']';
      } else if ((ch == '}' || ch == ']') && !open.empty()) {
        broken = broken || open.back() != ch;
        open.pop_back();
      }
      in.get();
      keep_byte(text, ch, limits.max_record_bytes, over);
      if (broken && ch == '\n' && !in_string) {
        for (c = in.peek(); c == ' ' || c == '\t' || c == '\r' || c == '\n'; c = in.peek()) keep_byte(text, static_cast<char>(in.get()), limits.max_record_bytes, over);
        if (c == '{') {
          next_begins = true;
          break;
        }
        if (c == Input::kEnd) break;
      }
    }
    const char end = next_begins ? ',' : c == Input::kEnd ? 0 : static_cast<char>(c);
    if (over) {
      JsonRow row = too_large(limits, "json.record_too_large", start, false);
      rows(row);
    } else {
      ReadText r = read_text(text, start, element_ends(end), limits);
      // Nothing ended the element before the end of the input (a bracket or a string left
      // open swallowed the rest): how much it took past its fault is said.
      if (end == 0 && r.syntax_at && *r.syntax_at < text.size()) {
        CountedBytes taken;
        for (std::size_t i = *r.syntax_at; i < text.size(); ++i) taken.add(text[i]);
        if (taken.total() > 0) {
          const Text unread = tr("json.unread_to_end", {std::to_string(taken.total())});
          r.row.error += "; " + unread.en;
          r.row.error_vi += "; " + unread.vi;
        }
      }
      rows(r.row);
      if (end == 0 && !r.syntax_at) {
        JsonRow row = input_row("json_syntax", tr("json.not_json", {tr("json.array_not_closed")}), in.place());
        rows(row);
      }
    }
    if (end == 0) return;
    if (!next_begins) in.get();  // the `,` or `]`; a next element's `{` stays
    if (end == ']') break;
    after_comma = true;
  }
  in.skip_blanks();
  const Place at = in.place();
  if (in.peek() == Input::kEnd) return;
  std::string head;
  const std::size_t bytes = skip_to_end(in, head);
  JsonRow row = input_row("json_syntax", tr("json.not_json", {tr("json.after_array", {found_at(head, 0, {}), std::to_string(bytes)})}), at);
  rows(row);
}

// Whether every line after a first line that leaves a value open is a whole JSON object
// on its own, to the end of the input: then the input is JSON lines whose first line is
// broken. A valid document never looks so: the value its first line leaves open is closed
// on its last line, which then is no JSON text on its own (a JSON string never spans
// lines). The bytes read are kept in `ahead`, to be read again either way. Reading stops
// at the first line that is no such object (a document), or once the document
// (`first_bytes`, its `\n` and `ahead`) would be larger than a record may be (lines: as a
// document it could only be refused whole).
bool objects_follow(Input& in, const JsonLimits& limits, std::size_t first_bytes, std::string& ahead) {
  bool any = false;
  Place at = in.place();
  std::size_t from = 0;  // where the line being read starts in `ahead`
  for (;;) {
    if (first_bytes + 1 + ahead.size() > limits.max_record_bytes) return true;
    const int c = in.get();
    if (c != Input::kEnd) ahead += static_cast<char>(c);
    if (c != '\n' && c != Input::kEnd) continue;
    const std::string_view line(ahead.data() + from, ahead.size() - from - (c == '\n' ? 1 : 0));
    if (!blank(line)) {
      const ReadText r = read_text(without_line_end(line), at, line_ends(), limits);
      if (r.syntax_at || r.row.code == "json_not_object") return false;
      any = true;
    }
    if (c == Input::kEnd) return any;
    from = ahead.size();
    at = in.place();
  }
}

// One JSON document: an array of records, or one record.
void read_document(Input& in, Rows& rows, const JsonLimits& limits) {
  in.skip_blanks();
  const Place start = in.place();
  if (in.peek() == Input::kEnd) return;
  if (in.peek() == '[') {
    in.get();
    return read_array(in, rows, limits);
  }
  std::string text;
  bool over = false;
  for (int c = in.get(); c != Input::kEnd; c = in.get()) keep_byte(text, static_cast<char>(c), limits.max_record_bytes, over);
  JsonRow row = over ? too_large(limits, "json.record_too_large", start, false) : read_text(text, start, input_ends(), limits).row;
  rows(row);
}

}  // namespace
}  // namespace hoctap::internal::json

namespace hoctap {
inline namespace v0 {

JsonRow read_json_record(std::string_view text, const JsonLimits& limits) {
  using namespace internal;
  using namespace internal::json;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.size() > limits.max_record_bytes)
    return too_large(limits, "json.record_too_large", Place{}, true);
  ReadText r = read_text(text, Place{}, input_ends(), limits);
  if (r.syntax_at) {
    // One text, whose message is shown alone: it says where.
    Text e = tr("json.syntax", {std::move(r.reason), std::to_string(r.row.line), std::to_string(r.row.column)});
    r.row.error = std::move(e.en);
    r.row.error_vi = std::move(e.vi);
  }
  return std::move(r.row);
}

std::size_t read_json_rows(std::istream& in, JsonFormat format, const std::function<void(JsonRow&)>& on_row,
                           const JsonLimits& limits) {
  using namespace internal;
  using namespace internal::json;
  Input input(in.rdbuf());
  Rows rows{on_row};
  input.skip_bom();
  if (format == JsonFormat::document) {
    read_document(input, rows, limits);
    return rows.next;
  }
  if (format == JsonFormat::lines) {
    read_lines(input, rows, limits, {}, Place{}, false, false);
    return rows.next;
  }
  // detect: the first byte that is not blank decides: `[` is an array, read element by
  // element however long its lines. Otherwise the first line: a value left open at its
  // end is a pretty-printed object (one document), unless every line after it is a whole
  // JSON object (objects_follow); anything else starts JSON lines.
  input.skip_blanks();
  if (input.peek() == Input::kEnd) return 0;
  if (input.peek() == '[') {
    read_document(input, rows, limits);
    return rows.next;
  }
  const Place first_at = input.place();
  std::string first;
  bool too_long = false;
  input.read_line(first, limits.max_record_bytes, too_long);
  if (!too_long && read_text(without_line_end(first), first_at, line_ends(), limits).incomplete) {
    const Place second_at = input.place();
    std::string ahead;
    if (!objects_follow(input, limits, first.size(), ahead)) {
      const bool newline = second_at.line > first_at.line;  // the first line ended at `\n`, not at the input's end
      input.put_back(first + (newline ? "\n" : "") + ahead, first_at);
      read_document(input, rows, limits);
      return rows.next;
    }
    input.put_back(std::move(ahead), second_at);
  }
  read_lines(input, rows, limits, std::move(first), first_at, true, too_long);
  return rows.next;
}

}  // namespace v0
}  // namespace hoctap
