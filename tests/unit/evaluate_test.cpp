// Evaluation semantics: three-valued logic over missing data, aggregates, data problems
// as values, not-applicable awards, and many threads sharing one compiled set.
#include <boost/test/unit_test.hpp>

#include <thread>

#include "alloc_counter.hpp"
#include "helpers.hpp"

#include <optional>

using hoctap::Decimal;
using hoctap::Decision;
using hoctap::Record;
using hoctap::Status;
using hoctap::Value;
using hoctap_test::day;

namespace {

hoctap::CriteriaSet family_fixture() {
  static const hoctap::CriteriaSet set = hoctap::CriteriaSet::load(hoctap_test::source_path("tests/data/registry/gia-dinh.yaml"));
  return set;
}

// One indicator whose points are `10 if <condition> else 0`, with inputs a, b (bool),
// n (int 0..10) and a list `ds` of members with `x` (int).
hoctap::CriteriaSet one_condition(const std::string& condition) {
  auto r = hoctap::load_criteria_string(
      hoctap_test::minimal_set(
          "  a: {type: bool, label: {vi: a, en: a}}\n"
          "  b: {type: bool, label: {vi: b, en: b}}\n"
          "  n: {type: int, min: 0, max: 10, label: {vi: n, en: n}}\n"
          "  ds:\n    type: list\n    label: {vi: ds, en: ds}\n    fields:\n      x: {type: int, label: {vi: x, en: x}}\n",
          "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n"
          "    points:\n      conditions: [{when: \"" + condition + "\", points: 10}]\n      otherwise: 0\n"),
      "c.yaml");
  if (!r.ok()) throw std::runtime_error(hoctap::format(r.diagnostics));
  return *r.set;
}

Status status_of(const hoctap::CriteriaSet& set, const Record& r) {
  return set.evaluate(r, {day("2021-01-01")}).node("tc1")->status;
}

Record members(std::initializer_list<Value> xs) {
  std::vector<Record> list;
  for (const Value& v : xs) list.push_back(Record().set("x", v));
  return Record().set("ds", list);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(evaluate)

BOOST_AUTO_TEST_CASE(false_wins_over_missing_in_and_true_in_or) {
  auto and_set = one_condition("a and b");
  BOOST_TEST(status_of(and_set, Record().set("a", false)) == Status::not_met);
  BOOST_TEST(status_of(and_set, Record().set("a", true)) == Status::not_assessable);
  auto or_set = one_condition("a or b");
  BOOST_TEST(status_of(or_set, Record().set("b", true)) == Status::met);
  BOOST_TEST(status_of(or_set, Record().set("b", false)) == Status::not_assessable);
}

BOOST_AUTO_TEST_CASE(aggregates_decide_when_known_members_suffice) {
  auto all_set = one_condition("all(ds, x > 0)");
  BOOST_TEST(status_of(all_set, members({std::int64_t{1}, std::monostate{}, std::int64_t{0}})) == Status::not_met);
  BOOST_TEST(status_of(all_set, members({std::int64_t{1}, std::monostate{}})) == Status::not_assessable);
  BOOST_TEST(status_of(all_set, members({})) == Status::met);  // vacuous truth
  auto any_set = one_condition("any(ds, x > 0)");
  BOOST_TEST(status_of(any_set, members({std::monostate{}, std::int64_t{3}})) == Status::met);
  auto share_set = one_condition("share(ds, x > 0) >= 0.5");
  BOOST_TEST(status_of(share_set, members({std::int64_t{1}, std::int64_t{0}})) == Status::met);
  BOOST_TEST(status_of(share_set, members({})) == Status::not_assessable);  // nobody to share over
  auto count_set = one_condition("count(ds where x >= 2) == 2");
  BOOST_TEST(status_of(count_set, members({std::int64_t{2}, std::int64_t{5}, std::int64_t{1}})) == Status::met);
  auto sum_set = one_condition("sum(ds, x) == 7");
  BOOST_TEST(status_of(sum_set, members({std::int64_t{2}, std::int64_t{5}})) == Status::met);
}

BOOST_AUTO_TEST_CASE(division_by_zero_is_not_assessable_not_a_crash) {
  auto set = one_condition("10 / n > 1");
  auto r = set.evaluate(Record().set("n", std::int64_t{0}), {day("2021-01-01")});
  BOOST_TEST(r.node("tc1")->status == Status::not_assessable);
  std::string undefined;
  for (const auto& reason : r.reasons()) if (reason.code == "undefined") undefined = reason.en;
  BOOST_TEST(undefined == "One: not assessable, division by zero");
}

BOOST_AUTO_TEST_CASE(wrong_types_and_ranges_are_data_problems) {
  auto set = one_condition("n > 5");
  auto r = set.evaluate(Record().set("n", std::string("bảy")), {day("2021-01-01")});
  BOOST_TEST(r.decision() == Decision::not_assessable);
  BOOST_REQUIRE(r.problems().size() == 1u);
  BOOST_TEST(r.problems()[0].code == "wrong_type");
  BOOST_TEST(r.problems()[0].en == "`n` = 'bảy' is not a whole number (such as 8)");
  BOOST_TEST(r.problems()[0].vi == "`n` = 'bảy' không phải một số nguyên (ví dụ 8)");
  auto range = set.evaluate(Record().set("n", std::int64_t{11}), {day("2021-01-01")});
  BOOST_TEST(range.problems()[0].code == "out_of_range");
  BOOST_TEST(range.problems()[0].vi == "`n` = 11 nằm ngoài khoảng 0..10");
  auto decimal_for_int = set.evaluate(Record().set("n", *Decimal::parse("6.5")), {day("2021-01-01")});
  BOOST_TEST(decimal_for_int.problems()[0].code == "wrong_type");
  auto whole_decimal = set.evaluate(Record().set("n", *Decimal::parse("6.0")), {day("2021-01-01")});
  BOOST_TEST(whole_decimal.problems().empty());
  BOOST_TEST(whole_decimal.node("tc1")->status == Status::met);
}

BOOST_AUTO_TEST_CASE(member_problems_name_the_row) {
  auto set = one_condition("all(ds, x > 0)");
  auto r = set.evaluate(members({std::int64_t{1}, std::string("x")}), {day("2021-01-01")});
  BOOST_REQUIRE(r.problems().size() == 1u);
  BOOST_TEST(r.problems()[0].input == "ds[1].x");
}

BOOST_AUTO_TEST_CASE(ages_come_from_dates_on_the_assessment_day) {
  auto set = family_fixture();
  Record child;
  child.set("ngay_sinh", *hoctap::Date::parse("2013-06-01")).set("di_hoc", false).set("mien_tru", false).set("hoc_luc", std::string("kha"));
  Record family;
  family.set("tre_em", std::vector<Record>{child})
      .set("nguoi_lon", std::vector<Record>{Record().set("tuoi", std::int64_t{40}).set("biet_chu", true).set("mien_tru", false)})
      .set("vi_pham_phap_luat", false);
  // Five on 2019-05-31: not school age, so 1a does not apply; six the next day: 1a fails.
  BOOST_TEST(set.evaluate(family, {day("2019-05-31")}).node("tc1a")->status == Status::not_applicable);
  BOOST_TEST(set.evaluate(family, {day("2019-06-01")}).node("tc1a")->status == Status::not_met);
}

BOOST_AUTO_TEST_CASE(a_reused_result_gives_the_same_answer) {
  auto set = family_fixture();
  Record family;
  family.set("tre_em", std::vector<Record>{}).set("nguoi_lon", std::vector<Record>{Record().set("tuoi", std::int64_t{40}).set("biet_chu", true).set("mien_tru", false)}).set("vi_pham_phap_luat", false);
  hoctap::Result reused;
  set.evaluate(family, {day("2019-12-31")}, reused);
  std::string first = reused.to_json();
  set.evaluate(Record(), {day("2019-12-31")}, reused);
  set.evaluate(family, {day("2019-12-31")}, reused);
  BOOST_TEST(reused.to_json() == first);
  BOOST_TEST(reused.decision() == Decision::recognized);
}

BOOST_AUTO_TEST_CASE(a_warm_evaluation_allocates_nothing) {
  if (!hoctap_test::kCountingAllocations) return;  // sanitizer builds count nothing
  auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/don-vi-hoc-tap/tt22-2020.yaml"));
  Record unit;
  unit.set("so_thanh_vien", std::int64_t{20}).set("so_tv_co_ke_hoach_tu_hoc", std::int64_t{19})
      .set("so_tv_chap_hanh_ky_luat", std::int64_t{20}).set("so_tv_hoan_thanh_boi_duong", std::int64_t{20})
      .set("so_tv_lao_dong_tien_tien", std::int64_t{20}).set("so_tv_dat_nang_luc_cdht", std::int64_t{20})
      .set("danh_hieu_tap_the", std::string("tap_the_lao_dong_tien_tien"))
      .set("score.tc1_1", std::int64_t{7}).set("score.tc1_2", std::int64_t{5}).set("score.tc1_3", std::int64_t{5});
  hoctap::EvaluateOptions opts{day("2023-12-31")};
  hoctap::Result result;
  set.evaluate(unit, opts, result);  // warms the result and this thread's workspace
  {
    hoctap_test::AllocationCounter probe;  // the counter does count
    auto cold = set.evaluate(unit, opts);
    BOOST_TEST(probe.count() > 0u);
  }
  hoctap_test::AllocationCounter counter;
  for (int i = 0; i < 100; ++i) set.evaluate(unit, opts, result);
  BOOST_TEST(counter.count() == 0u);
  BOOST_TEST(result.total().to_string() == "72");  // and the answer is the real one
  BOOST_TEST(result.node("tc3_3")->status == Status::not_assessable);
}

BOOST_AUTO_TEST_CASE(many_threads_share_one_set) {
  auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/cong-dan-hoc-tap/244-2022.yaml"));
  const char* ids[] = {"tc1_1", "tc1_2", "tc1_3", "tc1_4", "tc2_1", "tc2_2", "tc2_3", "tc2_4", "tc3_1", "tc3_2"};
  auto citizen = [&](int k) {
    Record r;
    r.set("vung", std::string(k % 3 == 0 ? "dan_toc_thieu_so" : "binh_thuong"));
    for (int i = 0; i < 10; ++i) r.set(std::string("score.") + ids[i], std::int64_t{(k + i) % 11});
    return r;
  };
  std::vector<std::string> expected;
  for (int k = 0; k < 200; ++k) expected.push_back(set.evaluate(citizen(k), {day("2023-01-01")}).to_json(true));
  std::vector<int> mismatches(8, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      hoctap::Result r;
      for (int round = 0; round < 50; ++round)
        for (int k = 0; k < 200; ++k) {
          set.evaluate(citizen(k), {day("2023-01-01")}, r);
          if (r.to_json(true) != expected[static_cast<std::size_t>(k)]) ++mismatches[static_cast<std::size_t>(t)];
        }
    });
  }
  for (auto& th : threads) th.join();
  for (int m : mismatches) BOOST_TEST(m == 0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(evaluate)

// A criterion whose split into indicators the source does not give: two indicators with
// `max: unknown` under a known 20-point criterion, scores entered by the assessor.
hoctap::CriteriaSet unknown_split() {
  const std::string text = hoctap_test::minimal_set(
      "  nguong: {type: decimal, label: {vi: Ngưỡng do địa phương quy định, en: Threshold set locally}}\n",
      "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 20\n    indicators:\n"
      "      - {id: a, name: {vi: A, en: A}, max: unknown, confidence: unknown, note: not retrieved, points: {assessed: true}}\n"
      "      - {id: b, name: {vi: B, en: B}, max: unknown, confidence: unknown, note: not retrieved, points: {assessed: true}}\n",
      "", "recognition: {min_total: nguong}\n");
  auto r = hoctap::load_criteria_string(text, "u.yaml");
  if (!r.ok()) throw std::runtime_error(hoctap::format(r.diagnostics));
  return *r.set;
}

BOOST_AUTO_TEST_CASE(unknown_maxima_are_capped_by_the_known_maximum_above) {
  auto set = unknown_split();
  BOOST_TEST(!set.nodes()[1].max_known);
  Record rec;
  rec.set("score.a", std::int64_t{15}).set("score.b", std::int64_t{12}).set("nguong", std::int64_t{18});
  auto r = set.evaluate(rec, {day("2021-01-01")});
  BOOST_TEST(r.node("tc1")->points.to_string() == "20");  // 27 entered, capped at the criterion's 20
  BOOST_TEST(r.node("a")->status == Status::met);
  BOOST_TEST(r.recognized());
  BOOST_TEST(r.explain(hoctap::Lang::en).find("    A: 15/? points, met\n") != std::string::npos);
  BOOST_TEST(r.to_json().find("{\"id\":\"a\",\"points\":15,\"max\":20,\"max_known\":false,\"status\":\"met\"}") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(context_supplies_what_records_lack) {
  auto set = unknown_split();
  Record rec;
  rec.set("score.a", std::int64_t{8}).set("score.b", std::int64_t{8});
  BOOST_TEST(set.evaluate(rec, {day("2021-01-01")}).decision() == Decision::not_assessable);
  Record locality;
  locality.set("nguong", std::int64_t{15});
  hoctap::EvaluateOptions opts{day("2021-01-01"), &locality};
  BOOST_TEST(set.evaluate(rec, opts).recognized());
  rec.set("nguong", std::int64_t{17});  // the record's own value wins
  BOOST_TEST(!set.evaluate(rec, opts).recognized());
}

BOOST_AUTO_TEST_SUITE_END()

// ---- honest results: aggregates decided from bounds, "met", no grade when not assessable

BOOST_AUTO_TEST_SUITE(evaluate_honest)

// One indicator `10 if <condition> else 0` over a list `ds` of members with x, y (int,
// both optional), judged as a record and as a one-row batch (the block evaluator).
hoctap::CriteriaSet two_fields(const std::string& condition) {
  auto r = hoctap::load_criteria_string(
      hoctap_test::minimal_set(
          "  ds:\n    type: list\n    label: {vi: ds, en: ds}\n    fields:\n"
          "      x: {type: int, label: {vi: x, en: x}}\n      y: {type: int, label: {vi: y, en: y}}\n",
          "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n"
          "    points:\n      conditions: [{when: \"" + condition + "\", points: 10}]\n      otherwise: 0\n"),
      "c.yaml");
  if (!r.ok()) throw std::runtime_error(hoctap::format(r.diagnostics));
  return *r.set;
}

using Member = std::pair<std::optional<std::int64_t>, std::optional<std::int64_t>>;  // x, y; none = missing
const std::optional<std::int64_t> M;  // a missing value

// The indicator's status by both paths, which must agree; "record/batch" when they do not.
std::string both_paths(const hoctap::CriteriaSet& set, const std::vector<Member>& ms) {
  std::vector<Record> list;
  std::vector<std::int64_t> x, y, parent;
  std::vector<std::uint8_t> xv, yv;
  for (auto* v : {&x, &y, &parent}) v->reserve(1);  // buffers even for no members
  xv.reserve(1), yv.reserve(1);
  for (const auto& [a, b] : ms) {
    Record m;
    if (a) m.set("x", *a);
    if (b) m.set("y", *b);
    list.push_back(m);
    x.push_back(a.value_or(0)), xv.push_back(a.has_value());
    y.push_back(b.value_or(0)), yv.push_back(b.has_value());
    parent.push_back(0);
  }
  const auto date = day("2021-01-01");
  const Status by_record = set.evaluate(Record().set("ds", list), {date}).node("tc1")->status;
  hoctap::Batch batch;
  batch.rows = 1;
  hoctap::MemberTable t;
  t.list = "ds";
  t.rows = ms.size();
  t.parent = parent.data();
  t.columns = {hoctap::Column::int64("x", x.data()), hoctap::Column::int64("y", y.data())};
  t.columns[0].valid = xv.data();
  t.columns[1].valid = yv.data();
  batch.members.push_back(t);
  auto out = hoctap::evaluate_batch(set, batch, hoctap::BatchOptions{date});
  const auto by_batch = static_cast<Status>(out.node_status[0]);
  std::string s(hoctap::to_string(by_record));
  if (by_batch != by_record) s += "/" + std::string(hoctap::to_string(by_batch));
  return s;
}

BOOST_AUTO_TEST_CASE(share_decides_when_the_known_members_settle_the_threshold) {
  // The README's family: 1 of 2 adults recognized, the other unknown: 0.5 or 1.0 either way.
  auto set = two_fields("share(ds, x > 0) >= 0.4");
  BOOST_TEST(both_paths(set, {{1, 0}, {M, 0}}) == "met");
  BOOST_TEST(both_paths(set, {{0, 0}, {M, 0}}) == "not_assessable");  // 0 or 0.5
  BOOST_TEST(both_paths(set, {{0, 0}, {0, 0}, {M, 0}}) == "not_met");  // 0 or 1/3
  BOOST_TEST(both_paths(set, {{M, 0}}) == "not_assessable");  // nobody known
  // At the edges: 2 of 5 known, one unknown: least 2/5 = 0.4 (met at ≥ 0.4), most 3/5.
  BOOST_TEST(both_paths(set, {{1, 0}, {1, 0}, {0, 0}, {0, 0}, {M, 0}}) == "met");  // 2/5 or 3/5: the least at the mark
  BOOST_TEST(both_paths(two_fields("share(ds, x > 0) > 0.4"), {{1, 0}, {1, 0}, {0, 0}, {0, 0}, {M, 0}}) == "not_assessable");
  BOOST_TEST(both_paths(two_fields("share(ds, x > 0) >= 0.4"), {{1, 0}, {1, 0}, {0, 0}, {M, 0}}) == "met");  // 2/4 or 3/4
  BOOST_TEST(both_paths(two_fields("share(ds, x > 0) > 0.5"), {{1, 0}, {0, 0}, {M, 0}}) == "not_assessable");  // 1/3 or 2/3
  BOOST_TEST(both_paths(two_fields("share(ds, x > 0) < 0.75"), {{1, 0}, {0, 0}, {M, 0}}) == "met");
  BOOST_TEST(both_paths(two_fields("share(ds, x > 0) == 0.5"), {{1, 0}, {0, 0}, {M, 0}}) == "not_assessable");
  BOOST_TEST(both_paths(two_fields("share(ds, x > 0) != 0.9"), {{1, 0}, {0, 0}, {M, 0}}) == "met");
  // A member the filter may or may not select: left out of the least share when it
  // would pass, counted as failing when it would not (the mirror for the most).
  auto filtered = two_fields("share(ds where x != 5, y > 0) >= 0.5");
  BOOST_TEST(both_paths(filtered, {{1, 1}, {M, 0}}) == "met");             // 1/2 or 1/1
  BOOST_TEST(both_paths(filtered, {{1, 0}, {M, 1}}) == "not_assessable");  // 0/1 or 1/2
  BOOST_TEST(both_paths(filtered, {{1, 0}, {1, 0}, {M, 1}}) == "not_met"); // 0/2 or 1/3
  BOOST_TEST(both_paths(filtered, {{M, 1}}) == "not_assessable");          // perhaps nobody: undefined
}

// Every member known: the batch looks shares of fewer than 64 selected members up in a
// table and works out larger ones; over no one the share is undefined. Both paths agree
// on either side of 64, and on an empty list and a filter that selects no one.
BOOST_AUTO_TEST_CASE(shares_of_many_members_and_of_none) {
  auto half = two_fields("share(ds, x > 0) >= 0.5");
  auto members = [](std::size_t yes, std::size_t no) {
    std::vector<Member> ms(yes, Member{1, 0});
    ms.insert(ms.end(), no, Member{0, 0});
    return ms;
  };
  BOOST_TEST(both_paths(half, members(31, 32)) == "not_met");  // 31/63
  BOOST_TEST(both_paths(half, members(32, 31)) == "met");      // 32/63
  BOOST_TEST(both_paths(half, members(32, 32)) == "met");      // 32/64 = 0.5
  BOOST_TEST(both_paths(half, members(31, 33)) == "not_met");  // 31/64
  BOOST_TEST(both_paths(half, members(33, 32)) == "met");      // 33/65
  BOOST_TEST(both_paths(half, members(32, 33)) == "not_met");  // 32/65
  BOOST_TEST(both_paths(half, members(150, 150)) == "met");
  const std::string empty = both_paths(half, {});
  BOOST_TEST(empty.find('/') == std::string::npos, empty);  // the same status by both paths
  BOOST_TEST(both_paths(two_fields("share(ds where y > 0, x > 0) >= 0.5"), members(40, 40)) == empty);  // no one selected
}

BOOST_AUTO_TEST_CASE(count_and_sum_decide_within_their_bounds) {
  auto at_least_two = two_fields("count(ds where x >= 2) >= 2");
  BOOST_TEST(both_paths(at_least_two, {{2, 0}, {5, 0}, {M, 0}}) == "met");            // 2 or 3
  BOOST_TEST(both_paths(at_least_two, {{2, 0}, {M, 0}}) == "not_assessable");        // 1 or 2
  BOOST_TEST(both_paths(at_least_two, {{1, 0}, {M, 0}}) == "not_met");               // 0 or 1
  BOOST_TEST(both_paths(two_fields("count(ds where x >= 2) == 2"), {{2, 0}, {5, 0}, {M, 0}}) == "not_assessable");
  BOOST_TEST(both_paths(two_fields("count(ds where x >= 2) > 0"), {{M, 0}, {M, 0}}) == "not_assessable");
  BOOST_TEST(both_paths(two_fields("count(ds where x >= 2) < 3"), {{M, 0}, {M, 0}}) == "met");  // 0 to 2
  BOOST_TEST(both_paths(two_fields("2 <= count(ds where x >= 2)"), {{2, 0}, {3, 0}, {M, 0}}) == "met");
  // sum: a member the filter may select adds between min(0, y) and max(0, y).
  BOOST_TEST(both_paths(two_fields("sum(ds where x > 0, y) >= 2"), {{1, 2}, {M, 1}}) == "met");             // 2 or 3
  BOOST_TEST(both_paths(two_fields("sum(ds where x > 0, y) >= 3"), {{1, 2}, {M, 1}}) == "not_assessable");  // 2 or 3
  BOOST_TEST(both_paths(two_fields("sum(ds where x > 0, y) >= 4"), {{1, 2}, {M, 1}}) == "not_met");
  BOOST_TEST(both_paths(two_fields("sum(ds where x > 0, y) <= 1"), {{1, 2}, {M, -5}}) == "not_assessable");  // -3 or 2
  BOOST_TEST(both_paths(two_fields("sum(ds where x > 0, y) <= 2"), {{1, 2}, {M, -5}}) == "met");
  // An unknown value has no bounds: the sum is open whatever the others.
  BOOST_TEST(both_paths(two_fields("sum(ds, y) >= 2"), {{1, 5}, {1, M}}) == "not_assessable");
}

BOOST_AUTO_TEST_CASE(all_and_any_count_members_the_filter_may_select) {
  auto all = two_fields("all(ds where x > 0, y > 0)");
  BOOST_TEST(both_paths(all, {{1, 1}, {M, 1}}) == "met");  // passes whether selected or not
  BOOST_TEST(both_paths(all, {{1, 1}, {M, 0}}) == "not_assessable");
  BOOST_TEST(both_paths(all, {{1, 0}, {M, 1}}) == "not_met");
  BOOST_TEST(both_paths(all, {{1, 1}, {1, M}}) == "not_assessable");
  BOOST_TEST(both_paths(all, {{M, M}}) == "not_assessable");
  auto any = two_fields("any(ds where x > 0, y > 0)");
  BOOST_TEST(both_paths(any, {{1, 0}, {M, 0}}) == "not_met");  // fails whether selected or not
  BOOST_TEST(both_paths(any, {{1, 0}, {M, 1}}) == "not_assessable");
  BOOST_TEST(both_paths(any, {{1, 1}, {M, M}}) == "met");
  BOOST_TEST(both_paths(any, {{0, 1}, {1, M}}) == "not_assessable");
  BOOST_TEST(both_paths(any, {}) == "not_met");
}

// "Met" is full points, or the node's own pass_at: a citizen indicator at 8/10 is not met
// although the citizen passes the floor of 5, as a unit's at 9/10 is not (criteria-format.md).
BOOST_AUTO_TEST_CASE(met_means_full_points_or_the_own_pass_mark_in_every_set) {
  const auto citizen = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/cong-dan-hoc-tap/244-2022.yaml"));
  Record c;
  c.set("vung", std::string("binh_thuong"));
  for (const auto& node : citizen.nodes())
    if (node.is_indicator) c.set("score." + node.id, std::int64_t{node.id == "tc1_1" ? 8 : 10});
  auto r = citizen.evaluate(c, {day("2023-06-30")});
  BOOST_TEST(r.recognized());
  BOOST_TEST(r.node("tc1_1")->status == Status::not_met);
  BOOST_TEST(r.node("tc1_2")->status == Status::met);
  const auto unit = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/don-vi-hoc-tap/tt22-2020.yaml"));
  Record u;
  u.set("score.tc1_1", std::int64_t{9});
  BOOST_TEST(unit.evaluate(u, {day("2023-12-31")}).node("tc1_1")->status == Status::not_met);
  u.set("score.tc1_1", std::int64_t{10});
  BOOST_TEST(unit.evaluate(u, {day("2023-12-31")}).node("tc1_1")->status == Status::met);
}

// Impossible data (a check fails) on a unit whose certain total is 90: not assessable, and
// no grade, by the record path and the block evaluator alike.
BOOST_AUTO_TEST_CASE(a_not_assessable_row_has_no_grade_in_any_path) {
  const auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/don-vi-hoc-tap/tt22-2020.yaml"));
  const auto date = day("2023-12-31");
  Record rec;
  const char* counts[] = {"so_thanh_vien", "so_tv_co_ke_hoach_tu_hoc", "so_tv_chap_hanh_ky_luat", "so_tv_hoan_thanh_boi_duong",
                          "so_tv_lao_dong_tien_tien", "so_tv_dat_nang_luc_cdht"};
  std::vector<std::vector<std::int64_t>> cols;
  hoctap::Batch batch;
  batch.rows = 256;
  cols.reserve(8);
  for (const char* name : counts) {
    const std::int64_t v = std::string(name) == "so_tv_co_ke_hoach_tu_hoc" ? 25 : 20;
    rec.set(name, v);
    cols.emplace_back(batch.rows, v);
    batch.columns.push_back(hoctap::Column::int64(name, cols.back().data()));
  }
  rec.set("danh_hieu_tap_the", std::string("tap_the_lao_dong_tien_tien"));
  std::vector<std::int32_t> title(batch.rows, 0);
  std::vector<std::string> labels{"tap_the_lao_dong_tien_tien"};
  batch.columns.push_back(hoctap::Column::codes("danh_hieu_tap_the", title.data(), labels));
  std::vector<std::vector<double>> scores;
  scores.reserve(4);
  for (const char* s : {"tc1_1", "tc1_2", "tc1_3", "tc3_3"}) {
    const double v = std::string(s) == "tc3_3" ? 5 : 10;
    rec.set(std::string("score.") + s, static_cast<std::int64_t>(v));
    scores.emplace_back(batch.rows, v);
    batch.columns.push_back(hoctap::Column::float64(std::string("score.") + s, scores.back().data()));
  }
  auto r = set.evaluate(rec, {date});
  BOOST_TEST(r.decision() == Decision::not_assessable);
  BOOST_TEST(r.total().to_string() == "90");
  BOOST_TEST(!r.grade().has_value());
  BOOST_TEST(!r.next_grade().has_value());
  BOOST_TEST(r.to_json().find("\"grade\":null") != std::string::npos);
  hoctap::BatchOptions options{date};
  options.nodes = hoctap::NodeOutput::none;
  auto out = hoctap::evaluate_batch(set, batch, options);
  BOOST_TEST(out.decision[0] == static_cast<std::uint8_t>(Decision::not_assessable));
  BOOST_TEST(out.total_units[0] == 90 * Decimal::kOne);
  BOOST_TEST(out.grade[0] == -1);
}

// A missing score that leaves the band open: no grade, and the explanation names the
// grades still possible.
BOOST_AUTO_TEST_CASE(an_open_grade_is_explained_as_the_range_still_possible) {
  const auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/don-vi-hoc-tap/tt22-2020.yaml"));
  Record u;
  for (const char* name : {"so_thanh_vien", "so_tv_co_ke_hoach_tu_hoc", "so_tv_chap_hanh_ky_luat", "so_tv_hoan_thanh_boi_duong",
                           "so_tv_lao_dong_tien_tien", "so_tv_dat_nang_luc_cdht"})
    u.set(name, std::int64_t{20});
  u.set("danh_hieu_tap_the", std::string("tap_the_lao_dong_tien_tien"));
  u.set("score.tc1_1", std::int64_t{10}).set("score.tc1_2", std::int64_t{5}).set("score.tc3_3", std::int64_t{0});
  auto r = set.evaluate(u, {day("2023-12-31")});
  BOOST_TEST(r.decision() == Decision::recognized);
  BOOST_TEST(!r.grade().has_value());
  BOOST_TEST(r.explain(hoctap::Lang::vi).find("Chưa xếp loại được: từ Khá đến Tốt, tùy dữ liệu còn thiếu") != std::string::npos);
  BOOST_TEST(r.explain(hoctap::Lang::en).find("No grade yet: from Fairly good to Good, depending on missing data") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
