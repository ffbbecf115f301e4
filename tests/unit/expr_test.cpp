// The expression language: typing, resolution and the column of each error.
#include <boost/test/unit_test.hpp>

#include "expr/expr.hpp"
#include "helpers.hpp"

using namespace hoctap::internal;

namespace {

// A set with inputs of every type to compile expressions against.
const CompiledSet& context_set() {
  static const hoctap::CriteriaSet set = [] {
    auto r = hoctap::load_criteria_string(
        hoctap_test::minimal_set(
            "  n: {type: int, label: {vi: n, en: n}}\n"
            "  d: {type: decimal, label: {vi: d, en: d}}\n"
            "  b: {type: bool, label: {vi: b, en: b}}\n"
            "  ngay: {type: date, label: {vi: ngày, en: day}}\n"
            "  hl: {type: category, scale: hoc_luc, label: {vi: học lực, en: result}}\n"
            "  ds:\n    type: list\n    label: {vi: ds, en: list}\n    fields:\n"
            "      tuoi: {type: int, label: {vi: tuổi, en: age}}\n"
            "      hl: {type: category, scale: hoc_luc, label: {vi: học lực, en: result}}\n"
            "  gd: {type: list, title: gia_dinh, label: {vi: gia đình, en: families}}\n",
            "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n    points: {assessed: true}\n",
            "scales:\n  hoc_luc:\n    - {id: yeu, vi: Yếu, en: Weak}\n    - {id: kha, vi: Khá, en: Good}\n"),
        "ctx.yaml");
    if (!r.ok()) throw std::runtime_error(hoctap::format(r.diagnostics));
    return *r.set;
  }();
  return *set.compiled();
}

struct Compiled {
  Formula f;
  std::vector<ExprError> errors;
};

Compiled compile(const std::string& text) {
  Compiled c;
  c.f = compile_expression(text, ExprContext{&context_set(), false}, c.errors);
  return c;
}

std::string type_of(const std::string& text) {
  Compiled c = compile(text);
  if (!c.f) return "error: " + c.errors[0].message;
  return type_name(c.f.root->type, context_set());
}

std::string error_of(const std::string& text) {
  Compiled c = compile(text);
  if (c.f) return "no error";
  return std::to_string(c.errors[0].pos) + " " + c.errors[0].code + " " + c.errors[0].message;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(expr)

BOOST_AUTO_TEST_CASE(types_arithmetic_exactly) {
  BOOST_TEST(type_of("n + 1") == "int");
  BOOST_TEST(type_of("n * 2.5") == "decimal");
  BOOST_TEST(type_of("n / 2") == "decimal");
  BOOST_TEST(type_of("round(d)") == "int");
  BOOST_TEST(type_of("round(d, 1)") == "decimal");
  BOOST_TEST(type_of("min(n, 3, 4)") == "int");
  BOOST_TEST(type_of("if b then n else d") == "decimal");
  BOOST_TEST(type_of("years_between(ngay, assessment_date)") == "int");
}

BOOST_AUTO_TEST_CASE(types_comparisons_and_logic) {
  BOOST_TEST(type_of("n >= 1 and not b or d < 0.5") == "bool");
  BOOST_TEST(type_of("hl >= 'kha'") == "bool");
  BOOST_TEST(type_of("hl == 'Khá'") == "bool");  // a Vietnamese label names the value too
  BOOST_TEST(type_of("ngay < date('2020-01-01')") == "bool");
}

BOOST_AUTO_TEST_CASE(types_aggregates_over_members) {
  BOOST_TEST(type_of("count(ds)") == "int");
  BOOST_TEST(type_of("count(ds where tuoi >= 6)") == "int");
  BOOST_TEST(type_of("share(ds where tuoi >= 6, hl >= 'kha')") == "decimal");
  BOOST_TEST(type_of("all(ds, tuoi < n)") == "bool");
  BOOST_TEST(type_of("sum(ds, tuoi)") == "int");
  BOOST_TEST(type_of("share(gd, result.recognized)") == "decimal");
  BOOST_TEST(type_of("any(gd, result.grade == 'tot')") == "bool");
}

BOOST_AUTO_TEST_CASE(errors_point_at_their_column) {
  BOOST_TEST(error_of("n +") == "3 H200 expected a value, found end of expression");
  BOOST_TEST(error_of("(n + 1") == "6 H200 expected `)`, found end of expression");
  BOOST_TEST(error_of("n = 1") == "2 H200 `=` is not an operator; compare with `==`");
  BOOST_TEST(error_of("b && b") == "2 H200 use `and` / `or` instead of `&`");
  BOOST_TEST(error_of("n + m") == "4 H201 unknown name `m` (not an input or a parameter)");
  BOOST_TEST(error_of("b + 1") == "2 H202 `+` needs numbers, not bool and int");
  BOOST_TEST(error_of("hl >= 'gioi'") == "6 H204 `gioi` is not a value of scale `hoc_luc` (yeu, kha)");
  BOOST_TEST(error_of("hl >= n") == "3 H202 cannot compare category `hoc_luc` with int using `>=`");
  BOOST_TEST(error_of("1 < n < 3") == "6 H200 comparisons do not chain; join them with `and`");
  BOOST_TEST(error_of("avg(n)") == "0 H203 unknown function `avg` (known: count, share, all, any, sum, min, max, floor, "
                                   "ceil, round, abs, years_between, date)");
  BOOST_TEST(error_of("share(ds where tuoi > 1)") == "0 H203 `share` needs a condition: share(list [where filter], condition)");
  BOOST_TEST(error_of("count(n)") == "6 H202 `count` needs a member list, and `n` is int");
  BOOST_TEST(error_of("all(ds, tuoi)") == "8 H202 the condition of `all` must be true or false, not int");
  BOOST_TEST(error_of("share(ds, result.recognized)") == "10 H201 `result.recognized`: the list `ds` names no title, so its members have no results");
  BOOST_TEST(error_of("total > 1") == "0 H201 `total` is only known in `recognition` rules");
  BOOST_TEST(error_of("round(d, n)") == "9 H202 the digits of `round` must be a whole number from 0 to 6");
  BOOST_TEST(error_of("'unclosed") == "0 H200 text that starts here is not closed");
}

// A character no reader can see (a zero-width space pasted inside a name, a no-break space
// between words) is named by its code point, in both languages.
BOOST_AUTO_TEST_CASE(invisible_characters_are_named) {
  BOOST_TEST(error_of("n +\xE2\x80\x8B" "1") == "3 H200 unexpected invisible character <U+200B>: delete it, or write an ordinary space where a space is meant");
  BOOST_TEST(error_of("b and\xC2\xA0" "b") == "5 H200 unexpected invisible character <U+00A0>: delete it, or write an ordinary space where a space is meant");
  Compiled c = compile("n\xEF\xBB\xBF > 1");
  BOOST_REQUIRE(!c.errors.empty());
  BOOST_TEST(c.errors[0].message_vi == "ký tự vô hình <U+FEFF> không mong đợi: hãy xóa nó, hoặc viết dấu cách thường nếu định viết dấu cách");
  BOOST_TEST(error_of("n # 1") == "2 H200 unexpected character `#`");
}

BOOST_AUTO_TEST_CASE(member_fields_shadow_only_inside_aggregates) {
  BOOST_TEST(error_of("tuoi > 1") == "0 H201 unknown name `tuoi` (not an input or a parameter)");
  BOOST_TEST(type_of("count(ds where hl == 'yeu')") == "int");
}

namespace {

// `prefix` n times, then `core`, then `suffix` n times.
std::string wrapped(const std::string& prefix, const std::string& core, const std::string& suffix, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += prefix;
  s += core;
  for (std::size_t i = 0; i < n; ++i) s += suffix;
  return s;
}

std::string chain(const std::string& term, const std::string& op, std::size_t n) {
  std::string s = term;
  for (std::size_t i = 1; i < n; ++i) s += op + term;
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(depth_and_length_are_bounded_for_every_shape) {
  // At the limit each shape compiles; one level more is H206, never a crash.
  BOOST_TEST(error_of(wrapped("(", "n", ")", 99)) == "no error");
  BOOST_TEST(error_of(wrapped("(", "n", ")", 100)) == "100 H206 the expression nests deeper than 100 levels");
  BOOST_TEST(error_of(chain("b", " and ", 100)) == "no error");
  BOOST_TEST(error_of(chain("b", " and ", 101)) == "596 H206 the expression nests deeper than 100 levels");
  BOOST_TEST(error_of(chain("1", "+", 102)).find(" H206 ") != std::string::npos);
  BOOST_TEST(error_of(wrapped("not ", "b", "", 99)) == "no error");
  BOOST_TEST(error_of(wrapped("not ", "b", "", 100)) == "396 H206 the expression nests deeper than 100 levels");
  BOOST_TEST(error_of(wrapped("not ", "b", "", 101)).find(" H206 ") != std::string::npos);
  BOOST_TEST(error_of(wrapped("-", "n", "", 101)).find(" H206 ") != std::string::npos);
  BOOST_TEST(error_of(wrapped("if b then ", "1", " else 2", 101)).find(" H206 ") != std::string::npos);
  BOOST_TEST(error_of(wrapped("abs(", "n", ")", 101)).find(" H206 ") != std::string::npos);
  BOOST_TEST(error_of("count(ds where " + wrapped("not ", "tuoi > 6", "", 101) + ")").find(" H206 ") != std::string::npos);
  // What crashed the validator: a few hundred KB of each shape. The length is refused first.
  for (const std::string& e : {wrapped("(", "n", ")", 150000), chain("1", "+", 150000), wrapped("not ", "b", "", 75000),
                               chain("b", " and ", 100000)}) {
    std::string got = error_of(e);
    BOOST_TEST(got == "0 H205 the expression is " + std::to_string(e.size()) + " bytes long; expressions are limited to 10000 bytes");
  }
  // Under the length limit but far over the depth: refused by depth.
  BOOST_TEST(error_of(wrapped("(", "n", ")", 4999)).find(" H206 ") != std::string::npos);
  BOOST_TEST(error_of(chain("b", " or ", 2000)).find(" H206 ") != std::string::npos);
}

// One text for every way of writing the same tree, which compiles back to that tree.
BOOST_AUTO_TEST_CASE(canonical_text_is_one_text_per_tree) {
  auto canonical = [](const std::string& text) {
    Compiled c = compile(text);
    return c.f ? canonical_text(*c.f.root, context_set()) : "error: " + c.errors[0].message;
  };
  const std::pair<const char*, const char*> cases[] = {
      {"n>=2", "n >= 2"},
      {"((n)) >= (2)", "n >= 2"},
      {"(n + 1) * 2 - (n - 1) - 3", "(n + 1) * 2 - (n - 1) - 3"},
      {"n - (1 - n)", "n - (1 - n)"},
      {"n / (2 * d)", "n / (2 * d)"},
      {"-(n + 1)", "-(n + 1)"},
      {"- -n", "--n"},
      {"(b and b) and (not b or b)", "b and b and (not b or b)"},
      {"b and (b and b)", "b and (b and b)"},
      {"not (n > 1)", "not n > 1"},
      {"(n > 1) == b", "(n > 1) == b"},
      {"if b then 1 else (if b then 2 else 3)", "if b then 1 else if b then 2 else 3"},
      {"(if b then 1 else 2) + 1", "(if b then 1 else 2) + 1"},
      {"d >= 1.50", "d >= 1.5"},
      {"d >= 2.000", "d >= 2.0"},
      {"hl == 'Khá'", "hl == 'kha'"},
      {"\"kha\" == hl", "'kha' == hl"},
      {"ngay < date(\"2024-02-01\")", "ngay < date('2024-02-01')"},
      {"round(d,0) + floor(d, 2) + max(n,1,2)", "round(d) + floor(d, 2) + max(n, 1, 2)"},
      {"share(ds where (tuoi>=6) and hl=='Yếu',tuoi<10)", "share(ds where tuoi >= 6 and hl == 'yeu', tuoi < 10)"},
      {"count( ds )", "count(ds)"},
      {"all(gd, result.recognized)", "all(gd, result.recognized)"},
      {"years_between(ngay , assessment_date) >= 18", "years_between(ngay, assessment_date) >= 18"},
  };
  for (const auto& [text, want] : cases) {
    BOOST_TEST(canonical(text) == want, text);
    BOOST_TEST(canonical(want) == want, want);  // the canonical text compiles to the same tree
  }
}

BOOST_AUTO_TEST_SUITE_END()
