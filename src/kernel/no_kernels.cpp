// The kernel table of the generator tool itself: it is built before any kernel exists.
#include "kernel/kernel.hpp"

namespace hoctap::internal::kernel {

extern const Entry kCompiled[];
extern const std::size_t kCompiledCount;
const Entry kCompiled[] = {{"", nullptr}};
const std::size_t kCompiledCount = 0;

}  // namespace hoctap::internal::kernel
