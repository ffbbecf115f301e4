#include "util/workers.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
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
    {
      std::lock_guard<std::mutex> lock(m_);
      while (threads_.size() + 1 < count) threads_.emplace_back([this] { serve(); });
      task_ = &task;
      count_ = count;
      next_ = 1;  // task 0 is the caller's
      finished_ = 0;
      finished_now_.store(0, std::memory_order_relaxed);
      error_ = nullptr;
      ++call_;
    }
    wake_.notify_all();
    run(0);
    run_remaining();  // then help with what the workers have not taken
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

  // Runs the call's tasks nobody has taken yet, one after another.
  void run_remaining() {
    for (;;) {
      unsigned i;
      {
        std::lock_guard<std::mutex> lock(m_);
        if (next_ >= count_) return;
        i = next_++;
      }
      run(i);
    }
  }

  void serve() {
    std::uint64_t seen = 0;
    for (;;) {
      // Awake a little longer before sleeping: a call that follows at once (a dataset's
      // batches, a loop of evaluate_frame) finds its workers running instead of waking
      // them through the condition variable.
      spin_until([&] { return call_.load(std::memory_order_acquire) != seen; });
      {
        std::unique_lock<std::mutex> lock(m_);
        wake_.wait(lock, [&] { return call_ != seen && next_ < count_; });
        seen = call_;
      }
      run_remaining();
    }
  }

  const pid_t pid_;
  std::mutex busy_;  // held for a whole call
  std::mutex m_;     // guards what follows
  std::condition_variable wake_, done_;
  std::vector<std::thread> threads_;  // never joined: they live as long as the process
  const std::function<void(unsigned)>* task_ = nullptr;
  unsigned count_ = 0, next_ = 0, finished_ = 0;
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

}  // namespace hoctap::internal
