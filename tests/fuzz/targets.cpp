// The targets file (the programmes' target rates) on arbitrary text.
#include <cstdint>
#include <string_view>

#include "hoctap/hoctap.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto r = hoctap::Targets::load_string(std::string_view(reinterpret_cast<const char*>(data), size), "targets.yaml");
  (void)hoctap::format(r.diagnostics);
  return 0;
}
