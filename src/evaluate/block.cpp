#include "evaluate/block.hpp"

#include <algorithm>
#include <cstring>
#include <new>
#include <type_traits>

#include "evaluate/evaluate.hpp"
#include "evaluate/rules.hpp"
#include "util/clones.hpp"
#include "util/memory.hpp"
#include "util/numeric.hpp"

namespace hoctap::internal {
namespace {

// Whether an entry of a column has a value, else why not: the row path's missing and
// undefined values.
constexpr std::uint8_t kValue = 0, kMissing = 1, kUndefined = 2;

std::uint8_t tag_of(const Val& v) { return v.kind == VK::missing ? kMissing : v.kind == VK::undefined ? kUndefined : kValue; }

// The kind of a value of type `t` (a column stores no kinds: its expression's type says).
VK value_kind(const Type& t) {
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
// `text` is set for text columns only (Val::p). Columns are read-only once made: several
// expressions may share one (a repeated condition, an operator keeping its argument's tags).
struct Col {
  const std::int64_t* v = nullptr;
  const std::uint8_t* tag = nullptr;
  const void* const* text = nullptr;

  std::uint8_t tag_at(std::size_t j) const { return tag == nullptr ? kValue : tag[j]; }
  bool absent(std::size_t j) const { return tag != nullptr && tag[j] != kValue; }
  Val at(std::size_t j, VK kind) const {
    const std::uint8_t t = tag_at(j);
    return Val{t == kMissing ? VK::missing : t == kUndefined ? VK::undefined : kind, v[j], text == nullptr ? nullptr : text[j]};
  }
};

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
  std::vector<Col> fields;            // per member slot
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

// A thread keeps its arena from batch to batch (the caller's thread, when a batch runs on
// one thread: a notebook calling evaluate_frame again and again): its chunks are memory
// already touched, where a fresh arena faults its pages in on every call. One block
// evaluator at a time runs on a thread (run_chunks makes one and finishes it).
Arena& thread_arena() {
  thread_local Arena arena;
  return arena;
}

// A block evaluator's columns per node (kRows entries each), kept by the thread from
// batch to batch like its arena, for the same reason: made afresh on every call, a
// batch's few hundred KiB were pages the allocator gave back and faulted in again.
struct NodeColumns {
  std::vector<std::int64_t> points, high;
  std::vector<std::uint8_t> status;
  std::vector<std::int32_t> level, unknown_at;
};
NodeColumns& thread_node_columns() {
  thread_local NodeColumns columns;
  return columns;
}

// rules::share_of(yes, selected) for the member counts of most lists (selected below
// kMembers), worked out once: a block's shares are then lookups, not divisions.
struct SmallShares {
  static constexpr std::int64_t kMembers = 64;
  std::vector<std::int64_t> units;  // at selected * kMembers + yes
  SmallShares() : units(static_cast<std::size_t>(kMembers * kMembers), 0) {
    for (std::int64_t sel = 1; sel < kMembers; ++sel)
      for (std::int64_t yes = 0; yes <= sel; ++yes) units[static_cast<std::size_t>(sel * kMembers + yes)] = *rules::share_of(yes, sel);
  }
};
const SmallShares& small_shares() {
  static const SmallShares table;
  return table;
}

#if defined(__GNUC__)
#define HOCTAP_INLINE_LOOP inline __attribute__((always_inline))  // into the (cloned) caller
#define HOCTAP_LAMBDA_INLINE __attribute__((always_inline))
#else
#define HOCTAP_INLINE_LOOP inline
#define HOCTAP_LAMBDA_INLINE
#endif

// Calls f(digits, mode) with a formula's rounding as compile-time constants (digits as
// round_to reads them: below 0 as 0, 6 and more as 6), so that the rule's loop divides by
// a constant step and picks the mode once, not per row.
template <int kDigits, typename F>
HOCTAP_INLINE_LOOP void with_mode(Rounding mode, F& f) {
  using R = Rounding;
  switch (mode) {
    case R::half_up: f(std::integral_constant<int, kDigits>{}, std::integral_constant<R, R::half_up>{}); break;
    case R::half_even: f(std::integral_constant<int, kDigits>{}, std::integral_constant<R, R::half_even>{}); break;
    case R::floor: f(std::integral_constant<int, kDigits>{}, std::integral_constant<R, R::floor>{}); break;
    case R::ceil: f(std::integral_constant<int, kDigits>{}, std::integral_constant<R, R::ceil>{}); break;
    case R::truncate: f(std::integral_constant<int, kDigits>{}, std::integral_constant<R, R::truncate>{}); break;
  }
}
template <typename F>
HOCTAP_INLINE_LOOP void with_rounding(int digits, Rounding mode, F f) {
  static_assert(Decimal::kDigits == 6, "one case per number of places");
  switch (digits <= 0 ? 0 : digits >= Decimal::kDigits ? Decimal::kDigits : digits) {
    case 0: with_mode<0>(mode, f); break;
    case 1: with_mode<1>(mode, f); break;
    case 2: with_mode<2>(mode, f); break;
    case 3: with_mode<3>(mode, f); break;
    case 4: with_mode<4>(mode, f); break;
    case 5: with_mode<5>(mode, f); break;
    default: with_mode<6>(mode, f); break;
  }
}

// d = cap(the sum of the columns `of`, max) over n entries (points and highs of a
// criterion or of the set): the first two columns added in one pass, the last add
// capping, so that no pass only copies or only caps. (Sums include children that do not
// apply.)
HOCTAP_INLINE_LOOP void sum_capped(std::int64_t* __restrict const d, const std::vector<const std::int64_t*>& of, std::size_t n, std::int64_t max) {
  const std::size_t kids = of.size();
  if (kids == 0) {
    std::fill(d, d + n, rules::cap(0, max));
    return;
  }
  const std::int64_t* __restrict const a = of[0];
  if (kids == 1) {
    for (std::size_t r = 0; r < n; ++r) d[r] = rules::cap(a[r], max);
    return;
  }
  const std::int64_t* __restrict const b = of[1];
  if (kids == 2) {
    for (std::size_t r = 0; r < n; ++r) d[r] = rules::cap(a[r] + b[r], max);
    return;
  }
  for (std::size_t r = 0; r < n; ++r) d[r] = a[r] + b[r];
  for (std::size_t c = 2; c + 1 < kids; ++c) {
    const std::int64_t* __restrict const x = of[c];
    for (std::size_t r = 0; r < n; ++r) d[r] += x[r];
  }
  const std::int64_t* __restrict const z = of[kids - 1];
  for (std::size_t r = 0; r < n; ++r) d[r] = rules::cap(d[r] + z[r], max);
}

// The first absent entry of two columns at j (a's, else b's), or kValue.
inline std::uint8_t first_tag(const Col& a, const Col& b, std::size_t j) {
  const std::uint8_t ta = a.tag_at(j);
  return ta != kValue ? ta : b.tag_at(j);
}

// The evaluator's state and loops, with internal linkage: GCC exports the load-time
// resolvers of cloned (HOCTAP_VECTOR_CLONES) member functions of a class with external
// linkage whatever their visibility; in an unnamed namespace they stay inside the library.
struct BlockState {
  static constexpr std::size_t kRows = BlockEvaluator::kRows;
  const Plan& plan;
  const CompiledSet& set;
  Date date;
  Arena& arena;                         // this thread's (see thread_arena)
  std::size_t rows = 0;                 // of the current block
  std::vector<Col> top;                 // per top-level slot
  std::vector<ListBlock> lists;         // per list of the plan
  std::vector<int> list_of_slot;        // top-level slot → index into `lists`, or -1
  std::vector<std::uint8_t> slow;       // per block row: 1 when its data has a problem
  std::vector<const FieldPlan*> fractional;  // float64 fields whose last block was mostly not whole
  std::vector<DataProblem> problems;    // what `read` found; only its emptiness matters here
  // Repeated expressions computed once per block: by (shape, scope), the column and the
  // block it was made for.
  std::vector<Col> memo;
  std::vector<std::uint32_t> memo_block;
  std::uint32_t block_number = 0;
  // Aggregate columns of this block with unknown entries, and their bounds per entry
  // (count, share, sum), for comparisons that the bounds settle.
  std::vector<std::pair<const std::int64_t*, const Bounds*>> bounded;
  // Columns of one value over a block's rows (the missing slots, a list, a literal outside
  // a comparison), made once and read by every block: `fill` for up to constant_rows rows
  // (kRows, or the batch's rows when fewer).
  struct Constant {
    Val value;
    std::vector<std::int64_t> words;
    std::vector<std::uint8_t> tags;        // empty: a value
    std::vector<const void*> texts;        // empty: no text
  };
  std::vector<Constant> constants;
  std::size_t constant_rows = 0;
  // Per node, kRows entries each (node k at k * kRows): the row path's NodeResult fields
  // and its Workspace::high / unknown_at. A node's points and status are reached through
  // `node_points[k]` and `node_status[k]`: the result's own columns for a reported node
  // (at the current block's rows), else `points` and `status`.
  NodeColumns& node_columns;  // this thread's (see thread_node_columns)
  std::vector<std::int64_t>& points = node_columns.points;
  std::vector<std::int64_t>& high = node_columns.high;
  std::vector<std::uint8_t>& status = node_columns.status;
  std::vector<std::int64_t*> node_points;
  std::vector<std::uint8_t*> node_status;
  // Per node, its high column: `high`'s, or its points column when the two are equal on
  // every row of the block (points sets, no row open: the common case, which then skips
  // writing and adding up a second column).
  std::vector<const std::int64_t*> node_high;
  std::vector<std::int32_t>& level = node_columns.level;
  std::vector<std::int32_t>& unknown_at = node_columns.unknown_at;
  // Per block row.
  std::vector<std::uint8_t> done, open, seen, fail, unknown;  // seen: 1 << status of each child
  std::vector<std::int64_t> low_total, high_total;
  const std::int64_t* block_high = nullptr;  // the block's high totals: high_total's, or low_total's when equal
  bool read_ahead;  // worth_prefetching: each block asks for the next block's inputs

  BlockState(const Plan& p, Date d) : plan(p), set(*p.set), date(d), arena(thread_arena()), node_columns(thread_node_columns()), read_ahead(worth_prefetching(p)) {
    top.resize(static_cast<std::size_t>(set.schemas[0].slot_count));
    lists.resize(plan.lists.size());
    list_of_slot.assign(top.size(), -1);
    for (std::size_t l = 0; l < plan.lists.size(); ++l) list_of_slot[static_cast<std::size_t>(plan.lists[l].field->slot)] = static_cast<int>(l);
    memo.resize(static_cast<std::size_t>(set.shapes) * (lists.size() + 1) * 2);
    memo_block.assign(memo.size(), 0);
    node_points.resize(set.nodes.size());
    node_status.resize(set.nodes.size());
    node_high.resize(set.nodes.size());
    // Sized for the rows a block of this batch can have.
    const std::size_t used = std::min(plan.rows, kRows);
    constant_rows = used;
    size_node_columns(points);
    size_node_columns(high);
    size_node_columns(status);
    size_node_columns(level);
    size_node_columns(unknown_at);
    for (auto* v : {&done, &open, &seen, &fail, &unknown, &slow}) v->resize(used);
    low_total.resize(used);
    high_total.resize(used);
  }

  // Each node's kRows entries of `v` (node k's from k * kRows), kept from the last batch
  // as they are: a node's entries are written before they are read in every block, so
  // clearing them (most of a small batch's time) would change nothing. The sanitizer
  // build fills them with a poison value instead (HOCTAP_POISON_SCRATCH), so that a read
  // before a write would change answers its suites and rule fuzzer compare.
  template <typename T>
  void size_node_columns(std::vector<T>& v) {
    const std::size_t size = set.nodes.size() * kRows;
    if (v.size() < size) v.resize(size);
#ifdef HOCTAP_POISON_SCRATCH
    std::memset(v.data(), 0x5A, size * sizeof(T));
#endif
  }

  // ---- binding ---------------------------------------------------------------------

  Col fill(std::size_t n, const Val& x) {
    if (n <= constant_rows) {
      constexpr std::size_t kMostConstants = 64;
      auto same = [&](const Constant& k) { return k.value.kind == x.kind && k.value.i == x.i && k.value.p == x.p; };
      auto found = std::find_if(constants.begin(), constants.end(), same);
      if (found == constants.end() && constants.size() < kMostConstants) {
        Constant k{x, std::vector<std::int64_t>(constant_rows, x.i), {}, {}};
        if (absent(x)) k.tags.assign(constant_rows, tag_of(x));
        if (x.p != nullptr) k.texts.assign(constant_rows, x.p);
        constants.push_back(std::move(k));
        found = constants.end() - 1;
      }
      if (found != constants.end())
        return Col{found->words.data(), found->tags.empty() ? nullptr : found->tags.data(), found->texts.empty() ? nullptr : found->texts.data()};
    }
    std::int64_t* v = arena.take<std::int64_t>(n);
    std::fill(v, v + n, x.i);
    Col c{v, nullptr, nullptr};
    if (absent(x)) {
      std::uint8_t* tag = arena.take<std::uint8_t>(n);
      std::memset(tag, tag_of(x), n);
      c.tag = tag;
    }
    if (x.p != nullptr) {
      const void** text = arena.take<const void*>(n);
      std::fill(text, text + n, x.p);
      c.text = text;
    }
    return c;
  }

  // One column of `fp` for `n` rows; `row_of(j)` is the table row of entry j and
  // `owner(j)` the block row it belongs to (marked slow on a data problem). The common
  // well-formed values are decided by `fast_word` in a loop per column type that
  // vectorises (it writes every word and a flag per entry it could not decide); the
  // flagged entries then go through `read`, the record binder's rules.
  template <typename RowOf, typename Owner>
  HOCTAP_VECTOR_CLONES Col bind_column(const FieldPlan& fp, std::size_t n, RowOf row_of, Owner owner) {
    if (fp.column == nullptr) return fill(n, fp.constant);
    ColWriter out(arena, n, fp.field->type.kind == Type::Kind::text);
    auto general = [&](std::size_t j) {
      out.put(j, read(set, fp, row_of(j), 0, problems));
      if (!problems.empty()) {
        slow[owner(j)] = 1;
        problems.clear();
      }
    };
    using Fast = FieldPlan::Fast;
    if (fp.fast == Fast::none) {
      for (std::size_t j = 0; j < n; ++j) general(j);
      return out.col();
    }
    std::int64_t* __restrict const v = out.values();
    std::uint8_t* __restrict const undecided = arena.take<std::uint8_t>(n);
    std::size_t count = 0;
    const FastRead fr(fp);
    auto each = [&](auto fast) {
      auto loop = [&](auto masked) {  // without a validity mask the loop asks the value only
        const std::uint8_t* __restrict const valid = fr.valid;
        for (std::size_t j = 0; j < n; ++j) {
          const std::size_t row = row_of(j);
          std::int64_t w = 0;
          bool decided = fast(row, w);
          if constexpr (decltype(masked)::value) decided = decided & (valid[row] != 0);
          v[j] = w;
          undecided[j] = !decided;
          count += !decided;
        }
      };
      if (fr.valid == nullptr) loop(std::false_type{});
      else loop(std::true_type{});
    };
    switch (fp.fast) {  // the column type decided once, outside the loop
      case Fast::number_f64: {
        // Whole numbers first, without a division per entry; the entries that are not
        // then take fast_word's full rule, one by one when they are few, else the whole
        // block again. A column whose last block had many fractions (scores in halves)
        // goes straight to the full rule.
        auto known = std::find(fractional.begin(), fractional.end(), &fp);
        const bool full = known != fractional.end();
        if (!full) each([&](std::size_t row, std::int64_t& w) { return fast_whole_f64(fr, row, w); });
        if (full || count * 8 > n) {
          if (!full) fractional.push_back(&fp);
          else if (block_number % 64 == 0) fractional.erase(known);  // now and then, whole numbers tried again
          count = 0;
          each([&](std::size_t row, std::int64_t& w) { return fast_word<Fast::number_f64>(fr, row, w); });
        } else {
          for (std::size_t j = 0, left = count; left != 0; ++j) {
            if (!undecided[j]) continue;
            --left;
            const std::size_t row = row_of(j);
            if (fr.has_value(row) && fast_word<Fast::number_f64>(fr, row, v[j])) undecided[j] = 0, --count;
          }
        }
        break;
      }
      case Fast::number_i64: each([&](std::size_t row, std::int64_t& w) { return fast_word<Fast::number_i64>(fr, row, w); }); break;
      case Fast::boolean: each([&](std::size_t row, std::int64_t& w) { return fast_word<Fast::boolean>(fr, row, w); }); break;
      case Fast::date: each([&](std::size_t row, std::int64_t& w) { return fast_word<Fast::date>(fr, row, w); }); break;
      case Fast::code: each([&](std::size_t row, std::int64_t& w) { return fast_word<Fast::code>(fr, row, w); }); break;
      case Fast::none: break;
    }
    for (std::size_t j = 0; count != 0 && j < n; ++j)
      if (undecided[j]) general(j), --count;
    return out.col();
  }

  HOCTAP_VECTOR_CLONES
  void bind_list(const ListPlan& lp, ListBlock& lb, std::size_t begin, std::size_t n) {
    lb.present = lp.table != nullptr;
    if (!lb.present) return;
    const MemberRange span = member_span(lp, begin, n, lb.after);
    const std::size_t base = span.first;
    lb.after = base + span.count;
    lb.rows = span.count;
    lb.parent.resize(lb.rows);
    // A member's block row is its table parent's, less the block's first row: a loop
    // without branches (filling each row's members in turn mispredicts every row's end).
    std::uint32_t* __restrict const parent = lb.parent.data();
    const std::int64_t* __restrict const table_parent = lp.table->parent;
    const auto first_row = static_cast<std::int64_t>(begin);
    if (lp.grouped) {
      const std::int64_t* __restrict const of = table_parent + base;
      for (std::size_t j = 0; j < lb.rows; ++j) parent[j] = static_cast<std::uint32_t>(of[j] - first_row);
    } else {
      const std::int64_t* __restrict const order = lp.order.data() + base;
      for (std::size_t j = 0; j < lb.rows; ++j) parent[j] = static_cast<std::uint32_t>(table_parent[order[j]] - first_row);
    }
    lb.fields.resize(lp.fields.size());
    // The next block's members, when the table has them in order (prefetch_rows).
    if (read_ahead && lp.grouped) {
      const MemberRange next = next_block_members(plan, lp, begin, n, span);
      prefetch_bytes(lp.table->parent, next.first * sizeof(std::int64_t), next.count * sizeof(std::int64_t));
      for (const FieldPlan& fp : lp.fields) prefetch_rows(fp, next.first, next.count);
    }
    const auto owner = [&](std::size_t j) { return lb.parent[j]; };
    for (std::size_t s = 0; s < lp.fields.size(); ++s) {
      if (lp.grouped) {
        lb.fields[s] = bind_column(lp.fields[s], lb.rows, [base](std::size_t j) { return base + j; }, owner);
      } else {
        const std::int64_t* order = lp.order.data() + base;
        lb.fields[s] = bind_column(lp.fields[s], lb.rows, [order](std::size_t j) { return static_cast<std::size_t>(order[j]); }, owner);
      }
    }
  }

  HOCTAP_VECTOR_CLONES
  void bind(std::size_t begin, std::size_t n) {
    arena.clear();
    bounded.clear();
    ++block_number;
    rows = n;
    std::fill(slow.begin(), slow.begin() + static_cast<std::ptrdiff_t>(n), 0);
    std::fill(top.begin(), top.end(), fill(n, Val{}));  // slots no field fills read as the row path's cleared slots
    std::size_t next_list = 0;
    for (const FieldPlan& fp : plan.top) {
      const Field& f = *fp.field;
      const auto slot = static_cast<std::size_t>(f.slot);
      if (f.type.kind == Type::Kind::list) {
        const ListPlan& lp = plan.lists[next_list];
        bind_list(lp, lists[next_list++], begin, n);
        top[slot] = fill(n, lp.table ? Val{VK::list, 0, nullptr} : missing(f.slot));
        continue;
      }
      top[slot] = bind_column(fp, n, [begin](std::size_t r) { return begin + r; }, [](std::size_t r) { return r; });
      // The next block's values, asked for while this block is judged (prefetch_rows).
      if (read_ahead) prefetch_rows(fp, begin + n, next_block_rows(plan, begin, n));
    }
  }

  // ---- expressions -------------------------------------------------------------------

  // A top-level input's column in `c`: as bound, or copied out per member row.
  Col input(int slot, const Ctx& c) { return broadcast(top[static_cast<std::size_t>(slot)], c); }

  Col broadcast(const Col& per_row, const Ctx& c) {
    if (c.members == nullptr) return per_row;
    const std::size_t n = c.rows;
    const std::uint32_t* parent = c.members->parent.data();
    std::int64_t* v = arena.take<std::int64_t>(n);
    for (std::size_t j = 0; j < n; ++j) v[j] = per_row.v[parent[j]];
    Col out{v, nullptr, nullptr};
    if (per_row.tag != nullptr) {
      std::uint8_t* tag = arena.take<std::uint8_t>(n);
      for (std::size_t j = 0; j < n; ++j) tag[j] = per_row.tag[parent[j]];
      out.tag = tag;
    }
    if (per_row.text != nullptr) {
      const void** text = arena.take<const void*>(n);
      for (std::size_t j = 0; j < n; ++j) text[j] = per_row.text[parent[j]];
      out.text = text;
    }
    return out;
  }

  // `e` over the rows of `c`. A shape met earlier in this block, in the same scope, is
  // not computed again (expressions have no side effects).
  Col eval(const Expr& e, const Ctx& c) {
    const bool cheap = e.op == Op::literal || e.op == Op::member_field || (e.op == Op::input && c.members == nullptr);
    if (e.shape < 0 || cheap) return compute(e, c);
    const std::size_t key = (static_cast<std::size_t>(e.shape) * (lists.size() + 1) + static_cast<std::size_t>(c.list + 1)) * 2 + (c.total != nullptr);
    if (memo_block[key] == block_number) return memo[key];
    memo[key] = compute(e, c);
    memo_block[key] = block_number;
    return memo[key];
  }

  Col compute(const Expr& e, const Ctx& c) {
    const std::size_t n = c.rows;
    switch (e.op) {
      case Op::literal: return fill(n, literal_value(e));
      case Op::input: return input(e.slot, c);
      case Op::member_field: return c.members->fields[static_cast<std::size_t>(e.slot)];
      case Op::param: {
        const Parameter& p = set.parameters[static_cast<std::size_t>(e.slot)];
        if (p.by_slot < 0) return fill(n, parameter_value(p, Val{}));
        return parameter_by_key(static_cast<std::size_t>(e.slot), input(p.by_slot, c), n);
      }
      case Op::assessment_date: return fill(n, Val{VK::date, date.days(), nullptr});
      case Op::total: return c.total == nullptr ? fill(n, missing(-1)) : broadcast(Col{c.total, nullptr, nullptr}, c);
      case Op::and_: case Op::or_: return logic(e, c);
      case Op::if_: return choose(e, c);
      case Op::count: case Op::share: case Op::all: case Op::any: case Op::sum: return aggregate(e, c);
      default: return apply(e, c);
    }
  }

  // A parameter that depends on a category input: its value per category (parameter_value)
  // worked out once per batch and gathered by the key's ordinal; an absent key is the
  // result. When some category has no value (undefined), row by row.
  HOCTAP_VECTOR_CLONES
  Col parameter_by_key(std::size_t index, const Col& key, std::size_t n) {
    const Parameter& p = set.parameters[index];
    ParameterTable& table = parameter_tables[index];
    if (!table.made) {
      table.made = table.complete = true;
      for (std::size_t k = 0; k < p.by_value.size(); ++k) {
        const Val x = parameter_value(p, Val{VK::category, static_cast<std::int64_t>(k), nullptr});
        table.complete = table.complete && !absent(x);
        table.value.push_back(x.i);
      }
    }
    if (table.complete) {
      std::int64_t* __restrict const v = arena.take<std::int64_t>(n);
      const std::int64_t* __restrict const kv = key.v;
      const std::int64_t* __restrict const tv = table.value.data();
      const auto size = static_cast<std::uint64_t>(table.value.size());
      bool in_range = true;
      for (std::size_t r = 0; r < n; ++r) {
        const auto code = static_cast<std::uint64_t>(kv[r]);
        const bool absent_key = key.absent(r), ok = code < size;
        in_range &= ok || absent_key;
        v[r] = absent_key ? kv[r] : tv[ok ? code : 0];
      }
      if (in_range) return Col{v, key.tag, nullptr};
    }
    ColWriter out(arena, n, false);
    for (std::size_t r = 0; r < n; ++r) out.put(r, parameter_value(p, key.at(r, VK::category)));
    return out.col();
  }

  // Kleene logic: a false operand decides `and` (a true one `or`) even beside an unknown.
  HOCTAP_VECTOR_CLONES
  Col logic(const Expr& e, const Ctx& c) {
    const std::size_t n = c.rows;
    const Col a = eval(*e.args[0], c), b = eval(*e.args[1], c);
    const bool is_and = e.op == Op::and_;
    ColWriter out(arena, n, false);
    std::int64_t* const v = out.values();
    if (a.tag == nullptr && b.tag == nullptr) {
      std::int64_t* __restrict const w = v;
      const std::int64_t* __restrict const x = a.v;
      const std::int64_t* __restrict const y = b.v;
      if (is_and)
        for (std::size_t r = 0; r < n; ++r) w[r] = (x[r] != 0) & (y[r] != 0);
      else
        for (std::size_t r = 0; r < n; ++r) w[r] = (x[r] != 0) | (y[r] != 0);
      return out.col();
    }
    std::uint8_t* const tag = out.tags();
    const std::int64_t decisive = is_and ? 0 : 1;  // the value that decides alone
    for (std::size_t r = 0; r < n; ++r) {
      const std::uint8_t ta = a.tag_at(r), tb = b.tag_at(r);
      switch (rules::kleene(ta != kValue, (a.v[r] != 0) == (decisive != 0), tb != kValue, (b.v[r] != 0) == (decisive != 0))) {
        case rules::Kleene::decided: v[r] = decisive, tag[r] = kValue; break;
        case rules::Kleene::first: v[r] = a.v[r], tag[r] = ta; break;
        case rules::Kleene::second: v[r] = b.v[r], tag[r] = tb; break;
        case rules::Kleene::undecided: v[r] = 1 - decisive, tag[r] = kValue; break;
      }
    }
    return out.col();
  }

  Col choose(const Expr& e, const Ctx& c) {
    const std::size_t n = c.rows;
    const Col cond = eval(*e.args[0], c), yes = eval(*e.args[1], c), no = eval(*e.args[2], c);
    ColWriter out(arena, n, e.type.kind == Type::Kind::text);
    const VK kind = value_kind(e.type);
    for (std::size_t r = 0; r < n; ++r) {
      if (cond.absent(r)) out.put(r, cond.at(r, VK::boolean));
      else out.put(r, cond.v[r] != 0 ? yes.at(r, kind) : no.at(r, kind));
    }
    return out.col();
  }

  // The value of `e` when it is the same for every row (a literal, a constant
  // parameter, the assessment date), so that it need not be spread into a column.
  bool constant(const Expr& e, Val& v) const {
    switch (e.op) {
      case Op::literal: v = literal_value(e); return true;
      case Op::assessment_date: v = Val{VK::date, date.days(), nullptr}; return true;
      case Op::param: {
        const Parameter& p = set.parameters[static_cast<std::size_t>(e.slot)];
        if (p.by_slot >= 0) return false;
        v = parameter_value(p, Val{});
        return true;
      }
      default: return false;
    }
  }

  // An operator of one argument that keeps its absent entries (tags and codes) as they
  // are: the result shares the argument's tags.
  template <typename F>
  Col keep_absent(const Col& a, std::size_t n, F f) {
    std::int64_t* __restrict const v = arena.take<std::int64_t>(n);
    const std::int64_t* __restrict const x = a.v;
    const std::uint8_t* __restrict const t = a.tag;
    if (t == nullptr)
      for (std::size_t r = 0; r < n; ++r) v[r] = f(x[r]);
    else
      for (std::size_t r = 0; r < n; ++r) v[r] = t[r] != kValue ? x[r] : f(x[r]);
    return Col{v, a.tag, nullptr};
  }

  // An operator of two plain arguments: the first absent one is the result.
  template <typename F>
  Col both(const Col& a, const Col& b, std::size_t n, F f) {
    std::int64_t* __restrict const v = arena.take<std::int64_t>(n);
    const std::int64_t* __restrict const x = a.v;
    const std::int64_t* __restrict const y = b.v;
    if (a.tag == nullptr && b.tag == nullptr) {
      for (std::size_t r = 0; r < n; ++r) v[r] = f(x[r], y[r]);
      return Col{v, nullptr, nullptr};
    }
    std::uint8_t* __restrict const tag = arena.take<std::uint8_t>(n);
    for (std::size_t r = 0; r < n; ++r) {
      const std::uint8_t ta = a.tag_at(r), tb = b.tag_at(r);
      tag[r] = ta != kValue ? ta : tb;
      v[r] = ta != kValue ? a.v[r] : tb != kValue ? b.v[r] : f(a.v[r], b.v[r]);
    }
    return Col{v, tag, nullptr};
  }

  template <typename F>
  Col comparison(const Expr& e, const Ctx& c, F f) {
    if (bounded_aggregate(*e.args[0]) || bounded_aggregate(*e.args[1])) {
      const Col plain = plain_comparison(e, c, f);
      if (plain.tag == nullptr) return plain;  // every row known (the common case)
      return bounded_comparison(e, c, plain);
    }
    return plain_comparison(e, c, f);
  }

  template <typename F>
  Col plain_comparison(const Expr& e, const Ctx& c, F f) {
    const std::size_t n = c.rows;
    const Col a = eval(*e.args[0], c);
    Val b;
    if (constant(*e.args[1], b)) {  // read once, not spread into a column
      if (absent(b)) {
        ColWriter out(arena, n, false);
        for (std::size_t r = 0; r < n; ++r) out.put(r, a.absent(r) ? a.at(r, VK::boolean) : b);
        return out.col();
      }
      const std::int64_t k = b.i;
      return keep_absent(a, n, [&](std::int64_t x) -> std::int64_t { return f(x, k); });
    }
    return both(a, eval(*e.args[1], c), n, [&](std::int64_t x, std::int64_t y) -> std::int64_t { return f(x, y); });
  }

  // Operators on values: the first absent argument, in order, is the result, else the
  // shared `apply_operator`; the common ones on plain numbers are written out.
  HOCTAP_VECTOR_CLONES
  Col apply(const Expr& e, const Ctx& c) {
    const std::size_t n = c.rows, k = e.args.size();
    const bool text = k > 0 && e.args[0]->type.kind == Type::Kind::text;  // compared as bytes, not words
    if (!text) {
      switch (e.op) {
        case Op::eq: return comparison(e, c, [](std::int64_t x, std::int64_t y) { return x == y; });
        case Op::ne: return comparison(e, c, [](std::int64_t x, std::int64_t y) { return x != y; });
        case Op::lt: return comparison(e, c, [](std::int64_t x, std::int64_t y) { return x < y; });
        case Op::le: return comparison(e, c, [](std::int64_t x, std::int64_t y) { return x <= y; });
        case Op::gt: return comparison(e, c, [](std::int64_t x, std::int64_t y) { return x > y; });
        case Op::ge: return comparison(e, c, [](std::int64_t x, std::int64_t y) { return x >= y; });
        case Op::not_: return keep_absent(eval(*e.args[0], c), n, [](std::int64_t x) -> std::int64_t { return x == 0; });
        case Op::neg: return keep_absent(eval(*e.args[0], c), n, [](std::int64_t x) { return -x; });
        case Op::add:
          return both(eval(*e.args[0], c), eval(*e.args[1], c), n,
                      [](std::int64_t x, std::int64_t y) { return rules::add(x, y); });
        case Op::sub:
          return both(eval(*e.args[0], c), eval(*e.args[1], c), n,
                      [](std::int64_t x, std::int64_t y) { return rules::sub(x, y); });
        case Op::mul: {
          const Col scaled = scaled_by_whole(e, c);
          if (scaled.v != nullptr) return scaled;
          break;
        }
        default: break;
      }
    }
    Col a[kMaxOperatorArgs];
    VK kinds[kMaxOperatorArgs];
    for (std::size_t i = 0; i < k; ++i) {
      a[i] = eval(*e.args[i], c);
      kinds[i] = value_kind(e.args[i]->type);
    }
    ColWriter out(arena, n, e.type.kind == Type::Kind::text);
    Val args[kMaxOperatorArgs];
    for (std::size_t r = 0; r < n; ++r) {
      std::size_t i = 0;
      while (i < k && !a[i].absent(r)) {
        args[i] = a[i].at(r, kinds[i]);
        ++i;
      }
      out.put(r, i < k ? a[i].at(r, kinds[i]) : apply_operator(e, args));
    }
    return out.col();
  }

  // `x * k` (or `k * x`) for a constant whole k: every known product is exact
  // (rules::product_by_whole); empty (v null) when the operands are not of that shape or
  // some product overflows, which the general path then words.
  HOCTAP_VECTOR_CLONES
  Col scaled_by_whole(const Expr& e, const Ctx& c) {
    Val k;
    int column_side = -1;
    if (constant(*e.args[1], k)) column_side = 0;
    else if (constant(*e.args[0], k)) column_side = 1;
    if (column_side < 0 || absent(k) || k.i % Decimal::kOne != 0) return Col{};
    const Col a = eval(*e.args[static_cast<std::size_t>(column_side)], c);
    const std::size_t n = c.rows;
    const std::int64_t w = k.i / Decimal::kOne, limit = rules::whole_factor_limit(w);
    std::int64_t* __restrict const v = arena.take<std::int64_t>(n);
    const std::int64_t* __restrict const x = a.v;
    // Overflows counted in a 64-bit word, not or-ed into a bool: the loop then vectorises.
    std::uint64_t overflow = 0;
    if (a.tag == nullptr) {
      for (std::size_t r = 0; r < n; ++r) {
        std::int64_t p = 0;
        overflow += !rules::product_by_whole(x[r], w, limit, p);
        v[r] = p;
      }
    } else {
      const std::uint8_t* __restrict const t = a.tag;
      for (std::size_t r = 0; r < n; ++r) {
        std::int64_t p = 0;
        const bool ok = rules::product_by_whole(x[r], w, limit, p);
        v[r] = t[r] != kValue ? x[r] : p;  // an absent operand is the result (code kept)
        overflow += (t[r] == kValue) & !ok;
      }
    }
    return overflow != 0 ? Col{} : Col{v, a.tag, nullptr};
  }

  // count/share/all/any/sum over a list: filter and body over all the block's members at
  // once, then one pass over the members adding into their rows' counters (members come
  // grouped by row, in order, so the first unknown a row meets is the row path's).
  HOCTAP_VECTOR_CLONES
  Col aggregate(const Expr& e, const Ctx& c) {
    const int slot = e.args[0]->slot;
    const auto l = list_of_slot[static_cast<std::size_t>(slot)];
    const ListBlock& lb = lists[static_cast<std::size_t>(l)];
    const std::size_t n = c.rows, m = lb.rows;
    if (!lb.present) return input(slot, c);  // the list's missing value
    const Ctx mc{m, &lb, l, c.total};
    const bool has_filter = e.args[1] != nullptr, has_body = e.args[2] != nullptr;
    const Col filter = has_filter ? eval(*e.args[1], mc) : Col{};
    const Col body = has_body ? eval(*e.args[2], mc) : Col{};
    std::int64_t* __restrict const selected = arena.take<std::int64_t>(n);
    std::int64_t* __restrict const yes = arena.take<std::int64_t>(n);
    std::int64_t* __restrict const no = arena.take<std::int64_t>(n);
    std::int64_t* __restrict const sum = arena.take<std::int64_t>(n);
    const std::uint32_t* __restrict const parent = lb.parent.data();
    const std::int64_t* __restrict const fv = filter.v;
    const std::int64_t* __restrict const bv = body.v;
    if (filter.tag == nullptr && body.tag == nullptr) {  // no unknowns: counts only, branch-free
      // Only the counters the operator reads: `all` needs the members whose body is false,
      // `any` those whose body is true, `count` the selected ones, `sum` the sum. Zeroed:
      // the counters added to and those reduce reads (without a body, reduce reads
      // counters nothing adds to: they stay 0).
      const Op adds = !has_body ? Op::count : e.op, reads = e.op;
      auto either = [&](Op a, Op b) { return adds == a || adds == b || reads == a || reads == b; };
      if (either(Op::count, Op::share)) std::fill(selected, selected + n, 0);
      if (either(Op::any, Op::share)) std::fill(yes, yes + n, 0);
      if (either(Op::all, Op::all)) std::fill(no, no + n, 0);
      if (either(Op::sum, Op::sum)) std::fill(sum, sum + n, 0);
      auto count_members = [&](auto filtered, auto what) {
        constexpr Op op = decltype(what)::value;
        for (std::size_t j = 0; j < m; ++j) {
          const std::uint32_t r = parent[j];
          const std::int64_t pick = filtered ? fv[j] != 0 : 1;
          if constexpr (op == Op::count || op == Op::share) selected[r] += pick;
          if constexpr (op == Op::sum) sum[r] += pick != 0 ? bv[j] : 0;
          if constexpr (op == Op::any || op == Op::share) yes[r] += pick & (bv[j] != 0);
          if constexpr (op == Op::all) no[r] += pick & (bv[j] == 0);
        }
      };
      auto with_filter = [&](auto what) {
        if (has_filter) count_members(std::true_type{}, what);
        else count_members(std::false_type{}, what);
      };
      if (e.op == Op::count) with_filter(std::integral_constant<Op, Op::count>{});
      else if (!has_body) with_filter(std::integral_constant<Op, Op::count>{});  // no body: every counter but `selected` stays 0
      else if (e.op == Op::all) with_filter(std::integral_constant<Op, Op::all>{});
      else if (e.op == Op::any) with_filter(std::integral_constant<Op, Op::any>{});
      else if (e.op == Op::sum) with_filter(std::integral_constant<Op, Op::sum>{});
      else with_filter(std::integral_constant<Op, Op::share>{});
      return reduce(e.op, n, selected, yes, no, sum);
    }
    // Some member value is unknown: the shared rules (AggregateCounts), a row at a time.
    AggregateCounts* const counts = arena.take<AggregateCounts>(n);
    for (std::size_t r = 0; r < n; ++r) new (&counts[r]) AggregateCounts();
    const VK body_kind = has_body ? value_kind(e.args[2]->type) : VK::number;
    for (std::size_t j = 0; j < m; ++j) {
      const Val f = has_filter ? filter.at(j, VK::boolean) : Val{};
      if (has_filter && !absent(f) && f.i == 0) continue;
      const Val b = has_body ? body.at(j, body_kind) : Val{};
      counts[parent[j]].add(has_filter ? &f : nullptr, has_body ? &b : nullptr);
    }
    ColWriter out(arena, n, false);
    Bounds* const bounds = bounded_aggregate(e) ? arena.take<Bounds>(n) : nullptr;
    for (std::size_t r = 0; r < n; ++r) {
      const Val v = aggregate_value(e.op, counts[r]);
      out.put(r, v);
      if (bounds != nullptr) bounds[r] = absent(v) ? aggregate_bounds(e.op, counts[r]) : Bounds{};
    }
    if (bounds != nullptr) bounded.emplace_back(out.values(), bounds);
    return out.col();
  }

  // The bounds of an aggregate column made in this block, null for another column.
  const Bounds* bounds_of(const Col& col) const {
    for (const auto& [v, b] : bounded)
      if (v == col.v) return b;
    return nullptr;
  }

  // A comparison with an aggregate operand: rows the aggregate leaves unknown are decided
  // from its bounds when they settle it (apply_comparison), as in the row path.
  Col bounded_comparison(const Expr& e, const Ctx& c, const Col& plain) {
    const std::size_t n = c.rows;
    const Col a = eval(*e.args[0], c), b = eval(*e.args[1], c);
    const Bounds* const ba = bounds_of(a);
    const Bounds* const bb = bounds_of(b);
    if (ba == nullptr && bb == nullptr) return plain;  // no bounds: the first absent operand, as plain has it
    const VK ka = value_kind(e.args[0]->type), kb = value_kind(e.args[1]->type);
    ColWriter out(arena, n, false);
    Val v[2];
    Bounds w[2];
    for (std::size_t r = 0; r < n; ++r) {
      if (!plain.absent(r)) {  // both operands known: the plain comparison's value
        out.put(r, Val{VK::boolean, plain.v[r], nullptr});
        continue;
      }
      v[0] = a.at(r, ka), v[1] = b.at(r, kb);
      w[0] = ba != nullptr ? ba[r] : Bounds{}, w[1] = bb != nullptr ? bb[r] : Bounds{};
      out.put(r, apply_comparison(e, v, w));
    }
    return out.col();
  }

  // An aggregate's value per row from its counters (every member value known).
  HOCTAP_VECTOR_CLONES
  Col reduce(Op op, std::size_t n, const std::int64_t* selected, const std::int64_t* yes, const std::int64_t* no,
             const std::int64_t* sum) {
    if (op != Op::share) {
      std::int64_t* __restrict const v = arena.take<std::int64_t>(n);
      switch (op) {
        case Op::count: for (std::size_t r = 0; r < n; ++r) v[r] = rules::count_units(selected[r]); break;
        case Op::sum: for (std::size_t r = 0; r < n; ++r) v[r] = sum[r]; break;
        case Op::all: for (std::size_t r = 0; r < n; ++r) v[r] = rules::all_of(no[r]); break;
        case Op::any: for (std::size_t r = 0; r < n; ++r) v[r] = rules::any_of(yes[r]); break;
        default: break;
      }
      return Col{v, nullptr, nullptr};
    }
    // share: the rule's quotient where members were selected, a lookup below kMembers
    // (yes <= selected); over no one, the rule's value for an empty share, chosen without
    // a branch; the rare rows of kMembers selected or more then one by one.
    const AggregateCounts none;
    const Val empty = aggregate_value(op, none);
    const std::int64_t empty_word = empty.i;
    const std::uint8_t empty_tag = tag_of(empty);
    std::int64_t* __restrict const v = arena.take<std::int64_t>(n);
    std::uint8_t* __restrict const tag = arena.take<std::uint8_t>(n);
    const std::int64_t* __restrict const table = small_shares().units.data();
    std::size_t many = 0;
    std::uint8_t any_absent = 0;
    for (std::size_t r = 0; r < n; ++r) {
      const std::int64_t sel = selected[r];
      const bool small = sel < SmallShares::kMembers;
      const std::int64_t q = table[small ? static_cast<std::size_t>(sel * SmallShares::kMembers + yes[r]) : 0];
      v[r] = sel == 0 ? empty_word : q;
      tag[r] = sel == 0 ? empty_tag : kValue;
      any_absent |= tag[r];
      many += !small;
    }
    for (std::size_t r = 0; many != 0 && r < n; ++r) {
      if (selected[r] < SmallShares::kMembers) continue;
      --many;
      AggregateCounts k;
      k.yes = yes[r], k.no = selected[r] - yes[r];
      const Val x = aggregate_value(op, k);
      v[r] = x.i;
      tag[r] = tag_of(x);
      any_absent |= tag[r];
    }
    return Col{v, any_absent != 0 ? tag : nullptr, nullptr};
  }

  // ---- the rule tree (Evaluator::decide, a node at a time over the block) -------------

  // Every path writes the node's points, high (or makes node_high its points) and status
  // for every row; level and unknown_at only matter in levels mode and are kept only there.
  HOCTAP_VECTOR_CLONES
  void indicator(int i, const Ctx& c) {
    const std::size_t n = rows, at = static_cast<std::size_t>(i) * kRows;
    const RuleNode& rn = set.nodes[static_cast<std::size_t>(i)];
    std::int64_t* __restrict const P = node_points[static_cast<std::size_t>(i)];
    std::uint8_t* __restrict const S = node_status[static_cast<std::size_t>(i)];
    std::int64_t* __restrict const H = high.data() + at;
    std::int32_t* __restrict const L = level.data() + at;
    std::int32_t* __restrict const U = unknown_at.data() + at;
    std::uint8_t* __restrict const finished = done.data();
    std::uint8_t* __restrict const going = open.data();
    const std::int64_t max = rn.max.units();
    const auto nlevels = static_cast<std::int32_t>(set.levels.size());
    node_high[static_cast<std::size_t>(i)] = H;
    bool exact = !set.levels_mode;  // so far no row's high differs from its points
    std::fill(finished, finished + n, 0);
    if (set.levels_mode) {  // points sets write every row's points below
      std::fill(P, P + n, 0);
      std::fill(H, H + n, 0);
      std::fill(L, L + n, 0);
      std::fill(U, U + n, -1);
    }
    if (rn.applies_when) {
      const Col a = eval(*rn.applies_when.root, c);
      exact = exact && a.tag == nullptr;
      const rules::NodeState cannot_judge = rules::indicator_unknown(max),
                             not_applicable = rules::indicator_not_applicable(rn.not_applicable_full, max, nlevels);
      for (std::size_t r = 0; r < n; ++r) {
        if (!a.absent(r) && a.v[r] != 0) continue;
        const rules::NodeState& x = a.absent(r) ? cannot_judge : not_applicable;
        S[r] = x.status;
        P[r] = x.points;
        H[r] = x.high;
        if (set.levels_mode) L[r] = x.level, U[r] = x.unknown_at;
        finished[r] = 1;
      }
    }
    if (set.levels_mode) {
      for (std::size_t r = 0; r < n; ++r) going[r] = !finished[r];
      Col v;  // a level without its own condition repeats the one below
      for (std::int32_t l = 0; l < nlevels; ++l) {
        if (rn.requires[static_cast<std::size_t>(l)]) v = eval(*rn.requires[static_cast<std::size_t>(l)].root, c);
        for (std::size_t r = 0; r < n; ++r) {
          if (!going[r]) continue;
          const bool open_value = v.absent(r);
          going[r] = rules::level_step(open_value, !open_value && v.v[r] != 0, l, L[r], U[r]);
        }
      }
      for (std::size_t r = 0; r < n; ++r)
        if (!finished[r]) S[r] = rules::level_status(L[r], U[r]);
      return;
    }
    const PointsRule& pr = rn.points;
    Col got;
    switch (pr.kind) {
      case PointsRule::Kind::conditions: {
        ColWriter g(arena, n, false);
        std::int64_t* __restrict const gv = g.values();
        const std::int64_t otherwise_units = pr.otherwise->units();
        bool first = true;
        for (const auto& cs : pr.cases) {
          const Col w = eval(*cs.when.root, c);
          const std::int64_t points_units = cs.points.units();
          if (first && w.tag == nullptr) {  // every row still trying: the first case starts the columns
            const std::int64_t* __restrict const wv = w.v;
            for (std::size_t r = 0; r < n; ++r) {
              const bool hit = rules::case_step(false, wv[r] != 0) == rules::Case::take;
              gv[r] = hit ? points_units : otherwise_units;
              going[r] = static_cast<std::uint8_t>(!hit);
            }
            first = false;
            continue;
          }
          if (first) {
            std::fill(gv, gv + n, otherwise_units);
            std::fill(going, going + n, 1);
            first = false;
          }
          if (w.tag == nullptr) {
            const std::int64_t* __restrict const wv = w.v;
            for (std::size_t r = 0; r < n; ++r) {  // & not &&: no branch, the loop vectorises
              const std::uint8_t still = going[r];
              const std::uint8_t hit = still & static_cast<std::uint8_t>(rules::case_step(false, wv[r] != 0) == rules::Case::take);
              gv[r] = hit ? points_units : gv[r];
              going[r] = still & static_cast<std::uint8_t>(hit ^ 1);
            }
            continue;
          }
          std::uint8_t* __restrict const gt = g.tags();
          for (std::size_t r = 0; r < n; ++r) {
            if (!going[r]) continue;
            switch (rules::case_step(w.tag[r] != kValue, w.v[r] != 0)) {
              case rules::Case::unknown: gv[r] = w.v[r], gt[r] = w.tag[r], going[r] = 0; break;
              case rules::Case::take: gv[r] = points_units, going[r] = 0; break;
              case rules::Case::next: break;
            }
          }
        }
        if (first) std::fill(gv, gv + n, otherwise_units);  // no case at all
        got = g.col();
        break;
      }
      case PointsRule::Kind::formula: {
        const Col v = eval(*pr.formula.root, c);
        ColWriter g(arena, n, false);
        if (v.tag == nullptr) {  // every row has a value: no tags to write
          std::int64_t* __restrict const gv = g.values();
          const std::int64_t* __restrict const x = v.v;
          const std::uint8_t* __restrict const skip = finished;
          with_rounding(pr.digits, pr.rounding, [&](auto digits, auto mode) HOCTAP_LAMBDA_INLINE {
            for (std::size_t r = 0; r < n; ++r)
              gv[r] = skip[r] ? x[r] : rules::formula_points(x[r], decltype(digits)::value, decltype(mode)::value, max);
          });
          got = g.col();
          break;
        }
        for (std::size_t r = 0; r < n; ++r) {
          if (finished[r] || v.absent(r)) {
            g.put(r, v.at(r, VK::number));
            continue;
          }
          g.put(r, Val{VK::number, rules::formula_points(v.v[r], pr.digits, pr.rounding, max), nullptr});
        }
        got = g.col();
        break;
      }
      case PointsRule::Kind::assessed: got = top[static_cast<std::size_t>(pr.assessed_slot)]; break;
      case PointsRule::Kind::none: got = fill(n, undefined(kUndefinedEmpty)); break;
    }
    const std::int64_t need = indicator_need(set, rn).units();
    const rules::NodeState cannot_judge = rules::indicator_unknown(max);
    auto judge = [&](std::size_t r) {  // selects rather than branches: data decides them
      const bool open_value = got.absent(r);
      P[r] = open_value ? cannot_judge.points : got.v[r];
      H[r] = open_value ? cannot_judge.high : got.v[r];
      S[r] = open_value ? cannot_judge.status : rules::points_status(got.v[r], need);
    };
    if (exact && got.tag == nullptr) {  // every row that applies has its points: high is points
      const std::int64_t* __restrict const g = got.v;
      node_high[static_cast<std::size_t>(i)] = P;
      if (!rn.applies_when) {
        if (!need_status[static_cast<std::size_t>(i)]) {
          if (report_of[static_cast<std::size_t>(i)] < 0) {  // nobody writes the column again this block: read it where it is
            node_points[static_cast<std::size_t>(i)] = const_cast<std::int64_t*>(g);  // this block's arena or a constant column, written by no one
            node_high[static_cast<std::size_t>(i)] = g;
            return;
          }
          std::memcpy(P, g, n * sizeof *P);
          return;
        }
        for (std::size_t r = 0; r < n; ++r) {
          P[r] = g[r];
          S[r] = rules::points_status(g[r], need);
        }
        return;
      }
      for (std::size_t r = 0; r < n; ++r) {  // selects, not `continue`: the loop vectorises
        const bool keep = finished[r] != 0;
        P[r] = keep ? P[r] : g[r];
        S[r] = keep ? S[r] : rules::points_status(g[r], need);
      }
      return;
    }
    if (!rn.applies_when) {
      for (std::size_t r = 0; r < n; ++r) judge(r);
      return;
    }
    for (std::size_t r = 0; r < n; ++r)
      if (!finished[r]) judge(r);
  }

  HOCTAP_VECTOR_CLONES
  void criterion(std::size_t k) {
    const std::size_t n = rows, at = k * kRows;
    const RuleNode& rn = set.nodes[k];
    const bool levels = set.levels_mode;
    std::int64_t* __restrict const P = node_points[k];
    std::uint8_t* __restrict const S = node_status[k];
    std::int64_t* __restrict const H = high.data() + at;
    std::int32_t* __restrict const L = level.data() + at;
    std::int32_t* __restrict const U = unknown_at.data() + at;
    std::uint8_t* __restrict const statuses = seen.data();  // per row: a bit per status some child has
    bool exact = !levels;  // every child's high is its points: so is this node's
    for (int child : rn.children) exact = exact && node_high[static_cast<std::size_t>(child)] == node_points[static_cast<std::size_t>(child)];
    node_high[k] = exact ? P : H;
    const std::int64_t max = rn.max.units();
    child_columns.clear();
    for (int child : rn.children) child_columns.push_back(node_points[static_cast<std::size_t>(child)]);
    sum_capped(P, child_columns, n, max);
    if (!exact) {
      child_columns.clear();
      for (int child : rn.children) child_columns.push_back(node_high[static_cast<std::size_t>(child)]);
      sum_capped(H, child_columns, n, max);
    }
    const bool want_status = need_status[k] != 0;
    if (want_status) std::fill(statuses, statuses + n, 0);
    if (levels) {
      std::fill(L, L + n, static_cast<std::int32_t>(set.levels.size()));
      std::fill(U, U + n, -1);
    }
    for (int child : rn.children) {
      const std::size_t cat = static_cast<std::size_t>(child) * kRows;
      const std::uint8_t* __restrict const CS = node_status[static_cast<std::size_t>(child)];
      if (want_status)
        for (std::size_t r = 0; r < n; ++r) statuses[r] |= static_cast<std::uint8_t>(rules::status_bit(CS[r]));
      if (!levels) continue;
      const std::int32_t* __restrict const CL = level.data() + cat;
      const std::int32_t* __restrict const CU = unknown_at.data() + cat;
      for (std::size_t r = 0; r < n; ++r) {
        if (CS[r] == st(Status::not_applicable)) continue;
        L[r] = rules::merge_level(L[r], CL[r]);
        U[r] = rules::merge_unknown_at(U[r], CU[r]);
      }
    }
    if (!want_status) return;
    const std::int64_t* __restrict const high_points = node_high[k];
    const std::uint8_t* __restrict const seen_of = statuses;
    auto applies = [seen_of](std::size_t r) { return rules::some_applies(seen_of[r]); };
    if (rn.pass_at) {
      const std::int64_t pass = rn.pass_at->units();
      for (std::size_t r = 0; r < n; ++r) S[r] = rules::status_by_pass(applies(r), P[r], high_points[r], pass);
    } else if (levels) {
      for (std::size_t r = 0; r < n; ++r) S[r] = rules::status_by_levels(applies(r), L[r], U[r]);
    } else {
      for (std::size_t r = 0; r < n; ++r)
        S[r] = rules::status_by_children(applies(r), rules::some_has(seen_of[r], rules::kNotMet), rules::some_has(seen_of[r], rules::kOpen));
    }
  }

  // Loops below read and write through local __restrict pointers: a store through a byte
  // pointer may alias anything, so without them the compiler reloads every vector's data
  // pointer per row and vectorizes nothing (the floor loop alone was half of decide).
  // Decides the block's rows into rows [first, first + rows) of `out`.
  HOCTAP_VECTOR_CLONES
  void decide(std::size_t first, BatchResult& out) {
    const std::size_t n = rows, nodes = set.nodes.size();
    const Ctx c{n, nullptr, -1, nullptr};
    for (int i : set.indicators) indicator(i, c);
    for (std::size_t k = nodes; k-- > 0;)
      if (!set.nodes[k].indicator) criterion(k);

    std::int64_t* __restrict const low = low_total.data();
    std::int64_t* __restrict const hi = high_total.data();
    std::uint8_t* __restrict const F = fail.data();
    std::uint8_t* __restrict const X = unknown.data();
    // The totals: the roots' points and highs summed and capped; when every root's high
    // is its points, the most the entity could have is its total (one column for both).
    const std::int64_t max_total = set.max_total.units();
    bool exact = true;
    child_columns.clear();
    for (int root : set.roots) {
      child_columns.push_back(node_points[static_cast<std::size_t>(root)]);
      exact = exact && node_high[static_cast<std::size_t>(root)] == node_points[static_cast<std::size_t>(root)];
    }
    sum_capped(low, child_columns, n, max_total);
    block_high = low;
    if (!exact) {
      child_columns.clear();
      for (int root : set.roots) child_columns.push_back(node_high[static_cast<std::size_t>(root)]);
      sum_capped(hi, child_columns, n, max_total);
      block_high = hi;
    }
    std::memset(F, 0, n);
    std::memset(X, 0, n);
    for (const Check& check : set.checks) {  // impossible data: not assessable
      const Col v = eval(*check.holds.root, c);
      for (std::size_t r = 0; r < n; ++r) X[r] |= rules::leaves_open(rules::check_verdict(v.absent(r), v.v[r] != 0));
    }
    if (!set.knockouts.empty()) {
      const Ctx with_total{n, nullptr, -1, low};
      for (const Knockout& ko : set.knockouts) {
        const Col v = eval(*ko.when.root, with_total);
        for (std::size_t r = 0; r < n; ++r) {
          const rules::Verdict verdict = rules::knockout_verdict(v.absent(r), v.v[r] != 0);
          F[r] |= rules::fails(verdict);
          X[r] |= rules::leaves_open(verdict);
        }
      }
    }
    if (set.levels_mode) {
      decide_levels(first, out);
    } else {
      decide_points(c, out.grade.data() + first);
      std::fill(out.level.data() + first, out.level.data() + first + n, 0);
    }
    std::uint8_t* __restrict const D = out.decision.data() + first;
    std::int64_t* __restrict const T = out.total_units.data() + first;
    std::int32_t* __restrict const G = out.grade.data() + first;
    // Two loops, each over one element width: mixed (bytes and 32-bit grades in one loop)
    // the compiler kept it scalar, branching on every row's decision.
    for (std::size_t r = 0; r < n; ++r) D[r] = rules::decision(F[r] != 0, X[r] != 0);
    for (std::size_t r = 0; r < n; ++r) G[r] = rules::has_grade(D[r]) ? G[r] : -1;
    std::memcpy(T, low, n * sizeof *T);
  }

  void decide_levels(std::size_t first, BatchResult& out) {
    const auto nlevels = static_cast<std::int32_t>(set.levels.size());
    for (std::size_t r = 0; r < rows; ++r) {
      std::int32_t lvl = nlevels, unknown_level = -1;
      bool any = false;
      for (int root : set.roots) {
        const std::size_t at = static_cast<std::size_t>(root) * kRows + r;
        if (node_status[static_cast<std::size_t>(root)][r] == st(Status::not_applicable)) continue;
        any = true;
        lvl = rules::merge_level(lvl, level[at]);
        unknown_level = rules::merge_unknown_at(unknown_level, unknown_at[at]);
      }
      if (!any) lvl = nlevels;
      bool certain_fail = false;  // read only when unknown at level 1
      if (lvl == 0 && unknown_level == 0)
        for (int i : set.indicators) certain_fail = certain_fail || node_status[static_cast<std::size_t>(i)][r] == st(Status::not_met);
      const rules::Verdict verdict = rules::levels_verdict(lvl, unknown_level, certain_fail);
      fail[r] |= rules::fails(verdict);
      unknown[r] |= rules::leaves_open(verdict);
      out.level[first + r] = lvl;
      out.grade[first + r] = lvl >= 1 ? lvl - 1 : -1;
    }
  }

  // Points sets: floors, minimums, the threshold and the grade (written to `grade`, the
  // block's rows of BatchResult::grade).
  HOCTAP_VECTOR_CLONES
  void decide_points(const Ctx& c, std::int32_t* grade) {
    const std::size_t n = rows;
    std::uint8_t* __restrict const F = fail.data();
    std::uint8_t* __restrict const X = unknown.data();
    const std::int64_t* __restrict const low = low_total.data();
    const std::int64_t* __restrict const hi = block_high;
    if (set.every_indicator_at_least) {
      const std::int64_t floor_points = set.every_indicator_at_least->units();
      for (int i : set.indicators) {
        const std::uint8_t* __restrict const S = node_status[static_cast<std::size_t>(i)];
        const std::int64_t* __restrict const P = node_points[static_cast<std::size_t>(i)];
        const std::int64_t* __restrict const H = node_high[static_cast<std::size_t>(i)];
        if (H == P) {  // points certain on every row: the rule with low = high, which never leaves open
          for (std::size_t r = 0; r < n; ++r) {
            const rules::Verdict verdict = rules::floor_verdict(S[r] != st(Status::not_applicable), P[r], P[r], floor_points);
            F[r] |= rules::fails(verdict);
            X[r] |= rules::leaves_open(verdict);
          }
          continue;
        }
        for (std::size_t r = 0; r < n; ++r) {
          const rules::Verdict verdict = rules::floor_verdict(S[r] != st(Status::not_applicable), P[r], H[r], floor_points);
          F[r] |= rules::fails(verdict);
          X[r] |= rules::leaves_open(verdict);
        }
      }
    }
    for (std::size_t k = 0; k < set.nodes.size(); ++k) {
      if (!set.nodes[k].pass_at) continue;
      const std::uint8_t* __restrict const S = node_status[k];
      for (std::size_t r = 0; r < n; ++r) {
        const rules::Verdict verdict = rules::pass_verdict(S[r]);
        F[r] |= rules::fails(verdict);
        X[r] |= rules::leaves_open(verdict);
      }
    }
    if (set.min_total) {  // compared with the total the entity certainly has and the most it could have
      const Col x = eval(*set.min_total.root, c);
      if (x.tag == nullptr) {
        for (std::size_t r = 0; r < n; ++r) {
          const rules::Verdict verdict = rules::threshold_verdict(low[r], hi[r], x.v[r]);
          F[r] |= rules::fails(verdict);
          X[r] |= rules::leaves_open(verdict);
        }
      } else {
        for (std::size_t r = 0; r < n; ++r) {
          const rules::Verdict verdict = x.tag[r] != kValue ? rules::kOpenVerdict : rules::threshold_verdict(low[r], hi[r], x.v[r]);
          F[r] |= rules::fails(verdict);
          X[r] |= rules::leaves_open(verdict);
        }
      }
    }
    std::fill(grade, grade + n, -1);
    if (set.bands.empty()) return;
    const auto bands = static_cast<int>(set.bands.size());
    auto min_of = [&](int b) { return set.bands[static_cast<std::size_t>(b)].min.units(); };
    auto recognized_of = [&](int b) { return set.bands[static_cast<std::size_t>(b)].recognized; };
    for (std::size_t r = 0; r < n; ++r) {
      const int lo = rules::band_of(bands, low[r], min_of), top_band = rules::band_of(bands, hi[r], min_of);
      if (lo == top_band) grade[r] = rules::band_grade(lo, bands);
      const rules::Verdict verdict = rules::bands_verdict(lo, top_band, recognized_of);
      F[r] |= rules::fails(verdict);
      X[r] |= rules::leaves_open(verdict);
    }
  }

  std::vector<int> report_of;         // per node: its index in BatchResult::node_index, or -1
  std::vector<const std::int64_t*> child_columns;  // criterion's scratch: its children's points or highs
  // Per node: 1 when its status is read (reported, a floor's or pass_at's, a levels set's,
  // or its parent's needs it); the others' statuses are not worked out.
  std::vector<std::uint8_t> need_status;
  void find_needed_statuses() {
    const std::size_t nodes = set.nodes.size();
    need_status.assign(nodes, 0);
    std::vector<std::size_t> pending;  // a node's status needs its children's (status_by_*: whether a child applies)
    for (std::size_t k = 0; k < nodes; ++k) {
      const RuleNode& rn = set.nodes[k];
      if (report_of[k] >= 0 || set.levels_mode || rn.pass_at || (rn.indicator && set.every_indicator_at_least)) pending.push_back(k);
    }
    while (!pending.empty()) {
      const std::size_t k = pending.back();
      pending.pop_back();
      if (need_status[k]) continue;
      need_status[k] = 1;
      for (int child : set.nodes[k].children) pending.push_back(static_cast<std::size_t>(child));
    }
  }
  struct ParameterTable {
    bool made = false, complete = false;  // complete: every category has a value
    std::vector<std::int64_t> value;      // by the category's ordinal
  };
  std::vector<ParameterTable> parameter_tables = std::vector<ParameterTable>(set.parameters.size());  // by parameter, parameter_by_key's
};

}  // namespace

struct BlockEvaluator::State : BlockState {
  using BlockState::BlockState;
};

BlockEvaluator::BlockEvaluator(const Plan& plan, Date date) : s_(std::make_unique<State>(plan, date)) {}
BlockEvaluator::~BlockEvaluator() = default;

bool BlockEvaluator::usable(const Plan& plan) {
  for (const FieldPlan& fp : plan.top)
    if (!fp.constant_problems.empty()) return false;
  return true;
}

void BlockEvaluator::run(std::size_t begin, std::size_t count, BatchResult& out, std::size_t first, std::vector<std::size_t>& slow) {
  State& s = *s_;
  if (s.report_of.empty()) {
    s.report_of.assign(s.set.nodes.size(), -1);
    for (std::size_t k = 0; k < out.node_index.size(); ++k) s.report_of[static_cast<std::size_t>(out.node_index[k])] = static_cast<int>(k);
    s.find_needed_statuses();
  }
  for (std::size_t k = 0; k < s.set.nodes.size(); ++k) {
    const int at = s.report_of[k];
    s.node_points[k] = at < 0 ? s.points.data() + k * kRows : out.node_points_units.data() + static_cast<std::size_t>(at) * out.rows + first;
    s.node_status[k] = at < 0 ? s.status.data() + k * kRows : out.node_status.data() + static_cast<std::size_t>(at) * out.rows + first;
  }
  s.bind(begin, count);
  s.decide(first, out);
  for (std::size_t r = 0; r < count; ++r)
    if (s.slow[r]) slow.push_back(begin + r);
}

}  // namespace hoctap::internal
