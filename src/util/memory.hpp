// Large arrays: on 2 MiB pages, read ahead, and written past the cache. Fresh memory
// faults once per page it is touched on, and on a virtual machine each fault is costly;
// huge pages make those faults 512 times fewer (transparent huge pages in `madvise`
// mode, the common distribution default, give them only to ranges that ask). Result
// columns and parsed CSV columns are such arrays.
#pragma once

#include <cstddef>
#include <cstdint>
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

// Asks the memory for bytes [offset, offset + bytes) of `data`, a cache line at a time,
// and goes on: for data read soon in short runs, which the processor's own prefetcher
// starts anew on each page. The range may pass the end of the buffer (no pointer is made
// to it, and a prefetch never faults).
inline void prefetch_bytes(const void* data, std::size_t offset, std::size_t bytes) {
  constexpr std::size_t kLine = 64;
  if (bytes == 0) return;
  const std::uintptr_t first = reinterpret_cast<std::uintptr_t>(data) + offset;
  for (std::uintptr_t at = first & ~std::uintptr_t{kLine - 1}; at < first + bytes; at += kLine) {
#if defined(__GNUC__) && defined(__x86_64__)
    // An instruction, not __builtin_prefetch: GCC removes that builtin from a function it
    // finds free of side effects, and with it every call.
    asm volatile("prefetcht0 (%0)" : : "r"(at));
#else
    (void)at;
#endif
  }
}

// memcpy(dst, src, bytes) with stores that bypass the cache where the processor has them
// (x86-64's non-temporal stores), else plain memcpy. For columns far larger than the
// cache, written once and read later: a cached store first reads its line from memory,
// which doubles the traffic, and evicts what the writer still reads. The stores are
// ordered before the writer's later ones only after stream_fence(), which every thread
// that streamed calls before the columns are handed over.
void stream_copy(void* dst, const void* src, std::size_t bytes);
void stream_fence();

// Columns from this many bytes up are worth streaming: a smaller one fits in the cache,
// where its reader would find it.
constexpr std::size_t kStreamWorthIt = std::size_t{4} << 20;

}  // namespace hoctap::internal
