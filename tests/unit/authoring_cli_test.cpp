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

fs::path scratch() {
  fs::path d = fs::temp_directory_path() / ("hoctap-authoring-" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

// `hoctap ARGS`, with its output kept in a scratch file.
Outcome run_hoctap(const std::string& args) {
  const fs::path out = scratch() / "out.txt";
  const std::string cmd = "cd '" + std::string(HOCTAP_SOURCE_DIR) + "' && '" + HOCTAP_CLI + "' " + args + " > '" + out.string() + "' 2>&1";
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
  BOOST_TEST(same.text == "So sánh gia-dinh-hoc-tap/2022 → gia-dinh-hoc-tap/2022\nKhông có khác biệt về quy tắc\n");
  const std::string older = edited(kFamily, "    value: 14", "    value: 12", "gd12.yaml");
  Outcome differ = run_hoctap("diff --lang en " + kFamily + " " + older);
  BOOST_TEST(differ.exit == 1);
  BOOST_TEST(differ.text == "Comparing gia-dinh-hoc-tap/2022 → gia-dinh-hoc-tap/2022\n~ parameter `tuoi_pho_cap_den`: 14 → 12\n");
  Outcome missing = run_hoctap("diff " + kFamily + " no/such.yaml");
  BOOST_TEST(missing.exit == 2);
  BOOST_TEST(missing.text == "no/such.yaml: error[H001]: cannot read `no/such.yaml`\n");
  Outcome bad_date = run_hoctap("diff " + kFamily + " " + older + " --dataset examples/province --date 2023-13-01");
  BOOST_TEST(bad_date.exit == 2);
  Outcome no_dataset = run_hoctap("diff " + kFamily + " " + older + " --dataset no/such --date 2023-06-30");
  BOOST_TEST(no_dataset.exit == 2);
  BOOST_TEST(run_hoctap("diff " + kFamily).exit == 2);  // usage
}

BOOST_AUTO_TEST_CASE(diff_on_a_dataset_says_why_each_entity_changes) {
  const std::string younger = edited(kFamily, "    value: 14", "    value: 12", "gd12.yaml");
  Outcome en = run_hoctap("diff --lang en " + kFamily + " " + younger + " --dataset examples/province --date 2023-06-30");
  BOOST_TEST(en.exit == 1);
  BOOST_TEST(en.text ==
             "Comparing gia-dinh-hoc-tap/2022 → gia-dinh-hoc-tap/2022\n"
             "~ parameter `tuoi_pho_cap_den`: 14 → 12\n"
             "Impact on 3000 families.csv: recognized 2178 (72.6%) → 2181 (72.7%)\n"
             "  not_recognized → recognized: 3\n"
             "  F0000603: not_recognized → recognized; tc1 0→0 (not_met→not_applicable) because parameter `tuoi_pho_cap_den` 14 → 12\n"
             "  F0001184: not_recognized → recognized; tc1 0→0 (not_met→not_applicable) because parameter `tuoi_pho_cap_den` 14 → 12\n"
             "  F0001532: not_recognized → recognized; tc1 0→0 (not_met→not_applicable) because parameter `tuoi_pho_cap_den` 14 → 12\n");
  // A changed rule: the inputs it reads, with the entity's values (dataset.yaml's context
  // included).
  const std::string stricter = edited(kFamily, "    requires: hoc_tap_nang_cao_doi_song\n",
                                      "    requires: hoc_tap_nang_cao_doi_song and ty_le_nguoi_lon_cdht_toi_thieu < 0.5\n", "gdx.yaml");
  Outcome vi = run_hoctap("diff " + kFamily + " " + stricter + " --dataset examples/province --date 2023-06-30");
  BOOST_TEST(vi.exit == 1);
  BOOST_TEST(vi.text.find("  recognized → not_recognized: 2178\n"
                          "  F0000001: recognized → not_recognized; tc3 0→0 (met→not_met) vì cách tính đã đổi; dữ liệu: "
                          "hoc_tap_nang_cao_doi_song=true, ty_le_nguoi_lon_cdht_toi_thieu=0.5\n") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
