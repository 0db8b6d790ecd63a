"""The ``sim://`` driver: signal generators, memory tags and in-process plant models.

    sim://signal/sine?low=1&high=5&period=60   a generator (see tags/simulation/signals.py)
    sim://memory/SP1?initial=42                a value that follows writes
    sim://cwp/DMC.DENS.PV                      a point of a plant model (tags/simulation)

A project made only of sim:// tags runs with no field devices at all, which is how
commissioning engineers try screens before the plant exists.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Protocol

from tags.address import SimAddress
from tags.clock import Clock
from tags.drivers.base import ConnectionState, ConnectionStats, ConnectionStatus, WriteError
from tags.i18n.catalogue import text
from tags.model import DataType, Publish, Quality, TagDef, TagSample, Value
from tags.shutdown import cancel_all
from tags.simulation.signals import Signal, SignalError, make_signal

log = logging.getLogger(__name__)

PLANT_STEP = 0.1


class PlantModels(Protocol):
    """What the driver needs of tags.simulation's PlantSimulator."""

    def model_names(self) -> list[str]: ...
    def advance(self, seconds: float) -> None: ...
    def values(self, model: str) -> Mapping[str, bool | int | float]: ...
    def faults(self, model: str) -> Mapping[str, tuple[Quality, str]]: ...
    def write(self, model: str, point: str, value: bool | int | float) -> None: ...


def _typed(tag: TagDef, value: Value) -> Value:
    if value is None:
        return None
    if tag.data_type is DataType.BOOL:
        return bool(value)
    if tag.data_type is DataType.INT and isinstance(value, int | float):
        return int(value)
    if tag.data_type is DataType.FLOAT and isinstance(value, int | float):
        return float(value)
    return value


def _parse_initial(tag: TagDef, text: str | None) -> Value:
    """The ``initial=`` parameter of a memory tag in the tag's own data type."""
    if tag.data_type is DataType.STRING:
        return text or ""
    if text is None:
        return False if tag.data_type is DataType.BOOL else _typed(tag, 0)
    if tag.data_type is DataType.BOOL:
        flags = {"1": True, "true": True, "on": True, "0": False, "false": False, "off": False}
        if text.lower() not in flags:
            raise ValueError(f"initial '{text}' is not a bool (true/false, 1/0)")
        return flags[text.lower()]
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"initial '{text}' is not a number") from None
    if tag.data_type is DataType.INT and not number.is_integer():
        raise ValueError(f"initial '{text}' is not a whole number")
    return _typed(tag, number)


class SimulatedDriver:
    """Driver for ``sim://`` tags (see the module docstring)."""

    def __init__(
        self,
        connections: Mapping[str, object],
        tags: Sequence[TagDef],
        publish: Publish,
        clock: Clock,
        *,
        plant: PlantModels | None = None,
        speed: float = 1.0,
    ) -> None:
        self._tags = [t for t in tags if isinstance(t.address, SimAddress)]
        self._publish = publish
        self._clock = clock
        self.plant = plant
        self.speed = speed
        self._signals: dict[str, Signal] = {}
        """Tag -> its generator; tags with the same signal source share one (a generator
        is a function of time), except random walks, which keep a state per tag."""
        self._broken: dict[str, str] = {}
        self._memory: dict[str, Value] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._stats = ConnectionStats()
        self._state = ConnectionState.STOPPED
        shared: dict[tuple[str, tuple[tuple[str, str], ...]], Signal] = {}
        for tag in self._tags:
            self._prepare(tag, shared)

    def _address(self, tag: TagDef) -> SimAddress:
        assert isinstance(tag.address, SimAddress)
        return tag.address

    def _prepare(
        self, tag: TagDef, shared: dict[tuple[str, tuple[tuple[str, str], ...]], Signal]
    ) -> None:
        address = self._address(tag)
        params = dict(address.params)
        if address.model == "signal":
            key = (address.point, tuple(sorted(params.items())))
            signal = shared.get(key)
            if signal is None:
                try:
                    signal = make_signal(address.point, params)
                except SignalError as exc:
                    self._broken[tag.name] = str(exc)
                    return
                if signal.shape != "random_walk":
                    shared[key] = signal
            self._signals[tag.name] = signal
        elif address.model == "memory":
            try:
                initial = _parse_initial(tag, params.get("initial"))
            except ValueError as exc:
                self._broken[tag.name] = text("sim.memory_tag", point=address.point, why=exc)
                return
            self._memory.setdefault(address.point, initial)

    def uses_plant(self) -> bool:
        return any(self._address(t).model not in ("signal", "memory") for t in self._tags)

    async def start(self) -> None:
        if self.uses_plant() and self.plant is None:
            from tags.simulation.simulator import PlantSimulator

            simulator = PlantSimulator()
            simulator.warm_up()
            self.plant = simulator
        by_period: dict[float, list[TagDef]] = defaultdict(list)
        for tag in self._tags:
            by_period[tag.scan_period].append(tag)
        self._state = ConnectionState.CONNECTED
        self.sample_now(self._tags)
        if self.plant is not None:
            self._tasks.append(asyncio.create_task(self._run_plant(), name="sim-plant"))
        for period, tags in sorted(by_period.items()):
            task = asyncio.create_task(self._scan(period, tags), name=f"sim-scan-{period:g}s")
            self._tasks.append(task)

    async def stop(self) -> None:
        await cancel_all(self._tasks)
        self._tasks.clear()
        self._state = ConnectionState.STOPPED

    async def _run_plant(self) -> None:
        assert self.plant is not None
        last = self._clock.monotonic()
        while True:
            await asyncio.sleep(PLANT_STEP)
            now = self._clock.monotonic()
            self.plant.advance((now - last) * self.speed)
            last = now

    async def _scan(self, period: float, tags: list[TagDef]) -> None:
        while True:
            await asyncio.sleep(period)
            self.sample_now(tags)

    def sample_now(self, tags: Sequence[TagDef]) -> None:
        """Read the given tags from their generators/models and publish one batch."""
        now = self._clock.now()
        batch: dict[str, TagSample] = {}
        plant_values: dict[str, Mapping[str, bool | int | float]] = {}
        plant_faults: dict[str, Mapping[str, tuple[Quality, str]]] = {}
        signals, good, as_float = self._signals, Quality.GOOD, DataType.FLOAT
        for tag in tags:
            signal = signals.get(tag.name)
            if signal is not None:  # the common case first, per tag per scan
                value: Value = signal.value(now)
                if tag.data_type is not as_float:
                    value = _typed(tag, value)
                batch[tag.name] = TagSample(value, good, now, now)
                continue
            address = self._address(tag)
            if tag.name in self._broken:
                batch[tag.name] = TagSample(
                    None, Quality.BAD_CONFIGURATION_ERROR, now, now, self._broken[tag.name]
                )
            elif address.model == "memory":
                batch[tag.name] = TagSample(self._memory[address.point], Quality.GOOD, now, now)
            else:
                batch[tag.name] = self._plant_sample(tag, address, now, plant_values, plant_faults)
        self._stats.requests += 1
        self._publish(batch)

    def _plant_sample(
        self,
        tag: TagDef,
        address: SimAddress,
        now: float,
        values: dict[str, Mapping[str, bool | int | float]],
        faults: dict[str, Mapping[str, tuple[Quality, str]]],
    ) -> TagSample:
        assert self.plant is not None
        model = address.model
        if model not in values:
            if model not in self.plant.model_names():
                known = ", ".join(self.plant.model_names())
                reason = text("sim.no_model", model=model, known=known)
                return TagSample(None, Quality.BAD_CONFIGURATION_ERROR, now, now, reason)
            values[model] = self.plant.values(model)
            faults[model] = self.plant.faults(model)
        if address.point not in values[model]:
            reason = text("sim.no_point", model=model, point=address.point)
            return TagSample(None, Quality.BAD_CONFIGURATION_ERROR, now, now, reason)
        value = _typed(tag, values[model][address.point])
        fault = faults[model].get(address.point)
        if fault is not None:
            return TagSample(value, fault[0], now, now, fault[1])
        return TagSample(value, Quality.GOOD, now, now)

    async def write(self, tag: TagDef, value: Value) -> None:
        address = self._address(tag)
        if address.model == "signal":
            raise WriteError(
                text("sim.signal_not_writable", tag=tag.name),
                Quality.BAD_CONFIGURATION_ERROR,
            )
        if address.model == "memory":
            self._memory[address.point] = value
        else:
            if self.plant is None:
                raise WriteError(text("sim.not_running"), Quality.BAD_NOT_CONNECTED)
            if not isinstance(value, bool | int | float):
                said = text("sim.takes_numbers", value=repr(value))
                raise WriteError(said, Quality.BAD_TYPE_MISMATCH)
            try:
                self.plant.write(address.model, address.point, value)
            except (KeyError, ValueError) as exc:
                raise WriteError(str(exc).strip("'\""), Quality.BAD_CONFIGURATION_ERROR) from None
        same = (address.model, address.point)
        self.sample_now([t for t in self._tags if self._where(t) == same])

    def _where(self, tag: TagDef) -> tuple[str, str]:
        address = self._address(tag)
        return address.model, address.point

    def status(self) -> Sequence[ConnectionStatus]:
        models = sorted({self._address(t).model for t in self._tags})
        in_process = text("sim.in_process", models=", ".join(models))
        detail = in_process if models else text("sim.no_tags")
        if self.plant is not None and self.speed != 1.0:
            detail += text("sim.time_factor", factor=f"{self.speed:g}")
        return [
            ConnectionStatus(
                "simulator", "sim", "in-process", self._state, detail, self._stats, len(self._tags)
            )
        ]
