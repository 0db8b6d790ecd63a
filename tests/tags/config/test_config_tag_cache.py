"""The tag cache: a project that loaded cleanly loads again from it with the same tags; any
change, a corrupt or foreign cache, or a problem parses every file (and reports every problem
with its file and line); only clean loads are kept, owner-only."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path
from types import MappingProxyType

import pytest

import tags.config.project as project_module
from tags.address import SimAddress
from tags.config.problems import ConfigError
from tags.config.project import load_project
from tags.config.tag_cache import FOLDER
from tags.config.taglist import parse_tag
from tags.model import NO_STATES, AlarmDef, AlarmKind, Priority, TagDef, shared
from tests.tags.config.config_projects import ALL_TAGS, TAGS, line_number, make_project


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every tag list cached (no size threshold), the data folder in tmp_path; the names of
    the tags parsed, in order."""
    monkeypatch.setenv("HMI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(project_module, "MIN_BYTES", 0)
    monkeypatch.setattr(project_module, "_RECENT", {})
    parsed: list[str] = []

    def counting(name: str, *args: object) -> TagDef | None:
        parsed.append(name)
        return parse_tag(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(project_module, "parse_tag", counting)
    return parsed


def fresh_process() -> None:
    """Forget the project this process loaded last (as a new process would)."""
    project_module._RECENT.clear()


def cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "data" / FOLDER).glob("*.pickle"))


def test_a_clean_project_loads_again_from_the_cache(tmp_path: Path, cached: list[str]) -> None:
    path = make_project(tmp_path)
    first = load_project(path)
    assert sorted(cached) == sorted(ALL_TAGS)
    fresh_process()
    cached.clear()
    second = load_project(path)
    assert cached == []  # nothing parsed
    assert second == first
    assert list(second.tags) == list(first.tags)
    assert second.tags["TST.FIC1.PV"].alarms == first.tags["TST.FIC1.PV"].alarms
    assert second.tags["TST.PUMP1.RUN"].states == {0: "STOPPED", 1: "RUNNING"}
    assert second.tags["TST.FIC1.SP"].states is NO_STATES
    level = second.tags["TST.TANK1.LEVEL"].address
    assert isinstance(level, SimAddress)
    with pytest.raises(TypeError):
        level.params["low"] = "5"  # type: ignore[index]
    (file,) = cache_files(tmp_path)
    if os.name == "posix":
        assert stat.S_IMODE(file.stat().st_mode) == 0o600


def test_a_changed_tag_list_is_parsed_and_its_problems_reported(
    tmp_path: Path, cached: list[str]
) -> None:
    path = make_project(tmp_path)
    load_project(path)
    fresh_process()
    broken = TAGS.replace('scan = "turbo"', 'scan = "warp"')
    (tmp_path / "tags.toml").write_text(broken, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_project(path)
    (problem,) = error.value.problems
    assert (problem.file, problem.path) == ("tags.toml", "tags.TST.FIC1.PV.scan")
    assert problem.line == line_number(broken, 'scan = "warp"')
    fresh_process()
    cached.clear()
    with pytest.raises(ConfigError):  # a project with problems was not kept
        load_project(path)
    assert len(cached) == len(ALL_TAGS)


def test_a_changed_project_file_or_engine_misses(
    tmp_path: Path, cached: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_project(tmp_path)
    load_project(path)
    fresh_process()
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    cached.clear()
    load_project(path)
    assert len(cached) == len(ALL_TAGS)
    fresh_process()
    monkeypatch.setattr("tags.config.tag_cache.engine_version", lambda: "another engine")
    cached.clear()
    load_project(path)
    assert len(cached) == len(ALL_TAGS)


def test_a_corrupt_or_foreign_cache_is_parsed_over(tmp_path: Path, cached: list[str]) -> None:
    path = make_project(tmp_path)
    expected = load_project(path)
    (file,) = cache_files(tmp_path)
    head = file.read_bytes().split(b"\n", 2)
    head = head[0] + b"\n" + head[1].split(b" ")[0] + f" {len(ALL_TAGS)}\n".encode()
    evil = pickle.dumps([os.getcwd])  # a function from outside the engine
    imported = b"ctags.model\nmath\n."  # a module the model imports
    bodies = (b"\x80\x05garbage", evil, imported, pickle.dumps({"not": "tags"}), b"")
    for body in bodies:
        file.write_bytes(head + body)
        fresh_process()
        cached.clear()
        assert load_project(path) == expected
        assert len(cached) == len(ALL_TAGS)
    fresh_process()
    cached.clear()
    assert load_project(path) == expected  # written again by the last parse
    assert cached == []


def test_without_the_cache_or_below_the_size_every_file_is_parsed(
    tmp_path: Path, cached: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_project(tmp_path)
    load_project(path, tag_cache=False)
    assert cache_files(tmp_path) == []
    monkeypatch.setattr(project_module, "MIN_BYTES", 10**9)
    fresh_process()
    load_project(path)
    assert cache_files(tmp_path) == []


def test_tag_definitions_pickle_whole() -> None:
    address = SimAddress("signal", "sine", MappingProxyType({"low": "0", "high": "10"}))
    tag = TagDef("TST.A.B", "sim://signal/sine?low=0&high=10", address, states={1: "ON"})
    again = pickle.loads(pickle.dumps(tag))
    assert again == tag
    assert isinstance(again.address.params, MappingProxyType)
    plain = pickle.loads(pickle.dumps(TagDef("TST.A.C", "sim://memory/X", address)))
    assert plain.states == {}


def test_unpickled_definitions_share_equal_numbers_sources_and_names() -> None:
    def pressure(name: str, low: float) -> TagDef:
        source = "sim://signal/sine?low=0&high=10"
        address = SimAddress("signal", "sine", MappingProxyType({"low": "0", "high": "10"}))
        limit = AlarmDef(name, AlarmKind.HI, float("9.5"), Priority.HIGH, deadband=float("0.5"),
                         inherit=frozenset({"on_delay"}))  # fmt: skip
        return TagDef(name, source, address, unit="k" + "Pa", eng_low=low,
                      eng_high=float("120"), alarms=(limit,))  # fmt: skip

    made = [pressure("TST.A.PV", float("-0.0")), pressure("TST.B.PV", 2.5)]
    first, second = (pickle.loads(pickle.dumps(tag)) for tag in made)  # apart: no pickle memo
    together = pickle.loads(pickle.dumps(made))
    assert together == made
    assert together[0].unit is together[1].unit  # one text in one pickle
    assert together[0].alarms[0].inherit is together[1].alarms[0].inherit
    assert [first, second] == made
    assert first.address is second.address
    assert first.eng_high is second.eng_high
    a, b = first.alarms[0], second.alarms[0]
    assert a.limit is b.limit and a.deadband is b.deadband
    assert str(first.eng_low) == "-0.0" and second.eng_low == 2.5  # -0.0 keeps its sign
    assert shared(frozenset({"a"})) is shared(frozenset("a")) and shared(None) is None
    long = "a description longer than sixteen characters"
    assert shared(long) is long
