// Core figures, each beside a hand-written C++ baseline for the same rule in the same run:
// loading and validating the bundled criteria; one record through the public API (Công
// dân học tập); batches from columns, flat (the citizen set) and with member tables (the
// Gia đình học tập set of QĐ 448); and two sets the library is not built with
// (bench/criteria/: a province's flat set and family set). The family and province
// benchmarks check that hoctap and the hand-written loop agree.
#include <benchmark/benchmark.h>

#include <hoctap/hoctap.hpp>
#include <cmath>
#include <map>
#include <stdexcept>

namespace {

// How many members family `i` has, from `few` to `few + spread - 1`, scattered as a hash
// scatters them: the counts of real households follow no period, which a branch on where
// one family's members end would otherwise learn. SplitMix64's finaliser: a product by an
// odd constant alone leaves the count modulo a power of two periodic in i (0, 1, 2, 2, 3,
// 0, 1, 1, …), which a branch predictor learns.
std::size_t members_of(std::size_t i, std::size_t few, std::size_t spread, unsigned salt) {
  std::uint64_t h = (static_cast<std::uint64_t>(i) + salt) * 0x9E3779B97F4A7C15ULL;
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ULL;
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBULL;
  h ^= h >> 31;
  return few + static_cast<std::size_t>(h % spread);
}

const char* const kIds[] = {"score.tc1_1", "score.tc1_2", "score.tc1_3", "score.tc1_4", "score.tc2_1",
                      "score.tc2_2", "score.tc2_3", "score.tc2_4", "score.tc3_1", "score.tc3_2"};

hoctap::Record citizen(int k) {
  hoctap::Record r;
  r.set("vung", std::string(k % 3 == 0 ? "dan_toc_thieu_so" : "binh_thuong"));
  for (int i = 0; i < 10; ++i) r.set(kIds[i], std::int64_t{5 + (k + i) % 6});
  return r;
}

const hoctap::CriteriaSet& citizen_set() {
  static const auto set = hoctap::CriteriaSet::load(std::string(HOCTAP_SOURCE_DIR) + "/criteria/cong-dan-hoc-tap/244-2022.yaml");
  return set;
}

void BM_LoadValidateCompileCriteria(benchmark::State& state) {
  for (auto _ : state) {
    auto r = hoctap::Registry::load_directory(std::string(HOCTAP_SOURCE_DIR) + "/criteria");
    if (!r.ok()) throw std::runtime_error(hoctap::format(r.diagnostics));
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_LoadValidateCompileCriteria)->Unit(benchmark::kMillisecond);

void BM_EvaluateCitizen(benchmark::State& state) {
  const auto& set = citizen_set();
  std::vector<hoctap::Record> records;
  for (int k = 0; k < 64; ++k) records.push_back(citizen(k));
  hoctap::EvaluateOptions opts{hoctap::Date::parse("2023-06-30")};
  hoctap::Result result;
  std::size_t i = 0, recognized = 0;
  for (auto _ : state) {
    set.evaluate(records[i++ & 63], opts, result);
    recognized += result.recognized();
  }
  benchmark::DoNotOptimize(recognized);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_EvaluateCitizen);

// The same rule by hand: read the ten scores and the area from the record, add them up,
// apply the per-indicator floor of 5 and the threshold by area (80, or 70).
bool hand_written_citizen(const hoctap::Record& r) {
  std::int64_t total = 0;
  bool floor_ok = true;
  for (const char* id : kIds) {
    const hoctap::Value* v = r.find(id);
    if (v == nullptr) return false;
    std::int64_t points = std::get<std::int64_t>(*v);
    total += points;
    floor_ok = floor_ok && points >= 5;
  }
  const hoctap::Value* area = r.find("vung");
  if (area == nullptr) return false;
  const std::string& a = std::get<std::string>(*area);
  std::int64_t threshold = (a == "vung_sau_vung_xa" || a == "dan_toc_thieu_so") ? 70 : 80;
  return floor_ok && total >= threshold;
}

void BM_BaselineHandWrittenCitizen(benchmark::State& state) {
  std::vector<hoctap::Record> records;
  for (int k = 0; k < 64; ++k) records.push_back(citizen(k));
  std::size_t i = 0, recognized = 0;
  for (auto _ : state) recognized += hand_written_citizen(records[i++ & 63]);
  benchmark::DoNotOptimize(recognized);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_BaselineHandWrittenCitizen);

void BM_EvaluateCitizenWithExplanation(benchmark::State& state) {
  const auto& set = citizen_set();
  auto record = citizen(1);
  hoctap::EvaluateOptions opts{hoctap::Date::parse("2023-06-30")};
  for (auto _ : state) {
    auto r = set.evaluate(record, opts);
    benchmark::DoNotOptimize(r.to_json(true));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_EvaluateCitizenWithExplanation);

// Batch evaluation from columns: the same citizen rule over generated score columns.
struct CitizenColumns {
  std::size_t rows;
  std::vector<std::vector<double>> scores;
  std::vector<std::int32_t> area;
  hoctap::Batch batch;
  explicit CitizenColumns(std::size_t n) : rows(n), scores(10, std::vector<double>(n)), area(n) {
    for (std::size_t i = 0; i < n; ++i) {
      for (int k = 0; k < 10; ++k) scores[k][i] = static_cast<double>(4 + (i * 7 + k * 3) % 7);
      area[i] = static_cast<std::int32_t>(i % 3);
    }
    batch.rows = n;
    for (int k = 0; k < 10; ++k) batch.columns.push_back(hoctap::Column::float64(kIds[k], scores[k].data()));
    batch.columns.push_back(hoctap::Column::codes("vung", area.data(), {"binh_thuong", "vung_sau_vung_xa", "dan_toc_thieu_so"}));
  }
};

// `nodes`: criteria, as evaluate_frame returns (decision, total and the criteria's points
// and status), or none (decision and total, what the hand-written loops compute).
void batch_citizens(benchmark::State& state, hoctap::NodeOutput nodes) {
  const auto& set = citizen_set();
  CitizenColumns cols(100000);
  hoctap::BatchOptions opts{hoctap::Date::parse("2023-06-30")};
  opts.threads = static_cast<unsigned>(state.range(0));
  opts.nodes = nodes;
  hoctap::BatchResult out;  // reused, as the baseline reuses its output columns
  for (auto _ : state) {
    hoctap::evaluate_batch(set, cols.batch, opts, out);
    benchmark::DoNotOptimize(out.decision.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 100000);
}
void BM_BatchCitizens(benchmark::State& state) { batch_citizens(state, hoctap::NodeOutput::criteria); }
void BM_BatchCitizensDecisionOnly(benchmark::State& state) { batch_citizens(state, hoctap::NodeOutput::none); }
BENCHMARK(BM_BatchCitizens)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_BatchCitizensDecisionOnly)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// A commune's batch through the same API: one row to a few thousand, where a call's own
// costs (the plan, the evaluator's scratch, waking a second thread) weigh against its
// rows. Arguments: rows, threads. Not a target; it shows what a small call costs.
void BM_CommuneCitizens(benchmark::State& state) {
  const auto& set = citizen_set();
  const auto rows = static_cast<std::size_t>(state.range(0));
  CitizenColumns cols(rows);
  hoctap::BatchOptions opts{hoctap::Date::parse("2023-06-30")};
  opts.threads = static_cast<unsigned>(state.range(1));
  opts.nodes = hoctap::NodeOutput::criteria;
  hoctap::BatchResult out;
  for (auto _ : state) {
    hoctap::evaluate_batch(set, cols.batch, opts, out);
    benchmark::DoNotOptimize(out.decision.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
}
BENCHMARK(BM_CommuneCitizens)->Args({1, 1})->Args({1000, 1})->Args({4000, 1})->Args({4000, 2})->Unit(benchmark::kMicrosecond)->UseRealTime();

// The same rule by hand over the same columns: the baseline for the batch path.
void BM_BaselineHandWrittenColumns(benchmark::State& state) {
  CitizenColumns cols(100000);
  std::vector<std::uint8_t> recognized(cols.rows);
  std::vector<std::int64_t> total(cols.rows);
  const double* score[10];
  for (int k = 0; k < 10; ++k) score[k] = cols.scores[k].data();
  for (auto _ : state) {
    for (std::size_t i = 0; i < cols.rows; ++i) {
      double t = 0;
      bool floor_ok = true;
      for (int k = 0; k < 10; ++k) {
        double v = score[k][i];
        t += v;
        floor_ok = floor_ok & (v >= 5);  // & not &&: no branch on the scores
      }
      double threshold = cols.area[i] == 0 ? 80 : 70;
      total[i] = static_cast<std::int64_t>(t * 1000000);
      recognized[i] = floor_ok && t >= threshold;
    }
    benchmark::DoNotOptimize(recognized.data());
    benchmark::DoNotOptimize(total.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 100000);
}
BENCHMARK(BM_BaselineHandWrittenColumns)->Unit(benchmark::kMillisecond);


// Batch evaluation of a points-based family set with members (Gia đình học tập, QĐ 448):
// children and adults in member tables pointing at their family's row, three assessed
// scores per family, the locality's threshold (70) from the context.
struct FamilyColumns {
  std::size_t rows, children = 0, adults = 0;
  std::vector<double> tc1c, tc2c, tc3;
  std::vector<std::int64_t> child_parent, child_age, adult_parent, adult_age, adult_contents;
  std::vector<std::uint8_t> child_school, child_exempt, child_primary_ok, adult_exempt;
  std::vector<std::int32_t> child_level, child_result, child_conduct, adult_literacy;
  hoctap::Batch batch;
  hoctap::Record context;
  explicit FamilyColumns(std::size_t n) : rows(n), tc1c(n), tc2c(n), tc3(n) {
    for (std::size_t i = 0; i < n; ++i) {
      tc1c[i] = static_cast<double>(6 + i % 5);
      tc2c[i] = static_cast<double>(5 + (i / 3) % 6);
      tc3[i] = static_cast<double>(20 + (i * 7) % 21);
      for (std::size_t c = 0; c < members_of(i, 0, 4, 1); ++c) {  // 0 to 3 children
        std::size_t k = i * 3 + c;
        std::int64_t age = static_cast<std::int64_t>(3 + k % 15);
        child_parent.push_back(static_cast<std::int64_t>(i));
        child_age.push_back(age);
        child_school.push_back(age >= 6 && k % 29 != 0);
        child_exempt.push_back(k % 41 == 0);
        child_level.push_back(age <= 10 ? 0 : age <= 14 ? 1 : 2);
        child_primary_ok.push_back(k % 13 != 0);
        child_result.push_back(static_cast<std::int32_t>(k % 4));
        child_conduct.push_back(static_cast<std::int32_t>(1 + k % 3));
      }
      for (std::size_t a = 0; a < members_of(i, 1, 3, 2); ++a) {  // 1 to 3 adults
        std::size_t k = i * 5 + a;
        adult_parent.push_back(static_cast<std::int64_t>(i));
        adult_age.push_back(static_cast<std::int64_t>(17 + k % 70));
        adult_literacy.push_back(k % 37 == 0 ? 0 : static_cast<std::int32_t>(1 + k % 2));
        adult_exempt.push_back(k % 53 == 0);
        adult_contents.push_back(static_cast<std::int64_t>(k % 23 == 0 ? 0 : 1 + k % 3));
      }
    }
    children = child_parent.size();
    adults = adult_parent.size();
    batch.rows = n;
    batch.columns = {hoctap::Column::float64("score.tc1c", tc1c.data()), hoctap::Column::float64("score.tc2c", tc2c.data()),
                     hoctap::Column::float64("score.tc3", tc3.data())};
    hoctap::MemberTable kids{"tre_em", children, child_parent.data(), {}};
    kids.columns = {hoctap::Column::int64("tuoi", child_age.data()), hoctap::Column::boolean("di_hoc", child_school.data()),
                    hoctap::Column::boolean("mien_tru", child_exempt.data()),
                    hoctap::Column::codes("cap_hoc", child_level.data(), {"tieu_hoc", "thcs", "thpt"}),
                    hoctap::Column::boolean("dat_yeu_cau_tieu_hoc", child_primary_ok.data()),
                    hoctap::Column::codes("hoc_luc", child_result.data(), {"yeu", "trung_binh", "kha", "gioi"}),
                    hoctap::Column::codes("hanh_kiem", child_conduct.data(), {"yeu", "trung_binh", "kha", "tot"})};
    hoctap::MemberTable grown{"nguoi_lon", adults, adult_parent.data(), {}};
    grown.columns = {hoctap::Column::int64("tuoi", adult_age.data()),
                     hoctap::Column::codes("biet_chu", adult_literacy.data(), {"chua_biet_chu", "muc_do_1", "muc_do_2"}),
                     hoctap::Column::boolean("mien_tru", adult_exempt.data()),
                     hoctap::Column::int64("so_noi_dung_hoc_trong_nam", adult_contents.data())};
    batch.members = {std::move(kids), std::move(grown)};
    context.set("nguong_cong_nhan", std::int64_t{70});
  }
};

constexpr std::size_t kFamilies = 100000;

// The family rule by hand over the same columns: group members by parent (as
// evaluate_batch does), then lines 1a, 1b, 2a, 2b (all-or-nothing, full points when
// nobody is concerned), the three assessed scores, and the threshold of 70.
// Its per-family scratch is allocated once and reset per call (as a tuned program would):
// fresh allocations made the baseline's time depend on the allocator's page reuse.
struct FamilyScratch {
  std::vector<std::int64_t> kid_ok1, kid_any1, kid_ok2, kid_any2, adult_ok1, adult_any1, adult_ok2, adult_any2;
};

std::size_t hand_written_families(const FamilyColumns& f, std::vector<std::int64_t>& total, std::vector<std::uint8_t>& recognized,
                                  FamilyScratch& s) {
  const std::size_t n = f.rows;
  for (auto* v : {&s.kid_ok1, &s.kid_ok2, &s.adult_ok1, &s.adult_ok2}) v->assign(n, 1);
  for (auto* v : {&s.kid_any1, &s.kid_any2, &s.adult_any1, &s.adult_any2}) v->assign(n, 0);
  auto& kid_ok1 = s.kid_ok1; auto& kid_any1 = s.kid_any1; auto& kid_ok2 = s.kid_ok2; auto& kid_any2 = s.kid_any2;
  auto& adult_ok1 = s.adult_ok1; auto& adult_any1 = s.adult_any1; auto& adult_ok2 = s.adult_ok2; auto& adult_any2 = s.adult_any2;
  // Members without branches on their values (& and | where `if` would branch on data
  // that follow no pattern): the faster loop on households of random sizes.
  for (std::size_t k = 0; k < f.children; ++k) {
    const auto p = static_cast<std::size_t>(f.child_parent[k]);
    const bool in1 = (f.child_age[k] >= 6) & (f.child_age[k] <= 14) & !f.child_exempt[k];
    kid_any1[p] |= in1;
    kid_ok1[p] &= !in1 | (f.child_school[k] != 0);
    const bool in2 = f.child_school[k] != 0;
    const bool ok = f.child_level[k] == 0 ? f.child_primary_ok[k] != 0 : (f.child_result[k] >= 1) & (f.child_conduct[k] >= 2);
    kid_any2[p] |= in2;
    kid_ok2[p] &= !in2 | ok;
  }
  for (std::size_t k = 0; k < f.adults; ++k) {
    const auto p = static_cast<std::size_t>(f.adult_parent[k]);
    const bool counted = !f.adult_exempt[k];
    const bool in1 = counted & (f.adult_age[k] >= 19) & (f.adult_age[k] <= 60);
    adult_any1[p] |= in1;
    adult_ok1[p] &= !in1 | (f.adult_literacy[k] >= 1);
    adult_any2[p] |= counted;
    adult_ok2[p] &= !counted | (f.adult_contents[k] >= 1);
  }
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    auto line = [](std::int64_t any, std::int64_t ok) { return !any || ok ? 10 : 0; };
    std::int64_t t = line(kid_any1[i], kid_ok1[i]) + line(kid_any2[i], kid_ok2[i]) + line(adult_any1[i], adult_ok1[i]) +
                     line(adult_any2[i], adult_ok2[i]) + static_cast<std::int64_t>(f.tc1c[i] + f.tc2c[i] + f.tc3[i]);
    total[i] = t * 1000000;
    recognized[i] = t >= 70;
    count += recognized[i];
  }
  return count;
}

// `nodes` as for batch_citizens.
void batch_families(benchmark::State& state, hoctap::NodeOutput nodes) {
  static const auto set = hoctap::CriteriaSet::load(std::string(HOCTAP_SOURCE_DIR) + "/criteria/gia-dinh-hoc-tap/448-2016.yaml");
  FamilyColumns cols(kFamilies);
  hoctap::BatchOptions opts{hoctap::Date::parse("2019-12-31")};
  opts.context = &cols.context;
  opts.threads = static_cast<unsigned>(state.range(0));
  opts.nodes = nodes;
  std::vector<std::int64_t> total(kFamilies);
  std::vector<std::uint8_t> recognized(kFamilies);
  FamilyScratch scratch;
  const std::size_t expected = hand_written_families(cols, total, recognized, scratch);
  hoctap::BatchResult out;  // reused, as the baseline reuses its output columns
  for (auto _ : state) {
    hoctap::evaluate_batch(set, cols.batch, opts, out);
    benchmark::DoNotOptimize(out.decision.data());
  }
  // Checked after the timed loop, row by row, as the province benchmarks are.
  std::size_t got = 0, differ = 0;
  for (std::size_t i = 0; i < kFamilies; ++i) {
    const bool yes = out.decision[i] == static_cast<std::uint8_t>(hoctap::Decision::recognized);
    got += yes;
    differ += yes != (recognized[i] != 0) || out.total_units[i] != total[i];
  }
  if (differ != 0 || got != expected) state.SkipWithError("hoctap and the hand-written family rule disagree");
  state.counters["recognized"] = static_cast<double>(got);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kFamilies));
}
void BM_BatchFamilies(benchmark::State& state) { batch_families(state, hoctap::NodeOutput::criteria); }
void BM_BatchFamiliesDecisionOnly(benchmark::State& state) { batch_families(state, hoctap::NodeOutput::none); }
BENCHMARK(BM_BatchFamilies)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_BatchFamiliesDecisionOnly)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_BaselineHandWrittenFamilies(benchmark::State& state) {
  FamilyColumns cols(kFamilies);
  FamilyScratch scratch;
  std::vector<std::int64_t> total(kFamilies);
  std::vector<std::uint8_t> recognized(kFamilies);
  std::size_t got = 0;
  for (auto _ : state) {
    got = hand_written_families(cols, total, recognized, scratch);
    benchmark::DoNotOptimize(recognized.data());
  }
  state.counters["recognized"] = static_cast<double>(got);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kFamilies));
}
BENCHMARK(BM_BaselineHandWrittenFamilies)->Unit(benchmark::kMillisecond);

// Sets the library is not built with (bench/criteria/), written like a province's own
// files, judged as every set is. Each beside a hand-written loop over the same columns
// computing the same decision and total.
constexpr std::size_t kProvinceRows = 100000;

hoctap::CriteriaSet province_set(const char* file) {
  return hoctap::CriteriaSet::load(std::string(HOCTAP_SOURCE_DIR) + "/bench/criteria/" + file);
}

// The flat set (gia-dinh-hieu-hoc-tinh.yaml): counts, flags, a decimal score, an area.
// `own_order`: the area column lists its labels in an order of its own (mien_nui first, as
// a form or a frame's categories may), not the scale's; `area` stays in the scale's order
// for the hand-written loop. `gaps`: one area in 997 missing (code -1) and one score in
// 1,009 (NaN), as real returns have them.
struct ProvinceFlatColumns {
  std::vector<std::int64_t> kids, at_school, adults, literate;
  std::vector<std::uint8_t> books, breach;
  std::vector<double> score;
  std::vector<std::int32_t> area, listed_area;
  hoctap::Batch batch;
  explicit ProvinceFlatColumns(std::size_t n, bool own_order = false, bool gaps = false)
      : kids(n), at_school(n), adults(n), literate(n), books(n), breach(n), score(n), area(n), listed_area(n) {
    for (std::size_t i = 0; i < n; ++i) {
      kids[i] = static_cast<std::int64_t>(i % 4);
      at_school[i] = kids[i] - static_cast<std::int64_t>(i % 7 == 0 && kids[i] > 0) - static_cast<std::int64_t>(i % 11 == 0 && kids[i] > 1);
      adults[i] = static_cast<std::int64_t>(1 + i % 3);
      literate[i] = adults[i] - static_cast<std::int64_t>(i % 13 == 0);
      books[i] = i % 5 != 0;
      breach[i] = i % 17 == 0;
      score[i] = static_cast<double>((i * 7) % 21) * 0.5;  // 0 to 10 in halves
      area[i] = static_cast<std::int32_t>(i % 3 == 0);
      listed_area[i] = own_order ? 1 - area[i] : area[i];
      if (gaps && i % 997 == 5) listed_area[i] = -1;
      if (gaps && i % 1009 == 7) score[i] = std::nan("");
    }
    batch.rows = n;
    batch.columns = {hoctap::Column::int64("so_con_trong_tuoi", kids.data()), hoctap::Column::int64("so_con_di_hoc", at_school.data()),
                     hoctap::Column::boolean("co_tu_sach", books.data()), hoctap::Column::float64("diem_hoc_tap", score.data()),
                     hoctap::Column::int64("so_nguoi_lon", adults.data()),
                     hoctap::Column::int64("so_nguoi_lon_biet_chu", literate.data()), hoctap::Column::boolean("vi_pham", breach.data()),
                     own_order ? hoctap::Column::codes("vung", listed_area.data(), {"mien_nui", "dong_bang"})
                               : hoctap::Column::codes("vung", listed_area.data(), {"dong_bang", "mien_nui"})};
  }
};
struct ProvinceFlatOwnOrderColumns : ProvinceFlatColumns {
  explicit ProvinceFlatOwnOrderColumns(std::size_t n) : ProvinceFlatColumns(n, true) {}
};
struct ProvinceFlatGapsColumns : ProvinceFlatColumns {
  explicit ProvinceFlatGapsColumns(std::size_t n) : ProvinceFlatColumns(n, false, true) {}
};

std::size_t hand_written_province_flat(const ProvinceFlatColumns& c, std::vector<std::int64_t>& total, std::vector<std::uint8_t>& recognized) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < total.size(); ++i) {
    const std::int64_t p11 = c.at_school[i] >= c.kids[i] ? 20 : c.at_school[i] * 2 >= c.kids[i] ? 10 : 0;
    const std::int64_t p12 = c.books[i] ? 20 : 0;
    const auto p21 = static_cast<std::int64_t>(std::floor(c.score[i] * 3 + 0.5));  // half up; scores in halves are exact
    const std::int64_t p31 = c.literate[i] >= c.adults[i] ? 15 : 0;
    const std::int64_t p32 = c.breach[i] ? 0 : 15;
    const std::int64_t t = p11 + p12 + p21 + p31 + p32;
    total[i] = t * 1000000;
    recognized[i] = t >= (c.area[i] == 0 ? 80 : 70);
    count += recognized[i];
  }
  return count;
}

// The same rule over columns with gaps, as a hand-written loop has to take them: a missing
// score gives no points for certain (the total is what the row surely has), and a row
// without its area has no threshold, so it is not recognized.
std::size_t hand_written_province_flat_gaps(const ProvinceFlatColumns& c, std::vector<std::int64_t>& total,
                                            std::vector<std::uint8_t>& recognized) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < total.size(); ++i) {
    const std::int64_t p11 = c.at_school[i] >= c.kids[i] ? 20 : c.at_school[i] * 2 >= c.kids[i] ? 10 : 0;
    const std::int64_t p12 = c.books[i] ? 20 : 0;
    const double score = c.score[i];
    const auto p21 = score == score ? static_cast<std::int64_t>(std::floor(score * 3 + 0.5)) : 0;
    const std::int64_t p31 = c.literate[i] >= c.adults[i] ? 15 : 0;
    const std::int64_t p32 = c.breach[i] ? 0 : 15;
    const std::int64_t t = p11 + p12 + p21 + p31 + p32;
    total[i] = t * 1000000;
    recognized[i] = (c.listed_area[i] >= 0) & (t >= (c.area[i] == 0 ? 80 : 70));
    count += recognized[i];
  }
  return count;
}

// The family set with members (gia-dinh-hoc-tap-tinh.yaml): 0 to 3 children and 1 to 3
// adults per family in member tables pointing at their family's row.
struct ProvinceFamilyColumns {
  std::size_t rows, children = 0, adults = 0;
  std::vector<std::uint8_t> books;
  std::vector<std::int64_t> child_parent, child_age, adult_parent, adult_age;
  std::vector<std::uint8_t> child_school, child_exempt, adult_literate, adult_learns;
  hoctap::Batch batch;
  explicit ProvinceFamilyColumns(std::size_t n) : rows(n), books(n) {
    for (std::size_t i = 0; i < n; ++i) {
      books[i] = i % 4 != 0;
      for (std::size_t c = 0; c < members_of(i, 0, 4, 1); ++c) {
        const std::size_t k = i * 3 + c;
        child_parent.push_back(static_cast<std::int64_t>(i));
        child_age.push_back(static_cast<std::int64_t>(2 + k % 16));
        child_school.push_back(k % 23 != 0);
        child_exempt.push_back(k % 41 == 0);
      }
      for (std::size_t a = 0; a < members_of(i, 1, 3, 2); ++a) {
        const std::size_t k = i * 5 + a;
        adult_parent.push_back(static_cast<std::int64_t>(i));
        adult_age.push_back(static_cast<std::int64_t>(17 + k % 70));
        adult_literate.push_back(k % 19 != 0);
        adult_learns.push_back(k % 3 != 0);
      }
    }
    children = child_parent.size();
    adults = adult_parent.size();
    batch.rows = n;
    batch.columns = {hoctap::Column::boolean("co_tu_sach", books.data())};
    hoctap::MemberTable kids{"con", children, child_parent.data(), {}};
    kids.columns = {hoctap::Column::int64("tuoi", child_age.data()), hoctap::Column::boolean("di_hoc", child_school.data()),
                    hoctap::Column::boolean("mien_tru", child_exempt.data())};
    hoctap::MemberTable grown{"nguoi_lon", adults, adult_parent.data(), {}};
    grown.columns = {hoctap::Column::int64("tuoi", adult_age.data()), hoctap::Column::boolean("biet_chu", adult_literate.data()),
                     hoctap::Column::boolean("hoc_tap", adult_learns.data())};
    batch.members = {std::move(kids), std::move(grown)};
  }
};

struct ProvinceFamilyScratch {
  std::vector<std::int64_t> kids_ok, working, literate, learns;
};

std::size_t hand_written_province_family(const ProvinceFamilyColumns& f, std::vector<std::int64_t>& total,
                                         std::vector<std::uint8_t>& recognized, ProvinceFamilyScratch& s) {
  const std::size_t n = f.rows;
  s.kids_ok.assign(n, 1);
  for (auto* v : {&s.working, &s.literate, &s.learns}) v->assign(n, 0);
  for (std::size_t k = 0; k < f.children; ++k) {  // without branches on the members' values, as hand_written_families
    const auto p = static_cast<std::size_t>(f.child_parent[k]);
    const bool in = (f.child_age[k] >= 6) & (f.child_age[k] <= 14) & !f.child_exempt[k];
    s.kids_ok[p] &= !in | (f.child_school[k] != 0);
  }
  for (std::size_t k = 0; k < f.adults; ++k) {
    const auto p = static_cast<std::size_t>(f.adult_parent[k]);
    const bool working = f.adult_age[k] <= 60;
    s.working[p] += working;
    s.literate[p] += working & (f.adult_literate[k] != 0);
    s.learns[p] |= f.adult_learns[k];
  }
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t p11 = s.kids_ok[i] ? 30 : 0;
    const std::int64_t w = s.working[i], l = s.literate[i];
    const std::int64_t p12 = w == 0 ? 30 : l * 10 >= w * 9 ? 30 : l * 10 >= w * 7 ? 15 : 0;
    const std::int64_t t = p11 + p12 + (s.learns[i] ? 20 : 0) + (f.books[i] ? 20 : 0);
    total[i] = t * 1000000;
    recognized[i] = t >= 70;
    count += recognized[i];
  }
  return count;
}

// hoctap on one of the province's sets, checked against its hand-written loop (decisions
// and totals row for row).
template <typename Columns, typename Hand>
void batch_province(benchmark::State& state, const char* file, Hand hand) {
  static std::map<std::string, hoctap::CriteriaSet> sets;
  if (sets.find(file) == sets.end()) sets.emplace(file, province_set(file));
  const auto& set = sets.at(file);
  Columns cols(kProvinceRows);
  hoctap::BatchOptions opts{hoctap::Date::parse("2025-06-30")};
  opts.threads = static_cast<unsigned>(state.range(0));
  opts.nodes = hoctap::NodeOutput::none;  // decision and total, what the loop computes
  std::vector<std::int64_t> total(kProvinceRows);
  std::vector<std::uint8_t> recognized(kProvinceRows);
  const std::size_t expected = hand(cols, total, recognized);
  hoctap::BatchResult out;
  for (auto _ : state) {
    hoctap::evaluate_batch(set, cols.batch, opts, out);
    benchmark::DoNotOptimize(out.decision.data());
  }
  std::size_t got = 0, differ = 0;
  for (std::size_t i = 0; i < kProvinceRows; ++i) {
    const bool yes = out.decision[i] == static_cast<std::uint8_t>(hoctap::Decision::recognized);
    got += yes;
    differ += yes != (recognized[i] != 0) || out.total_units[i] != total[i];
  }
  if (differ != 0) state.SkipWithError("hoctap and the hand-written loop disagree");
  state.counters["recognized"] = static_cast<double>(got);
  state.counters["expected"] = static_cast<double>(expected);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kProvinceRows));
}

void BM_ProvinceFlat(benchmark::State& state) {
  batch_province<ProvinceFlatColumns>(state, "gia-dinh-hieu-hoc-tinh.yaml", hand_written_province_flat);
}
// A hand-written loop over a province's columns, timed alone.
template <typename Columns, typename Hand>
void baseline_province(benchmark::State& state, Hand hand) {
  Columns cols(kProvinceRows);
  std::vector<std::int64_t> total(kProvinceRows);
  std::vector<std::uint8_t> recognized(kProvinceRows);
  for (auto _ : state) {
    hand(cols, total, recognized);
    benchmark::DoNotOptimize(recognized.data());
    benchmark::DoNotOptimize(total.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kProvinceRows));
}
void BM_BaselineProvinceFlat(benchmark::State& state) { baseline_province<ProvinceFlatColumns>(state, hand_written_province_flat); }
BENCHMARK(BM_ProvinceFlat)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
// The same with the area's labels in an order of their own (read through a table of codes).
void BM_ProvinceFlatOwnOrder(benchmark::State& state) {
  batch_province<ProvinceFlatOwnOrderColumns>(state, "gia-dinh-hieu-hoc-tinh.yaml", hand_written_province_flat);
}
BENCHMARK(BM_ProvinceFlatOwnOrder)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
// The same with gaps in the data (ProvinceFlatColumns), against a loop that takes them.
void BM_ProvinceFlatGaps(benchmark::State& state) {
  batch_province<ProvinceFlatGapsColumns>(state, "gia-dinh-hieu-hoc-tinh.yaml", hand_written_province_flat_gaps);
}
void BM_BaselineProvinceFlatGaps(benchmark::State& state) {
  baseline_province<ProvinceFlatGapsColumns>(state, hand_written_province_flat_gaps);
}
BENCHMARK(BM_ProvinceFlatGaps)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_BaselineProvinceFlatGaps)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BaselineProvinceFlat)->Unit(benchmark::kMillisecond);

void BM_ProvinceFamily(benchmark::State& state) {
  ProvinceFamilyScratch scratch;
  batch_province<ProvinceFamilyColumns>(state, "gia-dinh-hoc-tap-tinh.yaml",
                                        [&](const ProvinceFamilyColumns& c, std::vector<std::int64_t>& t, std::vector<std::uint8_t>& r) {
                                          return hand_written_province_family(c, t, r, scratch);
                                        });
}
void BM_BaselineProvinceFamily(benchmark::State& state) {
  ProvinceFamilyColumns cols(kProvinceRows);
  ProvinceFamilyScratch scratch;
  std::vector<std::int64_t> total(kProvinceRows);
  std::vector<std::uint8_t> recognized(kProvinceRows);
  for (auto _ : state) {
    hand_written_province_family(cols, total, recognized, scratch);
    benchmark::DoNotOptimize(recognized.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kProvinceRows));
}
BENCHMARK(BM_ProvinceFamily)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_BaselineProvinceFamily)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
