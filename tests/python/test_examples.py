"""The notebook runs on a real kernel, and the Dask example agrees with one process."""
import sys
from pathlib import Path

import nbformat
import pandas as pd
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]


def test_quickstart_notebook_runs_and_shows_its_outputs():
    path = ROOT / "examples/notebooks/quickstart.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    for cell in code:
        assert cell.outputs, f"no output from: {cell.source[:60]}"
        assert not [o for o in cell.outputs if o.output_type == "error"]
    kinds = {k for c in code for o in c.outputs for k in o.get("data", {})}
    assert "image/png" in kinds                       # the chart
    assert "text/html" in kinds                       # frames and the result's table
    text = "".join(o.get("text", "") for c in code for o in c.outputs)
    assert "Không được công nhận" in text              # one citizen's explanation


def test_dask_gives_the_single_process_result_row_for_row():
    sys.path.insert(0, str(ROOT / "examples"))
    import dask_scale

    single, distributed = dask_scale.run(rows=4000, partitions=4)
    assert len(distributed) == 4000
    pd.testing.assert_frame_equal(single, distributed)
