// JSON lines judged by columns: the fast path of `POST /v1/evaluate/{title}` with a
// JSON-lines body. A piece of the body is read line by line straight into typed columns
// (a hoctap::Batch), judged with evaluate_batch, and each answer written from the batch's
// result columns, byte for byte what cli::RowJudge writes for the same line.
//
// Only plain records take this path: an object whose keys are the set's inputs (and
// `id`), each once, with values of the input's JSON type (a whole number for `int`, a
// number of at most six decimals for `decimal`, true/false for `bool`, a string without
// escapes or non-ASCII bytes for the others), and every member list given as an array of
// such objects. Anything else — bad JSON, unknown or repeated keys, `null`, a record's own
// `context`, members of a list judged by another title, a row with data problems, a line
// past the limits — is handed back to the caller line by line, who judges it with
// RowJudge, so every message stays exactly the row path's. A set whose answer the batch
// result cannot give exactly (a levels set of several levels, a local input that is not a
// number or a boolean) takes no fast path at all (LinePlan::usable).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hoctap/hoctap.hpp"

namespace hoctap::serve {

// What a request's lines share: the set's inputs by name, the constant parts of every
// answer. Built once per request; read-only, shared by the threads judging its pieces.
class LinePlan {
 public:
  // Null when the set or the options need the row path for every line (explain, strict,
  // an unsupported set). `options` and `context` must outlive the plan.
  static std::unique_ptr<LinePlan> make(const CriteriaSet& set, const EvaluateOptions& options, const Record& context,
                                        bool explain, bool strict);
  struct Impl;
  explicit LinePlan(std::unique_ptr<Impl> impl);
  ~LinePlan();
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// A line the fast path hands back: its text (without the end of line) and its row number.
using SlowLine = std::function<void(std::string_view line, std::size_t row, std::string& out)>;

// Judges the lines of `text` (whole lines; rows numbered from `first_row`, blank lines
// not counted) into `out`, one answer and `\n` per row, in order; `slow` judges the lines
// the fast path does not take. Adds the fast rows' decisions to `decisions`. One per
// thread: it keeps its columns from one piece to the next.
class LineJudge {
 public:
  explicit LineJudge(const LinePlan& plan);
  ~LineJudge();
  void judge(std::string_view text, std::size_t first_row, std::string& out, const SlowLine& slow,
             std::array<std::uint64_t, 3>& decisions);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hoctap::serve
