"""evaluate_frame and evaluate_dataset: columns in, one result row per input row."""
import datetime
import decimal
import json
import subprocess

import numpy as np
import pandas as pd
import pytest

import hoctap

IDS = ["tc1_1", "tc1_2", "tc1_3", "tc1_4", "tc2_1", "tc2_2", "tc2_3", "tc2_4", "tc3_1", "tc3_2"]


def citizens(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({f"score.{i}": rng.integers(4, 11, n).astype(float) for i in IDS})
    frame["vung"] = rng.choice(["binh_thuong", "vung_sau_vung_xa", "dan_toc_thieu_so"], n)
    frame.index = pd.Index([f"cd{k:05d}" for k in range(n)], name="citizen")
    return frame


def test_rows_keep_their_index_and_agree_with_records(registry):
    s = registry.get("cong_dan_hoc_tap", "2024-06-30")
    frame = citizens(300)
    out = s.evaluate_frame(frame, "2024-06-30")
    assert out.index.equals(frame.index)
    assert list(out.columns) == ["decision", "recognized", "total", "grade", "tc1.points", "tc1.status", "tc2.points",
                                 "tc2.status", "tc3.points", "tc3.status", "error"]
    for key in frame.index[:60]:
        record = {k: v for k, v in frame.loc[key].items()}
        one = s.evaluate(record, "2024-06-30")
        assert out.loc[key, "decision"] == one.decision
        assert out.loc[key, "total"] == float(one.total)
    assert 0 < out["recognized"].sum() < len(out)


def test_grade_and_error_are_categorical_missing_where_a_row_has_none(registry):
    """A set without grades (Công dân học tập) still gives a categorical grade column,
    every row missing; a row without data problems has a missing error."""
    s = registry.get("cong_dan_hoc_tap", "2024-06-30")
    frame = citizens(50)
    frame.loc["cd00007", "score.tc1_1"] = 14.0  # above the maximum: the one error
    out = s.evaluate_frame(frame, "2024-06-30")
    assert isinstance(out["grade"].dtype, pd.CategoricalDtype)
    assert list(out["grade"].cat.categories) == []
    assert out["grade"].isna().all()
    assert isinstance(out["error"].dtype, pd.CategoricalDtype)
    assert out["error"].notna().sum() == 1
    assert "cd00007" in out.index[out["error"].notna()]
    assert out["error"].cat.codes.dtype == np.int8  # a code per row, one byte each


def test_result_codes_become_the_categoricals_from_codes_makes():
    """The core's codes are taken without from_codes's check: the same Categorical, codes,
    missing entries and categories, on this pandas (before or after 2.1)."""
    from hoctap._frames import _categorical

    for codes, categories in [(np.array([0, -1, 2, 1, -1], dtype=np.int8), ["a", "b", "c"]),
                              (np.array([-1, -1], dtype=np.int8), pd.Index([], dtype=object)),
                              (np.arange(-1, 300, dtype=np.int16), [f"g{k}" for k in range(300)])]:
        dtype = pd.CategoricalDtype(categories)
        got, want = _categorical(codes, dtype), pd.Categorical.from_codes(codes, dtype=dtype)
        assert got.dtype == want.dtype
        assert got.codes.dtype == want.codes.dtype
        assert np.array_equal(got.codes, codes)
        assert list(got.isna()) == [c == -1 for c in codes]
        assert got.equals(want)


def test_a_result_kept_is_not_changed_by_later_calls(registry):
    """Result columns go back to a pool for reuse only when numpy frees them: a frame the
    caller keeps stays as it was while later calls (reusing freed columns) run."""
    s = registry.get("cong_dan_hoc_tap", "2024-06-30")
    first_in, second_in = citizens(20000, seed=5), citizens(20000, seed=6)
    kept = s.evaluate_frame(first_in, "2024-06-30")
    snapshot = kept.copy(deep=True)
    for _ in range(3):
        s.evaluate_frame(second_in, "2024-06-30")  # made and dropped: its columns go back to the pool
    other = s.evaluate_frame(second_in, "2024-06-30")
    pd.testing.assert_frame_equal(kept, snapshot)
    assert not other["total"].equals(kept["total"])
    pd.testing.assert_frame_equal(other, s.evaluate_frame(second_in.copy(), "2024-06-30"))


def test_float_columns_are_read_in_place_and_strided_views_read_right(registry):
    """Plain float64 columns go to the core without a copy; a strided view (every other
    row of a frame) must give the same results as a compact copy of it."""
    s = registry.get("cong_dan_hoc_tap", "2024-06-30")
    frame = citizens(400, seed=3)
    frame.loc[frame.index[::17], "score.tc2_1"] = np.nan
    strided = frame.iloc[::2]
    assert not strided["score.tc1_1"].to_numpy().flags["C_CONTIGUOUS"]
    compact = strided.copy()
    a = s.evaluate_frame(strided, "2024-06-30")
    b = s.evaluate_frame(compact, "2024-06-30")
    pd.testing.assert_frame_equal(a, b)
    missing = strided.index[strided["score.tc2_1"].isna()]
    assert len(missing) > 0
    assert not a.loc[missing, "recognized"].any()  # a missing score never recognizes
    assert (a.loc[missing, "decision"] == "not_assessable").any()


def test_a_bad_row_gets_its_error_and_no_row_is_dropped(registry):
    s = registry.get("cong_dan_hoc_tap", "2024-06-30")
    frame = citizens(5)
    frame["score.tc1_1"] = frame["score.tc1_1"].astype(object)
    frame.loc["cd00001", "score.tc1_1"] = "tám"      # not a number
    frame.loc["cd00002", "score.tc1_1"] = 14.0       # above the maximum
    frame.loc["cd00003", "vung"] = "thanh_pho"       # not on the scale
    frame.loc["cd00004", "score.tc2_2"] = np.nan     # missing
    out = s.evaluate_frame(frame, "2024-06-30", lang="en")
    assert len(out) == 5
    assert pd.isna(out.loc["cd00000", "error"])
    assert isinstance(out["error"].dtype, pd.CategoricalDtype)  # a code per row, not an object
    assert out.loc["cd00001", "error"] == "`score.tc1_1` = 'tám' is not a number (such as 8 or 7.5)"
    # A number is shown as a number, as the record path shows the same value.
    assert out.loc["cd00002", "error"] == "`score.tc1_1` = 14 is outside 0..10"
    assert [p["en"] for p in s.evaluate({"score.tc1_1": 14.0}, "2024-06-30").problems] == ["`score.tc1_1` = 14 is outside 0..10"]
    assert out.loc["cd00003", "error"].startswith("`vung` = 'thanh_pho' is not on scale `vung`")
    assert pd.isna(out.loc["cd00004", "error"]) and out.loc["cd00004", "decision"] in ("not_assessable", "not_recognized")
    assert out.loc["cd00001", "tc1.status"] == "not_met"  # 1.1 unknown, a sibling below full points


def test_each_problem_apart_on_request_as_the_record_path_gives_it(registry):
    """problems=True lists each data problem in its own row of attrs["hoctap"]["problems"],
    in row order, as Result.problems gives them for the same record; rows of mixed kinds,
    judged in groups, are put back in order."""
    s = registry.get("cong_dan_hoc_tap", "2024-06-30")
    frame = citizens(5)
    frame["score.tc1_1"] = frame["score.tc1_1"].astype(object)
    frame.loc["cd00001", "score.tc1_1"] = 14.0
    frame.loc["cd00001", "score.tc2_1"] = -1.0      # a second problem in the same row
    frame.loc["cd00002", "vung"] = "thanh_pho"
    frame.loc["cd00003", "score.tc1_1"] = "tám"     # a text cell: its row is judged in a group of its own, first
    out = s.evaluate_frame(frame, "2024-06-30", lang="en", problems=True)
    problems = out.attrs["hoctap"]["problems"]
    assert list(problems.columns) == ["row", "input", "code", "vi", "en"]
    assert list(problems["row"]) == ["cd00001", "cd00001", "cd00002", "cd00003"]
    assert list(problems["input"]) == ["score.tc1_1", "score.tc2_1", "vung", "score.tc1_1"]
    assert list(problems.loc[problems["row"] == "cd00001", "en"]) == ["`score.tc1_1` = 14 is outside 0..10",
                                                                      "`score.tc2_1` = -1 is outside 0..10"]
    for label, given in problems.groupby("row", sort=False):
        record = {k: v for k, v in frame.loc[label].items() if not (isinstance(v, float) and np.isnan(v))}
        want = s.evaluate(record, "2024-06-30").problems
        assert given[["input", "code", "vi", "en"]].to_dict("records") == want
        assert out.loc[label, "error"] == "; ".join(p["en"] for p in want)
    assert "problems" not in s.evaluate_frame(frame, "2024-06-30").attrs["hoctap"]  # only on request

def test_nullable_categorical_and_date_columns(registry):
    s = registry.get("cong_dong_hoc_tap_xa", "2025-03-15")
    n = 4
    frame = pd.DataFrame({
        "tuyen_truyen_hoc_tap_suot_doi": pd.array([True, True, None, True], dtype="boolean"),
        "ke_hoach_xhht_hang_nam": True, "tuan_le_hoc_tap_suot_doi": True, "du_kinh_phi_ngan_sach": True,
        "xa_hoi_hoa_hieu_qua": True, "co_che_phoi_hop": True, "dat_tieu_chi_3": True,
        "muc_dat_tieu_chi_4": pd.Categorical(["muc_do_2"] * n),
        "muc_dat_tieu_chi_5": ["muc_do_2", "muc_do_1", "muc_do_2", "muc_do_2"],
        "da_cong_nhan_muc_do_1": [True, False, False, True],
        "ngay_quyet_dinh_muc_do_1": pd.to_datetime(["2024-03-15", None, None, "2024-06-01"]),
    })
    out = s.evaluate_frame(frame, datetime.date(2025, 3, 15))
    assert list(out["level"]) == [2, 1, 0, 1]
    assert list(out["decision"]) == ["recognized", "recognized", "not_assessable", "recognized"]


def test_a_dataset_is_evaluated_bottom_up(registry):
    date = "2019-12-31"
    families = pd.DataFrame({
        "id": ["f1", "f2", "f3", "f4"], "clan_id": ["c1", "c1", "c2", "c2"],
        "tre_em": None,
        "score.tc1c": [10, 0, 10, 10], "score.tc2c": [10, 0, 10, 10], "score.tc3": [40, 0, 40, 40],
    })
    clans = pd.DataFrame({"id": ["c1", "c2"], "co_ban_khuyen_hoc": [True, True], "co_quy_khuyen_hoc": [True, False]})
    out = hoctap.evaluate_dataset(registry, {"gia_dinh_hoc_tap": families, "dong_ho_hoc_tap": clans}, date,
                                  links={("dong_ho_hoc_tap", "gia_dinh"): "clan_id"}, context={"nguong_cong_nhan": 70})
    fam = out["gia_dinh_hoc_tap"]
    # Families carry no member lists here: their member-based lines are not assessable, so
    # only those whose entered scores decide the outcome are judged.
    assert list(fam["decision"]) == ["not_assessable", "not_recognized", "not_assessable", "not_assessable"]
    clan = out["dong_ho_hoc_tap"]
    assert list(clan["decision"]) == ["not_assessable", "not_recognized"]


def test_citizens_families_and_clans_linked_by_ids(registry):
    """Citizens → families (2021–2030 set: adults as learning citizens) → clans."""
    date = "2023-12-31"
    scores_ok = {f"score.{i}": 8 for i in IDS}
    scores_low = {f"score.{i}": 7 for i in IDS}
    citizens = pd.DataFrame([
        dict(id="p1", family_id="f1", vung="binh_thuong", mien_tru=False, **scores_ok),
        dict(id="p2", family_id="f1", vung="binh_thuong", mien_tru=False, **scores_low),
        dict(id="p3", family_id="f2", vung="binh_thuong", mien_tru=False, **scores_low),
        dict(id="p4", family_id="f3", vung="dan_toc_thieu_so", mien_tru=False, **scores_low),  # 70: recognized there
    ])
    families = pd.DataFrame({"id": ["f1", "f2", "f3"], "clan_id": ["c1", "c1", "c2"], "hoc_tap_nang_cao_doi_song": [True, True, True]})
    clans = pd.DataFrame({"id": ["c1", "c2"], "co_ban_khuyen_hoc": [True, True], "dat_cac_chi_so_khac": [True, True]})
    context = {"ty_le_nguoi_lon_cdht_toi_thieu": 0.5, "ty_le_gia_dinh_hoc_tap_toi_thieu": 0.5}
    out = hoctap.evaluate_dataset(
        registry, {"cong_dan_hoc_tap": citizens, "gia_dinh_hoc_tap": families, "dong_ho_hoc_tap": clans}, date,
        links={("gia_dinh_hoc_tap", "nguoi_lon"): "family_id", ("dong_ho_hoc_tap", "gia_dinh"): "clan_id"}, context=context)
    assert list(out["cong_dan_hoc_tap"]["recognized"]) == [True, False, False, True]
    # Families have no children listed (tre_em absent): criterion 1 is not assessable.
    fam = out["gia_dinh_hoc_tap"]
    assert list(fam["tc2.status"]) == ["met", "not_met", "met"]
    # The same family through nested records agrees.
    nested = registry.evaluate("gia_dinh_hoc_tap", {
        "tre_em": [], "hoc_tap_nang_cao_doi_song": True,
        "nguoi_lon": [dict(mien_tru=False, vung="binh_thuong", score={k[6:]: v for k, v in s.items()}) for s in (scores_ok, scores_low)],
    }, date, {"ty_le_nguoi_lon_cdht_toi_thieu": 0.5})  # the family's own context: a clan's key would be refused
    assert nested.decision == "recognized"
    assert len(out["dong_ho_hoc_tap"]) == 2


def test_each_object_cell_is_read_as_the_record_path_reads_it(root):
    """In an object column a bool and a 1, or 8 and 8.0, are each read as themselves, not
    as whichever came first; a number is shown as a number; Decimal NaN is missing."""
    contract = hoctap.load(str(root / "tests/data/input-contract/contract.yaml"))

    def record(name, value):
        r = contract.evaluate({name: value}, "2023-06-30")
        return next(n["status"] for n in r.nodes if n["id"] == name), "; ".join(p["en"] for p in r.problems) or None

    for name, cells in (("so_nguyen", [True, 1]), ("so_nguyen", [1, True]), ("so_nguyen", [0, False]), ("so_nguyen", [8, 8.0, "8"]),
                        ("co", [1, True, "x", 2]), ("muc", ["cao", 3, 3.5]), ("so", [decimal.Decimal("7.5"), decimal.Decimal("NaN"), 7.5]),
                        ("ngay", [datetime.date(2023, 6, 30), "2023-06-30", 20230630])):
        out = contract.evaluate_frame(pd.DataFrame({name: pd.Series(cells, dtype=object)}), "2023-06-30", lang="en")
        got = [(out[f"k_{name}.status"].iloc[k], None if pd.isna(out["error"].iloc[k]) else out["error"].iloc[k]) for k in range(len(cells))]
        assert got == [record(name, v) for v in cells], (name, cells)
    out = contract.evaluate_frame(pd.DataFrame({"so_nguyen": pd.Series([True, 1], dtype=object)}), "2023-06-30", lang="en")
    assert list(out["error"]) == ["`so_nguyen` = true is not a whole number (such as 8)", np.nan]
    out = contract.evaluate_frame(pd.DataFrame({"muc": pd.Series(["cao", 3], dtype=object)}), "2023-06-30", lang="en")
    assert out["error"].iloc[1] == "`muc` = 3 is not on scale `muc` (thap, cao)"


def test_zoned_datetimes_are_read_as_their_own_calendar_day(root):
    """A tz-aware value is the day where it was taken (00:30 in Hanoi is that day, not the
    day before in UTC), as a record reads a Timestamp's own year, month and day."""
    contract = hoctap.load(str(root / "tests/data/input-contract/contract.yaml"))
    stamps = pd.Series(pd.to_datetime(["2023-06-30 00:00", "2023-06-30 06:59", "2023-07-01 00:30"]).tz_localize("Asia/Ho_Chi_Minh"))
    want = [next(n["status"] for n in contract.evaluate({"ngay": v}, "2023-06-30").nodes if n["id"] == "ngay") for v in stamps]
    assert want == ["met", "met", "not_met"]
    for column in (stamps, stamps.astype(object), stamps.astype("category")):
        assert list(contract.evaluate_frame(pd.DataFrame({"ngay": column}), "2023-06-30")["k_ngay.status"]) == want


def test_a_categorical_of_timestamps_is_a_date_column(root):
    contract = hoctap.load(str(root / "tests/data/input-contract/contract.yaml"))
    column = pd.Series(pd.to_datetime(["2023-06-30", None, "2023-06-29"])).astype("category")
    out = contract.evaluate_frame(pd.DataFrame({"ngay": column}), "2023-06-30")
    assert list(out["k_ngay.status"]) == ["met", "not_assessable", "not_met"]
    assert out["error"].isna().all()


def test_uint64_beyond_int64_is_out_of_range_with_its_own_number(root):
    contract = hoctap.load(str(root / "tests/data/input-contract/contract.yaml"))
    column = pd.Series([2**64 - 1, 2**63 + 5, 7], dtype=np.uint64)
    out = contract.evaluate_frame(pd.DataFrame({"so_nguyen": column}), "2023-06-30", lang="en")
    assert list(out["error"])[:2] == ["`so_nguyen` = '18446744073709551615' is beyond ±9·10^12",
                                      "`so_nguyen` = '9223372036854775813' is beyond ±9·10^12"]
    assert [p["en"] for p in contract.evaluate({"so_nguyen": np.uint64(2**64 - 1)}, "2023-06-30").problems] == [out["error"].iloc[0]]
    assert out["k_so_nguyen.points"].iloc[2] == 7 and pd.isna(out["error"].iloc[2])
    assert list(contract.evaluate_frame(pd.DataFrame({"so_nguyen": pd.array([7, None], dtype="UInt64")}), "2023-06-30")["k_so_nguyen.status"]) == [
        "not_met", "not_assessable"]


def test_a_column_is_nested_when_its_first_given_cell_is_a_dict(registry):
    """Columns are told by their first given cell: a column of ids or names is not read
    through; one whose cells are dicts is flattened, missing rows included."""
    s = registry.get("cong_dan_hoc_tap", "2024-06-30")
    frame = pd.DataFrame({"ho_ten": ["A", "B", "C"], "vung": ["binh_thuong"] * 3,
                          "score": [None, {k: 8 for k in IDS}, {k: 9 for k in IDS}]})
    out = s.evaluate_frame(frame)
    assert list(out["decision"]) == ["not_assessable", "recognized", "recognized"]
    assert [w["name"] for w in out.attrs["hoctap"]["warnings"]] == ["ho_ten"]
    frame["score"] = pd.Series(["none", {k: 8 for k in IDS}, {k: 9 for k in IDS}], dtype=object)
    assert [w["name"] for w in s.evaluate_frame(frame).attrs["hoctap"]["warnings"]][:2] == ["ho_ten", "score"]
    with pytest.raises(ValueError) as e:  # `score` holding {"tc1_1": …} beside a column `score.tc1_1`
        s.evaluate_frame(pd.DataFrame({"score": [{"tc1_1": 8}], "score.tc1_1": [9]}))
    assert (e.value.code, e.value.message_en) == ("E013", "the frame has duplicated columns: score.tc1_1; each input is one column")


FAMILIES = [  # nested JSON, as a program exports households with their members
    {"id": "g1", "hoc_tap_nang_cao_doi_song": True, "tre_em": [{"tuoi": 8, "di_hoc": False, "mien_tru": False}],
     "nguoi_lon": [{"mien_tru": False, "result": {"recognized": True}}]},
    {"id": "g2", "hoc_tap_nang_cao_doi_song": True, "tre_em": [{"tuoi": 8, "di_hoc": True, "mien_tru": False}],
     "nguoi_lon": [{"mien_tru": False, "result": {"recognized": True}}, {"mien_tru": True}]},
    {"id": "g3", "hoc_tap_nang_cao_doi_song": True, "tre_em": [], "nguoi_lon": [{"mien_tru": False, "result": {"recognized": False}}]},
    {"id": "g4", "hoc_tap_nang_cao_doi_song": True, "nguoi_lon": [{"mien_tru": False, "result": {"recognized": True}}]},  # no tre_em
]


def test_a_column_of_member_lists_holds_that_lists_members(registry, root, tmp_path):
    """pd.read_json of nested JSON gives a column of lists of dicts: the list's members, as
    a record dict and the CLI read the same JSON. A missing cell is a missing list (as a
    record without the key), an empty list a list without members; nothing is dropped."""
    s = registry.get("gia_dinh_hoc_tap", "2023-12-31")
    context = {"ty_le_nguoi_lon_cdht_toi_thieu": 0.5}
    path = tmp_path / "families.jsonl"
    path.write_text("".join(json.dumps(f) + "\n" for f in FAMILIES), encoding="utf-8")
    frame = pd.read_json(path, lines=True, dtype=False)
    assert frame["nguoi_lon"].dtype == object and pd.isna(frame["tre_em"].iloc[3])
    out = s.evaluate_frame(frame, context=context, strict=True)
    assert list(out["decision"]) == ["not_recognized", "recognized", "not_recognized", "not_assessable"]
    assert list(out["tc1.status"]) == ["not_met", "met", "not_applicable", "not_assessable"]
    assert out.attrs["hoctap"]["warnings"] == [] and out.attrs["hoctap"]["issues"] == []
    for k, family in enumerate(FAMILIES):
        one = s.evaluate(family, context=context)
        assert out["decision"].iloc[k] == one.decision
        assert [out[f"{n['id']}.status"].iloc[k] for n in one.nodes if n["parent"] < 0] == [n["status"] for n in one.nodes if n["parent"] < 0]
    cli = subprocess.run([str(root / "build/hoctap"), "evaluate", "--criteria", str(root / "criteria"), "--title", "gia_dinh_hoc_tap",
                          "--date", "2023-12-31", "--input", str(path), "--context", "ty_le_nguoi_lon_cdht_toi_thieu=0.5"],
                         capture_output=True, text=True, check=True)
    assert [json.loads(line)["decision"] for line in cli.stdout.splitlines()] == list(out["decision"])
    # A member field the list does not have is reported as in a member table.
    frame.at[0, "tre_em"] = [{"tuoi": 8, "di_hoc": False, "mien_truu": False}]
    names = [w["name"] for w in s.evaluate_frame(frame, context=context).attrs["hoctap"]["warnings"] if w["code"] == "unknown_input"]
    assert names == ["mien_truu"]


def test_a_cell_of_a_member_list_column_that_is_no_list_is_refused(registry):
    s = registry.get("gia_dinh_hoc_tap", "2023-12-31")
    frame = pd.DataFrame({"tre_em": pd.Series([[{"tuoi": 8}], "tám tuổi"], dtype=object, index=["g1", "g2"])})
    with pytest.raises(TypeError) as e:
        s.evaluate_frame(frame)
    assert (e.value.code, e.value.message_en, e.value.message_vi) == (
        "E013",
        "column `tre_em` holds member lists, but row g2 holds 'tám tuổi': each cell is a list of member records (dicts), or missing",
        "cột `tre_em` chứa danh sách thành viên, nhưng dòng g2 chứa 'tám tuổi': mỗi ô là một danh sách bản ghi thành viên (dict), hoặc để trống")
    with pytest.raises(ValueError) as e:
        s.evaluate_frame(frame.iloc[:1], members={"tre_em": (pd.DataFrame({"tuoi": [9]}), [0])})
    assert (e.value.code, e.value.message_en) == ("E013", "`tre_em` is given twice: as a column of member lists and in members=")


def test_a_member_without_a_parent_row_is_reported(registry):
    """members= positions: -1 or missing is a member of no row, listed in the issues (never
    dropped in silence); a position that is no row of the frame raises E006 showing it."""
    s = registry.get("gia_dinh_hoc_tap", "2023-12-31")
    families = pd.DataFrame({"hoc_tap_nang_cao_doi_song": [True]})
    children = pd.DataFrame({"tuoi": [9, 9, 9], "di_hoc": [False, True, False], "mien_tru": [False] * 3})
    out = s.evaluate_frame(families, members={"tre_em": (children, [0, -1, np.nan])}, lang="en")
    assert out.attrs["hoctap"]["issues"] == [
        {"file": "tre_em", "row": 1, "line": None, "code": "D035", "field": "tre_em",
         "reason": "the member at row 1 of `tre_em` has no parent row (parent position -1): it is counted for no row"},
        {"file": "tre_em", "row": 2, "line": None, "code": "D035", "field": "tre_em",
         "reason": "the member at row 2 of `tre_em` has no parent row (parent position NaN): it is counted for no row"}]
    assert out["tc1.status"].iloc[0] == "not_met"  # the one child it has does not attend school
    vi = s.evaluate_frame(families, members={"tre_em": (children, np.array([0, 0, np.nan]))}).attrs["hoctap"]["issues"]
    assert [i["reason"] for i in vi] == ["thành viên ở dòng 2 của `tre_em` không có dòng cha (vị trí dòng cha NaN): không được tính cho dòng nào"]
    for positions, shown in (([0, 1.5, 0], "1.5"), ([0, 0, 5], "5"), (["0", 0, 0], "'0'")):
        with pytest.raises(ValueError) as e:
            s.evaluate_frame(families, members={"tre_em": (children, positions)})
        row = [str(p) for p in positions].index(shown.strip("'"))
        assert (e.value.code, e.value.message_en) == (
            "E006", f"member table `tre_em` row {row} points at parent {shown}, outside the batch (expected -1 or a row of the batch)")


def test_dataset_frames_link_members_as_the_folder_path_does(registry):
    """A member whose link is no parent's id, or is empty, belongs to no row and is listed
    with the folder path's code and words; a repeated parent id keeps its members on its
    first row; a parent no adult points at is D034."""
    ok = {f"score.{i}": 8 for i in IDS}
    citizens = pd.DataFrame([dict(id="p1", family_id="f1", vung="binh_thuong", mien_tru=False, **ok),
                             dict(id="p2", family_id="f9", vung="binh_thuong", mien_tru=False, **ok),
                             dict(id="p3", family_id="F1", vung="binh_thuong", mien_tru=False, **ok),
                             dict(id="p4", family_id=None, vung="binh_thuong", mien_tru=False, **ok)],
                            index=pd.Index(["r1", "r2", "r3", "r4"]))
    families = pd.DataFrame({"id": ["f1", "f2", "f1"], "hoc_tap_nang_cao_doi_song": [True, True, True], "tre_em": [[], [], []]})
    out = hoctap.evaluate_dataset(registry, {"cong_dan_hoc_tap": citizens, "gia_dinh_hoc_tap": families}, "2023-12-31",
                                  links={("gia_dinh_hoc_tap", "nguoi_lon"): "family_id"},
                                  context={"ty_le_nguoi_lon_cdht_toi_thieu": 0.5}, lang="en")
    fam = out["gia_dinh_hoc_tap"]
    assert list(fam["tc2.status"]) == ["met", "not_applicable", "not_applicable"]  # p1 is f1's adult; the repeated f1 has none
    issues = fam.attrs["hoctap"]["issues"]
    assert issues == out["cong_dan_hoc_tap"].attrs["hoctap"]["issues"]
    assert [(i["file"], i["row"], i["code"], i["field"], i["reason"]) for i in issues] == [
        ("gia_dinh_hoc_tap", 2, "D031", "id", "duplicate id `f1` (first at row 0): its members are counted with that row only"),
        ("cong_dan_hoc_tap", "r2", "D032", "family_id", "`f9` is not an id in gia_dinh_hoc_tap"),
        ("cong_dan_hoc_tap", "r3", "D033", "family_id",
         "`F1` is not an id in gia_dinh_hoc_tap; did you mean `f1`? (they differ only by spaces, a BOM, Unicode normalisation or case)"),
        ("cong_dan_hoc_tap", "r4", "D035", "family_id", "empty `family_id`: the row belongs to no row of gia_dinh_hoc_tap"),
        ("gia_dinh_hoc_tap", 1, "D034", "id", "no row of cong_dan_hoc_tap points at `f2` (`family_id`): it is judged with no nguoi_lon")]
    assert fam.attrs["hoctap"]["warnings"] == [] and out["cong_dan_hoc_tap"].attrs["hoctap"]["warnings"] == []
    vi = hoctap.evaluate_dataset(registry, {"cong_dan_hoc_tap": citizens, "gia_dinh_hoc_tap": families}, "2023-12-31",
                                 links={("gia_dinh_hoc_tap", "nguoi_lon"): "family_id"}, context={"ty_le_nguoi_lon_cdht_toi_thieu": 0.5})
    assert vi["gia_dinh_hoc_tap"].attrs["hoctap"]["issues"][1]["reason"] == "`f9` không phải mã nào trong gia_dinh_hoc_tap"


def test_dataset_frames_name_invisible_characters_in_ids_and_links(registry):
    """An id or a link quoted in a reason has its invisible characters named, as the folder
    path and every message name them (`<U+200B>`): never a text that looks like a correct id."""
    ok = {f"score.{i}": 8 for i in IDS}
    citizens = pd.DataFrame([dict(id="p1", family_id="f1\u200b", vung="binh_thuong", mien_tru=False, **ok),
                             dict(id="p2", family_id="\u00a0f1", vung="binh_thuong", mien_tru=False, **ok),
                             dict(id="p3", family_id="f2\u200b", vung="binh_thuong", mien_tru=False, **ok)],
                            index=pd.Index(["r1", "r2", "r3"]))
    families = pd.DataFrame({"id": ["f1", "f2\u200b", "f2\u200b"], "hoc_tap_nang_cao_doi_song": [True, True, True], "tre_em": [[], [], []]})
    out = hoctap.evaluate_dataset(registry, {"cong_dan_hoc_tap": citizens, "gia_dinh_hoc_tap": families}, "2023-12-31",
                                  links={("gia_dinh_hoc_tap", "nguoi_lon"): "family_id"},
                                  context={"ty_le_nguoi_lon_cdht_toi_thieu": 0.5}, lang="en")
    assert [(i["file"], i["row"], i["code"], i["field"], i["reason"]) for i in out["gia_dinh_hoc_tap"].attrs["hoctap"]["issues"]] == [
        ("gia_dinh_hoc_tap", 2, "D031", "id", "duplicate id `f2<U+200B>` (first at row 1): its members are counted with that row only"),
        ("cong_dan_hoc_tap", "r1", "D032", "family_id", "`f1<U+200B>` is not an id in gia_dinh_hoc_tap"),
        ("cong_dan_hoc_tap", "r2", "D033", "family_id",
         "`<U+00A0>f1` is not an id in gia_dinh_hoc_tap; did you mean `f1`? (they differ only by spaces, a BOM, Unicode normalisation or case)"),
        ("gia_dinh_hoc_tap", 0, "D034", "id", "no row of cong_dan_hoc_tap points at `f1` (`family_id`): it is judged with no nguoi_lon")]


def test_dataset_frames_of_the_province_agree_with_its_folder(registry, root):
    """The sample province's CSV files read by pandas and linked by their columns: the
    decisions, warnings (none: ids, links and what other versions read are no unknown
    columns) and issues (none) of the folder path."""
    folder = root / "examples/province"
    date = "2023-12-31"
    by_folder = hoctap.evaluate_dataset(registry, str(folder), date)
    context = {"nguong_cong_nhan": 70, "ty_le_nguoi_lon_cdht_toi_thieu": 0.5, "ty_le_gia_dinh_hoc_tap_toi_thieu": 0.6,
               "ty_le_dong_ho_hoc_tap_toi_thieu": 0.35, "ty_le_gia_dinh_hoc_tap": 0.5}  # dataset.yaml's
    files = {t: pd.read_csv(folder / f) for t, f in (("cong_dan_hoc_tap", "adults.csv"), ("gia_dinh_hoc_tap", "families.csv"),
                                                     ("dong_ho_hoc_tap", "clans.csv"))}
    out = hoctap.evaluate_dataset(registry, files, date, context=context,
                                  links={("gia_dinh_hoc_tap", "nguoi_lon"): "family_id", ("dong_ho_hoc_tap", "gia_dinh"): "clan_id"},
                                  members={("gia_dinh_hoc_tap", "tre_em"): (pd.read_csv(folder / "children.csv"), "family_id")})
    for title, frame in files.items():
        mine = out[title].set_index(frame["id"])["decision"].astype(str)
        assert mine.equals(by_folder[title]["decision"].astype(str).reindex(mine.index)), title
        assert out[title].attrs["hoctap"]["warnings"] == [], title
        assert out[title].attrs["hoctap"]["issues"] == by_folder[title].attrs["hoctap"]["issues"] == []
