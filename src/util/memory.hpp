// Large arrays on 2 MiB pages. Touching fresh memory faults once per 4 KiB page, and on
// a virtual machine each fault is expensive: zero-filling 40 MB of new vector took
// 110 ms on the development VM against 9 ms when the range is backed by huge pages
// (transparent huge pages in `madvise` mode, the common distribution default, give
// them only to ranges that ask). Result columns and parsed CSV columns are such arrays.
#pragma once

#include <cstddef>
#include <vector>

#include "hoctap/version.hpp"  // the internal namespace

namespace hoctap::internal {

// Asks the kernel to back the 2 MiB-aligned part of [data, data + bytes) with huge
// pages. A hint: does nothing where unsupported, never fails.
void advise_huge_pages(const void* data, std::size_t bytes);

// Blocks from this size up are worth advising: a smaller one seldom holds a whole
// aligned 2 MiB page.
constexpr std::size_t kHugePagesWorthIt = std::size_t{4} << 20;

// v.resize(n), where growing first takes fresh storage advised as huge pages (the old
// values are kept). Worth it from a few MiB up; smaller vectors are simply resized.
template <typename T>
void resize_large(std::vector<T>& v, std::size_t n) {
  if (n > v.capacity() && n * sizeof(T) >= kHugePagesWorthIt) {
    std::vector<T> fresh;
    fresh.reserve(n);
    advise_huge_pages(fresh.data(), n * sizeof(T));
    fresh.insert(fresh.end(), v.begin(), v.end());
    v.swap(fresh);
  }
  v.resize(n);
}

}  // namespace hoctap::internal
