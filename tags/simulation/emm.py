"""EMM: the electrolytic manganese cell house (two rectifier series of 60 diaphragm cells).

Per-cell voltage and temperature are numpy vectors (120 cells); everything else is scalar
float math. Fast things (rectifier current, cell voltage, feed flow loop) run every step;
slow things (temperatures, catholyte chemistry, KPIs, time constants of minutes to hours)
run once a simulated second.

The circulation carries heat and fresh feed: without it the cells keep only their own
cooling coils and heat up, manganese is plated out of a catholyte nobody renews, and the
hydroxide of the hydrogen side reaction is no longer flushed out, so catholyte pH climbs
(the pH loop can only stop dosing ammonia) until manganese hydroxide precipitates near 8.
A series that trips loses its I·R and overpotential at once; what remains is the open-
circuit voltage of plated manganese against the anode, which decays over minutes.
"""

from __future__ import annotations

import math

import numpy as np

from tags.simulation.blocks import (
    PID,
    DeadTime,
    FirstOrder,
    NoiseRows,
    OrnsteinUhlenbeck,
    RateLimiter,
)
from tags.simulation.plant import PlantModel, PointInfo, PointValue, Setter, controller_points

SERIES = 2
CELLS = 60
FARADAY = 1.0249  # g Mn per A·h, i.e. kg per kA·h
I_NOM = 10.0  # kA per series
RAMP = 0.03 * I_NOM / 60.0  # kA/s: at most 3 %/min
E_BACK = 2.6  # V, decomposition and overpotentials
R_CELL = 1.7e-4  # Ω at 40 °C
R_BUS = 5.0e-4  # Ω busbar and contacts per series
CE_MAX = 0.86  # efficiency at the chemical optimum (PLANTS.md's 0.72 cannot reach 62-70 %)
V_CATH = 220.0  # m³ catholyte in circulation: V/Q ≈ 4.3 h
T_CW = 27.0  # °C mean cooling-water supply
K_COOL = (4.3 - 2.0) * I_NOM * 1e3 / (40.0 - T_CW)  # W/K: a nominal cell sits at 40 °C
C_CELL = K_COOL * 45.0 * 60.0  # J/K: cell thermal time constant 45 min
FLOW_SP = 51.0  # m³/h
PUMP_CAPACITY = (0.0, 100.0, 130.0)  # m³/h at 100 % valve, by number of pumps running
FEED_MN = 32.8  # g/L purified feed
PH_SP = 7.05
COIL_SHARE = 0.8  # share of the cell cooling left without circulation (in-cell coils)
PH_RISE = 0.2  # pH per hour at full side-reaction current and no flow (est.)
PH_CEILING = 8.2  # Mn(OH)2 precipitates: the catholyte pH stops climbing near here
OCV_TRIP = 2.0  # V per cell left once the current is gone
OCV_RESIDUAL = 0.05  # V the cell settles to
OCV_TAU = 150.0  # s decay of the open-circuit voltage


def _cell_names(leaf: str) -> list[str]:
    return [f"CELL.S{s:02d}.C{c:02d}.{leaf}" for s in range(1, 3) for c in range(1, CELLS + 1)]


def _points() -> dict[str, PointInfo]:
    p: dict[str, PointInfo] = {}
    for n in (1, 2):
        r = f"RECT{n}"
        p[f"{r}.IDC"] = PointInfo("kA", "float", False, f"Rectifier {n} DC current")
        p[f"{r}.IDC_SP"] = PointInfo("kA", "float", True, f"Rectifier {n} current setpoint")
        p[f"{r}.UDC"] = PointInfo("V", "float", False, f"Rectifier {n} DC voltage")
        p[f"{r}.XFMR_OIL_T"] = PointInfo("°C", "float", False, f"Rectifier {n} transformer oil")
        p[f"{r}.TRIP"] = PointInfo("", "bool", False, f"Rectifier {n} tripped")
        p[f"{r}.GND_FAULT"] = PointInfo("", "bool", False, f"Rectifier {n} DC ground fault")
        p[f"{r}.RESET"] = PointInfo("", "bool", True, f"Rectifier {n} trip reset (command)")
    for name in _cell_names("U"):
        p[name] = PointInfo("V", "float", False, f"Cell {name[5:13]} voltage")
    for name in _cell_names("T"):
        p[name] = PointInfo("°C", "float", False, f"Cell {name[5:13]} temperature")
    p["CATH.PH"] = PointInfo("", "float", False, "Catholyte pH")
    p["CATH.MN"] = PointInfo("g/L", "float", False, "Catholyte manganese")
    p["CATH.AS"] = PointInfo("g/L", "float", False, "Catholyte ammonium sulfate")
    p["FEED.MN"] = PointInfo("g/L", "float", False, "Purified feed manganese")
    p["FEED.SEO2"] = PointInfo("mg/L", "float", False, "Feed SeO2 additive")
    p.update(controller_points("FEED.FLOW", "m³/h", "Catholyte feed flow", "Feed valve"))
    for n in (1, 2):
        p[f"CIRC.P{n}.RUN"] = PointInfo("", "bool", False, f"Circulation pump {n} running")
        p[f"CIRC.P{n}.CMD"] = PointInfo("", "bool", True, f"Circulation pump {n} start/stop")
    p["CIRC.NO_FLOW"] = PointInfo("", "bool", False, "No circulation pump while current on")
    p["CW.SUP_T"] = PointInfo("°C", "float", False, "Cooling-water supply temperature")
    p["HALL.H2"] = PointInfo("%LEL", "float", False, "Cell-hall hydrogen")
    p["HALL.NH3"] = PointInfo("ppm", "float", False, "Cell-hall ammonia")
    p["KPI.CE"] = PointInfo("%", "float", False, "Current efficiency")
    p["KPI.SEC_DC"] = PointInfo("kWh/t", "float", False, "DC specific energy")
    p["KPI.MN_RATE"] = PointInfo("t/h", "float", False, "Manganese production rate")
    p["CYCLE.ELAPSED"] = PointInfo("h", "float", False, "Time since cathode stripping")
    return p


class EmmModel(PlantModel):
    """Cell house: rectifiers, 120 cells, catholyte chemistry, circulation and KPIs."""

    name = "emm"
    POINTS = _points()

    def __init__(self, *, seed: int, dt: float) -> None:
        super().__init__(seed=seed, dt=dt)
        fixed = np.random.default_rng(20_240_917)  # the plant's own cell map: same every run
        n = SERIES * CELLS
        self._u_off = np.clip(fixed.normal(0.0, 0.02, n), -0.05, 0.05).reshape(SERIES, CELLS)
        self._r_off = (1.0 + np.clip(fixed.normal(0.0, 0.01, n), -0.02, 0.02)).reshape(2, CELLS)
        self._k_off = (1.0 + np.clip(fixed.normal(0.0, 0.02, n), -0.04, 0.04)).reshape(2, CELLS)
        self._u_names = _cell_names("U")
        self._t_names = _cell_names("T")
        slow = self.slow_dt
        # causes (scenarios switch these)
        self.ground_fault = [False, False]
        self.pump_tripped = [False, False]
        self.purification_upset = False
        # rectifiers
        self.i_sp = [I_NOM, I_NOM]
        self.trip = [False, False]
        self._ramp = [RateLimiter(RAMP, dt, initial=I_NOM) for _ in range(SERIES)]
        self._oil = [FirstOrder(40 * 60.0, slow) for _ in range(SERIES)]
        self.i_dc = [I_NOM, I_NOM]
        self.u_dc = [0.0, 0.0]
        self.back = [E_BACK, E_BACK]  # V per cell: polarisation, or open circuit when off
        self._rows = NoiseRows(self.rng, 4)
        self._row = self._rows.next()
        # cells
        self.t_cell = np.full((SERIES, CELLS), 40.0)
        self._rfac = np.ones((SERIES, CELLS))
        self._rfac_version = 0
        self._voltage_key: tuple[float, ...] = (-1.0,)
        self._u_sums = [0.0, 0.0]
        self.u_cell = np.zeros((SERIES, CELLS))
        self._t_cell_meas = np.zeros((SERIES, CELLS))
        self._cell_noise = np.zeros((1, SERIES, CELLS))
        self._cell_noise_i = 0
        self.cycle_h = 8.0
        # circulation and feed
        self.pump_cmd = [True, False]
        self.flow = FirstOrder(3.0, dt, FLOW_SP)
        self.flow_pid = PID(kp=0.4, ti=8.0, dt=dt, sp=FLOW_SP, op=FLOW_SP)
        self.add_controller("FEED.FLOW", self.flow_pid, (0.0, 80.0))
        self._flow_meas = FLOW_SP
        # chemistry (slow)
        self.cw = OrnsteinUhlenbeck(self.noise, slow, mean=T_CW, sigma=0.4, tau=2 * 3600.0)
        self.feed_mn = OrnsteinUhlenbeck(self.noise, slow, mean=FEED_MN, sigma=0.2, tau=3600.0)
        self.feed_as = OrnsteinUhlenbeck(self.noise, slow, mean=120.0, sigma=1.5, tau=3600.0)
        self.seo2_dose = OrnsteinUhlenbeck(self.noise, slow, mean=35.0, sigma=0.8, tau=1800.0)
        self.seo2 = FirstOrder(3600.0, slow, 35.0)
        self.cobalt = [FirstOrder(35 * 60.0, slow), FirstOrder(35 * 60.0, slow)]
        self.c_mn = 16.0
        self.c_as = 120.0
        self.ph_base = OrnsteinUhlenbeck(self.noise, slow, mean=6.6, sigma=0.02, tau=3600.0)
        self.ph = FirstOrder(15 * 60.0, slow, PH_SP)
        self._nh3_delay = DeadTime(300.0, slow, 50.0)
        self.ph_pid = PID(kp=100.0, ti=900.0, dt=slow, sp=PH_SP, op=50.0)
        self.ce = [0.67, 0.67]
        self.h2 = FirstOrder(300.0, slow, 1.2)
        self.nh3 = FirstOrder(300.0, slow, 4.0)
        self.kpi_ce = FirstOrder(60.0, slow, 67.0)
        self.kpi_sec = FirstOrder(60.0, slow, 6300.0)
        self.kpi_rate = FirstOrder(60.0, slow, 0.82)
        self._slow_meas: dict[str, float] = {}
        for n in (0, 1):
            self.add_setter(f"RECT{n + 1}.IDC_SP", self._setter_sp(n), (0.0, 11.0))
            self.add_setter(f"RECT{n + 1}.RESET", self._setter_reset(n))
            self.add_setter(f"CIRC.P{n + 1}.CMD", self._setter_pump(n))
        self.initialise()

    # -- writes -----------------------------------------------------------------------------

    def _setter_sp(self, n: int) -> Setter:
        def set_sp(value: PointValue) -> None:
            self.i_sp[n] = float(value)

        return set_sp

    def _setter_reset(self, n: int) -> Setter:
        def reset(value: PointValue) -> None:
            if value:
                self.reset_trip(n)

        return reset

    def _setter_pump(self, n: int) -> Setter:
        def command(value: PointValue) -> None:
            if value and self.pump_tripped[n]:
                raise ValueError(f"pump {n + 1} is tripped on motor protection; cannot start")
            self.pump_cmd[n] = bool(value)

        return command

    def reset_trip(self, n: int) -> None:
        """Operator reset: clears a trip whose cause has gone; the current then ramps up."""
        if self.ground_fault[n]:
            raise ValueError(f"rectifier {n + 1} ground fault still present")
        if self._oil[n].y >= 90.0:
            raise ValueError(f"rectifier {n + 1} transformer oil still above 90 °C")
        self.trip[n] = False

    # -- dynamics ------------------------------------------------------------------------------

    def initialise(self) -> None:
        self.cw.y, self.feed_mn.y, self.feed_as.y = T_CW, FEED_MN, 120.0
        self.seo2_dose.y = 35.0
        self.seo2.reset(35.0)
        for lag in self.cobalt:
            lag.reset(0.0)
        for n in range(SERIES):
            self.trip[n] = self.ground_fault[n]
            self._ramp[n].y = 0.0 if self.trip[n] else self.i_sp[n]
            self.i_dc[n] = self._ramp[n].y
            self.back[n] = self._polarisation(n)
            self._oil[n].reset(self._oil_target(n))
        self.ph_base.y = 6.6
        self.ph.reset(PH_SP)
        self.ph_pid.initialise(pv=PH_SP, op=(PH_SP - 6.6) / 0.008)
        self._nh3_delay.reset(self.ph_pid.op)
        capacity = self._flow_capacity()
        op = min(100.0, 100.0 * self.flow_pid.sp / capacity) if capacity else 100.0
        self.flow_pid.initialise(pv=self.flow_pid.sp, op=op)
        self.flow.reset(capacity * op / 100.0)
        self._flow_meas = self.flow.y
        self.t_cell[:] = 40.0
        self._update_rfac()
        self.c_mn = 16.0
        for _ in range(40):  # fixed point of cell heat balance and the Mn balance
            self._cell_voltages()
            self.t_cell = self.cw.y + (self.u_cell - 2.0) * self._i_col() * 1e3 / (
                K_COOL * self._k_off
            )
            self._update_rfac()
            plating = self._efficiency_and_plating()
            if self.flow.y > 1.0:
                self.c_mn = self.feed_mn.y - plating / self.flow.y
        self.c_as = self.feed_as.y
        self._cell_voltages()
        self._measure_fast()
        self._measure_slow(settle=True)

    def _oil_target(self, n: int) -> float:
        return 30.0 + 32.0 * (self.i_dc[n] / I_NOM) ** 2 + 0.5 * (self.cw.y - T_CW)

    def _flow_capacity(self) -> float:
        running = sum(1 for n in (0, 1) if self.pump_cmd[n] and not self.pump_tripped[n])
        return PUMP_CAPACITY[running]

    def _polarisation(self, n: int) -> float:
        """Back voltage per cell of a series carrying its present current."""
        return E_BACK * min(1.0, self.i_dc[n] / 0.3)

    def _cooling(self) -> float:
        """Share of the design cell cooling: full with circulation, the coils' without."""
        return COIL_SHARE + (1.0 - COIL_SHARE) * min(self.flow.y / FLOW_SP, 1.0)

    def _i_col(self) -> np.ndarray:
        return np.array([[self.i_dc[0]], [self.i_dc[1]]])

    def _update_rfac(self) -> None:
        aging = 1.0 + 0.03 * self.cycle_h / 24.0
        self._rfac = self._r_off * (R_CELL * 1e3 * aging) * (1.0 - 0.015 * (self.t_cell - 40.0))
        self._rfac_version += 1

    def _cell_voltages(self) -> None:
        """U = E·f(I) + I·R(T)·aging + offset; recomputed only when current or R changed."""
        for n in range(SERIES):
            energised = self._polarisation(n)
            if energised >= self.back[n] or self.i_dc[n] > 0.0:
                self.back[n] = max(energised, min(self.back[n], OCV_TRIP))
            else:  # current gone: I·R and overpotentials at once, then the open circuit
                self.back[n] = min(self.back[n], OCV_TRIP)
        key = (self.i_dc[0], self.i_dc[1], self.back[0], self.back[1], self._rfac_version)
        if key == self._voltage_key:
            return
        self._voltage_key = key
        i1, i2 = self.i_dc
        back = np.array([[self.back[0]], [self.back[1]]])
        np.multiply(self._rfac, np.array([[i1], [i2]]), out=self.u_cell)
        self.u_cell += back
        self.u_cell += self._u_off * (back / E_BACK)
        self._u_sums = self.u_cell.sum(axis=1).tolist()

    def _efficiency_and_plating(self) -> float:
        """Current efficiency per series, and the Mn plating rate in kg/h."""
        ph = self.ph.y
        c = max(self.c_mn, 0.0)
        chem = CE_MAX * math.exp(-(((ph - 7.1) / 0.35) ** 2)) * c / (c + 4.0)
        co = self.cobalt[1].y
        impurity = (1.0 - 0.30 * co) * (0.88 + 0.12 * min(1.0, self.seo2.y / 35.0))
        t_mean = self.t_cell.mean(axis=1).tolist()
        plating = 0.0
        for n in range(SERIES):
            self.ce[n] = chem * math.exp(-(((t_mean[n] - 40.0) / 6.0) ** 2)) * impurity
            plating += self.i_dc[n] * CELLS * FARADAY * self.ce[n]
        return plating

    def step(self) -> None:
        for n in range(SERIES):
            if self.ground_fault[n] or self._oil[n].y >= 95.0:
                self.trip[n] = True
            if self.trip[n]:
                self._ramp[n].y = 0.0
                self.i_dc[n] = 0.0
            else:
                self.i_dc[n] = self._ramp[n].update(self.i_sp[n])
        for n in (0, 1):
            if self.pump_tripped[n]:
                self.pump_cmd[n] = False
        op = self.flow_pid.update(self._flow_meas)
        self.flow.update(self._flow_capacity() * op / 100.0)
        self._flow_meas = max(0.0, self.flow.y + 0.15 * self.noise.next())
        self._cell_voltages()
        self._measure_fast()
        if self.tick():
            self._slow()

    def _measure_fast(self) -> None:
        """Draw this step's measurement noise; the readings are formed when read."""
        i = self._cell_noise_i + 1
        if i >= len(self._cell_noise):
            self._cell_noise = self.rng.standard_normal((50, SERIES, CELLS)) * 0.003
            i = 0
        self._cell_noise_i = i
        self._row = self._rows.next()
        sums = self._u_sums
        for n in range(SERIES):
            self.u_dc[n] = sums[n] + self.i_dc[n] * 1e3 * R_BUS

    def _slow(self) -> None:
        dt = self.slow_dt
        hours = dt / 3600.0
        tcw = self.cw.update()
        heat = (self.u_cell - 2.0) * self._i_col() * 1e3
        cooling = K_COOL * self._cooling() * self._k_off
        self.t_cell += (dt / C_CELL) * (heat - cooling * (self.t_cell - tcw))
        decay = math.exp(-dt / OCV_TAU)
        for n in range(SERIES):
            if self.i_dc[n] <= 0.0 and self.back[n] > OCV_RESIDUAL:
                self.back[n] = OCV_RESIDUAL + (self.back[n] - OCV_RESIDUAL) * decay
        self.cycle_h += hours
        if self.cycle_h >= 24.0:  # cathodes pulled and stripped, fresh blanks in
            self.cycle_h = 0.0
        self._update_rfac()
        for n in range(SERIES):
            self._oil[n].update(self._oil_target(n))
        # chemistry
        self.seo2.update(10.0 if self.purification_upset else self.seo2_dose.update())
        self.cobalt[1].update(self.cobalt[0].update(1.0 if self.purification_upset else 0.0))
        dose = self.ph_pid.update(self.ph.y)
        q = self.flow.y
        self._catholyte_ph(hours, q, self.ph_base.update() + 0.008 * self._nh3_delay.update(dose))
        plating = self._efficiency_and_plating()
        self.c_mn += hours / V_CATH * (q * (self.feed_mn.update() - self.c_mn) - plating)
        self.c_mn = max(self.c_mn, 0.0)
        self.c_as += hours / V_CATH * q * (self.feed_as.update() - self.c_as)
        i_total = self.i_dc[0] + self.i_dc[1]
        if i_total > 0.5:
            ce = (self.i_dc[0] * self.ce[0] + self.i_dc[1] * self.ce[1]) / i_total
            power = self.u_dc[0] * self.i_dc[0] + self.u_dc[1] * self.i_dc[1]  # kW
            self.kpi_ce.update(100.0 * ce)
            self.kpi_sec.update(power / max(plating / 1e3, 1e-6))
        else:
            ce = self.ce[0]
        self.kpi_rate.update(plating / 1e3)
        self.h2.update(max(0.2, 1.2 + 25.0 * ((1.0 - ce) - 0.33)) * i_total / (2 * I_NOM))
        self.nh3.update(max(0.5, 4.0 + 20.0 * (self.ph.y - PH_SP)))
        self._measure_slow()

    def _catholyte_ph(self, hours: float, q: float, fed: float) -> None:
        """The feed (with its ammonia) pulls catholyte pH toward ``fed`` as far as it flows;
        hydroxide of the side reaction that the feed no longer flushes out raises it."""
        i_total = self.i_dc[0] + self.i_dc[1]
        if i_total <= 0.0:
            side = 0.0
        else:
            ce = (self.i_dc[0] * self.ce[0] + self.i_dc[1] * self.ce[1]) / i_total
            side = (1.0 - ce) * i_total / (SERIES * I_NOM)
        share = min(q / FLOW_SP, 1.0)
        ph = self.ph.y + share * (fed - self.ph.y) * (1.0 - math.exp(-hours * 3600.0 / self.ph.tau))
        ph += hours * PH_RISE * side * (1.0 - share)
        self.ph.y = min(ph, PH_CEILING)

    def _measure_slow(self, *, settle: bool = False) -> None:
        nz = self.noise.next
        if settle:
            self.kpi_ce.reset(100.0 * (self.ce[0] + self.ce[1]) / 2)
            plating = self._efficiency_and_plating()
            self.kpi_rate.reset(plating / 1e3)
            power = self.u_dc[0] * self.i_dc[0] + self.u_dc[1] * self.i_dc[1]
            self.kpi_sec.reset(power / max(plating / 1e3, 1e-6))
            i_total = self.i_dc[0] + self.i_dc[1]
            self.h2.reset(
                max(0.2, 1.2 + 25.0 * ((1.0 - self.kpi_ce.y / 100) - 0.33)) * i_total / 20
            )
            self.nh3.reset(4.0)
        self._t_cell_meas = self.t_cell + self.rng.standard_normal((SERIES, CELLS)) * 0.03
        self._slow_meas = {
            "CATH.PH": self.ph.y + 0.01 * nz(),
            "CATH.MN": self.c_mn + 0.05 * nz(),
            "CATH.AS": self.c_as + 0.3 * nz(),
            "FEED.MN": self.feed_mn.y + 0.05 * nz(),
            "FEED.SEO2": self.seo2.y + 0.3 * nz(),
            "CW.SUP_T": self.cw.y + 0.05 * nz(),
            "HALL.H2": max(0.0, self.h2.y + 0.05 * nz()),
            "HALL.NH3": max(0.0, self.nh3.y + 0.2 * nz()),
            "KPI.CE": self.kpi_ce.y,
            "KPI.SEC_DC": self.kpi_sec.y,
            "KPI.MN_RATE": self.kpi_rate.y,
            "CYCLE.ELAPSED": self.cycle_h,
            "RECT1.XFMR_OIL_T": self._oil[0].y + 0.1 * nz(),
            "RECT2.XFMR_OIL_T": self._oil[1].y + 0.1 * nz(),
        }

    # -- outputs -------------------------------------------------------------------------------

    def _scalar_values(self) -> dict[str, PointValue]:
        running = [self.pump_cmd[n] and not self.pump_tripped[n] for n in (0, 1)]
        r = self._row
        out: dict[str, PointValue] = {
            "RECT1.IDC": max(0.0, self.i_dc[0] + 0.01 * r[0]),
            "RECT2.IDC": max(0.0, self.i_dc[1] + 0.01 * r[1]),
            "RECT1.IDC_SP": self.i_sp[0],
            "RECT2.IDC_SP": self.i_sp[1],
            "RECT1.UDC": max(0.0, self.u_dc[0] + 0.2 * r[2]),
            "RECT2.UDC": max(0.0, self.u_dc[1] + 0.2 * r[3]),
            "RECT1.TRIP": self.trip[0],
            "RECT2.TRIP": self.trip[1],
            "RECT1.GND_FAULT": self.ground_fault[0],
            "RECT2.GND_FAULT": self.ground_fault[1],
            "RECT1.RESET": False,
            "RECT2.RESET": False,
            "CIRC.P1.RUN": running[0],
            "CIRC.P2.RUN": running[1],
            "CIRC.P1.CMD": self.pump_cmd[0],
            "CIRC.P2.CMD": self.pump_cmd[1],
            "CIRC.NO_FLOW": not (running[0] or running[1]) and self.i_dc[0] + self.i_dc[1] > 0.5,
        }
        out.update(self._slow_meas)
        u_meas = self.u_cell + self._cell_noise[self._cell_noise_i]
        out.update(zip(self._u_names, u_meas.ravel().tolist(), strict=True))
        out.update(zip(self._t_names, self._t_cell_meas.ravel().tolist(), strict=True))
        return out
