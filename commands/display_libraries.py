"""The system libraries Qt's X11 (xcb) platform needs, checked before Qt starts.

On a fresh Debian or Ubuntu some are missing, and Qt then aborts the whole process ("could
not load the Qt platform plugin xcb") instead of raising. The console looks first and prints
the one ``apt-get install`` line that mends it.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

from tags.i18n.catalogue import text

LIBRARIES = (
    ("libxcb.so.1", "libxcb1"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-render.so.0", "libxcb-render0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-shm.so.0", "libxcb-shm0"),
    ("libxcb-sync.so.1", "libxcb-sync1"),
    ("libxcb-util.so.1", "libxcb-util1"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
    ("libxkbcommon.so.0", "libxkbcommon0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libEGL.so.1", "libegl1"),
    ("libfontconfig.so.1", "libfontconfig1"),
)
"""(shared library, Debian package) of what Qt 6's xcb platform plugin links against."""


def missing_packages(
    env: Mapping[str, str] = os.environ,
    platform: str = sys.platform,
    load: Callable[[str], object] = ctypes.CDLL,
) -> list[str]:
    """The Debian packages of the xcb libraries this machine lacks; [] when Qt will not use
    xcb (another platform chosen with QT_QPA_PLATFORM, or not Linux)."""
    if not platform.startswith("linux"):
        return []
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith("xcb"):
        return []
    missing = []
    for library, package in LIBRARIES:
        try:
            load(library)
        except OSError:
            missing.append(package)
    return missing


def advice(missing: list[str]) -> str:
    """What to tell the person who started the console."""
    return text("cli.display.advice", packages=" ".join(missing))
