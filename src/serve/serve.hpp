// `hoctap serve`: the criteria as a web service (JSON over HTTP) and as HTML forms.
//
// A client of the public API only. One registry is loaded at start and shared by every
// worker thread; a reload builds a new one beside it and swaps it in whole, so a request
// sees one registry from start to end. The HTTP library (cpp-httplib) parses requests and
// writes responses; connections, their deadlines and the bounded worker pool are ours
// (server.cpp).
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>

#include "hoctap/hoctap.hpp"

namespace hoctap::serve {

// What `hoctap serve` is told; every default is the safe one.
struct Options {
  std::string criteria = "criteria";  // the criteria folder (loaded at start and on reload)
  std::string listen = "127.0.0.1:8080";
  std::string token_file;             // when set: bearer token (≥ 16 characters) for all but /healthz
  unsigned workers = 64;              // connections served at once
  unsigned queue = 16;                // connections waiting for a worker; beyond: 503
  std::size_t max_body = 32u << 20;   // request body bytes
  std::size_t max_records = 100000;   // records in one evaluate request
  int header_timeout_ms = 10000;      // from a request's first byte to the end of its headers
  int read_timeout_ms = 5000;         // longest wait for body bytes
  int write_timeout_ms = 10000;       // longest wait for the client to take response bytes
  int idle_timeout_ms = 5000;         // a kept-alive connection with no next request
  unsigned reload_ms = 0;             // poll the folder for changes every this many ms (0: only SIGHUP)
  bool access_log = false;            // one line per request on stderr (method, route, status, time)
};

// The loaded criteria, immutable; requests hold it by shared_ptr for their whole life.
struct Catalog {
  Registry registry;
  std::size_t sets = 0;
};

// The current catalog, swapped whole on reload.
class Criteria {
 public:
  explicit Criteria(std::string folder) : folder_(std::move(folder)) {}
  std::shared_ptr<const Catalog> get() const { return std::atomic_load(&current_); }
  // Loads the folder; on success swaps it in. On failure keeps the current catalog and
  // puts the diagnostics in `why`.
  bool reload(std::string& why);
  const std::string& folder() const { return folder_; }

 private:
  std::string folder_;
  std::mutex reload_mutex_;
  std::shared_ptr<const Catalog> current_;
};

// Runs the server until SIGTERM or SIGINT; returns the process exit code.
int run(const Options& options);

// Writes one line to stderr (whole, with a UTC timestamp).
void log_line(const std::string& text);

}  // namespace hoctap::serve
