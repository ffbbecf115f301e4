// Criteria sets compiled to C++ ahead of time. The block evaluator (evaluate/block.hpp)
// interprets any set over columns, an operator at a time; a kernel is one set's rule
// written out as C++ by `kernel_source` (generate.cpp) — member aggregates in one pass
// over each member table, then the whole rule tree in one pass over the rows — and
// compiled into the library at build time for the bundled sets that aggregate over
// members (the `hoctap_kernelgen` tool, src/CMakeLists.txt).
//
// Contract:
// - A kernel judges a block only when every value it reads is plain (present, in range,
//   on its scale) and no operation is without a value; otherwise it returns false and the
//   block evaluator judges that block. On the blocks it judges, its outputs are the block
//   evaluator's bit for bit (kernel_test and batch_differential compare them).
// - A set has a kernel only if the source `kernel_source` writes for it now is the very
//   source the kernel was compiled from (compared by SHA-256). A criteria file edited
//   after the build, or loaded from elsewhere, gets no kernel and is interpreted: never a
//   kernel of another rule.
// - Kernels can be switched off for a process (HOCTAP_KERNELS=off, or
//   set_kernels_enabled): every set is then interpreted.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "evaluate/plan.hpp"
#include "evaluate/rules.hpp"
#include "hoctap/batch.hpp"
#include "model/model.hpp"
#include "util/numeric.hpp"

namespace hoctap::internal {

namespace kernel {

// The helpers generated code calls in its loops: always inlined (a kernel's loops are
// written out twice, which took GCC past its inlining budget and made reads calls).
#if defined(__GNUC__)
#define HOCTAP_KERNEL_INLINE inline __attribute__((always_inline))
#else
#define HOCTAP_KERNEL_INLINE inline
#endif

constexpr std::uint8_t kMet = static_cast<std::uint8_t>(Status::met), kNotMet = static_cast<std::uint8_t>(Status::not_met),
                       kNotApplicable = static_cast<std::uint8_t>(Status::not_applicable);
static_assert(kMet == 0 && kNotMet == 1, "generated code writes a status met or not as the test `not met`");
constexpr std::uint8_t kRecognized = static_cast<std::uint8_t>(Decision::recognized),
                       kNotRecognized = static_cast<std::uint8_t>(Decision::not_recognized),
                       kNotAssessable = static_cast<std::uint8_t>(Decision::not_assessable);

// A field's values for a block, as a kernel reads them: `direct` from the caller's
// column (entry j at data[j]), given only when the column has the field type's natural
// representation (integer: int64, decimal: float64, boolean: bytes, date: int32 days,
// category: int32 codes), every value of the block is present (no validity mask says
// otherwise) and, for a member field, the column is grouped by row already; `words`
// converted beforehand (Val::i per entry); or one `constant` word (a context value).
// A source is given direct only when every value of the block is plain: decimals whole
// numbers within the field's bounds, integers within them, codes within the column's
// list and each code's value plain (checked for the block when the source is given, in
// loops the compiler vectorises; a decimal column with fractions is read as words, and a
// block with a value not plain is the block evaluator's anyway). Direct reads check
// nothing.
struct Source {
  enum class Mode : std::uint8_t { direct, words, constant } mode = Mode::direct;
  const void* data = nullptr;
  std::int64_t value = 0;                          // constant
  const std::int64_t* code_word = nullptr;         // codes: each code's word
};

// Direct reads of entry j, one function per representation (a loop has no switch). `off`
// is for the reads of other sources, which may find a value not plain.
HOCTAP_KERNEL_INLINE std::int64_t read_i64(const Source& s, std::size_t j, std::uint64_t&) {
  return static_cast<const std::int64_t*>(s.data)[j] * Decimal::kOne;  // within the field's bounds (|x| < 9e12): checked
}
HOCTAP_KERNEL_INLINE std::uint64_t bits(double d) {
  std::uint64_t u;
  std::memcpy(&u, &d, sizeof u);
  return u;
}
HOCTAP_KERNEL_INLINE std::int64_t read_f64(const Source& s, std::size_t j, std::uint64_t&) {
  return static_cast<std::int64_t>(static_cast<const double*>(s.data)[j]) * Decimal::kOne;  // whole, within bounds: checked
}
HOCTAP_KERNEL_INLINE std::int64_t read_boolean(const Source& s, std::size_t j, std::uint64_t&) { return static_cast<const std::uint8_t*>(s.data)[j] != 0; }
HOCTAP_KERNEL_INLINE std::int64_t read_date(const Source& s, std::size_t j, std::uint64_t&) { return static_cast<const std::int32_t*>(s.data)[j]; }
HOCTAP_KERNEL_INLINE std::int64_t read_code(const Source& s, std::size_t j, std::uint64_t&) {
  return s.code_word[static_cast<const std::int32_t*>(s.data)[j]];  // within the column's list: checked
}
// A top-level field's word at row r, whatever the source's mode (the branch goes the
// same way on every row).
template <std::int64_t (*read)(const Source&, std::size_t, std::uint64_t&)>
HOCTAP_KERNEL_INLINE std::int64_t at(const Source& s, std::size_t r, std::uint64_t& off) {
  if (s.mode == Source::Mode::direct) return read(s, r, off);
  return s.mode == Source::Mode::words ? static_cast<const std::int64_t*>(s.data)[r] : s.value;
}

// What a kernel reads and writes for one block of rows [begin, begin + rows). Generated
// code calls only what is declared here.
class Block {
 public:
  std::size_t rows = 0;
  std::int32_t date_days = 0;  // the assessment date
  std::int64_t* const* points = nullptr;  // per node: its points at the block's first row, null when not reported
  std::uint8_t* const* status = nullptr;  // per node: its status, likewise (null with points)
  std::uint8_t* decision = nullptr;
  std::int64_t* total_units = nullptr;
  std::int32_t* grade = nullptr;
  std::int32_t* level = nullptr;

  // A top-level field's values for the block's rows (see Source), or false when some
  // row's value is not plain. `natural`: the field type's natural representation.
  virtual bool top(int slot, FieldPlan::Fast natural, Source& out) = 0;
  // The members of the list input at top-level slot `list` for the block's rows, grouped
  // by row: row r's members are entries [o[r] - o[0], o[r + 1] - o[0]) of `member`'s
  // arrays, where o is the array returned (rows + 1 entries).
  virtual const std::int64_t* offsets(int list) = 0;
  // A member field's values, one word per member of the block, or null when some
  // member's value is not plain.
  virtual const std::int64_t* member(int list, int slot) = 0;
  // A member field's column for direct reads (see Source), or false (then `member`).
  virtual bool direct(int list, int slot, FieldPlan::Fast natural, Source& out) = 0;
  // Scratch words for this block (not cleared).
  virtual std::int64_t* words(std::size_t n) = 0;

 protected:
  ~Block() = default;
};

using Fn = bool (*)(Block&);

// The operators generated code calls where an operation may be without a value, as
// adapters of the shared rules (evaluate/rules.hpp, which generated code calls for every
// other rule): `off` gets 1 where the rule gives no value (overflow, division by zero, a
// share of no members, a parameter without a value for the key): the block is then the
// block evaluator's.
HOCTAP_KERNEL_INLINE std::int64_t mul(std::int64_t x, std::int64_t y, std::uint64_t& off) {
  const auto r = rules::product(x, y);
  off |= !r.has;
  return r ? *r : 0;
}
HOCTAP_KERNEL_INLINE std::int64_t div(std::int64_t x, std::int64_t y, std::uint64_t& off) {
  const auto r = rules::quotient(x, y);
  off |= !r.has;
  return r ? *r : 0;
}
HOCTAP_KERNEL_INLINE std::int64_t share(std::int64_t yes, std::int64_t selected, std::uint64_t& off) {
  const auto r = rules::share_of(yes, selected);
  off |= !r.has;
  return r ? *r : 0;
}
// c ? a : b with masks, not a branch: GCC turned the conditional expression into a jump
// that mispredicted on data such as whether a family has children.
HOCTAP_KERNEL_INLINE std::int64_t choose(bool c, std::int64_t a, std::int64_t b) {
  const std::int64_t m = -static_cast<std::int64_t>(c);
  return (a & m) | (b & ~m);
}
// The sum of a counter over members [lo, hi) from its prefix sums a (a[j]: the sum over
// the members before j), wrapping as the sums did.
HOCTAP_KERNEL_INLINE std::int64_t span(const std::int64_t* a, std::int64_t lo, std::int64_t hi) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a[hi]) - static_cast<std::uint64_t>(a[lo]));
}
// The count in bits [shift, shift + 16) of packed prefix counts w over members [lo, hi)
// (no lane borrows from the next: each only grows, and stays below 65,536).
HOCTAP_KERNEL_INLINE std::int64_t lane(const std::uint64_t* w, std::int64_t lo, std::int64_t hi, int shift) {
  return static_cast<std::int64_t>(((w[hi] - w[lo]) >> shift) & 0xFFFFu);
}
// A parameter's value for the category ordinal `key` (parameter_value, tabulated).
HOCTAP_KERNEL_INLINE std::int64_t pick(const std::int64_t* value, const bool* has, std::size_t size, std::int64_t key, std::uint64_t& off) {
  const bool in = static_cast<std::uint64_t>(key) < size;  // no branch: loops over rows stay straight
  const std::size_t at = in ? static_cast<std::size_t>(key) : 0;
  const bool ok = in & has[at];
  off |= !ok;
  return ok ? value[at] : 0;
}

// One compiled kernel: the SHA-256 (hex) of the source it was compiled from.
struct Entry {
  const char* sha256;
  Fn run;
};

}  // namespace kernel

// The C++ source of `set`'s kernel: a function body `bool run(kernel::Block& b)` (generated
// code: includes and namespace are the caller's). Empty, with the reason in `why_not`,
// when the set uses what kernels do not cover (levels, text, nested aggregates, …) or
// has no aggregate over members (the block evaluator is faster there).
std::string kernel_source(const CompiledSet& set, std::string& why_not);

// The compiled kernel for `set`, or null (none compiled for this rule, or kernels off).
// Found once per set and remembered.
kernel::Fn kernel_for(const CompiledSet& set);

bool kernels_enabled();
void set_kernels_enabled(bool on);  // for tests and benchmarks: the interpreter alone

// Blocks judged by kernels and blocks handed back to the block evaluator, since the
// process started (all threads): tests check that a kernel really ran.
struct KernelCounts {
  std::uint64_t judged = 0, declined = 0;
};
KernelCounts kernel_counts();

// Runs a kernel over the blocks of one batch, on one thread.
class KernelRunner {
 public:
  KernelRunner(const Plan& plan, Date date, kernel::Fn fn, BatchResult& out);
  ~KernelRunner();
  KernelRunner(const KernelRunner&) = delete;
  KernelRunner& operator=(const KernelRunner&) = delete;

  // Whether a kernel can judge this plan's rows at all (every list has its table).
  static bool usable(const Plan& plan);

  // Judges rows [begin, begin + count) into rows [at, at + count) of the result's units
  // columns; false when the block has a value that is not plain (the caller then judges
  // the block another way; the outputs written are then to be overwritten).
  bool run(std::size_t begin, std::size_t count, std::size_t at);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace hoctap::internal
