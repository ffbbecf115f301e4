#include "model/reads.hpp"

#include <vector>

namespace hoctap::internal {
namespace {

class Reads {
 public:
  explicit Reads(const CompiledSet& set) : set_(set) {}

  void formula(const Formula& f) {
    if (f.root) expr(*f.root, 0);
  }
  void top_slot(int slot) { field(0, slot); }
  std::set<std::string> names;
  std::vector<std::uint8_t> top_read;  // per top-level slot an expression reads: 1

 private:
  // Walks `e` with member fields naming fields of schema `scope`. Explicit stack: the
  // depth of an expression is bounded by the parser, but no input should drive recursion here.
  void expr(const Expr& root, int scope) {
    std::vector<std::pair<const Expr*, int>> todo = {{&root, scope}};
    while (!todo.empty()) {
      auto [e, s] = todo.back();
      todo.pop_back();
      switch (e->op) {
        case Op::input: read_top(e->slot); break;
        case Op::member_field: field(s, e->slot); break;
        case Op::param:
          if (e->slot >= 0 && static_cast<std::size_t>(e->slot) < set_.parameters.size())
            read_top(set_.parameters[static_cast<std::size_t>(e->slot)].by_slot);
          break;
        default: break;
      }
      const bool aggregate = e->op == Op::count || e->op == Op::share || e->op == Op::all || e->op == Op::any || e->op == Op::sum;
      for (std::size_t i = 0; i < e->args.size(); ++i) {
        if (!e->args[i]) continue;
        // An aggregate's filter and body read the fields of its list's members.
        int inner = aggregate && i > 0 && e->args[0] ? e->args[0]->type.schema : s;
        todo.emplace_back(e->args[i].get(), inner);
      }
    }
  }

  void read_top(int slot) {
    field(0, slot);
    if (slot < 0) return;
    if (top_read.size() <= static_cast<std::size_t>(slot)) top_read.resize(static_cast<std::size_t>(slot) + 1, 0);
    top_read[static_cast<std::size_t>(slot)] = 1;
  }

  void field(int schema, int slot) {
    if (schema < 0 || static_cast<std::size_t>(schema) >= set_.schemas.size() || slot < 0) return;
    const Schema& sc = set_.schemas[static_cast<std::size_t>(schema)];
    for (const Field& f : sc.fields)
      if (f.slot == slot) names.insert(sc.name.empty() ? f.name : sc.name + "." + f.name);
    if (sc.result_base >= 0 && slot >= sc.result_base && slot < sc.result_base + Schema::kResults)
      names.insert(sc.name + "." + Schema::kResultNames[slot - sc.result_base]);
  }

  const CompiledSet& set_;
};

}  // namespace

std::set<std::string> inputs_read(const CompiledSet& set) {
  Reads r(set);
  for_each_formula(set, [&](const Formula& f) { r.formula(f); });
  for (const RuleNode& n : set.nodes)
    if (n.points.assessed_slot >= 0) r.top_slot(n.points.assessed_slot);
  return std::move(r.names);
}

std::vector<std::uint8_t> top_slots_read(const CompiledSet& set) {
  Reads r(set);
  for_each_formula(set, [&](const Formula& f) { r.formula(f); });
  return std::move(r.top_read);
}

}  // namespace hoctap::internal
