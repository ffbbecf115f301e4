"""Peak memory of evaluate_frame on 10^7 citizens with 7.5M bad values (one score out of
range): run from the repository root as `/usr/bin/time -v .venv/bin/python bench/frame_errors_memory.py`."""
import numpy as np
import pandas as pd

import hoctap

reg = hoctap.Registry("criteria")
s = reg.get("cong_dan_hoc_tap", "2024-06-30")
rows = 10_000_000
scores = np.full(rows, 8.0)
scores[: rows * 3 // 4] = 14.0
frame = pd.DataFrame({"vung": pd.Categorical(["binh_thuong"] * rows), "score.tc1_1": scores})
out = s.evaluate_frame(frame)
print(len(out), int(out["error"].notna().sum()), len(out["error"].cat.categories))
