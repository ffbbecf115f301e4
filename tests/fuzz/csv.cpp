// The dataset CSV reader (src/dataset/csv.hpp) on arbitrary bytes, whole and a chunk of
// rows at a time, asking for one column of every kind.
#include <cstdint>
#include <stdexcept>

#include "dataset/csv.hpp"
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using hoctap::internal::CsvKind;
  std::string path = hoctap_fuzz::write_scratch("fuzz.csv", data, size);
  const std::vector<std::pair<std::string, CsvKind>> wanted = {
      {"id", CsvKind::id}, {"n", CsvKind::number}, {"b", CsvKind::boolean}, {"d", CsvKind::date}, {"t", CsvKind::text}};
  try {
    hoctap::internal::CsvTable whole = hoctap::internal::read_csv(path, wanted);
    hoctap::internal::CsvReader reader(path, wanted);
    hoctap::internal::CsvTable chunk;
    std::size_t rows = 0;
    while (reader.next(chunk, 3)) rows += chunk.rows;
    if (rows != whole.rows) __builtin_trap();  // chunks and the whole file agree
  } catch (const std::runtime_error&) {
    // no header, or unreadable: documented
  }
  return 0;
}
