// Every file under criteria/ loads without errors or warnings, passes its own cases, and
// the folder is a consistent registry.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <set>
#include <sstream>

#include "helpers.hpp"
#include "model/model.hpp"

namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(criteria)

BOOST_AUTO_TEST_CASE(every_bundled_set_is_valid_and_passes_its_cases) {
  auto loaded = hoctap::Registry::load_directory(hoctap_test::source_path("criteria"));
  BOOST_TEST_REQUIRE(loaded.ok(), hoctap::format(loaded.diagnostics));
  BOOST_TEST(loaded.diagnostics.empty(), hoctap::format(loaded.diagnostics));
  BOOST_TEST(loaded.registry->sets().size() >= 2u);
  for (const auto& set : loaded.registry->sets()) {
    BOOST_TEST(hoctap::case_count(set) >= 3u, set.id());
    for (const auto& c : hoctap::run_cases(set, &*loaded.registry)) BOOST_TEST(c.passed, set.id() << ": " << c.name);
  }
}

// Every set's cases include a pass, a fail and a case that is not assessable or has a
// node that does not apply.
BOOST_AUTO_TEST_CASE(every_set_has_pass_fail_and_missing_data_cases) {
  auto loaded = hoctap::Registry::load_directory(hoctap_test::source_path("criteria"));
  BOOST_TEST_REQUIRE(loaded.ok());
  for (const auto& set : loaded.registry->sets()) {
    bool pass = false, fail = false, partial = false;
    for (const auto& c : set.compiled()->tests) {
      const auto& d = c.expect.decision;
      pass = pass || (d && *d == hoctap::Decision::recognized);
      fail = fail || (d && *d == hoctap::Decision::not_recognized);
      partial = partial || (d && *d == hoctap::Decision::not_assessable);
      for (const auto& n : c.expect.nodes)
        partial = partial || (n.status && (*n.status == hoctap::Status::not_applicable || *n.status == hoctap::Status::not_assessable));
    }
    BOOST_TEST(pass, set.id() << " has no recognized case");
    BOOST_TEST(fail, set.id() << " has no not-recognized case");
    BOOST_TEST(partial, set.id() << " has no not-assessable or not-applicable case");
  }
}

BOOST_AUTO_TEST_CASE(versions_chain_without_gaps_where_a_successor_is_named) {
  auto loaded = hoctap::Registry::load_directory(hoctap_test::source_path("criteria"));
  BOOST_TEST_REQUIRE(loaded.ok());
  for (const auto& set : loaded.registry->sets()) {
    if (set.supersedes().empty()) continue;
    for (const auto& old : loaded.registry->sets()) {
      if (old.id() != set.supersedes()) continue;
      BOOST_TEST_REQUIRE(old.valid_to().has_value(), old.id());
      BOOST_TEST(old.valid_to()->days() + 1 == set.valid_from().days(), old.id() << " → " << set.id());
    }
  }
  auto date = [](const char* d) { return *hoctap::Date::parse(d); };
  const auto& reg = *loaded.registry;
  BOOST_TEST(reg.find("cong_dan_hoc_tap", date("2023-10-24"))->id() == "cong-dan-hoc-tap/244-2022");
  BOOST_TEST(reg.find("cong_dan_hoc_tap", date("2023-10-25"))->id() == "cong-dan-hoc-tap/324-2023");
  BOOST_TEST(reg.find("cong_dong_hoc_tap_xa", date("2023-11-30"))->id() == "cong-dong-hoc-tap-xa/tt44-2014");
  BOOST_TEST(reg.find("cong_dong_hoc_tap_xa", date("2024-02-12"))->id() == "cong-dong-hoc-tap-xa/tt25-2023");
  BOOST_TEST(reg.find("don_vi_hoc_tap_huyen_tinh", date("2023-12-31"))->id() == "don-vi-hoc-tap-huyen-tinh/tt22-2020");
  BOOST_TEST(reg.find("gia_dinh_hoc_tap", date("2016-01-01"))->id() == "gia-dinh-hoc-tap/448-2016");
  BOOST_TEST(reg.find("gia_dinh_hoc_tap", date("2022-07-01"))->id() == "gia-dinh-hoc-tap/2022");
  BOOST_TEST(!reg.find("gia_dinh_hoc_tap", date("2015-12-31")).has_value());
}

BOOST_AUTO_TEST_CASE(every_set_says_where_it_comes_from) {
  auto loaded = hoctap::Registry::load_directory(hoctap_test::source_path("criteria"));
  BOOST_TEST_REQUIRE(loaded.ok());
  for (const auto& set : loaded.registry->sets()) {
    BOOST_TEST(!set.legal_basis().instrument.empty(), set.id());
    BOOST_TEST(!set.legal_basis().source.empty(), set.id());
    for (const auto& n : set.nodes()) {
      BOOST_TEST(!n.name_vi.empty(), n.id);
      BOOST_TEST(!n.name_en.empty(), n.id);
    }
  }
}

// Words by which a note (or the reference mark copied into the file) says that what it
// describes is not confirmed. A confirmed place may still mention a doubt recorded at
// another place when it points there ("see valid_from", "marked on each band").
static bool doubts(const std::string& text) {
  static const char* kWords[] = {"[I]", "[U]", "inferred", "not retrieved", "placeholder", "presumed", "not found",
                                 "unverified", "assumed", "this file's choice", "this file's reading", "is chosen"};
  for (const char* w : kWords)
    if (text.find(w) != std::string::npos) return text.find("see ") == std::string::npos && text.find("marked on") == std::string::npos;
  return false;
}

// The YAML comment on a line and the comment lines right above it.
static std::string comments_at(const std::string& source, int line) {
  std::vector<std::string> lines;
  std::istringstream in(source);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  std::string out;
  auto comment = [](const std::string& l) { auto h = l.find(" #"); return l.rfind("#", 0) == 0 ? l : h == std::string::npos ? "" : l.substr(h); };
  if (line < 1 || static_cast<std::size_t>(line) > lines.size()) return out;
  out += comment(lines[static_cast<std::size_t>(line) - 1]);
  for (int i = line - 2; i >= 0; --i) {
    const std::string& l = lines[static_cast<std::size_t>(i)];
    auto first = l.find_first_not_of(' ');
    if (first == std::string::npos || l[first] != '#') break;
    out += " " + l;
  }
  return out;
}

// Every place that reads as confirmed (its own mark or inherited: nodes, dates, the
// declared total, grade bands and blocks, scoring modes, applicability, targets) must not
// be contradicted by its note or by a comment on its line.
BOOST_AUTO_TEST_CASE(no_place_reads_confirmed_while_its_note_says_otherwise) {
  auto loaded = hoctap::Registry::load_directory(hoctap_test::source_path("criteria"));
  BOOST_TEST_REQUIRE(loaded.ok());
  std::size_t checked = 0;
  for (const auto& set : loaded.registry->sets()) {
    const auto& c = *set.compiled();
    for (const auto& p : c.places) {
      if (p.mark.confidence != hoctap::Confidence::confirmed) continue;
      ++checked;
      BOOST_TEST(!doubts(p.mark.note), set.id() << " " << p.place << " reads confirmed, but its note says: " << p.mark.note);
      const std::string around = comments_at(c.source_text, p.mark.line);
      BOOST_TEST(!doubts(around), set.id() << " " << p.place << " reads confirmed, but the file says: " << around);
    }
  }
  BOOST_TEST(checked > 50u);
  const hoctap::Targets& t = loaded.registry->targets();
  BOOST_TEST_REQUIRE(!t.all().empty());
  for (const auto& target : t.all())
    if (target.confidence == hoctap::Confidence::confirmed)
      BOOST_TEST(!doubts(target.note), "target " << target.indicator << " " << target.year << " reads confirmed: " << target.note);
  for (const auto& i : t.indicators())
    if (i.confidence == hoctap::Confidence::confirmed) BOOST_TEST(!doubts(i.note), "indicator " << i.id << ": " << i.note);
}

// The check above fails on a place that inherits "confirmed" while its note doubts it.
BOOST_AUTO_TEST_CASE(the_check_catches_an_inherited_confirmed) {
  auto r = hoctap::load_criteria_string(hoctap_test::minimal_set("  x: {type: int, label: {vi: x, en: x}}\n",
      "  - {id: a, name: {vi: A, en: A}, max: 10, points: {assessed: true, note: partial points were not retrieved}}\n",
      "valid_to: {value: 2022-06-30, note: the day is a placeholder}\n"), "inherit.yaml");
  BOOST_TEST_REQUIRE(r.ok(), hoctap::format(r.diagnostics));
  BOOST_TEST(hoctap_test::codes(r.diagnostics) == "H107 H107");
  std::size_t caught = 0;
  for (const auto& p : r.set->compiled()->places)
    if (p.mark.confidence == hoctap::Confidence::confirmed && doubts(p.mark.note)) ++caught;
  BOOST_TEST(caught == 2u);
  BOOST_TEST(r.set->unconfirmed().empty());
}

// Each choice the confidence issue found is listed by `validate --strict` with its note.
BOOST_AUTO_TEST_CASE(the_choices_are_listed_as_not_confirmed) {
  auto loaded = hoctap::Registry::load_directory(hoctap_test::source_path("criteria"));
  BOOST_TEST_REQUIRE(loaded.ok());
  auto listed = [&](const std::string& id, const std::string& place) {
    for (const auto& s : loaded.registry->sets())
      if (s.id() == id)
        for (const auto& u : s.unconfirmed())
          if (u.place == place) return !u.note.empty();
    return false;
  };
  const std::pair<const char*, const char*> kPlaces[] = {
      {"don-vi-hoc-tap-huyen-tinh/tt22-2020", "criteria[0].indicators[0].points (tc1_1)"},
      {"don-vi-hoc-tap-huyen-tinh/tt22-2020", "criteria[0].indicators[2].points (tc1_3)"},
      {"don-vi-hoc-tap-huyen-tinh/tt22-2020", "criteria[2].indicators[2].points (tc3_3)"},
      {"don-vi-hoc-tap-huyen-tinh/tt22-2020", "criteria[2].indicators[1].points (tc3_2)"},
      {"don-vi-hoc-tap-huyen-tinh/tt22-2020", "grades.bands (trung_binh)"},
      {"don-vi-hoc-tap-huyen-tinh/tt22-2020", "valid_to"},
      {"don-vi-hoc-tap-huyen-tinh/tt24-2023", "valid_from"},
      {"don-vi-hoc-tap-huyen-tinh/tt24-2023", "criteria[2].indicators[2].applies_when (tc3_2)"},
      {"don-vi-hoc-tap-huyen-tinh/tt24-2023", "criteria[4] (nang_muc)"},
      {"gia-dinh-hoc-tap/448-2016", "valid_to"},
      {"gia-dinh-hoc-tap/448-2016", "criteria[0].indicators[2].points (tc1c)"},
      {"dong-ho-hoc-tap/448-2016", "valid_to"},
      {"cong-dong-hoc-tap-thon/448-2016", "valid_to"},
      {"don-vi-hoc-tap-xa/448-2016", "valid_to"},
      {"don-vi-hoc-tap-xa/448-2016", "max_total"},
      {"cong-dong-hoc-tap-xa/tt44-2014", "valid_from"},
      {"cong-dong-hoc-tap-xa/tt44-2014", "max_total"},
      {"cong-dong-hoc-tap-xa/tt25-2023", "criteria[5] (nang_muc)"},
      {"cong-dan-hoc-tap/244-2022", "valid_from"},
      {"cong-dan-hoc-tap/244-2022", "valid_to"},
  };
  for (const auto& [id, place] : kPlaces) BOOST_TEST(listed(id, place), id << " does not list " << place);
  const hoctap::Targets& t = loaded.registry->targets();
  bool scope = false, mirrors = false;
  for (const auto& u : t.unconfirmed()) {
    scope = scope || u.place == "indicators.don_vi_hoc_tap";
    mirrors = mirrors || u.place.find("qd387_2030_mirrors, 2030") != std::string::npos;
  }
  BOOST_TEST(scope);
  BOOST_TEST(mirrors);
}

// Every value a bundled set leaves to the locality (`local: true`) is set by some of its
// cases from context, and changing it there changes a result.
BOOST_AUTO_TEST_CASE(every_local_value_is_set_from_context_and_changes_a_result) {
  auto loaded = hoctap::Registry::load_directory(hoctap_test::source_path("criteria"));
  BOOST_TEST_REQUIRE(loaded.ok());
  std::size_t locals = 0;
  for (const auto& set : loaded.registry->sets()) {
    for (const auto& in : set.inputs()) {
      if (!in.local) continue;
      ++locals;
      BOOST_TEST_REQUIRE(in.kind == "decimal", set.id() << " " << in.name);
      const auto& field = *set.compiled()->schemas[0].find(in.name);
      const hoctap::Decimal lo = field.min ? *field.min : hoctap::Decimal();
      const hoctap::Decimal hi = field.max ? *field.max : hoctap::Decimal::from_int(1000);
      bool set_somewhere = false, changes = false;
      for (const auto& c : set.compiled()->tests) {
        if (!c.context.contains(in.name) || c.input.contains(in.name)) continue;
        set_somewhere = true;
        auto run = [&](hoctap::Decimal v) {
          hoctap::Record ctx = c.context;
          ctx.set(in.name, hoctap::Value{v});
          return loaded.registry->evaluate_with(set, c.input, {c.date, &ctx});
        };
        hoctap::Result a = run(lo), b = run(hi);
        if (!a.problems().empty() || !b.problems().empty()) continue;
        changes = changes || a.decision() != b.decision() || a.level() != b.level() || a.total() != b.total();
      }
      BOOST_TEST(set_somewhere, set.id() << ": no case sets `" << in.name << "` from context");
      BOOST_TEST(changes, set.id() << ": setting `" << in.name << "` from context changes no result");
    }
  }
  BOOST_TEST(locals >= 9u);
}

// The clan share of 448 is the locality's: 30% recognizes a clan with 2 learning families
// of 5, 50% does not, and without it the share cannot be judged.
BOOST_AUTO_TEST_CASE(the_448_clan_share_is_the_localitys) {
  auto loaded = hoctap::Registry::load_directory(hoctap_test::source_path("criteria"));
  BOOST_TEST_REQUIRE(loaded.ok());
  hoctap::Record clan;
  clan.set("co_ban_khuyen_hoc", true);
  clan.set("co_quy_khuyen_hoc", true);
  std::vector<hoctap::Record> families(5);
  for (std::size_t i = 0; i < families.size(); ++i) families[i].set("result.recognized", i < 2);
  clan.set("gia_dinh", hoctap::Value{families});
  auto with = [&](const char* share) {
    hoctap::Record ctx;
    if (share) ctx.set("ty_le_gia_dinh_hoc_tap", hoctap::Value{*hoctap::Decimal::parse(share)});
    return loaded.registry->evaluate("dong_ho_hoc_tap", clan, {hoctap_test::day("2019-12-31"), &ctx});
  };
  BOOST_TEST(with("0.3").decision() == hoctap::Decision::recognized);
  BOOST_TEST(with("0.5").decision() == hoctap::Decision::not_recognized);
  hoctap::Result none = with(nullptr);
  BOOST_TEST(none.decision() == hoctap::Decision::not_assessable);
  BOOST_TEST(none.explain(hoctap::Lang::en).find("`ty_le_gia_dinh_hoc_tap` is missing") != std::string::npos, none.explain(hoctap::Lang::en));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(criteria)

// docs/criteria/<path>.{vi,en}.md are generated by scripts/gen-criteria-docs; a criteria
// change without regenerating them fails here, and so does a document left behind.
BOOST_AUTO_TEST_CASE(generated_documents_are_up_to_date) {
  const fs::path root = hoctap_test::source_path("criteria");
  const fs::path docs = hoctap_test::source_path("docs/criteria");
  std::set<std::string> expected;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() != ".yaml" || name == "targets.yaml" || name.find(".tests.yaml") != std::string::npos) continue;
    auto set = hoctap::CriteriaSet::load(e.path().string());
    std::string rel = fs::relative(e.path(), root).replace_extension("").string();
    for (const auto& [lang, suffix] : {std::pair{hoctap::Lang::vi, ".vi.md"}, std::pair{hoctap::Lang::en, ".en.md"}}) {
      const std::string doc_rel = rel + suffix;
      expected.insert(doc_rel);
      BOOST_TEST(hoctap_test::read_text((docs / doc_rel).string()) == hoctap::render_document(set, lang, hoctap::DocFormat::markdown),
                 "docs/criteria/" << doc_rel << " is stale: run scripts/gen-criteria-docs");
    }
  }
  for (const auto& e : fs::recursive_directory_iterator(docs)) {
    if (e.path().extension() != ".md" || e.path().filename() == "README.md") continue;
    BOOST_TEST(expected.count(fs::relative(e.path(), docs).string()) == 1u, e.path() << " has no criteria file");
  }
  BOOST_TEST(expected.size() >= 38u);
}

BOOST_AUTO_TEST_CASE(html_documents_are_one_self_contained_page) {
  auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/don-vi-hoc-tap/tt22-2020.yaml"));
  const std::string html = hoctap::render_document(set, hoctap::Lang::en, hoctap::DocFormat::html);
  BOOST_TEST(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
  BOOST_TEST(html.find("<td><code>tc2_4</code></td><td>  2.4 100% of members hold &quot;Advanced worker&quot; or higher</td><td>5</td>") != std::string::npos);
  BOOST_TEST(html.find("http") == html.find("https://lawnet.vn"));  // no external resource, only the cited source
}

BOOST_AUTO_TEST_SUITE_END()
