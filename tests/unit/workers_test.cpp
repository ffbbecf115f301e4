#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "util/workers.hpp"

using hoctap::internal::Claims;
using hoctap::internal::run_tasks;

BOOST_AUTO_TEST_SUITE(workers)

// What each taker took, in order, when the takers take one after another in turn.
std::vector<std::vector<std::size_t>> taken_in_turn(std::size_t chunks, unsigned takers, const std::vector<unsigned>& turns) {
  Claims claims(chunks, takers);
  std::vector<std::vector<std::size_t>> taken(takers);
  for (unsigned t : turns) {
    const std::size_t c = claims.next(t);
    if (c != claims.chunks()) taken[t].push_back(c);
  }
  return taken;
}

BOOST_AUTO_TEST_CASE(a_taker_takes_its_own_region_front_to_back_then_the_others_from_their_backs) {
  // Alone, taker 0 of two: its half, then the other half from its end.
  auto alone = taken_in_turn(10, 2, std::vector<unsigned>(12, 0));
  BOOST_TEST(alone[0] == (std::vector<std::size_t>{0, 1, 2, 3, 4, 9, 8, 7, 6, 5}), boost::test_tools::per_element());
  alone = taken_in_turn(10, 2, std::vector<unsigned>(11, 1));
  BOOST_TEST(alone[1] == (std::vector<std::size_t>{5, 6, 7, 8, 9, 4, 3, 2, 1, 0}), boost::test_tools::per_element());
  // Three takers over nine chunks (regions 0–2, 3–5, 6–8): taker 2 finishes first, then
  // takes from the back of the region with most left, ties to the first.
  const auto three = taken_in_turn(9, 3, {2, 2, 2, 0, 2, 2, 1, 2, 0, 1, 2});
  BOOST_TEST(three[0] == (std::vector<std::size_t>{0, 4}), boost::test_tools::per_element());
  BOOST_TEST(three[1] == (std::vector<std::size_t>{3}), boost::test_tools::per_element());
  BOOST_TEST(three[2] == (std::vector<std::size_t>{6, 7, 8, 5, 2, 1}), boost::test_tools::per_element());
  // More takers than chunks: some regions are empty from the start.
  const auto few = taken_in_turn(2, 4, {3, 3, 0, 1, 2});
  BOOST_TEST(few[3] == (std::vector<std::size_t>{1, 0}), boost::test_tools::per_element());
  BOOST_TEST(few[0].empty());
}

BOOST_AUTO_TEST_CASE(takers_at_once_take_every_chunk_once) {
  for (std::size_t chunks : {0u, 1u, 2u, 7u, 1000u}) {
    for (unsigned takers : {1u, 2u, 3u, 8u}) {
      Claims claims(chunks, takers);
      std::vector<std::atomic<int>> taken(chunks);
      std::atomic<std::size_t> total{0}, taken_after_end{0};
      run_tasks(takers, [&](unsigned t) {  // no BOOST_TEST here: Boost.Test is not thread-safe
        for (std::size_t c = claims.next(t); c != chunks; c = claims.next(t)) {
          ++taken[c];
          ++total;
          if (t == 0 && c % 16 == 0) std::this_thread::yield();  // the others then take from its region
        }
        taken_after_end += claims.next(t) != chunks;  // and none after the end
      });
      BOOST_TEST_CONTEXT(chunks << " chunks, " << takers << " takers") {
        BOOST_TEST(total.load() == chunks);
        BOOST_TEST(taken_after_end.load() == 0u);
        for (std::size_t c = 0; c < chunks; ++c) BOOST_TEST(taken[c].load() == 1, "chunk " << c);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(every_task_runs_once_the_first_on_the_calling_thread) {
  for (unsigned count : {1u, 2u, 3u, 8u}) {
    std::vector<std::atomic<int>> runs(count);
    std::thread::id first;
    run_tasks(count, [&](unsigned i) {
      ++runs[i];
      if (i == 0) first = std::this_thread::get_id();
    });
    for (unsigned i = 0; i < count; ++i) BOOST_TEST(runs[i].load() == 1, "task " << i << " of " << count);
    BOOST_TEST((first == std::this_thread::get_id()));
  }
}

BOOST_AUTO_TEST_CASE(tasks_run_on_more_than_one_thread) {
  std::mutex m;
  std::set<std::thread::id> threads;
  std::atomic<int> arrived{0};
  run_tasks(2, [&](unsigned) {
    ++arrived;
    while (arrived.load() < 2) std::this_thread::yield();  // both tasks at once, or this never ends
    std::lock_guard<std::mutex> lock(m);
    threads.insert(std::this_thread::get_id());
  });
  BOOST_TEST(threads.size() == 2u);
}

// Task t runs on the same thread call after call (Claims' regions then stay with a
// core), also when the workers outnumber the call's tasks. Each task waits for the others
// to start, so that no thread can finish one and take another's.
BOOST_AUTO_TEST_CASE(a_call_s_task_t_runs_on_the_same_thread_each_call) {
  run_tasks(6, [](unsigned) {});  // more workers than the calls below have tasks
  std::vector<std::thread::id> first;
  for (int call = 0; call < 6; ++call) {
    std::vector<std::thread::id> ran(3);
    std::atomic<unsigned> started{0};
    run_tasks(3, [&](unsigned t) {
      ran[t] = std::this_thread::get_id();
      ++started;
      while (started.load() < 3) std::this_thread::yield();
    });
    BOOST_TEST((ran[0] == std::this_thread::get_id()));
    BOOST_TEST((ran[1] != ran[2]));
    if (call == 0) first = ran;
    BOOST_TEST((ran == first), "call " << call);
  }
}

BOOST_AUTO_TEST_CASE(a_task_s_exception_reaches_the_caller_after_every_task_finished) {
  std::atomic<int> finished{0};
  try {
    run_tasks(4, [&](unsigned i) {
      if (i == 2) throw std::runtime_error("task 2 failed");
      ++finished;
    });
    BOOST_FAIL("no exception");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()) == "task 2 failed");
  }
  BOOST_TEST(finished.load() == 3);
  std::atomic<int> after{0};  // the workers still serve
  run_tasks(3, [&](unsigned) { ++after; });
  BOOST_TEST(after.load() == 3);
}

BOOST_AUTO_TEST_CASE(callers_on_several_threads_each_get_all_their_tasks) {
  std::vector<std::thread> callers;
  std::vector<int> sums(4, 0);
  for (int c = 0; c < 4; ++c)
    callers.emplace_back([&, c] {
      for (int round = 0; round < 50; ++round) {
        std::atomic<int> sum{0};
        run_tasks(3, [&](unsigned i) { sum += static_cast<int>(i) + 1; });
        sums[static_cast<std::size_t>(c)] += sum.load();
      }
    });
  for (auto& t : callers) t.join();
  for (int s : sums) BOOST_TEST(s == 50 * 6);
}

// Arrives at a barrier of `count` tasks and waits for the others: true when all arrived
// within 5 seconds. Tasks that pass it ran at once, each on a thread of its own (the
// caller, which helps with tasks nobody took only after its own, cannot stand in for a
// worker that was never woken).
bool all_arrive(std::atomic<unsigned>& arrived, unsigned count) {
  ++arrived;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (arrived.load() < count) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::yield();
  }
  return true;
}

// Between calls a worker spins for a while and then sleeps, and so does a caller whose
// workers' tasks run long: each must be woken, call after call, also when calls' task
// counts differ.
BOOST_AUTO_TEST_CASE(workers_asleep_wake_for_the_next_call_and_a_caller_asleep_for_its_last_task) {
  const unsigned counts[] = {3, 3, 2, 4, 2, 3};
  for (int call = 0; call < 24; ++call) {
    const unsigned count = counts[call % 6];
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // the workers fall asleep
    std::vector<std::atomic<int>> runs(count);
    std::vector<std::uint8_t> together(count, 0);
    std::atomic<unsigned> arrived{0};
    run_tasks(count, [&](unsigned i) {  // no BOOST_TEST here: Boost.Test is not thread-safe
      together[i] = all_arrive(arrived, count);
      if (i == count - 1 && call % 2 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(3));  // the caller falls asleep
      ++runs[i];
    });
    for (unsigned i = 0; i < count; ++i) {
      BOOST_TEST(runs[i].load() == 1, "call " << call << ", task " << i);
      BOOST_TEST(together[i] == 1, "call " << call << ", task " << i << " waited in vain for the others");
    }
  }
}

// A call with more tasks than the workers serve at once gets threads of its own.
BOOST_AUTO_TEST_CASE(a_call_with_hundreds_of_tasks_runs_each_once) {
  std::vector<std::atomic<int>> runs(300);
  run_tasks(300, [&](unsigned i) { ++runs[i]; });
  for (unsigned i = 0; i < 300; ++i) BOOST_TEST(runs[i].load() == 1, "task " << i);
  std::atomic<int> after{0};  // and the workers still serve
  run_tasks(4, [&](unsigned) { ++after; });
  BOOST_TEST(after.load() == 4);
}

// Children forked after the parent's workers exist: each must make workers of its own (a
// child with its parent's would wait at the barrier for a worker it does not have), and
// find free what the fork handlers held across the fork. A fork while another thread makes
// the workers is a race no test can time; the handlers that cover it are the ones run here.
BOOST_AUTO_TEST_CASE(children_after_fork_run_tasks_on_workers_of_their_own) {
  run_tasks(2, [](unsigned) {});  // the parent's workers exist
  // A child's two tasks at once: the child has workers (the parent's are not there). A
  // child left waiting is killed by its alarm, and fails the test.
  auto child_runs_tasks_together = [] {
    const pid_t child = fork();
    if (child == 0) {
      alarm(10);
      std::atomic<unsigned> arrived{0};
      std::atomic<int> together{0};
      run_tasks(2, [&](unsigned) { together += all_arrive(arrived, 2); });
      _exit(together.load() == 2 ? 0 : 1);
    }
    int status = 0;
    return child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  };
  BOOST_TEST(child_runs_tasks_together());
  // Again: what the workers hold across a fork was let go in the parent after the first.
  BOOST_TEST(child_runs_tasks_together());
  // While another thread's calls keep the parent's workers busy.
  std::atomic<bool> stop{false};
  std::atomic<int> calls{0};
  std::thread busy([&] {
    while (!stop.load()) {
      run_tasks(2, [](unsigned) { std::this_thread::sleep_for(std::chrono::microseconds(50)); });
      ++calls;
    }
  });
  while (calls.load() < 3) std::this_thread::yield();
  BOOST_TEST(child_runs_tasks_together());
  stop = true;
  busy.join();
}

BOOST_AUTO_TEST_SUITE_END()
