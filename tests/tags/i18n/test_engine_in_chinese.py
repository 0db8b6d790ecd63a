"""The engine's texts in Chinese: the shift report from the command line with --lang zh_CN
(its output and its PDF: Chinese headings, no English sentence, dates the Chinese way, the CJK
font embedded), a predictive warning, a loop-check refusal, a command-line error in Chinese
with --lang zh_CN and in English without (commands run in scripts: English by default)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import main
from tags.analytics.prediction import PredictiveWarning
from tags.clock import ManualClock
from tags.config.project import load_project
from tags.i18n.language import Language, set_language
from tags.loopcheck.book import LoopCheckBook, LoopCheckRefused
from tags.loopcheck.checklist import checklist
from tags.model import AlarmKind
from tags.store.url import SQLITE
from tags.stores import Stores
from tests.english_words import english_words
from tests.paths import DEMO_PROJECT, DEMO_RECORDING
from tests.tags.i18n.chinese_output import back_to_english, pdf_text, project_words
from tests.tags.reports.test_report_fonts import embedded_fonts

__all__ = ["back_to_english"]

CHINESE_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}")


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    capsys.readouterr()
    code = main.main([str(a) for a in args])
    return code, capsys.readouterr().out


@pytest.mark.slow
def test_the_shift_report_prints_in_chinese_with_lang_zh_cn(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], back_to_english: None
) -> None:
    out = tmp_path / "report.pdf"
    code, printed = run(
        capsys, "--lang", "zh_CN", "report", "--recording", DEMO_RECORDING, "--out", out,
        "--data-dir", tmp_path / "data", "--note", "磁铁矿补加量提高；二号磁选机已检查",
        "--user", "值班长",
    )  # fmt: skip
    assert code == 0, printed
    assert printed.startswith("交接班报表 ") and CHINESE_DATE.search(printed.splitlines()[0])
    assert "报警：已通告 19 条" in printed and "Mn产量 0.139 t" in printed
    assert f"-> {out}（" in printed
    content = pdf_text(out)
    for heading in ("交接班报表", "事件与停机", "产量与计划对比", "产量与质量", "能源", "报警",
                    "报警系统性能（EEMUA 191）", "前 10 位报警", "结束时仍存在的报警",
                    "操作员写入", "交接班记事", "仪表健康", "时段结束时的预测预警", "趋势",
                    "电解锰吨锰直流电耗", "单位直流电耗", "电流效率", "各时段能耗（MWh）",
                    "超量程", "将在约"):  # fmt: skip
        assert heading in content, heading
    assert CHINESE_DATE.search(content), "the period and the time made in Chinese form"
    assert not re.search(r"\d{4}-\d{2}-\d{2}", content), "a date left in the ISO form"
    source = str(DEMO_RECORDING)
    allowed = project_words(load_project(DEMO_PROJECT)) | {source}
    left = english_words(content.replace(source, " "), allowed)
    assert left == [], sorted(set(left))
    fonts = embedded_fonts(out)
    cjk = {name: embedded for name, embedded in fonts.items() if "Helvetica" not in name}
    assert cjk and all(cjk.values()), fonts


def test_a_predictive_warning_is_said_in_chinese(back_to_english: None) -> None:
    warning = PredictiveWarning(
        tag="CWP.CLEAN.ASH", area="CWP", alarm="CWP.CLEAN.ASH.HI", kind=AlarmKind.HI,
        limit=10.5, unit="%", value=10.1, rate_per_minute=0.03, seconds=14 * 60.0,
        time=1_750_000_000.0, confidence=0.9, since=1_750_000_000.0,
    )  # fmt: skip
    assert warning.text == "CWP.CLEAN.ASH reaches 10.5 % in about 14 min"
    set_language(Language.ZH_CN)
    assert warning.text == "CWP.CLEAN.ASH 将在约 14 min 后达到 10.5 %"


def test_a_loop_check_refusal_is_said_in_chinese(tmp_path: Path, back_to_english: None) -> None:
    loops = checklist(load_project(DEMO_PROJECT))
    with Stores(SQLITE, tmp_path, ManualClock(1_750_000_000.0)) as stores:
        kept = stores.loopchecks()
        try:
            book = LoopCheckBook(loops, kept, stores.clock)
            set_language(Language.ZH_CN)
            with pytest.raises(LoopCheckRefused, match=r"“NO\.SUCH\.TAG”不是检查清单中的回路"):
                book.state("NO.SUCH.TAG")
            set_language(Language.EN)
            with pytest.raises(LoopCheckRefused, match=r"'NO\.SUCH\.TAG' is not a loop"):
                book.state("NO.SUCH.TAG")
        finally:
            kept.close()


def test_a_command_line_error_follows_lang_and_is_english_without_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], back_to_english: None
) -> None:
    period = ("--from", "2026-11-28T18:20", "--to", "2026-11-28T18:10")
    args = ("report", "--recording", DEMO_RECORDING, "--out", tmp_path / "r.pdf", *period)
    code, printed = run(capsys, *args)
    assert code != 0 and "the report period is empty (--to must be after --from)" in printed
    code, printed = run(capsys, "--lang", "zh_CN", *args)
    assert code != 0 and "报表时段为空（--to 必须晚于 --from）" in printed
    assert english_words(printed.replace("--from", "")) == []  # the option keeps its name
