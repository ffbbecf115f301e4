// The `hoctap serve` subcommand: its options on the command line (CLI11), registered by
// src/cli/main.cpp with one line and run with another.
#pragma once

#include <CLI/CLI.hpp>

#include "serve/serve.hpp"

namespace hoctap::serve {

class Command {
 public:
  explicit Command(CLI::App& app);
  bool selected() const { return cmd_->parsed(); }
  int run() const;

 private:
  CLI::App* cmd_;
  Options options_;
  double header_s_ = 10, read_s_ = 5, write_s_ = 10, idle_s_ = 5;
};

}  // namespace hoctap::serve
