// The dataset CSV reader (src/dataset/csv.hpp) on arbitrary bytes, whole and a chunk of
// rows at a time, asking for one column of every kind. The bytes are read where libFuzzer
// holds them (read_csv_bytes, CsvReader over CsvBytes): the tokenizer and the columns are
// the same code as for a file, an overread past the input's end is caught by ASan (a
// mapped file ends on a page), and no file is written per input. The file path
// (open, fstat, mmap) is read once per process, on a copy of the first input.
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "dataset/csv.hpp"
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using hoctap::internal::CsvKind;
  static const std::vector<std::pair<std::string, CsvKind>> wanted = {
      {"id", CsvKind::id}, {"n", CsvKind::number}, {"b", CsvKind::boolean}, {"d", CsvKind::date}, {"t", CsvKind::text}};
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  static const bool file_read = [&] {
    try {
      (void)hoctap::internal::read_csv(hoctap_fuzz::write_scratch("fuzz.csv", data, size), wanted);
    } catch (const std::runtime_error&) {
    }
    return true;
  }();
  (void)file_read;
  try {
    hoctap::internal::CsvTable whole = hoctap::internal::read_csv_bytes(bytes, "fuzz.csv", wanted);
    hoctap::internal::CsvReader reader(hoctap::internal::CsvBytes{bytes, "fuzz.csv"}, wanted);
    hoctap::internal::CsvTable chunk;
    std::size_t rows = 0;
    while (reader.next(chunk, 3)) rows += chunk.rows;
    if (rows != whole.rows) __builtin_trap();  // chunks and the whole file agree
  } catch (const std::runtime_error&) {
    // no header, or unreadable: documented
  }
  return 0;
}
