// What a criteria author runs: `hoctap diff` (exit codes as diff(1), and why each entity
// changes), provincial sets in `report`, and `hoctap doc`.
#include <boost/test/unit_test.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "helpers.hpp"

namespace fs = std::filesystem;

namespace {

struct Outcome {
  int exit = -1;
  std::string text;  // stdout, then stderr
};

fs::path scratch() { return hoctap_test::scratch_dir("hoctap-authoring"); }

// `hoctap ARGS` in a Vietnamese locale (a run's language when ARGS has no --lang), with
// its output kept in a scratch file.
Outcome run_hoctap(const std::string& args) {
  const fs::path out = scratch() / "out.txt";
  const std::string cmd = "cd '" + std::string(HOCTAP_SOURCE_DIR) + "' && env LC_ALL= LC_MESSAGES= LANG=vi_VN.UTF-8 '" + HOCTAP_CLI + "' " + args +
                          " > '" + out.string() + "' 2>&1";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128, hoctap_test::read_text(out.string())};
}

// A copy of `file` with the first `from` replaced by `to`, in the scratch folder.
std::string edited(const std::string& file, const std::string& from, const std::string& to, const std::string& name) {
  std::string text = hoctap_test::read_text(hoctap_test::source_path(file));
  const std::size_t at = text.find(from);
  BOOST_REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  const fs::path p = scratch() / name;
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

const std::string kFamily = "criteria/gia-dinh-hoc-tap/2022.yaml";

}  // namespace

BOOST_AUTO_TEST_SUITE(authoring_cli)

BOOST_AUTO_TEST_CASE(diff_exits_0_when_equal_1_when_different_2_on_error) {
  Outcome same = run_hoctap("diff " + kFamily + " " + kFamily);
  BOOST_TEST(same.exit == 0);
  BOOST_TEST(same.text == "So sánh gia-dinh-hoc-tap/2022 → gia-dinh-hoc-tap/2022\nKhông có khác biệt\n");
  const std::string older = edited(kFamily, "    value: 14", "    value: 12", "gd12.yaml");
  Outcome differ = run_hoctap("diff --lang en " + kFamily + " " + older);
  BOOST_TEST(differ.exit == 1);
  BOOST_TEST(differ.text == "Comparing gia-dinh-hoc-tap/2022 → gia-dinh-hoc-tap/2022\n~ parameter `tuoi_pho_cap_den`: 14 → 12\n");
  // Names and provenance are differences too: the files claim different things.
  Outcome renamed = run_hoctap("diff --lang en " + kFamily + " " + edited(kFamily, "  en: Learning family", "  en: Learning household", "gd-name.yaml"));
  BOOST_TEST(renamed.exit == 1);
  BOOST_TEST(renamed.text == "Comparing gia-dinh-hoc-tap/2022 → gia-dinh-hoc-tap/2022\nNo rule differences\nNames and labels:\n"
                             "~ the set, English name: Learning family → Learning household\n");
  Outcome placed = run_hoctap("diff " + kFamily + " " + edited(kFamily, "title: gia_dinh_hoc_tap\n", "title: gia_dinh_hoc_tap\nplace: quang_ninh\n", "gd-qn.yaml"));
  BOOST_TEST(placed.exit == 1);
  BOOST_TEST(placed.text == "So sánh gia-dinh-hoc-tap/2022 → gia-dinh-hoc-tap/2022\nKhông có khác biệt về quy tắc\nNguồn gốc và nơi áp dụng:\n"
                            "~ địa phương áp dụng: toàn quốc → quang_ninh\n");
  Outcome missing = run_hoctap("diff --lang en " + kFamily + " no/such.yaml");
  BOOST_TEST(missing.exit == 2);
  BOOST_TEST(missing.text == "no/such.yaml: error[H001]: cannot read `no/such.yaml`\n");
  Outcome bad_date = run_hoctap("diff " + kFamily + " " + older + " --dataset examples/province --date 2023-13-01");
  BOOST_TEST(bad_date.exit == 2);
  Outcome no_dataset = run_hoctap("diff " + kFamily + " " + older + " --dataset no/such --date 2023-06-30");
  BOOST_TEST(no_dataset.exit == 2);
  BOOST_TEST(run_hoctap("diff " + kFamily).exit == 2);  // usage
}

// A copy of the family set with one expression written another way that judges every
// family alike: no difference, exit 0. Changing what it says is one, exit 1, with each
// file's own text.
BOOST_AUTO_TEST_CASE(diff_says_nothing_of_an_expression_rewritten_to_judge_alike) {
  const std::string chain = "count(tre_em where tuoi >= tuoi_pho_cap_tu and tuoi <= tuoi_pho_cap_den and not mien_tru) > 0";
  struct Rewrite {
    const char* how;
    std::string text;
    bool changed;
  };
  const Rewrite rewrites[] = {
      {"the other way round", "0 < count(tre_em where tuoi_pho_cap_tu <= tuoi and tuoi_pho_cap_den >= tuoi and not mien_tru)", false},
      {"with trailing zeros", "count(tre_em where tuoi >= tuoi_pho_cap_tu and tuoi <= tuoi_pho_cap_den and not mien_tru) > 0.00", false},
      {"regrouped", "count(tre_em where tuoi >= tuoi_pho_cap_tu and (tuoi <= tuoi_pho_cap_den and not mien_tru)) > 0", false},
      {"`>=` → `>`", "count(tre_em where tuoi > tuoi_pho_cap_tu and tuoi <= tuoi_pho_cap_den and not mien_tru) > 0", true},
      {"`0` → `1`", "count(tre_em where tuoi >= tuoi_pho_cap_tu and tuoi <= tuoi_pho_cap_den and not mien_tru) > 1", true},
      {"rewritten and changed", "2 <= count(tre_em where tuoi >= tuoi_pho_cap_tu and (tuoi <= tuoi_pho_cap_den and not mien_tru))", true},
  };
  for (const Rewrite& r : rewrites) {
    BOOST_TEST_CONTEXT(r.how) {
      Outcome said = run_hoctap("diff --lang en " + kFamily + " " + edited(kFamily, chain, r.text, "gd-rewritten.yaml"));
      BOOST_TEST(said.exit == (r.changed ? 1 : 0));
      BOOST_TEST(said.text == "Comparing gia-dinh-hoc-tap/2022 → gia-dinh-hoc-tap/2022\n" +
                                  (r.changed ? "~ indicator `tc1`, applies when: `" + chain + "` → `" + r.text + "`\n" : "No differences\n"));
    }
  }
}

BOOST_AUTO_TEST_CASE(diff_on_a_dataset_says_why_each_entity_changes) {
  const std::string younger = edited(kFamily, "    value: 14", "    value: 12", "gd12.yaml");
  Outcome en = run_hoctap("diff --lang en " + kFamily + " " + younger + " --dataset examples/province --date 2023-06-30");
  BOOST_TEST(en.exit == 1);
  BOOST_TEST(en.text ==
             "Comparing gia-dinh-hoc-tap/2022 → gia-dinh-hoc-tap/2022\n"
             "~ parameter `tuoi_pho_cap_den`: 14 → 12\n"
             "Impact on 3000 families.csv: recognized 2178 (72.6%) → 2181 (72.7%)\n"
             "  not recognized → recognized: 3\n"
             "  F0000603: not recognized → recognized; tc1 0→0 (not met→not applicable) because parameter `tuoi_pho_cap_den` 14 → 12\n"
             "  F0001184: not recognized → recognized; tc1 0→0 (not met→not applicable) because parameter `tuoi_pho_cap_den` 14 → 12\n"
             "  F0001532: not recognized → recognized; tc1 0→0 (not met→not applicable) because parameter `tuoi_pho_cap_den` 14 → 12\n");
  // Clans and villages read families' results, but none of them changes outcome: no block.
  // A changed rule: the inputs it reads, with the entity's values (dataset.yaml's context
  // included).
  const std::string stricter = edited(kFamily, "    requires: hoc_tap_nang_cao_doi_song\n",
                                      "    requires: hoc_tap_nang_cao_doi_song and ty_le_nguoi_lon_cdht_toi_thieu < 0.5\n", "gdx.yaml");
  Outcome vi = run_hoctap("diff " + kFamily + " " + stricter + " --dataset examples/province --date 2023-06-30");
  BOOST_TEST(vi.exit == 1);
  BOOST_TEST(vi.text.find("  được công nhận → không được công nhận: 2178\n"
                          "  F0000001: được công nhận → không được công nhận; tc3 0→0 (đạt→không đạt) vì cách tính đã đổi; dữ liệu: "
                          "hoc_tap_nang_cao_doi_song=đúng, ty_le_nguoi_lon_cdht_toi_thieu=0.5\n") != std::string::npos);
  // No criterion moved: the recognition rule's change, with the entity's parameter value.
  const std::string lower = edited("criteria/cong-dan-hoc-tap/324-2023.yaml", "values: {binh_thuong: 80,", "values: {binh_thuong: 75,", "324.yaml");
  Outcome threshold = run_hoctap("diff --lang en criteria/cong-dan-hoc-tap/324-2023.yaml " + lower + " --dataset examples/province --date 2023-12-31");
  BOOST_TEST(threshold.exit == 1);
  BOOST_TEST(threshold.text.find("  P0000006: not recognized → recognized; total 77→77 because recognition threshold nguong_cong_nhan "
                                 "(vung=binh_thuong: 80) → nguong_cong_nhan (vung=binh_thuong: 75)\n") != std::string::npos);
}

// ---- provincial variants ------------------------------------------------------------

namespace {

// A minimal set with its id, place and validity.
hoctap::CriteriaSet placed(const std::string& id, const std::string& place, const std::string& from) {
  std::string text = hoctap_test::minimal_set("  a: {type: int, label: {vi: A, en: A}}\n",
                                              "  - id: c\n    name: {vi: C, en: C}\n    max: 10\n    points: {formula: a, rounding: half_up}\n");
  text.replace(text.find("id: t/minimal"), 13, "id: " + id);
  text.replace(text.find("valid_from: 2020-01-01"), 22, "valid_from: " + from + (place.empty() ? "" : "\nplace: " + place));
  auto r = hoctap::load_criteria_string(text, id + ".yaml");
  BOOST_REQUIRE_MESSAGE(r.ok(), hoctap::format(r.diagnostics));
  return *r.set;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_registry_prefers_the_district_then_the_province_then_the_nation) {
  auto reg = hoctap::Registry::from_sets({placed("n", "", "2020-01-01"), placed("qn", "quang_ninh", "2021-01-01"),
                                          placed("qnam", "quang_nam", "2020-01-01"), placed("tk", "quang_nam/tam_ky", "2020-01-01")});
  BOOST_REQUIRE_MESSAGE(reg.ok(), hoctap::format(reg.diagnostics));
  const auto d = hoctap_test::day("2022-06-30");
  BOOST_TEST(reg.registry->find("minimal", d)->id() == "n");
  BOOST_TEST(reg.registry->find("minimal", d, "ha_noi")->id() == "n");
  BOOST_TEST(reg.registry->find("minimal", d, "quang_ninh")->id() == "qn");
  BOOST_TEST(reg.registry->find("minimal", hoctap_test::day("2020-06-30"), "quang_ninh")->id() == "n");  // before its own set
  BOOST_TEST(reg.registry->find("minimal", d, "quang_ninh/ha_long")->id() == "qn");
  BOOST_TEST(reg.registry->find("minimal", d, "quang_nam/tam_ky")->id() == "tk");
  BOOST_TEST(reg.registry->find("minimal", d, "quang_nam/hoi_an")->id() == "qnam");
}

BOOST_AUTO_TEST_CASE(overlapping_validity_is_checked_per_place) {
  auto two_places = hoctap::Registry::from_sets({placed("n", "", "2020-01-01"), placed("qn", "quang_ninh", "2020-01-01")});
  BOOST_TEST(two_places.ok());
  auto same_place = hoctap::Registry::from_sets({placed("qn1", "quang_ninh", "2020-01-01"), placed("qn2", "quang_ninh", "2021-01-01")});
  BOOST_TEST(!same_place.ok());
  BOOST_TEST(hoctap_test::codes(same_place.diagnostics) == "H400");
  BOOST_TEST(same_place.diagnostics.front().message ==
             "validity 2021-01-01.. of `qn2` overlaps 2020-01-01.. of `qn1` (qn1.yaml); a date must select one version of `minimal` for `quang_ninh`");
}

BOOST_AUTO_TEST_CASE(an_unknown_place_is_h103_with_the_known_places) {
  std::string text = hoctap_test::read_text(hoctap_test::source_path("examples/provincial/criteria/gia-dinh-hoc-tap-quang-ninh.yaml"));
  text.replace(text.find("\nplace: quang_ninh"), 18, "\nplace: quang_nihn");
  auto r = hoctap::load_criteria_string(text, "x.yaml");
  BOOST_TEST(hoctap_test::codes(r.diagnostics) == "H103");
  BOOST_TEST(r.diagnostics.front().message.rfind("unknown place `quang_nihn` (a province id, or `province/district`; known provinces: an_giang, ", 0) == 0);
  BOOST_TEST(r.diagnostics.front().message.find(", quang_ninh, ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_family_in_quang_ninh_and_one_elsewhere_are_judged_by_different_sets) {
  auto reg = hoctap::Registry::load_directories({hoctap_test::source_path("criteria"), hoctap_test::source_path("examples/provincial/criteria")});
  BOOST_REQUIRE_MESSAGE(reg.ok(), hoctap::format(reg.diagnostics));
  // A 15-year-old out of school: past universal-education age nationally (14), not in the
  // example's Quảng Ninh (15).
  hoctap::Record child;
  child.set("tuoi", std::int64_t{15}).set("di_hoc", false).set("mien_tru", false);
  hoctap::Record family;
  family.set("tre_em", std::vector<hoctap::Record>{child}).set("nguoi_lon", std::vector<hoctap::Record>{})
      .set("ty_le_nguoi_lon_cdht_toi_thieu", hoctap::Decimal::from_units(hoctap::Decimal::kOne / 2)).set("hoc_tap_nang_cao_doi_song", true);
  hoctap::EvaluateOptions opts;
  opts.assessment_date = hoctap_test::day("2023-06-30");
  hoctap::Result national = reg.registry->evaluate("gia_dinh_hoc_tap", family, opts);
  opts.place = "quang_ninh";
  hoctap::Result quang_ninh = reg.registry->evaluate("gia_dinh_hoc_tap", family, opts);
  BOOST_TEST(national.audit().criteria_id == "gia-dinh-hoc-tap/2022");
  BOOST_TEST(quang_ninh.audit().criteria_id == "vi-du-quang-ninh/gia-dinh-hoc-tap-2022");
  BOOST_TEST(national.decision() == hoctap::Decision::recognized);
  BOOST_TEST(quang_ninh.decision() == hoctap::Decision::not_recognized);
}

// A province's folder beside the national one: `test` judges its sets' members by the
// province's own versions, as a report of that province does, and `validate` checks the
// folders together, as `evaluate` and `report` load them.
BOOST_AUTO_TEST_CASE(a_provincial_folder_is_tested_and_validated_with_the_national_one) {
  const fs::path qn = scratch() / "qn";
  fs::create_directories(qn);
  // The province's citizens: recognized from 75 points in an ordinary area (80 nationally).
  std::string citizen = hoctap_test::read_text(hoctap_test::source_path("criteria/cong-dan-hoc-tap/324-2023.yaml"));
  auto replace = [](std::string& text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    BOOST_REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  };
  replace(citizen, "id: cong-dan-hoc-tap/324-2023\n", "id: vi-du-quang-ninh/cong-dan-hoc-tap-2023\nplace: quang_ninh\n");
  replace(citizen, "supersedes: cong-dan-hoc-tap/244-2022\n", "");
  replace(citizen, "values: {binh_thuong: 80,", "values: {binh_thuong: 75,");
  std::ofstream(qn / "cong-dan-hoc-tap.yaml", std::ios::binary) << citizen;
  fs::copy_file(hoctap_test::source_path("examples/provincial/criteria/gia-dinh-hoc-tap-quang-ninh.yaml"), qn / "gia-dinh-hoc-tap.yaml");
  std::ofstream(qn / "gia-dinh-hoc-tap.tests.yaml", std::ios::binary)
      << "tests:\n"
         "  - name: an adult with 77 points is a learning citizen in the province, so the family is recognized\n"
         "    date: 2024-06-30\n"
         "    context: {ty_le_nguoi_lon_cdht_toi_thieu: 1}\n"
         "    input:\n"
         "      tre_em: []\n"
         "      nguoi_lon:\n"
         "        - {mien_tru: false, vung: binh_thuong, score: {tc1_1: 8, tc1_2: 8, tc1_3: 8, tc1_4: 8, tc2_1: 8, tc2_2: 8, tc2_3: 8, tc2_4: 7, "
         "tc3_1: 7, tc3_2: 7}}\n"
         "      hoc_tap_nang_cao_doi_song: true\n"
         "    expect: {decision: recognized}\n";
  const std::string pass = "PASS vi-du-quang-ninh/gia-dinh-hoc-tap-2022: an adult with 77 points is a learning citizen in the province, so the family is recognized\n"
                           "1 passed, 0 failed\n";
  Outcome folder = run_hoctap("test --lang en --criteria criteria '" + qn.string() + "'");
  BOOST_TEST(folder.exit == 0);
  BOOST_TEST(folder.text == pass);
  Outcome file = run_hoctap("test --lang en --criteria criteria --criteria '" + qn.string() + "' '" + (qn / "gia-dinh-hoc-tap.yaml").string() + "'");
  BOOST_TEST(file.exit == 0);
  BOOST_TEST(file.text == pass);
  Outcome together = run_hoctap("validate --lang en criteria '" + qn.string() + "'");
  BOOST_TEST(together.exit == 0);
  BOOST_TEST(together.text.find(" files checked: 0 errors, 0 warnings\n") != std::string::npos);
  // Without `place:` the province's citizen set overlaps the national one: only the two
  // folders together show it.
  replace(citizen, "place: quang_ninh\n", "");
  std::ofstream(qn / "cong-dan-hoc-tap.yaml", std::ios::binary) << citizen;
  BOOST_TEST(run_hoctap("validate --lang en '" + (qn / "cong-dan-hoc-tap.yaml").string() + "'").exit == 0);
  Outcome overlap = run_hoctap("validate --lang en criteria '" + qn.string() + "'");
  BOOST_TEST(overlap.exit == 3);
  BOOST_TEST(overlap.text.find("/qn/cong-dan-hoc-tap.yaml:23:1: error[H400]: validity 2023-10-25.. of `vi-du-quang-ninh/cong-dan-hoc-tap-2023` overlaps "
                               "2023-10-25.. of `cong-dan-hoc-tap/324-2023` (criteria/cong-dan-hoc-tap/324-2023.yaml)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_report_says_which_set_judged_each_title) {
  const fs::path qn = scratch() / "quang-ninh";
  fs::remove_all(qn);
  fs::copy(hoctap_test::source_path("examples/province"), qn);
  std::string meta = hoctap_test::read_text((qn / "dataset.yaml").string());
  meta.replace(meta.find("# No `place`"), 0, "place: quang_ninh\n");
  std::ofstream((qn / "dataset.yaml").string(), std::ios::binary) << meta;
  const std::string both = " --criteria criteria --criteria examples/provincial/criteria --date 2023-06-30";
  Outcome text = run_hoctap("report --dataset '" + qn.string() + "'" + both);
  BOOST_TEST(text.exit == 0);
  BOOST_TEST(text.text.find("  Gia đình học tập              VÍ DỤ, không phải văn bản chính thức (theo Bộ tiêu chí Gia đình học tập 2021–2030) "
                            "(vi-du-quang-ninh/gia-dinh-hoc-tap-2022) — bộ riêng của quang_ninh\n") != std::string::npos);
  BOOST_TEST(text.text.find("  Dòng họ học tập               Bộ tiêu chí Dòng họ học tập giai đoạn 2021–2030 (Hội Khuyến học Việt Nam, tháng 7/2022) "
                            "(dong-ho-hoc-tap/2022)\n") != std::string::npos);
  Outcome en = run_hoctap("report --lang en --dataset '" + qn.string() + "'" + both);
  BOOST_TEST(en.text.find("(vi-du-quang-ninh/gia-dinh-hoc-tap-2022) — quang_ninh's own set\n") != std::string::npos);
  Outcome json = run_hoctap("report --format json --dataset '" + qn.string() + "'" + both);
  BOOST_TEST(json.text.find("\"set_id\":\"vi-du-quang-ninh/gia-dinh-hoc-tap-2022\"") != std::string::npos);
  BOOST_TEST(json.text.find("\"set_place\":\"quang_ninh\"") != std::string::npos);
  Outcome csv = run_hoctap("report --format csv --dataset '" + qn.string() + "'" + both);
  BOOST_TEST(csv.text.find("\ngia_dinh_hoc_tap,vi-du-quang-ninh/gia-dinh-hoc-tap-2022,") != std::string::npos);
  Outcome html = run_hoctap("report --format html --dataset '" + qn.string() + "'" + both);
  BOOST_TEST(html.text.find(" — bộ riêng của quang_ninh</small>") != std::string::npos);
  // Elsewhere (no place): the national set, and the report says nothing of an own set.
  Outcome national = run_hoctap("report --dataset examples/province" + both);
  BOOST_TEST(national.text.find("(gia-dinh-hoc-tap/2022)\n") != std::string::npos);
  BOOST_TEST(national.text.find("bộ riêng") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_report_counts_data_problems_in_the_chosen_language) {
  const fs::path bad = scratch() / "bad-rows";
  fs::remove_all(bad);
  fs::copy(hoctap_test::source_path("examples/province"), bad);
  std::ofstream(bad / "families.csv", std::ios::app | std::ios::binary) << "F9999999,V0000001\n";  // a short row
  const std::string args = " --criteria criteria --date 2023-06-30 --dataset '" + bad.string() + "'";
  Outcome en = run_hoctap("report --lang en" + args);
  BOOST_TEST(en.exit == 4);  // a line could not be read; the report, which counts it, is written
  BOOST_TEST(en.text.find("hoctap: 1 data problem (D013 ×1; listed in the report; every row was kept)\n") != std::string::npos, en.text.substr(0, 400));
  Outcome vi = run_hoctap("report --lang vi" + args);
  BOOST_TEST(vi.text.find("hoctap: 1 vấn đề dữ liệu (D013 ×1; đã liệt kê trong báo cáo; mọi dòng đều được giữ lại)\n") != std::string::npos);
  fs::remove_all(bad);
}

BOOST_AUTO_TEST_CASE(evaluate_takes_a_place) {
  const std::string family =
      "echo '{\"tre_em\":[{\"tuoi\":15,\"di_hoc\":false,\"mien_tru\":false}],\"nguoi_lon\":[],"
      "\"ty_le_nguoi_lon_cdht_toi_thieu\":0.5,\"hoc_tap_nang_cao_doi_song\":true}' | ";
  const std::string args = "evaluate --criteria criteria --criteria examples/provincial/criteria --title gia_dinh_hoc_tap --date 2023-06-30";
  const std::string cli = "'" + std::string(HOCTAP_CLI) + "' ";
  auto run = [&](const std::string& extra) {
    const fs::path out = scratch() / "eval.txt";
    std::system(("cd '" + std::string(HOCTAP_SOURCE_DIR) + "' && " + family + cli + args + extra + " > '" + out.string() + "' 2>&1").c_str());
    return hoctap_test::read_text(out.string());
  };
  BOOST_TEST(run("").find("\"criteria_id\":\"gia-dinh-hoc-tap/2022\"") != std::string::npos);
  BOOST_TEST(run(" --place quang_ninh").find("\"criteria_id\":\"vi-du-quang-ninh/gia-dinh-hoc-tap-2022\"") != std::string::npos);
  // Without --place the province's own version judges nothing: said, not left to the audit block.
  BOOST_TEST(run(" --lang en").find("hoctap: warning: `gia_dinh_hoc_tap` has versions of its own for `quang_ninh`; without --place the records are "
                                    "judged by the national `gia-dinh-hoc-tap/2022`\n") != std::string::npos);
  BOOST_TEST(run(" --lang en --place quang_ninh").find("warning") == std::string::npos);
  // A misspelt place is a usage error, not a silent national judgement.
  Outcome misspelt = run_hoctap(args + " --lang en --place quang_nihn --input -");
  BOOST_TEST(misspelt.exit == 2);
  BOOST_TEST(misspelt.text.rfind("hoctap: --place: unknown place `quang_nihn` (a province id, or `province/district`; known provinces: an_giang, ", 0) == 0);
}

// ---- readable rules -----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(doc_tells_each_rule_as_a_sentence_with_values_and_sources) {
  Outcome vi = run_hoctap("doc " + kFamily);
  BOOST_TEST(vi.exit == 0);
  BOOST_TEST(vi.text.find("| `tc1` | 1. Trẻ em trong độ tuổi phổ cập đều đi học đúng độ tuổi | mọi trẻ em trong gia đình có tuổi từ 6 đến 14, "
                          "trừ trường hợp ốm đau, bệnh tật, không có khả năng học tập, đều đang đi học, học đúng độ tuổi phổ cập. "
                          "Chỉ áp dụng khi có ít nhất một trẻ em trong gia đình có tuổi từ 6 đến 14, trừ trường hợp ốm đau, bệnh tật, "
                          "không có khả năng học tập | suy luận: ") != std::string::npos);
  Outcome en = run_hoctap("doc --lang en " + kFamily);
  BOOST_TEST(en.text.find("| for every one of the children of the family with age from 6 to 14, except where ill, disabled or unable to learn: "
                          "at school, in universal education at the right age. ") != std::string::npos);
  // Parameters by area: every area's value, or the one --context picks.
  const std::string citizen = "criteria/cong-dan-hoc-tap/324-2023.yaml";
  BOOST_TEST(run_hoctap("doc " + citizen).text.find(
                 "Tổng điểm từ (vùng bình thường: 80; vùng sâu, vùng xa, vùng đặc biệt khó khăn: 70; vùng đồng bào dân tộc thiểu số: 70) trở lên.\n") !=
             std::string::npos);
  BOOST_TEST(run_hoctap("doc --context vung=vung_sau_vung_xa " + citizen).text.find("Tổng điểm từ 70 trở lên.\n") != std::string::npos);
  BOOST_TEST(run_hoctap("doc --lang en --context vung=binh_thuong " + citizen).text.find("Total at least 80.\n") != std::string::npos);
  // The source of a line beside its confidence.
  BOOST_TEST(run_hoctap("doc criteria/don-vi-hoc-tap/tt22-2020.yaml").text.find(". Nguồn: ") != std::string::npos);
}

// The HTML page printed by headless Chromium is A4 and carries the generated sentences.
BOOST_AUTO_TEST_CASE(doc_says_where_a_set_applies_and_refuses_a_context_it_cannot_use) {
  Outcome own = run_hoctap("doc --lang en examples/provincial/criteria/gia-dinh-hoc-tap-quang-ninh.yaml");
  BOOST_TEST(own.text.find("| Applies in | `quang_ninh` (this place's own set; elsewhere the national one applies) |\n") != std::string::npos);
  BOOST_TEST(run_hoctap("doc --lang vi " + kFamily).text.find("Nơi áp dụng") == std::string::npos);
  // A --context name or value the set does not have would print every area's values.
  const std::string citizen = " criteria/cong-dan-hoc-tap/324-2023.yaml";
  Outcome name = run_hoctap("doc --lang en --context vungg=vung_sau_vung_xa" + citizen);
  BOOST_TEST(name.exit == 2);
  BOOST_TEST(name.text == "hoctap: --context `vungg` is not a category input of `cong-dan-hoc-tap/324-2023` (it has: `nhom_doi_tuong`, `vung`); "
                          "did you mean `vung`?\n");
  Outcome value = run_hoctap("doc --lang vi --context vung=vung_sau_vung_xaa" + citizen);
  BOOST_TEST(value.exit == 2);
  BOOST_TEST(value.text == "hoctap: --context vung=vung_sau_vung_xaa: không phải giá trị của `vung` (binh_thuong, vung_sau_vung_xa, dan_toc_thieu_so); "
                           "có phải `vung_sau_vung_xa`?\n");
}

BOOST_AUTO_TEST_CASE(validate_strict_lists_unconfirmed_places_in_the_chosen_language) {
  Outcome vi = run_hoctap("validate --strict --lang vi " + kFamily);
  BOOST_TEST(vi.text.find(": suy luận: ") != std::string::npos);
  BOOST_TEST(vi.text.find(": inferred: ") == std::string::npos);
  BOOST_TEST(vi.text.find("confirmed") == std::string::npos);
  Outcome en = run_hoctap("validate --strict --lang en " + kFamily);
  BOOST_TEST(en.text.find(": inferred: ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(doc_html_prints_on_a4) {
  if (!fs::exists("/usr/bin/chromium") || !fs::exists("/usr/bin/pdfinfo")) {
    BOOST_TEST_MESSAGE("chromium or poppler-utils missing (scripts/setup installs them)");
    return;
  }
  const fs::path dir = scratch();
  const fs::path html = dir / "doc.html", pdf = dir / "doc.pdf", info = dir / "info.txt", text = dir / "text.txt";
  Outcome page = run_hoctap("doc --format html " + kFamily);
  BOOST_TEST(page.exit == 0);
  std::ofstream(html, std::ios::binary) << page.text;
  const std::string print = "TMPDIR='" + dir.string() + "' timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-background-networking "
                            "--disable-component-update --disable-sync --no-first-run --user-data-dir='" + (dir / "chromium").string() +
                            "' --no-pdf-header-footer --print-to-pdf='" + pdf.string() + "' 'file://" + html.string() + "' > /dev/null 2>&1";
  BOOST_TEST(std::system(print.c_str()) == 0);
  BOOST_TEST(std::system(("pdfinfo '" + pdf.string() + "' > '" + info.string() + "'").c_str()) == 0);
  BOOST_TEST(hoctap_test::read_text(info.string()).find("pts (A4)") != std::string::npos, hoctap_test::read_text(info.string()));
  BOOST_TEST(std::system(("pdftotext '" + pdf.string() + "' '" + text.string() + "'").c_str()) == 0);
  std::string words;  // lines joined: the table wraps text at the column's width
  for (char c : hoctap_test::read_text(text.string())) words += c == '\n' ? ' ' : c;
  BOOST_TEST(words.find("mọi trẻ em trong gia đình có tuổi từ 6 đến 14") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
