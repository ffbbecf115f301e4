"""The rule fuzzer through Python: random valid criteria sets and random entities from the
C++ generator (`hoctap_rule_fuzz`, built with the tests), judged by `evaluate_frame` on 1
and 2 threads and compared field by field with what the C++ record path says of each
entity (decision, total, grade, level, each criterion's points and status, the error text).
The C++ side compares the record path with the batch itself (CTest `rule_fuzz`)."""
import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import hoctap

ROOT = Path(__file__).resolve().parents[2]
TOOL = Path(os.environ.get("HOCTAP_RULE_FUZZ_TOOL", ROOT / "build" / "tests" / "hoctap_rule_fuzz"))


def _run_size():
    """The test suite's bounded run, or HOCTAP_RULE_FUZZ=seed:sets[:rows] as the C++ suite reads it."""
    given = [int(n) for n in os.environ.get("HOCTAP_RULE_FUZZ", "").split(":") if n]
    return given + [1, 60, 150][len(given):]


FIRST_SEED, SETS, ROWS = _run_size()


def _column(values, kind):
    """A frame column of `kind` as a data frame from JSON would hold it (nullable types)."""
    if kind == "int":
        return pd.array(values, dtype="Int64")
    if kind == "decimal":
        return pd.Series([np.nan if v is None else float(v) for v in values], dtype="float64")
    if kind == "bool":
        return pd.array(values, dtype="boolean")
    if kind == "date":
        return pd.to_datetime(pd.Series(values, dtype=object))
    return pd.Series(values, dtype=object)  # text, category: labels (None missing)


def _frames(criteria, rows):
    kinds = {spec["name"]: spec["kind"] for spec in criteria.inputs}
    # An input no record carries (the one the context gives) has no column, as in the C++ batch.
    top = {name: _column([r.get(name) for r in rows], kind)
           for name, kind in kinds.items()
           if kind != "list" and ("." not in name or name.startswith("score.")) and any(name in r for r in rows)}
    members = {}
    for name, kind in kinds.items():
        if kind != "list":
            continue
        fields = {n[len(name) + 1:]: k for n, k in kinds.items() if n.startswith(name + ".")}
        titled = any(spec["name"] == name and spec.get("title") for spec in criteria.inputs)
        if titled:
            fields.update({"result.recognized": "bool", "result.total": "decimal", "result.level": "int"})
        parents, cells = [], {f: [] for f in fields}
        for i, r in enumerate(rows):
            for m in r.get(name) or []:
                parents.append(i)
                for f in fields:
                    cells[f].append(m.get(f))
        members[name] = (pd.DataFrame({f: _column(cells[f], k) for f, k in fields.items()}), np.asarray(parents, dtype=np.int64))
    return pd.DataFrame(top), members


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    if not TOOL.exists():
        pytest.fail(f"{TOOL} is missing: build the target hoctap_rule_fuzz (or set HOCTAP_RULE_FUZZ_TOOL)")
    out = tmp_path_factory.mktemp("rule_fuzz")
    done = subprocess.run([str(TOOL), str(out), str(FIRST_SEED), str(SETS), str(ROWS)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-4000:]
    return out


@pytest.mark.parametrize("seed", range(FIRST_SEED, FIRST_SEED + SETS))
def test_evaluate_frame_agrees_with_the_record_path(generated, seed):
    criteria = hoctap.load(str(generated / f"fuzz-{seed}.yaml"))
    lines = (generated / f"fuzz-{seed}.jsonl").read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    expected = [json.loads(line) for line in lines[1:]]
    frame, members = _frames(criteria, [e["record"] for e in expected])
    for threads in (1, 2):
        got = criteria.evaluate_frame(frame, header["date"], context=header["context"] or None, members=members, threads=threads)
        differences = []
        for i, e in enumerate(expected):
            row = got.iloc[i]
            actual = {
                "decision": str(row["decision"]),
                "total": row["total"],
                "grade": None if pd.isna(row["grade"]) else str(row["grade"]),
                "level": int(row["level"]) if criteria.uses_levels else 0,
                "error": None if pd.isna(row["error"]) else str(row["error"]),
            }
            want = {"decision": e["decision"], "total": float(e["total"]), "grade": e["grade"], "level": e["level"], "error": e["error"]}
            for node_id, (points, status) in e["nodes"].items():
                has_points = not criteria.uses_levels
                actual[node_id] = (row[f"{node_id}.points"] if has_points else None, str(row[f"{node_id}.status"]))
                want[node_id] = (float(points) if has_points else None, status)
            if actual != want:
                differences.append((i, {k: (want[k], actual[k]) for k in want if want[k] != actual[k]}))
        assert not differences, f"fuzz-{seed} threads {threads}: {len(differences)} rows differ, first {differences[:3]}"
