"""The runs: every survey leaf's score and every domain's weight varied, every run ranked, all at once.

Each run of a group is a [unit × survey leaf] matrix of perturbed scores; runs are computed in chunks
(numpy, no Python loop over runs or units), ranked by the published rule (the index rounded half-up at
the framework's precision, competition ranking: `ranking.competition_ranks_rows`) and kept as one
[run × ranked unit] matrix of ranks.

How a run varies the scores (the README says why):

- a survey leaf's effective score s (maximum m) becomes ``clip(⌊s + z · σ + ½⌋, 0, m)`` micro-points,
  with z a standard normal and σ = M / 100 / 1.96 · m, so that ± M % of the maximum is a 95 % bound.
  Leaves not applicable to the unit are left as scored (excluded, or full points under ``full``);
- with W > 0, domain d's weight is ``1 + W / 100 · (2u − 1)`` (u uniform in [0, 1)), kept as
  millionths rounded half-up, the same for every unit of the group in that run; the index is then
  Σ w_d · points_d ÷ Σ w_d · max_d × 100, so it stays between 0 and 100.

Draw order (`draws`): per run, one normal per (unit, survey leaf), units in the order of their ids
(Python's string order, so the order of units.csv changes nothing) and leaves in framework order;
then, from the weight stream, one uniform per (run, domain).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..assessment import GroupData
from ..framework import SURVEY
from ..numbers import percent_half_up_array
from ..ranking import competition_ranks_rows
from ..scoring import LeafMatrices
from .draws import SURVEY_STREAM, WEIGHT_STREAM, Stream
from .options import Options

#: Normal numbers drawn per chunk of runs: keeps a national group's chunk near 100 MB of floats.
CHUNK_CELLS = 2_000_000
#: The 97.5 % quantile of the standard normal: ± M is two-sided 95 %.
Z_95 = 1.96
_MILLION = 1_000_000


@dataclass(frozen=True)
class GroupModel:
    """One group's scores split into what the runs keep and what they vary."""

    fixed_domain: np.ndarray  # [unit × domain] points no run changes, micro-points
    domain_max: np.ndarray  # [unit × domain] maxima, micro-points
    survey: np.ndarray  # [unit × survey leaf] effective points of varied cells (float: exact below 2^53)
    varied: np.ndarray  # [unit × survey leaf] True where the score is varied
    sigma: np.ndarray  # [survey leaf] σ in micro-points
    survey_max: np.ndarray  # [survey leaf] maxima, micro-points
    survey_domain: np.ndarray  # [survey leaf × domain] 1 where the leaf lies in the domain
    id_position: np.ndarray  # [unit] the unit's place in id order, where its draws are

    @property
    def units(self) -> int:
        return int(self.fixed_domain.shape[0])


def group_model(data: GroupData, lm: LeafMatrices, margin: float) -> GroupModel:
    """Split DATA's effective points (LM, as scoring derives them) into fixed points and the survey cells
    the runs vary. A unit indexed without its survey (the framework's survey optional) has none to vary."""
    group = data.group
    is_survey = group.leaves_of(SURVEY)
    varied_full = is_survey[None, :] & lm.applicable & ~lm.survey_skipped[:, None]
    fixed = np.where(varied_full, 0, lm.points)
    codes = [d.code for d in group.domains]
    slices = [group.leaf_slices[c] for c in codes]
    survey_columns = np.flatnonzero(is_survey)
    one_hot = np.zeros((len(survey_columns), len(codes)))
    for d, part in enumerate(slices):
        one_hot[(survey_columns >= part.start) & (survey_columns < part.stop), d] = 1.0
    leaf_max = group.leaf_max_micro[survey_columns].astype(np.float64)
    ids = [unit.unit_id for unit in data.units]
    order = sorted(range(len(ids)), key=ids.__getitem__)
    id_position = np.empty(len(ids), dtype=np.int64)
    id_position[order] = np.arange(len(ids))
    return GroupModel(
        fixed_domain=_per_domain(fixed, slices),
        domain_max=_per_domain(lm.maxima, slices),
        survey=np.where(varied_full, lm.points, 0)[:, survey_columns].astype(np.float64),
        varied=varied_full[:, survey_columns],
        sigma=leaf_max * (margin / 100.0 / Z_95),
        survey_max=leaf_max,
        survey_domain=one_hot,
        id_position=id_position,
    )


def _per_domain(matrix: np.ndarray, slices: list[slice]) -> np.ndarray:
    """[unit × leaf] → [unit × domain] sums."""
    if not slices:
        return np.zeros((matrix.shape[0], 0), dtype=np.int64)
    return np.stack([matrix[:, part].sum(axis=1) for part in slices], axis=1).astype(np.int64)


def run_ranks(model: GroupModel, ranked: np.ndarray, options: Options, group: int, decimals: int) -> np.ndarray:
    """[ranked unit × run] competition ranks; RANKED are the units' rows, in published order.

    Kept per unit (a unit's runs one contiguous row, int16 when the ranks fit): sorting a unit's runs and
    comparing two units then read memory in order, and a national group's 10,000 runs take 130 MB.
    """
    runs = options.runs
    dtype = np.int16 if len(ranked) < np.iinfo(np.int16).max else np.int32
    ranks = np.zeros((len(ranked), runs), dtype=dtype)
    if len(ranked) == 0:
        return ranks
    cells = model.units * model.survey.shape[1]
    per_run = cells + cells % 2  # whole pairs of normals per run
    chunk = max(1, CHUNK_CELLS // max(per_run, 1))
    survey_stream = Stream(options.seed, group, SURVEY_STREAM)
    weight_stream = Stream(options.seed, group, WEIGHT_STREAM)
    for start in range(0, runs, chunk):
        count = min(chunk, runs - start)
        points, maxima = _run_totals(model, options, survey_stream, weight_stream, count, per_run)
        published = percent_half_up_array(points[:, ranked], maxima[:, ranked], decimals)
        ranks[:, start : start + count] = competition_ranks_rows(np.asarray(published, dtype=np.int64)).T
    return ranks


def _run_totals(
    model: GroupModel, options: Options, survey_stream: Stream, weight_stream: Stream, count: int, per_run: int
) -> tuple[np.ndarray, np.ndarray]:
    """[run × unit] totals and maxima of COUNT runs (weighted by the domains' weights when W > 0)."""
    varied = _varied_survey(model, survey_stream, count, per_run, options.survey_margin > 0)
    if options.weight_spread <= 0:
        totals = model.fixed_domain.sum(axis=1)[None, :] + varied.sum(axis=2).astype(np.int64)
        return totals, np.broadcast_to(model.domain_max.sum(axis=1), totals.shape)
    domains = model.fixed_domain[None, :, :] + (varied @ model.survey_domain).astype(np.int64)
    spread = weight_stream.uniforms(count * model.domain_max.shape[1]).reshape(count, -1)
    weights = _MILLION + np.floor(options.weight_spread / 100.0 * _MILLION * (2.0 * spread - 1.0) + 0.5)
    weights = weights.astype(np.int64)[:, None, :]
    return (domains * weights).sum(axis=2), (model.domain_max[None, :, :] * weights).sum(axis=2)


def _varied_survey(model: GroupModel, stream: Stream, count: int, per_run: int, draw: bool) -> np.ndarray:
    """[run × unit × survey leaf] survey points of COUNT runs: each varied cell moved by z · σ, clipped."""
    units, leaves = model.survey.shape
    if not draw or units * leaves == 0:
        return np.broadcast_to(model.survey, (count, units, leaves))
    z = stream.normals(count * per_run).reshape(count, per_run)[:, : units * leaves]
    z = z.reshape(count, units, leaves)[:, model.id_position, :]  # a copy: the operations below are in place
    z *= model.sigma
    z += model.survey + 0.5
    np.floor(z, out=z)
    np.clip(z, 0.0, model.survey_max, out=z)
    np.copyto(z, model.survey, where=~model.varied)
    return z
