"""Shared by the benchmark scripts: JSON-line output and synthetic tag sets."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tags.address import parse_address
from tags.model import TagDef


def emit(name: str, value: float, unit: str, **extra: object) -> None:
    """One figure as a JSON line: {"name", "value", "unit"} (+ context)."""
    print(json.dumps({"name": name, "value": round(value, 3), "unit": unit, **extra}), flush=True)


def memory_tags(count: int, areas: tuple[str, ...] = ("EMM", "CWP", "SCO2")) -> dict[str, TagDef]:
    tags = {}
    for i in range(count):
        area = areas[i % len(areas)]
        name = f"{area}.BENCH.V{i:05d}"
        source = f"sim://memory/{name}"
        tags[name] = TagDef(
            name=name,
            source=source,
            address=parse_address(source),
            area=area,
            unit="%",
            description=f"benchmark value {i}",
        )
    return tags
