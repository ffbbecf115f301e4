// The ids of a dataset folder's files and the links between them, for the folder's
// evaluation (dataset.cpp): an index of a file's ids (IdIndex, to rows or to places), a
// link that matches no id worded with the nearest one (LinkTarget), and repeated ids of a
// file read a chunk at a time (RepeatedIds). Internal to src/dataset/.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "dataset/csv.hpp"
#include "dataset/issue_text.hpp"
#include "hoctap/dataset.hpp"
#include "util/messages.hpp"
#include "util/text.hpp"

namespace hoctap::internal::folder {

// The orders in which a program's export lists its ids: bytewise (F0000001 … F9999999),
// or shorter first and bytewise among the same length (1, 2, … 10; P9999999, P10000000:
// a numbering past its zero padding). Ids listed strictly ascending in either are all
// different.
inline bool shorter_first_less(std::string_view a, std::string_view b) { return a.size() != b.size() ? a.size() < b.size() : a < b; }
struct IdOrder {
  bool bytewise = true, shorter_first = true;  // every id so far greater than the one before it, in that order
  void step(std::string_view before, std::string_view id) {
    bytewise = bytewise && before < id;
    shorter_first = shorter_first && shorter_first_less(before, id);
  }
  bool ascending() const { return bytewise || shorter_first; }
};

// id → a value per distinct id (the first row with an id wins). The index reads the
// table's id column: the table must outlive the index and keep that column.
//
// Files written by a program list their ids in ascending order (IdOrder); then no id
// repeats and the index is the id column itself, searched by position, and a run of links
// in the same order (members after their families) is found by looking one row on from
// the last one found (`hint`). Other files get a hash table.
template <typename T>
struct IdIndex {
  internal::CodeTable ids;             // when not `ascending`
  bool ascending = false;              // every id given, in an ascending order (IdOrder)
  bool bytewise = false;               // when `ascending`: the order is bytewise, else shorter first
  const internal::CsvColumn* sorted = nullptr;  // when `ascending`: the id column (a row is its code)
  std::size_t rows = 0;                         // its rows
  // Per id code; empty when `ascending` and the value of an id is its row (`by_row`).
  std::vector<T> value;
  bool by_row = false;
  std::vector<std::pair<std::size_t, std::size_t>> duplicates;  // (row, the first row with its id); empty ids aside
  template <typename ValueOf>
  void build(const CsvTable& table, ValueOf value_of) {
    const internal::CsvColumn* idc = table.find("id");
    if (idc == nullptr) return;
    IdOrder order;
    order.bytewise = order.shorter_first = table.rows > 0 && !idc->text(0).empty();
    for (std::size_t r = 1; order.ascending() && r < table.rows; ++r) order.step(idc->text(r - 1), idc->text(r));
    ascending = order.ascending();
    bytewise = order.bytewise;
    if (ascending) {
      sorted = idc;
      rows = table.rows;
      if (by_row) return;
      value.resize(table.rows);
      for (std::size_t r = 0; r < table.rows; ++r) value[r] = value_of(r);
      return;
    }
    ids.reserve(table.rows);
    std::vector<std::size_t> first_row;  // per id code
    first_row.reserve(table.rows);
    for (std::size_t r = 0; r < table.rows; ++r) {
      bool added = false;
      const std::string_view id = idc->text(r);
      const std::int32_t code = ids.code(id, added);
      if (added) {
        value.push_back(value_of(r));
        first_row.push_back(r);
      } else if (!id.empty()) {
        duplicates.emplace_back(r, first_row[static_cast<std::size_t>(code)]);
      }
    }
  }
  // The code of `id`, or -1. `hint`: the code found last by this caller (-1 at first).
  std::int32_t code_of(std::string_view id, std::int32_t& hint) const {
    if (!ascending) return ids.find(id);
    const auto n = static_cast<std::int32_t>(rows);
    for (std::int32_t near : {hint, hint + 1})
      if (near >= 0 && near < n && sorted->text(static_cast<std::size_t>(near)) == id) return hint = near;
    // The first row whose id is not before `id`, by halving.
    std::size_t lo = 0, count = rows;
    while (count > 0) {
      const std::size_t step = count / 2, mid = lo + step;
      const std::string_view at = sorted->text(mid);
      if (bytewise ? at < id : shorter_first_less(at, id)) lo = mid + 1, count -= step + 1;
      else count = step;
    }
    if (lo == rows || sorted->text(lo) != id) return -1;
    return hint = static_cast<std::int32_t>(lo);
  }
  bool has(std::string_view id) const {
    std::int32_t hint = -1;
    return code_of(id, hint) >= 0;
  }
  T find(std::string_view id) const {
    std::int32_t hint = -1;
    return find(id, hint);
  }
  T find(std::string_view id, std::int32_t& hint) const {
    const std::int32_t code = code_of(id, hint);
    if (code < 0) return T(-1);
    return ascending && by_row ? T(code) : value[static_cast<std::size_t>(code)];
  }
};

// id → the row, for a kind whose members point at it. An id column in ascending order is
// the whole index (a row is its own value).
struct ParentIndex : IdIndex<std::int64_t> {
  void build(const CsvTable& table) {
    by_row = true;
    IdIndex::build(table, [](std::size_t r) { return static_cast<std::int64_t>(r); });
  }
};

// id → place (a commune's index), with the table whose id texts it views: built in place
// and never moved.
struct PlaceIndex {
  CsvTable table;
  IdIndex<std::int32_t> index;
  std::int32_t find(std::string_view id) const { return index.find(id); }
  std::int32_t find(std::string_view id, std::int32_t& hint) const { return index.find(id, hint); }
  // Indexes `read`'s `id` column; `place_of(row)` gives each row's place.
  template <typename PlaceOf>
  void build(CsvTable read, PlaceOf place_of) {
    table = std::move(read);
    index.build(table, place_of);
  }
};

// An id as compared for "did you mean": without BOMs and surrounding spaces, in NFC,
// ASCII letters in lower case.
inline std::string id_key(std::string_view id) {
  std::string s(id);
  for (std::size_t at; (at = s.find("\xEF\xBB\xBF")) != std::string::npos;) s.erase(at, 3);
  for (std::size_t at; (at = s.find("\xC2\xA0")) != std::string::npos;) s.replace(at, 2, " ");
  const auto space = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && space(s.back())) s.pop_back();
  std::size_t lead = 0;
  while (lead < s.size() && space(s[lead])) ++lead;
  s.erase(0, lead);
  s = internal::to_nfc(s);
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// The ids of one file that links point at, for the message of a link that matches none.
struct LinkTarget {
  std::string file;  // e.g. `villages.csv`
  std::function<void(const std::function<void(std::string_view)>&)> each_id;
  std::unordered_map<std::string, std::string> by_key;  // id_key → the first id with it
  bool built = false;
  Lang lang = Lang::en;  // of the reasons
  // A link `text` in `column` of `from` row `row` (1-based) that matches no id here.
  RowIssue missing(const std::string& from, std::size_t row, const std::string& column, std::string_view text) {
    if (!built && each_id) {
      each_id([&](std::string_view id) { by_key.emplace(id_key(id), std::string(id)); });
      built = true;
    }
    auto it = by_key.find(id_key(text));
    if (it != by_key.end()) return {from, row, column, says(Says::near_id, lang, {name_invisible(std::string(text)), file, name_invisible(it->second)}), "D033"};
    return {from, row, column, says(Says::not_an_id, lang, {name_invisible(std::string(text)), file}), "D032"};
  }
};

// Repeated ids of a kind nothing points at, read a chunk at a time (adults, commune
// units) or only as members (children): no index of its ids exists to find them. Ids
// listed in strictly ascending order (IdOrder: what an export sorted by its key gives) are
// all different, and nothing is kept while they are. From the row where the order breaks
// a hash per row is kept; at the end the rows before it are read again for theirs, and
// only when two hashes agree is the id column read again, for the rows with those
// hashes, to compare the ids themselves.
struct RepeatedIds {
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t rows = 0;               // rows added
  std::size_t hashed_from = kNone;    // the row where the order broke: hashes are kept from there
  std::vector<std::uint64_t> hashes;  // per row from `hashed_from`; 0 for an empty id
  IdOrder order;                      // of the ids so far (empty ids aside)
  std::string last;                   // the last id that is not empty
  bool ascending() const { return order.ascending(); }
  static std::uint64_t hash_of(std::string_view id) { return id.empty() ? 0 : std::hash<std::string_view>{}(id) | 1; }
  void add(const CsvTable& chunk) {
    const internal::CsvColumn* idc = chunk.find("id");
    std::string_view before = last;  // the previous id, a view into `last` or into this chunk
    for (std::size_t r = 0; r < chunk.rows; ++r) {
      const std::string_view id = idc != nullptr ? idc->text(r) : std::string_view();
      if (!id.empty()) {
        if (!before.empty()) order.step(before, id);
        before = id;
      }
      if (hashed_from == kNone && !order.ascending()) hashed_from = rows + r;
      if (hashed_from != kNone) hashes.push_back(hash_of(id));
    }
    rows += chunk.rows;
    if (before.data() != last.data()) last.assign(before.data(), before.size());
  }
  // (row, the first row with its id, the id), 0-based, in row order.
  std::vector<std::tuple<std::size_t, std::size_t, std::string>> find(const std::string& path) {
    if (ascending()) return {};
    std::vector<std::uint64_t> sorted;
    sorted.reserve(rows);
    // Each chunk of the file's ids, to `row`'s (exclusive) or to the end.
    auto each_chunk = [&](std::size_t to, auto&& take) {
      internal::CsvReader reader(path, {{"id", CsvKind::id}});
      CsvTable chunk;
      while (chunk.first_row + chunk.rows < to && reader.next(chunk, std::size_t{1} << 18)) take(chunk);
    };
    each_chunk(hashed_from, [&](const CsvTable& chunk) {
      const internal::CsvColumn* idc = chunk.find("id");
      for (std::size_t r = 0; r < chunk.rows && chunk.first_row + r < hashed_from; ++r)
        sorted.push_back(hash_of(idc != nullptr ? idc->text(r) : std::string_view()));
    });
    sorted.insert(sorted.end(), hashes.begin(), hashes.end());
    hashes = {};
    std::sort(sorted.begin(), sorted.end());
    std::unordered_set<std::uint64_t> shared;
    for (std::size_t i = 1; i < sorted.size(); ++i)
      if (sorted[i] != 0 && sorted[i] == sorted[i - 1]) shared.insert(sorted[i]);
    std::vector<std::tuple<std::size_t, std::size_t, std::string>> out;
    if (shared.empty()) return out;
    std::unordered_map<std::string, std::size_t> first;
    each_chunk(kNone, [&](const CsvTable& chunk) {
      const internal::CsvColumn* idc = chunk.find("id");
      for (std::size_t r = 0; idc != nullptr && r < chunk.rows; ++r) {
        const std::string_view id = idc->text(r);
        if (id.empty() || !shared.count(hash_of(id))) continue;
        auto [it, added] = first.emplace(std::string(id), chunk.first_row + r);
        if (!added) out.emplace_back(chunk.first_row + r, it->second, it->first);
      }
    });
    return out;
  }
};

}  // namespace hoctap::internal::folder
