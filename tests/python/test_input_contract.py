"""The input contract (docs/input-contract.md) through the Python entry points: the shared
corpus tests/data/input-contract/values.json through record dicts, the context and
evaluate_frame's columns of every dtype; dates; warnings for names the set does not read;
Result pickles; Registry.get raises; the error column at scale; datasets from a folder."""
import datetime
import decimal
import json
import pickle
import subprocess

import numpy as np
import pandas as pd
import pytest

import hoctap


@pytest.fixture(scope="module")
def contract(root):
    doc = json.loads((root / "tests/data/input-contract/values.json").read_text(encoding="utf-8"))
    return hoctap.load(str(root / "tests/data/input-contract/contract.yaml")), doc["cases"], doc["date"]


def float32_digits(text):
    """Whether a number's text has no more significant digits than a float32 holds (7)."""
    return len(text.lstrip("-").split("e")[0].replace(".", "").strip("0")) <= 7


def python_values(case):
    """The ways a Python caller gives the case's raw value."""
    if "text" in case:
        return [case["text"]]
    if "bool" in case:
        return [case["bool"], np.bool_(case["bool"])]
    if "null" in case:
        return [None, float("nan"), pd.NA]
    text = case["number"]
    values = [decimal.Decimal(text)]
    try:
        values.append(int(text))
    except ValueError:
        values.append(float(text))
    if float32_digits(text):
        values.append(np.float32(text))  # its shortest repr, as a float32 column's values
    return values


def expect(case, assessable, points, problems, where):
    if "points" in case:
        assert problems == [] and assessable, where
        assert decimal.Decimal(str(points)) == decimal.Decimal(case["points"]), where
    elif "missing" in case:
        assert problems == [] and not assessable, where
    else:
        assert not assessable and len(problems) == 1, where
        code, en, vi = problems[0]
        if code is not None:
            assert code == case["problem"], where
        if "en" in case and en is not None:
            assert en == case["en"], where
        if "vi" in case and vi is not None:
            assert vi == case["vi"], where


def test_every_case_through_a_record_dict_and_the_context(contract):
    s, cases, date = contract
    for case in cases:
        for value in python_values(case):
            for record, context in (({case["input"]: value}, None), ({}, {case["input"]: value})):
                r = s.evaluate(record, date, context)
                node = next(n for n in r.nodes if n["id"] == case["input"])
                where = f"{case} as {value!r} ({'record' if record else 'context'})"
                expect(case, node["status"] != "not_assessable", node["points"],
                       [(p["code"], p["en"], p["vi"]) for p in r.problems], where)


def frame_columns(case):
    """The columns a frame may hold the case's value in."""
    name = case["input"]
    if "text" in case:
        yield pd.DataFrame({name: pd.Series([case["text"]], dtype=object)})
        yield pd.DataFrame({name: pd.Series([case["text"]], dtype="string")})
    elif "bool" in case:
        yield pd.DataFrame({name: [case["bool"]]})
        if case["input"] != "chu":  # the one exception (docs/input-contract.md): an object column's value is its text
            yield pd.DataFrame({name: pd.Series([case["bool"]], dtype=object)})
    elif "null" in case:
        yield pd.DataFrame({name: [np.nan]})
        yield pd.DataFrame({name: pd.Series([np.nan], dtype=np.float32)})
        yield pd.DataFrame({name: pd.Series([np.nan], dtype=np.float16)})
        yield pd.DataFrame({name: pd.Series([None], dtype="Float32")})
        yield pd.DataFrame({name: pd.Series([None], dtype=object)})
    else:
        text = case["number"]
        yield pd.DataFrame({name: [float(text)]})
        if case["input"] != "chu":  # the one exception (docs/input-contract.md): an object column's number is its text
            yield pd.DataFrame({name: pd.Series([decimal.Decimal(text)], dtype=object)})
        # A float32 column where the number has a float32's digits (at most seven), as
        # numpy and pandas hold it: read as written, as a numpy float32 in a record is.
        if float32_digits(text):
            yield pd.DataFrame({name: pd.Series([float(text)], dtype=np.float32)})
            yield pd.DataFrame({name: pd.Series([float(text)], dtype="Float32")})
        with np.errstate(over="ignore"):
            half = np.float16(text)
        if np.isfinite(half) and decimal.Decimal(str(half)) == decimal.Decimal(text):
            yield pd.DataFrame({name: pd.Series([float(text)], dtype=np.float16)})
        if "." not in text and "e" not in text and abs(int(text)) < 2**63:
            yield pd.DataFrame({name: [int(text)]})
            yield pd.DataFrame({name: pd.array([int(text)], dtype="Int64")})


def test_every_case_through_frame_columns(contract):
    s, cases, date = contract
    for case in cases:
        for frame in frame_columns(case):
            out = s.evaluate_frame(frame, date, lang="en")
            node = next(n for n in s.nodes if n["id"] == case["input"])
            parent = s.nodes[node["parent"]]["id"]
            error = out["error"].iloc[0]
            problems = [] if pd.isna(error) else [(None, error if "text" in case else None, None)]
            where = f"{case} in a {frame.dtypes.iloc[0]} column"
            expect(case, out[parent + ".status"].iloc[0] != "not_assessable", out[parent + ".points"].iloc[0], problems, where)


def test_a_citizen_at_79_9999999_is_not_recognized_at_80(registry):
    s = registry.get("cong_dan_hoc_tap", "2023-06-30")
    scores = {n["id"]: 8 for n in s.nodes if n["is_indicator"]}
    for value in (7.9999999, decimal.Decimal("7.9999999"), "7.9999999", np.float64(7.9999999)):
        r = s.evaluate({"vung": "binh_thuong", "score": dict(scores, tc1_1=value)})
        assert r.decision == "not_assessable"
        assert [p["en"] for p in r.problems] == ["`score.tc1_1` = '7.9999999' has more than six decimals (never rounded)"]
    frame = pd.DataFrame({"vung": ["binh_thuong"], **{f"score.{k}": [8.0] for k in scores}})
    frame["score.tc1_1"] = 7.9999999  # float64: the seventh decimal is refused, not rounded
    out = s.evaluate_frame(frame, lang="en")
    assert out["decision"].iloc[0] == "not_assessable"
    assert out["error"].iloc[0] == "`score.tc1_1` = '7.9999999' has more than six decimals (never rounded)"
    frame["score.tc1_1"] = 7.999999  # six decimals: exact
    assert s.evaluate_frame(frame)["total"].iloc[0] == 79.999999


def test_dates_are_explicit(registry, root):
    s = hoctap.load(str(root / "criteria/cong-dan-hoc-tap/244-2022.yaml"))
    with pytest.raises(ValueError, match="evaluating `cong-dan-hoc-tap/244-2022` needs an assessment date"):
        s.evaluate({"vung": "binh_thuong"})
    with pytest.raises(ValueError, match="evaluating `cong-dan-hoc-tap/244-2022` needs an assessment date"):
        s.evaluate_frame(pd.DataFrame({"vung": ["binh_thuong"]}))
    with pytest.raises(ValueError, match=r"the assessment date 2024-06-30 is outside the validity of `cong-dan-hoc-tap/244-2022` "
                                         r"\(2022-07-28..2023-10-24\)"):
        s.evaluate({"vung": "binh_thuong"}, "2024-06-30")
    with pytest.raises(ValueError, match="outside the validity"):
        s.evaluate_frame(pd.DataFrame({"vung": ["binh_thuong"]}), "2024-06-30")
    assert s.evaluate({"vung": "binh_thuong"}, "2024-06-30", outside_validity=True).audit["assessment_date"] == datetime.date(2024, 6, 30)
    chosen = registry.get("cong_dan_hoc_tap", "2023-06-30")  # judges on the day it was chosen for, not today
    assert chosen.evaluate({"vung": "binh_thuong"}).audit["assessment_date"] == datetime.date(2023, 6, 30)
    assert pickle.loads(pickle.dumps(chosen)).evaluate({}).audit["assessment_date"] == datetime.date(2023, 6, 30)
    with pytest.raises(ValueError, match="needs a date"):
        registry.get("cong_dan_hoc_tap")
    with pytest.raises(ValueError, match="needs a date"):
        registry.evaluate("cong_dan_hoc_tap", {})


def test_registry_get_of_an_unknown_title_lists_the_titles(registry):
    with pytest.raises(KeyError, match=r"no title `cong_dan` in .*criteria; its titles: cong_dan_hoc_tap, cong_dong_hoc_tap_huyen"):
        registry.get("cong_dan", "2023-06-30")


def test_a_result_pickles(registry):
    s = registry.get("cong_dan_hoc_tap", "2024-06-30")
    r = s.evaluate({"vung": "binh_thuong", "score": {"tc1_1": 8, "tc1_2": "9.5"}}, context={"vung": "vung_sau_vung_xa"})
    back = pickle.loads(pickle.dumps(r))
    assert back.to_json(True) == r.to_json(True) and back.warnings == r.warnings
    family = registry.evaluate("gia_dinh_hoc_tap", {"nguoi_lon": [{"tuoi": 30}]}, "2023-12-31")
    assert pickle.loads(pickle.dumps(family)).to_json(True) == family.to_json(True)


def test_names_the_set_does_not_read_are_reported_or_refused(registry):
    s = registry.get("cong_dan_hoc_tap", "2024-06-30")
    r = s.evaluate({"vung": "binh_thuong", "Score": {"tc1_1": 8}, "ho_ten": "A"})
    unknown = [w for w in r.warnings if w["code"] == "unknown_input"]
    assert [(w["name"], w["suggestion"]) for w in unknown] == [("Score.tc1_1", "score.tc1_1"), ("ho_ten", None)]
    assert unknown[0]["en"] == "`Score.tc1_1` is not an input of `cong-dan-hoc-tap/324-2023`; did you mean `score.tc1_1`?"
    assert unknown[0]["vi"] == "`Score.tc1_1` không phải đầu vào của bộ `cong-dan-hoc-tap/324-2023`; có phải `score.tc1_1`?"
    missing = [w["name"] for w in r.warnings if w["code"] == "missing_input"]
    assert "score.tc1_1" in missing and "vung" not in missing
    with pytest.raises(hoctap.InputError) as e:
        s.evaluate({"vung": "binh_thuong", "Score": {"tc1_1": 8}}, strict=True)
    assert "did you mean `score.tc1_1`?" in str(e.value)

    frame = pd.DataFrame({"id": ["c1"], "vung": ["binh_thuong"], "Score.tc1_1": [8]})
    out = s.evaluate_frame(frame)
    names = {(w["code"], w["name"]): w for w in out.attrs["hoctap"]["warnings"]}
    assert names[("unknown_input", "Score.tc1_1")]["suggestion"] == "score.tc1_1"
    # `id` is the row's identifier in a frame as in a record dict: no unknown name.
    assert [w["name"] for w in out.attrs["hoctap"]["warnings"] if w["code"] == "unknown_input"] == ["Score.tc1_1"]
    assert [w["name"] for w in s.evaluate({"id": "c1", "vung": "binh_thuong"}).warnings if w["code"] == "unknown_input"] == []
    assert ("missing_input", "score.tc1_1") in names
    with pytest.raises(hoctap.InputError, match="did you mean"):
        s.evaluate_frame(frame, strict=True)
    with pytest.raises(ValueError, match="the frame has duplicated columns: vung"):
        s.evaluate_frame(pd.DataFrame([["a", "b"]], columns=["vung", "vung"]))


def test_unknown_member_lists_are_refused(registry):
    s = registry.get("gia_dinh_hoc_tap", "2023-12-31")
    families = pd.DataFrame({"id": ["f1"]})
    with pytest.raises(ValueError, match=r"`tre_e` is not a member list of `gia-dinh-hoc-tap/2022` \(it has: `tre_em`, `nguoi_lon`\)"):
        s.evaluate_frame(families, members={"tre_e": (pd.DataFrame({"tuoi": [9]}), [0])})


def test_a_jsonl_read_by_pandas_is_flattened(registry, root):
    s = registry.get("cong_dan_hoc_tap", "2023-06-30")
    path = root / "examples/data/cong-dan-2023.jsonl"
    frame = pd.read_json(path, lines=True, dtype=False)
    assert frame["score"].map(lambda v: isinstance(v, dict)).all()  # nested dicts, as pandas reads them
    out = s.evaluate_frame(frame)
    assert not [w for w in out.attrs["hoctap"]["warnings"] if w["code"] == "unknown_input"]
    records = [s.evaluate(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert list(out["decision"]) == [r.decision for r in records]
    assert (out["decision"] != "not_assessable").any()


def test_one_bad_cell_of_any_type_is_that_rows_error(registry):
    s = registry.get("cong_dan_hoc_tap", "2024-06-30")
    frame = pd.DataFrame({"vung": ["binh_thuong"] * 4, "score.tc1_1": pd.Series([8, [1, 2], {"a": 1}, object()], dtype=object)})
    out = s.evaluate_frame(frame, lang="en")
    assert pd.isna(out["error"].iloc[0])
    assert out["error"].iloc[1] == "`score.tc1_1` = '[1, 2]' is not a number (such as 8 or 7.5)"
    assert out["error"].iloc[2].startswith("`score.tc1_1` = '{\\'a\\': 1}' is not a number")
    assert out["error"].iloc[3].startswith("`score.tc1_1` = '<object object at")
    assert list(out["decision"])[1:] == ["not_assessable"] * 3


def test_the_error_column_costs_memory_by_the_rows_with_errors(registry):
    s = registry.get("cong_dan_hoc_tap", "2024-06-30")
    rows = 1_000_000
    scores = np.full(rows, 8.0)
    scores[: rows * 3 // 4] = 14.0  # 750k values out of range
    frame = pd.DataFrame({"vung": pd.Categorical(["binh_thuong"] * rows), "score.tc1_1": scores})
    out = s.evaluate_frame(frame)
    error = out["error"]
    assert error.notna().sum() == rows * 3 // 4
    assert len(error.cat.categories) == 1
    assert error.memory_usage(deep=True) < 2 * rows  # a one-byte code per row, one text


@pytest.mark.parametrize("date", ["2022-12-31", "2023-12-31", "2024-06-30"])
def test_a_dataset_folder_reproduces_the_report(registry, root, date):
    results = hoctap.evaluate_dataset(registry, str(root / "examples/province"), date)
    report = json.loads(subprocess.run([str(root / "build/hoctap"), "report", "--criteria", str(root / "criteria"), "--dataset",
                                        str(root / "examples/province"), "--date", date, "--format", "json"],
                                       check=True, capture_output=True, text=True).stdout)
    assert report["titles"]
    for t in report["titles"]:
        frame = results[t["title"]]
        counts = frame["decision"].value_counts()
        assert (len(frame), counts["recognized"], counts["not_recognized"], counts["not_assessable"]) == (
            t["total"]["entities"], t["total"]["recognized"], t["total"]["not_recognized"], t["total"]["not_assessable"]), t["title"]
    if date == "2023-12-31":
        assert results["gia_dinh_hoc_tap"]["recognized"].sum() > 0
