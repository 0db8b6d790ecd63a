"""The forced values' state payload: written and read back as the server's table holds
them; a malformed one says which field."""

from __future__ import annotations

import math

import pytest

from tags.control_room.force_messages import ForcedValue, forces_from_json, forces_to_json
from tags.control_room.messages import MessageError
from tags.forcing.force import Force


def test_forces_travel_with_their_types_and_the_field_value_held() -> None:
    forces = [
        Force("A.FLOW", 12.5, "erin", "meter out", 100.0, 700.0),
        Force("A.RUN", True, "erin", "bypass", 101.0),
        Force("A.TEXT", "manual", "ada", "label", 102.0),
        Force("A.LEVEL", 40.0, "ada", "on the bench", 103.0, None, "sim://signal/sine"),
    ]
    held = {"A.FLOW": math.nan, "A.RUN": False, "A.LEVEL": 38.5}
    data = forces_to_json(forces, lambda name: held.get(name))
    assert forces_from_json(data) == [
        ForcedValue(forces[0], None),  # a field's NaN is no value to show
        ForcedValue(forces[1], False),
        ForcedValue(forces[2], None),
        ForcedValue(forces[3], 38.5),  # simulated: its source travels with it
    ]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b'{"forces": 3}', "forces: field 'forces' must be a list"),
        (b'{"forces": [1]}', "forces[0]: must be an object"),
        (b'{"forces": [{"tag": "A", "value": 1, "user": "u", "reason": "r"}]}',
         "forces[0]: missing field 'since'"),
        (b'{"forces": [{"tag": "A", "value": null, "user": "u", "reason": "r", "since": 1}]}',
         "forces[0]: field 'value' has the wrong type (NoneType)"),
    ],
)  # fmt: skip
def test_a_malformed_payload_says_which_field(payload: bytes, message: str) -> None:
    with pytest.raises(MessageError) as caught:
        forces_from_json(payload)
    assert str(caught.value) == message
