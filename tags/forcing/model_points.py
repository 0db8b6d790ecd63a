"""Which plant model point a tag reads: the model's value for a tag of the project.

A tag reads a model point when its source is where the field simulator serves that point
(``served_source``: the Modbus register map or the DCS's OPC UA node), or names it directly
(``sim://<model>/<point>``). The table is built from the models' point lists alone: no model
runs to answer (the models' modules load at the first question, not with this module).
"""

from __future__ import annotations

from functools import cache

from tags.address import Address, ModbusAddress, OpcUaAddress, SimAddress, parse_address

ModelPoint = tuple[str, str]
"""A model's name and one of its points."""

_Key = ModbusAddress | OpcUaAddress


@cache
def _points() -> dict[str, frozenset[str]]:
    """Every model's point names, by model."""
    from tags.simulation.simulator import MODELS

    return {model: frozenset(kind.POINTS) for model, kind in MODELS.items()}


@cache
def _served() -> dict[_Key, ModelPoint]:
    from tags.simulation.opcua_namespace import served_source

    table: dict[_Key, ModelPoint] = {}
    for model, points in _points().items():
        for point in points:
            try:
                address = parse_address(served_source(model, point))
            except KeyError:  # a model served neither over Modbus nor over OPC UA
                continue
            if not isinstance(address, SimAddress):
                table[address] = (model, point)
    return table


def model_point(address: Address) -> ModelPoint | None:
    """The model point a tag of this source reads (None: no model has its value)."""
    if isinstance(address, SimAddress):
        known = address.point in _points().get(address.model, ())
        return (address.model, address.point) if known else None
    return _served().get(address)
