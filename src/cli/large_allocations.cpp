// The command's allocations of a few MiB and more are asked to be backed by 2 MiB pages.
//
// Why: `hoctap report` on a province grows columns, indexes and results of millions of
// rows. Fresh memory faults once per 4 KiB page, and on virtual machines a fault is
// expensive. Transparent huge pages in `madvise` mode (the common distribution default)
// give 2 MiB pages only to ranges that ask. The library asks for its own largest arrays
// (util/memory.hpp); this replacement of the global `operator new`, in the executable
// only, asks for every large block the process allocates (vectors as they grow, id
// pools, result columns), which is what glibc's `glibc.malloc.hugetlb=1` tunable does
// when set before start. A library embedded in another program never replaces its host's
// allocator.
//
// Contract: the standard replaceable `operator new(std::size_t)` (new[] and the nothrow
// forms call it); memory comes from malloc, so the default operator delete (free) pairs
// with it. The advice is a hint: without transparent huge pages nothing changes. Under a
// sanitizer, whose runtime owns new and delete, the default stays.
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(hwaddress_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define HOCTAP_SANITIZED_ALLOCATOR 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_HWADDRESS__) || defined(__SANITIZE_THREAD__)
#define HOCTAP_SANITIZED_ALLOCATOR 1
#endif

#if !defined(HOCTAP_SANITIZED_ALLOCATOR)
#include <cstdlib>
#include <new>

#include "util/memory.hpp"

void* operator new(std::size_t bytes) {
  if (bytes == 0) bytes = 1;
  void* p;
  while ((p = std::malloc(bytes)) == nullptr) {
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
  if (bytes >= hoctap::internal::kHugePagesWorthIt) hoctap::internal::advise_huge_pages(p, bytes);
  return p;
}

#endif  // !HOCTAP_SANITIZED_ALLOCATOR
