#include "util/workers.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include <unistd.h>

namespace hoctap::internal {
namespace {

inline void pause() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// Runs one call's tasks at a time; workers wait for the next call between calls.
class Workers {
 public:
  explicit Workers(pid_t pid) : pid_(pid) {}
  pid_t pid() const { return pid_; }

  // False when another call holds the workers (the caller then runs the call otherwise).
  bool try_run(unsigned count, const std::function<void(unsigned)>& task) {
    std::unique_lock<std::mutex> call(busy_, std::try_to_lock);
    if (!call.owns_lock()) return false;
    std::uint64_t this_call = 0;
    {
      std::lock_guard<std::mutex> lock(m_);
      while (threads_.size() + 1 < count) {
        const auto own = static_cast<unsigned>(threads_.size() + 1);
        threads_.emplace_back([this, own] { serve(own); });
      }
      task_ = &task;
      count_ = count;
      taken_.assign(count, 0);
      taken_[0] = 1;  // task 0 is the caller's
      untaken_ = count - 1;
      finished_ = 0;
      finished_now_.store(0, std::memory_order_relaxed);
      error_ = nullptr;
      this_call = ++call_;
    }
    wake_.notify_all();
    run(0);
    run_remaining(this_call);  // then help with what the workers have not taken
    // The workers' last tasks are often moments from their end: awake a little while
    // before sleeping, as the workers are between calls.
    spin_until([&] { return finished_now_.load(std::memory_order_acquire) == count; });
    std::unique_lock<std::mutex> lock(m_);
    done_.wait(lock, [this] { return finished_ == count_; });
    task_ = nullptr;
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
    return true;
  }

 private:
  void run(unsigned i) {
    std::exception_ptr error;
    try {
      (*task_)(i);
    } catch (...) {
      error = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(m_);
    if (error && !error_) error_ = std::move(error);
    // Let go of the exception under the lock: the caller may free it as soon as it holds
    // the lock again, and the reference count lives in uninstrumented libstdc++ code
    // that ThreadSanitizer cannot see order (a clean-clone CI run reported exactly that).
    error = nullptr;
    finished_now_.store(++finished_, std::memory_order_release);
    if (finished_ == count_) done_.notify_all();
  }

  // Spins (with the processor's pause) until done() or 50 microseconds have passed.
  template <typename Done>
  static void spin_until(Done done) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(50);
    for (unsigned spin = 1; !done(); ++spin) {
      pause();
      if (spin % 64 == 0 && std::chrono::steady_clock::now() > until) return;
    }
  }

  // Takes task i if nobody has (under the lock).
  bool take(unsigned i) {
    if (i >= count_ || taken_[i] != 0) return false;
    taken_[i] = 1;
    --untaken_;
    return true;
  }

  // Runs call `call`'s tasks nobody has taken yet, one after another; none of a call after
  // it (a worker that finished the last of its tasks as the next call began leaves that
  // call's tasks to their own workers).
  void run_remaining(std::uint64_t call) {
    for (;;) {
      unsigned i = 1;
      {
        std::lock_guard<std::mutex> lock(m_);
        if (call_ != call || untaken_ == 0) return;
        while (!take(i)) ++i;
      }
      run(i);
    }
  }

  // Worker `own` (1, 2, …) runs task `own` of each call that has one, unless the caller
  // took it first (it helps with tasks not yet taken once its own is done), so that a
  // call's task t runs on the same thread call after call (Claims: what it read and wrote
  // last call is then still in its core's cache); then any task not yet taken. A worker
  // beyond the call's tasks takes none, so as not to take another worker's.
  void serve(unsigned own) {
    std::uint64_t seen = 0;
    for (;;) {
      // Awake a little longer before sleeping: a call that follows at once (a dataset's
      // batches, a loop of evaluate_frame) finds its workers running instead of waking
      // them through the condition variable.
      spin_until([&] { return call_.load(std::memory_order_acquire) != seen; });
      bool mine = false;
      {
        std::unique_lock<std::mutex> lock(m_);
        wake_.wait(lock, [&] { return call_ != seen && untaken_ > 0; });
        seen = call_;
        mine = take(own);
      }
      if (!mine) continue;
      run(own);
      run_remaining(seen);
    }
  }

  const pid_t pid_;
  std::mutex busy_;  // held for a whole call
  std::mutex m_;     // guards what follows
  std::condition_variable wake_, done_;
  std::vector<std::thread> threads_;  // never joined: they live as long as the process
  const std::function<void(unsigned)>* task_ = nullptr;
  unsigned count_ = 0, untaken_ = 0, finished_ = 0;
  std::vector<char> taken_;  // per task of the call: taken by some thread
  std::atomic<std::uint64_t> call_{0};  // changed under the lock; read without it while a worker spins
  std::atomic<unsigned> finished_now_{0};  // finished_, for the caller to spin on
  std::exception_ptr error_;
};

// The process's workers. Never destroyed (threads blocked in wait at exit must not see
// their object go); a child after fork() has none of its parent's threads, so it makes
// its own set.
Workers& workers() {
  static std::atomic<Workers*> current{nullptr};
  static std::mutex making;
  Workers* w = current.load(std::memory_order_acquire);
  const pid_t pid = getpid();
  if (w != nullptr && w->pid() == pid) return *w;
  std::lock_guard<std::mutex> lock(making);
  w = current.load(std::memory_order_acquire);
  if (w == nullptr || w->pid() != pid) {
    w = new Workers(pid);  // a parent's set, in a child, is left as it is: its threads are not there
    current.store(w, std::memory_order_release);
  }
  return *w;
}

}  // namespace

void run_tasks(unsigned count, const std::function<void(unsigned)>& task) {
  if (count == 0) return;
  if (count == 1) {
    task(0);
    return;
  }
  if (workers().try_run(count, task)) return;
  // Busy with another call: threads of this call's own.
  std::vector<std::exception_ptr> errors(count);
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < count; ++i)
    threads.emplace_back([&, i] {
      try {
        task(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  try {
    task(0);
  } catch (...) {
    errors[0] = std::current_exception();
  }
  for (auto& t : threads) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

Claims::Claims(std::size_t chunks, unsigned takers) : chunks_(chunks), takers_(std::max(1u, takers)), regions_(new Region[std::max(1u, takers)]) {
  if (chunks >= (std::uint64_t{1} << 32)) throw std::length_error("more than 2^32 chunks");
  for (unsigned t = 0; t < takers_; ++t) {
    const std::uint64_t front = std::uint64_t{chunks} * t / takers_, back = std::uint64_t{chunks} * (t + 1) / takers_;
    regions_[t].left.store(front << 32 | back, std::memory_order_relaxed);
  }
}

std::size_t Claims::next(unsigned t) {
  constexpr std::uint64_t kBack = 0xFFFFFFFF;
  if (t < takers_) {  // the front of its own region
    std::atomic<std::uint64_t>& own = regions_[t].left;
    for (std::uint64_t v = own.load(std::memory_order_relaxed); (v >> 32) < (v & kBack);)
      if (own.compare_exchange_weak(v, v + (std::uint64_t{1} << 32), std::memory_order_relaxed)) return v >> 32;
  }
  for (;;) {  // the back of the region with most left
    unsigned most = takers_;
    std::uint64_t most_left = 0;
    for (unsigned r = 0; r < takers_; ++r) {
      const std::uint64_t v = regions_[r].left.load(std::memory_order_relaxed);
      const std::uint64_t front = v >> 32, back = v & kBack;
      if (front < back && back - front > most_left) most = r, most_left = back - front;
    }
    if (most == takers_) return chunks_;
    std::atomic<std::uint64_t>& other = regions_[most].left;
    std::uint64_t v = other.load(std::memory_order_relaxed);
    if ((v >> 32) < (v & kBack) && other.compare_exchange_strong(v, v - 1, std::memory_order_relaxed)) return (v & kBack) - 1;
  }
}

}  // namespace hoctap::internal
