"""Robust straight-line fit of a short window of samples: Theil–Sen with Kendall's tau.

The slope is the median of the slopes between every pair of points, so a few spikes do not
move it; the line passes through the median of ``value - slope·t``. The confidence is
``|tau|``, Kendall's rank correlation of value with time: about 0 for noise around a steady
value, 1 for a clean ramp. Cost is O(n²) in numpy; callers keep n to a few hundred.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

MAD_SIGMA = 1.4826
"""Median absolute deviation -> standard deviation of normal noise."""


@dataclass(frozen=True, slots=True)
class TrendFit:
    slope: float
    """Units per second."""
    level: float
    """The fitted value at ``t_end`` (the newest point)."""
    t_end: float
    confidence: float
    """|Kendall tau| in 0..1."""
    noise: float
    """Robust standard deviation of the residuals."""
    points: int

    def value_at(self, t: float) -> float:
        return self.level + self.slope * (t - self.t_end)

    def time_to(self, target: float) -> float | None:
        """Seconds from ``t_end`` until the line reaches ``target`` (None: never, or behind)."""
        if self.slope == 0.0:
            return None
        seconds = (target - self.level) / self.slope
        return seconds if seconds >= 0.0 else None


@lru_cache(maxsize=64)
def _pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    i, j = np.triu_indices(n, k=1)
    return i, j


def theil_sen(times: Sequence[float], values: Sequence[float]) -> TrendFit | None:
    """The fit of at least three points (None for fewer, or all at one time)."""
    n = len(times)
    if n < 3 or n != len(values):
        return None
    t = np.asarray(times, dtype=float)
    v = np.asarray(values, dtype=float)
    t_rel = t - t[-1]
    i, j = _pairs(n)
    dt = t_rel[j] - t_rel[i]
    dv = v[j] - v[i]
    valid = dt > 0
    if not np.any(valid):
        return None
    slope = float(np.median(dv[valid] / dt[valid]))
    level = float(np.median(v - slope * t_rel))
    signs = np.sign(dv[valid])
    tau = abs(float(np.sum(signs))) / float(np.count_nonzero(valid))
    residuals = v - (level + slope * t_rel)
    noise = MAD_SIGMA * float(np.median(np.abs(residuals - np.median(residuals))))
    return TrendFit(slope, level, float(t[-1]), tau, noise, n)
