"""The problems of a project's screen files in Chinese: every problem a broken screen file,
its layout or what it names has is said in Chinese with the keys, element kinds, tags and
values as written, the English stays word for word, and ``check --lang zh_CN`` prints them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from commands.cli import main
from hmi.canvas.builder import check
from hmi.canvas.elements import Element, Layout
from hmi.canvas.screen_file import ELEMENTS, read_screen_file
from tags.config.problems import ConfigProblem
from tags.i18n.language import Language, set_language
from tests.english_words import english_words
from tests.paths import KILN_FOLDER

WRITTEN = re.compile(
    r"“[^”]*”|'[^']*'|\"[^\"]*\"|（可用：[^）]*）|\[[^\]]*\]|\{[^}]*\}|\w+_\w+|\w+ = "
)
"""What a problem quotes as the engineer wrote it: values in quotes, lists of the fields
known, TOML tables, keys and examples."""
KEYWORDS = frozenset(
    {"canvas", "overview", "label", "title", "text", "true", "false", "Mapping", "None", *ELEMENTS}
)
"""Screen kinds, field names, TOML values, type names and element kinds: the same in Chinese."""


def element(kind: str, fields: str = "") -> str:
    """One ``[[element]]`` of ``kind`` at (20, 40) with ``fields`` (lines of TOML)."""
    return f'[[element]]\nkind = "{kind}"\nx = 20\ny = 40\n{fields}\n'


def areas(count: int) -> str:
    return '[screen]\nkind = "overview"\n' + "".join(
        f'[[area]]\narea = "A{n}"\n' for n in range(count)
    )


OVERVIEW = '[screen]\nkind = "overview"\n[[area]]\narea = "KILN"\n'
FIGURE = '[[area.figure]]\ntag = "A.B.C"\n'
SQUARE = "w = 100\nh = 50\n"

CASES: dict[str, tuple[str, str, str]] = {
    # file body, where, the English problem
    "section": ("[foo]\nx = 1\n", "foo", "unknown section (known: element, screen)"),
    "screen kind": ('[screen]\nkind = "map"\n', "screen.kind",
                    "'map': must be one of canvas, overview"),
    "elements": ("element = 3\n", "element", "must be an array of tables: [[element]] kind = ..."),
    "kind": (element("pumpx"), "element[1] (pumpx).kind",
             f"'pumpx' is not an element (known: {', '.join(sorted(ELEMENTS))})"),
    "field": (element("analog", 'tag = "A.B.C"\ncolour = 1'), "element[1] (analog).colour",
              "unknown field (known: h, label, setpoint, span, tag, w, x, y)"),
    "missing": (element("analog"), "element[1] (analog).tag", "missing"),
    "number": (element("analog", 'tag = "A.B.C"\nw = "wide"'), "element[1] (analog).w",
               "must be a number"),
    "text": (element("analog", 'tag = "A.B.C"\nlabel = 3'), "element[1] (analog).label",
             "must be a text"),
    "bool": (element("valve", 'position = "A.B.C"\nvertical = 1'),
             "element[1] (valve).vertical", "must be true or false"),
    "pair": (element("analog", 'tag = "A.B.C"\nspan = [300]'), "element[1] (analog).span",
             "must be two numbers, [low, high]"),
    "points": ('[[element]]\nkind = "pipe"\npoints = [[0, 0]]\n', "element[1] (pipe).points",
               "must be at least two points, [[x, y], [x, y], ...]"),
    "texts": (element("cell_map", SQUARE + 'rows = [{label = "U", tags = ["A.B.C"]}]\n'
                      "columns = 3"), "element[1] (cell_map).columns",
              "must be a list of texts"),
    "rows": (element("cell_map", SQUARE + "rows = []"), "element[1] (cell_map).rows",
             'must be a list of rows, [{label = "...", tags = ["...", ...]}, ...]'),
    "row": (element("cell_map", SQUARE + 'rows = [{label = "U"}]'),
            "element[1] (cell_map).rows",
            'row 1: must be {label = "...", tags = ["...", ...]}'),
    "not in a file": (element("text", SQUARE + 'text = "T"\nvalues = 1'),
                      "element[1] (text).values",
                      "cannot be given in a file (Mapping[str, str] | None)"),
    "chinese": (element("analog", 'tag = "A.B.C"\nlabel_zh = 3'),
                "element[1] (analog).label_zh", "must be a text: the Chinese of label"),
    "translation": (element("panel", SQUARE + 'title_zh = "窑"'), "element[1] (panel).title_zh",
                    "a translation of no text: give title too"),
    "area array": ('area = 3\n[screen]\nkind = "overview"\n', "area",
                   "must be an array of tables: [[area]] area = ..."),
    "area count": (areas(9), "area", "9 areas: an overview shows 1 to 8"),
    "area field": (OVERVIEW + "colour = 1\n", "area[1].colour",
                   "unknown field (known: area, equipment, figure, link_label, link_label_zh, "
                   "screen, title, title_zh)"),
    "area missing": ('[screen]\nkind = "overview"\n[[area]]\ntitle = "Kiln"\n', "area[1].area",
                     "missing"),
    "area title": (OVERVIEW + "title = 3\n", "area[1].title", "must be a text"),
    "figures": (OVERVIEW + "figure = 3\n", "area[1].figure",
                "must be an array of tables: [[area.figure]] tag = ..."),
    "figure label": (OVERVIEW + FIGURE, "area[1].figure[1].label", "missing: a text"),
    "figure chinese": (OVERVIEW + FIGURE + 'label = "Feed"\nlabel_zh = 3\n',
                       "area[1].figure[1].label_zh", "must be a text: the Chinese of label"),
    "figure target": (OVERVIEW + FIGURE + 'label = "Feed"\ntarget = 3\n',
                      "area[1].figure[1].target", "must be two numbers, [low, high]"),
}  # fmt: skip


def said(problems: list[ConfigProblem]) -> dict[str, str]:
    """Each problem's message by where it is."""
    return {p.path: p.message for p in problems}


def problems_of(path: Path, body: str) -> dict[str, str]:
    path.write_text(body, encoding="utf-8")
    return said(read_screen_file(path)[1])


def assert_chinese(message: str, english: str) -> None:
    """``message`` is Chinese, with no English left but what the engineer wrote."""
    assert message != english
    assert re.search(r"[\u4e00-\u9fff]", message), message
    assert english_words(WRITTEN.sub(" ", message), units=KEYWORDS) == [], message


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_screen_file_problem_is_said_in_chinese_and_in_english_as_before(
    case: str, tmp_path: Path
) -> None:
    body, where, english = CASES[case]
    path = tmp_path / "screen.toml"
    assert problems_of(path, body)[where] == english
    set_language(Language.ZH_CN)
    try:
        message = problems_of(path, body)[where]
    finally:
        set_language(Language.EN)
    assert_chinese(message, english)


def test_a_file_that_cannot_be_read_or_is_not_toml_is_said_in_chinese(
    tmp_path: Path, chinese: None
) -> None:
    folder = tmp_path / "screen.toml"
    folder.mkdir()
    assert said(read_screen_file(folder)[1]) == {"": "无法读取：不是普通文件"}
    broken = tmp_path / "broken.toml"
    broken.write_text("x = \n", encoding="utf-8")
    (problem,) = read_screen_file(broken)[1]
    assert problem.line == 1
    assert problem.message.startswith("不是有效的 TOML：")  # the parser's own words follow


LAYOUT = Layout((
    Element("gauge", 5, 5, 10, 10),
    Element("symbol", 5, 5, 10, 10, options={"shape": "blob"}),
    Element("panel", -5, 5, 10, 10),
))  # fmt: skip
LAYOUT_ENGLISH = [
    "unknown element kind 'gauge' at (5, 5)",
    "unknown symbol shape 'blob' at (5, 5)",
    "panel at (-5, 5) lies outside the canvas",
]


def test_the_layout_s_problems_are_said_in_chinese() -> None:
    assert check(LAYOUT) == LAYOUT_ENGLISH
    set_language(Language.ZH_CN)
    try:
        problems = check(LAYOUT)
    finally:
        set_language(Language.EN)
    assert problems[2] == "位于 (-5, 5) 的 panel 超出画布范围"
    for message, english in zip(problems, LAYOUT_ENGLISH, strict=True):
        assert_chinese(message, english)


NAMING = (
    element("analog", 'tag = "A.B.C"')
    + element("link", 'screen = "nowhere"\nlabel = "Go"')
    + element("alarm_counts", 'area = "XX"')
)
NAMING_ENGLISH = {
    "element[1] (analog).tag": "unknown tag 'A.B.C'",
    "element[2] (link).screen": "leads to 'nowhere', which is not a screen of the project",
    "element[3] (alarm_counts).area": "'XX' is not an area of the project",
}


def test_what_a_screen_names_that_the_project_lacks_is_said_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "screen.toml"
    path.write_text(NAMING, encoding="utf-8")
    screen_file, problems = read_screen_file(path)
    assert problems == []
    assert said(screen_file.problems({}, set(), set())) == NAMING_ENGLISH
    set_language(Language.ZH_CN)
    try:
        chinese = said(screen_file.problems({}, set(), set()))
    finally:
        set_language(Language.EN)
    assert chinese["element[2] (link).screen"] == "指向“nowhere”，但项目中没有此画面"
    for where, english in NAMING_ENGLISH.items():
        assert_chinese(chinese[where], english)


def test_check_prints_a_project_s_screen_problems_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "kiln"
    shutil.copytree(KILN_FOLDER, folder)
    for name, old, new in (("acid.toml", 'level = "ACID.SCRUB.LEVEL"', "level = 7"),
                           ("kiln.toml", 'screen = "acid"', 'screen = "acids"')):  # fmt: skip
        path = folder / "screens" / name
        content = path.read_text(encoding="utf-8")
        assert old in content
        path.write_text(content.replace(old, new, 1), encoding="utf-8")
    data = str(tmp_path / "data")
    try:
        code = main(["--lang", "zh_CN", "--data-dir", data, "check", str(folder / "project.toml")])
    finally:
        set_language(Language.EN)
    assert code == 1
    assert capsys.readouterr().out.splitlines() == [
        "acid.toml:15: element[2] (tank).level: 必须是文本",
        "kiln.toml:68: element[9] (link).screen: 指向“acids”，但项目中没有此画面",
        "画面中有 2 个问题",
    ]
