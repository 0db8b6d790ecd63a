"""Metal plated by an electrolysis cell house, from the charge passed and the current
efficiency.

Faraday's law per cell: m = I·t·M/(z·F)·CE, with the metal's molar mass M and valence z
(manganese's 54.938 g/mol and 2 unless an area declares others: ``kg_per_kah``); the cells
of a series carry the same current, so a series plates ``cells`` times that. This is the one
place the figure is worked out: the energy figures of any period, the live energy display,
the shift report's events and the training debrief all call it. A production-rate tag lags
the plant by a minute and keeps falling after a trip; the charge does not.
"""

from __future__ import annotations

MN_MOLAR_MASS = 54.938
"""g/mol."""
MN_VALENCE = 2
FARADAY_CONSTANT = 96485.33212
"""C/mol."""
FARADAY_KG_PER_KAH = MN_MOLAR_MASS * 3600.0 / (MN_VALENCE * FARADAY_CONSTANT)
"""Mn plated at 100 % efficiency: g per A·h, which is kg per kA·h (1.0249)."""


def kg_per_kah(molar_mass: float, valence: int) -> float:
    """kg plated per kA·h at 100 % efficiency by a metal of ``molar_mass`` g/mol and
    ``valence``."""
    return molar_mass * 3600.0 / (valence * FARADAY_CONSTANT)


def plated_mn_t(
    current_ka: float,
    hours: float,
    cells: int,
    ce_percent: float,
    per_kah: float = FARADAY_KG_PER_KAH,
) -> float:
    """Tonnes a series of ``cells`` plates at ``current_ka`` over ``hours`` at ``ce_percent``
    current efficiency (a negative current or efficiency plates nothing); ``per_kah`` is the
    metal's kg per kA·h (manganese's by default)."""
    kah = max(current_ka, 0.0) * max(hours, 0.0)
    return kah * cells * per_kah * max(ce_percent, 0.0) / 100.0 / 1000.0


def mn_rate_t_h(
    current_ka: float, cells: int, ce_percent: float, per_kah: float = FARADAY_KG_PER_KAH
) -> float:
    """The plating rate of one series in t/h."""
    return plated_mn_t(current_ka, 1.0, cells, ce_percent, per_kah)


def faraday_ce_percent(
    mn_t: float, kah: float, cells: int, per_kah: float = FARADAY_KG_PER_KAH
) -> float | None:
    """The current efficiency that plated ``mn_t`` from ``kah`` through ``cells`` cells."""
    full = kah * cells * per_kah / 1000.0
    return mn_t / full * 100.0 if full > 1e-12 else None
