// Scratch folders of a test process, removed when the test module ends (main.cpp's
// global fixture). Needs nothing of the test build's definitions, so that every test
// executable's main.cpp can include it.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

namespace hoctap_test {

// The scratch folders made by scratch_dir in this test process.
inline std::vector<std::filesystem::path>& scratch_dirs() {
  static std::vector<std::filesystem::path> made;
  return made;
}

// A scratch folder of this test process, `<temp>/<name>-<pid>`, made when first asked
// for; main.cpp's global fixture removes every one when the module ends.
inline std::filesystem::path scratch_dir(const std::string& name) {
  const std::filesystem::path d = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  if (std::find(scratch_dirs().begin(), scratch_dirs().end(), d) == scratch_dirs().end()) scratch_dirs().push_back(d);
  std::filesystem::create_directories(d);
  return d;
}

}  // namespace hoctap_test
