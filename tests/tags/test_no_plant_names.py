"""The engine and the console know no plant by name: outside the field simulator's plant models,
no text in tags/ or hmi/ (docstrings and f-string parts included) names a demo plant's tag.
A plant's tags are declared in its project files."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.paths import ROOT

PLANT_TAG = re.compile(r"\b(EMM|CWP|SCO2)\.")
CHECKED = ("tags", "hmi")
PLANT_MODELS = Path("tags") / "simulation"


def plant_names_in(path: Path, root: Path = ROOT) -> list[str]:
    """``file:line: text`` per string constant of a module that names a demo plant's tag."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = PLANT_TAG.search(node.value)
            if match is not None:
                line = node.value[max(0, match.start() - 20) : match.end() + 20]
                found.append(f"{path.relative_to(root).as_posix()}:{node.lineno}: {line!r}")
    return found


def checked_modules() -> list[Path]:
    modules = []
    for folder in CHECKED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if relative.is_relative_to(PLANT_MODELS):
                continue
            modules.append(path)
    return modules


@pytest.mark.slow
def test_no_text_in_the_engine_or_the_console_names_a_demo_plants_tag() -> None:
    modules = checked_modules()
    assert len(modules) > 100  # the folders were found
    found = [line for path in modules for line in plant_names_in(path)]
    assert found == [], "plant tag names in the engine or the console:\n" + "\n".join(found)


def test_the_check_sees_docstrings_and_f_string_parts(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text('"""Reads SCO2.GEN.P."""\n\nNAME = f"EMM.RECT{1}"\nOK = "AREA.X"\n')
    found = plant_names_in(module, tmp_path)
    assert [line.split(":")[:2] for line in found] == [["probe.py", "1"], ["probe.py", "3"]]
