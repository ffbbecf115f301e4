"""Errors raised to Python callers carry a stable code and their text in both languages
(`.code`, `.message_en`, `.message_vi`; docs/diagnostics.md, "E0xx"), from the engine's
one catalog; str() stays the English text."""
import datetime
import decimal
import subprocess

import numpy as np
import pandas as pd
import pytest

import hoctap


def texts(e):
    return e.code, e.message_en, e.message_vi


@pytest.fixture(scope="module")
def citizen(root):
    return hoctap.load(str(root / "criteria/cong-dan-hoc-tap/244-2022.yaml"))


def test_no_assessment_date(citizen):
    with pytest.raises(ValueError) as e:
        citizen.evaluate({"vung": "binh_thuong"})
    assert texts(e.value) == (
        "E001",
        "evaluating `cong-dan-hoc-tap/244-2022` needs an assessment date: pass date=, or get the set with Registry.get(title, date)",
        "đánh giá theo `cong-dan-hoc-tap/244-2022` cần một ngày đánh giá: hãy truyền date=, hoặc lấy bộ tiêu chí bằng "
        "Registry.get(title, date)")
    assert str(e.value) == e.value.message_en


def test_a_date_outside_the_validity_from_the_engine(citizen):
    with pytest.raises(ValueError) as e:
        citizen.evaluate({"vung": "binh_thuong"}, "2024-06-30")
    assert texts(e.value) == (
        "E002",
        "the assessment date 2024-06-30 is outside the validity of `cong-dan-hoc-tap/244-2022` (2022-07-28..2023-10-24); "
        "set outside_validity to judge by it anyway",
        "ngày đánh giá 2024-06-30 nằm ngoài thời hạn hiệu lực của `cong-dan-hoc-tap/244-2022` (2022-07-28..2023-10-24); "
        "hãy đặt outside_validity để vẫn đánh giá theo bộ tiêu chí này")
    assert str(e.value) == e.value.message_en


def test_a_wrong_place(registry):
    with pytest.raises(ValueError) as e:
        registry.get("cong_dan_hoc_tap", "2024-06-30", place="quang_ninh/Ha Long")
    assert texts(e.value) == (
        "E004",
        "bad district in place `quang_ninh/Ha Long` (write `province/district` in lower-case letters, digits and `_`)",
        "huyện sai trong địa bàn `quang_ninh/Ha Long` (viết `tỉnh/huyện` bằng chữ thường, chữ số và `_`)")
    with pytest.raises(ValueError) as e:
        registry.evaluate("cong_dan_hoc_tap", {}, "2024-06-30", place="quang_nihn")
    assert e.value.code == "E004"
    assert e.value.message_vi.startswith("địa bàn lạ `quang_nihn` (mã tỉnh, hoặc `tỉnh/huyện`; các tỉnh đã biết: an_giang, ")


def test_an_unknown_title_and_no_version_in_force(registry):
    with pytest.raises(KeyError) as e:
        registry.get("cong_dan", "2023-06-30")
    assert e.value.code == "E003"
    assert e.value.message_vi.startswith("không có danh hiệu `cong_dan` trong ")
    titles = ", ".join(registry.titles())
    assert e.value.message_vi.endswith("; các danh hiệu có: " + titles)
    assert e.value.message_en.endswith("; its titles: " + titles)
    with pytest.raises(KeyError) as e:
        registry.get("gia_dinh_hoc_tap", "2015-06-30")
    assert e.value.code == "E003"
    assert e.value.message_vi.startswith("không có phiên bản nào của `gia_dinh_hoc_tap` có hiệu lực vào ngày 2015-06-30; các phiên bản: ")


def test_wrong_arguments(citizen):
    with pytest.raises(ValueError) as e:
        citizen.evaluate({}, "2023-13-01")
    assert texts(e.value) == ("E013", "not a date written YYYY-MM-DD: 2023-13-01",
                              "không phải một ngày viết dạng YYYY-MM-DD: 2023-13-01")
    with pytest.raises(TypeError) as e:
        citizen.evaluate({}, 20230101)
    assert texts(e.value) == ("E013", "a date is a datetime.date or a 'YYYY-MM-DD' string, not int",
                              "ngày phải là datetime.date hoặc chuỗi 'YYYY-MM-DD', không phải int")
    frame = pd.DataFrame([["binh_thuong", "binh_thuong"]], columns=["vung", "vung"])
    with pytest.raises(ValueError) as e:
        citizen.evaluate_frame(frame, "2023-06-30")
    assert texts(e.value) == ("E013", "the frame has duplicated columns: vung; each input is one column",
                              "bảng dữ liệu có cột bị lặp: vung; mỗi đầu vào là một cột")


def test_strict_input_warnings(citizen):
    with pytest.raises(hoctap.InputError) as e:
        citizen.evaluate({"vungg": "binh_thuong"}, "2023-06-30", strict=True)
    assert e.value.code == "E005"
    assert e.value.message_en == str(e.value)
    assert e.value.message_vi == "; ".join(w["vi"] for w in e.value.warnings)
    assert "có phải `vung`?" in e.value.message_vi


def test_an_invalid_criteria_file():
    with pytest.raises(hoctap.CriteriaError) as e:
        hoctap.load_string("hoctap: 1\n", "x.yaml")
    assert e.value.code == "E011"
    assert e.value.message_en == str(e.value)
    assert ": error[H101]: missing key `" in e.value.message_en
    assert ": lỗi[H101]: thiếu khóa `" in e.value.message_vi


def test_a_dataset_that_cannot_be_read(registry, tmp_path):
    (tmp_path / "dataset.yaml").write_text("- not a map\n", encoding="utf-8")
    with pytest.raises(ValueError) as e:
        hoctap.evaluate_dataset(registry, str(tmp_path), "2023-12-31")
    assert e.value.code == "E008"
    assert e.value.message_vi.endswith("dataset.yaml: không phải tệp mô tả bộ dữ liệu (một nhóm khóa hoctap_dataset, name, place, context)")


def test_a_date_is_exactly_one_day_written_yyyy_mm_dd(citizen, registry, root):
    """Nothing before or after the day: `2023-06-301` is no 2023-06-30, as for the CLI."""
    frame = pd.DataFrame({"vung": ["binh_thuong"]})
    for text in ("2023-06-301", "2023-06-30xyz", "2023-06-30T00:00", " 2023-06-30"):
        for call in (lambda: citizen.evaluate({}, text), lambda: registry.get("cong_dan_hoc_tap", text),
                     lambda: citizen.evaluate_frame(frame, text), lambda: registry.evaluate("cong_dan_hoc_tap", {}, text)):
            with pytest.raises(ValueError) as e:
                call()
            assert texts(e.value) == ("E013", f"not a date written YYYY-MM-DD: {text}", f"không phải một ngày viết dạng YYYY-MM-DD: {text}")
    cli = subprocess.run([str(root / "build/hoctap"), "evaluate", "--criteria", str(root / "criteria"), "--title", "cong_dan_hoc_tap",
                          "--date", "2023-06-301", "--input", "/dev/null", "--lang", "en"], capture_output=True, text=True)
    assert (cli.returncode, cli.stderr) == (2, "hoctap: --date must be a day written YYYY-MM-DD, not `2023-06-301`\n")
    assert registry.get("cong_dan_hoc_tap", pd.Timestamp("2023-06-30 23:30", tz="Asia/Ho_Chi_Minh")).evaluate({}).audit[
        "assessment_date"] == datetime.date(2023, 6, 30)
    assert citizen.evaluate({}, np.datetime64("2023-06-30")).audit["assessment_date"] == datetime.date(2023, 6, 30)


def test_nat_is_a_missing_value_and_no_date(citizen, registry, root):
    """NaT in a record (df.to_dict("records") of a date column) is missing, as in a frame;
    as the assessment date it is the package's date error."""
    contract = hoctap.load(str(root / "tests/data/input-contract/contract.yaml"))
    for missing in (pd.NaT, np.datetime64("NaT"), decimal.Decimal("NaN"), np.float64("nan")):
        for name in ("ngay", "so"):
            r = contract.evaluate({name: missing}, "2023-06-30")
            assert r.problems == [] and next(n["status"] for n in r.nodes if n["id"] == name) == "not_assessable", (name, missing)
            out = contract.evaluate_frame(pd.DataFrame({name: pd.Series([missing], dtype=object)}), "2023-06-30")
            assert out["error"].isna().all() and out[f"k_{name}.status"].iloc[0] == "not_assessable", (name, missing)
    for call in (lambda: citizen.evaluate({}, pd.NaT), lambda: registry.get("cong_dan_hoc_tap", pd.NaT),
                 lambda: citizen.evaluate_frame(pd.DataFrame({"vung": ["binh_thuong"]}), pd.NaT)):
        with pytest.raises(TypeError) as e:
            call()
        assert texts(e.value) == ("E013", "a date is a datetime.date or a 'YYYY-MM-DD' string, not NaTType",
                                  "ngày phải là datetime.date hoặc chuỗi 'YYYY-MM-DD', không phải NaTType")


def test_a_list_for_an_input_that_is_no_member_list_is_that_inputs_bad_value(registry):
    """A record's list of anything but dicts is no members: the input's value, refused by
    the input contract on that input, as a frame's cell holding it is."""
    s = registry.get("cong_dan_hoc_tap", "2024-06-30")
    r = s.evaluate({"vung": ["binh_thuong"]})
    assert [(p["code"], p["en"]) for p in r.problems] == [
        ("unknown_category", "`vung` = '[\\'binh_thuong\\']' is not on scale `vung` (binh_thuong, vung_sau_vung_xa, dan_toc_thieu_so)")]
    out = s.evaluate_frame(pd.DataFrame({"vung": pd.Series([["binh_thuong"]], dtype=object)}), lang="en")
    assert out["error"].iloc[0] == r.problems[0]["en"]
    family = registry.get("gia_dinh_hoc_tap", "2023-12-31").evaluate({"tre_em": [8, 9]})
    assert [p["en"] for p in family.problems] == ["`tre_em` = '[8, 9]' is not a list of members"]


def test_wrong_arguments_to_evaluate_frame_say_what_to_pass(registry):
    s = registry.get("cong_dan_hoc_tap", "2024-06-30")
    frame = pd.DataFrame({"vung": ["binh_thuong"]})
    with pytest.raises(ValueError) as e:
        s.evaluate_frame(frame, threads=-1)
    assert texts(e.value) == ("E013", "threads is a whole number, 0 (one per core) or more, not -1",
                              "threads là một số nguyên, 0 (mỗi lõi một luồng) trở lên, không phải -1")
    with pytest.raises(TypeError) as e:
        s.evaluate_frame(frame, threads=1.5)
    assert texts(e.value)[:2] == ("E013", "threads is a whole number, 0 (one per core) or more, not 1.5")
    assert s.evaluate_frame(frame, threads=0)["decision"].iloc[0] == "not_assessable"
    for given, name in (([{"vung": "binh_thuong"}], "list"), (frame["vung"], "Series")):
        with pytest.raises(TypeError) as e:
            s.evaluate_frame(given)
        assert texts(e.value) == (
            "E013",
            f"evaluate_frame takes a pandas DataFrame, not {name}: pd.DataFrame(records) makes one of a list of dicts, "
            "series.to_frame() of a Series",
            f"evaluate_frame nhận một pandas DataFrame, không phải {name}: pd.DataFrame(records) tạo một bảng từ danh sách dict, "
            "series.to_frame() từ một Series")
    dd = pytest.importorskip("dask.dataframe")
    with pytest.raises(TypeError) as e:
        s.evaluate_frame(dd.from_pandas(frame, npartitions=1))
    assert texts(e.value) == (
        "E013",
        "evaluate_frame takes a pandas DataFrame, not a Dask DataFrame: evaluate each partition with "
        "ddf.map_partitions(evaluate_frame, date, meta=...) (see examples/dask_scale.py)",
        "evaluate_frame nhận một pandas DataFrame, không phải Dask DataFrame: hãy đánh giá từng phân vùng bằng "
        "ddf.map_partitions(evaluate_frame, date, meta=...) (xem examples/dask_scale.py)")


def test_wrong_arguments_to_evaluate_dataset_say_what_to_pass(registry):
    frame = pd.DataFrame({"vung": ["binh_thuong"]})
    with pytest.raises(TypeError) as e:
        hoctap.evaluate_dataset(registry, [frame], "2024-06-30")
    assert texts(e.value) == ("E013", "evaluate_dataset takes a dataset folder or a dict of title to DataFrame, not list",
                              "evaluate_dataset nhận một thư mục bộ dữ liệu hoặc một dict danh hiệu → DataFrame, không phải list")
    dd = pytest.importorskip("dask.dataframe")
    with pytest.raises(TypeError) as e:
        hoctap.evaluate_dataset(registry, {"cong_dan_hoc_tap": dd.from_pandas(frame, npartitions=1)}, "2024-06-30")
    assert texts(e.value)[:2] == ("E013", "evaluate_dataset links members to their parents across whole frames: give pandas "
                                          "DataFrames (ddf.compute()), not the Dask DataFrame of `cong_dan_hoc_tap`")
    with pytest.raises(ValueError) as e:
        hoctap.evaluate_dataset(registry, {"cong_dan_hoc_tap": frame}, "2024-06-30", threads=-1)
    assert texts(e.value)[:2] == ("E013", "threads is a whole number, 0 (one per core) or more, not -1")


def test_a_link_or_id_column_a_dataset_frame_lacks_is_named(registry):
    citizens = pd.DataFrame({"id": ["p1"], "family_id": ["f1"]})
    families = pd.DataFrame({"ma": ["f1"]})
    with pytest.raises(ValueError) as e:
        hoctap.evaluate_dataset(registry, {"cong_dan_hoc_tap": citizens, "gia_dinh_hoc_tap": families}, "2023-12-31",
                                links={("gia_dinh_hoc_tap", "nguoi_lon"): "familyid"},
                                members={("gia_dinh_hoc_tap", "tre_em"): (pd.DataFrame({"gia_dinh": ["f1"]}), "family_id")})
    assert texts(e.value) == (
        "E008",
        "the dataset's files lack the columns that link their rows (nothing is judged without them):\n"
        "  cong_dan_hoc_tap has no column `familyid`, which links its rows to those of gia_dinh_hoc_tap; did you mean `family_id`?\n"
        "  gia_dinh_hoc_tap has no column `id`, by which the rows of cong_dan_hoc_tap point at its rows\n"
        "  (gia_dinh_hoc_tap, tre_em) has no column `family_id`, which links its rows to those of gia_dinh_hoc_tap",
        "các tệp của bộ dữ liệu thiếu cột nối các dòng với nhau (không đánh giá gì khi thiếu các cột này):\n"
        "  cong_dan_hoc_tap không có cột `familyid`, cột nối các dòng của nó với các dòng của gia_dinh_hoc_tap; có phải `family_id`?\n"
        "  gia_dinh_hoc_tap không có cột `id`, cột mà các dòng của cong_dan_hoc_tap dùng để trỏ tới các dòng của nó\n"
        "  (gia_dinh_hoc_tap, tre_em) không có cột `family_id`, cột nối các dòng của nó với các dòng của gia_dinh_hoc_tap")
