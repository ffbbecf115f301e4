"""The typed Python surface over hoctap._core: criteria sets, registries, results."""
from __future__ import annotations

import datetime as _dt
import decimal
import html
import importlib.resources
import json
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from . import _core

DateLike = Union[_dt.date, str, None]


def _error(kind: type, code: str, message_id: str, *args: Any) -> Exception:
    """An exception of `kind` (ValueError, KeyError, …) with message `message_id` of the
    engine's catalog: str() is the English text; `.code` (E0xx, docs/diagnostics.md),
    `.message_en` and `.message_vi` carry the code and both texts, as on every error the
    package raises for a caller's mistake."""
    en, vi = _core.message(message_id, [str(a) for a in args])
    return _with_texts(kind(en), code, en, vi)


def _with_texts(error: Exception, code: str, en: str, vi: str) -> Exception:
    error.code, error.message_en, error.message_vi = code, en, vi  # type: ignore[attr-defined]
    return error

engine_version: str = _core.engine_version


def _own_inputs(inputs: List[Dict[str, Any]], top: bool = False) -> List[str]:
    """The names of a set's inputs a record gives at its top level: not member lists'
    fields (`tre_em.tuoi`), nor, unless `top`, the lists themselves."""
    lists = {i["name"] for i in inputs if i["kind"] == "list"}
    return [i["name"] for i in inputs if (top or i["kind"] != "list") and (i["kind"] == "list" or i["name"].split(".", 1)[0] not in lists)]


def _refuse_unknown_context(unknown: List[Dict[str, Any]]) -> None:
    """Raises InputError with the core's `unknown_context` warnings (CriteriaSet::
    check_context, Registry::check_context), when there are any: such a key would be
    ignored. The CLI refuses a --context name for the same reason."""
    if unknown:
        raise InputError(unknown)


class CriteriaError(ValueError):
    """A criteria file (or folder) is invalid. `diagnostics` lists every problem as a
    dict with file, line, column, severity, code, message (English), message_vi
    (Vietnamese), yaml_path, and text / text_vi (the formatted diagnostic in each).
    `code` is "E011"; `message_en` / `message_vi` the formatted errors in each language."""

    def __init__(self, message: str, diagnostics: List[Dict[str, Any]]) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d["severity"] == "error"]
        _with_texts(self, "E011", message, "".join(d["text_vi"] for d in errors))


class Result:
    """What evaluating one entity produced (see the C++ `hoctap::Result`). `warnings`
    lists the record's keys the sets judging it do not read and the inputs it lacks (the
    core's Result::warnings). Pickles as the evaluation that made it (set, record, date,
    context), replayed on load."""

    __slots__ = ("_r", "_recipe", "warnings")

    def __init__(self, core: Any, recipe: Any = None, warnings: Optional[List[Dict[str, Any]]] = None) -> None:
        self._r = core
        self._recipe = recipe
        self.warnings = warnings or []

    def __reduce__(self) -> Any:
        if self._recipe is None:
            raise _error(TypeError, "E014", "py.result_recipe")
        return (_replay, self._recipe)

    decision = property(lambda self: self._r.decision, doc="'recognized', 'not_recognized' or 'not_assessable'")
    recognized = property(lambda self: self._r.recognized, doc="True when recognized")
    total = property(lambda self: self._r.total, doc="total points (decimal.Decimal)")
    max_total = property(lambda self: self._r.max_total, doc="the set's maximum (decimal.Decimal)")
    grade = property(lambda self: self._r.grade, doc="the grade band or level id, or None")
    level = property(lambda self: self._r.level, doc="level sets: the level reached (0 = none)")
    next_grade = property(lambda self: self._r.next_grade, doc="the next band or level id, or None")
    points_to_next_grade = property(lambda self: self._r.points_to_next_grade, doc="points missing to the next band")
    nodes = property(lambda self: self._r.nodes, doc="per node: id, names, points, max_points, status, level")
    problems = property(lambda self: self._r.problems, doc="data problems: input, code, vi, en")
    reasons = property(lambda self: self._r.reasons, doc="reasons, most important first: code, vi, en")
    local_values = property(lambda self: self._r.local_values,
                            doc="the set's local inputs: input, value used (None when missing), source ('record', 'context', 'missing')")
    audit = property(lambda self: self._r.audit, doc="criteria id, version, sha256, assessment date, engine version")

    def explain(self, lang: str = "vi") -> str:
        """A readable explanation in Vietnamese ('vi') or English ('en')."""
        return self._r.explain(lang)

    def to_dict(self, lang: str = "vi") -> Dict[str, Any]:
        """The result as JSON-shaped data (numbers as decimal.Decimal), with reasons."""
        return json.loads(self._r.to_json(True, lang), parse_float=decimal.Decimal)

    def to_json(self, explain: bool = False, lang: str = "vi") -> str:
        return self._r.to_json(explain, lang)

    def __repr__(self) -> str:
        a = self.audit
        grade = f", grade={self.grade}" if self.grade is not None else ""
        return f"<Result {a['criteria_id']} {a['assessment_date']}: {self.decision}, {self.total}/{self.max_total}{grade}>"

    def _repr_html_(self) -> str:
        rows = []
        for n in self.nodes:
            name = html.escape(n["name_vi"])
            indent = "&nbsp;" * 4 * n["depth"]
            points = f"{n['points']}/{n['max_points'] if n['max_known'] else '?'}"
            weight = "" if n["is_indicator"] else "font-weight:bold;"
            rows.append(
                f"<tr style='{weight}'><td>{html.escape(n['id'])}</td><td>{indent}{name}</td>"
                f"<td style='text-align:right'>{points}</td><td>{html.escape(n['status'])}</td></tr>"
            )
        reasons = "".join(f"<li>{html.escape(r['vi'])}</li>" for r in self.reasons)
        return (
            f"<div><b>{html.escape(self.audit['criteria_id'])}</b>: {html.escape(self.decision)}, "
            f"{self.total}/{self.max_total}<ul>{reasons}</ul>"
            "<table><tr><th>id</th><th>tiêu chí / chỉ số</th><th>điểm</th><th>trạng thái</th></tr>"
            + "".join(rows) + "</table></div>"
        )


def _restore(pickle_format: int, text: str, path: str, date: Optional[_dt.date] = None) -> "CriteriaSet":
    if pickle_format != _core.pickle_format:
        raise _error(ValueError, "E014", "py.pickle_format", pickle_format, _core.pickle_format)
    return CriteriaSet(_core.load_string(text, path), date)


def _replay(owner: Any, args: tuple, kwargs: Optional[Dict[str, Any]] = None) -> "Result":
    return owner.evaluate(*args, **(kwargs or {}))


class InputError(ValueError):
    """Data that names inputs the set does not read, or lacks inputs it reads, under
    `strict=True`; or a `context` key no set judging the data reads (`unknown_context`,
    always: it would be ignored). `warnings` lists each (code, name, suggestion, vi, en);
    `code` is "E005", `message_en` / `message_vi` the warnings' texts joined with "; "."""

    def __init__(self, warnings: List[Dict[str, Any]]) -> None:
        en = "; ".join(w["en"] for w in warnings)
        super().__init__(en)
        self.warnings = warnings
        _with_texts(self, "E005", en, "; ".join(w["vi"] for w in warnings))


class CriteriaSet:
    """A loaded, validated, compiled criteria set: immutable and shareable across threads.
    Pickles as its source text and recompiles on load, so it travels to worker processes."""

    __slots__ = ("_s", "_date")

    def __init__(self, core: Any, date: Optional[_dt.date] = None) -> None:
        self._s = core
        self._date = date  # the day Registry.get chose this version for

    def _assessment_date(self, date: DateLike) -> DateLike:
        """`date`, else the day this set was chosen for; never today in silence."""
        if date is not None:
            return date
        if self._date is not None:
            return self._date
        raise _error(ValueError, "E001", "py.no_date", self.id)

    id = property(lambda self: self._s.id)
    title = property(lambda self: self._s.title)
    name_vi = property(lambda self: self._s.name_vi)
    name_en = property(lambda self: self._s.name_en)
    entity = property(lambda self: self._s.entity)
    version = property(lambda self: self._s.version)
    valid_from = property(lambda self: self._s.valid_from)
    valid_to = property(lambda self: self._s.valid_to)
    instrument = property(lambda self: self._s.instrument)
    sha256 = property(lambda self: self._s.sha256)
    uses_levels = property(lambda self: self._s.uses_levels)
    nodes = property(lambda self: self._s.nodes, doc="criteria and indicators, parents first")
    inputs = property(lambda self: self._s.inputs, doc="declared inputs; member fields as `list.field`")
    referenced_titles = property(lambda self: self._s.referenced_titles)

    def evaluate(self, record: Mapping[str, Any], date: DateLike = None, context: Optional[Mapping[str, Any]] = None, *,
                 strict: bool = False, outside_validity: bool = False) -> Result:
        """Evaluates one record (a dict; nested dicts flatten with dots, lists of dicts are
        members) on `date` (default: the day Registry.get chose the set for; required
        otherwise). A date outside the set's validity raises ValueError unless
        `outside_validity`. A missing input makes the indicators that need it not
        assessable; keys the set does not read and inputs the record lacks are listed in
        `result.warnings`, or raise InputError under `strict=True`. A `context` key the
        set does not read raises InputError."""
        record = dict(record)
        date = self._assessment_date(date)
        ctx = None if context is None else dict(context)
        _refuse_unknown_context(self._s.check_context(ctx))
        core = self._s.evaluate(record, date, ctx, outside_validity)
        warnings = core.warnings
        if strict and warnings:
            raise InputError(warnings)
        return Result(core, (self, (record, date, ctx), {"outside_validity": outside_validity}), warnings)

    def evaluate_frame(self, frame: Any, date: DateLike = None, *, context: Optional[Mapping[str, Any]] = None,
                       members: Optional[Mapping[str, Any]] = None, threads: int = 1, lang: str = "vi",
                       strict: bool = False, outside_validity: bool = False, problems: bool = False) -> Any:
        """Evaluates every row of a pandas DataFrame; see hoctap._frames.evaluate_frame."""
        from ._frames import evaluate_frame

        return evaluate_frame(self, frame, date, context=context, members=members, threads=threads, lang=lang, strict=strict,
                              outside_validity=outside_validity, problems=problems)

    def document(self, lang: str = "vi", format: str = "md") -> str:
        """The set as a readable table (Markdown or HTML)."""
        return self._s.document(lang, format)

    def __reduce__(self) -> Any:
        return (_restore, (_core.pickle_format, self._s.source_text, self._s.source_path, self._date))

    def __repr__(self) -> str:
        end = self.valid_to.isoformat() if self.valid_to else ""
        return f"<CriteriaSet {self.id} ({self.instrument}) {self.valid_from.isoformat()}..{end}>"


class Registry:
    """A folder of criteria sets (and its targets.yaml), or several folders as one (a
    national folder and a province's own sets): the version in force for a title on a
    date, and for a place (`quang_ninh`, `quang_nam/tam_ky`) that place's own version
    first. Pickles as its folder paths."""

    __slots__ = ("_r", "_folder", "_folders")

    def __init__(self, folder: Union[str, Sequence[str]]) -> None:
        self._folders = [str(folder)] if isinstance(folder, (str, bytes)) or hasattr(folder, "__fspath__") else [str(f) for f in folder]
        self._folder = ", ".join(self._folders)
        self._r = _core.Registry(self._folders)

    def titles(self) -> List[str]:
        return self._r.titles()

    def versions(self, title: str) -> List[CriteriaSet]:
        return [CriteriaSet(s) for s in self._r.versions(title)]

    def get(self, title: str, date: DateLike = None, place: str = "") -> CriteriaSet:
        """The version of `title` in force on `date` (required) — for `place`, that
        place's own version (district, then province) before the national one — which
        then evaluates on that date by default. Raises KeyError for a title the folder does
        not have (listing those it has) or when no version is in force that day (listing
        the versions)."""
        titles = self.titles()
        if title not in titles:
            raise _error(KeyError, "E003", "py.no_title", title, self._folder, ", ".join(titles))
        if date is None:
            raise _error(ValueError, "E001", "py.get_no_date", title)
        s = self._r.get(title, date, place)
        if s is None:
            versions = ", ".join(f"{v.id} ({v.valid_from.isoformat()}..{v.valid_to.isoformat() if v.valid_to else ''})"
                                 for v in self.versions(title))
            raise _error(KeyError, "E003", "py.not_in_force", title, date, versions)
        return CriteriaSet(s, _core.parse_date(date))

    def evaluate(self, title: str, record: Mapping[str, Any], date: DateLike = None,
                 context: Optional[Mapping[str, Any]] = None, *, strict: bool = False, place: str = "") -> Result:
        """Evaluates with the version in force on `date` (required) for `place` (its own
        version first, as `get`), members first with their own titles. Warnings and
        `strict` as CriteriaSet.evaluate: the members' fields their own set reads are no
        unknown names. A `context` key neither the set nor a set judging its members reads
        raises InputError."""
        record = dict(record)
        ctx = None if context is None else dict(context)
        chosen = self.get(title, date, place)
        _refuse_unknown_context(self._r.check_context(chosen._s, ctx, date, place))
        core = self._r.evaluate(title, record, date, ctx, place)
        warnings = core.warnings
        if strict and warnings:
            raise InputError(warnings)
        return Result(core, (self, (title, record, date, ctx), {"place": place}), warnings)

    def targets(self) -> List[Dict[str, Any]]:
        return self._r.targets()

    @classmethod
    def official(cls) -> "Registry":
        """The official criteria installed with the package (see official_directory)."""
        return cls(official_directory())

    def __reduce__(self) -> Any:
        return (Registry, (self._folders if len(self._folders) > 1 else self._folders[0],))

    def __repr__(self) -> str:
        return f"<Registry {self._folder}: {len(self.titles())} titles>"


def words(id: str, lang: str = "vi") -> str:
    """A decision's or a node's status in words, as hoctap's explanations say it:
    words("recognized") is "được công nhận", words("not_met", "en") is "not met". The ids
    are those of `decision` and `status` in results and frames, so a frame's column reads
    `frame["decision"].map(hoctap.words)`. ValueError (E013) for any other text."""
    return _core.words(id, lang)


def official_directory() -> str:
    """The folder of the official criteria: HOCTAP_CRITERIA_DIR when set (as the C++ and C
    APIs read it), else the criteria the package carries (hoctap/criteria: the files
    `cmake --install` puts in share/hoctap/criteria). Raises FileNotFoundError when the
    folder does not exist."""
    folder = os.environ.get("HOCTAP_CRITERIA_DIR") or str(importlib.resources.files(__package__) / "criteria")
    if not os.path.isdir(folder):
        raise _error(FileNotFoundError, "E007", "py.no_official", folder)
    return folder


def official_registry() -> Registry:
    """The official criteria as a Registry (Registry.official())."""
    return Registry.official()


def load(path: str) -> CriteriaSet:
    """Loads and validates a criteria file; raises CriteriaError listing every problem."""
    return CriteriaSet(_core.load(str(path)))


def load_string(text: str, name: str = "<string>") -> CriteriaSet:
    return CriteriaSet(_core.load_string(text, name))
