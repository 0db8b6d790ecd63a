"""The CO2 lookup tables reproduce CoolProp near the critical point, and are built only once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tags.simulation import co2_properties
from tags.simulation.co2_properties import build_tables, tables


def test_inlet_density_falls_off_the_cliff_between_32_and_35_degrees() -> None:
    rho_32, _, _ = tables().compressor_inlet(32.0, 7.8)
    rho_35, _, _ = tables().compressor_inlet(35.0, 7.8)
    assert rho_32 == pytest.approx(620.0, rel=0.02)  # PLANTS.md: ~620 kg/m³ at 32 °C
    assert rho_35 == pytest.approx(330.0, rel=0.02)  # ... and ~330 at 35 °C, 7.8 MPa


@pytest.mark.slow  # imports CoolProp, which takes seconds
@pytest.mark.parametrize(
    ("t", "p", "tolerance"),
    [
        (33.0, 7.8, 1e-9),  # grid nodes are CoolProp's own values
        (31.5, 7.9, 1e-9),
        (45.0, 8.5, 1e-9),
        (33.05, 7.85, 0.02),  # between nodes: bilinear, within 2 % even on the cliff
        (28.37, 7.62, 0.02),
        (40.11, 8.13, 0.02),
    ],
)
def test_table_density_matches_coolprop(t: float, p: float, tolerance: float) -> None:
    from CoolProp.CoolProp import PropsSI

    expected = PropsSI("D", "T", t + 273.15, "P", p * 1e6, "CO2")
    assert tables().compressor_inlet(t, p)[0] == pytest.approx(expected, rel=tolerance)


def test_compression_work_and_discharge_temperature_rise_with_inlet_temperature() -> None:
    cold = tables().compressor_inlet(33.0, 7.85)
    hot = tables().compressor_inlet(38.0, 7.85)
    assert cold[1] == pytest.approx(19.3, abs=0.3)  # kJ/kg isentropic to 20.4 MPa
    assert hot[1] > 1.5 * cold[1]
    assert cold[2] == pytest.approx(67.0, abs=1.5)  # °C discharge at 70 % efficiency
    assert hot[2] > cold[2] + 20.0


def test_inputs_outside_the_grid_are_clamped_to_its_edge() -> None:
    edge = tables().compressor_inlet(co2_properties.T_HI, co2_properties.P_LO)
    assert tables().compressor_inlet(90.0, 5.0) == pytest.approx(edge)


@pytest.mark.slow  # imports CoolProp, which takes seconds
def test_computed_tables_are_cached_on_disk_and_reloaded_without_coolprop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache" / "co2.npz"
    monkeypatch.setattr(co2_properties, "cache_file", lambda: cache)
    first = build_tables()
    assert cache.exists()

    def no_coolprop() -> None:
        raise AssertionError("recomputed instead of loading the cache")

    monkeypatch.setattr(co2_properties, "_compute", no_coolprop)
    again = build_tables()
    assert again.compressor_inlet(33.3, 7.83) == first.compressor_inlet(33.3, 7.83)


@pytest.mark.slow  # imports CoolProp, which takes seconds
def test_a_damaged_cache_file_is_recomputed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "co2.npz"
    cache.write_bytes(b"not a numpy archive")
    monkeypatch.setattr(co2_properties, "cache_file", lambda: cache)
    assert build_tables().compressor_inlet(33.0, 7.85)[0] == pytest.approx(575.0, rel=0.01)
