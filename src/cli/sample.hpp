// `hoctap sample`: a synthetic province in the dataset layout (docs/datasets.md).
#pragma once

#include <cstdint>
#include <string>

namespace hoctap::cli {

struct SampleOptions {
  std::uint64_t seed = 1;
  std::uint64_t households = 2000;
  std::string out;
};

// Writes the dataset; returns a one-line summary. Throws std::runtime_error on I/O errors.
std::string write_sample(const SampleOptions& options);

}  // namespace hoctap::cli
