"""Before Qt starts, the console checks the X11 libraries Qt's xcb platform needs and names
the packages to install, instead of letting Qt abort the process."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import main
from commands import display_libraries
from commands.display_libraries import LIBRARIES, advice, missing_packages
from tests.paths import SIGNALS_PROJECT


def loader(absent: set[str]):  # type: ignore[no-untyped-def]
    def load(library: str) -> object:
        if library in absent:
            raise OSError(f"{library}: cannot open shared object file")
        return object()

    return load


def test_the_missing_libraries_are_named_by_their_debian_packages() -> None:
    load = loader({"libxcb-icccm.so.4", "libxcb-keysyms.so.1"})
    assert missing_packages({}, "linux", load) == ["libxcb-icccm4", "libxcb-keysyms1"]
    assert missing_packages({"QT_QPA_PLATFORM": "xcb"}, "linux", load) == [
        "libxcb-icccm4",
        "libxcb-keysyms1",
    ]


def test_nothing_is_checked_for_another_platform_or_system() -> None:
    load = loader({library for library, _ in LIBRARIES})
    assert missing_packages({"QT_QPA_PLATFORM": "offscreen"}, "linux", load) == []
    assert missing_packages({"QT_QPA_PLATFORM": "wayland"}, "linux", load) == []
    assert missing_packages({}, "win32", load) == []


def test_the_advice_is_one_apt_get_line() -> None:
    text = advice(["libxcb-icccm4", "libxcb-keysyms1"])
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1\n" in text


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xcb is Linux's platform")
def test_the_console_stops_with_the_advice_before_qt_starts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    absent = ("libnot-on-any-machine.so.9", "libnot-on-any-machine9")
    monkeypatch.setattr(display_libraries, "LIBRARIES", (*LIBRARIES, absent))
    code = main.main(["--data-dir", str(tmp_path), "--project", str(SIGNALS_PROJECT)])
    assert code == 1
    err = capsys.readouterr().err
    assert "sudo apt-get install " in err and "libnot-on-any-machine9" in err
