#include "serve/metrics.hpp"

#include <cstdio>

namespace hoctap::serve {

void Metrics::request(const std::string& route, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{route, status}];
  Latency& l = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++l.buckets[i];
  ++l.count;
  l.sum += seconds;
}

void Metrics::evaluations(const std::string& title, const std::array<std::uint64_t, 3>& counts, std::uint64_t errors) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& e = evaluations_[title];
  for (std::size_t i = 0; i < 3; ++i) e[i] += counts[i];
  e[3] += errors;
}

namespace {
std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}
}  // namespace

std::string Metrics::render() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  out += "# HELP hoctap_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE hoctap_http_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    out += "hoctap_http_requests_total{route=\"" + key.first + "\",status=\"" + std::to_string(key.second) + "\"} " +
           std::to_string(n) + "\n";
  out += "# HELP hoctap_http_request_duration_seconds Time from a request's first byte to its last response byte.\n";
  out += "# TYPE hoctap_http_request_duration_seconds histogram\n";
  for (const auto& [route, l] : latency_) {
    std::string name = "hoctap_http_request_duration_seconds";
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      out += name + "_bucket{route=\"" + route + "\",le=\"" + number(kBuckets[i]) + "\"} " + std::to_string(l.buckets[i]) + "\n";
    out += name + "_bucket{route=\"" + route + "\",le=\"+Inf\"} " + std::to_string(l.count) + "\n";
    out += name + "_sum{route=\"" + route + "\"} " + number(l.sum) + "\n";
    out += name + "_count{route=\"" + route + "\"} " + std::to_string(l.count) + "\n";
  }
  out += "# HELP hoctap_evaluations_total Records evaluated, by title and decision (`error`: the record could not be read).\n";
  out += "# TYPE hoctap_evaluations_total counter\n";
  static const char* kDecision[4] = {"recognized", "not_recognized", "not_assessable", "error"};
  for (const auto& [title, counts] : evaluations_)
    for (std::size_t i = 0; i < 4; ++i)
      if (counts[i])
        out += "hoctap_evaluations_total{title=\"" + title + "\",decision=\"" + kDecision[i] + "\"} " + std::to_string(counts[i]) + "\n";
  return out;
}

std::string route_of(const std::string& method, const std::string& path) {
  auto starts = [&](const char* p) { return path.rfind(p, 0) == 0; };
  if (method == "GET") {
    if (path == "/") return "/";
    if (path == "/healthz") return "/healthz";
    if (path == "/metrics") return "/metrics";
    if (path == "/openapi.json") return "/openapi.json";
    if (path == "/v1/titles") return "/v1/titles";
    if (starts("/v1/titles/") && path.size() > 20 && path.compare(path.size() - 9, 9, "/versions") == 0) return "/v1/titles/{title}/versions";
    if (starts("/v1/sets/")) return "/v1/sets/{id}";
    if (starts("/forms/")) return "/forms/{title}";
  } else if (method == "POST") {
    if (starts("/v1/evaluate/")) return "/v1/evaluate/{title}";
    if (path == "/v1/validate") return "/v1/validate";
  }
  return "other";
}

}  // namespace hoctap::serve
