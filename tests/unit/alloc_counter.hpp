// Counts heap allocations made by the current thread while a counter is alive. The test
// executable replaces the global operator new (alloc_counter.cpp) to do this.
#pragma once

#include <cstddef>

#include "sanitizers.hpp"

namespace hoctap_test {
// Sanitizers interpose operator new themselves: the counter then stands down.
#if HOCTAP_TEST_ASAN
constexpr bool kCountingAllocations = false;
#else
constexpr bool kCountingAllocations = true;
#endif
std::size_t& allocations();  // this thread's count
struct AllocationCounter {
  std::size_t start = allocations();
  std::size_t count() const { return allocations() - start; }
};
}  // namespace hoctap_test
