"""The Python API: loading, errors, registries, results, pickling."""
import datetime
import decimal
import json
import pickle
import shutil
import subprocess

import pandas as pd
import pytest

import hoctap

SCORES = {f"tc{c}_{i}": 8 for c, n in ((1, 4), (2, 4), (3, 2)) for i in range(1, n + 1)}


def test_load_reports_every_problem_with_its_place(root):
    with pytest.raises(hoctap.CriteriaError) as err:
        hoctap.load(str(root / "tests/golden/structure.yaml"))
    assert isinstance(err.value, ValueError)
    d = err.value.diagnostics
    assert len(d) == 10
    assert d[0] == {
        "file": str(root / "tests/golden/structure.yaml"), "line": 8, "column": 11, "severity": "error", "code": "H304",
        "message": "`valid_to` 2020-12-31 is before `valid_from` 2021-01-01",
        "message_vi": "`valid_to` 2020-12-31 ở trước `valid_from` 2021-01-01", "yaml_path": "valid_to",
        "text": d[0]["text"], "text_vi": d[0]["text_vi"],
    }
    assert d[0]["text_vi"].startswith(str(root / "tests/golden/structure.yaml") + ":8:11: lỗi[H304]: `valid_to` 2020-12-31 ở trước")
    assert str(err.value).startswith(str(root / "tests/golden/structure.yaml") + ":8:11: error[H304]:")


def test_registry_selects_the_version_in_force(registry):
    assert "cong_dan_hoc_tap" in registry.titles()
    assert registry.get("cong_dan_hoc_tap", "2023-10-24").id == "cong-dan-hoc-tap/244-2022"
    assert registry.get("cong_dan_hoc_tap", datetime.date(2023, 10, 25)).id == "cong-dan-hoc-tap/324-2023"
    with pytest.raises(KeyError, match=r"no version of `gia_dinh_hoc_tap` is in force on 2015-06-30; its versions: "
                                       r"gia-dinh-hoc-tap/448-2016 \(2016-01-01..2022-06-30\), gia-dinh-hoc-tap/2022 \(2022-07-01..\)"):
        registry.get("gia_dinh_hoc_tap", "2015-06-30")
    assert [s.id for s in registry.versions("cong_dan_hoc_tap")] == ["cong-dan-hoc-tap/244-2022", "cong-dan-hoc-tap/324-2023"]
    with pytest.raises(KeyError):
        registry.evaluate("gia_dinh_hoc_tap", {}, "2010-01-01")


def test_a_result_carries_everything(registry):
    s = registry.get("cong_dan_hoc_tap", "2024-06-30")
    r = s.evaluate({"vung": "binh_thuong", "score": dict(SCORES, tc3_2=7.5)}, "2024-06-30")
    assert r.decision == "not_recognized" and not r.recognized
    assert r.total == decimal.Decimal("79.5")
    assert [x["code"] for x in r.reasons] == ["decision", "below_threshold"]
    assert r.reasons[1]["vi"] == "Tổng điểm 79.5/100, cần ≥ 80"
    assert r.nodes[0] == {
        "id": "tc1", "name_vi": "Tiêu chí 1. Năng lực tự học và học tập suốt đời", "name_en": "Criterion 1. Self-learning and lifelong learning",
        "parent": -1, "depth": 0, "is_indicator": False, "points": decimal.Decimal(32), "max_points": decimal.Decimal(40),
        "max_known": True, "status": "not_met", "level": 0,
    }
    assert r.audit["criteria_id"] == "cong-dan-hoc-tap/324-2023"
    assert r.audit["assessment_date"] == datetime.date(2024, 6, 30)
    assert r.audit["criteria_sha256"] == s.sha256
    assert "Tổng điểm 79.5/100, cần ≥ 80" in r.explain()
    assert "needs ≥ 80" in r.explain("en")
    d = r.to_dict()
    assert d["total"] == decimal.Decimal("79.5") and d["decision"] == "not_recognized"
    assert repr(r) == "<Result cong-dan-hoc-tap/324-2023 2024-06-30: not_recognized, 79.5/100>"
    html = r._repr_html_()
    assert "<table>" in html and "Tiêu chí 1. Năng lực tự học" in html and "32/40" in html


def test_missing_input_is_not_assessable_never_an_exception(registry):
    s = registry.get("cong_dan_hoc_tap", "2024-06-30")
    r = s.evaluate({"vung": "binh_thuong"}, "2024-06-30")
    assert r.decision == "not_assessable"
    r = s.evaluate({"vung": "nowhere", "score": SCORES}, "2024-06-30")
    assert [p["code"] for p in r.problems] == ["unknown_category"]
    r = s.evaluate({"vung": None, "score": dict(SCORES, tc1_1=float("nan"))}, "2024-06-30")
    assert r.decision == "not_assessable"


def test_values_are_read_exactly(registry):
    s = registry.get("cong_dan_hoc_tap", "2024-06-30")
    r = s.evaluate({"vung": "binh_thuong", "score": dict(SCORES, tc1_1=decimal.Decimal("8.1"), tc1_2=7.9)}, "2024-06-30")
    assert r.total == decimal.Decimal("80")


def test_members_are_evaluated_through_the_registry(registry):
    clan = {
        "co_ban_khuyen_hoc": True, "co_quy_khuyen_hoc": True,
        "gia_dinh": [{"result.recognized": True}, {"result": {"recognized": False}}],
    }
    r = registry.evaluate("dong_ho_hoc_tap", clan, "2019-12-31", context={"ty_le_gia_dinh_hoc_tap": 0.5})
    assert r.recognized  # 1 of 2 = 50% meets a local 50% (448 leaves the share to the locality)
    assert r.local_values == [{"input": "ty_le_gia_dinh_hoc_tap", "value": decimal.Decimal("0.5"), "source": "context"}]
    assert "\nLocal value: `ty_le_gia_dinh_hoc_tap` = 0.5 (from the evaluation context)\n" in r.explain("en")
    assert r.to_dict()["local_values"] == [{"input": "ty_le_gia_dinh_hoc_tap", "value": decimal.Decimal("0.5"), "source": "context"}]
    own = registry.evaluate("dong_ho_hoc_tap", dict(clan, ty_le_gia_dinh_hoc_tap=0.6), "2019-12-31", context={"ty_le_gia_dinh_hoc_tap": 0.5})
    assert not own.recognized and own.local_values[0]["source"] == "record" and own.local_values[0]["value"] == decimal.Decimal("0.6")
    none = registry.evaluate("dong_ho_hoc_tap", clan, "2019-12-31")
    assert none.local_values == [{"input": "ty_le_gia_dinh_hoc_tap", "value": None, "source": "missing"}]


def test_criteria_pickle_as_source_and_recompile(registry):
    s = registry.get("don_vi_hoc_tap_huyen_tinh", "2023-12-31")
    again = pickle.loads(pickle.dumps(s))
    assert again.id == s.id and again.sha256 == s.sha256
    reg2 = pickle.loads(pickle.dumps(registry))
    assert reg2.titles() == registry.titles()


def test_document_renders_the_table(registry):
    md = registry.get("don_vi_hoc_tap_huyen_tinh", "2023-12-31").document("en")
    assert md.startswith("# Learning unit (provincial and district agencies) — Thông tư 22/2020/TT-BGDĐT")


FAMILY = {"hoc_tap_nang_cao_doi_song": True, "tre_em": [{"tuoi": 8, "di_hoc": True, "mien_tru": False}],
          "nguoi_lon": [{"mien_tru": False, "vung": "binh_thuong", "score": SCORES}]}


def test_a_registry_warns_only_about_what_no_set_judging_the_record_reads(registry, root, tmp_path):
    """The adults of a family are judged by the citizen set: their `vung` and scores are
    its inputs, and their results come from it. Registry.evaluate takes the core's
    warnings (Result::warnings), as `hoctap evaluate --strict` does."""
    context = {"ty_le_nguoi_lon_cdht_toi_thieu": 0.5}
    r = registry.evaluate("gia_dinh_hoc_tap", FAMILY, "2023-12-31", context)
    assert r.decision == "recognized" and r.warnings == []
    assert registry.evaluate("gia_dinh_hoc_tap", FAMILY, "2023-12-31", context, strict=True).decision == "recognized"
    path = tmp_path / "family.json"
    path.write_text(json.dumps(FAMILY), encoding="utf-8")
    cli = subprocess.run([str(root / "build/hoctap"), "evaluate", "--criteria", str(root / "criteria"), "--title", "gia_dinh_hoc_tap",
                          "--date", "2023-12-31", "--input", str(path), "--strict", "--context", "ty_le_nguoi_lon_cdht_toi_thieu=0.5"],
                         capture_output=True, text=True)
    assert (cli.returncode, json.loads(cli.stdout)["decision"], cli.stderr) == (0, "recognized", "")
    # A name neither set reads is still reported, and refused under strict.
    typo = dict(FAMILY, nguoi_lon=[dict(FAMILY["nguoi_lon"][0], vungg="binh_thuong")])
    assert [w["en"] for w in registry.evaluate("gia_dinh_hoc_tap", typo, "2023-12-31", context).warnings] == [
        "`vungg` is not an input of `gia-dinh-hoc-tap/2022` (nguoi_lon)"]
    with pytest.raises(hoctap.InputError):
        registry.evaluate("gia_dinh_hoc_tap", typo, "2023-12-31", context, strict=True)
    # The family set alone judges no adult: their citizen inputs are names it does not read.
    alone = registry.get("gia_dinh_hoc_tap", "2023-12-31").evaluate(FAMILY, context=context)
    assert ("unknown_input", "vung") in [(w["code"], w["name"]) for w in alone.warnings]


def test_a_context_key_no_set_reads_is_refused_as_the_cli_refuses_it(registry, root, tmp_path):
    s = registry.get("cong_dan_hoc_tap", "2024-06-30")
    with pytest.raises(hoctap.InputError) as e:
        s.evaluate({"score": SCORES}, context={"vungg": "binh_thuong"})
    assert (e.value.code, e.value.message_en, e.value.message_vi) == (
        "E005",
        "context key `vungg` is not an input of `cong-dan-hoc-tap/324-2023`: it would be ignored; did you mean `vung`?",
        "khóa ngữ cảnh `vungg` không phải đầu vào của bộ `cong-dan-hoc-tap/324-2023`: giá trị này sẽ bị bỏ qua; có phải `vung`?")
    assert e.value.warnings == [{"code": "unknown_context", "name": "vungg", "suggestion": "vung", "vi": e.value.message_vi,
                                 "en": e.value.message_en}]
    path = tmp_path / "citizen.json"
    path.write_text(json.dumps({"score": SCORES}), encoding="utf-8")
    cli = subprocess.run([str(root / "build/hoctap"), "evaluate", "--criteria", str(root / "criteria"), "--title", "cong_dan_hoc_tap",
                          "--date", "2024-06-30", "--input", str(path), "--context", "vungg=binh_thuong", "--lang", "en"],
                         capture_output=True, text=True)
    assert cli.returncode == 2 and cli.stderr == ("hoctap: context key `vungg` is not an input of `cong-dan-hoc-tap/324-2023` or of the sets "
                                                  "judging its members: it would be ignored; did you mean `vung`?\n")
    frame = pd.DataFrame({f"score.{k}": [v] for k, v in SCORES.items()})
    with pytest.raises(hoctap.InputError, match=r"^context key `nguong_cong_nhan` is not an input of `cong-dan-hoc-tap/324-2023`"):
        s.evaluate_frame(frame, context={"vung": "binh_thuong", "nguong_cong_nhan": 70})  # a parameter, not an input
    assert s.evaluate_frame(frame, context={"vung": "binh_thuong"})["decision"].iloc[0] == "recognized"
    # Through a registry a key of a set judging the members is read: the adults' `vung`.
    context = {"ty_le_nguoi_lon_cdht_toi_thieu": 0.5, "vung": "binh_thuong"}
    adults = [{"mien_tru": False, "score": SCORES}]
    assert registry.evaluate("gia_dinh_hoc_tap", dict(FAMILY, nguoi_lon=adults), "2023-12-31", context).decision == "recognized"
    with pytest.raises(hoctap.InputError, match="context key `vung` is not an input of `gia-dinh-hoc-tap/2022`"):
        registry.get("gia_dinh_hoc_tap", "2023-12-31").evaluate(FAMILY, context=context)
    # A dataset's context is dataset.yaml's: a key of any set of the registry, refused in
    # the words dataset.yaml's is.
    with pytest.raises(hoctap.InputError) as e:
        hoctap.evaluate_dataset(registry, {"cong_dan_hoc_tap": frame}, "2024-06-30", context={"vungg": 70}, lang="en")
    folder = tmp_path / "province"
    shutil.copytree(root / "examples/province", folder)
    yaml = (folder / "dataset.yaml").read_text(encoding="utf-8")
    (folder / "dataset.yaml").write_text(yaml.replace("  nguong_cong_nhan: 70", "  vungg: 70"), encoding="utf-8")
    with pytest.raises(ValueError) as by_folder:
        hoctap.evaluate_dataset(registry, str(folder), "2024-06-30", lang="en")
    assert by_folder.value.message_en.split(": error[H100]: ")[1].splitlines()[0] == e.value.message_en
    assert e.value.message_en.startswith("unknown context key `vungg` (no criteria set has such an input; known: cap_don_vi, ")


def test_decisions_and_statuses_in_words_as_explanations_say_them(registry):
    """hoctap.words gives the words of the ids results and frames carry, in either language."""
    assert hoctap.words("recognized") == "được công nhận"
    assert hoctap.words("not_recognized", "en") == "not recognized"
    assert hoctap.words("not_assessable", "vi") == "không đánh giá được"
    assert hoctap.words("not_met") == "không đạt"
    assert hoctap.words("not_applicable", "en") == "not applicable"
    s = registry.get("cong_dan_hoc_tap", "2024-06-30")
    frame = pd.DataFrame({f"score.{k}": [v, 1] for k, v in SCORES.items()})
    out = s.evaluate_frame(frame, context={"vung": "binh_thuong"})
    assert list(out["decision"].map(hoctap.words)) == ["được công nhận", "không được công nhận"]
    result = s.evaluate({"vung": "binh_thuong", "score": SCORES})
    assert hoctap.words(result.decision, "vi") in result.explain("vi").lower()  # the explanation's own words, capitalised there
    with pytest.raises(ValueError) as e:
        hoctap.words("Đạt")
    assert e.value.code == "E013"
    assert str(e.value) == ("`Đạt` is not the id of a decision (recognized, not_recognized, not_assessable) or of a status "
                            "(met, not_met, not_applicable, not_assessable)")
    assert e.value.message_vi == ("`Đạt` không phải mã của một kết quả (recognized, not_recognized, not_assessable) hay của một "
                                  "trạng thái (met, not_met, not_applicable, not_assessable)")
    with pytest.raises(ValueError, match="lang"):
        hoctap.words("met", "fr")
