"""Fonts for printed reports in the current language.

English prints in the PDF base fonts (Helvetica). Chinese needs a CJK font embedded in the
file: a TrueType font from the system, found at run time (Debian's fonts-wqy-microhei or
fonts-wqy-zenhei, Droid Sans Fallback, or what fontconfig names for Chinese). reportlab
embeds TrueType outlines only, so the OpenType/CFF files of fonts-noto-cjk are skipped.
"""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from tags.i18n.language import Language, current_language

log = logging.getLogger(__name__)

CJK_FONT = "ConsoleCJK"
"""The name the CJK font is registered under in reportlab."""
CJK_CANDIDATES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
)
"""Where Debian's packages put TrueType fonts with Chinese, in order of preference."""
INSTALL_HINT = "install a CJK TrueType font, e.g. Debian's fonts-wqy-microhei"


class MissingFont(RuntimeError):
    """No font on this machine can print the report's language."""


@dataclass(frozen=True)
class ReportFonts:
    regular: str
    bold: str


LATIN = ReportFonts("Helvetica", "Helvetica-Bold")


def report_fonts(language: Language | None = None) -> ReportFonts:
    """The fonts to print ``language`` (default: the current one) with; MissingFont saying
    what to install when Chinese has no font."""
    if (language or current_language()) is Language.EN:
        return LATIN
    name = cjk_font()
    return ReportFonts(name, name)


@functools.cache
def cjk_font() -> str:
    """Register the first usable CJK TrueType font; its reportlab name."""
    for path in (*CJK_CANDIDATES, *_fontconfig_chinese()):
        if not path.is_file():
            continue
        try:
            pdfmetrics.registerFont(TTFont(CJK_FONT, str(path), subfontIndex=0))
        except (TTFError, OSError) as exc:  # OpenType/CFF outlines, a broken file
            log.debug("%s cannot be embedded: %s", path, exc)
            continue
        log.info("Chinese reports print in %s", path)
        return CJK_FONT
    raise MissingFont(f"no font on this machine prints Chinese: {INSTALL_HINT}")


def _fontconfig_chinese() -> list[Path]:
    """The files fontconfig lists for Chinese (none without fontconfig)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        listed = subprocess.run([fc_list, ":lang=zh-cn", "file"], capture_output=True,
                                text=True, timeout=10, check=False).stdout  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return []
    files = (line.strip().rstrip(":") for line in listed.splitlines())
    return sorted(Path(f) for f in files if f.endswith((".ttf", ".ttc")))
