// Kernels (src/kernel): which bundled sets get one, that an edited file never runs
// another rule's kernel, and that a kernel's answers are the block evaluator's on the
// blocks it judges while blocks with missing or bad values go back to the evaluator.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "helpers.hpp"
#include "evaluate/block.hpp"
#include "kernel/kernel.hpp"

using hoctap::Column;
using hoctap::internal::kernel_for;
using hoctap::internal::kernel_source;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// `text` as a criteria file of its own, loaded.
hoctap::CriteriaSet load_text(const std::string& text, const std::string& name) {
  const auto path = std::filesystem::temp_directory_path() / ("hoctap-kernel-" + name + ".yaml");
  std::ofstream(path) << text;
  auto set = hoctap::CriteriaSet::load(path.string(), {});
  std::filesystem::remove(path);
  return set;
}

const std::string kFamily = "criteria/gia-dinh-hoc-tap/448-2016.yaml";

// Families with children and adults, drawn at random, every value plain; then `dirty`
// families get one missing or off-range value each.
struct Families {
  std::size_t rows;
  std::vector<double> tc1c, tc2c, tc3;
  std::vector<std::int64_t> kid_parent, kid_age, adult_parent, adult_age, adult_contents;
  std::vector<std::uint8_t> kid_school, kid_exempt, kid_primary_ok, adult_exempt, kid_age_valid;
  std::vector<std::int32_t> kid_level, kid_result, kid_conduct, adult_literacy;
  hoctap::Batch batch;

  Families(std::size_t n, std::uint32_t seed, const std::vector<std::size_t>& dirty) : rows(n), tc1c(n), tc2c(n), tc3(n) {
    std::mt19937 rng(seed);
    for (std::size_t i = 0; i < n; ++i) {
      tc1c[i] = static_cast<double>(rng() % 11);
      tc2c[i] = rng() % 5 == 0 ? 7.5 : static_cast<double>(rng() % 11);  // fractions are plain in a decimal field
      tc3[i] = static_cast<double>(20 + rng() % 21);
      for (std::size_t c = rng() % 4; c-- > 0;) {
        const std::int64_t age = 3 + static_cast<std::int64_t>(rng() % 15);
        kid_parent.push_back(static_cast<std::int64_t>(i));
        kid_age.push_back(age);
        kid_age_valid.push_back(1);
        kid_school.push_back(rng() % 8 != 0);
        kid_exempt.push_back(rng() % 20 == 0);
        kid_level.push_back(static_cast<std::int32_t>(rng() % 3));
        kid_primary_ok.push_back(rng() % 6 != 0);
        kid_result.push_back(static_cast<std::int32_t>(rng() % 4));
        kid_conduct.push_back(static_cast<std::int32_t>(rng() % 4));
      }
      for (std::size_t a = 1 + rng() % 3; a-- > 0;) {
        adult_parent.push_back(static_cast<std::int64_t>(i));
        adult_age.push_back(17 + static_cast<std::int64_t>(rng() % 70));
        adult_literacy.push_back(static_cast<std::int32_t>(rng() % 3));
        adult_exempt.push_back(rng() % 15 == 0);
        adult_contents.push_back(static_cast<std::int64_t>(rng() % 4));
      }
    }
    for (std::size_t k = 0; k < dirty.size(); ++k) {
      const std::size_t i = dirty[k];
      const auto mine = [&](const std::vector<std::int64_t>& parent) {  // the family's members
        std::vector<std::size_t> at;
        for (std::size_t c = 0; c < parent.size(); ++c)
          if (parent[c] == static_cast<std::int64_t>(i)) at.push_back(c);
        return at;
      };
      tc3[i] = std::nan("");  // a missing score, and one of these:
      switch (k % 5) {
        case 0: break;
        case 1: tc3[i] = 30, tc1c[i] = 11; break;                     // above the indicator's maximum: a data problem
        case 2: for (std::size_t c : mine(kid_parent)) kid_age_valid[c] = 0; break;  // children's ages missing
        case 3: for (std::size_t c : mine(kid_parent)) kid_age[c] = 25; break;       // above the field's maximum (18)
        default: for (std::size_t c : mine(adult_parent)) adult_literacy[c] = -1; break;  // an adult's literacy missing
      }
    }
    batch.rows = n;
    batch.columns = {Column::float64("score.tc1c", tc1c.data()), Column::float64("score.tc2c", tc2c.data()),
                     Column::float64("score.tc3", tc3.data())};
    Column age = Column::int64("tuoi", kid_age.data());
    age.valid = kid_age_valid.data();
    hoctap::MemberTable kids{"tre_em", kid_parent.size(), kid_parent.data(), {}};
    kids.columns = {age, Column::boolean("di_hoc", kid_school.data()), Column::boolean("mien_tru", kid_exempt.data()),
                    Column::codes("cap_hoc", kid_level.data(), {"tieu_hoc", "thcs", "thpt"}),
                    Column::boolean("dat_yeu_cau_tieu_hoc", kid_primary_ok.data()),
                    Column::codes("hoc_luc", kid_result.data(), {"yeu", "trung_binh", "kha", "gioi"}),
                    Column::codes("hanh_kiem", kid_conduct.data(), {"yeu", "trung_binh", "kha", "tot"})};
    hoctap::MemberTable grown{"nguoi_lon", adult_parent.size(), adult_parent.data(), {}};
    grown.columns = {Column::int64("tuoi", adult_age.data()),
                     Column::codes("biet_chu", adult_literacy.data(), {"chua_biet_chu", "muc_do_1", "muc_do_2"}),
                     Column::boolean("mien_tru", adult_exempt.data()), Column::int64("so_noi_dung_hoc_trong_nam", adult_contents.data())};
    batch.members = {std::move(kids), std::move(grown)};
  }
};

hoctap::BatchResult judge(const hoctap::CriteriaSet& set, const hoctap::Batch& batch, bool kernels, unsigned threads, bool float64 = false) {
  hoctap::internal::set_kernels_enabled(kernels);
  hoctap::Record context;
  context.set("nguong_cong_nhan", std::int64_t{70});
  hoctap::BatchOptions options{hoctap::Date::parse("2019-12-31")};
  options.context = &context;
  options.threads = threads;
  options.nodes = hoctap::NodeOutput::all;
  options.float64 = float64;
  auto out = hoctap::evaluate_batch(set, batch, options);
  hoctap::internal::set_kernels_enabled(true);
  return out;
}

}  // namespace

// Kernels on whatever HOCTAP_KERNELS says: these tests are about them.
struct KernelsOn {
  KernelsOn() { hoctap::internal::set_kernels_enabled(true); }
};

BOOST_FIXTURE_TEST_SUITE(kernel, KernelsOn)

BOOST_AUTO_TEST_CASE(sets_with_member_aggregates_get_a_kernel_and_the_others_say_why_not) {
  auto family = hoctap::CriteriaSet::load(hoctap_test::source_path(kFamily));
  std::string why_not;
  BOOST_TEST(!kernel_source(*family.compiled(), why_not).empty());
  BOOST_TEST(why_not.empty());
  BOOST_TEST((kernel_for(*family.compiled()) != nullptr));
  auto citizen = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/cong-dan-hoc-tap/244-2022.yaml"));
  BOOST_TEST(kernel_source(*citizen.compiled(), why_not).empty());
  BOOST_TEST(why_not == "no aggregate over members: the block evaluator is faster there");
  BOOST_TEST((kernel_for(*citizen.compiled()) == nullptr));
  auto clan = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/dong-ho-hoc-tap/2022.yaml"));
  BOOST_TEST(kernel_source(*clan.compiled(), why_not).empty());
  BOOST_TEST(why_not == "levels (kernels cover points sets)");
  BOOST_TEST((kernel_for(*clan.compiled()) == nullptr));
  // An aggregate whose filter reads a field of the family itself: the member pass runs
  // over members with no row at hand, so the set is interpreted.
  std::string text = read_text(hoctap_test::source_path(kFamily));
  const std::string age = "tuoi >= 19 and tuoi <= 60";
  BOOST_TEST_REQUIRE(text.find(age) != std::string::npos);
  text.replace(text.find(age), age.size(), age + " and nguong_cong_nhan >= 50");
  auto reads_parent = load_text(text, "reads-parent");
  why_not.clear();
  BOOST_TEST(kernel_source(*reads_parent.compiled(), why_not).empty());
  BOOST_TEST(why_not == "a top-level field inside an aggregate");
}

BOOST_AUTO_TEST_CASE(an_edited_rule_gets_no_kernel_an_edited_comment_keeps_it) {
  const std::string text = read_text(hoctap_test::source_path(kFamily));
  auto commented = load_text("# a comment added after the build\n" + text, "comment");
  BOOST_TEST((kernel_for(*commented.compiled()) != nullptr));
  const std::string age = "tuoi >= 19 and tuoi <= 60";  // line 2a's ages, as the file has them
  BOOST_TEST_REQUIRE(text.find(age) != std::string::npos);
  std::string edited = text;
  for (std::size_t at = edited.find(age); at != std::string::npos; at = edited.find(age, at))
    edited.replace(at, age.size(), "tuoi >= 18 and tuoi <= 60");
  auto changed = load_text(edited, "edited");
  BOOST_TEST((kernel_for(*changed.compiled()) == nullptr));
  // And its answers follow its own rule: an adult of 18 who cannot read now fails line 2a.
  hoctap::Record adult, family;
  adult.set("tuoi", std::int64_t{18});
  adult.set("biet_chu", std::string("chua_biet_chu"));
  adult.set("mien_tru", false);
  adult.set("so_noi_dung_hoc_trong_nam", std::int64_t{1});
  family.set("nguoi_lon", std::vector<hoctap::Record>{adult});
  family.set("tre_em", std::vector<hoctap::Record>{});
  Families f(1, 1, {});
  f.adult_age = {18};
  f.adult_literacy = {0};
  f.adult_exempt = {0};
  f.adult_contents = {1};
  f.adult_parent = {0};
  f.kid_parent.clear();
  f.batch.members[0].rows = 0;
  f.batch.members[1].rows = 1;
  for (auto* set : {&changed, &commented}) {
    const auto out = judge(*set, f.batch, true, 1);
    const auto node = std::find(out.node_index.begin(), out.node_index.end(), 5) - out.node_index.begin();  // tc2a
    BOOST_TEST_REQUIRE(set->nodes()[5].id == "tc2a");
    BOOST_TEST(static_cast<int>(out.node_status[static_cast<std::size_t>(node)]) ==
               static_cast<int>(set == &changed ? hoctap::Status::not_met : hoctap::Status::not_applicable));
  }
}

BOOST_AUTO_TEST_CASE(a_kernel_answers_as_the_block_evaluator_and_hands_back_blocks_with_bad_values) {
  auto set = hoctap::CriteriaSet::load(hoctap_test::source_path(kFamily));
  constexpr std::size_t kRows = hoctap::internal::BlockEvaluator::kRows;
  const std::size_t rows = 6 * kRows - 144, blocks = 6;
  std::vector<std::size_t> dirty;  // two bad rows in every other block: blocks 0, 2 and 4
  for (std::size_t b = 0; b < blocks; b += 2) dirty.insert(dirty.end(), {b * kRows + 300 % kRows, b * kRows + 799 % kRows});
  const std::size_t dirty_blocks = 3;
  Families f(rows, 7, dirty);
  for (unsigned threads : {1u, 2u}) {
    const auto before = hoctap::internal::kernel_counts();
    const auto with = judge(set, f.batch, true, threads);
    const auto after = hoctap::internal::kernel_counts();
    const auto without = judge(set, f.batch, false, threads);
    BOOST_TEST(after.judged - before.judged == blocks - dirty_blocks);
    BOOST_TEST(after.declined - before.declined == dirty_blocks);
    BOOST_TEST(with.decision == without.decision);
    BOOST_TEST(with.total_units == without.total_units);
    BOOST_TEST(with.grade == without.grade);
    BOOST_TEST(with.level == without.level);
    BOOST_TEST(with.node_index == without.node_index);
    BOOST_TEST(with.node_points_units == without.node_points_units);
    BOOST_TEST(with.node_status == without.node_status);
    BOOST_TEST(with.error_rows == without.error_rows);
    BOOST_TEST(with.error_texts == without.error_texts);
    BOOST_TEST(with.error_rows.size() >= 2u);  // the scores above the maximum, and ages above 18
    std::size_t outcomes[3] = {0, 0, 0};
    for (std::uint8_t d : with.decision) ++outcomes[d];
    BOOST_TEST_MESSAGE("recognized/not/open " << outcomes[0] << "/" << outcomes[1] << "/" << outcomes[2]);
    BOOST_TEST(outcomes[0] > 100u);
    BOOST_TEST(outcomes[1] > 100u);
    BOOST_TEST(outcomes[2] >= 4u);
  }
}

// Only sets that aggregate over members have a kernel (the block evaluator is faster on
// the others, whatever is asked): a flat set's batches, with node columns or decisions
// only, as units or doubles, run no kernel; the family set's kernel judges with node
// columns asked for, as units and as doubles, with the same answers.
BOOST_AUTO_TEST_CASE(only_sets_with_member_aggregates_run_a_kernel) {
  auto citizen = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/cong-dan-hoc-tap/244-2022.yaml"));
  constexpr std::size_t kRows = hoctap::internal::BlockEvaluator::kRows;
  const std::size_t rows = 3 * kRows;
  std::vector<std::vector<std::int64_t>> scores(10, std::vector<std::int64_t>(rows));
  std::mt19937 rng(5);
  for (auto& column : scores)
    for (auto& x : column) x = 4 + static_cast<std::int64_t>(rng() % 7);
  std::vector<std::int32_t> area(rows);
  for (auto& a : area) a = static_cast<std::int32_t>(rng() % 3);
  hoctap::Batch batch;
  batch.rows = rows;
  const char* ids[] = {"tc1_1", "tc1_2", "tc1_3", "tc1_4", "tc2_1", "tc2_2", "tc2_3", "tc2_4", "tc3_1", "tc3_2"};
  std::vector<std::string> names;
  for (const char* id : ids) names.push_back(std::string("score.") + id);
  for (std::size_t k = 0; k < 10; ++k) batch.columns.push_back(hoctap::Column::int64(names[k], scores[k].data()));
  batch.columns.push_back(hoctap::Column::codes("vung", area.data(), {"binh_thuong", "vung_sau_vung_xa", "dan_toc_thieu_so"}));
  auto blocks_offered = [&](hoctap::NodeOutput nodes, hoctap::BatchResult& out, bool float64 = false) {
    hoctap::BatchOptions options{hoctap::Date::parse("2023-06-30")};
    options.nodes = nodes;
    options.float64 = float64;
    const auto before = hoctap::internal::kernel_counts();
    out = hoctap::evaluate_batch(citizen, batch, options);
    const auto after = hoctap::internal::kernel_counts();
    return after.judged + after.declined - before.judged - before.declined;
  };
  hoctap::BatchResult with_nodes, without_nodes, with_nodes_f64, without_nodes_f64;
  BOOST_TEST(blocks_offered(hoctap::NodeOutput::criteria, with_nodes) == 0u);
  BOOST_TEST(blocks_offered(hoctap::NodeOutput::none, without_nodes) == 0u);
  BOOST_TEST(blocks_offered(hoctap::NodeOutput::criteria, with_nodes_f64, true) == 0u);
  BOOST_TEST(blocks_offered(hoctap::NodeOutput::none, without_nodes_f64, true) == 0u);
  BOOST_TEST(with_nodes.decision == without_nodes.decision);
  BOOST_TEST(with_nodes.total_units == without_nodes.total_units);
  BOOST_TEST(with_nodes.node_index.size() == 3u);
  BOOST_TEST(hoctap_test::float64_mismatches(citizen, with_nodes, with_nodes_f64) == 0u);
  BOOST_TEST(hoctap_test::float64_mismatches(citizen, without_nodes, without_nodes_f64) == 0u);
  std::size_t recognized = 0;
  for (std::uint8_t d : with_nodes.decision) recognized += d == 0;
  BOOST_TEST(recognized > 0u);
  BOOST_TEST(recognized < rows);
  auto family = hoctap::CriteriaSet::load(hoctap_test::source_path(kFamily));
  Families f(kRows, 3, {});
  const auto before = hoctap::internal::kernel_counts();
  const auto units = judge(family, f.batch, true, 1);
  BOOST_TEST(hoctap::internal::kernel_counts().judged - before.judged == 1u);
  const auto doubles = judge(family, f.batch, true, 1, true);  // the kernel's node columns as doubles
  BOOST_TEST(hoctap::internal::kernel_counts().judged - before.judged == 2u);
  BOOST_TEST(doubles.node_points.size() == units.node_points_units.size());
  BOOST_TEST(hoctap_test::float64_mismatches(family, units, doubles) == 0u);
  const auto interpreted = judge(family, f.batch, false, 1);
  BOOST_TEST(interpreted.decision == units.decision);
  BOOST_TEST(interpreted.total_units == units.total_units);
  BOOST_TEST(interpreted.node_points_units == units.node_points_units);
  BOOST_TEST(interpreted.node_status == units.node_status);
}

BOOST_AUTO_TEST_SUITE_END()
