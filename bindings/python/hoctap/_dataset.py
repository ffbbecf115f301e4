"""A dataset as frames: a folder read by the core, or a dict of pandas DataFrames by
title, judged bottom-up (members before their parents) with evaluate_frame's reading of
each frame, and linked as the folder path links its files (ids, links, D030–D035)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Set, Tuple

import numpy as np
import pandas as pd

from . import _core
from ._api import InputError, _error, _own_inputs, _refuse_unknown_context, _with_texts
from ._frames import _DECISION_DTYPE, _errors, _evaluate_frame, _InDataset, _missing, _report, _require_frame, _threads

if TYPE_CHECKING:
    from ._api import CriteriaSet, Registry


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


def _blank(values: np.ndarray) -> np.ndarray:
    """Missing ids and links: a missing cell, or text of blanks only (as a CSV's empty cell)."""
    return np.array([_missing(v) or (isinstance(v, str) and not v.strip()) for v in values], dtype=bool)


def _id_text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


class _Issues:
    """A dataset's problems in the folder path's shape (file, row, line, code, field,
    reason): `row` is the frame's index label of the row."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.found: List[Dict[str, Any]] = []

    def add(self, file: str, row: Any, code: str, field: str, what: str, *args: Any) -> None:
        self.found.append({"file": file, "row": row, "line": None, "code": code, "field": field,
                           "reason": _core.issue_text(what, self.lang, [str(a) for a in args])})


def _ids(frame: pd.DataFrame, name: str, id_column: str, parent: bool, issues: _Issues) -> Tuple[np.ndarray, np.ndarray]:
    """A frame's ids, as the folder path reads a file's: an empty id is D030; a repeated
    one D031 (a parent's members join its first row; other rows all count). Returns the
    ids and whether each row is the first with its id (empty ids are not)."""
    values = frame[id_column].to_numpy(dtype=object)
    empty = _blank(values)
    labels = frame.index
    first = ~empty
    if (~empty).any():
        kept = np.flatnonzero(~empty)
        repeated = pd.Index(values[kept]).duplicated(keep="first")
        first_row: Dict[Any, Any] = {}
        for k, again in zip(kept, repeated):
            if not again:
                first_row.setdefault(values[k], labels[k])
                continue
            first[k] = False
            issues.add(name, labels[k], "D031", id_column, "duplicate_parent" if parent else "duplicate_entity",
                       _core.name_invisible(_id_text(values[k])), first_row.get(values[k], ""))
    for k in np.flatnonzero(empty):
        issues.add(name, labels[k], "D030", id_column, "empty_id")
    return values, first


def _link(parent: str, ids: np.ndarray, first: np.ndarray, member: str, member_frame: pd.DataFrame, link: str,
          issues: _Issues) -> np.ndarray:
    """Each member's parent row by its link column, as the folder path links files: an
    empty link is D035, a link no parent id holds D032 (D033 where an id differs only by
    spaces, a BOM, Unicode normalisation or case); such a member belongs to no row."""
    links = member_frame[link].to_numpy(dtype=object)
    empty = _blank(links)
    firsts = np.flatnonzero(first)
    found = pd.Index(ids[firsts]).get_indexer(links) if len(firsts) else np.full(len(links), -1)
    found[empty] = -1
    parents = np.where(found >= 0, firsts[np.maximum(found, 0)] if len(firsts) else -1, -1).astype(np.int64)
    labels = member_frame.index
    unmatched = np.flatnonzero((found < 0) & ~empty)
    if len(unmatched):
        known = [_id_text(v) for v in ids[firsts]]
        worded = _core.unmatched_links([_id_text(links[k]) for k in unmatched], known, parent, issues.lang)
        for k, (code, reason) in zip(unmatched, worded):
            issues.found.append({"file": member, "row": labels[k], "line": None, "code": code, "field": link, "reason": reason})
    for k in np.flatnonzero(empty) if link not in _OPTIONAL_LINKS else []:
        issues.add(member, labels[k], "D035", link, "empty_link_no_parent", link, parent)
    return parents


# The folder layout's rules, from the library's table of kinds (src/dataset/folder.hpp) so
# that frames and folders judge alike: the links members may leave empty (no clan, no
# agency; any other empty link is D035), and the (list, parent title) pairs whose parents
# the data implies have members (a household has adults; a parent without any is D034).
_OPTIONAL_LINKS = frozenset(_core.dataset_optional_links())
_IMPLIED_MEMBERS = frozenset(tuple(pair) for pair in _core.dataset_implied_members())


def _links_missing(frames: Mapping[str, pd.DataFrame], links: Mapping[Tuple[str, str], str], untitled: Mapping[Tuple[str, str], Any],
                   sets: Mapping[str, "CriteriaSet"], id_column: str) -> None:
    """Every column the links need and the frames lack, at once, as the folder path
    refuses a dataset's files without them (E008, each with the nearest column name)."""
    missing: List[Tuple[str, str]] = []
    told = set()

    def need(frame: pd.DataFrame, name: str, column: str, message: Tuple[str, List[str]]) -> None:
        if column in frame.columns or (name, column) in told:
            return
        told.add((name, column))
        en, vi = _core.message(*message)
        near = _core.nearest_name(column, [str(c) for c in frame.columns])
        if near:
            en, vi = _core.message("suggest", [en, near])[0], _core.message("suggest", [vi, near])[1]
        missing.append((en, vi))

    def pair(parent: str, member_name: str, member_frame: pd.DataFrame, link: str) -> None:
        need(member_frame, member_name, link, ("dataset.no_link", [member_name, link, parent]))
        message = ("dataset.no_id", [parent, member_name]) if id_column == "id" else ("py.no_id_column", [parent, id_column, member_name])
        need(frames[parent], parent, id_column, message)

    for title, s in sets.items():
        for spec in s.inputs:
            if spec["kind"] == "list" and spec["title"] in frames and (title, spec["name"]) in links:
                pair(title, spec["title"], frames[spec["title"]], links[(title, spec["name"])])
    for (parent, list_name), (member_frame, link) in untitled.items():
        if parent in frames:
            pair(parent, _untitled_name(parent, list_name), member_frame, link)
    if missing:
        en, vi = _core.message("dataset.links", [])
        en += "".join("\n  " + m[0] for m in missing)
        vi += "".join("\n  " + m[1] for m in missing)
        raise _with_texts(ValueError(en), "E008", en, vi)


def _untitled_name(parent: str, list_name: str) -> str:
    return f"({parent}, {list_name})"


def _dataset_context(registry: "Registry", context: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    """A dataset's context as dataset.yaml's is checked: each key an input of some criteria
    set of the registry, else InputError with the folder path's words (dataset.context_key)."""
    if context is None:
        return None
    ctx = dict(context)
    _refuse_unknown_context(registry._r.check_dataset_context(ctx))
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
    feed the parents' aggregates. Links are read as the folder path reads them, and their
    problems listed in every result's `attrs["hoctap"]["issues"]` with the folder path's
    codes and words (file: the frame's title, or "(parent, list)" for `members`; row: the
    row's index label): an empty id (D030), a repeated id (D031: a parent's members join
    its first row), a link that is no id (D032, D033 when it differs from one only by
    spaces, a BOM, Unicode normalisation or case), an empty link (D035) — such a member
    belongs to no row —, and a parent that no member of a titled list points at (D034).
    A link or id column a frame lacks raises ValueError (E008). Ids, names, area classes
    and link columns (the folder layout's and `links`') are no unknown columns, nor, in a
    member frame, the inputs of the members' own set.
    """
    import os

    if isinstance(frames, (str, os.PathLike)):
        return _dataset_folder(registry, os.fspath(frames), date, threads, lang, strict)
    if not isinstance(frames, Mapping):
        raise _error(TypeError, "E013", "py.not_frames", type(frames).__name__)
    for title, frame in frames.items():
        if type(frame).__module__.split(".")[0] == "dask":
            raise _error(TypeError, "E013", "py.dask_dataset", title)
        _require_frame(frame, "evaluate_dataset")
    for _, (member_frame, _) in (members or {}).items():
        _require_frame(member_frame, "evaluate_dataset")
    threads = _threads(threads)
    links = dict(links or {})
    untitled = dict(members or {})
    ctx = _dataset_context(registry, context)
    sets = {title: registry.get(title, date) for title in frames}
    _links_missing(frames, links, untitled, sets, id_column)
    needs = {t: [i["title"] for i in s.inputs if i["kind"] == "list" and i["title"]] for t, s in sets.items()}
    # Columns that are no input and no unknown name: ids, names, areas, links.
    exempt = set(_core.dataset_meta_columns()) | {id_column} | set(links.values()) | {link for _, link in untitled.values()}
    # What any version of a title reads, and of a parent title's list: no unknown names in
    # the frames that feed them (the folder path's D037 rule).
    own_any = {title: {n for v in registry._r.versions(title) for n in _own_inputs(v.inputs, top=True)} for title in frames}
    fields_any: Dict[Tuple[str, str], Set[str]] = {}
    for parent, list_name in list(links) + list(untitled):
        prefix = list_name + "."
        fields_any[(parent, list_name)] = {i["name"][len(prefix):] for v in registry._r.versions(parent) for i in v.inputs
                                           if i["name"].startswith(prefix)} if parent in frames else set()
    fed_by = {title: set() for title in frames}  # per member title: the parent lists its frame feeds
    for parent, list_name in links:
        for spec in sets[parent].inputs if parent in sets else []:
            if spec["kind"] == "list" and spec["name"] == list_name and spec["title"] in frames:
                fed_by[spec["title"]] |= fields_any[(parent, list_name)]
    issues = _Issues(lang)
    parents = {title for title, _ in links} | {title for title, _ in untitled}
    ids: Dict[str, Tuple[np.ndarray, np.ndarray]] = {}
    for title, frame in frames.items():
        if id_column in frame.columns:
            ids[title] = _ids(frame, title, id_column, title in parents, issues)
    results: Dict[str, pd.DataFrame] = {}
    for title in _order(list(frames), needs):
        s = sets[title]
        frame = frames[title]
        table_of: Dict[str, Tuple[pd.DataFrame, np.ndarray]] = {}
        member_exempt: Dict[str, Set[str]] = {}
        judged: Set[str] = set()
        for (parent, list_name), (member_frame, link) in untitled.items():
            if parent == title:
                table_of[list_name] = (member_frame, _link(title, *ids[title], _untitled_name(parent, list_name), member_frame, link, issues))
                member_exempt[list_name] = exempt | fields_any[(title, list_name)]
        for spec in s.inputs:
            if spec["kind"] != "list" or not spec["title"] or spec["title"] not in results:
                continue
            link = links.get((title, spec["name"]))
            if link is None:
                continue
            member_frame = frames[spec["title"]]
            member_results = results[spec["title"]]
            parent_rows = _link(title, *ids[title], spec["title"], member_frame, link, issues)
            if (spec["name"], title) in _IMPLIED_MEMBERS:
                has = np.zeros(len(frame), dtype=bool)
                has[parent_rows[parent_rows >= 0]] = True
                values, first = ids[title]
                for k in np.flatnonzero(~has & first):
                    issues.add(title, frame.index[k], "D034", id_column, "no_members", spec["title"], _core.name_invisible(_id_text(values[k])),
                               link, spec["name"])
            table = member_frame.copy(deep=False)
            # Not-assessable members carry no result: missing, not False.
            table["result.recognized"] = member_results["recognized"].astype("boolean").mask(member_results["decision"] == "not_assessable")
            table["result.total"] = member_results["total"]
            if "grade" in member_results and member_results["grade"] is not None:
                table["result.grade"] = member_results["grade"]
            table_of[spec["name"]] = (table, parent_rows)
            member_exempt[spec["name"]] = exempt | fields_any[(title, spec["name"])] | own_any[spec["title"]]
            judged.add(spec["name"])
        own = set(_own_inputs(s.inputs))
        results[title] = _evaluate_frame(s, frame, date, context=None if ctx is None else {k: v for k, v in ctx.items() if k in own},
                                         members=table_of, threads=threads, lang=lang,
                                         dataset=_InDataset(exempt | own_any[title] | fed_by[title], member_exempt, judged))
    for frame in results.values():
        frame.attrs["hoctap"]["issues"] = issues.found
    return results
