"""The options of a sensitivity analysis and their defaults (light: the CLI's --help reads them)."""

from __future__ import annotations

from dataclasses import dataclass

from ..limits import MAX_SENSITIVITY_RUNS

#: Runs when none are asked for: enough to place a 5 % tail within about half a percentage point.
DEFAULT_RUNS = 10_000
#: The seed when none is given: a fixed one, so the same folder always gives the same output.
DEFAULT_SEED = 0
#: ± margin of a survey leaf's score, in % of the leaf's maximum, as a 95 % bound (README: the
#: sampling error of a survey of about 140 respondents per unit at a typical spread of answers).
DEFAULT_SURVEY_MARGIN = 5.0
#: ± spread of each domain's weight, in %: 0, because the framework's weights are law.
DEFAULT_WEIGHT_SPREAD = 0.0
#: The highest weight spread: a domain's weight may shrink to a tenth, never to nothing.
MAX_WEIGHT_SPREAD = 90.0
#: A pair of units is unsettled when their order flips in more than this share of runs (in %).
UNSETTLED_PERCENT = 5


@dataclass(frozen=True)
class Options:
    """How the runs vary the scores. Margins are in % (5 = ± 5 % of the leaf's maximum)."""

    runs: int = DEFAULT_RUNS
    seed: int = DEFAULT_SEED
    survey_margin: float = DEFAULT_SURVEY_MARGIN
    weight_spread: float = DEFAULT_WEIGHT_SPREAD

    def __post_init__(self) -> None:
        """Refuse options the analysis cannot honour (the CLI says so as a usage error before this)."""
        if not 1 <= self.runs <= MAX_SENSITIVITY_RUNS:
            raise ValueError(f"runs must be from 1 to {MAX_SENSITIVITY_RUNS}, not {self.runs}")
        if self.seed < 0:
            raise ValueError(f"seed must not be negative, not {self.seed}")
        if not 0 <= self.survey_margin <= 100:
            raise ValueError(f"survey_margin must be from 0 to 100 (%), not {self.survey_margin}")
        if not 0 <= self.weight_spread <= MAX_WEIGHT_SPREAD:
            raise ValueError(f"weight_spread must be from 0 to {MAX_WEIGHT_SPREAD:g} (%), not {self.weight_spread}")
