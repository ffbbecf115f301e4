"""A province's own sets beside the national ones: Registry([...folders]) and place=."""
import pickle

import pytest

import hoctap

FAMILY = {
    "tre_em": [{"tuoi": 15, "di_hoc": False, "mien_tru": False}],
    "nguoi_lon": [],
    "ty_le_nguoi_lon_cdht_toi_thieu": 0.5,
    "hoc_tap_nang_cao_doi_song": True,
}


def test_a_family_in_quang_ninh_is_judged_by_the_provinces_own_set(root):
    reg = hoctap.Registry([root / "criteria", root / "examples/provincial/criteria"])
    assert reg.get("gia_dinh_hoc_tap", "2023-06-30").id == "gia-dinh-hoc-tap/2022"
    assert reg.get("gia_dinh_hoc_tap", "2023-06-30", place="quang_ninh").id == "vi-du-quang-ninh/gia-dinh-hoc-tap-2022"
    assert reg.get("gia_dinh_hoc_tap", "2023-06-30", place="quang_ninh/ha_long").id == "vi-du-quang-ninh/gia-dinh-hoc-tap-2022"
    elsewhere = reg.evaluate("gia_dinh_hoc_tap", FAMILY, "2023-06-30", place="ha_noi")
    quang_ninh = reg.evaluate("gia_dinh_hoc_tap", FAMILY, "2023-06-30", place="quang_ninh")
    assert (elsewhere.decision, quang_ninh.decision) == ("recognized", "not_recognized")
    assert pickle.loads(pickle.dumps(quang_ninh)).decision == "not_recognized"
    assert pickle.loads(pickle.dumps(reg)).get("gia_dinh_hoc_tap", "2023-06-30", place="quang_ninh").id.startswith("vi-du-quang-ninh/")


def test_a_misspelt_place_is_refused(root):
    reg = hoctap.Registry([root / "criteria", root / "examples/provincial/criteria"])
    with pytest.raises(ValueError, match=r"^unknown place `quang_nihn` \(a province id, or `province/district`; known provinces: an_giang, "):
        reg.evaluate("gia_dinh_hoc_tap", FAMILY, "2023-06-30", place="quang_nihn")
