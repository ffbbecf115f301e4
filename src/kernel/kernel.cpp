// Finding a set's compiled kernel, and running it over a batch's blocks (kernel.hpp).
#include "kernel/kernel.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string_view>

#include "evaluate/block.hpp"
#include "util/clones.hpp"
#include "util/text.hpp"

namespace hoctap::internal {

namespace kernel {

// The kernels compiled into this library (generated at build time; none in the
// generator tool itself).
extern const Entry kCompiled[];
extern const std::size_t kCompiledCount;

}  // namespace kernel

namespace {

std::atomic<int>& enabled_flag() {  // 1 on, 0 off; -1: not yet read from the environment
  static std::atomic<int> flag{-1};
  return flag;
}

std::atomic<std::uint64_t> judged_blocks{0}, declined_blocks{0};

}  // namespace

bool kernels_enabled() {
  int on = enabled_flag().load(std::memory_order_relaxed);
  if (on < 0) {
    const char* v = std::getenv("HOCTAP_KERNELS");
    on = v != nullptr && (std::string_view(v) == "off" || std::string_view(v) == "0") ? 0 : 1;
    enabled_flag().store(on, std::memory_order_relaxed);
  }
  return on == 1;
}

void set_kernels_enabled(bool on) { enabled_flag().store(on ? 1 : 0, std::memory_order_relaxed); }

KernelCounts kernel_counts() { return KernelCounts{judged_blocks.load(), declined_blocks.load()}; }

kernel::Fn kernel_for(const CompiledSet& set) {
  if (!kernels_enabled()) return nullptr;
  std::call_once(set.kernel.once, [&] {
    std::string why_not;
    const std::string source = kernel_source(set, why_not);
    if (source.empty()) return;
    const std::string hash = sha256_hex(source);
    for (std::size_t k = 0; k < kernel::kCompiledCount; ++k)
      if (hash == kernel::kCompiled[k].sha256) set.kernel.fn = reinterpret_cast<void*>(kernel::kCompiled[k].run);
  });
  return reinterpret_cast<kernel::Fn>(set.kernel.fn);
}

// ---- running -------------------------------------------------------------------------

// Whether x[0..n) are whole numbers within [lo, hi] (exact as doubles: |bound| < 9e12 <
// 2^51), with or-ed bit patterns GCC vectorises (kernel.cpp is compiled with
// -ftree-vectorize): v rounded to a whole number (round_whole) minus v is +-0; (v - lo) * (hi - v) has its sign bit clear; v - v is +0 unless v is
// NaN or infinite.
namespace {

HOCTAP_VECTOR_CLONES
bool whole_numbers(const double* __restrict x, std::size_t n, double lo, double hi) {
  constexpr std::uint64_t kSign = std::uint64_t{1} << 63;
  std::uint64_t off = 0;
  for (std::size_t j = 0; j < n; ++j) {
    const double v = x[j];
    off |= (kernel::bits(round_whole(v) - v) & ~kSign) | (kernel::bits((v - lo) * (hi - v)) & kSign) | kernel::bits(v - v);
  }
  return off == 0;
}

// Whether x[0..n) are within [lo, hi]: x - lo and hi - x, wrapping, have the sign bit
// set exactly when x is outside (|bound| < 9e12, so a wrapped difference of an extreme x
// is negative too).
HOCTAP_VECTOR_CLONES
bool integers_within(const std::int64_t* __restrict x, std::size_t n, std::int64_t lo, std::int64_t hi) {
  const auto low = static_cast<std::uint64_t>(lo), high = static_cast<std::uint64_t>(hi);
  std::uint64_t off = 0;
  for (std::size_t j = 0; j < n; ++j) {
    const auto v = static_cast<std::uint64_t>(x[j]);
    off |= (v - low) | (high - v);
  }
  return (off >> 63) == 0;
}

// Whether the codes x[0..n) are all below `codes` (-1, a missing code, is not).
HOCTAP_VECTOR_CLONES
bool codes_within(const std::int32_t* __restrict x, std::size_t n, std::uint32_t codes) {
  std::uint32_t off = 0;
  for (std::size_t j = 0; j < n; ++j) off |= static_cast<std::uint32_t>(static_cast<std::uint32_t>(x[j]) >= codes);
  return off == 0;
}

}  // namespace

// Reads one field's plain values as words, a loop per column type with no branch per
// value: the checks of fast_value (plan.hpp) are or-ed into one flag; a value fast_value
// would not decide, or that is without a value or text, makes the read fail.
class Reader {
 public:
  explicit Reader(const FieldPlan& fp) : fp_(fp) {
    if (fp.column == nullptr) {
      kind_ = absent(fp.constant) || fp.constant.kind == VK::text ? Kind::none : Kind::constant;
      return;
    }
    switch (fp.fast) {
      case FieldPlan::Fast::number_f64: kind_ = Kind::f64; break;
      case FieldPlan::Fast::number_i64: kind_ = Kind::i64; break;
      case FieldPlan::Fast::boolean: kind_ = Kind::boolean; break;
      case FieldPlan::Fast::date: kind_ = Kind::date; break;
      case FieldPlan::Fast::code: kind_ = Kind::code; break;
      case FieldPlan::Fast::none: kind_ = Kind::none; return;
    }
    const FastRead fr(fp);
    data_ = fr.data;
    valid_ = fr.valid;
    low_whole_ = fr.low_whole;
    high_whole_ = fr.high_whole;
    for (std::size_t c = 0; c < fp.code_vals.size(); ++c) {  // which codes are plain: decided once, by the plan
      code_word_.push_back(fp.code_word[c]);
      code_off_.push_back(fp.code_plain[c] == 0);
    }
    if (kind_ == Kind::code && code_word_.empty()) kind_ = Kind::none;
    codes_plain_ = std::find(code_off_.begin(), code_off_.end(), 1) == code_off_.end();
  }

  // `n` values into `into`, entry j from table row row_of(j); false when one is not plain.
  template <typename RowOf>
  bool read(std::size_t n, RowOf row_of, std::int64_t* __restrict into) const {
    constexpr std::int64_t kOne = Decimal::kOne;
    unsigned off = 0;
    if (valid_ != nullptr)
      for (std::size_t j = 0; j < n; ++j) off |= valid_[row_of(j)] == 0;
    switch (kind_) {
      case Kind::none: return false;
      case Kind::constant: std::fill(into, into + n, fp_.constant.i); break;
      case Kind::i64: {
        const auto* __restrict x = static_cast<const std::int64_t*>(data_);
        const std::int64_t lo = low_whole_, hi = high_whole_;
        for (std::size_t j = 0; j < n; ++j) {
          const std::int64_t v = x[row_of(j)];
          off |= (v < lo) | (v > hi);
          into[j] = static_cast<std::int64_t>(static_cast<std::uint64_t>(v) * kOne);  // wraps only where `off` is set
        }
        break;
      }
      case Kind::boolean: {
        const auto* __restrict x = static_cast<const std::uint8_t*>(data_);
        for (std::size_t j = 0; j < n; ++j) into[j] = x[row_of(j)] != 0;
        break;
      }
      case Kind::date: {
        const auto* __restrict x = static_cast<const std::int32_t*>(data_);
        for (std::size_t j = 0; j < n; ++j) into[j] = x[row_of(j)];
        break;
      }
      case Kind::code: {
        const auto* __restrict x = static_cast<const std::int32_t*>(data_);
        const std::int64_t* __restrict word = code_word_.data();
        const std::uint8_t* __restrict code_off = code_off_.data();
        const auto codes = static_cast<std::uint32_t>(code_word_.size());
        for (std::size_t j = 0; j < n; ++j) {
          const auto c = static_cast<std::uint32_t>(x[row_of(j)]);  // -1: out of range
          const bool in = c < codes;
          const std::uint32_t at = in ? c : 0;
          off |= static_cast<unsigned>(!in) | code_off[at];
          into[j] = word[at];
        }
        break;
      }
      case Kind::f64: {
        const auto* __restrict x = static_cast<const double*>(data_);
        constexpr auto kLimit = static_cast<double>(FastRead::kWholeLimit);
        const std::int64_t lo = low_whole_, hi = high_whole_;
        for (std::size_t j = 0; j < n; ++j) {
          const std::size_t row = row_of(j);
          const double v = x[row];
          const bool in = v > -kLimit && v < kLimit;  // false for NaN
          const double safe = in ? v : 0.0;
          const auto whole = static_cast<std::int64_t>(safe);
          if (static_cast<double>(whole) != safe) {  // a fraction: exact to six places in a decimal field
            Val d;
            off |= !(in && fast_value<FieldPlan::Fast::number_f64>(FastRead(fp_), row, d));
            into[j] = d.i;
            continue;
          }
          off |= !in | (whole < lo) | (whole > hi);
          into[j] = static_cast<std::int64_t>(static_cast<std::uint64_t>(whole) * kOne);
        }
        break;
      }
    }
    return off == 0;
  }

  const FieldPlan& plan() const { return fp_; }

  // Entries [first, first + n) of the column for direct reads, when it has the natural
  // representation and no validity mask says a value there is missing; else false.
  bool direct(FieldPlan::Fast natural, std::size_t first, std::size_t n, kernel::Source& into) const {
    if (fp_.column == nullptr || fp_.fast != natural || kind_ == Kind::none || n == 0) return false;
    if (valid_ != nullptr && std::memchr(valid_ + first, 0, n) != nullptr) return false;
    if (low_whole_ > high_whole_) return false;  // no value is within the bounds
    std::size_t width = 8;
    if (kind_ == Kind::boolean) width = 1;
    if (kind_ == Kind::date || kind_ == Kind::code) width = 4;
    into.mode = kernel::Source::Mode::direct;
    into.data = static_cast<const unsigned char*>(data_) + first * width;
    into.code_word = code_word_.data();
    switch (kind_) {
      case Kind::f64:
        return whole_numbers(static_cast<const double*>(into.data), n, static_cast<double>(low_whole_), static_cast<double>(high_whole_));
      case Kind::i64: return integers_within(static_cast<const std::int64_t*>(into.data), n, low_whole_, high_whole_);
      case Kind::code:
        return codes_plain_ && codes_within(static_cast<const std::int32_t*>(into.data), n, static_cast<std::uint32_t>(code_word_.size()));
      default: return true;
    }
  }

 private:
  enum class Kind : std::uint8_t { none, constant, f64, i64, boolean, date, code };
  const FieldPlan& fp_;
  Kind kind_ = Kind::none;
  const void* data_ = nullptr;
  const std::uint8_t* valid_ = nullptr;
  std::int64_t low_whole_ = 0, high_whole_ = 0;
  std::vector<std::int64_t> code_word_;
  std::vector<std::uint8_t> code_off_;
  bool codes_plain_ = true;  // every code's value is plain: direct reads need only the range
};

// A kernel runner's scratch chunks, kept by the thread from batch to batch (as the block
// evaluator keeps its arena): made afresh on every call, they were pages the allocator
// gave back and faulted in again. One kernel runner at a time runs on a thread.
namespace {
std::vector<std::vector<std::int64_t>>& thread_chunks() {
  thread_local std::vector<std::vector<std::int64_t>> chunks;
  return chunks;
}
}  // namespace

struct KernelRunner::State final : kernel::Block {
  const Plan& plan;
  const CompiledSet& set;
  kernel::Fn fn;
  BatchResult& out;
  std::size_t begin = 0;
  std::vector<std::unique_ptr<Reader>> top_readers;                 // by top-level slot, or null
  std::vector<std::vector<std::unique_ptr<Reader>>> member_readers;  // by list index, then member slot
  std::vector<int> list_of_slot;            // top-level slot → index into plan.lists, or -1
  std::vector<std::int64_t*> points_at;     // per node, for the current block
  std::vector<std::uint8_t*> status_at;
  std::vector<int> report_of;               // per node: its index in out.node_index, or -1
  std::vector<MemberRange> spans;           // per list: the current block's members (member_span)
  // Per-block arrays handed out by `take`: chunks that never move, reused block after
  // block, and kept by the thread from batch to batch (thread_chunks).
  std::vector<std::vector<std::int64_t>>& chunks = thread_chunks();
  std::size_t chunk = 0, used = 0;

  static constexpr std::size_t kRows = BlockEvaluator::kRows;
  bool read_ahead;  // worth_prefetching: each block asks for the next block's inputs

  State(const Plan& p, Date date, kernel::Fn f, BatchResult& o) : plan(p), set(*p.set), fn(f), out(o), read_ahead(worth_prefetching(p)) {
    date_days = date.days();
    top_readers.resize(static_cast<std::size_t>(set.schemas[0].slot_count));
    list_of_slot.assign(top_readers.size(), -1);
    for (std::size_t l = 0; l < plan.lists.size(); ++l) list_of_slot[static_cast<std::size_t>(plan.lists[l].field->slot)] = static_cast<int>(l);
    for (const FieldPlan& fp : plan.top) top_readers[static_cast<std::size_t>(fp.field->slot)] = std::make_unique<Reader>(fp);
    member_readers.resize(plan.lists.size());
    spans.assign(plan.lists.size(), MemberRange{0, 0});
    for (std::size_t l = 0; l < plan.lists.size(); ++l)
      for (const FieldPlan& fp : plan.lists[l].fields) member_readers[l].push_back(std::make_unique<Reader>(fp));
    const std::size_t nodes = set.nodes.size();
    points_at.resize(nodes);
    status_at.resize(nodes);
    points = points_at.data();
    status = status_at.data();
    report_of.assign(nodes, -1);
    for (std::size_t k = 0; k < out.node_index.size(); ++k) report_of[static_cast<std::size_t>(out.node_index[k])] = static_cast<int>(k);
  }

  std::int64_t* take(std::size_t n) {
    while (chunk < chunks.size() && used + n > chunks[chunk].size()) ++chunk, used = 0;
    if (chunk == chunks.size()) {
      chunks.emplace_back(std::max<std::size_t>(n, std::size_t{1} << 16));
      used = 0;
    }
    std::int64_t* p = chunks[chunk].data() + used;
    used += n;
    return p;
  }

  // Rows [first, first + count) of the batch, judged into rows [into, into + count) of `out`.
  void start(std::size_t first, std::size_t count, std::size_t into) {
    begin = first;
    rows = count;
    chunk = used = 0;
    for (std::size_t k = 0; k < set.nodes.size(); ++k) {
      const int at = report_of[k];
      points_at[k] = at < 0 ? nullptr : out.node_points_units.data() + static_cast<std::size_t>(at) * out.rows + into;
      status_at[k] = at < 0 ? nullptr : out.node_status.data() + static_cast<std::size_t>(at) * out.rows + into;
    }
    for (std::size_t l = 0; l < plan.lists.size(); ++l)
      if (plan.lists[l].table != nullptr) spans[l] = member_span(plan.lists[l], first, count, spans[l].first + spans[l].count);
    decision = out.decision.data() + into;
    total_units = out.total_units.data() + into;
    grade = out.grade.data() + into;
    level = out.level.data() + into;
  }

  const std::int64_t* offsets(int list_slot) override {
    const auto l = static_cast<std::size_t>(list_of_slot[static_cast<std::size_t>(list_slot)]);
    const ListPlan& lp = plan.lists[l];
    if (!lp.grouped) return lp.offsets.data() + begin;
    std::int64_t* const offset = take(rows + 1);
    grouped_offsets(lp, begin, rows, spans[l], offset);
    return offset;
  }

  const std::int64_t* member(int list_slot, int slot) override {
    const auto l = static_cast<std::size_t>(list_of_slot[static_cast<std::size_t>(list_slot)]);
    const ListPlan& lp = plan.lists[l];
    const Reader& rd = *member_readers[l][static_cast<std::size_t>(slot)];
    const MemberRange span = spans[l];
    std::int64_t* into = take(span.count);
    if (lp.grouped) {
      const std::size_t first = span.first;
      if (read_ahead) {  // the next block's members, while this block is judged
        const MemberRange next = next_block_members(plan, lp, begin, rows, span);
        prefetch_rows(rd.plan(), next.first, next.count);
      }
      return rd.read(span.count, [first](std::size_t j) { return first + j; }, into) ? into : nullptr;
    }
    const std::int64_t* order = lp.order.data() + span.first;
    return rd.read(span.count, [order](std::size_t j) { return static_cast<std::size_t>(order[j]); }, into) ? into : nullptr;
  }

  bool top(int slot, FieldPlan::Fast natural, kernel::Source& into) override {
    const Reader* rd = top_readers[static_cast<std::size_t>(slot)].get();
    if (rd == nullptr) return false;  // no field fills the slot: missing
    if (rd->plan().column == nullptr) {
      if (absent(rd->plan().constant) || rd->plan().constant.kind == VK::text) return false;
      into.mode = kernel::Source::Mode::constant;
      into.value = rd->plan().constant.i;
      return true;
    }
    if (read_ahead) prefetch_rows(rd->plan(), begin + rows, next_block_rows(plan, begin, rows));  // the next block's, while this one is judged
    if (rd->direct(natural, begin, rows, into)) return true;
    std::int64_t* words = take(rows);
    const std::size_t first = begin;
    if (!rd->read(rows, [first](std::size_t r) { return first + r; }, words)) return false;
    into.mode = kernel::Source::Mode::words;
    into.data = words;
    return true;
  }

  bool direct(int list_slot, int slot, FieldPlan::Fast natural, kernel::Source& into) override {
    const auto l = static_cast<std::size_t>(list_of_slot[static_cast<std::size_t>(list_slot)]);
    const ListPlan& lp = plan.lists[l];
    if (!lp.grouped) return false;
    const MemberRange span = spans[l];
    if (read_ahead) {
      const MemberRange next = next_block_members(plan, lp, begin, rows, span);
      prefetch_rows(member_readers[l][static_cast<std::size_t>(slot)]->plan(), next.first, next.count);
    }
    return member_readers[l][static_cast<std::size_t>(slot)]->direct(natural, span.first, span.count, into);
  }

  std::int64_t* words(std::size_t n) override { return take(n); }
};

KernelRunner::KernelRunner(const Plan& plan, Date date, kernel::Fn fn, BatchResult& out)
    : s_(std::make_unique<State>(plan, date, fn, out)) {}
KernelRunner::~KernelRunner() = default;

bool KernelRunner::usable(const Plan& plan) {
  for (const ListPlan& lp : plan.lists)
    if (lp.table == nullptr) return false;
  for (const FieldPlan& fp : plan.top)
    if (!fp.constant_problems.empty()) return false;
  return true;
}

bool KernelRunner::run(std::size_t begin, std::size_t count, std::size_t at) {
  s_->start(begin, count, at);
  const bool judged = s_->fn(*s_);
  (judged ? judged_blocks : declined_blocks).fetch_add(1, std::memory_order_relaxed);
  return judged;
}

}  // namespace hoctap::internal
