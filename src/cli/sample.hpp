// `hoctap sample`: a synthetic province in the dataset layout (docs/datasets.md).
#pragma once

#include <cstdint>
#include <string>

namespace hoctap::cli {

// The sample province has 13 districts of at least one household each; the most is far
// beyond the national scale (27 million), a bound on what a typo can ask for.
constexpr std::uint64_t kSampleLeastHouseholds = 13, kSampleMostHouseholds = 1000000000;

struct SampleOptions {
  std::uint64_t seed = 1;
  std::uint64_t households = 2000;  // kSampleLeastHouseholds..kSampleMostHouseholds, exactly that many written
  std::string out;
};

// Writes the dataset; returns a one-line summary. Throws std::runtime_error on I/O errors.
std::string write_sample(const SampleOptions& options);

}  // namespace hoctap::cli
