// What a Result carries and how it renders: reasons, explanation, JSON, audit.
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"

using hoctap::Record;
using hoctap_test::day;

namespace {
hoctap::CriteriaSet unit_set() {
  static const auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/don-vi-hoc-tap/tt22-2020.yaml"));
  return set;
}
Record unit(std::int64_t tc1_1) {
  Record r;
  r.set("so_thanh_vien", std::int64_t{20}).set("so_tv_co_ke_hoach_tu_hoc", std::int64_t{20})
      .set("so_tv_chap_hanh_ky_luat", std::int64_t{20}).set("so_tv_hoan_thanh_boi_duong", std::int64_t{20})
      .set("so_tv_lao_dong_tien_tien", std::int64_t{20}).set("so_tv_dat_nang_luc_cdht", std::int64_t{20})
      .set("danh_hieu_tap_the", std::string("Tập thể lao động tiên tiến"))
      .set("score.tc1_1", tc1_1).set("score.tc1_2", std::int64_t{5}).set("score.tc1_3", std::int64_t{0})
      .set("score.tc3_3", std::int64_t{0});
  return r;
}
// The reason of `code` the set gives `r`, "vi | en"; "none" without one.
std::string reason_of(const hoctap::CriteriaSet& set, const Record& r, const std::string& code) {
  const hoctap::Result res = set.evaluate(r, {day("2023-12-31")});
  for (const auto& x : res.reasons())
    if (x.code == code) return std::string(x.vi) + " | " + std::string(x.en);
  return "none";
}
}  // namespace

BOOST_AUTO_TEST_SUITE(result)

BOOST_AUTO_TEST_CASE(carries_grade_distance_and_audit) {
  auto r = unit_set().evaluate(unit(8), {day("2023-12-31")});
  BOOST_TEST(r.total().to_string() == "78");
  BOOST_TEST(r.max_total().to_string() == "100");
  BOOST_TEST(r.grade()->id == "kha");
  BOOST_TEST(r.grade()->vi == "Khá");
  BOOST_TEST(r.next_grade()->id == "tot");
  BOOST_TEST(r.points_to_next_grade().to_string() == "7");
  auto a = r.audit();
  BOOST_TEST(a.criteria_id == "don-vi-hoc-tap-huyen-tinh/tt22-2020");
  BOOST_TEST(a.criteria_version == "2020");
  BOOST_TEST(a.criteria_sha256 == unit_set().sha256());
  BOOST_TEST(a.assessment_date.to_string() == "2023-12-31");
  BOOST_TEST(a.engine_version == "0.1.0");
}

BOOST_AUTO_TEST_CASE(reasons_come_in_both_languages) {
  auto r = unit_set().evaluate(unit(8), {day("2023-12-31")});
  auto reasons = r.reasons();
  BOOST_REQUIRE(reasons.size() == 2u);
  BOOST_TEST(reasons[0].code == "decision");
  BOOST_TEST(reasons[0].vi == "Được công nhận: 78/100 điểm, xếp loại Khá");
  BOOST_TEST(reasons[0].en == "Recognized: 78/100 points, grade Fairly good");
  BOOST_TEST(reasons[1].code == "next_grade");
  BOOST_TEST(reasons[1].vi == "Còn 7 điểm nữa để đạt loại Tốt");
  BOOST_TEST(reasons[1].en == "7 more points to reach Good");
}

BOOST_AUTO_TEST_CASE(explains_node_by_node) {
  auto r = unit_set().evaluate(unit(8), {day("2023-12-31")});
  const std::string vi = r.explain(hoctap::Lang::vi);
  BOOST_TEST(vi.find("Ngày đánh giá: 2023-12-31\n") != std::string::npos);
  BOOST_TEST(vi.find("  Tiêu chí 1. Điều kiện xây dựng đơn vị học tập: 13/30 điểm, không đạt\n") != std::string::npos);
  BOOST_TEST(vi.find("    1.1 Có chủ trương, kế hoạch để thành viên học tập thường xuyên: 8/10 điểm, không đạt\n") != std::string::npos);
  const std::string en = r.explain(hoctap::Lang::en);
  BOOST_TEST(en.find("  Criterion 3. Effectiveness and impact of building the learning unit: 35/40 points, not met\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_has_a_stable_shape) {
  auto r = unit_set().evaluate(unit(8), {day("2023-12-31")});
  const std::string j = r.to_json();
  BOOST_TEST(j.rfind("{\"decision\":\"recognized\",\"recognized\":true,\"total\":78,\"max_total\":100,\"grade\":\"kha\","
                     "\"next_grade\":\"tot\",\"points_to_next_grade\":7,\"nodes\":[{\"id\":\"tc1\",\"points\":13,\"max\":30,"
                     "\"status\":\"not_met\"},", 0) == 0);
  BOOST_TEST(j.find("\"audit\":{\"criteria_id\":\"don-vi-hoc-tap-huyen-tinh/tt22-2020\",\"criteria_version\":\"2020\"") != std::string::npos);
  BOOST_TEST(j.find("\"explanation\"") == std::string::npos);
  BOOST_TEST(r.to_json(true, hoctap::Lang::en).find("\"reasons\":[{\"code\":\"decision\",\"text\":\"Recognized: 78/100 points, grade Fairly good\"}") != std::string::npos);
}

// A knock-out left open by an undefined value says why (a share over no member, a
// division by zero), as a criterion's reason does; an open one through a missing input
// names the input.
BOOST_AUTO_TEST_CASE(an_undefined_knock_out_says_why) {
  const std::string text =
      hoctap_test::minimal_set("  ds:\n    type: list\n    label: {vi: ds, en: ds}\n    fields:\n"
                               "      hoc: {type: bool, label: {vi: hoc, en: hoc}}\n"
                               "  n: {type: int, label: {vi: n, en: n}}\n",
                               "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n"
                               "    points:\n      conditions: [{when: \"n > 0\", points: 10}]\n      otherwise: 0\n",
                               "",
                               "recognition:\n  min_total: 5\n  knockouts:\n    - id: it\n      name: {vi: Ít người học, en: Few learn}\n"
                               "      when: share(ds, hoc) < 0.5 or 10 / n < 1\n");
  auto loaded = hoctap::load_criteria_string(text, "k.yaml");
  BOOST_TEST_REQUIRE(loaded.ok(), hoctap::format(loaded.diagnostics));
  auto reason = [&](const Record& r) { return reason_of(*loaded.set, r, "knockout_unknown"); };
  Record no_members;
  no_members.set("ds", std::vector<Record>{}).set("n", std::int64_t{1});
  BOOST_TEST(reason(no_members) ==
             "Chưa xác định được điều kiện loại trừ \"Ít người học\": không có thành viên nào thuộc diện xét | "
             "Cannot tell knock-out \"Few learn\": no member is eligible");
  Record by_zero;
  by_zero.set("ds", std::vector<Record>{Record().set("hoc", true)}).set("n", std::int64_t{0});
  BOOST_TEST(reason(by_zero) == "Chưa xác định được điều kiện loại trừ \"Ít người học\": phép chia cho 0 | "
                                "Cannot tell knock-out \"Few learn\": division by zero");
  Record missing;
  missing.set("ds", std::vector<Record>{Record().set("hoc", true)});
  BOOST_TEST(reason(missing) == "Chưa xác định được điều kiện loại trừ \"Ít người học\": thiếu `n` | "
                                "Cannot tell knock-out \"Few learn\": `n` is missing");
}

// So does a recognition threshold that is undefined for the entity; one that needs a
// missing input names it.
BOOST_AUTO_TEST_CASE(an_undefined_threshold_says_why) {
  const std::string text = hoctap_test::minimal_set("  n: {type: int, label: {vi: n, en: n}}\n",
                                                    "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n"
                                                    "    points:\n      conditions: [{when: \"10 > 0\", points: 10}]\n      otherwise: 0\n",
                                                    "", "recognition: {min_total: 10 / n}\n");
  auto loaded = hoctap::load_criteria_string(text, "t.yaml");
  BOOST_TEST_REQUIRE(loaded.ok(), hoctap::format(loaded.diagnostics));
  auto reason = [&](const Record& r) { return reason_of(*loaded.set, r, "threshold_unknown"); };
  BOOST_TEST(reason(Record().set("n", std::int64_t{0})) ==
             "Chưa xác định được ngưỡng điểm: phép chia cho 0 | Cannot tell the threshold: division by zero");
  BOOST_TEST(reason(Record()) == "Chưa xác định được ngưỡng điểm: thiếu `n` | Cannot tell the threshold: `n` is missing");
  BOOST_TEST(reason(Record().set("n", std::int64_t{2})) == "none");
}

BOOST_AUTO_TEST_CASE(a_default_result_is_empty_and_safe) {
  hoctap::Result r;
  BOOST_TEST(r.decision() == hoctap::Decision::not_assessable);
  BOOST_TEST(r.reasons().empty());
  BOOST_TEST(r.explain(hoctap::Lang::vi).empty());
  BOOST_TEST(!r.grade().has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(result)

// A result names the local values (inputs declared `local: true`) it used and where each
// came from: the 448 clan share from the evaluation context, from the record, or missing.
BOOST_AUTO_TEST_CASE(says_which_local_values_it_used) {
  auto loaded = hoctap::Registry::load_directory(hoctap_test::source_path("criteria"));
  BOOST_TEST_REQUIRE(loaded.ok());
  Record clan;
  clan.set("co_ban_khuyen_hoc", true);
  clan.set("co_quy_khuyen_hoc", true);
  std::vector<Record> families(5);
  for (std::size_t i = 0; i < families.size(); ++i) families[i].set("result.recognized", i < 2);
  clan.set("gia_dinh", hoctap::Value{families});
  Record ctx;
  ctx.set("ty_le_gia_dinh_hoc_tap", hoctap::Value{*hoctap::Decimal::parse("0.3")});
  auto eval = [&](const Record& r, const Record* c) { return loaded.registry->evaluate("dong_ho_hoc_tap", r, {day("2019-12-31"), c}); };

  const hoctap::Result from_context = eval(clan, &ctx);
  BOOST_TEST_REQUIRE(from_context.local_values().size() == 1u);
  const hoctap::LocalValue& used = from_context.local_values()[0];
  BOOST_TEST(used.input == "ty_le_gia_dinh_hoc_tap");
  BOOST_TEST(std::get<hoctap::Decimal>(used.value).to_string() == "0.3");
  BOOST_TEST(hoctap::to_string(used.source) == "context");
  BOOST_TEST(from_context.explain(hoctap::Lang::vi) ==
             "Dòng họ học tập — Quyết định 448/QĐ-KHVN (dong-ho-hoc-tap/448-2016, phiên bản 2016)\n"
             "Ngày đánh giá: 2019-12-31\n"
             "Giá trị địa phương: `ty_le_gia_dinh_hoc_tap` = 0.3 (từ ngữ cảnh đánh giá)\n"
             "Được công nhận Đạt\n"
             "  1. Dòng họ có Ban khuyến học hoặc chi hội khuyến học: Đạt, đạt\n"
             "  2. Dòng họ có quỹ khuyến học: Đạt, đạt\n"
             "  3. Tỷ lệ gia đình trong dòng họ đạt Gia đình học tập: Đạt, đạt\n");
  BOOST_TEST(from_context.explain(hoctap::Lang::en).find(
                 "Assessment date: 2019-12-31\nLocal value: `ty_le_gia_dinh_hoc_tap` = 0.3 (from the evaluation context)\nRecognized at Achieved\n") !=
                 std::string::npos,
             from_context.explain(hoctap::Lang::en));
  BOOST_TEST(from_context.to_json().find(
                 ",\"problems\":[],\"local_values\":[{\"input\":\"ty_le_gia_dinh_hoc_tap\",\"value\":0.3,\"source\":\"context\"}],\"audit\":") !=
                 std::string::npos,
             from_context.to_json());

  // The record's own value wins over the context's, and the result says so.
  Record own = clan;
  own.set("ty_le_gia_dinh_hoc_tap", hoctap::Value{*hoctap::Decimal::parse("0.5")});
  const hoctap::Result from_record = eval(own, &ctx);
  BOOST_TEST(from_record.decision() == hoctap::Decision::not_recognized);
  BOOST_TEST(hoctap::to_string(from_record.local_values()[0].source) == "record");
  BOOST_TEST(from_record.explain(hoctap::Lang::vi).find("\nGiá trị địa phương: `ty_le_gia_dinh_hoc_tap` = 0.5 (từ hồ sơ)\n") != std::string::npos,
             from_record.explain(hoctap::Lang::vi));
  BOOST_TEST(from_record.explain(hoctap::Lang::en).find("\nLocal value: `ty_le_gia_dinh_hoc_tap` = 0.5 (from the record)\n") != std::string::npos,
             from_record.explain(hoctap::Lang::en));
  BOOST_TEST(from_record.to_json().find("\"local_values\":[{\"input\":\"ty_le_gia_dinh_hoc_tap\",\"value\":0.5,\"source\":\"record\"}]") != std::string::npos,
             from_record.to_json());

  // Neither gives it (or the record's value is invalid): missing, with a null value.
  const hoctap::Result none = eval(clan, nullptr);
  BOOST_TEST(none.decision() == hoctap::Decision::not_assessable);
  BOOST_TEST(std::holds_alternative<std::monostate>(none.local_values()[0].value));
  BOOST_TEST(hoctap::to_string(none.local_values()[0].source) == "missing");
  BOOST_TEST(none.explain(hoctap::Lang::vi).find(
                 "\nGiá trị địa phương: `ty_le_gia_dinh_hoc_tap` thiếu (hồ sơ và ngữ cảnh đánh giá đều không cho giá trị hợp lệ)\n") != std::string::npos,
             none.explain(hoctap::Lang::vi));
  BOOST_TEST(none.explain(hoctap::Lang::en).find(
                 "\nLocal value: `ty_le_gia_dinh_hoc_tap` is missing (neither the record nor the evaluation context gives a valid value)\n") !=
                 std::string::npos,
             none.explain(hoctap::Lang::en));
  BOOST_TEST(none.to_json().find("\"local_values\":[{\"input\":\"ty_le_gia_dinh_hoc_tap\",\"value\":null,\"source\":\"missing\"}]") != std::string::npos,
             none.to_json());
  Record invalid = clan;
  invalid.set("ty_le_gia_dinh_hoc_tap", hoctap::Value{*hoctap::Decimal::parse("1.5")});
  const hoctap::Result out_of_range = eval(invalid, &ctx);
  BOOST_TEST(hoctap::to_string(out_of_range.local_values()[0].source) == "missing");
  BOOST_TEST(out_of_range.problems().size() == 1u);

  // Sets without local inputs list none, and their JSON has no `local_values`.
  const hoctap::Result plain = unit_set().evaluate(unit(8), {day("2023-12-31")});
  BOOST_TEST(plain.local_values().empty());
  BOOST_TEST(plain.to_json().find("local_values") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
