// A compiled expression written back as one canonical text (canonical_text, expr.hpp):
// what `hoctap diff` compares, so that an expression written another way that judges every
// entity alike is no difference.
#include <string>
#include <utility>

#include "expr/expr.hpp"

namespace hoctap::internal {

namespace {

// How tightly an operator binds, by the grammar's rules (docs/expressions.md): `if` least,
// a value, name or call most.
int binding(const Expr& e) {
  switch (e.op) {
    case Op::if_: return 0;
    case Op::or_: return 1;
    case Op::and_: return 2;
    case Op::not_: return 3;
    case Op::eq: case Op::ne: case Op::lt: case Op::le: case Op::gt: case Op::ge: return 4;
    case Op::add: case Op::sub: return 5;
    case Op::mul: case Op::div: return 6;
    case Op::neg: return 7;
    default: return 8;
  }
}

class Canonical {
 public:
  explicit Canonical(const CompiledSet& set) : set_(set) {}
  std::string out;

  void write(const Expr& e) {
    switch (e.op) {
      case Op::literal: literal(e); return;
      case Op::input: case Op::member_field: case Op::param: out += e.name; return;
      case Op::assessment_date: out += "assessment_date"; return;
      case Op::total: out += "total"; return;
      case Op::neg: out += "-"; operand(*e.args[0], 7); return;
      case Op::not_: out += "not "; operand(*e.args[0], 3); return;
      // `and` and `or` are associative under the evaluator's Kleene logic (runtime.hpp,
      // apply_logic): either grouping of `a and b and c` is false when one operand is
      // false, else the first unknown operand in written order, else true (`or` the
      // mirror). So a chain is written without grouping parentheses, its operands in
      // their written order: reordering them could name another unknown operand.
      case Op::or_: binary(e, " or ", 1, 1); return;
      case Op::and_: binary(e, " and ", 2, 2); return;
      case Op::eq: case Op::ne: case Op::lt: case Op::le: case Op::gt: case Op::ge: comparison(e); return;
      // The other operators group from the left: a right operand of the same strength
      // keeps its parentheses. A sum or product of a constant and another operand has the
      // constant on the right (`2 * x` as `x * 2`): Decimal's sum and product of two
      // values do not depend on their order, and a constant is never unknown, so which
      // operand an unknown result names does not change either.
      case Op::add: commutative(e, " + ", 5); return;
      case Op::sub: binary(e, " - ", 5); return;
      case Op::mul: commutative(e, " * ", 6); return;
      case Op::div: binary(e, " / ", 6); return;
      case Op::if_:
        out += "if ";
        write(*e.args[0]);
        out += " then ";
        write(*e.args[1]);
        out += " else ";
        write(*e.args[2]);
        return;
      case Op::min: call(e, "min"); return;
      case Op::max: call(e, "max"); return;
      case Op::abs: call(e, "abs"); return;
      case Op::years_between: call(e, "years_between"); return;
      case Op::floor: call(e, "floor"); return;
      case Op::ceil: call(e, "ceil"); return;
      case Op::round: call(e, "round"); return;
      case Op::count: aggregate(e, "count"); return;
      case Op::share: aggregate(e, "share"); return;
      case Op::all: aggregate(e, "all"); return;
      case Op::any: aggregate(e, "any"); return;
      case Op::sum: aggregate(e, "sum"); return;
    }
  }

 private:
  const CompiledSet& set_;

  // `e` in parentheses when it binds less tightly than `at_least`.
  void operand(const Expr& e, int at_least) {
    const bool wrap = binding(e) < at_least;
    if (wrap) out += "(";
    write(e);
    if (wrap) out += ")";
  }
  void binary(const Expr& e, const char* op, int left) { binary(e, op, left, left + 1); }
  void binary(const Expr& e, const char* op, int left, int right) {
    operand(*e.args[0], left);
    out += op;
    operand(*e.args[1], right);
  }
  void commutative(const Expr& e, const char* op, int left) {
    if (!constant(*e.args[0]) || constant(*e.args[1])) {
      binary(e, op, left);
      return;
    }
    operand(*e.args[1], left);
    out += op;
    operand(*e.args[0], left + 1);
  }
  // A comparison in one orientation, whichever way the file writes it: a literal (or a
  // negated number) on the right (`5 < x` as `x > 5`); between two literals or two
  // non-literals, `>` and `>=` rather than `<` and `<=` (`b <= a` as `a >= b`), and for
  // `==` and `!=` the operand whose canonical text sorts first (bytewise) on the left.
  // Swapping the operands of the mirrored operator gives the same value for every pair of
  // known values and for every pair of bounds (apply_comparison). An unknown comparison's
  // value is its first unknown operand, so with both operands unknown the two orientations
  // may be unknown through different operands (which input a "not assessable" reason
  // names), never with a different result or status. A literal is never unknown: moving
  // it changes not even that.
  void comparison(const Expr& e) {
    std::string left = operand_text(*e.args[0]), right = operand_text(*e.args[1]);
    Op op = e.op;
    const bool literal_left = constant(*e.args[0]), literal_right = constant(*e.args[1]);
    const bool swap = literal_left != literal_right ? literal_left
                      : op == Op::eq || op == Op::ne ? right < left
                                                     : op == Op::lt || op == Op::le;
    if (swap) {
      std::swap(left, right);
      op = op == Op::lt ? Op::gt : op == Op::le ? Op::ge : op == Op::gt ? Op::lt : op == Op::ge ? Op::le : op;
    }
    out += left;
    out += op == Op::eq ? " == " : op == Op::ne ? " != " : op == Op::lt ? " < " : op == Op::le ? " <= " : op == Op::gt ? " > " : " >= ";
    out += right;
  }
  // A literal, or a negated number: a value known whatever the entity.
  static bool constant(const Expr& e) {
    return e.op == Op::literal || (e.op == Op::neg && e.args[0]->op == Op::literal);
  }
  // A comparison's operand as written there (parenthesised below arithmetic's strength).
  std::string operand_text(const Expr& e) {
    std::string before;
    before.swap(out);
    operand(e, 5);
    std::string text;
    text.swap(out);
    out.swap(before);
    return text;
  }
  void call(const Expr& e, const char* name) {
    out += name;
    out += "(";
    for (std::size_t i = 0; i < e.args.size(); ++i) {
      if (i > 0) out += ", ";
      write(*e.args[i]);
    }
    if (e.op == Op::floor || e.op == Op::ceil || e.op == Op::round) {
      if (e.slot > 0) out += ", " + std::to_string(e.slot);  // the digits; none written is 0
    }
    out += ")";
  }
  // AGG(list [where filter] [, body]): args are the list, the filter and the body, either may be null.
  void aggregate(const Expr& e, const char* name) {
    out += name;
    out += "(";
    out += e.args[0]->name;
    if (e.args[1]) {
      out += " where ";
      write(*e.args[1]);
    }
    if (e.args[2]) {
      out += ", ";
      write(*e.args[2]);
    }
    out += ")";
  }
  static std::string quoted(const std::string& text) {
    const char q = text.find('\'') == std::string::npos ? '\'' : '"';  // the lexer has no escapes
    return q + text + q;
  }
  void literal(const Expr& e) {
    switch (e.lit.kind) {
      case Literal::Kind::boolean: out += e.lit.i ? "true" : "false"; return;
      // By its value: `1`, `1.0` and `1.00` alike. A literal's type (int without a point,
      // decimal with one) decides only which expressions type-check; the evaluator holds
      // every number as Decimal units whatever its type (runtime.hpp, Val).
      case Literal::Kind::number: out += Decimal::from_units(e.lit.i).to_string(); return;
      case Literal::Kind::date: out += "date('" + Date::from_days(static_cast<std::int32_t>(e.lit.i)).to_string() + "')"; return;
      case Literal::Kind::category:
        if (e.type.scale >= 0 && static_cast<std::size_t>(e.type.scale) < set_.scales.size()) {
          const Scale& scale = set_.scales[static_cast<std::size_t>(e.type.scale)];
          if (e.lit.i >= 0 && static_cast<std::size_t>(e.lit.i) < scale.values.size()) {
            out += quoted(scale.values[static_cast<std::size_t>(e.lit.i)]);
            return;
          }
        }
        out += quoted(e.lit.text);
        return;
      case Literal::Kind::text: out += quoted(e.lit.text); return;
      case Literal::Kind::none: return;
    }
  }
};

}  // namespace

std::string canonical_text(const Expr& expr, const CompiledSet& set) {
  Canonical c(set);
  c.write(expr);
  return c.out;
}

}  // namespace hoctap::internal
