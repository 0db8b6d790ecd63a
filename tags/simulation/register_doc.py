"""The register map of register_map.py as Markdown (resources/projects/demo/REGISTER_MAP.md)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from tags.simulation.plant import PointInfo
from tags.simulation.register_map import PLCS, MappedPoint, mapped_points

COMMAND = "python3 -m tags.simulation.register_doc --out resources/projects/demo/REGISTER_MAP.md"

_HEADER = f"""# Register map of the field simulator's PLCs

Generated from `tags/simulation/register_map.py` by `{COMMAND}`;
do not edit by hand. The same definition is what the field server serves and where the demo
tag lists' `modbus://` sources come from (a test keeps all three equal).

Conventions:

- **Offset** is the zero-based address on the wire; **Doc.** the 1-based document address
  (00001 coils, 10001 discrete inputs, 30001 input registers, 40001 holding registers).
- **float32** is IEEE 754 single precision in two registers. Word order ABCD is big-endian
  (123456.0 = 0x47F1 0x2000); CDAB has the two words swapped (0x2000 0x47F1).
- **Scaled integers**: engineering value = raw × scale. Values beyond the type saturate at
  its limits (-32768..32767 for int16, 0..65535 for uint16).
- **Sensor faults**: a faulted transmitter's float32 value is sent as NaN (0x7FC0 0x0000 in
  ABCD); the reason is in the unit's status register where it has one
  (CWP.ASH_ANALYSER.STATUS: 0 OK, 1 source fault, 2 detector fault).
- **Writes**: coils with FC05/FC15, holding registers with FC06/FC16; a float32 in one FC16
  request. Exception 02: an address without a point; 03: a value the process refuses (outside
  its limits, read-only, a setpoint while the controller is in MAN, half a float32).
  Input registers and discrete inputs are read-only. An unknown unit id answers exception 0B.
- **Access**: R read-only, R/W writable by an operator through the console.
"""

_COLUMNS = "| Table | Offset | Doc. | Type | Order | Scale | Tag | Unit | Access | Description |"


def _area(model: str) -> str:
    return model.upper()


def _row(point: MappedPoint, info: PointInfo | None) -> str:
    order = point.order.value if point.count > 1 else ""
    scale = f"{point.scale:g}" if point.scale != 1.0 else ""
    unit = info.unit if info else ""
    access = "R/W" if info is not None and info.writable else "R"
    description = info.description if info else "(not in the model)"
    doc = f"{point.document_address:05d}"
    cells = (
        point.table.value,
        str(point.offset),
        doc,
        point.type.value,
        order,
        scale,
        f"{_area(point.model)}.{point.point}",
        unit,
        access,
        description,
    )
    return "| " + " | ".join(cells) + " |"


def render_markdown(infos: Mapping[str, Mapping[str, PointInfo]] | None = None) -> str:
    """The whole document; ``infos`` (model -> point -> info) default to the models' own."""
    if infos is None:
        from tags.simulation.simulator import PlantSimulator

        models = sorted({p.model for p in mapped_points()})
        simulator = PlantSimulator(models=models)
        infos = {m: simulator.points(m) for m in models}
    lines = [_HEADER]
    points = mapped_points()
    for plc in PLCS:
        lines.append(f"## {plc.connection}: {plc.title}\n")
        lines.append(f"Project connection `[connections.{plc.connection}]` (kind modbus).\n")
        for unit in plc.units:
            lines.append(f"### Unit {unit.unit}: {unit.title}\n")
            lines.append(_COLUMNS)
            lines.append("|" + "---|" * 10)
            for point in points:
                if point.connection == plc.connection and point.unit == unit.unit:
                    lines.append(_row(point, infos.get(point.model, {}).get(point.point)))
            lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python3 -m tags.simulation.register_doc --out FILE``: write the Markdown map."""
    parser = argparse.ArgumentParser(description="Write the field simulator's register map")
    parser.add_argument("--out", type=Path, help="Markdown file to write (default: stdout)")
    args = parser.parse_args(argv)
    text = render_markdown()
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"register map written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
