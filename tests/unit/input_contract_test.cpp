// The input contract's corpus (tests/data/input-contract/values.json) replayed through
// every C++ entry point: a Record, the context, Batch columns of each type (codes for
// text, float64 and int64 for numbers, boolean) and a CSV dataset file's cells. Each
// must make the same of each value: the same points, missing, or the same data problem
// (and, where the corpus gives it, the same text).
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "dataset/csv.hpp"
#include "helpers.hpp"
#include "hoctap/batch.hpp"
#include "hoctap/json.hpp"
#include "evaluate/plan.hpp"
#include "util/messages.hpp"
#include "util/numeric.hpp"

namespace {

using hoctap::Decimal;
using hoctap::Value;
using nlohmann::json;

struct Corpus {
  hoctap::CriteriaSet set;
  json cases;
  hoctap::Date date;
};

const Corpus& corpus() {
  static const Corpus c = [] {
    std::ifstream in(hoctap_test::source_path("tests/data/input-contract/values.json"));
    json doc = json::parse(in);
    return Corpus{hoctap::CriteriaSet::load(hoctap_test::source_path("tests/data/input-contract/contract.yaml")), doc["cases"],
                  *hoctap::Date::parse(doc["date"].get<std::string>())};
  }();
  return c;
}

std::string describe(const json& c) { return c.dump(); }

// What an entry point made of one value.
struct Seen {
  bool assessable = false;
  Decimal points;
  std::vector<std::string> codes;
  std::string en, vi;  // the problems' texts, "; "-joined
};

void check(const json& c, const Seen& s, bool texts = true) {
  BOOST_TEST_CONTEXT(describe(c)) {
    if (c.contains("points")) {
      BOOST_TEST(s.codes.empty());
      BOOST_TEST(s.assessable);
      BOOST_TEST(s.points == *Decimal::parse(c["points"].get<std::string>()));
    } else if (c.contains("missing")) {
      BOOST_TEST(s.codes.empty());
      BOOST_TEST(!s.assessable);
    } else {
      BOOST_TEST(!s.assessable);
      BOOST_REQUIRE(s.codes.size() == 1u);
      if (!s.codes[0].empty()) BOOST_TEST(s.codes[0] == c["problem"].get<std::string>());
      if (texts && c.contains("en")) BOOST_TEST(s.en == c["en"].get<std::string>());
      if (texts && c.contains("vi") && !s.vi.empty()) BOOST_TEST(s.vi == c["vi"].get<std::string>());
    }
  }
}

// The raw value as a record holds it: numbers by their text (number_value).
Value raw_value(const json& c) {
  if (c.contains("text")) return c["text"].get<std::string>();
  if (c.contains("bool")) return c["bool"].get<bool>();
  if (c.contains("number")) return hoctap::number_value(c["number"].get<std::string>());
  return std::monostate{};
}

Seen seen(const hoctap::Result& r, const std::string& input) {
  Seen s;
  const hoctap::NodeResult* n = r.node(input);
  s.assessable = n->status != hoctap::Status::not_assessable;
  s.points = n->points;
  for (const auto& p : r.problems()) {
    s.codes.push_back(p.code);
    s.en += (s.en.empty() ? "" : "; ") + p.en;
    s.vi += (s.vi.empty() ? "" : "; ") + p.vi;
  }
  return s;
}

Seen seen(const hoctap::BatchResult& r, const std::string& input, const std::vector<std::string>& read_errors = {}) {
  const auto& nodes = corpus().set.nodes();
  Seen s;
  for (std::size_t k = 0; k < r.node_index.size(); ++k)
    if (nodes[static_cast<std::size_t>(r.node_index[k])].id == input) {
      s.assessable = r.node_status[k] != static_cast<std::uint8_t>(hoctap::Status::not_assessable);
      s.points = Decimal::from_units(r.node_points_units[k]);
    }
  for (const std::string& e : read_errors) s.codes.push_back("");  // a file's read error names no code
  if (!r.error_rows.empty()) {
    s.codes.push_back("");  // a batch's texts carry no code: the texts are compared
    s.en = r.error_texts[0];
  }
  return s;
}

hoctap::BatchResult run(const hoctap::Batch& batch, hoctap::Lang lang = hoctap::Lang::en) {
  hoctap::BatchOptions o;
  o.assessment_date = corpus().date;
  o.lang = lang;
  return hoctap::evaluate_batch(corpus().set, batch, o);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(input_contract)

BOOST_AUTO_TEST_CASE(every_case_through_a_record_and_the_context) {
  const Corpus& k = corpus();
  BOOST_TEST(k.cases.size() > 90u);
  for (const json& c : k.cases) {
    const std::string input = c["input"];
    hoctap::Record r;
    r.set(input, raw_value(c));
    check(c, seen(k.set.evaluate(r, {k.date}), input));
    hoctap::EvaluateOptions o{k.date, &r};
    check(c, seen(k.set.evaluate(hoctap::Record(), o), input));
  }
}

BOOST_AUTO_TEST_CASE(every_case_through_json) {
  // A JSON record's values, as the CLI reads them: numbers by their text.
  const Corpus& k = corpus();
  for (const json& c : k.cases) {
    const std::string input = c["input"];
    std::string raw = c.contains("number") ? c["number"].get<std::string>()
                      : c.contains("text") ? json(c["text"]).dump()
                      : c.contains("bool") ? json(c["bool"]).dump()
                                           : std::string("null");
    hoctap::JsonRow row = hoctap::read_json_record("{" + json(input).dump() + ": " + raw + "}");
    BOOST_TEST_CONTEXT(describe(c)) { BOOST_REQUIRE(row.code.empty()); }
    check(c, seen(k.set.evaluate(row.record, {k.date}), input));
  }
}

BOOST_AUTO_TEST_CASE(every_case_through_batch_columns) {
  const Corpus& k = corpus();
  for (const json& c : k.cases) {
    const std::string input = c["input"];
    hoctap::Batch batch;
    batch.rows = 1;
    std::int32_t code = 0;
    double x = 0;
    std::int64_t i = 0;
    std::uint8_t flag = 0, valid = 0;
    if (c.contains("text")) {
      batch.columns.push_back(hoctap::Column::codes(input, &code, {c["text"].get<std::string>()}));
    } else if (c.contains("bool")) {
      flag = c["bool"].get<bool>() ? 1 : 0;
      batch.columns.push_back(hoctap::Column::boolean(input, &flag));
    } else if (c.contains("number")) {
      const std::string text = c["number"];
      x = std::strtod(text.c_str(), nullptr);
      batch.columns.push_back(hoctap::Column::float64(input, &x));
      check(c, seen(run(batch), input));
      // Whole numbers that fit also as an int64 column.
      Value v = hoctap::number_value(text);
      if (auto whole = std::get_if<std::int64_t>(&v)) {
        i = *whole;
        batch.columns = {hoctap::Column::int64(input, &i)};
        check(c, seen(run(batch), input));
      }
      continue;
    } else {
      hoctap::Column col = hoctap::Column::float64(input, &x);
      col.valid = &valid;
      batch.columns.push_back(col);
    }
    check(c, seen(run(batch), input));
    if (c.contains("vi") && c.contains("text")) {
      BOOST_TEST(run(batch, hoctap::Lang::vi).error_texts.at(0) == c["vi"].get<std::string>());
    }
  }
}

BOOST_AUTO_TEST_CASE(every_text_case_through_a_csv_cell) {
  // A dataset file's cells: the reader reads number, bool and date inputs' cells itself
  // (a refused cell is a read error of its row) and the rest as text codes.
  const Corpus& k = corpus();
  const std::string dir = hoctap_test::scratch_dir("hoctap-input-contract").string();
  for (const json& c : k.cases) {
    if (!c.contains("text")) continue;
    const std::string input = c["input"], text = c["text"];
    std::string kind;
    for (const auto& in : k.set.inputs())
      if (in.name == input) kind = in.kind;
    using hoctap::internal::CsvKind;
    const CsvKind csv = kind == "int" || kind == "decimal" ? CsvKind::number
                        : kind == "bool"                    ? CsvKind::boolean
                        : kind == "date"                    ? CsvKind::date
                                                            : CsvKind::text;
    std::string quoted = "\"";
    for (char ch : text) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    quoted += "\"";
    const std::string path = dir + "/cell.csv";
    std::ofstream(path, std::ios::binary) << input << ",id\n" << quoted << ",1\n";  // a row, not a blank line
    hoctap::internal::CsvTable t = hoctap::internal::read_csv(path, {{input, csv}});
    BOOST_TEST_CONTEXT(describe(c)) { BOOST_REQUIRE(t.rows == 1u); }
    hoctap::Batch batch;
    batch.rows = 1;
    batch.columns.push_back(t.find(input)->as_batch_column(input));
    std::vector<std::string> errors;
    for (const auto& e : t.errors) errors.push_back(e.reason);
    check(c, seen(run(batch), input, errors), errors.empty() && csv != CsvKind::number);  // a number column shows numbers unquoted
  }
}

BOOST_AUTO_TEST_CASE(numbers_are_read_exactly_from_their_text) {
  using hoctap::internal::NumberText;
  using hoctap::internal::parse_number_text;
  Decimal d;
  BOOST_TEST((parse_number_text("79.9999999", d) == NumberText::too_many_decimals));
  BOOST_TEST((parse_number_text("1.50000000000", d) == NumberText::ok));
  BOOST_TEST(d == *Decimal::parse("1.5"));
  BOOST_TEST((parse_number_text("-2.5e-6", d) == NumberText::too_many_decimals));
  BOOST_TEST((parse_number_text("-2.5e-5", d) == NumberText::ok));
  BOOST_TEST(d.to_string() == "-0.000025");
  BOOST_TEST((parse_number_text("9000000000000", d) == NumberText::ok));
  BOOST_TEST((parse_number_text("9000000000001", d) == NumberText::out_of_range));
  BOOST_TEST((parse_number_text("1e400000", d) == NumberText::out_of_range));
  BOOST_TEST((parse_number_text("0e400000", d) == NumberText::ok));
  for (const char* bad : {"", "-", ".", "1.", "+.", "e5", "1e", "0x10", "1_000", "١"}) BOOST_TEST((parse_number_text(bad, d) == NumberText::not_a_number), bad);
  // A number's length alone never decides: its first and last non-zero digits do, wherever
  // the exponent puts them.
  const std::string zeros(44, '0'), many(5000, '0');
  BOOST_TEST_REQUIRE((parse_number_text("1" + zeros + "e-44", d) == NumberText::ok));
  BOOST_TEST(d == Decimal::from_int(1));
  BOOST_TEST_REQUIRE((parse_number_text("-12" + zeros + ".0e-45", d) == NumberText::ok));
  BOOST_TEST(d.to_string() == "-1.2");
  BOOST_TEST_REQUIRE((parse_number_text("7.5" + many, d) == NumberText::ok));
  BOOST_TEST(d.to_string() == "7.5");
  BOOST_TEST_REQUIRE((parse_number_text("0." + many + "25e5001", d) == NumberText::ok));
  BOOST_TEST(d.to_string() == "2.5");
  BOOST_TEST((parse_number_text("7.5" + many + "1", d) == NumberText::too_many_decimals));
  BOOST_TEST((parse_number_text("1" + zeros, d) == NumberText::out_of_range));
  BOOST_TEST((parse_number_text("1" + zeros + "e-31", d) == NumberText::out_of_range));  // 10^13
  BOOST_TEST_REQUIRE((parse_number_text("1" + zeros + "e-32", d) == NumberText::ok));
  BOOST_TEST(d.to_string() == "1000000000000");
  // Whole numbers of up to 12 digits take a short path; written with a sign they take the
  // general one: both read the same value (leading zeros, every length, the edges).
  std::vector<std::string> wholes = {"0", "00", "007", "8", "10", "999999999999", "000000000000", "100000000000", "1000000000000"};
  for (std::uint64_t x = 1, k = 0; k < 2000; ++k) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    std::string digits = std::to_string(x >> 20);
    wholes.push_back(std::string(k % 3, '0') + digits.substr(0, 1 + k % 12));
  }
  for (const std::string& w : wholes) {
    Decimal fast, general;
    BOOST_TEST_REQUIRE((parse_number_text(w, fast) == NumberText::ok), w);
    BOOST_TEST_REQUIRE((parse_number_text("+" + w, general) == NumberText::ok), w);
    BOOST_TEST(fast == general, w);
    BOOST_TEST(fast.to_string() == std::to_string(std::stoull(w)), w);
  }
  for (const char* bad : {"12a", "1 2", "12.", "１２", "-"}) BOOST_TEST((parse_number_text(bad, d) == NumberText::not_a_number), bad);
  // A float64 carries a decimal of six places when it is the double nearest to it; the
  // seventh decimal is refused, never rounded.
  using hoctap::internal::exact_from_double;
  BOOST_TEST(exact_from_double(0.1)->to_string() == "0.1");
  BOOST_TEST(exact_from_double(79.999999)->to_string() == "79.999999");
  BOOST_TEST(!exact_from_double(79.9999999).has_value());
  BOOST_TEST(!exact_from_double(1.0 / 3).has_value());
  BOOST_TEST(!exact_from_double(1e20).has_value());
}

// The batch binders read a float64 column's common values with fast_word (a loop that
// vectorises); whatever it decides must be exact_from_double's value, within the field's
// bounds and whole in an int field. What it leaves undecided goes to the record binder.
BOOST_AUTO_TEST_CASE(a_float64_column_read_fast_is_read_as_exact_from_double) {
  using namespace hoctap::internal;
  using Fast = FieldPlan::Fast;
  std::vector<double> xs = {0.0, -0.0, 0.1, 0.5, 2.5, -2.5, 7.9999999, 79.999999, 8.000000000000002, 1.0 / 3, 5e-7, 1.5e-6,
                            2.5e-6, -5e-7, 1e-7, 9.99, 10.0, 10.000001, -0.000001, 2251799813.685247, 2251799813.685248,
                            2251799813.685249, 2251799814.0, 2251799813.0, -2251799813.0, -2251799814.0, 11.0, -1.0, 9e12,
                            -9e12, 1e20, std::nan(""), HUGE_VAL, -HUGE_VAL};
  std::uint64_t state = 11;
  auto next = [&state] { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; };
  for (int k = 0; k < 100000; ++k) {
    const auto units = static_cast<std::int64_t>(next() >> 24) - (std::int64_t{1} << 39);  // six places, up to ±550,000
    xs.push_back(static_cast<double>(units) / 1e6);
    xs.push_back(static_cast<double>(units) / 1e7);  // often a seventh place
    const std::uint64_t bits = next();
    double any;
    std::memcpy(&any, &bits, sizeof any);
    xs.push_back(any);
    xs.push_back(static_cast<double>(static_cast<std::int64_t>(next() >> 36) - (std::int64_t{1} << 27)) / 128.0);  // 128ths: 64ths (halves, quarters) and a place beyond
  }
  for (const double edge : {2251799813.671875, 2251799813.6875, -2251799813.671875, -2251799813.6875, 0.015625, 0.5, 10.5, 10.515625, 0.484375})
    xs.push_back(edge);  // 64ths either side of 2^51 units and of the bounds
  const hoctap::Column column = hoctap::Column::float64("x", xs.data());
  std::size_t decided = 0, dyadic_decided = 0;
  for (const auto kind : {Type::Kind::decimal, Type::Kind::integer}) {
    for (const int bounds : {0, 1, 2}) {  // none, [0, 10], [0.5, 10.5]
      Field field;
      field.type = Type::of(kind);
      FieldPlan fp;
      fp.field = &field;
      fp.column = &column;
      if (bounds == 1) fp.low_units = 0, fp.high_units = 10 * Decimal::kOne;
      if (bounds == 2) fp.low_units = Decimal::kOne / 2, fp.high_units = 10 * Decimal::kOne + Decimal::kOne / 2;
      const FastRead fr(fp);
      for (std::size_t row = 0; row < xs.size(); ++row) {
        std::int64_t word = 0;
        const bool fast = fast_word<Fast::number_f64>(fr, row, word);
        const auto exact = exact_from_double(xs[row]);
        const bool value = exact && (kind == Type::Kind::decimal || exact->units() % Decimal::kOne == 0) &&
                           exact->units() >= fp.low_units && exact->units() <= fp.high_units;
        if (fast) BOOST_TEST_REQUIRE((value && word == exact->units()), "row " << row << ": " << xs[row]);
        // below 2^51 units and off an exact tie, every value is decided fast
        if (value && std::fabs(xs[row] * 1e6) < 2e15 && std::fabs(xs[row] * 1e6 - std::nearbyint(xs[row] * 1e6)) != 0.5)
          BOOST_TEST_REQUIRE(fast, "row " << row << ": " << xs[row]);
        decided += fast;
        // fast_dyadic_f64, the binder's first try: fast_word's value where it decides, and
        // it decides every multiple of 1/64 of fast_word's below 2^51 units
        std::int64_t dyadic_word = 0;
        const bool dyadic = fr.decimal ? fast_dyadic_f64<true>(fr, row, dyadic_word) : fast_dyadic_f64<false>(fr, row, dyadic_word);
        if (dyadic) BOOST_TEST_REQUIRE((fast && dyadic_word == word), "row " << row << ": " << xs[row]);
        if (fast && std::nearbyint(xs[row] * 64) == xs[row] * 64 && std::fabs(xs[row]) * 1e6 < kBiasedWholeLimit)
          BOOST_TEST_REQUIRE(dyadic, "row " << row << ": " << xs[row]);
        dyadic_decided += dyadic;
      }
    }
  }
  BOOST_TEST(decided > 100000u);  // the six-place draws of the unbounded decimal field at least
  BOOST_TEST(dyadic_decided > 50000u);  // about 50,000 64ths in each decimal field, whole ones in the int fields
  // int64 columns: whole numbers within the limits, nothing beyond (where x * 10^6 wraps)
  const std::vector<std::int64_t> ints = {0, 1, -1, 9000000000000 - 1, 9000000000000, -9000000000000 + 1, -9000000000000,
                                          INT64_MAX, INT64_MIN, INT64_MAX / 1000000 + 1, INT64_MIN / 1000000 - 1};
  const hoctap::Column int_column = hoctap::Column::int64("n", ints.data());
  Field int_field;
  int_field.type = Type::of(Type::Kind::integer);
  FieldPlan ip;
  ip.field = &int_field;
  ip.column = &int_column;
  const FastRead ir(ip);
  std::vector<bool> got;
  for (std::size_t row = 0; row < ints.size(); ++row) {
    std::int64_t word = 0;
    got.push_back(fast_word<Fast::number_i64>(ir, row, word));
    if (got.back()) BOOST_TEST(word == ints[row] * Decimal::kOne);
  }
  BOOST_TEST(got == (std::vector<bool>{true, true, true, true, false, true, false, false, false, false, false}));
  // fast_small_i64, the binder's first try: fast_word's value where it decides, and it
  // decides every 32-bit number of fast_word's
  std::vector<std::int64_t> more = ints;
  for (std::int64_t x : {std::int64_t{2147483647}, std::int64_t{-2147483648}, std::int64_t{2147483648}, std::int64_t{-2147483649}, std::int64_t{10},
                         std::int64_t{11}, std::int64_t{-1}})
    more.push_back(x);
  for (int k = 0; k < 100000; ++k) more.push_back(static_cast<std::int64_t>(next()) >> (next() % 64));
  const hoctap::Column more_column = hoctap::Column::int64("n", more.data());
  for (const bool bounded : {false, true}) {
    FieldPlan mp = ip;
    mp.column = &more_column;
    if (bounded) mp.low_units = 0, mp.high_units = 10 * Decimal::kOne;
    const FastRead mr(mp);
    std::size_t small = 0;
    for (std::size_t row = 0; row < more.size(); ++row) {
      std::int64_t word = 0, small_word = 0;
      const bool fast = fast_word<Fast::number_i64>(mr, row, word);
      const bool decided = fast_small_i64(mr, row, small_word);
      if (decided) BOOST_TEST_REQUIRE((fast && small_word == word), "row " << row << ": " << more[row]);
      if (fast && more[row] >= -2147483648LL && more[row] <= 2147483647LL) BOOST_TEST_REQUIRE(decided, "row " << row << ": " << more[row]);
      small += decided;
    }
    BOOST_TEST(small > (bounded ? 1000u : 10000u));
  }
}

BOOST_AUTO_TEST_CASE(a_citizen_at_79_9999999_is_not_recognized_at_80) {
  // 7.9999999 on one indicator was once rounded to 8: 79.9999999 became "recognized, 80".
  auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/cong-dan-hoc-tap/244-2022.yaml"));
  hoctap::Record r;
  r.set("vung", std::string("binh_thuong"));
  for (const auto& n : set.nodes())
    if (n.is_indicator) r.set("score." + n.id, std::int64_t{8});
  r.set("score.tc1_1", hoctap::number_value("7.9999999"));
  auto result = set.evaluate(r, {hoctap_test::day("2023-06-30")});
  BOOST_TEST(result.decision() == hoctap::Decision::not_assessable);
  BOOST_REQUIRE(result.problems().size() == 1u);
  BOOST_TEST(result.problems()[0].en == "`score.tc1_1` = '7.9999999' has more than six decimals (never rounded)");
  double x = 7.9999999;
  hoctap::Batch batch;
  batch.rows = 1;
  batch.columns.push_back(hoctap::Column::float64("score.tc1_1", &x));
  hoctap::BatchOptions o;
  o.assessment_date = hoctap_test::day("2023-06-30");
  o.lang = hoctap::Lang::en;
  auto out = hoctap::evaluate_batch(set, batch, o);
  BOOST_TEST(out.error_texts.at(0) == "`score.tc1_1` = '7.9999999' has more than six decimals (never rounded)");
}

BOOST_AUTO_TEST_CASE(evaluating_needs_a_date_within_the_validity_window) {
  const Corpus& k = corpus();
  hoctap::Record r;
  try {
    k.set.evaluate(r);
    BOOST_FAIL("no exception");
  } catch (const std::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()) ==
               "evaluating `fixture/input-contract` needs an assessment date (the options' assessment_date); none was given, or it was "
               "not a real day written YYYY-MM-DD");
  }
  // A day that does not exist is no date, never today.
  BOOST_CHECK_THROW(k.set.evaluate(r, {hoctap::Date::parse("2023-13-31")}), std::invalid_argument);
  try {
    k.set.evaluate(r, {hoctap_test::day("2031-01-01")});
    BOOST_FAIL("no exception");
  } catch (const std::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()) ==
               "the assessment date 2031-01-01 is outside the validity of `fixture/input-contract` (2020-01-01..2030-12-31); set "
               "outside_validity to judge by it anyway");
  }
  BOOST_TEST(hoctap::internal::tr("evaluate.outside_validity", {"2031-01-01", "fixture/input-contract", "2020-01-01", "2030-12-31"}).vi ==
             "ngày đánh giá 2031-01-01 nằm ngoài thời hạn hiệu lực của `fixture/input-contract` (2020-01-01..2030-12-31); hãy đặt "
             "outside_validity để vẫn đánh giá theo bộ tiêu chí này");
  hoctap::EvaluateOptions anyway;
  anyway.assessment_date = hoctap_test::day("2031-01-01");
  anyway.outside_validity = true;
  BOOST_TEST(k.set.evaluate(r, anyway).audit().assessment_date == hoctap_test::day("2031-01-01"));
  hoctap::Batch batch;
  batch.rows = 0;
  BOOST_CHECK_THROW(hoctap::evaluate_batch(k.set, batch, {}), std::invalid_argument);
  BOOST_CHECK_THROW(hoctap::evaluate_batch(k.set, batch, {hoctap_test::day("2019-12-31")}), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
