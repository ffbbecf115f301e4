# Type stubs for the compiled core. Use the `hoctap` package, not this module.
import datetime
import decimal
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

engine_version: str
pickle_format: int

class Result:
    decision: str
    recognized: bool
    total: decimal.Decimal
    max_total: decimal.Decimal
    grade: Optional[str]
    grade_name: Optional[Dict[str, str]]
    level: int
    next_grade: Optional[str]
    points_to_next_grade: decimal.Decimal
    nodes: List[Dict[str, Any]]
    problems: List[Dict[str, str]]
    local_values: List[Dict[str, Any]]
    reasons: List[Dict[str, str]]
    audit: Dict[str, Any]
    warnings: List[Dict[str, Any]]
    def explain(self, lang: str = ...) -> str: ...
    def to_json(self, explain: bool = ..., lang: str = ...) -> str: ...

class CriteriaSet:
    id: str
    title: str
    name_vi: str
    name_en: str
    entity: str
    version: str
    valid_from: datetime.date
    valid_to: Optional[datetime.date]
    instrument: str
    source_path: str
    source_text: str
    sha256: str
    uses_levels: bool
    referenced_titles: List[str]
    nodes: List[Dict[str, Any]]
    inputs: List[Dict[str, Any]]
    def evaluate(self, record: Dict[str, Any], date: Any, context: Optional[Dict[str, Any]] = ..., outside_validity: bool = ...) -> Result: ...
    def check_record(self, record: Dict[str, Any], context: Optional[Dict[str, Any]] = ...) -> List[Dict[str, Any]]: ...
    def check_names(self, names: List[str], list: str = ..., context: Optional[Dict[str, Any]] = ...) -> List[Dict[str, Any]]: ...
    def evaluate_columns(self, rows: int, columns: Dict[str, Tuple[Any, ...]], members: Dict[str, Tuple[Any, ...]],
                         date: Any, context: Optional[Dict[str, Any]], threads: int, lang: str,
                         nodes: str = ..., outside_validity: bool = ...) -> Dict[str, Any]: ...
    def document(self, lang: str = ..., format: str = ...) -> str: ...

class Registry:
    def __init__(self, folders: List[str]) -> None: ...
    def titles(self) -> List[str]: ...
    def versions(self, title: str) -> List[CriteriaSet]: ...
    def get(self, title: str, date: Any, place: str = ...) -> Optional[CriteriaSet]: ...
    def evaluate(self, title: str, record: Dict[str, Any], date: Any, context: Optional[Dict[str, Any]] = ..., place: str = ...) -> Result: ...
    def evaluate_dataset(self, folder: str, date: Any, threads: int = ..., lang: str = ...) -> Dict[str, Any]: ...
    def check_dataset_columns(self, folder: str, date: Any, lang: str = ...) -> List[Dict[str, Any]]: ...
    def targets(self) -> List[Dict[str, Any]]: ...

def load(path: str) -> CriteriaSet: ...
def load_string(text: str, name: str) -> CriteriaSet: ...
def message(id: str, args: List[str]) -> Tuple[str, str]: ...
def package_message_ids() -> List[str]: ...
def parse_date(date: Any) -> Optional[datetime.date]: ...
def nearest_name(name: str, names: List[str]) -> str: ...
