#include "json_input.hpp"

#include <cmath>

namespace hoctap::cli {
namespace {

std::string convert(const nlohmann::json& j, const std::string& name, hoctap::Record& out);

std::string value_of(const nlohmann::json& j, const std::string& name, hoctap::Value& v) {
  switch (j.type()) {
    case nlohmann::json::value_t::null: v = std::monostate{}; return {};
    case nlohmann::json::value_t::boolean: v = j.get<bool>(); return {};
    case nlohmann::json::value_t::number_integer: v = j.get<std::int64_t>(); return {};
    case nlohmann::json::value_t::number_unsigned: {
      auto u = j.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(INT64_MAX)) return "`" + name + "` is too large";
      v = static_cast<std::int64_t>(u);
      return {};
    }
    case nlohmann::json::value_t::number_float: {
      auto d = hoctap::Decimal::from_double(j.get<double>());
      if (!d) return "`" + name + "` is not a finite number in range";
      v = *d;
      return {};
    }
    case nlohmann::json::value_t::string: v = j.get<std::string>(); return {};
    case nlohmann::json::value_t::array: {
      std::vector<hoctap::Record> members;
      for (std::size_t i = 0; i < j.size(); ++i) {
        if (!j[i].is_object()) return "`" + name + "[" + std::to_string(i) + "]` must be an object";
        hoctap::Record m;
        if (auto e = convert(j[i], "", m); !e.empty()) return "`" + name + "[" + std::to_string(i) + "]`: " + e;
        members.push_back(std::move(m));
      }
      v = std::move(members);
      return {};
    }
    default: return "`" + name + "` has an unsupported JSON type";
  }
}

std::string convert(const nlohmann::json& j, const std::string& prefix, hoctap::Record& out) {
  for (const auto& [key, value] : j.items()) {
    std::string name = prefix.empty() ? key : prefix + "." + key;
    if (value.is_object()) {
      if (auto e = convert(value, name, out); !e.empty()) return e;
      continue;
    }
    hoctap::Value v;
    if (auto e = value_of(value, name, v); !e.empty()) return e;
    out.set(name, std::move(v));
  }
  return {};
}

InputRow row_of(const nlohmann::json& j, std::size_t index) {
  InputRow r;
  r.row = index;
  if (!j.is_object()) {
    r.error = "a record must be a JSON object";
    return r;
  }
  if (auto it = j.find("id"); it != j.end()) r.id = it->is_string() ? it->get<std::string>() : it->dump();
  r.error = convert(j, "", r.record);
  return r;
}

}  // namespace

std::string to_record(const nlohmann::json& object, hoctap::Record& out) { return convert(object, "", out); }

std::vector<InputRow> read_rows(std::istream& in, bool jsonl) {
  std::vector<InputRow> rows;
  if (jsonl) {
    std::string line;
    std::size_t index = 0;
    while (std::getline(in, line)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded()) {
        InputRow r;
        r.row = index;
        r.error = "line is not valid JSON";
        rows.push_back(std::move(r));
      } else {
        rows.push_back(row_of(j, index));
      }
      ++index;
    }
    return rows;
  }
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) {
    InputRow r;
    r.error = "the input is not valid JSON";
    rows.push_back(std::move(r));
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) rows.push_back(row_of(j[i], i));
  } else {
    rows.push_back(row_of(j, 0));
  }
  return rows;
}

}  // namespace hoctap::cli
