"""Fixtures of the simulator tests: warmed-up plants, the demo tag lists, a run-until helper."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from tags.simulation.simulator import PlantSimulator
from tests.paths import DEMO_FOLDER

MODELS = ("emm", "cwp", "sco2")

Values = Mapping[str, bool | int | float]
RunUntil = Callable[..., float | None]


def load_tags(model: str) -> dict[str, dict[str, Any]]:
    """The model's tag tables keyed by point name (the tag name without its area)."""
    with (DEMO_FOLDER / f"{model}.toml").open("rb") as f:
        tables: dict[str, dict[str, Any]] = tomllib.load(f)["tags"]
    prefix = model.upper() + "."
    return {name.removeprefix(prefix): table for name, table in tables.items()}


@pytest.fixture(scope="session")
def tag_tables() -> dict[str, dict[str, dict[str, Any]]]:
    return {model: load_tags(model) for model in MODELS}


@pytest.fixture
def warm() -> Callable[..., PlantSimulator]:
    """A simulator of the given models, at steady state."""

    def make(*models: str, seed: int = 1) -> PlantSimulator:
        sim = PlantSimulator(seed=seed, models=models or MODELS)
        sim.warm_up()
        return sim

    return make


@pytest.fixture
def run_until() -> RunUntil:
    """Advance until ``condition(values)`` holds; the plant seconds it took, or None."""

    def run(
        sim: PlantSimulator,
        model: str,
        condition: Callable[[Values], bool],
        *,
        within: float,
        every: float = 1.0,
    ) -> float | None:
        waited = 0.0
        while waited < within:
            sim.advance(every)
            waited += every
            if condition(sim.values(model)):
                return waited
        return None

    return run


@pytest.fixture(scope="session")
def alarm_limit(
    tag_tables: dict[str, dict[str, dict[str, Any]]],
) -> Callable[[str, str, str], float]:
    """The configured limit of one alarm of a point, as the demo tag file gives it."""

    def get(model: str, point: str, kind: str) -> float:
        spec = tag_tables[model][point]["alarms"][kind]
        return float(spec["limit"] if isinstance(spec, dict) else spec)

    return get
