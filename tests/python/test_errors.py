"""Errors raised to Python callers carry a stable code and their text in both languages
(`.code`, `.message_en`, `.message_vi`; docs/diagnostics.md, "E0xx"), from the engine's
one catalog; str() stays the English text."""
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
