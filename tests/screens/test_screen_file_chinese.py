"""Screen files in Chinese: a text field (label, title, text, link_label...) may carry a
``<field>_zh`` beside it, shown when the console speaks Chinese; a bad one is named with
file, line, element and field."""

from __future__ import annotations

from pathlib import Path

from hmi.canvas.builder import shown_text
from hmi.canvas.screen_file import read_screen_file

CANVAS = """\
[[element]]
kind = "panel"
x = 10
y = 10
w = 600
h = 290
title = "Kiln"
title_zh = "回转窑"

[[element]]
kind = "analog"
x = 20
y = 40
tag = "HF.KILN.T"
label = "Kiln temperature"
label_zh = "窑温"

[[element]]
kind = "text"
x = 20
y = 90
w = 200
h = 20
text = "plain"
"""

OVERVIEW = """\
[screen]
kind = "overview"

[[area]]
area = "HF"
title = "HF  anhydrous hydrogen fluoride"
title_zh = "HF  无水氟化氢"
screen = "hf"
link_label = "Kiln (F2)"
link_label_zh = "回转窑 (F2)"

[[area.figure]]
tag = "HF.KILN.T"
label = "Kiln temperature"
label_zh = "窑温"

[[area.equipment]]
tag = "HF.KILN.RUN"
label = "Kiln drive"
label_zh = "回转窑传动"
"""


def texts(path: Path, body: str) -> list[str]:
    path.write_text(body, encoding="utf-8")
    screen, problems = read_screen_file(path)
    assert problems == []
    keys = ("label", "title", "text")
    return [shown_text(e, k) for e in screen.layout.elements for k in keys if e.option(k)]


def test_a_canvas_file_shows_its_chinese_texts_in_chinese(tmp_path: Path, chinese: None) -> None:
    assert texts(tmp_path / "kiln.toml", CANVAS) == ["回转窑", "窑温", "plain"]


def test_an_overview_file_shows_its_chinese_texts_in_chinese(tmp_path: Path, chinese: None) -> None:
    shown = texts(tmp_path / "overview.toml", OVERVIEW)
    assert {"HF  无水氟化氢", "回转窑 (F2)", "窑温", "回转窑传动"} <= set(shown)


def test_in_english_the_files_english_is_shown(tmp_path: Path) -> None:
    assert texts(tmp_path / "kiln.toml", CANVAS) == ["Kiln", "Kiln temperature", "plain"]


def test_a_bad_chinese_text_is_named_with_line_element_and_field(tmp_path: Path) -> None:
    path = tmp_path / "kiln.toml"
    body = CANVAS.replace('label_zh = "窑温"', "label_zh = 7").replace(
        'text = "plain"', 'text = "plain"\ntitle_zh = "标题"'
    )
    path.write_text(body, encoding="utf-8")
    _, problems = read_screen_file(path)
    shown = [str(p) for p in problems]
    assert (
        shown[0]
        == "kiln.toml:16: element[2] (analog).label_zh: must be a text: the Chinese of label"
    )
    assert shown[1].startswith("kiln.toml:25: element[3] (text).title_zh: unknown field (known: ")
    assert len(shown) == 2
    path.write_text(CANVAS.replace('title = "Kiln"\n', ""), encoding="utf-8")
    _, problems = read_screen_file(path)
    assert [str(p) for p in problems] == [
        "kiln.toml:7: element[1] (panel).title_zh: a translation of no text: give title too"
    ]
    path.write_text(OVERVIEW.replace('label_zh = "回转窑传动"', "label_zh = 1"), encoding="utf-8")
    _, problems = read_screen_file(path)
    assert [p.path for p in problems] == ["area[1].equipment[1].label_zh"]
