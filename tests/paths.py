"""Where the repository and its sample projects are, for every test and test helper.

One place, so a test file can move between folders without counting parent directories.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIN_PY = ROOT / "main.py"
DEMO_FOLDER = ROOT / "resources" / "projects" / "demo"
DEMO_PROJECT = DEMO_FOLDER / "demo.toml"
DEMO_RECORDING = ROOT / "resources" / "recordings" / "demo-shift.db"
SIGNALS_FOLDER = ROOT / "tests" / "data" / "signals"
SIGNALS_PROJECT = SIGNALS_FOLDER / "project.toml"
KILN_FOLDER = ROOT / "tests" / "data" / "kiln"
KILN_PROJECT = KILN_FOLDER / "project.toml"
FLUORIDE_FOLDER = ROOT / "resources" / "projects" / "fluoride"
FLUORIDE_PROJECT = FLUORIDE_FOLDER / "fluoride.toml"
FOUR_PLANTS_PROJECT = ROOT / "resources" / "projects" / "four_plants" / "four_plants.toml"
