"""hoctap: criteria for Vietnam's learning-society titles, from Python.

    import hoctap
    registry = hoctap.Registry("criteria")                     # every criteria set and the targets
    official = hoctap.official_registry()                     # the official criteria the package carries
    citizen = registry.get("cong_dan_hoc_tap", "2024-06-30")  # the version in force that day
    result = citizen.evaluate({"vung": "binh_thuong", "score": {"tc1_1": 8, ...}})  # on 2024-06-30
    result.recognized, result.total, result.explain("vi")
    frame = citizen.evaluate_frame(df)                         # one row per input row, same date
    results = hoctap.evaluate_dataset(registry, "examples/province", "2023-12-31")  # a dataset folder, as `hoctap report`

Every rule is evaluated by the hoctap C++ core; nothing is reimplemented here. Criteria
errors raise CriteriaError (a ValueError) with `.diagnostics`; data problems never raise:
they become statuses, reasons and an `error` column. Every exception raised for a
caller's mistake (no date, an unknown place or title, a bad argument) carries `.code`
(E0xx, docs/diagnostics.md) and its text in both languages, `.message_vi` and
`.message_en`; str() is the English text.
"""
from ._api import (CriteriaError, CriteriaSet, InputError, Registry, Result, engine_version, load, load_string, official_directory,
                   official_registry, words)
from ._dataset import evaluate_dataset

__all__ = [
    "CriteriaError",
    "CriteriaSet",
    "InputError",
    "Registry",
    "Result",
    "engine_version",
    "evaluate_dataset",
    "load",
    "load_string",
    "official_directory",
    "official_registry",
    "words",
]
__version__ = "0.1.0"
