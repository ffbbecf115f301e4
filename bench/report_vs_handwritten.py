"""`hoctap report` end to end on a generated province (CSV in, report out) against a
hand-written C++ program that reads the same CSV files and computes the same family
rule; one run of each, with wall time and peak memory, and the ratio.

    .venv/bin/python bench/report_vs_handwritten.py --households 1000000
"""
import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"


def run(argv):
    """Runs a command; returns (seconds, peak RSS in MiB, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{argv[0]} failed: {proc.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024, out.decode()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--households", type=int, default=1_000_000)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--dir", default="/tmp/hoctap-bench-province")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    a = p.parse_args()
    data = Path(f"{a.dir}-{a.households}")
    if not (data / "dataset.yaml").exists():
        t, _, _ = run([str(BUILD / "hoctap"), "sample", "--seed", "1", "--households", str(a.households), "--out", str(data)])
        print(f"generated {a.households:,} households in {t:.1f} s", file=sys.stderr if a.json else sys.stdout)
    size = sum(f.stat().st_size for f in data.iterdir()) / 2**20
    hs, hm, hout = run([str(BUILD / "hoctap"), "report", "--criteria", str(ROOT / "criteria"), "--dataset", str(data), "--date", "2022-12-31",
                        "--format", "json", "--threads", str(a.threads)])
    bs, bm, bout = run([str(BUILD / "bench" / "handwritten_family"), str(data)])
    report = json.loads(hout)
    families = next(t for t in report["titles"] if t["title"] == "gia_dinh_hoc_tap")["total"]
    recognized, total = map(int, bout.split())
    assert (families["recognized"], families["entities"]) == (recognized, total), (families, recognized, total)
    if a.json:
        print(json.dumps({"households": a.households, "input_mib": size, "recognized": recognized,
                          "hoctap": {"seconds": hs, "peak_mib": hm}, "handwritten": {"seconds": bs, "peak_mib": bm}}))
        return
    print(f"province: {a.households:,} households, {size:,.0f} MiB of CSV; {recognized:,} families recognized (both agree)")
    print(f"{'':44}{'seconds':>9}{'peak MiB':>10}")
    print(f"{'hoctap report (7 titles, by province)':44}{hs:>9.2f}{hm:>10.0f}")
    print(f"{'hand-written C++ (the family rule only)':44}{bs:>9.2f}{bm:>10.0f}")
    print(f"speed of hoctap relative to the hand-written program: {bs / hs:.2f}")


if __name__ == "__main__":
    main()
