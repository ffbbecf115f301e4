// Counters for GET /metrics, in the Prometheus text format: requests and their latency
// by route and status, and evaluations by title and decision. Safe to update from any
// thread; routes are the API's path templates, never the paths requested (a path can
// carry anything).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "hoctap/hoctap.hpp"

namespace hoctap::serve {

class Metrics {
 public:
  static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,    0.25,  0.5,    1,     2.5,   5,    10};
  void request(const std::string& route, int status, double seconds);
  // `counts[d]` evaluations of `title` ended in Decision d; `errors` were error rows.
  void evaluations(const std::string& title, const std::array<std::uint64_t, 3>& counts, std::uint64_t errors);
  std::string render() const;

 private:
  struct Latency {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Latency> latency_;
  std::map<std::string, std::array<std::uint64_t, 4>> evaluations_;  // 3 decisions, then error rows
};

// The route template a request path belongs to (`/v1/evaluate/{title}`), or `other`.
std::string route_of(const std::string& method, const std::string& path);

}  // namespace hoctap::serve
