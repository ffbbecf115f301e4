#include "evaluate/block.hpp"

#include <algorithm>

#include "evaluate/evaluate.hpp"
#include "util/numeric.hpp"

namespace hoctap::internal {
namespace {

// Scratch values for one block, handed out as columns. Chunks never move, so a column
// stays valid until `clear` at the start of the next block.
class Arena {
 public:
  Val* take(std::size_t n) {
    while (chunk_ < chunks_.size() && used_ + n > sizes_[chunk_]) {
      ++chunk_;
      used_ = 0;
    }
    if (chunk_ == chunks_.size()) {
      const std::size_t capacity = std::max<std::size_t>(n, std::size_t{1} << 14);
      chunks_.push_back(std::make_unique<Val[]>(capacity));
      sizes_.push_back(capacity);
      used_ = 0;
    }
    Val* p = chunks_[chunk_].get() + used_;
    used_ += n;
    return p;
  }
  void clear() { chunk_ = used_ = 0; }

 private:
  std::vector<std::unique_ptr<Val[]>> chunks_;
  std::vector<std::size_t> sizes_;
  std::size_t chunk_ = 0, used_ = 0;
};

// The members of one list input for the rows of the current block, in parent order.
struct ListBlock {
  bool present = false;               // a member table was given (else the list is missing)
  std::size_t rows = 0;               // member rows of the block
  std::vector<std::uint32_t> start;   // per block row: its first member row; size block + 1
  std::vector<std::uint32_t> parent;  // per member row: its block row
  std::vector<const Val*> fields;     // per member slot: the column of values
};

// Where an expression is evaluated: the block's rows, or (inside an aggregate) the member
// rows of one list.
struct Ctx {
  std::size_t rows = 0;
  const ListBlock* members = nullptr;
  const Val* total = nullptr;  // per block row; null: `total` is missing (outside knock-outs)
};

constexpr std::uint8_t st(Status s) { return static_cast<std::uint8_t>(s); }

// A thread keeps its arena from batch to batch (the caller's thread, when a batch runs on
// one thread: a notebook calling evaluate_frame again and again): its chunks are memory
// already touched, where a fresh arena faults its pages in on every call. One block
// evaluator at a time runs on a thread (run_rows makes one and finishes it).
Arena& thread_arena() {
  thread_local Arena arena;
  return arena;
}

}  // namespace

struct BlockEvaluator::State {
  const Plan& plan;
  const CompiledSet& set;
  Date date;
  Arena& arena;                         // this thread's (see thread_arena)
  std::size_t rows = 0;                 // of the current block
  std::vector<const Val*> top;          // per top-level slot: the column of values
  std::vector<ListBlock> lists;         // per list of the plan
  std::vector<int> list_of_slot;        // top-level slot → index into `lists`, or -1
  std::vector<std::uint8_t> slow;       // per block row: 1 when its data has a problem
  std::vector<DataProblem> problems;    // what `read` found; only its emptiness matters here
  // Per node, kRows entries each (node k at k * kRows): the row path's NodeResult fields
  // and its Workspace::high / unknown_at. A node's points and status are reached through
  // `node_points[k]` and `node_status[k]`: the result's own columns for a reported node
  // (at the current block's rows), else `points` and `status`.
  std::vector<std::int64_t> points, high;
  std::vector<std::uint8_t> status;
  std::vector<std::int64_t*> node_points;
  std::vector<std::uint8_t*> node_status;
  std::vector<std::int32_t> level, unknown_at;
  // Per block row.
  std::vector<std::uint8_t> done, open, any_applicable, any_not_met, any_unknown, fail, unknown;
  std::vector<std::int64_t> low_total, high_total;

  State(const Plan& p, Date d) : plan(p), set(*p.set), date(d), arena(thread_arena()) {
    top.resize(static_cast<std::size_t>(set.schemas[0].slot_count));
    lists.resize(plan.lists.size());
    list_of_slot.assign(top.size(), -1);
    for (std::size_t l = 0; l < plan.lists.size(); ++l) list_of_slot[static_cast<std::size_t>(plan.lists[l].field->slot)] = static_cast<int>(l);
    const std::size_t nodes = set.nodes.size() * kRows;
    points.resize(nodes);
    node_points.resize(set.nodes.size());
    node_status.resize(set.nodes.size());
    high.resize(nodes);
    status.resize(nodes);
    level.resize(nodes);
    unknown_at.resize(nodes);
    for (auto* v : {&done, &open, &any_applicable, &any_not_met, &any_unknown, &fail, &unknown, &slow}) v->resize(kRows);
    low_total.resize(kRows);
    high_total.resize(kRows);
  }

  // ---- binding ---------------------------------------------------------------------

  const Val* fill(std::size_t n, Val v) {
    Val* p = arena.take(n);
    std::fill(p, p + n, v);
    return p;
  }

  // One column of `fp` for `n` rows; `row_of(j)` is the table row of entry j and
  // `owner(j)` the block row it belongs to (marked slow on a data problem). The common
  // well-formed values are decided by `fast_value` in a loop per column type; the rest
  // go through `read`, the record binder's rules.
  template <typename RowOf, typename Owner>
  const Val* bind_column(const FieldPlan& fp, std::size_t n, RowOf row_of, Owner owner) {
    if (fp.column == nullptr) return fill(n, fp.constant);
    Val* col = arena.take(n);
    const Column& c = *fp.column;
    auto general = [&](std::size_t j, std::size_t row) {
      col[j] = read(set, fp, row, 0, problems);
      if (!problems.empty()) {
        slow[owner(j)] = 1;
        problems.clear();
      }
    };
    auto each = [&](auto fast) {
      for (std::size_t j = 0; j < n; ++j) {
        const std::size_t row = row_of(j);
        if ((c.valid == nullptr || c.valid[row] != 0) && fast(row, col[j])) continue;
        general(j, row);
      }
    };
    using Fast = FieldPlan::Fast;
    switch (fp.fast) {  // the column type decided once, outside the loop
      case Fast::number_f64: each([&](std::size_t row, Val& v) { return fast_value<Fast::number_f64>(fp, row, v); }); break;
      case Fast::number_i64: each([&](std::size_t row, Val& v) { return fast_value<Fast::number_i64>(fp, row, v); }); break;
      case Fast::boolean: each([&](std::size_t row, Val& v) { return fast_value<Fast::boolean>(fp, row, v); }); break;
      case Fast::date: each([&](std::size_t row, Val& v) { return fast_value<Fast::date>(fp, row, v); }); break;
      case Fast::code: each([&](std::size_t row, Val& v) { return fast_value<Fast::code>(fp, row, v); }); break;
      case Fast::none:
        for (std::size_t j = 0; j < n; ++j) general(j, row_of(j));
        break;
    }
    return col;
  }

  void bind_list(const ListPlan& lp, ListBlock& lb, std::size_t begin, std::size_t n) {
    lb.present = lp.table != nullptr;
    if (!lb.present) return;
    const std::int64_t base = lp.offsets[begin];
    lb.rows = static_cast<std::size_t>(lp.offsets[begin + n] - base);
    lb.start.resize(n + 1);
    lb.parent.resize(lb.rows);
    for (std::size_t r = 0; r < n; ++r) {
      const auto from = static_cast<std::uint32_t>(lp.offsets[begin + r] - base), to = static_cast<std::uint32_t>(lp.offsets[begin + r + 1] - base);
      lb.start[r] = from;
      std::fill(lb.parent.begin() + from, lb.parent.begin() + to, static_cast<std::uint32_t>(r));
    }
    lb.start[n] = static_cast<std::uint32_t>(lb.rows);
    lb.fields.resize(lp.fields.size());
    const auto owner = [&](std::size_t j) { return lb.parent[j]; };
    for (std::size_t s = 0; s < lp.fields.size(); ++s) {
      if (lp.order.empty()) {  // members grouped in the table already
        const auto first = static_cast<std::size_t>(base);
        lb.fields[s] = bind_column(lp.fields[s], lb.rows, [first](std::size_t j) { return first + j; }, owner);
      } else {
        const std::int64_t* order = lp.order.data() + base;
        lb.fields[s] = bind_column(lp.fields[s], lb.rows, [order](std::size_t j) { return static_cast<std::size_t>(order[j]); }, owner);
      }
    }
  }

  void bind(std::size_t begin, std::size_t n) {
    arena.clear();
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
      top[slot] = bind_column(fp, n, [&](std::size_t r) { return begin + r; }, [](std::size_t r) { return r; });
    }
  }

  // ---- expressions -------------------------------------------------------------------

  // A top-level input's column in `c`: as bound, or copied out per member row.
  const Val* input(int slot, const Ctx& c) { return broadcast(top[static_cast<std::size_t>(slot)], c); }

  const Val* broadcast(const Val* per_row, const Ctx& c) {
    if (c.members == nullptr) return per_row;
    Val* out = arena.take(c.rows);
    const std::uint32_t* parent = c.members->parent.data();
    for (std::size_t j = 0; j < c.rows; ++j) out[j] = per_row[parent[j]];
    return out;
  }

  const Val* eval(const Expr& e, const Ctx& c) {
    const std::size_t n = c.rows;
    switch (e.op) {
      case Op::literal: return fill(n, literal_value(e));
      case Op::input: return input(e.slot, c);
      case Op::member_field: return c.members->fields[static_cast<std::size_t>(e.slot)];
      case Op::param: {
        const Parameter& p = set.parameters[static_cast<std::size_t>(e.slot)];
        if (p.by_slot < 0) return fill(n, parameter_value(p, Val{}));
        const Val* key = input(p.by_slot, c);
        Val* out = arena.take(n);
        for (std::size_t r = 0; r < n; ++r) out[r] = parameter_value(p, key[r]);
        return out;
      }
      case Op::assessment_date: return fill(n, Val{VK::date, date.days(), nullptr});
      case Op::total: return c.total == nullptr ? fill(n, missing(-1)) : broadcast(c.total, c);
      case Op::and_:
      case Op::or_: {
        const Val* a = eval(*e.args[0], c);
        const Val* b = eval(*e.args[1], c);
        Val* out = arena.take(n);
        if (e.op == Op::and_)
          for (std::size_t r = 0; r < n; ++r) out[r] = apply_and(a[r], b[r]);
        else
          for (std::size_t r = 0; r < n; ++r) out[r] = apply_or(a[r], b[r]);
        return out;
      }
      case Op::if_: {
        const Val* cond = eval(*e.args[0], c);
        const Val* yes = eval(*e.args[1], c);
        const Val* no = eval(*e.args[2], c);
        Val* out = arena.take(n);
        for (std::size_t r = 0; r < n; ++r) out[r] = absent(cond[r]) ? cond[r] : cond[r].i != 0 ? yes[r] : no[r];
        return out;
      }
      case Op::count: case Op::share: case Op::all: case Op::any: case Op::sum:
        return aggregate(e, c);
      default: return apply(e, c);
    }
  }

  template <typename Compare>
  static void compare(std::size_t n, const Val* a, const Val* b, Val* out, Compare cmp) {
    for (std::size_t r = 0; r < n; ++r) out[r] = absent(a[r]) ? a[r] : absent(b[r]) ? b[r] : boolean(cmp(a[r].i, b[r].i));
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

  template <typename Compare>
  static void compare_constant(std::size_t n, const Val* a, const Val& b, Val* out, Compare cmp) {
    if (absent(b)) {
      for (std::size_t r = 0; r < n; ++r) out[r] = absent(a[r]) ? a[r] : b;
      return;
    }
    for (std::size_t r = 0; r < n; ++r) out[r] = absent(a[r]) ? a[r] : boolean(cmp(a[r].i, b.i));
  }

  // `a <op> b` on plain values (numbers, dates, categories, booleans) with a constant b.
  // Null when `e` is not such a comparison.
  const Val* compare_with_constant(const Expr& e, const Ctx& c) {
    Val b;
    const bool comparison = e.op == Op::eq || e.op == Op::ne || e.op == Op::lt || e.op == Op::le || e.op == Op::gt || e.op == Op::ge;
    if (!comparison || e.args[0]->type.kind == Type::Kind::text || !constant(*e.args[1], b)) return nullptr;
    const std::size_t n = c.rows;
    Val* out = arena.take(n);
    switch (e.op) {
      case Op::eq: compare_constant(n, eval(*e.args[0], c), b, out, [](std::int64_t x, std::int64_t y) { return x == y; }); return out;
      case Op::ne: compare_constant(n, eval(*e.args[0], c), b, out, [](std::int64_t x, std::int64_t y) { return x != y; }); return out;
      case Op::lt: compare_constant(n, eval(*e.args[0], c), b, out, [](std::int64_t x, std::int64_t y) { return x < y; }); return out;
      case Op::le: compare_constant(n, eval(*e.args[0], c), b, out, [](std::int64_t x, std::int64_t y) { return x <= y; }); return out;
      case Op::gt: compare_constant(n, eval(*e.args[0], c), b, out, [](std::int64_t x, std::int64_t y) { return x > y; }); return out;
      case Op::ge: compare_constant(n, eval(*e.args[0], c), b, out, [](std::int64_t x, std::int64_t y) { return x >= y; }); return out;
      default: return nullptr;
    }
  }

  // Operators on values: the first absent argument, in order, is the result, else the
  // shared `apply_operator`; the common ones on plain numbers are written out.
  const Val* apply(const Expr& e, const Ctx& c) {
    const std::size_t n = c.rows, k = e.args.size();
    if (const Val* out = compare_with_constant(e, c)) return out;
    const Val* a[kMaxOperatorArgs];
    for (std::size_t i = 0; i < k; ++i) a[i] = eval(*e.args[i], c);
    Val* out = arena.take(n);
    const bool text = k > 0 && e.args[0]->type.kind == Type::Kind::text;  // compared as bytes, not `i`
    if (!text) {
      switch (e.op) {
        case Op::eq: compare(n, a[0], a[1], out, [](std::int64_t x, std::int64_t y) { return x == y; }); return out;
        case Op::ne: compare(n, a[0], a[1], out, [](std::int64_t x, std::int64_t y) { return x != y; }); return out;
        case Op::lt: compare(n, a[0], a[1], out, [](std::int64_t x, std::int64_t y) { return x < y; }); return out;
        case Op::le: compare(n, a[0], a[1], out, [](std::int64_t x, std::int64_t y) { return x <= y; }); return out;
        case Op::gt: compare(n, a[0], a[1], out, [](std::int64_t x, std::int64_t y) { return x > y; }); return out;
        case Op::ge: compare(n, a[0], a[1], out, [](std::int64_t x, std::int64_t y) { return x >= y; }); return out;
        case Op::not_:
          for (std::size_t r = 0; r < n; ++r) out[r] = absent(a[0][r]) ? a[0][r] : boolean(a[0][r].i == 0);
          return out;
        default: break;
      }
    }
    Val args[kMaxOperatorArgs];
    for (std::size_t r = 0; r < n; ++r) {
      std::size_t i = 0;
      while (i < k && !absent(a[i][r])) {
        args[i] = a[i][r];
        ++i;
      }
      out[r] = i < k ? a[i][r] : apply_operator(e, args);
    }
    return out;
  }

  // count/share/all/any/sum over a list: filter and body over all the block's members at
  // once, then each row's members reduced in order (the first unknown is the one kept).
  const Val* aggregate(const Expr& e, const Ctx& c) {
    const int slot = e.args[0]->slot;
    const ListBlock& lb = lists[static_cast<std::size_t>(list_of_slot[static_cast<std::size_t>(slot)])];
    const std::size_t n = c.rows;
    if (!lb.present) return input(slot, c);  // the list's missing value
    Ctx mc{lb.rows, &lb, c.total};
    const Val* filter = e.args[1] ? eval(*e.args[1], mc) : nullptr;
    const Val* body = e.args[2] ? eval(*e.args[2], mc) : nullptr;
    Val* out = arena.take(n);
    for (std::size_t r = 0; r < n; ++r) {
      std::int64_t selected = 0, yes = 0, no = 0, sum = 0;
      const Val* unknown_val = nullptr;
      for (std::uint32_t j = lb.start[r]; j < lb.start[r + 1]; ++j) {
        if (filter) {
          const Val& f = filter[j];
          if (absent(f)) {
            if (!unknown_val) unknown_val = &f;
            continue;
          }
          if (f.i == 0) continue;
        }
        ++selected;
        if (!body) continue;
        const Val& b = body[j];
        if (absent(b)) {
          if (!unknown_val) unknown_val = &b;
          continue;
        }
        if (e.op == Op::sum) sum += b.i;
        else if (b.i != 0) ++yes;
        else ++no;
      }
      Val v = undefined(kUndefinedEmpty);
      switch (e.op) {
        case Op::count: v = unknown_val ? *unknown_val : number(Decimal::from_int(selected)); break;
        case Op::sum: v = unknown_val ? *unknown_val : number(Decimal::from_units(sum)); break;
        case Op::all: v = no > 0 ? boolean(false) : unknown_val ? *unknown_val : boolean(true); break;
        case Op::any: v = yes > 0 ? boolean(true) : unknown_val ? *unknown_val : boolean(false); break;
        case Op::share:
          if (unknown_val) v = *unknown_val;
          else if (selected > 0) {
            auto q = divide(Decimal::from_int(yes), Decimal::from_int(selected));
            v = q ? number(*q) : undefined(kUndefinedOverflow);
          }
          break;
        default: break;
      }
      out[r] = v;
    }
    return out;
  }

  // ---- the rule tree (Evaluator::decide, a node at a time over the block) -------------

  // Every path writes the node's points, high and status for every row; level and
  // unknown_at only matter in levels mode and are kept only there.
  void indicator(int i, const Ctx& c) {
    const std::size_t n = rows, at = static_cast<std::size_t>(i) * kRows;
    const RuleNode& rn = set.nodes[static_cast<std::size_t>(i)];
    std::int64_t* const P = node_points[static_cast<std::size_t>(i)];
    std::uint8_t* const S = node_status[static_cast<std::size_t>(i)];
    std::int64_t* const H = high.data() + at;
    std::int32_t* const L = level.data() + at;
    std::int32_t* const U = unknown_at.data() + at;
    std::uint8_t* const finished = done.data();
    std::uint8_t* const going = open.data();
    const std::int64_t max = rn.max.units();
    const auto nlevels = static_cast<std::int32_t>(set.levels.size());
    std::fill(finished, finished + n, 0);
    std::fill(P, P + n, 0);
    if (set.levels_mode) {
      std::fill(H, H + n, 0);
      std::fill(L, L + n, 0);
      std::fill(U, U + n, -1);
    }
    if (rn.applies_when) {
      const Val* a = eval(*rn.applies_when.root, c);
      const std::int64_t na_points = rn.not_applicable_full ? max : 0;
      for (std::size_t r = 0; r < n; ++r) {
        if (absent(a[r])) {
          S[r] = st(Status::not_assessable);
          H[r] = max;
          if (set.levels_mode) U[r] = 0;
          finished[r] = 1;
        } else if (a[r].i == 0) {
          S[r] = st(Status::not_applicable);
          P[r] = H[r] = na_points;
          if (set.levels_mode) L[r] = nlevels;
          finished[r] = 1;
        }
      }
    }
    if (set.levels_mode) {
      for (std::size_t r = 0; r < n; ++r) going[r] = !finished[r];
      const Val* v = nullptr;  // a level without its own condition repeats the one below
      for (std::int32_t l = 0; l < nlevels; ++l) {
        if (rn.requires[static_cast<std::size_t>(l)]) v = eval(*rn.requires[static_cast<std::size_t>(l)].root, c);
        for (std::size_t r = 0; r < n; ++r) {
          if (!going[r]) continue;
          if (absent(v[r])) U[r] = l;
          if (absent(v[r]) || v[r].i == 0) going[r] = 0;
          else L[r] = l + 1;
        }
      }
      for (std::size_t r = 0; r < n; ++r)
        if (!finished[r]) S[r] = L[r] >= 1 ? st(Status::met) : U[r] == 0 ? st(Status::not_assessable) : st(Status::not_met);
      return;
    }
    const PointsRule& pr = rn.points;
    const Val* got = nullptr;
    switch (pr.kind) {
      case PointsRule::Kind::conditions: {
        Val* g = arena.take(n);
        std::fill(g, g + n, number(*pr.otherwise));
        std::fill(going, going + n, 1);
        for (const auto& cs : pr.cases) {
          const Val* w = eval(*cs.when.root, c);
          for (std::size_t r = 0; r < n; ++r) {
            if (!going[r]) continue;
            if (absent(w[r])) g[r] = w[r], going[r] = 0;
            else if (w[r].i != 0) g[r] = number(cs.points), going[r] = 0;
          }
        }
        got = g;
        break;
      }
      case PointsRule::Kind::formula: {
        const Val* v = eval(*pr.formula.root, c);
        Val* g = arena.take(n);
        for (std::size_t r = 0; r < n; ++r) {
          if (finished[r] || absent(v[r])) {
            g[r] = v[r];
            continue;
          }
          Decimal d = round_to(Decimal::from_units(v[r].i), pr.digits, pr.rounding);
          if (d < Decimal()) d = Decimal();
          if (d > rn.max) d = rn.max;
          g[r] = number(d);
        }
        got = g;
        break;
      }
      case PointsRule::Kind::assessed: got = top[static_cast<std::size_t>(pr.assessed_slot)]; break;
      case PointsRule::Kind::none: got = fill(n, undefined(kUndefinedEmpty)); break;
    }
    const std::int64_t need = indicator_need(set, rn).units();
    auto judge = [&](std::size_t r) {  // selects rather than branches: data decides them
      const bool open_value = absent(got[r]);
      P[r] = open_value ? 0 : got[r].i;
      H[r] = open_value ? max : got[r].i;
      S[r] = open_value ? st(Status::not_assessable) : got[r].i >= need ? st(Status::met) : st(Status::not_met);
    };
    if (!rn.applies_when) {
      for (std::size_t r = 0; r < n; ++r) judge(r);
      return;
    }
    for (std::size_t r = 0; r < n; ++r)
      if (!finished[r]) judge(r);
  }

  void criterion(std::size_t k) {
    const std::size_t n = rows, at = k * kRows;
    const RuleNode& rn = set.nodes[k];
    const bool levels = set.levels_mode;
    std::int64_t* const P = node_points[k];
    std::uint8_t* const S = node_status[k];
    std::int64_t* const H = high.data() + at;
    std::int32_t* const L = level.data() + at;
    std::int32_t* const U = unknown_at.data() + at;
    std::uint8_t* const applicable = any_applicable.data();
    std::uint8_t* const not_met = any_not_met.data();
    std::uint8_t* const open_child = any_unknown.data();
    std::fill(P, P + n, 0);
    std::fill(H, H + n, 0);
    std::fill(applicable, applicable + n, 0);
    std::fill(not_met, not_met + n, 0);
    std::fill(open_child, open_child + n, 0);
    if (levels) {
      std::fill(L, L + n, static_cast<std::int32_t>(set.levels.size()));
      std::fill(U, U + n, -1);
    }
    for (int child : rn.children) {
      const std::size_t cat = static_cast<std::size_t>(child) * kRows;
      const std::int64_t* const CP = node_points[static_cast<std::size_t>(child)];
      const std::uint8_t* const CS = node_status[static_cast<std::size_t>(child)];
      const std::int64_t* const CH = high.data() + cat;
      for (std::size_t r = 0; r < n; ++r) {  // sums include children that do not apply
        P[r] += CP[r];
        H[r] += CH[r];
        applicable[r] |= CS[r] != st(Status::not_applicable);
        not_met[r] |= CS[r] == st(Status::not_met);
        open_child[r] |= CS[r] == st(Status::not_assessable);
      }
      if (!levels) continue;
      const std::int32_t* const CL = level.data() + cat;
      const std::int32_t* const CU = unknown_at.data() + cat;
      for (std::size_t r = 0; r < n; ++r) {
        if (CS[r] == st(Status::not_applicable)) continue;
        L[r] = std::min(L[r], CL[r]);
        if (CU[r] >= 0 && (U[r] < 0 || CU[r] < U[r])) U[r] = CU[r];
      }
    }
    const std::int64_t max = rn.max.units();
    for (std::size_t r = 0; r < n; ++r) {
      P[r] = std::min(P[r], max);  // scores entered under an unknown maximum are capped
      H[r] = std::min(H[r], max);
      if (!applicable[r]) S[r] = st(Status::not_applicable);
      else if (rn.pass_at) S[r] = P[r] >= rn.pass_at->units() ? st(Status::met) : H[r] < rn.pass_at->units() ? st(Status::not_met) : st(Status::not_assessable);
      else if (levels) S[r] = L[r] >= 1 ? st(Status::met) : U[r] == 0 ? st(Status::not_assessable) : st(Status::not_met);
      else S[r] = not_met[r] ? st(Status::not_met) : open_child[r] ? st(Status::not_assessable) : st(Status::met);
    }
  }

  void decide(std::size_t begin, BatchResult& out) {
    const std::size_t n = rows, nodes = set.nodes.size();
    const Ctx c{n, nullptr, nullptr};
    for (int i : set.indicators) indicator(i, c);
    for (std::size_t k = nodes; k-- > 0;)
      if (!set.nodes[k].indicator) criterion(k);

    for (std::size_t r = 0; r < n; ++r) low_total[r] = high_total[r] = 0;
    for (int root : set.roots) {
      const std::size_t at = static_cast<std::size_t>(root) * kRows;
      for (std::size_t r = 0; r < n; ++r) {
        low_total[r] += node_points[static_cast<std::size_t>(root)][r];
        high_total[r] += high[at + r];
      }
    }
    const std::int64_t max_total = set.max_total.units();
    for (std::size_t r = 0; r < n; ++r) {
      low_total[r] = std::min(low_total[r], max_total);
      high_total[r] = std::min(high_total[r], max_total);
      fail[r] = unknown[r] = 0;
    }
    for (const Check& check : set.checks) {  // impossible data: not assessable
      const Val* v = eval(*check.holds.root, c);
      for (std::size_t r = 0; r < n; ++r)
        if (!absent(v[r]) && v[r].i == 0) unknown[r] = 1;
    }
    if (!set.knockouts.empty()) {
      Val* total = arena.take(n);
      for (std::size_t r = 0; r < n; ++r) total[r] = Val{VK::number, low_total[r], nullptr};
      const Ctx with_total{n, nullptr, total};
      for (const Knockout& ko : set.knockouts) {
        const Val* v = eval(*ko.when.root, with_total);
        for (std::size_t r = 0; r < n; ++r) {
          if (absent(v[r])) unknown[r] = 1;
          else if (v[r].i != 0) fail[r] = 1;
        }
      }
    }
    if (set.levels_mode) {
      decide_levels(begin, out);
    } else {
      decide_points(c, out.grade.data() + begin);
      for (std::size_t r = 0; r < n; ++r) out.level[begin + r] = 0;
    }
    for (std::size_t r = 0; r < n; ++r) {
      out.decision[begin + r] = fail[r] ? st2(Decision::not_recognized) : unknown[r] ? st2(Decision::not_assessable) : st2(Decision::recognized);
      out.total_units[begin + r] = low_total[r];
    }
  }

  static std::uint8_t st2(Decision d) { return static_cast<std::uint8_t>(d); }

  void decide_levels(std::size_t begin, BatchResult& out) {
    const auto nlevels = static_cast<std::int32_t>(set.levels.size());
    for (std::size_t r = 0; r < rows; ++r) {
      std::int32_t lvl = nlevels, unknown_level = -1;
      bool any = false;
      for (int root : set.roots) {
        const std::size_t at = static_cast<std::size_t>(root) * kRows + r;
        if (node_status[static_cast<std::size_t>(root)][r] == st(Status::not_applicable)) continue;
        any = true;
        lvl = std::min(lvl, level[at]);
        if (unknown_at[at] >= 0 && (unknown_level < 0 || unknown_at[at] < unknown_level)) unknown_level = unknown_at[at];
      }
      if (!any) lvl = nlevels;
      if (lvl == 0) {
        if (unknown_level == 0) {  // unknown at level 1: recognized only if no indicator certainly fails it
          bool certain_fail = false;
          for (int i : set.indicators) certain_fail = certain_fail || node_status[static_cast<std::size_t>(i)][r] == st(Status::not_met);
          if (certain_fail) fail[r] = 1;
          else unknown[r] = 1;
        } else {
          fail[r] = 1;
        }
      }
      out.level[begin + r] = lvl;
      out.grade[begin + r] = lvl >= 1 ? lvl - 1 : -1;
    }
  }

  // Points sets: floors, minimums, the threshold and the grade (written to `grade`, the
  // block's rows of BatchResult::grade).
  void decide_points(const Ctx& c, std::int32_t* grade) {
    const std::size_t n = rows;
    if (set.every_indicator_at_least) {
      const std::int64_t floor_points = set.every_indicator_at_least->units();
      for (int i : set.indicators) {
        const std::size_t at = static_cast<std::size_t>(i) * kRows;
        const std::uint8_t* S = node_status[static_cast<std::size_t>(i)];
        const std::int64_t* P = node_points[static_cast<std::size_t>(i)];
        const std::int64_t* H = high.data() + at;
        for (std::size_t r = 0; r < n; ++r) {  // below the floor for sure: fails; perhaps: open
          const bool applies = S[r] != st(Status::not_applicable);
          fail[r] |= applies & (H[r] < floor_points);
          unknown[r] |= applies & (H[r] >= floor_points) & (P[r] < floor_points);
        }
      }
    }
    for (std::size_t k = 0; k < set.nodes.size(); ++k) {
      if (!set.nodes[k].pass_at) continue;
      for (std::size_t r = 0; r < n; ++r) {
        if (node_status[k][r] == st(Status::not_met)) fail[r] = 1;
        else if (node_status[k][r] == st(Status::not_assessable)) unknown[r] = 1;
      }
    }
    if (set.min_total) {  // compared with the total the entity certainly has and the most it could have
      const Val* x = eval(*set.min_total.root, c);
      for (std::size_t r = 0; r < n; ++r) {
        if (absent(x[r])) unknown[r] = 1;
        else if (low_total[r] >= x[r].i) continue;
        else if (high_total[r] < x[r].i) fail[r] = 1;
        else unknown[r] = 1;
      }
    }
    std::fill(grade, grade + n, -1);
    if (set.bands.empty()) return;
    const auto bands = static_cast<int>(set.bands.size());
    auto band_of = [&](std::int64_t t) {
      for (int b = bands; b-- > 0;)
        if (t >= set.bands[static_cast<std::size_t>(b)].min.units()) return b;
      return -2;
    };
    auto recognized_band = [&](int b) { return b >= 0 && set.bands[static_cast<std::size_t>(b)].recognized; };
    for (std::size_t r = 0; r < n; ++r) {
      const int lo = band_of(low_total[r]), hi = band_of(high_total[r]);
      if (lo == hi) {
        grade[r] = lo == -2 ? bands : lo;
        if (!recognized_band(lo)) fail[r] = 1;
        continue;
      }
      bool all_yes = true, all_no = true;
      for (int b = lo;; b = b == -2 ? 0 : b + 1) {
        (recognized_band(b) ? all_no : all_yes) = false;
        if (b == hi) break;
      }
      if (all_no) fail[r] = 1;
      else if (!all_yes) unknown[r] = 1;
    }
  }

  std::vector<int> report_of;         // per node: its index in BatchResult::node_index, or -1
};

BlockEvaluator::BlockEvaluator(const Plan& plan, Date date) : s_(std::make_unique<State>(plan, date)) {}
BlockEvaluator::~BlockEvaluator() = default;

bool BlockEvaluator::usable(const Plan& plan) {
  for (const FieldPlan& fp : plan.top)
    if (!fp.constant_problems.empty()) return false;
  return true;
}

void BlockEvaluator::run(std::size_t begin, std::size_t count, BatchResult& out, std::vector<std::size_t>& slow) {
  State& s = *s_;
  if (s.report_of.empty()) {
    s.report_of.assign(s.set.nodes.size(), -1);
    for (std::size_t k = 0; k < out.node_index.size(); ++k) s.report_of[static_cast<std::size_t>(out.node_index[k])] = static_cast<int>(k);
  }
  for (std::size_t k = 0; k < s.set.nodes.size(); ++k) {
    const int at = s.report_of[k];
    s.node_points[k] = at < 0 ? s.points.data() + k * kRows : out.node_points_units.data() + static_cast<std::size_t>(at) * out.rows + begin;
    s.node_status[k] = at < 0 ? s.status.data() + k * kRows : out.node_status.data() + static_cast<std::size_t>(at) * out.rows + begin;
  }
  s.bind(begin, count);
  s.decide(begin, out);
  for (std::size_t r = 0; r < count; ++r)
    if (s.slow[r]) slow.push_back(begin + r);
}

}  // namespace hoctap::internal
