"""pandas in, pandas out: columns go to the C++ core as numpy buffers (no Python object
per row), the GIL is released while it works, and every input row gets an output row."""
from __future__ import annotations

import inspect
from decimal import Decimal as _Decimal
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Set, Tuple

import numpy as np
import pandas as pd

from . import _core
from ._api import InputError, _context_check, _error, _own_inputs, _with_texts

if TYPE_CHECKING:
    from ._api import CriteriaSet, Registry

_DECISION_DTYPE = pd.CategoricalDtype(["recognized", "not_recognized", "not_assessable"])
_STATUS_DTYPE = pd.CategoricalDtype(["met", "not_met", "not_applicable", "not_assessable"])


def _categorical(codes: np.ndarray, dtype: pd.CategoricalDtype) -> pd.Categorical:
    """A Categorical of codes the core made, each -1 or within `dtype`'s categories: taken
    as they are, without from_codes's check of every code (a pass over the rows for each
    column: 0.1 ms a million rows, six columns a call)."""
    if _FROM_CODES_VALIDATES:
        return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)
    return pd.Categorical(codes, dtype=dtype, fastpath=True)  # pandas before 2.1: no `validate`


_FROM_CODES_VALIDATES = "validate" in inspect.signature(pd.Categorical.from_codes).parameters


def _narrow_codes(count: int) -> type:
    """The integer type pandas keeps codes of `count` categories in: codes made in it are
    taken as they are (any other is converted, a second pass over the rows)."""
    return np.int8 if count < 127 else np.int16 if count < 32767 else np.int32


def _errors(rows: int, error_rows: np.ndarray, error_codes: np.ndarray, uniques: List[str]) -> pd.Categorical:
    """The error column: each row's data problems, missing where it has none. Categorical,
    built from the core's codes into its distinct texts: a code per row and one string per
    distinct text (10^7 rows with 7.5M bad values: tens of MB, not a string per row)."""
    codes = np.full(rows, -1, dtype=_narrow_codes(len(uniques)))
    if len(error_rows):
        codes[error_rows] = error_codes
    return _categorical(codes, pd.CategoricalDtype(pd.Index(list(uniques), dtype=object)))


def _report(warnings: List[Dict[str, Any]], strict: bool) -> List[Dict[str, Any]]:
    if strict and warnings:
        raise InputError(warnings)
    return warnings


def _cell_label(value: Any, kind: str) -> Optional[str]:
    """The text an object cell stands for, as the record path reads the same Python value
    (see module.cpp's add_to_record): the input contract then reads it once, in C++.
    None for missing."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)) and value != value:
        return None
    if isinstance(value, (int, float, np.integer, np.floating, _Decimal)):
        return str(value)
    if hasattr(value, "isoformat") and hasattr(value, "year"):
        return value.isoformat()[:10]
    return repr(value)


def _object_codes(series: pd.Series, kind: str) -> Tuple[str, np.ndarray, None, List[str]]:
    """Codes of an object column, cell by cell: any Python value (a list, a dict, an
    object) is one row's value, refused by the contract for that row alone."""
    try:
        codes, uniques = pd.factorize(series)  # distinct values once, when they are hashable
    except TypeError:  # a list or a dict in a cell: cell by cell
        labels: Dict[str, int] = {}
        codes = np.empty(len(series), dtype=np.int32)
        for i, value in enumerate(series.array):
            text = _cell_label(value, kind)
            codes[i] = -1 if text is None else labels.setdefault(text, len(labels))
        return ("codes", codes, None, list(labels))
    texts = [_cell_label(u, kind) for u in uniques]
    lookup = np.array([-1 if t is None else k for k, t in enumerate(texts)] + [-1], dtype=np.int32)
    return ("codes", lookup[codes], None, ["" if t is None else t for t in texts])


def _flatten(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns of nested dicts (what pd.read_json(..., lines=True) gives for nested JSON)
    become dotted columns, as a record dict's nested dicts do: `score` holding
    {"tc1_1": 8} becomes `score.tc1_1`."""
    def all_dicts(series: pd.Series) -> bool:
        given = series.dropna()
        return len(given) > 0 and bool(given.map(lambda v: isinstance(v, dict)).all())

    # Only columns whose every given cell is a dict: a dict among other values is that
    # row's bad value.
    nested = [c for c in frame.columns if frame[c].dtype == object and all_dicts(frame[c])]
    if not nested:
        return frame
    parts = [frame.drop(columns=nested)]
    for c in nested:
        cells = frame[c].map(lambda v: v if isinstance(v, dict) else {})
        flat = pd.json_normalize(cells.tolist(), sep=".")
        flat.columns = [f"{c}.{k}" for k in flat.columns]
        flat.index = frame.index
        parts.append(flat)
    return pd.concat(parts, axis=1)  # json_normalize flattens dicts at every depth


def _codes(series: pd.Series, kind: str = "text") -> Tuple[str, np.ndarray, None, List[str]]:
    if series.dtype == object:
        return _object_codes(series, kind)
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
    # By the column's dtype, whatever the input's type: the core reads each typed value by
    # the input contract as it reads the same value in a record (a number for a text input
    # is refused there as here).
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        if pd.api.types.is_integer_dtype(dtype):
            if nullable:
                valid = (~series.isna()).to_numpy(dtype=np.uint8)
                return ("int64", series.to_numpy(dtype=np.int64, na_value=0), valid, [])
            return ("int64", series.to_numpy(dtype=np.int64), None, [])
        if not nullable and dtype == np.float64:
            return ("float64", series.to_numpy(), None, [])  # NaN is already missing: no copy
        return ("float64", series.to_numpy(dtype=np.float64, na_value=np.nan), None, [])
    if pd.api.types.is_bool_dtype(dtype):
        if nullable:
            valid = (~series.isna()).to_numpy(dtype=np.uint8)
            return ("boolean", series.fillna(False).to_numpy(dtype=np.uint8), valid, [])
        return ("boolean", series.to_numpy(dtype=np.uint8), None, [])
    if pd.api.types.is_datetime64_any_dtype(dtype):
        values = series.to_numpy(dtype="datetime64[D]")
        valid = (~np.isnat(values)).astype(np.uint8)
        days = np.where(valid == 1, values.astype(np.int64), 0).astype(np.int32)
        return ("date_days", days, valid, [])
    return _codes(series, kind)


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
        raise _error(ValueError, "E013", "py.parents", list_name, len(parents), len(member_frame))
    return (parents, columns)


def evaluate_frame(criteria: "CriteriaSet", frame: pd.DataFrame, date: Any = None, *, context: Optional[Mapping[str, Any]] = None,
                   members: Optional[Mapping[str, Tuple[pd.DataFrame, Any]]] = None, threads: int = 1, lang: str = "vi",
                   strict: bool = False, outside_validity: bool = False) -> pd.DataFrame:
    """Evaluates every row of `frame` (columns named as the set's inputs; assessed scores
    as `score.<indicator>`; columns of nested dicts are flattened to dotted names). `members`
    maps a list input to (member frame, parent row positions): the members' fields and, for
    titled lists, `result.recognized` etc. `date` is the assessment date (default: the date
    the set was chosen for by Registry.get; required otherwise).

    Returns a DataFrame with the same index: decision, recognized, total, grade, level,
    `<criterion>.points` and `<criterion>.status` for each top-level criterion, and
    `error` (categorical: the row's data problems, missing where it has none). No row is
    dropped. Columns the set does not read and inputs no column gives are listed in
    `out.attrs["hoctap"]["warnings"]` (with a "did you mean" for near names); with
    `strict=True` they raise InputError instead. A `context` key the set does not read
    raises InputError. A duplicated column name, or a member list the set does not have,
    raises ValueError.
    """
    duplicated = sorted(set(frame.columns[frame.columns.duplicated()]))
    if duplicated:
        raise _error(ValueError, "E013", "py.duplicated_columns", ", ".join(map(str, duplicated)))
    _context_check(None if context is None else dict(context), criteria.id, _own_inputs(criteria.inputs))
    frame = _flatten(frame)
    inputs = criteria.inputs
    names = [str(c) for c in frame.columns] + list(members or {})
    warnings = list(criteria._s.check_names(names, "", None if context is None else dict(context)))
    for list_name, (member_frame, _) in (members or {}).items():
        found = criteria._s.check_names([str(c) for c in member_frame.columns], list_name, None)
        if any(w["code"] == "unknown_list" for w in found):
            raise _with_texts(ValueError(found[0]["en"]), "E013", found[0]["en"], found[0]["vi"])
        warnings += found
    _report(warnings, strict)
    columns = _columns(frame, inputs)
    tables = {}
    for list_name, (member_frame, parent_rows) in (members or {}).items():
        tables[list_name] = _member_table(_flatten(member_frame), parent_rows, inputs, list_name)
    raw = criteria._s.evaluate_columns(len(frame), columns, tables, criteria._assessment_date(date),
                                       None if context is None else dict(context), threads, lang, "criteria", outside_validity)
    # Columns are gathered first and framed once: one DataFrame construction instead of an
    # insertion (and a consolidation check) per column. The core hands over codes as int8
    # and points as float64 already, so no column is converted here.
    out: Dict[str, Any] = {}
    decision = raw["decision"]
    out["decision"] = _categorical(decision, _DECISION_DTYPE)
    out["recognized"] = decision == 0
    out["total"] = raw["total"]
    # Categorical whether or not the set has grades (missing for rows without one): a set
    # without grades once gave a column of None objects, 34 ms of the 1M-row call.
    grades = list(raw["grades"])
    # Without grades every code is -1: made, not converted from the core's int32 codes.
    codes = raw["grade"].astype(_narrow_codes(len(grades))) if grades else np.full(len(frame), -1, dtype=np.int8)
    out["grade"] = _categorical(codes, pd.CategoricalDtype(pd.Index(grades, dtype=object)))
    if criteria.uses_levels:
        out["level"] = raw["level"]
    points = raw["node_points"]
    status = raw["node_status"]
    nodes = criteria.nodes
    for k, index in enumerate(raw["node_index"]):
        node_id = nodes[index]["id"]
        if not criteria.uses_levels:
            out[node_id + ".points"] = points[k]
        out[node_id + ".status"] = _categorical(status[k], _STATUS_DTYPE)
    out["error"] = _errors(len(frame), raw["error_rows"], raw["error_codes"], raw["error_uniques"])
    result = pd.DataFrame(out, index=frame.index, copy=False)
    result.attrs["hoctap"] = {"criteria_id": criteria.id, "warnings": warnings}
    return result


def _order(titles: List[str], needs: Dict[str, List[str]]) -> List[str]:
    done: List[str] = []
    visiting = set()

    def visit(t: str) -> None:
        if t in done:
            return
        if t in visiting:
            raise _error(ValueError, "E015", "py.title_cycle", t)
        visiting.add(t)
        for u in needs.get(t, []):
            if u in titles:
                visit(u)
        visiting.discard(t)
        done.append(t)

    for t in titles:
        visit(t)
    return done


def _dataset_folder(registry: "Registry", folder: str, date: Any, threads: int, lang: str, strict: bool) -> Dict[str, pd.DataFrame]:
    # The files' columns against the sets' inputs (D036–D038), in both languages, before
    # any row is judged: strict refuses the data with them.
    vi = registry._r.check_dataset_columns(folder, date, "vi")
    en = registry._r.check_dataset_columns(folder, date, "en")
    warnings = [{"code": a["code"], "name": a["field"], "file": a["file"], "vi": a["reason"], "en": b["reason"]} for a, b in zip(vi, en)]
    _report(warnings, strict)
    raw = registry._r.evaluate_dataset(folder, date, threads, lang)
    results: Dict[str, pd.DataFrame] = {}
    for k in raw["kinds"]:
        rows = len(k["decision"])
        grades = list(k["grades"])
        frame = pd.DataFrame({
            "decision": pd.Categorical.from_codes(np.asarray(k["decision"], dtype=np.int8), dtype=_DECISION_DTYPE),
            "recognized": np.asarray(k["decision"], dtype=np.int8) == 0,
            "total": np.asarray(k["total_units"], dtype=np.int64) / 1e6,
            # A set without grades has no grade column in the core's results.
            "grade": pd.Categorical.from_codes(np.asarray(k["grade"], dtype=np.int32) if grades else np.full(rows, -1, dtype=np.int32),
                                               categories=pd.Index(grades, dtype=object)),
            "commune": k["commune"],
            "district": k["district"],
            "error": _errors(rows, np.asarray(k["error_rows"], dtype=np.int64),
                             np.arange(len(k["error_texts"]), dtype=np.int32), list(k["error_texts"])),
        }, index=pd.Index(k["ids"], name="id") if k["ids"] else None)
        frame.attrs["hoctap"] = {"kind": k["kind"], "file": k["file"], "criteria_id": k["set_id"]}
        results[k["title"]] = frame
    for frame in results.values():
        frame.attrs["hoctap"]["issues"] = raw["issues"]
        frame.attrs["hoctap"]["warnings"] = warnings
    return results


def _dataset_context(registry: "Registry", context: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    """A dataset's context as dataset.yaml's is checked: each key an input of some criteria
    set of the registry, else InputError with the folder path's words (dataset.context_key)."""
    if context is None:
        return None
    ctx = dict(context)
    known: Set[str] = set()
    for title in registry.titles():
        for version in registry._r.versions(title):
            known.update(_own_inputs(version.inputs))
    unknown = []
    for key in ctx:
        name = str(key)
        if name in known:
            continue
        head = name.split("_", 1)[0]
        near = sorted(n for n in known if n.startswith(head) and not n.startswith("score.")) or \
            sorted(n for n in known if not n.startswith("score."))
        listed = ", ".join(near[:25])
        text = _core.message("list.more", [listed, str(len(near) - 25)]) if len(near) > 25 else (listed, listed)
        en = _core.message("dataset.context_key", [name, text[0]])[0]
        vi = _core.message("dataset.context_key", [name, text[1]])[1]
        suggestion = _core.nearest_name(name, sorted(known))
        if suggestion:
            en, vi = _core.message("suggest", [en, suggestion])[0], _core.message("suggest", [vi, suggestion])[1]
        unknown.append({"code": "unknown_context", "name": name, "suggestion": suggestion or None, "vi": vi, "en": en})
    if unknown:
        raise InputError(unknown)
    return ctx


def evaluate_dataset(registry: "Registry", frames: Any, date: Any, *,
                     links: Optional[Mapping[Tuple[str, str], str]] = None, id_column: str = "id",
                     members: Optional[Mapping[Tuple[str, str], Tuple[pd.DataFrame, str]]] = None,
                     context: Optional[Mapping[str, Any]] = None, threads: int = 1, lang: str = "vi",
                     strict: bool = False) -> Dict[str, pd.DataFrame]:
    """Evaluates a dataset bottom-up, one result frame per title, each with its version in
    force on `date`.

    `frames` is a dataset folder (docs/datasets.md: its CSV files, its dataset.yaml's
    context, every member list, titled or not): read and judged exactly as `hoctap
    report` judges it. Each frame is indexed by id, with decision, recognized, total,
    grade, commune, district and error; `attrs["hoctap"]["issues"]` lists the rows that
    could not be read, and `attrs["hoctap"]["warnings"]` the inputs a file lacks (D036)
    and the columns no set reads (D037, with a "did you mean"), and members no set in force
    judges while their parents' set reads their results (D038), each once per file (code,
    name, file, vi, en); with `strict=True` (a folder only) these raise InputError before any row is judged.

    Or `frames` maps a title to its entities as DataFrames; `links` maps (parent title,
    list input) to the column of the member frame that holds the parent's id (from
    `id_column`), e.g. {("dong_ho_hoc_tap", "gia_dinh"): "clan_id"}; `members` gives
    untitled member lists (children) as {(parent title, list input): (member frame, link
    column)}; `context` gives what dataset.yaml's context would (each key an input of some
    set of the registry, else InputError). Members are evaluated first and their results
    feed the parents' aggregates.
    """
    import os

    if isinstance(frames, (str, os.PathLike)):
        return _dataset_folder(registry, os.fspath(frames), date, threads, lang, strict)
    links = links or {}
    untitled = members
    ctx = _dataset_context(registry, context)
    sets = {title: registry.get(title, date) for title in frames}
    needs = {t: [i["title"] for i in s.inputs if i["kind"] == "list" and i["title"]] for t, s in sets.items()}
    results: Dict[str, pd.DataFrame] = {}
    for title in _order(list(frames), needs):
        s = sets[title]
        frame = frames[title]
        members = {}
        for (parent, list_name), (member_frame, link) in (untitled or {}).items():
            if parent == title:
                members[list_name] = (member_frame, pd.Index(frame[id_column]).get_indexer(member_frame[link]))
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
        own = set(_own_inputs(s.inputs))
        results[title] = evaluate_frame(s, frame, date, context=None if ctx is None else {k: v for k, v in ctx.items() if k in own},
                                        members=members, threads=threads, lang=lang)
    return results
