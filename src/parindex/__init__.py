"""parindex: exact, auditable calculator for the Vietnamese PAR Index (Chỉ số cải cách hành chính).

The library is the product; the ``parindex`` command is a thin layer over it::

    from parindex import load_assessment, score_assessment
    results = score_assessment(load_assessment(Path("examples/lai-chau-2023")))

Heavy modules (pandas, pyarrow) are imported only when these functions are first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from .assessment import load_assessment as load_assessment
    from .assessment import validate_folder as validate_folder
    from .framework import load_framework as load_framework
    from .scoring import score_assessment as score_assessment

_LAZY = {
    "load_assessment": "assessment",
    "validate_folder": "assessment",
    "load_framework": "framework",
    "score_assessment": "scoring",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    """Import the public functions lazily so `parindex --help` stays instant."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)
