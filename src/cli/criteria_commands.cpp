// The commands about criteria files themselves (validate, test, doc) and what `evaluate`
// shares with them: loading criteria paths, reading --lang and --context.
#include "criteria_commands.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "lang.hpp"
#include "records.hpp"

namespace hoctap::cli {

namespace fs = std::filesystem;

std::size_t count_set_files(const std::string& dir) {
  std::size_t n = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (it->is_regular_file() && it->path().extension() == ".yaml" &&
        !(name.size() > 11 && name.compare(name.size() - 11, 11, ".tests.yaml") == 0))
      ++n;
  }
  return n;
}

// Several folders (a national one and a province's own sets) load as one registry.
Loaded load_folders(const std::vector<std::string>& folders) {
  Loaded out;
  for (const std::string& f : folders) out.files += count_set_files(f);
  auto r = hoctap::Registry::load_directories(folders);
  out.diagnostics = std::move(r.diagnostics);
  if (r.registry) {
    out.sets = r.registry->sets();
    out.registry = std::move(r.registry);
  }
  return out;
}

Loaded load_path(const std::string& path) {
  Loaded out;
  if (fs::is_directory(path)) {
    out.files = count_set_files(path);
    auto r = hoctap::Registry::load_directory(path);
    out.diagnostics = std::move(r.diagnostics);
    if (r.registry) {
      out.sets = r.registry->sets();
      out.registry = std::move(r.registry);
    }
  } else {
    out.files = 1;
    auto r = hoctap::load_criteria_file(path);
    out.diagnostics = std::move(r.diagnostics);
    if (r.set) out.sets.push_back(*r.set);
  }
  return out;
}

hoctap::Lang lang_arg(const std::string& text) { return text == "en" ? hoctap::Lang::en : hoctap::Lang::vi; }

bool parse_context(const std::vector<std::string>& pairs, hoctap::Record& out, std::string& error) {
  for (const std::string& p : pairs) {
    std::size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      error = hoctap::cli::say("--context takes name=value, not `", "--context nhận tên=giá_trị, không phải `") + p + "`";
      return false;
    }
    std::string name = p.substr(0, eq), text = p.substr(eq + 1);
    out.set(name, text);  // text, read as the input's type by the input contract
  }
  return true;
}

int cmd_validate(const std::vector<std::string>& paths, const std::string& format, bool strict) {
  bool valid = true;
  std::size_t files = 0, errors = 0, warnings = 0;
  nlohmann::json diags = nlohmann::json::array(), unconfirmed = nlohmann::json::array(), notes = nlohmann::json::array();
  nlohmann::json per_set = nlohmann::json::array();
  std::string text, counts;
  // --strict: every place not confirmed, then each confirmed place's note, per file.
  auto list = [&](const std::string& file, const std::string& set, const std::vector<hoctap::UnconfirmedPlace>& places,
                  const std::vector<hoctap::UnconfirmedPlace>& confirmed_notes) {
    for (const auto& u : places) {
      std::string conf(hoctap::to_string(u.confidence));
      unconfirmed.push_back({{"file", file}, {"line", u.line}, {"set", set}, {"place", u.place}, {"confidence", conf}, {"note", u.note}});
      const std::string said = hoctap::cli::message_lang() == hoctap::Lang::en ? conf
                               : u.confidence == hoctap::Confidence::inferred ? "suy luận" : "chưa rõ";
      text += file + ":" + std::to_string(u.line) + ": " + said + ": " + u.place + (u.note.empty() ? "" : ": " + u.note) + "\n";
    }
    for (const auto& u : confirmed_notes) {
      notes.push_back({{"file", file}, {"line", u.line}, {"set", set}, {"place", u.place}, {"note", u.note}});
      text += file + ":" + std::to_string(u.line) + hoctap::cli::say(": confirmed, note: ", ": đã xác nhận, ghi chú: ") + u.place + ": " + u.note + "\n";
    }
    per_set.push_back({{"set", set}, {"file", file}, {"not_confirmed", places.size()}});
    counts += "  " + set + ": " + std::to_string(places.size()) + "\n";
  };
  // Folders are checked together, as one registry, as `evaluate`, `report` and `test` load
  // a national folder and a province's own (the places' versions must not overlap, each
  // id is unique, members' titles may be in another folder); files one by one.
  std::vector<std::vector<std::string>> units;
  std::size_t folders_unit = paths.size();
  for (const std::string& p : paths) {
    if (!fs::is_directory(p) || count_set_files(p) == 0) {
      units.push_back({p});
    } else if (folders_unit == paths.size()) {
      folders_unit = units.size();
      units.push_back({p});
    } else {
      units[folders_unit].push_back(p);
    }
  }
  for (const std::vector<std::string>& unit : units) {
    const std::string& p = unit.front();
    // A targets file given on its own is read as one (a folder reads its own).
    std::optional<hoctap::Targets> targets;
    Loaded l;
    if (unit.size() > 1) {
      l = load_folders(unit);
      if (l.registry && !l.registry->targets().source_path().empty()) targets = l.registry->targets();
    } else if (fs::path(p).filename() == "targets.yaml" && !fs::is_directory(p)) {
      auto t = hoctap::Targets::load_file(p);
      l.files = 1;
      l.diagnostics = std::move(t.diagnostics);
      targets = std::move(t.targets);
    } else {
      l = load_path(p);
      if (l.registry && !l.registry->targets().source_path().empty()) targets = l.registry->targets();
      // A folder without a criteria file is most likely a wrong path: "0 files checked"
      // and success would let a check pass that checked nothing.
      if (l.files == 0 && fs::is_directory(p)) {
        hoctap::Diagnostic none;
        none.code = "H001";
        none.file = p;
        none.message = "no criteria file in `" + p + "`: nothing was checked";
        none.message_vi = "không có tệp tiêu chí nào trong `" + p + "`: không có gì được kiểm tra";
        l.diagnostics.push_back(std::move(none));
      }
    }
    files += l.files;
    for (const auto& d : l.diagnostics) {
      (d.severity == hoctap::Severity::error ? errors : warnings) += 1;
      diags.push_back(hoctap::cli::diagnostic_json(d));
      text += hoctap::format(d, hoctap::cli::message_lang());
    }
    if (hoctap::has_errors(l.diagnostics)) valid = false;
    if (strict) {
      for (const auto& s : l.sets) list(s.source_path(), s.id(), s.unconfirmed(), s.confirmed_notes());
      if (targets) list(targets->source_path(), "targets", targets->unconfirmed(), targets->confirmed_notes());
    }
  }
  if (format == "json") {
    nlohmann::json out = {{"valid", valid}, {"files", files}, {"errors", errors}, {"warnings", warnings}, {"diagnostics", diags}};
    if (strict) {
      out["unconfirmed"] = unconfirmed;
      out["confirmed_notes"] = notes;
      out["per_set"] = per_set;
    }
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << text;
    using hoctap::cli::say;
    if (strict && !counts.empty()) std::cout << say("places not confirmed, per set:\n", "mục chưa được xác nhận, theo bộ:\n") << counts;
    if (hoctap::cli::message_lang() == hoctap::Lang::vi)
      std::cout << "đã kiểm tra " << files << " tệp: " << errors << " lỗi, " << warnings << " cảnh báo";
    else
      std::cout << files << (files == 1 ? " file" : " files") << " checked: " << errors << (errors == 1 ? " error" : " errors")
                << ", " << warnings << (warnings == 1 ? " warning" : " warnings");
    if (strict) std::cout << ", " << unconfirmed.size() << say(" places not confirmed", " mục chưa được xác nhận");
    std::cout << "\n";
  }
  return valid ? kOk : kInvalidCriteria;
}

int cmd_test(const std::vector<std::string>& paths, const std::vector<std::string>& criteria_dirs, const std::string& format) {
  // --criteria (a national folder, then a province's own): the registry members are judged
  // by, as `evaluate` and `report` load them.
  std::optional<hoctap::Registry> members;
  if (!criteria_dirs.empty()) {
    Loaded r = load_folders(criteria_dirs);
    if (!r.registry) {
      std::cerr << hoctap::format(r.diagnostics, hoctap::cli::message_lang());
      return kInvalidCriteria;
    }
    members = std::move(r.registry);
  }
  std::size_t passed = 0, failed = 0;
  nlohmann::json cases = nlohmann::json::array();
  bool invalid = false;
  for (const std::string& p : paths) {
    // A folder tested with --criteria is loaded with them, as `evaluate` and `report` load
    // a province's folder beside the national one: its sets' members may be the other
    // folders' titles, or its own province's versions of them. Its own sets' cases run.
    const bool join = members && fs::is_directory(p) && std::find(criteria_dirs.begin(), criteria_dirs.end(), p) == criteria_dirs.end();
    Loaded l;
    if (join) {
      std::vector<std::string> all = criteria_dirs;
      all.push_back(p);
      l = load_folders(all);
      std::error_code ec;
      const fs::path own = fs::weakly_canonical(p, ec);
      std::vector<hoctap::CriteriaSet> mine;
      for (const hoctap::CriteriaSet& s : l.sets) {
        const fs::path file = fs::weakly_canonical(fs::path(s.source_path()), ec);
        if (std::mismatch(own.begin(), own.end(), file.begin(), file.end()).first == own.end()) mine.push_back(s);
      }
      l.sets = std::move(mine);
    } else {
      l = load_path(p);
    }
    if (hoctap::has_errors(l.diagnostics)) {
      std::cerr << hoctap::format(l.diagnostics, hoctap::cli::message_lang());
      invalid = true;
      continue;
    }
    const hoctap::Registry* reg = l.registry ? &*l.registry : members ? &*members : nullptr;
    for (const auto& s : l.sets) {
      for (const auto& c : hoctap::run_cases(s, reg)) {
        (c.passed ? passed : failed) += 1;
        nlohmann::json mism = nlohmann::json::array();
        // English with the case file's keys and ids, and the same in Vietnamese beside it.
        for (const auto& m : c.mismatches)
          mism.push_back({{"what", m.what}, {"expected", m.expected}, {"actual", m.actual}, {"what_vi", m.what_in(hoctap::Lang::vi)},
                          {"expected_vi", m.expected_in(hoctap::Lang::vi)}, {"actual_vi", m.actual_in(hoctap::Lang::vi)}});
        cases.push_back({{"set", c.set_id}, {"name", c.name}, {"name_vi", c.name_in(hoctap::Lang::vi)}, {"file", c.file}, {"line", c.line},
                         {"passed", c.passed}, {"mismatches", mism}});
        if (format == "json") continue;
        using hoctap::cli::say;
        const hoctap::Lang lang = hoctap::cli::message_lang();
        std::cout << (c.passed ? say("PASS ", "ĐẠT ") : say("FAIL ", "TRƯỢT ")) << c.set_id << ": " << c.name_in(lang);
        if (!c.passed) {
          std::cout << "  (" << c.file << ":" << c.line << ")\n";
          for (const auto& m : c.mismatches) {
            std::cout << "    " << m.what_in(lang) << say(":\n      expected: ", ":\n      cần:      ") << m.expected_in(lang)
                      << say("\n      actual:   ", "\n      thực tế:  ");
            // Multi-line actual values (explanations) are indented under their label; the
            // final line break ends the value, not a line of spaces.
            std::string actual = m.actual_in(lang);
            if (!actual.empty() && actual.back() == '\n') actual.pop_back();
            for (char ch : actual) std::cout << (ch == '\n' ? std::string("\n                ") : std::string(1, ch));
            std::cout << "\n";
          }
        } else {
          std::cout << "\n";
        }
      }
    }
  }
  if (format == "json") {
    std::cout << nlohmann::json({{"passed", passed}, {"failed", failed}, {"cases", cases}}).dump(2) << "\n";
  } else {
    std::cout << passed << hoctap::cli::say(" passed, ", " đạt, ") << failed << hoctap::cli::say(" failed\n", " trượt\n");
  }
  if (invalid) return kInvalidCriteria;
  return failed == 0 ? kOk : kTestsFailed;
}

int cmd_doc(const std::string& path, const std::string& lang, const std::string& format, const std::vector<std::string>& context_pairs) {
  hoctap::Record context;
  std::string context_error;
  if (!parse_context(context_pairs, context, context_error)) {
    std::cerr << "hoctap: " << context_error << "\n";
    return kUsage;
  }
  auto loaded = hoctap::load_criteria_file(path);
  if (!loaded.ok()) {
    std::cerr << hoctap::format(loaded.diagnostics, hoctap::cli::message_lang());
    return kInvalidCriteria;
  }
  // A --context picks the values of one area: its name must be a category input of the set
  // and its value one of that scale's, or every area's values would be printed without a word.
  using hoctap::cli::say;
  std::vector<std::string> categories;
  for (const hoctap::InputInfo& in : loaded.set->inputs())
    if (in.kind == "category" && in.name.find('.') == std::string::npos) categories.push_back(in.name);
  for (const auto& field : context.fields()) {
    const std::string& name = field.first;
    const auto& value = field.second;
    const auto in = std::find_if(loaded.set->inputs().begin(), loaded.set->inputs().end(), [&](const hoctap::InputInfo& i) { return i.name == name; });
    if (std::find(categories.begin(), categories.end(), name) == categories.end()) {
      std::string listed;
      for (const std::string& c : categories) listed += (listed.empty() ? "`" : ", `") + c + "`";
      std::cerr << "hoctap: --context `" << name << say("` is not a category input of `", "` không phải đầu vào phân loại của bộ `") << loaded.set->id()
                << say("` (it has: ", "` (bộ có: ") << (listed.empty() ? say("none", "không có") : listed) << ")";
      if (const std::string near = hoctap::nearest_name(name, categories); !near.empty()) std::cerr << say("; did you mean `", "; có phải `") << near << "`?";
      std::cerr << "\n";
      return kUsage;
    }
    const std::string* text = std::get_if<std::string>(&value);
    if (text == nullptr || std::find(in->values.begin(), in->values.end(), *text) == in->values.end()) {
      std::string listed;
      for (const std::string& v : in->values) listed += (listed.empty() ? "" : ", ") + v;
      std::cerr << "hoctap: --context " << name << "=" << (text ? *text : std::string()) << say(": not a value of `", ": không phải giá trị của `") << name << "` ("
                << listed << ")";
      if (text != nullptr)
        if (const std::string near = hoctap::nearest_name(*text, in->values); !near.empty()) std::cerr << say("; did you mean `", "; có phải `") << near << "`?";
      std::cerr << "\n";
      return kUsage;
    }
  }
  std::cout << hoctap::render_document(*loaded.set, lang_arg(lang),
                                       format == "html" ? hoctap::DocFormat::html : hoctap::DocFormat::markdown,
                                       context_pairs.empty() ? nullptr : &context);
  return kOk;
}

}  // namespace hoctap::cli
