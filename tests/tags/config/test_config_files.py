"""Project files are read only when they are regular files of a sane size, and TOML nested
past what the parser can take is one problem, not a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tags.config import files
from tests.tags.config.config_projects import PROJECT, make_project, only


def test_a_device_as_tag_list_is_refused_without_reading_it(tmp_path: Path) -> None:
    os.symlink("/dev/zero", tmp_path / "zero.csv")
    path = make_project(tmp_path, project=PROJECT.replace('"tags.csv"', '"zero.csv"'))
    problem = only(path)
    assert (problem.file, problem.path) == ("project.toml", "project.tag_files")
    assert problem.message == "cannot read zero.csv: not a regular file"


def test_a_folder_as_tag_list_is_refused(tmp_path: Path) -> None:
    (tmp_path / "folder.toml").mkdir()
    problem = only(make_project(tmp_path, project=PROJECT.replace('"tags.csv"', '"folder.toml"')))
    assert problem.message == "cannot read folder.toml: not a regular file"


def test_a_tag_list_that_is_neither_toml_nor_csv_is_refused_before_reading(
    tmp_path: Path,
) -> None:
    problem = only(make_project(tmp_path, project=PROJECT.replace('"tags.csv"', '"/dev/zero"')))
    assert problem.path == "project.tag_files"
    assert "tag lists are .toml or .csv files" in problem.message


def test_a_file_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    (tmp_path / "big.csv").write_text("name,source\n" + "x" * 2000)
    problem = only(make_project(tmp_path, project=PROJECT.replace('"tags.csv"', '"big.csv"')))
    assert problem.message.startswith("cannot read big.csv: 0.0 MB: larger than")


def test_toml_nested_past_the_parser_is_one_problem(tmp_path: Path) -> None:
    deep = "x = " + "[" * 100_000 + "]" * 100_000 + "\n"
    path = make_project(tmp_path)
    path.write_text(deep, encoding="utf-8")
    problem = only(path)
    assert problem.file == "project.toml"
    assert problem.message == "not valid TOML: nested too deeply"
