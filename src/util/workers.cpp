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

#include <pthread.h>

namespace hoctap::internal {
namespace {

inline void pause() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Runs one call's tasks at a time (busy_, held for a whole call, keeps calls apart);
// workers wait for the next call between calls. The hand-off waits on no lock: a call is
// published by one store (its number and task count in call_), each task is claimed by a
// compare-and-swap of its slot to the call's number, and the call ends when finished_
// reaches its count. Besides busy_, a mutex is taken to sleep or to wake a sleeper (a
// worker idle for longer than a spin, or a caller whose workers are slow), and for the
// call's exception (error_lock_, which a task holds only while handing one over): while
// the workers are awake, no thread waits for another's lock on the way in or out of a
// call (a thread that finds a mutex held sleeps in the kernel until the holder wakes it).
class Workers {
 public:
  static constexpr unsigned kMostTasks = 256;  // a call with more starts threads of its own

  // False when another call holds the workers, or the call has more than kMostTasks tasks
  // (the caller then runs the call otherwise).
  bool try_run(unsigned count, const std::function<void(unsigned)>& task) {
    if (count > kMostTasks) return false;
    std::unique_lock<std::mutex> call(busy_, std::try_to_lock);
    if (!call.owns_lock()) return false;
    const std::uint64_t last = number_of(call_.load(std::memory_order_relaxed)), number = last + 1;
    while (threads_.size() + 1 < count) {
      const auto own = static_cast<unsigned>(threads_.size() + 1);
      threads_.emplace_back([this, own, last] { serve(own, last); });
    }
    // What the workers read once they see the call's number (the store below releases it).
    task_.store(&task, std::memory_order_relaxed);
    finished_.store(0, std::memory_order_relaxed);
    call_.store(number << kCountBits | count, std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) != 0) {
      std::lock_guard<std::mutex> lock(sleep_);
      wake_.notify_all();
    }
    run(0, count);  // task 0 is the caller's: no one else claims it
    run_remaining(number, count);  // then help with what the workers have not taken
    // The workers' last tasks are often moments from their end: spin a little while before
    // sleeping, as the workers do between calls.
    const auto all_done = [&] { return finished_.load(std::memory_order_seq_cst) == count; };
    spin_until(all_done);
    if (!all_done()) {
      std::unique_lock<std::mutex> lock(sleep_);
      caller_sleeps_.store(true, std::memory_order_seq_cst);
      done_.wait(lock, all_done);
      caller_sleeps_.store(false, std::memory_order_relaxed);
    }
    std::exception_ptr error;
    {
      std::lock_guard<std::mutex> lock(error_lock_);
      error = std::exchange(error_, nullptr);
    }
    if (error) std::rethrow_exception(error);
    return true;
  }

 private:
  static constexpr unsigned kCountBits = 16;
  static_assert(kMostTasks < (1u << kCountBits), "a call's task count fits in call_'s low bits");
  static std::uint64_t number_of(std::uint64_t call) { return call >> kCountBits; }
  static unsigned count_of(std::uint64_t call) { return static_cast<unsigned>(call & ((1u << kCountBits) - 1)); }

  // Task i of call `number`, if nobody has taken it. A slot holds the number of the last
  // call that took its task; numbers only grow. A claim that succeeds therefore finds its
  // call still running (a call ends only after each of its tasks was taken and finished),
  // and its task_ is the one to run; a worker late from a call that has ended finds each
  // of that call's slots at its number or later and takes nothing.
  bool claim(unsigned i, std::uint64_t number) {
    std::atomic<std::uint64_t>& taken = slots_[i].taken;
    for (std::uint64_t v = taken.load(std::memory_order_relaxed); v < number;)
      if (taken.compare_exchange_weak(v, number, std::memory_order_acq_rel, std::memory_order_relaxed)) return true;
    return false;
  }

  void run(unsigned i, unsigned count) {
    std::exception_ptr error;
    try {
      (*task_.load(std::memory_order_relaxed))(i);
    } catch (...) {
      error = std::current_exception();
    }
    if (error) {
      std::lock_guard<std::mutex> lock(error_lock_);
      if (!error_) error_ = std::move(error);
      // Let go of the exception under the lock: the caller may free it as soon as it holds
      // the lock again, and the reference count lives in uninstrumented libstdc++ code
      // that ThreadSanitizer cannot see order.
      error = nullptr;
    }
    // After this the call may end and the next begin: nothing of this call is touched again.
    if (finished_.fetch_add(1, std::memory_order_seq_cst) + 1 == count && caller_sleeps_.load(std::memory_order_seq_cst)) {
      std::lock_guard<std::mutex> lock(sleep_);
      done_.notify_all();
    }
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

  // Runs call `number`'s tasks 1 … count - 1 that nobody has taken yet, one after another.
  void run_remaining(std::uint64_t number, unsigned count) {
    for (unsigned i = 1; i < count; ++i)
      if (claim(i, number)) run(i, count);
  }

  // Worker `own` (1, 2, …) runs task `own` of each call that has one, unless another thread
  // took it first (the caller, or a worker, helps with tasks not yet taken once its own is
  // done), so that a call's task t runs on the same thread call after call (Claims: what
  // it read and wrote last call is then still in its core's cache); then any task not yet
  // taken. A worker beyond the call's tasks takes none, so as not to take another worker's.
  // `seen` is the number of the last call before this worker was made.
  void serve(unsigned own, std::uint64_t seen) {
    const auto next_call = [&] { return number_of(call_.load(std::memory_order_seq_cst)) != seen; };
    for (;;) {
      // Awake a little longer before sleeping: a call that follows at once (a dataset's
      // batches, a loop of evaluate_frame) finds its workers running instead of waking
      // them through the condition variable.
      spin_until(next_call);
      if (!next_call()) {
        std::unique_lock<std::mutex> lock(sleep_);
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        wake_.wait(lock, next_call);
        sleepers_.fetch_sub(1, std::memory_order_relaxed);
      }
      const std::uint64_t call = call_.load(std::memory_order_acquire);
      seen = number_of(call);
      const unsigned count = count_of(call);
      if (own >= count) continue;
      if (claim(own, seen)) run(own, count);
      run_remaining(seen, count);
    }
  }

  std::mutex busy_;  // held for a whole call
  std::vector<std::thread> threads_;  // never joined: they live as long as the process
  // Written by the caller once a call; read by workers spinning between calls.
  alignas(64) std::atomic<std::uint64_t> call_{0};  // the call's number << kCountBits | its task count
  std::atomic<const std::function<void(unsigned)>*> task_{nullptr};
  // Written by workers going to sleep or waking (not on call_'s line, which they spin on).
  alignas(64) std::atomic<unsigned> sleepers_{0};  // workers asleep (or about to be) on wake_
  // Written by each task as it ends.
  alignas(64) std::atomic<unsigned> finished_{0};
  std::atomic<bool> caller_sleeps_{false};  // the caller is asleep (or about to be) on done_
  struct alignas(64) Slot {
    std::atomic<std::uint64_t> taken{0};
  };
  Slot slots_[kMostTasks];
  std::mutex sleep_;  // for wake_ and done_
  std::condition_variable wake_, done_;
  std::mutex error_lock_;  // guards error_
  std::exception_ptr error_;
};

// The process's workers. Never destroyed (threads blocked in wait at exit must not see
// their object go); a child after fork() has none of its parent's threads, so it makes
// its own set: a handler run in the child forgets the parent's (and leaves it as it is).
// So a call asks nothing of the kernel (the process's id is a system call). `making` is
// held while the set is made and across a fork() (the handlers below), so that a child
// never starts with it held by a thread it does not have.
std::atomic<Workers*> current_workers{nullptr};
std::mutex making;

void before_fork() { making.lock(); }
void after_fork_in_parent() { making.unlock(); }
void after_fork_in_child() {
  current_workers.store(nullptr, std::memory_order_relaxed);
  making.unlock();  // the child's one thread is the one that locked it
}

// The handlers are registered when the library loads, before any thread can take
// `making`. Until then (a call from another library's static initialiser), and when they
// could not be (pthread_atfork fails only for want of memory), there is no set: a child
// would share its parent's, so calls start threads of their own.
std::atomic<bool> forks_handled{false};
const bool fork_handlers = [] {
  const bool registered = pthread_atfork(before_fork, after_fork_in_parent, after_fork_in_child) == 0;
  forks_handled.store(registered, std::memory_order_release);
  return registered;
}();

// Null when forks are not handled.
Workers* workers() {
  Workers* w = current_workers.load(std::memory_order_acquire);
  if (w != nullptr) return w;
  if (!forks_handled.load(std::memory_order_acquire)) return nullptr;
  std::lock_guard<std::mutex> lock(making);
  w = current_workers.load(std::memory_order_acquire);
  if (w == nullptr) {
    w = new Workers();
    current_workers.store(w, std::memory_order_release);
  }
  return w;
}

}  // namespace

void run_tasks(unsigned count, const std::function<void(unsigned)>& task) {
  if (count == 0) return;
  if (count == 1) {
    task(0);
    return;
  }
  Workers* const w = workers();
  if (w != nullptr && w->try_run(count, task)) return;
  // Busy with another call (or no workers): threads of this call's own.
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
