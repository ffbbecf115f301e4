// Worker threads kept for the life of the process, to split one call's work (a batch's
// row ranges) across cores. Starting threads per call cost their start and, worse, a cold
// scratch arena per thread: every page of it faulted in again on each call.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "hoctap/version.hpp"  // the internal namespace

namespace hoctap::internal {

// Runs task(0) … task(count - 1) and returns when all have finished: task(0) on the
// calling thread (its scratch is warm), task(t) on worker t call after call unless another
// thread (the caller or a worker done with its own task) took it first, from a worker slow
// to wake. Rethrows the first exception a task threw, after every task has finished.
// Callable from several threads at once (a call that finds the workers busy, or has more
// than 256 tasks, starts threads of its own for that call) and in a child after fork()
// (which gets workers of its own), but not from inside a task.
void run_tasks(unsigned count, const std::function<void(unsigned)>& task);

// Chunks 0 … chunks - 1 of one call's work handed out to `takers` tasks, each chunk once, so
// that call after call over the same rows each task takes mostly the same chunks: task t
// owns region t (an equal share of the chunks, in order) and takes its chunks front to
// back; a task whose region is done takes chunks from the back of the region with most
// left. With run_tasks, which runs task t on the same thread call after call, what a task
// wrote and read last call is so still in its core's cache while the operating system
// keeps the thread on that core (on a machine whose cores do not share a cache, a line
// the other core wrote costs a transfer between them), and cores running at different
// speeds still finish together. Callable from the tasks at once.
class Claims {
 public:
  Claims(std::size_t chunks, unsigned takers);
  // Task t's next chunk, or chunks() when every chunk is taken.
  std::size_t next(unsigned t);
  std::size_t chunks() const { return chunks_; }

 private:
  // A region's chunks not yet taken, [front, back), as front << 32 | back.
  struct alignas(64) Region {
    std::atomic<std::uint64_t> left{0};
  };
  std::size_t chunks_;
  unsigned takers_;
  std::unique_ptr<Region[]> regions_;
};

}  // namespace hoctap::internal
