// The criteria loader (YAML tree, schema, expressions, structure) on arbitrary text; a set
// that loads is evaluated on an empty record and rendered as the officers' table.
#include <cstdint>
#include <string_view>

#include "fuzz.hpp"
#include "hoctap/hoctap.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto r = hoctap::load_criteria_string(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.yaml");
  if (!r.ok()) {
    (void)hoctap::format(r.diagnostics);
    (void)hoctap::format(r.diagnostics, hoctap::Lang::vi);
    return 0;
  }
  hoctap::EvaluateOptions options;
  options.assessment_date = r.set->valid_from();
  hoctap::Result result = r.set->evaluate(hoctap::Record(), options);
  (void)result.to_json(true, hoctap::Lang::vi);
  (void)hoctap::render_document(*r.set, hoctap::Lang::en, hoctap::DocFormat::markdown);
  return 0;
}
