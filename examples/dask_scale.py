"""Evaluates a generated frame of citizens on a Dask LocalCluster (processes, 2 workers)
with map_partitions, and checks the result equals the single-process one row for row.

    .venv/bin/python examples/dask_scale.py --rows 200000 --partitions 8

The criteria set travels to the workers pickled as its source text and recompiles there.
"""
from __future__ import annotations

import argparse
import datetime
import time
from pathlib import Path

import numpy as np
import pandas as pd

import hoctap

ROOT = Path(__file__).resolve().parent.parent
IDS = ["tc1_1", "tc1_2", "tc1_3", "tc1_4", "tc2_1", "tc2_2", "tc2_3", "tc2_4", "tc3_1", "tc3_2"]
DATE = datetime.date(2024, 6, 30)


def citizens(rows: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({f"score.{i}": rng.integers(4, 11, rows).astype(np.float64) for i in IDS})
    frame["vung"] = pd.Categorical(rng.choice(["binh_thuong", "vung_sau_vung_xa", "dan_toc_thieu_so"], rows, p=[0.7, 0.2, 0.1]))
    return frame


def run(rows: int, partitions: int, workers: int = 2) -> tuple[pd.DataFrame, pd.DataFrame]:
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    criteria = hoctap.Registry(str(ROOT / "criteria")).get("cong_dan_hoc_tap", DATE)
    frame = citizens(rows)
    single = criteria.evaluate_frame(frame, DATE)
    meta = criteria.evaluate_frame(frame.iloc[:0], DATE)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster):
        distributed = dd.from_pandas(frame, npartitions=partitions).map_partitions(criteria.evaluate_frame, DATE, meta=meta).compute()
    return single, distributed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--partitions", type=int, default=8)
    args = parser.parse_args()
    start = time.perf_counter()
    single, distributed = run(args.rows, args.partitions)
    pd.testing.assert_frame_equal(single, distributed)
    print(f"{len(distributed)} rows on 2 Dask workers in {time.perf_counter() - start:.1f} s; "
          f"{distributed['recognized'].mean():.1%} recognized; identical to the single-process result")


if __name__ == "__main__":
    main()
