"""The PlantSimulator contract: models, points, time, writes, faults and determinism."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tags.model import Quality
from tags.simulation.simulator import PlantSimulator, PointInfo


def test_the_simulator_runs_the_three_plants_by_default() -> None:
    sim = PlantSimulator()
    assert sim.model_names() == ["emm", "cwp", "sco2"]
    assert sim.step == 0.1
    assert sim.time == 0.0


def test_a_subset_of_models_can_be_simulated() -> None:
    sim = PlantSimulator(models=("cwp",))
    assert sim.model_names() == ["cwp"]
    with pytest.raises(KeyError, match="no model 'emm'"):
        sim.values("emm")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"models": ("emm", "oil")}, "models must be distinct names"),
        ({"models": ("emm", "emm")}, "models must be distinct names"),
        ({"step": 0.0}, "model step"),
        ({"seed": -1}, "seed must be >= 0"),
    ],
)
def test_bad_construction_is_refused_with_the_reason(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        PlantSimulator(**kwargs)  # type: ignore[arg-type]


def test_points_are_tag_names_without_the_area_prefix() -> None:
    sim = PlantSimulator()
    emm = sim.points("emm")
    cells = [p for p in emm if p.startswith("CELL.")]
    assert len(cells) == 240
    assert "CELL.S01.C01.U" in emm and "CELL.S02.C60.T" in emm
    assert emm["RECT1.IDC"] == PointInfo("kA", "float", False, "Rectifier 1 DC current")
    assert "DMC.DENS.PV" in sim.points("cwp")
    assert "COMP.IN_T.OP" in sim.points("sco2")


@pytest.mark.parametrize("model", ["emm", "cwp", "sco2"])
def test_values_hold_every_point_with_its_kind(model: str) -> None:
    sim = PlantSimulator()
    points = sim.points(model)
    values = sim.values(model)
    assert set(values) == set(points)
    kinds = {"float": float, "int": int, "bool": bool}
    for point, info in points.items():
        assert type(values[point]) is kinds[info.kind], point


@pytest.mark.parametrize("model", ["emm", "cwp", "sco2"])
def test_every_controller_has_pv_sp_op_and_mode(model: str) -> None:
    points = PlantSimulator().points(model)
    prefixes = {p.rsplit(".", 1)[0] for p in points if p.endswith(".MODE")}
    assert prefixes
    for prefix in prefixes:
        assert not points[f"{prefix}.PV"].writable
        assert points[f"{prefix}.SP"].writable and points[f"{prefix}.OP"].writable
        assert points[f"{prefix}.MODE"].kind == "int"


def test_advance_runs_whole_steps_and_carries_the_remainder() -> None:
    sim = PlantSimulator(models=("cwp",))
    sim.advance(0.25)
    assert sim.time == pytest.approx(0.2)
    sim.advance(0.05)
    assert sim.time == pytest.approx(0.3)
    sim.advance(0.0)
    assert sim.time == pytest.approx(0.3)
    with pytest.raises(ValueError, match="cannot advance"):
        sim.advance(-1.0)


def test_warm_up_does_not_move_plant_time() -> None:
    sim = PlantSimulator(models=("sco2",))
    sim.advance(1.0)
    sim.warm_up()
    assert sim.time == pytest.approx(1.0)


def _trajectory(seed: int) -> list[dict[str, bool | int | float]]:
    sim = PlantSimulator(seed=seed)
    sim.warm_up()
    out: list[dict[str, bool | int | float]] = []
    for _ in range(3):
        sim.advance(20.0)
        out.extend(dict(sim.values(m)) for m in sim.model_names())
    return out


def test_the_same_seed_gives_an_identical_trajectory() -> None:
    assert _trajectory(7) == _trajectory(7)


def test_different_seeds_give_different_trajectories() -> None:
    a, b = _trajectory(7), _trajectory(8)
    for model_a, model_b in zip(a[-3:], b[-3:], strict=True):
        assert model_a != model_b


def test_a_model_runs_the_same_alone_as_with_the_others() -> None:
    alone = PlantSimulator(seed=3, models=("cwp",))
    together = PlantSimulator(seed=3)
    alone.advance(30.0)
    together.advance(30.0)
    assert alone.values("cwp") == together.values("cwp")


def test_writing_an_unknown_point_raises_key_error() -> None:
    with pytest.raises(KeyError, match=r"no point 'DMC\.NOPE'"):
        PlantSimulator().write("cwp", "DMC.NOPE", 1.0)


@pytest.mark.parametrize(
    ("model", "point", "value", "message"),
    [
        ("cwp", "DMC.DENS.PV", 1.4, "read-only"),
        ("cwp", "DMC.DENS.SP", 2.5, r"outside 1.3..1.8 g/cm³"),
        ("cwp", "DMC.DENS.SP", "high", "takes a number"),
        ("cwp", "DMC.DENS.SP", float("nan"), "finite number"),
        ("cwp", "DMC.DENS.OP", 60.0, "writable in MAN only"),
        ("cwp", "DMC.DENS.MODE", 2, "outside 0..1"),
        ("cwp", "DMC.DENS.MODE", 0.5, "takes an integer"),
        ("emm", "CIRC.P2.CMD", 2, "takes a bool"),
        ("emm", "RECT1.IDC_SP", 12.0, "outside 0..11 kA"),
    ],
)
def test_refused_writes_say_why(model: str, point: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PlantSimulator(models=(model,)).write(model, point, value)  # type: ignore[arg-type]


def test_setpoint_is_refused_in_manual_and_output_accepted() -> None:
    sim = PlantSimulator(models=("sco2",))
    sim.write("sco2", "COMP.IN_T.MODE", 0)
    with pytest.raises(ValueError, match="writable in AUTO only"):
        sim.write("sco2", "COMP.IN_T.SP", 34.0)
    sim.write("sco2", "COMP.IN_T.OP", 75.0)
    assert sim.values("sco2")["COMP.IN_T.OP"] == 75.0
    assert sim.values("sco2")["COMP.IN_T.MODE"] == 0


def test_switching_a_loop_back_to_auto_is_bumpless(warm: Callable[..., PlantSimulator]) -> None:
    sim = warm("cwp")
    sim.write("cwp", "DMC.DENS.MODE", 0)
    sim.write("cwp", "DMC.DENS.OP", 52.0)
    sim.advance(30.0)
    sim.write("cwp", "DMC.DENS.MODE", 1)
    sim.advance(0.1)
    assert sim.values("cwp")["DMC.DENS.OP"] == pytest.approx(52.0, abs=0.5)


def test_a_pump_cannot_be_started_while_it_is_tripped() -> None:
    sim = PlantSimulator(models=("emm",))
    sim.start_scenario("emm-pump-trip")
    sim.advance(1.0)
    with pytest.raises(ValueError, match="pump 1 is tripped"):
        sim.write("emm", "CIRC.P1.CMD", True)
    sim.write("emm", "CIRC.P2.CMD", True)
    sim.advance(1.0)
    assert sim.values("emm")["CIRC.P2.RUN"] is True


def test_a_quiet_plant_reports_no_faulted_sensor() -> None:
    sim = PlantSimulator()
    sim.advance(5.0)
    assert all(sim.faults(m) == {} for m in sim.model_names())


def test_an_analyser_fault_is_reported_with_quality_and_reason() -> None:
    sim = PlantSimulator(models=("cwp",))
    sim.start_scenario("cwp-analyser-fault")
    sim.advance(2.0)
    quality, reason = sim.faults("cwp")["CLEAN.ASH"]
    assert quality is Quality.UNCERTAIN_SENSOR_NOT_ACCURATE
    assert "frozen" in reason
