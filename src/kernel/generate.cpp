// kernel_source: one criteria set's rule written out as C++ (see kernel.hpp). The code
// mirrors the block evaluator (evaluate/block_*.cpp) restricted to plain values: where an
// operand could be without a value there, the generated code sets `off` and the block
// goes back to the evaluator. Every constant of the set (points, thresholds,
// parameters, literals) is written into the source, so the source's hash names the rule.
#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "evaluate/evaluate.hpp"
#include "evaluate/rules.hpp"
#include "evaluate/runtime.hpp"
#include "kernel/kernel.hpp"

namespace hoctap::internal {
namespace {

// Thrown inside the generator when the set uses what kernels do not cover.
struct Unsupported {
  std::string why;
};

// Whether generated code may find an operation without a value: every such operation
// (kernel::mul, div, share, pick) marks it through its last argument, `off`. Such code is
// computed only where the rule takes it, never both arms and a select.
bool may_lose_value(const std::string& code) { return code.find(", off)") != std::string::npos; }

std::string word(std::int64_t x) {
  if (x == INT64_MIN) return "(-INT64_C(9223372036854775807) - 1)";
  return "INT64_C(" + std::to_string(x) + ")";
}

const char* rounding_name(Rounding r) {
  switch (r) {
    case Rounding::half_up: return "Rounding::half_up";
    case Rounding::half_even: return "Rounding::half_even";
    case Rounding::floor: return "Rounding::floor";
    case Rounding::ceil: return "Rounding::ceil";
    case Rounding::truncate: return "Rounding::truncate";
  }
  return "Rounding::half_up";
}

class Generator {
 public:
  explicit Generator(const CompiledSet& set) : set_(set) {}

  std::string run() {
    if (set_.levels_mode) throw Unsupported{"levels (kernels cover points sets)"};
    // Row-scope expressions first: they name the inputs and aggregates the code reads.
    std::ostringstream rows;
    row_body(rows);
    // Measured with bench/run and kernels on and off: on a set without member aggregates
    // the block evaluator is the faster way, and a kernel would only be a second copy.
    if (by_list_.empty()) throw Unsupported{"no aggregate over members: the block evaluator is faster there"};
    std::ostringstream out;
    out << "bool run(kernel::Block& b) {\n"
        << "  const std::size_t n = b.rows;\n"
        << "  std::uint64_t off = 0;  // not 0 where a value read is not plain, or an operation has no value\n";
    out << tables_.str();
    for (int slot : top_slots_) {
      const std::string t = std::to_string(slot);
      out << "  kernel::Source t" << t << ";\n"
          << "  if (!b.top(" << t << ", FieldPlan::Fast::" << natural(top_field(slot)).first << ", t" << t << ")) return false;\n"
          << "  const kernel::Source d" << t << " = t" << t << ";  // a copy no call sees: its fields stay in registers\n";
    }
    for (const auto& [list_slot, aggregates] : by_list_) member_pass(out, list_slot, aggregates);
    out << "  if (off != 0) return false;\n"
        << "  std::uint8_t* __restrict const D = b.decision;\n"
        << "  std::int64_t* __restrict const T = b.total_units;\n"
        << "  std::int32_t* __restrict const G = b.grade;\n"
        << "  std::int32_t* __restrict const L = b.level;\n";
    for (std::size_t k = 0; k < set_.nodes.size(); ++k)
      out << "  std::int64_t* __restrict const P" << k << " = b.points[" << k << "];\n"
          << "  std::uint8_t* __restrict const S" << k << " = b.status[" << k << "];\n";
    // The row loop twice: reading every top-level field in place (the common block), and
    // reading each the way its source says (kernel::at: a branch per field and row).
    std::string direct = "true";
    for (int slot : row_slots_) direct += " && d" + std::to_string(slot) + ".mode == kernel::Source::Mode::direct";
    out << "  if (" << direct << ") {\n";
    row_loop(out, rows.str(), true);
    out << "  } else {\n";
    row_loop(out, rows.str(), false);
    out << "  }\n"
        << "  return off == 0;\n}\n";
    return out.str();
  }

 private:
  void row_loop(std::ostringstream& out, const std::string& body, bool direct) const {
    out << "  for (std::size_t r = 0; r < n; ++r) {\n";
    for (int slot : row_slots_)
      out << "    const std::int64_t u" << slot << " = " << top_read(slot, direct) << ";\n";
    for (const auto& [list_slot, aggregates] : by_list_) {
      const std::string l = std::to_string(list_slot);
      out << "    const std::int64_t lo" << l << " = o" << l << "[r] - o" << l << "[0], hi" << l << " = o" << l << "[r + 1] - o" << l << "[0];\n";
    }
    out << body << "  }\n";
  }

  // An aggregate's counters: a count (count, all, any, a share's members selected) is a
  // 16-bit lane of a packed word (lane k: word k / 4, bits 16 * (k % 4)); a sum has an
  // array of its own; a share's "yes" count is a second lane.
  struct Aggregate {
    const Expr* e;
    int id;
    int lane = -1, yes_lane = -1;
  };

  // ---- expressions -------------------------------------------------------------------

  // A C++ expression of type std::int64_t: the value's word (Val::i). `list_slot` >= 0:
  // evaluated per member of that list (`j`; its row is `r`); `with_total`: `total` is the
  // row's points (knock-outs).
  std::string expr(const Expr& e, int list_slot, bool with_total) {
    auto arg = [&](std::size_t i) { return expr(*e.args[i], list_slot, with_total); };
    for (const auto& a : e.args)
      if (a && a->type.kind == Type::Kind::text) throw Unsupported{"text values"};
    if (e.type.kind == Type::Kind::text) throw Unsupported{"text values"};
    switch (e.op) {
      case Op::literal: {
        const Val v = literal_value(e);
        if (absent(v)) throw Unsupported{"a literal without a value"};
        return word(v.i);
      }
      case Op::input: {
        if (e.type.kind == Type::Kind::list) throw Unsupported{"a list used as a value"};
        use_top(e.slot);
        // The member pass has no row at hand (it runs over the members, not the rows).
        if (list_slot >= 0) throw Unsupported{"a top-level field inside an aggregate"};
        if (std::find(row_slots_.begin(), row_slots_.end(), e.slot) == row_slots_.end()) row_slots_.push_back(e.slot);
        return "u" + std::to_string(e.slot);
      }
      case Op::member_field:
        if (list_slot < 0) throw Unsupported{"a member field outside an aggregate"};
        member_fields_[list_slot].push_back(e.slot);
        return "v" + std::to_string(list_slot) + "_" + std::to_string(e.slot);
      case Op::param: {
        const Parameter& p = set_.parameters[static_cast<std::size_t>(e.slot)];
        if (p.by_slot < 0) {
          const Val v = parameter_value(p, Val{});
          if (absent(v)) throw Unsupported{"a parameter without a value"};
          return word(v.i);
        }
        use_top(p.by_slot);
        const std::string name = "q" + std::to_string(e.slot);
        if (std::find(tables_made_.begin(), tables_made_.end(), e.slot) == tables_made_.end()) {
          tables_made_.push_back(e.slot);
          std::string values, has;
          for (const auto& v : p.by_value) {
            const std::optional<std::int64_t> x = v ? v : p.fallback;
            values += word(x ? *x : 0) + ", ";
            has += x ? "true, " : "false, ";
          }
          tables_ << "  static const std::int64_t " << name << "_value[] = {" << values << "0};\n"
                  << "  static const bool " << name << "_has[] = {" << has << "false};\n";
        }
        Expr key;
        key.op = Op::input;
        key.slot = p.by_slot;
        key.type = top_field(p.by_slot).type;
        return "kernel::pick(" + name + "_value, " + name + "_has, " + std::to_string(p.by_value.size()) + ", " +
               expr(key, list_slot, with_total) + ", off)";
      }
      case Op::assessment_date: return "std::int64_t{b.date_days}";
      case Op::total:
        if (!with_total || list_slot >= 0) throw Unsupported{"`total` outside a knock-out"};
        return "low";
      case Op::neg: return "(-" + arg(0) + ")";
      // A boolean's word is 0 or 1 (comparisons, literals, reads): logic is bit operations.
      case Op::not_: return "(" + arg(0) + " ^ 1)";
      case Op::abs: return "rules::abs_units(" + arg(0) + ")";
      case Op::add: return "rules::add(" + arg(0) + ", " + arg(1) + ")";
      case Op::sub: return "rules::sub(" + arg(0) + ", " + arg(1) + ")";
      case Op::mul: return "kernel::mul(" + arg(0) + ", " + arg(1) + ", off)";
      case Op::div: return "kernel::div(" + arg(0) + ", " + arg(1) + ", off)";
      case Op::eq: return "std::int64_t{" + arg(0) + " == " + arg(1) + "}";
      case Op::ne: return "std::int64_t{" + arg(0) + " != " + arg(1) + "}";
      case Op::lt: return "std::int64_t{" + arg(0) + " < " + arg(1) + "}";
      case Op::le: return "std::int64_t{" + arg(0) + " <= " + arg(1) + "}";
      case Op::gt: return "std::int64_t{" + arg(0) + " > " + arg(1) + "}";
      case Op::ge: return "std::int64_t{" + arg(0) + " >= " + arg(1) + "}";
      case Op::and_: return "(" + arg(0) + " & " + arg(1) + ")";
      case Op::or_: return "(" + arg(0) + " | " + arg(1) + ")";
      case Op::if_: {
        // Both arms computed and one chosen, unless an arm may be without a value: that
        // arm alone must then not be computed where it is not taken.
        const std::string c = arg(0), x = arg(1), y = arg(2);
        if (!may_lose_value(x) && !may_lose_value(y)) return "kernel::choose(" + c + " != 0, " + x + ", " + y + ")";
        return "(" + c + " != 0 ? " + x + " : " + y + ")";
      }
      case Op::min: case Op::max: {
        // apply_operator: the first of equal values is kept; for words that is any of them.
        std::string s = arg(0);
        for (std::size_t i = 1; i < e.args.size(); ++i)
          s = std::string(e.op == Op::min ? "std::min" : "std::max") + "<std::int64_t>(" + s + ", " + arg(i) + ")";
        return s;
      }
      case Op::floor: case Op::ceil: case Op::round: {
        const char* mode = e.op == Op::floor ? "Rounding::floor" : e.op == Op::ceil ? "Rounding::ceil" : "Rounding::half_up";
        return "rules::round_units(" + arg(0) + ", " + std::to_string(e.slot) + ", " + mode + ")";
      }
      case Op::years_between: return "rules::years_between(" + arg(0) + ", " + arg(1) + ")";
      case Op::count: case Op::share: case Op::all: case Op::any: case Op::sum:
        if (list_slot >= 0) throw Unsupported{"an aggregate inside an aggregate"};
        return aggregate_value(e);
    }
    throw Unsupported{"an operator kernels do not know"};
  }

  const Field& top_field(int slot) const {
    for (const Field& x : set_.schemas[0].fields)
      if (x.slot == slot) return x;
    throw Unsupported{"an input slot without a field"};
  }

  void use_top(int slot) {
    if (top_field(slot).type.kind == Type::Kind::text) throw Unsupported{"text values"};
    if (std::find(top_slots_.begin(), top_slots_.end(), slot) == top_slots_.end()) top_slots_.push_back(slot);
  }

  // A top-level field's word at row `r`: read in place (`direct`: every source is), or
  // the way its source says.
  std::string top_read(int slot, bool direct = false) const {
    const std::string read = "kernel::read_" + natural(top_field(slot)).second;
    const std::string args = "(d" + std::to_string(slot) + ", r, off)";
    return direct ? read + args : "kernel::at<" + read + ">" + args;
  }

  // A field type's natural representation (kernel::Source): its FieldPlan::Fast and the
  // kernel::read_ function for it.
  static std::pair<std::string, std::string> natural(const Field& f) {
    switch (f.type.kind) {
      case Type::Kind::integer: return {"number_i64", "i64"};
      case Type::Kind::decimal: return {"number_f64", "f64"};
      case Type::Kind::boolean: return {"boolean", "boolean"};
      case Type::Kind::date: return {"date", "date"};
      case Type::Kind::category: return {"code", "code"};
      default: break;
    }
    throw Unsupported{"a field kernels cannot read"};
  }

  // An aggregate's value at row `r`, from the counters its list's member pass adds up.
  std::string aggregate_value(const Expr& e) {
    const int list_slot = e.args[0]->slot;
    auto& list = by_list_[list_slot];
    int id = -1;
    for (const Aggregate& a : list)
      if ((e.shape >= 0 && a.e->shape == e.shape) || a.e == &e) id = a.id;
    if (id < 0) {
      id = next_aggregate_++;
      Aggregate a{&e, id};
      if (e.op != Op::sum) a.lane = lanes_[list_slot]++;
      if (e.op == Op::share) a.yes_lane = lanes_[list_slot]++;
      list.push_back(a);
      // Its filter and body, per member: they name the member fields the pass reads.
      if (e.args[1]) member_code_[id].filter = expr(*e.args[1], list_slot, false);
      if (e.args[2]) member_code_[id].body = expr(*e.args[2], list_slot, false);
    }
    const Aggregate* agg = nullptr;
    for (const Aggregate& a : list)
      if (a.id == id) agg = &a;
    // The aggregate over row r's members: its prefix sums at the row's first member and
    // after its last (member_pass).
    const std::string l = std::to_string(list_slot);
    const auto count = [&](int lane) {
      return "kernel::lane(w" + l + "_" + std::to_string(lane / 4) + ", lo" + l + ", hi" + l + ", " + std::to_string(16 * (lane % 4)) + ")";
    };
    const bool body = e.args[2] != nullptr;
    switch (e.op) {
      case Op::count: return "rules::count_units(" + count(agg->lane) + ")";
      case Op::sum: return body ? "kernel::span(a" + std::to_string(id) + ", lo" + l + ", hi" + l + ")" : "INT64_C(0)";
      case Op::all: return body ? "std::int64_t{rules::all_of(" + count(agg->lane) + ")}" : "INT64_C(1)";
      case Op::any: return body ? "std::int64_t{rules::any_of(" + count(agg->lane) + ")}" : "INT64_C(0)";
      case Op::share: return "kernel::share(" + count(agg->yes_lane) + ", " + count(agg->lane) + ", off)";
      default: break;
    }
    throw Unsupported{"an aggregate kernels do not know"};
  }

  // ---- member passes -----------------------------------------------------------------

  // One pass over the block's members of a list, in row order, with no loop per row (a
  // loop per row mispredicted its end at about every row: 0 to 3 children a family): the
  // counters are added up member after member and stored after each, so that w[j] is
  // the count over the members before j, and a row's aggregate is the difference at its
  // first member and after its last (kernel::lane, kernel::span; sums wrap, exact
  // whenever the row's own sum is). Counts go four to a word in 16-bit lanes: one add
  // and one store a member for four counters, and few enough live values that the loop
  // keeps them in registers. A lane holds at most the block's members, so a block of
  // 65,536 members or more is the block evaluator's.
  void member_pass(std::ostringstream& out, int list_slot, const std::vector<Aggregate>& aggregates) {
    const std::string l = std::to_string(list_slot);
    const int words = (lanes_[list_slot] + 3) / 4;
    out << "  // the members of list slot " << l << "\n"
        << "  const std::int64_t* const o" << l << " = b.offsets(" << l << ");\n"
        << "  const std::size_t m" << l << " = static_cast<std::size_t>(o" << l << "[n] - o" << l << "[0]);\n";
    if (words > 0) out << "  if (m" << l << " >= 65536) return false;  // a lane would overflow\n";
    for (int w = 0; w < words; ++w)
      out << "  std::uint64_t* __restrict const w" << l << "_" << w << " = reinterpret_cast<std::uint64_t*>(b.words(m" << l << " + 1));\n";
    for (const Aggregate& a : aggregates)
      if (a.e->op == Op::sum) out << "  std::int64_t* __restrict const a" << a.id << " = b.words(m" << l << " + 1);\n";
    out << "  {\n";
    std::vector<int> fields = member_fields_[list_slot];
    std::sort(fields.begin(), fields.end());
    fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
    // Direct reads from the caller's columns when every field allows them; else words
    // read beforehand (kernel::Block::member).
    std::string direct = "true";
    for (int f : fields) {
      const std::string name = "s" + l + "_" + std::to_string(f);
      out << "    kernel::Source " << name << ";\n";
      direct += " && b.direct(" + l + ", " + std::to_string(f) + ", FieldPlan::Fast::" + natural(member_field(list_slot, f)).first + ", " + name + ")";
    }
    out << "    if (" << direct << ") {\n";
    for (int f : fields) out << "      const kernel::Source d" << l << "_" << f << " = s" << l << "_" << f << ";\n";
    std::string reads;
    for (int f : fields) {
      const std::string v = l + "_" + std::to_string(f);
      reads += "        const std::int64_t v" + v + " = kernel::read_" + natural(member_field(list_slot, f)).second + "(d" + v +
               ", j, off);\n";
    }
    member_loop(out, list_slot, aggregates, reads, "      ");
    out << "    } else {\n";
    for (int f : fields)
      out << "      const std::int64_t* __restrict const m" << l << "_" << f << " = b.member(" << l << ", " << f << ");\n"
          << "      if (m" << l << "_" << f << " == nullptr) return false;\n";
    reads.clear();
    for (int f : fields) {
      const std::string v = l + "_" + std::to_string(f);
      reads += "        const std::int64_t v" + v + " = m" + v + "[j];\n";
    }
    member_loop(out, list_slot, aggregates, reads, "      ");
    out << "    }\n  }\n";
  }

  const Field& member_field(int list_slot, int slot) const {
    const Schema& schema = set_.schemas[static_cast<std::size_t>(top_field(list_slot).type.schema)];
    for (const Field& f : schema.fields)
      if (f.slot == slot) return f;
    throw Unsupported{"a member slot without a field"};
  }

  // The loop over the block's members: `reads` defines each field's value
  // (v<list>_<slot>) for member j.
  void member_loop(std::ostringstream& out, int list_slot, const std::vector<Aggregate>& aggregates, const std::string& reads,
                   const std::string& in) {
    const std::string l = std::to_string(list_slot);
    const int words = (lanes_[list_slot] + 3) / 4;
    std::vector<std::string> adds(static_cast<std::size_t>(words));
    for (int w = 0; w < words; ++w) out << in << "std::uint64_t c" << w << " = 0;\n" << in << "w" << l << "_" << w << "[0] = 0;\n";
    for (const Aggregate& a : aggregates)
      if (a.e->op == Op::sum) out << in << "std::uint64_t c" << a.id << "s = 0;\n" << in << "a" << a.id << "[0] = 0;\n";
    out << in << "for (std::size_t j = 0; j < m" << l << "; ++j) {\n" << reads;
    const auto add = [&](int lane, const std::string& one) {  // `one`: 0 or 1, as a std::uint64_t
      std::string& to = adds[static_cast<std::size_t>(lane / 4)];
      to += (to.empty() ? "" : " | ") + (lane % 4 == 0 ? one : "(" + one + " << " + std::to_string(16 * (lane % 4)) + ")");
    };
    for (const Aggregate& a : aggregates) {
      const auto& code = member_code_[a.id];
      const std::string pick = code.filter.empty() ? "std::uint64_t{1}" : "static_cast<std::uint64_t>(" + code.filter + ")";
      const bool body = !code.body.empty();
      switch (a.e->op) {
        case Op::count: add(a.lane, pick); break;
        case Op::all: add(a.lane, body ? "(" + pick + " & static_cast<std::uint64_t>(" + code.body + " ^ 1))" : "std::uint64_t{0}"); break;
        case Op::any: add(a.lane, body ? "(" + pick + " & static_cast<std::uint64_t>(" + code.body + "))" : "std::uint64_t{0}"); break;
        case Op::share:
          add(a.lane, pick);
          add(a.yes_lane, body ? "(" + pick + " & static_cast<std::uint64_t>(" + code.body + "))" : "std::uint64_t{0}");
          break;
        case Op::sum:
          if (body) out << in << "  c" << a.id << "s += " << pick << " != 0 ? static_cast<std::uint64_t>(" << code.body << ") : 0;\n";
          out << in << "  a" << a.id << "[j + 1] = static_cast<std::int64_t>(c" << a.id << "s);\n";
          break;
        default: break;
      }
    }
    for (int w = 0; w < words; ++w)
      out << in << "  c" << w << " += " << adds[static_cast<std::size_t>(w)] << ";\n" << in << "  w" << l << "_" << w << "[j + 1] = c" << w << ";\n";
    out << in << "}\n";
  }

  // ---- the rule tree, a row at a time (BlockEvaluator::State::decide on plain rows) ----

  // The body of the loop over the block's rows (run writes the loop and reads inputs):
  // the nodes children first, each reported and checked against the floors as soon as it
  // is known (its values then die: fewer live across the row), then the decision.
  void row_body(std::ostringstream& out) {
    out << "    bool fail = false, open = false;\n"
        << "    (void)open;\n";
    for (int root : set_.roots) node(out, root);
    decide(out);
  }

  void node(std::ostringstream& out, int k) {
    const RuleNode& rn = set_.nodes[static_cast<std::size_t>(k)];
    if (rn.indicator) {
      indicator(out, k);
    } else {
      for (int c : rn.children) node(out, c);
      criterion(out, k);
    }
    const std::string id = std::to_string(k);
    out << "    if (P" << id << " != nullptr) P" << id << "[r] = p" << id << ", S" << id << "[r] = s" << id << ";\n";  // the same way on every row
    if (rn.indicator && set_.every_indicator_at_least) {
      out << "    fail |= rules::fails(rules::floor_verdict(s" << id << " != kernel::kNotApplicable, p" << id << ", p" << id << ", "
          << word(set_.every_indicator_at_least->units()) << "));\n";
    }
    if (rn.pass_at) out << "    fail |= rules::fails(rules::pass_verdict(s" << id << "));\n";
  }

  void indicator(std::ostringstream& out, int i) {
    const RuleNode& rn = set_.nodes[static_cast<std::size_t>(i)];
    const std::string k = std::to_string(i), p = "p" + k, s = "s" + k;
    std::string points;
    const PointsRule& pr = rn.points;
    switch (pr.kind) {
      case PointsRule::Kind::conditions: {
        if (!pr.otherwise) throw Unsupported{"conditions without `otherwise`"};
        points = word(pr.otherwise->units());
        for (std::size_t c = pr.cases.size(); c-- > 0;)
          points = "kernel::choose(rules::case_step(false, " + expr(*pr.cases[c].when.root, -1, false) + " != 0) == rules::Case::take, " +
                   word(pr.cases[c].points.units()) + ", " + points + ")";
        break;
      }
      case PointsRule::Kind::formula:
        points = "rules::formula_points(" + expr(*pr.formula.root, -1, false) + ", " + std::to_string(pr.digits) + ", " +
                 rounding_name(pr.rounding) + ", " + word(rn.max.units()) + ")";
        break;
      case PointsRule::Kind::assessed: {
        Expr score;
        score.op = Op::input;
        score.slot = pr.assessed_slot;
        score.type = top_field(pr.assessed_slot).type;
        points = expr(score, -1, false);
        break;
      }
      case PointsRule::Kind::none: throw Unsupported{"an indicator without points"};
    }
    const std::string need = word(indicator_need(set_, rn).units());
    out << "    // " << rn.id << "\n";
    const auto status = [&](const std::string& q) {  // met (0) or not met (1), by the points q
      return "rules::points_status(" + q + ", " + need + ")";
    };
    never_na_[static_cast<std::size_t>(i)] = !rn.applies_when;
    if (!rn.applies_when) {
      out << "    const std::int64_t " << p << " = " << points << ";\n"
          << "    const std::uint8_t " << s << " = " << status(p) << ";\n";
      return;
    }
    const std::string applies = expr(*rn.applies_when.root, -1, false), not_applicable = word(rules::indicator_not_applicable(rn.not_applicable_full, rn.max.units(), 0).points);
    if (!may_lose_value(points)) {
      // Points that always have a value are computed on every row and chosen by a select
      // (no branch on data: whether a family has children mispredicted at every other row).
      out << "    const bool na" << k << " = " << applies << " == 0;\n"
          << "    const std::int64_t q" << k << " = " << points << ";\n"
          << "    const std::int64_t " << p << " = kernel::choose(na" << k << ", " << not_applicable << ", q" << k << ");\n"
          << "    const std::uint8_t " << s << " = static_cast<std::uint8_t>(kernel::choose(na" << k << ", kernel::kNotApplicable, "
          << status("q" + k) << "));\n";
      return;
    }
    // Points that may be without a value (a share of no members, a division) only where
    // the indicator applies: computing them elsewhere would hand the block back.
    out << "    std::int64_t " << p << ";\n    std::uint8_t " << s << ";\n"
        << "    if (" << applies << " == 0) {\n"
        << "      " << p << " = " << not_applicable << ";\n"
        << "      " << s << " = kernel::kNotApplicable;\n    } else {\n"
        << "      " << p << " = " << points << ";\n"
        << "      " << s << " = " << status(p) << ";\n    }\n";
  }

  // A criterion's status: not applicable when every child is, else met or not by its
  // pass mark, or not met when a child is not. When some child is never "not applicable"
  // (an indicator that always applies), neither is the criterion, and its status is the
  // or of its children's "not met" (met 0, not met 1: no bit set per child).
  void criterion(std::ostringstream& out, int k) {
    const RuleNode& rn = set_.nodes[static_cast<std::size_t>(k)];
    const std::string id = std::to_string(k);
    std::string sum, bits, not_met;
    bool never_na = false;
    for (int c : rn.children) {
      const std::string sc = "s" + std::to_string(c);
      const bool child_never_na = never_na_[static_cast<std::size_t>(c)];
      never_na = never_na || child_never_na;
      sum += (sum.empty() ? "" : " + ") + std::string("p") + std::to_string(c);
      bits += (bits.empty() ? "" : " | ") + std::string("rules::status_bit(") + sc + ")";
      not_met += (not_met.empty() ? "" : " | ") + (child_never_na ? sc : "(" + sc + " == kernel::kNotMet)");
    }
    never_na_[static_cast<std::size_t>(k)] = never_na;
    if (sum.empty()) sum = "INT64_C(0)", bits = "0u";
    out << "    // " << rn.id << "\n"
        << "    const std::int64_t p" << id << " = rules::cap(" << sum << ", " << word(rn.max.units()) << ");\n";
    // Kernels see plain values only: a node's points are all it could have (high = low)
    // and no child is open.
    const std::string p = "p" + id;
    if (never_na) {
      out << "    const std::uint8_t s" << id << " = ";
      if (rn.pass_at) out << "rules::status_by_pass(true, " << p << ", " << p << ", " << word(rn.pass_at->units()) << ");\n";
      else out << "rules::status_by_children(true, (" << not_met << ") != 0, false);\n";
      return;
    }
    const std::string seen = "seen" + id;
    out << "    const unsigned " << seen << " = " << bits << ";\n"
        << "    const std::uint8_t s" << id << " = ";
    if (rn.pass_at) out << "rules::status_by_pass(rules::some_applies(" << seen << "), " << p << ", " << p << ", " << word(rn.pass_at->units()) << ");\n";
    else out << "rules::status_by_children(rules::some_applies(" << seen << "), rules::some_has(" << seen << ", rules::kNotMet), false);\n";
  }

  void decide(std::ostringstream& out) {
    std::string sum;
    for (int root : set_.roots) sum += (sum.empty() ? "" : " + ") + std::string("p") + std::to_string(root);
    if (sum.empty()) sum = "INT64_C(0)";
    out << "    const std::int64_t low = rules::cap(" << sum << ", " << word(set_.max_total.units()) << ");\n"
        << "    (void)low;\n";
    // Values are plain here: nothing is unknown but a failed check, and the total is known
    // (high = low).
    for (const Check& check : set_.checks)
      out << "    open |= rules::leaves_open(rules::check_verdict(false, " << expr(*check.holds.root, -1, false) << " != 0));\n";
    for (const Knockout& ko : set_.knockouts)
      out << "    fail |= rules::fails(rules::knockout_verdict(false, " << expr(*ko.when.root, -1, true) << " != 0));\n";
    if (set_.min_total) out << "    fail |= rules::fails(rules::threshold_verdict(low, low, " << expr(*set_.min_total.root, -1, false) << "));\n";
    if (set_.bands.empty()) {
      out << "    G[r] = -1;\n";
    } else {
      const std::string nbands = std::to_string(set_.bands.size());
      std::string mins, recognized;
      for (const Band& band : set_.bands) {
        mins += word(band.min.units()) + ", ";
        recognized += band.recognized ? "true, " : "false, ";
      }
      tables_ << "  static const std::int64_t band_min[] = {" << mins << "};\n"
              << "  static const bool band_recognized[] = {" << recognized << "};\n";
      out << "    const int band = rules::band_of(" << nbands << ", low, [](int k) { return band_min[k]; });\n"
          << "    G[r] = rules::band_grade(band, " << nbands << ");\n"
          << "    fail |= rules::fails(rules::bands_verdict(band, band, [](int k) { return band_recognized[k]; }));\n";
    }
    out << "    const std::uint8_t d = rules::decision(fail, open);\n"
        << "    D[r] = d;\n";
    // Not assessable (a check failed): no grade, as Evaluator::decide.
    if (!set_.bands.empty() && !set_.checks.empty()) out << "    G[r] = rules::has_grade(d) ? G[r] : -1;\n";
    out << "    T[r] = low;\n"
        << "    L[r] = 0;\n";
  }

  const CompiledSet& set_;
  std::vector<bool> never_na_ = std::vector<bool>(set_.nodes.size());  // per node, once written: never "not applicable"
  std::vector<int> top_slots_;  // top-level fields read anywhere
  std::vector<int> row_slots_;  // and those read in the row loop
  std::map<int, std::vector<Aggregate>> by_list_;  // by the list's top-level slot
  std::map<int, int> lanes_;                        // by the list's top-level slot: counters in packed words
  std::map<int, std::vector<int>> member_fields_;  // by the list's top-level slot
  struct MemberCode {
    std::string filter, body;
  };
  std::map<int, MemberCode> member_code_;  // by aggregate id
  int next_aggregate_ = 0;
  std::ostringstream tables_;
  std::vector<int> tables_made_;
};

}  // namespace

std::string kernel_source(const CompiledSet& set, std::string& why_not) {
  try {
    Generator g(set);
    return g.run();
  } catch (const Unsupported& u) {
    why_not = u.why;
    return {};
  }
}

}  // namespace hoctap::internal
