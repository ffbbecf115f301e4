#include "evaluate/evaluate.hpp"

#include <algorithm>
#include <memory>
#include <new>
#include <variant>

#include "evaluate/rules.hpp"
#include "evaluate/runtime.hpp"
#include "util/numeric.hpp"
#include "util/text.hpp"

namespace hoctap::internal {

namespace {
thread_local std::vector<std::unique_ptr<Workspace>> tl_pool;
thread_local std::size_t tl_depth = 0;
}  // namespace

WorkspaceLease::WorkspaceLease() {
  if (tl_depth == tl_pool.size()) tl_pool.push_back(std::make_unique<Workspace>());
  ws_ = tl_pool[tl_depth++].get();
}
WorkspaceLease::~WorkspaceLease() { --tl_depth; }

// ---- operators, shared by the record and the block evaluators -------------------------

namespace {
int compare_vals(const Val& a, const Val& b) {
  if (a.kind == VK::text) {
    std::string_view x(static_cast<const char*>(a.p), static_cast<std::size_t>(a.i));
    std::string_view y(static_cast<const char*>(b.p), static_cast<std::size_t>(b.i));
    // Texts compare as Unicode NFC, the form the criteria's own texts are in: `Hòa` typed
    // decomposed (o, then a combining grave) is the same word. Bytes that are not UTF-8
    // compare as bytes.
    if (x != y && !find_invalid_utf8(x) && !find_invalid_utf8(y) && (!is_nfc(x) || !is_nfc(y))) {
      const std::string nx = to_nfc(x), ny = to_nfc(y);
      return nx.compare(ny) < 0 ? -1 : nx == ny ? 0 : 1;
    }
    return x.compare(y) < 0 ? -1 : x == y ? 0 : 1;
  }
  return a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
}
}  // namespace

Val literal_value(const Expr& e) {
  switch (e.lit.kind) {
    case Literal::Kind::boolean: return boolean(e.lit.i != 0);
    case Literal::Kind::number: return Val{VK::number, e.lit.i, nullptr};
    case Literal::Kind::date: return Val{VK::date, e.lit.i, nullptr};
    case Literal::Kind::category: return Val{VK::category, e.lit.i, nullptr};
    case Literal::Kind::text: return Val{VK::text, static_cast<std::int64_t>(e.lit.text.size()), e.lit.text.data()};
    case Literal::Kind::none: break;
  }
  return undefined(kUndefinedEmpty);
}

Val parameter_value(const Parameter& p, const Val& key) {
  if (p.by_slot < 0) return p.fallback ? Val{p.type.kind == Type::Kind::boolean ? VK::boolean : VK::number, *p.fallback, nullptr}
                                       : undefined(kUndefinedEmpty);
  if (absent(key)) return key;
  const auto& v = p.by_value[static_cast<std::size_t>(key.i)];
  std::optional<std::int64_t> x = v ? v : p.fallback;
  if (!x) return undefined(kUndefinedEmpty);
  return Val{p.type.kind == Type::Kind::boolean ? VK::boolean : VK::number, *x, nullptr};
}

Val apply_operator(const Expr& e, const Val* v) {
  switch (e.op) {
    case Op::neg: return Val{VK::number, -v[0].i, nullptr};
    case Op::not_: return boolean(v[0].i == 0);
    case Op::abs: return Val{VK::number, rules::abs_units(v[0].i), nullptr};
    case Op::floor: case Op::ceil: case Op::round: {
      Rounding mode = e.op == Op::floor ? Rounding::floor : e.op == Op::ceil ? Rounding::ceil : Rounding::half_up;
      return Val{VK::number, rules::round_units(v[0].i, e.slot, mode), nullptr};
    }
    case Op::add: return Val{VK::number, rules::add(v[0].i, v[1].i), nullptr};
    case Op::sub: return Val{VK::number, rules::sub(v[0].i, v[1].i), nullptr};
    case Op::mul: {
      auto r = rules::product(v[0].i, v[1].i);
      return r ? Val{VK::number, *r, nullptr} : undefined(kUndefinedOverflow);
    }
    case Op::div: {
      auto r = rules::quotient(v[0].i, v[1].i);
      return r ? Val{VK::number, *r, nullptr} : undefined(v[1].i == 0 ? kUndefinedDivision : kUndefinedOverflow);
    }
    case Op::eq: case Op::ne: case Op::lt: case Op::le: case Op::gt: case Op::ge:
      return boolean(rules::holds(compare_vals(v[0], v[1]), 0, rules::comparison_orders(e.op)));
    case Op::min: case Op::max: {
      Val best = v[0];
      for (std::size_t i = 1; i < e.args.size(); ++i)
        if (e.op == Op::min ? v[i].i < best.i : v[i].i > best.i) best = v[i];
      return best;
    }
    case Op::years_between: return Val{VK::number, rules::years_between(v[0].i, v[1].i), nullptr};
    default: break;
  }
  return undefined(kUndefinedEmpty);
}

Val aggregate_value(Op op, const AggregateCounts& c) {
  const Val u = c.first_unknown;
  switch (op) {
    case Op::count: return c.maybe() > 0 ? u : Val{VK::number, rules::count_units(c.yes + c.no + c.open), nullptr};
    case Op::sum: return c.has_unknown ? u : number(Decimal::from_units(c.sum));
    // Decided by the members known when the unknown ones cannot change it.
    case Op::all: return !rules::all_of(c.no) ? boolean(false) : rules::all_of(c.open + c.maybe_no + c.maybe_open) ? boolean(true) : u;
    case Op::any: return rules::any_of(c.yes) ? boolean(true) : !rules::any_of(c.open + c.maybe_yes + c.maybe_open) ? boolean(false) : u;
    case Op::share: {
      if (c.has_unknown) return u;
      if (c.yes + c.no == 0) return undefined(kUndefinedEmpty);
      auto q = rules::share_of(c.yes, c.yes + c.no);
      return q ? Val{VK::number, *q, nullptr} : undefined(kUndefinedOverflow);
    }
    default: break;
  }
  return undefined(kUndefinedEmpty);
}

Bounds aggregate_bounds(Op op, const AggregateCounts& c) {
  Bounds b;
  switch (op) {
    case Op::count: {
      const std::int64_t sure = c.yes + c.no + c.open;
      return Bounds{true, sure * Decimal::kOne, (sure + c.maybe()) * Decimal::kOne};
    }
    case Op::sum:
      if (c.open + c.maybe_open > 0) return b;
      return Bounds{true, c.sum + c.maybe_low, c.sum + c.maybe_high};
    case Op::share: {
      if (c.yes + c.no + c.open == 0) return b;  // perhaps over no one: undefined
      auto lo = rules::share_of(c.yes, c.yes + c.no + c.open + c.maybe_no + c.maybe_open);
      const std::int64_t most = c.yes + c.open + c.maybe_yes + c.maybe_open;
      auto hi = rules::share_of(most, most + c.no);
      if (!lo || !hi) return b;
      return Bounds{true, *lo, *hi};
    }
    default: break;
  }
  return b;
}

Val apply_comparison(const Expr& e, const Val* v, const Bounds* bounds) {
  const bool a_absent = absent(v[0]), b_absent = absent(v[1]);
  if (!a_absent && !b_absent) return apply_operator(e, v);
  Bounds x{true, v[0].i, v[0].i}, y{true, v[1].i, v[1].i};
  if (a_absent) x = bounds != nullptr ? bounds[0] : Bounds{};
  if (b_absent) y = bounds != nullptr ? bounds[1] : Bounds{};
  const Val& first = a_absent ? v[0] : v[1];
  if (!x.known || !y.known) return first;
  // Decided when the answer is the same at every point of x × y.
  auto decide = [&](bool always, bool never) { return always ? boolean(true) : never ? boolean(false) : first; };
  switch (e.op) {
    case Op::lt: return decide(x.hi < y.lo, x.lo >= y.hi);
    case Op::le: return decide(x.hi <= y.lo, x.lo > y.hi);
    case Op::gt: return decide(x.lo > y.hi, x.hi <= y.lo);
    case Op::ge: return decide(x.lo >= y.hi, x.hi < y.lo);
    case Op::eq: return decide(x.lo == x.hi && y.lo == y.hi && x.lo == y.lo, x.hi < y.lo || y.hi < x.lo);
    case Op::ne: return decide(x.hi < y.lo || y.hi < x.lo, x.lo == x.hi && y.lo == y.hi && x.lo == y.lo);
    default: break;
  }
  return first;
}

namespace {

// ---- binding -------------------------------------------------------------------------

struct Binder {
  const CompiledSet& set;
  Workspace& ws;
  std::vector<DataProblem>& problems;
  const MemberResults* members;
  const Record* context;  // values for top-level inputs the record lacks

  const Value* top_value(const Record& record, const std::string& name) const {
    const Value* v = record.find(name);
    if (v == nullptr && context != nullptr) v = context->find(name);
    return v;
  }

  void problem(const std::string& where, const char* code, std::string vi, std::string en) {
    problems.push_back(DataProblem{where, code, std::move(vi), std::move(en)});
  }

  // Converts one field's value by the input contract (input.cpp); on a data problem
  // records it and yields missing.
  Val convert(const Field& f, const Value* v, std::int64_t missing_code, const std::string& list, int row) {
    return bind_value(set, f, v, missing_code, list, row, problems);
  }

  // Binds the entity: fills ws.vals[0 .. schema0.slot_count) and the member rows after it.
  void bind(const Record& record) {
    const Schema& top = set.schemas[0];
    // Size everything first so that pointers into the buffers stay valid.
    std::size_t total = static_cast<std::size_t>(top.slot_count);
    std::size_t lists = 0;
    for (const Field& f : top.fields) {
      if (f.type.kind != Type::Kind::list) continue;
      ++lists;
      if (const Value* v = top_value(record, f.name))
        if (auto list = std::get_if<std::vector<Record>>(v))
          total += list->size() * static_cast<std::size_t>(set.schemas[f.type.schema].slot_count);
    }
    ws.vals.assign(total, Val{});
    ws.lists.assign(lists, ListData{});
    std::size_t next_row = static_cast<std::size_t>(top.slot_count), next_list = 0;
    for (const Field& f : top.fields) {
      const Value* v = top_value(record, f.name);
      if (f.type.kind != Type::Kind::list) {
        ws.vals[f.slot] = convert(f, v, f.slot, "", 0);
        continue;
      }
      ListData& ld = ws.lists[next_list++];
      const Schema& ms = set.schemas[f.type.schema];
      ld.stride = ms.slot_count;
      const auto* items = v ? std::get_if<std::vector<Record>>(v) : nullptr;
      if (v == nullptr || std::holds_alternative<std::monostate>(*v)) {
        ws.vals[f.slot] = missing(f.slot);
        continue;
      }
      if (items == nullptr) {
        const std::string shown = shown_value(*v);
        problem(f.name, "wrong_type", "`" + f.name + "` = " + shown + " không phải danh sách thành viên",
                "`" + f.name + "` = " + shown + " is not a list of members");
        ws.vals[f.slot] = missing(f.slot);
        continue;
      }
      ld.rows = ws.vals.data() + next_row;
      ld.count = static_cast<int>(items->size());
      const std::vector<Result>* results =
          (members && static_cast<std::size_t>(f.slot) < members->by_slot.size()) ? members->by_slot[f.slot] : nullptr;
      for (int r = 0; r < ld.count; ++r) {
        Val* row = ws.vals.data() + next_row;
        const Record& m = (*items)[static_cast<std::size_t>(r)];
        for (const Field& mf : ms.fields)
          row[mf.slot] = convert(mf, m.find(mf.name), kMemberBase + f.slot * 1000 + mf.slot, f.name, r);
        if (ms.result_base >= 0) bind_result(ms, f, m, r, results, row);
        next_row += static_cast<std::size_t>(ms.slot_count);
      }
      ws.vals[f.slot] = Val{VK::list, 0, &ld};
    }
  }

  void bind_result(const Schema& ms, const Field& list, const Record& m, int r, const std::vector<Result>* results, Val* row) {
    Val* out = row + ms.result_base;
    std::int64_t code = kMemberBase + list.slot * 1000 + ms.result_base;
    // A member record that carries its own `result.recognized` was judged elsewhere:
    // its given results win over evaluating it again.
    bool given = m.find("result.recognized") != nullptr;
    if (!given && results != nullptr && static_cast<std::size_t>(r) < results->size()) {
      const Result& mr = (*results)[static_cast<std::size_t>(r)];
      out[0] = mr.decision() == Decision::not_assessable ? missing(code) : boolean(mr.recognized());
      out[1] = mr.decision() == Decision::not_assessable ? missing(code + 1) : number(mr.total());
      if (auto g = mr.grade()) out[2] = Val{VK::text, static_cast<std::int64_t>(g->id.size()), g->id.data()};
      else out[2] = missing(code + 2);
      out[3] = number(Decimal::from_int(mr.level()));
      return;
    }
    static const Field kResultFields[] = {
        {"result.recognized", Type::of(Type::Kind::boolean), {}, {}, {}, 0},
        {"result.total", Type::of(Type::Kind::decimal), {}, {}, {}, 1},
        {"result.grade", Type::of(Type::Kind::text), {}, {}, {}, 2},
        {"result.level", Type::of(Type::Kind::integer), {}, {}, {}, 3},
    };
    for (int k = 0; k < 4; ++k) out[k] = convert(kResultFields[k], m.find(kResultFields[k].name), code + k, list.name, r);
  }
};

// True when the record gives only names the set reads and, with the context, every input
// (members: every field, and their results unless `members_judged`): CriteriaSet::
// check_record would find nothing. The common case so costs no allocation.
bool record_matches(const CompiledSet& set, const Record& record, const Record* context, bool members_judged) {
  static const char* const kResults[] = {"result.recognized", "result.total", "result.grade", "result.level"};
  const Schema& top = set.schemas[0];
  std::size_t given = 0;
  for (const Field& f : top.fields) {
    const Value* v = record.find(f.name);
    if (v == nullptr) {
      if (context == nullptr || context->find(f.name) == nullptr) return false;
      continue;
    }
    ++given;
    const auto* members = std::get_if<std::vector<Record>>(v);
    if (f.type.kind != Type::Kind::list || members == nullptr) continue;
    const Schema& ms = set.schemas[static_cast<std::size_t>(f.type.schema)];
    for (const Record& m : *members) {
      std::size_t known = 0;
      for (const Field& mf : ms.fields) {
        if (m.find(mf.name) == nullptr) return false;
        ++known;
      }
      if (ms.result_base >= 0) {
        if (!members_judged && m.find(kResults[0]) == nullptr) return false;
        for (const char* r : kResults) known += m.find(r) != nullptr;
      }
      if (known != m.size()) return false;
    }
  }
  const bool id = top.find("id") == nullptr && record.find("id") != nullptr;
  return record.size() == given + (id ? 1 : 0);
}

// A hash of what check_record reads (the set, the record's names and its members' names,
// the context's names): a result evaluated again on records of the same shape keeps its
// warnings instead of finding them again.
std::uint64_t names_key(const CompiledSet* set, const Record& record, const Record* context, bool members_judged) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xFF) * 1099511628211ull;  // a separator no UTF-8 name holds
  };
  mix(std::string_view(reinterpret_cast<const char*>(&set), sizeof set));
  mix(members_judged ? "j" : "g");
  for (const auto& [name, value] : record.fields()) {
    mix(name);
    if (const auto* members = std::get_if<std::vector<Record>>(&value))
      for (const Record& m : *members) {
        for (const auto& field : m.fields()) mix(field.first);
        mix("");
      }
  }
  mix("");
  if (context != nullptr)
    for (const auto& field : context->fields()) mix(field.first);
  return h | 1;
}

}  // namespace

namespace {

// ---- expressions ---------------------------------------------------------------------

struct Scope {
  const CompiledSet& set;
  const Val* top;
  const Val* member = nullptr;
  Date date;
  Val total = missing(-1);
};

Val eval(const Expr& e, const Scope& s);

Val param_value(const Parameter& p, const Scope& s) { return parameter_value(p, p.by_slot < 0 ? Val{} : s.top[p.by_slot]); }

// An aggregate's counts over its members (the rules are AggregateCounts'); `bounds`, when
// given, receives the bounds of an unknown count, share or sum.
Val aggregate(const Expr& e, const Scope& s, Bounds* bounds = nullptr) {
  Val lv = s.top[e.args[0]->slot];
  if (absent(lv)) return lv;
  const auto* ld = static_cast<const ListData*>(lv.p);
  const Expr* filter = e.args[1].get();
  const Expr* body = e.args[2].get();
  Scope inner = s;
  AggregateCounts counts;
  for (int r = 0; r < ld->count; ++r) {
    inner.member = ld->rows + static_cast<std::ptrdiff_t>(r) * ld->stride;
    Val f, b;
    if (filter) {
      f = eval(*filter, inner);
      if (!absent(f) && f.i == 0) continue;
    }
    if (body) b = eval(*body, inner);
    counts.add(filter ? &f : nullptr, body ? &b : nullptr);
  }
  Val v = aggregate_value(e.op, counts);
  if (bounds != nullptr && absent(v)) *bounds = aggregate_bounds(e.op, counts);
  return v;
}

// A comparison with an aggregate operand: decided from the aggregate's bounds when they
// settle it.
Val compare(const Expr& e, const Scope& s) {
  Val v[2];
  Bounds b[2];
  for (int k = 0; k < 2; ++k) {
    const Expr& a = *e.args[static_cast<std::size_t>(k)];
    v[k] = bounded_aggregate(a) ? aggregate(a, s, &b[k]) : eval(a, s);
    if (absent(v[k]) && !b[k].known) return v[k];
  }
  return apply_comparison(e, v, b);
}

Val eval(const Expr& e, const Scope& s) {
  switch (e.op) {
    case Op::literal: return literal_value(e);
    case Op::input: return s.top[e.slot];
    case Op::member_field: return s.member[e.slot];
    case Op::param: return param_value(s.set.parameters[static_cast<std::size_t>(e.slot)], s);
    case Op::assessment_date: return Val{VK::date, s.date.days(), nullptr};
    case Op::total: return s.total;
    case Op::and_: {  // Kleene: false wins over unknown; b is not needed when a is false
      Val a = eval(*e.args[0], s);
      if (!absent(a) && a.i == 0) return a;
      return apply_and(a, eval(*e.args[1], s));
    }
    case Op::or_: {
      Val a = eval(*e.args[0], s);
      if (!absent(a) && a.i != 0) return a;
      return apply_or(a, eval(*e.args[1], s));
    }
    case Op::if_: {
      Val c = eval(*e.args[0], s);
      if (absent(c)) return c;
      return eval(*e.args[c.i != 0 ? 1 : 2], s);
    }
    case Op::count: case Op::share: case Op::all: case Op::any: case Op::sum:
      return aggregate(e, s);
    case Op::eq: case Op::ne: case Op::lt: case Op::le: case Op::gt: case Op::ge:
      if (bounded_aggregate(*e.args[0]) || bounded_aggregate(*e.args[1])) return compare(e, s);
      [[fallthrough]];
    default: {
      // Operators on values: the first absent argument, in order, is the result. The
      // argument buffer is left uninitialised (the parser allows at most kMaxOperatorArgs):
      // zeroing every slot on each call cost more than the operators themselves.
      alignas(Val) unsigned char raw[kMaxOperatorArgs * sizeof(Val)];
      Val* args = reinterpret_cast<Val*>(raw);
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        Val* a = new (&args[i]) Val(eval(*e.args[i], s));
        if (absent(*a)) return *a;
      }
      return apply_operator(e, args);
    }
  }
}

}  // namespace


// ---- the rule tree -------------------------------------------------------------------

// Friend of Result: fills its private fields.
void Evaluator::reset(const std::shared_ptr<const CompiledSet>& set, Date date, Result& out) {
  if (out.set_ != set) out.set_ = set;  // no reference-count traffic when reused
  out.date_ = date;
  out.problems_.clear();
  out.facts_.clear();
  out.grade_ = -1;
  out.next_grade_ = -1;
  out.level_ = 0;
  out.to_next_ = Decimal();
  out.max_total_ = set->max_total;
}

std::vector<DataProblem>& Evaluator::problems(Result& out) { return out.problems_; }

std::int32_t Evaluator::grade_code(const Result& r) {
  if (r.grade_ == -2) return static_cast<std::int32_t>(r.set_->bands.size());  // the otherwise band
  return r.grade_;
}

void Evaluator::run(const std::shared_ptr<const CompiledSet>& set_ptr, const Record& record, Date date,
                    const Record* context, const MemberResults* members, Result& out) {
  reset(set_ptr, date, out);
  WorkspaceLease lease;
  Workspace& ws = *lease;
  Binder binder{*set_ptr, ws, out.problems_, members, context};
  binder.bind(record);
  note_locals(*set_ptr, record, ws, out);
  decide(*set_ptr, ws, date, out);
  if (record_matches(*set_ptr, record, context, members != nullptr)) {
    out.warnings_.clear();
    out.warnings_key_ = 0;
    return;
  }
  const std::uint64_t key = names_key(set_ptr.get(), record, context, members != nullptr);
  if (key != out.warnings_key_) {
    out.warnings_key_ = key;
    out.warnings_ = members != nullptr ? check_record(CriteriaSet(set_ptr), record, context, *members) : CriteriaSet(set_ptr).check_record(record, context);
  }
}

void Evaluator::decide(const CompiledSet& set, Workspace& ws, Date date, Result& out, bool keep_facts) {
  auto fact = [](FactKind kind, std::int32_t subject = -1, Decimal value = {}, std::int64_t slot = -1) {
    return Result::Fact{static_cast<std::uint8_t>(kind), subject, value, static_cast<std::int32_t>(slot)};
  };
  // Facts only feed reasons and explanations; a batch that reads neither skips them.
  struct Facts {
    std::vector<Result::Fact>& to;
    bool keep;
    void push_back(const Result::Fact& f) { if (keep) to.push_back(f); }
  } facts{out.facts_, keep_facts};
  Scope scope{set, ws.vals.data(), nullptr, date};

  const std::size_t n = set.nodes.size();
  out.nodes_.resize(n);
  ws.high.assign(n, Decimal());
  ws.unknown_at.assign(n, -1);
  const int nlevels = static_cast<int>(set.levels.size());

  auto unknown_fact = [&](int node, const Val& v) {
    facts.push_back(v.kind == VK::missing ? fact(fact_node_missing, node, {}, v.i) : fact(fact_node_undefined, node, {}, v.i));
  };

  // Indicators.
  for (int i : set.indicators) {
    const RuleNode& rn = set.nodes[static_cast<std::size_t>(i)];
    NodeResult& nr = out.nodes_[static_cast<std::size_t>(i)];
    nr.points = Decimal();
    nr.level = 0;
    Decimal& high = ws.high[static_cast<std::size_t>(i)];
    if (rn.applies_when) {
      Val a = eval(*rn.applies_when.root, scope);
      if (absent(a) || a.i == 0) {
        const rules::NodeState x = absent(a) ? rules::indicator_unknown(rn.max.units())
                                             : rules::indicator_not_applicable(rn.not_applicable_full, rn.max.units(), nlevels);
        nr.status = static_cast<Status>(x.status);
        nr.points = Decimal::from_units(x.points);
        high = Decimal::from_units(x.high);
        nr.level = x.level;
        ws.unknown_at[static_cast<std::size_t>(i)] = x.unknown_at;
        if (absent(a)) unknown_fact(i, a);
        continue;
      }
    }
    if (set.levels_mode) {
      const Formula* cond = nullptr;
      for (int l = 0; l < nlevels; ++l) {
        if (rn.requires[static_cast<std::size_t>(l)]) cond = &rn.requires[static_cast<std::size_t>(l)];
        Val v = eval(*cond->root, scope);
        if (!rules::level_step(absent(v), !absent(v) && v.i != 0, l, nr.level, ws.unknown_at[static_cast<std::size_t>(i)])) {
          if (l == 0 && absent(v)) unknown_fact(i, v);
          break;
        }
      }
      nr.status = static_cast<Status>(rules::level_status(nr.level, ws.unknown_at[static_cast<std::size_t>(i)]));
      continue;
    }
    const PointsRule& pr = rn.points;
    Val got{};
    switch (pr.kind) {
      case PointsRule::Kind::conditions: {
        got = number(*pr.otherwise);
        for (const auto& c : pr.cases) {
          Val w = eval(*c.when.root, scope);
          const rules::Case step = rules::case_step(absent(w), !absent(w) && w.i != 0);
          if (step == rules::Case::unknown) { got = w; break; }
          if (step == rules::Case::take) { got = number(c.points); break; }
        }
        break;
      }
      case PointsRule::Kind::formula: {
        got = eval(*pr.formula.root, scope);
        if (!absent(got)) got = Val{VK::number, rules::formula_points(got.i, pr.digits, pr.rounding, rn.max.units()), nullptr};
        break;
      }
      case PointsRule::Kind::assessed:
        got = scope.top[pr.assessed_slot];
        break;
      case PointsRule::Kind::none:
        got = undefined(kUndefinedEmpty);
        break;
    }
    if (absent(got)) {
      const rules::NodeState x = rules::indicator_unknown(rn.max.units());
      nr.status = static_cast<Status>(x.status);
      high = Decimal::from_units(x.high);
      unknown_fact(i, got);
      continue;
    }
    nr.points = Decimal::from_units(got.i);
    high = nr.points;
    nr.status = static_cast<Status>(rules::points_status(nr.points.units(), indicator_need(set, rn).units()));
  }

  // Criteria, children first (pre-order reversed).
  for (std::size_t k = n; k-- > 0;) {
    const RuleNode& rn = set.nodes[k];
    NodeResult& nr = out.nodes_[k];
    if (nr.id.data() != rn.id.data()) {  // the node's fixed description, once per Result
      nr.id = rn.id;
      nr.parent = rn.parent;
      nr.depth = rn.depth;
      nr.is_indicator = rn.indicator;
      nr.max_points = rn.max;
      nr.max_known = rn.max_known;
      nr.name_vi = rn.name.vi;
      nr.name_en = rn.name.en;
    }
    if (rn.indicator) continue;
    Decimal low, high;
    bool any_applicable = false, any_not_met = false, any_unknown = false;
    int level = nlevels, unknown_at = -1;
    for (int c : rn.children) {
      const NodeResult& cr = out.nodes_[static_cast<std::size_t>(c)];
      low = low + cr.points;
      high = high + ws.high[static_cast<std::size_t>(c)];
      if (cr.status == Status::not_applicable) continue;
      any_applicable = true;
      any_not_met = any_not_met || cr.status == Status::not_met;
      any_unknown = any_unknown || cr.status == Status::not_assessable;
      level = rules::merge_level(level, cr.level);
      unknown_at = rules::merge_unknown_at(unknown_at, ws.unknown_at[static_cast<std::size_t>(c)]);
    }
    low = Decimal::from_units(rules::cap(low.units(), rn.max.units()));
    high = Decimal::from_units(rules::cap(high.units(), rn.max.units()));
    nr.points = low;
    ws.high[k] = high;
    nr.level = set.levels_mode ? level : 0;
    ws.unknown_at[k] = unknown_at;
    nr.status = static_cast<Status>(rn.pass_at ? rules::status_by_pass(any_applicable, low.units(), high.units(), rn.pass_at->units())
                                    : set.levels_mode ? rules::status_by_levels(any_applicable, level, unknown_at)
                                                      : rules::status_by_children(any_applicable, any_not_met, any_unknown));
  }

  Decimal low, high;
  for (int r : set.roots) {
    low = low + out.nodes_[static_cast<std::size_t>(r)].points;
    high = high + ws.high[static_cast<std::size_t>(r)];
  }
  low = Decimal::from_units(rules::cap(low.units(), set.max_total.units()));
  high = Decimal::from_units(rules::cap(high.units(), set.max_total.units()));
  out.total_ = low;

  bool fail = false, unknown = false;
  // Consistency checks: impossible data makes the entity not assessable.
  for (std::size_t c = 0; c < set.checks.size(); ++c) {
    Val v = eval(*set.checks[c].holds.root, scope);
    if (rules::leaves_open(rules::check_verdict(absent(v), !absent(v) && v.i != 0))) {
      unknown = true;
      facts.push_back(fact(fact_check_failed, static_cast<std::int32_t>(c)));
    }
  }

  Scope with_low = scope;
  with_low.total = number(low);
  Scope with_high = scope;
  with_high.total = number(high);
  for (std::size_t k = 0; k < set.knockouts.size(); ++k) {
    Val v = eval(*set.knockouts[k].when.root, with_low);
    const rules::Verdict verdict = rules::knockout_verdict(absent(v), !absent(v) && v.i != 0);
    if (rules::leaves_open(verdict)) {
      unknown = true;
      facts.push_back(fact(fact_knockout_unknown, static_cast<std::int32_t>(k), {}, v.kind == VK::missing ? v.i : undefined_slot(v.i)));
    } else if (rules::fails(verdict)) {
      fail = true;
      facts.push_back(fact(fact_knockout, static_cast<std::int32_t>(k)));
    }
  }

  if (set.levels_mode) {
    int level = nlevels, unknown_at = -1;
    bool any = false;
    for (int r : set.roots) {
      const NodeResult& rr = out.nodes_[static_cast<std::size_t>(r)];
      if (rr.status == Status::not_applicable) continue;
      any = true;
      level = rules::merge_level(level, rr.level);
      unknown_at = rules::merge_unknown_at(unknown_at, ws.unknown_at[static_cast<std::size_t>(r)]);
    }
    if (!any) level = nlevels;
    out.level_ = level;
    bool certain_fail = false;  // read only when unknown at level 1
    if (level == 0 && unknown_at == 0)
      for (int i : set.indicators)
        if (out.nodes_[static_cast<std::size_t>(i)].status == Status::not_met) certain_fail = true;
    const rules::Verdict verdict = rules::levels_verdict(level, unknown_at, certain_fail);
    fail = fail || rules::fails(verdict);
    unknown = unknown || rules::leaves_open(verdict);
    if (level >= 1) out.grade_ = level - 1;
    out.next_grade_ = rules::next_level_grade(level, nlevels);
    if (out.next_grade_ >= 0) {
      for (int i : set.indicators) {
        const NodeResult& ir = out.nodes_[static_cast<std::size_t>(i)];
        if (ir.status != Status::not_applicable && ir.level <= level && ir.status != Status::not_assessable)
          facts.push_back(fact(fact_level_blocked, i, Decimal::from_int(level + 1)));
      }
    }
  } else {
    if (set.every_indicator_at_least) {
      Decimal floor_points = *set.every_indicator_at_least;
      for (int i : set.indicators) {
        const NodeResult& ir = out.nodes_[static_cast<std::size_t>(i)];
        const rules::Verdict verdict = rules::floor_verdict(ir.status != Status::not_applicable, ir.points.units(),
                                                            ws.high[static_cast<std::size_t>(i)].units(), floor_points.units());
        if (rules::fails(verdict)) {
          fail = true;
          facts.push_back(fact(fact_indicator_below_min, i, floor_points));
        } else if (rules::leaves_open(verdict)) {
          unknown = true;
        }
      }
    }
    for (std::size_t k = 0; k < n; ++k) {
      const RuleNode& rn = set.nodes[k];
      if (!rn.pass_at) continue;
      const rules::Verdict verdict = rules::pass_verdict(static_cast<std::uint8_t>(out.nodes_[k].status));
      if (rules::fails(verdict)) {
        fail = true;
        facts.push_back(fact(fact_node_below_pass, static_cast<std::int32_t>(k)));
      } else if (rules::leaves_open(verdict)) {
        unknown = true;
      }
    }
    if (set.min_total) {
      // The threshold may depend on the entity (a parameter by area); it is compared with
      // the total the entity certainly has and with the most it could have.
      Val x = eval(*set.min_total.root, scope);
      if (absent(x)) {
        unknown = true;
        facts.push_back(fact(fact_threshold_unknown, -1, {}, x.kind == VK::missing ? x.i : undefined_slot(x.i)));
      } else {
        Decimal threshold = Decimal::from_units(x.i);
        const rules::Verdict verdict = rules::threshold_verdict(low.units(), high.units(), x.i);
        if (verdict == rules::kPass) {
          facts.push_back(fact(fact_threshold_met, -1, threshold, 1));
        } else if (rules::fails(verdict)) {
          fail = true;
          facts.push_back(fact(fact_below_threshold, -1, threshold, 1));
        } else {
          unknown = true;
          facts.push_back(fact(fact_threshold_unknown, -1, threshold, -1));
        }
      }
    }
    if (!set.bands.empty()) {
      const int nbands = static_cast<int>(set.bands.size());
      auto min_of = [&](int b) { return set.bands[static_cast<std::size_t>(b)].min.units(); };
      auto recognized_of = [&](int b) { return set.bands[static_cast<std::size_t>(b)].recognized; };
      const int lo_band = rules::band_of(nbands, low.units(), min_of), hi_band = rules::band_of(nbands, high.units(), min_of);
      const rules::Verdict verdict = rules::bands_verdict(lo_band, hi_band, recognized_of);
      fail = fail || rules::fails(verdict);
      unknown = unknown || rules::leaves_open(verdict);
      if (lo_band == hi_band) {
        out.grade_ = lo_band;
        if (rules::fails(verdict)) facts.push_back(fact(fact_grade_not_recognized, lo_band));
        const int next = rules::next_band(lo_band, nbands);
        if (next >= 0) {
          out.next_grade_ = next;
          out.to_next_ = set.bands[static_cast<std::size_t>(next)].min - low;
        }
      } else {
        facts.push_back(fact(fact_grade_unknown, lo_band, Decimal::from_int(hi_band)));
      }
    }
  }
  const std::uint8_t decided = rules::decision(fail, unknown);
  out.decision_ = static_cast<Decision>(decided);
  if (!rules::has_grade(decided)) {
    out.grade_ = -1;
    out.next_grade_ = -1;
    out.to_next_ = Decimal();
  }
}

}  // namespace hoctap::internal
