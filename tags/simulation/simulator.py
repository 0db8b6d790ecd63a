"""The field simulator: the three plant models at a fixed step, their points and scenarios.

The console reads it through ``sim://<model>/<point>`` URIs (and later through the Modbus and
OPC UA servers that publish it). Time only moves when ``advance`` is called, in whole fixed
steps, so a caller chooses the time factor by how much plant time it asks for per wall
second, and the same seed always gives the same trajectory.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from tags.model import Quality
from tags.simulation.cwp import CwpModel
from tags.simulation.emm import EmmModel
from tags.simulation.plant import PlantModel, PointInfo, PointValue
from tags.simulation.scenarios import SCENARIOS, Scenario, ScenarioInfo
from tags.simulation.sco2 import Sco2Model

__all__ = ["PlantSimulator", "PointInfo", "ScenarioInfo"]

_MODELS: dict[str, type[PlantModel]] = {"emm": EmmModel, "cwp": CwpModel, "sco2": Sco2Model}
SETTLE_S = 60.0  # plant seconds run by warm_up after placing every state at equilibrium


class PlantSimulator:
    """All plant models behind one clock; see DESIGN.md "The field simulator"."""

    def __init__(
        self,
        *,
        seed: int = 1,
        step: float = 0.1,
        models: Iterable[str] = ("emm", "cwp", "sco2"),
    ) -> None:
        if not (math.isfinite(step) and 0.0 < step <= 1.0):
            raise ValueError(f"model step must be in (0, 1] s, got {step!r}")
        names = list(models)
        unknown = [n for n in names if n not in _MODELS]
        if unknown or len(set(names)) != len(names) or not names:
            raise ValueError(f"models must be distinct names from {sorted(_MODELS)}, got {names}")
        self.step = step
        self.time = 0.0
        self._steps = 0
        self._carry = 0.0
        self._models: dict[str, PlantModel] = {n: _MODELS[n](seed=seed, dt=step) for n in names}
        self._scenarios: dict[str, Scenario] = {
            s.info.name: s for s in SCENARIOS if s.model in self._models
        }
        self._active: list[str] = []

    # -- models and points ---------------------------------------------------------------------

    def model_names(self) -> list[str]:
        return list(self._models)

    def _model(self, model: str) -> PlantModel:
        try:
            return self._models[model]
        except KeyError:
            raise KeyError(f"no model {model!r}; simulated: {', '.join(self._models)}") from None

    def points(self, model: str) -> Mapping[str, PointInfo]:
        return self._model(model).points()

    def values(self, model: str) -> Mapping[str, PointValue]:
        return self._model(model).values()

    def faults(self, model: str) -> Mapping[str, tuple[Quality, str]]:
        return self._model(model).faults()

    def write(self, model: str, point: str, value: PointValue) -> None:
        """Operator write: KeyError for an unknown point, ValueError saying why it is refused."""
        self._model(model).write(point, value)

    # -- time ----------------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Run whole fixed steps; a remainder shorter than a step waits for the next call."""
        if not math.isfinite(seconds) or seconds < 0.0:
            raise ValueError(f"cannot advance by {seconds!r} s")
        total = self._carry + seconds
        n = int(total / self.step + 1e-9)
        self._carry = max(total - n * self.step, 0.0)
        for model in self._models.values():
            step = model.step
            for _ in range(n):
                step()
        self._steps += n
        self.time = self._steps * self.step

    def warm_up(self) -> None:
        """Put every model at its steady state, then let noise and filters settle a minute.

        Plant time (``time``) does not move; active scenarios stay active.
        """
        n = round(SETTLE_S / self.step)
        for model in self._models.values():
            model.initialise()
            step = model.step
            for _ in range(n):
                step()

    # -- scenarios -----------------------------------------------------------------------------

    def scenarios(self) -> list[ScenarioInfo]:
        return [s.info for s in self._scenarios.values()]

    def _scenario(self, name: str) -> Scenario:
        try:
            return self._scenarios[name]
        except KeyError:
            raise KeyError(f"no scenario {name!r}; known: {', '.join(self._scenarios)}") from None

    def start_scenario(self, name: str) -> None:
        """Switch the scenario's cause on (starting an active scenario does nothing)."""
        scenario = self._scenario(name)
        if name not in self._active:
            scenario.start(self._models[scenario.model])
            self._active.append(name)

    def stop_scenario(self, name: str) -> None:
        """Remove the cause; the process recovers by its dynamics and operator action."""
        scenario = self._scenario(name)
        if name in self._active:
            scenario.stop(self._models[scenario.model])
            self._active.remove(name)

    def active_scenarios(self) -> list[str]:
        return list(self._active)
