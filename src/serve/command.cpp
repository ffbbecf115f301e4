#include "serve/command.hpp"

namespace hoctap::serve {

Command::Command(CLI::App& app) {
  cmd_ = app.add_subcommand("serve", "Serve the criteria as a web service (JSON API) and as forms (docs/serve.md)");
  Options& o = options_;
  cmd_->add_option("--criteria", o.criteria, "criteria folder (default: criteria)");
  cmd_->add_option("--listen", o.listen, "HOST:PORT to listen on (default: 127.0.0.1:8080; port 0 picks a free one)");
  cmd_->add_option("--token-file", o.token_file, "file holding a bearer token (at least 16 characters) every route but /healthz requires");
  cmd_->add_option("--workers", o.workers, "connections served at once (default: 64)")->check(CLI::Range(1u, 4096u));
  cmd_->add_option("--queue", o.queue, "connections waiting for a worker before 503 (default: 16)");
  cmd_->add_option("--max-body", o.max_body, "largest request body in bytes (default: 33554432)");
  cmd_->add_option("--max-records", o.max_records, "most records in one evaluate request (default: 100000)");
  cmd_->add_option("--header-timeout", header_s_, "seconds from a request's first byte to the end of its headers (default: 10)")->check(CLI::Range(0.01, 3600.0));
  cmd_->add_option("--read-timeout", read_s_, "seconds to wait for body bytes (default: 5)")->check(CLI::Range(0.01, 3600.0));
  cmd_->add_option("--write-timeout", write_s_, "seconds to wait for the client to take response bytes (default: 10)")->check(CLI::Range(0.01, 3600.0));
  cmd_->add_option("--idle-timeout", idle_s_, "seconds a kept-alive connection may wait for its next request (default: 5)")->check(CLI::Range(0.01, 3600.0));
  cmd_->add_option("--reload", o.reload_ms, "check the criteria folder for changes every MS milliseconds and reload (SIGHUP always reloads)");
  cmd_->add_flag("--access-log", o.access_log, "one line per request on stderr: method, route, status, time (never paths or bodies)");
}

int Command::run() const {
  Options o = options_;
  o.header_timeout_ms = static_cast<int>(header_s_ * 1000);
  o.read_timeout_ms = static_cast<int>(read_s_ * 1000);
  o.write_timeout_ms = static_cast<int>(write_s_ * 1000);
  o.idle_timeout_ms = static_cast<int>(idle_s_ * 1000);
  return serve::run(o);
}

}  // namespace hoctap::serve
