"""The province report: its numbers against an independent count made here from the raw
CSV files (each rule written out by hand in pandas), the HTML page as headless Chromium
renders it, and the sample generator's determinism."""
import filecmp
import json
import os
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
HOCTAP = ROOT / "build" / "hoctap"
PROVINCE = ROOT / "examples" / "province"
DATE = "2022-12-31"
SCORES = [f"score.tc{c}_{i}" for c, n in ((1, 4), (2, 4), (3, 2)) for i in range(1, n + 1)]


def report(*args: str) -> subprocess.CompletedProcess:
    """The sample province's report, in Vietnamese unless `args` choose a language."""
    lang = () if "--lang" in args else ("--lang", "vi")
    return subprocess.run([str(HOCTAP), "report", "--criteria", str(ROOT / "criteria"), "--dataset", str(PROVINCE), "--date", DATE, *lang, *args],
                          capture_output=True, text=True, check=True)


@pytest.fixture(scope="module")
def json_report() -> dict:
    return json.loads(report("--format", "json", "--by", "district").stdout)


def counts(json_report: dict, title: str) -> dict:
    return next(t for t in json_report["titles"] if t["title"] == title)


def independent_counts() -> dict:
    """Each rule in force on 2022-12-31, by hand, from the CSV files and dataset.yaml."""
    read = lambda name: pd.read_csv(PROVINCE / name, dtype={"clan_id": str, "unit_id": str})
    adults, children, families = read("adults.csv"), read("children.csv"), read("families.csv")
    clans, villages, units, communes = read("clans.csv"), read("villages.csv"), read("commune_units.csv"), read("communes.csv")
    # Công dân học tập, 244: total ≥ 80 (70 in remote or ethnic-minority areas), no indicator below 5.
    total = adults[SCORES].sum(axis=1)
    threshold = np.where(adults["vung"].isin(["vung_sau_vung_xa", "dan_toc_thieu_so"]), 70, 80)
    adults["ok"] = (total >= threshold) & (adults[SCORES].min(axis=1) >= 5)
    # Gia đình học tập, 2021–2030: school-age children at school; ≥ 50% of adults (not
    # exempt) learning citizens; learning improves life. Criteria that do not apply pass.
    school_age = children[(children["tuoi"] >= 6) & (children["tuoi"] <= 14) & ~children["mien_tru"]]
    kids_ok = school_age.groupby("family_id")["di_hoc"].all()
    eligible = adults[~adults["mien_tru"]]
    adult_share = eligible.groupby("family_id")["ok"].mean()
    f = families.set_index("id")
    f["kids_ok"] = kids_ok.reindex(f.index).fillna(True).astype(bool)
    f["adults_ok"] = (adult_share.reindex(f.index) >= 0.5) | adult_share.reindex(f.index).isna()
    f["ok"] = f["kids_ok"] & f["adults_ok"] & f["hoc_tap_nang_cao_doi_song"]
    # Dòng họ học tập, 2022: ≥ 60% of its families, a learning board, the other indicators.
    fam_share = f.groupby("clan_id")["ok"].mean()
    c = clans.set_index("id")
    c["ok"] = (fam_share.reindex(c.index) >= 0.6) & c["co_ban_khuyen_hoc"] & c["dat_cac_chi_so_khac"]
    c.loc[fam_share.reindex(c.index).isna(), "ok"] = np.nan  # no families: not assessable
    # Cộng đồng học tập thôn, 2022: ≥ 60% families, ≥ 35% clans (if any), no drop-out, branch, cultural area.
    v = villages.set_index("id")
    vf = f.groupby("village_id")["ok"].mean().reindex(v.index)
    clan_ok = c["ok"].copy()
    vc = clans.assign(ok=clan_ok.values).groupby("village_id")["ok"].mean().reindex(v.index)
    v["ok"] = (vf >= 0.6) & ((vc >= 0.35) | vc.isna()) & (v["so_hoc_sinh_bo_hoc"] == 0) & v["chi_hoi_hoat_dong_tot"] & v["khu_dan_cu_van_hoa"]
    # Đơn vị học tập (xã), 448: the assessors' total ≥ the locality's 70.
    units_ok = units["score.diem_danh_gia"] >= 70
    # Cộng đồng học tập xã, TT44: the areas' points, capped at 100, graded ≥ 50.
    commune_total = communes[[col for col in communes.columns if col.startswith("score.")]].sum(axis=1).clip(upper=100)
    return {
        "cong_dan_hoc_tap": (len(adults), int(adults["ok"].sum())),
        "gia_dinh_hoc_tap": (len(f), int(f["ok"].sum())),
        "dong_ho_hoc_tap": (len(c), int((c["ok"] == True).sum())),  # noqa: E712
        "cong_dong_hoc_tap_thon": (len(v), int(v["ok"].sum())),
        "don_vi_hoc_tap_xa": (len(units), int(units_ok.sum())),
        "cong_dong_hoc_tap_xa": (len(communes), int((commune_total >= 50).sum())),
    }


def test_report_counts_match_an_independent_count(json_report):
    expected = independent_counts()
    for title, (entities, recognized) in expected.items():
        t = counts(json_report, title)["total"]
        assert (t["entities"], t["recognized"]) == (entities, recognized), title
    assert counts(json_report, "gia_dinh_hoc_tap")["set_id"] == "gia-dinh-hoc-tap/2022"


def test_by_district_rows_add_up_and_face_their_targets(json_report):
    for t in json_report["titles"]:
        areas = t["areas"]
        assert sum(a["entities"] for a in areas) == t["total"]["entities"], t["title"]
        assert sum(a["recognized"] for a in areas) == t["total"]["recognized"], t["title"]
    families = counts(json_report, "gia_dinh_hoc_tap")
    targets = {(x["year"], x["share"]) for x in families["total"]["targets"]}
    assert targets == {(2020, 0.7), (2025, 0.7)}
    difficult = next(a for a in families["areas"] if a["area_name"] == "Bình Liêu")
    assert {(x["year"], x["share"]) for x in difficult["targets"]} == {(2020, 0.6), (2025, 0.7)}  # 281's difficult-area value


class Cells(HTMLParser):
    """Collects the summary table's rows as Chromium leaves them in the DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.rows, self._row, self._cell, self._in = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and "data-title" in a:
            self._row = a["data-title"]
            self.rows[self._row] = {}
        elif tag == "td" and self._row and "class" in a:
            self._cell = a["class"].split()[-1]
            self._in = True

    def handle_endtag(self, tag):
        if tag == "td":
            self._in = False
        if tag == "table":
            self._row = None

    def handle_data(self, data):
        if self._in and self._row and self._cell:
            self.rows[self._row][self._cell] = self.rows[self._row].get(self._cell, "") + data.strip()


def test_the_html_page_shows_the_same_numbers_in_chromium(tmp_path, json_report):
    page = tmp_path / "report.html"
    report("--format", "html", "--by", "district", "--out", str(page))
    dom = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True, env={**os.environ, "TMPDIR": str(tmp_path)}).stdout
    assert "<svg" in dom and "http://" not in dom.replace("http://www.w3.org/2000/svg", "")
    cells = Cells()
    cells.feed(dom)
    for t in json_report["titles"]:
        row = cells.rows[t["title"]]
        assert row["entities"] == f"{t['total']['entities']:,}", t["title"]
        assert row["recognized"] == f"{t['total']['recognized']:,}", t["title"]
        assert row["rate"] == f"{100 * t['total']['rate']:.1f}%", t["title"]


def test_text_report_and_bad_rows(tmp_path):
    text = report().stdout
    assert text.startswith("BÁO CÁO XÂY DỰNG XÃ HỘI HỌC TẬP — Tỉnh mẫu")
    assert "Không có vấn đề dữ liệu." in text
    # A damaged copy: a short row and a number that is not one; every row is still counted.
    bad = tmp_path / "province"
    subprocess.run(["cp", "-r", str(PROVINCE), str(bad)], check=True)
    lines = (bad / "commune_units.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].rsplit(",", 1)[0]                 # one field short
    lines[5] = lines[5].rsplit(",", 1)[0] + ",tám mươi"   # not a number
    (bad / "commune_units.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = subprocess.run([str(HOCTAP), "report", "--criteria", str(ROOT / "criteria"), "--dataset", str(bad), "--date", DATE, "--format", "json",
                          "--lang", "en"], capture_output=True, text=True)
    assert run.returncode == 4  # a line could not be read; the report, which counts it, is written
    data = json.loads(run.stdout)
    units = counts(data, "don_vi_hoc_tap_xa")["total"]
    assert units["entities"] == len(lines) - 1 and units["not_assessable"] == 2
    issues = [(i["file"], i["row"], i["field"], i["reason"]) for i in data["issues"]]
    assert ("commune_units.csv", 3, "", "expected 4 fields, found 3") in issues
    assert ("commune_units.csv", 5, "score.diem_danh_gia", "`tám mươi` is not a number") in issues
    coded = [(i["file"], i["line"], i["code"]) for i in data["issues"]]
    assert coded == [("commune_units.csv", 4, "D013"), ("commune_units.csv", 6, "D020")]
    assert data["problem_counts"] == {"D013": 1, "D020": 1}
    vi = json.loads(subprocess.run([str(HOCTAP), "report", "--criteria", str(ROOT / "criteria"), "--dataset", str(bad), "--date", DATE,
                                    "--format", "json", "--lang", "vi"], capture_output=True, text=True).stdout)
    assert [(i["code"], i["reason"]) for i in vi["issues"]] == [("D013", "cần 4 ô, có 3"), ("D020", "`tám mươi` không phải là số")]
    units_file = next(f for f in data["files"] if f["file"] == "commune_units.csv")
    assert (units_file["lines"], units_file["rows_read"], units_file["rows_unreadable"]) == (len(lines), len(lines) - 2, 1)
    assert "2 data problems (D013 ×1, D020 ×1; listed in the report; every row was kept)" in run.stderr


def test_sample_is_deterministic_by_seed(tmp_path):
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        subprocess.run([str(HOCTAP), "sample", "--seed", str(seed), "--households", "500", "--out", str(tmp_path / name)],
                       check=True, capture_output=True)
    same = filecmp.dircmp(tmp_path / "a", tmp_path / "b")
    assert not same.diff_files and not same.left_only and not same.right_only
    assert filecmp.dircmp(tmp_path / "a", tmp_path / "c").diff_files
    families = pd.read_csv(tmp_path / "a" / "families.csv")
    assert len(families) == 500


def test_explain_rolls_up_members_and_says_why_they_fail():
    out = subprocess.run([str(HOCTAP), "explain", "--criteria", str(ROOT / "criteria"), "--dataset", str(PROVINCE), "--date", DATE,
                          "--title", "dong_ho_hoc_tap", "--id", "K0000003", "--lang", "vi"], capture_output=True, text=True, check=True).stdout
    assert out.startswith("Đối tượng K0000003 (clans.csv)\nDòng họ học tập — ")
    families = pd.read_csv(PROVINCE / "families.csv")
    members = (families["clan_id"] == "K0000003").sum()
    line = next(l for l in out.splitlines() if l.startswith("- `gia_dinh`: "))
    assert line.endswith(f"/{members} thành viên đạt Gia đình học tập = " + line.rsplit("= ", 1)[1])
    assert "chưa đạt: F" in out and "(không đạt)" in out
    assert "ty_le_gia_dinh_hoc_tap_toi_thieu=0.6" in out
    missing = subprocess.run([str(HOCTAP), "explain", "--criteria", str(ROOT / "criteria"), "--dataset", str(PROVINCE), "--date", DATE,
                              "--title", "dong_ho_hoc_tap", "--id", "NOPE", "--lang", "vi"], capture_output=True, text=True)
    assert missing.returncode == 4 and missing.stderr == "hoctap: không có `NOPE` trong clans.csv\n"


def test_explain_and_diff_say_what_is_missing_in_both_languages(tmp_path):
    def explain(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(HOCTAP), "explain", "--criteria", str(ROOT / "criteria"), "--dataset", str(PROVINCE),
                               "--title", "dong_ho_hoc_tap", *args], capture_output=True, text=True)
    missing = explain("--date", DATE, "--id", "NOPE", "--lang", "en")
    assert missing.returncode == 4 and missing.stderr == "hoctap: no `NOPE` in clans.csv\n"
    bad_date = explain("--date", "2022-13-01", "--id", "K0000003", "--lang", "vi")
    assert bad_date.returncode == 2 and bad_date.stderr == "hoctap: --date phải là một ngày viết dạng YYYY-MM-DD, không phải `2022-13-01`\n"
    bad_date = explain("--date", "2022-13-01", "--id", "K0000003", "--lang", "en")
    assert bad_date.stderr == "hoctap: --date must be a day written YYYY-MM-DD, not `2022-13-01`\n"
    citizen, family = ROOT / "criteria/cong-dan-hoc-tap/324-2023.yaml", ROOT / "criteria/gia-dinh-hoc-tap/2022.yaml"
    for lang, text in (("vi", "hai bộ tiêu chí xét hai danh hiệu khác nhau: `cong_dan_hoc_tap` và `gia_dinh_hoc_tap`"),
                       ("en", "the two sets judge different titles: `cong_dan_hoc_tap` and `gia_dinh_hoc_tap`")):
        out = subprocess.run([str(HOCTAP), "diff", str(citizen), str(family), "--dataset", str(PROVINCE), "--date", "2023-12-31", "--lang", lang],
                             capture_output=True, text=True)
        assert out.returncode == 2 and out.stderr == f"hoctap: {text}\n"


def test_diff_lists_rule_changes_and_their_impact(tmp_path):
    draft = tmp_path / "324-draft.yaml"
    text = (ROOT / "criteria/cong-dan-hoc-tap/324-2023.yaml").read_text(encoding="utf-8")
    text = text.replace("values: {binh_thuong: 80,", "values: {binh_thuong: 75,").replace("every_indicator_at_least: 5", "every_indicator_at_least: 6")
    draft.write_text(text, encoding="utf-8")
    out = subprocess.run([str(HOCTAP), "diff", str(ROOT / "criteria/cong-dan-hoc-tap/324-2023.yaml"), str(draft), "--dataset", str(PROVINCE),
                          "--date", "2023-12-31", "--lang", "en"], capture_output=True, text=True)
    assert out.returncode == 1  # as diff(1): the sets differ
    out = out.stdout.splitlines()
    assert out[1] == "~ parameter `nguong_cong_nhan`: binh_thuong 80, vung_sau_vung_xa 70, dan_toc_thieu_so 70 → binh_thuong 75, vung_sau_vung_xa 70, dan_toc_thieu_so 70"
    assert out[2] == "~ floor per indicator: 5 → 6"
    # The impact, checked by hand: lower threshold outside difficult areas, higher floor.
    adults = pd.read_csv(PROVINCE / "adults.csv")
    total, low = adults[SCORES].sum(axis=1), adults[SCORES].min(axis=1)
    hard = adults["vung"].isin(["vung_sau_vung_xa", "dan_toc_thieu_so"])
    before = ((total >= np.where(hard, 70, 80)) & (low >= 5)).sum()
    after = ((total >= np.where(hard, 70, 75)) & (low >= 6)).sum()
    assert out[3].startswith(f"Impact on {len(adults)} adults.csv: recognized {before} (") and f") → {after} (" in out[3]
    same = subprocess.run([str(HOCTAP), "diff", "--lang", "vi", str(draft), str(draft)], capture_output=True, text=True, check=True).stdout
    assert same.endswith("Không có khác biệt\n")


def test_progress_shows_on_a_terminal_only():
    # `script` runs the report on a pseudo-terminal: progress lines appear on it.
    cmd = f"'{HOCTAP}' report --criteria '{ROOT / 'criteria'}' --dataset '{PROVINCE}' --date {DATE} > /dev/null"
    on_tty = subprocess.run(["script", "-qc", cmd, "/dev/null"], capture_output=True, text=True, check=True).stdout
    assert "✓ families (3000)" in on_tty and "… adults" in on_tty
    piped = report()
    assert piped.stderr == ""  # not a terminal: no progress, no bad rows to report
