"""``force``, ``release`` and ``forced`` end to end, in-process through ``main.main`` on a
temporary data folder: an engineer forces and releases, an operator is refused, bad input is
named, everything is audited, and a runtime started on the folder shows the force."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tags.clock import ManualClock, SystemClock
from tags.config.project import load_project
from tags.database import TagDatabase
from tags.forcing.store import SqliteForceStore
from tags.forcing.table import ForceTable
from tags.model import Quality
from tags.runtime import Runtime
from tags.security.audit import AuditTrail
from tags.security.permissions import Role, User
from tests.commands.command_line import Cli
from tests.paths import SIGNALS_PROJECT
from tests.waiting import until

SINE = "TST.GEN.SINE"


pytestmark = pytest.mark.usefixtures("own_data_folder")


@pytest.mark.slow
def test_force_list_and_release_end_to_end(cli: Cli, folder: Path) -> None:
    code, out, _ = cli.as_user(folder, "force", SINE, "77.5", "--reason", "not wired",
                           "--for", "30")  # fmt: skip
    assert code == 0, out
    assert out.startswith(f"forced {SINE} = 77.50 %: forced by erin until 20")
    assert out.rstrip().endswith(": not wired")

    code, out, _ = cli("forced", "--project", SIGNALS_PROJECT, "--data-dir", folder)
    assert code == 0
    header, row, count = out.splitlines()
    assert header.split() == ["TAG", "VALUE", "SOURCE", "BY", "REASON", "SINCE", "UNTIL"]
    assert row.startswith(f"{SINE}  77.50 %  fixed   erin  not wired  20")
    assert count == "1 forced"

    code, out, _ = cli.as_user(folder, "release", SINE, "--reason", "wired")
    assert (code, out) == (0, f"released {SINE} (was forced to 77.50 %)\n")
    code, out, _ = cli("forced", "--project", SIGNALS_PROJECT, "--data-dir", folder)
    assert (code, out) == (0, "no forced values\n")

    with AuditTrail(folder / "audit.db", ManualClock()) as audit:
        (forced,) = audit.query(action="force")
        (released,) = audit.query(action="force_release")
    assert (forced.user, forced.tag, forced.new, forced.reason) == (
        "erin",
        SINE,
        "77.5",
        "not wired",
    )
    assert forced.workstation == "command line" and "until 20" in forced.detail
    assert (released.user, released.reason, released.result) == ("erin", "wired", "released")


@pytest.mark.slow
def test_an_operator_is_refused_and_bad_input_is_named(cli: Cli, folder: Path) -> None:
    code, out, _ = cli.as_user(folder, "force", SINE, "50", "--reason", "x", user="olga")
    assert (code, out) == (1, "refused: operator 'olga' may not force values in area TST\n")
    code, out, _ = cli.as_user(folder, "force", "TST.NOPE", "1", "--reason", "x")
    assert (code, out) == (1, "refused: unknown tag 'TST.NOPE'\n")
    code, out, _ = cli.as_user(folder, "force", SINE, "hot", "--reason", "x")
    assert (code, out) == (1, "refused: value: 'hot' is not a value of TST.GEN.SINE\n")
    code, out, _ = cli.as_user(folder, "force", SINE, "101", "--reason", "x")
    assert (code, out) == (1, "refused: 101.00 % is above TST.GEN.SINE's range 100.00 %\n")
    code, out, _ = cli.as_user(folder, "force", SINE, "5", "--reason", " ")
    assert (code, out) == (1, "refused: a force needs a reason (--reason TEXT)\n")
    code, out, _ = cli.as_user(folder, "release", SINE, "--reason", "x")
    assert (code, out) == (1, f"refused: {SINE} is not forced\n")
    with pytest.raises(SystemExit) as usage:
        cli("force", "--data-dir", folder, SINE, "5", "--user", "erin", "--password-stdin")
    assert usage.value.code == 2
    code, out, _ = cli("forced", "--project", SIGNALS_PROJECT, "--data-dir", folder)
    assert (code, out) == (0, "no forced values\n")


@pytest.mark.slow
def test_a_runtime_shows_a_stored_force_and_takes_up_a_release_made_elsewhere(
    cli: Cli, folder: Path
) -> None:
    assert cli.as_user(folder, "force", SINE, "12", "--reason", "loop check")[0] == 0

    async def scenario() -> None:
        runtime = Runtime(load_project(SIGNALS_PROJECT), folder, history=False)
        try:
            await runtime.start()
            assert runtime.forces is not None and runtime.forces.count == 1
            shown = runtime.db.get(SINE)
            await until(lambda: (runtime.db.held(SINE) or shown).quality is Quality.GOOD)
            shown = runtime.db.get(SINE)  # the field's samples arrive and are held aside
            assert (shown.value, shown.quality) == (12.0, Quality.GOOD_LOCAL_OVERRIDE)
            assert shown.reason == "forced by erin until released: loop check"
            # another process (the release command) changes the store: taken up while running
            with SqliteForceStore.in_data_dir(folder) as store:
                other = ForceTable(TagDatabase(runtime.project.tags, SystemClock()), store)
                other.sync()
                other.release(SINE, user=User("erin", Role.ENGINEER), reason="checked")
            await until(lambda: not runtime.db.is_substituted(SINE))
            assert runtime.db.get(SINE).quality is Quality.GOOD
            assert runtime.forces.count == 0
        finally:
            await runtime.stop()

    asyncio.run(scenario())
