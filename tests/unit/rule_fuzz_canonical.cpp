// The rule fuzzer's property of canonical texts (expr.hpp, canonical_text): every generated
// set has a twin whose expressions are written otherwise, drawn from the rewrites the
// canonical form equates, and the two must have the same canonical texts, no difference in
// `hoctap diff`, and (compare_paths) the same judgement of every entity. The rewrites are
// written from the compiled tree, not from the generator's text, so that they reach every
// expression the generator writes without it knowing of them.
#include <random>
#include <unordered_set>
#include <utility>

#include "expr/expr.hpp"
#include "hoctap/diff.hpp"
#include "model/model.hpp"
#include "rule_fuzz.hpp"

namespace hoctap_test {
namespace {

using hoctap::internal::CompiledSet;
using hoctap::internal::Expr;
using hoctap::internal::ExprContext;
using hoctap::internal::ExprError;
using hoctap::internal::Formula;
using hoctap::internal::Literal;
using hoctap::internal::Op;

// How tightly an operator binds (docs/expressions.md): `if` least, a value, name or call most.
// The fuzzer's own table, as the grammar gives it, not canonical.cpp's: the rewrites must not
// rest on the writer they test.
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

// Writes a compiled expression back as a text that compiles to the same tree but for the
// rewrites canonical_text's contract equates, each drawn at random: a comparison turned
// round with its operator mirrored (`==` and `!=` as they are), a sum or product of a
// constant and another operand turned round, a chain of `and` (or of
// `or`) regrouped with its operands in their order, needless parentheses, a number with
// trailing zeros or without (`5`, `5.0`: the type follows, int or decimal, which only the
// digits of `round`, `floor` and `ceil` care for, and those are written as they are), a
// category value by its id or its Vietnamese label, `round(x)` as `round(x, 0)` (and `floor`, `ceil`), single,
// double or no spaces around symbols, either quote; and now and then a part, or the whole,
// as its canonical text, whose tree may differ from the part's in more than these rewrites
// if canonical_text equates what it should not.
class Rewriter {
 public:
  Rewriter(const CompiledSet& set, std::mt19937& rng) : set_(set), rng_(rng) {}

  // The whole expression: now and then its canonical text, so that the twin also holds
  // the trees canonical texts compile to.
  std::string expression(const Expr& e) { return coin(4) ? hoctap::internal::canonical_text(e, set_) : write(e); }

 private:
  const CompiledSet& set_;
  std::mt19937& rng_;

  std::string write(const Expr& e) {
    if (coin(10)) return hoctap::internal::canonical_text(e, set_);  // a part as canonical_text writes it
    switch (e.op) {
      case Op::literal: return literal(e);
      case Op::input: case Op::member_field: case Op::param: return e.name;
      case Op::assessment_date: return "assessment_date";
      case Op::total: return "total";
      case Op::neg: return std::string("-") + (coin(4) ? " " : "") + operand(*e.args[0], 7);
      case Op::not_: return word("not") + operand(*e.args[0], 3);
      case Op::and_: case Op::or_: {
        std::vector<const Expr*> chain;
        flatten(e, e.op, chain);
        return group(chain, 0, chain.size(), e.op);
      }
      case Op::eq: case Op::ne: case Op::lt: case Op::le: case Op::gt: case Op::ge: return comparison(e);
      case Op::add: return commuted(e, "+", 5);
      case Op::sub: return operand(*e.args[0], 5) + symbol("-") + operand(*e.args[1], 6);
      case Op::mul: return commuted(e, "*", 6);
      case Op::div: return operand(*e.args[0], 6) + symbol("/") + operand(*e.args[1], 7);
      case Op::if_:
        return "if " + operand(*e.args[0], 0) + word("then") + operand(*e.args[1], 0) + word("else") + operand(*e.args[2], 0);
      case Op::min: return call(e, "min");
      case Op::max: return call(e, "max");
      case Op::abs: return call(e, "abs");
      case Op::years_between: return call(e, "years_between");
      case Op::floor: return call(e, "floor");
      case Op::ceil: return call(e, "ceil");
      case Op::round: return call(e, "round");
      case Op::count: return aggregate(e, "count");
      case Op::share: return aggregate(e, "share");
      case Op::all: return aggregate(e, "all");
      case Op::any: return aggregate(e, "any");
      case Op::sum: return aggregate(e, "sum");
    }
    return "?";
  }

  bool coin(unsigned n) { return rng_() % n == 0; }
  std::string space() { return coin(3) ? "" : coin(3) ? "  " : " "; }
  std::string symbol(const char* s) { return space() + s + space(); }
  std::string word(const char* w) { return std::string(coin(5) ? "  " : " ") + w + (coin(5) ? "  " : " "); }

  // `e` in parentheses where the grammar needs them (it binds less tightly than
  // `at_least`), and now and then where it does not.
  std::string operand(const Expr& e, int at_least) {
    const std::string text = write(e);
    if (binding(e) < at_least || coin(8)) return "(" + space() + text + space() + ")";
    return text;
  }

  static void flatten(const Expr& e, Op op, std::vector<const Expr*>& out) {
    if (e.op != op) {
      out.push_back(&e);
      return;
    }
    flatten(*e.args[0], op, out);
    flatten(*e.args[1], op, out);
  }
  // Operands [from, to) of a chain of `op`, grouped at random: a group of more than one
  // operand mostly in parentheses when it stands on the right (without them the parser
  // groups it from the left, as good a rewrite), now and then on the left.
  std::string group(const std::vector<const Expr*>& chain, std::size_t from, std::size_t to, Op op) {
    const int strength = op == Op::and_ ? 2 : 1;
    if (to - from == 1) return operand(*chain[from], strength + 1);
    const std::size_t split = from + 1 + rng_() % (to - from - 1);
    std::string left = group(chain, from, split, op), right = group(chain, split, to, op);
    if (split - from > 1 && coin(4)) left = "(" + left + ")";
    if (to - split > 1 && !coin(4)) right = "(" + right + ")";
    return left + word(op == Op::and_ ? "and" : "or") + right;
  }

  // A literal, or a negated number.
  static bool constant(const Expr& e) { return e.op == Op::literal || (e.op == Op::neg && e.args[0]->op == Op::literal); }

  // A sum or product, its operands turned round now and then when one of them is a
  // constant (`x * 2` as `2 * x`).
  std::string commuted(const Expr& e, const char* sign, int strength) {
    const Expr* left = e.args[0].get();
    const Expr* right = e.args[1].get();
    if (constant(*left) != constant(*right) && coin(2)) std::swap(left, right);
    return operand(*left, strength) + symbol(sign) + operand(*right, strength + 1);
  }

  std::string comparison(const Expr& e) {
    const Expr* left = e.args[0].get();
    const Expr* right = e.args[1].get();
    Op op = e.op;
    if (coin(2)) {
      std::swap(left, right);
      op = op == Op::lt ? Op::gt : op == Op::le ? Op::ge : op == Op::gt ? Op::lt : op == Op::ge ? Op::le : op;
    }
    const char* sign = op == Op::eq ? "==" : op == Op::ne ? "!=" : op == Op::lt ? "<" : op == Op::le ? "<=" : op == Op::gt ? ">" : ">=";
    return operand(*left, 5) + symbol(sign) + operand(*right, 5);
  }

  std::string call(const Expr& e, const char* name) {
    std::string out = std::string(name) + "(" + space();
    for (std::size_t i = 0; i < e.args.size(); ++i) out += (i > 0 ? "," + space() : "") + operand(*e.args[i], 0);
    if (e.op == Op::floor || e.op == Op::ceil || e.op == Op::round) {
      if (e.slot > 0 || coin(2)) out += "," + space() + std::to_string(e.slot);
    }
    return out + space() + ")";
  }

  std::string aggregate(const Expr& e, const char* name) {
    std::string out = std::string(name) + "(" + space() + e.args[0]->name;
    if (e.args[1]) out += word("where") + operand(*e.args[1], 0);
    if (e.args[2]) out += "," + space() + operand(*e.args[2], 0);
    return out + space() + ")";
  }

  std::string quoted(const std::string& text) {
    const bool single = text.find('\'') == std::string::npos && (text.find('"') != std::string::npos || coin(2));
    const char q = single ? '\'' : '"';
    return q + text + q;
  }

  std::string literal(const Expr& e) {
    switch (e.lit.kind) {
      case Literal::Kind::boolean: return e.lit.i ? "true" : "false";
      case Literal::Kind::number: {
        std::string text = hoctap::Decimal::from_units(e.lit.i).to_string();
        const std::size_t point = text.find('.');
        const std::size_t decimals = point == std::string::npos ? 0 : text.size() - point - 1;
        if (coin(2)) {
          const std::size_t zeros = 1 + rng_() % 2;
          if (decimals + zeros <= 6) text += (point == std::string::npos ? "." : "") + std::string(zeros, '0');
        }
        return text;
      }
      case Literal::Kind::date:
        return "date(" + space() + quoted(hoctap::Date::from_days(static_cast<std::int32_t>(e.lit.i)).to_string()) + space() + ")";
      case Literal::Kind::category: {
        const auto& scale = set_.scales[static_cast<std::size_t>(e.type.scale)];
        const auto i = static_cast<std::size_t>(e.lit.i);
        return quoted(coin(2) ? scale.values[i] : scale.labels[i].vi);
      }
      case Literal::Kind::text: return quoted(e.lit.text);
      case Literal::Kind::none: break;
    }
    return "?";
  }
};

// Every formula of `set` that holds an expression, in for_each_formula's order, each with
// whether it is a knock-out's condition (compiled with `total` in scope).
std::vector<std::pair<const Formula*, bool>> expressions_of(const CompiledSet& set) {
  std::unordered_set<const Formula*> knockouts;
  for (const auto& k : set.knockouts) knockouts.insert(&k.when);
  std::vector<std::pair<const Formula*, bool>> out;
  hoctap::internal::for_each_formula(set, [&](const Formula& f) {
    if (f) out.emplace_back(&f, knockouts.count(&f) > 0);
  });
  return out;
}

// Compiles `text` in `set` as the loader does for a place of that kind.
Formula compile_in(const CompiledSet& set, const std::string& text, bool knockout, std::string& error) {
  std::vector<ExprError> errors;
  Formula f = hoctap::internal::compile_expression(text, ExprContext{&set, knockout}, errors);
  if (!f) error = errors.empty() ? std::string("no tree") : errors[0].code + " " + errors[0].message;
  return f;
}

// The canonical text of each expression of `set` compiles in `set` to a tree of the same
// canonical text; the problems found, described.
void check_idempotent(const CompiledSet& set, const char* which, std::vector<std::string>& problems) {
  for (const auto& [f, knockout] : expressions_of(set)) {
    const std::string canonical = hoctap::internal::canonical_text(*f->root, set);
    std::string error;
    const Formula again = compile_in(set, canonical, knockout, error);
    if (!again) {
      problems.push_back(std::string(which) + " `" + f->text + "`: its canonical text `" + canonical + "` does not compile: " + error);
      continue;
    }
    const std::string twice = hoctap::internal::canonical_text(*again.root, set);
    if (twice != canonical)
      problems.push_back(std::string(which) + " `" + f->text + "`: canonical text `" + canonical + "`, compiled again `" + twice + "`");
  }
}

}  // namespace

Twin rewritten_twin(const hoctap::CriteriaSet& set, std::uint32_t seed) {
  Twin twin;
  const CompiledSet& compiled = *set.compiled();
  std::mt19937 rng(seed * 2654435761u + 1);
  Rewriter rewriter(compiled, rng);
  std::vector<std::string>& problems = twin.problems;
  const Rewrite rewrite = [&](const std::string& text, bool knockout) {
    std::string error;
    const Formula f = compile_in(compiled, text, knockout, error);
    if (!f) {  // the set loaded, so each of its expressions compiles
      problems.push_back("`" + text + "` of the generated set does not compile alone: " + error);
      return text;
    }
    return rewriter.expression(*f.root);
  };
  twin.text = random_criteria(seed, rewrite);
  auto loaded = hoctap::load_criteria_string(twin.text, "fuzz-" + std::to_string(seed) + "-twin.yaml");
  if (!loaded.ok()) {
    problems.push_back("the rewritten twin does not load:\n" + hoctap::format(loaded.diagnostics));
    return twin;
  }
  twin.set = *loaded.set;
  const CompiledSet& other = *twin.set->compiled();
  check_idempotent(compiled, "expression", problems);
  check_idempotent(other, "rewritten expression", problems);
  // The two sets' expressions meet in the same order: the files differ in them only.
  const auto mine = expressions_of(compiled), theirs = expressions_of(other);
  twin.expressions = mine.size();
  if (mine.size() != theirs.size()) {
    problems.push_back("the twin has " + std::to_string(theirs.size()) + " expressions, the set " + std::to_string(mine.size()));
    return twin;
  }
  for (std::size_t i = 0; i < mine.size(); ++i) {
    const std::string a = hoctap::internal::canonical_text(*mine[i].first->root, compiled);
    const std::string b = hoctap::internal::canonical_text(*theirs[i].first->root, other);
    if (a != b)
      problems.push_back("`" + mine[i].first->text + "` and its rewrite `" + theirs[i].first->text + "` have canonical texts `" + a + "` and `" + b + "`");
  }
  if (!hoctap::same_criteria(set, *twin.set))
    problems.push_back("hoctap diff lists differences:\n" + hoctap::diff_criteria(set, *twin.set, hoctap::Lang::en));
  return twin;
}

}  // namespace hoctap_test
