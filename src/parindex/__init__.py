"""parindex: exact, auditable calculator for the Vietnamese PAR Index (Chỉ số cải cách hành chính).

The library is the product; the ``parindex`` command is a thin layer over it::

    import parindex
    assessment = parindex.load_assessment("examples/lai-chau-2023")
    results = parindex.score_assessment(assessment)
    frame = results.to_pandas()

``__all__`` is the supported surface (the README's "Using parindex from Python" walks through it).
Every name is imported on first use, so ``import parindex`` (and ``parindex --help``) loads neither
numpy, pyarrow nor pandas.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# openpyxl switches to lxml whenever lxml is installed (python-docx, for `export --docx`, brings it): its
# lxml parser silently drops a workbook part's entities where defusedxml refuses them (the hostile-input
# cases expect the refusal), and its lxml writer changes the bytes of the xlsx written. Set before openpyxl
# is first imported, so workbooks are read through defusedxml and written as without lxml.
os.environ["OPENPYXL_LXML"] = "False"

if TYPE_CHECKING:  # pragma: no cover
    from .annex import import_annexes as import_annexes
    from .appraisal_sheet import write_appraisal_sheet as write_appraisal_sheet
    from .assessment import Assessment as Assessment
    from .assessment import RoundError as RoundError
    from .assessment import Unit as Unit
    from .assessment import load_assessment as load_assessment
    from .assessment import validate_folder as validate_folder
    from .compare import Ranking as Ranking
    from .compare import compare_results as compare_results
    from .compare import compare_rounds as compare_rounds
    from .compare import load_previous as load_previous
    from .details import LeafDetail as LeafDetail
    from .details import UnknownUnit as UnknownUnit
    from .details import leaf_details as leaf_details
    from .excel import export_xlsx as export_xlsx
    from .explain import explain_unit as explain_unit
    from .framework import Criterion as Criterion
    from .framework import Framework as Framework
    from .framework import Group as Group
    from .framework import available_frameworks as available_frameworks
    from .framework import load_framework as load_framework
    from .html_report import render_report as render_report
    from .i18n import DEFAULT_LANG as DEFAULT_LANG
    from .i18n import Lang as Lang
    from .manifest import manifest_of as manifest_of
    from .problems import InvalidInput as InvalidInput
    from .problems import Problem as Problem
    from .problems import Report as Report
    from .results import GroupResult as GroupResult
    from .results import Results as Results
    from .results import UnitScore as UnitScore
    from .scoring import score_assessment as score_assessment
    from .sensitivity import Sensitivity as Sensitivity
    from .sensitivity import analyse_sensitivity as analyse_sensitivity
    from .sensitivity import sensitivity_to_dict as sensitivity_to_dict
    from .verify import verify_result as verify_result

#: Each public name and the module that defines it.
_LAZY = {
    # load, check and score
    "load_assessment": "assessment",
    "validate_folder": "assessment",
    "load_framework": "framework",
    "available_frameworks": "framework",
    "import_annexes": "annex",
    "score_assessment": "scoring",
    # look closer, compare, write
    "explain_unit": "explain",
    "leaf_details": "details",
    "load_previous": "compare",
    "compare_results": "compare",
    "compare_rounds": "compare",
    "write_appraisal_sheet": "appraisal_sheet",
    "render_report": "html_report",
    "export_xlsx": "excel",
    "manifest_of": "manifest",
    "verify_result": "verify",
    "analyse_sensitivity": "sensitivity",
    "sensitivity_to_dict": "sensitivity",
    # the types these return or raise
    "Assessment": "assessment",
    "Unit": "assessment",
    "Framework": "framework",
    "Group": "framework",
    "Criterion": "framework",
    "Results": "results",
    "GroupResult": "results",
    "UnitScore": "results",
    "LeafDetail": "details",
    "Ranking": "compare",
    "Sensitivity": "sensitivity",
    "Report": "problems",
    "Problem": "problems",
    "InvalidInput": "problems",
    "UnknownUnit": "details",
    "RoundError": "assessment",
    "Lang": "i18n",
    "DEFAULT_LANG": "i18n",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    """Import the public names lazily so `parindex --help` stays instant."""
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'parindex' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names, for tab completion in a notebook."""
    return sorted(__all__)
