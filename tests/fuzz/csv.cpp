// The dataset CSV reader (src/dataset/csv.hpp) on arbitrary bytes, whole and a chunk of
// rows at a time, asking for one column of every kind. The bytes are read where libFuzzer
// holds them (read_csv_bytes, CsvReader over CsvBytes): the tokenizer and the columns are
// the same code as for a file, an overread past the input's end is caught by ASan (a
// mapped file ends on a page), and no file is written per input. The file path (open,
// fstat, mmap, the reader over a mapping) is read once per process, on a fixed file.
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "dataset/csv.hpp"
#include "fuzz.hpp"

namespace {

using hoctap::internal::CsvKind;

const std::vector<std::pair<std::string, CsvKind>>& wanted() {
  static const std::vector<std::pair<std::string, CsvKind>> columns = {
      {"id", CsvKind::id}, {"n", CsvKind::number}, {"b", CsvKind::boolean}, {"d", CsvKind::date}, {"t", CsvKind::text}};
  return columns;
}

// Reads `bytes` whole and in chunks of 3 rows, from memory or, with `path`, from that file;
// the chunks' id and text columns gathered into one table read back the whole read's texts.
void read_both_ways(std::string_view bytes, const std::string& path) {
  try {
    hoctap::internal::CsvTable whole = path.empty() ? hoctap::internal::read_csv_bytes(bytes, "fuzz.csv", wanted())
                                                    : hoctap::internal::read_csv(path, wanted());
    hoctap::internal::CsvReader reader = path.empty() ? hoctap::internal::CsvReader(hoctap::internal::CsvBytes{bytes, "fuzz.csv"}, wanted())
                                                      : hoctap::internal::CsvReader(path, wanted());
    hoctap::internal::CsvTable chunk, gathered;
    std::size_t rows = 0;
    while (reader.next(chunk, 3)) {
      rows += chunk.rows;
      hoctap::internal::append_columns(gathered, chunk, {"id", "t"});
    }
    if (rows != whole.rows) __builtin_trap();  // chunks and the whole file agree
    for (const char* name : {"id", "t"}) {
      const hoctap::internal::CsvColumn* a = whole.find(name);
      const hoctap::internal::CsvColumn* b = gathered.find(name);
      if (a == nullptr || b == nullptr || !a->present) continue;
      for (std::size_t r = 0; r < whole.rows; ++r)
        if (a->text(r) != b->text(r)) __builtin_trap();
    }
  } catch (const std::runtime_error&) {
    // no header, or unreadable: documented
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // On the first input that is not empty: libFuzzer's first call, with no bytes, is not
  // counted as coverage.
  static bool file_read = false;
  if (!file_read && size > 0) {
    file_read = true;
    const std::string text = "id,n,b,d,t\nA1,7.5,true,2023-12-31,x\nA2,,no,2023-02-30,\"y,z\"\n";
    read_both_ways(text, hoctap_fuzz::write_scratch("fuzz.csv", reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
  }
  read_both_ways(std::string_view(reinterpret_cast<const char*>(data), size), "");
  return 0;
}
