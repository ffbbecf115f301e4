// hoctap::Error (src/util/error.cpp): what the library throws to its callers carries a
// stable code and its text in Vietnamese and English, and stays the standard exception
// callers already catch.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <set>
#include <stdexcept>
#include <string>

#include "helpers.hpp"
#include "hoctap/hoctap.hpp"
#include "util/messages.hpp"

namespace fs = std::filesystem;

namespace {

using hoctap::Lang;

hoctap::Registry registry() { return *hoctap::Registry::load_directory(hoctap_test::source_path("criteria")).registry; }

hoctap::CriteriaSet citizen_set() {
  return *hoctap::load_criteria_file(hoctap_test::source_path("criteria/cong-dan-hoc-tap/324-2023.yaml")).set;
}

// The code and both texts of what `run` throws as a hoctap::Error of type `E`; "ran"
// when it returns.
template <class E, typename Run>
std::string caught(Run&& run) {
  try {
    run();
  } catch (const E& e) {
    const auto* h = dynamic_cast<const hoctap::Error*>(&e);
    if (h == nullptr) return std::string("not a hoctap::Error: ") + e.what();
    if (h->message(Lang::en) != e.what()) return std::string("what() is not the English text: ") + e.what();
    return h->code() + "\n" + h->message(Lang::en) + "\n" + h->message(Lang::vi);
  }
  return "ran";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(error)

BOOST_AUTO_TEST_CASE(no_assessment_date_is_an_invalid_argument_in_both_languages) {
  const hoctap::Registry r = registry();
  BOOST_TEST(caught<std::invalid_argument>([&] { r.evaluate("cong_dan_hoc_tap", hoctap::Record(), {}); }) ==
             "E001\n"
             "evaluating `cong_dan_hoc_tap` needs an assessment date (the options' assessment_date); none was given, or it was "
             "not a real day written YYYY-MM-DD\n"
             "đánh giá theo `cong_dan_hoc_tap` cần một ngày đánh giá (assessment_date trong tùy chọn); chưa có ngày nào, hoặc "
             "ngày đã cho không phải một ngày có thật viết dạng YYYY-MM-DD");
  BOOST_TEST(caught<hoctap::InvalidArgument>([&] { citizen_set().evaluate(hoctap::Record(), {}); }).rfind("E001\nevaluating `cong-dan-hoc-tap/324-2023`", 0) == 0);
}

BOOST_AUTO_TEST_CASE(a_date_outside_the_validity_names_the_window) {
  hoctap::EvaluateOptions o;
  o.assessment_date = hoctap_test::day("2020-01-01");
  BOOST_TEST(caught<std::invalid_argument>([&] { citizen_set().evaluate(hoctap::Record(), o); }) ==
             "E002\n"
             "the assessment date 2020-01-01 is outside the validity of `cong-dan-hoc-tap/324-2023` (2023-10-25..); set "
             "outside_validity to judge by it anyway\n"
             "ngày đánh giá 2020-01-01 nằm ngoài thời hạn hiệu lực của `cong-dan-hoc-tap/324-2023` (2023-10-25..); hãy đặt "
             "outside_validity để vẫn đánh giá theo bộ tiêu chí này");
}

BOOST_AUTO_TEST_CASE(a_wrong_place_is_refused_in_both_languages) {
  hoctap::EvaluateOptions o;
  o.assessment_date = hoctap_test::day("2024-06-30");
  o.place = "quang_ninh/Ha Long";
  const hoctap::Registry r = registry();
  BOOST_TEST(caught<std::invalid_argument>([&] { r.evaluate("cong_dan_hoc_tap", hoctap::Record(), o); }) ==
             "E004\n"
             "bad district in place `quang_ninh/Ha Long` (write `province/district` in lower-case letters, digits and `_`)\n"
             "huyện sai trong địa bàn `quang_ninh/Ha Long` (viết `tỉnh/huyện` bằng chữ thường, chữ số và `_`)");
  BOOST_TEST(hoctap::place_problem("quang_ninh/Ha Long", Lang::vi) ==
             "huyện sai trong địa bàn `quang_ninh/Ha Long` (viết `tỉnh/huyện` bằng chữ thường, chữ số và `_`)");
  BOOST_TEST(hoctap::place_problem("quang_ninh/Ha Long") == hoctap::place_problem("quang_ninh/Ha Long", Lang::en));
  BOOST_TEST(hoctap::place_problem("quang_nihn", Lang::vi).rfind("địa bàn lạ `quang_nihn` (mã tỉnh, hoặc `tỉnh/huyện`; các tỉnh đã biết: an_giang, ", 0) == 0);
  BOOST_TEST(hoctap::place_problem("quang_ninh/ha_long", Lang::vi).empty());
}

BOOST_AUTO_TEST_CASE(no_version_in_force_is_out_of_range) {
  hoctap::EvaluateOptions o;
  o.assessment_date = hoctap_test::day("2000-01-01");
  const hoctap::Registry r = registry();
  BOOST_TEST(caught<std::out_of_range>([&] { r.evaluate("cong_dan_hoc_tap", hoctap::Record(), o); }) ==
             "E003\n"
             "no criteria set for `cong_dan_hoc_tap` is in force on 2000-01-01\n"
             "không có bộ tiêu chí nào cho `cong_dan_hoc_tap` có hiệu lực vào ngày 2000-01-01");
}

BOOST_AUTO_TEST_CASE(a_batch_that_breaks_its_contract_says_which_column) {
  hoctap::Batch batch;
  batch.rows = 1;
  batch.columns.push_back(hoctap::Column::int64("score.tc1_1", nullptr));
  hoctap::BatchOptions o;
  o.assessment_date = hoctap_test::day("2024-06-30");
  BOOST_TEST(caught<std::invalid_argument>([&] { hoctap::evaluate_batch(citizen_set(), batch, o); }) ==
             "E006\n"
             "column `score.tc1_1` has no data (its data pointer is null)\n"
             "cột `score.tc1_1` không có dữ liệu (con trỏ dữ liệu rỗng)");
}

BOOST_AUTO_TEST_CASE(strict_input_warnings_carry_both_languages) {
  hoctap::Record rec;
  rec.set("vungg", std::string("binh_thuong"));
  hoctap::EvaluateOptions o;
  o.assessment_date = hoctap_test::day("2024-06-30");
  o.strict = true;
  try {
    citizen_set().evaluate(rec, o);
    BOOST_FAIL("ran");
  } catch (const hoctap::InputError& e) {
    const hoctap::Error& h = e;
    BOOST_TEST(h.code() == "E005");
    BOOST_TEST(h.message(Lang::en) == e.what());
    std::string vi;
    for (const auto& w : e.warnings()) vi += (vi.empty() ? "" : "; ") + w.vi;
    BOOST_TEST(h.message(Lang::vi) == vi);
    BOOST_TEST(vi.find("có phải `vung`?") != std::string::npos, vi);
  }
}

BOOST_AUTO_TEST_CASE(an_invalid_criteria_file_is_e011_in_both_languages) {
  const fs::path file = fs::temp_directory_path() / "hoctap-error-test.yaml";
  { std::ofstream(file) << "hoctap: 1\n"; }
  try {
    hoctap::CriteriaSet::load(file.string());
    BOOST_FAIL("ran");
  } catch (const hoctap::Error& e) {
    BOOST_TEST(e.code() == "E011");
    BOOST_TEST(e.message(Lang::en).rfind(file.string() + ":", 0) == 0);
    BOOST_TEST(e.message(Lang::en).find(": error[H101]: missing key `") != std::string::npos, e.message(Lang::en));
    BOOST_TEST(e.message(Lang::vi).find(": lỗi[H101]: thiếu khóa `") != std::string::npos, e.message(Lang::vi));
  }
  fs::remove(file);
}

BOOST_AUTO_TEST_CASE(options_that_name_a_language_keep_what_in_it) {
  hoctap::CsvEvaluateOptions o;  // lang: vi by default
  std::ostringstream out;
  try {
    hoctap::evaluate_csv(citizen_set(), hoctap_test::source_path("tests/cli_csv/citizens.csv"), out, o);
    BOOST_FAIL("ran");
  } catch (const hoctap::InvalidArgument& e) {
    BOOST_TEST(e.code() == "E001");
    BOOST_TEST(std::string(e.what()) == "evaluate_csv cần một ngày đánh giá");
    BOOST_TEST(e.message(Lang::en) == "evaluate_csv needs an assessment date");
  }
  o.assessment_date = hoctap_test::day("2024-06-30");
  o.lang = Lang::en;
  try {
    hoctap::evaluate_csv(citizen_set(), hoctap_test::source_path("tests/cli_csv/none.csv"), out, o);
    BOOST_FAIL("ran");
  } catch (const hoctap::RuntimeError& e) {
    BOOST_TEST(e.code() == "E007");
    BOOST_TEST(std::string(e.what()) == "cannot read `" + hoctap_test::source_path("tests/cli_csv/none.csv") + "`");
    BOOST_TEST(e.message(Lang::vi) == "không đọc được `" + hoctap_test::source_path("tests/cli_csv/none.csv") + "`");
  }
}

BOOST_AUTO_TEST_CASE(copies_share_the_texts) {
  const hoctap::InvalidArgument a("E001", "en", "vi");
  const hoctap::InvalidArgument b = a;  // NOLINT: the copy is the point
  BOOST_TEST(&a.message(Lang::vi) == &b.message(Lang::vi));
  BOOST_TEST(b.code() == "E001");
  BOOST_TEST(std::string(hoctap::InvalidArgument("E001", "en", "vi", Lang::vi).what()) == "vi");
}

// Every `"E0xx", "message.id"` in the library and the Python package names a message of
// the catalog, and every E code thrown is documented.
BOOST_AUTO_TEST_CASE(every_thrown_message_is_in_the_catalog_and_every_code_documented) {
  const std::regex use(R"re("(E0[0-9][0-9])", "([a-z_]+\.[a-z_0-9]+)")re");
  const std::string docs = hoctap_test::read_text(hoctap_test::source_path("docs/diagnostics.md"));
  std::set<std::string> codes;
  int seen = 0;
  for (const char* root : {"src", "bindings/python"})
    for (const auto& entry : fs::recursive_directory_iterator(hoctap_test::source_path(root))) {
      const std::string ext = entry.path().extension().string();
      if (ext != ".cpp" && ext != ".py") continue;
      const std::string text = hoctap_test::read_text(entry.path().string());
      for (std::sregex_iterator m(text.begin(), text.end(), use), end; m != end; ++m) {
        ++seen;
        codes.insert((*m)[1]);
        BOOST_TEST(hoctap::internal::has_message((*m)[2].str()), (*m)[2].str() << " used in " << entry.path().filename());
      }
      for (const char* c : {"E005", "E011"})
        if (text.find(std::string("\"") + c + "\"") != std::string::npos) codes.insert(c);
    }
  BOOST_TEST(seen > 30);
  for (const std::string& c : codes) BOOST_TEST(docs.find("| " + c + " |") != std::string::npos, c << " is not in docs/diagnostics.md");
}

BOOST_AUTO_TEST_SUITE_END()
