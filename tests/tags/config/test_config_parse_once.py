"""Loading a project reads and parses each of its files once: the demo (tag lists included
from the project file, alarms inside them), a generated plant split over several tag lists,
and a project loaded a second time by the same process (a command that looks at the project
before it runs it: its tag lists are not parsed again)."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import tags.config.project as project_module
from tags.config.files import parse_toml, read_text
from tags.config.project import load_project
from tests.paths import DEMO_FOLDER


@pytest.fixture
def counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Counter[str], Counter[str]]:
    """(reads, parses) per file name, and a fresh process's state."""
    monkeypatch.setenv("HMI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(project_module, "_RECENT", {})
    reads: Counter[str] = Counter()
    parses: Counter[str] = Counter()
    texts: dict[str, str] = {}

    def counting_read(path: Path, **options: Any) -> str:
        reads[path.name] += 1
        text = read_text(path, **options)
        texts[text] = path.name
        return text

    def counting_parse(text: str) -> dict[str, Any]:
        parses[texts.get(text, "?")] += 1
        return parse_toml(text)

    monkeypatch.setattr(project_module, "read_text", counting_read)
    monkeypatch.setattr(project_module, "parse_toml", counting_parse)
    return reads, parses


def test_the_demo_reads_and_parses_each_file_once(
    tmp_path: Path, counted: tuple[Counter[str], Counter[str]]
) -> None:
    reads, parses = counted
    folder = tmp_path / "demo"
    shutil.copytree(DEMO_FOLDER, folder)
    project = load_project(folder / "demo.toml")
    assert any(tag.alarms for tag in project.tags.values())
    files = {"demo.toml", "emm.toml", "cwp.toml", "sco2.toml"}
    assert reads == dict.fromkeys(files, 1)
    assert parses == dict.fromkeys(files, 1)


def test_a_plant_split_over_tag_lists_parses_each_once(
    tmp_path: Path, counted: tuple[Counter[str], Counter[str]]
) -> None:
    reads, parses = counted
    names = [f"unit{u}.toml" for u in range(4)]
    for u, name in enumerate(names):
        (tmp_path / name).write_text(
            "".join(
                f'[tags."PLT.U{u}.PV{i:03d}"]\nsource = "sim://signal/sine?period={30 + i}"\n'
                f"range = [0.0, 100.0]\nalarms.hi = {{ limit = 90.0 }}\n\n"
                for i in range(250)
            ),
            encoding="utf-8",
        )
    path = tmp_path / "plant.toml"
    path.write_text(
        f'[project]\nname = "Split"\ntag_files = {names!r}\n\n[areas]\nPLT = "Plant"\n'.replace(
            "'", '"'
        ),
        encoding="utf-8",
    )
    project = load_project(path)
    assert len(project.tags) == 1000
    assert reads == dict.fromkeys(["plant.toml", *names], 1)
    assert parses == dict.fromkeys(["plant.toml", *names], 1)


def test_a_second_load_in_one_process_parses_no_tag_list_again(
    tmp_path: Path, counted: tuple[Counter[str], Counter[str]]
) -> None:
    _, parses = counted
    folder = tmp_path / "demo"
    shutil.copytree(DEMO_FOLDER, folder)
    first = load_project(folder / "demo.toml")
    parses.clear()
    second = load_project(folder / "demo.toml")
    assert second == first
    assert second.tags is first.tags
    assert parses == {"demo.toml": 1}  # its settings are checked again, its tag lists not
    text = (folder / "cwp.toml").read_text(encoding="utf-8")
    (folder / "cwp.toml").write_text(text + "\n# edited\n", encoding="utf-8")
    parses.clear()
    changed = load_project(folder / "demo.toml")
    assert changed.tags is not first.tags
    assert changed == first
    assert parses == dict.fromkeys(["demo.toml", "emm.toml", "cwp.toml", "sco2.toml"], 1)
