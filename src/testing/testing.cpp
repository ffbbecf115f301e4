// Running the cases a criteria file carries and comparing expected with actual.
#include "hoctap/testing.hpp"

#include <algorithm>

#include "model/model.hpp"
#include "util/messages.hpp"

namespace hoctap {
inline namespace v0 {
std::size_t case_count(const CriteriaSet& set) { return set.compiled()->tests.size(); }

namespace {

using internal::Text;
using internal::tr;

// A mismatch from texts in both languages.
CaseMismatch mismatch_of(Text what, Text expected, Text actual) {
  return {std::move(what.en), std::move(expected.en), std::move(actual.en), std::move(what.vi), std::move(expected.vi), std::move(actual.vi)};
}

// A value the case file and the result write alike: the same in both languages.
Text same(std::string s) { return {s, s}; }

// A decision or status as the case file writes it in English (its id), in words in Vietnamese.
Text decision_text(Decision d) { return {std::string(to_string(d)), std::string(words(d, Lang::vi))}; }
Text status_text(Status s) { return {std::string(to_string(s)), std::string(words(s, Lang::vi))}; }

// The cases of a file that could not be read (loader.hpp: set_aside_case_problems): one
// failed report per file, each problem a mismatch, so that `hoctap test` fails and says why
// while evaluation with the set goes on.
void report_unread_cases(const CriteriaSet& set, std::vector<CaseReport>& reports) {
  for (const Diagnostic& d : set.compiled()->test_problems) {
    const Text unread = tr("run.unread");
    auto same_file = [&](const CaseReport& r) { return r.file == d.file && r.name == unread.en; };
    auto it = std::find_if(reports.begin(), reports.end(), same_file);
    if (it == reports.end()) {
      CaseReport rep;
      rep.set_id = set.id();
      rep.name = unread.en;
      rep.name_vi = unread.vi;
      rep.file = d.file;
      rep.line = d.line;
      reports.push_back(std::move(rep));
      it = reports.end() - 1;
    }
    Text where = d.line > 0 ? tr("run.unread_at", {d.code, std::to_string(d.line), std::to_string(d.column)}) : tr("run.unread_in", {d.code, d.file});
    it->mismatches.push_back(mismatch_of(std::move(where), tr("run.runnable"), {d.message, d.message_in(Lang::vi)}));
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
    auto mismatch = [&](Text what, Text expected, Text actual) {
      if (expected.en != actual.en) rep.mismatches.push_back(mismatch_of(std::move(what), std::move(expected), std::move(actual)));
    };
    const internal::Expectation& e = c.expect;
    if (e.decision) mismatch(tr("run.decision"), decision_text(*e.decision), decision_text(r.decision()));
    if (e.total) mismatch(tr("run.total"), same(e.total->to_string()), same(r.total().to_string()));
    if (e.grade) {
      auto g = r.grade();
      mismatch(tr("run.grade"), e.grade->empty() ? tr("run.none") : same(*e.grade), g ? same(std::string(g->id)) : tr("run.none"));
    }
    if (e.level) mismatch(tr("run.level"), same(std::to_string(*e.level)), same(std::to_string(r.level())));
    if (e.points_to_next) mismatch(tr("run.points_to_next"), same(e.points_to_next->to_string()), same(r.points_to_next_grade().to_string()));
    for (const auto& ne : e.nodes) {
      const NodeResult* n = r.node(ne.id);
      if (!n) continue;  // the loader checked the id
      if (ne.points) mismatch(tr("run.node_points", {ne.id}), same(ne.points->to_string()), same(n->points.to_string()));
      if (ne.status) mismatch(tr("run.node_status", {ne.id}), status_text(*ne.status), status_text(n->status));
      if (ne.level) mismatch(tr("run.node_level", {ne.id}), same(std::to_string(*ne.level)), same(std::to_string(n->level)));
    }
    if (!e.problems.empty() || !r.problems().empty()) {
      std::string want, got;
      for (const auto& p : e.problems) want += (want.empty() ? "" : ", ") + p;
      for (const auto& p : r.problems()) got += (got.empty() ? "" : ", ") + p.code + " " + p.input;
      // Expected entries name codes, optionally followed by the input: `missing tre_em[0].tuoi`.
      std::string got_codes;
      for (const auto& p : r.problems()) got_codes += (got_codes.empty() ? "" : ", ") + p.code;
      if (want != got && want != got_codes)
        rep.mismatches.push_back(mismatch_of(tr("run.problems"), want.empty() ? tr("run.none") : same(want), got.empty() ? tr("run.none") : same(got)));
    }
    auto fragments = [&](const std::vector<std::string>& want, Lang lang, const char* what) {
      if (want.empty()) return;
      std::string text = r.explain(lang);
      for (const std::string& f : want)
        if (text.find(f) == std::string::npos) rep.mismatches.push_back(mismatch_of(tr(what), tr("run.contains", {f}), same(text)));
    };
    fragments(e.explain_vi, Lang::vi, "run.explain_vi");
    fragments(e.explain_en, Lang::en, "run.explain_en");
    rep.passed = rep.mismatches.empty();
    reports.push_back(std::move(rep));
  }
  return reports;
}

}  // namespace v0
}  // namespace hoctap
