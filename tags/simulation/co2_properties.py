"""CO2 properties near the critical point, from CoolProp, as lookup tables built once.

A CoolProp flash costs ~50 µs; the SCO2 model needs compressor-inlet properties every step,
so the tables are computed once (half a second, plus ~3 s to import CoolProp) and read by
bilinear interpolation in plain Python (~2 µs). Inputs outside the grid are clamped to its
edge. The computed tables are kept in the user cache directory, keyed by the CoolProp
version and the grid, so later processes load them in milliseconds.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

K0 = 273.15
P_OUT = 20.4  # MPa, compressor discharge the work table refers to
ETA_C = 0.70  # compressor isentropic efficiency the outlet-temperature table assumes

# compressor-inlet grid: 0.1 K steps to follow the density cliff at the pseudo-critical line
T_LO, T_HI, T_STEP = 20.0, 55.0, 0.1  # °C
P_LO, P_HI, P_STEP = 7.0, 9.0, 0.1  # MPa


@dataclass(frozen=True, slots=True)
class _Grid:
    """A regular T x P grid of one quantity, flattened row-major (T major)."""

    values: list[float]
    nt: int
    np_: int
    t_step: float
    p_step: float

    def at(self, t: float, p: float) -> float:
        x = (t - T_LO) / self.t_step
        y = (p - P_LO) / self.p_step
        x = 0.0 if x < 0.0 else min(x, self.nt - 1.000001)
        y = 0.0 if y < 0.0 else min(y, self.np_ - 1.000001)
        i = int(x)
        j = int(y)
        fx = x - i
        fy = y - j
        k = i * self.np_ + j
        v = self.values
        lo = v[k] + fy * (v[k + 1] - v[k])
        k += self.np_
        hi = v[k] + fy * (v[k + 1] - v[k])
        return lo + fx * (hi - lo)


@dataclass(frozen=True, slots=True)
class Co2Tables:
    density: _Grid  # kg/m³ at (T, P)
    work: _Grid  # kJ/kg isentropic compression work from (T, P) to P_OUT
    outlet_t: _Grid  # °C compressor outlet at P_OUT with efficiency ETA_C

    def compressor_inlet(self, t: float, p: float) -> tuple[float, float, float]:
        """Inlet density, isentropic work to P_OUT and outlet temperature for (°C, MPa)."""
        return self.density.at(t, p), self.work.at(t, p), self.outlet_t.at(t, p)


def _axis(lo: float, hi: float, step: float) -> np.ndarray:
    return lo + step * np.arange(round((hi - lo) / step) + 1)


def _compute() -> dict[str, np.ndarray]:
    """Flash every grid point once (PT, ~60 µs); derive the compression from the outlet isobar.

    PS and HP flashes cost ~0.6 ms each, so the discharge isentrope and the real discharge
    temperature are found by inverting s(T) and h(T) tabulated along the outlet isobar.
    """
    import CoolProp
    from CoolProp.CoolProp import AbstractState

    state = AbstractState("HEOS", "CO2")
    t = _axis(T_LO, T_HI, T_STEP)
    p = _axis(P_LO, P_HI, P_STEP)
    rho = np.empty((len(t), len(p)))
    h1 = np.empty_like(rho)
    s1 = np.empty_like(rho)
    for i, tc in enumerate(t.tolist()):
        for j, pm in enumerate(p.tolist()):
            for nudge in (0.0, 0.01, -0.01, 0.05):
                try:  # a point right on the saturation line (below Pc) may not flash
                    state.update(CoolProp.PT_INPUTS, pm * 1e6, tc + K0 + nudge)
                    break
                except ValueError:
                    continue
            rho[i, j], h1[i, j], s1[i, j] = state.rhomass(), state.hmass(), state.smass()
    t_iso = _axis(20.0, 250.0, 0.25)
    h_iso = np.empty_like(t_iso)
    s_iso = np.empty_like(t_iso)
    for k, tc in enumerate(t_iso.tolist()):
        state.update(CoolProp.PT_INPUTS, P_OUT * 1e6, tc + K0)
        h_iso[k], s_iso[k] = state.hmass(), state.smass()
    h2s = np.interp(s1, s_iso, h_iso)
    outlet = np.interp(h1 + (h2s - h1) / ETA_C, h_iso, t_iso)
    return {"density": rho, "work": (h2s - h1) / 1e3, "outlet_t": outlet}


def cache_file() -> Path | None:
    """Where the computed tables are kept (None when no cache directory is known)."""
    try:
        import platformdirs

        version = importlib.metadata.version("CoolProp")
    except (ImportError, importlib.metadata.PackageNotFoundError):
        return None
    key = f"{version}|{T_LO}|{T_HI}|{T_STEP}|{P_LO}|{P_HI}|{P_STEP}|{P_OUT}|{ETA_C}|1"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return Path(platformdirs.user_cache_dir("operator-console")) / f"co2-tables-{digest}.npz"


_NAMES = ("density", "work", "outlet_t")


def _load(path: Path) -> dict[str, np.ndarray] | None:
    try:
        with np.load(path) as data:
            arrays = {name: np.asarray(data[name], dtype=float) for name in _NAMES}
    except (OSError, KeyError, ValueError):
        return None
    shape = (round((T_HI - T_LO) / T_STEP) + 1, round((P_HI - P_LO) / P_STEP) + 1)
    if any(a.shape != shape or not np.isfinite(a).all() for a in arrays.values()):
        return None
    return arrays


def _save(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write atomically; a cache that cannot be written is simply not kept."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(
                    f, density=arrays["density"], work=arrays["work"], outlet_t=arrays["outlet_t"]
                )
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def build_tables(*, use_cache: bool = True) -> Co2Tables:
    """Load the tables from the cache, or compute them with CoolProp (and cache them)."""
    path = cache_file() if use_cache else None
    arrays = _load(path) if path is not None else None
    if arrays is None:
        arrays = _compute()
        if path is not None:
            _save(path, arrays)
    n_t, n_p = arrays["density"].shape

    def grid(name: str) -> _Grid:
        return _Grid(arrays[name].ravel().tolist(), n_t, n_p, T_STEP, P_STEP)

    return Co2Tables(grid("density"), grid("work"), grid("outlet_t"))


@functools.cache
def tables() -> Co2Tables:
    """The property tables, shared by every model of the process."""
    return build_tables()
