// The expression language: typing, resolution and the column of each error.
#include <boost/test/unit_test.hpp>

#include <optional>
#include <set>
#include <sstream>
#include <variant>

#include "expr/expr.hpp"
#include "helpers.hpp"

using namespace hoctap::internal;

namespace {

// Inputs of every type, and the scale of the categories.
const std::string kInputs =
    "  n: {type: int, label: {vi: n, en: n}}\n"
    "  d: {type: decimal, label: {vi: d, en: d}}\n"
    "  b: {type: bool, label: {vi: b, en: b}}\n"
    "  ngay: {type: date, label: {vi: ngày, en: day}}\n"
    "  hl: {type: category, scale: hoc_luc, label: {vi: học lực, en: result}}\n"
    "  ds:\n    type: list\n    label: {vi: ds, en: list}\n    fields:\n"
    "      tuoi: {type: int, label: {vi: tuổi, en: age}}\n"
    "      hl: {type: category, scale: hoc_luc, label: {vi: học lực, en: result}}\n"
    "  gd: {type: list, title: gia_dinh, label: {vi: gia đình, en: families}}\n";
const std::string kScales = "scales:\n  hoc_luc:\n    - {id: yeu, vi: Yếu, en: Weak}\n    - {id: kha, vi: Khá, en: Good}\n";

// A set with inputs of every type to compile expressions against.
const CompiledSet& context_set() {
  static const hoctap::CriteriaSet set = [] {
    auto r = hoctap::load_criteria_string(
        hoctap_test::minimal_set(kInputs, "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n    points: {assessed: true}\n", kScales),
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

namespace {

std::string canonical(const std::string& text) {
  Compiled c = compile(text);
  return c.f ? canonical_text(*c.f.root, context_set()) : "error: " + c.errors[0].message;
}

// Texts with one canonical text, the last. `same_reasons`: false where the rewrite turns
// round a comparison of two operands that can both be unknown, whose value is then the
// other unknown operand (a reason may name the other missing input).
struct Alike {
  std::vector<std::string> texts;
  bool same_reasons = true;
};

const std::vector<Alike>& rewrites_alike() {
  static const std::vector<Alike> rows = {
      {{"n <= d", "d >= n", "d >= n"}, false},
      {{"n < d", "d > n", "d > n"}, false},
      {{"5 == n", "n == 5", "n == 5"}},
      {{"5 != n", "n != 5", "n != 5"}},
      {{"5 > n", "n < 5", "n < 5"}},
      {{"5 <= n", "n >= 5", "n >= 5"}},
      {{"-1 <= d", "d >= -1", "d >= -1"}},
      {{"n == d", "d == n", "d == n"}, false},
      {{"n != d", "d != n", "d != n"}, false},
      {{"'Khá' == hl", "hl == 'kha'", "hl == 'kha'"}},
      {{"date('2024-02-01') > ngay", "ngay < date('2024-02-01')", "ngay < date('2024-02-01')"}},
      {{"n + 1 <= d * 2", "d * 2 >= n + 1", "d * 2 >= n + 1"}, false},
      {{"n <= count(ds where 6 <= tuoi)", "count(ds where tuoi >= 6) >= n", "count(ds where tuoi >= 6) >= n"}},
      {{"(n > 1) == b", "b == (n > 1)", "(n > 1) == b"}, false},
      {{"d >= 1", "d >= 1.0", "d >= 1.00", "d >= 1"}},
      {{"n * 1.50 + 2.0 > d", "n * 1.5 + 2 > d", "n * 1.5 + 2 > d"}},
      {{"max(n, 3.000) >= d", "max(n, 3) >= d", "max(n, 3) >= d"}},
      {{"2 * n >= d", "n * 2.0 >= d", "n * 2 >= d"}},
      {{"-3 * d + 1 < n", "1 + d * -3 < n", "n > d * -3 + 1"}, false},
      {{"-3 * d + 1 < 4", "1 + d * -3 < 4.0", "d * -3 + 1 < 4"}},
      {{"(b and n > 1) and d < 2", "b and (n > 1 and d < 2)", "b and n > 1 and d < 2"}},
      {{"(b or n > 1) or d < 2", "b or (n > 1 or d < 2)", "b or n > 1 or d < 2"}},
      {{"b and ((n > 1 and d < 2) and hl == 'kha')", "(b and n > 1) and (d < 2 and hl == 'kha')", "b and n > 1 and d < 2 and hl == 'kha'"}},
      {{"b or (n > 1 and d < 2)", "b or n > 1 and d < 2", "b or n > 1 and d < 2"}},
      {{"(1 < n) and (b and 2.0 > d)", "n > 1 and b and d < 2", "n > 1 and b and d < 2"}},
      {{"any(ds, tuoi > 8) or (any(ds where 7 <= tuoi, hl == 'kha') or hl == 'yeu')",
        "any(ds, tuoi > 8) or any(ds where tuoi >= 7, hl == 'kha') or hl == 'yeu'"}},
  };
  return rows;
}

}  // namespace

// One text for every way of writing the same tree, which compiles back to a tree of the
// same text.
BOOST_AUTO_TEST_CASE(canonical_text_is_one_text_per_tree) {
  const std::pair<const char*, const char*> cases[] = {
      {"n>=2", "n >= 2"},
      {"((n)) >= (2)", "n >= 2"},
      {"(n + 1) * 2 - (n - 1) - 3", "(n + 1) * 2 - (n - 1) - 3"},
      {"n - (1 - n)", "n - (1 - n)"},
      {"n / (2 * d)", "n / (d * 2)"},
      {"2 * (n - 1)", "(n - 1) * 2"},
      {"1 + (n - 1)", "n - 1 + 1"},
      {"2 * 3", "2 * 3"},
      {"-(n + 1)", "-(n + 1)"},
      {"- -n", "--n"},
      {"(b and b) and (not b or b)", "b and b and (not b or b)"},
      {"b and (b or b)", "b and (b or b)"},
      {"not (n > 1)", "not n > 1"},
      {"(n > 1) == b", "(n > 1) == b"},
      {"if b then 1 else (if b then 2 else 3)", "if b then 1 else if b then 2 else 3"},
      {"(if b then 1 else 2) + 1", "(if b then 1 else 2) + 1"},
      {"d >= 1.50", "d >= 1.5"},
      {"d >= 2.000", "d >= 2"},
      {"hl == 'Khá'", "hl == 'kha'"},
      {"\"kha\" == hl", "hl == 'kha'"},
      {"ngay < date(\"2024-02-01\")", "ngay < date('2024-02-01')"},
      {"round(d,0) + floor(d, 2) + max(n,1,2)", "round(d) + floor(d, 2) + max(n, 1, 2)"},
      {"share(ds where (tuoi>=6) and hl=='Yếu',tuoi<10)", "share(ds where tuoi >= 6 and hl == 'yeu', tuoi < 10)"},
      {"count( ds )", "count(ds)"},
      {"all(gd, result.recognized)", "all(gd, result.recognized)"},
      {"years_between(ngay , assessment_date) >= 18", "years_between(ngay, assessment_date) >= 18"},
  };
  for (const auto& [text, want] : cases) {
    BOOST_TEST(canonical(text) == want, text);
    BOOST_TEST(canonical(want) == want, want);  // the canonical text compiles to a tree of that text
  }
}

// Rewrites that judge every entity alike, missing values included, have one text: a
// comparison the other way round, a number with or without trailing zeros, a regrouped
// chain of `and` or of `or`. Each row: the texts, then their canonical text.
BOOST_AUTO_TEST_CASE(canonical_text_is_one_text_for_rewrites_that_judge_alike) {
  for (const Alike& row : rewrites_alike()) {
    const std::string& want = row.texts.back();
    for (const std::string& text : row.texts) BOOST_TEST(canonical(text) == want, text);
  }
  // What judges otherwise, or is not shown to judge alike, keeps its own text.
  const std::pair<const char*, const char*> differ[] = {
      {"d >= n", "d > n"},
      {"n >= d", "d >= n"},
      {"d >= 1", "d >= 2"},
      {"d >= 1", "d >= 1.000001"},
      {"b and n > 1", "n > 1 and b"},  // the operands' order decides which unknown one is the value
      {"b or n > 1", "n > 1 or b"},
      {"b and (n > 1 or d < 2)", "(b and n > 1) or d < 2"},
      {"(b or n > 1) and d < 2", "b or (n > 1 and d < 2)"},
      {"n - (1 - n)", "n - 1 - n"},
      {"n / (2 * d)", "n / 2 * d"},
      {"n - 1", "1 - n"},
      {"n / 2", "2 / n"},
  };
  for (const auto& [a, b] : differ) BOOST_TEST(canonical(a) != canonical(b), a << " / " << b);
}

namespace {

// A set of one indicator that scores 10 when `when` holds.
hoctap::CriteriaSet scoring_when(const std::string& when) {
  auto r = hoctap::load_criteria_string(
      hoctap_test::minimal_set(kInputs,
                               "  - id: c\n    name: {vi: C, en: C}\n    max: 10\n    points:\n      conditions:\n"
                               "        - {when: \"" + when + "\", points: 10}\n      otherwise: 0\n",
                               kScales),
      "when.yaml");
  BOOST_REQUIRE_MESSAGE(r.ok(), hoctap::format(r.diagnostics));
  return *r.set;
}

// Every combination of a few values of each input, each also missing: the values sit on
// the edges the rewrites' comparisons test.
std::vector<hoctap::Record> records_around_the_edges() {
  using hoctap::Record;
  using hoctap::Value;
  auto member = [](std::optional<std::int64_t> tuoi, const char* hl) {
    Record m;
    if (tuoi) m.set("tuoi", *tuoi);
    return m.set("hl", std::string(hl));
  };
  const std::vector<Value> ns = {std::monostate{}, std::int64_t{1}, std::int64_t{2}, std::int64_t{5}};
  const std::vector<Value> ds_ = {std::monostate{}, hoctap::Decimal::from_int(-2), hoctap::Decimal::from_int(1), hoctap::Decimal::from_int(2),
                                  hoctap::Decimal::from_int(10)};
  const std::vector<Value> bs = {std::monostate{}, true, false};
  const std::vector<Value> hls = {std::monostate{}, std::string("yeu"), std::string("kha")};
  const std::vector<Value> days = {std::monostate{}, hoctap_test::day("2024-02-01"), hoctap_test::day("2024-01-31")};
  const std::vector<Value> lists = {std::vector<Record>{}, std::vector<Record>{member(5, "kha")}, std::vector<Record>{member(7, "yeu")},
                                    std::vector<Record>{member(std::nullopt, "kha")},
                                    std::vector<Record>{member(7, "kha"), member(std::nullopt, "yeu")}};
  std::vector<Record> out;
  for (const Value& n : ns)
    for (const Value& d : ds_)
      for (const Value& b : bs)
        for (const Value& hl : hls)
          for (const Value& ngay : days)
            for (const Value& list : lists) {
              Record r;
              for (const auto& [name, v] : {std::pair<const char*, const Value*>{"n", &n}, {"d", &d}, {"b", &b}, {"hl", &hl}, {"ngay", &ngay}})
                if (!std::holds_alternative<std::monostate>(*v)) r.set(name, *v);
              r.set("ds", list);
              out.push_back(std::move(r));
            }
  return out;
}

// What a result says of the entity: the decision, the indicator's status and points, and
// with `reasons` the reasons in English.
std::string judged(const hoctap::Result& r, bool reasons) {
  std::ostringstream o;
  o << r.decision() << " " << r.nodes()[0].status << " " << r.nodes()[0].points;
  if (reasons)
    for (const hoctap::Reason& why : r.reasons()) o << "; " << why.en;
  return o.str();
}

}  // namespace

// The rewrites canonical_text equates give every entity the same decision, status and
// points, with every input known or missing, and where the rewrite cannot make another
// unknown operand the value, the same reasons.
BOOST_AUTO_TEST_CASE(rewrites_with_one_canonical_text_judge_every_entity_alike) {
  const std::vector<hoctap::Record> records = records_around_the_edges();
  hoctap::EvaluateOptions options;
  options.assessment_date = hoctap_test::day("2024-06-30");
  for (const Alike& row : rewrites_alike()) {
    const hoctap::CriteriaSet first = scoring_when(row.texts.front());
    std::vector<hoctap::CriteriaSet> others;
    for (std::size_t i = 1; i < row.texts.size(); ++i) others.push_back(scoring_when(row.texts[i]));
    std::size_t differ = 0;
    std::set<std::string> outcomes;
    for (const hoctap::Record& r : records) {
      const std::string want = judged(first.evaluate(r, options), row.same_reasons);
      outcomes.insert(want.substr(0, want.find(';')));
      for (std::size_t i = 0; i < others.size(); ++i) {
        const std::string got = judged(others[i].evaluate(r, options), row.same_reasons);
        if (got != want && differ++ < 3) BOOST_TEST(got == want, row.texts[i + 1] << ": " << got << "; " << row.texts.front() << ": " << want);
      }
    }
    BOOST_TEST(differ == 0u, row.texts.front());
    BOOST_TEST(outcomes.size() == 3u, row.texts.front() << ": the records meet every outcome (met, not met, not assessable)");
  }
}

BOOST_AUTO_TEST_SUITE_END()
