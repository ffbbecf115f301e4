// hoctap::diff_criteria and diff_impact (src/diff/diff.cpp): every change that can move a
// result is a rule difference, names and provenance are listed apart, every word is in the
// language asked for, and the impact reaches the titles that read the changed one.
#include <boost/test/unit_test.hpp>

#include <cctype>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "helpers.hpp"

namespace {

using Edits = std::vector<std::pair<std::string, std::string>>;

hoctap::CriteriaSet load_text(const std::string& text, const std::string& name) {
  auto r = hoctap::load_criteria_string(text, name);
  BOOST_REQUIRE_MESSAGE(r.ok(), hoctap::format(r.diagnostics));
  return *r.set;
}

hoctap::CriteriaSet load(const std::string& file) { return load_text(hoctap_test::read_text(hoctap_test::source_path(file)), file); }

// The set in `file` with the first `from` of each edit replaced by its `to`.
hoctap::CriteriaSet edited(const std::string& file, const Edits& edits) {
  std::string text = hoctap_test::read_text(hoctap_test::source_path(file));
  for (const auto& [from, to] : edits) {
    const std::size_t at = text.find(from);
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, from);
    text.replace(at, from.size(), to);
  }
  return load_text(text, file);
}

// What diff says in each language, and whether the rules and the sets are the same.
struct Said {
  std::string vi, en;
  bool same_rules, same_criteria;
};

Said compared(const hoctap::CriteriaSet& a, const hoctap::CriteriaSet& b) {
  return {hoctap::diff_criteria(a, b, hoctap::Lang::vi), hoctap::diff_criteria(a, b, hoctap::Lang::en), hoctap::same_rules(a, b),
          hoctap::same_criteria(a, b)};
}

const std::string k324 = "criteria/cong-dan-hoc-tap/324-2023.yaml";
const std::string kTT22 = "criteria/don-vi-hoc-tap/tt22-2020.yaml";
const std::string kFamily = "criteria/gia-dinh-hoc-tap/2022.yaml";
const std::string kPoints = "tests/data/diff/points.yaml";
const std::string kLevels = "tests/data/diff/levels.yaml";

}  // namespace

BOOST_AUTO_TEST_SUITE(diff)

BOOST_AUTO_TEST_CASE(a_set_against_itself_has_no_differences) {
  const Said said = compared(load(k324), load(k324));
  BOOST_TEST(said.vi == "So sánh cong-dan-hoc-tap/324-2023 → cong-dan-hoc-tap/324-2023\nKhông có khác biệt\n");
  BOOST_TEST(said.en == "Comparing cong-dan-hoc-tap/324-2023 → cong-dan-hoc-tap/324-2023\nNo differences\n");
  BOOST_TEST(said.same_rules);
  BOOST_TEST(said.same_criteria);
}

// A province's copy that changes only where the set comes from and where it applies.
BOOST_AUTO_TEST_CASE(place_and_provenance_are_listed_apart_from_the_rules) {
  const Said said = compared(load(k324), edited(k324, {{"id: cong-dan-hoc-tap/324-2023", "id: quang-ninh/cdht-prov"},
                                                    {"title: cong_dan_hoc_tap\n", "title: cong_dan_hoc_tap\nplace: quang_ninh\n"},
                                                    {"issuer: Ban Chấp hành Trung ương Hội Khuyến học Việt Nam", "issuer: UBND tỉnh Quảng Ninh"},
                                                    {"signed: 2023-10-25", "signed: 2024-01-15"},
                                                    {"  confidence: confirmed\n  note: the effective-date", "  confidence: unknown\n  note: the effective-date"},
                                                    {"    confidence: inferred\n    note: 80 points", "    confidence: confirmed\n    note: 80 points"}}));
  BOOST_TEST(said.vi ==
             "So sánh cong-dan-hoc-tap/324-2023 → quang-ninh/cdht-prov\n"
             "Không có khác biệt về quy tắc\n"
             "Nguồn gốc và nơi áp dụng:\n"
             "~ địa phương áp dụng: toàn quốc → quang_ninh\n"
             "~ căn cứ pháp lý, cơ quan ban hành: Ban Chấp hành Trung ương Hội Khuyến học Việt Nam → UBND tỉnh Quảng Ninh\n"
             "~ căn cứ pháp lý, ngày ký: 2023-10-25 → 2024-01-15\n"
             "~ căn cứ pháp lý, độ tin cậy: đã xác nhận → chưa rõ\n"
             "~ tham số `nguong_cong_nhan`, độ tin cậy: suy luận → đã xác nhận\n");
  BOOST_TEST(said.en ==
             "Comparing cong-dan-hoc-tap/324-2023 → quang-ninh/cdht-prov\n"
             "No rule differences\n"
             "Provenance and place:\n"
             "~ place: national → quang_ninh\n"
             "~ legal basis, issuer: Ban Chấp hành Trung ương Hội Khuyến học Việt Nam → UBND tỉnh Quảng Ninh\n"
             "~ legal basis, signed: 2023-10-25 → 2024-01-15\n"
             "~ legal basis, confidence: confirmed → unknown\n"
             "~ parameter `nguong_cong_nhan`, confidence: inferred → confirmed\n");
  BOOST_TEST(said.same_rules);
  BOOST_TEST(!said.same_criteria);
}

// One edit each, with what diff says of it in each language.
struct Case {
  const char* behaviour;
  std::string file;
  Edits edits;
  std::string vi, en;
};

BOOST_AUTO_TEST_CASE(each_change_that_can_move_a_result_is_a_rule_difference) {
  const std::string tt22 = "don-vi-hoc-tap-huyen-tinh/tt22-2020 → don-vi-hoc-tap-huyen-tinh/tt22-2020\n";
  const std::string family = "gia-dinh-hoc-tap/2022 → gia-dinh-hoc-tap/2022\n";
  const std::string rest = " and so_tv_chap_hanh_ky_luat <= so_thanh_vien and so_tv_hoan_thanh_boi_duong <= so_thanh_vien and "
                           "so_tv_lao_dong_tien_tien <= so_thanh_vien and so_tv_dat_nang_luc_cdht <= so_thanh_vien`";
  const Case cases[] = {
      {"a check that fails makes an entity not assessable", kTT22,
       {{"so_tv_co_ke_hoach_tu_hoc <= so_thanh_vien and", "so_tv_co_ke_hoach_tu_hoc * 2 <= so_thanh_vien and"}},
       "So sánh " + tt22 + "~ kiểm tra `thanh_vien_khong_vuot_tong`: `so_tv_co_ke_hoach_tu_hoc <= so_thanh_vien" + rest +
           " → `so_tv_co_ke_hoach_tu_hoc * 2 <= so_thanh_vien" + rest + "\n",
       "Comparing " + tt22 + "~ check `thanh_vien_khong_vuot_tong`: `so_tv_co_ke_hoach_tu_hoc <= so_thanh_vien" + rest +
           " → `so_tv_co_ke_hoach_tu_hoc * 2 <= so_thanh_vien" + rest + "\n"},
      {"a value outside a member field's range counts as missing", kFamily,
       {{"tuoi: {type: int, min: 0, max: 18,", "tuoi: {type: int, min: 0, max: 15,"}},
       "So sánh " + family + "~ dữ liệu đầu vào `tre_em.tuoi`, khoảng giá trị: 0..18 → 0..15\n",
       "Comparing " + family + "~ input `tre_em.tuoi`, range: 0..18 → 0..15\n"},
      {"members are judged by the title their list names", kFamily,
       {{"    title: cong_dan_hoc_tap", "    title: don_vi_hoc_tap_huyen_tinh"}},
       "So sánh " + family + "~ dữ liệu đầu vào `nguoi_lon`, danh hiệu xét thành viên: `cong_dan_hoc_tap` → `don_vi_hoc_tap_huyen_tinh`\n",
       "Comparing " + family + "~ input `nguoi_lon`, members' title: `cong_dan_hoc_tap` → `don_vi_hoc_tap_huyen_tinh`\n"},
      {"points by condition", kTT22,
       {{"so_tv_co_ke_hoach_tu_hoc == so_thanh_vien, points: 10}\n",
         "so_tv_co_ke_hoach_tu_hoc == so_thanh_vien, points: 10}\n"
         "            - {when: so_tv_co_ke_hoach_tu_hoc * 10 >= so_thanh_vien * 9, points: 5}\n"}},
       "So sánh " + tt22 + "~ chỉ số `tc2_1`, cách tính: 10 khi `so_tv_co_ke_hoach_tu_hoc == so_thanh_vien`; không thì 0 → "
           "10 khi `so_tv_co_ke_hoach_tu_hoc == so_thanh_vien`; 5 khi `so_tv_co_ke_hoach_tu_hoc * 10 >= so_thanh_vien * 9`; không thì 0\n",
       "Comparing " + tt22 + "~ indicator `tc2_1`, rule: 10 when `so_tv_co_ke_hoach_tu_hoc == so_thanh_vien`; otherwise 0 → "
           "10 when `so_tv_co_ke_hoach_tu_hoc == so_thanh_vien`; 5 when `so_tv_co_ke_hoach_tu_hoc * 10 >= so_thanh_vien * 9`; otherwise 0\n"},
      {"a band that stops recognizing", kTT22,
       {{"      min: 50\n      below: 70\n", "      min: 50\n      below: 70\n      recognized: false\n"}},
       "So sánh " + tt22 + "~ loại `trung_binh`, được công nhận: có → không\n",
       "Comparing " + tt22 + "~ grade `trung_binh`, recognized: yes → no\n"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.behaviour) {
      const Said said = compared(load(c.file), edited(c.file, c.edits));
      BOOST_TEST(said.vi == c.vi);
      BOOST_TEST(said.en == c.en);
      BOOST_TEST(!said.same_rules);
      BOOST_TEST(!said.same_criteria);
    }
  }
}

// A name in one language is a difference in both outputs, and counted.
BOOST_AUTO_TEST_CASE(a_name_changed_in_one_language_is_listed_in_both) {
  const Said said = compared(load(k324), edited(k324, {{"\"1.1 Xây dựng kế hoạch học tập\"", "\"1.1 Lập kế hoạch học tập cá nhân\""}}));
  BOOST_TEST(said.vi == "So sánh cong-dan-hoc-tap/324-2023 → cong-dan-hoc-tap/324-2023\n"
                        "Không có khác biệt về quy tắc\n"
                        "Tên và nhãn:\n"
                        "~ chỉ số `tc1_1`, tên tiếng Việt: 1.1 Xây dựng kế hoạch học tập → 1.1 Lập kế hoạch học tập cá nhân\n");
  BOOST_TEST(said.en == "Comparing cong-dan-hoc-tap/324-2023 → cong-dan-hoc-tap/324-2023\n"
                        "No rule differences\n"
                        "Names and labels:\n"
                        "~ indicator `tc1_1`, Vietnamese name: 1.1 Xây dựng kế hoạch học tập → 1.1 Lập kế hoạch học tập cá nhân\n");
  BOOST_TEST(said.same_rules);
  BOOST_TEST(!said.same_criteria);
}

// One edit of each part of a points set (tests/data/diff/points.yaml).
BOOST_AUTO_TEST_CASE(every_part_of_a_points_set_is_compared) {
  const Said said = compared(
      load(kPoints),
      edited(kPoints, {{"version: \"1\"", "version: \"2\"\nsupersedes: diff/points-0"},
                       {"{id: kho, vi: Khó khăn, en: Difficult}", "{id: kho, vi: Đặc biệt khó khăn, en: Very difficult}"},
                       {"so: {type: int, min: 0,", "so: {type: int, min: 1,"},
                       {"nguong: {type: decimal, local: true,", "nguong: {type: decimal,"},
                       {"max: 18, label", "max: 16, label"},
                       {"default: 3", "default: 4"},
                       {"label: {vi: Mức, en: Level}", "label: {vi: Mức, en: Threshold level}"},
                       {"message: {vi: Số âm,", "message: {vi: Số không được âm,"},
                       {"source: Điều 1", "source: Điều 2"},
                       {"points: {formula: so * 2, rounding: half_up}", "pass_at: 2\n        points: {formula: so * 2, rounding: floor, digits: 1}"},
                       {"if_not_applicable: full_points", "if_not_applicable: no_points"},
                       {"    max: 10\n    points: {assessed: true}", "    max: 12\n    confidence: inferred\n    note: 12 is a guess\n    points: {assessed: true}"},
                       {"{vi: Chưa đạt, en: Not yet}", "{vi: Chưa được công nhận, en: Not yet}"},
                       {"min: 10}", "min: 12}"},
                       {"every_indicator_at_least: 1", "every_indicator_at_least: 2"},
                       {"when: so > 100}", "when: so > 50}\n    - {id: thieu_con, name: {vi: Không có con, en: No children}, when: count(con) == 0}"}}));
  BOOST_TEST(said.vi ==
             "So sánh diff/points → diff/points\n"
             "~ tổng điểm tối đa: 20 → 22\n"
             "~ thang `vung`, giá trị `kho`, nhãn tiếng Việt: Khó khăn → Đặc biệt khó khăn\n"
             "~ dữ liệu đầu vào `so`, khoảng giá trị: ≥ 0 → ≥ 1\n"
             "~ dữ liệu đầu vào `nguong`, giá trị địa phương: có → không\n"
             "~ dữ liệu đầu vào `con.tuoi`, khoảng giá trị: 0..18 → 0..16\n"
             "~ tham số `muc`: thuong 5, kho 3 → thuong 5, kho 4\n"
             "~ chỉ số `c1_1`, mức tối thiểu: — → 2\n"
             "~ chỉ số `c1_1`, cách làm tròn: làm tròn nửa lên → làm tròn xuống\n"
             "~ chỉ số `c1_1`, số chữ số thập phân: 0 → 1\n"
             "~ chỉ số `c1_2`, nếu không áp dụng: đủ điểm → 0 điểm\n"
             "~ chỉ số `c2`, điểm tối đa: 10 → 12\n"
             "~ loại `kha`, khoảng điểm: ≥ 10 → ≥ 12\n"
             "~ điểm sàn mỗi chỉ số: 1 → 2\n"
             "~ điều kiện loại trừ `vi_pham`: `so > 100` → `so > 50`\n"
             "+ thêm điều kiện loại trừ `thieu_con`: `count(con) == 0`\n"
             "Tên và nhãn:\n"
             "~ thang `vung`, giá trị `kho`, nhãn tiếng Anh: Difficult → Very difficult\n"
             "~ tham số `muc`, nhãn tiếng Anh: Level → Threshold level\n"
             "~ kiểm tra `so_duong`, thông báo tiếng Việt: Số âm → Số không được âm\n"
             "~ loại khi không vào khoảng nào, tên tiếng Việt: Chưa đạt → Chưa được công nhận\n"
             "Nguồn gốc và nơi áp dụng:\n"
             "~ phiên bản: 1 → 2\n"
             "~ thay thế bộ: — → `diff/points-0`\n"
             "~ tiêu chí `c1`, nguồn: Điều 1 → Điều 2\n"
             "+ thêm chỉ số `c2`, độ tin cậy: suy luận\n"
             "+ thêm chỉ số `c2`, ghi chú: 12 is a guess\n");
  BOOST_TEST(said.en ==
             "Comparing diff/points → diff/points\n"
             "~ maximum total: 20 → 22\n"
             "~ scale `vung`, value `kho`, Vietnamese label: Khó khăn → Đặc biệt khó khăn\n"
             "~ input `so`, range: ≥ 0 → ≥ 1\n"
             "~ input `nguong`, local value: yes → no\n"
             "~ input `con.tuoi`, range: 0..18 → 0..16\n"
             "~ parameter `muc`: thuong 5, kho 3 → thuong 5, kho 4\n"
             "~ indicator `c1_1`, minimum: — → 2\n"
             "~ indicator `c1_1`, rounding: half up → down\n"
             "~ indicator `c1_1`, decimals: 0 → 1\n"
             "~ indicator `c1_2`, if not applicable: full points → no points\n"
             "~ indicator `c2`, maximum: 10 → 12\n"
             "~ grade `kha`, range: ≥ 10 → ≥ 12\n"
             "~ floor per indicator: 1 → 2\n"
             "~ knock-out `vi_pham`: `so > 100` → `so > 50`\n"
             "+ added knock-out `thieu_con`: `count(con) == 0`\n"
             "Names and labels:\n"
             "~ scale `vung`, value `kho`, English label: Difficult → Very difficult\n"
             "~ parameter `muc`, English label: Level → Threshold level\n"
             "~ check `so_duong`, Vietnamese message: Số âm → Số không được âm\n"
             "~ grade below every band, Vietnamese name: Chưa đạt → Chưa được công nhận\n"
             "Provenance and place:\n"
             "~ version: 1 → 2\n"
             "~ supersedes: — → `diff/points-0`\n"
             "~ criterion `c1`, source: Điều 1 → Điều 2\n"
             "+ added indicator `c2`, confidence: inferred\n"
             "+ added indicator `c2`, note: 12 is a guess\n");
}

BOOST_AUTO_TEST_CASE(applicability_and_points_rules_are_compared) {
  const Said said = compared(load(kPoints), edited(kPoints, {{"applies_when: count(con) > 0", "applies_when: count(con) > 1"},
                                                         {"{when: \"all(con, tuoi >= 6)\", points: 5}", "{when: \"all(con, tuoi >= 6)\", points: 4}"},
                                                         {"formula: so * 2,", "formula: so * 3,"},
                                                         {"min_total: muc", "min_total: muc + 1"},
                                                         {"values: {thuong: 5}", "values: {thuong: 5, kho: 3}"}}));
  BOOST_TEST(said.en ==
             "Comparing diff/points → diff/points\n"
             "~ indicator `c1_1`, rule: `so * 2` → `so * 3`\n"
             "~ indicator `c1_2`, rule: 5 when `all(con, tuoi >= 6)`; otherwise 0 → 4 when `all(con, tuoi >= 6)`; otherwise 0\n"
             "~ indicator `c1_2`, applies when: `count(con) > 0` → `count(con) > 1`\n"
             "~ recognition threshold: `muc` → `muc + 1`\n");
  BOOST_TEST(said.vi ==
             "So sánh diff/points → diff/points\n"
             "~ chỉ số `c1_1`, cách tính: `so * 2` → `so * 3`\n"
             "~ chỉ số `c1_2`, cách tính: 5 khi `all(con, tuoi >= 6)`; không thì 0 → 4 khi `all(con, tuoi >= 6)`; không thì 0\n"
             "~ chỉ số `c1_2`, áp dụng khi: `count(con) > 0` → `count(con) > 1`\n"
             "~ ngưỡng công nhận: `muc` → `muc + 1`\n");
}

// An expression written another way (spaces, parentheses the grammar does not need, a
// category value by its label, quotes) parses to the same tree: no difference. A real
// change is still one, shown as each file writes it.
BOOST_AUTO_TEST_CASE(an_expression_written_another_way_is_no_difference) {
  const Edits reformatted = {{"holds: so >= 0", "holds: \"so>=0\""},
                             {"formula: so * 2,", "formula: (so) * (2),"},
                             {"applies_when: count(con) > 0", "applies_when: \"(count(con)>0)\""},
                             {"{when: \"all(con, tuoi >= 6)\", points: 5}", "{when: \"all( con ,(tuoi >=  6))\", points: 5}"},
                             {"min_total: muc", "min_total: \"((muc))\""},
                             {"when: so > 100}", "when: \"so>100\"}"}};
  const Said same = compared(load(kPoints), edited(kPoints, reformatted));
  BOOST_TEST(same.en == "Comparing diff/points → diff/points\nNo differences\n");
  BOOST_TEST(same.vi == "So sánh diff/points → diff/points\nKhông có khác biệt\n");
  BOOST_TEST(same.same_rules);
  BOOST_TEST(same.same_criteria);
  BOOST_TEST(compared(load(kLevels), edited(kLevels, {{"requires: {muc_1: b, muc_2: a and b}", "requires: {muc_1: (b), muc_2: \"(a)and(b)\"}"},
                                                      {"requires: a or b", "requires: \"a or (b)\""}}))
                 .same_criteria);
  // A left-grouped chain written with its parentheses, a category value by its label.
  BOOST_TEST(compared(load(kTT22), edited(kTT22, {{"so_tv_co_ke_hoach_tu_hoc <= so_thanh_vien and so_tv_chap_hanh_ky_luat <= so_thanh_vien\n",
                                                   "((so_tv_co_ke_hoach_tu_hoc<=so_thanh_vien) and (so_tv_chap_hanh_ky_luat<=so_thanh_vien))\n"},
                                                  {"\"danh_hieu_tap_the >= 'tap_the_lao_dong_tien_tien'\"",
                                                   "'danh_hieu_tap_the >= \"Tập thể lao động tiên tiến\"'"}}))
                 .same_criteria);
  // Changed and rewritten: the line shows both texts as written.
  const Said changed = compared(load(kPoints), edited(kPoints, {{"formula: so * 2,", "formula: (so)*3,"}, {"min_total: muc", "min_total: (muc) + 0"}}));
  BOOST_TEST(changed.en ==
             "Comparing diff/points → diff/points\n"
             "~ indicator `c1_1`, rule: `so * 2` → `(so)*3`\n"
             "~ recognition threshold: `muc` → `(muc) + 0`\n");
  BOOST_TEST(!changed.same_rules);
}

// Three rewrites that judge every entity alike are no difference: a comparison the other
// way round, a number written with other trailing zeros, a regrouped chain of `and`.
// Changing the operator or the number is one, shown as each file writes it.
BOOST_AUTO_TEST_CASE(a_rewrite_that_judges_alike_is_no_difference) {
  const std::string chain = "count(tre_em where tuoi >= tuoi_pho_cap_tu and tuoi <= tuoi_pho_cap_den and not mien_tru) > 0";
  const std::string none = "Comparing gia-dinh-hoc-tap/2022 → gia-dinh-hoc-tap/2022\nNo differences\n";
  const Edits rewrites[] = {
      {{"tuoi <= tuoi_pho_cap_den and not mien_tru) > 0", "tuoi_pho_cap_den >= tuoi and not mien_tru) > 0"}},
      {{"share(nguoi_lon where not mien_tru, result.recognized) >= ty_le_nguoi_lon_cdht_toi_thieu",
        "ty_le_nguoi_lon_cdht_toi_thieu <= share(nguoi_lon where not mien_tru, result.recognized)"}},
      {{"and not mien_tru) > 0", "and not mien_tru) > 0.00"}},
      {{"and not mien_tru) > 0", "and not mien_tru) > 0.0"}, {"count(nguoi_lon where not mien_tru) > 0", "0 < count(nguoi_lon where not mien_tru)"}},
      {{chain, "count(tre_em where tuoi >= tuoi_pho_cap_tu and (tuoi <= tuoi_pho_cap_den and not mien_tru)) > 0"}},
      {{chain, "count(tre_em where (tuoi >= tuoi_pho_cap_tu and tuoi <= tuoi_pho_cap_den) and not mien_tru) > 0"}},
  };
  for (const Edits& e : rewrites) {
    BOOST_TEST_CONTEXT(e.front().second) {
      const Said said = compared(load(kFamily), edited(kFamily, e));
      BOOST_TEST(said.en == none);
      BOOST_TEST(said.vi == "So sánh gia-dinh-hoc-tap/2022 → gia-dinh-hoc-tap/2022\nKhông có khác biệt\n");
      BOOST_TEST(said.same_rules);
      BOOST_TEST(said.same_criteria);
    }
  }
  // A real change, with the rewrites beside it: each file's own text.
  const Said stricter = compared(load(kFamily), edited(kFamily, {{chain, "0.0 < count(tre_em where tuoi > tuoi_pho_cap_tu and "
                                                                          "(tuoi_pho_cap_den >= tuoi and not mien_tru))"}}));
  BOOST_TEST(stricter.en == "Comparing gia-dinh-hoc-tap/2022 → gia-dinh-hoc-tap/2022\n"
                            "~ indicator `tc1`, applies when: `" + chain + "` → `0.0 < count(tre_em where tuoi > tuoi_pho_cap_tu and "
                            "(tuoi_pho_cap_den >= tuoi and not mien_tru))`\n");
  BOOST_TEST(!stricter.same_rules);
  const Said two = compared(load(kFamily), edited(kFamily, {{"count(nguoi_lon where not mien_tru) > 0", "2 <= count(nguoi_lon where not mien_tru)"}}));
  BOOST_TEST(two.vi == "So sánh gia-dinh-hoc-tap/2022 → gia-dinh-hoc-tap/2022\n"
                       "~ chỉ số `tc2`, áp dụng khi: `count(nguoi_lon where not mien_tru) > 0` → `2 <= count(nguoi_lon where not mien_tru)`\n");
  BOOST_TEST(!two.same_rules);
  // The operands of a chain keep their order: which unknown one is the value can depend on it.
  BOOST_TEST(!compared(load(kFamily), edited(kFamily, {{chain, "count(tre_em where tuoi <= tuoi_pho_cap_den and tuoi >= tuoi_pho_cap_tu "
                                                               "and not mien_tru) > 0"}}))
                  .same_rules);
}

// Levels sets: a level without its own condition keeps the level below's, so writing that
// condition out changes nothing; items added, removed and moved are one line each.
BOOST_AUTO_TEST_CASE(levels_compare_the_condition_that_applies) {
  BOOST_TEST(compared(load(kLevels), edited(kLevels, {{"requires: {muc_1: a}", "requires: {muc_1: a, muc_2: a}"}})).same_criteria);
  const Said said = compared(load(kLevels), edited(kLevels, {{"requires: {muc_1: a}", "requires: {muc_1: a, muc_2: a and not b}"},
                                                         {"      - id: c1_2\n        name: {vi: Chỉ số 1.2, en: Indicator 1.2}\n"
                                                          "        requires: {muc_1: b, muc_2: a and b}\n", ""},
                                                         {"      - id: c2_1\n        name: {vi: Chỉ số 2.1, en: Indicator 2.1}\n        requires: a or b\n",
                                                          "      - id: c1_2\n        name: {vi: Chỉ số 1.2, en: Indicator 1.2}\n"
                                                          "        requires: {muc_1: b, muc_2: a and b}\n"
                                                          "      - id: c2_2\n        name: {vi: Chỉ số 2.2, en: Indicator 2.2}\n        requires: b\n"},
                                                         {"  - {id: muc_2, name: {vi: Mức 2, en: Level 2}}",
                                                          "  - {id: muc_2, name: {vi: Mức 2, en: Level two}}\n  - {id: muc_3, name: {vi: Mức 3, en: Level 3}}"}}));
  BOOST_TEST(said.vi ==
             "So sánh diff/levels → diff/levels\n"
             "+ thêm mức `muc_3`: Mức 3\n"
             "~ thứ tự các mức: muc_1 < muc_2 → muc_1 < muc_2 < muc_3\n"
             "~ chỉ số `c1_1`, yêu cầu của mức `muc_2`: `a` → `a and not b`\n"
             "+ thêm chỉ số `c1_1`, yêu cầu của mức `muc_3`: `a and not b`\n"
             "- bỏ chỉ số `c2_1`: Chỉ số 2.1\n"
             "~ chỉ số `c1_2`, thuộc: `c1` → `c2`\n"
             "+ thêm chỉ số `c1_2`, yêu cầu của mức `muc_3`: `a and b`\n"
             "+ thêm chỉ số `c2_2`: Chỉ số 2.2\n"
             "Tên và nhãn:\n"
             "~ mức `muc_2`, tên tiếng Anh: Level 2 → Level two\n");
  BOOST_TEST(said.en ==
             "Comparing diff/levels → diff/levels\n"
             "+ added level `muc_3`: Level 3\n"
             "~ order of the levels: muc_1 < muc_2 → muc_1 < muc_2 < muc_3\n"
             "~ indicator `c1_1`, requirement of level `muc_2`: `a` → `a and not b`\n"
             "+ added indicator `c1_1`, requirement of level `muc_3`: `a and not b`\n"
             "- removed indicator `c2_1`: Indicator 2.1\n"
             "~ indicator `c1_2`, under: `c1` → `c2`\n"
             "+ added indicator `c1_2`, requirement of level `muc_3`: `a and b`\n"
             "+ added indicator `c2_2`: Indicator 2.2\n"
             "Names and labels:\n"
             "~ level `muc_2`, English name: Level 2 → Level two\n");
}

// ---- the model, member by member ------------------------------------------------------

namespace {

// The members of the structs declared in `header` (`Struct::member`, nested structs as
// `Outer::Inner::member`): data members only, not functions, statics or enumerators.
std::set<std::string> members(const std::string& header) {
  std::set<std::string> out;
  std::vector<std::pair<std::string, std::size_t>> open;  // struct, its indentation
  auto last_word = [](const std::string& s) {
    std::string w;
    for (std::size_t i = s.size(); i-- > 0;) {
      const char c = s[i];
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') w.insert(w.begin(), c);
      else if (!w.empty()) break;
    }
    return w;
  };
  auto declarators = [&](const std::string& owner, std::string decl) {  // `T a, b = x` → a, b
    decl = decl.substr(0, decl.find('='));
    int angle = 0;
    std::string part;
    for (char c : decl + ",") {
      angle += c == '<' ? 1 : c == '>' ? -1 : 0;
      if (c == ',' && angle == 0) {
        out.insert(owner + "::" + last_word(part));
        part.clear();
      } else {
        part += c;
      }
    }
  };
  std::istringstream in(hoctap_test::read_text(hoctap_test::source_path(header)));
  for (std::string line; std::getline(in, line);) {
    line = line.substr(0, line.find("//"));
    while (!line.empty() && line.back() == ' ') line.pop_back();
    const std::size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos) continue;
    const std::string body = line.substr(indent);
    if (body.rfind("struct ", 0) == 0 && body.back() == '{') {
      open.emplace_back(last_word(body.substr(0, body.size() - 1)), indent);
      continue;
    }
    if (open.empty()) continue;
    if (body.rfind("};", 0) == 0 && indent == open.back().second) {
      open.pop_back();
      continue;
    }
    if (indent != open.back().second + 2 || body.back() != ';') continue;
    const std::string owner = open.back().first;
    if (body.rfind("struct ", 0) == 0) {  // `struct Inner { A a; B b; };`
      const std::size_t l = body.find('{'), r = body.rfind('}');
      const std::string inner = owner + "::" + last_word(body.substr(0, l));
      std::istringstream decls(body.substr(l + 1, r - l - 1));
      for (std::string d; std::getline(decls, d, ';');)
        if (d.find_first_not_of(' ') != std::string::npos) declarators(inner, d);
    } else if (body.rfind("enum class ", 0) == 0) {  // `enum class K { … } kind = …;` declares `kind`
      const std::string after = body.substr(body.rfind('}') + 1);
      if (after.find_first_not_of(" ;") != std::string::npos) declarators(owner, after.substr(0, after.size() - 1));
    } else if (body.rfind("static ", 0) != 0 && body.find('(') == std::string::npos) {
      declarators(owner, body.substr(0, body.size() - 1));
    }
  }
  return out;
}

}  // namespace

// diff compares a rendering of the compiled set (src/diff/diff.cpp, class Render). A
// member added to the model fails this test until the rendering shows it, or the list
// below says why it cannot change a result.
BOOST_AUTO_TEST_CASE(every_member_of_the_model_is_compared_or_cannot_change_a_result) {
  static const std::map<std::string, const char*> kHow = {
      {"Bilingual::vi", "names and labels, in each item's names"},
      {"Bilingual::en", "names and labels, in each item's names"},
      {"Type::kind", "an input's or parameter's type"},
      {"Type::scale", "a category's scale, by its id"},
      {"Type::schema", "a list's member fields, under the list"},
      {"Scale::id", "the scale's key"},
      {"Scale::values", "the scale's values in order"},
      {"Scale::labels", "Vietnamese labels as rules (data may give them), English as names"},
      {"Field::name", "the input's key"},
      {"Field::type", "type"},
      {"Field::label", "names"},
      {"Field::min", "range"},
      {"Field::max", "range"},
      {"Field::slot", "not compared: where the value is stored"},
      {"Field::local", "local value"},
      {"Schema::name", "the list's key"},
      {"Schema::fields", "inputs, and members' fields"},
      {"Schema::by_name", "not compared: an index of fields"},
      {"Schema::member_title", "members' title"},
      {"Schema::result_base", "not compared: where members' results are stored"},
      {"Schema::slot_count", "not compared: storage size"},
      {"Literal::kind", "expressions, by their canonical text (canonical_text)"},
      {"Literal::i", "canonical text: the number, day or category value"},
      {"Literal::text", "canonical text: text, quoted"},
      {"Expr::op", "canonical text"},
      {"Expr::type", "canonical text for categories; a number's int or decimal type cannot change a result (every number "
                     "is evaluated as Decimal units), the types of the names it reads are compared with them"},
      {"Expr::lit", "canonical text"},
      {"Expr::slot", "canonical text: the names it reads, a rounding's digits"},
      {"Expr::pos", "not compared: a position in the text"},
      {"Expr::name", "canonical text"},
      {"Expr::args", "canonical text"},
      {"Expr::shape", "not compared: an evaluation plan"},
      {"Formula::text", "not compared: shown, as the file writes it, where the canonical texts differ"},
      {"Formula::root", "every expression, by its canonical text"},
      {"Formula::inputs", "not compared: follows from the tree"},
      {"Mark::confidence", "provenance, when the file writes it"},
      {"Mark::note", "provenance"},
      {"Mark::declared", "whether confidence is compared (an inherited one is its enclosing place's)"},
      {"Mark::line", "not compared: a position in the file"},
      {"Place::place", "the provenance key, by id rather than position"},
      {"Place::mark", "provenance"},
      {"Place::listed", "not compared: what validate --strict shows"},
      {"Parameter::name", "the parameter's key"},
      {"Parameter::label", "names"},
      {"Parameter::type", "type"},
      {"Parameter::by_slot", "by input"},
      {"Parameter::by_scale", "the value per value of the input's scale"},
      {"Parameter::by_value", "the value per value of the scale"},
      {"Parameter::fallback", "the value, or per value of the scale where none is given"},
      {"Parameter::confidence", "provenance (CompiledSet::places)"},
      {"Parameter::note", "provenance (CompiledSet::places)"},
      {"Parameter::line", "not compared: a position in the file"},
      {"PointsRule::kind", "rule"},
      {"PointsRule::Case::when", "rule"},
      {"PointsRule::Case::points", "rule"},
      {"PointsRule::cases", "rule"},
      {"PointsRule::otherwise", "rule"},
      {"PointsRule::formula", "rule"},
      {"PointsRule::rounding", "rounding"},
      {"PointsRule::digits", "decimals"},
      {"PointsRule::assessed_slot", "not compared: where the score is stored (the rule says `entered by the assessor`)"},
      {"RuleNode::id", "the node's key"},
      {"RuleNode::name", "names"},
      {"RuleNode::parent", "under"},
      {"RuleNode::depth", "not compared: follows from the parents"},
      {"RuleNode::children", "not compared: the parents, compared, give them; their order is how results list them"},
      {"RuleNode::indicator", "whether the node has a points rule or level requirements"},
      {"RuleNode::max", "maximum"},
      {"RuleNode::max_known", "maximum (`?` when unknown)"},
      {"RuleNode::pass_at", "minimum"},
      {"RuleNode::points", "rule, rounding, decimals"},
      {"RuleNode::applies_when", "applies when"},
      {"RuleNode::not_applicable_full", "if not applicable"},
      {"RuleNode::requires", "requirement of each level, as it applies"},
      {"RuleNode::scoring_mark", "provenance (CompiledSet::places)"},
      {"RuleNode::applicability_mark", "provenance (CompiledSet::places)"},
      {"RuleNode::confidence", "provenance (CompiledSet::places)"},
      {"RuleNode::confidence_declared", "provenance (CompiledSet::places)"},
      {"RuleNode::note", "provenance (CompiledSet::places)"},
      {"RuleNode::source", "provenance"},
      {"RuleNode::yaml_path", "not compared: a position in the file"},
      {"RuleNode::line", "not compared: a position in the file"},
      {"Band::id", "the band's key"},
      {"Band::name", "names"},
      {"Band::min", "range"},
      {"Band::below", "range"},
      {"Band::recognized", "recognized"},
      {"Band::mark", "provenance (CompiledSet::places)"},
      {"Knockout::id", "the knock-out's key"},
      {"Knockout::name", "names"},
      {"Knockout::when", "the knock-out's condition"},
      {"Check::id", "the check's key"},
      {"Check::message", "names (the reason a result gives)"},
      {"Check::holds", "the check's condition"},
      {"Level::id", "the level's key, and the order of the levels"},
      {"Level::name", "names"},
      {"Expectation::decision", "not compared: test cases are not rules"},
      {"Expectation::total", "not compared: test cases"},
      {"Expectation::grade", "not compared: test cases"},
      {"Expectation::level", "not compared: test cases"},
      {"Expectation::points_to_next", "not compared: test cases"},
      {"Expectation::NodeExpect::id", "not compared: test cases"},
      {"Expectation::NodeExpect::points", "not compared: test cases"},
      {"Expectation::NodeExpect::status", "not compared: test cases"},
      {"Expectation::NodeExpect::level", "not compared: test cases"},
      {"Expectation::nodes", "not compared: test cases"},
      {"Expectation::problems", "not compared: test cases"},
      {"Expectation::explain_vi", "not compared: test cases"},
      {"Expectation::explain_en", "not compared: test cases"},
      {"TestCase::name", "not compared: test cases"},
      {"TestCase::file", "not compared: test cases"},
      {"TestCase::line", "not compared: test cases"},
      {"TestCase::date", "not compared: test cases"},
      {"TestCase::input", "not compared: test cases"},
      {"TestCase::context", "not compared: test cases"},
      {"TestCase::expect", "not compared: test cases"},
      {"CompiledSet::format", "not compared: every loaded set is format 1"},
      {"CompiledSet::id", "not compared: the first line names both"},
      {"CompiledSet::title", "title"},
      {"CompiledSet::entity", "entity"},
      {"CompiledSet::version", "provenance"},
      {"CompiledSet::supersedes", "provenance"},
      {"CompiledSet::place", "provenance and place"},
      {"CompiledSet::name", "names"},
      {"CompiledSet::valid_from", "validity"},
      {"CompiledSet::valid_to", "validity"},
      {"CompiledSet::legal", "provenance, field by field"},
      {"CompiledSet::valid_from_mark", "provenance (CompiledSet::places)"},
      {"CompiledSet::valid_to_mark", "provenance (CompiledSet::places)"},
      {"CompiledSet::max_total_mark", "provenance (CompiledSet::places)"},
      {"CompiledSet::grades_mark", "provenance (CompiledSet::places)"},
      {"CompiledSet::recognition_mark", "provenance (CompiledSet::places)"},
      {"CompiledSet::source_path", "not compared: where the file was read"},
      {"CompiledSet::source_text", "not compared: every part it defines is"},
      {"CompiledSet::sha256", "not compared: the file's bytes"},
      {"CompiledSet::scales", "scales"},
      {"CompiledSet::schemas", "inputs"},
      {"CompiledSet::parameters", "parameters"},
      {"CompiledSet::parameter_index", "not compared: an index of parameters"},
      {"CompiledSet::referenced_titles", "not compared: the member lists' titles, compared"},
      {"CompiledSet::levels_mode", "scoring"},
      {"CompiledSet::nodes", "criteria and indicators"},
      {"CompiledSet::roots", "not compared: the nodes without a parent"},
      {"CompiledSet::indicators", "not compared: the nodes without children"},
      {"CompiledSet::max_total", "maximum total"},
      {"CompiledSet::bands", "grades"},
      {"CompiledSet::otherwise", "grade below every band"},
      {"CompiledSet::levels", "levels"},
      {"CompiledSet::min_total", "recognition threshold"},
      {"CompiledSet::every_indicator_at_least", "floor per indicator"},
      {"CompiledSet::knockouts", "knock-outs"},
      {"CompiledSet::checks", "checks"},
      {"CompiledSet::tests", "not compared: test cases are not rules"},
      {"CompiledSet::test_problems", "not compared: test cases"},
      {"CompiledSet::shapes", "not compared: an evaluation plan"},
      {"CompiledSet::node_infos", "not compared: a view of the nodes"},
      {"CompiledSet::input_infos", "not compared: a view of the inputs"},
      {"CompiledSet::unconfirmed", "not compared: a view of the places"},
      {"CompiledSet::places", "provenance: every place's declared confidence and note"},
      {"CompiledSet::confirmed_notes", "not compared: a view of the places"},
      {"LegalBasis::instrument", "provenance"},
      {"LegalBasis::issuer", "provenance"},
      {"LegalBasis::signed_on", "provenance"},
      {"LegalBasis::article", "provenance"},
      {"LegalBasis::source", "provenance"},
      {"LegalBasis::confidence", "provenance"},
      {"LegalBasis::note", "provenance"},
  };
  std::set<std::string> declared = members("src/model/model.hpp");
  for (const std::string& m : members("include/hoctap/criteria.hpp"))
    if (m.rfind("LegalBasis::", 0) == 0) declared.insert(m);
  BOOST_TEST(declared.size() > 100u);  // the reading above still finds the model
  for (const std::string& m : declared)
    BOOST_TEST(kHow.count(m) == 1u, m << " is new: compare it in src/diff/diff.cpp, or say here why it cannot change a result");
  for (const auto& [m, how] : kHow)
    BOOST_TEST(declared.count(m) == 1u, m << " is no longer in the model: remove it here");
}

// ---- impact on a dataset ------------------------------------------------------------

namespace {

const hoctap::Registry& national() {
  static const auto loaded = hoctap::Registry::load_directory(hoctap_test::source_path("criteria"));
  BOOST_REQUIRE_MESSAGE(loaded.ok(), hoctap::format(loaded.diagnostics));
  return *loaded.registry;
}

// The lines of `text` that do not start with `skip`.
std::string without(const std::string& text, const std::vector<std::string>& skip) {
  std::istringstream in(text);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    bool keep = true;
    for (const auto& s : skip) keep = keep && line.rfind(s, 0) != 0;
    if (keep) out += line + "\n";
  }
  return out;
}

}  // namespace

// A threshold written alike in both files whose two parameters trade values: each value
// is compared with the same parameter's, so the threshold is the reason the citizens move.
BOOST_AUTO_TEST_CASE(a_threshold_whose_parameters_trade_values_is_the_reason) {
  const auto two = [](const char* a, const char* b) {
    return std::string("parameters:\n  a: {type: int, label: {vi: a, en: a}, value: ") + a + ", confidence: inferred, note: test}\n"
           "  b: {type: int, label: {vi: b, en: b}, value: " + b + ", confidence: inferred, note: test}\n";
  };
  const hoctap::CriteriaSet before = edited(k324, {{"parameters:\n", two("40", "20")}, {"min_total: nguong_cong_nhan", "min_total: a + b * 2"}});
  const hoctap::CriteriaSet after = edited(k324, {{"parameters:\n", two("20", "40")}, {"min_total: nguong_cong_nhan", "min_total: a + b * 2"}});
  hoctap::DatasetOptions opts;
  opts.date = hoctap_test::day("2023-12-31");
  opts.lang = hoctap::Lang::en;
  const std::string en = hoctap::diff_impact(national(), hoctap_test::source_path("examples/province"), before, after, opts);
  BOOST_TEST(en.find("\n  P0000001: recognized → not recognized; total 86→86 because recognition threshold a + b * 2 (40) (20) → a + b * 2 (20) (40)\n") !=
                 std::string::npos,
             en.substr(0, 600));
  BOOST_TEST(en.find("(grades changed)") == std::string::npos);
}

// Families read their adults' citizen results, clans and villages their families': a lower
// citizen threshold moves all of them.
BOOST_AUTO_TEST_CASE(the_impact_reaches_every_title_that_reads_the_changed_one) {
  const hoctap::CriteriaSet before = load(k324), after = edited(k324, {{"values: {binh_thuong: 80,", "values: {binh_thuong: 75,"}});
  hoctap::DatasetOptions opts;
  opts.date = hoctap_test::day("2023-12-31");
  opts.lang = hoctap::Lang::en;
  const std::string dir = hoctap_test::source_path("examples/province");
  const std::string en = hoctap::diff_impact(national(), dir, before, after, opts);
  BOOST_TEST(without(en, {"  P0", "  F0", "  K0", "  V0"}) ==
             "Impact on 6990 adults.csv: recognized 4732 (67.7%) → 5973 (85.5%)\n"
             "  not recognized → recognized: 1241\n"
             "Impact on 3000 families.csv (reads results under title `cong_dan_hoc_tap`): recognized 2178 (72.6%) → 2623 (87.4%)\n"
             "  not recognized → recognized: 445\n"
             "Impact on 109 clans.csv (reads results under title `gia_dinh_hoc_tap`): recognized 76 (69.7%) → 92 (84.4%)\n"
             "  not recognized → recognized: 16\n"
             "Impact on 24 villages.csv (reads results under title `gia_dinh_hoc_tap`, `dong_ho_hoc_tap`): recognized 22 (91.7%) → 24 (100.0%)\n"
             "  not recognized → recognized: 2\n");
  BOOST_TEST(en.find("\n  F0000002: not recognized → recognized; tc2 0→0 (not met→met); because results under title `cong_dan_hoc_tap` changed\n") !=
             std::string::npos);
  BOOST_TEST(en.find("\n  V0000011: not recognized → recognized; tc2 0→0 (not met→met); because results under title `gia_dinh_hoc_tap`, "
                     "`dong_ho_hoc_tap` changed\n") != std::string::npos);
  opts.lang = hoctap::Lang::vi;
  const std::string vi = hoctap::diff_impact(national(), dir, before, after, opts);
  BOOST_TEST(vi.find("\nTác động trên 3000 families.csv (đọc kết quả theo danh hiệu `cong_dan_hoc_tap`): đạt 2178 (72.6%) → 2623 (87.4%)\n"
                     "  không được công nhận → được công nhận: 445\n") != std::string::npos);
  BOOST_TEST(vi.find("\n  P0000006: không được công nhận → được công nhận; tổng điểm 77→77 vì ngưỡng công nhận nguong_cong_nhan "
                     "(vung=binh_thuong: 80) → nguong_cong_nhan (vung=binh_thuong: 75)\n") != std::string::npos);
  BOOST_TEST(vi.find("\n  F0000002: không được công nhận → được công nhận; tc2 0→0 (không đạt→đạt); vì kết quả theo danh hiệu "
                     "`cong_dan_hoc_tap` đã đổi\n") != std::string::npos);
  // 20 entities of the changed title are shown, 5 of each title that reads it.
  BOOST_TEST(std::count(en.begin(), en.end(), '\n') == 8 + 20 + 5 + 5 + 2);
}

// Clans are read by villages, not by families: a clan set weighs on clans and villages. A
// title that reads the changed one is shown only when some of its entities change outcome.
BOOST_AUTO_TEST_CASE(a_change_weighs_on_its_title_and_on_what_reads_it_only) {
  const std::string clans = "criteria/dong-ho-hoc-tap/2022.yaml";
  hoctap::DatasetOptions opts;
  opts.date = hoctap_test::day("2023-12-31");
  opts.lang = hoctap::Lang::en;
  const std::string dir = hoctap_test::source_path("examples/province");
  const std::string stricter = hoctap::diff_impact(
      national(), dir, load(clans), edited(clans, {{"result.recognized) >= ty_le_gia_dinh_hoc_tap_toi_thieu", "result.recognized) >= ty_le_gia_dinh_hoc_tap_toi_thieu + 0.2"}}),
      opts);
  BOOST_TEST(without(stricter, {"  K0", "  V0"}) ==
             "Impact on 109 clans.csv: recognized 76 (69.7%) → 36 (33.0%)\n"
             "  recognized → not recognized: 40\n"
             "Impact on 24 villages.csv (reads results under title `dong_ho_hoc_tap`): recognized 22 (91.7%) → 11 (45.8%)\n"
             "  recognized → not recognized: 11\n");
  BOOST_TEST(stricter.find("families.csv") == std::string::npos);
  // Six more clans recognized, no village changes: the villages are not listed.
  const std::string board = hoctap::diff_impact(national(), dir, load(clans), edited(clans, {{"    requires: co_ban_khuyen_hoc\n", "    requires: co_ban_khuyen_hoc or true\n"}}), opts);
  BOOST_TEST(without(board, {"  K0"}) == "Impact on 109 clans.csv: recognized 76 (69.7%) → 82 (75.2%)\n  not recognized → recognized: 6\n");
  // The same set: the changed title's block says so, and nothing else is said.
  BOOST_TEST(hoctap::diff_impact(national(), dir, load(clans), load(clans), opts) ==
             "Impact on 109 clans.csv: recognized 76 (69.7%) → 76 (69.7%)\n  No entity changes outcome\n");
}

BOOST_AUTO_TEST_SUITE_END()
