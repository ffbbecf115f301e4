"""`hoctap evaluate --input FILE.csv --output FILE.csv` (CSV in, CSV out) against a
hand-written C++ program (bench/handwritten_csv.cpp) reading the same CSV and computing
the same rule (Công dân học tập 324/2023, a flat set), in the same run: the rounds
alternate the two programs, their outputs must agree row by row (id, decision, total),
and the ratio is hoctap's rows/s over the hand-written program's (best round of each).

    .venv/bin/python bench/csv_vs_handwritten.py --rows 1000000 --rounds 5
"""
import argparse
import csv
import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
INDICATORS = ["tc1_1", "tc1_2", "tc1_3", "tc1_4", "tc2_1", "tc2_2", "tc2_3", "tc2_4", "tc3_1", "tc3_2"]
AREAS = ["binh_thuong"] * 8 + ["vung_sau_vung_xa", "dan_toc_thieu_so"]


def generate(path: Path, rows: int) -> None:
    """Citizens with scores of 4 to 10 (about one row in three recognized), seeded."""
    rng = random.Random(1)
    with open(path, "w", newline="") as f:
        f.write("id,vung," + ",".join("score." + k for k in INDICATORS) + "\n")
        for i in range(rows):
            f.write(f"P{i:08d},{rng.choice(AREAS)}," + ",".join(str(rng.randint(4, 10) if rng.random() < 0.3 else rng.randint(7, 10))
                                                               for _ in INDICATORS) + "\n")


def timed(argv) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{argv[0]} failed ({proc.returncode}): {proc.stderr.decode()}")
    return seconds


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--dir", default="/tmp/hoctap-bench-csv")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    a = p.parse_args()
    data = Path(a.dir)
    data.mkdir(parents=True, exist_ok=True)
    source = data / f"citizens-{a.rows}.csv"
    if not source.exists():
        generate(source, a.rows)
    out_h, out_b = data / "hoctap-out.csv", data / "handwritten-out.csv"
    hoctap = [str(BUILD / "hoctap"), "evaluate", "--criteria", str(ROOT / "criteria"), "--title", "cong_dan_hoc_tap",
              "--date", "2024-06-30", "--input", str(source), "--output", str(out_h)]
    handwritten = [str(BUILD / "bench" / "handwritten_csv"), str(source), str(out_b)]
    th, tb = [], []
    for _ in range(a.rounds):
        th.append(timed(hoctap))
        tb.append(timed(handwritten))
    with open(out_h, newline="") as fh, open(out_b, newline="") as fb:
        rh, rb = csv.reader(fh), csv.reader(fb)
        head = next(rh)
        next(rb)
        i_id, i_dec, i_tot = head.index("id"), head.index("decision"), head.index("total")
        n = 0
        for h, b in zip(rh, rb, strict=True):
            if (h[i_id], h[i_dec], h[i_tot]) != (b[0], b[1], b[2]):
                sys.exit(f"row {n + 1}: hoctap {h} but the hand-written program {b}")
            n += 1
    if n != a.rows:
        sys.exit(f"{n} rows out, {a.rows} in")
    hs, bs = a.rows / min(th), a.rows / min(tb)
    ratio = hs / bs
    if a.json:
        print(json.dumps({"rows": a.rows, "rounds": a.rounds, "hoctap": {"rows_per_s": hs, "seconds": th},
                          "handwritten": {"rows_per_s": bs, "seconds": tb}, "ratio": ratio}))
        return
    print(f"{a.rows:,} citizens, {source.stat().st_size / 2**20:,.0f} MiB of CSV; outputs agree row by row; best of {a.rounds} rounds")
    print(f"hoctap evaluate CSV → CSV          {hs / 1e6:6.2f} M rows/s  (rounds: {', '.join(f'{t:.2f}' for t in th)} s)")
    print(f"hand-written C++ CSV → CSV         {bs / 1e6:6.2f} M rows/s  (rounds: {', '.join(f'{t:.2f}' for t in tb)} s)")
    print(f"ratio (hoctap ÷ hand-written): {ratio:.2f} (target ≥ 0.50)")


if __name__ == "__main__":
    main()
