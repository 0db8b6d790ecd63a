"""The finder of English left on a Chinese screen (english_left.py) tells words from tag
names, units and abbreviations."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.hmi.i18n.english_left import english_left, english_words


def test_tag_names_units_and_abbreviations_are_not_english_words() -> None:
    assert english_words("CWP.DMC.DENS.PV 1.42 t/m³ SP", units=["t/m³"]) == []
    assert english_words("整流器 EMM.RECT1.IDC 12.5 kA") == []
    assert english_words("密度 Density 1.42") == ["Density"]
    assert english_words("Acknowledge all") == ["Acknowledge", "all"]


def test_a_widget_tree_is_searched_for_english(qtbot: QtBot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    layout.addWidget(QLabel("确认"))
    layout.addWidget(QPushButton("Silence"))
    hidden = QLabel("Hidden")
    layout.addWidget(hidden)
    hidden.hide()
    assert english_left(root) == ["QPushButton(): 'Silence'"]


def test_addresses_are_not_english_words() -> None:
    assert english_words("dcs (OPC UA) opc.tcp://127.0.0.1:4840/ 已连接", units=["dcs"]) == []
