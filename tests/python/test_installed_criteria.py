"""The installed package carries the official criteria (hoctap/criteria, as `cmake
--install` puts them in share/hoctap/criteria) and opens them without the source tree."""
import importlib.resources
from pathlib import Path

import pytest

import hoctap

ROOT = Path(__file__).resolve().parents[2]


def test_the_package_carries_every_criteria_file():
    installed = Path(str(importlib.resources.files("hoctap") / "criteria"))
    expected = sorted(p.relative_to(ROOT / "criteria") for p in (ROOT / "criteria").rglob("*.yaml"))
    assert sorted(p.relative_to(installed) for p in installed.rglob("*.yaml")) == expected
    assert (installed / "targets.yaml").is_file()
    assert "site-packages" in installed.parts  # installed, not the source tree


def test_the_installed_official_registry_evaluates_a_citizen():
    registry = hoctap.Registry(str(importlib.resources.files("hoctap") / "criteria"))
    citizen = {"vung": "dan_toc_thieu_so", "score": {i: 7 for i in ("tc1_1", "tc1_2", "tc1_3", "tc1_4", "tc2_1", "tc2_2",
                                                                   "tc2_3", "tc2_4", "tc3_1", "tc3_2")}}
    r = registry.get("cong_dan_hoc_tap", "2023-06-30").evaluate(citizen)
    assert (r.decision, r.total) == ("recognized", 70)


def test_official_registry_opens_the_criteria_the_package_carries(monkeypatch):
    monkeypatch.delenv("HOCTAP_CRITERIA_DIR", raising=False)
    installed = str(importlib.resources.files("hoctap") / "criteria")
    assert hoctap.official_directory() == installed
    citizen = {"vung": "dan_toc_thieu_so", "score": {i: 7 for i in ("tc1_1", "tc1_2", "tc1_3", "tc1_4", "tc2_1", "tc2_2",
                                                                   "tc2_3", "tc2_4", "tc3_1", "tc3_2")}}
    for registry in (hoctap.official_registry(), hoctap.Registry.official()):
        assert repr(registry).startswith(f"<Registry {installed}: ")
        r = registry.evaluate("cong_dan_hoc_tap", citizen, "2023-06-30")
        assert (r.decision, r.total) == ("recognized", 70)


def test_hoctap_criteria_dir_overrides_the_official_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("HOCTAP_CRITERIA_DIR", str(ROOT / "tests" / "data" / "registry"))
    assert hoctap.official_directory() == str(ROOT / "tests" / "data" / "registry")
    assert hoctap.Registry.official().titles() == hoctap.Registry(str(ROOT / "tests" / "data" / "registry")).titles()
    monkeypatch.setenv("HOCTAP_CRITERIA_DIR", str(tmp_path / "none"))
    with pytest.raises(FileNotFoundError) as e:
        hoctap.official_registry()
    assert str(e.value) == f"cannot find the official criteria in `{tmp_path / 'none'}`; set HOCTAP_CRITERIA_DIR to the criteria folder"
