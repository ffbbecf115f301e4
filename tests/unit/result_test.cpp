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

BOOST_AUTO_TEST_CASE(a_default_result_is_empty_and_safe) {
  hoctap::Result r;
  BOOST_TEST(r.decision() == hoctap::Decision::not_assessable);
  BOOST_TEST(r.reasons().empty());
  BOOST_TEST(r.explain(hoctap::Lang::vi).empty());
  BOOST_TEST(!r.grade().has_value());
}

BOOST_AUTO_TEST_SUITE_END()
