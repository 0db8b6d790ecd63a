"""Algebraic pieces of the SCO2 loop: turbine expansion, recuperator and waste-heat exchanger.

Calibrated against CoolProp at the design point (380 °C, 19.8 MPa to 7.95 MPa; compressor
inlet 33 °C, 7.85 MPa): the turbine's isentropic drop is fitted linear in inlet temperature
and scaled with an ideal-gas pressure-ratio term, which stays within a few percent over
250-420 °C. Exchangers are effectiveness models; their lags live in the model.
"""

from __future__ import annotations

from dataclasses import dataclass

ETA_T = 0.85
KAPPA = 0.18  # ideal-gas style pressure-ratio exponent of the fitted turbine drop
PR0 = (20.4 - 0.55) / (7.85 + 0.10)
EPS_RECUP = 0.91  # effectiveness on the low-pressure side
C_RATIO = 0.70  # temperature rise HP side per kelvin drop on the LP side
EPS_WHX = 0.90
CP_WHX = 1.27  # kJ/kg K, CO2 at 20 MPa, 200-380 °C
CP_GAS = 0.387  # kW/K per kNm³/h of flue gas (1.29 kg/Nm³, 1.08 kJ/kg K)


@dataclass(slots=True)
class Thermo:
    """The loop's algebraic state at one instant (temperatures °C, pressures MPa)."""

    flow: float = 87.0  # kg/s
    t_comp_in: float = 33.0
    p_in: float = 7.85
    p_out: float = 20.4
    p_settle: float = 11.0
    rho_in: float = 571.0
    rise: float = 12.55
    w_comp: float = 27.6  # kJ/kg
    t_comp_out: float = 67.0
    t_turb_in: float = 380.0
    w_turb: float = 86.0  # kJ/kg
    t_turb_out: float = 289.0
    margin: float = 20.0  # %
    heat: float = 19.0  # MW
    gen: float = 4.75  # MW


def turbine(t_in: float, pressure_ratio: float) -> tuple[float, float]:
    """Specific work (kJ/kg) and exhaust temperature (°C) of the expansion."""
    pr = max(pressure_ratio, 1.0)
    drop_s = (24.35 + 0.2025 * t_in) * (1.0 - pr**-KAPPA) / (1.0 - PR0**-KAPPA)
    work = ETA_T * max(drop_s, 0.0)
    cp = max(0.847 + 0.103 / 80.0 * (t_in - 300.0), 0.7)
    return work, t_in - work / cp


def cycle_temperatures(
    th: Thermo,
    *,
    gas_t: float,
    gas_flow: float,
    bypass: float,
    t_turb_in: float,
    t_hp_out: float,
) -> tuple[float, float, float, float]:
    """Where turbine inlet, recuperator HP and LP outlets head; and the LP inlet temperature.

    ``bypass`` is the share (0-1) of the flow sent round the turbine; ``t_turb_in`` and
    ``t_hp_out`` are the present (lagged) temperatures feeding the exchangers.
    """
    t_lp_in = (1.0 - bypass) * th.t_turb_out + bypass * (t_turb_in - 25.0)
    t_hp_in = th.t_comp_out
    lp_out = t_lp_in - EPS_RECUP * (t_lp_in - t_hp_in)
    hp_out = t_hp_in + C_RATIO * (t_lp_in - lp_out)
    c_co2 = th.flow * CP_WHX
    c_gas = gas_flow * CP_GAS
    if c_co2 < 1.0:  # no flow: the exchanger soaks to the gas temperature
        return gas_t, t_hp_out, lp_out, t_lp_in
    eps = EPS_WHX * min(c_co2, c_gas) / c_co2
    return t_hp_out + eps * (gas_t - t_hp_out), hp_out, lp_out, t_lp_in
