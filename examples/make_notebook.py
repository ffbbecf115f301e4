"""Writes examples/notebooks/quickstart.ipynb (without outputs) from the cells below, so
the notebook's source stays reviewable as Python. Run: .venv/bin/python examples/make_notebook.py"""
from pathlib import Path

import nbformat

CELLS = [
    ("markdown", "# hoctap quick start\n\nLoad the official criteria, evaluate sample citizens and families, "
                 "look at rates by area, and read one entity's explanation — every rule evaluated by the hoctap core."),
    ("code", "%matplotlib inline\nimport datetime\nimport numpy as np\nimport pandas as pd\n"
             "import matplotlib.pyplot as plt\nimport hoctap\n\n"
             "registry = hoctap.Registry('../../criteria')\nregistry"),
    ("code", "date = datetime.date(2024, 6, 30)\ncitizen_set = registry.get('cong_dan_hoc_tap', date)\ncitizen_set"),
    ("markdown", "## Sample data: 3,000 citizens in three districts"),
    ("code", "rng = np.random.default_rng(2024)\nn = 3000\n"
             "ids = ['tc1_1', 'tc1_2', 'tc1_3', 'tc1_4', 'tc2_1', 'tc2_2', 'tc2_3', 'tc2_4', 'tc3_1', 'tc3_2']\n"
             "citizens = pd.DataFrame({f'score.{i}': rng.integers(5, 11, n) for i in ids})\n"
             "citizens['huyen'] = rng.choice(['Hạ Long', 'Cẩm Phả', 'Bình Liêu'], n, p=[0.5, 0.3, 0.2])\n"
             "citizens['vung'] = np.where(citizens['huyen'] == 'Bình Liêu', 'dan_toc_thieu_so', 'binh_thuong')\n"
             "citizens.head()"),
    ("code", "results = citizen_set.evaluate_frame(citizens, date)\nresults.head()"),
    ("markdown", "## Rates by district"),
    ("code", "rates = results.join(citizens['huyen']).groupby('huyen')['recognized'].mean().sort_values()\n"
             "ax = (rates * 100).plot.barh(title='Công dân học tập (%)')\nax.set_xlabel('%')\nplt.tight_layout()\nplt.show()\nrates"),
    ("markdown", "## Why one citizen is not recognized"),
    ("code", "key = results.index[~results['recognized']][0]\n"
             "one = citizen_set.evaluate(citizens.loc[key].to_dict(), date)\nprint(one.explain('vi'))"),
    ("code", "one"),
]

nb = nbformat.v4.new_notebook()
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nb.cells = [nbformat.v4.new_markdown_cell(src) if kind == "markdown" else nbformat.v4.new_code_cell(src) for kind, src in CELLS]
out = Path(__file__).resolve().parent / "notebooks" / "quickstart.ipynb"
nbformat.write(nb, str(out))
print(out)
