"""A dataset folder's columns against the sets' inputs: an input a file lacks (D036) and a
column no set reads (D037, with a "did you mean") are warnings once per file, in both
languages, and InputError under strict=True; `hoctap report --strict` stops on them."""
import shutil
import subprocess

import pytest

import hoctap


def test_an_input_the_2023_citizen_set_declares_but_never_reads_is_not_missing(registry, root):
    # 324-2023 declares `nhom_doi_tuong` and no rule reads it: adults.csv has no such
    # column, and that changes no result (D036 is about inputs a rule reads).
    out = hoctap.evaluate_dataset(registry, str(root / "examples/province"), "2023-12-31")
    assert out["cong_dan_hoc_tap"].attrs["hoctap"]["warnings"] == []
    assert out["gia_dinh_hoc_tap"].attrs["hoctap"]["issues"] == []
    assert hoctap.evaluate_dataset(registry, str(root / "examples/province"), "2022-12-31")["gia_dinh_hoc_tap"].attrs["hoctap"]["warnings"] == []


def test_a_misspelt_column_raises_under_strict(registry, root, tmp_path):
    folder = tmp_path / "province"
    shutil.copytree(root / "examples/province", folder)
    villages = folder / "villages.csv"
    text = villages.read_text(encoding="utf-8")
    villages.write_text(text.replace("khu_dan_cu_van_hoa", "khu_dan_cu_van_hoaa", 1), encoding="utf-8")
    out = hoctap.evaluate_dataset(registry, str(folder), "2022-12-31")
    warnings = out["cong_dong_hoc_tap_thon"].attrs["hoctap"]["warnings"]
    assert [(w["code"], w["name"], w["file"]) for w in warnings] == [("D036", "khu_dan_cu_van_hoa", "villages.csv"),
                                                                     ("D037", "khu_dan_cu_van_hoaa", "villages.csv")]
    assert warnings[1]["en"] == ("column `khu_dan_cu_van_hoaa` of villages.csv is read by no criteria set here: its values are not used; "
                                 "did you mean `khu_dan_cu_van_hoa`?")
    assert warnings[1]["vi"] == ("cột `khu_dan_cu_van_hoaa` của villages.csv không được bộ tiêu chí nào ở đây đọc: giá trị của nó không được dùng; "
                                 "có phải `khu_dan_cu_van_hoa`?")
    with pytest.raises(hoctap.InputError) as e:
        hoctap.evaluate_dataset(registry, str(folder), "2022-12-31", strict=True)
    assert e.value.warnings == warnings
    assert str(e.value) == "; ".join(w["en"] for w in warnings)
    run = subprocess.run([str(root / "build/hoctap"), "report", "--criteria", str(root / "criteria"), "--dataset", str(folder),
                          "--date", "2022-12-31", "--lang", "en", "--strict"], capture_output=True, text=True)
    assert run.returncode == 4 and run.stdout == ""
    assert run.stderr == ("hoctap: the dataset's columns do not match the criteria it is judged by (strict):\n"
                          "  villages.csv [D036] input `khu_dan_cu_van_hoa` of `cong-dong-hoc-tap-thon/2022` is not a column of villages.csv: "
                          "every row lacks it\n"
                          "  villages.csv [D037] column `khu_dan_cu_van_hoaa` of villages.csv is read by no criteria set here: its values are not used; "
                          "did you mean `khu_dan_cu_van_hoa`?\n")
    run = subprocess.run([str(root / "build/hoctap"), "report", "--criteria", str(root / "criteria"), "--dataset", str(folder),
                          "--date", "2022-12-31", "--lang", "vi"], capture_output=True, text=True, check=True)
    assert run.stderr.splitlines() == [
        "hoctap: 2 vấn đề dữ liệu (D036 ×1, D037 ×1; đã liệt kê trong báo cáo; mọi dòng đều được giữ lại)",
        "hoctap: cảnh báo: villages.csv [D036] đầu vào `khu_dan_cu_van_hoa` của bộ `cong-dong-hoc-tap-thon/2022` không phải cột của villages.csv: "
        "mọi dòng đều thiếu giá trị này",
        "hoctap: cảnh báo: villages.csv [D037] cột `khu_dan_cu_van_hoaa` của villages.csv không được bộ tiêu chí nào ở đây đọc: "
        "giá trị của nó không được dùng; có phải `khu_dan_cu_van_hoa`?"]


def test_a_kind_without_grades_has_an_empty_grade_column(registry, root):
    # The citizens' set has no bands or levels: the core keeps no grade column for them,
    # and the frame's is missing on every row; the family set's bands grade its families.
    out = hoctap.evaluate_dataset(registry, str(root / "examples/province"), "2022-12-31")
    citizens, families = out["cong_dan_hoc_tap"], out["gia_dinh_hoc_tap"]
    assert len(citizens) > 0 and citizens["grade"].isna().all()
    assert list(citizens["grade"].cat.categories) == []
    assert families["grade"].notna().any()
