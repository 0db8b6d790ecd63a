"""Generated plants for the scale benchmark: N sine-signal tags (sim://) with one alarm each."""

from __future__ import annotations

from pathlib import Path

AREAS = ("EMM", "CWP", "SCO2", "PWR")
PROJECT_FILE = "plant.toml"


def write_project(folder: Path, count: int) -> Path:
    """A project of ``count`` tags, each a sine at 1 s scan with a HI alarm; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    for i in range(count):
        area = AREAS[i % len(AREAS)]
        low, high = i % 7, 100 + i % 13
        period = 30 + i % 90
        lines.append(
            f'[tags."{area}.UNIT{i // 100:04d}.PV{i % 100:02d}"]\n'
            f'description = "Generated measurement {i}"\n'
            f'unit = "kPa"\n'
            f'source = "sim://signal/sine?low={low}&high={high}&period={period}"\n'
            f"range = [0.0, 120.0]\n"
            f'scan = "normal"\n'
            f'alarms.hi = {{ limit = 110.0, priority = "medium", message = "Pressure high" }}\n'
        )
    (folder / "tags.toml").write_text("\n".join(lines), encoding="utf-8")
    areas = "\n".join(f'{a} = "Area {a}"' for a in AREAS)
    project = folder / PROJECT_FILE
    project.write_text(
        f'[project]\nname = "Scale {count}"\ntag_files = ["tags.toml"]\n\n[areas]\n{areas}\n',
        encoding="utf-8",
    )
    return project
