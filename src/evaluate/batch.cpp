// Evaluating a batch of rows from columns: rows are judged a block at a time by the block
// evaluator (block.hpp); a row whose data has a problem goes through the row path: a
// column binder fills the same slot rows the record binder fills, then the shared
// Evaluator::decide judges it and words its problems.
#include "hoctap/batch.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <memory>
#include <cstdint>
#include <cstring>
#include <exception>
#include <iterator>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "evaluate/block.hpp"
#include "evaluate/evaluate.hpp"
#include "evaluate/plan.hpp"
#include "evaluate/rules.hpp"
#include "evaluate/runtime.hpp"
#include "model/model.hpp"
#include "util/numeric.hpp"
#include "util/clones.hpp"
#include "util/messages.hpp"
#include "util/memory.hpp"
#include "util/workers.hpp"

namespace hoctap::internal {
namespace {

// The value a code's text stands for: the text itself, which the input contract reads
// as the field's type (bind_value).
Value label_value(const Field&, const std::string& label) { return label; }

}  // namespace

Val read(const CompiledSet& set, const FieldPlan& fp, std::size_t row, int where, std::vector<DataProblem>& problems) {
  const Column* c = fp.column;
  if (c == nullptr) {
    problems.insert(problems.end(), fp.constant_problems.begin(), fp.constant_problems.end());
    return fp.constant;
  }
  if (c->valid != nullptr && c->valid[row] == 0) return missing(fp.missing_code);
  // The general path (read_fast takes the common ones): the record binder's checks,
  // which also word the problem.
  Value v;
  switch (c->type) {
    case Column::Type::int64: {
      std::int64_t x = static_cast<const std::int64_t*>(c->data)[row];
      v = x;
      break;
    }
    case Column::Type::float64: {
      double x = static_cast<const double*>(c->data)[row];
      if (std::isnan(x)) return missing(fp.missing_code);
      if (auto d = exact_from_double(x)) {
        v = *d;
      } else {  // not a decimal of six places (7.9999999, 1e20, inf): its shortest text, refused as such
        char buf[32];
        auto end = std::to_chars(buf, buf + sizeof buf, x).ptr;
        v = std::string(buf, end);
      }
      break;
    }
    case Column::Type::boolean:
      v = static_cast<const std::uint8_t*>(c->data)[row] != 0;
      break;
    case Column::Type::date_days:
      v = Date::from_days(static_cast<const std::int32_t*>(c->data)[row]);
      break;
    case Column::Type::codes: {
      std::int32_t code = static_cast<const std::int32_t*>(c->data)[row];
      if (code < 0) return missing(fp.missing_code);
      if (static_cast<std::size_t>(code) >= fp.code_vals.size())
        throw error<InvalidArgument>("E006", "batch.code_label", {c->name, std::to_string(code)});
      if (fp.code_bad[static_cast<std::size_t>(code)]) {  // again, to report the problem at this row
        Value labelled = label_value(*fp.field, c->labels[static_cast<std::size_t>(code)]);
        return bind_value(set, *fp.field, &labelled, fp.missing_code, fp.list, where, problems);
      }
      return fp.code_vals[static_cast<std::size_t>(code)];
    }
  }
  return bind_value(set, *fp.field, &v, fp.missing_code, fp.list, where, problems);
}

}  // namespace hoctap::internal

namespace hoctap {
inline namespace v0 {
namespace {

using internal::CompiledSet;
using internal::Field;
using internal::Schema;
using internal::Val;
using internal::VK;
using internal::FieldPlan;
using internal::ListPlan;
using internal::Plan;
using internal::member_span;
using internal::label_value;
using internal::read_fast;

const Column* find_column(const std::vector<Column>& columns, const std::string& name) {
  for (const Column& c : columns)
    if (c.name == name) return &c;
  return nullptr;
}

void check_column(const Column& c) {
  if (c.data == nullptr) throw internal::error<InvalidArgument>("E006", "batch.no_data", {c.name});
}

void plan_field(const CompiledSet& set, FieldPlan& fp, const Field& f, const Column* col, const Record* context,
                std::int64_t missing_code, const std::string& list) {
  fp.field = &f;
  fp.column = col;
  fp.missing_code = missing_code;
  fp.list = list;
  fp.constant = internal::missing(missing_code);
  if (col == nullptr) {
    if (context != nullptr && list.empty()) {
      if (const Value* v = context->find(f.name))
        fp.constant = internal::bind_value(set, f, v, missing_code, list, 0, fp.constant_problems);
    }
    return;
  }
  check_column(*col);
  const bool numeric = f.type.kind == internal::Type::Kind::integer || f.type.kind == internal::Type::Kind::decimal;
  if (f.min) fp.low_units = f.min->units();
  if (f.max) fp.high_units = f.max->units();
  using Fast = FieldPlan::Fast;
  switch (col->type) {
    case Column::Type::float64: fp.fast = numeric ? Fast::number_f64 : Fast::none; break;
    case Column::Type::int64: fp.fast = numeric ? Fast::number_i64 : Fast::none; break;
    case Column::Type::boolean: fp.fast = f.type.kind == internal::Type::Kind::boolean ? Fast::boolean : Fast::none; break;
    case Column::Type::date_days: fp.fast = f.type.kind == internal::Type::Kind::date ? Fast::date : Fast::none; break;
    case Column::Type::codes: fp.fast = Fast::code; break;
  }
  if (col->type != Column::Type::codes) return;
  fp.code_vals.resize(col->labels.size());
  fp.code_bad.assign(col->labels.size(), 0);
  for (std::size_t k = 0; k < col->labels.size(); ++k) {
    const std::string& label = col->labels[k];
    if (f.type.kind == internal::Type::Kind::text && !internal::blank(label)) {
      fp.code_vals[k] = Val{VK::text, static_cast<std::int64_t>(label.size()), label.data()};
      continue;
    }
    Value v = label_value(f, label);
    std::vector<DataProblem> problems;
    fp.code_vals[k] = internal::bind_value(set, f, &v, missing_code, list, 0, problems);
    fp.code_bad[k] = problems.empty() ? 0 : 1;
  }
  fp.code_word.assign(std::max<std::size_t>(col->labels.size(), 1), 0);
  fp.code_plain.assign(fp.code_word.size(), 0);
  for (std::size_t k = 0; k < col->labels.size(); ++k) {
    const Val& x = fp.code_vals[k];
    fp.code_word[k] = x.i;
    fp.code_plain[k] = fp.code_bad[k] == 0 && !absent(x) && x.p == nullptr;
  }
  fp.codes_are_words = true;
  fp.codes_plain = !col->labels.empty();
  for (std::size_t k = 0; k < col->labels.size(); ++k) {
    fp.codes_are_words = fp.codes_are_words && fp.code_plain[k] != 0 && fp.code_word[k] == static_cast<std::int64_t>(k);
    fp.codes_plain = fp.codes_plain && fp.code_plain[k] != 0;
  }
}

// Member tables' offsets and order arrays, kept by the calling thread from one call to
// the next (evaluate_frame in a loop: 8 bytes per row or member and list, zero-filled
// and faulted in afresh on every call otherwise). Kept up to 8 M entries; a kept array
// may be longer than a plan needs (entries past those it uses are stale).
constexpr std::size_t kKeptEntries = std::size_t{8} << 20;
std::vector<std::vector<std::int64_t>>& kept_arrays() {
  thread_local std::vector<std::vector<std::int64_t>> kept;
  return kept;
}
std::vector<std::int64_t> take_kept() {
  std::vector<std::int64_t> v;
  if (!kept_arrays().empty()) {
    v = std::move(kept_arrays().back());
    kept_arrays().pop_back();
  }
  return v;
}
void give_kept(std::vector<std::int64_t>& v) {
  if (v.capacity() != 0 && v.capacity() <= kKeptEntries) kept_arrays().push_back(std::move(v));
}

InvalidArgument outside_batch(const MemberTable& m, std::size_t row) {
  return internal::error<InvalidArgument>("E006", "batch.outside", {m.list, std::to_string(row), std::to_string(m.parent[row])});
}

// Whether parent[0..n) are non-decreasing and within [0, rows) (out_of_order).
HOCTAP_VECTOR_CLONES
bool listed_by_parent(const std::int64_t* __restrict parent, std::size_t n, std::size_t rows) {
  if (n == 0) return true;
  std::uint64_t off = internal::out_of_order(parent[0], parent[0], 0, rows);
  for (std::size_t j = 1; j < n; ++j) off |= internal::out_of_order(parent[j - 1], parent[j], 0, rows);
  return off == 0;
}

// The same on `threads` slices at once when the table is long (it is read before any row
// is judged, so it would otherwise run on one core alone). Each slice starts at the entry
// before it, so that the order across slices is checked too.
bool listed_by_parent(const std::int64_t* parent, std::size_t n, std::size_t rows, unsigned threads) {
  constexpr std::size_t kSliceAtLeast = std::size_t{1} << 16;
  const auto slices = static_cast<unsigned>(std::min<std::size_t>(threads, n / kSliceAtLeast));
  if (slices < 2) return listed_by_parent(parent, n, rows);
  std::vector<std::uint8_t> in_order(slices, 0);
  internal::run_tasks(slices, [&](unsigned t) {
    const std::size_t from = n * t / slices, to = n * (t + 1) / slices, start = from == 0 ? 0 : from - 1;
    in_order[t] = listed_by_parent(parent + start, to - start, rows);
  });
  return std::all_of(in_order.begin(), in_order.end(), [](std::uint8_t ok) { return ok != 0; });
}

// Groups the rows of a member table not listed parent by parent (a counting sort).
// Throws on a parent outside the batch, naming the first such row.
void group_members(ListPlan& lp, std::size_t rows) {
  const MemberTable& m = *lp.table;
  for (std::size_t j = 0; j < m.rows; ++j)
    if (m.parent[j] < -1 || m.parent[j] >= static_cast<std::int64_t>(rows)) throw outside_batch(m, j);
  lp.offsets = take_kept();
  lp.order = take_kept();  // sized below
  if (lp.offsets.size() < rows + 1) internal::resize_large(lp.offsets, rows + 1);
  std::fill(lp.offsets.begin(), lp.offsets.begin() + static_cast<std::ptrdiff_t>(rows + 1), 0);
  for (std::size_t i = 0; i < m.rows; ++i)
    if (m.parent[i] >= 0) ++lp.offsets[static_cast<std::size_t>(m.parent[i]) + 1];
  for (std::size_t r = 0; r < rows; ++r) lp.offsets[r + 1] += lp.offsets[r];
  internal::resize_large(lp.order, static_cast<std::size_t>(lp.offsets[rows]));
  // Each parent's offset serves as its cursor, ending at the next parent's start; the
  // offsets are then shifted back by one parent.
  for (std::size_t i = 0; i < m.rows; ++i)
    if (m.parent[i] >= 0) lp.order[static_cast<std::size_t>(lp.offsets[static_cast<std::size_t>(m.parent[i])]++)] = static_cast<std::int64_t>(i);
  for (std::size_t r = rows; r > 0; --r) lp.offsets[r] = lp.offsets[r - 1];
  lp.offsets[0] = 0;
}

Plan make_plan(const CompiledSet& set, const Batch& batch, const Record* context) {
  Plan plan;
  plan.set = &set;
  plan.rows = batch.rows;
  const Schema& top = set.schemas[0];
  plan.top.resize(top.fields.size());
  for (const Field& f : top.fields) {
    FieldPlan& fp = plan.top[static_cast<std::size_t>(f.slot)];
    if (f.type.kind != internal::Type::Kind::list) {
      plan_field(set, fp, f, find_column(batch.columns, f.name), context, f.slot, "");
      continue;
    }
    fp.field = &f;
    ListPlan lp;
    lp.field = &f;
    lp.schema = &set.schemas[static_cast<std::size_t>(f.type.schema)];
    for (const MemberTable& m : batch.members)
      if (m.list == f.name) lp.table = &m;
    if (lp.table != nullptr) {
      const MemberTable& m = *lp.table;
      if (m.rows > 0 && m.parent == nullptr) throw internal::error<InvalidArgument>("E006", "batch.no_parent", {m.list});
      const Schema& ms = *lp.schema;
      lp.fields.resize(static_cast<std::size_t>(ms.slot_count));
      for (const Field& mf : ms.fields)
        plan_field(set, lp.fields[static_cast<std::size_t>(mf.slot)], mf, find_column(m.columns, mf.name), nullptr,
                   internal::kMemberBase + f.slot * 1000 + mf.slot, f.name);
      if (ms.result_base >= 0) {
        static const std::vector<Field> kResult = [] {
          std::vector<Field> results;
          for (int k = 0; k < Schema::kResults; ++k) results.push_back({Schema::kResultNames[k], internal::Type::of(Schema::kResultKinds[k]), {}, {}, {}, k});
          return results;
        }();
        for (int k = 0; k < Schema::kResults; ++k)
          plan_field(set, lp.fields[static_cast<std::size_t>(ms.result_base + k)], kResult[static_cast<std::size_t>(k)],
                     find_column(m.columns, Schema::kResultNames[k]),
                     nullptr, internal::kMemberBase + f.slot * 1000 + ms.result_base + k, f.name);
      }
    }
    plan.lists.push_back(std::move(lp));
  }
  return plan;
}

constexpr std::size_t kBlock = internal::BlockEvaluator::kRows;
constexpr std::size_t blocks_of(std::size_t rows) { return (rows + kBlock - 1) / kBlock; }

// How member tables are found, before any row is judged. A table listed parent by parent
// (the usual layout) needs nothing more: member_span finds a block's members in its parent
// column. With `on_trust`, every table is taken to be so, to be confirmed by the blocks as
// they bind their members (ListPlan::spans, members_tile); otherwise each table is checked
// here, and the others grouped, one per thread (`threads` at most); the first table's
// error, in list order, is the one thrown.
void order_members(Plan& plan, unsigned threads, bool on_trust) {
  std::vector<std::size_t> tables;
  for (std::size_t l = 0; l < plan.lists.size(); ++l) {
    ListPlan& lp = plan.lists[l];
    if (lp.table == nullptr) continue;
    lp.spans.reset();
    if (on_trust) {
      lp.grouped = true;
      lp.spans = std::make_unique<std::size_t[]>(2 * blocks_of(plan.rows));
      continue;
    }
    lp.grouped = listed_by_parent(lp.table->parent, lp.table->rows, plan.rows, threads);
    if (!lp.grouped) tables.push_back(l);
  }
  if (tables.empty()) return;
  std::vector<std::exception_ptr> errors(tables.size());
  std::atomic<std::size_t> next{0};
  internal::run_tasks(std::min<unsigned>(threads, static_cast<unsigned>(tables.size())), [&](unsigned) {
    for (std::size_t t = next.fetch_add(1); t < tables.size(); t = next.fetch_add(1)) {
      try {
        group_members(plan.lists[tables[t]], plan.rows);
      } catch (...) {
        errors[t] = std::current_exception();
      }
    }
  });
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

// Whether the member runs that the blocks found, each checked by its block, follow one
// another from the table's first member to its last: the whole table is then listed
// parent by parent.
bool members_tile(const Plan& plan, const ListPlan& lp) {
  std::size_t at = 0;
  for (std::size_t k = 0; k < blocks_of(plan.rows); ++k) {
    if (lp.spans[2 * k] != at) return false;
    at = lp.spans[2 * k + 1];
  }
  return at == lp.table->rows;
}

// Fills the workspace's slots for `row` (the column twin of Binder::bind).
void bind_row(const Plan& plan, std::size_t row, internal::Workspace& ws, std::vector<DataProblem>& problems) {
  const CompiledSet& set = *plan.set;
  const Schema& top = set.schemas[0];
  std::size_t total = static_cast<std::size_t>(top.slot_count);
  for (const ListPlan& lp : plan.lists)
    if (lp.table) total += member_span(lp, row, 1).count * static_cast<std::size_t>(lp.schema->slot_count);
  // Every slot is written below (each top-level field once, each member's every slot), so
  // the values of the previous row need no clearing when the top level has no other slots.
  if (static_cast<std::size_t>(top.slot_count) == top.fields.size()) ws.vals.resize(total);
  else ws.vals.assign(total, Val{});
  ws.lists.assign(plan.lists.size(), internal::ListData{});
  std::size_t next_row = static_cast<std::size_t>(top.slot_count), next_list = 0;
  for (const FieldPlan& fp : plan.top) {
    const Field& f = *fp.field;
    if (f.type.kind != internal::Type::Kind::list) {
      ws.vals[static_cast<std::size_t>(f.slot)] = read_fast(set, fp, row, 0, problems);
      continue;
    }
    const ListPlan& lp = plan.lists[next_list];
    internal::ListData& ld = ws.lists[next_list++];
    if (lp.table == nullptr) {
      ws.vals[static_cast<std::size_t>(f.slot)] = internal::missing(f.slot);
      continue;
    }
    ld.stride = lp.schema->slot_count;
    ld.rows = ws.vals.data() + next_row;
    const internal::MemberRange span = member_span(lp, row, 1);
    ld.count = static_cast<int>(span.count);
    for (int k = 0; k < ld.count; ++k) {
      const std::size_t at = span.first + static_cast<std::size_t>(k);
      const std::size_t member = lp.grouped ? at : static_cast<std::size_t>(lp.order[at]);
      Val* slots = ws.vals.data() + next_row;
      for (std::size_t s = 0; s < lp.fields.size(); ++s) slots[s] = read_fast(set, lp.fields[s], member, k, problems);
      next_row += static_cast<std::size_t>(ld.stride);
    }
    ws.vals[static_cast<std::size_t>(f.slot)] = Val{VK::list, 0, &ld};
  }
}

// One chunk's problems, merged with the other chunks' in row order afterwards.
struct Errors {
  std::vector<std::int64_t> rows;
  std::vector<std::string> texts;  // per row, or (distinct) each distinct text once
  bool distinct = false;
  std::vector<std::int32_t> codes;  // distinct: per row, an index into texts
  std::unordered_map<std::string, std::int32_t> seen;
  bool each_problem = false;  // BatchOptions::each_problem: also each problem apart
  std::vector<std::int64_t> problem_rows;
  std::vector<DataProblem> problems;
  void add(std::size_t row, const std::vector<DataProblem>& row_problems, Lang lang) {
    std::string text;
    for (const DataProblem& p : row_problems) {
      if (!text.empty()) text += "; ";
      text += lang == Lang::vi ? p.vi : p.en;
    }
    if (each_problem) {
      problem_rows.insert(problem_rows.end(), row_problems.size(), static_cast<std::int64_t>(row));
      problems.insert(problems.end(), row_problems.begin(), row_problems.end());
    }
    rows.push_back(static_cast<std::int64_t>(row));
    if (!distinct) {
      texts.push_back(std::move(text));
      return;
    }
    auto [it, added] = seen.emplace(std::move(text), static_cast<std::int32_t>(texts.size()));
    if (added) texts.push_back(it->first);
    codes.push_back(it->second);
  }
};

// Each chunk's problems, made when its first row with a problem comes: most chunks have
// none, and a call on several threads has a chunk per block. A chunk is one task's at a
// time, so each entry is made and filled by one thread.
class ChunkErrors {
 public:
  ChunkErrors(std::size_t chunks, const BatchOptions& options) : chunks_(chunks), distinct_(options.distinct_errors), each_problem_(options.each_problem) {}
  std::size_t chunks() const { return chunks_.size(); }
  Errors& of(std::size_t chunk) {
    std::unique_ptr<Errors>& e = chunks_[chunk];
    if (!e) {
      e = std::make_unique<Errors>();
      e->distinct = distinct_;
      e->each_problem = each_problem_;
    }
    return *e;
  }
  // The chunks' problems in chunk order, none for a chunk without.
  std::vector<std::unique_ptr<Errors>>& in_order() { return chunks_; }

 private:
  std::vector<std::unique_ptr<Errors>> chunks_;
  bool distinct_, each_problem_;
};

// Judges batch row `row` by the row path (bind_row, then the shared Evaluator::decide)
// into row `at` of `out`'s units columns; its data problems go to chunk `chunk`'s errors
// under `row`.
void judge_row(const CriteriaSet& set, const Plan& plan, Date date, Lang lang, std::size_t row, internal::Workspace& ws,
               Result& result, BatchResult& out, std::size_t at, ChunkErrors& errors, std::size_t chunk) {
  internal::Evaluator::reset(set.compiled(), date, result);
  bind_row(plan, row, ws, internal::Evaluator::problems(result));
  internal::Evaluator::decide(*plan.set, ws, date, result, false);
  out.decision[at] = static_cast<std::uint8_t>(result.decision());
  out.total_units[at] = result.total().units();
  if (!out.level.empty()) out.level[at] = result.level();
  if (!out.grade.empty()) out.grade[at] = internal::Evaluator::grade_code(result);
  const auto& nodes = result.nodes();
  for (std::size_t k = 0; k < out.node_index.size(); ++k) {
    const NodeResult& n = nodes[static_cast<std::size_t>(out.node_index[k])];
    out.node_points_units[k * out.rows + at] = n.points.units();
    out.node_status[k * out.rows + at] = static_cast<std::uint8_t>(n.status);
  }
  if (!result.problems().empty()) errors.of(chunk).add(row, result.problems(), lang);
}

// units[j] / 10^6 into out[j] for n ≤ kConvertRows entries, Decimal::to_double's rule
// (the double nearest the decimal). A whole number, what whole scores give, needs no
// division: r = round(units · 10^-6) is the quotient exactly when r · 10^6 == units (all
// exact below 2^51), in a loop that vectorises; the entries left are divided one by one.
constexpr std::size_t kConvertRows = internal::BlockEvaluator::kRows;
HOCTAP_VECTOR_CLONES
void units_to_double(const std::int64_t* __restrict units, double* __restrict out, std::size_t n) {
  constexpr std::int64_t kLimit = std::int64_t{1} << 51;  // where double_of_int and round_whole hold
  auto whole = [](std::int64_t u, double& r) HOCTAP_LAMBDA_INLINE {
    const double d = internal::double_of_int(u);
    r = internal::round_whole(d * 1e-6);
    return (u > -kLimit) & (u < kLimit) & (r * 1e6 == d);
  };
  // The entries that are not whole are only counted here (a flag per entry is a store the
  // common block skips), then found again and divided.
  std::size_t left = 0;
  for (std::size_t j = 0; j < n; ++j) {
    double r = 0;
    const bool w = whole(units[j], r);
    out[j] = w ? r : 0.0;
    left += !w;
  }
  for (std::size_t j = 0; left != 0; ++j) {
    double r = 0;
    if (!whole(units[j], r)) out[j] = Decimal::from_units(units[j]).to_double(), --left;
  }
}

// BatchOptions::float64: a block judged into `stage` (a result of kRows rows, from row 0)
// goes to rows [begin, begin + n) of `out`, its totals and points as doubles. The units
// of a block so stay in the cache, and `out` holds no units columns. Columns larger than
// the cache are written past it (stream_copy): the caller of run_chunks fences.
class Publisher {
 public:
  explicit Publisher(const BatchResult& out) : stream_(out.rows * sizeof(double) >= internal::kStreamWorthIt) {}

  void operator()(const BatchResult& stage, std::size_t n, BatchResult& out, std::size_t begin) {
    copy(out.decision.data() + begin, stage.decision.data(), n);
    if (!out.grade.empty()) copy(out.grade.data() + begin, stage.grade.data(), n);
    if (!out.level.empty()) copy(out.level.data() + begin, stage.level.data(), n);
    units_to_double(stage.total_units.data(), doubles_, n);
    copy(out.total.data() + begin, doubles_, n);
    for (std::size_t k = 0; k < out.node_index.size(); ++k) {
      units_to_double(stage.node_points_units.data() + k * stage.rows, doubles_, n);
      copy(out.node_points.data() + k * out.rows + begin, doubles_, n);
      copy(out.node_status.data() + k * out.rows + begin, stage.node_status.data() + k * stage.rows, n);
    }
  }

 private:
  template <typename T>
  void copy(T* dst, const T* src, std::size_t n) const {
    if (stream_) internal::stream_copy(dst, src, n * sizeof(T));
    else std::memcpy(dst, src, n * sizeof(T));
  }
  bool stream_;
  double doubles_[kConvertRows];
};

// Rows a block at a time, a chunk of rows after another: `next` hands out chunk numbers
// (chunk k: rows [starts[k], starts[k + 1])) until it returns one past the last. Rows with
// data problems (rare) go by the row path, which words them; each chunk's errors go to
// `errors` under the chunk. False, at once, when a block finds a member table taken on trust out of
// order (BlockEvaluator::run).
template <typename Next>
bool run_chunks(const CriteriaSet& set, const Plan& plan, Date date, Lang lang, const std::vector<std::size_t>& starts, Next next,
                BatchResult& out, ChunkErrors& errors, bool float64) {
  constexpr std::size_t kRows = internal::BlockEvaluator::kRows;
  internal::WorkspaceLease lease;
  internal::Workspace& ws = *lease;
  Result result;
  // Where the judges write a block: `out` at the block's rows, or with float64 `stage`
  // from its row 0, then published into `out`.
  BatchResult stage;
  if (float64) {
    stage.rows = kRows;
    stage.node_index = out.node_index;
    stage.decision.resize(kRows);
    stage.total_units.resize(kRows);
    if (!out.grade.empty()) stage.grade.resize(kRows);  // as `out`'s: empty where the set fixes them
    if (!out.level.empty()) stage.level.resize(kRows);
    stage.node_points_units.resize(kRows * out.node_index.size());
    stage.node_status.resize(kRows * out.node_index.size());
  }
  BatchResult& dest = float64 ? stage : out;
  Publisher publish(out);
  const bool blockwise = internal::BlockEvaluator::usable(plan);
  std::unique_ptr<internal::BlockEvaluator> blocks;
  if (blockwise) blocks = std::make_unique<internal::BlockEvaluator>(plan, date);
  std::vector<std::size_t> slow;
  for (std::size_t chunk = next(); chunk < errors.chunks(); chunk = next()) {
    const std::size_t begin = starts[chunk], end = starts[chunk + 1];
    for (std::size_t block = begin; block < end; block += kRows) {
      const std::size_t count = std::min(end - block, kRows);
      const std::size_t at = float64 ? 0 : block;  // the block's first row in `dest`
      if (!blockwise) {
        for (std::size_t row = block; row < block + count; ++row) judge_row(set, plan, date, lang, row, ws, result, dest, at + (row - block), errors, chunk);
      } else {
        slow.clear();
        if (!blocks->run(block, count, dest, at, slow)) return false;
        for (std::size_t row : slow) judge_row(set, plan, date, lang, row, ws, result, dest, at + (row - block), errors, chunk);
      }
      if (float64) publish(stage, count, out, block);
    }
  }
  return true;
}

}  // namespace

namespace {

// True when every column and member table names an input of the set and every input has
// a column, a member table or a context value: batch_warnings would find nothing. The
// common case so costs no allocation (a reused result stays allocation-free).
bool batch_matches(const CompiledSet& cs, const Batch& batch, const Record* context) {
  static const std::string kRecognized = "result.recognized";
  const Schema& top = cs.schemas[0];
  for (const Column& c : batch.columns)
    if (top.find(c.name) == nullptr) return false;
  for (const Field& f : top.fields) {
    if (f.type.kind != internal::Type::Kind::list) {
      bool given = context != nullptr && context->find(f.name) != nullptr;
      for (const Column& c : batch.columns) given = given || c.name == f.name;
      if (!given) return false;
      continue;
    }
    const MemberTable* table = nullptr;
    for (const MemberTable& m : batch.members)
      if (m.list == f.name) table = &m;
    if (table == nullptr) return false;
    const Schema& ms = cs.schemas[static_cast<std::size_t>(f.type.schema)];
    for (const Field& mf : ms.fields) {
      bool given = false;
      for (const Column& c : table->columns) given = given || c.name == mf.name;
      if (!given) return false;
    }
    bool recognized = ms.result_base < 0;
    for (const Column& c : table->columns) {
      recognized = recognized || c.name == kRecognized;
      if (ms.find(c.name) == nullptr && !(ms.result_base >= 0 && c.name.rfind("result.", 0) == 0)) return false;
    }
    if (!recognized) return false;
  }
  for (const MemberTable& m : batch.members) {
    const Field* f = top.find(m.list);
    if (f == nullptr || f->type.kind != internal::Type::Kind::list) return false;
  }
  return true;
}

// check_inputs over the batch: the columns and member tables' lists as top-level names,
// and each member table's columns as its list's fields.
std::vector<InputWarning> batch_warnings(const CriteriaSet& set, const Batch& batch, const Record* context) {
  std::vector<std::string> names;
  for (const Column& c : batch.columns) names.push_back(c.name);
  for (const MemberTable& m : batch.members) names.push_back(m.list);
  std::vector<InputWarning> out = set.check_inputs(names, "", context);
  for (const MemberTable& m : batch.members) {
    std::vector<std::string> fields;
    for (const Column& c : m.columns) fields.push_back(c.name);
    std::vector<InputWarning> more = set.check_inputs(fields, m.list);
    // A list the set does not have is already its unknown top-level name.
    if (more.size() == 1 && more[0].code == "unknown_list") continue;
    for (InputWarning& w : more) out.push_back(std::move(w));
  }
  return out;
}

}  // namespace

void evaluate_batch(const CriteriaSet& set, const Batch& batch, const BatchOptions& options, BatchResult& out) {
  const CompiledSet& cs = *set.compiled();
  for (const Column& c : batch.columns) check_column(c);
  out.warnings.clear();
  if (!batch_matches(cs, batch, options.context)) out.warnings = batch_warnings(set, batch, options.context);
  if (options.strict && !out.warnings.empty()) throw InputError(out.warnings);
  unsigned threads = options.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : options.threads;
  if (threads > batch.rows / kBlock + 1) threads = static_cast<unsigned>(batch.rows / kBlock + 1);  // a block is the least a thread takes
  Plan plan = make_plan(cs, batch, options.context);
  order_members(plan, threads, internal::BlockEvaluator::usable(plan));
  // Every entry of every column is written below (by the block or the row path), so the
  // columns are sized, not cleared: a reused result costs no fill and no page faults.
  out.rows = batch.rows;
  internal::resize_large(out.decision, batch.rows);
  out.node_index.clear();
  for (std::size_t k = 0; k < cs.nodes.size(); ++k)
    if (options.nodes == NodeOutput::all || (options.nodes == NodeOutput::criteria && cs.nodes[k].parent < 0))
      out.node_index.push_back(static_cast<std::int32_t>(k));
  internal::resize_large(out.node_status, batch.rows * out.node_index.size());
  // Totals and points as units or as doubles, never both: the other pair is left empty
  // (and its storage kept for a reused result).
  if (options.float64) {
    internal::resize_large(out.total, batch.rows);
    internal::resize_large(out.node_points, batch.rows * out.node_index.size());
    out.total_units.clear();
    out.node_points_units.clear();
  } else {
    internal::resize_large(out.total_units, batch.rows);
    internal::resize_large(out.node_points_units, batch.rows * out.node_index.size());
    out.total.clear();
    out.node_points.clear();
  }
  out.error_rows.clear();
  out.error_texts.clear();
  out.error_codes.clear();
  out.problem_rows.clear();
  out.problems.clear();
  // The grades' names, left as they are in a reused result that has them (no allocation).
  const auto each_grade = [&cs](auto f) {
    if (cs.levels_mode) {
      for (const auto& l : cs.levels) f(l.id);
    } else {
      for (const auto& b : cs.bands) f(b.id);
      if (cs.otherwise) f(cs.otherwise->id);
    }
  };
  std::size_t names = 0;
  bool same_names = true;
  each_grade([&](const std::string& id) {
    same_names = same_names && names < out.grades.size() && out.grades[names] == id;
    ++names;
  });
  if (!same_names || names != out.grades.size()) {
    out.grades.clear();
    each_grade([&](const std::string& id) { out.grades.push_back(id); });
  }
  // A column whose every row the set fixes is left empty (BatchResult).
  if (out.grades.empty()) out.grade.clear();
  else internal::resize_large(out.grade, batch.rows);
  if (!cs.levels_mode) out.level.clear();
  else internal::resize_large(out.level, batch.rows);
  // A malformed member table is the first error of a batch that has two.
  const Date date = [&] {
    try {
      return internal::assessment_date(set, options.assessment_date, options.outside_validity);
    } catch (...) {
      order_members(plan, threads, false);
      throw;
    }
  }();
  // On several threads a chunk of rows is a block. Each thread takes the chunks of a region
  // of its own, and then those others have left (internal::Claims): call after call over
  // the same rows a thread so reads and writes mostly the same rows, and cores running at
  // different speeds (a virtual machine's) finish together, a block apart at most. One
  // thread takes 16 blocks a chunk: fewer chunks to hand out.
  const std::size_t chunk_rows = threads == 1 ? 16 * kBlock : kBlock;
  std::vector<std::size_t> starts;
  starts.reserve(batch.rows / chunk_rows + 2);
  for (std::size_t at = 0; at < batch.rows; at += chunk_rows) starts.push_back(at);
  const std::size_t chunks = starts.size();
  starts.push_back(batch.rows);
  std::unique_ptr<ChunkErrors> errors;
  // Judges every row; false when a member table taken on trust turned out not to be listed
  // parent by parent (the other threads then stop at their next chunk).
  const auto judge_all = [&] {
    errors = std::make_unique<ChunkErrors>(chunks, options);
    internal::Claims claims(chunks, threads);
    std::atomic<bool> out_of_order{false};
    internal::run_tasks(threads, [&](unsigned t) {
      const auto next = [&] { return out_of_order.load(std::memory_order_relaxed) ? chunks : claims.next(t); };
      if (!run_chunks(set, plan, date, options.lang, starts, next, out, *errors, options.float64)) out_of_order.store(true, std::memory_order_relaxed);
      internal::stream_fence();  // this thread's streamed stores, before the columns are handed over
    });
    if (out_of_order.load()) return false;
    for (const ListPlan& lp : plan.lists)
      if (lp.spans && !members_tile(plan, lp)) return false;
    return true;
  };
  if (!judge_all()) {  // then every row again, with each table checked and if need be grouped first
    order_members(plan, threads, false);
    judge_all();
  }
  for (ListPlan& lp : plan.lists) give_kept(lp.offsets), give_kept(lp.order);
  std::unordered_map<std::string, std::int32_t> distinct;  // text → index into error_texts
  std::vector<std::int32_t> remap;
  for (std::unique_ptr<Errors>& chunk : errors->in_order()) {  // chunks in row order: concatenating keeps row order
    if (!chunk) continue;
    Errors& e = *chunk;
    out.error_rows.insert(out.error_rows.end(), e.rows.begin(), e.rows.end());
    out.problem_rows.insert(out.problem_rows.end(), e.problem_rows.begin(), e.problem_rows.end());
    std::move(e.problems.begin(), e.problems.end(), std::back_inserter(out.problems));
    if (!options.distinct_errors) {
      for (auto& t : e.texts) out.error_texts.push_back(std::move(t));
    } else {
      remap.clear();
      for (auto& t : e.texts) {
        auto [it, added] = distinct.emplace(t, static_cast<std::int32_t>(out.error_texts.size()));
        if (added) out.error_texts.push_back(std::move(t));
        remap.push_back(it->second);
      }
      for (std::int32_t c : e.codes) out.error_codes.push_back(remap[static_cast<std::size_t>(c)]);
    }
    chunk.reset();  // each chunk's problems freed as they are copied
  }
}

NextGrade next_grade(const CriteriaSet& set, const BatchResult& out, std::size_t row) {
  const internal::CompiledSet& cs = *set.compiled();
  NextGrade next;
  if (row >= out.rows || !internal::rules::has_grade(out.decision[row])) return next;
  if (cs.levels_mode) {
    next.grade = internal::rules::next_level_grade(out.level[row], static_cast<std::int32_t>(cs.levels.size()));
    return next;
  }
  const int bands = static_cast<int>(cs.bands.size()), grade = out.grade.empty() ? -1 : out.grade[row];  // empty: no grades
  if (grade < 0) return next;
  next.grade = internal::rules::next_band(grade == bands ? internal::rules::kOtherwiseBand : grade, bands);
  if (next.grade >= 0) {
    // A float64 result's total is the double nearest its decimal, which gives the decimal back.
    const std::int64_t total = !out.total_units.empty() ? out.total_units[row] : internal::exact_from_double(out.total[row]).value_or(Decimal()).units();
    next.points_units = cs.bands[static_cast<std::size_t>(next.grade)].min.units() - total;
  }
  return next;
}

BatchResult evaluate_batch(const CriteriaSet& set, const Batch& batch, const BatchOptions& options) {
  BatchResult out;
  evaluate_batch(set, batch, options, out);
  return out;
}

}  // namespace v0
}  // namespace hoctap
