"""The console's translations are whole and built: no unfinished or empty entry in a .ts, and
every checked-in .qm is what its .ts compiles to (pyside6-lrelease)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from commands import translations
from tags.i18n.language import Language


def test_every_message_of_the_chinese_translation_is_finished() -> None:
    assert translations.unfinished(translations.ts_file(Language.ZH_CN)) == []


def test_the_checked_in_qm_is_compiled_from_the_ts_as_it_is_now() -> None:
    assert translations.qm_is_current(Language.ZH_CN), "run: python main.py translations build"


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
    ts = translations.ts_file(Language.ZH_CN)
    changed = ts.read_text(encoding="utf-8").replace(">登录<", ">登入<", 1)
    (tmp_path / ts.name).write_text(changed, encoding="utf-8")
    (tmp_path / translations.qm_file(Language.ZH_CN).name).write_bytes(
        translations.qm_file(Language.ZH_CN).read_bytes()
    )
    monkeypatch.setattr(translations, "TRANSLATIONS", tmp_path)
    out = io.StringIO()
    assert translations.check(out) == 1
    assert "console_zh_CN.qm: older than console_zh_CN.ts" in out.getvalue()
