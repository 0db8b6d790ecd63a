"""The command line in Chinese with ``--lang zh_CN``: users, the audit trail, read, forced
values, history export, training and report listings, argparse's usage and errors, and help;
no English sentence left (tag names, file names, option names and units are as they are).
English without ``--lang`` stays as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from commands.columns import pad, width
from commands.wording import requested_language, wrap_columns
from tags.i18n.language import Language, set_language
from tests.commands.command_line import PASSWORD, Cli
from tests.english_words import english_words
from tests.paths import DEMO_PROJECT, DEMO_RECORDING, SIGNALS_PROJECT
from tests.tags.i18n.chinese_output import back_to_english

__all__ = ["back_to_english"]

pytestmark = pytest.mark.usefixtures("own_data_folder", "back_to_english")

ZH = ("--lang", "zh_CN")
OPTION = re.compile(r"--?[a-z][a-z-]*")
NOTATION = re.compile(r"\b[A-Z][A-Z_]+\b")
"""Metavars of a usage line (TAG, NAME, MINUTES): the command line's notation, not words."""


def left_english(printed: str, *kept: str | Path) -> list[str]:
    """English words left, option names, metavars and the ``kept`` texts taken out."""
    rest = printed
    for item in sorted((str(k) for k in kept), key=len, reverse=True):
        rest = rest.replace(item, " ")
    rest = NOTATION.sub(" ", OPTION.sub(" ", rest))
    return english_words(rest, units=["%"])


def test_users_are_added_and_listed_in_chinese(cli: Cli, folder: Path) -> None:
    code, out, _ = cli(*ZH, "users", "add", "wang", "--role", "supervisor", "--data-dir", folder,
                       "--admin", "root", "--password-stdin",
                       stdin=f"{PASSWORD}\n{PASSWORD}-wang\n")  # fmt: skip
    assert (code, out) == (0, "已添加用户“wang”，角色：值长\n")
    code, out, _ = cli(*ZH, "users", "list", "--data-dir", folder)
    assert code == 0
    heading, *rows = out.splitlines()
    assert heading.split() == ["用户名", "角色", "区域", "最近登录"]
    assert width(heading.split("最近登录")[0]) == 20 + 1 + 11 + 1 + 16 + 1  # the columns line up
    assert any(row.startswith("wang") and "值长" in row and "从未" in row for row in rows)
    assert left_english(out, "root", "erin", "olga", "wang") == []


def test_a_refusal_and_the_audit_verdict_are_said_in_chinese(cli: Cli, folder: Path) -> None:
    code, out, _ = cli(*ZH, "users", "add", "li", "--role", "operator", "--data-dir", folder,
                       "--password-stdin", stdin=f"{PASSWORD}\n")  # fmt: skip
    assert code == 1 and out.startswith("已拒绝：已存在管理员：请给出 --admin NAME")
    code, out, _ = cli(*ZH, "audit", "verify", "--data-dir", folder)
    assert code == 0 and re.fullmatch(r"审计追踪完好：已校验 \d+ 条记录\n", out), out


def test_reading_an_unknown_tag_of_the_demo_project_is_refused_in_chinese(
    cli: Cli, tmp_path: Path
) -> None:
    code, out, _ = cli(*ZH, "read", "--project", DEMO_PROJECT, "--data-dir", tmp_path,
                       "AREA.NOPE.PV")  # fmt: skip
    assert (code, out) == (2, "未知位号“AREA.NOPE.PV”\n")


def test_force_forced_and_release_in_chinese(cli: Cli, folder: Path) -> None:
    sine = "TST.GEN.SINE"
    code, out, _ = cli.as_user(folder, "force", sine, "77.5", "--reason", "未接线",
                               "--for", "30", *ZH)  # fmt: skip
    assert code == 0, out
    assert out.startswith(f"已强制 {sine} = 77.50 %：强制，操作人 erin，至 20"), out
    assert "年" in out and out.rstrip().endswith("：未接线")
    code, out, _ = cli(*ZH, "forced", "--project", SIGNALS_PROJECT, "--data-dir", folder)
    heading, row, count = out.splitlines()
    assert heading.split() == ["位号", "数值", "来源", "操作人", "原因", "起始", "截止"]
    assert row.startswith(f"{sine}  77.50 %  固定值  erin    未接线") and count == "1 个强制值"
    assert left_english(out, "erin") == []
    code, out, _ = cli.as_user(folder, "release", sine, "--reason", "已接线", *ZH)
    assert (code, out) == (0, f"已解除 {sine}（原为 强制为 77.50 %）\n")


def test_history_export_in_chinese(cli: Cli, tmp_path: Path) -> None:
    csv = tmp_path / "out.csv"
    code, out, err = cli(*ZH, "export", "AREA.NOTHING.*", "--history", DEMO_RECORDING,
                         "--out", csv)  # fmt: skip
    assert (code, out) == (2, "没有已记录的位号匹配 AREA.NOTHING.*\n")
    code, out, err = cli(*ZH, "export", "CWP.CLEAN.ASH", "--history", DEMO_RECORDING,
                         "--out", csv)  # fmt: skip
    assert code == 0 and re.fullmatch(rf"已导出 1 个位号的 \d+ 行到 {re.escape(str(csv))}\n", out)
    assert "个样本" in err


def test_training_and_report_listings_in_chinese(cli: Cli, tmp_path: Path) -> None:
    code, out, _ = cli(*ZH, "sessions", "--data-dir", tmp_path)
    assert code == 1 and out == f"{tmp_path} 中没有培训课次（没有 training.db）\n"
    code, out, _ = cli(*ZH, "report", "--list", "--data-dir", tmp_path)
    assert code == 0 and out.startswith(f"{tmp_path / 'reports'} 中没有保存的报表")


def test_a_missing_argument_and_a_wrong_choice_are_said_in_chinese(
    cli: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        cli(*ZH, "force", "AREA.X.PV")
    err = capsys.readouterr().err
    assert done.value.code == 2 and err.startswith("用法：main.py force")
    assert "main.py force：错误：缺少必需的参数：value, --user, --reason" in err
    assert left_english(err, "main.py force", "value", "tag") == []
    with pytest.raises(SystemExit):
        cli(*ZH, "nope")
    assert "main.py：错误：参数 COMMAND：无效的选择：'nope'（可选：" in capsys.readouterr().err


def test_help_is_chinese_and_english_without_lang(
    cli: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        cli(*ZH, "force", "--help")
    printed = capsys.readouterr().out
    assert printed.startswith("用法：main.py force") and "显示本帮助并退出" in printed
    assert "以 VALUE 代替 TAG 的现场值显示" in printed
    assert left_english(printed, "main.py force", "GoodLocalOverride", "tag", "value") == []
    set_language(Language.EN)  # the process keeps a language once set
    with pytest.raises(SystemExit):
        cli("force", "--help")
    printed = capsys.readouterr().out
    assert printed.startswith("usage: main.py force") and "show this help message" in printed


def test_the_language_is_found_before_the_parser_is_built() -> None:
    assert requested_language(["--lang", "zh_CN", "check"]) is Language.ZH_CN
    assert requested_language(["--lang=zh-cn"]) is Language.ZH_CN
    assert requested_language(["--lang", "fr"]) is None
    assert requested_language(["check"]) is None


def test_chinese_is_wrapped_and_padded_by_terminal_columns() -> None:
    assert width("位号 A") == 6 and pad("位号", 6) == "位号  " and pad("tag", 6) == "tag   "
    lines = wrap_columns("以 VALUE 代替 TAG 的现场值显示，质量为 GoodLocalOverride：报警使用", 20)
    assert all(width(line) <= 20 for line in lines), lines
    assert not any(line.startswith(("，", "：")) for line in lines)
