"""The debrief as PDF, two sessions compared, and the sessions/debrief/compare commands."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

import main
from commands.training import list_sessions
from tags.training.compare import DifferentPlans, compare
from tags.training.debrief_pdf import write_pdf
from tests.tags.training.training_support import LIVE, Trained


def pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(path)
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_the_debrief_pdf_holds_the_session_the_upsets_and_their_trends(
    trained: Trained, tmp_path: Path
) -> None:
    target = tmp_path / "debrief" / "a.pdf"
    pages = write_pdf(trained.a.debrief, target)
    count, text = pdf_text(target)
    assert pages == count >= 2
    for expected in (
        "Training debrief: pump trips",
        "olga / tess",
        "Duty circulation pump trips (emm-pump-trip)",
        "Ash analyser source fault",
        "Cooling-water pump 2 trips",
        "Sinter machine stops",
        "First acknowledgement",
        "2.0 s: EMM.CIRC.NO_FLOW.DISCRETE",
        "EMM.CIRC.P2.CMD False -> True",
        "EMM.FEED.FLOW.PV",  # an excursion row and a trend title
        "seconds after the upset started",
        "Session log",
        "above the write limit",
    ):
        assert expected in text, expected


def test_a_comparison_shows_the_differences_in_response_times(trained: Trained) -> None:
    result = compare(trained.a.debrief, trained.b.debrief)
    rows = {(u.scenario, u.occurrence): u for u in result.upsets}
    emm = rows[("emm-pump-trip", 1)]
    assert emm.ack_diff == pytest.approx(1.0 - 2.0, abs=0.1)  # B acknowledged 1 s sooner
    assert emm.write_diff == pytest.approx(2.5 - 4.0, abs=0.15)
    cwp = rows[("cwp-analyser-fault", 1)]
    assert cwp.ack_diff == pytest.approx(0.5, abs=0.1)
    assert cwp.write_diff == pytest.approx(0.5, abs=0.15)
    sco2 = rows[("sco2-cw-pump-trip", 1)]
    assert sco2.ack_diff == pytest.approx(1.0, abs=0.1)
    assert sco2.write_diff == pytest.approx(-0.5, abs=0.15)
    live = rows[(LIVE, 1)]
    assert live.a is not None and live.b is None and live.ack_diff is None
    text = "\n".join(result.lines())
    assert "emm-pump-trip" in text and "-1.0s" in text and "-1.5s" in text
    overall = {label: d for label, _, _, d in result.overall()}
    assert overall["mean time to acknowledge (s)"] == pytest.approx((-1.0 + 0.5 + 1.0) / 3, abs=0.1)


def test_sessions_of_different_plans_are_not_compared_unless_asked(
    trained: Trained,
) -> None:
    other = dataclasses.replace(
        trained.b.debrief, session=dataclasses.replace(trained.b.info, plan=())
    )
    with pytest.raises(DifferentPlans, match="different scenario plans"):
        compare(trained.a.debrief, other)
    assert compare(trained.a.debrief, other, same_plan=False).upsets


def cli(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main.main(["--data-dir", str(data_dir), *args])
    return code, capsys.readouterr().out


def test_the_commands_list_debrief_and_compare_sessions(
    trained: Trained, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = trained.a.info.id, trained.b.info.id
    code, text = cli(capsys, trained.data_dir, "sessions")
    assert code == 0
    lines = text.splitlines()
    assert lines[0].lstrip().startswith(str(b)) and lines[1].lstrip().startswith(str(a))
    assert "trainee olga" in text and "snapshot start" in text
    code, text = cli(capsys, trained.data_dir, "sessions", "--snapshots")
    assert code == 0 and "start" in text and "by tess" in text

    target = tmp_path / "debrief.pdf"
    code, text = cli(capsys, trained.data_dir, "debrief", str(a), "--out", str(target))
    assert code == 0, text
    assert "first acknowledgement: 2.0 s (EMM.CIRC.NO_FLOW.DISCRETE)" in text
    assert f"-> {target}" in text
    assert "Training debrief: pump trips" in pdf_text(target)[1]

    code, text = cli(capsys, trained.data_dir, "compare", str(a), str(b))
    assert code == 0, text
    assert text.splitlines()[0].startswith(f"A: session {a}")
    assert "emm-pump-trip" in text and "-1.0s" in text


def test_the_commands_fail_clearly_on_a_bad_session(
    trained: Trained, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = cli(capsys, trained.data_dir, "debrief", "999")
    assert code == 1
    assert "no training session 999 in" in text and "(sessions 1-" in text
    code, text = cli(capsys, trained.data_dir, "compare", str(trained.a.info.id), "999")
    assert code == 1 and "no training session 999" in text
    with pytest.raises(SystemExit) as exit_info:
        cli(capsys, trained.data_dir, "debrief", "latest")
    assert exit_info.value.code == 2
    assert "invalid int value: 'latest'" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    out = io.StringIO()
    assert list_sessions(empty, out) == 1
    assert "no training sessions in" in out.getvalue()
    code, text = cli(capsys, empty, "debrief", "1")
    assert code == 1 and "no training sessions in" in text
    assert not (empty / "training.db").exists()
