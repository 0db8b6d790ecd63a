"""The command line's language: chosen by ``--lang`` before the parser is built (its help
texts come from the catalogue), and argparse's own words (usage, errors) in that language.

Without ``--lang`` the commands speak English, whatever the workstation chose for its console:
scripts read their output.
"""

from __future__ import annotations

import argparse
import contextlib
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from commands.columns import width
from tags.i18n.catalogue import text
from tags.i18n.language import Language

ARGPARSE_WORDS = {
    "usage: ": "cli.argparse.usage",
    "options": "cli.argparse.options",
    "positional arguments": "cli.argparse.positional",
    "show this help message and exit": "cli.argparse.help",
    "%(prog)s: error: %(message)s\n": "cli.argparse.error",
    "the following arguments are required: %s": "cli.argparse.required",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "expected one argument": "cli.argparse.expected_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
    "expected at most one argument": "cli.argparse.expected_at_most_one",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "not allowed with argument %s": "cli.argparse.not_allowed_with",
    "one of the arguments %s is required": "cli.argparse.one_required",
    "ignored explicit argument %r": "cli.argparse.ignored_explicit",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "cli.argparse.unknown_parser",
    "can't open '%(filename)s': %(error)s": "cli.argparse.cannot_open",
}
"""argparse's words a person meets (as its gettext calls give them) -> the catalogue's id."""


def argparse_word(message: str) -> str:
    """argparse's ``message`` in the current language (as is when the catalogue has none)."""
    msg_id = ARGPARSE_WORDS.get(message)
    return message if msg_id is None else text(msg_id)


@contextlib.contextmanager
def argparse_in_language() -> Iterator[None]:
    """argparse says its words in the current language while the block runs (it looks its
    ``_`` up at each call; the one before is put back)."""
    module = vars(argparse)
    before: Callable[[str], str] = module["_"]
    module["_"] = argparse_word
    try:
        yield
    finally:
        module["_"] = before


def requested_language(argv: Sequence[str]) -> Language | None:
    """The language ``--lang CODE`` (or ``--lang=CODE``) asks for; None without it or for a
    code that is not a language (the parser then says so)."""
    code = None
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            code = arg.removeprefix("--lang=")
        elif arg == "--lang" and i + 1 < len(argv):
            code = argv[i + 1]
    if code is None:
        return None
    try:
        return Language.from_code(code)
    except ValueError:
        return None


class ColumnsFormatter(argparse.HelpFormatter):
    """argparse's help, with a Chinese text wrapped by terminal columns (a Chinese character
    takes two, and a line may break between any two of them); English as argparse wraps it."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        if not _WIDE.search(text):
            return super()._split_lines(text, width)
        return wrap_columns(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if not _WIDE.search(text):
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in wrap_columns(text, width - len(indent)))


class CommandParser(argparse.ArgumentParser):
    """An ArgumentParser whose help wraps Chinese texts by columns (its subcommands' too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ColumnsFormatter)
        super().__init__(*args, **kwargs)


_WIDE = re.compile("[\u2e80-\uffef]")
_PIECE = re.compile("[\u2e80-\uffef]|[^\\s\u2e80-\uffef]+|\\s+")
_NO_LINE_START = frozenset("，。；：、）”！？")
"""Chinese punctuation that stays at the end of the line before."""


def wrap_columns(text: str, columns: int) -> list[str]:
    """``text``'s lines of at most ``columns`` terminal columns (white space collapsed)."""
    lines: list[str] = []
    line = ""
    for piece in _PIECE.findall(" ".join(text.split())):
        fits = width(line + piece) <= columns or piece in _NO_LINE_START
        if fits or not line.strip():
            line += piece
        else:
            lines.append(line.rstrip())
            line = "" if piece.isspace() else piece
    if line.strip():
        lines.append(line.rstrip())
    return lines
