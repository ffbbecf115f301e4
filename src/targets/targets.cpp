// Reading and querying targets files.
#include "hoctap/targets.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "util/messages.hpp"
#include "util/text.hpp"
#include "yaml/yaml_tree.hpp"

namespace hoctap {
inline namespace v0 {

struct Targets::Impl {
  std::vector<TargetIndicator> indicators;
  std::vector<Target> targets;
  std::vector<UnconfirmedPlace> unconfirmed, confirmed_notes;  // file order
  std::string source_path;
};

Targets::Targets() : impl_(std::make_shared<Impl>()) {}

namespace {

using internal::yaml::Node;

class Reader {
 public:
  Reader(const internal::yaml::Document& doc, std::vector<Diagnostic>& out) : doc_(doc), out_(out) {}

  void error(const Node* n, const std::string& path, const char* code, internal::Text message) {
    out_.push_back(doc_.at(n ? n->offset : 0, code, std::move(message), path));
  }

  // Checks a map's keys (an empty `known` accepts any key); returns false (with a
  // diagnostic) when `n` is not a map.
  bool keys(const Node* n, const std::string& path, std::initializer_list<const char*> known, std::initializer_list<const char*> required) {
    if (!n->is_map()) {
      error(n, path, "H102", internal::tr("targets.map"));
      return false;
    }
    for (const auto& [k, v] : n->entries) {
      if (known.size() == 0) break;
      bool ok = false;
      for (const char* key : known) ok = ok || k->text == key;
      if (!ok) {
        std::string list;
        for (const char* key : known) list += (list.empty() ? "" : ", ") + std::string(key);
        error(k, join(path, k->text), "H100",
              internal::with_suggestion(internal::tr("key.unknown", {k->text, list}), internal::nearest_name(k->text, {known.begin(), known.end()})));
      }
    }
    for (const char* key : required)
      if (!get(n, key)) error(n, path, "H101", internal::tr("key.missing", {std::string(key)}));
    return true;
  }

  static const Node* get(const Node* n, const char* key) {
    for (const auto& [k, v] : n->entries)
      if (k->text == key) return v;
    return nullptr;
  }

  static std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

  std::string text(const Node* n, const std::string& path) {
    if (n && n->is_scalar()) return n->text;
    error(n, path, "H102", internal::tr("targets.text"));
    return {};
  }

  std::optional<Decimal> share(const Node* n, const std::string& path) {
    if (n && n->is_scalar() && n->style == Node::Style::plain) {
      if (auto d = Decimal::parse(n->text)) {
        if (*d < Decimal() || *d > Decimal::from_int(1)) {
          error(n, path, "H103", internal::tr("targets.share_range", {n->text}));
          return std::nullopt;
        }
        return d;
      }
    }
    error(n, path, "H102", internal::tr("targets.share"));
    return std::nullopt;
  }

  Confidence confidence(const Node* n, const std::string& path) {
    std::string t = text(n, path);
    if (t == "inferred") return Confidence::inferred;
    if (t == "unknown") return Confidence::unknown;
    if (t != "confirmed") error(n, path, "H103", internal::tr("confidence.value", {t}));
    return Confidence::confirmed;
  }

  // The `confidence` and `note` of a place: its own, else `inherited`. Records the place
  // as not confirmed (when it declares a doubt) or as a confirmed note.
  void mark(const Node* n, const std::string& place, Confidence inherited, Confidence& confidence, std::string& note,
            Targets::Impl& impl) {
    const Node* c = get(n, "confidence");
    const Node* x = get(n, "note");
    confidence = c ? this->confidence(c, join(place, "confidence")) : inherited;
    if (x) note = text(x, join(place, "note"));
    if (c && confidence != Confidence::confirmed && note.empty())
      error(n, place, "H101", internal::tr("targets.place_note"));
    // A note without `confidence` reads as the inherited confidence (H107, as in criteria files).
    if (!c && x && !note.empty())
      out_.push_back(doc_.at(x->offset, "H107", internal::tr("note.inherits", {std::string(to_string(inherited))}), join(place, "note"),
                             Severity::warning));
    int line = doc_.line(n->offset);
    if (c && confidence != Confidence::confirmed) impl.unconfirmed.push_back({line, place, confidence, note});
    else if (c && x) impl.confirmed_notes.push_back({line, place, confidence, note});
  }

  const internal::yaml::Document& doc_;
  std::vector<Diagnostic>& out_;
};

struct Instrument {
  std::string instrument, source, note;
  Confidence confidence = Confidence::confirmed;
};

void read(const internal::yaml::Document& doc, Targets::Impl& impl, std::vector<Diagnostic>& out) {
  Reader r(doc, out);
  const Node* root = doc.root();
  if (!r.keys(root, "", {"hoctap_targets", "indicators", "instruments", "targets"}, {"hoctap_targets", "indicators", "instruments", "targets"}))
    return;
  if (const Node* v = Reader::get(root, "hoctap_targets"); v && (!v->is_scalar() || v->text != "1"))
    r.error(v, "hoctap_targets", "H103", internal::tr("targets.format_version"));
  std::set<std::string> indicator_ids;
  if (const Node* ind = Reader::get(root, "indicators"); ind && r.keys(ind, "indicators", {}, {})) {
    for (const auto& [k, v] : ind->entries) {
      std::string path = "indicators." + k->text;
      if (!r.keys(v, path, {"name", "title", "confidence", "note"}, {"name"})) continue;
      TargetIndicator ti;
      ti.id = k->text;
      if (const Node* name = Reader::get(v, "name"); name && r.keys(name, path + ".name", {"vi", "en"}, {"vi", "en"})) {
        if (const Node* x = Reader::get(name, "vi")) ti.name_vi = r.text(x, path + ".name.vi");
        if (const Node* x = Reader::get(name, "en")) ti.name_en = r.text(x, path + ".name.en");
      }
      if (const Node* t = Reader::get(v, "title")) ti.title = r.text(t, path + ".title");
      r.mark(v, path, Confidence::confirmed, ti.confidence, ti.note, impl);
      indicator_ids.insert(ti.id);
      impl.indicators.push_back(std::move(ti));
    }
  }
  std::map<std::string, Instrument> instruments;
  if (const Node* ins = Reader::get(root, "instruments"); ins && r.keys(ins, "instruments", {}, {})) {
    for (const auto& [k, v] : ins->entries) {
      std::string path = "instruments." + k->text;
      if (!r.keys(v, path, {"instrument", "issuer", "signed", "source", "confidence", "note"}, {"instrument", "source", "confidence"})) continue;
      Instrument i;
      if (const Node* x = Reader::get(v, "instrument")) i.instrument = r.text(x, path + ".instrument");
      if (const Node* x = Reader::get(v, "source")) i.source = r.text(x, path + ".source");
      r.mark(v, path, Confidence::confirmed, i.confidence, i.note, impl);
      if (const Node* x = Reader::get(v, "signed"); x && !(x->is_scalar() && Date::parse(x->text)))
        r.error(x, path + ".signed", "H102", internal::tr("targets.date"));
      instruments[k->text] = i;
    }
  }
  const Node* list = Reader::get(root, "targets");
  if (!list) return;
  if (!list->is_sequence()) {
    r.error(list, "targets", "H102", internal::tr("targets.list"));
    return;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list->items.size(); ++i) {
    const Node* e = list->items[i];
    std::string path = "targets[" + std::to_string(i) + "]";
    if (!r.keys(e, path, {"instrument", "year", "place", "values", "confidence", "note", "source", "alternatives"}, {"instrument", "year", "values"}))
      continue;
    Target base;
    const Node* inst = Reader::get(e, "instrument");
    std::string inst_id = inst ? r.text(inst, path + ".instrument") : "";
    auto it = instruments.find(inst_id);
    if (it == instruments.end()) {  // a missing `instrument` is reported by `keys`
      if (inst) r.error(inst, path + ".instrument", "H201", internal::tr("targets.instrument", {inst_id}));
      continue;
    }
    base.instrument = it->second.instrument;
    base.source = it->second.source;
    base.confidence = it->second.confidence;
    base.note = it->second.note;
    if (const Node* y = Reader::get(e, "year")) {
      auto d = y->is_scalar() ? Decimal::parse(y->text) : std::nullopt;
      if (!d || !d->is_integer() || d->units() / Decimal::kOne < 2000 || d->units() / Decimal::kOne > 2100)
        r.error(y, path + ".year", "H102", internal::tr("targets.year"));
      else base.year = static_cast<int>(d->units() / Decimal::kOne);
    }
    if (const Node* p = Reader::get(e, "place")) base.place = r.text(p, path + ".place");
    if (const Node* s = Reader::get(e, "source")) base.source = r.text(s, path + ".source");
    {
      std::string place = path + " (" + inst_id + (base.year ? ", " + std::to_string(base.year) : "") + (base.place.empty() ? "" : ", " + base.place) + ")";
      Confidence inherited = base.confidence;
      if (Reader::get(e, "note")) base.note.clear();  // the entry's own note replaces the instrument's
      r.mark(e, place, inherited, base.confidence, base.note, impl);
    }
    if (base.confidence != Confidence::confirmed && base.note.empty())
      r.error(e, path, "H101", internal::tr("targets.target_note"));
    std::vector<TargetAlternative> alternatives;
    if (const Node* alts = Reader::get(e, "alternatives")) {
      // Alternatives name the indicator they disagree on: {indicator, share, source, note}.
      if (!alts->is_sequence()) r.error(alts, path + ".alternatives", "H102", internal::tr("targets.alternatives"));
      else for (std::size_t a = 0; a < alts->items.size(); ++a) {
        const Node* alt = alts->items[a];
        std::string apath = path + ".alternatives[" + std::to_string(a) + "]";
        r.keys(alt, apath, {"indicator", "share", "source", "note"}, {"indicator", "share", "source"});
      }
    }
    const Node* values = Reader::get(e, "values");
    if (!values || !r.keys(values, path + ".values", {}, {})) continue;
    for (const auto& [k, v] : values->entries) {
      std::string vpath = path + ".values." + k->text;
      if (!indicator_ids.count(k->text)) {
        r.error(k, vpath, "H201", internal::tr("targets.indicator", {k->text}));
        continue;
      }
      std::vector<std::pair<std::string, const Node*>> by_area;
      if (v->is_map()) {
        for (const auto& [ak, av] : v->entries) by_area.emplace_back(ak->text == "general" ? "" : ak->text, av);
        if (!Reader::get(v, "general")) r.error(v, vpath, "H101", internal::tr("targets.general"));
      } else {
        by_area.emplace_back("", v);
      }
      for (const auto& [area, node] : by_area) {
        auto share = r.share(node, vpath + (area.empty() ? "" : "." + area));
        if (!share) continue;
        Target t = base;
        t.indicator = k->text;
        t.area = area;
        t.share = *share;
        std::string key = t.indicator + "|" + std::to_string(t.year) + "|" + t.place + "|" + t.area;
        if (!seen.insert(key).second) {
          r.error(node, vpath, "H104",
                  t.place.empty() ? internal::tr("targets.duplicate_national", {t.indicator, std::to_string(t.year)})
                                  : internal::tr("targets.duplicate_place", {t.indicator, std::to_string(t.year), t.place}));
          continue;
        }
        if (const Node* alts = Reader::get(e, "alternatives"); alts && alts->is_sequence()) {
          for (const Node* alt : alts->items) {
            if (!alt->is_map()) continue;
            const Node* ai = Reader::get(alt, "indicator");
            if (!ai || ai->text != t.indicator || !area.empty()) continue;
            TargetAlternative ta;
            if (auto s = r.share(Reader::get(alt, "share"), path + ".alternatives")) ta.share = *s;
            if (const Node* x = Reader::get(alt, "source")) ta.source = x->text;
            if (const Node* x = Reader::get(alt, "note")) ta.note = x->text;
            t.alternatives.push_back(std::move(ta));
          }
        }
        impl.targets.push_back(std::move(t));
      }
    }
  }
}

}  // namespace

TargetsLoadResult Targets::load_string(std::string_view text, const std::string& name, const LoadOptions& options) {
  TargetsLoadResult result;
  internal::yaml::Limits limits{options.max_file_bytes, options.max_yaml_nodes, options.max_depth};
  auto doc = internal::yaml::Document::read(std::string(text), name, limits, result.diagnostics);
  if (doc->root() == nullptr) return result;
  auto impl = std::make_shared<Impl>();
  impl->source_path = name;
  read(*doc, *impl, result.diagnostics);
  auto by_line = [](const UnconfirmedPlace& a, const UnconfirmedPlace& b) { return a.line < b.line; };
  std::stable_sort(impl->unconfirmed.begin(), impl->unconfirmed.end(), by_line);
  std::stable_sort(impl->confirmed_notes.begin(), impl->confirmed_notes.end(), by_line);
  if (has_errors(result.diagnostics)) return result;
  Targets t;
  t.impl_ = std::move(impl);
  result.targets = std::move(t);
  return result;
}

TargetsLoadResult Targets::load_file(const std::string& path, const LoadOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    TargetsLoadResult r;
    Diagnostic d;
    internal::Text message = internal::tr("file.unreadable", {path});
    d.code = "H001";
    d.message = std::move(message.en);
    d.message_vi = std::move(message.vi);
    d.file = path;
    r.diagnostics.push_back(std::move(d));
    return r;
  }
  std::ostringstream s;
  s << in.rdbuf();
  return load_string(s.str(), path, options);
}

const std::vector<TargetIndicator>& Targets::indicators() const { return impl_->indicators; }
const std::vector<Target>& Targets::all() const { return impl_->targets; }
const std::vector<UnconfirmedPlace>& Targets::unconfirmed() const { return impl_->unconfirmed; }
const std::vector<UnconfirmedPlace>& Targets::confirmed_notes() const { return impl_->confirmed_notes; }
const std::string& Targets::source_path() const { return impl_->source_path; }

std::vector<int> Targets::years(std::string_view indicator) const {
  std::set<int> ys;
  for (const Target& t : impl_->targets)
    if (t.indicator == indicator) ys.insert(t.year);
  return {ys.begin(), ys.end()};
}

std::optional<Target> Targets::find(std::string_view indicator, int year, std::string_view place, std::string_view area) const {
  // Candidates from the most specific place to the national level.
  std::vector<std::string> places;
  std::string p(place);
  while (!p.empty()) {
    places.push_back(p);
    std::size_t slash = p.rfind('/');
    p = slash == std::string::npos ? "" : p.substr(0, slash);
  }
  places.push_back("");
  for (const std::string& pl : places) {
    const Target* general = nullptr;
    for (const Target& t : impl_->targets) {
      if (t.indicator != indicator || t.year != year || t.place != pl) continue;
      if (!area.empty() && t.area == area) return t;
      if (t.area.empty()) general = &t;
    }
    if (general) return *general;
  }
  return std::nullopt;
}

}  // namespace v0
}  // namespace hoctap
