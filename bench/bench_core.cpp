// Core figures: loading and validating the bundled criteria, and evaluating one record
// through the public API, beside a hand-written C++ function that computes the same
// Công dân học tập rule from the same record.
#include <benchmark/benchmark.h>

#include <hoctap/hoctap.hpp>
#include <stdexcept>

namespace {

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

void BM_BatchCitizens(benchmark::State& state) {
  const auto& set = citizen_set();
  CitizenColumns cols(100000);
  hoctap::BatchOptions opts{hoctap::Date::parse("2023-06-30")};
  opts.threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(hoctap::evaluate_batch(set, cols.batch, opts));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 100000);
}
BENCHMARK(BM_BatchCitizens)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same rule by hand over the same columns: the baseline for the batch path.
void BM_BaselineHandWrittenColumns(benchmark::State& state) {
  CitizenColumns cols(100000);
  std::vector<std::uint8_t> recognized(cols.rows);
  std::vector<std::int64_t> total(cols.rows);
  for (auto _ : state) {
    for (std::size_t i = 0; i < cols.rows; ++i) {
      double t = 0;
      bool floor_ok = true;
      for (int k = 0; k < 10; ++k) {
        double v = cols.scores[k][i];
        t += v;
        floor_ok = floor_ok && v >= 5;
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

}  // namespace

BENCHMARK_MAIN();
