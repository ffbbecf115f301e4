// BlockEvaluator, the scratch a thread keeps from batch to batch, and what the block
// evaluator's parts share: the state's making, constant columns (fill), and which nodes'
// statuses are needed.
#include "evaluate/block.hpp"

#include <algorithm>
#include <cstring>

#include "evaluate/block_state.hpp"

namespace hoctap::block_eval {
namespace {

// A thread keeps its arena from batch to batch (the caller's thread, when a batch runs on
// one thread: a notebook calling evaluate_frame again and again): its chunks are memory
// already touched, where a fresh arena faults its pages in on every call. One block
// evaluator at a time runs on a thread (run_chunks makes one and finishes it).
Arena& thread_arena() {
  thread_local Arena arena;
  return arena;
}

// A block evaluator's columns per node, kept by the thread from batch to batch like its
// arena, for the same reason: made afresh on every call, a batch's few hundred KiB were
// pages the allocator gave back and faulted in again.
NodeColumns& thread_node_columns() {
  thread_local NodeColumns columns;
  return columns;
}

}  // namespace

BlockState::BlockState(const Plan& p, Date d) : plan(p), set(*p.set), date(d), arena(thread_arena()), read_ahead(worth_prefetching(p)), node_columns(thread_node_columns()) {
  top.resize(static_cast<std::size_t>(set.schemas[0].slot_count));
  whole_top.resize(top.size());
  top_plan.assign(top.size(), nullptr);
  std::size_t checks = top.size();
  for (const ListPlan& lp : plan.lists) {
    first_member_check.push_back(checks);
    checks += lp.fields.size();
  }
  whole_unchecked.assign(checks, 0);
  if (set.every_indicator_at_least) floor_points = set.every_indicator_at_least->units();
  whole_low.assign(checks, 0);
  whole_high.assign(checks, -1);
  list_of_check.assign(checks, -1);
  auto bounds = [&](std::size_t id, const FieldPlan& fp) {
    if (!whole_column(fp)) return;
    const FastRead fr(fp);
    whole_low[id] = fr.low_small;
    whole_high[id] = fr.high_small;
  };
  for (const FieldPlan& fp : plan.top) {
    const auto slot = static_cast<std::size_t>(fp.field->slot);
    top_plan[slot] = &fp;
    bounds(slot, fp);
  }
  for (std::size_t l = 0; l < plan.lists.size(); ++l)
    for (std::size_t s = 0; s < plan.lists[l].fields.size(); ++s) {
      const std::size_t id = first_member_check[l] + s;
      list_of_check[id] = static_cast<int>(l);
      bounds(id, plan.lists[l].fields[s]);
    }
  lists.resize(plan.lists.size());
  list_of_slot.assign(top.size(), -1);
  for (std::size_t l = 0; l < plan.lists.size(); ++l) list_of_slot[static_cast<std::size_t>(plan.lists[l].field->slot)] = static_cast<int>(l);
  memo.resize(static_cast<std::size_t>(set.shapes) * (lists.size() + 1) * 2);
  memo_block.assign(memo.size(), 0);
  plan_counters();
  node_points.resize(set.nodes.size());
  node_status.resize(set.nodes.size());
  node_high.resize(set.nodes.size());
  never_capped.assign(set.nodes.size(), 0);
  left_to_total.assign(set.nodes.size(), 0);
  for (std::size_t k = 0; k < set.nodes.size(); ++k) {
    const RuleNode& rn = set.nodes[k];
    if (rn.indicator || rn.parent >= 0 || !rn.max_known) continue;
    Decimal most;
    bool known = true;
    for (int child : rn.children) {
      known = known && set.nodes[static_cast<std::size_t>(child)].max_known;
      most = most + set.nodes[static_cast<std::size_t>(child)].max;
    }
    never_capped[k] = known && !(rn.max < most);
  }
  // Sized for the rows a block of this batch can have.
  const std::size_t used = std::min(plan.rows, kRows);
  constant_rows = used;
  size_node_columns(points);
  size_node_columns(high);
  size_node_columns(status);
  size_node_columns(level);
  size_node_columns(unknown_at);
  for (auto* v : {&done, &open, &seen, &fail, &unknown, &slow, &below_floor}) v->resize(used);
  high_total.resize(used);
  threshold_decides = !set.levels_mode && set.checks.empty() && set.knockouts.empty() && !set.every_indicator_at_least && set.bands.empty() &&
                      std::none_of(set.nodes.begin(), set.nodes.end(), [](const RuleNode& n) { return n.pass_at.has_value(); });
}

template <typename T>
inline void BlockState::size_node_columns(std::vector<T>& v) {
  const std::size_t size = set.nodes.size() * kRows;
  if (v.size() < size) v.resize(size);
#ifdef HOCTAP_POISON_SCRATCH
  std::memset(v.data(), 0x5A, size * sizeof(T));
#endif
}

void BlockState::queue_bytes(const void* data, std::size_t offset, std::size_t bytes) {
  if (bytes != 0) ahead.push_back(Range{static_cast<const unsigned char*>(data) + offset, bytes});
}

void BlockState::queue_rows(const FieldPlan& fp, std::size_t first, std::size_t n) {
  for_row_bytes(fp, first, n, [this](const void* data, std::size_t offset, std::size_t bytes) { queue_bytes(data, offset, bytes); });
}

void BlockState::ask_ahead(std::size_t lines) {
  constexpr std::size_t kLine = 64;
  std::size_t budget = lines == SIZE_MAX ? SIZE_MAX : lines * kLine;
  while (ahead_range < ahead.size() && budget != 0) {
    const Range& r = ahead[ahead_range];
    const std::size_t take = std::min(r.bytes - ahead_done, budget);
    prefetch_bytes(r.data, ahead_done, take);
    ahead_done += take;
    if (budget != SIZE_MAX) budget -= take;
    if (ahead_done == r.bytes) ++ahead_range, ahead_done = 0;
  }
  if (ahead_range == ahead.size()) ahead.clear(), ahead_range = 0, ahead_done = 0;
}

namespace {

// `t`, or when it is not made yet, the units of `x` (n whole numbers of 32 bits) made into it.
HOCTAP_VECTOR_CLONES Col units_of_whole(Col& t, const std::int64_t* __restrict x, std::size_t n, Arena& arena) {
  if (x != nullptr && t.v == nullptr) {
    std::int64_t* __restrict const v = arena.take<std::int64_t>(n);
    for (std::size_t j = 0; j < n; ++j) v[j] = units_of_small(x[j]);
    t = Col{v, nullptr, nullptr};
  }
  return t;
}

}  // namespace

Col BlockState::top_column(std::size_t slot) {
  check_whole(slot);
  return units_of_whole(top[slot], whole_top[slot], rows, arena);
}

Col BlockState::member_column(const Ctx& c, std::size_t slot) {
  ListBlock& lb = lists[static_cast<std::size_t>(c.list)];
  // Checked here, as top_column checks: a value outside the bounds would otherwise be
  // made into units (wrongly beyond 32 bits) for its row, which check_every_whole marks
  // slow after the block all the same, so this check spares work, not answers.
  check_whole(first_member_check[static_cast<std::size_t>(c.list)] + slot);
  return units_of_whole(lb.fields[slot], lb.whole[slot], lb.rows, arena);
}

Col BlockState::words(const Col& c, std::size_t n) {
  if (c.b == nullptr) return c;
  std::int64_t* __restrict const v = arena.take<std::int64_t>(n);
  const std::uint8_t* __restrict const b = c.b;
  for (std::size_t j = 0; j < n; ++j) v[j] = b[j] != 0;
  return Col{v, c.tag, c.text, nullptr};
}

Col BlockState::fill(std::size_t n, const Val& x) {
  if (n <= constant_rows) {
    constexpr std::size_t kMostConstants = 64;
    auto same = [&](const Constant& k) { return k.value.kind == x.kind && k.value.i == x.i && k.value.p == x.p; };
    auto found = std::find_if(constants.begin(), constants.end(), same);
    if (found == constants.end() && constants.size() < kMostConstants) {
      Constant k{x, std::vector<std::int64_t>(constant_rows, x.i), {}, {}};
      if (absent(x)) k.tags.assign(constant_rows, tag_of(x));
      if (x.p != nullptr) k.texts.assign(constant_rows, x.p);
      constants.push_back(std::move(k));
      found = constants.end() - 1;
    }
    if (found != constants.end())
      return Col{found->words.data(), found->tags.empty() ? nullptr : found->tags.data(), found->texts.empty() ? nullptr : found->texts.data()};
  }
  std::int64_t* v = arena.take<std::int64_t>(n);
  std::fill(v, v + n, x.i);
  Col c{v, nullptr, nullptr};
  if (absent(x)) {
    std::uint8_t* tag = arena.take<std::uint8_t>(n);
    std::memset(tag, tag_of(x), n);
    c.tag = tag;
  }
  if (x.p != nullptr) {
    const void** text = arena.take<const void*>(n);
    std::fill(text, text + n, x.p);
    c.text = text;
  }
  return c;
}

void BlockState::find_needed_statuses() {
  const std::size_t nodes = set.nodes.size();
  need_status.assign(nodes, 0);
  std::vector<std::uint8_t> own(nodes, 0);  // read for a reason other than the parent's
  std::vector<std::size_t> pending;  // a node's status needs its children's (status_by_*: whether a child applies)
  for (std::size_t k = 0; k < nodes; ++k) {
    const RuleNode& rn = set.nodes[k];
    // A floor reads an indicator's status only to see whether it applies (decide_points).
    const bool floor_reads = rn.indicator && set.every_indicator_at_least && rn.applies_when;
    own[k] = report_of[k] >= 0 || set.levels_mode || rn.pass_at || floor_reads;
    if (own[k]) pending.push_back(k);
  }
  while (!pending.empty()) {
    const std::size_t k = pending.back();
    pending.pop_back();
    if (need_status[k]) continue;
    need_status[k] = 1;
    for (int child : set.nodes[k].children) pending.push_back(static_cast<std::size_t>(child));
  }
  status_for_parent.assign(nodes, 0);
  for (std::size_t k = 0; k < nodes; ++k) status_for_parent[k] = need_status[k] && !own[k] && set.nodes[k].indicator;
  status_left.assign(nodes, 0);
  status_need.assign(nodes, 0);
}

}  // namespace hoctap::block_eval

namespace hoctap::internal {

struct BlockEvaluator::State : block_eval::BlockState {
  using BlockState::BlockState;
};

BlockEvaluator::BlockEvaluator(const Plan& plan, Date date) : s_(std::make_unique<State>(plan, date)) {}
BlockEvaluator::~BlockEvaluator() = default;

bool BlockEvaluator::usable(const Plan& plan) {
  for (const FieldPlan& fp : plan.top)
    if (!fp.constant_problems.empty()) return false;
  return true;
}

bool BlockEvaluator::run(std::size_t begin, std::size_t count, BatchResult& out, std::size_t first, std::vector<std::size_t>& slow) {
  State& s = *s_;
  if (s.report_of.empty()) {
    s.report_of.assign(s.set.nodes.size(), -1);
    for (std::size_t k = 0; k < out.node_index.size(); ++k) s.report_of[static_cast<std::size_t>(out.node_index[k])] = static_cast<int>(k);
    s.find_needed_statuses();
    s.plan_assessed_groups();
  }
  for (std::size_t k = 0; k < s.set.nodes.size(); ++k) {
    const int at = s.report_of[k];
    s.node_points[k] = at < 0 ? s.points.data() + k * kRows : out.node_points_units.data() + static_cast<std::size_t>(at) * out.rows + first;
    s.node_status[k] = at < 0 ? s.status.data() + k * kRows : out.node_status.data() + static_cast<std::size_t>(at) * out.rows + first;
  }
  if (!s.bind(begin, count)) return false;
  s.decide(first, out);
  s.check_every_whole();
  if (!s.any_slow) return true;
  for (std::size_t r = 0; (r = block_eval::next_marked(s.slow.data(), r, count)) < count; ++r) slow.push_back(begin + r);
  return true;
}

}  // namespace hoctap::internal
