// The block evaluator's columns (see block.hpp): an expression's entries for a block of
// rows, the scratch they live in, and where an expression is evaluated.
//
// The block evaluator's parts live in hoctap::block_eval, outside the exported namespace
// hoctap::v0 (cmake/hoctap.map): GCC gives the load-time resolvers of cloned
// (HOCTAP_VECTOR_CLONES) member functions default visibility whatever the class's, and a
// resolver named in hoctap::v0 would be exported.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "evaluate/runtime.hpp"
#include "util/clones.hpp"

namespace hoctap::block_eval {
using namespace hoctap::internal;  // only the block evaluator's files include this header

// Whether an entry of a column has a value, else why not: the row path's missing and
// undefined values.
inline constexpr std::uint8_t kValue = 0, kMissing = 1, kUndefined = 2;

// The first j at or after `from` with marks[j] set (entries are 0 or 1), else n: found by
// memchr, which reads many bytes at a time, rather than by a test per entry (a block's few
// marked entries, missing values or slow rows, are far apart).
inline std::size_t next_marked(const std::uint8_t* marks, std::size_t from, std::size_t n) {
  const void* at = from < n ? std::memchr(marks + from, 1, n - from) : nullptr;
  return at == nullptr ? n : static_cast<std::size_t>(static_cast<const std::uint8_t*>(at) - marks);
}

inline std::uint8_t tag_of(const Val& v) { return v.kind == VK::missing ? kMissing : v.kind == VK::undefined ? kUndefined : kValue; }

// The kind of a value of type `t` (a column stores no kinds: its expression's type says).
inline VK value_kind(const Type& t) {
  switch (t.kind) {
    case Type::Kind::boolean: return VK::boolean;
    case Type::Kind::date: return VK::date;
    case Type::Kind::category: return VK::category;
    case Type::Kind::text: return VK::text;
    case Type::Kind::list: return VK::list;
    case Type::Kind::integer: case Type::Kind::decimal: case Type::Kind::error: break;
  }
  return VK::number;
}

// One expression's entries for the rows of a block (or for the member rows of one list),
// a column per part. `v[j]` is entry j's word (Val::i: its value, or the code of the
// missing input or of the undefined reason); `tag` is null when every entry has a value
// (the common case, which the operators' plain loops take), else one tag per entry;
// `text` is set for text columns only (Val::p). A boolean column whose every entry has a
// value may instead be bytes, 0 false and any other true (`b` set, `v` null; a host's
// boolean column is read as it is): an eighth of the memory for the conditions and
// filters that logic, cases and member counters read. A consumer that has
// no loop for bytes takes `BlockState::words` of the column. Columns are read-only once
// made: several expressions may share one (a repeated condition, an operator keeping its
// argument's tags).
struct Col {
  const std::int64_t* v = nullptr;
  const std::uint8_t* tag = nullptr;
  const void* const* text = nullptr;
  const std::uint8_t* b = nullptr;

  std::uint8_t tag_at(std::size_t j) const { return tag == nullptr ? kValue : tag[j]; }
  bool absent(std::size_t j) const { return tag != nullptr && tag[j] != kValue; }
  std::int64_t word(std::size_t j) const { return b != nullptr ? std::int64_t{b[j] != 0} : v[j]; }
  bool truth(std::size_t j) const { return word(j) != 0; }  // a boolean entry with a value
  Val at(std::size_t j, VK kind) const {
    const std::uint8_t t = tag_at(j);
    return Val{t == kMissing ? VK::missing : t == kUndefined ? VK::undefined : kind, word(j), text == nullptr ? nullptr : text[j]};
  }
};

// Calls f with `c`'s entries as a typed pointer, its bytes or its words, so that a loop
// over a boolean column is written once for both: for a column without tags (then every
// entry is a value).
template <typename F>
HOCTAP_INLINE_LOOP void with_entries(const Col& c, F f) {
  if (c.b != nullptr) f(c.b);
  else f(c.v);
}

// Scratch memory for one block, handed out as arrays (64-byte aligned). Chunks never move,
// so an array stays valid until `clear` at the start of the next block.
class Arena {
 public:
  template <typename T>
  T* take(std::size_t n) {
    return static_cast<T*>(bytes(n * sizeof(T)));
  }
  void clear() { chunk_ = used_ = 0; }

 private:
  struct Chunk {
    std::unique_ptr<unsigned char[]> memory;
    unsigned char* base;
    std::size_t size;
  };
  void* bytes(std::size_t size) {
    size = (size + 63) & ~std::size_t{63};
    while (chunk_ < chunks_.size() && used_ + size > chunks_[chunk_].size) {
      ++chunk_;
      used_ = 0;
    }
    if (chunk_ == chunks_.size()) {
      const std::size_t capacity = std::max<std::size_t>(size, std::size_t{1} << 19);
      Chunk c{std::make_unique<unsigned char[]>(capacity + 64), nullptr, capacity};
      const auto address = reinterpret_cast<std::uintptr_t>(c.memory.get());
      c.base = c.memory.get() + ((64 - address % 64) % 64);
      chunks_.push_back(std::move(c));
      used_ = 0;
    }
    void* p = chunks_[chunk_].base + used_;
    used_ += size;
    return p;
  }
  std::vector<Chunk> chunks_;
  std::size_t chunk_ = 0, used_ = 0;
};

// Writes a column entry by entry from values; the tags are made when the first absent
// value comes (entries before it had values).
class ColWriter {
 public:
  ColWriter(Arena& arena, std::size_t n, bool text) : arena_(arena), n_(n) {
    v_ = arena.take<std::int64_t>(n);
    if (text) text_ = arena.take<const void*>(n);
  }
  void put(std::size_t j, const Val& x) {
    v_[j] = x.i;
    if (text_ != nullptr) text_[j] = x.p;
    if (absent(x)) tags()[j] = tag_of(x);
  }
  std::int64_t* values() { return v_; }
  std::uint8_t* tags() {
    if (tag_ == nullptr) {
      tag_ = arena_.take<std::uint8_t>(n_);
      std::memset(tag_, kValue, n_);
    }
    return tag_;
  }
  Col col() const { return Col{v_, tag_, text_}; }

 private:
  Arena& arena_;
  std::size_t n_;
  std::int64_t* v_ = nullptr;
  std::uint8_t* tag_ = nullptr;
  const void** text_ = nullptr;
};

// The members of one list input for the rows of the current block, in parent order.
struct ListBlock {
  bool present = false;               // a member table was given (else the list is missing)
  std::size_t rows = 0;               // member rows of the block
  std::size_t after = 0;              // where the block's members end (member_span's hint for the next block)
  std::vector<std::uint32_t> parent;  // per member row: its block row
  std::vector<Col> fields;            // per member slot; read through BlockState::member_column
  // Per member slot: the table's own 64-bit integers from the block's first member when
  // they may be read in place, unchecked while BlockState::whole_unchecked says so, as
  // BlockState::whole_top is for the block's rows (here for its members); else null.
  std::vector<const std::int64_t*> whole;
};

// Where an expression is evaluated: the block's rows, or (inside an aggregate) the member
// rows of one list.
struct Ctx {
  std::size_t rows = 0;
  const ListBlock* members = nullptr;
  int list = -1;                       // index of `members` among the block's lists
  const std::int64_t* total = nullptr;  // per block row; null: `total` is missing (outside knock-outs)
};

constexpr std::uint8_t st(Status s) { return static_cast<std::uint8_t>(s); }

}  // namespace hoctap::block_eval
