"""How sure each published rank is, what the council's changes did, and how many points lie between places.

Three questions a published ranking draws, answered for every unit of every group:

- **Would we still be 3rd had the survey sampled other people?** A Monte Carlo analysis (`montecarlo`)
  varies every survey leaf's score within its sampling margin (and, if asked, every domain's weight),
  ranks each run by the published rule and reports each unit's median rank, its 5–95 % interval, the
  share of runs at its published rank and in the top 3, and the pairs of units whose order is not settled.
  A fixed seed gives the same numbers on any machine (`draws` documents the algorithm).
- **Which of the council's changes moved us?** Exactly (`council`): each unit's index and rank with all
  its appraisal changes reverted to its self-scores, and each single change whose reversal alone would
  change a rank.
- **How many points to the next place?** Exactly (`places`), in the unit's own total points at the
  framework's precision, and how many points it has ahead of the place below.

`analyse_sensitivity` returns a `Sensitivity`; `sensitivity_to_dict` is what
`parindex sensitivity --format json` prints and `sensitivity_to_csv` its CSV.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .options import (
    DEFAULT_RUNS,
    DEFAULT_SEED,
    DEFAULT_SURVEY_MARGIN,
    DEFAULT_WEIGHT_SPREAD,
    MAX_WEIGHT_SPREAD,
    Options,
)

if TYPE_CHECKING:  # pragma: no cover
    from .analysis import analyse_sensitivity
    from .document import ROW_KEYS, sensitivity_to_csv, sensitivity_to_dict
    from .model import Adjustment, GroupSensitivity, Pair, RankSpread, Sensitivity, UnitSensitivity

#: Where each public name lives. Why lazy: the CLI reads the options' defaults to build `--help`, which
#: must not import numpy, pyarrow or the scoring code (tests/test_cli.py checks it).
_LAZY = {
    "analyse_sensitivity": "analysis",
    "ROW_KEYS": "document",
    "sensitivity_to_csv": "document",
    "sensitivity_to_dict": "document",
    "Adjustment": "model",
    "GroupSensitivity": "model",
    "Pair": "model",
    "RankSpread": "model",
    "Sensitivity": "model",
    "UnitSensitivity": "model",
}


def __getattr__(name: str) -> Any:
    """The public names of the heavy modules, imported on first use."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)


__all__ = [
    "DEFAULT_RUNS",
    "DEFAULT_SEED",
    "DEFAULT_SURVEY_MARGIN",
    "DEFAULT_WEIGHT_SPREAD",
    "MAX_WEIGHT_SPREAD",
    "ROW_KEYS",
    "Adjustment",
    "GroupSensitivity",
    "Options",
    "Pair",
    "RankSpread",
    "Sensitivity",
    "UnitSensitivity",
    "analyse_sensitivity",
    "sensitivity_to_csv",
    "sensitivity_to_dict",
]
