// A float32 as the double of the decimal it was written as, for the hosts that hold
// numbers in 32-bit floats (Arrow's float32 children, numpy's and pandas' float32 columns).
#pragma once

#include <charconv>
#include <cmath>
#include <cstddef>

#include "hoctap/version.hpp"  // the internal namespace

namespace hoctap::internal {

// `f`'s shortest digits that read back to it (std::to_chars in scientific form: 0.1f is
// 0.1, whose own double is 0.100000001490116…; 123456789f is 1.2345679e8), as a Python
// float and a numpy float32 are read by their shortest repr, as a double; a float64 column
// then reads that double by the input contract (the decimal of at most six places whose
// nearest double it is). NaN and infinities stay as they are. to_chars and from_chars read
// no locale. A fast path takes whole numbers and 64ths below 128 (scores in halves,
// quarters) as they are, which are their own shortest digits; from 128 on a float's 64ths
// are digits its shortest text drops (128.015625f is 128.01562).
inline double float_as_written(float f) {
  const double x = f;
  const double sixty_fourths = x * 64.0;
  if (!std::isfinite(x) || (std::fabs(x) < 128.0 && std::nearbyint(sixty_fourths) == sixty_fourths)) return x;
  char text[32];
  const auto written = std::to_chars(text, text + sizeof text, f, std::chars_format::scientific);
  double out = x;
  std::from_chars(text, written.ptr, out);
  return out;
}

// float_as_written over n floats into `out`.
inline void floats_as_written(const float* in, std::size_t n, double* out) {
  for (std::size_t i = 0; i < n; ++i) out[i] = float_as_written(in[i]);
}

}  // namespace hoctap::internal
