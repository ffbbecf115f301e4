// hoctap/targets.hpp: the rates the programmes aim at, to compare achieved rates with.
//
//   auto loaded = hoctap::Registry::load_directory("criteria");   // reads criteria/targets.yaml too
//   const hoctap::Targets& targets = loaded.registry->targets();
//   auto t = targets.find("gia_dinh_hoc_tap", 2025, "quang_nam/tam_ky", "");
//   // t->share == 0.8 (Tam Kỳ's own 2025 target), t->instrument, t->confidence
//
// Targets are stated as a share of all entities of a kind (families, clans, villages,
// units) or of people (adults holding Công dân học tập), for a target year, nationally
// or for a place (a province, or a district as `province/district`), with a lower value
// for difficult areas where the instrument gives one. Every value carries its
// instrument, source and confidence; values that sources disagree on keep their
// alternatives. Immutable and thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hoctap/criteria.hpp"
#include "hoctap/diagnostic.hpp"
#include "hoctap/export.hpp"
#include "hoctap/value.hpp"
#include "hoctap/version.hpp"

HOCTAP_NAMESPACE_BEGIN

// What a target measures.
struct TargetIndicator {
  std::string id;        // e.g. `gia_dinh_hoc_tap`
  std::string name_vi;
  std::string name_en;
  std::string title;     // the title whose recognition rate it is, when it is one
  // Whether comparing with `title`'s recognitions is the scope the instrument means
  // (e.g. which units count), and why not when it is not confirmed.
  Confidence confidence = Confidence::confirmed;
  std::string note;
};

// A value a source gives that differs from the one retained.
struct TargetAlternative {
  Decimal share;
  std::string source;
  std::string note;
};

struct Target {
  std::string indicator;
  int year = 0;              // the target year (e.g. 2025)
  std::string place;         // empty: national; `province` or `province/district`
  std::string area;          // empty: general areas; e.g. `kho_khan` (difficult areas)
  Decimal share;             // 0.7 = 70%
  std::string instrument;    // "Quyết định 387/QĐ-TTg"
  std::string source;
  Confidence confidence = Confidence::confirmed;
  std::string note;
  std::vector<TargetAlternative> alternatives;
};

class Targets;

struct TargetsLoadResult;

class HOCTAP_API Targets {
 public:
  Targets();  // no targets
  // Loads and validates a targets file (`hoctap_targets: 1`). Never throws for bad
  // content: problems are diagnostics with the same codes as criteria files.
  static TargetsLoadResult load_file(const std::string& path, const LoadOptions& options = {});
  static TargetsLoadResult load_string(std::string_view text, const std::string& name, const LoadOptions& options = {});

  const std::vector<TargetIndicator>& indicators() const;
  const std::vector<Target>& all() const;
  // Target years known for an indicator, ascending.
  std::vector<int> years(std::string_view indicator) const;
  // The target for `indicator` in `year` that applies to `place` (its own, else its
  // province's, else the national one) and `area` (the area's value, else the general).
  std::optional<Target> find(std::string_view indicator, int year, std::string_view place = "",
                             std::string_view area = "") const;
  // Instruments, target entries and indicators' comparison scopes whose confidence is
  // not `confirmed` (as declared in the file), in file order; and confirmed ones with a note.
  const std::vector<UnconfirmedPlace>& unconfirmed() const;
  const std::vector<UnconfirmedPlace>& confirmed_notes() const;
  const std::string& source_path() const;  // the file (or name) it was read from

  struct Impl;  // internal

 private:
  std::shared_ptr<const Impl> impl_;
};

struct TargetsLoadResult {
  std::optional<Targets> targets;
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return targets.has_value(); }
};

HOCTAP_NAMESPACE_END
