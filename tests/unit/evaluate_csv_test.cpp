// hoctap::evaluate_csv: the same rows whatever the chunk size (codes, line numbers and
// problems carried across chunks), and the errors it throws before writing anything.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "helpers.hpp"
#include "hoctap/csv.hpp"

namespace {

hoctap::CriteriaSet citizen_set() {
  return *hoctap::load_criteria_file(hoctap_test::source_path("criteria/cong-dan-hoc-tap/324-2023.yaml")).set;
}

std::string run(const std::string& file, std::size_t chunk_rows, hoctap::CsvOutputFormat format, hoctap::CsvEvaluateSummary* summary = nullptr) {
  hoctap::CsvEvaluateOptions o;
  o.assessment_date = hoctap::Date::parse("2024-06-30");
  o.chunk_rows = chunk_rows;
  o.format = format;
  std::ostringstream out;
  hoctap::CsvEvaluateSummary s = hoctap::evaluate_csv(citizen_set(), hoctap_test::source_path(file), out, o);
  if (summary != nullptr) *summary = s;
  return out.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(evaluate_csv)

BOOST_AUTO_TEST_CASE(chunks_of_one_row_give_the_same_output_as_one_chunk) {
  for (const char* file : {"tests/cli_csv/citizens.csv", "tests/cli_csv/bad.csv"})
    for (auto format : {hoctap::CsvOutputFormat::csv, hoctap::CsvOutputFormat::jsonl}) {
      hoctap::CsvEvaluateSummary whole, small;
      const std::string expected = run(file, 65536, format, &whole);
      BOOST_TEST(run(file, 1, format, &small) == expected);
      BOOST_TEST(run(file, 2, format) == expected);
      BOOST_TEST(small.rows == whole.rows);
      BOOST_TEST(small.rows_with_problems == whole.rows_with_problems);
    }
}

BOOST_AUTO_TEST_CASE(line_numbers_count_from_the_file_across_chunks) {
  hoctap::CsvEvaluateSummary s;
  const std::string out = run("tests/cli_csv/bad.csv", 1, hoctap::CsvOutputFormat::csv, &s);
  // The default language is Vietnamese: the unreadable lines too, as the rest of the row's problems.
  BOOST_TEST(out.find("\"dòng 4: cần 13 ô, có 5\"") != std::string::npos, out);
  BOOST_TEST(out.find(",dòng 5: dấu nháy mở ở ký tự 1 không đóng") != std::string::npos, out);
  BOOST_TEST(s.rows == 5u);
  BOOST_TEST(s.rows_with_problems == 4u);
}

BOOST_AUTO_TEST_CASE(a_header_only_file_gives_the_header) {
  const std::string dir = (std::filesystem::temp_directory_path() / "hoctap-evaluate-csv-test").string();
  std::filesystem::create_directories(dir);
  { std::ofstream(dir + "/empty.csv") << "id,vung\n"; }
  hoctap::CsvEvaluateOptions o;
  o.assessment_date = hoctap::Date::parse("2024-06-30");
  std::ostringstream out;
  hoctap::CsvEvaluateSummary s = hoctap::evaluate_csv(citizen_set(), dir + "/empty.csv", out, o);
  BOOST_TEST(out.str() == "id,decision,recognized,total,grade,tc1.points,tc1.status,tc2.points,tc2.status,tc3.points,tc3.status,problems\n");
  BOOST_TEST(s.rows == 0u);
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(errors_are_thrown_before_anything_is_written) {
  const std::string file = hoctap_test::source_path("tests/cli_csv/missing.csv");
  std::ostringstream out;
  hoctap::CsvEvaluateOptions o;
  // In the options' language (Vietnamese unless told).
  auto message = [&](hoctap::Lang lang) {
    o.lang = lang;
    try {
      hoctap::evaluate_csv(citizen_set(), file, out, o);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  BOOST_TEST(message(hoctap::Lang::en) == "evaluate_csv needs an assessment date");
  BOOST_TEST(message(hoctap::Lang::vi) == "evaluate_csv cần một ngày đánh giá");
  o.assessment_date = hoctap::Date::parse("2020-01-01");
  BOOST_TEST(message(hoctap::Lang::en) == "2020-01-01 is outside the validity of `cong-dan-hoc-tap/324-2023` (2023-10-25..)");
  BOOST_TEST(message(hoctap::Lang::vi) == "ngày 2020-01-01 nằm ngoài thời hạn hiệu lực của `cong-dan-hoc-tap/324-2023` (2023-10-25..)");
  o.assessment_date = hoctap::Date::parse("2024-06-30");
  o.strict = true;
  o.lang = hoctap::Lang::en;
  try {
    hoctap::evaluate_csv(citizen_set(), file, out, o);
    BOOST_FAIL("--strict accepted unknown and missing columns");
  } catch (const std::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()).rfind("`" + file + "`: `ghi_chu` ", 0) == 0);
  }
  BOOST_TEST(out.str().empty());
  BOOST_CHECK_THROW(hoctap::evaluate_csv(citizen_set(), file + ".none", out, o), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(an_output_that_cannot_be_written_is_an_error) {
  hoctap::CsvEvaluateOptions o;
  o.assessment_date = hoctap::Date::parse("2024-06-30");
  for (auto [lang, text] : {std::pair{hoctap::Lang::en, "cannot write the results"}, std::pair{hoctap::Lang::vi, "không ghi được kết quả"}}) {
    o.lang = lang;
    std::ostream broken(nullptr);  // every write fails
    try {
      hoctap::evaluate_csv(citizen_set(), hoctap_test::source_path("tests/cli_csv/citizens.csv"), broken, o);
      BOOST_FAIL("a failed write went unnoticed");
    } catch (const std::runtime_error& e) {
      BOOST_TEST(std::string(e.what()) == text);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
