"""The random numbers of a sensitivity analysis, drawn so that anyone can draw them again.

Why not ``Generator.standard_normal``: numpy keeps its bit generators' streams fixed across
versions, but not the algorithms that turn bits into normal numbers (NEP 19). So parindex takes the
raw 64-bit words of PCG64 and turns them into numbers itself, by a rule written here and in the
README, which any later numpy (or another language with PCG64) reproduces:

- stream: ``numpy.random.PCG64(numpy.random.SeedSequence([seed, group, purpose]))``, where GROUP is
  the group's position in the framework (0, 1, …) and PURPOSE is 0 for survey scores, 1 for weights;
- uniform: a word w gives ``(w >> 11) · 2⁻⁵³``, in [0, 1);
- normal (Box–Muller): two uniforms u₁, u₂ (words 2k and 2k+1) give ``√(−2 ln(1 − u₁)) · cos(2π u₂)``
  and ``√(−2 ln(1 − u₁)) · sin(2π u₂)``, normals 2k and 2k+1 of the stream.

The numbers are drawn in a fixed order, run after run (see `montecarlo`); a run takes whole pairs
(an odd count leaves its last sine unused), so a chunk of runs continues the stream where the previous
chunk stopped and how runs are chunked never changes them.
"""

from __future__ import annotations

import numpy as np

#: PURPOSE of a stream: survey scores and domain weights never share one, so W = 0 (no weight
#: draws) leaves the survey draws of a seed as they are.
SURVEY_STREAM = 0
WEIGHT_STREAM = 1


class Stream:
    """One reproducible stream of uniform and normal numbers (see the module's rule)."""

    def __init__(self, seed: int, group: int, purpose: int) -> None:
        # Generator.random() of PCG64 is exactly (w >> 11) · 2⁻⁵³ of the next word, computed in C
        # (tests/test_sensitivity.py checks it against the raw words, so a numpy that changed it fails)
        self.generator = np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, group, purpose])))

    def uniforms(self, count: int) -> np.ndarray:
        """COUNT uniforms in [0, 1): the next COUNT words of the stream, each as (w >> 11) · 2⁻⁵³."""
        return self.generator.random(count)

    def normals(self, count: int) -> np.ndarray:
        """COUNT standard normals by Box–Muller, a pair per two words (an odd COUNT uses a whole pair)."""
        pairs = (count + 1) // 2
        uniform = self.generator.random((pairs, 2))
        radius = np.log1p(-uniform[:, 0])
        radius *= -2.0
        np.sqrt(radius, out=radius)
        angle = uniform[:, 1] * (2.0 * np.pi)
        result = np.empty((pairs, 2), dtype=np.float64)
        np.cos(angle, out=result[:, 0])
        result[:, 0] *= radius
        np.sin(angle, out=result[:, 1])
        result[:, 1] *= radius
        return result.ravel()[:count]
