// Worker threads kept for the life of the process, to split one call's work (a batch's
// row ranges) across cores. Starting threads per call cost their start and, worse, a cold
// scratch arena per thread: every page of it faulted in again on each call.
#pragma once

#include <functional>

#include "hoctap/version.hpp"  // the internal namespace

namespace hoctap::internal {

// Runs task(0) … task(count - 1) and returns when all have finished: task(0) on the
// calling thread (its scratch is warm), the others on the workers. Rethrows the first
// exception a task threw, after every task has finished. Callable from several threads at
// once (a call that finds the workers busy starts threads of its own for that call) and
// in a child after fork() (which gets workers of its own).
void run_tasks(unsigned count, const std::function<void(unsigned)>& task);

}  // namespace hoctap::internal
