"""pandas in, pandas out: columns go to the C++ core as numpy buffers (no Python object
per row), the GIL is released while it works, and every input row gets an output row."""
from __future__ import annotations

import datetime as _dt
import inspect
import math
from decimal import ROUND_HALF_UP as _HALF_UP
from decimal import Decimal as _Decimal
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Mapping, NamedTuple, Optional, Set, Tuple, Union

import numpy as np
import pandas as pd

from . import _core
from ._api import InputError, _error, _refuse_unknown_context, _with_texts

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


# ---- the arguments -------------------------------------------------------------------

def _require_frame(frame: Any, where: str) -> None:
    """A pandas DataFrame, or E013 saying what to pass instead."""
    if isinstance(frame, pd.DataFrame):
        return
    if type(frame).__module__.split(".")[0] == "dask":
        raise _error(TypeError, "E013", "py.dask_frame", where)
    raise _error(TypeError, "E013", "py.not_a_frame", where, type(frame).__name__)


def _threads(threads: Any) -> int:
    """`threads` as the core takes it: a whole number, 0 for one per core. The core never
    runs more threads than the rows fill, so a large number is taken as the most it can hold."""
    if isinstance(threads, (bool, np.bool_)) or not isinstance(threads, (int, np.integer)):
        raise _error(TypeError, "E013", "py.threads", repr(threads))
    if threads < 0:
        raise _error(ValueError, "E013", "py.threads", repr(threads))
    return int(min(threads, 2**31))


def _refuse_duplicated(frame: pd.DataFrame) -> None:
    duplicated = sorted(set(map(str, frame.columns[frame.columns.duplicated()])))
    if duplicated:
        raise _error(ValueError, "E013", "py.duplicated_columns", ", ".join(duplicated))


# ---- cells ---------------------------------------------------------------------------

def _missing(value: Any) -> bool:
    """A missing cell, as the record path reads the same value (module.cpp is_missing):
    None, NaN (float, numpy, decimal.Decimal), pd.NA, pd.NaT, numpy's NaT."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)):
        return value != value
    if isinstance(value, _Decimal):
        return value.is_nan()
    if isinstance(value, (np.datetime64, np.timedelta64)):
        return bool(np.isnat(value))
    return False


def _first_given(values: np.ndarray) -> Any:
    """The first cell that is not missing, or None: usually the first, so a column is
    told by one cell, not a pass over its rows."""
    for value in values[:64]:
        if not _missing(value):
            return value
    given = np.flatnonzero(pd.notna(values))
    for k in given:
        if not _missing(values[k]):
            return values[k]
    return None


def _cell_label(value: Any, kind: str) -> Optional[str]:
    """The text an object cell stands for, as the record path reads the same Python value
    (see module.cpp's add_to_record): the input contract then reads it once, in C++.
    None for missing."""
    if _missing(value):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, float, np.integer, np.floating, _Decimal)):
        return str(value)
    if hasattr(value, "isoformat") and hasattr(value, "year"):
        return value.isoformat()[:10]
    return repr(value)


# The kinds of value a cell holds, each carried by its own typed column: a cell is read as
# the record path reads the same Python value, whatever the other cells of its column hold.
_MISSING, _TEXT, _BOOL, _INT, _FLOAT, _DATE = range(6)
_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()


def _exact_from_double(x: float) -> Optional[_Decimal]:
    """The decimal the core reads a float64 cell as (exact_from_double in
    src/util/numeric.hpp), or None where it reads the cell's shortest text instead."""
    if not math.isfinite(x) or not -9.0e12 < x < 9.0e12:
        return None
    whole = int(x)
    if float(whole) == x:
        return _Decimal(whole)
    units = int(_Decimal(x * 1e6).to_integral_value(rounding=_HALF_UP))  # std::round: half away from zero
    if float(units) / 1e6 != x:
        return None
    return _Decimal(units).scaleb(-6)


def _cell(value: Any, kind: str) -> Tuple[int, Any]:
    """(the kind of column that carries `value` as the record path reads it, the value).
    A number goes by its text (`hoctap::number_value`): whole numbers as int64, numbers
    of at most six places as the float64 the core reads back as the same decimal, any
    other text as text; a date-like value as its calendar day; anything else as its repr.
    For a text input every value is its text (docs/input-contract.md, the one exception)."""
    if _missing(value):
        return _MISSING, None
    if isinstance(value, str):
        return _TEXT, value
    if kind == "text":
        return _TEXT, _cell_label(value, kind)
    if isinstance(value, (bool, np.bool_)):
        return _BOOL, bool(value)
    if isinstance(value, (int, float, _Decimal, np.integer, np.floating)):
        text = str(value)
        number = _core.number_value(text)
        if isinstance(number, int):
            return _INT, number
        if isinstance(number, _Decimal):
            as_float = float(number)
            if _exact_from_double(as_float) == number:
                return _FLOAT, as_float
        return _TEXT, text
    if isinstance(value, np.datetime64):
        return _DATE, int(value.astype("datetime64[D]").astype(np.int64))
    year, month, day = (getattr(value, a, None) for a in ("year", "month", "day"))
    if isinstance(year, int) and isinstance(month, int) and isinstance(day, int):
        try:
            return _DATE, _dt.date(year, month, day).toordinal() - _EPOCH_ORDINAL
        except ValueError:
            pass
    return _TEXT, repr(value)


class _Split(NamedTuple):
    """A column whose cells need columns of different kinds: each row's kind (a missing
    cell joins the commonest) and a full-length column of each kind."""
    kinds: np.ndarray
    specs: Dict[int, Tuple]


ColumnSpec = Tuple[str, np.ndarray, Optional[np.ndarray], List[str]]


def _from_kinds(kinds: np.ndarray, text_codes: np.ndarray, labels: List[str], ints: np.ndarray, floats: np.ndarray,
                bools: np.ndarray, days: np.ndarray, split: bool, as_text: Callable[[], ColumnSpec]) -> Union[ColumnSpec, _Split]:
    """The column spec(s) for cells of the given kinds: one typed column when the cells
    are of one kind; otherwise a _Split (top-level inputs: their rows are evaluated in
    groups), or `as_text()` (member fields: each cell read as its text)."""
    specs: Dict[int, ColumnSpec] = {}
    present = [k for k in (_TEXT, _BOOL, _INT, _FLOAT, _DATE) if (kinds == k).any()]
    for k in present:
        given = kinds == k
        if k == _TEXT:
            specs[k] = ("codes", np.where(given, text_codes, -1).astype(np.int32), None, labels)
        elif k == _BOOL:
            specs[k] = ("boolean", bools, given.astype(np.uint8), [])
        elif k == _INT:
            specs[k] = ("int64", ints, given.astype(np.uint8), [])
        elif k == _FLOAT:
            specs[k] = ("float64", np.where(given, floats, np.nan), None, [])
        else:
            specs[k] = ("date_days", days, given.astype(np.uint8), [])
    if not present:
        return ("codes", np.full(len(kinds), -1, dtype=np.int32), None, [])
    if len(present) == 1:
        return specs[present[0]]
    if not split:
        return as_text()
    counts = {k: int((kinds == k).sum()) for k in present}
    commonest = max(present, key=lambda k: counts[k])
    return _Split(np.where(kinds == _MISSING, commonest, kinds).astype(np.int8), specs)


def _cells_column(values: np.ndarray, kind: str, split: bool) -> Union[ColumnSpec, _Split]:
    """An object column read cell by cell (_cell): a bool and a 1, or 8 and 8.0, in one
    column are each read as itself."""
    n = len(values)
    kinds = np.zeros(n, dtype=np.int8)
    text_codes = np.full(n, -1, dtype=np.int32)
    ints = np.zeros(n, dtype=np.int64)
    floats = np.full(n, np.nan)
    bools = np.zeros(n, dtype=np.uint8)
    days = np.zeros(n, dtype=np.int32)
    labels: Dict[str, int] = {}
    for i, value in enumerate(values):
        k, x = _cell(value, kind)
        kinds[i] = k
        if k == _TEXT:
            text_codes[i] = labels.setdefault(x, len(labels))
        elif k == _INT:
            ints[i] = x
        elif k == _FLOAT:
            floats[i] = x
        elif k == _BOOL:
            bools[i] = x
        elif k == _DATE:
            days[i] = x
    return _from_kinds(kinds, text_codes, list(labels), ints, floats, bools, days, split, lambda: _labels_column(values, kind))


def _labels_column(values: np.ndarray, kind: str) -> ColumnSpec:
    """Every cell as its text (_cell_label), each cell on its own."""
    labels: Dict[str, int] = {}
    codes = np.empty(len(values), dtype=np.int32)
    for i, value in enumerate(values):
        text = _cell_label(value, kind)
        codes[i] = -1 if text is None else labels.setdefault(text, len(labels))
    return ("codes", codes, None, list(labels))


def _object_column(values: np.ndarray, kind: str, split: bool) -> Union[ColumnSpec, _Split]:
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        # Text only: distinct values are distinct texts, found at C speed.
        codes, uniques = pd.factorize(values)
        return ("codes", codes.astype(np.int32, copy=False), None, [str(u) for u in uniques])
    return _cells_column(values, kind, split)


def _categorical_column(series: pd.Series, kind: str, split: bool) -> Union[ColumnSpec, _Split]:
    """A categorical column: each category read once, as a cell holding it would be
    (a category of Timestamps is a date, of numbers a number), and each row takes its own."""
    categories = list(series.cat.categories)
    codes = series.cat.codes.to_numpy(dtype=np.int32)
    read = [_cell(c, kind) for c in categories]
    if all(k == _TEXT for k, _ in read):
        return ("codes", codes, None, [x for _, x in read])
    per = len(categories)
    category_kind = np.array([k for k, _ in read] + [_MISSING], dtype=np.int8)
    labels: Dict[str, int] = {}
    text_of = np.array([labels.setdefault(x, len(labels)) if k == _TEXT else -1 for k, x in read] + [-1], dtype=np.int32)
    pick = np.where(codes < 0, per, codes)

    def gather(k: int, dtype: Any, fill: Any) -> np.ndarray:
        return np.array([x if kk == k else fill for kk, x in read] + [fill], dtype=dtype)[pick]

    return _from_kinds(category_kind[pick], text_of[pick], list(labels), gather(_INT, np.int64, 0), gather(_FLOAT, np.float64, np.nan),
                       gather(_BOOL, np.uint8, 0), gather(_DATE, np.int32, 0), split,
                       lambda: _labels_column(series.astype(object).to_numpy(), kind))


def _column(series: pd.Series, kind: str, split: bool = True) -> Union[ColumnSpec, _Split]:
    """One input's values as a typed buffer the core reads; anything else goes as text
    codes, which the core checks row by row (a bad value is that row's data problem).
    `split`: a column whose cells need several kinds of column may come back as a _Split
    (top-level inputs); otherwise (member fields) such cells go as their text."""
    dtype = series.dtype
    nullable = isinstance(dtype, pd.api.extensions.ExtensionDtype)
    # By the column's dtype, whatever the input's type: the core reads each typed value by
    # the input contract as it reads the same value in a record (a number for a text input
    # is refused there as here).
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        if pd.api.types.is_integer_dtype(dtype):
            if pd.api.types.is_unsigned_integer_dtype(dtype) and (series.dropna() > np.iinfo(np.int64).max).any():
                # Beyond int64: each value by its own number, as a record reads it.
                return _cells_column(series.astype(object).to_numpy(), kind, split)
            if nullable:
                valid = (~series.isna()).to_numpy(dtype=np.uint8)
                return ("int64", series.to_numpy(dtype=np.int64, na_value=0), valid, [])
            return ("int64", series.to_numpy(dtype=np.int64), None, [])
        if not nullable and dtype == np.float64:
            return ("float64", series.to_numpy(), None, [])  # NaN is already missing: no copy
        base = getattr(dtype, "numpy_dtype", dtype)  # Float32's, float32[pyarrow]'s
        if base == np.float32:  # each value as written, as a numpy float32 in a record (its shortest repr)
            return ("float32", series.to_numpy(dtype=np.float32, na_value=np.nan), None, [])
        if base == np.float16:  # each value by its repr, as a numpy float16 in a record (0.1, not 0.0999755859375)
            halves = series.to_numpy(dtype=np.float16, na_value=np.nan)
            return ("float64", np.array([float(str(x)) for x in halves], dtype=np.float64), None, [])
        return ("float64", series.to_numpy(dtype=np.float64, na_value=np.nan), None, [])
    if pd.api.types.is_bool_dtype(dtype):
        if nullable:
            valid = (~series.isna()).to_numpy(dtype=np.uint8)
            return ("boolean", series.fillna(False).to_numpy(dtype=np.uint8), valid, [])
        return ("boolean", series.to_numpy(dtype=np.uint8), None, [])
    if pd.api.types.is_datetime64_any_dtype(dtype):
        if isinstance(dtype, pd.DatetimeTZDtype):
            series = series.dt.tz_localize(None)  # each value's own calendar day, where it was taken
        values = series.to_numpy(dtype="datetime64[D]")
        valid = (~np.isnat(values)).astype(np.uint8)
        days = np.where(valid == 1, values.astype(np.int64), 0).astype(np.int32)
        return ("date_days", days, valid, [])
    if isinstance(dtype, pd.CategoricalDtype):
        return _categorical_column(series, kind, split)
    return _object_column(series.to_numpy(dtype=object), kind, split)


def _take(spec: ColumnSpec, rows: np.ndarray) -> ColumnSpec:
    kind, values, valid, labels = spec
    return (kind, values[rows], None if valid is None else valid[rows], labels)


# ---- nested cells: dicts and member lists --------------------------------------------

def _flatten(frame: pd.DataFrame, lists: Set[str]) -> Tuple[pd.DataFrame, Dict[str, pd.Series]]:
    """Columns of nested dicts (what pd.read_json(..., lines=True) gives for nested JSON)
    become dotted columns, as a record dict's nested dicts do: `score` holding
    {"tc1_1": 8} becomes `score.tc1_1`. A column named as a list input whose cells are
    lists of dicts (nested JSON's member lists) is returned apart, to become that list's
    member table. Each object column is told by its first given cell: only a column that
    starts with a dict is read through."""
    nested: List[Any] = []
    member_lists: Dict[str, pd.Series] = {}
    for c in frame.columns:
        series = frame[c]
        if series.dtype != object:
            continue
        values = series.to_numpy()
        first = _first_given(values)
        if isinstance(first, dict):
            # Only columns whose every given cell is a dict: a dict among other values is
            # that row's bad value.
            if all(isinstance(v, dict) or _missing(v) for v in values):
                nested.append(c)
        elif isinstance(first, (list, tuple, np.ndarray)) and str(c) in lists:
            member_lists[str(c)] = series
    if not nested and not member_lists:
        return frame, member_lists
    parts = [frame.drop(columns=nested + list(member_lists))]
    for c in nested:
        cells = frame[c].map(lambda v: v if isinstance(v, dict) else {})
        flat = pd.json_normalize(cells.tolist(), sep=".")  # flattens dicts at every depth
        flat.columns = [f"{c}.{k}" for k in flat.columns]
        flat.index = frame.index
        parts.append(flat)
    out = pd.concat(parts, axis=1)
    _refuse_duplicated(out)  # `score` holding {"tc1_1": …} beside a column `score.tc1_1`
    return out, member_lists


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:60] + "…"


def _list_members(series: pd.Series, list_name: str) -> Tuple[np.ndarray, pd.DataFrame, np.ndarray]:
    """A column of member lists as (rows whose list is given, the member table, each
    member's row). A missing cell is a missing list (as a record without the key), an
    empty list a list without members; any other cell is refused (E013)."""
    values = series.to_numpy()
    given = np.zeros(len(values), dtype=bool)
    records: List[Dict[str, Any]] = []
    parents: List[int] = []
    for row, cell in enumerate(values):
        if not isinstance(cell, (list, tuple, np.ndarray)) and _missing(cell):
            continue
        if not isinstance(cell, (list, tuple, np.ndarray)) or not all(isinstance(m, dict) for m in cell):
            raise _error(TypeError, "E013", "py.list_cell", list_name, series.index[row], _shown(cell))
        given[row] = True
        records.extend(cell)
        parents.extend([row] * len(cell))
    table = pd.json_normalize(records, sep=".") if records else pd.DataFrame(index=pd.RangeIndex(0))
    return given, table, np.asarray(parents, dtype=np.int64)


# ---- member tables -------------------------------------------------------------------

def _columns(frame: pd.DataFrame, inputs: List[Dict[str, Any]], prefix: str = "", split: bool = True) -> Dict[str, Any]:
    lists = {spec["name"] for spec in inputs if spec["kind"] == "list"}
    columns: Dict[str, Any] = {}
    for spec in inputs:
        name = spec["name"]
        if spec["kind"] == "list":
            continue
        if prefix:
            if not name.startswith(prefix):
                continue
            name = name[len(prefix):]
        elif name.split(".", 1)[0] in lists:
            continue  # a member field
        if name in frame.columns:
            columns[name] = _column(frame[name], spec["kind"], split)
    return columns


_RESULT_KINDS = {"result.recognized": "bool", "result.total": "decimal", "result.grade": "text", "result.level": "int"}


def _member_columns(member_frame: pd.DataFrame, inputs: List[Dict[str, Any]], list_name: str) -> Dict[str, ColumnSpec]:
    columns = _columns(member_frame, inputs, prefix=list_name + ".", split=False)
    for name, kind in _RESULT_KINDS.items():
        if name in member_frame.columns:
            columns[name] = _column(member_frame[name], kind, split=False)
    return columns


def _positions(parent_rows: Any, rows: int, list_name: str, member_frame: pd.DataFrame, lang: str,
               issues: Optional[List[Dict[str, Any]]]) -> np.ndarray:
    """The parent row of each member (members= of evaluate_frame): positions into the frame,
    -1 for none. A member whose position is -1 or missing belongs to no row: it is reported
    in `issues` (D035) when `issues` is given. Any other value that is not a row raises E006."""
    given = parent_rows.to_numpy() if isinstance(parent_rows, (pd.Series, pd.Index)) else np.asarray(parent_rows)
    if given.ndim != 1 or len(given) != len(member_frame):
        raise _error(ValueError, "E013", "py.parents", list_name, len(given) if given.ndim == 1 else given.size, len(member_frame))
    kind = given.dtype.kind
    if kind in "iu":
        none = given == -1 if kind == "i" else np.zeros(len(given), dtype=bool)
        bad = ~none & ((given >= rows) if kind == "u" else ((given < 0) | (given >= rows)))
        positions = np.where(none | bad, 0, given).astype(np.int64)
    elif kind == "f":
        none = np.isnan(given) | (given == -1)
        with np.errstate(invalid="ignore"):
            bad = ~none & ((given != np.floor(given)) | (given < 0) | (given >= rows))
        positions = np.where(none | bad, 0, given).astype(np.int64)
    else:  # objects (or bools, never positions): each on its own
        none = np.array([_missing(v) or (_is_number(v) and v == -1) for v in given], dtype=bool)
        bad = np.array([not n and not (_is_number(v) and float(v).is_integer() and 0 <= v < rows) for n, v in zip(none, given)], dtype=bool)
        positions = np.array([0 if n or b else int(v) for n, b, v in zip(none, bad, given)], dtype=np.int64)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise _error(ValueError, "E006", "batch.outside", list_name, k, _shown(given[k]))
    positions[none] = -1
    if issues is not None:
        for k in np.flatnonzero(none):
            shown = "NaN" if _missing(given[k]) else "-1"
            en, vi = _core.message("py.member_no_parent", [list_name, str(k), shown])
            issues.append({"file": list_name, "row": int(k), "line": None, "code": "D035", "field": list_name,
                           "reason": vi if lang == "vi" else en})
    return positions


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


class _Table(NamedTuple):
    parents: np.ndarray
    columns: Dict[str, ColumnSpec]
    given: Optional[np.ndarray]  # rows whose list is given (a column of member lists); None: every row


# ---- evaluating, in groups where needed ----------------------------------------------

def _run(criteria: "CriteriaSet", rows: int, columns: Dict[str, ColumnSpec], tables: Dict[str, _Table], date: Any,
         context: Optional[Dict[str, Any]], threads: int, lang: str, outside_validity: bool, problems: bool) -> Dict[str, Any]:
    return criteria._s.evaluate_columns(rows, columns, {k: (t.parents, t.columns) for k, t in tables.items()}, date, context, threads,
                                        lang, "criteria", outside_validity, problems)


def _evaluate_rows(criteria: "CriteriaSet", rows: int, columns: Dict[str, Any], tables: Dict[str, _Table], date: Any,
                   context: Optional[Dict[str, Any]], threads: int, lang: str, outside_validity: bool,
                   problems: bool = False) -> Dict[str, Any]:
    """The core's result columns for every row. Rows whose cells need different kinds of
    column (_Split), or whose member list is given while others' is missing, are
    evaluated in groups of the same kinds, and their results put back in row order."""
    key = np.zeros(rows, dtype=np.int64)
    scale = 1
    for col in columns.values():
        if isinstance(col, _Split):
            key += col.kinds.astype(np.int64) * scale
            scale *= 8
    for table in tables.values():
        if table.given is not None and not table.given.all():
            key += table.given.astype(np.int64) * scale
            scale *= 2
    plain_tables = {k: t for k, t in tables.items() if t.given is None or t.given.any()}
    if scale == 1:
        return _run(criteria, rows, columns, plain_tables, date, context, threads, lang, outside_validity, problems)
    groups = np.unique(key, return_inverse=True)[1]
    parts = []
    for g in range(int(groups.max()) + 1 if rows else 0):
        at = np.flatnonzero(groups == g)
        first = at[0]
        cols = {name: _take(col.specs[int(col.kinds[first])] if isinstance(col, _Split) else col, at) for name, col in columns.items()}
        position = np.full(rows, -1, dtype=np.int64)
        position[at] = np.arange(len(at))
        tabs = {}
        for name, t in tables.items():
            if t.given is not None and not t.given[first]:
                continue  # these rows' list is missing
            members = np.flatnonzero((t.parents >= 0) & (position[np.maximum(t.parents, 0)] >= 0))
            tabs[name] = _Table(position[t.parents[members]], {c: _take(s, members) for c, s in t.columns.items()}, None)
        parts.append((at, _run(criteria, len(at), cols, tabs, date, context, threads, lang, outside_validity, problems)))
    return _merge(rows, parts)


def _merge(rows: int, parts: List[Tuple[np.ndarray, Dict[str, Any]]]) -> Dict[str, Any]:
    """Result columns of groups of rows, as one in row order."""
    first = parts[0][1]
    nodes = len(first["node_index"])
    out: Dict[str, Any] = {
        "decision": np.empty(rows, dtype=np.int8), "total": np.empty(rows),
        "node_points": np.empty((nodes, rows)), "node_status": np.empty((nodes, rows), dtype=np.int8),
        "node_index": first["node_index"], "grades": first["grades"],
    }
    for name in ("grade", "level"):  # empty when no row can have one (BatchResult)
        out[name] = np.empty(rows, dtype=np.int32) if all(len(r[name]) == len(at) for at, r in parts) and len(first[name]) else np.empty(0, np.int32)
    uniques: Dict[str, int] = {}
    error_rows, error_codes = [], []
    for at, r in parts:
        out["decision"][at] = r["decision"]
        out["total"][at] = r["total"]
        out["node_points"][:, at] = r["node_points"]
        out["node_status"][:, at] = r["node_status"]
        for name in ("grade", "level"):
            if len(out[name]):
                out[name][at] = r[name]
        recode = np.array([uniques.setdefault(t, len(uniques)) for t in r["error_uniques"]], dtype=np.int32)
        error_rows.append(at[r["error_rows"]])
        error_codes.append(recode[r["error_codes"]] if len(recode) else np.empty(0, np.int32))
    out["error_rows"] = np.concatenate(error_rows)
    out["error_codes"] = np.concatenate(error_codes)
    out["error_uniques"] = list(uniques)
    # Each problem apart (problems=True): the groups' problems in row order, a row's own
    # in the order the core gives them (a stable sort).
    problem_rows = np.concatenate([at[r["problem_rows"]] for at, r in parts])
    problems = [p for _, r in parts for p in r["problems"]]
    order = np.argsort(problem_rows, kind="stable")
    out["problem_rows"] = problem_rows[order]
    out["problems"] = [problems[k] for k in order]
    return out


class _InDataset(NamedTuple):
    """How evaluate_dataset's frames call evaluate_frame: the names no warning is about in
    the frame (`exempt`) and in each member table (`member_exempt`) — ids, names, area
    classes, links, and what any version of the titles reading the frame reads, as the
    folder path's D037 check has them —, and the lists whose members their own set judged
    (their results are given). Members' parents are already linked, their problems
    reported by the dataset."""
    exempt: Set[str]
    member_exempt: Dict[str, Set[str]]
    judged: Set[str]


def _warnings(criteria: "CriteriaSet", names: List[str], context: Optional[Dict[str, Any]], member_names: Dict[str, List[str]],
              dataset: Optional[_InDataset]) -> List[Dict[str, Any]]:
    exempt = dataset.exempt if dataset else set()
    warnings = [w for w in criteria._s.check_names(names, "", context) if not (w["code"] == "unknown_input" and w["name"] in exempt)]
    for list_name, columns in member_names.items():
        found = criteria._s.check_names(columns, list_name, None)
        if any(w["code"] == "unknown_list" for w in found):
            raise _with_texts(ValueError(found[0]["en"]), "E013", found[0]["en"], found[0]["vi"])
        known = dataset.member_exempt.get(list_name, set()) if dataset else set()
        judged = dataset is not None and list_name in dataset.judged
        for w in found:
            if w["code"] == "unknown_input" and w["name"] in known:
                continue
            if judged and w["code"] == "missing_input" and w["name"].startswith("result."):
                continue
            warnings.append(w)
    return warnings


def evaluate_frame(criteria: "CriteriaSet", frame: Any, date: Any = None, *, context: Optional[Mapping[str, Any]] = None,
                   members: Optional[Mapping[str, Tuple[pd.DataFrame, Any]]] = None, threads: int = 1, lang: str = "vi",
                   strict: bool = False, outside_validity: bool = False, problems: bool = False) -> pd.DataFrame:
    """Evaluates every row of `frame` (columns named as the set's inputs; assessed scores
    as `score.<indicator>`; columns of nested dicts are flattened to dotted names, and a
    column named as a list input holding lists of dicts is that list's members, as
    pd.read_json gives nested JSON). `members` maps a list input to (member frame, parent
    row positions): the members' fields and, for titled lists, `result.recognized` etc.;
    a member whose position is -1 or missing belongs to no row and is listed in
    `out.attrs["hoctap"]["issues"]` (D035). `date` is the assessment date (default: the
    date the set was chosen for by Registry.get; required otherwise).

    Each cell is read as the same value in a record dict is read, whatever the other cells
    of its column hold (docs/input-contract.md).

    Returns a DataFrame with the same index: decision, recognized, total, grade, level,
    `<criterion>.points` and `<criterion>.status` for each top-level criterion, and
    `error` (categorical: the row's data problems, missing where it has none). No row is
    dropped. With `problems=True`, `out.attrs["hoctap"]["problems"]` is also a DataFrame of
    each problem apart, in row order: `row` (the row's index label), `input` (the input it
    concerns, `tre_em[2].tuoi` for a member), `code` (missing, wrong_type, out_of_range,
    unknown_category, inconsistent) and its text in `vi` and `en`. Columns the set does not read and inputs no column gives are listed in
    `out.attrs["hoctap"]["warnings"]` (with a "did you mean" for near names); with
    `strict=True` they raise InputError instead. A `context` key the set does not read
    raises InputError. A duplicated column name, a member list the set does not have, or
    an argument of the wrong type raises (E013, E006 for a parent position that is no row).
    """
    return _evaluate_frame(criteria, frame, date, context=context, members=members, threads=threads, lang=lang, strict=strict,
                           outside_validity=outside_validity, problems=problems)


def _evaluate_frame(criteria: "CriteriaSet", frame: Any, date: Any = None, *, context: Optional[Mapping[str, Any]] = None,
                    members: Optional[Mapping[str, Tuple[pd.DataFrame, Any]]] = None, threads: int = 1, lang: str = "vi",
                    strict: bool = False, outside_validity: bool = False, dataset: Optional[_InDataset] = None,
                    problems: bool = False) -> pd.DataFrame:
    _require_frame(frame, "evaluate_frame")
    threads = _threads(threads)
    _refuse_duplicated(frame)
    date = criteria._assessment_date(date)
    ctx = None if context is None else dict(context)
    if dataset is None:
        _refuse_unknown_context(criteria._s.check_context(ctx))
    inputs = criteria.inputs
    list_names = {spec["name"] for spec in inputs if spec["kind"] == "list"}
    frame, member_lists = _flatten(frame, list_names)
    issues: List[Dict[str, Any]] = []
    rows = len(frame)
    member_names: Dict[str, List[str]] = {}
    tables: Dict[str, _Table] = {}
    for list_name, series in member_lists.items():
        if members and list_name in members:
            raise _error(ValueError, "E013", "py.members_twice", list_name)
        given, table, parents = _list_members(series, list_name)
        if len(table):  # as a record's: an empty list lacks no field
            member_names[list_name] = [str(c) for c in table.columns]
        tables[list_name] = _Table(parents, _member_columns(table, inputs, list_name), given)
    member_frames: Dict[str, pd.DataFrame] = {}
    for list_name, (member_frame, parent_rows) in (members or {}).items():
        _require_frame(member_frame, "evaluate_frame")
        _refuse_duplicated(member_frame)
        member_frames[list_name], _ = _flatten(member_frame, set())
        member_names[list_name] = [str(c) for c in member_frames[list_name].columns]
    names = [str(c) for c in frame.columns] + list(member_lists) + list(members or {})
    warnings = _report(_warnings(criteria, names, ctx, member_names, dataset), strict)
    for list_name, (member_frame, parent_rows) in (members or {}).items():
        parents = _positions(parent_rows, rows, list_name, member_frame, lang, None if dataset else issues)
        tables[list_name] = _Table(parents, _member_columns(member_frames[list_name], inputs, list_name), None)
    columns = _columns(frame, inputs)
    raw = _evaluate_rows(criteria, rows, columns, tables, date, ctx, threads, lang, outside_validity, problems)
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
    codes = raw["grade"].astype(_narrow_codes(len(grades))) if grades else np.full(rows, -1, dtype=np.int8)
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
    out["error"] = _errors(rows, raw["error_rows"], raw["error_codes"], raw["error_uniques"])
    result = pd.DataFrame(out, index=frame.index, copy=False)
    result.attrs["hoctap"] = {"criteria_id": criteria.id, "warnings": warnings, "issues": issues}
    if problems:
        found = raw["problems"]
        result.attrs["hoctap"]["problems"] = pd.DataFrame({
            "row": frame.index[raw["problem_rows"]], "input": [p[0] for p in found], "code": [p[1] for p in found],
            "vi": [p[2] for p in found], "en": [p[3] for p in found]})
    return result
