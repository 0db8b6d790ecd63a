"""``loopcheck`` end to end, in-process through ``main.main`` on a temporary data folder: an
engineer records points and fails a loop from the terminal, an operator is refused, bad input
is named, everything is audited, and the state prints with the sheets as PDF and CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from pypdf import PdfReader

from tags.clock import SystemClock
from tags.loopcheck.store import SqliteLoopCheckStore
from tags.security.audit import AuditTrail
from tests.commands.command_line import Cli
from tests.paths import DEMO_PROJECT

FEED = "CWP.FEED.TPH"

pytestmark = pytest.mark.usefixtures("own_data_folder")


@pytest.mark.slow
def test_record_fail_and_print_the_sheets_end_to_end(
    cli: Cli, folder: Path, tmp_path: Path
) -> None:
    def as_user(*args: str, user: str = "erin") -> tuple[int, str]:
        code, out, _ = cli.as_user(folder, "loopcheck", *args, user=user, project=DEMO_PROJECT)
        return code, out

    def run(*args: str | Path, stdin: str = "") -> tuple[int, str]:
        code, out, _ = cli(*args, stdin=stdin)
        return code, out

    for point, value in (("0", "0.4"), ("50", "352"), ("100", "699.5")):
        code, out = as_user("record", FEED, "--point", point, "--value", value)
        assert code == 0, out
    assert out.splitlines() == [
        f"{FEED} 100 %: seen 700 t/h, expected 700 t/h ± 7 t/h: pass", f"{FEED} is checked",
    ]  # fmt: skip
    code, out = as_user("fail", "CWP.FEED.ASH", "--note", "no signal at the cabinet")
    assert (code, out.splitlines()[-1]) == (0, "CWP.FEED.ASH is failed: no signal at the cabinet")

    code, out = as_user("record", FEED, "--point", "0", "--value", "0", user="olga")
    assert (code, out.strip()) == (1, "refused: operator 'olga' may not record loop checks in "
                                      "area CWP")  # fmt: skip
    code, out = as_user("record", FEED, "--point", "75", "--value", "0")
    assert code == 1 and "point: '75' is not a check point" in out
    code, out = run("loopcheck", "--data-dir", folder, "record", FEED,
                    "--point", "0", "--value", "0", "--user", "erin", "--password-stdin",
                    stdin="wrong\n")  # fmt: skip
    assert (code, out.strip()) == (1, "refused: unknown user or wrong password")

    pdf = tmp_path / "sheets.pdf"
    code, out = run("loopcheck", "--project", DEMO_PROJECT, "--data-dir",
                    folder, "--out", pdf)  # fmt: skip
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["CWP", "1", "checked,", "1", "failed,", "30", "not", "yet,",
                                "of", "32"]  # fmt: skip
    assert "failed CWP.FEED.ASH: no signal at the cabinet" in lines
    assert lines[-1].startswith(f"wrote {len(PdfReader(pdf).pages)} pages to ")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "erin" in text and "no signal at the cabinet" in text and "Coal washing" in text

    sheet = tmp_path / "sheets.txt"
    code, out = run("loopcheck", "--data-dir", folder, "--out", sheet,
                    "--csv")  # fmt: skip
    assert code == 0 and out.splitlines()[-1] == f"wrote 999 rows to {sheet}"
    with sheet.open(newline="", encoding="utf-8") as f:
        feed = [r for r in csv.DictReader(f) if r["tag"] == FEED]
    assert [(r["seen"], r["by"], r["workstation"]) for r in feed] == [
        ("0 t/h", "erin", "command line"), ("352 t/h", "erin", "command line"),
        ("700 t/h", "erin", "command line"),
    ]  # fmt: skip

    with SqliteLoopCheckStore.in_data_dir(folder) as store:
        assert len(store.records()) == 4
    with AuditTrail.in_data_dir(folder, SystemClock()) as trail:
        actions = [(r.action, r.user, r.result) for r in trail.records()
                   if r.action.startswith("loopcheck")]  # fmt: skip
    assert actions == [
        ("loopcheck_point", "erin", "passed"), ("loopcheck_point", "erin", "passed"),
        ("loopcheck_point", "erin", "passed"), ("loopcheck_failed", "erin", "failed"),
        ("loopcheck_refused", "olga", "refused: operator 'olga' may not record loop checks "
                                      "in area CWP"),
        ("loopcheck_refused", "erin", actions[-1][2]),
    ]  # fmt: skip
