// hoctap/hoctap.hpp: the whole public API of hoctap.
//
// Load a criteria set (a YAML file) into a validated, compiled, immutable CriteriaSet;
// evaluate records against it into Results; keep a Registry of versions to pick the one
// in force on a day; run the cases criteria files carry. See README.md for a tour.
#pragma once

#include "hoctap/batch.hpp"
#include "hoctap/criteria.hpp"
#include "hoctap/csv.hpp"
#include "hoctap/dataset.hpp"
#include "hoctap/diff.hpp"
#include "hoctap/diagnostic.hpp"
#include "hoctap/doc.hpp"
#include "hoctap/error.hpp"
#include "hoctap/export.hpp"
#include "hoctap/json.hpp"
#include "hoctap/registry.hpp"
#include "hoctap/report.hpp"
#include "hoctap/result.hpp"
#include "hoctap/targets.hpp"
#include "hoctap/testing.hpp"
#include "hoctap/value.hpp"
#include "hoctap/version.hpp"

HOCTAP_NAMESPACE_BEGIN

// The engine's version, `0.1.0`.
HOCTAP_API const char* engine_version() noexcept;

HOCTAP_NAMESPACE_END
