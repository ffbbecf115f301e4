// The HTML pages: the titles in force, and a form generated from a set's inputs. Plain
// HTML, one stylesheet and one script inline (the pages work offline and on a phone);
// the form posts the record to /v1/evaluate with fetch and shows the result. Every text
// from a criteria file is escaped.
#include <nlohmann/json.hpp>

#include "serve/app.hpp"
#include "util/capital.hpp"
#include "util/escape.hpp"

namespace hoctap::serve {

namespace {

// The library's escape, with `'` escaped as well, as the forms have always written it.
std::string html(std::string_view text) { return internal::html_escape(text, internal::HtmlQuotes::single_too); }

// JSON inside a <script> element: no `<` can close it.
std::string script_json(const nlohmann::json& j) {
  std::string text = j.dump();
  std::string out;
  for (char c : text) {
    if (c == '<') out += "\\u003c";
    else out += c;
  }
  return out;
}

const char* kStyle = R"css(
*{box-sizing:border-box}body{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9}
main{max-width:46rem;margin:0 auto;padding:1rem}h1{font-size:1.35rem;margin:.2rem 0}header p{margin:.2rem 0;color:#555}
nav{float:right}a{color:#0b5cad}fieldset{border:1px solid #ccd;border-radius:.5rem;background:#fff;margin:.8rem 0;padding:.6rem .8rem}
legend{font-weight:600}label{display:block;margin:.45rem 0}label span{display:block;font-size:.95rem}
input,select,button{font:inherit;padding:.45rem;border:1px solid #99a;border-radius:.35rem;width:100%;background:#fff}
button{width:auto;cursor:pointer;background:#e9eef6}button.primary{background:#0b5cad;color:#fff;border-color:#0b5cad;padding:.6rem 1.4rem}
.row{border-top:1px dashed #ccd;padding:.3rem 0;display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.2rem .6rem;align-items:end}
.local{font-size:.85rem;color:#8a5a00}#result{background:#fff;border-radius:.5rem;border:1px solid #ccd;padding:.8rem;margin:1rem 0}
#decision{font-size:1.3rem;font-weight:700}.recognized{color:#16723a}.not_recognized{color:#a4161a}.not_assessable{color:#8a5a00}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e3e3ea;padding:.3rem;text-align:left;vertical-align:top}
td.num{text-align:right;white-space:nowrap}.d1 td:first-child{padding-left:1.2rem}ul.titles li{margin:.4rem 0}
)css";

struct Words {
  const char* lang_switch;
  const char* other_lang;
  const char* date;
  const char* add;
  const char* remove;
  const char* submit;
  const char* local;
  const char* yes;
  const char* no;
  const char* in_force;
  const char* none_in_force;
};

const Words kVi{"English", "en", "Ngày đánh giá", "+ Thêm", "Xoá", "Đánh giá", "giá trị địa phương quyết định", "Có", "Không",
                "Các danh hiệu có bộ tiêu chí hiệu lực ngày", "Không có danh hiệu nào có bộ tiêu chí hiệu lực ngày này."};
const Words kEn{"Tiếng Việt", "vi", "Assessment date", "+ Add", "Remove", "Evaluate", "a value the locality decides", "Yes", "No",
                "Titles with criteria in force on", "No title has criteria in force on this day."};

std::string page(const std::string& title, Lang lang, const std::string& body) {
  return "<!doctype html>\n<html lang=\"" + std::string(lang == Lang::vi ? "vi" : "en") +
         "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
         "<title>" + html(title) + "</title><style>" + kStyle + "</style></head><body><main>\n" + body + "</main></body></html>\n";
}

const char* kScript = R"js(
const M = JSON.parse(document.getElementById('model').textContent);
const T = M.words;
function value(el) {
  const v = el.value.trim();
  if (v === '') return undefined;
  switch (el.dataset.kind) {
    case 'int': case 'decimal': return Number(v);
    case 'bool': return v === 'true';
    default: return v;
  }
}
function addRow(list) {
  const tpl = document.getElementById('tpl-' + list);
  const row = tpl.content.firstElementChild.cloneNode(true);
  row.querySelector('button.remove').addEventListener('click', () => row.remove());
  document.getElementById('rows-' + list).appendChild(row);
  return row;
}
document.querySelectorAll('button.add').forEach(b => b.addEventListener('click', () => addRow(b.dataset.list)));
function record() {
  const r = {};
  document.querySelectorAll('[data-top]').forEach(el => { const v = value(el); if (v !== undefined) r[el.name] = v; });
  document.querySelectorAll('.rows').forEach(rows => {
    r[rows.dataset.list] = Array.from(rows.querySelectorAll('.row')).map(row => {
      const m = {};
      row.querySelectorAll('[data-field]').forEach(el => { const v = value(el); if (v !== undefined) m[el.dataset.field] = v; });
      return m;
    });
  });
  return r;
}
function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
function show(res) {
  const out = document.getElementById('result');
  out.replaceChildren();
  out.hidden = false;
  if (res.code) { out.appendChild(el('p', res.code + ': ' + (M.lang === 'vi' && res.error_vi ? res.error_vi : res.error), 'not_recognized')); return; }
  out.appendChild(el('p', T.decision[res.decision], res.decision)).id = 'decision';
  if (res.total !== undefined) out.appendChild(el('p', T.total + ': ' + res.total + ' / ' + res.max_total)).id = 'total';
  if (res.grade) out.appendChild(el('p', T.grade + ': ' + (M.grades[res.grade] || res.grade))).id = 'grade';
  if (res.next_grade) out.appendChild(el('p', T.next.replace('{n}', res.points_to_next_grade).replace('{g}', M.grades[res.next_grade] || res.next_grade))).id = 'next';
  const table = el('table'); table.id = 'nodes';
  const head = el('tr'); [T.node, T.points, T.status].forEach(h => head.appendChild(el('th', h))); table.appendChild(head);
  res.nodes.forEach(n => {
    const tr = el('tr', undefined, 'd' + (M.depth[n.id] || 0));
    tr.appendChild(el('td', M.nodes[n.id] || n.id));
    tr.appendChild(el('td', n.points !== undefined ? n.points + '/' + n.max : '', 'num'));
    tr.appendChild(el('td', T.status_names[n.status], n.status));
    table.appendChild(tr);
  });
  out.appendChild(table);
  if (res.reasons && res.reasons.length) {
    out.appendChild(el('h2', T.reasons));
    const ul = el('ul'); ul.id = 'reasons';
    res.reasons.forEach(r => ul.appendChild(el('li', r.text)));
    out.appendChild(ul);
  }
}
document.getElementById('form').addEventListener('submit', async ev => {
  ev.preventDefault();
  const date = document.getElementById('date').value;
  const url = '/v1/evaluate/' + encodeURIComponent(M.title) + '?explain=1&lang=' + M.lang + '&date=' + encodeURIComponent(date);
  try {
    const r = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(record())});
    show(await r.json());
  } catch (e) {
    show({code: 'network', error: String(e)});
  }
});
)js";

std::string label(const InputInfo& in, Lang lang) { return lang == Lang::vi ? in.label_vi : in.label_en; }

// One input's control; `field` names a member's field (rows), else it is a top-level input.
std::string control(const InputInfo& in, const std::string& name, bool member, Lang lang) {
  const Words& w = lang == Lang::vi ? kVi : kEn;
  std::string attrs = " data-kind=\"" + html(in.kind) + "\"" +
                      (member ? " data-field=\"" + html(name) + "\"" : " data-top name=\"" + html(name) + "\" id=\"f-" + html(name) + "\"");
  std::string c;
  if (in.kind == "bool") {
    c = "<select" + attrs + "><option value=\"\"></option><option value=\"true\">" + w.yes + "</option><option value=\"false\">" + w.no +
        "</option></select>";
  } else if (in.kind == "category") {
    c = "<select" + attrs + "><option value=\"\"></option>";
    for (const auto& v : in.values) c += "<option>" + html(v) + "</option>";
    c += "</select>";
  } else if (in.kind == "int") {
    c = "<input type=\"number\" step=\"1\" inputmode=\"numeric\"" + attrs + ">";
  } else if (in.kind == "decimal") {
    c = "<input type=\"number\" step=\"any\" inputmode=\"decimal\"" + attrs + ">";
  } else if (in.kind == "date") {
    c = "<input type=\"date\"" + attrs + ">";
  } else {
    c = "<input type=\"text\"" + attrs + ">";
  }
  std::string note = in.local ? "<span class=\"local\">(" + std::string(w.local) + ")</span>" : "";
  return "<label><span>" + html(label(in, lang)) + "</span>" + note + c + "</label>";
}

std::string lang_link(const std::string& path, Date date, Lang lang) {
  const Words& w = lang == Lang::vi ? kVi : kEn;
  return "<nav><a id=\"lang\" href=\"" + path + "?date=" + date.to_string() + "&amp;lang=" + w.other_lang + "\">" + w.lang_switch + "</a></nav>";
}

}  // namespace

std::string titles_page(const Catalog& catalog, Date date, Lang lang) {
  const Words& w = lang == Lang::vi ? kVi : kEn;
  std::string body = lang_link("/", date, lang) + "<header><h1>hoctap</h1><p>" + w.in_force + " " + date.to_string() + "</p></header>\n<ul class=\"titles\">\n";
  std::size_t shown = 0;
  for (const std::string& t : catalog.registry.titles()) {
    auto set = catalog.registry.find(t, date);
    if (!set) continue;
    ++shown;
    body += "<li><a href=\"/forms/" + html(t) + "?date=" + date.to_string() + "&amp;lang=" + (lang == Lang::vi ? "vi" : "en") + "\">" +
            html(lang == Lang::vi ? set->name_vi() : set->name_en()) + "</a> <small>(" + html(set->id()) + ")</small></li>\n";
  }
  body += "</ul>\n";
  if (shown == 0) body += "<p>" + std::string(w.none_in_force) + "</p>\n";
  return page("hoctap", lang, body);
}

std::string form_page(const CriteriaSet& set, Date date, Lang lang) {
  const Words& w = lang == Lang::vi ? kVi : kEn;
  const bool vi = lang == Lang::vi;
  std::string name = vi ? set.name_vi() : set.name_en();
  const LegalBasis& lb = set.legal_basis();
  std::string body = lang_link("/forms/" + html(set.title()), date, lang) + "<header><h1>" + html(name) + "</h1><p>" + html(set.id()) +
                     (lb.instrument.empty() ? "" : " · " + html(lb.instrument)) + "</p></header>\n<form id=\"form\" novalidate>\n";
  body += "<label><span>" + std::string(w.date) + "</span><input type=\"date\" id=\"date\" value=\"" + date.to_string() + "\"></label>\n";

  std::vector<const InputInfo*> lists;
  for (const auto& in : set.inputs())
    if (in.kind == "list") lists.push_back(&in);
  auto member_of = [&](const InputInfo& in) -> const InputInfo* {
    for (const InputInfo* l : lists)
      if (in.name.size() > l->name.size() && in.name.compare(0, l->name.size(), l->name) == 0 && in.name[l->name.size()] == '.') return l;
    return nullptr;
  };
  std::string top;
  for (const auto& in : set.inputs())
    if (in.kind != "list" && !member_of(in)) top += control(in, in.name, false, lang) + "\n";
  if (!top.empty()) body += "<fieldset><legend>" + html(name) + "</legend>\n" + top + "</fieldset>\n";
  for (const InputInfo* l : lists) {
    std::string row = "<div class=\"row\">";
    for (const auto& in : set.inputs())
      if (member_of(in) == l) row += control(in, in.name.substr(l->name.size() + 1), true, lang);
    row += "<button type=\"button\" class=\"remove\">" + std::string(w.remove) + "</button></div>";
    body += "<fieldset><legend>" + html(label(*l, lang)) + "</legend>\n<div class=\"rows\" id=\"rows-" + html(l->name) + "\" data-list=\"" +
            html(l->name) + "\"></div>\n<template id=\"tpl-" + html(l->name) + "\">" + row + "</template>\n<button type=\"button\" class=\"add\" id=\"add-" +
            html(l->name) + "\" data-list=\"" + html(l->name) + "\">" + w.add + "</button>\n</fieldset>\n";
  }
  body += "<p><button type=\"submit\" class=\"primary\" id=\"submit\">" + std::string(w.submit) + "</button></p>\n</form>\n";
  body += "<section id=\"result\" hidden aria-live=\"polite\"></section>\n";

  nlohmann::json nodes = nlohmann::json::object(), depth = nlohmann::json::object(), grades = nlohmann::json::object();
  for (const auto& n : set.nodes()) {
    nodes[n.id] = vi ? n.name_vi : n.name_en;
    depth[n.id] = n.depth;
  }
  for (const auto& g : set.grades()) grades[g.id] = vi ? g.name_vi : g.name_en;
  // Decisions and statuses as the library's explanations say them, each starting its line.
  nlohmann::json decisions = nlohmann::json::object(), statuses = nlohmann::json::object();
  for (Decision d : {Decision::recognized, Decision::not_recognized, Decision::not_assessable})
    decisions[std::string(to_string(d))] = internal::capitalized(hoctap::words(d, lang));
  for (Status st : {Status::met, Status::not_met, Status::not_applicable, Status::not_assessable})
    statuses[std::string(to_string(st))] = internal::capitalized(hoctap::words(st, lang));
  nlohmann::json words =
      vi ? nlohmann::json{{"decision", decisions}, {"status_names", statuses},
                          {"total", "Tổng điểm"}, {"grade", "Xếp loại"}, {"next", "Còn thiếu {n} điểm để đạt {g}"},
                          {"node", "Tiêu chí"}, {"points", "Điểm"}, {"status", "Kết quả"}, {"reasons", "Lý do"}}
         : nlohmann::json{{"decision", decisions}, {"status_names", statuses},
                          {"total", "Total"}, {"grade", "Grade"}, {"next", "{n} points short of {g}"},
                          {"node", "Criterion"}, {"points", "Points"}, {"status", "Status"}, {"reasons", "Reasons"}};
  nlohmann::json model = {{"title", set.title()}, {"lang", vi ? "vi" : "en"}, {"nodes", nodes}, {"depth", depth}, {"grades", grades}, {"words", words}};
  body += "<script type=\"application/json\" id=\"model\">" + script_json(model) + "</script>\n<script>" + kScript + "</script>\n";
  return page(name, lang, body);
}

}  // namespace hoctap::serve
