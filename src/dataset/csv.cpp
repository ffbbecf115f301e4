#include "dataset/csv.hpp"
#include "dataset/csv_split.hpp"
#include "dataset/issue_text.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <cmath>
#include <deque>
#include <functional>
#include <stdexcept>
#include <string_view>

#include "evaluate/runtime.hpp"
#include "util/clones.hpp"
#include "util/memory.hpp"
#include "util/messages.hpp"
#include "util/numeric.hpp"
#include "util/text.hpp"

namespace hoctap::internal {
namespace {

// A file that cannot be read at all (E007), or is not a CSV file hoctap can use (E008):
// message `id`, what() in `lang`.
[[noreturn]] void refuse(Lang lang, std::string_view id, std::initializer_list<Arg> args) {
  const bool unreadable = id == "dataset.unreadable" || id == "csv.not_file" || id == "csv.map";
  throw error<RuntimeError>(unreadable ? "E007" : "E008", id, args, lang);
}

// The file's bytes, memory-mapped read-only. Only a regular file is read: a FIFO would
// block and a device or folder has no lines, so they are refused before reading.
class Mapped {
 public:
  // Messages in `lang`.
  Mapped(const std::string& path, Lang lang) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) refuse(lang, "dataset.unreadable", {path});
    struct stat st {};
    if (::fstat(fd_, &st) != 0) refuse(lang, "dataset.unreadable", {path});
    if (!S_ISREG(st.st_mode)) {
      const char* what = S_ISDIR(st.st_mode) ? "csv.folder" : S_ISFIFO(st.st_mode) ? "csv.fifo" : S_ISSOCK(st.st_mode) ? "csv.socket" : "csv.device";
      ::close(fd_);
      fd_ = -1;
      refuse(lang, "csv.not_file", {path, tr(what)});
    }
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_ > 0) {
      void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
      if (p == MAP_FAILED) refuse(lang, "csv.map", {path});
      data_ = static_cast<const char*>(p);
      ::madvise(p, size_, MADV_SEQUENTIAL);
    }
  }
  Mapped() = default;  // no file: bytes from memory
  ~Mapped() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
    if (fd_ >= 0) ::close(fd_);
  }
  Mapped(const Mapped&) = delete;
  Mapped& operator=(const Mapped&) = delete;
  std::string_view view() const { return {data_ ? data_ : "", size_}; }
  // Drops the resident pages inside bytes [from, to) (whole pages only); the mapping stays
  // valid and reading those bytes again reads the file again.
  void release(std::size_t from, std::size_t to) const {
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    from = (from + page - 1) / page * page;
    to = to / page * page;
    if (data_ != nullptr && to > from) ::madvise(const_cast<char*>(data_) + from, to - from, MADV_DONTNEED);
  }

 private:
  int fd_ = -1;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

// The line feeds of `text`: 32 bytes a step, each lane's count kept in a byte for up to
// 255 steps, then added up (a loop of compares and byte adds that vectorises; a file's
// every byte passes through here).
HOCTAP_VECTOR_CLONES
std::size_t count_lines(std::string_view text) {
  constexpr std::size_t kLanes = 32, kSteps = 255;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t n = 0, i = 0;
  while (size - i >= kLanes) {
    std::uint8_t lane[kLanes] = {};
    const std::size_t steps = std::min(kSteps, (size - i) / kLanes);
    for (std::size_t s = 0; s < steps; ++s, i += kLanes)
      for (std::size_t k = 0; k < kLanes; ++k) lane[k] = static_cast<std::uint8_t>(lane[k] + (p[i + k] == '\n'));
    for (std::size_t k = 0; k < kLanes; ++k) n += lane[k];
  }
  for (; i < size; ++i) n += p[i] == '\n';
  return n;
}

}  // namespace

Column CsvColumn::as_batch_column(const std::string& input_name) const {
  switch (kind) {
    case CsvKind::number: return Column::float64(input_name, numbers.data());
    case CsvKind::boolean: {
      Column c = Column::boolean(input_name, flags.data());
      c.valid = valid.data();
      return c;
    }
    case CsvKind::date: {
      Column c = Column::dates(input_name, ints.data());
      c.valid = valid.data();
      return c;
    }
    case CsvKind::text: return Column::codes(input_name, ints.data(), labels);
    case CsvKind::id: break;
  }
  return {};
}

namespace {
// Whether n bytes at a and b are the same: ids of up to 16 bytes by two loads a side
// (overlapping), without a call per row.
bool same_bytes(const char* a, const char* b, std::size_t n) {
  auto load = [](const char* p, auto word) {
    decltype(word) w;
    std::memcpy(&w, p, sizeof w);
    return w;
  };
  if (n >= 8 && n <= 16) return load(a, std::uint64_t{}) == load(b, std::uint64_t{}) && load(a + n - 8, std::uint64_t{}) == load(b + n - 8, std::uint64_t{});
  if (n >= 4 && n < 8) return load(a, std::uint32_t{}) == load(b, std::uint32_t{}) && load(a + n - 4, std::uint32_t{}) == load(b + n - 4, std::uint32_t{});
  return n == 0 || std::memcmp(a, b, n) == 0;  // an empty text's data may be null
}

// Appends a row's text to id column `c` (a repeat of the row before's when it is the
// same); false when its pool would pass kMostText.
inline bool append_id(CsvColumn& c, std::string_view text) {
  const std::size_t row = c.ends.size(), size = c.pool.size() - c.run_from;
  if (row > 0 && row - c.run_row < CsvColumn::kRepeat && size == text.size() && same_bytes(c.pool.data() + c.run_from, text.data(), size)) {
    c.ends.push_back(CsvColumn::kRepeat | static_cast<std::uint32_t>(row - c.run_row));
    return true;
  }
  if (c.pool.size() + text.size() > CsvColumn::kMostText) return false;
  c.run_from = c.pool.size();
  c.run_row = row;
  c.pool.append(text);
  c.ends.push_back(static_cast<std::uint32_t>(c.pool.size()));
  return true;
}
}  // namespace

void CsvColumn::clear() {
  numbers.clear();
  flags.clear();
  ints.clear();
  valid.clear();
  labels.clear();
  pool.clear();
  ends.clear();
  run_from = run_row = 0;
}

void CsvColumn::reserve(std::size_t rows) {
  // On huge pages: a fresh page faults once per 4 KiB otherwise.
  auto room = [rows](auto& v) {
    v.reserve(rows);
    advise_huge_pages(v.data(), v.capacity() * sizeof(v[0]));
  };
  switch (kind) {
    case CsvKind::number: room(numbers); break;
    case CsvKind::boolean: room(flags); room(valid); break;
    case CsvKind::date: room(ints); room(valid); break;
    case CsvKind::text: room(ints); break;
    case CsvKind::id:
      ends.reserve(rows);
      pool.reserve(rows * 12);  // ids of about a dozen bytes; grows as needed
      break;
  }
}

const CsvColumn* CsvTable::find(const std::string& name) const {
  for (const CsvColumn& c : columns)
    if (c.name == name && c.present) return &c;
  return nullptr;
}

std::size_t CsvStats::line_of(std::size_t row) const {
  auto it = std::upper_bound(shifts.begin(), shifts.end(), std::make_pair(row, SIZE_MAX));
  return header_lines + row + 1 + (it == shifts.begin() ? 0 : std::prev(it)->second);
}

namespace {

// The line's problem in words (in `lang`), with its code. `line` is the line's text (to its end).
CsvRowError line_problem(std::size_t row, const Split& sp, std::string_view line, std::size_t start, std::size_t max_line, Lang lang) {
  std::size_t chars = 1;  // 1-based character of the problem within the line
  for (std::size_t i = start; i < sp.at && i - start < line.size(); ++i) chars += (static_cast<unsigned char>(line[i - start]) & 0xC0) != 0x80;
  const std::string at = std::to_string(chars);
  switch (sp.error) {
    case LineError::unterminated_quote: return {row, "", says(Says::quote_not_closed, lang, {at}), "D010"};
    case LineError::after_quote: return {row, "", says(Says::text_after_quote, lang, {at}), "D011"};
    case LineError::quote_in_field: return {row, "", says(Says::quote_in_field, lang, {at}), "D012"};
    case LineError::control: {
      const auto c = static_cast<unsigned char>(sp.at - start < line.size() ? line[sp.at - start] : 0);
      if (c == '\r') return {row, "", says(Says::carriage_return, lang, {at}), "D014"};
      char u[8];
      std::snprintf(u, sizeof u, "U+%04X", c);
      return {row, "", says(Says::control_character, lang, {u, at}), "D014"};
    }
    case LineError::utf8: {
      const auto c = static_cast<unsigned char>(sp.at - start < line.size() ? line[sp.at - start] : 0);
      char x[8];
      std::snprintf(x, sizeof x, "\\x%02X", c);
      return {row, "", says(Says::not_utf8, lang, {x, at}), "D015"};
    }
    case LineError::too_long: return {row, "", says(Says::line_too_long, lang, {std::to_string(max_line)}), "D016"};
    case LineError::none: break;
  }
  return {row, "", "", ""};
}

// The id an unreadable line most likely has, `id` being the file's first column: its text
// before the first comma, without a quote opening it; empty when that text holds a quote,
// a control character or bytes that are not UTF-8 (the line's problem may be in the id).
// Members pointing at the line's id then join its row, every other value of which is
// missing, instead of being told that the file has no such id.
std::string_view guessed_id(std::string_view line) {
  constexpr std::size_t kLongestId = 1024;
  std::string_view id = line.substr(0, std::min(line.size(), kLongestId));
  id = id.substr(0, id.find_first_of(",\r\n"));
  if (!id.empty() && id.front() == '"') id.remove_prefix(1);
  if (id.size() == kLongestId || id.find('"') != std::string_view::npos || find_invalid_utf8(id) || find_control_char(id)) return {};
  return id;
}

}  // namespace

// The reader's state between chunks: the mapped file, where each wanted column comes
// from, and the text dictionaries (codes stay the same from chunk to chunk).
struct CsvReader::State {
  std::string path;
  Mapped file;
  std::string_view text;
  CsvLimits limits;
  std::size_t pos = 0, released = 0, rows_read = 0, counted = 0;  // counted: line feeds counted up to here
  std::vector<std::string_view> fields;
  std::deque<std::string> scratch;
  std::size_t header_size = 0;
  std::vector<std::string> header_names;
  std::vector<std::pair<std::string, CsvKind>> wanted;
  std::vector<std::size_t> source;
  std::vector<bool> present;
  // Dictionaries are keyed by views into the mapped file (alive while reading); the rare
  // unquoted-copy keys live in `owned`.
  std::vector<CodeTable> dictionaries;
  // Per text column, the codes of its ASCII texts of one or two bytes (scores, flags, small
  // counts: most cells of a form), found without hashing; -1 until first seen. They are
  // the dictionary's own codes, remembered.
  static constexpr std::size_t kShortKeys = 128 + 128 * 128;
  std::vector<std::vector<std::int32_t>> short_codes;
  // Per text column, the last text read from the file and its code: a run of rows with the
  // same text (members listed by their family share its id; a category's value repeats)
  // costs a compare instead of a probe of the dictionary's hash table, which is as large
  // as the file's distinct ids. Only views into the file: a quoted field's copy is reused
  // for the next one.
  std::vector<std::pair<std::string_view, std::int32_t>> last_text;
  std::vector<std::vector<std::string>> labels;
  std::deque<std::string> owned;
  std::size_t rows_per_mib = 0;  // from the first MiB: sizes each chunk's columns once
  bool started = false;
  CsvStats stats;
  std::size_t extra_lines = 0;  // blank and continued lines so far (stats.shifts)

  State(const std::string& p, std::vector<std::pair<std::string, CsvKind>> w, const CsvLimits& l)
      : path(p), file(p, l.lang), limits(l), wanted(std::move(w)) {}
  State(const CsvBytes& b, std::vector<std::pair<std::string, CsvKind>> w, const CsvLimits& l)
      : path(b.name), limits(l), wanted(std::move(w)) {
    text = b.bytes;
  }
  bool in_file(std::string_view v) const { return v.data() >= text.data() && v.data() < text.data() + text.size(); }
  // Counts the line feeds of the bytes the cursor has passed (apart from the tokenizer).
  void count_to(std::size_t to) {
    if (to > counted) stats.lines += count_lines(text.substr(counted, to - counted));
    counted = std::max(counted, to);
  }
  // Parsed bytes are handed back as the cursor passes them: a mapped file's pages count
  // in the process's resident memory, and a 170 MB file would otherwise stay resident to
  // the end. Dictionary keys still view the text; reading one again faults it back in.
  void release_behind() {
    constexpr std::size_t kStep = std::size_t{16} << 20;
    if (pos < released + kStep) return;
    count_to(pos);
    if (!file.view().empty()) {
      const auto base = static_cast<std::size_t>(text.data() - file.view().data());
      file.release(base + released, base + pos);
    }
    released = pos;
  }
  // Lines not one row each from data row `row` on: blank lines, line breaks in quotes.
  void shift(std::size_t row, std::size_t lines) {
    extra_lines += lines;
    if (!stats.shifts.empty() && stats.shifts.back().first == row) stats.shifts.back().second = extra_lines;
    else stats.shifts.emplace_back(row, extra_lines);
  }
  void start();
};

void CsvReader::State::start() {
  if (text.empty() && !file.view().empty()) text = file.view();
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const Lang lang = limits.lang;
  if (text.empty()) refuse(lang, "csv.empty", {path});
  const Split sp = split(text, pos, fields, scratch, limits.max_columns + 1, limits.max_line_bytes);
  if (sp.error != LineError::none) {
    const std::string_view line = text.substr(0, text.find('\n'));
    refuse(lang, "csv.header", {path, line_problem(0, sp, line, 0, limits.max_line_bytes, lang).reason});
  }
  if (sp.newlines > 0) refuse(lang, "csv.header", {path, tr("csv.header_break")});
  if (sp.fields > limits.max_columns) refuse(lang, "csv.header", {path, tr("csv.header_columns", {std::to_string(limits.max_columns)})});
  stats.header_lines = 1;
  header_size = fields.size();
  header_names.assign(fields.begin(), fields.end());
  for (std::size_t h = 0; h < header_names.size(); ++h)
    for (std::size_t k = 0; k < h; ++k)
      if (!header_names[h].empty() && header_names[h] == header_names[k])
        refuse(lang, "csv.header", {path, tr("csv.header_twice", {header_names[h], std::to_string(k + 1), std::to_string(h + 1)})});
  source.assign(wanted.size(), 0);
  present.assign(wanted.size(), false);
  for (std::size_t w = 0; w < wanted.size(); ++w)
    for (std::size_t h = 0; h < header_names.size(); ++h)
      if (header_names[h] == wanted[w].first) {
        source[w] = h;
        present[w] = true;
      }
  dictionaries.resize(wanted.size());
  short_codes.resize(wanted.size());
  last_text.assign(wanted.size(), {std::string_view(), -1});
  labels.resize(wanted.size());
  const std::string_view first = text.substr(pos, std::min<std::size_t>(text.size() - pos, 1 << 20));
  rows_per_mib = count_lines(first);
}

CsvReader::CsvReader(const std::string& path, const std::vector<std::pair<std::string, CsvKind>>& wanted, const CsvLimits& limits)
    : s_(std::make_unique<State>(path, wanted, limits)) {
  s_->start();
}

CsvReader::CsvReader(const CsvBytes& bytes, const std::vector<std::pair<std::string, CsvKind>>& wanted, const CsvLimits& limits)
    : s_(std::make_unique<State>(bytes, wanted, limits)) {
  s_->start();
}

CsvReader::~CsvReader() = default;

const CsvStats& CsvReader::stats() const { return s_->stats; }

const std::vector<std::string>& CsvReader::header() const { return s_->header_names; }

bool CsvReader::next(CsvTable& t, std::size_t max_rows) {
  State& s = *s_;
  const bool done = s.started && s.pos >= s.text.size();
  // The chunk's column buffers are kept (emptied) for the next rows: a reader called
  // chunk after chunk with the same table (read-ahead swaps two) touches the same memory
  // again instead of faulting fresh pages in for every chunk. At the end they are freed.
  std::vector<CsvColumn> buffers = std::move(t.columns);
  t = CsvTable{};
  if (!done) t.columns = std::move(buffers);
  t.path = s.path;
  t.first_row = s.rows_read;
  if (done) return false;
  s.started = true;
  // A first estimate of the rows to come avoids most reallocation.
  const std::size_t left = s.text.size() - s.pos;
  std::size_t estimate = left > (1 << 20) ? s.rows_per_mib * (left / (1 << 20) + 1) : s.rows_per_mib;
  estimate = std::min(estimate, max_rows);
  t.columns.resize(s.wanted.size());
  for (std::size_t w = 0; w < s.wanted.size(); ++w) {
    CsvColumn& c = t.columns[w];
    c.clear();
    c.name = s.wanted[w].first;
    c.kind = s.wanted[w].second;
    c.present = s.present[w];
    if (!c.present) continue;
    c.reserve(std::max<std::size_t>(estimate, 1));  // sized once; never a null buffer, even for no rows
  }
  const std::string_view text = s.text;
  std::size_t& pos = s.pos;
  CsvStats& stats = s.stats;
  while (pos < text.size() && t.rows < max_rows) {
    s.release_behind();
    const std::size_t line_start = pos;
    if (text[pos] == '\n' || (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n')) {  // a blank line
      pos += text[pos] == '\n' ? 1 : 2;
      ++stats.blank_lines;
      s.shift(s.rows_read + t.rows, 1);
      continue;
    }
    Split sp = split(text, pos, s.fields, s.scratch, s.header_size + 1, s.limits.max_line_bytes);
    const std::vector<std::string_view>& fields = s.fields;
    const std::size_t row = t.rows++;
    bool whole = sp.error == LineError::none && sp.fields == s.header_size;
    // A value hoctap reads (an id, a link, a number, a code) holding a line break and a
    // separator is lines swallowed whole: the quote before it should not have opened, and
    // taking the record would merge every line up to the next quote into that value. A
    // display name (`name`) and the columns no set reads may hold anything; a line break
    // alone (a spreadsheet cell's) stays the value's own problem.
    if (whole && sp.newlines > 0)
      for (std::size_t w = 0; w < s.wanted.size() && whole; ++w) {
        const std::string_view v = s.present[w] && s.wanted[w].first != "name" ? fields[s.source[w]] : std::string_view();
        whole = v.find('\n') == std::string_view::npos || v.find(',') == std::string_view::npos;
      }
    if (sp.error != LineError::none) {
      const std::size_t end = std::min(text.size(), line_start + std::min(s.limits.max_line_bytes, pos - line_start));
      t.errors.push_back(line_problem(row, sp, text.substr(line_start, end - line_start), line_start, s.limits.max_line_bytes, s.limits.lang));
    } else if (!whole && sp.newlines > 0) {  // a record over lines with the wrong fields: a quote that did not close on its line
      const void* nl = std::memchr(text.data() + line_start, '\n', text.size() - line_start);
      pos = nl != nullptr ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1 : text.size();
      sp.newlines = 0;
      sp.error = LineError::unterminated_quote;
      sp.at = sp.crossed;
      t.errors.push_back(line_problem(row, sp, text.substr(line_start, pos - line_start), line_start, s.limits.max_line_bytes, s.limits.lang));
    } else if (!whole) {
      t.errors.push_back({row, "", says(Says::wrong_field_count, s.limits.lang, {std::to_string(s.header_size), std::to_string(sp.fields)}), "D013"});
    }
    if (whole) ++stats.rows_read;
    else ++stats.rows_unreadable;
    if (sp.newlines > 0) {
      stats.continued_lines += sp.newlines;
      s.shift(s.rows_read + t.rows, sp.newlines);
    }
    for (std::size_t w = 0; w < t.columns.size(); ++w) {
      CsvColumn& c = t.columns[w];
      if (!c.present) continue;
      const bool have = whole;
      const std::string_view v = whole ? fields[s.source[w]] : std::string_view();
      switch (c.kind) {
        case CsvKind::number: {
          // The input contract's reading (evaluate/input.cpp): exact, from the text; the
          // decimal travels as the double nearest to it, which converts back to it exactly.
          double x = NAN;
          if (std::int64_t integer = 0; have && whole_number_text(v, integer)) {
            x = static_cast<double>(integer);
          } else if (have && !blank(v)) {
            Decimal d;
            switch (parse_number_text(v, d)) {
              case NumberText::ok:
                x = d.to_double();
                if (exact_from_double(x) != d) {
                  t.errors.push_back({row, c.name, says(Says::too_many_digits, s.limits.lang, {v})});
                  x = NAN;
                }
                break;
              case NumberText::too_many_decimals:
                t.errors.push_back({row, c.name, says(Says::too_many_decimals, s.limits.lang, {v})});
                break;
              case NumberText::out_of_range:
                t.errors.push_back({row, c.name, says(Says::beyond_range, s.limits.lang, {v})});
                break;
              case NumberText::not_a_number:
                t.errors.push_back({row, c.name, says(Says::not_a_number, s.limits.lang, {v})});
                break;
            }
          }
          c.numbers.push_back(x);
          break;
        }
        case CsvKind::boolean: {
          std::uint8_t f = 0, ok = 0;
          if (have && !blank(v)) {
            if (auto b = bool_word(v)) { f = *b ? 1 : 0; ok = 1; }  // the input contract's words
            else t.errors.push_back({row, c.name, says(Says::not_a_bool, s.limits.lang, {v})});
          }
          c.flags.push_back(f);
          c.valid.push_back(ok);
          break;
        }
        case CsvKind::date: {
          std::int32_t days = 0;
          std::uint8_t ok = 0;
          if (have && !blank(v)) {
            if (auto d = Date::parse(trim_blank(v))) { days = d->days(); ok = 1; }
            else t.errors.push_back({row, c.name, says(Says::not_a_date, s.limits.lang, {v})});
          }
          c.ints.push_back(days);
          c.valid.push_back(ok);
          break;
        }
        case CsvKind::id: {
          const bool guess = !have && c.name == "id" && s.source[w] == 0;
          const std::string_view id = have ? v : guess ? guessed_id(text.substr(line_start)) : std::string_view();
          if (!append_id(c, id)) refuse(s.limits.lang, "csv.too_much_text", {s.path, c.name});
          break;
        }
        case CsvKind::text: {
          std::int32_t code = -1;
          if (have && !v.empty()) {
            std::int32_t* known = nullptr;
            const unsigned b0 = static_cast<unsigned char>(v[0]), b1 = v.size() == 2 ? static_cast<unsigned char>(v[1]) : 0u;
            if (v.size() <= 2 && b0 < 0x80 && b1 < 0x80) {
              std::vector<std::int32_t>& memo = s.short_codes[w];
              if (memo.empty()) memo.assign(State::kShortKeys, -1);
              known = &memo[v.size() == 1 ? b0 : 128 + b0 * 128 + b1];
              code = *known;
            }
            auto& [last, last_code] = s.last_text[w];
            if (code < 0 && v == last) code = last_code;
            if (code < 0) {
              bool added = false;
              code = s.dictionaries[w].code(v, added);
              if (s.in_file(v)) last = v, last_code = code;
              if (added) {
                s.labels[w].emplace_back(v);
                if (!s.in_file(v)) s.dictionaries[w].rekey_last(s.owned.emplace_back(v));
              }
              if (known != nullptr) *known = code;
            }
          }
          c.ints.push_back(code);
          break;
        }
      }
    }
  }
  s.rows_read += t.rows;
  if (pos >= text.size()) s.count_to(text.size());
  if (pos >= text.size() && !text.empty() && text.back() != '\n') ++stats.lines;  // a last line without a line feed
  t.stats = stats;
  for (std::size_t w = 0; w < t.columns.size(); ++w)
    if (t.columns[w].kind == CsvKind::text) t.columns[w].labels = s.labels[w];  // the dictionary so far
  return true;
}

std::size_t CsvReader::estimated_rows() const {
  const State& s = *s_;
  if (s.pos == 0 || s.rows_read == 0) return s.rows_read;
  return static_cast<std::size_t>(static_cast<double>(s.rows_read) * static_cast<double>(s.text.size()) / static_cast<double>(s.pos)) + 1;
}

void append_columns(CsvTable& into, const CsvTable& chunk, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    const CsvColumn* from = chunk.find(name);
    if (from == nullptr) continue;
    CsvColumn* to = nullptr;
    for (CsvColumn& c : into.columns)
      if (c.name == name) to = &c;
    if (to == nullptr) {
      into.columns.emplace_back();
      to = &into.columns.back();
      to->name = name;
      to->kind = from->kind;
    }
    to->present = true;
    to->numbers.insert(to->numbers.end(), from->numbers.begin(), from->numbers.end());
    to->flags.insert(to->flags.end(), from->flags.begin(), from->flags.end());
    to->ints.insert(to->ints.end(), from->ints.begin(), from->ints.end());
    to->valid.insert(to->valid.end(), from->valid.begin(), from->valid.end());
    if (from->kind == CsvKind::text) to->labels = from->labels;  // the dictionary so far
    if (from->kind == CsvKind::id) {
      const std::size_t shift = to->pool.size();
      if (shift + from->pool.size() > CsvColumn::kMostText) throw error<RuntimeError>("E008", "csv.too_much_text", {chunk.path, name});
      to->pool += from->pool;
      const std::size_t first = to->ends.size();
      for (std::uint32_t end : from->ends)  // a repeat counts rows back within the chunk: kept as it is
        to->ends.push_back((end & CsvColumn::kRepeat) != 0 ? end : static_cast<std::uint32_t>(shift + end));
      if (!from->ends.empty()) to->run_from = shift + from->run_from, to->run_row = first + from->run_row;
    }
  }
  for (const CsvRowError& e : chunk.errors) {  // which rows are unreadable lines travels with the rows
    into.errors.push_back(e);
    into.errors.back().row += into.rows;
  }
  into.path = chunk.path;
  into.rows += chunk.rows;
}

CsvTable read_csv(const std::string& path, const std::vector<std::pair<std::string, CsvKind>>& wanted, const CsvLimits& limits) {
  CsvReader reader(path, wanted, limits);
  CsvTable t;
  reader.next(t, SIZE_MAX);
  return t;
}

CsvTable read_csv_bytes(std::string_view bytes, const std::string& name, const std::vector<std::pair<std::string, CsvKind>>& wanted,
                        const CsvLimits& limits) {
  CsvReader reader(CsvBytes{bytes, name}, wanted, limits);
  CsvTable t;
  reader.next(t, SIZE_MAX);
  return t;
}

}  // namespace hoctap::internal
