"""pandas in, pandas out: columns go to the C++ core as numpy buffers (no Python object
per row), the GIL is released while it works, and every input row gets an output row."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from ._api import CriteriaSet, Registry

_DECISION_DTYPE = pd.CategoricalDtype(["recognized", "not_recognized", "not_assessable"])
_STATUS_DTYPE = pd.CategoricalDtype(["met", "not_met", "not_applicable", "not_assessable"])


def _narrow_codes(count: int) -> type:
    """The integer type pandas keeps codes of `count` categories in: codes made in it are
    taken as they are (any other is converted, a second pass over the rows)."""
    return np.int8 if count < 127 else np.int16 if count < 32767 else np.int32


def _errors(rows: int, error_rows: np.ndarray, texts: List[str]) -> pd.Categorical:
    """The error column: each row's data problems, missing where it has none. Categorical:
    a code per row (1M rows: 1 MB, where objects took 8 MB and 30 ms just to hold None)."""
    if len(error_rows):
        text_codes, uniques = pd.factorize(np.asarray(texts, dtype=object))
        codes = np.full(rows, -1, dtype=_narrow_codes(len(uniques)))
        codes[error_rows] = text_codes
        return pd.Categorical.from_codes(codes, categories=uniques)
    return pd.Categorical.from_codes(np.full(rows, -1, dtype=np.int8), categories=pd.Index([], dtype=object))


def _codes(series: pd.Series) -> Tuple[str, np.ndarray, None, List[str]]:
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy(dtype=np.int32)
        labels = [str(c) for c in series.cat.categories]
    else:
        codes, uniques = pd.factorize(series)
        codes = codes.astype(np.int32, copy=False)
        labels = [u.isoformat() if hasattr(u, "isoformat") else str(u) for u in uniques]
    return ("codes", codes, None, labels)


def _column(series: pd.Series, kind: str) -> Tuple[str, np.ndarray, Optional[np.ndarray], List[str]]:
    """One input's values as a typed buffer the core reads; anything else goes as text
    codes, which the core checks row by row (a bad value is that row's data problem)."""
    dtype = series.dtype
    nullable = isinstance(dtype, pd.api.extensions.ExtensionDtype)
    if kind in ("int", "decimal", "bool") and pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        if pd.api.types.is_integer_dtype(dtype):
            if nullable:
                valid = (~series.isna()).to_numpy(dtype=np.uint8)
                return ("int64", series.to_numpy(dtype=np.int64, na_value=0), valid, [])
            return ("int64", series.to_numpy(dtype=np.int64), None, [])
        if not nullable and dtype == np.float64:
            return ("float64", series.to_numpy(), None, [])  # NaN is already missing: no copy
        return ("float64", series.to_numpy(dtype=np.float64, na_value=np.nan), None, [])
    if kind == "bool" and pd.api.types.is_bool_dtype(dtype):
        if nullable:
            valid = (~series.isna()).to_numpy(dtype=np.uint8)
            return ("boolean", series.fillna(False).to_numpy(dtype=np.uint8), valid, [])
        return ("boolean", series.to_numpy(dtype=np.uint8), None, [])
    if kind == "date" and pd.api.types.is_datetime64_any_dtype(dtype):
        values = series.to_numpy(dtype="datetime64[D]")
        valid = (~np.isnat(values)).astype(np.uint8)
        days = np.where(valid == 1, values.astype(np.int64), 0).astype(np.int32)
        return ("date_days", days, valid, [])
    return _codes(series)


def _columns(frame: pd.DataFrame, inputs: List[Dict[str, Any]], prefix: str = "") -> Dict[str, Tuple]:
    columns: Dict[str, Tuple] = {}
    for spec in inputs:
        name = spec["name"]
        if spec["kind"] == "list":
            continue
        if prefix:
            if not name.startswith(prefix):
                continue
            name = name[len(prefix):]
        elif "." in name and not name.startswith("score."):
            continue  # a member field
        if name in frame.columns:
            columns[name] = _column(frame[name], spec["kind"])
    return columns


def _member_table(member_frame: pd.DataFrame, parent_rows: Any, inputs: List[Dict[str, Any]], list_name: str) -> Tuple:
    columns = _columns(member_frame, inputs, prefix=list_name + ".")
    kinds = {"result.recognized": "bool", "result.total": "decimal", "result.grade": "text", "result.level": "int"}
    for name, kind in kinds.items():
        if name in member_frame.columns:
            columns[name] = _column(member_frame[name], kind)
    parents = np.asarray(parent_rows, dtype=np.int64)
    if len(parents) != len(member_frame):
        raise ValueError(f"members of `{list_name}`: {len(parents)} parent positions for {len(member_frame)} rows")
    return (parents, columns)


def evaluate_frame(criteria: "CriteriaSet", frame: pd.DataFrame, date: Any = None, *, context: Optional[Mapping[str, Any]] = None,
                   members: Optional[Mapping[str, Tuple[pd.DataFrame, Any]]] = None, threads: int = 1, lang: str = "vi") -> pd.DataFrame:
    """Evaluates every row of `frame` (columns named as the set's inputs; assessed scores
    as `score.<indicator>`). `members` maps a list input to (member frame, parent row
    positions): the members' fields and, for titled lists, `result.recognized` etc.

    Returns a DataFrame with the same index: decision, recognized, total, grade, level,
    `<criterion>.points` and `<criterion>.status` for each top-level criterion, and
    `error` (categorical: the row's data problems, missing where it has none). No row is
    dropped.
    """
    inputs = criteria.inputs
    columns = _columns(frame, inputs)
    tables = {}
    for list_name, (member_frame, parent_rows) in (members or {}).items():
        tables[list_name] = _member_table(member_frame, parent_rows, inputs, list_name)
    raw = criteria._s.evaluate_columns(len(frame), columns, tables, date, None if context is None else dict(context), threads, lang,
                                       "criteria")
    # Columns are gathered first and framed once: one DataFrame construction instead of an
    # insertion (and a consolidation check) per column. The core hands over codes as int8
    # and points as float64 already, so no column is converted here.
    out: Dict[str, Any] = {}
    decision = raw["decision"]
    out["decision"] = pd.Categorical.from_codes(decision, dtype=_DECISION_DTYPE)
    out["recognized"] = decision == 0
    out["total"] = raw["total"]
    # Categorical whether or not the set has grades (missing for rows without one): a set
    # without grades once gave a column of None objects, 34 ms of the 1M-row call.
    grades = list(raw["grades"])
    out["grade"] = pd.Categorical.from_codes(raw["grade"].astype(_narrow_codes(len(grades))),
                                             categories=pd.Index(grades, dtype=object))
    if criteria.uses_levels:
        out["level"] = raw["level"]
    points = raw["node_points"]
    status = raw["node_status"]
    nodes = criteria.nodes
    for k, index in enumerate(raw["node_index"]):
        node_id = nodes[index]["id"]
        if not criteria.uses_levels:
            out[node_id + ".points"] = points[k]
        out[node_id + ".status"] = pd.Categorical.from_codes(status[k], dtype=_STATUS_DTYPE)
    out["error"] = _errors(len(frame), raw["error_rows"], raw["error_texts"])
    return pd.DataFrame(out, index=frame.index, copy=False)


def _order(titles: List[str], needs: Dict[str, List[str]]) -> List[str]:
    done: List[str] = []
    visiting = set()

    def visit(t: str) -> None:
        if t in done:
            return
        if t in visiting:
            raise ValueError(f"titles depend on each other in a cycle through `{t}`")
        visiting.add(t)
        for u in needs.get(t, []):
            if u in titles:
                visit(u)
        visiting.discard(t)
        done.append(t)

    for t in titles:
        visit(t)
    return done


def evaluate_dataset(registry: "Registry", frames: Mapping[str, pd.DataFrame], date: Any, *,
                     links: Mapping[Tuple[str, str], str], id_column: str = "id",
                     context: Optional[Mapping[str, Any]] = None, threads: int = 1, lang: str = "vi") -> Dict[str, pd.DataFrame]:
    """Evaluates linked frames bottom-up, one per title, each with its version in force.

    `frames` maps a title to its entities; `links` maps (parent title, list input) to the
    column of the member frame that holds the parent's id (from `id_column`), e.g.
    {("dong_ho_hoc_tap", "gia_dinh"): "clan_id"}. Members are evaluated first and their
    results feed the parents' aggregates. Returns one result frame per title.
    """
    sets = {}
    for title in frames:
        s = registry.get(title, date)
        if s is None:
            raise KeyError(f"no criteria set for `{title}` is in force on {date}")
        sets[title] = s
    needs = {t: [i["title"] for i in s.inputs if i["kind"] == "list" and i["title"]] for t, s in sets.items()}
    results: Dict[str, pd.DataFrame] = {}
    for title in _order(list(frames), needs):
        s = sets[title]
        frame = frames[title]
        members = {}
        for spec in s.inputs:
            if spec["kind"] != "list" or not spec["title"] or spec["title"] not in results:
                continue
            link = links.get((title, spec["name"]))
            if link is None:
                continue
            member_frame = frames[spec["title"]]
            member_results = results[spec["title"]]
            parent_rows = pd.Index(frame[id_column]).get_indexer(member_frame[link])
            table = member_frame.copy(deep=False)
            # Not-assessable members carry no result: missing, not False.
            table["result.recognized"] = member_results["recognized"].astype("boolean").mask(member_results["decision"] == "not_assessable")
            table["result.total"] = member_results["total"]
            if "grade" in member_results and member_results["grade"] is not None:
                table["result.grade"] = member_results["grade"]
            members[spec["name"]] = (table, parent_rows)
        results[title] = evaluate_frame(s, frame, date, context=context, members=members, threads=threads, lang=lang)
    return results
