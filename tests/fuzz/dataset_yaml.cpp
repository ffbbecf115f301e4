// dataset.yaml (a dataset folder's name, place and context) on arbitrary text, in a folder
// whose CSV files hold headers only, evaluated with the bundled criteria.
#include <cstdint>
#include <fstream>
#include <stdexcept>

#include "fuzz.hpp"
#include "hoctap/hoctap.hpp"

namespace {

const hoctap::Registry& bundled() {
  static const hoctap::Registry registry = [] {
    auto r = hoctap::Registry::load_directory(hoctap_fuzz::source_path("criteria"));
    if (!r.registry) throw std::runtime_error(hoctap::format(r.diagnostics));
    std::ofstream(hoctap_fuzz::scratch_dir() + "/districts.csv") << "id,name,area\n";
    std::ofstream(hoctap_fuzz::scratch_dir() + "/communes.csv") << "id,name,district_id,area\n";
    return *r.registry;
  }();
  return registry;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const hoctap::Registry& registry = bundled();
  hoctap_fuzz::write_scratch("dataset.yaml", data, size);
  hoctap::DatasetOptions options;
  options.date = *hoctap::Date::parse("2023-12-31");
  try {
    (void)hoctap::evaluate_dataset(registry, hoctap_fuzz::scratch_dir(), options);
  } catch (const std::runtime_error&) {
    // an invalid dataset.yaml: documented
  }
  return 0;
}
