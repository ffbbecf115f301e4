"""evaluate_frame on generated rows against a hand-written vectorised pandas version of
the same rule (Công dân học tập, QĐ 324: ten indicator scores, total ≥ 80 — 70 in
remote or ethnic-minority areas — and no indicator below 5), in one run. Prints rows per
second (the median of five calls after a warm one) and peak memory of each; each runs in
its own process so peaks do not mix. The two run in alternating rounds (pandas then
hoctap, then the other way round): the ratio is the median of the rounds' ratios, so a
virtual machine whose speed drifts during the run moves both sides of a round alike.

Two layouts of the same rows (`--layout`, both by default):
- typed: the scores as float64 and `vung` as a pandas Categorical, nothing else;
- text: what pd.read_csv gives without dtypes: `vung` as object text, beside columns the
  set does not read, also object text (an id, a name, an address and a note, some
  missing), the scores as float64.

    .venv/bin/python bench/frame_vs_pandas.py --rows 1000000 --rounds 3
"""
from __future__ import annotations

import argparse
import datetime
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
IDS = ["tc1_1", "tc1_2", "tc1_3", "tc1_4", "tc2_1", "tc2_2", "tc2_3", "tc2_4", "tc3_1", "tc3_2"]
DATE = datetime.date(2024, 6, 30)


LAYOUTS = {"typed": "typed columns (vung categorical)", "text": "object columns (vung and 4 unread columns as text)"}
NAMES = np.array(["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang",
                  "Đặng Văn Hải", "Bùi Thị Hoa", "Đỗ Văn Khánh", "Ngô Thị Lan", "Dương Văn Minh", "Lý Thị Ngọc"], dtype=object)
PLACES = np.array(["Thôn 1, xã Quảng Minh", "Khu 3, phường Hồng Hải", "Bản Pò Hèn, xã Hải Sơn", "Tổ 5, phường Cẩm Đông",
                   "Thôn Đồng Cầu, xã Đông Xá"], dtype=object)
NOTES = np.array([None, None, None, "chuyển đến năm 2023", "đang học lớp xoá mù", "hộ nghèo"], dtype=object)


def frame(rows: int, layout: str = "typed") -> pd.DataFrame:
    """The same rows in each layout (one seed, drawn in the same order)."""
    rng = np.random.default_rng(11)
    f = pd.DataFrame({f"score.{i}": rng.integers(4, 11, rows).astype(np.float64) for i in IDS})
    vung = rng.choice(["binh_thuong", "vung_sau_vung_xa", "dan_toc_thieu_so"], rows, p=[0.7, 0.2, 0.1])
    if layout == "typed":
        f["vung"] = pd.Categorical(vung)
        return f
    f["vung"] = vung.astype(object)
    f.insert(0, "id", np.array([f"P{k:07d}" for k in range(rows)], dtype=object))
    f.insert(1, "ho_ten", NAMES[rng.integers(0, len(NAMES), rows)])
    f["dia_chi"] = PLACES[rng.integers(0, len(PLACES), rows)]
    f["ghi_chu"] = NOTES[rng.integers(0, len(NOTES), rows)]
    return f


def pandas_rule(f: pd.DataFrame) -> pd.DataFrame:
    """The rule by hand, vectorised: what an analyst would write without hoctap."""
    scores = f[[f"score.{i}" for i in IDS]]
    total = scores.sum(axis=1, skipna=False)
    floor_ok = (scores >= 5).all(axis=1)
    threshold = np.where(f["vung"].isin(["vung_sau_vung_xa", "dan_toc_thieu_so"]), 70, 80)
    known = scores.notna().all(axis=1) & f["vung"].notna()
    out = pd.DataFrame(index=f.index)
    out["total"] = total
    out["recognized"] = known & floor_ok & (total >= threshold)
    out["tc1.points"] = scores.iloc[:, 0:4].sum(axis=1)
    out["tc2.points"] = scores.iloc[:, 4:8].sum(axis=1)
    out["tc3.points"] = scores.iloc[:, 8:10].sum(axis=1)
    return out


def measure(which: str, rows: int, threads: int, repeat: int, layout: str) -> dict:
    """The median of `repeat` timed calls on the whole frame, after one on 1,000 rows."""
    f = frame(rows, layout)
    if which == "hoctap":
        import hoctap

        criteria = hoctap.Registry(str(ROOT / "criteria")).get("cong_dan_hoc_tap", DATE)

        def run(x: pd.DataFrame) -> pd.DataFrame:
            return criteria.evaluate_frame(x, DATE, threads=threads)
    else:
        run = pandas_rule
    run(f.iloc[:1000])  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = run(f)
        times.append(time.perf_counter() - start)
        if len(times) < repeat:
            del out
    seconds = sorted(times)[len(times) // 2]
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    recognized = out["recognized"].to_numpy(dtype=bool)
    return {"seconds": seconds, "rows_per_s": rows / seconds, "peak_mib": peak_mib,
            "recognized": int(recognized.sum()), "recognized_at": int(np.flatnonzero(recognized).sum()),
            "total_sum": float(out["total"].sum())}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repeat", type=int, default=5, help="timed calls per side; the median is reported")
    p.add_argument("--rounds", type=int, default=3, help="alternating rounds of the two; the ratio is the median of theirs")
    p.add_argument("--layout", choices=[*LAYOUTS, "both"], default="both", help="the frame's columns (see above)")
    p.add_argument("--child", choices=["hoctap", "pandas"])
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    a = p.parse_args()
    if a.child:
        print(json.dumps(measure(a.child, a.rows, a.threads, a.repeat, a.layout)))
        return

    def child(which: str, layout: str) -> dict:
        run = subprocess.run([sys.executable, __file__, "--rows", str(a.rows), "--threads", str(a.threads), "--repeat", str(a.repeat),
                              "--layout", layout, "--child", which],
                             capture_output=True, text=True, check=True)
        return json.loads(run.stdout.strip().splitlines()[-1])

    def compare(layout: str) -> dict:
        rounds = []
        for k in range(max(1, a.rounds)):
            order = ("pandas", "hoctap") if k % 2 == 0 else ("hoctap", "pandas")
            got = {which: child(which, layout) for which in order}
            h, pd_ = got["hoctap"], got["pandas"]
            assert h["recognized"] == pd_["recognized"], f"{layout}: the two disagree on the recognized count"
            assert h["recognized_at"] == pd_["recognized_at"], f"{layout}: the two recognize different rows"
            assert abs(h["total_sum"] - pd_["total_sum"]) < 1e-6 * max(1.0, pd_["total_sum"]), f"{layout}: the two disagree on totals"
            rounds.append(got)
        ratios = [r["hoctap"]["rows_per_s"] / r["pandas"]["rows_per_s"] for r in rounds]
        # Each side's figures from the round whose ratio is the median (the middle one of an odd count).
        middle = rounds[sorted(range(len(ratios)), key=lambda k: ratios[k])[(len(ratios) - 1) // 2]]
        return {"rounds": len(rounds), "ratio": statistics.median(ratios), "ratios": ratios,
                "hoctap": middle["hoctap"], "pandas": middle["pandas"]}

    layouts = list(LAYOUTS) if a.layout == "both" else [a.layout]
    results = {layout: compare(layout) for layout in layouts}
    if a.json:
        print(json.dumps({"rows": a.rows, "threads": a.threads, "layouts": results}))
        return
    print(f"rows: {a.rows:,}  threads: {a.threads}")
    print(f"{'':28}{'rows/s':>14}{'seconds':>10}{'peak MiB':>10}")
    for layout, r in results.items():
        h, pd_ = r["hoctap"], r["pandas"]
        print(f"{LAYOUTS[layout]} (same answers: {h['recognized']:,} recognized)")
        print(f"{'  hoctap evaluate_frame':28}{h['rows_per_s']:>14,.0f}{h['seconds']:>10.3f}{h['peak_mib']:>10.0f}")
        print(f"{'  hand-written pandas':28}{pd_['rows_per_s']:>14,.0f}{pd_['seconds']:>10.3f}{pd_['peak_mib']:>10.0f}")
        print(f"  ratio (hoctap / pandas speed): {r['ratio']:.2f}x, the median of {r['rounds']} rounds "
              f"({', '.join(f'{x:.2f}' for x in r['ratios'])})")


if __name__ == "__main__":
    main()
