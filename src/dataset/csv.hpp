// Reading CSV files straight into typed columns for the batch evaluator: one pass over
// the file's bytes, only the columns asked for, numbers parsed in place, text kept as
// codes into a dictionary (no string per field). Rows that cannot be read keep their
// place and get an error; nothing is dropped.
//
// Tokenizing is RFC 4180 (quoted fields may hold commas, doubled quotes and line breaks;
// lines end with LF or CRLF). A quote that never closes, text after a closing quote, a
// quote inside an unquoted field, a control character, bytes that are not UTF-8, a line
// longer than the limit or a wrong number of fields is a problem of the line where the
// record starts: that line becomes a row with every value missing, and reading resumes
// at the next line, so one slip never swallows the rest of the file.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hoctap/batch.hpp"
#include "util/memory.hpp"

namespace hoctap::internal {

// Text → code (0, 1, 2, … in order of first sight): a text column's dictionary, and an
// id → row index. Open addressing with linear probing; each slot packs a 32-bit hash tag
// with code + 1 (0 = empty); the keys are views the caller keeps alive. A node-based map
// cost one allocation and a pointer chase per distinct value, which dominated reading id
// columns (one distinct value per row).
class CodeTable {
 public:
  CodeTable() = default;
  CodeTable(CodeTable&&) = default;
  CodeTable& operator=(CodeTable&&) = default;
  CodeTable(const CodeTable&) = delete;  // a copy would still view the original's keys
  CodeTable& operator=(const CodeTable&) = delete;

  void reserve(std::size_t n) {
    std::size_t cap = 16;
    while (cap < n * 2) cap *= 2;
    if (cap > slots_.size()) rehash(cap);
    keys_.reserve(n);
  }
  // The code of `key`; a new key gets the next code (0, 1, 2, … in order of first sight).
  std::int32_t code(std::string_view key, bool& added) {
    if ((keys_.size() + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 16 : slots_.size() * 2);
    const std::uint64_t h = std::hash<std::string_view>{}(key);
    std::uint64_t& s = slots_[slot_of(key, h)];
    added = s == 0;
    if (added) {
      keys_.push_back(key);
      s = ((h >> 32) << 32) | keys_.size();
    }
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(s) - 1);
  }
  // The code of `key`, or -1.
  std::int32_t find(std::string_view key) const {
    if (slots_.empty()) return -1;
    const std::uint64_t s = slots_[slot_of(key, std::hash<std::string_view>{}(key))];
    return s == 0 ? -1 : static_cast<std::int32_t>(static_cast<std::uint32_t>(s) - 1);
  }
  void swap(CodeTable& other) noexcept {
    slots_.swap(other.slots_);
    keys_.swap(other.keys_);
  }
  // Points the key added last at a copy the caller owns (same bytes, so same slot).
  void rekey_last(std::string_view key) { keys_.back() = key; }

 private:
  // Where `key` (hash `h`) is, or the empty slot where it would go.
  std::size_t slot_of(std::string_view key, std::uint64_t h) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
      const std::uint64_t s = slots_[i];
      if (s == 0 || ((s >> 32) == (h >> 32) && keys_[static_cast<std::uint32_t>(s) - 1] == key)) return i;
    }
  }
  void rehash(std::size_t cap) {
    std::vector<std::uint64_t>().swap(slots_);
    slots_.reserve(cap);
    advise_huge_pages(slots_.data(), cap * sizeof(std::uint64_t));  // one TLB entry per 2 MiB of random probes
    slots_.assign(cap, 0);
    const std::size_t mask = cap - 1;
    for (std::size_t c = 0; c < keys_.size(); ++c) {
      const std::uint64_t h = std::hash<std::string_view>{}(keys_[c]);
      std::size_t i = static_cast<std::size_t>(h) & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = ((h >> 32) << 32) | (c + 1);
    }
  }
  std::vector<std::uint64_t> slots_;
  std::vector<std::string_view> keys_;
};

// `text` keeps a dictionary (a code per row: categories, links shared by many rows);
// `id` keeps each row's text as it is, without a dictionary (one distinct value per row:
// hashing it would cost a cache miss per row for nothing the reader needs).
enum class CsvKind : std::uint8_t { number, boolean, date, text, id };

struct CsvColumn {
  std::string name;
  CsvKind kind = CsvKind::text;
  bool present = false;             // the file has this column
  std::vector<double> numbers;      // number: NaN when empty or unreadable
  std::vector<std::uint8_t> flags;  // boolean: 0/1
  std::vector<std::int32_t> ints;   // date: days; text: codes (-1 when empty)
  std::vector<std::uint8_t> valid;  // boolean, date: 0 when empty or unreadable
  std::vector<std::string> labels;  // text: the dictionary
  // id: the texts end to end, a run of rows with the same text (members listed parent by
  // parent: a family's adults' `family_id`) stored once. Per row, where its text ends in
  // `pool`; or, for a row whose text is the row before's, kRepeat and how many rows back
  // the row that stored it is (less than kRepeat: a longer run stores its text again).
  std::string pool;
  std::vector<std::uint32_t> ends;
  static constexpr std::uint32_t kRepeat = std::uint32_t{1} << 31;
  static constexpr std::size_t kMostText = kRepeat - 1;  // bytes of `pool`
  // The row's text (text and id columns); empty when the field is empty.
  std::string_view text(std::size_t row) const {
    if (kind == CsvKind::id) {
      std::uint32_t end = ends[row];
      if ((end & kRepeat) != 0) {
        row -= end & ~kRepeat;
        end = ends[row];
      }
      std::uint32_t from = row == 0 ? 0 : ends[row - 1];  // where the text before ends
      if ((from & kRepeat) != 0) from = ends[row - 1 - (from & ~kRepeat)];
      return std::string_view(pool.data() + from, end - from);
    }
    const std::int32_t code = ints[row];
    return code < 0 ? std::string_view() : std::string_view(labels[static_cast<std::size_t>(code)]);
  }
  // id: the last stored text is `pool`'s tail from `run_from`, stored by row `run_row`
  // (the reader appends a row as a repeat when its text is that one).
  std::size_t run_from = 0, run_row = 0;
  // No values, the buffers kept.
  void clear();
  // Room for `rows` values of its kind without reallocating (large arrays on huge pages).
  void reserve(std::size_t rows);
  // The column as the batch evaluator reads it (borrows this object's buffers); an id
  // column is not an input and reads as missing.
  Column as_batch_column(const std::string& input_name) const;
};

struct CsvRowError {
  CsvRowError(std::size_t r, std::string f, std::string why, std::string c = {})
      : row(r), field(std::move(f)), reason(std::move(why)), code(std::move(c)) {}
  std::size_t row = 0;  // 0-based data row
  std::string field;    // empty for the whole row
  std::string reason;
  std::string code;     // the line's problem (docs/diagnostics.md, D0xx); empty for a value
};

// Bounds on what one line may cost: past them the line is a problem, never an allocation
// the input chooses.
struct CsvLimits {
  std::size_t max_line_bytes = std::size_t{1} << 20;  // one record, line breaks inside quotes included
  std::size_t max_columns = 4096;                     // header fields; a row never stores more than the header has
  Lang lang = Lang::en;                               // of the line problems' reasons (dataset/issue_text)
};

// Where every line of a file went. `lines` is counted from the bytes apart from the
// tokenizer (line feeds, and a last line without one); the others by the tokenizer, and
// lines == header_lines + rows_read + rows_unreadable + blank_lines + continued_lines.
struct CsvStats {
  std::size_t lines = 0;
  std::size_t header_lines = 0;
  std::size_t rows_read = 0;        // records read whole
  std::size_t rows_unreadable = 0;  // lines that are a problem (each kept as a row, values missing)
  std::size_t blank_lines = 0;
  std::size_t continued_lines = 0;  // line breaks inside the quoted fields of records read
  // (first data row, extra lines before it): where rows stop being line - header - 1
  // (after blank and continued lines), for line_of.
  std::vector<std::pair<std::size_t, std::size_t>> shifts;
  bool balanced() const { return lines == header_lines + rows_read + rows_unreadable + blank_lines + continued_lines; }
  // The 1-based line of 0-based data row `row`.
  std::size_t line_of(std::size_t row) const;
};

struct CsvTable {
  std::string path;
  std::size_t first_row = 0;  // the file's 0-based data row of this table's row 0 (chunks)
  std::size_t rows = 0;
  std::vector<CsvColumn> columns;
  std::vector<CsvRowError> errors;
  CsvStats stats;  // the whole file's, once read to its end (read_csv; a reader's last chunk)
  const CsvColumn* find(const std::string& name) const;
};

// A file's bytes already in memory (a fuzz target, a test), read as a file named `name`.
struct CsvBytes {
  std::string_view bytes;
  std::string name;
};

// Reads `path` a chunk of rows at a time, keeping the columns in `wanted` (name, kind)
// that the file has: memory holds one chunk's columns, not the file's. Text codes are the
// same in every chunk (each chunk carries the dictionary so far). Rows in errors are
// relative to the chunk (add `first_row`). Throws std::runtime_error when the file
// cannot be read, is not a regular file (a FIFO, a device, a folder: refused before
// reading), is empty, or its header is not a line of distinct column names.
class CsvReader {
 public:
  CsvReader(const std::string& path, const std::vector<std::pair<std::string, CsvKind>>& wanted, const CsvLimits& limits = {});
  // The same from bytes in memory, which must outlive the reader.
  CsvReader(const CsvBytes& bytes, const std::vector<std::pair<std::string, CsvKind>>& wanted, const CsvLimits& limits = {});
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;
  // Replaces `chunk` with the next rows, at most `max_rows`; false when none are left
  // (an empty file still yields one empty chunk, with its columns).
  bool next(CsvTable& chunk, std::size_t max_rows);
  // The rows the whole file holds, estimated from the bytes read so far (after a chunk).
  std::size_t estimated_rows() const;
  // Where the lines read so far went (complete once next() has returned false or a chunk
  // ended at the file's end).
  const CsvStats& stats() const;
  // The header's column names, in file order.
  const std::vector<std::string>& header() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// Appends `chunk`'s columns named in `names` to `into` (a table built chunk by chunk from
// one reader: text codes agree, and `into` takes the chunk's dictionary).
void append_columns(CsvTable& into, const CsvTable& chunk, const std::vector<std::string>& names);

// The whole file as one table (see CsvReader).
CsvTable read_csv(const std::string& path, const std::vector<std::pair<std::string, CsvKind>>& wanted, const CsvLimits& limits = {});
// The same from bytes in memory: the entry point for fuzzing the reader.
CsvTable read_csv_bytes(std::string_view bytes, const std::string& name, const std::vector<std::pair<std::string, CsvKind>>& wanted,
                        const CsvLimits& limits = {});

}  // namespace hoctap::internal
