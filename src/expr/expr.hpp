// The expression language of criteria files (docs/expressions.md): parsing and type
// checking in one step, producing a typed tree whose names are resolved to slots.
#pragma once

#include <string>
#include <vector>

#include "model/model.hpp"

namespace hoctap::internal {

// Bounds on one expression (H205, H206). Every walker of an expression tree recurses once
// per level: the type checks here, shape numbering, the row and block evaluators
// (evaluate/), the document renderer and the tree's own destructor. None needs a bound of
// its own: the depth bound here, checked
// while the tree is built (operator chains such as `a and b and c …` count one level per
// operator), is what keeps their recursion small.
inline constexpr std::size_t kMaxExpressionBytes = 10000;
inline constexpr int kMaxExpressionDepth = 100;

struct ExprError {
  std::size_t pos;     // byte index in the expression text
  std::string code;    // H200..H204
  std::string message;
  std::string message_vi;  // the same in Vietnamese
};

struct ExprContext {
  const CompiledSet* set = nullptr;
  bool allow_total = false;  // `total` (the set's total points) is in scope
};

// Parses and checks `text`. On success the formula's root is set and its type is the
// expression's type; on failure `errors` has at least one entry and the root is null.
Formula compile_expression(const std::string& text, const ExprContext& context,
                           std::vector<ExprError>& errors);

// Gives every expression of `set` its Expr::shape (and the set its count of shapes):
// expressions with the same structure get the same number, so that an evaluator can
// compute a repeated condition once (QĐ 448's families select the same children for a
// line's `applies_when` and for its points).
void number_shapes(CompiledSet& set);

// `expr` written out in the expression language, one way for every way of writing the
// same tree and for these rewrites of it: single spaces around operators, parentheses only
// where the grammar needs them, a chain of `and` (or of `or`) without grouping parentheses,
// its operands in written order; numbers by their value (`1`, `1.0` and `1.00` as `1`), a
// category value by its id rather than its label, `round(x, 0)` as `round(x)`; a
// comparison in one orientation (`5 < x` as `x > 5`, `b <= a` as `a >= b`; the rule is at
// Canonical::comparison in canonical.cpp). Compiling the text again gives an equivalent
// tree, not always the same one: the same value for every entity, known, missing or
// undefined, except that a comparison of two unknown operands may be unknown through the
// other one (a "not assessable" reason may name the other missing input). Two expressions
// with the same canonical text therefore give every entity the same results and statuses;
// expressions that do but are written otherwise in more ways (`a and b` and `b and a`,
// `x * 2` and `2 * x`) may still differ. `set` is the set the expression was compiled in
// (it names category values).
std::string canonical_text(const Expr& expr, const CompiledSet& set);

// The name a type has in messages: `bool`, `int`, `decimal`, `date`, `text`,
// `category hoc_luc`, `list tre_em`.
std::string type_name(const Type& type, const CompiledSet& set);

}  // namespace hoctap::internal
