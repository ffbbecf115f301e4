// The batch path judges each row exactly as the record path judges the same record.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <thread>
#include <tuple>

#include "evaluate/block.hpp"
#include "helpers.hpp"

using hoctap::Column;
using hoctap::Decimal;
using hoctap::Record;
using hoctap_test::day;

namespace {

// Rows per block of the block evaluator: the tests below put values at its edges.
constexpr std::size_t kBlock = hoctap::internal::BlockEvaluator::kRows;

// The error text of `row` in a batch result ("" when it has none).
std::string error_of(const hoctap::BatchResult& b, std::size_t row) {
  for (std::size_t k = 0; k < b.error_rows.size(); ++k)
    if (b.error_rows[k] == static_cast<std::int64_t>(row)) return b.error_texts[k];
  return "";
}

// Compares row `row` of a batch result with a record evaluation.
void expect_same(const hoctap::BatchResult& b, std::size_t row, const hoctap::Result& r, const std::string& what) {
  BOOST_TEST_CONTEXT(what << " row " << row) {
    BOOST_TEST(b.decision[row] == static_cast<std::uint8_t>(r.decision()));
    BOOST_TEST(b.total_units[row] == r.total().units());
    auto g = r.grade();
    BOOST_TEST(b.grade.empty() == b.grades.empty());  // a column no row can set is left empty
    const std::int32_t grade = b.grade.empty() ? -1 : b.grade[row];
    BOOST_TEST((grade < 0 ? std::string() : b.grades[static_cast<std::size_t>(grade)]) == (g ? std::string(g->id) : std::string()));
    BOOST_TEST((b.level.empty() ? 0 : b.level[row]) == r.level());
    for (std::size_t k = 0; k < b.node_index.size(); ++k) {
      const auto& n = r.nodes()[static_cast<std::size_t>(b.node_index[k])];
      BOOST_TEST(b.node_points_units[k * b.rows + row] == n.points.units());
      BOOST_TEST(b.node_status[k * b.rows + row] == static_cast<std::uint8_t>(n.status));
    }
    std::string errors;
    for (const auto& p : r.problems()) errors += (errors.empty() ? "" : "; ") + p.vi;
    BOOST_TEST(error_of(b, row) == errors);
  }
}

// The clan fixture of tests/data/registry: share(gia_dinh, result.recognized) >= 0.7 gives
// 6 points, >= 0.5 gives 3; the clan's learning board 4; recognized from 6.
hoctap::CriteriaSet clan_fixture() {
  auto reg = hoctap::Registry::load_directory(hoctap_test::source_path("tests/data/registry"));
  BOOST_TEST_REQUIRE(reg.ok());
  return reg.registry->versions("dong_ho_fixture").front();
}

// A batch of clans (the registry fixture's set): whether each has a board, and a member
// table of families pointing at them with whether each family is recognized.
hoctap::Batch clan_batch(const std::vector<std::uint8_t>& board, const std::vector<std::int64_t>& parent,
                         const std::vector<std::uint8_t>& recognized) {
  hoctap::Batch batch;
  batch.rows = board.size();
  batch.columns = {Column::boolean("co_ban_khuyen_hoc", board.data())};
  hoctap::MemberTable families;
  families.list = "gia_dinh";
  families.rows = parent.size();
  families.parent = parent.data();
  families.columns = {Column::boolean("result.recognized", recognized.data())};
  batch.members.push_back(families);
  return batch;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(batch)

BOOST_AUTO_TEST_CASE(rows_match_records_including_missing_and_bad_values) {
  auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/don-vi-hoc-tap/tt22-2020.yaml"));
  const std::size_t n = 600;
  std::mt19937 rng(7);
  std::vector<std::int64_t> members(n), plan(n), citizens(n);
  std::vector<double> discipline(n), score11(n), score12(n), score13(n), score33(n);
  std::vector<std::uint8_t> members_valid(n, 1);
  std::vector<std::int32_t> title_codes(n);
  std::vector<std::string> title_labels = {"khong_co", "tap_the_lao_dong_tien_tien", "Tập thể lao động xuất sắc", "giải nhất"};
  std::vector<Record> records(n);
  for (std::size_t i = 0; i < n; ++i) {
    members[i] = 10 + static_cast<std::int64_t>(rng() % 5);
    plan[i] = members[i] - static_cast<std::int64_t>(rng() % 2);
    citizens[i] = members[i] - (i % 3 == 0 ? 1 : 0);  // a third lose the 25 points of 3.1
    if (i % 97 == 0) plan[i] = members[i] + 3;            // impossible: more than all members
    discipline[i] = static_cast<double>(members[i]);
    if (i % 13 == 0) discipline[i] = NAN;                   // missing
    if (i % 29 == 0) discipline[i] = 9.5;                   // not a whole number
    score11[i] = static_cast<double>(rng() % 11);
    score12[i] = (rng() % 21) / 2.0;                        // halves
    if (i % 37 == 0) score12[i] = 10.5;                     // a fraction out of range
    score13[i] = i % 31 == 0 ? 12.0 : static_cast<double>(rng() % 11);  // 12 is out of range
    score33[i] = i % 17 == 0 ? NAN : static_cast<double>(rng() % 6);
    title_codes[i] = i % 41 == 0 ? -1 : static_cast<std::int32_t>(rng() % 4);
    if (i % 53 == 0) members_valid[i] = 0;
    Record& r = records[i];
    if (members_valid[i]) r.set("so_thanh_vien", members[i]);
    r.set("so_tv_co_ke_hoach_tu_hoc", plan[i]);
    if (!std::isnan(discipline[i])) {
      if (discipline[i] == std::floor(discipline[i])) r.set("so_tv_chap_hanh_ky_luat", static_cast<std::int64_t>(discipline[i]));
      else r.set("so_tv_chap_hanh_ky_luat", *Decimal::from_double(discipline[i]));
    }
    r.set("so_tv_hoan_thanh_boi_duong", members[i]).set("so_tv_lao_dong_tien_tien", members[i]).set("so_tv_dat_nang_luc_cdht", citizens[i]);
    if (title_codes[i] >= 0) r.set("danh_hieu_tap_the", title_labels[static_cast<std::size_t>(title_codes[i])]);
    auto put = [&](const char* name, double v) { if (!std::isnan(v)) r.set(name, *Decimal::from_double(v)); };
    put("score.tc1_1", score11[i]);
    put("score.tc1_2", score12[i]);
    put("score.tc1_3", score13[i]);
    put("score.tc3_3", score33[i]);
  }
  std::vector<std::int64_t> same = members;
  hoctap::Batch batch;
  batch.rows = n;
  Column m = Column::int64("so_thanh_vien", members.data());
  m.valid = members_valid.data();
  batch.columns = {m, Column::int64("so_tv_co_ke_hoach_tu_hoc", plan.data()), Column::float64("so_tv_chap_hanh_ky_luat", discipline.data()),
                   Column::int64("so_tv_hoan_thanh_boi_duong", same.data()), Column::int64("so_tv_lao_dong_tien_tien", same.data()),
                   Column::int64("so_tv_dat_nang_luc_cdht", citizens.data()), Column::codes("danh_hieu_tap_the", title_codes.data(), title_labels),
                   Column::float64("score.tc1_1", score11.data()), Column::float64("score.tc1_2", score12.data()),
                   Column::float64("score.tc1_3", score13.data()), Column::float64("score.tc3_3", score33.data())};
  hoctap::BatchOptions opts{day("2023-12-31")};
  auto out = hoctap::evaluate_batch(set, batch, opts);
  BOOST_REQUIRE(out.rows == n);
  BOOST_TEST(out.total.empty());  // doubles only when asked for
  hoctap::BatchOptions as_doubles = opts;
  as_doubles.float64 = true;
  hoctap::BatchResult doubles = hoctap::evaluate_batch(set, batch, as_doubles);
  BOOST_TEST(doubles.node_points.size() == out.node_points_units.size());
  BOOST_TEST(hoctap_test::float64_mismatches(set, out, doubles) == 0u);  // rows judged by blocks and by the row path
  // A result reused from units to doubles and back gives the same columns.
  hoctap::evaluate_batch(set, batch, opts, doubles);
  BOOST_TEST((doubles.total_units == out.total_units));
  BOOST_TEST(doubles.total.empty());
  // A float64 result's next grade: what the units' result gives.
  hoctap::BatchResult again = hoctap::evaluate_batch(set, batch, as_doubles);
  for (std::size_t i = 0; i < n; ++i) {
    const auto a = hoctap::next_grade(set, out, i), b = hoctap::next_grade(set, again, i);
    BOOST_TEST_CONTEXT("row " << i) {
      BOOST_TEST(a.grade == b.grade);
      BOOST_TEST(a.points_units == b.points_units);
    }
  }
  int problems = 0, decisions[3] = {0, 0, 0};
  for (std::size_t i = 0; i < n; ++i) {
    expect_same(out, i, set.evaluate(records[i], {day("2023-12-31")}), "tt22");
    problems += !error_of(out, i).empty();
    ++decisions[out.decision[i]];
  }
  // The data exercise every path: problems, and all three decisions.
  BOOST_TEST(problems > 20);
  for (int d : decisions) BOOST_TEST(d > 10);
}

BOOST_AUTO_TEST_CASE(members_come_from_member_tables) {
  auto clan = clan_fixture();
  // Three clans; families point at them; the last clan has none.
  std::vector<std::int64_t> parent = {0, 0, 0, 1, 1, 0, 1};
  std::vector<std::uint8_t> recognized = {1, 1, 0, 1, 0, 1, 1};
  std::vector<std::uint8_t> board = {1, 0, 1};
  auto out = hoctap::evaluate_batch(clan, clan_batch(board, parent, recognized), {day("2019-12-31")});
  for (std::size_t c = 0; c < 3; ++c) {
    std::vector<Record> fams;
    for (std::size_t i = 0; i < parent.size(); ++i)
      if (parent[i] == static_cast<std::int64_t>(c)) fams.push_back(Record().set("result.recognized", recognized[i] == 1));
    Record r;
    r.set("co_ban_khuyen_hoc", board[c] == 1).set("gia_dinh", fams);
    expect_same(out, c, clan.evaluate(r, {day("2019-12-31")}), "clan");
  }
  BOOST_TEST(out.total_units[0] == Decimal::from_int(10).units());  // 3 of 4 = 75% ≥ 70%: 6, and the board: 4
  BOOST_TEST(out.decision[2] == static_cast<std::uint8_t>(hoctap::Decision::not_assessable));  // no families
}

// A boolean column is read as bytes, each true when it is not 0 (as the record binder
// reads it): a host's 2 or 255 is true, at the top and in member tables, whether the
// members come grouped by parent (read where they are) or not (copied).
BOOST_AUTO_TEST_CASE(a_boolean_byte_other_than_0_or_1_is_true_on_every_path) {
  auto clan = clan_fixture();
  const std::uint8_t bytes[] = {0, 1, 2, 255};
  std::uint64_t state = 5;
  auto next = [&state] { return (state = state * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
  const std::size_t clans = 2500;
  std::vector<std::uint8_t> board(clans), recognized;
  std::vector<std::int64_t> parent;
  for (std::size_t c = 0; c < clans; ++c) {
    board[c] = bytes[next() % 4];
    for (std::size_t k = next() % 5; k > 0; --k) parent.push_back(static_cast<std::int64_t>(c)), recognized.push_back(bytes[next() % 4]);
  }
  // The same families, each clan's last one (but the table's last) moved to the end.
  std::vector<std::int64_t> kept_parent;
  std::vector<std::uint8_t> kept_recognized;
  auto last_of_clan = [&](std::size_t i) { return i + 1 < parent.size() && parent[i] != parent[i + 1]; };
  for (const bool moved : {false, true})
    for (std::size_t i = 0; i < parent.size(); ++i)
      if (last_of_clan(i) == moved) kept_parent.push_back(parent[i]), kept_recognized.push_back(recognized[i]);
  BOOST_TEST_REQUIRE(kept_parent.size() == parent.size());
  const auto grouped = hoctap::evaluate_batch(clan, clan_batch(board, parent, recognized), {day("2019-12-31")});
  const auto scattered = hoctap::evaluate_batch(clan, clan_batch(board, kept_parent, kept_recognized), {day("2019-12-31")});
  std::vector<std::vector<Record>> families(clans);
  for (std::size_t i = 0; i < parent.size(); ++i)
    families[static_cast<std::size_t>(parent[i])].push_back(Record().set("result.recognized", recognized[i] != 0));
  std::size_t recognized_clans = 0;
  for (std::size_t c = 0; c < clans; ++c) {
    Record r;
    r.set("co_ban_khuyen_hoc", board[c] != 0).set("gia_dinh", families[c]);
    const hoctap::Result want = clan.evaluate(r, {day("2019-12-31")});
    expect_same(grouped, c, want, "grouped clan " + std::to_string(c));
    expect_same(scattered, c, want, "scattered clan " + std::to_string(c));
    recognized_clans += want.recognized();
  }
  BOOST_TEST(recognized_clans > clans / 4);
}

// The aggregates over a list count their members in 16-bit lanes, several counters to a
// word; a block with more than 0xFFFF members counts them one aggregate at a time. Both in
// one batch: a first block of clans whose first has 70,000 families (more than a lane
// holds; 40,000 of them recognized: 57%), the others one each; then a block of clans of 3
// families. 1a gives 6 points from a 70% share, 3 from 50%; the board gives 4.
BOOST_AUTO_TEST_CASE(a_block_with_more_members_than_a_lane_holds_counts_them_apart) {
  auto clan = clan_fixture();
  std::vector<std::int64_t> parent;
  std::vector<std::uint8_t> recognized, board(2 * kBlock);
  std::vector<std::int64_t> expected(2 * kBlock);
  for (std::size_t c = 0; c < 2 * kBlock; ++c) {
    const std::size_t families = c == 0 ? 70000 : c < kBlock ? 1 : 3, yes = c == 0 ? 40000 : c < kBlock ? c % 2 : c % 4;
    for (std::size_t f = 0; f < families; ++f) {
      parent.push_back(static_cast<std::int64_t>(c));
      recognized.push_back(f < yes);
    }
    board[c] = c % 3 != 0;
    const std::int64_t share_points = 10 * yes >= 7 * families ? 6 : 10 * yes >= 5 * families ? 3 : 0;
    expected[c] = share_points + 4 * board[c];
  }
  BOOST_TEST_REQUIRE(expected[0] == 3);
  for (unsigned threads : {1u, 2u}) {
    const auto out = hoctap::evaluate_batch(clan, clan_batch(board, parent, recognized), {day("2019-12-31"), nullptr, threads});
    std::size_t wrong = 0;
    for (std::size_t c = 0; c < 2 * kBlock; ++c) {
      wrong += out.total_units[c] != Decimal::from_int(expected[c]).units();
      wrong += out.decision[c] != static_cast<std::uint8_t>(expected[c] >= 6 ? hoctap::Decision::recognized : hoctap::Decision::not_recognized);
    }
    BOOST_TEST(wrong == 0u, "threads " << threads);
    BOOST_TEST(out.total_units[0] == Decimal::from_int(3).units());
  }
}

// A result reused from one set to another names the grades of the set it was last
// judged by (a reused result keeps its names when they are the set's already): bands with
// `otherwise`, no grades, levels, and as many bands as those levels under other names.
BOOST_AUTO_TEST_CASE(a_result_reused_across_sets_names_the_last_set_s_grades) {
  const auto load = [](const char* path) { return hoctap::CriteriaSet::load(hoctap_test::source_path(path)); };
  const auto unit = load("criteria/don-vi-hoc-tap/tt22-2020.yaml");
  const auto two_bands = load("tests/data/diff/points.yaml");
  const auto citizen = load("criteria/cong-dan-hoc-tap/244-2022.yaml");
  const auto unit_levels = load("criteria/don-vi-hoc-tap/tt24-2023.yaml");
  const auto family = load("criteria/gia-dinh-hoc-tap/2022.yaml");
  const std::vector<std::string> unit_grades = {"trung_binh", "kha", "tot", "khong_dat"};
  hoctap::Batch none;  // no rows: the grades are named all the same
  hoctap::BatchResult out;
  const std::vector<std::pair<const hoctap::CriteriaSet*, const char*>> turns = {
      {&unit, "2023-12-31"},        {&unit, "2023-12-31"},      {&citizen, "2023-01-01"},     {&unit, "2023-12-31"},
      {&unit_levels, "2024-06-30"}, {&two_bands, "2024-06-30"}, {&unit_levels, "2024-06-30"}, {&family, "2023-06-30"},
      {&unit, "2023-12-31"}};
  for (std::size_t turn = 0; turn < turns.size(); ++turn) {
    const hoctap::CriteriaSet& set = *turns[turn].first;
    hoctap::evaluate_batch(set, none, {day(turns[turn].second)}, out);
    const hoctap::BatchResult fresh = hoctap::evaluate_batch(set, none, {day(turns[turn].second)});
    BOOST_TEST_CONTEXT("turn " << turn) {
      BOOST_TEST(out.grades == fresh.grades, boost::test_tools::per_element());
      if (&set == &unit) BOOST_TEST(out.grades == unit_grades, boost::test_tools::per_element());
      else BOOST_TEST(out.grades != unit_grades);
    }
  }
  BOOST_TEST(hoctap::evaluate_batch(two_bands, none, {day("2024-06-30")}).grades == (std::vector<std::string>{"kha", "chua_dat"}),
             boost::test_tools::per_element());
  BOOST_TEST(hoctap::evaluate_batch(unit_levels, none, {day("2024-06-30")}).grades == (std::vector<std::string>{"muc_do_1", "muc_do_2"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(context_and_threads_give_the_same_answers) {
  auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/don-vi-hoc-tap-xa/448-2016.yaml"));
  const std::size_t n = 20000;
  std::vector<double> score(n);
  for (std::size_t i = 0; i < n; ++i) score[i] = static_cast<double>(i % 101);
  hoctap::Batch batch;
  batch.rows = n;
  batch.columns = {Column::float64("score.diem_danh_gia", score.data())};
  Record locality;
  locality.set("nguong_cong_nhan", std::int64_t{75});
  for (std::size_t i = 0; i < n; i += 997) score[i] = 250;  // out of range: errors from both threads
  hoctap::BatchOptions one{day("2020-12-31"), &locality, 1};
  hoctap::BatchOptions two{day("2020-12-31"), &locality, 2};
  auto a = hoctap::evaluate_batch(set, batch, one);
  BOOST_TEST(a.error_rows.size() == 21u);
  BOOST_TEST(std::is_sorted(a.error_rows.begin(), a.error_rows.end()));
  for (unsigned threads : {2u, 3u, 8u}) {  // ten blocks: with three or eight threads, blocks taken from others' regions
    hoctap::BatchOptions more = two;
    more.threads = threads;
    auto b = hoctap::evaluate_batch(set, batch, more);
    BOOST_TEST_CONTEXT("threads " << threads) {
      BOOST_TEST((a.decision == b.decision));
      BOOST_TEST((a.total_units == b.total_units));
      BOOST_TEST((a.node_points_units == b.node_points_units));
      BOOST_TEST((a.error_rows == b.error_rows));
      BOOST_TEST((a.error_texts == b.error_texts));
    }
  }
  hoctap::BatchOptions criteria_only = one;
  criteria_only.nodes = hoctap::NodeOutput::criteria;
  BOOST_TEST(hoctap::evaluate_batch(set, batch, criteria_only).node_index.size() == 1u);
  BOOST_TEST(a.decision[75] == static_cast<std::uint8_t>(hoctap::Decision::recognized));
  BOOST_TEST(a.decision[74] == static_cast<std::uint8_t>(hoctap::Decision::not_recognized));
}

// A float64 column binds whole numbers, fractions, NaN and values the field refuses alike
// whether they stand among whole numbers (a block of mostly whole numbers), among
// fractions, or alone in a batch of one row.
BOOST_AUTO_TEST_CASE(float64_values_read_the_same_among_whole_numbers_and_fractions) {
  auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/don-vi-hoc-tap-xa/448-2016.yaml"));
  const std::size_t n = 3 * kBlock;
  std::vector<double> score(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double whole = static_cast<double>(i % 101);
    if (i < kBlock) score[i] = i % 97 == 0 ? static_cast<double>(i % 100) + 0.25 : whole;  // a few fractions
    else if (i < 2 * kBlock) score[i] = i % 10 == 0 ? whole : static_cast<double>(i % 100) + 0.5;  // mostly fractions
    else score[i] = whole;
  }
  const std::vector<std::pair<std::size_t, double>> odd = {
      {5, 0.1}, {6, 1e-7}, {7, std::nan("")}, {8, 100.5}, {9, -1.0}, {10, 1e300}, {11, -0.0},
      {kBlock + 5, 1e-7}, {kBlock + 6, std::nan("")}, {kBlock + 7, 100.25}, {2 * kBlock + 3, -1.0}, {2 * kBlock + 4, 1e15}, {2 * kBlock + 5, 99.999999}};
  for (auto [row, x] : odd) score[row] = x;
  hoctap::Batch batch;
  batch.rows = n;
  batch.columns = {Column::float64("score.diem_danh_gia", score.data())};
  Record locality;
  locality.set("nguong_cong_nhan", std::int64_t{75});
  hoctap::BatchOptions opts{day("2020-12-31"), &locality, 1};
  const auto all = hoctap::evaluate_batch(set, batch, opts);
  hoctap::BatchOptions as_doubles = opts;
  as_doubles.float64 = true;
  BOOST_TEST(hoctap_test::float64_mismatches(set, all, hoctap::evaluate_batch(set, batch, as_doubles)) == 0u);
  for (std::size_t i = 0; i < n; ++i) {
    hoctap::Batch one;
    one.rows = 1;
    one.columns = {Column::float64("score.diem_danh_gia", score.data() + i)};
    const auto alone = hoctap::evaluate_batch(set, one, opts);
    BOOST_TEST_CONTEXT("row " << i << " value " << score[i]) {
      BOOST_TEST(all.decision[i] == alone.decision[0]);
      BOOST_TEST(all.total_units[i] == alone.total_units[0]);
      BOOST_TEST(error_of(all, i) == error_of(alone, 0));
    }
  }
  const auto units = [&](std::size_t row) { return all.total_units[row]; };
  BOOST_TEST(units(0) == 250000);       // 0.25
  BOOST_TEST(units(1) == 1000000);      // 1
  BOOST_TEST(units(5) == 100000);       // 0.1, the decimal the double stands for
  BOOST_TEST(units(11) == 0);           // -0
  BOOST_TEST(units(kBlock + 1) == static_cast<std::int64_t>((kBlock + 1) % 100) * 1000000 + 500000);  // a half, among fractions
  BOOST_TEST(units(2 * kBlock + 5) == 99999999);                                                     // 99.999999
  for (std::size_t row : {std::size_t{6}, std::size_t{8}, std::size_t{9}, std::size_t{10}, kBlock + 5, kBlock + 7, 2 * kBlock + 3, 2 * kBlock + 4})
    BOOST_TEST_CONTEXT("row " << row) { BOOST_TEST(!error_of(all, row).empty()); }
  for (std::size_t row : {std::size_t{7}, kBlock + 6})
    BOOST_TEST_CONTEXT("row " << row) {
      BOOST_TEST(error_of(all, row).empty());
      BOOST_TEST(all.decision[row] == static_cast<std::uint8_t>(hoctap::Decision::not_assessable));
    }
}

// A criterion whose children are all assessed scores from float64 columns has them bound
// in one pass that also adds up its points and, when its status is read, works out its
// children's. A few rows of a block with a score that is not a fast value (missing, out of
// range, in tenths) are judged by the row path (block 1's score out of range, block 2's
// twelve missing scores of tc1 and one of tc3 in tenths, then block 3's in tenths, marked
// from the first pass); a block with more binds that criterion's scores one by one (tc2 in
// block 3, in tenths throughout). Every row as the record path judges it, whichever the
// criteria are reported.
BOOST_AUTO_TEST_CASE(assessed_scores_bound_with_their_criterion_judge_as_records) {
  auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/cong-dan-hoc-tap/244-2022.yaml"));
  const std::size_t n = 4 * kBlock;
  const char* ids[] = {"tc1_1", "tc1_2", "tc1_3", "tc1_4", "tc2_1", "tc2_2", "tc2_3", "tc2_4", "tc3_1", "tc3_2"};
  std::vector<std::vector<double>> scores(10, std::vector<double>(n));
  std::vector<std::int32_t> area(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < 10; ++k)  // full points (met) but for one child in five, so that criteria are met or not
      scores[k][i] = (i + k) % 5 != 0 ? 10.0 : static_cast<double>(5 + (i * 3 + k) % 5) + ((i + k) % 7 == 0 ? 0.5 : 0.0);
    if (i % 11 == 0) scores[i % 10][i] = 4.5;  // below the floor of 5
    area[i] = static_cast<std::int32_t>(i % 3);
  }
  scores[7][1] = 10.5;                   // block 1: a score of tc2 out of range (its row by the row path)
  for (std::size_t m = 0; m < 12; ++m) scores[1][kBlock + 9 + 100 * m] = std::nan("");  // block 2: twelve rows of tc1 with a score missing
  scores[8][kBlock + 20] = 7.3;          // and one of tc3 in tenths
  const double tenths[] = {7.1, 7.2, 7.3};
  for (std::size_t i = 2 * kBlock; i < 3 * kBlock; ++i) scores[5][i] = tenths[i % 3];  // block 3: tc2 in tenths throughout (bound one by one, then kept to the full rule)
  scores[9][2 * kBlock + 30] = 8.1;      // and one row of tc3 in tenths again
  hoctap::Batch batch;
  batch.rows = n;
  for (std::size_t k = 0; k < 10; ++k) batch.columns.push_back(Column::float64(std::string("score.") + ids[k], scores[k].data()));
  batch.columns.push_back(Column::codes("vung", area.data(), {"binh_thuong", "vung_sau_vung_xa", "dan_toc_thieu_so"}));
  std::vector<hoctap::Result> records;
  for (std::size_t i = 0; i < n; ++i) {
    Record r;
    r.set("vung", std::string(i % 3 == 0 ? "binh_thuong" : i % 3 == 1 ? "vung_sau_vung_xa" : "dan_toc_thieu_so"));
    for (std::size_t k = 0; k < 10; ++k)
      if (!std::isnan(scores[k][i])) r.set(std::string("score.") + ids[k], *Decimal::from_double(scores[k][i]));
    records.push_back(set.evaluate(r, {day("2023-06-30")}));
  }
  for (auto nodes : {hoctap::NodeOutput::none, hoctap::NodeOutput::criteria, hoctap::NodeOutput::all}) {
    hoctap::BatchOptions opts{day("2023-06-30")};
    opts.nodes = nodes;
    const auto out = hoctap::evaluate_batch(set, batch, opts);
    int decisions[3] = {0, 0, 0};
    for (std::size_t i = 0; i < n; ++i) {
      expect_same(out, i, records[i], "nodes " + std::to_string(static_cast<int>(nodes)));
      ++decisions[out.decision[i]];
    }
    for (int d : decisions) BOOST_TEST(d > 10);
    BOOST_TEST(error_of(out, 1) == "`score.tc2_4` = 10.5 nằm ngoài khoảng 0..10");
    if (nodes == hoctap::NodeOutput::criteria) {  // each criterion met on some rows, not met on others
      for (std::size_t c = 0; c < out.node_index.size(); ++c) {
        const auto first = out.node_status.begin() + static_cast<std::ptrdiff_t>(c * n), last = first + static_cast<std::ptrdiff_t>(n);
        BOOST_TEST(std::count(first, last, static_cast<std::uint8_t>(hoctap::Status::met)) > 100);
        BOOST_TEST(std::count(first, last, static_cast<std::uint8_t>(hoctap::Status::not_met)) > 100);
      }
    }
  }
}

// Totals exactly at the threshold of their area, half a point below and above it, with
// every score at the floor or one half a point under it, over two blocks, as records and
// as expected: certain totals decided in one loop, by the floor and the threshold
// together (decide), and by the threshold alone in the same set without its floor
// (decide_by_threshold, where the half point under the floor is recognized).
BOOST_AUTO_TEST_CASE(totals_at_the_threshold_and_scores_at_the_floor_judge_as_records) {
  const std::string path = hoctap_test::source_path("criteria/cong-dan-hoc-tap/244-2022.yaml");
  std::string floorless = hoctap_test::read_text(path);
  const std::string floor_line = "  every_indicator_at_least: 5\n";
  BOOST_TEST_REQUIRE(floorless.find(floor_line) != std::string::npos);
  floorless.erase(floorless.find(floor_line), floor_line.size());
  auto without_floor = hoctap::load_criteria_string(floorless, "244-without-floor.yaml");
  BOOST_TEST_REQUIRE(without_floor.ok(), hoctap::format(without_floor.diagnostics));
  const char* ids[] = {"tc1_1", "tc1_2", "tc1_3", "tc1_4", "tc2_1", "tc2_2", "tc2_3", "tc2_4", "tc3_1", "tc3_2"};
  const char* areas[] = {"binh_thuong", "vung_sau_vung_xa", "dan_toc_thieu_so"};  // thresholds 80, 70, 70
  const std::size_t n = kBlock + 300;
  std::vector<std::vector<double>> scores(10, std::vector<double>(n));
  std::vector<std::int32_t> area(n);
  std::vector<int> shape(n);
  for (std::size_t i = 0; i < n; ++i) {
    area[i] = static_cast<std::int32_t>(i % 3);
    shape[i] = static_cast<int>(i / 3 % 5);
    const double each = i % 3 == 0 ? 8.0 : 7.0;  // ten of them: the threshold
    for (std::size_t k = 0; k < 10; ++k) scores[k][i] = each;
    if (shape[i] == 1) scores[i % 10][i] -= 0.5;  // half a point below the threshold
    if (shape[i] == 2) scores[i % 10][i] += 0.5;  // above
    if (shape[i] >= 3)  // at the floor (3) or half a point under it (4), the rest well above the threshold
      for (std::size_t k = 0; k < 10; ++k) scores[k][i] = k != i % 10 ? 9.5 : shape[i] == 3 ? 5.0 : 4.5;
  }
  hoctap::Batch batch;
  batch.rows = n;
  for (std::size_t k = 0; k < 10; ++k) batch.columns.push_back(Column::float64(std::string("score.") + ids[k], scores[k].data()));
  batch.columns.push_back(Column::codes("vung", area.data(), {areas[0], areas[1], areas[2]}));
  const auto with_floor = hoctap::CriteriaSet::load(path);
  const hoctap::CriteriaSet* sets[] = {&with_floor, &*without_floor.set};
  for (const hoctap::CriteriaSet* set : sets) {
    const bool floor = set == &with_floor;
    for (auto nodes : {hoctap::NodeOutput::none, hoctap::NodeOutput::all}) {
      hoctap::BatchOptions opts{day("2023-06-30")};
      opts.nodes = nodes;
      const auto out = hoctap::evaluate_batch(*set, batch, opts);
      for (std::size_t i = 0; i < n; ++i) {
        Record r;
        r.set("vung", std::string(areas[i % 3]));
        for (std::size_t k = 0; k < 10; ++k) r.set(std::string("score.") + ids[k], *Decimal::from_double(scores[k][i]));
        const bool recognized = shape[i] != 1 && (shape[i] != 4 || !floor);
        BOOST_TEST_CONTEXT((floor ? "with" : "without") << " its floor, row " << i) {
          BOOST_TEST(static_cast<int>(out.decision[i]) ==
                     static_cast<int>(recognized ? hoctap::Decision::recognized : hoctap::Decision::not_recognized));
        }
        expect_same(out, i, set->evaluate(r, {day("2023-06-30")}), std::string(floor ? "with" : "without") + " its floor");
      }
    }
  }
}

// Evaluates `batch` on `date` with no node and with every node reported; every row as the
// record path judges record_of(row) (expect_same); returns the rows whose decision is
// `counted`, per run, which must agree.
template <typename RecordOf>
std::size_t expect_rows_as_records(const hoctap::CriteriaSet& set, const hoctap::Batch& batch, const char* date, RecordOf record_of,
                                   const std::string& what, hoctap::Decision counted) {
  std::size_t runs[2] = {0, 0}, run = 0;
  for (auto nodes : {hoctap::NodeOutput::none, hoctap::NodeOutput::all}) {
    hoctap::BatchOptions opts{day(date)};
    opts.nodes = nodes;
    const auto out = hoctap::evaluate_batch(set, batch, opts);
    for (std::size_t i = 0; i < batch.rows; ++i) {
      expect_same(out, i, set.evaluate(record_of(i), {day(date)}), what);
      runs[run] += out.decision[i] == static_cast<std::uint8_t>(counted);
    }
    ++run;
  }
  BOOST_TEST(runs[0] == runs[1]);
  return runs[0];
}

// Category columns whose labels come in an order of their own (as a frame's categories,
// which pandas sorts) are read through their codes' values: three labels by selects, six
// by a table lookup, a missing entry (-1) by the general reading; the threshold is a
// parameter by area, looked up with and without a missing area in the block. Every row as
// the record path judges it, over three blocks.
BOOST_AUTO_TEST_CASE(category_labels_in_an_order_of_their_own_judge_as_records) {
  const std::string criteria =
      "  - id: c1\n    name: {vi: c1, en: c1}\n    max: 15\n    indicators:\n"
      "      - id: i1\n        name: {vi: i1, en: i1}\n        max: 10\n"
      "        points:\n          conditions:\n            - {when: \"muc >= 'm5'\", points: 10}\n"
      "            - {when: \"muc == 'm2'\", points: 4}\n          otherwise: 0\n"
      "      - id: i2\n        name: {vi: i2, en: i2}\n        max: 5\n"
      "        points:\n          conditions:\n            - {when: \"vung == 'v3'\", points: 5}\n"
      "            - {when: \"vung == 'v2'\", points: 3}\n          otherwise: 1\n";
  std::string scales = "scales:\n  muc:\n";
  for (int k = 1; k <= 6; ++k) scales += "    - {id: m" + std::to_string(k) + ", vi: m" + std::to_string(k) + ", en: m" + std::to_string(k) + "}\n";
  scales += "  vung:\n";
  for (int k = 1; k <= 3; ++k) scales += "    - {id: v" + std::to_string(k) + ", vi: v" + std::to_string(k) + ", en: v" + std::to_string(k) + "}\n";
  const std::string yaml = hoctap_test::minimal_set("  muc: {type: category, scale: muc, label: {vi: muc, en: level}}\n"
                                                    "  vung: {type: category, scale: vung, label: {vi: vùng, en: area}}\n",
                                                    criteria, scales,
                                                    "parameters:\n  nguong: {type: int, label: {vi: Ngưỡng, en: Threshold}, by: vung, "
                                                    "values: {v1: 5, v2: 13, v3: 9}, confidence: confirmed}\nrecognition: {min_total: nguong}\n");
  auto loaded = hoctap::load_criteria_string(yaml, "codes.yaml");
  BOOST_TEST_REQUIRE(loaded.ok(), hoctap::format(loaded.diagnostics));
  const hoctap::CriteriaSet& set = *loaded.set;
  const std::vector<std::string> levels = {"m6", "m4", "m2", "m1", "m3", "m5"}, areas = {"v3", "v1", "v2"};
  const std::size_t n = 2 * kBlock + 100;
  std::vector<std::int32_t> level(n), area(n);
  for (std::size_t i = 0; i < n; ++i) {
    level[i] = static_cast<std::int32_t>(i * 7 % 6);
    area[i] = static_cast<std::int32_t>(i / 6 % 3);  // every level in every area
  }
  level[kBlock + 17] = -1;  // missing: read entry by entry
  area[kBlock + 40] = -1;
  hoctap::Batch batch;
  batch.rows = n;
  batch.columns = {Column::codes("muc", level.data(), levels), Column::codes("vung", area.data(), areas)};
  const auto record_of = [&](std::size_t i) {
    Record r;
    if (level[i] >= 0) r.set("muc", levels[static_cast<std::size_t>(level[i])]);
    if (area[i] >= 0) r.set("vung", areas[static_cast<std::size_t>(area[i])]);
    return r;
  };
  const std::size_t recognized = expect_rows_as_records(set, batch, "2024-06-30", record_of, "labels in their own order", hoctap::Decision::recognized);
  // Recognized: m5 or m6 anywhere (11, 13, 15 points against 5, 13, 9), m2 in v1 (5 against
  // 5) or v3 (9 against 9), not in v2 (7 against 13); neither row with a missing entry.
  BOOST_TEST(recognized == 1864u);
}

// A province's flat set (bench/criteria) over columns with gaps: a score in 47 missing
// (NaN), an area in 53 missing (-1), in every block (the last has 50 rows). The formula's points (score * 3,
// rounded half up: halves of a point) are judged with the other rows of their block, a
// row without a score or an area as the record path judges it.
BOOST_AUTO_TEST_CASE(a_block_with_missing_scores_and_areas_judges_as_records) {
  const auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("bench/criteria/gia-dinh-hieu-hoc-tinh.yaml"));
  const std::size_t n = 2 * kBlock + 50;
  std::vector<std::int64_t> kids(n), school(n), adults(n), literate(n);
  std::vector<std::uint8_t> books(n), breach(n);
  std::vector<double> score(n);
  std::vector<std::int32_t> area(n);
  for (std::size_t i = 0; i < n; ++i) {
    kids[i] = static_cast<std::int64_t>(i % 4);
    school[i] = kids[i] - static_cast<std::int64_t>(i % 7 == 0 && kids[i] > 0);
    adults[i] = static_cast<std::int64_t>(1 + i % 3);
    literate[i] = adults[i] - static_cast<std::int64_t>(i % 13 == 0);
    books[i] = i % 5 != 0;
    breach[i] = i % 17 == 0;
    score[i] = i % 47 == 3 ? std::nan("") : static_cast<double>(i * 7 % 21) * 0.5;
    area[i] = i % 53 == 9 ? -1 : static_cast<std::int32_t>(i % 3 == 0);
  }
  hoctap::Batch batch;
  batch.rows = n;
  batch.columns = {Column::int64("so_con_trong_tuoi", kids.data()), Column::int64("so_con_di_hoc", school.data()),
                   Column::boolean("co_tu_sach", books.data()), Column::float64("diem_hoc_tap", score.data()),
                   Column::int64("so_nguoi_lon", adults.data()), Column::int64("so_nguoi_lon_biet_chu", literate.data()),
                   Column::boolean("vi_pham", breach.data()), Column::codes("vung", area.data(), {"dong_bang", "mien_nui"})};
  const char* areas[] = {"dong_bang", "mien_nui"};
  const auto record_of = [&](std::size_t i) {
    Record r;
    r.set("so_con_trong_tuoi", kids[i]).set("so_con_di_hoc", school[i]).set("co_tu_sach", books[i] != 0);
    if (score[i] == score[i]) r.set("diem_hoc_tap", *Decimal::from_double(score[i]));
    r.set("so_nguoi_lon", adults[i]).set("so_nguoi_lon_biet_chu", literate[i]).set("vi_pham", breach[i] != 0);
    if (area[i] >= 0) r.set("vung", std::string(areas[area[i]]));
    return r;
  };
  BOOST_TEST(expect_rows_as_records(set, batch, "2025-06-30", record_of, "with gaps", hoctap::Decision::not_assessable) > 0u);  // some gaps leave rows open
}

// The same for criteria of one, three and five assessed children (five are bound one by
// one), each criterion met on some rows and not on others, over four blocks: c2's block 2
// with twenty missing scores (bound one by one) and block 3 with one (judged by the row
// path); c1 with twenty scores in tenths in blocks 2 and 3, so that block 4 (clean) binds
// it one by one too.
BOOST_AUTO_TEST_CASE(criteria_of_one_three_and_five_assessed_scores_judge_as_records) {
  std::string criteria;
  auto criterion = [&](const std::string& id, int max, const std::vector<std::string>& children, int child_max) {
    criteria += "  - id: " + id + "\n    name: {vi: " + id + ", en: " + id + "}\n    max: " + std::to_string(max) + "\n    indicators:\n";
    for (const std::string& c : children)
      criteria += "      - id: " + c + "\n        name: {vi: " + c + ", en: " + c + "}\n        max: " + std::to_string(child_max) +
                  "\n        points: {assessed: true}\n";
  };
  criterion("c1", 10, {"a1"}, 10);
  criterion("c2", 30, {"b1", "b2", "b3"}, 10);
  criterion("c3", 20, {"e1", "e2", "e3", "e4", "e5"}, 4);
  auto loaded = hoctap::load_criteria_string(
      hoctap_test::minimal_set("  x: {type: int, label: {vi: x, en: x}}\n", criteria), "assessed.yaml");
  BOOST_TEST_REQUIRE(loaded.ok(), hoctap::format(loaded.diagnostics));
  const hoctap::CriteriaSet& set = *loaded.set;
  const std::vector<std::string> ids = {"a1", "b1", "b2", "b3", "e1", "e2", "e3", "e4", "e5"};
  const std::size_t n = 4 * kBlock;
  std::vector<std::vector<double>> scores(ids.size(), std::vector<double>(n));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < ids.size(); ++k) {
      const double max = k < 4 ? 10.0 : 4.0;
      scores[k][i] = (i + k) % 7 != 0 ? max : static_cast<double>((i * 7 + k) % static_cast<std::size_t>(max)) + ((i + k) % 4 == 0 ? 0.5 : 0.0);
    }
  for (std::size_t m = 0; m < 20; ++m) {
    scores[2][kBlock + 3 + 50 * m] = std::nan("");  // block 2: c2 bound one by one
    scores[0][kBlock + 8 + 50 * m] = 7.3;           // c1 too
    scores[0][2 * kBlock + 8 + 50 * m] = 6.1;       // c1 in block 3 again, so that block 4 (clean) binds it one by one too
  }
  scores[3][2 * kBlock + 9] = std::nan("");  // block 3: c2's one row by the row path
  hoctap::Batch batch;
  batch.rows = n;
  for (std::size_t k = 0; k < ids.size(); ++k) batch.columns.push_back(Column::float64("score." + ids[k], scores[k].data()));
  std::vector<hoctap::Result> records;
  for (std::size_t i = 0; i < n; ++i) {
    Record r;
    for (std::size_t k = 0; k < ids.size(); ++k)
      if (!std::isnan(scores[k][i])) r.set("score." + ids[k], *Decimal::from_double(scores[k][i]));
    records.push_back(set.evaluate(r, {day("2021-01-01")}));
  }
  for (auto nodes : {hoctap::NodeOutput::none, hoctap::NodeOutput::criteria, hoctap::NodeOutput::all}) {
    hoctap::BatchOptions opts{day("2021-01-01")};
    opts.nodes = nodes;
    const auto out = hoctap::evaluate_batch(set, batch, opts);
    for (std::size_t i = 0; i < n; ++i) expect_same(out, i, records[i], "nodes " + std::to_string(static_cast<int>(nodes)));
  }
  for (std::size_t node : {0, 2, 6}) {  // c1, c2, c3
    std::size_t met = 0, not_met = 0;
    for (const hoctap::Result& r : records) {
      met += r.nodes()[node].status == hoctap::Status::met;
      not_met += r.nodes()[node].status == hoctap::Status::not_met;
    }
    BOOST_TEST_CONTEXT("node " << node) {
      BOOST_TEST(met > 100u);
      BOOST_TEST(not_met > 100u);
    }
  }
}

// Counts compared as provinces write them (`a * 2 >= b`, `a >= 3`, `1000 * b < a`) are read
// from a host's 64-bit integers in place when a block's values are all within the field's
// bounds and 32 bits, and bound as units otherwise (a block with a value beyond 32 bits,
// one below the field's minimum, one with a validity mask): every row as the record path
// judges it, in each kind of block. A count no rule reads (c) is checked all the same: its
// value below the minimum is that row's data problem, as in the record path.
BOOST_AUTO_TEST_CASE(counts_compared_in_place_or_bound_judge_as_records) {
  const std::string text = hoctap_test::minimal_set(
      "  a: {type: int, min: 0, label: {vi: a, en: a}}\n"
      "  b: {type: int, label: {vi: b, en: b}}\n"
      "  c: {type: int, min: 0, label: {vi: c, en: c}}\n",
      "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n    indicators:\n"
      "      - id: i1\n        name: {vi: A, en: A}\n        max: 4\n"
      "        points: {conditions: [{when: a >= b, points: 4}, {when: a * 2 >= b, points: 2}], otherwise: 0}\n"
      "      - id: i2\n        name: {vi: B, en: B}\n        max: 3\n"
      "        points: {conditions: [{when: 1000 * b < a or -2 * a == b, points: 3}], otherwise: 0}\n"
      "      - id: i3\n        name: {vi: C, en: C}\n        max: 3\n"
      "        points: {conditions: [{when: a >= 3 and b * 2000 != 6000, points: 3}], otherwise: 0}\n");
  auto loaded = hoctap::load_criteria_string(text, "counts.yaml");
  BOOST_TEST_REQUIRE(loaded.ok(), hoctap::format(loaded.diagnostics));
  const hoctap::CriteriaSet& set = *loaded.set;
  const std::size_t n = 4 * kBlock;
  std::vector<std::int64_t> a(n), b(n), c(n);
  std::vector<std::uint8_t> valid(n, 1);
  for (std::size_t i = 0; i < n; ++i) {
    a[i] = static_cast<std::int64_t>(i % 7);
    b[i] = static_cast<std::int64_t>(i % 11) - 3;
    c[i] = static_cast<std::int64_t>(i % 5);
  }
  c[11] = -5;                           // block 1: c below its minimum, read by no rule
  a[kBlock + 5] = std::int64_t{1} << 31;  // block 2: beyond 32 bits, a value all the same
  b[kBlock + 5] = 3;
  b[kBlock + 9] = -(std::int64_t{1} << 40);
  a[2 * kBlock + 7] = -1;                 // block 3: below a's minimum, that row's data problem
  for (int pass = 0; pass < 2; ++pass) {
    hoctap::Batch batch;
    batch.rows = n;
    batch.columns = {Column::int64("a", a.data()), Column::int64("b", b.data()), Column::int64("c", c.data())};
    if (pass == 1) {
      valid[3 * kBlock + 1] = 0;  // b with a validity mask, bound in every block; block 4's second row lacks it
      batch.columns[1].valid = valid.data();
    }
    hoctap::BatchOptions opts{day("2021-01-01")};
    opts.threads = 1;
    opts.nodes = hoctap::NodeOutput::all;
    const auto out = hoctap::evaluate_batch(set, batch, opts);
    for (std::size_t i = 0; i < n; ++i) {
      Record rec;
      rec.set("a", a[i]);
      if (valid[i] != 0) rec.set("b", b[i]);
      rec.set("c", c[i]);
      expect_same(out, i, set.evaluate(rec, {day("2021-01-01")}), "pass " + std::to_string(pass));
    }
    BOOST_TEST(out.decision[2 * kBlock + 7] == static_cast<std::uint8_t>(hoctap::Decision::not_assessable));
    BOOST_TEST_REQUIRE(!out.error_rows.empty());
    BOOST_TEST(out.error_rows[0] == 11);
  }
  BOOST_TEST(hoctap::evaluate_batch(set, [&] {
               hoctap::Batch one;
               one.rows = 1;
               one.columns = {Column::int64("a", a.data() + kBlock + 5), Column::int64("b", b.data() + kBlock + 5),
                              Column::int64("c", c.data() + kBlock + 5)};
               return one;
             }(), {day("2021-01-01")}).total_units[0] == 7000000);  // b is 3: 2^31 >= 3, 4 points; 1000 * 3 < 2^31, 3; b * 2000 is 6000, 0
}

// A criterion that only the total reads (not reported, its status wanted by no rule) is
// added into the total through its children when their maximums are known and add up to no
// more than its own (tc2: 3 + 3 of 6, tc3: 4 of 4), where its cap cannot bind; one with a
// child of unknown maximum (tc1: an assessed score capped only by the criterion's 5, beside
// 3 points) is capped first. One score in 13 is missing, so that in every block tc1's
// highest total is not its points while tc2 and tc3 are still left to the total. Every
// row as the record path judges it, with criteria reported or not, on one thread and two.
BOOST_AUTO_TEST_CASE(criteria_only_the_total_reads_judge_as_records) {
  const std::string text = hoctap_test::minimal_set(
      "  a: {type: int, min: 0, label: {vi: a, en: a}}\n"
      "  b: {type: int, min: 0, label: {vi: b, en: b}}\n"
      "  c: {type: int, min: 0, label: {vi: c, en: c}}\n"
      "  d: {type: bool, label: {vi: d, en: d}}\n",
      "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 5\n    indicators:\n"
      "      - {id: i1, name: {vi: A, en: A}, max: unknown, confidence: unknown, note: not retrieved, points: {assessed: true}}\n"
      "      - id: i2\n        name: {vi: B, en: B}\n        max: 3\n"
      "        points: {conditions: [{when: b >= 1, points: 3}], otherwise: 0}\n"
      "  - id: tc2\n    name: {vi: Hai, en: Two}\n    max: 6\n    indicators:\n"
      "      - id: i3\n        name: {vi: C, en: C}\n        max: 3\n"
      "        points: {conditions: [{when: c >= 1, points: 3}], otherwise: 0}\n"
      "      - id: i4\n        name: {vi: D, en: D}\n        max: 3\n"
      "        points: {conditions: [{when: d, points: 3}], otherwise: 0}\n"
      "  - id: tc3\n    name: {vi: Ba, en: Three}\n    max: 4\n    indicators:\n"
      "      - id: i5\n        name: {vi: E, en: E}\n        max: 4\n"
      "        points: {conditions: [{when: a + b >= 3, points: 4}], otherwise: 0}\n",
      "", "recognition: {min_total: 9}\n");
  auto loaded = hoctap::load_criteria_string(text, "left_to_total.yaml");
  BOOST_TEST_REQUIRE(loaded.ok(), hoctap::format(loaded.diagnostics));
  const hoctap::CriteriaSet& set = *loaded.set;
  const std::size_t n = 2 * kBlock + 17;
  std::vector<std::int64_t> a(n), b(n), c(n), score(n);
  std::vector<std::uint8_t> d(n), scored(n);
  for (std::size_t i = 0; i < n; ++i) {
    score[i] = static_cast<std::int64_t>(i % 6);
    scored[i] = static_cast<std::uint8_t>(i % 13 != 4);
    a[i] = static_cast<std::int64_t>(i % 4);
    b[i] = static_cast<std::int64_t>(i % 3);
    c[i] = static_cast<std::int64_t>(i % 5);
    d[i] = static_cast<std::uint8_t>(i % 2);
  }
  hoctap::Batch batch;
  batch.rows = n;
  batch.columns = {Column::int64("a", a.data()), Column::int64("b", b.data()), Column::int64("c", c.data()), Column::boolean("d", d.data()),
                   Column::int64("score.i1", score.data())};
  batch.columns.back().valid = scored.data();
  for (const auto nodes : {hoctap::NodeOutput::none, hoctap::NodeOutput::criteria, hoctap::NodeOutput::all})
    for (unsigned threads : {1u, 2u}) {
      hoctap::BatchOptions opts{day("2021-01-01")};
      opts.threads = threads;
      opts.nodes = nodes;
      const auto out = hoctap::evaluate_batch(set, batch, opts);
      const std::string what = "nodes " + std::to_string(static_cast<int>(nodes)) + " threads " + std::to_string(threads);
      for (std::size_t i = 0; i < n; ++i) {
        Record rec;
        rec.set("a", a[i]);
        rec.set("b", b[i]);
        rec.set("c", c[i]);
        rec.set("d", d[i] != 0);
        if (scored[i] != 0) rec.set("score.i1", score[i]);
        expect_same(out, i, set.evaluate(rec, {day("2021-01-01")}), what);
      }
      // Row 5 (score 5, a 1, b 2, c 0, d true): tc1 capped at 5 of 5 + 3, tc2 3, tc3 4.
      BOOST_TEST(out.total_units[5] == 12000000, what);
      BOOST_TEST(out.decision[5] == static_cast<std::uint8_t>(hoctap::Decision::recognized), what);
      // Row 7 (score 1, a 3, b 1, c 2, d true): 1 + 3, 6 and 4.
      BOOST_TEST(out.total_units[7] == 14000000, what);
      // Row 69 (no score, a 1, b 0, c 4, d true): tc1 0 for certain and at most 5, tc2 6,
      // tc3 0: a total of 6 that could be 11, against 9.
      BOOST_TEST(out.total_units[69] == 6000000, what);
      BOOST_TEST(out.decision[69] == static_cast<std::uint8_t>(hoctap::Decision::not_assessable), what);
    }
}

// Members' counts compared in a filter (`tuoi >= 6 and tuoi <= 14`, and two of them,
// `tuoi >= nam`) are read in place when a block's values are within their bounds and 32
// bits, checked by the comparison that reads them first; a block with a member's value
// outside them (tuoi 19 > 18), or beyond 32 bits, is bound, that member's family a data
// problem; a count only added up (lop, 13 > 12) is checked as its units are made, and a
// count no rule reads (con_thu) all the same (-1 below its minimum). Every family as the
// record path judges it.
BOOST_AUTO_TEST_CASE(member_counts_compared_in_place_or_bound_judge_as_records) {
  const std::string text = hoctap_test::minimal_set(
      "  con:\n    type: list\n    label: {vi: con, en: children}\n    fields:\n"
      "      tuoi: {type: int, min: 0, max: 18, label: {vi: tuổi, en: age}}\n"
      "      di_hoc: {type: bool, label: {vi: đi học, en: at school}}\n"
      "      nam: {type: int, min: 0, label: {vi: năm, en: years}}\n"
      "      lop: {type: int, min: 0, max: 12, label: {vi: lớp, en: grade}}\n"
      "      con_thu: {type: int, min: 0, label: {vi: con thứ, en: child number}}\n",
      "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 20\n    indicators:\n"
      "      - id: i0\n        name: {vi: O, en: O}\n        max: 5\n"
      "        points: {conditions: [{when: \"count(con where tuoi >= nam) >= 1\", points: 5}], otherwise: 0}\n"
      "      - id: i1\n        name: {vi: A, en: A}\n        max: 10\n"
      "        points: {conditions: [{when: \"all(con where tuoi >= 6 and tuoi <= 14, di_hoc)\", points: 10}], otherwise: 0}\n"
      "      - id: i2\n        name: {vi: B, en: B}\n        max: 5\n"
      "        points: {conditions: [{when: \"sum(con, lop) >= 3\", points: 5}], otherwise: 0}\n");
  auto loaded = hoctap::load_criteria_string(text, "members.yaml");
  BOOST_TEST_REQUIRE(loaded.ok(), hoctap::format(loaded.diagnostics));
  const hoctap::CriteriaSet& set = *loaded.set;
  const std::size_t n = 3 * kBlock;
  std::vector<std::int64_t> parent, age, years, grade, order;
  std::vector<std::uint8_t> school;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < i % 4; ++k) {
      parent.push_back(static_cast<std::int64_t>(i));
      age.push_back(static_cast<std::int64_t>((i * 3 + k) % 18));
      school.push_back((i + k) % 5 != 0);
      years.push_back(static_cast<std::int64_t>((i + k) % 9));
      grade.push_back(static_cast<std::int64_t>((i + 2 * k) % 4));
      order.push_back(static_cast<std::int64_t>(k));
    }
  auto first_member_of = [&](std::size_t family) {
    return static_cast<std::size_t>(std::find(parent.begin(), parent.end(), static_cast<std::int64_t>(family)) - parent.begin());
  };
  age[first_member_of(kBlock + 1)] = 19;                        // block 2: above tuoi's maximum
  age[first_member_of(kBlock + 5)] = std::int64_t{1} << 33;     // and beyond 32 bits
  grade[first_member_of(5)] = 13;                               // block 1: lop above its maximum
  order[first_member_of(2 * kBlock + 2)] = -1;                  // block 3: con_thu, read by no rule, below its minimum
  hoctap::Batch batch;
  batch.rows = n;
  hoctap::MemberTable kids{"con", parent.size(), parent.data(), {}};
  kids.columns = {Column::int64("tuoi", age.data()), Column::boolean("di_hoc", school.data()), Column::int64("nam", years.data()),
                  Column::int64("lop", grade.data()), Column::int64("con_thu", order.data())};
  batch.members = {std::move(kids)};
  hoctap::BatchOptions opts{day("2021-01-01")};
  opts.threads = 1;
  opts.nodes = hoctap::NodeOutput::all;
  const auto out = hoctap::evaluate_batch(set, batch, opts);
  std::vector<std::vector<Record>> members(n);
  for (std::size_t j = 0; j < parent.size(); ++j)
    members[static_cast<std::size_t>(parent[j])].push_back(
        Record().set("tuoi", age[j]).set("di_hoc", school[j] != 0).set("nam", years[j]).set("lop", grade[j]).set("con_thu", order[j]));
  for (std::size_t i = 0; i < n; ++i) expect_same(out, i, set.evaluate(Record().set("con", members[i]), {day("2021-01-01")}), "family");
  const std::vector<std::int64_t> bad = {5, kBlock + 1, kBlock + 5, 2 * kBlock + 2};
  BOOST_TEST(out.error_rows == bad, boost::test_tools::per_element());
}

// Cases whose conditions are unknown only on rows that applies_when settles (a share over
// no adult of working age, where the indicator applies only when there is one; a row whose
// applies_when is unknown) are judged as known conditions there; a condition unknown on a
// row that applies (no adult of working age where the bookshelf is there, a literacy not
// given) keeps the rows judged one by one. Every row as the record path judges it, in
// blocks of each kind: i1 (two cases) known where it applies in blocks 1 and 2, not in
// block 3; i2 (one case) known where it applies in block 2 only, whose applies_when is
// known on every row.
BOOST_AUTO_TEST_CASE(conditions_unknown_only_where_applies_when_settles_judge_as_records) {
  const std::string text = hoctap_test::minimal_set(
      "  co_tu_sach: {type: bool, label: {vi: tủ sách, en: bookshelf}}\n"
      "  nguoi_lon:\n    type: list\n    label: {vi: người lớn, en: adults}\n    fields:\n"
      "      tuoi: {type: int, min: 15, max: 120, label: {vi: tuổi, en: age}}\n"
      "      biet_chu: {type: bool, label: {vi: biết chữ, en: literate}}\n",
      "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 40\n    indicators:\n"
      "      - id: i1\n        name: {vi: A, en: A}\n        max: 30\n"
      "        applies_when: count(nguoi_lon where tuoi <= 60) > 0\n        if_not_applicable: full_points\n"
      "        points:\n          conditions:\n"
      "            - {when: \"share(nguoi_lon where tuoi <= 60, biet_chu) >= 0.9\", points: 30}\n"
      "            - {when: \"share(nguoi_lon where tuoi <= 60, biet_chu) >= 0.7\", points: 15}\n"
      "          otherwise: 0\n"
      "      - id: i2\n        name: {vi: B, en: B}\n        max: 10\n"
      "        applies_when: co_tu_sach\n        if_not_applicable: no_points\n"
      "        points: {conditions: [{when: \"share(nguoi_lon where tuoi <= 60, biet_chu) >= 0.5\", points: 10}], otherwise: 0}\n",
      "", "recognition: {min_total: 25}\n");
  auto loaded = hoctap::load_criteria_string(text, "applies.yaml");
  BOOST_TEST_REQUIRE(loaded.ok(), hoctap::format(loaded.diagnostics));
  const hoctap::CriteriaSet& set = *loaded.set;
  const std::size_t n = 3 * kBlock;
  std::vector<std::int64_t> parent, age;
  std::vector<std::uint8_t> literate, literate_given, shelf(n), shelf_given(n);
  std::vector<bool> working(n, false);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < i % 4; ++k) {
      parent.push_back(static_cast<std::int64_t>(i));
      age.push_back(static_cast<std::int64_t>(15 + (7 * i + 13 * k) % 80));
      literate.push_back((i + 3 * k) % 7 != 0);
      literate_given.push_back(1);
      working[i] = working[i] || age.back() <= 60;
    }
  for (std::size_t i = 0; i < n; ++i) {
    shelf[i] = i % 3 != 0;
    shelf_given[i] = i % 11 != 0;
    // Block 2: the bookshelf given on every row, there only where there is an adult of
    // working age, so that i2's condition is unknown only on rows it does not apply to.
    if (i >= kBlock && i < 2 * kBlock) shelf[i] = shelf[i] && working[i], shelf_given[i] = 1;
  }
  // Block 3: one adult's literacy not given, on a row i1 applies to.
  std::size_t unknown_row = 2 * kBlock;
  while (!working[unknown_row]) ++unknown_row;
  const auto first_member = static_cast<std::size_t>(std::find(parent.begin(), parent.end(), static_cast<std::int64_t>(unknown_row)) - parent.begin());
  std::size_t blank = first_member;
  while (age[blank] > 60) ++blank;
  literate_given[blank] = 0;
  hoctap::Batch batch;
  batch.rows = n;
  batch.columns = {Column{"co_tu_sach", Column::Type::boolean, shelf.data(), shelf_given.data(), {}}};
  hoctap::MemberTable adults{"nguoi_lon", parent.size(), parent.data(), {}};
  adults.columns = {Column::int64("tuoi", age.data()), Column{"biet_chu", Column::Type::boolean, literate.data(), literate_given.data(), {}}};
  batch.members = {std::move(adults)};
  hoctap::BatchOptions opts{day("2021-01-01")};
  opts.threads = 1;
  opts.nodes = hoctap::NodeOutput::all;
  const auto out = hoctap::evaluate_batch(set, batch, opts);
  std::vector<std::vector<Record>> members(n);
  for (std::size_t j = 0; j < parent.size(); ++j) {
    Record m;
    m.set("tuoi", age[j]);
    if (literate_given[j] != 0) m.set("biet_chu", literate[j] != 0);
    members[static_cast<std::size_t>(parent[j])].push_back(m);
  }
  BOOST_TEST_REQUIRE(set.nodes()[1].id == "i1");
  BOOST_TEST_REQUIRE(set.nodes()[2].id == "i2");
  // Per block: rows where i2 does not apply and no adult is of working age (its condition
  // unknown where it is not read), rows where i2 applies and cannot be judged; rows where
  // i1 applies and cannot be judged.
  std::size_t empty_where_settled[3] = {}, open_i2[3] = {}, open_i1[3] = {};
  for (std::size_t i = 0; i < n; ++i) {
    Record r;
    r.set("nguoi_lon", members[i]);
    if (shelf_given[i] != 0) r.set("co_tu_sach", shelf[i] != 0);
    const hoctap::Result record = set.evaluate(r, {day("2021-01-01")});
    expect_same(out, i, record, "family");
    const std::size_t block = i / kBlock;
    const hoctap::Status i2 = record.nodes()[2].status;
    empty_where_settled[block] += i2 == hoctap::Status::not_applicable && !working[i];
    open_i2[block] += i2 == hoctap::Status::not_assessable && shelf_given[i] != 0;
    open_i1[block] += record.nodes()[1].status == hoctap::Status::not_assessable;
  }
  for (std::size_t block = 0; block < 3; ++block) BOOST_TEST(empty_where_settled[block] > 0u, "block " << block);
  BOOST_TEST(open_i2[0] > 0u);
  BOOST_TEST(open_i2[1] == 0u);
  BOOST_TEST(open_i2[2] > 0u);
  BOOST_TEST(open_i1[0] == 0u);
  BOOST_TEST(open_i1[1] == 0u);
  BOOST_TEST(open_i1[2] == 1u);  // the literacy not given
}

// Member tables of many clans, read on two threads: listed clan by clan (the grouping is
// found in two ranges at once), shuffled, or with families of no clan, the answers are
// those of one thread; a family pointing outside the batch is named by its first row,
// whichever range it is in. Callers on two threads at once get their own answers.
BOOST_AUTO_TEST_CASE(member_tables_split_across_threads_give_one_thread_s_answers) {
  auto clan = clan_fixture();
  const std::size_t clans = 5000;
  std::vector<std::int64_t> grouped, shuffled, orphans;
  std::vector<std::uint8_t> recognized;
  for (std::size_t c = 0; c < clans; ++c)
    for (std::size_t f = 0; f < c % 5; ++f) {  // clans with 0 to 4 families
      grouped.push_back(static_cast<std::int64_t>(c));
      recognized.push_back((c * 7 + f) % 3 != 0);
    }
  shuffled = grouped;
  std::mt19937 rng(7);
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  orphans = grouped;
  orphans[orphans.size() / 3] = -1;  // a family of no clan in this batch
  std::vector<std::uint8_t> board(clans);
  for (std::size_t c = 0; c < clans; ++c) board[c] = c % 2;
  auto batch_with = [&](const std::vector<std::int64_t>& parent) { return clan_batch(board, parent, recognized); };
  hoctap::BatchOptions one{day("2019-12-31"), nullptr, 1}, two{day("2019-12-31"), nullptr, 2};
  hoctap::BatchOptions two_doubles = two;
  two_doubles.float64 = true;
  for (const auto* parent : {&grouped, &shuffled, &orphans}) {
    const auto a = hoctap::evaluate_batch(clan, batch_with(*parent), one);
    const auto b = hoctap::evaluate_batch(clan, batch_with(*parent), two);
    BOOST_TEST((a.decision == b.decision));
    BOOST_TEST((a.total_units == b.total_units));
    BOOST_TEST((a.node_status == b.node_status));
    BOOST_TEST(hoctap_test::float64_mismatches(clan, b, hoctap::evaluate_batch(clan, batch_with(*parent), two_doubles)) == 0u);  // on two threads
  }
  const auto base = hoctap::evaluate_batch(clan, batch_with(grouped), one);
  // The same families in another order: the same answers (clan 0 and every fifth clan
  // have no family, so grouping meets parents without members first, inside and last).
  std::vector<std::size_t> order(grouped.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<std::int64_t> moved_parent;
  std::vector<std::uint8_t> moved_recognized;
  for (std::size_t k : order) moved_parent.push_back(grouped[k]), moved_recognized.push_back(recognized[k]);
  const auto reordered = hoctap::evaluate_batch(clan, clan_batch(board, moved_parent, moved_recognized), one);
  BOOST_TEST((reordered.decision == base.decision));
  BOOST_TEST((reordered.total_units == base.total_units));
  BOOST_TEST((reordered.node_status == base.node_status));
  BOOST_TEST(std::count(base.decision.begin(), base.decision.end(), static_cast<std::uint8_t>(hoctap::Decision::recognized)) > 0);
  BOOST_TEST(std::count(base.decision.begin(), base.decision.end(), static_cast<std::uint8_t>(hoctap::Decision::not_assessable)) > 0);

  std::vector<hoctap::BatchResult> concurrent(2);
  std::vector<std::thread> callers;
  for (int k = 0; k < 2; ++k)
    callers.emplace_back([&, k] { concurrent[static_cast<std::size_t>(k)] = hoctap::evaluate_batch(clan, batch_with(k == 0 ? grouped : shuffled), two); });
  for (auto& t : callers) t.join();
  BOOST_TEST((concurrent[0].decision == base.decision));
  BOOST_TEST((concurrent[1].decision == hoctap::evaluate_batch(clan, batch_with(shuffled), one).decision));

  auto bad = grouped;
  bad[bad.size() - 3] = static_cast<std::int64_t>(clans);  // in the second range
  bad[bad.size() / 4] = -7;                                 // in the first: named
  auto bad_shuffled = shuffled;                             // found not grouped first, then bad
  bad_shuffled[bad_shuffled.size() - 2] = -7;
  for (const auto* parent : {&bad, &bad_shuffled})
    for (const auto& options : {one, two}) {
      const std::size_t row = parent == &bad ? bad.size() / 4 : bad_shuffled.size() - 2;
      try {
        hoctap::evaluate_batch(clan, batch_with(*parent), options);
        BOOST_FAIL("no exception");
      } catch (const std::invalid_argument& e) {
        BOOST_TEST(std::string(e.what()) == "member table `gia_dinh` row " + std::to_string(row) + " points at parent -7, outside the batch (expected -1 or a row of the batch)");
      }
    }
}

// A table listed parent by parent is read in place: each block finds its members in the
// parent column. Members only in the first rows and the last block, whole blocks with
// none between them, and a clan whose families cross a block's end (its last row and the next one's first):
// the answers of the same families listed out of order (grouped beforehand) and of each
// clan judged alone.
BOOST_AUTO_TEST_CASE(blocks_without_members_find_the_members_after_them) {
  auto clan = clan_fixture();
  const std::size_t clans = 5 * kBlock - 100;  // the last block partial
  std::vector<std::int64_t> grouped;
  std::vector<std::uint8_t> recognized;
  for (std::size_t c = 0; c < clans; ++c) {
    const std::size_t families = c < 3 || c == kBlock - 1 || c == kBlock ? 4 : c >= 4 * kBlock + 4 ? c % 5 : 0;
    for (std::size_t f = 0; f < families; ++f) {
      grouped.push_back(static_cast<std::int64_t>(c));
      recognized.push_back((c * 7 + f) % 3 != 0);
    }
  }
  std::vector<std::uint8_t> board(clans);
  for (std::size_t c = 0; c < clans; ++c) board[c] = c % 2;
  std::vector<std::int64_t> reversed(grouped.rbegin(), grouped.rend());
  std::vector<std::uint8_t> reversed_recognized(recognized.rbegin(), recognized.rend());
  hoctap::BatchOptions one{day("2019-12-31"), nullptr, 1}, two{day("2019-12-31"), nullptr, 2};
  const auto expected = hoctap::evaluate_batch(clan, clan_batch(board, reversed, reversed_recognized), one);
  for (const auto& options : {one, two}) {
    const auto got = hoctap::evaluate_batch(clan, clan_batch(board, grouped, recognized), options);
    BOOST_TEST((got.decision == expected.decision));
    BOOST_TEST((got.total_units == expected.total_units));
    BOOST_TEST((got.node_status == expected.node_status));
  }
  std::size_t member = 0;
  for (std::size_t c : {std::size_t{0}, kBlock - 1, kBlock, 2 * kBlock, 4 * kBlock + 5, clans - 1}) {
    while (member < grouped.size() && grouped[member] < static_cast<std::int64_t>(c)) ++member;
    std::vector<std::int64_t> own;
    std::vector<std::uint8_t> own_recognized;
    own.reserve(1), own_recognized.reserve(1);  // a clan without families: an empty column, not a null one
    for (std::size_t k = member; k < grouped.size() && grouped[k] == static_cast<std::int64_t>(c); ++k)
      own.push_back(0), own_recognized.push_back(recognized[k]);
    const std::vector<std::uint8_t> own_board{board[c]};
    const auto alone = hoctap::evaluate_batch(clan, clan_batch(own_board, own, own_recognized), one);
    BOOST_TEST(alone.decision[0] == expected.decision[c], "clan " << c);
    BOOST_TEST(alone.total_units[0] == expected.total_units[c], "clan " << c);
  }
  BOOST_TEST(std::count(expected.decision.begin(), expected.decision.end(), static_cast<std::uint8_t>(hoctap::Decision::recognized)) > 0);
}

// A table in order but for its first or its last member, which points outside the batch:
// no block's members reach that member (each block finds its members by searching the
// parent column), yet it is named, as in a table out of order. A first member of no parent
// (-1) is passed over, as anywhere else.
BOOST_AUTO_TEST_CASE(a_member_before_or_after_every_block_s_members_is_checked_too) {
  auto clan = clan_fixture();
  const std::size_t clans = 5000;
  std::vector<std::int64_t> parent;
  std::vector<std::uint8_t> recognized;
  for (std::size_t c = 0; c < clans; ++c)
    for (std::size_t f = 0; f < 1 + c % 3; ++f) {
      parent.push_back(static_cast<std::int64_t>(c));
      recognized.push_back((c * 3 + f) % 5 != 0);
    }
  std::vector<std::uint8_t> board(clans);
  for (std::size_t c = 0; c < clans; ++c) board[c] = c % 2;
  hoctap::BatchOptions one{day("2019-12-31"), nullptr, 1}, two{day("2019-12-31"), nullptr, 2};
  auto with_first = [&](std::int64_t first_parent) {
    std::vector<std::int64_t> p{first_parent};
    p.insert(p.end(), parent.begin(), parent.end());
    std::vector<std::uint8_t> r{1};
    r.insert(r.end(), recognized.begin(), recognized.end());
    return std::make_pair(p, r);
  };
  const auto [after_none, after_none_recognized] = with_first(-1);
  const auto [before, before_recognized] = with_first(-7);
  auto after = parent;
  after.push_back(static_cast<std::int64_t>(clans));
  auto after_recognized = recognized;
  after_recognized.push_back(1);
  for (const auto& options : {one, two}) {
    BOOST_TEST_CONTEXT("threads " << options.threads) {
      const auto expected = hoctap::evaluate_batch(clan, clan_batch(board, parent, recognized), options);
      const auto got = hoctap::evaluate_batch(clan, clan_batch(board, after_none, after_none_recognized), options);
      BOOST_TEST((got.decision == expected.decision));
      BOOST_TEST((got.total_units == expected.total_units));
      const std::pair<const std::vector<std::int64_t>*, const std::vector<std::uint8_t>*> bad[] = {{&before, &before_recognized},
                                                                                                  {&after, &after_recognized}};
      for (const auto& [p, r] : bad) {
        const std::size_t row = p == &before ? 0 : after.size() - 1;
        try {
          hoctap::evaluate_batch(clan, clan_batch(board, *p, *r), options);
          BOOST_FAIL("no exception");
        } catch (const std::invalid_argument& e) {
          BOOST_TEST(std::string(e.what()) == "member table `gia_dinh` row " + std::to_string(row) + " points at parent " +
                                                  std::to_string((*p)[row]) + ", outside the batch (expected -1 or a row of the batch)");
        }
      }
    }
  }
}

// Batches whose columns are larger than a cache are read ahead a block at a time, and
// their float64 results written past the cache (util/memory.hpp): the same answers as the
// same rows judged in slices too small for either.
BOOST_AUTO_TEST_CASE(member_order_is_checked_across_the_slices_of_a_long_table) {
  // A member table long enough to be checked for order in slices, one per thread: in order
  // but for two families swapped where the two slices meet (and, again, inside the second
  // slice), each pair across the end of a block of clans, where a table wrongly taken
  // as in order would give a family to the wrong block. Both must be found out of order and
  // grouped, as one thread finds them.
  auto clan = clan_fixture();
  const std::size_t clans = 100 * kBlock;  // the slices meet at clan 50 * kBlock, a block's first
  std::vector<std::int64_t> parent;
  std::vector<std::uint8_t> recognized;
  for (std::size_t c = 0; c < clans; ++c)
    for (std::size_t f = 0; f < 2; ++f) {
      parent.push_back(static_cast<std::int64_t>(c));
      recognized.push_back((c * 5 + f) % 4 != 0);
    }
  std::vector<std::uint8_t> board(clans);
  for (std::size_t c = 0; c < clans; ++c) board[c] = c % 3 != 0;
  hoctap::BatchOptions one{day("2019-12-31"), nullptr, 1}, two{day("2019-12-31"), nullptr, 2};
  for (const std::size_t at : {parent.size() / 2 - 1, 2 * 75 * kBlock - 1}) {  // clans before and at 50 * kBlock and 75 * kBlock
    std::vector<std::int64_t> swapped = parent;
    std::vector<std::uint8_t> swapped_recognized = recognized;
    std::swap(swapped[at], swapped[at + 1]);
    std::swap(swapped_recognized[at], swapped_recognized[at + 1]);
    BOOST_TEST_REQUIRE(swapped[at] > swapped[at + 1]);
    const auto expected = hoctap::evaluate_batch(clan, clan_batch(board, parent, recognized), one);
    const auto got = hoctap::evaluate_batch(clan, clan_batch(board, swapped, swapped_recognized), two);
    BOOST_TEST((got.decision == expected.decision), "swapped at " << at);
    BOOST_TEST((got.total_units == expected.total_units), "swapped at " << at);
  }
}

BOOST_AUTO_TEST_CASE(batches_larger_than_a_cache_give_their_slices_answers) {
  // Rows [first, first + small.rows) of `big` against `small`, column by column.
  auto expect_rows = [](const hoctap::BatchResult& big, std::size_t first, const hoctap::BatchResult& small) {
    const auto at = static_cast<std::ptrdiff_t>(first), n = static_cast<std::ptrdiff_t>(small.rows);
    BOOST_TEST(std::equal(small.decision.begin(), small.decision.end(), big.decision.begin() + at));
    BOOST_TEST(std::equal(small.total_units.begin(), small.total_units.end(), big.total_units.begin() + at));
    // grade and level: empty in both where the set fixes them (BatchResult), else the same rows
    BOOST_TEST(small.grade.empty() == big.grade.empty());
    BOOST_TEST(small.level.empty() == big.level.empty());
    if (!big.grade.empty()) BOOST_TEST(std::equal(small.grade.begin(), small.grade.end(), big.grade.begin() + at));
    if (!big.level.empty()) BOOST_TEST(std::equal(small.level.begin(), small.level.end(), big.level.begin() + at));
    for (std::size_t k = 0; k < small.node_index.size(); ++k) {
      const auto from = static_cast<std::ptrdiff_t>(k * small.rows), to = static_cast<std::ptrdiff_t>(k * big.rows) + at;
      BOOST_TEST(std::equal(small.node_status.begin() + from, small.node_status.begin() + from + n, big.node_status.begin() + to));
      BOOST_TEST(std::equal(small.node_points_units.begin() + from, small.node_points_units.begin() + from + n, big.node_points_units.begin() + to));
    }
  };
  const std::size_t slice = 50000;
  {  // ten float64 score columns and a category: 600,000 rows, 50 MB of columns
    auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/cong-dan-hoc-tap/244-2022.yaml"));
    const std::size_t n = 600000;
    const char* ids[] = {"tc1_1", "tc1_2", "tc1_3", "tc1_4", "tc2_1", "tc2_2", "tc2_3", "tc2_4", "tc3_1", "tc3_2"};
    std::vector<std::vector<double>> scores(10, std::vector<double>(n));
    std::vector<std::int32_t> area(n);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < 10; ++k) scores[k][i] = static_cast<double>(5 + (i * 7 + k * (i % 3)) % 6);  // rows i % 3 == 0: ten equal scores
      area[i] = static_cast<std::int32_t>(i % 4) - 1;  // -1: missing
    }
    scores[3][n - 5] = std::nan("");
    scores[7][n / 2] = 12.5;  // out of range
    auto batch_of = [&](std::size_t first, std::size_t rows) {
      hoctap::Batch b;
      b.rows = rows;
      for (std::size_t k = 0; k < 10; ++k) b.columns.push_back(Column::float64(std::string("score.") + ids[k], scores[k].data() + first));
      b.columns.push_back(Column::codes("vung", area.data() + first, {"binh_thuong", "vung_sau_vung_xa", "dan_toc_thieu_so"}));
      return b;
    };
    hoctap::BatchOptions units{day("2023-06-30")}, doubles = units;
    doubles.float64 = true;
    const auto big = hoctap::evaluate_batch(set, batch_of(0, n), units);
    BOOST_TEST(hoctap_test::float64_mismatches(set, big, hoctap::evaluate_batch(set, batch_of(0, n), doubles)) == 0u);
    for (std::size_t first = 0; first < n; first += slice) expect_rows(big, first, hoctap::evaluate_batch(set, batch_of(first, slice), units));
    BOOST_TEST(big.error_rows == std::vector<std::int64_t>{static_cast<std::int64_t>(n / 2)});
    BOOST_TEST(error_of(big, n / 2) == "`score.tc2_4` = 12.5 nằm ngoài khoảng 0..10");
    BOOST_TEST(big.decision[n - 5] == static_cast<std::uint8_t>(hoctap::Decision::not_assessable));  // a score missing
    BOOST_TEST(std::count(big.decision.begin(), big.decision.end(), static_cast<std::uint8_t>(hoctap::Decision::recognized)) > 0);
  }
  {  // a set with grades (bands): counts, a category and assessed scores, 600,000 rows
    auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/don-vi-hoc-tap/tt22-2020.yaml"));
    const std::size_t n = 600000;
    const char* count_ids[] = {"so_tv_co_ke_hoach_tu_hoc", "so_tv_chap_hanh_ky_luat", "so_tv_hoan_thanh_boi_duong", "so_tv_lao_dong_tien_tien",
                               "so_tv_dat_nang_luc_cdht"};
    const char* score_ids[] = {"tc1_1", "tc1_2", "tc1_3", "tc3_3"};
    std::vector<std::int64_t> members(n);
    std::vector<std::vector<std::int64_t>> counts(5, std::vector<std::int64_t>(n));
    std::vector<std::vector<double>> scores(4, std::vector<double>(n));
    std::vector<std::int32_t> title(n);
    for (std::size_t i = 0; i < n; ++i) {
      members[i] = static_cast<std::int64_t>(10 + i % 40);
      // rows i % 9 == 0 meet no count: below every band
      for (std::size_t k = 0; k < 5; ++k) counts[k][i] = i % 9 != 0 && (i * (k + 3) + k) % 7 != 0 ? members[i] : members[i] - 1 - static_cast<std::int64_t>(i % 3);
      for (std::size_t s = 0; s < 3; ++s) scores[s][i] = static_cast<double>(3 + (i * (s + 5)) % 7) + ((i + s) % 4 == 0 ? 0.5 : 0.0);
      scores[3][i] = static_cast<double>(i % 11) * 0.5;
      title[i] = static_cast<std::int32_t>(i % 3);
    }
    scores[1][n / 3] = std::nan("");                 // a score missing
    scores[3][n / 4] = 5.5;                          // out of range
    counts[0][n / 5] = members[n / 5] + 1;           // fails the set's check
    auto batch_of = [&](std::size_t first, std::size_t rows) {
      hoctap::Batch b;
      b.rows = rows;
      b.columns = {Column::int64("so_thanh_vien", members.data() + first),
                   Column::codes("danh_hieu_tap_the", title.data() + first, {"khong_co", "tap_the_lao_dong_tien_tien", "tap_the_lao_dong_xuat_sac"})};
      for (std::size_t k = 0; k < 5; ++k) b.columns.push_back(Column::int64(count_ids[k], counts[k].data() + first));
      for (std::size_t s = 0; s < 4; ++s) b.columns.push_back(Column::float64(std::string("score.") + score_ids[s], scores[s].data() + first));
      return b;
    };
    hoctap::BatchOptions units{day("2021-06-30")}, doubles = units;
    doubles.float64 = true;
    const auto big = hoctap::evaluate_batch(set, batch_of(0, n), units);
    BOOST_TEST(big.warnings.empty());
    BOOST_TEST(big.grade.size() == n);
    BOOST_TEST(big.level.empty());
    BOOST_TEST(hoctap_test::float64_mismatches(set, big, hoctap::evaluate_batch(set, batch_of(0, n), doubles)) == 0u);
    for (std::size_t first = 0; first < n; first += slice) expect_rows(big, first, hoctap::evaluate_batch(set, batch_of(first, slice), units));
    BOOST_TEST(big.error_rows == std::vector<std::int64_t>{static_cast<std::int64_t>(n / 4)});
    BOOST_TEST(error_of(big, n / 4) == "`score.tc3_3` = 5.5 nằm ngoài khoảng 0..5");
    const char* titles[] = {"khong_co", "tap_the_lao_dong_tien_tien", "tap_the_lao_dong_xuat_sac"};
    for (std::size_t row : {n / 5, n / 4, n / 3}) {  // the check that fails, the score out of range, the score missing
      Record r;
      r.set("so_thanh_vien", members[row]);
      r.set("danh_hieu_tap_the", std::string(titles[title[row]]));
      for (std::size_t k = 0; k < 5; ++k) r.set(count_ids[k], counts[k][row]);
      for (std::size_t s = 0; s < 4; ++s)
        if (!std::isnan(scores[s][row])) r.set(std::string("score.") + score_ids[s], *Decimal::from_double(scores[s][row]));
      expect_same(big, row, set.evaluate(r, {day("2021-06-30")}), "banded");
    }
    std::vector<std::size_t> graded(big.grades.size());
    for (std::size_t i = 0; i < n; ++i)
      if (big.grade[i] >= 0) ++graded[static_cast<std::size_t>(big.grade[i])];
    BOOST_TEST(big.grades == (std::vector<std::string>{"trung_binh", "kha", "tot", "khong_dat"}), boost::test_tools::per_element());
    for (std::size_t g = 0; g < graded.size(); ++g) BOOST_TEST(graded[g] > 1000u, big.grades[g]);
  }
  {  // families with children and adults in member tables: 48 MB of member columns
    auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("bench/criteria/gia-dinh-hoc-tap-tinh.yaml"));
    const std::size_t n = 1200000;
    std::vector<std::uint8_t> shelf(n);
    struct Members {
      std::vector<std::int64_t> parent, age;
      std::vector<std::uint8_t> a, b;
      std::vector<std::size_t> start{0};  // per family: its first member
    } children, adults;
    for (std::size_t f = 0; f < n; ++f) {
      shelf[f] = f % 3 != 0;
      for (std::size_t c = 0; c < f % 4; ++c)
        children.parent.push_back(static_cast<std::int64_t>(f)), children.age.push_back(static_cast<std::int64_t>(3 + (f + c) % 14)),
            children.a.push_back((f + c) % 5 != 0), children.b.push_back((f + c) % 11 == 0);
      for (std::size_t a = 0; a < 1 + f % 2; ++a)
        adults.parent.push_back(static_cast<std::int64_t>(f)), adults.age.push_back(static_cast<std::int64_t>(20 + (f + a) % 50)),
            adults.a.push_back((f + a) % 7 != 0), adults.b.push_back((f + a) % 3 == 0);
      children.start.push_back(children.parent.size());
      adults.start.push_back(adults.parent.size());
    }
    std::vector<std::int64_t> rebased;  // parents of a slice's members, from its first family
    auto batch_of = [&](std::size_t first, std::size_t rows) {
      hoctap::Batch b;
      b.rows = rows;
      b.columns = {Column::boolean("co_tu_sach", shelf.data() + first)};
      rebased.clear();
      for (auto* m : {&children, &adults})
        for (std::size_t j = m->start[first]; j < m->start[first + rows]; ++j) rebased.push_back(m->parent[j] - static_cast<std::int64_t>(first));
      std::size_t next = 0;
      for (auto [m, list, a, bb] : {std::tuple{&children, "con", "di_hoc", "mien_tru"}, std::tuple{&adults, "nguoi_lon", "biet_chu", "hoc_tap"}}) {
        hoctap::MemberTable t;
        t.list = list;
        const std::size_t from = m->start[first];
        t.rows = m->start[first + rows] - from;
        t.parent = rebased.data() + next;
        next += t.rows;
        t.columns = {Column::int64("tuoi", m->age.data() + from), Column::boolean(a, m->a.data() + from), Column::boolean(bb, m->b.data() + from)};
        b.members.push_back(t);
      }
      return b;
    };
    rebased.reserve(children.parent.size() + adults.parent.size());
    hoctap::BatchOptions units{day("2025-06-30")}, doubles = units;
    doubles.float64 = true;
    const auto big = hoctap::evaluate_batch(set, batch_of(0, n), units);
    BOOST_TEST(big.warnings.empty());
    BOOST_TEST(hoctap_test::float64_mismatches(set, big, hoctap::evaluate_batch(set, batch_of(0, n), doubles)) == 0u);
    for (std::size_t first = 0; first < n; first += 4 * slice) expect_rows(big, first, hoctap::evaluate_batch(set, batch_of(first, 4 * slice), units));
    BOOST_TEST(std::count(big.decision.begin(), big.decision.end(), static_cast<std::uint8_t>(hoctap::Decision::recognized)) > 0);
    BOOST_TEST(std::count(big.decision.begin(), big.decision.end(), static_cast<std::uint8_t>(hoctap::Decision::not_recognized)) > 0);
  }
}

BOOST_AUTO_TEST_CASE(numbers_written_as_text_are_checked_like_numbers) {
  auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/don-vi-hoc-tap-xa/448-2016.yaml"));
  std::vector<std::int32_t> codes = {0, 1, 2, -1};
  hoctap::Batch batch;
  batch.rows = 4;
  batch.columns = {Column::codes("score.diem_danh_gia", codes.data(), {"80.5", "140", "tám mươi"})};
  hoctap::BatchOptions opts{day("2020-12-31")};
  opts.lang = hoctap::Lang::en;
  auto out = hoctap::evaluate_batch(set, batch, opts);
  BOOST_TEST(out.total_units[0] == Decimal::parse("80.5")->units());
  BOOST_TEST((out.error_rows == std::vector<std::int64_t>{1, 2}));
  BOOST_TEST(out.error_texts[0] == "`score.diem_danh_gia` = '140' is outside 0..100");
  BOOST_TEST(out.error_texts[1] == "`score.diem_danh_gia` = 'tám mươi' is not a number (such as 8 or 7.5)");
}

// BatchOptions::each_problem: every problem apart, in row order and within a row in the
// order error_texts joins them, as Result::problems gives it for the same record, with
// texts per row or distinct; a text that quotes "; `" stays one problem.
BOOST_AUTO_TEST_CASE(each_problem_apart_as_the_record_path_gives_it) {
  auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/don-vi-hoc-tap-xa/448-2016.yaml"));
  const std::vector<std::string> scores = {"80.5", "1; `x", "140"}, thresholds = {"60", "abc", "150"};
  const std::size_t rows = 5000;
  std::vector<std::int32_t> score(rows), threshold(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    score[i] = i % 7 == 3 ? 1 : i % 11 == 5 ? 2 : i % 13 == 0 ? -1 : 0;
    threshold[i] = i % 5 == 3 ? 1 : i % 9 == 2 ? 2 : 0;
  }
  hoctap::Batch batch;
  batch.rows = rows;
  batch.columns = {Column::codes("score.diem_danh_gia", score.data(), scores), Column::codes("nguong_cong_nhan", threshold.data(), thresholds)};
  for (const bool distinct : {false, true}) {
    hoctap::BatchOptions opts{day("2020-12-31")};
    opts.threads = 2;
    opts.distinct_errors = distinct;
    opts.lang = distinct ? hoctap::Lang::en : hoctap::Lang::vi;
    const auto joined = hoctap::evaluate_batch(set, batch, opts);
    BOOST_TEST(joined.problems.empty());
    BOOST_TEST(joined.problem_rows.empty());
    opts.each_problem = true;
    const auto out = hoctap::evaluate_batch(set, batch, opts);
    BOOST_TEST(out.error_rows == joined.error_rows);
    BOOST_TEST(out.error_texts == joined.error_texts);
    BOOST_TEST(out.error_codes == joined.error_codes);
    BOOST_TEST_REQUIRE(out.problems.size() == out.problem_rows.size());
    std::size_t k = 0, two = 0;
    for (std::size_t e = 0; e < out.error_rows.size(); ++e) {
      const auto row = static_cast<std::size_t>(out.error_rows[e]);
      Record record;
      if (score[row] >= 0) record.set("score.diem_danh_gia", scores[static_cast<std::size_t>(score[row])]);
      record.set("nguong_cong_nhan", thresholds[static_cast<std::size_t>(threshold[row])]);
      const hoctap::Result r = set.evaluate(record, {day("2020-12-31")});
      std::string text;
      for (const hoctap::DataProblem& p : r.problems()) {
        BOOST_TEST_REQUIRE(k < out.problems.size());
        BOOST_TEST(out.problem_rows[k] == static_cast<std::int64_t>(row));
        BOOST_TEST(out.problems[k].input == p.input);
        BOOST_TEST(out.problems[k].code == p.code);
        BOOST_TEST(out.problems[k].vi == p.vi);
        BOOST_TEST(out.problems[k].en == p.en);
        text += (text.empty() ? "" : "; ") + (distinct ? p.en : p.vi);
        ++k;
      }
      two += r.problems().size() == 2;
      BOOST_TEST(out.error_texts[distinct ? static_cast<std::size_t>(out.error_codes[e]) : e] == text);
    }
    BOOST_TEST(k == out.problems.size());
    BOOST_TEST(two > 0u);  // rows with both inputs refused: two problems, one row
    std::vector<std::string> row3;  // both inputs refused
    for (std::size_t j = 0; j < out.problems.size(); ++j)
      if (out.problem_rows[j] == 3) row3.push_back(out.problems[j].input + " " + out.problems[j].code + " " + out.problems[j].en);
    BOOST_TEST(row3 == (std::vector<std::string>{"nguong_cong_nhan wrong_type `nguong_cong_nhan` = 'abc' is not a number (such as 8 or 7.5)",
                                                 "score.diem_danh_gia wrong_type `score.diem_danh_gia` = '1; `x' is not a number (such as 8 or 7.5)"}),
               boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(malformed_batches_are_caller_errors) {
  auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/don-vi-hoc-tap-xa/448-2016.yaml"));
  hoctap::Batch batch;
  batch.rows = 2;
  batch.columns = {Column::float64("score.diem_danh_gia", nullptr)};
  BOOST_CHECK_THROW(hoctap::evaluate_batch(set, batch), std::invalid_argument);
  auto clan = clan_fixture();
  std::vector<std::int64_t> parent = {0, 5};
  hoctap::Batch bad;
  bad.rows = 2;
  hoctap::MemberTable m;
  m.list = "gia_dinh";
  m.rows = 2;
  m.parent = parent.data();
  bad.members.push_back(m);
  try {
    hoctap::evaluate_batch(clan, bad);
    BOOST_FAIL("no exception");
  } catch (const std::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()) == "member table `gia_dinh` row 1 points at parent 5, outside the batch (expected -1 or a row of the batch)");
  }
}

BOOST_AUTO_TEST_SUITE_END()
