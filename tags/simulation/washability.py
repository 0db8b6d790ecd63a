"""Float-sink washability of the raw coal and the partition of a three-product DM cyclone.

The feed is six density fractions (mean RD, mass %, ash %) of PLANTS.md. A change of feed ash
is spread two ways: the ash of every fraction scales by half the relative change, and the
heaviest (stone) fraction gains or loses mass for the rest, so the feed ash comes out exact.
The cyclone cuts twice: clean coal at d50 = medium density + 0.07 and, on the sinks, reject
at a second cut ~0.4 higher; what falls between is middlings.
"""

from __future__ import annotations

import math
from typing import NamedTuple

FRACTIONS: tuple[tuple[float, float, float], ...] = (
    (1.27, 12.0, 5.0),
    (1.35, 28.0, 8.5),
    (1.45, 18.0, 16.0),
    (1.55, 10.0, 25.0),
    (1.70, 8.0, 36.0),
    (2.10, 24.0, 76.0),
)
BASE_ASH = sum(m * a for _, m, a in FRACTIONS) / sum(m for _, m, _ in FRACTIONS)
ASH_SHARE = 0.5  # share of a feed-ash change carried by the fractions' own ash
LN3 = math.log(3.0)


class Products(NamedTuple):
    """Yields (fraction of feed) and ash (%) of the three products."""

    clean_yield: float
    clean_ash: float
    midds_yield: float
    midds_ash: float
    reject_yield: float
    reject_ash: float


def partition(rd: float, d50: float, ep: float) -> float:
    """Fraction of particles of density ``rd`` reporting to the floats (Tromp curve)."""
    x = (rd - d50) * LN3 / ep
    if x > 50.0:
        return 0.0
    return 1.0 / (1.0 + math.exp(x))


def fractions_for(feed_ash: float) -> list[tuple[float, float, float]]:
    """The six fractions (RD, mass share, ash %) of a feed of ``feed_ash`` % ash."""
    scale = 1.0 + ASH_SHARE * (feed_ash - BASE_ASH) / BASE_ASH
    light = [(rd, m, min(a * scale, 95.0)) for rd, m, a in FRACTIONS[:-1]]
    rd6, _, a6 = FRACTIONS[-1]
    a6 = min(a6 * scale, 95.0)
    mass = sum(m for _, m, _ in light)
    ash_mass = sum(m * a for _, m, a in light)
    m6 = max((feed_ash * mass - ash_mass) / (a6 - feed_ash), 1.0)
    total = mass + m6
    return [(rd, m / total, a) for rd, m, a in light] + [(rd6, m6 / total, a6)]


def separate(
    fractions: list[tuple[float, float, float]],
    *,
    d50: float,
    ep: float,
    d50_reject: float,
    ep_reject: float,
) -> Products:
    """Split the feed into clean coal, middlings and reject."""
    c_m = c_a = m_m = m_a = r_m = r_a = 0.0
    for rd, m, a in fractions:
        p_clean = partition(rd, d50, ep)
        sinks = m * (1.0 - p_clean)
        p_midds = partition(rd, d50_reject, ep_reject)
        c_m += m * p_clean
        c_a += m * p_clean * a
        m_m += sinks * p_midds
        m_a += sinks * p_midds * a
        r_m += sinks * (1.0 - p_midds)
        r_a += sinks * (1.0 - p_midds) * a
    return Products(
        c_m,
        c_a / c_m if c_m > 1e-9 else 0.0,
        m_m,
        m_a / m_m if m_m > 1e-9 else 0.0,
        r_m,
        r_a / r_m if r_m > 1e-9 else 0.0,
    )
