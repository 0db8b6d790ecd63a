"""The debrief with --lang zh_CN: the command's lines and the PDF in Chinese (headings,
figures, sentences, chart labels), the session's date the Chinese way, the CJK font embedded.
What the session recorded (alarm texts, the plan's names, refusals as they were given) stays
as recorded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import main
from tags.config.project import load_project
from tests.english_words import english_words
from tests.paths import DEMO_PROJECT
from tests.tags.i18n.chinese_output import back_to_english, pdf_text, project_words
from tests.tags.reports.test_report_fonts import embedded_fonts
from tests.tags.training.training_support import Trained

__all__ = ["back_to_english"]


def test_the_debrief_prints_in_chinese_with_lang_zh_cn(
    trained: Trained, tmp_path: Path, capsys: pytest.CaptureFixture[str], back_to_english: None
) -> None:
    target = tmp_path / "debrief.pdf"
    capsys.readouterr()
    code = main.main(["--lang", "zh_CN", "--data-dir", str(trained.data_dir), "debrief",
                      str(trained.a.info.id), "--out", str(target)])  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "首次确认：2.0 s（EMM.CIRC.NO_FLOW.DISCRETE）" in printed
    assert "总体：报警 " in printed and f"-> {target}（" in printed
    content = pdf_text(target)
    for heading in ("培训讲评：pump trips", "课次", "学员 / 教员", "时间倍率", "情景计划",
                    "总体", "首次确认", "首次纠正写入", "超出正常范围", "触发的报警",
                    "扰动开始后的秒数", "课次记录", "正常范围"):  # fmt: skip
        assert heading in content, heading
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2}", content)
    own = _debrief_texts(content, trained)
    recorded = project_words(load_project(DEMO_PROJECT))
    left = english_words(own, recorded)
    assert left == [], sorted(set(left))
    fonts = embedded_fonts(target)
    assert any("Helvetica" not in name and embedded for name, embedded in fonts.items()), fonts


def _debrief_texts(content: str, trained: Trained) -> str:
    """The PDF's text without what the session recorded: its title, people, starting state
    and plan, the upsets' names, the operator's responses (the writes as made), the screens'
    keys, the alarm texts and log lines as they were recorded. What is left is the debrief's
    own wording."""
    debrief = trained.a.debrief
    s = debrief.session
    recorded = [s.title, s.trainee, s.trainer, s.start_state, s.plan_text]
    recorded += [r.text for r in debrief.records]
    recorded += [a.text for u in debrief.upsets for a in u.alarms]
    recorded += [text for u in debrief.upsets for text in (u.title, u.scenario)]
    recorded += [r.what for u in debrief.upsets for r in (u.first_ack, u.first_write) if r]
    recorded += list(debrief.overall.screens)
    for text in sorted(recorded, key=len, reverse=True):
        content = content.replace(text, " ")
    return content
