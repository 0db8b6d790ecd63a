"""``translations update|build|check``: the console's translations, Qt's way.

- update: pyside6-lupdate reads the Qt layer's sources and merges every marked text into
  resources/i18n/<code>/<part>.ts, the source of truth translators edit (Qt Linguist, or any
  editor); texts no longer in the code are dropped. A part is a feature folder of hmi/
  (``hmi_alarms`` is hmi/alarms/), ``hmi`` its top-level modules, ``screens`` the screens:
  one file each, so work on two features never edits the same file.
- build: pyside6-lrelease compiles each .ts to the .qm the console loads (checked in, so a
  fresh clone runs as it is; the console installs every .qm of the language).
- check: every message has a finished, non-empty translation, and each .qm is what its .ts
  compiles to now (exit 1 saying which file and which texts are not).

``--lang`` (``language_option``) is the console's and the reports' language option.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from tags.i18n.language import Language

COMMAND = "translations"
ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "i18n"
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
    p.add_argument(
        "--part", action="append", metavar="PART",
        help="only this part (hmi, hmi_<feature>, screens); repeat for more; default all",
    )  # fmt: skip


def parts() -> dict[str, list[Path]]:
    """The translation parts and their sources: ``hmi`` (hmi/'s own modules), ``hmi_<feature>``
    (a feature folder of hmi/) and ``screens``."""
    hmi = ROOT / "hmi"
    found = {"hmi": sorted(hmi.glob("*.py"))}
    for folder in sorted(p for p in hmi.iterdir() if p.is_dir() and any(p.glob("*.py"))):
        found[f"hmi_{folder.name}"] = [folder]
    found["screens"] = [ROOT / "screens"]
    return found


def ts_file(language: Language, part: str) -> Path:
    return TRANSLATIONS / language.value / f"{part}.ts"


def qm_file(language: Language, part: str) -> Path:
    return TRANSLATIONS / language.value / f"{part}.qm"


def tool(name: str) -> str:
    """A Qt Linguist tool of PySide6 (beside this interpreter first, else on PATH)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} not found (it comes with PySide6-Essentials)")
    return found


def update(language: Language, part: str, sources: list[Path]) -> None:
    ts = ts_file(language, part)
    ts.parent.mkdir(parents=True, exist_ok=True)
    if ts.exists():  # lupdate leaves alone a file that does not say its language
        text = ts.read_text(encoding="utf-8")
        plain, named = '<TS version="2.1">', f'<TS version="2.1" language="{language.value}">'
        if plain in text:
            ts.write_text(text.replace(plain, named), encoding="utf-8")
    subprocess.run(
        [tool("pyside6-lupdate"), "-silent", "-no-obsolete", "-locations", "none",
         "-extensions", "py", "-target-language", language.value, *map(str, sources),
         "-ts", str(ts_file(language, part))],
        check=True,
    )  # fmt: skip


def build(language: Language, part: str) -> Path:
    """Compile the .ts of ``language``'s ``part`` beside it; the .qm's path."""
    target = qm_file(language, part)
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts_file(language, part)), "-qm", str(target)],
        check=True,
    )
    return target


def ts_files(language: Language) -> list[Path]:
    """The .ts files of ``language`` as they are in the folder."""
    return sorted((TRANSLATIONS / language.value).glob("*.ts"))


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


def qm_is_current(ts: Path) -> bool:
    """Whether the checked-in .qm beside ``ts`` gives every translation the .ts holds now
    (compared by message, not by bytes: another Qt's lrelease may lay the same file out
    differently)."""
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    if not translator.load(str(ts.with_suffix(".qm"))):
        return False
    return all(
        translator.translate(context, source) == translation
        for (context, source), translation in messages(ts).items()
    )


def marked_texts(sources: list[Path]) -> set[tuple[str, str]]:
    """(context, source) of every text the code of ``sources`` marks for translation, as
    pyside6-lupdate reads it (into a scratch file)."""
    with tempfile.TemporaryDirectory() as scratch:
        ts = Path(scratch) / "marked.ts"
        subprocess.run(
            [tool("pyside6-lupdate"), "-silent", "-locations", "none", "-extensions", "py",
             *map(str, sources), "-ts", str(ts)],
            check=True,
        )  # fmt: skip
        return set(messages(ts)) if ts.exists() else set()


def missing(language: Language) -> dict[str, set[tuple[str, str]]]:
    """Per part, the texts its code marks that its .ts lacks (a part with marked texts and
    no .ts lacks them all)."""
    found = {}
    for part, sources in parts().items():
        ts = ts_file(language, part)
        lacking = marked_texts(sources) - (set(messages(ts)) if ts.exists() else set())
        if lacking:
            found[part] = lacking
    return found


def check(out: TextIO) -> int:
    problems = 0
    for language in LANGUAGES:
        for part, lacking in missing(language).items():
            print(f"{language.value}/{part}.ts: {len(lacking)} texts of the code missing "
                  f"(e.g. {sorted(lacking)[0]}): run 'main.py {COMMAND} update'",
                  file=out)  # fmt: skip
            problems += 1
        for ts in ts_files(language):
            name = f"{language.value}/{ts.name}"
            for item in unfinished(ts):
                print(f"{name}: {item}", file=out)
                problems += 1
            if not qm_is_current(ts):
                print(f"{language.value}/{ts.stem}.qm: older than {ts.name}: run "
                      f"'main.py {COMMAND} build'", file=out)  # fmt: skip
                problems += 1
    if not problems:
        print("translations complete and built", file=out)
    return 1 if problems else 0


def run(args: argparse.Namespace, out: TextIO) -> int:
    if args.action == "check":
        return check(out)
    chosen = parts()
    unknown = sorted(set(args.part or ()) - set(chosen))
    if unknown:
        print(f"--part: {', '.join(unknown)}: choose from {', '.join(chosen)}", file=out)
        return 2
    if args.part:
        chosen = {part: chosen[part] for part in args.part}
    for language in LANGUAGES:
        for part, sources in chosen.items():
            if args.action == "update":
                update(language, part, sources)
                print(f"{language.value}/{part}.ts: updated", file=out)
            elif ts_file(language, part).exists():
                build(language, part)
                print(f"{language.value}/{part}.qm: built", file=out)
    return 0
