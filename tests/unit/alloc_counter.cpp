#include "alloc_counter.hpp"

#include <cstdlib>
#include <new>

namespace hoctap_test {
std::size_t& allocations() {
  static thread_local std::size_t n = 0;
  return n;
}
}  // namespace hoctap_test

#if !HOCTAP_TEST_ASAN
void* operator new(std::size_t size) {
  ++hoctap_test::allocations();
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#endif
