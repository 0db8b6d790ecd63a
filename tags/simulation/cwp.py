"""CWP: coal washing plant, dense-medium cyclone circuit, clean-coal analyser and flotation.

The medium circuit is two inventories, water W (m³) and magnetite M (t), so density and sump
level both follow from mass balances. The density controller's output is split-ranged:
low output opens the water addition (dilutes), high output opens the splitter that bleeds
medium to the magnetic separators, which return the magnetite and discard the water
(thickens). The level controller adds over-dense medium (magnetite) from storage: with the
density held, the level is the magnetite inventory. Products come from the washability model
(washability.py) and reach the ash analyser after a transport delay and its averaging time.
"""

from __future__ import annotations

import math

from tags.simulation.blocks import (
    PID,
    DeadTime,
    FirstOrder,
    MovingAverage,
    NoiseRows,
    OrnsteinUhlenbeck,
    RateLimiter,
    SensorFault,
    SensorFaultKind,
)
from tags.simulation.plant import PlantModel, PointInfo, PointValue, controller_points
from tags.simulation.washability import BASE_ASH, Products, fractions_for, separate

RHO_MAG = 5.0  # t/m³ magnetite
V_PIPE = 20.0  # m³ of medium outside the sump
SUMP = 20.0  # m³ sump capacity (100 % level)
DENS_SP = 1.42
LEVEL_SP = 60.0
FEED_TPH = 450.0
K_WATER = 1.6  # m³/h per % water-addition valve
K_SPLIT = 2.0  # m³/h medium per % splitter
RINSE = 0.06  # m³ medium adhering per t of coal, rinsed to the dilute circuit
SPRAY = 110.0  # m³/h rinse spray water
K_MAKEUP = 0.012  # t/h magnetite per % of make-up (1.2 t/h, ~2.7 kg/t, at most)
PRODUCT_LOSS = 0.6e-3  # t magnetite per t coal leaving on the products
EP = 0.025
EP_REJECT = 0.05
# magnetite-loss upset: separators flooded (little water removed, magnetite to tails) and a
# torn drain-screen panel losing correct medium with the product
FAULT_REMOVAL = 0.0  # m³ water removed per m³ medium to the separators (0.6 when healthy)
FAULT_RECOVERY = 0.985
FAULT_LEAK = 2.5  # m³/h: with the tails, 3-6 kg/t lost (PLANTS.md: > 3)
FINES = 0.10  # share of feed to flotation
FLOT_SLURRY = 450.0  # m³/h flotation feed


def water_valve(op: float) -> float:
    """Water-addition valve position (%) for the density controller's output."""
    return min(max(95.0 - 1.4 * op, 0.0), 100.0)


def splitter(op: float) -> float:
    """Splitter position (%) for the density controller's output."""
    return min(max(1.2 * op - 40.0, 0.0), 100.0)


def _points() -> dict[str, PointInfo]:
    def f(unit: str, text: str, writable: bool = False) -> PointInfo:
        return PointInfo(unit, "float", writable, text)

    p: dict[str, PointInfo] = {
        "FEED.TPH": f("t/h", "Raw coal feed rate"),
        "FEED.TPH_SP": f("t/h", "Raw coal feed rate setpoint", True),
        "FEED.ASH": f("%", "Raw coal ash"),
    }
    p.update(controller_points("DMC.DENS", "g/cm³", "Dense-medium density", "Density control"))
    p["DMC.INLET_P"] = f("kPa", "Cyclone inlet pressure")
    p["DMC.UF_DENS"] = f("g/cm³", "Cyclone underflow medium density")
    p["DMC.OF_DENS"] = f("g/cm³", "Cyclone overflow medium density")
    p["DMC.DENS_DIFF"] = f("g/cm³", "Underflow minus overflow density")
    p.update(controller_points("CMSUMP.LEVEL", "%", "Correct-medium sump level", "Medium make-up"))
    p["WATER_ADD.POS"] = f("%", "Water addition valve")
    p["SPLITTER.POS"] = f("%", "Medium splitter to dilute circuit")
    p["DILUTE.DENS"] = f("g/cm³", "Dilute medium density")
    p["MAGSEP.TAILS_MAG"] = f("g/L", "Magnetic separator tails magnetite")
    p["MAG.CONSUMPTION"] = f("kg/t", "Magnetite consumption")
    p["MAG.INVENTORY"] = f("t", "Magnetite in the medium circuit")
    p["CLEAN.ASH"] = f("%", "Clean coal ash (online analyser)")
    p["CLEAN.TPH"] = f("t/h", "Clean coal rate")
    p["KPI.YIELD"] = f("%", "Clean coal yield")
    p["MIDDS.ASH"] = f("%", "Middlings ash")
    p["MIDDS.TPH"] = f("t/h", "Middlings rate")
    p["REJECT.ASH"] = f("%", "Reject ash")
    p["FLOT.FEED_SOLIDS"] = f("g/L", "Flotation feed solids")
    p["FLOT.COLLECTOR.SP"] = f("kg/t", "Flotation collector dosage setpoint", True)
    p["FLOT.COLLECTOR.PV"] = f("kg/t", "Flotation collector dosage")
    p["FLOT.CONC_ASH"] = f("%", "Flotation concentrate ash")
    p["FLOT.TAIL_ASH"] = f("%", "Flotation tailings ash")
    p["ASH_ANALYSER.STATUS"] = PointInfo(
        "", "int", False, "Ash analyser status (0 OK, 1 SRC, 2 DET)"
    )
    return p


class CwpModel(PlantModel):
    """Dense-medium circuit, three-product cyclone, ash analyser and flotation."""

    name = "cwp"
    POINTS = _points()

    def __init__(self, *, seed: int, dt: float) -> None:
        super().__init__(seed=seed, dt=dt)
        slow = self.slow_dt
        # causes
        self.magsep_fault = False
        self.feed_ash_target = BASE_ASH
        self.analyser_status = 0
        # feed
        self.tph_sp = FEED_TPH
        self._tph_ramp = RateLimiter(2.0, dt, initial=FEED_TPH)
        self._tph_noise = OrnsteinUhlenbeck(self.noise, dt, mean=0.0, sigma=6.0, tau=60.0)
        self.tph = FEED_TPH
        self.ash_mean = RateLimiter(0.5 / 60.0, slow, initial=BASE_ASH)
        self._ash_walk = OrnsteinUhlenbeck(self.noise, slow, mean=0.0, sigma=0.4, tau=1200.0)
        self.feed_ash = BASE_ASH
        # medium circuit
        self.water = 0.0
        self.mag = 0.0
        self.dens_pid = PID(kp=600.0, ti=460.0, dt=dt, sp=DENS_SP, op=50.0)
        self.level_pid = PID(kp=17.5, ti=7200.0, dt=slow, sp=LEVEL_SP, op=25.0)
        self.add_controller("DMC.DENS", self.dens_pid, (1.30, 1.80))
        self.add_controller("CMSUMP.LEVEL", self.level_pid, (20.0, 90.0))
        self._mixing = FirstOrder(45.0, dt, DENS_SP)
        self._gauge_delay = DeadTime(10.0, dt, DENS_SP)
        self._gauge = FirstOrder(5.0, dt, DENS_SP)
        self._level_meas = FirstOrder(5.0, dt, LEVEL_SP)
        self._dilute = FirstOrder(60.0, dt, 1.15)
        self.losses = 0.0  # t/h magnetite
        self._consumption = FirstOrder(600.0, slow, 0.7)
        # products and analyser
        self._ash_delay = DeadTime(180.0, slow, 10.0)
        self._ash_average = MovingAverage(90.0, slow, 10.0)
        self._belt_delay = [DeadTime(120.0, slow) for _ in range(5)]
        self._belt = [FirstOrder(30.0, slow) for _ in range(5)]
        self.analyser = SensorFault()
        self.sensor_faults["CLEAN.ASH"] = self.analyser
        self._clean_ash = 10.0
        # flotation
        self.collector_sp = 1.0
        self._collector = FirstOrder(60.0, slow, 1.0)
        self._conc_ash = FirstOrder(420.0, slow, 9.8)
        self._tail_ash = FirstOrder(420.0, slow, 58.0)
        self._rows = NoiseRows(self.rng, 6)
        self._row = self._rows.next()
        self._rho = DENS_SP
        self._level = LEVEL_SP
        self._slow_meas: dict[str, PointValue] = {}
        self.add_setter("FEED.TPH_SP", self._set_tph, (0.0, 550.0))
        self.add_setter("FLOT.COLLECTOR.SP", self._set_collector, (0.0, 3.0))
        self.initialise()

    def _set_tph(self, value: PointValue) -> None:
        self.tph_sp = float(value)

    def _set_collector(self, value: PointValue) -> None:
        self.collector_sp = float(value)

    # -- medium circuit ----------------------------------------------------------------------

    def _flows(self, op: float, tph: float) -> tuple[float, float, float]:
        """Water in (m³/h), medium to the magnetic separators (m³/h), water they remove."""
        q_ms = K_SPLIT * splitter(op) + RINSE * tph
        removal = (FAULT_REMOVAL if self.magsep_fault else 0.6) * q_ms
        return K_WATER * water_valve(op), q_ms, removal

    def _magnetite_losses(self, q_ms: float, cv: float, tph: float) -> float:
        recovery = FAULT_RECOVERY if self.magsep_fault else 0.999
        leak = FAULT_LEAK if self.magsep_fault else 0.0
        return (1.0 - recovery) * q_ms * cv * RHO_MAG + PRODUCT_LOSS * tph + leak * cv * RHO_MAG

    def _density(self) -> tuple[float, float, float]:
        """Circuit volume (m³), magnetite volume fraction, density (t/m³)."""
        volume = self.water + self.mag / RHO_MAG
        cv = self.mag / RHO_MAG / volume
        return volume, cv, 1.0 + (RHO_MAG - 1.0) * cv

    def initialise(self) -> None:
        self.tph = self._tph_ramp.y = self.tph_sp
        self._tph_noise.y = 0.0
        self.ash_mean.y = self.feed_ash_target
        self._ash_walk.y = 0.0
        self.feed_ash = self.feed_ash_target
        rho = self.dens_pid.sp
        cv = (rho - 1.0) / (RHO_MAG - 1.0)
        volume = V_PIPE + SUMP * self.level_pid.sp / 100.0
        self.mag = cv * volume * RHO_MAG
        self.water = volume * (1.0 - cv)
        lo, hi = 0.0, 100.0  # the output where water in balances water removed
        for _ in range(50):
            op = (lo + hi) / 2
            q_in, _, removal = self._flows(op, self.tph)
            lo, hi = (op, hi) if q_in > removal else (lo, op)
        op = (lo + hi) / 2
        self.dens_pid.initialise(pv=rho, op=op)
        for block in (self._mixing, self._gauge):
            block.reset(rho)
        self._gauge_delay.reset(rho)
        self._level_meas.reset(self.level_pid.sp)
        _, q_ms, _ = self._flows(op, self.tph)
        self.losses = self._magnetite_losses(q_ms, cv, self.tph)
        self.level_pid.initialise(pv=self.level_pid.sp, op=self.losses / K_MAKEUP)
        self._consumption.reset(1e3 * self.losses / self.tph)
        self._collector.reset(self.collector_sp)
        self._dilute.reset(self._dilute_density(q_ms, cv))
        self._fast_measure(rho, cv, q_ms)
        products = self._products(rho)
        self._ash_delay.reset(products.clean_ash)
        self._ash_average.reset(products.clean_ash)
        self._clean_ash = products.clean_ash
        belt = self._belt_inputs(products)
        for delay, lag, value in zip(self._belt_delay, self._belt, belt, strict=True):
            delay.reset(value)
            lag.reset(value)
        conc, tail = self._flotation_targets()
        self._conc_ash.reset(conc)
        self._tail_ash.reset(tail)
        self._measure_slow()

    def _dilute_density(self, q_ms: float, cv: float) -> float:
        return 1.0 + (RHO_MAG - 1.0) * q_ms * cv / (q_ms + SPRAY)

    def step(self) -> None:
        dt = self.dt
        hours = dt / 3600.0
        self.tph = max(0.0, self._tph_ramp.update(self.tph_sp) + self._tph_noise.update())
        _, cv, rho = self._density()
        measured = self._gauge.update(
            self._gauge_delay.update(self._mixing.update(rho)) + 0.003 * self._row[5]
        )
        op = self.dens_pid.update(measured)
        q_in, q_ms, removal = self._flows(op, self.tph)
        makeup = K_MAKEUP * self.level_pid.op
        self.losses = self._magnetite_losses(q_ms, cv, self.tph)
        leak = FAULT_LEAK if self.magsep_fault else 0.0
        self.water += hours * (q_in - removal + 1.5 * makeup / RHO_MAG - leak * (1.0 - cv))
        self.mag = max(self.mag + hours * (makeup - self.losses), 0.01)
        self._fast_measure(rho, cv, q_ms)
        if self.tick():
            self._slow(rho)

    def _fast_measure(self, rho: float, cv: float, q_ms: float) -> None:
        """This step's measurement noise and the filtered readings controllers use."""
        self._row = r = self._rows.next()
        self._rho = rho
        self._level = 100.0 * (self.water + self.mag / RHO_MAG - V_PIPE) / SUMP
        self._level_meas.update(self._level + 0.3 * r[0])
        self._dilute.update(self._dilute_density(q_ms, cv))

    def _fast_values(self) -> dict[str, PointValue]:
        r = self._row
        rho = self._rho
        op = self.dens_pid.op
        k = (rho - 1.0) / 0.42
        uf = rho + 0.27 * k + 0.003 * r[1]
        of = rho - 0.13 * k + 0.003 * r[2]
        return {
            "FEED.TPH": self.tph,
            "DMC.INLET_P": 145.0 * rho / DENS_SP * (1.0 + 0.004 * (self._level - 60.0))
            + 0.8 * r[3],
            "DMC.UF_DENS": uf,
            "DMC.OF_DENS": of,
            "DMC.DENS_DIFF": uf - of,
            "WATER_ADD.POS": water_valve(op),
            "SPLITTER.POS": splitter(op),
            "DILUTE.DENS": self._dilute.y + 0.002 * r[4],
        }

    # -- products, analyser, flotation (once a second) ------------------------------------------

    def _products(self, rho: float) -> Products:
        return separate(
            fractions_for(self.feed_ash),
            d50=rho + 0.07,
            ep=EP,
            d50_reject=rho + 0.40,
            ep_reject=EP_REJECT,
        )

    def _belt_inputs(self, p: Products) -> list[float]:
        tph = self.tph
        return [tph * p.clean_yield, tph * p.midds_yield, p.midds_ash, p.reject_ash, tph]

    def _flotation_targets(self) -> tuple[float, float]:
        dose = self._collector.y
        fines_ash = 0.95 * self.feed_ash
        recovery = 0.72 * (1.0 - math.exp(-2.0 * dose))
        conc = 8.3 + 1.5 * dose + 0.2 * (fines_ash - 0.95 * BASE_ASH)
        tail = (fines_ash - recovery * conc) / (1.0 - recovery)
        return conc, tail

    def _slow(self, rho: float) -> None:
        dt = self.slow_dt
        self.feed_ash = self.ash_mean.update(self.feed_ash_target) + self._ash_walk.update()
        products = self._products(rho)
        true_ash = self._ash_average.update(self._ash_delay.update(products.clean_ash))
        self._clean_ash = self.analyser.apply(true_ash + 0.04 * self.noise.next(), dt)
        for delay, lag, value in zip(
            self._belt_delay, self._belt, self._belt_inputs(products), strict=True
        ):
            lag.update(delay.update(value))
        self.level_pid.update(self._level_meas.y)
        self._consumption.update(1e3 * self.losses / max(self.tph, 1.0))
        self._collector.update(self.collector_sp)
        conc, tail = self._flotation_targets()
        self._conc_ash.update(conc)
        self._tail_ash.update(tail)
        self._measure_slow()

    def _measure_slow(self) -> None:
        nz = self.noise.next
        _, cv, _ = self._density()
        q_ms = K_SPLIT * splitter(self.dens_pid.op) + RINSE * self.tph
        recovery = FAULT_RECOVERY if self.magsep_fault else 0.999
        tails_water = q_ms * (1.0 - cv) + SPRAY - 1.5 * q_ms * cv
        clean, midds, midds_ash, reject_ash, feed = (lag.y for lag in self._belt)
        self._slow_meas = {
            "FEED.ASH": self.feed_ash + 0.1 * nz(),
            "MAGSEP.TAILS_MAG": (1.0 - recovery) * q_ms * cv * RHO_MAG * 1e3 / tails_water,
            "MAG.CONSUMPTION": self._consumption.y,
            "MAG.INVENTORY": self.mag,
            "CLEAN.ASH": self._clean_ash,
            "CLEAN.TPH": clean,
            "KPI.YIELD": 100.0 * clean / max(feed, 1.0),
            "MIDDS.TPH": midds,
            "MIDDS.ASH": midds_ash,
            "REJECT.ASH": reject_ash,
            "FLOT.FEED_SOLIDS": FINES * self.tph * 1e3 / FLOT_SLURRY + 1.0 * nz(),
            "FLOT.COLLECTOR.PV": self._collector.y,
            "FLOT.CONC_ASH": self._conc_ash.y + 0.05 * nz(),
            "FLOT.TAIL_ASH": self._tail_ash.y + 0.15 * nz(),
            "ASH_ANALYSER.STATUS": self.analyser_status,
        }

    def set_analyser_fault(self, status: int) -> None:
        """0 clears the fault; 1 (source) or 2 (detector) freezes the ash reading."""
        self.analyser_status = status
        if status == 0:
            self.analyser.clear()
        else:
            what = "source" if status == 1 else "detector"
            self.analyser.set(SensorFaultKind.FREEZE, f"ash analyser {what} fault: value frozen")

    def _scalar_values(self) -> dict[str, PointValue]:
        out = self._fast_values()
        out.update(self._slow_meas)
        out["FEED.TPH_SP"] = self.tph_sp
        out["FLOT.COLLECTOR.SP"] = self.collector_sp
        return out
