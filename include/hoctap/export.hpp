// hoctap/export.hpp: symbol visibility. The shared library is built with hidden
// visibility; only declarations marked HOCTAP_API are exported.
#pragma once

#if defined(HOCTAP_STATIC_DEFINE)
#  define HOCTAP_API
#elif defined(_WIN32)
#  if defined(HOCTAP_BUILDING)
#    define HOCTAP_API __declspec(dllexport)
#  else
#    define HOCTAP_API __declspec(dllimport)
#  endif
#else
#  define HOCTAP_API __attribute__((visibility("default")))
#endif

// Members of exported classes that only the library itself calls: never exported.
#if defined(_WIN32)
#  define HOCTAP_INTERNAL
#else
#  define HOCTAP_INTERNAL __attribute__((visibility("hidden")))
#endif
