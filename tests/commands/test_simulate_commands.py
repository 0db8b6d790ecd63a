"""``simulate``, ``release --all-simulated`` and ``forced`` with sources, end to end through
``main.main`` on a temporary data folder: a tag and a pattern on generators, clear refusals
(unknown tag or area, bad address, a model without the tag's value, a pattern matching
nothing), and a runtime started on the folder shows the simulated tag moving."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from tags.clock import SystemClock
from tags.config.project import load_project
from tags.forcing.force import FORCED_QUALITY
from tags.model import Quality
from tags.runtime import Runtime
from tags.security.audit import AuditTrail
from tests.commands.command_line import Cli
from tests.paths import SIGNALS_PROJECT
from tests.waiting import until

RAMP = "sim://signal/ramp?low=0&high=10&period=2"


pytestmark = pytest.mark.usefixtures("own_data_folder")


@pytest.mark.slow
def test_simulate_list_and_release_end_to_end(cli: Cli, folder: Path) -> None:
    def run(*args: str) -> tuple[int, str]:
        code, out, _ = cli.as_user(folder, *args)
        return code, out

    code, out = run("simulate", "TST.GEN.RAMP", RAMP, "--reason", "no FT", "--for", "30")
    assert code == 0, out
    assert out.startswith("simulated TST.GEN.RAMP = ")
    assert f"simulated: {RAMP} by erin until 20" in out

    code, out = run("simulate", "TST.GEN.S*", "sim://signal/square?period=2", "--reason", "r")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].startswith("simulated TST.GEN.SINE = ")  # 0..1: inside its range
    assert lines[1].startswith("simulated TST.GEN.SQUARE = ")
    assert lines[-1] == "2 of 2 tags simulated"

    code, out, _ = cli("forced", "--project", SIGNALS_PROJECT, "--data-dir", folder)
    assert code == 0
    header, *rows, count = out.splitlines()
    assert header.split()[:3] == ["TAG", "VALUE", "SOURCE"]
    assert rows[0].split()[:3] == ["TST.GEN.RAMP", "simulated", RAMP]
    assert count == "3 forced (3 simulated)"

    with AuditTrail(folder / "audit.db", SystemClock()) as audit:
        assert len(audit.query(action="simulate")) == 3

    code, out = run("release", "--all-simulated", "--reason", "wired")
    assert code == 0, out
    assert out.splitlines()[0] == f"released TST.GEN.RAMP (was simulated: {RAMP})"
    assert out.splitlines()[-1] == "3 released"
    code, out, _ = cli("forced", "--project", SIGNALS_PROJECT, "--data-dir", folder)
    assert (code, out) == (0, "no forced values\n")


@pytest.mark.slow
def test_simulate_refusals_are_clear(cli: Cli, folder: Path) -> None:
    def run(target: str, source: str) -> tuple[int, str]:
        code, out, _ = cli.as_user(folder, "simulate", target, source, "--reason", "r")
        return code, out

    assert run("NOPE", RAMP) == (1, "refused: no tag or area named 'NOPE' (areas: TST)\n")
    assert run("XX.*", RAMP) == (1, "refused: the pattern 'XX.*' matches no tag\n")
    code, out = run("TST.GEN.RAMP", "sim://signal/sine?period=0")
    assert (code, out) == (1, "refused: source 'sim://signal/sine?period=0': sine: period "
                              "must be above 0\n")  # fmt: skip
    code, out = run("TST.GEN.RAMP", "model")
    assert code == 1 and out.startswith("refused: the plant model has no value for TST.GEN.RAMP")
    code, out = run("TST", "model")  # an area: each tag named, none simulated
    assert code == 1 and re.fullmatch(r"0 of \d+ tags simulated", out.splitlines()[-1])
    assert "refused: TST.GEN.SINE: the plant model has no value" in out
    code, out, _ = cli.as_user(folder, "release", "--reason", "r")
    assert (code, out) == (1, "refused: release takes a TAG or --all-simulated (one of them)\n")


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_runtime_on_the_folder_shows_the_simulated_tag_moving(
    cli: Cli, folder: Path
) -> None:
    code, out, _ = await asyncio.to_thread(
        cli.as_user, folder, "simulate", "TST.FIC1.SP",
        "sim://signal/ramp?low=40&high=60&period=3", "--reason", "loop check",
    )  # fmt: skip
    assert code == 0, out
    runtime = Runtime(load_project(SIGNALS_PROJECT), folder, history=False)
    await runtime.start()
    try:
        seen: set[float] = set()

        def moving() -> bool:
            sample = runtime.db.get("TST.FIC1.SP")
            assert sample.quality is FORCED_QUALITY
            assert isinstance(sample.value, float)
            seen.add(sample.value)
            return len(seen) >= 3

        await until(moving)
        await until(lambda: runtime.db.get("TST.GEN.RAMP").quality is Quality.GOOD)
        assert runtime.db.held("TST.FIC1.SP") is not None  # the memory tag's field value
    finally:
        await runtime.stop()
