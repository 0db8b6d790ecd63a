"""The console's translations are whole and built: no unfinished or empty entry in a .ts, and
every checked-in .qm is what its .ts compiles to (pyside6-lrelease)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from commands import translations
from tags.i18n.language import Language


def test_every_message_of_the_chinese_translation_is_finished() -> None:
    files = translations.ts_files(Language.ZH_CN)
    assert files
    for ts in files:
        assert translations.unfinished(ts) == [], ts.name


def test_the_checked_in_qm_is_compiled_from_the_ts_as_it_is_now() -> None:
    for ts in translations.ts_files(Language.ZH_CN):
        assert translations.qm_is_current(ts), f"{ts.name}: run: python main.py translations build"


def test_every_translation_belongs_to_a_part_of_the_console() -> None:
    parts = set(translations.parts())
    assert {ts.stem for ts in translations.ts_files(Language.ZH_CN)} <= parts


def test_an_unfinished_or_empty_entry_is_found(tmp_path: Path) -> None:
    ts = tmp_path / "console_zh_CN.ts"
    ts.write_text(
        """<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="zh_CN">
<context><name>Header</name>
<message><source>Log in</source><translation>登录</translation></message>
<message><source>Log out</source><translation type="unfinished">注销</translation></message>
<message><source>Unlock</source><translation></translation></message>
</context></TS>""",
        encoding="utf-8",
    )
    assert [str(item) for item in translations.unfinished(ts)] == [
        "Header: 'Log out': marked unfinished",
        "Header: 'Unlock': no translation",
    ]


def test_a_qm_older_than_its_ts_fails_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ts = translations.ts_file(Language.ZH_CN, "hmi_shell")
    changed = ts.read_text(encoding="utf-8").replace(">登录<", ">登入<", 1)
    copy = tmp_path / "zh_CN"
    copy.mkdir()
    (copy / ts.name).write_text(changed, encoding="utf-8")
    (copy / "hmi_shell.qm").write_bytes(ts.with_suffix(".qm").read_bytes())
    monkeypatch.setattr(translations, "TRANSLATIONS", tmp_path)
    out = io.StringIO()
    assert translations.check(out) == 1
    assert "zh_CN/hmi_shell.qm: older than hmi_shell.ts" in out.getvalue()


def test_every_text_the_code_marks_is_in_its_part_s_translation() -> None:
    assert translations.missing(Language.ZH_CN) == {}


def test_a_text_marked_in_the_code_but_missing_from_the_ts_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = tmp_path / "code"
    code.mkdir()
    (code / "panel.py").write_text(
        "from PySide6.QtWidgets import QWidget\n\n\nclass Panel(QWidget):\n"
        "    def texts(self) -> None:\n        self.tr('Log in')\n        self.tr('Brand new')\n",
        encoding="utf-8",
    )
    (tmp_path / "zh_CN").mkdir()
    (tmp_path / "zh_CN" / "panel.ts").write_text(
        """<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="zh_CN">
<context><name>Panel</name>
<message><source>Log in</source><translation>登录</translation></message>
</context></TS>""",
        encoding="utf-8",
    )
    monkeypatch.setattr(translations, "TRANSLATIONS", tmp_path)
    monkeypatch.setattr(translations, "parts", lambda: {"panel": [code]})
    assert translations.missing(Language.ZH_CN) == {"panel": {("Panel", "Brand new")}}
