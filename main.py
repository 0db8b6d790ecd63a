"""Operator console: entry point. ``python main.py --help`` lists the commands (commands/cli.py)."""

import sys

from commands.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
