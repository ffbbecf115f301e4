// Running the cases a criteria file carries and comparing expected with actual.
#include "hoctap/testing.hpp"

#include <algorithm>

#include "model/model.hpp"

namespace hoctap {
inline namespace v0 {
std::size_t case_count(const CriteriaSet& set) { return set.compiled()->tests.size(); }

namespace {

const char* const kUnread = "the test cases of this file cannot be read";

// The cases of a file that could not be read (loader.hpp: set_aside_case_problems): one
// failed report per file, each problem a mismatch, so that `hoctap test` fails and says why
// while evaluation with the set goes on.
void report_unread_cases(const CriteriaSet& set, std::vector<CaseReport>& reports) {
  for (const Diagnostic& d : set.compiled()->test_problems) {
    auto same_file = [&](const CaseReport& r) { return r.file == d.file && r.name == kUnread; };
    auto it = std::find_if(reports.begin(), reports.end(), same_file);
    if (it == reports.end()) {
      CaseReport rep;
      rep.set_id = set.id();
      rep.name = kUnread;
      rep.file = d.file;
      rep.line = d.line;
      reports.push_back(std::move(rep));
      it = reports.end() - 1;
    }
    std::string where = d.line > 0 ? "line " + std::to_string(d.line) + ", column " + std::to_string(d.column) : d.file;
    it->mismatches.push_back({d.code + " at " + where, "a case the set can run", d.message});
  }
}

}  // namespace

std::vector<CaseReport> run_cases(const CriteriaSet& set, const Registry* registry) {
  std::vector<CaseReport> reports;
  report_unread_cases(set, reports);
  for (const internal::TestCase& c : set.compiled()->tests) {
    CaseReport rep;
    rep.set_id = set.id();
    rep.name = c.name;
    rep.file = c.file;
    rep.line = c.line;
    EvaluateOptions options;
    options.assessment_date = c.date;
    options.context = &c.context;
    options.place = set.place();  // members judged by the versions the set's own place uses, as a dataset of that place is
    Result r = registry ? registry->evaluate_with(set, c.input, options) : set.evaluate(c.input, options);
    auto mismatch = [&](std::string what, std::string expected, std::string actual) {
      if (expected != actual) rep.mismatches.push_back({std::move(what), std::move(expected), std::move(actual)});
    };
    const internal::Expectation& e = c.expect;
    if (e.decision) mismatch("decision", std::string(to_string(*e.decision)), std::string(to_string(r.decision())));
    if (e.total) mismatch("total", e.total->to_string(), r.total().to_string());
    if (e.grade) {
      auto g = r.grade();
      mismatch("grade", e.grade->empty() ? "(none)" : *e.grade, g ? std::string(g->id) : "(none)");
    }
    if (e.level) mismatch("level", std::to_string(*e.level), std::to_string(r.level()));
    if (e.points_to_next) mismatch("points_to_next_grade", e.points_to_next->to_string(), r.points_to_next_grade().to_string());
    for (const auto& ne : e.nodes) {
      const NodeResult* n = r.node(ne.id);
      if (!n) continue;  // the loader checked the id
      if (ne.points) mismatch("node " + ne.id + " points", ne.points->to_string(), n->points.to_string());
      if (ne.status) mismatch("node " + ne.id + " status", std::string(to_string(*ne.status)), std::string(to_string(n->status)));
      if (ne.level) mismatch("node " + ne.id + " level", std::to_string(*ne.level), std::to_string(n->level));
    }
    if (!e.problems.empty() || !r.problems().empty()) {
      std::string want, got;
      for (const auto& p : e.problems) want += (want.empty() ? "" : ", ") + p;
      for (const auto& p : r.problems()) got += (got.empty() ? "" : ", ") + p.code + " " + p.input;
      // Expected entries name codes, optionally followed by the input: `missing tre_em[0].tuoi`.
      std::string got_codes;
      for (const auto& p : r.problems()) got_codes += (got_codes.empty() ? "" : ", ") + p.code;
      if (want != got && want != got_codes) rep.mismatches.push_back({"problems", want.empty() ? "(none)" : want, got.empty() ? "(none)" : got});
    }
    auto fragments = [&](const std::vector<std::string>& want, Lang lang, const char* what) {
      if (want.empty()) return;
      std::string text = r.explain(lang);
      for (const std::string& f : want)
        if (text.find(f) == std::string::npos) rep.mismatches.push_back({what, "contains \"" + f + "\"", text});
    };
    fragments(e.explain_vi, Lang::vi, "explanation (vi)");
    fragments(e.explain_en, Lang::en, "explanation (en)");
    rep.passed = rep.mismatches.empty();
    reports.push_back(std::move(rep));
  }
  return reports;
}

}  // namespace v0
}  // namespace hoctap
