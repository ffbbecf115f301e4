"""A/B timing of two builds of the benchmarks on this noisy machine: runs each build's
hoctap_bench in turn, round after round (so that a slow spell of the machine hits both),
and prints per benchmark the best and the median time of every repetition of each build
and the ratio of the medians.

    python3 bench/compare.py OLD/bench/hoctap_bench build/bench/hoctap_bench --filter 'Batch' --rounds 3

With `--against NAME` (a benchmark the filter also runs, e.g. BM_BaselineHandWrittenFamilies)
it prints instead, per benchmark, the median and range over rounds of its speed relative to
NAME in the same process (NAME's median time over its own): a slow spell of the machine
then falls on both sides of each ratio, where times of two builds run apart do not.

    python3 bench/compare.py OLD/bench/hoctap_bench build/bench/hoctap_bench \
        --filter 'BatchFamilies/1/|BaselineHandWrittenFamilies' --against BM_BaselineHandWrittenFamilies --rounds 8

OLD is a build of another commit, e.g. `git worktree add /tmp/old HEAD~1` then
`cmake -S /tmp/old -B /tmp/b-old -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo && cmake --build /tmp/b-old --target hoctap_bench`.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess


def times(binary: str, pattern: str, repetitions: int) -> dict[str, list[float]]:
    run = subprocess.run([binary, f"--benchmark_filter={pattern}", f"--benchmark_repetitions={repetitions}",
                          "--benchmark_enable_random_interleaving=true", "--benchmark_min_time=0.1",
                          "--benchmark_format=json"], capture_output=True, text=True, check=True)
    out: dict[str, list[float]] = {}
    for b in json.loads(run.stdout)["benchmarks"]:
        if b.get("run_type") == "iteration":
            out.setdefault(b["run_name"], []).append(b["real_time"])
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("a", help="the first build's hoctap_bench (the reference)")
    p.add_argument("b", help="the second build's hoctap_bench")
    p.add_argument("--filter", default="Batch")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--repetitions", type=int, default=3)
    p.add_argument("--against", help="print each benchmark's speed relative to this one, round by round")
    args = p.parse_args()
    if args.against:
        ratios: dict[str, dict[str, list[float]]] = {args.a: {}, args.b: {}}
        for _ in range(args.rounds):
            for binary in (args.a, args.b):
                run = {name: statistics.median(ts) for name, ts in times(binary, args.filter, args.repetitions).items()}
                for name, t in run.items():
                    if name != args.against:
                        ratios[binary].setdefault(name, []).append(run[args.against] / t)
        print(f"{'benchmark':40} {'A median':>9} {'A range':>13} {'B median':>9} {'B range':>13}")
        for name in sorted(ratios[args.a]):
            a, b = ratios[args.a][name], ratios[args.b].get(name, [])
            if b:
                print(f"{name:40} {statistics.median(a):9.3f} {min(a):6.3f}-{max(a):6.3f} {statistics.median(b):9.3f} {min(b):6.3f}-{max(b):6.3f}")
        return
    seen: dict[str, dict[str, list[float]]] = {args.a: {}, args.b: {}}
    for _ in range(args.rounds):
        for binary in (args.a, args.b):
            for name, ts in times(binary, args.filter, args.repetitions).items():
                seen[binary].setdefault(name, []).extend(ts)
    print(f"{'benchmark':40} {'A best':>9} {'A median':>9} {'B best':>9} {'B median':>9} {'B/A':>6}")
    for name in sorted(seen[args.a]):
        a, b = seen[args.a][name], seen[args.b].get(name)
        if not b:
            continue
        ma, mb = statistics.median(a), statistics.median(b)
        print(f"{name:40} {min(a):9.3f} {ma:9.3f} {min(b):9.3f} {mb:9.3f} {mb / ma:6.3f}")


if __name__ == "__main__":
    main()
