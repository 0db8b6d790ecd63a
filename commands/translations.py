"""``translations update|build|check``: the console's translations, Qt's way.

- update: pyside6-lupdate reads the Qt layer's sources (hmi/, screens/) and merges every
  marked text into resources/i18n/console_<code>.ts, the source of truth translators edit
  (Qt Linguist, or any editor); texts no longer in the code are dropped.
- build: pyside6-lrelease compiles each .ts to the .qm the console loads (checked in, so a
  fresh clone runs as it is).
- check: every message has a finished, non-empty translation, and each .qm is what its .ts
  compiles to now (exit 1 saying which file and which texts are not).

``--lang`` (``language_option``) is the console's and the reports' language option.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from tags.i18n.language import Language

COMMAND = "translations"
ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "i18n"
SOURCES = ("hmi", "screens")
"""The folders whose marked texts go into the console's .ts files."""
LANG_HELP = (
    "en or zh_CN: the console's language (else this workstation's choice, else its locale), "
    "and the language of reports and refusals"
)
LANGUAGES = tuple(language for language in Language if language is not Language.EN)
"""The languages with a translation (English is the source texts)."""


def language_option(text: str) -> Language:
    """``--lang``: a language code (en, zh_CN)."""
    try:
        return Language.from_code(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(COMMAND, help="update, build or check the console's translations")
    p.add_argument("action", choices=("update", "build", "check"))


def ts_file(language: Language) -> Path:
    return TRANSLATIONS / f"console_{language.value}.ts"


def qm_file(language: Language) -> Path:
    return TRANSLATIONS / f"console_{language.value}.qm"


def tool(name: str) -> str:
    """A Qt Linguist tool of PySide6 (beside this interpreter first, else on PATH)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} not found (it comes with PySide6-Essentials)")
    return found


def update(language: Language) -> None:
    sources = [str(ROOT / folder) for folder in SOURCES]
    subprocess.run(
        [tool("pyside6-lupdate"), "-silent", "-no-obsolete", "-locations", "none",
         "-extensions", "py", *sources, "-ts", str(ts_file(language))],
        check=True,
    )  # fmt: skip


def build(language: Language, out: Path | None = None) -> Path:
    """Compile the .ts of ``language`` (to ``out``, else beside it); the .qm's path."""
    target = out or qm_file(language)
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts_file(language)), "-qm", str(target)],
        check=True,
    )
    return target


@dataclass(frozen=True)
class Unfinished:
    context: str
    source: str
    why: str

    def __str__(self) -> str:
        return f"{self.context}: {self.source!r}: {self.why}"


def unfinished(ts: Path) -> list[Unfinished]:
    """The messages of a .ts without a finished, non-empty translation."""
    found: list[Unfinished] = []
    for context in ElementTree.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            translation = message.find("translation")
            if translation is None or not (translation.text or "").strip():
                found.append(Unfinished(name, source, "no translation"))
            elif translation.get("type") in ("unfinished", "obsolete", "vanished"):
                found.append(Unfinished(name, source, f"marked {translation.get('type')}"))
    return found


def messages(ts: Path) -> dict[tuple[str, str], str]:
    """(context, source) -> translation of every message of a .ts."""
    found: dict[tuple[str, str], str] = {}
    for context in ElementTree.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            found[name, message.findtext("source", "")] = message.findtext("translation", "")
    return found


def qm_is_current(language: Language) -> bool:
    """Whether the checked-in .qm gives every translation its .ts holds now (compared by
    message, not by bytes: another Qt's lrelease may lay the same file out differently)."""
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    if not translator.load(str(qm_file(language))):
        return False
    return all(
        translator.translate(context, source) == translation
        for (context, source), translation in messages(ts_file(language)).items()
    )


def check(out: TextIO) -> int:
    problems = 0
    for language in LANGUAGES:
        for item in unfinished(ts_file(language)):
            print(f"{ts_file(language).name}: {item}", file=out)
            problems += 1
        if not qm_is_current(language):
            print(f"{qm_file(language).name}: older than {ts_file(language).name}: run "
                  f"'main.py {COMMAND} build'", file=out)  # fmt: skip
            problems += 1
    if not problems:
        print("translations complete and built", file=out)
    return 1 if problems else 0


def run(args: argparse.Namespace, out: TextIO) -> int:
    if args.action == "check":
        return check(out)
    for language in LANGUAGES:
        if args.action == "update":
            update(language)
            print(f"{ts_file(language).name}: updated", file=out)
        else:
            build(language)
            print(f"{qm_file(language).name}: built", file=out)
    return 0
