"""SCO2: recuperated supercritical-CO2 Brayton loop (one 5 MW unit) on sinter-cooler flue gas.

Quasi-steady thermodynamics on lagged temperatures: the waste-heat exchanger (τ 5 min), the
recuperator (τ 90 s) and the precooler (dead time 10 s, two lags) carry the dynamics; the
turbine and compressor are algebraic. Compressor-inlet density, compression work and
discharge temperature come from CoolProp tables (co2_properties.py). One shaft carries
turbine, compressor and generator: on the grid its speed is the grid's, off the grid it
follows J·dω/dt = τ_turbine - τ_compressor - τ_generator.

Loop flow follows the compressor: speed, and inlet density (a centrifugal machine moves a
volume; the turbine nozzles take back part of a density loss); the anti-surge valve recycles
on top of it. Protection trips the turbine on overspeed, on an open breaker and on a low
turbine inlet temperature (load shed to bypass could not hold it). Coasting down, the rotor
passes its first critical speed: bearing vibration peaks there, above its alarm, below its
trip level.
"""

from __future__ import annotations

import math

from tags.simulation.blocks import (
    PID,
    DeadTime,
    FirstOrder,
    NoiseRows,
    OrnsteinUhlenbeck,
    RateLimiter,
)
from tags.simulation.brayton import CP_GAS, CP_WHX, EPS_WHX, Thermo, cycle_temperatures, turbine
from tags.simulation.co2_properties import P_OUT, tables
from tags.simulation.plant import PlantModel, PointInfo, PointValue, Setter, controller_points

M0 = 87.0  # kg/s design flow
P_IN0 = 7.85  # MPa compressor inlet
DP0 = 12.55  # MPa compressor rise at 100 % speed and design inlet density
RHO0 = 571.0  # kg/m³ design inlet density
P_SETTLE = 11.0  # MPa standstill (settle-out) pressure
ALPHA = (P_SETTLE - P_IN0) / DP0  # share of the rise taken from the low side
DP_HP = 0.55  # MPa compressor discharge to turbine inlet
DP_LP = 0.10  # MPa turbine exhaust to compressor inlet
ETA_C = 0.70  # compressor isentropic efficiency (the outlet-temperature table's too)
ETA_G = 0.93  # generator, gearbox and mechanical losses
P_MECH = 5.1  # MW shaft power base for the swing equation
H_INERTIA = 1.0  # s, stored energy at rated speed over rated power
VALVE_CLOSING = 0.4  # s, turbine stop valves' closing time constant
T_SP = 33.0
T_CW = 23.0
CW_CAPACITY = (0.0, 1250.0, 2400.0)  # m³/h through a fully open precooler valve, by pumps
F_DESIGN = 1550.0  # m³/h CW at the design approach of 10 K
INVENTORY = 5.2  # t CO2
INVENTORY_MAKEUP = 0.005 * INVENTORY / 60.0  # t/s from storage: 0.5 %/min while running
T_LP_OUT = 87.3  # °C recuperator LP outlet at design
ASV_FLOW = 0.10  # extra compressor flow per unit anti-surge valve opening
GAS_T, GAS_FLOW = 398.0, 290.0  # °C, kNm³/h flue gas from the running sinter cooler
GAS_T_STOPPED, GAS_FLOW_STOPPED = 250.0, 240.0
RHO_EXPONENT = 0.35  # loop flow ∝ speed · (inlet density / design)^0.35
FLOW_NOISE = 0.25  # kg/s, flowmeter noise
P_NOISE = 0.0007  # of the transmitter's 0..30 / 0..15 MPa span: pulsation and noise, stopped too
LOW_INLET_TRIP = 300.0  # °C turbine inlet: trip after LOW_INLET_DELAY s on load below it
LOW_INLET_DELAY = 10.0
STANDING_LOSS = 12.0  # K: a stagnant exchanger stays below the gas (casing losses)
CRITICAL_SPEED = 45.0  # % first rotor critical speed
CRITICAL_WIDTH = 13.0  # % half width of its resonance
CRITICAL_VIB = 66.0  # µm p-p added at the critical, coasting down
RUN_UP = (1.0, 3.0)  # %/s starter run-up; faster through the critical band
VENT_OVERSPEED, VENT_TRIP = 12_000.0, 2_000.0  # ppm to the enclosure: load rejection, else
AUX = 0.09  # MW per cooling-water pump, and again for the rest of the auxiliaries


def _points() -> dict[str, PointInfo]:
    def f(unit: str, text: str) -> PointInfo:
        return PointInfo(unit, "float", False, text)

    def b(text: str, writable: bool = False) -> PointInfo:
        return PointInfo("", "bool", writable, text)

    p = {
        "WHX.GAS_IN_T": f("°C", "Flue gas to waste-heat exchanger"),
        "WHX.GAS_OUT_T": f("°C", "Flue gas leaving waste-heat exchanger"),
        "WHX.GAS_FLOW": f("kNm³/h", "Flue gas flow"),
        "TURB.IN_T": f("°C", "Turbine inlet temperature"),
        "TURB.IN_P": f("MPa", "Turbine inlet pressure"),
        "TURB.OUT_T": f("°C", "Turbine exhaust temperature"),
        "TURB.SPEED": f("%", "Shaft speed"),
        "TURB.BYPASS.POS": f("%", "Turbine bypass valve"),
        "TURB.TRIP": b("Turbine tripped"),
        "TURB.RESET": b("Turbine trip reset and restart (command)", True),
        "GEN.P": f("MW", "Generator output"),
        "GEN.BREAKER": b("Generator breaker closed"),
        "NET.P": f("MW", "Net export power"),
        "COMP.IN_P": f("MPa", "Compressor inlet pressure"),
        "COMP.IN_RHO": f("kg/m³", "Compressor inlet density"),
        "COMP.OUT_P": f("MPa", "Compressor discharge pressure"),
        "COMP.OUT_T": f("°C", "Compressor discharge temperature"),
        "COMP.FLOW": f("kg/s", "Compressor CO2 flow (loop and anti-surge recycle)"),
        "COMP.SURGE_MARGIN": f("%", "Compressor surge margin"),
        "COMP.ASV.POS": f("%", "Anti-surge valve"),
        "RECUP.HP_OUT_T": f("°C", "Recuperator high-pressure outlet"),
        "RECUP.LP_OUT_T": f("°C", "Recuperator low-pressure outlet"),
        "RECUP.EFF": f("%", "Recuperator effectiveness"),
        "PRECOOL.CW_IN_T": f("°C", "Precooler cooling-water inlet"),
        "PRECOOL.CW_FLOW": f("m³/h", "Precooler cooling-water flow"),
        "CW.P1.RUN": b("Cooling-water pump 1 running"),
        "CW.P2.RUN": b("Cooling-water pump 2 running"),
        "CW.P1.CMD": b("Cooling-water pump 1 start/stop", True),
        "CW.P2.CMD": b("Cooling-water pump 2 start/stop", True),
        "LOOP.INVENTORY": f("t", "CO2 inventory in the loop"),
        "BRG.VIB": f("µm", "Bearing vibration (peak to peak)"),
        "ENCL.CO2": f("ppm", "CO2 in the turbine enclosure"),
        "KPI.CYCLE_EFF": f("%", "Cycle efficiency"),
        "KPI.HEAT_RECOVERED": f("MW", "Heat recovered from flue gas"),
    }
    p.update(
        controller_points("COMP.IN_T", "°C", "Compressor inlet temperature", "Precooler valve")
    )
    return p


class Sco2Model(PlantModel):
    """Flue gas, WHX, turbine, recuperator, precooler, compressor and the shaft."""

    name = "sco2"
    POINTS = _points()

    def __init__(self, *, seed: int, dt: float) -> None:
        super().__init__(seed=seed, dt=dt)
        self.co2 = tables()
        # causes
        self.sinter_stopped = False
        self.cw_pump_tripped = [False, False]
        self.breaker_fault = False
        # flue gas
        self._gas_t_base = RateLimiter(15.0 / 60.0, dt, initial=GAS_T)
        self._gas_t_noise = OrnsteinUhlenbeck(self.noise, dt, mean=0.0, sigma=3.0, tau=1200.0)
        self._gas_flow_base = RateLimiter(5.0 / 60.0, dt, initial=GAS_FLOW)
        self._gas_flow_noise = OrnsteinUhlenbeck(self.noise, dt, mean=0.0, sigma=6.0, tau=600.0)
        self.gas_t = GAS_T
        self.gas_flow = GAS_FLOW
        # loop temperatures (lags) and the algebraic thermodynamic state
        self._t_turb_in = FirstOrder(300.0, dt, 380.0)
        self._t_hp_out = FirstOrder(90.0, dt, 205.0)
        self._t_lp_out = FirstOrder(90.0, dt, 88.0)
        self._pc_delay = DeadTime(10.0, dt, T_SP)
        self._pc_metal = FirstOrder(75.0, dt, T_SP)
        self._pc_gas = FirstOrder(20.0, dt, T_SP)
        self.th = Thermo()
        self._p_in = FirstOrder(5.0, dt, P_IN0)
        self._p_out = FirstOrder(5.0, dt, P_IN0 + DP0)
        # precooler and cooling water
        self.cw_cmd = [True, True]
        self._cw_in = OrnsteinUhlenbeck(self.noise, dt, mean=T_CW, sigma=0.6, tau=3600.0)
        self._cw_flow = FirstOrder(8.0, dt, F_DESIGN)
        self.t_pid = PID(kp=5.5, ti=75.0, dt=dt, sp=T_SP, op=80.0, direct=True)
        self.add_controller("COMP.IN_T", self.t_pid, (25.0, 45.0))
        # shaft, protection, anti-surge and bypass
        self.speed = 100.0
        self.breaker = True
        self.tripped = False
        self.trip_cause = ""
        self.starting = False
        self._low_inlet_s = 0.0  # how long the turbine inlet has been below its trip level
        self._valve = 1.0  # turbine stop/control valve opening
        self._asv = RateLimiter(20.0, dt, fall=0.5)
        self._bypass = RateLimiter(10.0, dt, fall=1.0)
        self._vib = FirstOrder(0.5, dt, 25.0)
        self._vib_kick = FirstOrder(15.0, dt, 0.0)  # the stop valves slamming shut on a trip
        self._co2_release = FirstOrder(900.0, dt, 0.0)  # vented CO2 ventilated away
        self._co2_excess = FirstOrder(30.0, dt, 0.0)  # ... after spreading through the room
        self._encl_noise = OrnsteinUhlenbeck(self.noise, dt, mean=450.0, sigma=20.0, tau=300.0)
        self.inventory = INVENTORY
        self._rows = NoiseRows(self.rng, 20)
        self._row = self._rows.next()
        self.add_setter("TURB.RESET", self._set_reset)
        for n in (0, 1):
            self.add_setter(f"CW.P{n + 1}.CMD", self._setter_pump(n))
        self.initialise()

    # -- writes --------------------------------------------------------------------------------

    def _set_reset(self, value: PointValue) -> None:
        if not value:
            return
        if not self.tripped:
            return
        if self.breaker_fault:
            raise ValueError("generator breaker fault still present")
        if self.speed > 5.0:
            raise ValueError("shaft still turning: reset below 5 % speed")
        self.tripped = False
        self.trip_cause = ""
        self.starting = True

    def _setter_pump(self, n: int) -> Setter:
        def command(value: PointValue) -> None:
            if value and self.cw_pump_tripped[n]:
                raise ValueError(f"pump {n + 1} is tripped on motor protection; cannot start")
            self.cw_cmd[n] = bool(value)

        return command

    # -- steady state ------------------------------------------------------------------------

    def _pumps(self) -> int:
        return sum(1 for n in (0, 1) if self.cw_cmd[n] and not self.cw_pump_tripped[n])

    def initialise(self) -> None:
        self.gas_t = self._gas_t_base.y = GAS_T_STOPPED if self.sinter_stopped else GAS_T
        self.gas_flow = self._gas_flow_base.y = (
            GAS_FLOW_STOPPED if self.sinter_stopped else GAS_FLOW
        )
        self._gas_t_noise.y = self._gas_flow_noise.y = 0.0
        self._cw_in.y = T_CW
        self.speed, self.breaker, self.tripped, self.starting = 100.0, True, False, False
        self.trip_cause, self._low_inlet_s = "", 0.0
        self._valve = 1.0
        self._asv.y = self._bypass.y = 0.0
        self.inventory = INVENTORY
        self._co2_excess.reset(0.0)
        self._co2_release.reset(0.0)
        self._vib_kick.reset(0.0)
        self._encl_noise.y = self._encl_noise.mean
        th = self.th
        th.t_comp_in = t_in = self.t_pid.sp
        for lag in (self._pc_metal, self._pc_gas):
            lag.reset(t_in)
        self._pc_delay.reset(t_in)
        p_in = P_IN0
        for _ in range(20):  # pressures and compressor at the inlet density they produce
            self._p_in.reset(p_in)
            self._compressor()
            p_in = th.p_settle - ALPHA * th.rise
        self._p_in.reset(p_in)
        self._p_out.reset(th.p_settle + (1.0 - ALPHA) * th.rise)
        t_turb_in, t_hp = 380.0, 205.0
        for _ in range(80):
            self._thermo(t_turb_in)
            t_turb_in, t_hp, t_lp, _ = cycle_temperatures(
                th,
                gas_t=self.gas_t,
                gas_flow=self.gas_flow,
                bypass=0.0,
                t_turb_in=t_turb_in,
                t_hp_out=t_hp,
            )
        self._t_turb_in.reset(t_turb_in)
        self._t_hp_out.reset(t_hp)
        self._t_lp_out.reset(t_lp)
        self._thermo(t_turb_in)
        capacity = CW_CAPACITY[self._pumps()]
        flow = F_DESIGN * (10.0 * self._duty() / max(t_in - T_CW, 0.5)) ** (2.0 / 3.0)
        op = min(100.0, 100.0 * flow / capacity) if capacity else 100.0
        self.t_pid.initialise(pv=t_in, op=op)
        self._cw_flow.reset(capacity * op / 100.0)
        self._vib.reset(25.0)
        self._power()
        self._row = self._rows.next()

    # -- dynamics ------------------------------------------------------------------------------

    def _duty(self) -> float:
        """Precooler duty relative to design (flow, and how hot the CO2 arrives).

        It falls slower than the flow: at part flow the recuperator leaves more heat in the
        low-pressure stream, and near the pseudo-critical point each kelvin holds more of it.
        """
        hot = min(max(self._t_lp_out.y - self._cw_in.y, 0.0) / (T_LP_OUT - T_CW), 1.3)
        return math.sqrt(max(self.th.flow, 0.0) / M0) * (0.75 + 0.25 * hot)

    def _compressor(self) -> None:
        th = self.th
        s = self.speed / 100.0
        p_in = self._p_in.y
        rho, work_s, t_out_table = self.co2.compressor_inlet(th.t_comp_in, p_in)
        th.rho_in = rho
        th.rise = rise = DP0 * s * s
        share = rise / max(P_OUT - p_in, 1.0)  # of the rise the tables were made for
        th.w_comp = work_s * share / ETA_C
        th.t_comp_out = th.t_comp_in + (t_out_table - th.t_comp_in) * share
        th.p_settle = P_SETTLE * (self.inventory / INVENTORY) ** 1.5

    def _thermo(self, t_turb_in: float) -> None:
        """The algebraic part of the loop at the present lagged temperatures."""
        th = self.th
        self._compressor()
        th.flow = M0 * self.speed / 100.0 * (max(th.rho_in, 1.0) / RHO0) ** RHO_EXPONENT
        th.p_in = self._p_in.y
        th.p_out = self._p_out.y
        th.t_turb_in = t_turb_in
        th.w_turb, th.t_turb_out = turbine(t_turb_in, (th.p_out - DP_HP) / (th.p_in + DP_LP))

    def _power(self) -> None:
        th = self.th
        bypass = self._bypass.y / 100.0
        c_co2 = th.flow * CP_WHX
        c_gas = self.gas_flow * CP_GAS
        th.heat = EPS_WHX * min(c_co2, c_gas) * max(self.gas_t - self._t_hp_out.y, 0.0) / 1e3
        if self.breaker:
            turbine_mw = th.flow * (1.0 - bypass) * th.w_turb * self._valve / 1e3
            compressor_mw = th.flow * (1.0 + ASV_FLOW * self._asv.y / 100.0) * th.w_comp / 1e3
            th.gen = max((turbine_mw - compressor_mw) * ETA_G, -0.5)
        else:
            th.gen = 0.0

    def step(self) -> None:
        dt = self.dt
        self._row = row = self._rows.next()
        self.gas_t = self._gas_t_base.update(GAS_T_STOPPED if self.sinter_stopped else GAS_T)
        self.gas_t += self._gas_t_noise.update()
        self.gas_flow = self._gas_flow_base.update(
            GAS_FLOW_STOPPED if self.sinter_stopped else GAS_FLOW
        )
        self.gas_flow += self._gas_flow_noise.update()
        th = self.th
        self._thermo(self._t_turb_in.y)
        # precooler: outlet target from CW flow and duty, then dead time and two lags
        for n in (0, 1):
            if self.cw_pump_tripped[n]:
                self.cw_cmd[n] = False
        op = self.t_pid.update(th.t_comp_in + 0.03 * row[0])
        cw_flow = self._cw_flow.update(CW_CAPACITY[self._pumps()] * op / 100.0)
        cw_in = self._cw_in.update()
        approach = 10.0 * self._duty() * (F_DESIGN / max(cw_flow, 50.0)) ** 1.5
        target = min(cw_in + approach, max(self._t_lp_out.y, cw_in))
        th.t_comp_in = self._pc_gas.update(self._pc_metal.update(self._pc_delay.update(target)))
        # exchangers
        t_turb_in, t_hp, t_lp, _ = cycle_temperatures(
            th,
            gas_t=self.gas_t,
            gas_flow=self.gas_flow,
            bypass=self._bypass.y / 100.0,
            t_turb_in=self._t_turb_in.y,
            t_hp_out=self._t_hp_out.y,
        )
        if th.flow <= 1.0:
            t_turb_in -= STANDING_LOSS
        self._t_turb_in.update(t_turb_in)
        if th.flow > 1.0:
            self._t_hp_out.update(t_hp)
            self._t_lp_out.update(t_lp)
        self._p_in.update(th.p_settle - ALPHA * th.rise)
        self._p_out.update(th.p_settle + (1.0 - ALPHA) * th.rise)
        # anti-surge valve, runback to bypass, shaft
        margin_raw = 20.7 + 0.06 * (th.rho_in - RHO0)
        running = self.speed > 50.0 and not self.tripped
        self._asv.update(min(max((12.5 - margin_raw) / 0.3, 0.0), 100.0) if running else 0.0)
        th.margin = margin_raw + 0.3 * self._asv.y
        runback = min(max(1.5 * (355.0 - self._t_turb_in.y), 0.0), 40.0)
        self._bypass.update(100.0 if self.tripped else runback)
        self._protect(dt)
        self._shaft(dt)
        if not self.tripped and self.inventory < INVENTORY:  # inventory control tops up
            self.inventory = min(INVENTORY, self.inventory + INVENTORY_MAKEUP * dt)
        self._power()
        self._vib.update(self._vibration(running))
        self._co2_excess.update(self._co2_release.update(0.0))
        self._encl_noise.update()

    def _vibration(self, running: bool) -> float:
        """Bearing vibration: running level, overspeed, near surge, and the critical speed."""
        s = self.speed
        vib = 25.0 * s / 100.0 + 6.0 * max(0.0, s - 101.0)
        if running:
            vib += 4.0 * max(0.0, 10.0 - self.th.margin)
        if not self.breaker:  # off the grid, passing through the rotor's first critical
            vib += CRITICAL_VIB * math.exp(-(((s - CRITICAL_SPEED) / CRITICAL_WIDTH) ** 2))
        return vib + self._vib_kick.update(0.0)

    def _protect(self, dt: float) -> None:
        """Low turbine inlet temperature on load: the runback could not hold it, trip."""
        on_load = self.breaker and not self.tripped and not self.starting
        if on_load and self._t_turb_in.y < LOW_INLET_TRIP:
            self._low_inlet_s += dt
            if self._low_inlet_s >= LOW_INLET_DELAY:
                self._trip("low turbine inlet temperature", vent=VENT_TRIP)
        else:
            self._low_inlet_s = 0.0

    def _shaft(self, dt: float) -> None:
        if self.breaker and not self.breaker_fault and not self.tripped:
            return
        if self.breaker:  # the breaker opens: load rejection, and the turbine trips on it
            self.breaker = False
            if not self.tripped:
                self._trip("generator breaker open", vent=VENT_OVERSPEED)
        if self.starting:  # the starter drives the shaft up, then the unit synchronises
            band = abs(self.speed - CRITICAL_SPEED) < 2.0 * CRITICAL_WIDTH
            self.speed = min(100.0, self.speed + RUN_UP[band] * dt)
            self._valve = min(1.0, self._valve + 0.05 * dt)
            if self.speed >= 99.5:
                self.starting, self.breaker, self.speed, self._valve = False, True, 100.0, 1.0
            return
        th = self.th
        n = 10  # the overspeed transient lasts a few tenths of a second: substeps
        h = dt / n
        closing = math.exp(-h / VALVE_CLOSING)
        turbine_mw = th.w_turb * (1.0 - self._bypass.y / 100.0) * M0 / 1e3
        compressor_mw = th.w_comp * M0 / 1e3
        for _ in range(n):
            s = self.speed / 100.0
            self._valve *= closing
            net = turbine_mw * s * self._valve - compressor_mw * s * s * s - 0.02 * P_MECH * s
            self.speed += 100.0 * h * net / P_MECH / (2.0 * H_INERTIA * max(s, 0.05))
            if self.speed >= 110.0 and not self.tripped:
                self._trip("overspeed", vent=VENT_OVERSPEED)
        self.speed = max(self.speed, 0.0) if self.speed >= 0.5 else 0.0

    def _trip(self, cause: str, *, vent: float) -> None:
        """Turbine trip: stop valves close; CO2 vents through seals (and, on a load
        rejection's pressure spike, through the reliefs)."""
        self.tripped = True
        self.trip_cause = cause
        self.starting = False
        self.inventory *= 0.985 if vent >= VENT_OVERSPEED else 0.997
        self._co2_release.reset(self._co2_release.y + vent)
        self._vib_kick.reset(10.0)

    # -- outputs -------------------------------------------------------------------------------

    def _scalar_values(self) -> dict[str, PointValue]:
        r = self._row
        th = self.th
        heat = th.heat
        absorbed = th.flow * CP_WHX * (self._t_turb_in.y - self._t_hp_out.y) / 1e3
        gas_out = self.gas_t - heat * 1e3 / max(self.gas_flow * CP_GAS, 1.0)
        lp_in = th.t_turb_out if th.flow > 1.0 else self._t_lp_out.y
        span = lp_in - th.t_comp_out
        eff = 100.0 * (lp_in - self._t_lp_out.y) / span if span > 5.0 else 0.0
        pumps = [self.cw_cmd[n] and not self.cw_pump_tripped[n] for n in (0, 1)]
        aux = AUX * (1 + pumps[0] + pumps[1])
        synced = self.breaker and not self.tripped
        return {
            "WHX.GAS_IN_T": self.gas_t + 0.5 * r[1],
            "WHX.GAS_OUT_T": gas_out + 0.5 * r[2],
            "WHX.GAS_FLOW": self.gas_flow + 1.0 * r[3],
            "TURB.IN_T": self._t_turb_in.y + 0.2 * r[4],
            "TURB.IN_P": th.p_out - DP_HP * (th.flow / M0) ** 2 + 30.0 * P_NOISE * r[5],
            "TURB.OUT_T": th.t_turb_out + 0.2 * r[6],
            "TURB.SPEED": self.speed + (0.02 * r[7] if synced else 0.0),
            "TURB.BYPASS.POS": self._bypass.y,
            "TURB.TRIP": self.tripped,
            "TURB.RESET": False,
            "GEN.P": th.gen + (0.01 * r[8] if synced else 0.0),
            "GEN.BREAKER": self.breaker,
            "NET.P": th.gen - aux,
            "COMP.IN_P": th.p_in + 15.0 * P_NOISE * r[9],
            "COMP.IN_RHO": th.rho_in,
            "COMP.OUT_P": th.p_out + 30.0 * P_NOISE * r[10],
            "COMP.OUT_T": th.t_comp_out + 0.2 * r[11],
            "COMP.FLOW": max(0.0, th.flow * (1.0 + ASV_FLOW * self._asv.y / 100.0))
            + (FLOW_NOISE * r[19] if th.flow > 1.0 else 0.0),
            "COMP.SURGE_MARGIN": th.margin + 0.2 * r[12],
            "COMP.ASV.POS": self._asv.y,
            "RECUP.HP_OUT_T": self._t_hp_out.y + 0.2 * r[13],
            "RECUP.LP_OUT_T": self._t_lp_out.y + 0.2 * r[14],
            "RECUP.EFF": eff,
            "PRECOOL.CW_IN_T": self._cw_in.y + 0.05 * r[15],
            "PRECOOL.CW_FLOW": max(0.0, self._cw_flow.y + 4.0 * r[16]),
            "CW.P1.RUN": pumps[0],
            "CW.P2.RUN": pumps[1],
            "CW.P1.CMD": self.cw_cmd[0],
            "CW.P2.CMD": self.cw_cmd[1],
            "LOOP.INVENTORY": self.inventory + 0.003 * r[17],
            "BRG.VIB": max(0.0, self._vib.y + 0.8 * r[18]),
            "ENCL.CO2": self._encl_noise.y + self._co2_excess.y,
            "KPI.CYCLE_EFF": 100.0 * th.gen / absorbed if absorbed > 0.5 and th.gen > 0 else 0.0,
            "KPI.HEAT_RECOVERED": heat,
        }
