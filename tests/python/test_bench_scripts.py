"""The Python and CLI benchmark scripts of `bench/run`, at toy sizes: each must run and
find hoctap and its baseline agreeing (the scripts assert it before they print a time).
No figure is asserted: speed is measured by `bench/run`, not by tests."""
import json
import subprocess
import sys


def run_json(root, script, *args):
    out = subprocess.run([sys.executable, str(root / "bench" / script), "--json", *args],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_frame_against_pandas_agrees(root):
    r = run_json(root, "frame_vs_pandas.py", "--rows", "3000", "--rounds", "2")
    assert r["rows"] == 3000
    # Typed columns, and object ones (`vung` and columns the set does not read as text):
    # the same rows, the same answers.
    assert list(r["layouts"]) == ["typed", "text"]
    for layout in r["layouts"].values():
        assert layout["hoctap"]["recognized"] == layout["pandas"]["recognized"] > 0
        assert layout["hoctap"]["recognized_at"] == layout["pandas"]["recognized_at"]
        assert layout["rounds"] == 2 and len(layout["ratios"]) == 2
        assert min(layout["ratios"]) <= layout["ratio"] <= max(layout["ratios"])
    typed, text = r["layouts"]["typed"]["hoctap"], r["layouts"]["text"]["hoctap"]
    assert (typed["recognized"], typed["total_sum"]) == (text["recognized"], text["total_sum"])


def test_report_against_handwritten_agrees(root, tmp_path):
    r = run_json(root, "report_vs_handwritten.py", "--households", "2000", "--dir", str(tmp_path / "province"))
    assert r["households"] == 2000
    assert 0 < r["recognized"] <= 2000
    assert r["input_mib"] > 0


def test_csv_against_handwritten_agrees(root, tmp_path):
    r = run_json(root, "csv_vs_handwritten.py", "--rows", "3000", "--rounds", "1", "--dir", str(tmp_path / "csv"))
    assert (r["rows"], r["rounds"]) == (3000, 1)
    assert r["ratio"] > 0
