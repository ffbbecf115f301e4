// hoctap/version.hpp: the library version, and the ABI namespace.
//
// The numbers below are the single source of the version: CMake reads them for the
// shared library's VERSION and SOVERSION, and `engine_version()` reports them at run time
// (results carry it in their audit block).
#pragma once

#define HOCTAP_VERSION_MAJOR 0
#define HOCTAP_VERSION_MINOR 1
#define HOCTAP_VERSION_PATCH 0
#define HOCTAP_VERSION_STRING "0.1.0"

// Every public name lives in `hoctap::v0` and is reached as `hoctap::name`. A release
// that breaks the ABI bumps this namespace together with the SONAME.
#define HOCTAP_NAMESPACE_BEGIN namespace hoctap { inline namespace v0 {
#define HOCTAP_NAMESPACE_END } }

// Internals (src/) live in `hoctap::v0::internal`. Declaring it here makes every
// `namespace hoctap::internal { … }` in src/ extend that same namespace.
namespace hoctap { inline namespace v0 { namespace internal {} } }
