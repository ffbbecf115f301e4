// The public glue: records, diagnostics formatting, exceptions, enums.
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"

BOOST_AUTO_TEST_SUITE(api)

BOOST_AUTO_TEST_CASE(records_keep_one_value_per_name) {
  hoctap::Record r;
  r.set("a", std::int64_t{1}).set("b", true).set("a", std::string("x"));
  BOOST_TEST(r.size() == 2u);
  BOOST_TEST(std::get<std::string>(*r.find("a")) == "x");
  BOOST_TEST(r.find("c") == nullptr);
}

BOOST_AUTO_TEST_CASE(formats_diagnostics_with_a_caret_under_the_column) {
  hoctap::Diagnostic d;
  d.code = "H201";
  d.message = "unknown name `so_tre`";
  d.file = "x.yaml";
  d.line = 12;
  d.column = 17;
  d.yaml_path = "criteria[0].points.formula";
  d.source_line = "    formula: \"đ so_tre * 10\"";
  BOOST_TEST(hoctap::format(d) ==
             "x.yaml:12:17: error[H201]: unknown name `so_tre`\n"
             "  at criteria[0].points.formula\n"
             " 12 |     formula: \"đ so_tre * 10\"\n"
             "    |                 ^\n");
}

BOOST_AUTO_TEST_CASE(load_throws_criteria_error_with_every_diagnostic) {
  try {
    hoctap::CriteriaSet::load(hoctap_test::source_path("tests/golden/structure.yaml"));
    BOOST_FAIL("no exception");
  } catch (const hoctap::CriteriaError& e) {
    BOOST_TEST(e.diagnostics().size() >= 6u);
    BOOST_TEST(std::string(e.what()).find("error[H300]") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(names_enums_for_machines) {
  BOOST_TEST(hoctap::to_string(hoctap::Status::not_applicable) == "not_applicable");
  BOOST_TEST(hoctap::to_string(hoctap::Decision::not_assessable) == "not_assessable");
  BOOST_TEST(hoctap::to_string(hoctap::Confidence::inferred) == "inferred");
  BOOST_TEST(std::string(hoctap::engine_version()) == HOCTAP_VERSION_STRING);
}

// The words are the catalog's, which the explanations use; a view of static text.
BOOST_AUTO_TEST_CASE(names_outcomes_in_words_for_people) {
  using hoctap::Decision;
  using hoctap::Lang;
  using hoctap::Status;
  using hoctap::words;
  BOOST_TEST(words(Decision::recognized, Lang::vi) == "được công nhận");
  BOOST_TEST(words(Decision::not_recognized, Lang::vi) == "không được công nhận");
  BOOST_TEST(words(Decision::not_assessable, Lang::vi) == "không đánh giá được");
  BOOST_TEST(words(Decision::recognized, Lang::en) == "recognized");
  BOOST_TEST(words(Decision::not_recognized, Lang::en) == "not recognized");
  BOOST_TEST(words(Decision::not_assessable, Lang::en) == "not assessable");
  BOOST_TEST(words(Status::met, Lang::vi) == "đạt");
  BOOST_TEST(words(Status::not_met, Lang::vi) == "không đạt");
  BOOST_TEST(words(Status::not_applicable, Lang::vi) == "không áp dụng");
  BOOST_TEST(words(Status::not_assessable, Lang::vi) == "không đánh giá được");
  BOOST_TEST(words(Status::met, Lang::en) == "met");
  BOOST_TEST(words(Status::not_met, Lang::en) == "not met");
  BOOST_TEST(words(Status::not_applicable, Lang::en) == "not applicable");
  BOOST_TEST(words(Status::not_assessable, Lang::en) == "not assessable");
}

BOOST_AUTO_TEST_CASE(grades_are_the_bands_lowest_first_then_otherwise_or_the_levels) {
  auto unit = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/don-vi-hoc-tap/tt22-2020.yaml"));
  std::vector<std::string> seen;
  for (const auto& g : unit.grades())
    seen.push_back(g.id + ":" + (g.min ? g.min->to_string() : "-") + ".." + (g.below ? g.below->to_string() : "-") + ":" + g.name_vi);
  BOOST_TEST(seen == (std::vector<std::string>{"trung_binh:50..70:Trung bình", "kha:70..85:Khá", "tot:85..-:Tốt", "khong_dat:-..-:Không đạt"}),
             boost::test_tools::per_element());
  auto family = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/gia-dinh-hoc-tap/2022.yaml"));
  BOOST_TEST_REQUIRE(family.grades().size() == 1u);
  BOOST_TEST(family.grades()[0].id == "dat");
  BOOST_TEST(family.grades()[0].name_en == "Achieved");
  BOOST_TEST(!family.grades()[0].min.has_value());
}

namespace {
const hoctap::CriteriaSet& tt22() {
  static const auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/don-vi-hoc-tap/tt22-2020.yaml"));
  return set;
}
// A unit of TT22 with every input but `score.tc3_3`, and `score.tc1_1` misspelt.
hoctap::Record misspelt_unit() {
  hoctap::Record unit;
  unit.set("id", std::string("A1")).set("so_thanh_vien", std::int64_t{20}).set("so_tv_co_ke_hoach_tu_hoc", std::int64_t{19})
      .set("so_tv_chap_hanh_ky_luat", std::int64_t{20}).set("so_tv_hoan_thanh_boi_duong", std::int64_t{20})
      .set("so_tv_lao_dong_tien_tien", std::int64_t{20}).set("so_tv_dat_nang_luc_cdht", std::int64_t{20})
      .set("danh_hieu_tap_the", std::string("tap_the_lao_dong_tien_tien"))
      .set("score.tc1_l", std::int64_t{7}).set("score.tc1_2", std::int64_t{5}).set("score.tc1_3", std::int64_t{5});
  return unit;
}
std::string shown(const std::vector<hoctap::InputWarning>& ws) {
  std::string s;
  for (const auto& w : ws) s += w.code + " " + w.name + " [" + w.suggestion + "]\n  " + w.vi + "\n  " + w.en + "\n";
  return s;
}
const char* const kMisspeltUnit =
    "unknown_input score.tc1_l [score.tc1_1]\n"
    "  `score.tc1_l` không phải đầu vào của bộ `don-vi-hoc-tap-huyen-tinh/tt22-2020`; có phải `score.tc1_1`?\n"
    "  `score.tc1_l` is not an input of `don-vi-hoc-tap-huyen-tinh/tt22-2020`; did you mean `score.tc1_1`?\n"
    "missing_input score.tc1_1 []\n"
    "  không có giá trị cho đầu vào `score.tc1_1` của bộ `don-vi-hoc-tap-huyen-tinh/tt22-2020`\n"
    "  no value is given for input `score.tc1_1` of `don-vi-hoc-tap-huyen-tinh/tt22-2020`\n"
    "missing_input score.tc3_3 []\n"
    "  không có giá trị cho đầu vào `score.tc3_3` của bộ `don-vi-hoc-tap-huyen-tinh/tt22-2020`\n"
    "  no value is given for input `score.tc3_3` of `don-vi-hoc-tap-huyen-tinh/tt22-2020`\n";
}  // namespace

// A context key no set reads changes nothing: a set alone knows its own inputs, a set
// judged with a registry also those of the sets judging its members, a dataset's
// context every set's. One rule, which the CLI, the Python package and the dataset call.
BOOST_AUTO_TEST_CASE(a_context_key_no_set_reads_is_named_with_the_nearest_input) {
  auto loaded = hoctap::Registry::load_directory(hoctap_test::source_path("criteria"));
  BOOST_TEST_REQUIRE(loaded.registry.has_value());
  const hoctap::Registry& registry = *loaded.registry;
  const hoctap::Date day = hoctap_test::day("2023-12-31");
  const hoctap::CriteriaSet family = *registry.find("gia_dinh_hoc_tap", day);
  hoctap::Record context;
  context.set("ty_le_nguoi_lon_cdht_toi_thieu", hoctap::Decimal::from_int(1)).set("vung", std::string("binh_thuong")).set("vungg", std::string("x"));
  BOOST_TEST(shown(family.check_context(context)) ==
             "unknown_context vung []\n"
             "  khóa ngữ cảnh `vung` không phải đầu vào của bộ `gia-dinh-hoc-tap/2022`: giá trị này sẽ bị bỏ qua\n"
             "  context key `vung` is not an input of `gia-dinh-hoc-tap/2022`: it would be ignored\n"
             "unknown_context vungg []\n"
             "  khóa ngữ cảnh `vungg` không phải đầu vào của bộ `gia-dinh-hoc-tap/2022`: giá trị này sẽ bị bỏ qua\n"
             "  context key `vungg` is not an input of `gia-dinh-hoc-tap/2022`: it would be ignored\n");
  // Through the registry the adults are judged by the citizen set, which reads `vung`.
  BOOST_TEST(shown(registry.check_context(family, context, day)) ==
             "unknown_context vungg [vung]\n"
             "  khóa ngữ cảnh `vungg` không phải đầu vào của bộ `gia-dinh-hoc-tap/2022` hay của các bộ đánh giá thành viên của nó: "
             "giá trị này sẽ bị bỏ qua; có phải `vung`?\n"
             "  context key `vungg` is not an input of `gia-dinh-hoc-tap/2022` or of the sets judging its members: it would be ignored; "
             "did you mean `vung`?\n");
  const std::vector<hoctap::InputWarning> dataset = hoctap::check_dataset_context(registry, context);
  BOOST_TEST_REQUIRE(dataset.size() == 1u);
  BOOST_TEST(dataset[0].code == "unknown_context");
  BOOST_TEST(dataset[0].suggestion == "vung");
  BOOST_TEST(dataset[0].en.rfind("unknown context key `vungg` (no criteria set has such an input; known: cap_don_vi, ", 0) == 0, dataset[0].en);
  BOOST_TEST(dataset[0].en.substr(dataset[0].en.size() - 22) == "; did you mean `vung`?");
  hoctap::Record known;
  known.set("vung", std::string("binh_thuong"));
  BOOST_TEST(registry.check_context(family, known, day).empty());
  BOOST_TEST(hoctap::check_dataset_context(registry, known).empty());
}

BOOST_AUTO_TEST_CASE(a_result_carries_the_names_the_set_does_not_read_and_the_inputs_missing) {
  hoctap::EvaluateOptions opts{hoctap_test::day("2023-12-31")};
  hoctap::Result r = tt22().evaluate(misspelt_unit(), opts);
  BOOST_TEST(shown(r.warnings()) == kMisspeltUnit);
  BOOST_TEST(shown(tt22().check_record(misspelt_unit())) == kMisspeltUnit);
  // The JSON result carries them too (a client reading it sees no stderr), in its language.
  const std::string json = r.to_json(false, hoctap::Lang::en);
  BOOST_TEST(json.find(",\"warnings\":[{\"code\":\"unknown_input\",\"name\":\"score.tc1_l\",\"message\":\"`score.tc1_l` is not an input of "
                       "`don-vi-hoc-tap-huyen-tinh/tt22-2020`; did you mean `score.tc1_1`?\"},{\"code\":\"missing_input\",\"name\":\"score.tc1_1\","
                       "\"message\":\"no value is given for input `score.tc1_1` of `don-vi-hoc-tap-huyen-tinh/tt22-2020`\"},") != std::string::npos, json);
  // Evaluated again into the same result: the same warnings; a record that matches: none.
  tt22().evaluate(misspelt_unit(), opts, r);
  BOOST_TEST(shown(r.warnings()) == kMisspeltUnit);
  hoctap::Record fixed = misspelt_unit();
  fixed.set("score.tc1_1", std::int64_t{7}).set("score.tc3_3", std::int64_t{5});
  hoctap::Record whole;
  for (const auto& [name, value] : fixed.fields())
    if (name != "score.tc1_l") whole.set(name, value);
  tt22().evaluate(whole, opts, r);
  BOOST_TEST(r.warnings().empty());
  // A context value counts as given.
  hoctap::Record context;
  context.set("score.tc3_3", std::int64_t{5});
  whole = hoctap::Record();
  for (const auto& [name, value] : fixed.fields())
    if (name != "score.tc1_l" && name != "score.tc3_3") whole.set(name, value);
  opts.context = &context;
  BOOST_TEST(tt22().evaluate(whole, opts).warnings().empty());
}

BOOST_AUTO_TEST_CASE(strict_turns_the_warnings_into_an_input_error) {
  hoctap::EvaluateOptions opts{hoctap_test::day("2023-12-31")};
  opts.strict = true;
  try {
    tt22().evaluate(misspelt_unit(), opts);
    BOOST_ERROR("strict must throw");
  } catch (const hoctap::InputError& e) {
    BOOST_TEST(shown(e.warnings()) == kMisspeltUnit);
    BOOST_TEST(std::string(e.what()) ==
               "`score.tc1_l` is not an input of `don-vi-hoc-tap-huyen-tinh/tt22-2020`; did you mean `score.tc1_1`?; "
               "no value is given for input `score.tc1_1` of `don-vi-hoc-tap-huyen-tinh/tt22-2020`; "
               "no value is given for input `score.tc3_3` of `don-vi-hoc-tap-huyen-tinh/tt22-2020`");
  }
}

BOOST_AUTO_TEST_CASE(a_batch_carries_the_same_warnings_and_strict_throws_them) {
  const std::vector<std::int64_t> twenty = {20, 20}, seven = {7, 7};
  const std::vector<std::int32_t> title = {0, 0};
  hoctap::Batch batch;
  batch.rows = 2;
  for (const char* name : {"so_thanh_vien", "so_tv_co_ke_hoach_tu_hoc", "so_tv_chap_hanh_ky_luat", "so_tv_hoan_thanh_boi_duong",
                           "so_tv_lao_dong_tien_tien", "so_tv_dat_nang_luc_cdht"})
    batch.columns.push_back(hoctap::Column::int64(name, twenty.data()));
  batch.columns.push_back(hoctap::Column::codes("danh_hieu_tap_the", title.data(), {"tap_the_lao_dong_tien_tien"}));
  for (const char* name : {"score.tc1_l", "score.tc1_2", "score.tc1_3"}) batch.columns.push_back(hoctap::Column::int64(name, seven.data()));
  hoctap::BatchOptions opts;
  opts.assessment_date = hoctap_test::day("2023-12-31");
  hoctap::BatchResult out = hoctap::evaluate_batch(tt22(), batch, opts);
  BOOST_TEST(shown(out.warnings) == kMisspeltUnit);
  batch.columns[7].name = "score.tc1_1";
  batch.columns.push_back(hoctap::Column::int64("score.tc3_3", seven.data()));
  hoctap::evaluate_batch(tt22(), batch, opts, out);
  BOOST_TEST(out.warnings.empty());
  batch.columns[7].name = "score.tc1_l";
  batch.members.push_back(hoctap::MemberTable{"thanh_vien", 0, nullptr, {}});
  opts.strict = true;
  try {
    hoctap::evaluate_batch(tt22(), batch, opts);
    BOOST_ERROR("strict must throw");
  } catch (const hoctap::InputError& e) {
    BOOST_TEST(shown(e.warnings()) ==
               "unknown_input score.tc1_l [score.tc1_1]\n"
               "  `score.tc1_l` không phải đầu vào của bộ `don-vi-hoc-tap-huyen-tinh/tt22-2020`; có phải `score.tc1_1`?\n"
               "  `score.tc1_l` is not an input of `don-vi-hoc-tap-huyen-tinh/tt22-2020`; did you mean `score.tc1_1`?\n"
               "unknown_input thanh_vien []\n"
               "  `thanh_vien` không phải đầu vào của bộ `don-vi-hoc-tap-huyen-tinh/tt22-2020`\n"
               "  `thanh_vien` is not an input of `don-vi-hoc-tap-huyen-tinh/tt22-2020`\n"
               "missing_input score.tc1_1 []\n"
               "  không có giá trị cho đầu vào `score.tc1_1` của bộ `don-vi-hoc-tap-huyen-tinh/tt22-2020`\n"
               "  no value is given for input `score.tc1_1` of `don-vi-hoc-tap-huyen-tinh/tt22-2020`\n");
  }
}

// distinct_errors: a code per bad row into each distinct text once, over chunks and threads.
BOOST_AUTO_TEST_CASE(distinct_errors_keep_each_text_once) {
  auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/don-vi-hoc-tap-xa/448-2016.yaml"));
  const std::size_t rows = 100000;
  std::vector<std::int32_t> codes(rows);
  for (std::size_t r = 0; r < rows; ++r) codes[r] = static_cast<std::int32_t>(r % 4) - 1;  // missing, 80.5, 140, tám mươi
  hoctap::Batch batch;
  batch.rows = rows;
  batch.columns = {hoctap::Column::codes("score.diem_danh_gia", codes.data(), {"80.5", "140", "tám mươi"})};
  for (auto lang : {hoctap::Lang::en, hoctap::Lang::vi})
    for (unsigned threads : {1u, 2u}) {
      hoctap::BatchOptions opts;
      opts.assessment_date = hoctap_test::day("2020-12-31");
      opts.lang = lang;
      opts.threads = threads;
      const hoctap::BatchResult per_row = hoctap::evaluate_batch(set, batch, opts);
      opts.distinct_errors = true;
      const hoctap::BatchResult out = hoctap::evaluate_batch(set, batch, opts);
      BOOST_TEST(per_row.error_codes.empty());
      BOOST_TEST(out.error_rows == per_row.error_rows);
      BOOST_TEST(out.error_rows.size() == rows / 2);
      BOOST_TEST(out.error_codes.size() == out.error_rows.size());
      for (std::size_t k = 0; k < out.error_rows.size(); ++k)
        BOOST_TEST(out.error_texts.at(static_cast<std::size_t>(out.error_codes[k])) == per_row.error_texts[k]);
      BOOST_TEST((out.error_texts == (lang == hoctap::Lang::en
                                          ? std::vector<std::string>{"`score.diem_danh_gia` = '140' is outside 0..100",
                                                                     "`score.diem_danh_gia` = 'tám mươi' is not a number (such as 8 or 7.5)"}
                                          : std::vector<std::string>{"`score.diem_danh_gia` = '140' nằm ngoài khoảng 0..100",
                                                                     "`score.diem_danh_gia` = 'tám mươi' không phải một số (ví dụ 8 hoặc 7.5)"})));
    }
}

BOOST_AUTO_TEST_SUITE_END()
