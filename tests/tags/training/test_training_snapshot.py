"""Plant snapshots: the whole model state saved as data and put back exactly."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pytest

from tags.simulation.simulator import PlantSimulator, PlantSnapshot, SnapshotMismatch

Values = dict[str, Mapping[str, bool | int | float]]


def values(sim: PlantSimulator) -> Values:
    return {m: dict(sim.values(m)) for m in sim.model_names()}


def differences(a: Values, b: Values) -> list[str]:
    def same(x: object, y: object) -> bool:
        if isinstance(x, float) and isinstance(y, float) and math.isnan(x):
            return math.isnan(y)
        return x == y

    return [
        f"{m}/{k}: {a[m][k]!r} != {b[m][k]!r}"
        for m in a
        for k in a[m]
        if not same(a[m][k], b[m][k])
    ]


@pytest.fixture(scope="module")
def warm() -> PlantSimulator:
    sim = PlantSimulator(seed=3)
    sim.warm_up()
    sim.advance(20.0)
    return sim


def test_a_restored_snapshot_gives_back_every_value_and_the_same_future(
    warm: PlantSimulator,
) -> None:
    stored = warm.snapshot().to_bytes()  # as kept in the session store
    taken = values(warm)
    warm.start_scenario("emm-pump-trip")
    warm.start_scenario("sco2-cw-pump-trip")
    warm.write("cwp", "DMC.DENS.SP", 1.40)
    warm.advance(90.0)
    assert differences(taken, values(warm))  # the plant did move on

    warm.restore(PlantSnapshot.from_bytes(stored))
    assert differences(taken, values(warm)) == []
    assert warm.active_scenarios() == []
    warm.advance(40.0)
    after_restore = values(warm)

    warm.restore(PlantSnapshot.from_bytes(stored))
    warm.advance(40.0)
    assert differences(after_restore, values(warm)) == []  # noise and delays included


def test_a_restored_plant_takes_operator_writes_as_before(warm: PlantSimulator) -> None:
    stored = warm.snapshot().to_bytes()
    warm.write("cwp", "DMC.DENS.SP", 1.43)
    warm.restore(PlantSnapshot.from_bytes(stored))
    warm.write("cwp", "DMC.DENS.SP", 1.42)  # the controller is still in AUTO (an IntEnum)
    warm.write("sco2", "COMP.IN_T.MODE", 0)
    warm.restore(PlantSnapshot.from_bytes(stored))
    assert warm.values("sco2")["COMP.IN_T.MODE"] == 1
    with pytest.raises(ValueError, match="MAN only"):
        warm.write("sco2", "COMP.IN_T.OP", 50.0)


def test_a_snapshot_keeps_the_active_upsets_and_their_effects(warm: PlantSimulator) -> None:
    warm.start_scenario("sco2-breaker-trip")
    warm.advance(5.0)
    snapshot = warm.snapshot()
    taken = values(warm)
    warm.stop_scenario("sco2-breaker-trip")
    warm.advance(60.0)
    warm.restore(snapshot)
    assert warm.active_scenarios() == ["sco2-breaker-trip"]
    assert differences(taken, values(warm)) == []
    warm.stop_scenario("sco2-breaker-trip")


def test_the_steady_snapshot_is_the_state_a_new_plant_starts_in(warm: PlantSimulator) -> None:
    warm.start_scenario("emm-rectifier-trip")
    warm.advance(30.0)
    time_before = warm.time
    warm.restore(warm.steady_snapshot())
    assert warm.time == time_before  # plant time does not move
    assert warm.active_scenarios() == []
    fresh = PlantSimulator(seed=3)
    fresh.warm_up()
    assert differences(values(fresh), values(warm)) == []


def test_a_snapshot_of_other_models_or_bytes_is_refused_with_the_reason() -> None:
    emm_only = PlantSimulator(models=("emm",))
    with pytest.raises(SnapshotMismatch, match="does not fit"):
        PlantSimulator().restore(emm_only.snapshot())
    with pytest.raises(SnapshotMismatch, match="not a plant snapshot"):
        PlantSnapshot.from_bytes(b"not zlib")
