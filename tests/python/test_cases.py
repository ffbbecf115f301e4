"""Replays the case corpus the criteria files carry (the same cases `hoctap test` and the
C++ tests run) through the Python API: once record by record, and once as one frame per
set through evaluate_frame, which must agree row for row."""
import decimal
from pathlib import Path

import pandas as pd
import pytest
import yaml

import hoctap

ROOT = Path(__file__).resolve().parents[2]


def corpus():
    for path in sorted((ROOT / "criteria").rglob("*.yaml")):
        if path.name.endswith(".tests.yaml") or path.name == "targets.yaml":
            continue
        tests = path.with_name(path.stem + ".tests.yaml")
        doc = yaml.safe_load(tests.read_text(encoding="utf-8")) if tests.exists() else yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in doc.get("tests", []):
            yield pytest.param(path, case, id=f"{path.relative_to(ROOT / 'criteria')}::{case['name']}")


def check(result: hoctap.Result, expect: dict) -> None:
    if "decision" in expect:
        assert result.decision == expect["decision"]
    if "recognized" in expect:
        assert result.recognized == expect["recognized"]
    if "total" in expect:
        assert result.total == decimal.Decimal(str(expect["total"]))
    if "grade" in expect:
        assert result.grade == expect["grade"]
    if "level" in expect:
        assert result.level == expect["level"]
    if "points_to_next_grade" in expect:
        assert result.points_to_next_grade == decimal.Decimal(str(expect["points_to_next_grade"]))
    nodes = {n["id"]: n for n in result.nodes}
    for node_id, want in (expect.get("nodes") or {}).items():
        if "points" in want:
            assert nodes[node_id]["points"] == decimal.Decimal(str(want["points"])), node_id
        if "status" in want:
            assert nodes[node_id]["status"] == want["status"], node_id
        if "level" in want:
            assert nodes[node_id]["level"] == want["level"], node_id
    if "problems" in expect:
        assert [p["code"] for p in result.problems] == expect["problems"]
    for fragment in expect.get("explain_contains", []):
        assert fragment in result.explain("vi")
    for fragment in expect.get("explain_contains_en", []):
        assert fragment in result.explain("en")


@pytest.mark.parametrize("path,case", list(corpus()))
def test_case(registry, path, case):
    criteria = hoctap.load(str(path))
    result = registry.evaluate(criteria.title, case["input"], case["date"], case.get("context"))
    assert result.audit["criteria_id"] == criteria.id
    check(result, case["expect"])


def flatten(record: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in record.items():
        if isinstance(value, dict):
            out.update(flatten(value, prefix + key + "."))
        else:
            out[prefix + key] = value
    return out


def frame_sets():
    seen = {}
    for param in corpus():
        path, case = param.values
        seen.setdefault(path, []).append(case)
    for path, cases in seen.items():
        criteria = hoctap.load(str(path))
        if any(i["kind"] == "list" for i in criteria.inputs):
            continue  # members need member tables; covered by test_frames
        dates = {c["date"] for c in cases}
        for date in sorted(dates):
            yield pytest.param(path, [c for c in cases if c["date"] == date], date, id=f"{path.relative_to(ROOT / 'criteria')}@{date}")


@pytest.mark.parametrize("path,cases,date", list(frame_sets()))
def test_frame_agrees_with_records(path, cases, date):
    criteria = hoctap.load(str(path))
    contexts = {repr(c.get("context")) for c in cases}
    for ctx in contexts:
        group = [c for c in cases if repr(c.get("context")) == ctx]
        frame = pd.DataFrame([flatten(c["input"]) for c in group], index=[f"row{i}" for i in range(len(group))])
        context = group[0].get("context")
        out = criteria.evaluate_frame(frame, date, context=context)
        assert list(out.index) == list(frame.index)
        for i, case in enumerate(group):
            one = criteria.evaluate(case["input"], date, context)
            row = out.iloc[i]
            assert row["decision"] == one.decision, case["name"]
            assert decimal.Decimal(str(row["total"])) == one.total, case["name"]
            assert (None if pd.isna(row["grade"]) else row["grade"]) == one.grade, case["name"]
            errors = "; ".join(p["vi"] for p in one.problems) or None
            assert (None if pd.isna(row["error"]) else row["error"]) == errors, case["name"]
