"""``python -m commands``: the console and its commands, as ``python main.py``."""

import sys

from commands.cli import main

sys.exit(main(prog="python -m commands"))
