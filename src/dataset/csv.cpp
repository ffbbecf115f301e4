#include "dataset/csv.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <deque>
#include <functional>
#include <stdexcept>
#include <string_view>

#include "evaluate/runtime.hpp"
#include "util/memory.hpp"
#include "util/numeric.hpp"

namespace hoctap::internal {
namespace {

// The file's bytes, memory-mapped read-only.
class Mapped {
 public:
  explicit Mapped(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDONLY);
    if (fd_ < 0) throw std::runtime_error("cannot read `" + path + "`");
    struct stat st {};
    if (::fstat(fd_, &st) != 0) throw std::runtime_error("cannot read `" + path + "`");
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_ > 0) {
      void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
      if (p == MAP_FAILED) throw std::runtime_error("cannot map `" + path + "`");
      data_ = static_cast<const char*>(p);
      ::madvise(p, size_, MADV_SEQUENTIAL);
    }
  }
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

// Splits one record starting at `pos`; fields are views into the text, or into
// `scratch` for quoted fields with doubled quotes. Advances `pos` past the line end.
void split(std::string_view text, std::size_t& pos, std::vector<std::string_view>& fields, std::vector<std::string>& scratch) {
  fields.clear();
  std::size_t used = 0;
  const std::size_t n = text.size();
  while (true) {
    if (pos < n && text[pos] == '"') {
      std::size_t start = ++pos;
      bool doubled = false;
      while (pos < n) {
        if (text[pos] == '"') {
          if (pos + 1 < n && text[pos + 1] == '"') { doubled = true; pos += 2; continue; }
          break;
        }
        ++pos;
      }
      std::string_view raw = text.substr(start, pos - start);
      if (pos < n) ++pos;  // closing quote
      if (doubled) {
        if (scratch.size() <= used) scratch.emplace_back();
        std::string& s = scratch[used++];
        s.clear();
        for (std::size_t i = 0; i < raw.size(); ++i) {
          s += raw[i];
          if (raw[i] == '"') ++i;
        }
        fields.emplace_back(s);
      } else {
        fields.push_back(raw);
      }
    } else {
      std::size_t start = pos;
      while (pos < n && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') ++pos;
      fields.push_back(text.substr(start, pos - start));
    }
    if (pos < n && text[pos] == ',') { ++pos; continue; }
    while (pos < n && (text[pos] == '\r' || text[pos] == '\n')) {
      if (text[pos++] == '\n') break;
    }
    return;
  }
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

// The reader's state between chunks: the mapped file, where each wanted column comes
// from, and the text dictionaries (codes stay the same from chunk to chunk).
struct CsvReader::State {
  std::string path;
  Mapped file;
  std::string_view text;
  std::size_t pos = 0, released = 0, rows_read = 0;
  std::vector<std::string_view> fields;
  std::vector<std::string> scratch;
  std::size_t header_size = 0;
  std::vector<std::pair<std::string, CsvKind>> wanted;
  std::vector<std::size_t> source;
  std::vector<bool> present;
  // Dictionaries are keyed by views into the mapped file (alive while reading); the rare
  // unquoted-copy keys live in `owned`.
  std::vector<CodeTable> dictionaries;
  std::vector<std::vector<std::string>> labels;
  std::deque<std::string> owned;
  std::size_t rows_per_mib = 0;  // from the first MiB: sizes each chunk's columns once
  bool started = false;

  State(const std::string& p, std::vector<std::pair<std::string, CsvKind>> w) : path(p), file(p), wanted(std::move(w)) {}
  bool in_file(std::string_view v) const { return v.data() >= text.data() && v.data() < text.data() + text.size(); }
  // Parsed bytes are handed back as the cursor passes them: a mapped file's pages count
  // in the process's resident memory, and a 170 MB file would otherwise stay resident to
  // the end. Dictionary keys still view the text; reading one again faults it back in.
  void release_behind() {
    constexpr std::size_t kStep = std::size_t{16} << 20;
    if (pos < released + kStep) return;
    const auto base = static_cast<std::size_t>(text.data() - file.view().data());
    file.release(base + released, base + pos);
    released = pos;
  }
};

CsvReader::CsvReader(const std::string& path, const std::vector<std::pair<std::string, CsvKind>>& wanted)
    : s_(std::make_unique<State>(path, wanted)) {
  State& s = *s_;
  s.text = s.file.view();
  if (s.text.size() >= 3 && s.text.substr(0, 3) == "\xEF\xBB\xBF") s.text.remove_prefix(3);
  if (s.text.empty()) throw std::runtime_error("`" + path + "` is empty: a CSV file starts with a header line");
  split(s.text, s.pos, s.fields, s.scratch);
  s.header_size = s.fields.size();
  std::vector<std::string> header_names(s.fields.begin(), s.fields.end());
  s.source.assign(wanted.size(), 0);
  s.present.assign(wanted.size(), false);
  for (std::size_t w = 0; w < wanted.size(); ++w)
    for (std::size_t h = 0; h < header_names.size(); ++h)
      if (header_names[h] == wanted[w].first) {
        s.source[w] = h;
        s.present[w] = true;
      }
  s.dictionaries.resize(wanted.size());
  s.labels.resize(wanted.size());
  const std::string_view first = s.text.substr(s.pos, std::min<std::size_t>(s.text.size() - s.pos, 1 << 20));
  for (char c : first) s.rows_per_mib += c == '\n';
}

CsvReader::~CsvReader() = default;

bool CsvReader::next(CsvTable& t, std::size_t max_rows) {
  State& s = *s_;
  t = CsvTable{};
  t.path = s.path;
  t.first_row = s.rows_read;
  if (s.started && s.pos >= s.text.size()) return false;
  s.started = true;
  // A first estimate of the rows to come avoids most reallocation.
  const std::size_t left = s.text.size() - s.pos;
  std::size_t estimate = left > (1 << 20) ? s.rows_per_mib * (left / (1 << 20) + 1) : s.rows_per_mib;
  estimate = std::min(estimate, max_rows);
  t.columns.resize(s.wanted.size());
  for (std::size_t w = 0; w < s.wanted.size(); ++w) {
    CsvColumn& c = t.columns[w];
    c.name = s.wanted[w].first;
    c.kind = s.wanted[w].second;
    c.present = s.present[w];
    if (!c.present) continue;
    c.reserve(estimate);  // sized once
  }
  const std::string_view text = s.text;
  std::size_t& pos = s.pos;
  while (pos < text.size() && t.rows < max_rows) {
    s.release_behind();
    std::size_t line_start = pos;
    split(text, pos, s.fields, s.scratch);
    const std::vector<std::string_view>& fields = s.fields;
    if (fields.size() == 1 && fields[0].empty() && pos >= text.size() && line_start + 1 >= text.size()) break;
    if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line
    const std::size_t row = t.rows++;
    const bool whole = fields.size() == s.header_size;
    if (!whole)
      t.errors.push_back({row, "", "expected " + std::to_string(s.header_size) + " fields, found " + std::to_string(fields.size())});
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
          if (have && !blank(v)) {
            Decimal d;
            switch (parse_number_text(v, d)) {
              case NumberText::ok:
                x = d.to_double();
                if (exact_from_double(x) != d) {
                  t.errors.push_back({row, c.name, "`" + std::string(v) + "` has more digits than a number here can hold"});
                  x = NAN;
                }
                break;
              case NumberText::too_many_decimals:
                t.errors.push_back({row, c.name, "`" + std::string(v) + "` has more than six decimals (never rounded)"});
                break;
              case NumberText::out_of_range:
                t.errors.push_back({row, c.name, "`" + std::string(v) + "` is beyond ±9·10^12"});
                break;
              case NumberText::not_a_number:
                t.errors.push_back({row, c.name, "`" + std::string(v) + "` is not a number"});
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
            else t.errors.push_back({row, c.name, "`" + std::string(v) + "` is not true or false"});
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
            else t.errors.push_back({row, c.name, "`" + std::string(v) + "` is not a date written YYYY-MM-DD"});
          }
          c.ints.push_back(days);
          c.valid.push_back(ok);
          break;
        }
        case CsvKind::id: {
          if (have) c.pool.append(v);
          if (c.pool.size() > UINT32_MAX) throw std::runtime_error("`" + s.path + "`: the `" + c.name + "` column holds more than 4 GiB of text");
          c.ends.push_back(static_cast<std::uint32_t>(c.pool.size()));
          break;
        }
        case CsvKind::text: {
          std::int32_t code = -1;
          if (have && !v.empty()) {
            bool added = false;
            code = s.dictionaries[w].code(v, added);
            if (added) {
              s.labels[w].emplace_back(v);
              if (!s.in_file(v)) s.dictionaries[w].rekey_last(s.owned.emplace_back(v));
            }
          }
          c.ints.push_back(code);
          break;
        }
      }
    }
  }
  s.rows_read += t.rows;
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
      if (shift + from->pool.size() > UINT32_MAX) throw std::runtime_error("`" + chunk.path + "`: the `" + name + "` column holds more than 4 GiB of text");
      to->pool += from->pool;
      for (std::uint32_t end : from->ends) to->ends.push_back(static_cast<std::uint32_t>(shift + end));
    }
  }
  into.path = chunk.path;
  into.rows += chunk.rows;
}

CsvTable read_csv(const std::string& path, const std::vector<std::pair<std::string, CsvKind>>& wanted) {
  CsvReader reader(path, wanted);
  CsvTable t;
  reader.next(t, SIZE_MAX);
  return t;
}

}  // namespace hoctap::internal
