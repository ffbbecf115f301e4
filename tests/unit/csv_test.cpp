// The CSV reader: typed columns, quoting, and rows that cannot be read keep their place.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <deque>
#include <fstream>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include "dataset/csv.hpp"
#include "dataset/csv_split.hpp"
#include "helpers.hpp"

using namespace hoctap::internal;

namespace {
// Each test case's CSV files, removed when it ends.
struct CsvFiles {
  std::vector<std::filesystem::path> written;
  std::string write(const std::string& name, const std::string& text) {
    auto path = std::filesystem::temp_directory_path() / ("hoctap-csv-" + std::to_string(::getpid()) + "-" + name);
    std::ofstream(path, std::ios::binary) << text;
    written.push_back(path);
    return path.string();
  }
  ~CsvFiles() {
    std::error_code ignored;
    for (const auto& p : written) std::filesystem::remove(p, ignored);
  }
};
}  // namespace

BOOST_FIXTURE_TEST_SUITE(csv, CsvFiles)

BOOST_AUTO_TEST_CASE(reads_typed_columns_with_quotes_and_vietnamese) {
  auto path = write("a.csv", "\xEF\xBB\xBFid,name,n,ok,day\r\n"
                             "a1,\"Thôn 1, xã Đông\",12,true,2022-12-31\r\n"
                             "a2,\"Họ \"\"Nguyễn\"\"\",,false,\r\n"
                             "\n"
                             "a1,plain,3.5,1,2023-01-01\n");
  CsvTable t = read_csv(path, {{"id", CsvKind::text}, {"name", CsvKind::text}, {"n", CsvKind::number}, {"ok", CsvKind::boolean},
                               {"day", CsvKind::date}, {"absent", CsvKind::number}});
  BOOST_TEST(t.rows == 3u);
  BOOST_TEST(t.errors.empty());
  const CsvColumn* id = t.find("id");
  BOOST_TEST((id->labels == std::vector<std::string>{"a1", "a2"}));
  BOOST_TEST((id->ints == std::vector<std::int32_t>{0, 1, 0}));
  const CsvColumn* name = t.find("name");
  BOOST_TEST(name->labels[0] == "Thôn 1, xã Đông");
  BOOST_TEST(name->labels[1] == "Họ \"Nguyễn\"");
  const CsvColumn* n = t.find("n");
  BOOST_TEST(n->numbers[0] == 12.0);
  BOOST_TEST(std::isnan(n->numbers[1]));
  BOOST_TEST(n->numbers[2] == 3.5);
  BOOST_TEST((t.find("ok")->flags == std::vector<std::uint8_t>{1, 0, 1}));
  BOOST_TEST((t.find("day")->valid == std::vector<std::uint8_t>{1, 0, 1}));
  BOOST_TEST(t.find("day")->ints[0] == hoctap_test::day("2022-12-31").days());
  BOOST_TEST(t.find("absent") == nullptr);
}

BOOST_AUTO_TEST_CASE(bad_rows_keep_their_place_with_an_error) {
  auto path = write("b.csv", "id,n,ok\nx,1,true\ny,oops,maybe\nz\nw,4,false\n");
  CsvTable t = read_csv(path, {{"id", CsvKind::text}, {"n", CsvKind::number}, {"ok", CsvKind::boolean}});
  BOOST_TEST(t.rows == 4u);
  BOOST_REQUIRE(t.errors.size() == 3u);
  BOOST_TEST(t.errors[0].row == 1u);
  BOOST_TEST(t.errors[0].field == "n");
  BOOST_TEST(t.errors[0].reason == "`oops` is not a number");
  BOOST_TEST(t.errors[1].reason == "`maybe` is not true or false");
  BOOST_TEST(t.errors[2].row == 2u);
  BOOST_TEST(t.errors[2].reason == "expected 3 fields, found 1");
  BOOST_TEST(std::isnan(t.find("n")->numbers[2]));
  BOOST_TEST(t.find("n")->numbers[3] == 4.0);
  BOOST_TEST(t.find("id")->ints[2] == -1);  // the short row's values are all missing
}

// Thousands of distinct values (the dictionary grows many times) and values that need
// their own copy (escaped quotes) met again after growth: each row's code names its text,
// and codes follow first sight.
BOOST_AUTO_TEST_CASE(text_codes_survive_growth_and_copied_keys) {
  std::string text = "v\n";
  std::vector<std::string> expected;
  for (int i = 0; i < 6000; ++i) {
    if (i % 7 == 0) {
      expected.push_back("q\"" + std::to_string(i % 40));
      text += "\"q\"\"" + std::to_string(i % 40) + "\"\n";
    } else {
      expected.push_back("k" + std::to_string((i * 31) % 2500));
      text += expected.back() + "\n";
    }
  }
  CsvTable t = read_csv(write("codes.csv", text), {{"v", CsvKind::text}});
  BOOST_REQUIRE(t.rows == expected.size());
  const CsvColumn* v = t.find("v");
  std::vector<std::string> first_seen;
  for (std::size_t r = 0; r < expected.size(); ++r) {
    BOOST_REQUIRE(v->ints[r] >= 0);
    BOOST_REQUIRE(v->labels[static_cast<std::size_t>(v->ints[r])] == expected[r]);
    if (std::find(first_seen.begin(), first_seen.end(), expected[r]) == first_seen.end()) first_seen.push_back(expected[r]);
  }
  BOOST_TEST((v->labels == first_seen));
}

BOOST_AUTO_TEST_CASE(id_columns_keep_each_rows_text_without_a_dictionary) {
  auto path = write("ids.csv", "id,name\n"
                               "F0000001,a\n"
                               ",b\n"
                               "\"F \"\"2\"\"\",c\n"
                               "F0000001,d\n"
                               "short\n");  // a short row keeps its place, and its id (the first column's text)
  CsvTable t = read_csv(path, {{"id", CsvKind::id}, {"name", CsvKind::text}});
  BOOST_TEST(t.rows == 5u);
  const CsvColumn* id = t.find("id");
  BOOST_TEST(id->labels.empty());
  BOOST_TEST(id->text(0) == "F0000001");
  BOOST_TEST(id->text(1) == "");
  BOOST_TEST(id->text(2) == "F \"2\"");
  BOOST_TEST(id->text(3) == "F0000001");  // repeated ids are kept as written
  BOOST_TEST(id->text(4) == "short");
  BOOST_TEST(t.find("name")->text(3) == "d");
  BOOST_TEST(t.errors.size() == 1u);
  BOOST_TEST(id->as_batch_column("id").data == nullptr);  // an id is never an input
}

BOOST_AUTO_TEST_CASE(a_reader_gives_chunks_with_the_same_codes) {
  auto path = write("chunks.csv", "id,vung,n\n"
                                  "a,x,1\n"
                                  "b,y,oops\n"
                                  "c,x,3\n"
                                  "\n"
                                  "d,z,4\n"
                                  "e,y\n");
  CsvReader reader(path, {{"id", CsvKind::id}, {"vung", CsvKind::text}, {"n", CsvKind::number}});
  CsvTable t;
  std::vector<std::string> seen;
  while (reader.next(t, 2)) {
    std::string chunk = std::to_string(t.first_row) + ":";
    for (std::size_t r = 0; r < t.rows; ++r)
      chunk += std::string(t.find("id")->text(r)) + "=" + std::to_string(t.find("vung")->ints[r]) + t.find("vung")->labels[static_cast<std::size_t>(std::max(0, t.find("vung")->ints[r]))] + " ";
    for (const auto& e : t.errors) chunk += "!" + std::to_string(e.row);
    seen.push_back(chunk);
  }
  // Rows 0-1, 2-3 (the blank line is skipped), 4; errors by row within the chunk; a short
  // row has no fields but its id (its text is empty, code -1).
  BOOST_TEST((seen == std::vector<std::string>{"0:a=0x b=1y !1", "2:c=0x d=2z ", "4:e=-1x !0"}), boost::test_tools::per_element());
  BOOST_TEST(!reader.next(t, 2));
  BOOST_TEST(t.rows == 0u);  // nothing left, and no buffer of the last chunk kept
  BOOST_TEST(t.columns.empty());
  CsvReader empty(write("header-only.csv", "id,vung\n"), {{"id", CsvKind::id}});
  BOOST_TEST(empty.next(t, 2));  // one empty chunk, then nothing
  BOOST_TEST(t.rows == 0u);
  BOOST_TEST(!empty.next(t, 2));
}

BOOST_AUTO_TEST_CASE(columns_gathered_from_chunks_equal_a_whole_read) {
  std::string text = "id,family_id,tuoi,biet_chu\n";
  for (int r = 0; r < 23; ++r)
    text += "P" + std::to_string(r) + ",F" + std::to_string(r / 3) + "," + (r % 7 == 0 ? "" : std::to_string(20 + r)) + "," +
            (r % 5 == 0 ? "muc_do_2" : "muc_do_1") + "\n";
  auto path = write("gather.csv", text);
  const std::vector<std::pair<std::string, CsvKind>> columns = {
      {"family_id", CsvKind::id}, {"tuoi", CsvKind::number}, {"biet_chu", CsvKind::text}};
  CsvTable whole = read_csv(path, columns);
  CsvReader reader(path, {{"id", CsvKind::id}, {"family_id", CsvKind::id}, {"tuoi", CsvKind::number}, {"biet_chu", CsvKind::text}});
  CsvTable chunk, gathered;
  std::size_t estimate = 0;
  while (reader.next(chunk, 4)) {
    if (chunk.first_row == 0) estimate = reader.estimated_rows();
    append_columns(gathered, chunk, {"family_id", "tuoi", "biet_chu"});
  }
  BOOST_TEST(estimate >= 15u);  // 23 rows: an estimate from the first 4 rows' bytes
  BOOST_TEST(estimate <= 31u);
  BOOST_TEST_REQUIRE(gathered.rows == whole.rows);
  BOOST_TEST(gathered.find("id") == nullptr);
  for (std::size_t r = 0; r < whole.rows; ++r) {
    BOOST_TEST(gathered.find("family_id")->text(r) == whole.find("family_id")->text(r));
    BOOST_TEST(gathered.find("biet_chu")->text(r) == whole.find("biet_chu")->text(r));
    const double a = gathered.find("tuoi")->numbers[r], b = whole.find("tuoi")->numbers[r];
    BOOST_TEST((a == b || (std::isnan(a) && std::isnan(b))));
  }
  BOOST_TEST(gathered.find("biet_chu")->labels == whole.find("biet_chu")->labels, boost::test_tools::per_element());
}

// An id column stores a run of rows with the same text once (a family's members listed
// one after another), empty texts included; each row reads its own text back, read whole
// or gathered from chunks that cut runs in two.
BOOST_AUTO_TEST_CASE(an_id_column_stores_a_run_of_the_same_text_once) {
  const std::vector<std::string> links = {"F1", "F1", "F1", "", "", "F2", "F1", "F1", "F10", "F10", "F1", "", "F3", "F3", "F3", "F3", "F3", "F3", "F3", "F4"};
  std::string text = "id,family_id\n";
  for (std::size_t r = 0; r < links.size(); ++r) text += "P" + std::to_string(r) + "," + links[r] + "\n";
  const auto path = write("runs.csv", text);
  const std::vector<std::pair<std::string, CsvKind>> columns = {{"id", CsvKind::id}, {"family_id", CsvKind::id}};
  CsvTable whole = read_csv(path, columns);
  BOOST_TEST_REQUIRE(whole.rows == links.size());
  const CsvColumn& f = *whole.find("family_id");
  for (std::size_t r = 0; r < links.size(); ++r) BOOST_TEST(f.text(r) == links[r], "row " << r);
  BOOST_TEST(f.pool == "F1F2F1F10F1F3F4");
  std::string ids;
  for (std::size_t r = 0; r < links.size(); ++r) ids += "P" + std::to_string(r);
  BOOST_TEST(whole.find("id")->pool == ids);  // distinct texts: each stored
  CsvReader reader(path, columns);
  CsvTable chunk, gathered;
  while (reader.next(chunk, 3)) append_columns(gathered, chunk, {"family_id"});
  BOOST_TEST_REQUIRE(gathered.rows == links.size());
  for (std::size_t r = 0; r < links.size(); ++r) BOOST_TEST(gathered.find("family_id")->text(r) == links[r], "row " << r);
  // A chunk's first row (0, 3, 6, …) stores its text again: F10 at rows 8 and 9, F3 at 12, 15 and 18.
  BOOST_TEST(gathered.find("family_id")->pool == "F1F2F1F10F10F1F3F3F3F4");
}

namespace {
// "row:code" for every line problem, and whether the line accounting adds up.
std::string problems(const CsvTable& t) {
  std::string s;
  for (const auto& e : t.errors) s += std::to_string(t.stats.line_of(e.row)) + ":" + (e.code.empty() ? e.field : e.code) + " ";
  return s;
}
const std::vector<std::pair<std::string, CsvKind>> kIdName = {{"id", CsvKind::id}, {"name", CsvKind::text}};
}  // namespace

// Each slip is a problem of its own line; the next line is read as usual, so no row is
// lost and none is invented. The line accounting always adds up.
BOOST_AUTO_TEST_CASE(a_slip_is_a_problem_of_its_line_and_reading_resumes) {
  const std::string text = "id,name\n"
                           "a,one\n"
                           "\"b,two\n"            // 3: a quote that never closes
                           "c,three\n"
                           "\"d\"x,four\n"        // 5: text after the closing quote
                           "e,fi\"ve\n"           // 6: a quote inside an unquoted field
                           "f,si\x01x\n"          // 7: a control character
                           "g,\xFF\xFE\n"         // 8: not UTF-8
                           "h,a,b\n"              // 9: a field too many
                           "i,\"Thôn 1, \"\"xã\"\"\nĐông\"\n"  // 10-11: one record, a line break in quotes
                           "\n"                   // 12: blank
                           "j,x\ry\n"             // 13: a CR that ends no line
                           "k,\"never closes\n";  // 14: the last line, a quote that never closes
  CsvTable t = read_csv_bytes(text, "slips.csv", kIdName);
  BOOST_TEST(problems(t) == "3:D010 5:D011 6:D012 7:D014 8:D015 9:D013 13:D014 14:D010 ");
  BOOST_TEST(t.rows == 11u);
  const CsvColumn* id = t.find("id");
  std::string ids;
  for (std::size_t r = 0; r < t.rows; ++r) ids += std::string(id->text(r)) + ".";
  // An unreadable line keeps the text before its first comma as its id (not `"d"x`, which
  // holds a quote); the rest of its values are missing.
  BOOST_TEST(ids == "a.b.c..e.f.g.h.i.j.k.");
  BOOST_TEST(t.find("name")->text(8) == "Thôn 1, \"xã\"\nĐông");
  BOOST_TEST(t.stats.lines == 14u);
  BOOST_TEST(t.stats.rows_read == 3u);
  BOOST_TEST(t.stats.rows_unreadable == 8u);
  BOOST_TEST(t.stats.blank_lines == 1u);
  BOOST_TEST(t.stats.continued_lines == 1u);
  BOOST_TEST(t.stats.balanced());
  BOOST_TEST(t.errors[0].reason == "a quote opened at character 1 does not close on its line: the line is unreadable; reading resumes on the next line");
  BOOST_TEST(t.errors[4].reason == "bytes that are not UTF-8 (\\xFF) (character 3)");
  BOOST_TEST(t.errors[5].reason == "expected 2 fields, found 3");
}

// An unterminated quote that meets a later quote does not merge the lines between.
BOOST_AUTO_TEST_CASE(a_quote_that_closes_lines_later_is_still_the_first_lines_problem) {
  CsvTable t = read_csv_bytes("id,name\n\"a,one\nb,two\nc,\"three\"\nd,four\n", "late.csv", kIdName);
  BOOST_TEST(problems(t) == "2:D010 ");
  BOOST_TEST(t.rows == 4u);
  BOOST_TEST(t.find("id")->text(1) == "b");
  BOOST_TEST(t.find("name")->text(2) == "three");
  BOOST_TEST(t.stats.balanced());
  // The same, the quote closing right before a separator (a record with a field too many).
  CsvTable u = read_csv_bytes("id,name\n\"a,one\nb\",two,x\nc,three\n", "late2.csv", kIdName);
  BOOST_TEST(problems(u) == "2:D010 3:D012 ");  // line 3 `b",two,x` is then its own problem
  BOOST_TEST(u.errors[0].reason == "a quote opened at character 1 does not close on its line: the line is unreadable; reading resumes on the next line");
  BOOST_TEST(u.find("id")->text(2) == "c");
  BOOST_TEST(u.rows == 3u);
  BOOST_TEST(u.stats.balanced());
}

// A quote opened by mistake in a value that closes lines later, leaving the right number
// of fields, used to swallow the lines between into that value (three citizens read as
// one); a value hoctap reads holding a line break and a comma is a stray quote's. A
// display name, or a column no one reads, may hold both; a line break alone (a
// spreadsheet cell's) stays in its value.
BOOST_AUTO_TEST_CASE(a_line_break_in_a_read_value_is_a_stray_quote) {
  const std::vector<std::pair<std::string, CsvKind>> wanted = {{"id", CsvKind::id}, {"vung", CsvKind::text}, {"n", CsvKind::number}};
  CsvTable t = read_csv_bytes("id,vung,n\nb,\"binh_thuong,9\nc,binh_thuong,9\nd,binh_thuong\",7\ne,x,1\n", "stray.csv", wanted);
  BOOST_TEST(problems(t) == "2:D010 4:D012 ");
  BOOST_TEST(t.errors[0].reason == "a quote opened at character 3 does not close on its line: the line is unreadable; reading resumes on the next line");
  BOOST_TEST(t.rows == 4u);
  std::string ids;
  for (std::size_t r = 0; r < t.rows; ++r) ids += std::string(t.find("id")->text(r)) + ".";
  BOOST_TEST(ids == "b.c.d.e.");  // the unreadable lines keep their ids
  BOOST_TEST(t.stats.rows_read == 2u);
  BOOST_TEST(t.stats.continued_lines == 0u);
  BOOST_TEST(t.stats.balanced());
  // The same lines with the break in a column no one reads, or in `name`: one record.
  for (const char* free : {"ghi_chu", "name"}) {
    CsvTable u = read_csv_bytes(std::string("id,") + free + ",n\nb,\"x,\ny\",7\n", "name.csv", {{"id", CsvKind::id}, {"name", CsvKind::text}, {"n", CsvKind::number}});
    BOOST_TEST(problems(u) == "", free);
    BOOST_TEST(u.rows == 1u);
    BOOST_TEST(u.stats.continued_lines == 1u);
  }
  CsvTable cell = read_csv_bytes("id,vung,n\nb,\"binh_thuong\n\",7\n", "cell.csv", wanted);
  BOOST_TEST(problems(cell) == "");
  BOOST_TEST(cell.rows == 1u);
  BOOST_TEST(cell.find("vung")->text(0) == "binh_thuong\n");
}

// Several quoted fields with doubled quotes on one line each keep their own text (found by
// the csv fuzz target: the unescaped copies had moved under the earlier fields' views).
BOOST_AUTO_TEST_CASE(doubled_quotes_in_several_fields_of_a_line_keep_each_field) {
  CsvTable t = read_csv_bytes("\"i\"\"d\",\"n\"\"ame\"\nx,y\n\"a\"\"\"\"\",\"b\"\"\"\n", "dq.csv",
                              {{"i\"d", CsvKind::id}, {"n\"ame", CsvKind::text}});
  BOOST_TEST(problems(t) == "");
  BOOST_TEST(t.rows == 2u);
  BOOST_TEST(t.find("i\"d")->text(1) == "a\"\"");
  BOOST_TEST(t.find("n\"ame")->text(1) == "b\"");
}

// Bounded: a long line and a line of commas are problems of their line, not allocations.
BOOST_AUTO_TEST_CASE(long_lines_and_many_fields_are_bounded) {
  CsvLimits small;
  small.max_line_bytes = 64;
  small.max_columns = 8;
  const std::string commas(5000, ',');
  CsvTable t = read_csv_bytes("id,name\n" + commas + "\na,b\n" + "c," + std::string(100, 'x') + "\n", "long.csv", kIdName, small);
  BOOST_TEST(problems(t) == "2:D016 4:D016 ");
  BOOST_TEST(t.find("id")->text(1) == "a");
  BOOST_TEST(t.stats.balanced());
  CsvTable u = read_csv_bytes("id,name\n" + std::string(40, ',') + "\n", "commas.csv", kIdName, small);
  BOOST_TEST(u.errors.at(0).reason == "expected 2 fields, found 41");
  BOOST_CHECK_THROW(read_csv_bytes(std::string(20, ',') + "\n", "wide.csv", kIdName, small), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(a_header_is_distinct_names_on_one_line) {
  try {
    read_csv_bytes("id,name,id\na,b,c\n", "dup.csv", kIdName);
    BOOST_FAIL("a repeated column was accepted");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()) == "`dup.csv` line 1 (the header): column `id` appears twice (columns 1 and 3): which one holds the data is not known");
  }
  BOOST_CHECK_THROW(read_csv_bytes("\"id,name\n", "open.csv", kIdName), std::runtime_error);
  CsvTable t = read_csv_bytes("id,name", "header-only.csv", kIdName);  // no rows, no line feed
  BOOST_TEST(t.rows == 0u);
  BOOST_TEST(t.stats.lines == 1u);
  BOOST_TEST(t.stats.balanced());
}

BOOST_AUTO_TEST_CASE(special_files_are_refused_before_reading) {
  const auto dir = std::filesystem::temp_directory_path() / ("hoctap-csv-special-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string fifo = (dir / "fifo.csv").string();
  BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto message = [](const std::string& path) {
    try {
      read_csv(path, kIdName);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("read");
  };
  BOOST_TEST(message(fifo) == "`" + fifo + "` is a FIFO (named pipe), not a regular file: a dataset's CSV files are files");
  BOOST_TEST(message(dir.string()) == "`" + dir.string() + "` is a folder, not a regular file: a dataset's CSV files are files");
  BOOST_TEST(message("/dev/null") == "`/dev/null` is a device, not a regular file: a dataset's CSV files are files");
  std::filesystem::remove_all(dir);
}

// A file that cannot be used at all says so in the reader's language.
BOOST_AUTO_TEST_CASE(unusable_files_are_refused_in_both_languages) {
  CsvLimits vi;
  vi.lang = hoctap::Lang::vi;
  BOOST_TEST(hoctap_test::thrown([&] { read_csv_bytes("", "empty.csv", kIdName, vi); }) == "`empty.csv` trống: tệp CSV bắt đầu bằng một dòng tiêu đề");
  BOOST_TEST(hoctap_test::thrown([&] { read_csv_bytes("", "empty.csv", kIdName); }) == "`empty.csv` is empty: a CSV file starts with a header line");
  BOOST_TEST(hoctap_test::thrown([&] { read_csv_bytes("id,name,id\na,b,c\n", "dup.csv", kIdName, vi); }) ==
             "`dup.csv` dòng 1 (dòng tiêu đề): cột `id` xuất hiện hai lần (cột 1 và 3): không biết cột nào chứa dữ liệu");
  BOOST_TEST(hoctap_test::thrown([&] { read_csv_bytes("\"id\nx\",name\n", "break.csv", kIdName, vi); }) ==
             "`break.csv` dòng 1 (dòng tiêu đề): một tên cột chứa dấu xuống dòng");
  BOOST_TEST(hoctap_test::thrown([&] { read_csv_bytes("\"id\nx\",name\n", "break.csv", kIdName); }) ==
             "`break.csv` line 1 (the header): a column name holds a line break");
  CsvLimits narrow = vi;
  narrow.max_columns = 2;
  BOOST_TEST(hoctap_test::thrown([&] { read_csv_bytes("a,b,c\n", "wide.csv", kIdName, narrow); }) == "`wide.csv` dòng 1 (dòng tiêu đề): hơn 2 cột");
  narrow.lang = hoctap::Lang::en;
  BOOST_TEST(hoctap_test::thrown([&] { read_csv_bytes("a,b,c\n", "wide.csv", kIdName, narrow); }) == "`wide.csv` line 1 (the header): more than 2 columns");
  BOOST_TEST(hoctap_test::thrown([&] { read_csv("/nonexistent/x.csv", kIdName, vi); }) == "không đọc được `/nonexistent/x.csv`");
  BOOST_TEST(hoctap_test::thrown([&] { read_csv("/dev/null", kIdName, vi); }) ==
             "`/dev/null` là một thiết bị, không phải tệp thông thường: các tệp CSV của bộ dữ liệu phải là tệp");
  BOOST_TEST(hoctap_test::thrown([&] { read_csv("/", kIdName, vi); }) == "`/` là một thư mục, không phải tệp thông thường: các tệp CSV của bộ dữ liệu phải là tệp");
}

// Lines are counted apart from the tokenizer across chunks, and each row knows its line.
BOOST_AUTO_TEST_CASE(rows_know_their_lines_across_chunks) {
  const std::string text = "id,name\r\na,1\r\n\r\nb,\"x\r\ny\"\r\nc,3\r\n\nd,4";
  CsvReader reader(CsvBytes{text, "lines.csv"}, kIdName);
  CsvTable t;
  std::string seen;
  while (reader.next(t, 1))
    for (std::size_t r = 0; r < t.rows; ++r) seen += std::string(t.find("id")->text(r)) + "@" + std::to_string(reader.stats().line_of(t.first_row + r)) + " ";
  BOOST_TEST(seen == "a@2 b@4 c@6 d@8 ");
  BOOST_TEST(reader.stats().lines == 8u);
  BOOST_TEST(reader.stats().balanced());
}

// A long file's lines, counted 32 bytes at a time: a run of 20,000 blank lines (more line
// feeds in a row than one pass's byte counters hold), rows of every length, a line break
// in quotes, and a last line without a line feed.
BOOST_AUTO_TEST_CASE(a_long_file_counts_every_line) {
  std::string text = "id,name\n";
  std::size_t lines = 1;
  for (std::size_t r = 0; r < 3000; ++r, ++lines) text += "r" + std::to_string(r) + "," + std::string(r % 70, 'x') + "\n";
  text += std::string(20000, '\n');
  lines += 20000;
  text += "q,\"one\ntwo\"\n";
  lines += 2;
  text += "z,last";
  lines += 1;
  CsvReader reader(CsvBytes{text, "long.csv"}, kIdName);
  CsvTable t;
  std::size_t rows = 0;
  while (reader.next(t, 1000)) rows += t.rows;
  BOOST_TEST(rows == 3002u);
  BOOST_TEST(reader.stats().lines == lines);
  BOOST_TEST(reader.stats().blank_lines == 20000u);
  BOOST_TEST(reader.stats().continued_lines == 1u);
  BOOST_TEST(reader.stats().balanced());
}

// split's 64-byte fast path against the byte-at-a-time tokenizer, record by record, on
// random texts of every kind of byte the tokenizer tells apart, mostly plain ones so that
// many records take the fast path; with few and many fields kept, short and long limits.
BOOST_AUTO_TEST_CASE(the_fast_tokenizer_splits_as_the_scalar_one) {
  const std::vector<std::string> pieces = {"a", "7", "x y", "12345678901", ",", ",", ",", "\n", "\r\n", "\r", "\"", "\"\"", "\"a,b\"",
                                           "\t", std::string(1, '\x01'), "\x7f", "\xc3\xa9", "\xc3", "\xe1\xbb\x8d", std::string(70, 'p')};
  // Records the fast path reads: plain bytes to an LF at least 64 bytes before the end of
  // the text and of the record's limit (the generator must make many).
  const auto fast_path_reads = [](const std::string& text, std::size_t pos, std::size_t max_line) {
    std::size_t e = pos;
    while (e < text.size() && ((text[e] >= 0x20 && text[e] < 0x7F && text[e] != '"') || text[e] == '\t')) ++e;
    return e < text.size() && text[e] == '\n' && e + 64 <= text.size() && e - pos + 64 <= max_line;
  };
  std::mt19937_64 rng(20261204);
  std::size_t records = 0, fast = 0, differ = 0;
  for (int t = 0; t < 3000; ++t) {
    std::string text;
    const std::size_t plain_run = 1 + rng() % 40;  // how often a plain piece comes
    while (text.size() < 2000) {
      const std::size_t k = rng() % (pieces.size() + plain_run);
      text += k < pieces.size() ? pieces[k] : (rng() % 6 == 0 ? "," : (rng() % 9 == 0 ? "\n" : "v"));
    }
    const std::size_t keep = t % 3 == 0 ? 2 : 1000, max_line = t % 4 == 0 ? 90 : 1u << 20;
    std::vector<std::string_view> f1, f2;
    std::deque<std::string> s1, s2;
    for (std::size_t pos = 0; pos < text.size();) {
      std::size_t p1 = pos, p2 = pos;
      const Split a = split(text, p1, f1, s1, keep, max_line);
      const Split b = split_scalar(text, p2, f2, s2, keep, max_line);
      ++records;
      fast += fast_path_reads(text, pos, max_line);
      const bool same = a.error == b.error && a.at == b.at && a.fields == b.fields && a.newlines == b.newlines && a.crossed == b.crossed &&
                        p1 == p2 && f1 == f2;
      if (!same && differ++ < 5) BOOST_TEST_MESSAGE("text " << t << " at byte " << pos << ": the two tokenizers differ");
      pos = std::max(p2, pos + 1);
    }
  }
  BOOST_TEST(differ == 0u);
  BOOST_TEST(records > 30000u);
  BOOST_TEST(fast > 20000u);  // records the fast path reads
}

BOOST_AUTO_TEST_CASE(unreadable_files_throw) {
  BOOST_CHECK_THROW(read_csv("/nonexistent/x.csv", {}), std::runtime_error);
  BOOST_CHECK_THROW(read_csv(write("empty.csv", ""), {}), std::runtime_error);
}

BOOST_AUTO_TEST_SUITE_END()
